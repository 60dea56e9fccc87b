package props

import (
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"
)

// Date returns a rapid generator of valid dates, by default over the whole
// model (0001-01-01..9999-12-31) with half the draws from the edge table.
// Counterexamples shrink towards the edge table's first kind, February 29,
// and towards years near 2000: a bug that fails only on leap days is
// reported as 2000-02-29 or another February 29, not as an unrelated date.
//
// Invalid options fail the test that draws from the generator, with a
// message naming the option.
func Date(opts ...Option) *rapid.Generator[calendar.Date] {
	o := buildOptions(opts)
	return rapid.Custom(func(t *rapid.T) calendar.Date {
		if o.err != nil {
			t.Fatalf("%v", o.err)
		}
		return drawDate(t, o, "")
	})
}

// drawDate draws one date; label prefixes the draw labels so that a failing
// case's log says which date each draw belongs to.
func drawDate(t *rapid.T, o options, label string) calendar.Date {
	// Draw 0 means "edge", so shrinking prefers edges.
	if rapid.IntRange(0, 99).Draw(t, label+"uniform%") >= o.edgePercent() {
		// rapid biases integers towards small values, so a day offset drawn
		// over a wide range would rarely reach its middle. Year, month and
		// day are drawn separately instead, and each reaches every value.
		return civilDate(o.rng, rapid.IntRange(0, o.yearDraws()).Draw(t, label+"year"),
			rapid.IntRange(1, 12).Draw(t, label+"month"), rapid.IntRange(1, 31).Draw(t, label+"day"))
	}
	kind := rapid.IntRange(0, numEdgeKinds-1).Draw(t, label+"edge")
	year := rapid.IntRange(0, o.yearDraws()).Draw(t, label+"year")
	pick := rapid.IntRange(0, edgePicks(kind)-1).Draw(t, label+"pick")
	return edgeDate(o.rng, kind, year, pick)
}

// Time returns a rapid generator of instants with a wall clock, a sub-second
// part and a location: dates as Date draws them, clocks biased to midnight,
// 23:59:59.999999999 and noon, locations among UTC, fixed offsets from -14h to
// +14h and real zones with daylight saving (from the embedded tz database),
// and a share of exact edge instants (2038-01-19T03:14:07Z, the UTCTime
// pivot, the incidents) and of instants on either side of a real zone's
// daylight-saving transition.
func Time(opts ...Option) *rapid.Generator[time.Time] {
	o := buildOptions(opts)
	return rapid.Custom(func(t *rapid.T) time.Time {
		if o.err != nil {
			t.Fatalf("%v", o.err)
		}
		return drawTime(t, o)
	})
}

func drawTime(t *rapid.T, o options) time.Time { return o.finish(drawTimeRaw(t, o)) }

func drawTimeRaw(t *rapid.T, o options) time.Time {
	switch rapid.IntRange(0, 9).Draw(t, "time kind") {
	case 8: // an exact edge instant, seen from some location
		insts := edgeInstantsIn(o.rng)
		if len(insts) > 0 {
			at := insts[rapid.IntRange(0, len(insts)-1).Draw(t, "instant")]
			return inRange(o, at.In(drawLocation(t, o)), o.fallback(calendar.DateOf(at)))
		}
	case 9: // around a daylight-saving transition
		d := drawDate(t, o, "")
		zs := o.dstZones()
		loc := zs[rapid.IntRange(0, len(zs)-1).Draw(t, "dst zone")]
		at, ok := transitionNear(d, loc)
		if ok {
			at = at.Add(dstOffsets[rapid.IntRange(0, len(dstOffsets)-1).Draw(t, "dst offset")])
			return inRange(o, at, o.fallback(d))
		}
	}
	d := drawDate(t, o, "")
	h, m, s, ns := clockOf(rapid.IntRange(0, len(clockEdges)).Draw(t, "clock"),
		rapid.IntRange(0, 86399).Draw(t, "second of day"), rapid.IntRange(0, 999999999).Draw(t, "ns"))
	return inRange(o, time.Date(d.Year, d.Month, d.Day, h, m, s, ns, drawLocation(t, o)), o.fallback(d))
}

// Location returns a rapid generator of locations: UTC first (where
// counterexamples shrink to), then fixed offsets from -14h to +14h in
// quarter hours, then real zones with daylight saving; or, given Zones, one
// of those.
func Location(opts ...Option) *rapid.Generator[*time.Location] {
	o := buildOptions(opts)
	return rapid.Custom(func(t *rapid.T) *time.Location {
		if o.err != nil {
			t.Fatalf("%v", o.err)
		}
		return drawLocation(t, o)
	})
}

func drawLocation(t *rapid.T, o options) *time.Location {
	if zs := o.zones; zs != nil {
		return zs[rapid.IntRange(0, len(zs)-1).Draw(t, "zone")]
	}
	switch rapid.IntRange(0, 2).Draw(t, "location kind") {
	case 1:
		return fixedZone(rapid.IntRange(-14*4, 14*4).Draw(t, "offset quarters"))
	case 2:
		zs := realZones()
		return zs[rapid.IntRange(0, len(zs)-1).Draw(t, "zone")]
	}
	return time.UTC
}

// YearDelta returns a rapid generator of year counts to add: small counts,
// and 1, 3, 4, 100 and 400 (the leap cycles, and 3, which takes a leap day
// to a year next to a leap year) either way, more often than
// chance; given Deltas, only those. A property that fails on every count
// shrinks to 1.
func YearDelta(opts ...Option) *rapid.Generator[int] {
	return deltaGen(yearDeltas, 30, "years", buildOptions(opts))
}

// MonthDelta returns a rapid generator of month counts to add: small counts
// and 1, 11, 12, 13, 24, 48 and 1200 either way, more often than chance;
// given Deltas, only those. A property that fails on every count shrinks
// to 1.
func MonthDelta(opts ...Option) *rapid.Generator[int] {
	return deltaGen(monthDeltas, 400, "months", buildOptions(opts))
}

func deltaGen(edges []int, span int, label string, o options) *rapid.Generator[int] {
	return rapid.Custom(func(t *rapid.T) int { return drawDelta(t, o, edges, span, label) })
}

func drawDelta(t *rapid.T, o options, edges []int, span int, label string) int {
	if o.err != nil {
		t.Fatalf("%v", o.err)
	}
	if o.deltas != nil {
		return o.deltas[rapid.IntRange(0, len(o.deltas)-1).Draw(t, label)]
	}
	// Draw 0 means "edge", so shrinking prefers the edge counts, whose first is 1.
	return deltaOf(edges, rapid.IntRange(0, 1).Draw(t, "edge delta") == 0,
		rapid.IntRange(0, len(edges)-1).Draw(t, "delta"), rapid.IntRange(-span, span).Draw(t, label))
}
