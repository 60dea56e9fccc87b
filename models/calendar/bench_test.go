package calendar

import (
	"testing"
	"time"
)

// The benchmarks compare the model with the time package on the same work in
// the same run; the ratios, not the absolute figures, are the targets (see
// DESIGN.md): the round trip at least 2.5x faster than time's, a sweep at
// least 10x faster per day than converting each day number.

var sinkDate Date
var sinkInt int64

// benchDays are the benchmarks' inputs, spread over the whole range with a
// stride coprime to its length so that no branch predictor learns a pattern,
// and computed once so that every benchmark pays the same for its input.
var benchDays = func() (ns [4096]int64) {
	for i := range ns {
		ns[i] = MinDayNumber + int64(uint64(i)*7919%DaysInRange)
	}
	return ns
}()

func benchDay(i int) int64 { return benchDays[i&4095] }

// BenchmarkRoundTrip is one FromDayNumber and one DayNumber per op.
func BenchmarkRoundTrip(b *testing.B) {
	var acc int64
	for i := 0; i < b.N; i++ {
		d := fromDayNumber(benchDay(i))
		acc += d.DayNumber()
	}
	sinkInt = acc
}

// BenchmarkRoundTripTime is the same round trip with the time package:
// time.Unix(n*86400).Date() and time.Date(...).Unix()/86400.
func BenchmarkRoundTripTime(b *testing.B) {
	var acc int64
	for i := 0; i < b.N; i++ {
		y, m, d := time.Unix(benchDay(i)*86400, 0).UTC().Date()
		acc += time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	sinkInt = acc
}

func BenchmarkDayNumber(b *testing.B) {
	ds := make([]Date, 4096)
	for i := range ds {
		ds[i] = fromDayNumber(benchDay(i))
	}
	b.ResetTimer()
	var acc int64
	for i := 0; i < b.N; i++ {
		acc += ds[i&4095].DayNumber()
	}
	sinkInt = acc
}

func BenchmarkFromDayNumber(b *testing.B) {
	var acc int
	for i := 0; i < b.N; i++ {
		d, _ := FromDayNumber(benchDay(i))
		acc += d.Day
	}
	sinkInt = int64(acc)
}

// BenchmarkSweepAll visits all 3,652,059 days per op with Range.Days.
func BenchmarkSweepAll(b *testing.B) {
	b.ReportMetric(DaysInRange, "days/op")
	for i := 0; i < b.N; i++ {
		acc := 0
		for d := range All().Days() {
			acc += d.Day
		}
		sinkInt = int64(acc)
	}
}

// BenchmarkSweepAllByDayNumber visits the same days by converting each day
// number, the baseline the sweep must beat by 10x.
func BenchmarkSweepAllByDayNumber(b *testing.B) {
	b.ReportMetric(DaysInRange, "days/op")
	for i := 0; i < b.N; i++ {
		acc := 0
		for n := int64(MinDayNumber); n <= MaxDayNumber; n++ {
			acc += fromDayNumber(n).Day
		}
		sinkInt = int64(acc)
	}
}

func BenchmarkAddYears(b *testing.B) {
	d := Date{2012, 2, 29}
	for i := 0; i < b.N; i++ {
		sinkDate, _ = d.AddYears(1+i&3, Clamp)
	}
}

func BenchmarkISOWeek(b *testing.B) {
	var acc int
	for i := 0; i < b.N; i++ {
		_, w := fromDayNumber(benchDay(i)).ISOWeek()
		acc += w
	}
	sinkInt = int64(acc)
}
