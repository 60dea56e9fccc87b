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
	// div146097Max is the N1 that fromDayNumber computes for MaxDayNumber.
	if n1 := uint64(4*uint32(MaxDayNumber) + (4*nsShift + 3)); div146097Max != n1 {
		t.Fatalf("div146097Max = %d, want fromDayNumber's N1 for MaxDayNumber, %d", uint64(div146097Max), n1)
	}
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

// TestFloorDivMod: floorDiv rounds toward minus infinity and floorMod is
// then in 0..b-1, on both sides of every multiple of 12 near zero (add gets
// a negative month count for a result before year 0, which it must still
// report as out of range with the right month).
func TestFloorDivMod(t *testing.T) {
	cases := []struct{ a, div, mod int }{
		{-25, -3, 11}, {-24, -2, 0}, {-13, -2, 11}, {-12, -1, 0}, {-11, -1, 1}, {-1, -1, 11},
		{0, 0, 0}, {1, 0, 1}, {11, 0, 11}, {12, 1, 0}, {13, 1, 1}, {24, 2, 0},
	}
	for _, c := range cases {
		if d, m := floorDiv(c.a, 12), floorMod(c.a, 12); d != c.div || m != c.mod {
			t.Errorf("floorDiv, floorMod(%d, 12) = %d, %d; want %d, %d", c.a, d, m, c.div, c.mod)
		}
	}
	// A negative divisor rounds toward minus infinity too.
	if d := floorDiv(13, -12); d != -2 {
		t.Errorf("floorDiv(13, -12) = %d, want -2", d)
	}
}
