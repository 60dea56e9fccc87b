package renew

import (
	"fmt"
	"sync"
	"time"
)

// DSTRule is what a daily schedule in a local time zone does with a time
// of day that does not exist (skipped when clocks go forward) or exists
// twice (repeated when they go back). The zero DSTRule is not a rule:
// Validate asks for one whenever Zone is set.
type DSTRule uint8

// DST rules.
const (
	// SystemdDST: a skipped time does not run that day; a repeated time
	// runs once, at its first occurrence. What systemd 252 does with
	// OnCalendar=*-*-* 02:30:00 (run with systemd-analyze calendar
	// --base-time: on 2026-03-29 in Europe/Berlin the next elapse after
	// 00:00 is "Mon 2026-03-30 02:30:00 CEST"; on 2026-10-25 it is "Sun
	// 2026-10-25 02:30:00 CEST (in UTC): Sun 2026-10-25 00:30:00 UTC", then
	// the 26th). systemd.time(7) says nothing about it; upstream issues
	// #5595 and #8647 are open. Persistent= does not bring a skipped run
	// back: the elapse never existed.
	SystemdDST DSTRule = iota + 1
	// CronDST: a skipped time runs at the change, the first instant whose
	// local time is past it; a repeated time runs once, at its first
	// occurrence. Debian cron 3.0pl1-162 (vixie cron), cron(8): "If the
	// time has moved forwards, those jobs which would have run in the time
	// that was skipped will be run soon after the change. Conversely, if
	// the time has moved backwards by less than 3 hours, those jobs that
	// fall into the repeated time will not be re-run"; cronie 1.7.2,
	// cron(8): "will be run immediately". Both apply it to jobs at a fixed
	// time, which is what a daily schedule here is.
	CronDST
)

var dstNames = [...]string{SystemdDST: "systemd", CronDST: "cron"}

// String returns "systemd" or "cron".
func (r DSTRule) String() string {
	if r == SystemdDST || r == CronDST {
		return dstNames[r]
	}
	return fmt.Sprintf("DSTRule(%d)", uint8(r))
}

// MarshalText encodes r as its name.
func (r DSTRule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText decodes "systemd" or "cron"; anything else is an error
// wrapping ErrConfig that lists the names.
func (r *DSTRule) UnmarshalText(b []byte) error {
	return unmarshalName(r, b, "DST rule", dstNames[:])
}

// location returns the schedule's time zone. Zone names are IANA names
// resolved by time.LoadLocation, from the system's zone database or from
// one embedded by the program (the leapcheck command embeds time/tzdata,
// so its answers do not depend on the host).
func (s Schedule) location() (*time.Location, error) {
	if l, ok := zones.Load(s.Zone); ok {
		return l.(*time.Location), nil
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return nil, configError(s.Zone, fmt.Sprintf("schedule %s: Zone = %q: %v", s, s.Zone, err))
	}
	zones.Store(s.Zone, loc)
	return loc, nil
}

// zones memoises time.LoadLocation, which reads the zone database on
// every call: a cache of a pure function of the name (for one zone
// database), not state that changes an answer.
var zones sync.Map

// zonedRuns returns the runs (Unix seconds, ascending) of the wall-clock
// time of day tod on the local date y-m-d in loc, under rule: none, one or
// (never, under these rules) two. A wall time exists when some instant
// shows it; the offsets to try are those in effect a day either side.
func zonedRuns(loc *time.Location, y int, m time.Month, d int, tod time.Duration, rule DSTRule) []int64 {
	wall := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() + int64(tod/time.Second) // the wall clock read as UTC
	var found []int64
	for _, probe := range []int64{wall - secondsPerDay, wall + secondsPerDay} {
		_, off := time.Unix(probe, 0).In(loc).Zone()
		u := wall - int64(off)
		if wallOf(u, loc) == wall && (len(found) == 0 || found[0] != u) {
			found = append(found, u)
		}
	}
	if len(found) == 2 && found[1] < found[0] {
		found[0], found[1] = found[1], found[0]
	}
	switch {
	case len(found) >= 1:
		return found[:1] // a repeated time runs once, at its first occurrence
	case rule == CronDST:
		// Skipped: the first instant whose wall clock is past wall, by
		// bisection between the two candidate instants (the wall clock is
		// nondecreasing in the instant across a forward change).
		_, offA := time.Unix(wall-secondsPerDay, 0).In(loc).Zone()
		_, offB := time.Unix(wall+secondsPerDay, 0).In(loc).Zone()
		lo, hi := min(wall-int64(offA), wall-int64(offB)), max(wall-int64(offA), wall-int64(offB))
		for lo < hi {
			mid := lo + (hi-lo)/2
			if wallOf(mid, loc) >= wall {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return []int64{lo}
	}
	return nil // SystemdDST: no run that day
}

// wallOf returns the local wall clock of instant u in loc, read as UTC
// seconds.
func wallOf(u int64, loc *time.Location) int64 {
	_, off := time.Unix(u, 0).In(loc).Zone()
	return u + int64(off)
}

// nextZonedBase is nextBase for a daily schedule in a zone: the first run
// at or after x over the local dates from the day before x's.
func (s Schedule) nextZonedBase(x int64) (int64, error) {
	loc, err := s.location()
	if err != nil {
		return 0, err
	}
	day := time.Unix(x, 0).In(loc)
	y, m, d := day.Date()
	for k := -1; k <= 3; k++ {
		for _, tod := range s.Times {
			for _, u := range zonedRuns(loc, y, m, d+k, tod, s.DST) {
				if u >= x {
					return s.inRange(u, x)
				}
			}
		}
	}
	return 0, newError(fmt.Sprint(x), ErrRange, fmt.Sprintf("schedule %s: no run after %s", s, unixText(x)))
}
