package props

import (
	"math/rand"
	"reflect"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leapcheck/leapcheck/models/calendar"
)

// The gopter generators draw with the same distribution as the rapid ones
// (the same edge share, edge kinds and uniform range), from gopter's random
// source, and map the draws through the same edge table. They do not draw
// the same values: a seed of one library means nothing to the other.

// GenDate returns a gopter generator of valid dates, with the same options
// and the same edge table as Date. Its shrinker keeps the month and day and
// moves the year towards 2000, so a failing February 29 shrinks to a
// February 29 (the nearest leap year to 2000 that still fails), never to a
// date of another kind. Invalid options make every draw fail (an empty
// result), and the property reports that it could not generate.
func GenDate(opts ...Option) gopter.Gen {
	o := buildOptions(opts)
	return func(p *gopter.GenParameters) *gopter.GenResult {
		if o.err != nil {
			return gopter.NewEmptyResult(dateType)
		}
		return gopter.NewGenResult(randDate(p.Rng, o), dateShrinker(o.rng))
	}
}

func randDate(rng *rand.Rand, o options) calendar.Date {
	if rng.Intn(100) >= o.edgePercent() {
		return uniformDate(o.rng, rng.Int63n(o.rng.Len()))
	}
	kind := rng.Intn(numEdgeKinds)
	year := rng.Intn(o.yearDraws() + 1)
	return edgeDate(o.rng, kind, year, rng.Intn(edgePicks(kind)))
}

// dateShrinker proposes the same month and day in years halfway to the
// anchor year, keeping February 29 on leap years.
func dateShrinker(r calendar.Range) gopter.Shrinker {
	return func(v any) gopter.Shrink {
		d := v.(calendar.Date)
		var cands []calendar.Date
		anchor := yearOf(r, 0)
		for y := d.Year; y != anchor; {
			y = anchor + (y-anchor)/2
			c := calendar.Date{Year: y, Month: d.Month, Day: d.Day}
			if d.Month == time.February && d.Day == 29 {
				c = edgeDate(r, edgeLeapDay, yearDrawFor(r, y), 0)
			}
			if c.Valid() && r.Contains(c) && c != d && (len(cands) == 0 || cands[len(cands)-1] != c) {
				cands = append(cands, c)
			}
		}
		return sliceShrink(cands)
	}
}

// yearDrawFor is the inverse of yearOf: the draw that gives year y.
func yearDrawFor(r calendar.Range, y int) int {
	off := y - yearOf(r, 0)
	if off > 0 {
		return 2 * off
	}
	return -2*off - 1 + boolInt(off == 0)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sliceShrink[T any](vs []T) gopter.Shrink {
	i := 0
	return func() (any, bool) {
		if i >= len(vs) {
			return nil, false
		}
		i++
		return vs[i-1], true
	}
}

// GenTime returns a gopter generator of instants, as Time does for rapid:
// edge dates, edge clocks and sub-second parts, UTC, fixed offsets and real
// zones, exact edge instants and instants around daylight-saving
// transitions. It shrinks the location to UTC and the sub-second part to 0,
// keeping the date.
func GenTime(opts ...Option) gopter.Gen {
	o := buildOptions(opts)
	return func(p *gopter.GenParameters) *gopter.GenResult {
		if o.err != nil {
			return gopter.NewEmptyResult(timeType)
		}
		return gopter.NewGenResult(randTime(p.Rng, o), timeShrinker(o.rng))
	}
}

func randTime(rng *rand.Rand, o options) time.Time { return o.finish(randTimeRaw(rng, o)) }

func randTimeRaw(rng *rand.Rand, o options) time.Time {
	switch rng.Intn(10) {
	case 8:
		if insts := edgeInstantsIn(o.rng); len(insts) > 0 {
			at := insts[rng.Intn(len(insts))]
			return inRange(o, at.In(randLocation(rng, o)), o.fallback(calendar.DateOf(at)))
		}
	case 9:
		d := randDate(rng, o)
		zs := o.dstZones()
		if at, ok := transitionNear(d, zs[rng.Intn(len(zs))]); ok {
			return inRange(o, at.Add(dstOffsets[rng.Intn(len(dstOffsets))]), o.fallback(d))
		}
	}
	d := randDate(rng, o)
	h, m, s, ns := clockOf(rng.Intn(len(clockEdges)+1), rng.Intn(86400), rng.Intn(1e9))
	return inRange(o, time.Date(d.Year, d.Month, d.Day, h, m, s, ns, randLocation(rng, o)), o.fallback(d))
}

// randDelta draws a delta as drawDelta does, from rng.
func randDelta(rng *rand.Rand, o options, edges []int, span int) int {
	if o.deltas != nil {
		return o.deltas[rng.Intn(len(o.deltas))]
	}
	return deltaOf(edges, rng.Intn(2) == 0, rng.Intn(len(edges)), rng.Intn(2*span+1)-span)
}

func randLocation(rng *rand.Rand, o options) *time.Location {
	if zs := o.zones; zs != nil {
		return zs[rng.Intn(len(zs))]
	}
	switch rng.Intn(3) {
	case 1:
		return fixedZone(rng.Intn(14*8+1) - 14*4)
	case 2:
		zs := realZones()
		return zs[rng.Intn(len(zs))]
	}
	return time.UTC
}

func timeShrinker(r calendar.Range) gopter.Shrinker {
	return func(v any) gopter.Shrink {
		t := v.(time.Time)
		var cands []time.Time
		if t.Location() != time.UTC {
			cands = append(cands, inRange(options{rng: r}, time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), t))
		}
		if t.Nanosecond() != 0 {
			cands = append(cands, t.Truncate(time.Second))
		}
		return sliceShrink(cands)
	}
}

// GenYearDelta returns a gopter generator of year counts, as YearDelta.
func GenYearDelta(opts ...Option) gopter.Gen { return genDelta(yearDeltas, 30, buildOptions(opts)) }

// GenMonthDelta returns a gopter generator of month counts, as MonthDelta.
func GenMonthDelta(opts ...Option) gopter.Gen { return genDelta(monthDeltas, 400, buildOptions(opts)) }

func genDelta(edges []int, span int, o options) gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		if o.err != nil {
			return gopter.NewEmptyResult(reflect.TypeOf(0))
		}
		return gopter.NewGenResult(randDelta(p.Rng, o, edges, span), intShrinker)
	}
}

// intShrinker proposes 1 and -1 (the smallest deltas that move a date),
// then halves towards them.
func intShrinker(v any) gopter.Shrink {
	n := v.(int)
	if n == 0 {
		return sliceShrink[int](nil) // nothing is simpler than 0
	}
	var cands []int
	for _, c := range []int{1, -1} {
		if c != n && (c > 0) == (n > 0) {
			cands = append(cands, c)
		}
	}
	for h := n / 2; h != 0 && h != n; h /= 2 {
		cands = append(cands, h)
	}
	return sliceShrink(cands)
}
