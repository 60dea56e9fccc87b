package calendar

import "testing"

// div146097 is x / 146097 the way fromDayNumber computes it, for x <=
// div146097Max.
func div146097(x uint32) uint32 { return uint32(uint64(x) * div146097M >> div146097S) }

// div2141 is x / 2141 the way fromDayNumber computes it, for x <=
// div2141Max. The product fits 32 bits: 0xffff * 31345 < 2^31.
func div2141(x uint32) uint32 { return x * div2141M >> div2141S }

// TestDivisionConstants checks the multiply-and-shift divisions on every
// dividend the day number algorithms can give them.
func TestDivisionConstants(t *testing.T) {
	for x := uint32(0); x <= div146097Max; x++ {
		if div146097(x) != x/146097 {
			t.Fatalf("div146097(%d) = %d, want %d", x, div146097(x), x/146097)
		}
	}
	for x := uint32(0); x <= div2141Max; x++ {
		if div2141(x) != x/2141 {
			t.Fatalf("div2141(%d) = %d, want %d", x, div2141(x), x/2141)
		}
	}
}
