package proof_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every day of the range is visited exactly once, in parts that follow one
// another, whatever the number of parts and workers.
func TestParallelCoversTheRangeOnce(t *testing.T) {
	r, err := calendar.NewRange(calendar.Date{Year: 2011, Month: time.December, Day: 30}, calendar.Date{Year: 2012, Month: time.March, Day: 2})
	require.NoError(t, err)
	for _, c := range []struct{ parts, workers int }{{1, 1}, {7, 2}, {64, 3}, {200, 8}, {0, 0}, {3, -1}} {
		n := max(c.parts, 1)
		parts := make([]calendar.Range, n)
		var calls atomic.Int64
		proof.Parallel(r, c.parts, c.workers, func(i int, part calendar.Range) {
			calls.Add(1)
			parts[i] = part
		})
		assert.EqualValues(t, n, calls.Load(), "%+v", c)
		var days []calendar.Date
		for _, p := range parts {
			for d := range p.Days() {
				days = append(days, d)
			}
		}
		require.Len(t, days, int(r.Len()), "%+v", c)
		assert.Equal(t, r.First(), days[0])
		assert.Equal(t, r.Last(), days[len(days)-1])
		for i := 1; i < len(days); i++ {
			next, err := days[i-1].AddDays(1)
			require.NoError(t, err)
			require.Equal(t, next, days[i], "%+v: day %d", c, i)
		}
	}
}
