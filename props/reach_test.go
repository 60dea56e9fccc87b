package props

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The generators' docs promise what they draw. A generator that silently
// lost a kind (the +14:00 offset, the last real zone, a clock edge, the
// widest delta) would let every property built on it pass code that fails
// there, and the checks' property and sample phases draw from the same
// code. Each promise is checked on a few thousand draws from each source:
// rapid (Time, Location, YearDelta, MonthDelta: the property phase), gopter
// (GenTime, GenYearDelta, GenMonthDelta) and the seeded samples (randTime,
// randLocation, randDelta: the sample phase).

// reachDraws is the number of draws per source: enough for rapid's bias to
// small values to reach both ends of a range.
const reachDraws = 3000

func rapidDraws[T any](g *rapid.Generator[T], n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = g.Example(i)
	}
	return out
}

func gopterDraws[T any](g gopter.Gen, n int) []T {
	p := gopter.DefaultGenParameters()
	out := make([]T, 0, n)
	for i := 0; i < n; i++ {
		if v, ok := g(p.CloneWithSeed(int64(i))).Retrieve(); ok {
			out = append(out, v.(T))
		}
	}
	return out
}

func sampleDraws[T any](draw func(*rand.Rand) T, n int) []T {
	rng := rand.New(rand.NewSource(1))
	out := make([]T, n)
	for i := range out {
		out[i] = draw(rng)
	}
	return out
}

// timeSources draws n times under opts from each source of the checks'
// inputs: rapid's Time, gopter's GenTime and the seeded samples (randTime).
func timeSources(n int, opts ...Option) map[string][]time.Time {
	o := buildOptions(opts)
	return map[string][]time.Time{
		"rapid Time":       rapidDraws(Time(opts...), n),
		"gopter GenTime":   gopterDraws[time.Time](GenTime(opts...), n),
		"samples randTime": sampleDraws(func(rng *rand.Rand) time.Time { return randTime(rng, o) }, n),
	}
}

// dateSources is timeSources for dates: Date, GenDate and randDate.
func dateSources(n int, opts ...Option) map[string][]calendar.Date {
	o := buildOptions(opts)
	return map[string][]calendar.Date{
		"rapid Date":       rapidDraws(Date(opts...), n),
		"gopter GenDate":   gopterDraws[calendar.Date](GenDate(opts...), n),
		"samples randDate": sampleDraws(func(rng *rand.Rand) calendar.Date { return randDate(rng, o) }, n),
	}
}

// zoneNames are the locations Location's doc promises: UTC, the extreme
// fixed offsets and every real zone.
func zoneNames() []string {
	names := []string{"UTC", "UTC-14:00", "UTC+14:00"}
	for _, z := range realZones() {
		names = append(names, z.String())
	}
	return names
}

func TestTimeDrawsReachEveryKind(t *testing.T) {
	insts := EdgeInstants()
	for name, ts := range timeSources(reachDraws) {
		locs := map[string]bool{}
		clocks := map[[4]int]bool{}
		var otherClock, transition, beforeTransition, edgeInstant bool
		for _, tm := range ts {
			require.False(t, tm.IsZero(), "%s drew the zero time", name)
			locs[tm.Location().String()] = true
			clock := [4]int{tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond()}
			clocks[clock] = true
			otherClock = otherClock || !slices.Contains(clockEdges, clock)
			_, end := tm.Add(-time.Hour).ZoneBounds()
			transition = transition || end.Equal(tm)
			beforeTransition = beforeTransition || end.Equal(tm.Add(time.Nanosecond))
			// An edge instant whose clock no clock draw gives (03:14:07 of
			// 2038-01-19, ...): from the edge-instant draw.
			edgeInstant = edgeInstant || slices.ContainsFunc(insts, tm.Equal) && !slices.Contains(clockEdges, [4]int{tm.UTC().Hour(), tm.UTC().Minute(), tm.UTC().Second(), tm.UTC().Nanosecond()})
		}
		for _, z := range zoneNames() {
			assert.True(t, locs[z], "%s: location %s never drawn", name, z)
		}
		for _, c := range clockEdges {
			assert.True(t, clocks[c], "%s: clock %02d:%02d:%02d.%09d never drawn", name, c[0], c[1], c[2], c[3])
		}
		assert.True(t, otherClock, "%s: only edge clocks drawn", name)
		assert.True(t, transition, "%s: no instant of a daylight-saving change", name)
		assert.True(t, beforeTransition, "%s: no nanosecond before a change", name)
		assert.True(t, edgeInstant, "%s: no exact edge instant", name)
	}
}

func TestLocationDrawsReachEveryZone(t *testing.T) {
	o := buildOptions(nil)
	for name, ls := range map[string][]*time.Location{
		"rapid Location":       rapidDraws(Location(), reachDraws),
		"samples randLocation": sampleDraws(func(r *rand.Rand) *time.Location { return randLocation(r, o) }, reachDraws),
	} {
		seen := map[string]bool{}
		for _, l := range ls {
			seen[l.String()] = true
		}
		for _, z := range zoneNames() {
			assert.True(t, seen[z], "%s: location %s never drawn", name, z)
		}
	}
	// Given Zones, only those, each of them.
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	zs := []*time.Location{ny, time.UTC, fixedZone(23)}
	o = buildOptions([]Option{Zones(zs...)})
	for name, ls := range map[string][]*time.Location{
		"rapid Location(Zones)":       rapidDraws(Location(Zones(zs...)), 300),
		"samples randLocation(Zones)": sampleDraws(func(r *rand.Rand) *time.Location { return randLocation(r, o) }, 300),
	} {
		seen := map[*time.Location]bool{}
		for _, l := range ls {
			require.Contains(t, zs, l, "%s drew a location not given", name)
			seen[l] = true
		}
		assert.Len(t, seen, len(zs), "%s: zones drawn", name)
	}
}

func TestDeltaDrawsReachEveryEdgeAndBothEnds(t *testing.T) {
	for _, kind := range []struct {
		unit   string
		edges  []int
		span   int
		rapid  func(...Option) *rapid.Generator[int]
		gopter func(...Option) gopter.Gen
	}{
		// The edges are the docs' lists, not the tables they are drawn from.
		{"years", []int{1, -1, 3, -3, 4, -4, 100, -100, 400, -400}, 30, YearDelta, GenYearDelta},
		{"months", []int{1, -1, 11, -11, 12, -12, 13, -13, 24, -24, 48, -48, 1200, -1200}, 400, MonthDelta, GenMonthDelta},
	} {
		table := map[string][]int{"years": yearDeltas, "months": monthDeltas}[kind.unit]
		// Half the draws are uniform over the 801 months: enough draws to reach
		// both ends of the span.
		o, n := buildOptions(nil), 4*reachDraws
		for name, ns := range map[string][]int{
			"rapid":   rapidDraws(kind.rapid(), n),
			"gopter":  gopterDraws[int](kind.gopter(), n),
			"samples": sampleDraws(func(r *rand.Rand) int { return randDelta(r, o, table, kind.span) }, n),
		} {
			where := fmt.Sprintf("%s %s", name, kind.unit)
			for _, n := range append([]int{-kind.span, kind.span}, kind.edges...) {
				assert.Contains(t, ns, n, "%s: %+d never drawn", where, n)
			}
			// "More often than chance": half the draws are uniform over the
			// 2·span+1 counts; each listed edge comes at least three times as
			// often as one count of those.
			chance := len(ns) / 2 / (2*kind.span + 1)
			for _, e := range kind.edges {
				assert.GreaterOrEqual(t, count(ns, e), 3*chance, "%s: %+d drawn no more often than chance", where, e)
			}
			for _, n := range ns {
				if !slices.Contains(kind.edges, n) {
					require.LessOrEqual(t, max(n, -n), kind.span, "%s: %+d is past the span", where, n)
				}
			}
		}
		// Given Deltas, only those, each of them.
		given := []int{5, -7, 1200}
		o = buildOptions([]Option{Deltas(given...)})
		for name, ns := range map[string][]int{
			"rapid":   rapidDraws(kind.rapid(Deltas(given...)), 200),
			"gopter":  gopterDraws[int](kind.gopter(Deltas(given...)), 200),
			"samples": sampleDraws(func(r *rand.Rand) int { return randDelta(r, o, table, kind.span) }, 200),
		} {
			for _, n := range ns {
				require.Contains(t, given, n, "%s %s with Deltas: drew %+d", name, kind.unit, n)
			}
			for _, n := range given {
				assert.Contains(t, ns, n, "%s %s with Deltas: %+d never drawn", name, kind.unit, n)
			}
		}
	}
}

// shrinks collects what a gopter shrinker proposes for v.
func shrinks[T any](s gopter.Shrinker, v T) []T {
	var out []T
	next := s(v)
	for c, ok := next(); ok; c, ok = next() {
		out = append(out, c.(T))
	}
	return out
}

// GenDate's shrinker proposes the same month and day in years halfway to
// 2000 (or to the range's nearest year), a February 29 on the leap year at
// or before each; the lists are worked out by hand.
func TestDateShrinkerHalvesTowardsTheAnchor(t *testing.T) {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: day} }
	years := func(m time.Month, day int, ys ...int) []calendar.Date {
		var out []calendar.Date
		for _, y := range ys {
			out = append(out, d(y, m, day))
		}
		return out
	}
	all := calendar.All()
	r := mustRangeP(t, "2010-03-01", "2030-12-31")
	for _, c := range []struct {
		rng  calendar.Range
		from calendar.Date
		want []calendar.Date
	}{
		{all, d(2413, 5, 17), years(5, 17, 2206, 2103, 2051, 2025, 2012, 2006, 2003, 2001, 2000)},
		{all, d(1500, 5, 17), years(5, 17, 1750, 1875, 1938, 1969, 1985, 1993, 1997, 1999, 2000)},
		// 2100 is not leap: 2103 proposes 2096; 2003 and 2001 both give 2000.
		{all, d(2412, 2, 29), years(2, 29, 2204, 2096, 2048, 2024, 2012, 2004, 2000)},
		{all, d(2000, 7, 1), nil},
		// A range whose nearest year to 2000 is 2010.
		{r, d(2030, 12, 31), years(12, 31, 2020, 2015, 2012, 2011, 2010)},
		// 2010-01-20 is before the range: not proposed.
		{r, d(2030, 1, 20), years(1, 20, 2020, 2015, 2012, 2011)},
	} {
		assert.Equal(t, c.want, shrinks[calendar.Date](dateShrinker(c.rng), c.from), "shrinking %s in %s", c.from, c.rng)
	}
	// yearDrawFor is yearOf's inverse on every year of a range.
	for _, rng := range []calendar.Range{all, r, mustRangeP(t, "1900-01-01", "1950-12-31"), mustRangeP(t, "2001-01-01", "2001-12-31")} {
		for y := rng.First().Year; y <= rng.Last().Year; y++ {
			require.Equal(t, y, yearOf(rng, yearDrawFor(rng, y)), "yearOf(yearDrawFor(%d)) in %s", y, rng)
		}
	}
}

// GenTime's shrinker proposes the same wall clock in UTC, then the time
// without its sub-second part; the deltas' shrinker proposes 1 or -1, then
// halves.
func TestTimeAndDeltaShrinkers(t *testing.T) {
	kath := time.FixedZone("UTC+05:45", 5*3600+45*60)
	at := time.Date(2012, 2, 29, 23, 59, 59, 5, kath)
	got := shrinks[time.Time](timeShrinker(calendar.All()), at)
	require.Len(t, got, 2)
	assert.Equal(t, time.Date(2012, 2, 29, 23, 59, 59, 5, time.UTC), got[0])
	assert.Equal(t, time.Date(2012, 2, 29, 23, 59, 59, 0, kath), got[1])
	assert.Empty(t, shrinks[time.Time](timeShrinker(calendar.All()), time.Date(2012, 2, 29, 1, 0, 0, 0, time.UTC)))

	for _, c := range []struct {
		n    int
		want []int
	}{
		{100, []int{1, 50, 25, 12, 6, 3, 1}},
		{-7, []int{-1, -3, -1}},
		{1, nil},
		{-1, nil},
		{2, []int{1, 1}},
		{0, nil},
	} {
		assert.Equal(t, c.want, shrinks[int](intShrinker, c.n), "shrinking %+d", c.n)
	}
}

// With EdgeShare(1) every draw is an edge date, and the edge dates of every
// year of the range are drawn, the last one too (a year draw past the end
// of the range is clamped to it, so the last year has draws of its own).
func TestEdgeDrawsReachEveryYearOfTheRange(t *testing.T) {
	r := mustRangeP(t, "2000-01-01", "2010-12-31")
	opts := []Option{InRange(r.First(), r.Last()), EdgeShare(1)}
	const n = 20000
	for name, ds := range dateSources(n, opts...) {
		perYear := map[int]int{}
		for _, d := range ds {
			require.True(t, r.Contains(d), "%s drew %s outside %s", name, d, r)
			require.True(t, edgeLike(d), "%s drew %s, not an edge date, with EdgeShare(1)", name, d)
			perYear[d.Year]++
		}
		// Year draws alternate around 2000 and clamp into the range, so 2000
		// has half of them and each later year about one in 21.
		for y := r.First().Year; y <= r.Last().Year; y++ {
			assert.Greater(t, perYear[y], n/100, "%s: draws in %d (of %d): %v", name, y, n, perYear)
		}
	}
}

// edgeLike reports whether d can be an edge date: near a month's start or
// end (which covers February 28 and 29, March 1 and December 28..January
// 4), or the date of an edge instant (the special dates and incidents).
func edgeLike(d calendar.Date) bool {
	return d.Day <= 4 || d.Day >= 28 || slices.ContainsFunc(EdgeInstants(), func(t time.Time) bool { return calendar.DateOf(t) == d })
}

// With EdgeShare(0) every draw is uniform: most dates are mid-month.
func TestUniformDrawsWithEdgeShareZero(t *testing.T) {
	r := mustRangeP(t, "2000-01-01", "2010-12-31")
	opts := []Option{InRange(r.First(), r.Last()), EdgeShare(0)}
	const n = 5000
	for name, ds := range dateSources(n, opts...) {
		mid := 0
		for _, d := range ds {
			if !edgeLike(d) {
				mid++
			}
		}
		// 23 of a month's 30.4 days on average are days 5..27.
		assert.Greater(t, mid, n/2, "%s: mid-month dates with EdgeShare(0)", name)
	}
}

// A range without an edge instant or a daylight-saving change in it still
// draws times, all inside it.
func TestTimeDrawsInARangeWithoutEdgeInstants(t *testing.T) {
	r := mustRangeP(t, "2003-06-02", "2003-06-20")
	opts := []Option{InRange(r.First(), r.Last())}
	require.Empty(t, edgeInstantsIn(r))
	o := buildOptions(opts)
	for name, ts := range timeSources(500, opts...) {
		require.Len(t, ts, 500, name)
		for _, tm := range ts {
			require.Equal(t, in, o.domainOf(tm), "%s drew %s outside %s", name, tm.Format(time.RFC3339Nano), r)
		}
	}
	// In UTC, with no edge instant or change of offset to come from, every
	// clock is one the clock draw made: each clock edge, and others.
	opts = append(opts, Zones(time.UTC))
	for name, ts := range timeSources(reachDraws, opts...) {
		clocks := map[[4]int]bool{}
		other := false
		for _, tm := range ts {
			c := [4]int{tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond()}
			clocks[c] = true
			other = other || !slices.Contains(clockEdges, c)
		}
		for _, c := range clockEdges {
			assert.True(t, clocks[c], "%s: clock %02d:%02d:%02d.%09d never drawn", name, c[0], c[1], c[2], c[3])
		}
		assert.True(t, other, "%s: only edge clocks drawn", name)
	}
}

// The rapid generators inside a property: rapid.Example retries a draw that
// panics, a property fails on it, so an index drawn past a slice shows here
// (the zones of Zones, the deltas of Deltas, the edge instants of a range,
// none of them in a range without any).
func TestRapidGeneratorsInsideAProperty(t *testing.T) {
	setFlag(t, "rapid.checks", "1000")
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	quiet := mustRangeP(t, "2003-06-02", "2003-06-20")
	rapid.Check(t, func(rt *rapid.T) {
		Time().Draw(rt, "time")
		Time(InRange(quiet.First(), quiet.Last())).Draw(rt, "time in a quiet range")
		Location(Zones(ny, time.UTC)).Draw(rt, "zone")
		Time(Zones(ny, time.UTC)).Draw(rt, "time in a zone")
		YearDelta(Deltas(5, -7)).Draw(rt, "years")
		MonthDelta(Deltas(5, -7, 1200)).Draw(rt, "months")
		Date(EdgeShare(1)).Draw(rt, "edge date")
	})
}

// The time checks' shrinking proposals, as simplerTimes, simplerYears and
// simplerDeltas document them, worked out by hand.
func TestSimplerProposals(t *testing.T) {
	assert.Equal(t, []int{2000, 2204, 2308, 2360, 2384, 2400, 2404, 2408}, simplerYears(2412, time.February, 29), "2412-02-29: leap years only")
	assert.Equal(t, []int{2000, 1950, 1925, 1912, 1906, 1903, 1901}, simplerYears(1900, time.February, 28))
	assert.Equal(t, []int{2000, 996, 496, 252, 128, 64, 32, 16, 8}, simplerYears(4, time.February, 29), "1000 and 500 are not leap")
	assert.Equal(t, []int{2000, 6000, 8000, 9000, 9500, 9750, 9875, 9937, 9968, 9984, 9992, 9996, 9998}, simplerYears(9999, time.December, 31))
	assert.Empty(t, simplerYears(2000, time.February, 29))

	kath := fixedZone(23) // UTC+05:45
	at := time.Date(2413, 5, 17, 13, 45, 12, 500000000, kath)
	years := func(loc *time.Location, ns int, ys ...int) []time.Time {
		var out []time.Time
		for _, y := range ys {
			out = append(out, time.Date(y, 5, 17, 13, 45, 12, ns, loc))
		}
		return out
	}
	all := []int{2000, 2207, 2310, 2362, 2388, 2401, 2407, 2410, 2412}
	want := append([]time.Time{
		time.Date(2413, 5, 17, 13, 45, 12, 500000000, time.UTC),
		time.Date(2413, 5, 17, 13, 45, 12, 0, kath),
		time.Date(2413, 5, 17, 0, 0, 0, 0, kath),
	}, years(kath, 500000000, all...)...)
	assert.Equal(t, want, simplerTimes(buildOptions(nil), at))
	// Only what the options could have drawn: the zones given, whole
	// seconds, the range.
	assert.Equal(t, want[1:], simplerTimes(buildOptions([]Option{Zones(kath)}), at), "Zones: no UTC")
	whole := buildOptions([]Option{WholeSeconds()})
	assert.Equal(t, want[1:3], simplerTimes(whole, at), "whole seconds: no sub-second part")
	assert.Equal(t, append(want[:3:3], years(kath, 500000000, 2401, 2407, 2410, 2412)...),
		simplerTimes(buildOptions([]Option{InRange(calendar.Date{Year: 2400, Month: 1, Day: 1}, calendar.Date{Year: 2500, Month: 12, Day: 31})}), at), "InRange: years inside")
	// The same instant in UTC is simpler than in another zone of offset 0.
	gmt := time.Date(2000, 3, 1, 13, 45, 0, 0, time.FixedZone("GMT", 0))
	assert.Equal(t, []time.Time{time.Date(2000, 3, 1, 13, 45, 0, 0, time.UTC), time.Date(2000, 3, 1, 0, 0, 0, 0, gmt.Location())}, simplerTimes(buildOptions(nil), gmt))
	midnightUTC := time.Date(2000, 3, 1, 0, 0, 0, 0, time.UTC)
	assert.Empty(t, simplerTimes(buildOptions(nil), midnightUTC), "nothing simpler than midnight UTC in 2000")
	for _, c := range []time.Time{midnightUTC.Add(5 * time.Second), midnightUTC.Add(5 * time.Minute), midnightUTC.Add(5 * time.Hour)} {
		assert.Equal(t, []time.Time{midnightUTC}, simplerTimes(buildOptions(nil), c), "%s: midnight", c.Format(time.RFC3339))
	}

	o := buildOptions(nil)
	assert.Equal(t, []int{1, 50}, simplerDeltas(o, 100))
	assert.Equal(t, []int{-1, -3}, simplerDeltas(o, -7))
	assert.Equal(t, []int{1}, simplerDeltas(o, 2), "1 and 2/2 are one proposal")
	assert.Empty(t, simplerDeltas(o, 1))
	assert.Empty(t, simplerDeltas(o, -1))
	assert.Empty(t, simplerDeltas(o, 0), "nothing is simpler than 0")
	assert.Equal(t, []int{50}, simplerDeltas(buildOptions([]Option{Deltas(100, 50)}), 100), "Deltas: only those given")

	assert.False(t, allowedTime(o, time.Time{}), "the zero time")
	assert.False(t, allowedTime(whole, at), "a fraction under whole seconds")
	assert.True(t, allowedTime(o, at))
	assert.False(t, allowedTime(o, time.Date(1, 1, 1, 0, 0, 0, 0, kath)), "year 0 in UTC")
}

// Around a daylight-saving change the generators draw the change itself,
// the nanosecond and the second before it, a second, half an hour and an
// hour either side (dstOffsets' doc: inside and past the skipped or
// repeated hour).
func TestDrawsAroundADaylightSavingChange(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	change := time.Date(2021, 3, 14, 7, 0, 0, 0, time.UTC) // 02:00 EST becomes 03:00 EDT
	opts := []Option{InRange(calendar.Date{Year: 2021, Month: 3, Day: 1}, calendar.Date{Year: 2021, Month: 3, Day: 31}), Zones(ny)}
	for name, ts := range timeSources(reachDraws, opts...) {
		seen := map[time.Duration]bool{}
		for _, tm := range ts {
			if d := tm.Sub(change); d.Abs() <= time.Hour {
				seen[d] = true
			}
		}
		for _, d := range []time.Duration{0, -time.Nanosecond, -time.Second, time.Second, 30 * time.Minute, -30 * time.Minute, time.Hour, -time.Hour} {
			assert.True(t, seen[d], "%s: the change %+v never drawn", name, d)
		}
	}
}

// count is how many of xs equal x.
func count(xs []int, x int) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}
