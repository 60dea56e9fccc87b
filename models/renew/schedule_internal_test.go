package renew

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runBounds by hand: runs scheduled at 00:00 and 12:00 UTC, each delayed
// by a whole number of seconds in [0, 3600). A run at or after x comes
// from a base in [x - 3599 s, x] delayed onto or past x (lo = x: some seed
// draws exactly that delay), or else from the next base; the latest is the
// next base at or after x delayed by 3599 s.
func TestRunBoundsByHand(t *testing.T) {
	s := DailyAt(0, 12*time.Hour)
	s.Delay = time.Hour
	require.NoError(t, s.Validate())
	day := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	at := func(h, m, sec int) int64 {
		return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second).Unix()
	}
	for _, c := range []struct {
		name   string
		x      int64
		lo, hi int64
	}{
		{"at a base", at(12, 0, 0), at(12, 0, 0), at(12, 59, 59)},
		{"a second after a base", at(12, 0, 1), at(12, 0, 1), at(24, 59, 59)},
		{"the last second a base's delay reaches", at(12, 59, 59), at(12, 59, 59), at(24, 59, 59)},
		{"the first second no earlier base reaches", at(13, 0, 0), at(24, 0, 0), at(24, 59, 59)},
		{"the second before a base", at(23, 59, 59), at(24, 0, 0), at(24, 59, 59)},
	} {
		lo, hi, err := s.runBounds(c.x)
		require.NoError(t, err, c.name)
		assert.Equal(t, [2]string{unixText(c.lo), unixText(c.hi)}, [2]string{unixText(lo), unixText(hi)}, c.name)
	}
	// With a delay of at most one second there is none: the next base.
	s.Delay = time.Second
	lo, hi, err := s.runBounds(at(12, 0, 1))
	require.NoError(t, err)
	assert.Equal(t, [2]int64{at(24, 0, 0), at(24, 0, 0)}, [2]int64{lo, hi})
}

// The bounds hold over seeds and are reached: for each x of the table
// above, the first run at or after x of 2,000 seeds lies in [lo, hi], and
// some seed's run is lo itself where lo is x (a delay of exactly x - base
// is one of 3,600 equally likely draws, so 2,000 seeds may miss it; the
// seeds that draw it are searched instead).
func TestRunBoundsHoldOverSeeds(t *testing.T) {
	s := DailyAt(0, 12*time.Hour)
	s.Delay = time.Hour
	base := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC).Unix()
	for _, x := range []int64{base, base + 1, base + 3599, base + 3600, base + 43199} {
		lo, hi, err := s.runBounds(x)
		require.NoError(t, err)
		reached := lo != x
		for seed := uint64(0); seed < 200000 && !(reached && seed >= 2000); seed++ {
			r, err := s.nextRun(x, seed)
			require.NoError(t, err)
			require.True(t, r >= lo && r <= hi, "x %s seed %d: run %s outside [%s, %s]", unixText(x), seed, unixText(r), unixText(lo), unixText(hi))
			reached = reached || r == lo
		}
		assert.True(t, reached, "x %s: no seed runs at lo = x", unixText(x))
	}
}
