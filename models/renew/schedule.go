package renew

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// ScheduleKind is when a client wakes up to consider renewing.
type ScheduleKind uint8

// Schedule kinds. The zero kind is Continuous.
const (
	// Continuous: a controller that sleeps until exactly the instant it
	// wants (cert-manager, kubelet, a daemon such as Caddy).
	Continuous ScheduleKind = iota
	// Daily: cron or a systemd timer at one or more times of day (UTC).
	Daily
	// Monthly: on day Day of every month, at Times (UTC).
	Monthly
	// Yearly: on Month Day every year, at Times (UTC).
	Yearly
)

var scheduleKindNames = [...]string{Continuous: "continuous", Daily: "daily", Monthly: "monthly", Yearly: "yearly"}

// String returns "continuous", "daily", "monthly" or "yearly".
func (k ScheduleKind) String() string {
	if int(k) < len(scheduleKindNames) {
		return scheduleKindNames[k]
	}
	return fmt.Sprintf("ScheduleKind(%d)", uint8(k))
}

// MarshalText encodes k as its name, for JSON.
func (k ScheduleKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a name written by MarshalText; an unknown name is
// an error wrapping ErrConfig that lists the names.
func (k *ScheduleKind) UnmarshalText(b []byte) error {
	return unmarshalName(k, b, "schedule kind", scheduleKindNames[:])
}

// DayOverflow is what a monthly or yearly schedule does in a month that has
// no day Day (a job on the 31st in April, on February 29 in 2027). The
// zero value is not a policy: Validate rejects it for Monthly and Yearly.
type DayOverflow uint8

const (
	// Skip: no run that month. What cron does ("0 0 31 * *" runs seven
	// times a year; "0 0 29 2 *" runs in leap years only) and what a
	// systemd OnCalendar=*-*-31 timer does: the calendar event matches
	// only dates that exist.
	Skip DayOverflow = iota + 1
	// Clamp: run on the last day of the month instead (April 30 for the
	// 31st, February 28 for the 29th), like calendar.Clamp.
	Clamp
	// Roll: run on the day the surplus spills into, like calendar.Roll and
	// Go's time.Date: "April 31" is May 1, "February 31, 2027" March 3.
	Roll
)

// String returns "skip", "clamp" or "roll".
func (o DayOverflow) String() string {
	switch o {
	case Skip:
		return "skip"
	case Clamp:
		return "clamp"
	case Roll:
		return "roll"
	}
	return fmt.Sprintf("DayOverflow(%d)", uint8(o))
}

// MarshalText encodes o as its name, for JSON.
func (o DayOverflow) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText decodes a name written by MarshalText; an unknown name is
// an error wrapping ErrConfig that lists the names.
func (o *DayOverflow) UnmarshalText(b []byte) error {
	return unmarshalName(o, b, "day overflow", []string{Skip: "skip", Clamp: "clamp", Roll: "roll"})
}

// unmarshalName sets *v to the index of the name b in names (an enum's
// names indexed by value, "" for no value).
func unmarshalName[T ~uint8](v *T, b []byte, what string, names []string) error {
	var known []string
	for i, n := range names {
		if n == "" {
			continue
		}
		if n == string(b) {
			*v = T(i)
			return nil
		}
		known = append(known, n)
	}
	return configError(string(b), fmt.Sprintf("%q is not a %s (want one of %s)", b, what, strings.Join(known, ", ")))
}

// Schedule is when a client wakes up. Times of day are in UTC (schedules in
// a local zone with daylight saving are not modelled). Delay adds to each
// run a random delay, uniform over the whole seconds of [0, Delay), like
// systemd's RandomizedDelaySec=; the delay of each run is a pure function
// of the client's seed and the run's scheduled instant, so a run is
// reproducible from its inputs.
type Schedule struct {
	Kind ScheduleKind `json:"kind"`
	// Times are the times of day of the runs, as offsets from 00:00 UTC in
	// [0, 24h), for Daily, Monthly and Yearly.
	Times []time.Duration `json:"times,omitempty"`
	// Day is the day of the month (1..31) for Monthly and Yearly.
	Day int `json:"day,omitempty"`
	// Month is the month for Yearly.
	Month time.Month `json:"month,omitempty"`
	// Overflow is what Monthly and Yearly do when Day does not exist.
	Overflow DayOverflow `json:"overflow,omitempty"`
	// Delay is the random delay bound; 0 runs exactly on time.
	Delay time.Duration `json:"delay,omitempty"`
}

// DailyAt returns a schedule that runs every day at each of times (UTC).
func DailyAt(times ...time.Duration) Schedule { return Schedule{Kind: Daily, Times: times} }

// MonthlyOn returns a schedule that runs at 00:00 UTC on day of every
// month, resolving months without that day by o.
func MonthlyOn(day int, o DayOverflow) Schedule {
	return Schedule{Kind: Monthly, Times: []time.Duration{0}, Day: day, Overflow: o}
}

// YearlyOn returns a schedule that runs at 00:00 UTC on month day every
// year, resolving years without that day (February 29) by o.
func YearlyOn(month time.Month, day int, o DayOverflow) Schedule {
	return Schedule{Kind: Yearly, Times: []time.Duration{0}, Month: month, Day: day, Overflow: o}
}

// CertbotTimer returns the systemd timer that Debian's and the snap's
// certbot packages install: "OnCalendar=*-*-* 00,12:00:00",
// "RandomizedDelaySec=43200" (twice a day, each run delayed by up to 12
// hours). Verified from copies of certbot.timer in public repositories,
// not from certbot's own packaging.
func CertbotTimer() Schedule {
	return Schedule{Kind: Daily, Times: []time.Duration{0, 12 * time.Hour}, Delay: 12 * time.Hour}
}

// String describes s, e.g. "daily at 00:00,12:00 +rand(12h0m0s)" or
// "monthly on day 31 at 00:00 (skip)".
func (s Schedule) String() string {
	if s.Kind == Continuous {
		return "continuous"
	}
	var ts []string
	for _, t := range s.Times {
		ts = append(ts, fmt.Sprintf("%02d:%02d", int(t/time.Hour), int(t%time.Hour/time.Minute)))
	}
	at := strings.Join(ts, ",")
	var b strings.Builder
	switch s.Kind {
	case Daily:
		fmt.Fprintf(&b, "daily at %s", at)
	case Monthly:
		fmt.Fprintf(&b, "monthly on day %d at %s (%s)", s.Day, at, s.Overflow)
	case Yearly:
		fmt.Fprintf(&b, "yearly on %s %d at %s (%s)", s.Month, s.Day, at, s.Overflow)
	default:
		return s.Kind.String()
	}
	if s.Delay > 0 {
		fmt.Fprintf(&b, " +rand(%s)", s.Delay)
	}
	return b.String()
}

// Validate returns nil if s is a schedule the model can run: times of day
// in [0, 24h) in whole seconds, a day 1..31 (and one that exists in Month
// in some year), an Overflow for Monthly and Yearly, and a Delay shorter
// than the shortest gap between two runs, so that delayed runs stay in
// order.
func (s Schedule) Validate() error {
	name := "schedule " + s.String()
	if s.Kind == Continuous {
		if len(s.Times) != 0 || s.Delay != 0 || s.Day != 0 {
			return configError(name, name+": a continuous schedule has no Times, Day or Delay")
		}
		return nil
	}
	if s.Kind > Yearly {
		return configError(name, fmt.Sprintf("%s: Kind %d is not a schedule kind", name, uint8(s.Kind)))
	}
	if len(s.Times) == 0 {
		return configError(name, name+": Times must list at least one time of day")
	}
	for i, t := range s.Times {
		if t < 0 || t >= Day || t%time.Second != 0 {
			return configError(name, fmt.Sprintf("%s: Times[%d] = %v: must be whole seconds in [0, 24h)", name, i, t))
		}
		if i > 0 && t <= s.Times[i-1] {
			return configError(name, fmt.Sprintf("%s: Times[%d] = %v: times must increase", name, i, t))
		}
	}
	if s.Delay < 0 || s.Delay%time.Second != 0 {
		return configError(name, fmt.Sprintf("%s: Delay = %v: must be whole non-negative seconds", name, s.Delay))
	}
	gap := Day - s.Times[len(s.Times)-1] + s.Times[0]
	for i := 1; i < len(s.Times); i++ {
		gap = min(gap, s.Times[i]-s.Times[i-1])
	}
	if s.Kind != Daily {
		if s.Day < 1 || s.Day > 31 {
			return configError(name, fmt.Sprintf("%s: Day = %d: must be 1..31", name, s.Day))
		}
		if s.Overflow < Skip || s.Overflow > Roll {
			return configError(name, fmt.Sprintf("%s: Overflow = %v: must be skip, clamp or roll", name, s.Overflow))
		}
		if s.Kind == Yearly && (s.Month < time.January || s.Month > time.December || s.Day > calendar.DaysIn(2000, s.Month)) {
			return configError(name, fmt.Sprintf("%s: %s %d is not a day of any year", name, s.Month, s.Day))
		}
	}
	if s.Delay > gap {
		return configError(name, fmt.Sprintf("%s: Delay = %v is longer than the %v between runs", name, s.Delay, gap))
	}
	return nil
}

const secondsPerDay = 86400

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// maxUnix is 9999-12-31T23:59:59Z, the model's last instant.
const maxUnix = 253402300799

// runDay returns the day number of the run of s in year y, month m, and
// false if there is none (Skip in a month without Day).
func (s Schedule) runDay(y int, m time.Month) (int64, bool) {
	last := calendar.DaysIn(y, m)
	day := s.Day
	if day > last {
		switch s.Overflow {
		case Skip:
			return 0, false
		case Clamp:
			day = last
		}
		// Roll: day-1 days after the first of the month, past its end.
	}
	first := calendar.Date{Year: y, Month: m, Day: 1}.DayNumber()
	return first + int64(day-1), true
}

// nextBase returns the first scheduled (undelayed) run at or after Unix
// time x, or an error wrapping ErrRange past 9999-12-31.
func (s Schedule) nextBase(x int64) (int64, error) {
	if s.Kind == Continuous {
		return x, nil
	}
	day := floorDiv(x, secondsPerDay)
	if s.Kind == Daily {
		for k := int64(0); k < 2; k++ {
			for _, t := range s.Times {
				if b := (day+k)*secondsPerDay + int64(t/time.Second); b >= x {
					return s.inRange(b, x)
				}
			}
		}
	}
	d, err := calendar.FromDayNumber(day)
	if err != nil {
		return 0, newError(fmt.Sprint(x), ErrRange, fmt.Sprintf("schedule %s: next run after %s: %v", s, unixText(x), err))
	}
	// Start a month early: under Roll the run of the month before can
	// spill into x's month ("April 31" is May 1, "February 31" March 3),
	// before that month's own run. Runs come in month order either way.
	y, m := d.Year, d.Month-1
	if m < time.January {
		y, m = y-1, time.December
	}
	// A run exists at least every 2 months (Monthly on the 31st) or 8
	// years (Yearly on February 29 with Skip, 1896 to 1904).
	for i := 0; i < 12*9+1; i++ {
		if y < 1 {
			y, m = 1, time.January
		}
		if y > 9999 {
			break
		}
		if s.Kind == Monthly || m == s.Month {
			if rd, ok := s.runDay(y, m); ok {
				for _, t := range s.Times {
					if b := rd*secondsPerDay + int64(t/time.Second); b >= x {
						return s.inRange(b, x)
					}
				}
			}
		}
		if m++; m > time.December {
			m, y = time.January, y+1
		}
	}
	return 0, newError(fmt.Sprint(x), ErrRange, fmt.Sprintf("schedule %s: no run after %s before 10000-01-01", s, unixText(x)))
}

func (s Schedule) inRange(b, x int64) (int64, error) {
	if b+int64(s.Delay/time.Second) > maxUnix {
		return 0, newError(fmt.Sprint(x), ErrRange, fmt.Sprintf("schedule %s: next run after %s is after 9999-12-31T23:59:59Z", s, unixText(x)))
	}
	return b, nil
}

// delayOf returns the random delay, in seconds, of the run scheduled at
// base for a client with seed: a PCG seeded with (seed, base), so that a
// run does not depend on which runs were looked at before it.
func (s Schedule) delayOf(seed uint64, base int64) int64 {
	n := int64(s.Delay / time.Second)
	if n <= 1 {
		return 0
	}
	return rand.New(rand.NewPCG(seed, uint64(base))).Int64N(n)
}

// nextRun returns the first actual (delayed) run at or after x of a client
// with seed. Runs stay in order because Validate bounds Delay by the gap
// between runs, so it is the first base b with b + delay(b) >= x, which is
// at or after the first base after x - Delay.
func (s Schedule) nextRun(x int64, seed uint64) (int64, error) {
	from := x - int64(s.Delay/time.Second) + 1
	if s.Delay == 0 {
		from = x
	}
	for {
		b, err := s.nextBase(from)
		if err != nil {
			return 0, err
		}
		if r := b + s.delayOf(seed, b); r >= x {
			return r, nil
		}
		from = b + 1
	}
}

// runBounds returns bounds on the first actual run at or after x over
// every seed: lo is x itself when a run scheduled before x can be delayed
// to x, else the next scheduled run; hi is the next scheduled run at or
// after x plus the longest delay.
func (s Schedule) runBounds(x int64) (lo, hi int64, err error) {
	b, err := s.nextBase(x)
	if err != nil {
		return 0, 0, err
	}
	d := int64(s.Delay / time.Second)
	if d <= 1 {
		return b, b, nil
	}
	lo = b
	if p, err := s.nextBase(x - d + 1); err == nil && p <= x {
		lo = x
	}
	return lo, b + d - 1, nil
}

// NextRun returns the first run of s at or after t for a client with seed
// (t itself for Continuous), or an error wrapping ErrRange after
// 9999-12-31.
func (s Schedule) NextRun(t time.Time, seed uint64) (time.Time, error) {
	if err := s.Validate(); err != nil {
		return time.Time{}, err
	}
	r, err := s.nextRun(t.Unix(), seed)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(r, 0).UTC(), nil
}

// Runs returns the first n runs of s at or after t for a client with seed.
func (s Schedule) Runs(t time.Time, seed uint64, n int) ([]time.Time, error) {
	if s.Kind == Continuous {
		return nil, configError(s.String(), "a continuous schedule has no runs to list")
	}
	var out []time.Time
	for len(out) < n {
		r, err := s.NextRun(t, seed)
		if err != nil {
			if errors.Is(err, ErrRange) {
				break
			}
			return out, err
		}
		out = append(out, r)
		t = r.Add(time.Second)
	}
	return out, nil
}

func unixText(u int64) string { return time.Unix(u, 0).UTC().Format(time.RFC3339) }
