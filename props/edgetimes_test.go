package props

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The edge phase of the time checks is where the catalogue's bugs are
// looked for first, and under -short it is most of a check. A table that
// lost the last year, an extreme offset, a range's end or the instants
// around a daylight-saving change would let a check pass code that fails
// exactly there. Each instant below is written from the calendar and the
// tz database's rules, not read off edgeTimes.

// holds reports whether ts has an instant equal to want, seen from a
// location of the same name.
func holds(ts []time.Time, want time.Time) bool {
	for _, t := range ts {
		if t.Equal(want) && t.Location().String() == want.Location().String() {
			return true
		}
	}
	return false
}

func TestEdgeTimesHoldTheDangerousInstants(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	saoPaulo, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	west, east := time.FixedZone("UTC-14:00", -14*3600), time.FixedZone("UTC+14:00", 14*3600)
	last := time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	cases := []struct {
		name string
		at   time.Time
	}{
		{"the model's last instant", last},
		{"the last day in the far west", time.Date(9999, 12, 31, 0, 0, 0, 0, west)},
		{"the first day in the far east (year 0 in UTC: judged under StrictRange)", time.Date(1, 1, 1, 0, 0, 0, 0, east)},
		{"the first day's last instant in UTC", time.Date(1, 1, 1, 23, 59, 59, 999999999, time.UTC)},
		{"a leap day in the far east", time.Date(2000, 2, 29, 0, 0, 0, 0, east)},
		{"a leap day's last instant in the far west", time.Date(2000, 2, 29, 23, 59, 59, 999999999, west)},
		{"the 2012 leap day in Sao Paulo", time.Date(2012, 2, 29, 23, 59, 59, 999999999, saoPaulo)},
		{"February 28 of a century that is not leap", time.Date(1900, 2, 28, 0, 0, 0, 0, ny)},
		{"February 28 of 2100", time.Date(2100, 2, 28, 23, 59, 59, 999999999, time.UTC)},
		{"March 1 after a leap day", time.Date(2400, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"the first year of the familiar span", time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"the last year of the familiar span", time.Date(2040, 12, 31, 23, 59, 59, 999999999, time.UTC)},
		{"day 364 of a year (December 30)", time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC)},
		{"the last day of a 30-day month", time.Date(2001, 4, 30, 23, 59, 59, 999999999, time.UTC)},
		{"year 9 (one-digit year)", time.Date(9, 12, 31, 0, 0, 0, 0, time.UTC)},
		// New York's rules since 2007: saving from the second Sunday of March
		// at 02:00 EST (07:00 UTC) to the first Sunday of November at 02:00
		// EDT (06:00 UTC); from 1987 to 2006 from the first Sunday of April.
		{"New York springs forward, 2021", time.Date(2021, 3, 14, 7, 0, 0, 0, time.UTC).In(ny)},
		{"the nanosecond before it", time.Date(2021, 3, 14, 6, 59, 59, 999999999, time.UTC).In(ny)},
		{"half an hour after it", time.Date(2021, 3, 14, 7, 30, 0, 0, time.UTC).In(ny)},
		{"New York falls back, 2030 (the last year of changes)", time.Date(2030, 11, 3, 6, 0, 0, 0, time.UTC).In(ny)},
		{"New York springs forward, 1996 (the first)", time.Date(1996, 4, 7, 7, 0, 0, 0, time.UTC).In(ny)},
		// Sao Paulo's saving began at midnight: 2012-10-21 had no 00:00.
		{"Sao Paulo skips midnight, 2012", time.Date(2012, 10, 21, 3, 0, 0, 0, time.UTC).In(saoPaulo)},
		{"inside its skipped hour's day", time.Date(2012, 10, 21, 3, 30, 0, 0, time.UTC).In(saoPaulo)},
	}
	all := edgeTimes(buildOptions(nil))
	for _, c := range cases {
		assert.True(t, holds(all, c.at), "%s: %s (%s) is not in the edge table", c.name, c.at.Format(time.RFC3339Nano), c.at.Location())
	}

	// With InRange, the range's first and last days at their first and last
	// instants, and nothing whose date leaves the range.
	first, lastDay := calendar.Date{Year: 2010, Month: time.March, Day: 15}, calendar.Date{Year: 2011, Month: time.July, Day: 20}
	o := buildOptions([]Option{InRange(first, lastDay)})
	ranged := edgeTimes(o)
	for _, want := range []time.Time{
		time.Date(2010, 3, 15, 0, 0, 0, 0, time.UTC), time.Date(2010, 3, 15, 0, 0, 0, 0, ny),
		time.Date(2011, 7, 20, 23, 59, 59, 999999999, time.UTC), time.Date(2011, 7, 20, 23, 59, 59, 999999999, east),
	} {
		assert.True(t, holds(ranged, want), "InRange(%s, %s): %s (%s) is not in the edge table", first, lastDay, want.Format(time.RFC3339Nano), want.Location())
	}
	for _, tm := range ranged {
		require.Equal(t, in, o.domainOf(tm), "InRange(%s, %s): %s (%s) is outside the range", first, lastDay, tm.Format(time.RFC3339Nano), tm.Location())
	}

	// With Zones, every instant is in one of the zones given, and the leap
	// day and the changes of that zone are there.
	o = buildOptions([]Option{Zones(saoPaulo)})
	zoned := edgeTimes(o)
	for _, want := range []time.Time{time.Date(2000, 2, 29, 0, 0, 0, 0, saoPaulo), time.Date(2012, 10, 21, 3, 0, 0, 0, time.UTC).In(saoPaulo), time.Date(9999, 12, 31, 23, 59, 59, 999999999, saoPaulo)} {
		assert.True(t, holds(zoned, want), "Zones(Sao Paulo): %s is not in the edge table", want.Format(time.RFC3339Nano))
	}
	for _, tm := range zoned {
		require.Equal(t, saoPaulo, tm.Location(), "Zones(Sao Paulo): %s", tm.Format(time.RFC3339Nano))
	}
	assert.False(t, holds(zoned, time.Date(2021, 3, 14, 7, 0, 0, 0, time.UTC).In(ny)), "Zones(Sao Paulo) holds New York's change")
}

// Where a spec can build its i-th edge input directly (edgeAt, for the
// capped edge phase of -short), that input is the i-th that edges yields,
// and edgeCount is how many it yields.
func TestEdgeAtIsTheEdgesInOrder(t *testing.T) {
	addDate := func(y int, m time.Month, d, n int) (int, time.Month, int, error) { return y, m, d, nil }
	check := func(name string, count int, at func(int) any, edges func(func(any) bool)) {
		t.Helper()
		i := 0
		edges(func(v any) bool {
			// Every input of the first thousand, then a stride.
			if i < count && (i < 1000 || i%997 == 0) {
				require.Equal(t, v, at(i), "%s: edge %d", name, i)
			}
			i++
			return true
		})
		require.Equal(t, i, count, "%s: edgeCount", name)
	}
	for _, opts := range [][]Option{nil, {Deltas(1, -1, 7)}, {InRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2000, Month: 12, Day: 31})}} {
		if testing.Short() && opts == nil {
			continue // the whole model's tables: millions of inputs
		}
		for _, kind := range []string{"AddYears", "AddMonths"} {
			s, _, err := dateAddSpec(kind+"Date", kind, calendar.Clamp, addDate, opts)
			require.NoError(t, err)
			check(fmt.Sprintf("%sDate %d options", kind, len(opts)), s.edgeCount,
				func(i int) any { return s.edgeAt(i) },
				func(yield func(any) bool) { s.edges(func(v dateDelta) bool { return yield(v) }) })
		}
		s, _, err := daysBetweenSpec(func(from, to calendar.Date) int { return 0 }, opts[:0:0])
		require.NoError(t, err)
		check("DaysBetween", s.edgeCount,
			func(i int) any { return s.edgeAt(i) },
			func(yield func(any) bool) { s.edges(func(v datePair) bool { return yield(v) }) })
	}
}

// The certificate checks' edge instants are the time checks' edge table
// with, after each fractional instant, its whole second (certificate times
// are whole seconds).
func TestCertInstantsAddTheWholeSecond(t *testing.T) {
	o := buildOptions(nil)
	edges, fractional := edgeTimes(o), 0
	for _, tm := range edges {
		if tm.Nanosecond() != 0 {
			fractional++
		}
	}
	require.Positive(t, fractional)
	got := certInstants(o)
	require.Len(t, got, len(edges)+fractional, "the edge table and one whole second per fractional instant")
	last := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	assert.True(t, holds(got, last), "the last whole second of the model")
	for i, tm := range got {
		if tm.Nanosecond() != 0 {
			require.Less(t, i+1, len(got))
			assert.True(t, got[i+1].Equal(tm.Truncate(time.Second)), "%s is not followed by its whole second", tm.Format(time.RFC3339Nano))
		} else if i > 0 && got[i-1].Nanosecond() == 0 {
			assert.False(t, got[i-1].Equal(tm) && got[i-1].Location() == tm.Location(), "%s twice", tm.Format(time.RFC3339Nano))
		}
	}
}

// The renewal checks' edge instants, as renewalEdges' doc lists them: each
// lifetime change and the second before it, and every February 29, 31st and
// March 1 of the window at 00:00:00 and 23:59:59 UTC.
func TestRenewalEdgesAreTheDocumentedInstants(t *testing.T) {
	var got []time.Time
	for tm := range renewalEdges() {
		got = append(got, tm)
	}
	utc := func(y int, m time.Month, d, hh, mm, ss int) time.Time {
		return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	}
	for _, want := range []time.Time{
		utc(2026, 3, 15, 0, 0, 0), utc(2026, 3, 14, 23, 59, 59), // the Baseline Requirements' 200 days
		utc(2029, 3, 15, 0, 0, 0), utc(2029, 3, 14, 23, 59, 59), // 47 days
		utc(2020, 2, 29, 0, 0, 0), utc(2020, 2, 29, 23, 59, 59),
		utc(2040, 2, 29, 23, 59, 59), utc(2040, 12, 31, 23, 59, 59),
		utc(2031, 3, 1, 0, 0, 0), utc(2031, 1, 31, 23, 59, 59),
	} {
		assert.True(t, holds(got, want), "%s is not a renewal edge", want.Format(time.RFC3339))
	}
	for _, tm := range got {
		d := calendar.DateOf(tm)
		lifetimeStep := tm.Second() == 59 && tm.Hour() == 23 || tm.Hour() == 0 && tm.Minute() == 0 && tm.Second() == 0
		require.True(t, lifetimeStep, "%s: not at 00:00:00 or 23:59:59", tm.Format(time.RFC3339))
		require.True(t, renew.DefaultWindow().Contains(d), "%s outside the window", tm.Format(time.RFC3339))
	}
	assert.False(t, holds(got, utc(2031, 4, 30, 0, 0, 0)), "a 30th is not an edge")
	assert.False(t, holds(got, utc(2031, 2, 28, 0, 0, 0)), "February 28 of a common year is not an edge")
}

// wrapInto by hand on an interval of 10 seconds, [100, 109]: inside, t
// itself (its zone and nanoseconds kept); outside, 100 + (u mod 10) with
// a non-negative remainder, a whole second in UTC.
func TestWrapInto(t *testing.T) {
	ny := time.FixedZone("-05:00", -5*3600)
	for _, c := range []struct{ u, want int64 }{
		{100, 100}, {109, 109}, {105, 105},
		{99, 109}, {110, 100}, {123, 103}, {0, 100}, {-1, 109}, {-13, 107}, {1e9 + 7, 107},
	} {
		in := time.Unix(c.u, 500).In(ny)
		got := wrapInto(in, 100, 109)
		if c.u >= 100 && c.u <= 109 {
			assert.Equal(t, in, got, "u %d", c.u)
			continue
		}
		assert.Equal(t, time.Unix(c.want, 0).UTC(), got, "u %d", c.u)
	}
}

// The renewal samples are drawn as IssuanceTime's doc says its draws are:
// whole seconds in UTC in 2020..2040, reaching both years, before any
// check moves them into its window.
func TestRenewalSamplesSpanTheirYears(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	years := map[int]bool{}
	for i := 0; i < 5000; i++ {
		tm := randWindowTime(rng)
		require.True(t, tm.Year() >= 2020 && tm.Year() <= 2040 && tm.Nanosecond() == 0 && tm.Location() == time.UTC, "%s", tm.Format(time.RFC3339Nano))
		years[tm.Year()] = true
	}
	assert.True(t, years[2020] && years[2040], "years: %v", years)
	// Both ends, exactly: a source that gives the first and the last of
	// the window's seconds (math/rand's Int63n(n) returns v % n for a v
	// its source gives below the rejection bound).
	first, end := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2041, 1, 1, 0, 0, 0, 0, time.UTC)
	seconds := int64(end.Sub(first) / time.Second)
	assert.Equal(t, first, randWindowTime(rand.New(fixedSource(0))))
	assert.Equal(t, end.Add(-time.Second), randWindowTime(rand.New(fixedSource(seconds-1))))
}

// fixedSource is a rand.Source that gives the same value every time.
type fixedSource int64

func (s fixedSource) Int63() int64 { return int64(s) }
func (fixedSource) Seed(int64)     {}

// The renewal checks' sweep judges 00:00:00 and 23:59:59 UTC of each day,
// and their samples and draws are whole seconds inside the range asked for.
func TestWindowSpecInputs(t *testing.T) {
	r := mustRangeP(t, "2028-02-27", "2028-03-02")
	s := windowSpec("test", "", r, func(time.Time) *Counterexample { return nil })
	d := calendar.Date{Year: 2028, Month: time.February, Day: 29}
	var got []time.Time
	s.perDay(d, func(tm time.Time) bool { got = append(got, tm); return true })
	assert.Equal(t, []time.Time{time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2028, 2, 29, 23, 59, 59, 0, time.UTC)}, got)
	assert.Equal(t, 2, s.perDayInputs)
	rng := rand.New(rand.NewSource(1))
	days := map[calendar.Date]bool{}
	for i := 0; i < 2000; i++ {
		tm := s.sample(rng)
		require.True(t, r.Contains(calendar.DateOf(tm)) && tm.Nanosecond() == 0 && tm.Location() == time.UTC, "sample %s", tm.Format(time.RFC3339Nano))
		days[calendar.DateOf(tm)] = true
	}
	// Samples from 2020..2040 land in the range wrapped, on every day of it.
	for d := range r.Days() {
		assert.True(t, days[d], "no sample on %s", d)
	}
	for i := 0; i < 300; i++ {
		tm := s.draw.Example(i)
		require.True(t, r.Contains(calendar.DateOf(tm)), "draw %s", tm.Format(time.RFC3339Nano))
	}
	// Samples of the whole window reach both of its ends' years.
	s = windowSpec("test", "", renew.DefaultWindow(), func(time.Time) *Counterexample { return nil })
	years := map[int]bool{}
	for i := 0; i < 5000; i++ {
		years[s.sample(rng).Year()] = true
	}
	assert.True(t, years[renew.DefaultWindow().First().Year] && years[renew.DefaultWindow().Last().Year], "samples' years: %v", years)
}
