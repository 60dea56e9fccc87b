package props

import (
	"sync"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Shared helpers of the rapid and gopter time generators.

// clockEdges are the wall clocks most likely to break date code: midnight,
// the last nanosecond of the day, the last second, noon, and 01:30 and 02:30
// (inside the hours that daylight-saving changes skip or repeat).
var clockEdges = [][4]int{
	{0, 0, 0, 0}, {23, 59, 59, 999999999}, {23, 59, 59, 0}, {12, 0, 0, 0}, {1, 30, 0, 0}, {2, 30, 0, 0},
}

// clockOf returns clock edge i, or for i == len(clockEdges) the given second
// of the day and nanosecond.
func clockOf(i, secondOfDay, ns int) (h, m, s, nsec int) {
	if i < len(clockEdges) {
		c := clockEdges[i]
		return c[0], c[1], c[2], c[3]
	}
	return secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, ns
}

// dstOffsets are the distances from a transition at which instants are
// drawn: the transition itself and just before it, and inside and past the
// skipped or repeated hour.
var dstOffsets = []time.Duration{0, -time.Nanosecond, -time.Second, time.Second, 30 * time.Minute, -30 * time.Minute, time.Hour, -time.Hour}

// realZoneNames are zones whose rules have broken software: daylight saving
// at midnight (Sao Paulo until 2019, Santiago), half-hour saving (Lord
// Howe), negative saving (Dublin), two-hour saving (Troll), a skipped day
// (Apia skipped 2011-12-30), +14h (Kiritimati), odd offsets (Kathmandu
// +5:45, St Johns -3:30, Chatham +12:45), and the usual US and EU rules.
var realZoneNames = []string{
	"America/New_York", "Europe/London", "Europe/Berlin", "Australia/Lord_Howe", "America/Sao_Paulo",
	"America/Santiago", "Europe/Dublin", "Antarctica/Troll", "Pacific/Apia", "Pacific/Kiritimati",
	"Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Australia/Sydney", "Asia/Tehran",
}

// realZones loads realZoneNames from the embedded tz database.
var realZones = sync.OnceValue(func() []*time.Location {
	var zs []*time.Location
	for _, name := range realZoneNames {
		if loc, err := time.LoadLocation(name); err == nil {
			zs = append(zs, loc)
		}
	}
	if len(zs) == 0 {
		zs = append(zs, time.UTC)
	}
	return zs
})

// dstZones are the zones whose transitions times are drawn around: the real
// zones with daylight saving somewhere in their history, or the zones of a
// Zones option.
func (o options) dstZones() []*time.Location {
	if o.zones != nil {
		return o.zones
	}
	return realZones()
}

// fallback is the time drawn on d, a day of the range, when a drawn time
// leaves the range: noon of d in the first of the option's zones (UTC
// without Zones), where counterexamples read best; if noon is outside the
// range in UTC (noon of 0001-01-01 at +14:00 is in year 0; noon of a
// range's only day at -14:00 is the next day in UTC), the first second of
// d in that zone, or else its last.
//
// One of the three is in the range whenever d is, for a zone less than a
// day from UTC (every real zone and every offset Location draws): at an
// offset of u <= 0 (east of UTC is u > 0) the first second of d is
// 00:00:00 - u in UTC, on d since -u < 24h; at u > 0 the last second is
// 23:59:59 - u, on d since u < 24h. (A day a real zone skips has no
// instant at all: Pacific/Apia went from 2011-12-29 to 2011-12-31.
// TestFallbackStaysInTheRangeOnTheDayDrawn checks the claim against every
// quarter hour of d.)
//
// The local date is d in all three, so the time keeps the day drawn: an
// edge date stays an edge date. For a zone a day or more from UTC it
// returns noon even outside the range, and the check does not judge it.
func (o options) fallback(d calendar.Date) time.Time {
	loc := time.UTC
	if o.zones != nil {
		loc = o.zones[0]
	}
	noon := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc)
	for _, t := range []time.Time{noon, d.In(loc), time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 0, loc)} {
		if o.domainOf(t) == in {
			return t
		}
	}
	return noon
}

func fixedZone(quarters int) *time.Location {
	off := quarters * 15 * 60
	if off == 0 {
		return time.UTC
	}
	sign, a := "+", off
	if a < 0 {
		sign, a = "-", -a
	}
	name := "UTC" + sign + two(a/3600) + ":" + two(a/60%60)
	return time.FixedZone(name, off)
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// transitionNear returns the first zone transition of loc at or after the
// start of d, within a year, if there is one.
func transitionNear(d calendar.Date, loc *time.Location) (time.Time, bool) {
	t := d.In(loc)
	// ZoneBounds' end is the first transition after its instant, so ask it
	// a nanosecond before the start: a transition at the start (a skipped
	// midnight, where d.In returns the transition itself) counts.
	_, end := t.Add(-time.Nanosecond).ZoneBounds()
	if end.IsZero() || end.Sub(t) > 366*24*time.Hour {
		return time.Time{}, false
	}
	return end, true
}

// edgeInstantsIn returns the edge instants whose UTC date is in r.
func edgeInstantsIn(r calendar.Range) []time.Time {
	var out []time.Time
	for _, t := range edgeInstants() {
		if r.Contains(calendar.DateOf(t)) {
			out = append(out, t)
		}
	}
	return out
}

// inRange returns t if its date is within the range both in its own
// location and in UTC, and fallback otherwise: a time near the bounds can
// leave the range when seen from a far offset (0001-01-01T00:00:00+05:45 is
// still year 0 in UTC), and every generated time must be an instant the
// models accept.
func inRange(o options, t, fallback time.Time) time.Time {
	if o.domainOf(t) == in {
		return t
	}
	return fallback
}

var (
	yearDeltas  = []int{1, -1, 4, -4, 100, -100, 400, -400, 0, 3, -3}
	monthDeltas = []int{1, -1, 11, -11, 12, -12, 13, -13, 24, -24, 48, -48, 1200, -1200, 0}
)

// deltaOf returns edges[pick] for an edge draw, the uniform draw
// otherwise. Callers draw pick over exactly [0, len(edges)), so every edge
// count is as likely as the others; a pick outside it panics.
func deltaOf(edges []int, edge bool, pick, uniform int) int {
	if edge {
		return edges[pick]
	}
	return uniform
}
