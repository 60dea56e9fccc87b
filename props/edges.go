package props

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
	_ "time/tzdata" // real zones with daylight-saving rules on every machine

	"github.com/leapcheck/leapcheck/corpus"
	"github.com/leapcheck/leapcheck/models/calendar"
)

// The edge table. Both the rapid and the gopter generators turn a few small
// integers into a dangerous date with edgeDate, so they draw from the same
// table; only the source of the integers differs. Kind 0 is the most
// dangerous, and every integer shrinks towards 0, so a failing case shrinks
// towards a February 29 near the year 2000; within a kind, pick 0 is the
// dangerous side of its edge (February 28, the day before a leap day; a
// month's last day, which month arithmetic overflows from).
const (
	edgeLeapDay       = iota // February 29 of a leap year
	edgeAroundLeapDay        // February 28 or March 1, of leap and common years
	edgeCentury              // around February 29 and the turn of a century year (1900, 2000, 2100)
	edgeMonthBoundary        // the first or last day of any month
	edgeYearBoundary         // December 28..31 and January 1..4: ISO week 1, 52 and 53
	edgeSpecial              // the special dates below, the range bounds and the incidents
	numEdgeKinds
)

// anchorYear is where year draws start: draw 0 is 2000, then 1999, 2001,
// 1998, 2002, ... so that shrunk counterexamples have familiar years.
const anchorYear = 2000

// edgePicks returns how many dates edge kind offers for one year draw, or
// 0 for a number that is not a kind. The pick that chooses among them is
// in [0, edgePicks(kind)), drawn over exactly that range so that each date
// of the kind is as likely as the others (no pick is reduced modulo, which
// would favour some).
func edgePicks(kind int) int {
	switch kind {
	case edgeLeapDay:
		return 1
	case edgeAroundLeapDay:
		return 2
	case edgeCentury:
		return 5
	case edgeMonthBoundary:
		return 24
	case edgeYearBoundary:
		return 8
	case edgeSpecial:
		return len(specialDates()) + 2
	}
	return 0 // not a kind: no pick is in range
}

// specialInstants are instants that have broken software or sit on a format
// boundary, beside the incidents of corpus/. Each is in UTC.
var specialInstants = []time.Time{
	time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),                // MinDate
	time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),        // RFC 5280 "no well-defined expiration"
	time.Date(1949, 12, 31, 23, 59, 59, 0, time.UTC),        // last instant before UTCTime's range
	time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC),             // UTCTime YY=50 means 1950
	time.Date(2049, 12, 31, 23, 59, 59, 0, time.UTC),        // UTCTime YY=49 means 2049
	time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC),             // GeneralizedTime from here
	time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),             // Unix epoch
	time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC),        // Y2K
	time.Date(2000, 2, 29, 12, 0, 0, 0, time.UTC),           // the century leap day
	time.Date(2038, 1, 19, 3, 14, 7, 0, time.UTC),           // last second of 32-bit time_t
	time.Date(2038, 1, 19, 3, 14, 8, 0, time.UTC),           // first second past it
	time.Date(2036, 2, 7, 6, 28, 16, 0, time.UTC),           // NTP era 0 rolls over
	time.Date(2100, 2, 28, 23, 59, 59, 999999999, time.UTC), // not a leap year
	time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC),             // not a leap year (Excel thinks it is)
	time.Date(1582, 10, 15, 0, 0, 0, 0, time.UTC),           // first day of the Gregorian calendar
	time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC),            // Azure
	time.Date(2262, 4, 11, 23, 47, 16, 854775807, time.UTC), // int64 nanoseconds since 1970 overflow
	time.Date(1677, 9, 21, 0, 12, 43, 145224192, time.UTC),  // and underflow
	time.Date(2106, 2, 7, 6, 28, 15, 0, time.UTC),           // unsigned 32-bit time_t
	time.Date(1901, 12, 13, 20, 45, 52, 0, time.UTC),        // signed 32-bit time_t minimum
}

// EdgeInstants returns every instant of the edge table, in UTC, sorted and
// without duplicates: the format boundaries and historic instants above and,
// the dangerous instants of every incident in corpus/ (corpus.Instants).
// Use it to seed your own tests and fuzz targets.
func EdgeInstants() []time.Time { return edgeInstants() }

var edgeInstants = sync.OnceValue(func() []time.Time {
	all := append(append([]time.Time(nil), specialInstants...), corpus.Instants()...)
	for i := range all {
		all[i] = all[i].UTC()
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Before(all[j]) })
	out := all[:0]
	for i, t := range all {
		if i == 0 || !t.Equal(out[len(out)-1]) {
			out = append(out, t)
		}
	}
	return out
})

// specialDates are the UTC dates of EdgeInstants, sorted and unique, plus
// the model's bounds.
var specialDates = sync.OnceValue(func() []calendar.Date {
	var ds []calendar.Date
	for _, t := range edgeInstants() {
		d := calendar.DateOf(t)
		if d.Valid() && (len(ds) == 0 || ds[len(ds)-1] != d) {
			ds = append(ds, d)
		}
	}
	return append(ds, calendar.MaxDate)
})

// EdgeDates returns the dates of the edge table inside first..last, sorted:
// the special dates, and for every year in the range its February 28, 29 and
// March 1, its month ends and its December 28..January 4. It is the
// deterministic counterpart of the generators, for sweeps and seeds.
func EdgeDates(r calendar.Range) []calendar.Date {
	if r.Len() == 0 {
		return nil
	}
	out := make([]calendar.Date, 0, 31*(r.Last().Year-r.First().Year+1)+len(specialDates())+2)
	add := func(d calendar.Date) {
		if r.Contains(d) {
			out = append(out, d)
		}
	}
	for _, d := range specialDates() {
		add(d)
	}
	add(r.First())
	add(r.Last())
	for y := r.First().Year; y <= r.Last().Year; y++ {
		for m := time.January; m <= time.December; m++ {
			add(calendar.Date{Year: y, Month: m, Day: 1})
			add(calendar.Date{Year: y, Month: m, Day: calendar.DaysIn(y, m)})
		}
		add(calendar.Date{Year: y, Month: time.February, Day: 28})
		for d := 28; d <= 31; d++ {
			add(calendar.Date{Year: y, Month: time.December, Day: d})
		}
		for d := 1; d <= 4; d++ {
			add(calendar.Date{Year: y, Month: time.January, Day: d})
		}
	}
	slices.SortFunc(out, calendar.Date.Compare)
	return slices.Compact(out)
}

// familiarSpans are the years where leap rules and format boundaries bite,
// most familiar first: the edge tables try them before any other year, so
// that the first counterexample found reads easily.
var familiarSpans = [][2]int{{1996, 2040}, {2096, 2104}, {1896, 1904}, {1948, 1952}, {2048, 2052}, {2396, 2404}, {396, 404}, {96, 104}, {1, 9}, {9990, 9999}}

// familiarRank is the position of y's span in familiarSpans, or
// len(familiarSpans) for the other years.
func familiarRank(y int) int {
	for i, s := range familiarSpans {
		if y >= s[0] && y <= s[1] {
			return i
		}
	}
	return len(familiarSpans)
}

// edgeDatesFamiliarFirst is EdgeDates(r) with the dates of the familiar
// years first (span by span, each in order), then the others in order:
// the order of the edge phase, which -short cuts after its first part. The
// result is shared (for the whole model, computed once): callers only read
// it.
func edgeDatesFamiliarFirst(r calendar.Range) []calendar.Date {
	if r == calendar.All() {
		return allEdgeDatesFamiliarFirst()
	}
	return edgeDatesInFamiliarOrder(r)
}

var allEdgeDatesFamiliarFirst = sync.OnceValue(func() []calendar.Date { return edgeDatesInFamiliarOrder(calendar.All()) })

func edgeDatesInFamiliarOrder(r calendar.Range) []calendar.Date {
	buckets := make([][]calendar.Date, len(familiarSpans)+1)
	for _, d := range EdgeDates(r) {
		k := familiarRank(d.Year)
		buckets[k] = append(buckets[k], d)
	}
	return slices.Concat(buckets...)
}

// yearOf maps a year draw to a year in r: 0 is the anchor (2000, or the
// nearest year of r), then alternately one year earlier and later.
func yearOf(r calendar.Range, draw int) int {
	lo, hi := r.First().Year, r.Last().Year
	anchor := min(max(anchorYear, lo), hi)
	off := (draw + 1) / 2
	if draw%2 == 1 {
		off = -off
	}
	return min(max(anchor+off, lo), hi)
}

// edgeDate maps a kind, a year draw and a pick in [0, edgePicks(kind)) to a
// dangerous date in r. Every such input gives a valid date of r; a kind
// that is not one, or a pick outside its kind's range, is a bug in the
// caller, and panics.
func edgeDate(r calendar.Range, kind, yearDraw, pick int) calendar.Date {
	if n := edgePicks(kind); pick < 0 || pick >= n {
		panic(fmt.Sprintf("props: edge pick %d outside [0, %d) of kind %d", pick, n, kind))
	}
	y := yearOf(r, yearDraw)
	var d calendar.Date
	switch kind {
	case edgeLeapDay:
		// The leap year at or before y, or failing that after it.
		ly := y - y%4
		for ly > 0 && !calendar.IsLeap(ly) {
			ly -= 4
		}
		if ly < r.First().Year || !r.Contains(calendar.Date{Year: ly, Month: time.February, Day: 29}) {
			ly = y + (4-y%4)%4
			for !calendar.IsLeap(ly) {
				ly += 4
			}
		}
		d = calendar.Date{Year: ly, Month: time.February, Day: 29}
	case edgeAroundLeapDay:
		d = calendar.Date{Year: y, Month: time.February, Day: 28}
		if pick == 1 {
			d = calendar.Date{Year: y, Month: time.March, Day: 1}
		}
	case edgeCentury:
		c := (y + 50) / 100 * 100
		if c < 1 {
			c = 100
		}
		if c > 9999 {
			c = 9900
		}
		d = []calendar.Date{
			{Year: c, Month: time.February, Day: 28},
			{Year: c, Month: time.February, Day: calendar.DaysIn(c, time.February)},
			{Year: c, Month: time.March, Day: 1},
			{Year: c, Month: time.January, Day: 1},
			{Year: c - 1, Month: time.December, Day: 31},
		}[pick]
	case edgeMonthBoundary:
		m := time.Month(pick%12 + 1)
		d = calendar.Date{Year: y, Month: m, Day: calendar.DaysIn(y, m)}
		if pick >= 12 {
			d.Day = 1
		}
	case edgeYearBoundary:
		if pick < 4 {
			d = calendar.Date{Year: y, Month: time.December, Day: 28 + pick}
		} else {
			d = calendar.Date{Year: y, Month: time.January, Day: pick - 3}
		}
	case edgeSpecial:
		specials := specialDates()
		switch {
		case pick == len(specials):
			d = r.First()
		case pick == len(specials)+1:
			d = r.Last()
		default:
			d = specials[pick]
		}
	}
	return clampToRange(r, d)
}

// clampToRange returns d, or the bound of r nearest to it if d is outside r.
func clampToRange(r calendar.Range, d calendar.Date) calendar.Date {
	switch {
	case !d.Valid() || d.Before(r.First()):
		if d.Valid() || d.Year < r.First().Year {
			return r.First()
		}
		return r.Last()
	case d.After(r.Last()):
		return r.Last()
	}
	return d
}

// civilDate maps a year draw, a month and a day (1..31, folded into the
// month's length) to a date in r.
func civilDate(r calendar.Range, yearDraw, month, day int) calendar.Date {
	y, m := yearOf(r, yearDraw), time.Month(month)
	d := calendar.Date{Year: y, Month: m, Day: (day-1)%calendar.DaysIn(y, m) + 1}
	return clampToRange(r, d)
}

// uniformDate maps a draw in 0..r.Len()-1 to the day of r with that offset.
func uniformDate(r calendar.Range, off int64) calendar.Date {
	d, err := r.First().AddDays(int(off))
	if err != nil || !r.Contains(d) {
		return r.First()
	}
	return d
}
