package calendar

import (
	"testing"
	"time"
	_ "time/tzdata" // real zones on machines without a tz database

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func zones(t *testing.T) []*time.Location {
	var locs []*time.Location
	for _, name := range []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo", "Pacific/Kiritimati", "Asia/Kathmandu"} {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		locs = append(locs, loc)
	}
	return append(locs, time.UTC, time.FixedZone("-14", -14*3600), time.FixedZone("+14", 14*3600))
}

// TestTimeRollEqualsAddDate checks that Roll on time.Time is AddDate, wall
// clock, nanoseconds and location included, around leap days, month ends and
// daylight-saving transitions in real zones.
func TestTimeRollEqualsAddDate(t *testing.T) {
	clocks := [][4]int{{0, 0, 0, 0}, {23, 59, 59, 999999999}, {2, 30, 0, 0}, {1, 30, 0, 1}}
	var bad mismatches
	for _, loc := range zones(t) {
		for y := 2010; y <= 2030; y++ {
			for m := time.January; m <= time.December; m++ {
				for _, d := range []int{1, 8, 28, 29, 30, 31} {
					if d > DaysIn(y, m) {
						continue
					}
					for _, c := range clocks {
						tm := time.Date(y, m, d, c[0], c[1], c[2], c[3], loc)
						for _, n := range []int{-13, -12, -1, 1, 4, 12, 48} {
							gy, err1 := AddYears(tm, n, Roll)
							gm, err2 := AddMonths(tm, n, Roll)
							if err1 != nil || err2 != nil || !gy.Equal(tm.AddDate(n, 0, 0)) || !gm.Equal(tm.AddDate(0, n, 0)) ||
								gy.Location() != loc || gm.Location() != loc {
								bad.Addf("%s + %d: years %s %v (AddDate %s), months %s %v (AddDate %s)",
									tm, n, gy, err1, tm.AddDate(n, 0, 0), gm, err2, tm.AddDate(0, n, 0))
							}
						}
					}
				}
			}
		}
	}
	bad.Check(t, "time Roll vs AddDate")
}

func TestTimeKeepsClockAndLocation(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	tm := time.Date(2012, 2, 29, 23, 59, 59, 123456789, ny)

	got, err := AddYears(tm, 1, Clamp)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2013, 2, 28, 23, 59, 59, 123456789, ny), got)
	assert.Equal(t, ny, got.Location())

	got, err = AddYears(tm, 1, Roll)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2013, 3, 1, 23, 59, 59, 123456789, ny), got)

	_, err = AddYears(tm, 1, Reject)
	assert.ErrorIs(t, err, ErrNoSuchDay)
	assert.Contains(t, err.Error(), "2013-02-29 does not exist")

	// The date is the date in t's location, not in UTC: 2012-02-29 23:00 in
	// New York is already March 1 in UTC.
	got, err = AddYears(time.Date(2012, 2, 29, 23, 0, 0, 0, ny), 1, Clamp)
	require.NoError(t, err)
	assert.Equal(t, "2013-02-28T23:00:00-05:00", got.Format(time.RFC3339))

	for _, bad := range []time.Time{time.Date(-5, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)} {
		_, err = AddMonths(bad, 1, Roll)
		assert.ErrorIs(t, err, ErrRange, "%s", bad)
		assert.Contains(t, err.Error(), "out of range 1..9999")
	}
	_, err = AddMonths(time.Date(9999, 12, 1, 0, 0, 0, 0, time.UTC), 1, Roll)
	assert.ErrorIs(t, err, ErrRange)
}

func TestDateOfAndIn(t *testing.T) {
	for _, loc := range zones(t) {
		for d := range mustRange(t, Date{2011, 12, 25}, Date{2013, 1, 5}).Days() {
			tm := d.In(loc)
			assert.Equal(t, d, DateOf(tm), "%s in %s", d, loc)
			assert.Equal(t, loc, tm.Location())
			prev, err := d.AddDays(-1)
			require.NoError(t, err)
			assert.Equal(t, prev, DateOf(tm.Add(-time.Nanosecond)), "%s in %s starts at %s", d, loc, tm)
		}
	}
	assert.Equal(t, time.UTC, Date{2012, 2, 29}.In(nil).Location())
}
