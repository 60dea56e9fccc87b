// The same Neri-Schneider round trip as BenchmarkRoundTrip in bench_test.go,
// in C++ (compiled with g++ -O2 by `make bench-cpp`), so that the Go model can
// be compared with it on the same machine in the same run. It prints one line
// in the format of a Go benchmark result.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

struct Date { int32_t year; uint32_t month, day; };

constexpr uint32_t kCycles = 82;
constexpr uint32_t kShift = 719468 + 146097 * kCycles;
constexpr uint32_t kYearOff = 400 * kCycles;

static inline Date to_date(int32_t n) {
  uint32_t n1 = 4 * (uint32_t(n) + kShift) + 3;
  uint32_t c = n1 / 146097;
  uint32_t n2 = (n1 % 146097) | 3;
  uint64_t p2 = uint64_t(2939745) * n2;
  uint32_t z = uint32_t(p2 >> 32);
  uint32_t ny = uint32_t(p2) / (2939745 * 4);
  uint32_t n3 = 2141 * ny + 197913;
  uint32_t m = n3 >> 16;
  uint32_t d = (n3 & 0xffff) / 2141;
  uint32_t j = (m + 3) >> 4;
  return Date{int32_t(100 * c + z + j) - int32_t(kYearOff), m - 12 * j, d + 1};
}

static inline int32_t to_days(Date g) {
  uint32_t m = g.month;
  uint32_t j = (m - 3) >> 31;
  uint32_t y = uint32_t(g.year) + kYearOff - j;
  m += 12 * j;
  uint32_t c = y / 100;
  uint32_t ys = 1461 * y / 4 - c + c / 4;
  uint32_t ms = (979 * m - 2919) / 32;
  return int32_t(ys + ms + g.day - 1 - kShift);
}

int main(int argc, char** argv) {
  const int64_t kMin = -719162, kLen = 3652059;
  static int64_t days[4096];
  for (int i = 0; i < 4096; i++) days[i] = kMin + int64_t(uint64_t(i) * 7919 % kLen);
  // Check the algorithm before timing it.
  for (int64_t n = kMin; n < kMin + kLen; n++) {
    if (to_days(to_date(int32_t(n))) != n) { std::fprintf(stderr, "round trip fails at %lld\n", (long long)n); return 1; }
  }
  int64_t iters = argc > 1 ? std::atoll(argv[1]) : 200000000;
  volatile int64_t sink = 0;
  auto start = std::chrono::steady_clock::now();
  int64_t acc = 0;
  for (int64_t i = 0; i < iters; i++) {
    Date d = to_date(int32_t(days[i & 4095]));
    acc += to_days(d);
  }
  auto end = std::chrono::steady_clock::now();
  sink = acc;
  double ns = std::chrono::duration<double, std::nano>(end - start).count();
  std::printf("BenchmarkRoundTripCpp-O2\t%lld\t%.3f ns/op\n", (long long)iters, ns / double(iters));
  return 0;
}
