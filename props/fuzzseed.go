package props

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// TimeFuzzInput returns the fuzz input that makes the first draw of Time()
// (default options) in a rapid.MakeFuzz target be the instant t, in UTC:
// a seed for a target such as
//
//	f.Fuzz(rapid.MakeFuzz(func(rt *rapid.T) {
//		now := props.Time().Draw(rt, "now")
//		...
//	}))
//
// so that the incidents' instants (leapcheck corpus export --shape
// MakeFuzz) are in its seed corpus. rapid.MakeFuzz reads the input as
// little-endian 64-bit words, one per draw of bits; the words written are
// those rapid's integer draws decode to the values Time draws t from (the
// uniform branch, year, month, day, second of the day, nanosecond, UTC). The
// input ends with zero words, so that draws after the time take their
// simplest values. It returns an error for an instant outside
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z or the zero time.
// TestTimeFuzzInputRoundTrips decodes every corpus instant with rapid.
func TimeFuzzInput(t time.Time) ([]byte, error) {
	t = t.UTC()
	if t.IsZero() || !calendar.DateOf(t).Valid() {
		return nil, fmt.Errorf("props: TimeFuzzInput(%s): want an instant in 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z other than the zero time", t.Format(time.RFC3339Nano))
	}
	o := buildOptions(nil)
	var words []uint64
	draw := func(lo, hi, v int) { words = append(words, intRangeWords(lo, hi, v)...) }
	d := calendar.DateOf(t)
	draw(0, 9, 0)                                      // time kind: a date and a clock
	draw(0, 99, 99)                                    // uniform%: not an edge
	draw(0, o.yearDraws(), yearDrawFor(o.rng, d.Year)) // year
	draw(1, 12, int(d.Month))                          // month
	draw(1, 31, d.Day)                                 // day
	draw(0, len(clockEdges), len(clockEdges))          // clock: the second of the day below
	h, m, s := t.Clock()
	draw(0, 86399, h*3600+m*60+s) // second of day
	draw(0, 999999999, t.Nanosecond())
	draw(0, 2, 0) // location kind: UTC
	words = append(words, make([]uint64, 64)...)
	out := make([]byte, 8*len(words))
	for i, w := range words {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	return out, nil
}

// intRangeWords are the words rapid's IntRange(lo, hi) (lo ≥ 0) reads to
// draw v from a fuzz input (pgregory.net/rapid v1.3, utils.go): a coin
// flip for the sign (never negative when lo ≥ 0: any word), the length of
// a biased draw (genGeom: a 53-bit fraction f giving n = 1 +
// ⌊log(1−f)/log(1−p)⌋ with p = 1/(m+1), m = max(8, (bits+48)/7); a
// fraction with n equal to the bit length of hi − lo keeps every value
// reachable), and the value's bits, v − lo.
func intRangeWords(lo, hi, v int) []uint64 {
	bitlen := bits.Len64(uint64(hi - lo))
	m := math.Max(8, (float64(bitlen)+48)/7)
	p := 1 / (m + 1)
	k := float64(max(bitlen-1, 0)) + 0.5 // ⌊k⌋ = n − 1
	f := 1 - math.Pow(1-p, k)
	return []uint64{0, uint64(f * (1 << 53)), uint64(v - lo)}
}
