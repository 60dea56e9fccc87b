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

// fold64 is fold for int64.
func fold64(v, lo, hi int64) int64 {
	if v >= lo && v <= hi {
		return v
	}
	return lo + int64(uint64(v-lo)%uint64(hi-lo+1))
}

// foldDays folds a day number into the model's range with a margin of 1,000
// days on each side: in range unchanged, and any other int64 lands near or in
// the range instead of almost always far outside it.
func foldDays(n int64) int64 { return fold64(n, firstDay-1000, lastDay+1000) }

// foldSeconds folds Unix seconds into the model's range with a margin of
// 1,000 days on each side, as foldDays does.
func foldSeconds(sec int64) int64 {
	const margin = 1000 * secondsPerDay
	return fold64(sec, minInstant.Unix()-margin, maxInstant.Unix()+margin)
}
