package fuzz

// fold maps v into lo..hi: unchanged when it is already inside, otherwise
// lo + (v - lo) mod (hi - lo + 1). Seeds written in range therefore reach the
// property unchanged, and any mutation of them still lands in the domain.
func fold(v, lo, hi int) int {
	if v >= lo && v <= hi {
		return v
	}
	span := uint64(hi - lo + 1)
	off := uint64(v-lo) % span // two's complement wrap keeps this total
	return lo + int(off)
}

// floorDiv returns a / b rounded towards negative infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// floorMod returns a mod b in 0..b-1, for b > 0.
func floorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
