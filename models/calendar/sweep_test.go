package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustRange(t testing.TB, first, last Date) Range {
	t.Helper()
	r, err := NewRange(first, last)
	require.NoError(t, err)
	return r
}

func TestRangeDaysMatchesDayNumbers(t *testing.T) {
	for _, c := range [][2]Date{
		{MinDate, Date{1, 3, 5}},
		{Date{2011, 12, 31}, Date{2013, 3, 1}},
		{Date{2012, 2, 29}, Date{2012, 2, 29}},
		{Date{9998, 11, 30}, MaxDate},
		{Date{1999, 1, 31}, Date{1999, 2, 1}},
	} {
		r := mustRange(t, c[0], c[1])
		want := c[0].DayNumber()
		count := int64(0)
		for n, d := range r.DayNumbers() {
			require.Equal(t, want, n)
			require.Equal(t, fromDayNumber(want), d)
			want++
			count++
		}
		assert.Equal(t, c[1].DayNumber()+1, want, r.String())
		assert.Equal(t, r.Len(), count, r.String())
		assert.True(t, r.Contains(c[0]) && r.Contains(c[1]))
		assert.Equal(t, c[0], r.First())
		assert.Equal(t, c[1], r.Last())
	}
}

func TestRangeStopsEarly(t *testing.T) {
	n := 0
	for d := range All().Days() {
		n++
		if d == (Date{1, 2, 1}) {
			break
		}
	}
	assert.Equal(t, 32, n)
	for range All().DayNumbers() {
		n++
		break
	}
	assert.Equal(t, 33, n)
}

func TestRangeErrorsAndEmpty(t *testing.T) {
	_, err := NewRange(Date{2012, 3, 1}, Date{2012, 2, 29})
	assert.ErrorIs(t, err, ErrRange)
	assert.EqualError(t, err, "calendar: range 2012-03-01..2012-02-29: first day is after last day")
	_, err = NewRange(Date{2013, 2, 29}, MaxDate)
	assert.ErrorIs(t, err, ErrNoSuchDay)
	_, err = NewRange(MinDate, Date{10000, 1, 1})
	assert.ErrorIs(t, err, ErrRange)

	var empty Range
	assert.Equal(t, int64(0), empty.Len())
	assert.Equal(t, "empty", empty.String())
	assert.False(t, empty.Contains(MinDate))
	for range empty.Days() {
		t.Fatal("the zero Range yielded a day")
	}
}

func TestShardsPartitionTheRange(t *testing.T) {
	for _, r := range []Range{All(), mustRange(t, Date{2012, 2, 27}, Date{2012, 3, 2})} {
		for _, n := range []int{1, 2, 3, 7, 16, 100} {
			next := r.First()
			total := int64(0)
			for i := 0; i < n; i++ {
				s, err := r.Shard(i, n)
				require.NoError(t, err)
				total += s.Len()
				if s.Len() == 0 {
					continue
				}
				require.Equal(t, next, s.First(), "shard %d/%d of %s", i, n, r)
				require.Equal(t, s.Len(), s.Last().DayNumber()-s.First().DayNumber()+1)
				next, _ = s.Last().AddDays(1)
			}
			assert.Equal(t, r.Len(), total, "shards %d of %s", n, r)
		}
	}
	for _, in := range [][2]int{{0, 0}, {-1, 2}, {2, 2}, {0, -1}} {
		_, err := All().Shard(in[0], in[1])
		assert.ErrorIs(t, err, ErrRange)
	}
}

func TestContainsRejectsInvalid(t *testing.T) {
	assert.False(t, All().Contains(Date{2013, 2, 29}))
	assert.False(t, mustRange(t, Date{2012, 1, 1}, Date{2012, 12, 31}).Contains(Date{2013, time.January, 1}))
}
