package calendar

import "testing"

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
