package props

import (
	"fmt"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quarterZones are the fixed zones from -14:00 to +14:00 in quarter hours,
// as fixedZone names them.
func quarterZones() []*time.Location {
	var zs []*time.Location
	for q := -56; q <= 56; q++ {
		zs = append(zs, fixedZone(q))
	}
	return zs
}

// A drawn time that leaves the range is replaced by fallback(d), and a
// fallback outside the range is an input no check judges: under a range of
// one day seen from -14:00, noon is the next day in UTC, and every draw
// that fell back was silently skipped. Brute force over every quarter hour
// of d says whether some instant on d (local date d) is in the range; when
// one is, fallback must be in the range too, on d, in the zone of the
// options, and noon when noon is in the range.
func TestFallbackStaysInTheRangeOnTheDayDrawn(t *testing.T) {
	days := []calendar.Date{{Year: 1, Month: 1, Day: 1}, {Year: 2012, Month: 2, Day: 29}, {Year: 9999, Month: 12, Day: 31}}
	zones := quarterZones()
	for _, name := range realZoneNames {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		zones = append(zones, loc)
	}
	for _, d := range days {
		for _, rng := range []calendar.Range{calendar.All(), mustRangeP(t, d.String(), d.String())} {
			for _, loc := range zones {
				o := buildOptions([]Option{InRange(rng.First(), rng.Last()), Zones(loc)})
				name := fmt.Sprintf("%s in %s..%s, %s", d, rng.First(), rng.Last(), loc)
				some := false
				for q := 0; q < 96; q++ {
					tm := time.Date(d.Year, d.Month, d.Day, q/4, q%4*15, 0, 0, loc)
					some = some || calendar.DateOf(tm) == d && o.domainOf(tm) == in
				}
				got := o.fallback(d)
				require.Equal(t, loc, got.Location(), name)
				require.Equal(t, d, calendar.DateOf(got), "%s: %s is not on the day drawn", name, got)
				if some {
					require.Equal(t, in, o.domainOf(got), "%s: %s is outside the range, where an instant of %s is not", name, got, d)
				}
				if noon := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc); o.domainOf(noon) == in {
					require.Equal(t, noon, got, name)
				}
			}
		}
	}
	// Without Zones the fallback is noon in UTC, which is always in range.
	o := buildOptions(nil)
	assert.Equal(t, time.Date(2012, 2, 29, 12, 0, 0, 0, time.UTC), o.fallback(calendar.Date{Year: 2012, Month: 2, Day: 29}))
}

// The generators under a range of one day and one far zone: every draw, of
// every source, is an input the checks judge.
func TestTimeDrawsInARangeOfOneDay(t *testing.T) {
	d := calendar.Date{Year: 2012, Month: 2, Day: 29}
	for _, off := range []int{-14, -12, 12, 14} {
		loc := fixedZone(off * 4)
		opts := []Option{InRange(d, d), Zones(loc)}
		o := buildOptions(opts)
		for src, draws := range timeSources(500, opts...) {
			for _, tm := range draws {
				require.Equal(t, in, o.domainOf(tm), "%s, %s: %s is outside the range", src, loc, tm)
			}
		}
	}
}

// realZones is every zone of realZoneNames, loaded from the tz database
// embedded in the package (time/tzdata), in order.
func TestRealZonesAreTheNamedZones(t *testing.T) {
	var names []string
	for _, z := range realZones() {
		names = append(names, z.String())
	}
	assert.Equal(t, realZoneNames, names)
}

// fixedZone names an offset of quarter hours as UTC±hh:mm, and offset 0 is UTC.
func TestFixedZoneNames(t *testing.T) {
	for q, want := range map[int]string{0: "UTC", 1: "UTC+00:15", -1: "UTC-00:15", 23: "UTC+05:45", -38: "UTC-09:30", 56: "UTC+14:00", -56: "UTC-14:00", 41: "UTC+10:15"} {
		z := fixedZone(q)
		assert.Equal(t, want, z.String(), "fixedZone(%d)", q)
		_, off := time.Date(2012, 2, 29, 0, 0, 0, 0, z).Zone()
		assert.Equal(t, q*15*60, off, "fixedZone(%d)", q)
	}
}

// transitionNear looks up to 366 days ahead of the day's start: Sao Paulo
// started daylight saving at midnight on 1985-11-02 after 17 years
// without, exactly 366 days after the start of 1984-11-01 and 367 after
// that of 1984-10-31; UTC has no transition at all.
func TestTransitionNearLooksAYearAhead(t *testing.T) {
	sp, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	start := time.Date(1985, 11, 2, 3, 0, 0, 0, time.UTC) // 00:00 -03:00, skipped to 01:00 -02:00
	got, ok := transitionNear(calendar.Date{Year: 1984, Month: 11, Day: 1}, sp)
	require.True(t, ok)
	assert.True(t, start.Equal(got), "%s", got)
	_, ok = transitionNear(calendar.Date{Year: 1984, Month: 10, Day: 31}, sp)
	assert.False(t, ok)
	got, ok = transitionNear(calendar.Date{Year: 1985, Month: 11, Day: 2}, sp)
	require.True(t, ok, "a transition at the day's start is at or after it")
	assert.True(t, start.Equal(got), "%s", got)
	_, ok = transitionNear(calendar.Date{Year: 2012, Month: 2, Day: 29}, time.UTC)
	assert.False(t, ok)
}
