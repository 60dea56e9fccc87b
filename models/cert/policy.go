package cert

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Lifetime is how long an issuer makes its certificates valid: a calendar
// part (years, months, days) and a fixed Duration, all non-negative.
//
// Issue applies the parts in order to NotBefore, in the issuer's location:
//
//  1. Years and Months together, as 12*Years + Months calendar months, with
//     calendar.AddYears (Months == 0) or calendar.AddMonths semantics: the
//     wall clock is kept and a day the target month does not have is
//     resolved by the policy's Overflow. 2012-02-29 + 1 year is 2013-02-28
//     (Clamp), 2013-03-01 (Roll) or an error (Reject). Adding them together,
//     as java.time's Period and Temporal do, means 2012-02-29 + 1 year 1
//     month is 2013-03-29 under every policy, not an error under Reject.
//  2. Days, as calendar days (time.Time.AddDate(0, 0, Days)): the same wall
//     clock Days dates later, which is 23 or 25 hours for a day across a
//     daylight-saving change in a location that has one.
//  3. Duration, as elapsed time (time.Time.Add): 398 * 24h is exactly
//     398 * 86,400 seconds in every location.
//
// Duration must be a whole number of seconds, the precision of certificate
// times.
type Lifetime struct {
	// Years, Months and Days are the calendar part, each 0 or more.
	Years, Months, Days int
	// Duration is elapsed time added after the calendar part.
	Duration time.Duration
}

// String describes l, e.g. "1 year", "1 year + 1 month", "398 days",
// "9552h0m0s", or "0" for the zero Lifetime.
func (l Lifetime) String() string {
	var parts []string
	add := func(n int, unit string) {
		if n == 0 {
			return
		}
		if n != 1 && n != -1 {
			unit += "s"
		}
		parts = append(parts, strconv.Itoa(n)+" "+unit)
	}
	add(l.Years, "year")
	add(l.Months, "month")
	add(l.Days, "day")
	if l.Duration != 0 {
		parts = append(parts, l.Duration.String())
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, " + ")
}

// months returns the calendar part as a number of months.
func (l Lifetime) months() int { return 12*l.Years + l.Months }

// Limits on lifetime fields: no larger value can produce a date within the
// model, and bounding them keeps every product below overflow.
const (
	maxYears  = 9999
	maxMonths = 12 * maxYears
	maxDays   = calendar.DaysInRange
)

// Policy is how an issuer turns "now" into a Validity. The zero Policy is
// not valid: it has no lifetime.
type Policy struct {
	// Name identifies the policy in error messages, e.g. "guest-agent-2012".
	Name string

	// Lifetime is the length of the validity, counted from NotBefore.
	Lifetime Lifetime

	// Overflow resolves a calendar lifetime that asks for a day the target
	// month does not have (2012-02-29 + 1 year). It must be Clamp, Roll or
	// Reject when Lifetime has years or months; it is unused, and may be
	// zero, otherwise.
	Overflow calendar.Overflow

	// SubtractSecond chooses the end-of-lifetime convention. RFC 5280's
	// NotAfter is inclusive, so a lifetime L from NotBefore ends either
	//
	//   - false: NotAfter = NotBefore + L. The certificate is valid for
	//     L + 1s. This is what the 2012 guest agent did ("one year from that
	//     date as the valid-to date") and what most scripts and test
	//     helpers do; one year from 2012-03-01T00:00:00Z ends
	//     2013-03-01T00:00:00Z, and its period is 365 days and 1 second,
	//     which the Baseline Requirements count as 366 days.
	//   - true: NotAfter = NotBefore + L - 1s, so that Period() == L
	//     exactly. Let's Encrypt's Boulder and other CAs that must fit a
	//     CA/Browser Forum limit do this; one year from
	//     2012-03-01T00:00:00Z ends 2013-02-28T23:59:59Z.
	SubtractSecond bool

	// Backdate moves NotBefore this far before the issuance time (or its
	// midnight, with StartOfDay), to tolerate relying parties whose clocks
	// are slow; the lifetime is counted from the backdated NotBefore, as
	// Boulder does, so the period does not grow. A whole number of
	// seconds, not negative. NotBefore never goes before
	// 0001-01-01T00:00:00Z: a backdate past it stops there.
	Backdate time.Duration

	// StartOfDay sets NotBefore to the first instant of the issuance date
	// in Location (before any Backdate) instead of the issuance time. The
	// 2012 guest agent did this: "It uses midnight UST of the current day
	// as the valid-from date".
	StartOfDay bool

	// Location is the time zone in which the issuer does its date
	// arithmetic: which date "today" is, where midnight falls, and which
	// wall clock a calendar lifetime keeps. nil means UTC. The resulting
	// Validity is always in UTC. An issuer in UTC+14 that adds 1 to the
	// year fails from 2012-02-28T10:00:00Z, when its date is already
	// February 29.
	Location *time.Location

	// ClampNotAfter clamps a NotAfter later than 9999-12-31T23:59:59Z to
	// that instant, the RFC 5280 "no well-defined expiration" value,
	// instead of returning an error wrapping ErrRange.
	ClampNotAfter bool
}

// name is the policy's name for messages.
func (p Policy) name() string {
	if p.Name == "" {
		return "(unnamed: " + p.Lifetime.String() + ")"
	}
	return p.Name
}

// Validate returns nil if p can issue, and otherwise an error wrapping
// ErrPolicy that names the policy, the field and its value: a negative
// lifetime field, a zero lifetime, a Duration or Backdate that is negative
// or not a whole number of seconds, a lifetime field too large for the
// model (more than 9999 years, 119,988 months or 3,652,059 days), or an
// Overflow that is not Clamp, Roll or Reject (zero is allowed only when the
// lifetime has no years or months).
func (p Policy) Validate() error {
	l := p.Lifetime
	switch {
	case l.Years < 0 || l.Years > maxYears:
		return p.fieldError("Lifetime.Years", strconv.Itoa(l.Years), fmt.Sprintf("must be in 0..%d", maxYears))
	case l.Months < 0 || l.Months > maxMonths:
		return p.fieldError("Lifetime.Months", strconv.Itoa(l.Months), fmt.Sprintf("must be in 0..%d", maxMonths))
	case l.Days < 0 || l.Days > maxDays:
		return p.fieldError("Lifetime.Days", strconv.Itoa(l.Days), fmt.Sprintf("must be in 0..%d", maxDays))
	case l.Duration < 0:
		return p.fieldError("Lifetime.Duration", l.Duration.String(), "must not be negative")
	case l.Duration%time.Second != 0:
		return p.fieldError("Lifetime.Duration", l.Duration.String(), "must be a whole number of seconds")
	case l.Years == 0 && l.Months == 0 && l.Days == 0 && l.Duration == 0:
		return p.fieldError("Lifetime", l.String(), "must not be zero")
	case p.Backdate < 0:
		return p.fieldError("Backdate", p.Backdate.String(), "must not be negative")
	case p.Backdate%time.Second != 0:
		return p.fieldError("Backdate", p.Backdate.String(), "must be a whole number of seconds")
	case p.Overflow != 0 && !p.Overflow.Valid():
		return p.fieldError("Overflow", p.Overflow.String(), "must be clamp, roll or reject")
	case p.Overflow == 0 && l.months() != 0:
		return p.fieldError("Overflow", "0", "must be clamp, roll or reject for a lifetime in years or months")
	}
	return nil
}

func (p Policy) fieldError(field, value, why string) *Error {
	return newError(p.name(), ErrPolicy, fmt.Sprintf("policy %s: %s = %s: %s", p.name(), field, value, why))
}

// Issue returns the validity that an issuer following p gives a certificate
// issued at now:
//
//	start     = now truncated to the second (or, with StartOfDay, the
//	            first instant of now's date in p.Location)
//	NotBefore = start - Backdate (not before 0001-01-01T00:00:00Z)
//	end       = NotBefore + Lifetime, in p.Location (see Lifetime)
//	NotAfter  = end, or end - 1s with SubtractSecond; clamped to
//	            9999-12-31T23:59:59Z with ClampNotAfter
//
// Sub-second parts of now are truncated, as issuers do when they write the
// time into a certificate. Both bounds are returned in UTC.
//
// Issue returns an error when p is not valid (wrapping ErrPolicy), when now
// is outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z (ErrRange), when
// NotAfter would be after 9999-12-31T23:59:59Z and ClampNotAfter is off
// (ErrRange), and when the calendar lifetime asks for a day that does not
// exist under Reject. The last wraps calendar.ErrNoSuchDay and the
// calendar's own error, and reads
//
//	cert: issue at 2012-02-29T00:00:00Z with policy guest-agent-2012: calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)
//
// On success Issue does not allocate.
func Issue(p Policy, now time.Time) (Validity, error) {
	if err := p.Validate(); err != nil {
		return Validity{}, err
	}
	secs := now.Unix() // floor: whole seconds, also before 1970
	if secs < MinUnix || secs > NoExpirationUnix {
		return Validity{}, issueError(p, now, ErrRange, nil, "now is outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z")
	}
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	utc := loc == time.UTC
	start := secs
	if p.StartOfDay {
		if utc {
			start = floorDiv(secs, secondsPerDay) * secondsPerDay
		} else {
			start = calendar.DateOf(time.Unix(secs, 0).In(loc)).In(loc).Unix()
		}
	}
	nb := start - int64(p.Backdate/time.Second)
	if nb < MinUnix {
		nb = MinUnix
	}
	var end int64
	var err error
	if utc {
		end, err = p.endUTC(nb)
	} else {
		end, err = p.endIn(nb, loc)
	}
	if err != nil {
		if e, ok := err.(*Error); ok { // this package's own: no cause to wrap
			return Validity{}, issueError(p, now, e.Kind, nil, e.msg)
		}
		kind := ErrRange
		if errors.Is(err, calendar.ErrNoSuchDay) {
			kind = calendar.ErrNoSuchDay
		}
		return Validity{}, issueError(p, now, kind, err, err.Error())
	}
	// end is at most a few times 1e11 (or beyond) and Duration/1s at most
	// 9.2e9: no overflow.
	na := end + int64(p.Lifetime.Duration/time.Second)
	if p.SubtractSecond {
		na--
	}
	if na > NoExpirationUnix {
		if !p.ClampNotAfter {
			return Validity{}, issueError(p, now, ErrRange, nil, fmt.Sprintf(
				"lifetime %s from %s ends after 9999-12-31T23:59:59Z (set ClampNotAfter to clamp it)",
				p.Lifetime, formatTime(time.Unix(nb, 0))))
		}
		na = NoExpirationUnix
	}
	return Validity{time.Unix(nb, 0).UTC(), time.Unix(na, 0).UTC()}, nil
}

// beyond is what the end functions return for an end after year 9999: far
// past NoExpirationUnix even after adding a Duration or subtracting a second.
const beyond = 1 << 60

// endUTC returns the Unix time of nb plus the lifetime's calendar months and
// days, in UTC. It is endIn(nb, time.UTC) done on day numbers: a UTC day is
// always 86,400 seconds, so the time of day carries over unchanged and no
// time.Date is needed. TestIssueUTCFastPath checks the two agree.
func (p Policy) endUTC(nb int64) (int64, error) {
	day := floorDiv(nb, secondsPerDay)
	sod := nb - day*secondsPerDay
	l := p.Lifetime
	if m := l.months(); m != 0 {
		d, err := calendar.FromDayNumber(day) // nb is within the model
		if err != nil {
			return 0, err
		}
		start := d
		if l.Months == 0 {
			d, err = d.AddYears(l.Years, p.Overflow)
		} else {
			d, err = d.AddMonths(m, p.Overflow)
		}
		if err != nil {
			if !errors.Is(err, calendar.ErrRange) {
				return 0, err
			}
			ey, em, ed := p.endPast9999(start.Year, start.Month, start.Day)
			d = calendar.Date{Year: ey, Month: em, Day: ed} // past 9999: DayNumber still holds
		}
		day = d.DayNumber()
	}
	return (day+int64(l.Days))*secondsPerDay + sod, nil
}

// endIn returns the Unix time of nb plus the lifetime's calendar months and
// days, counted in loc: calendar.AddYears or AddMonths keep the wall clock,
// then AddDate adds days.
func (p Policy) endIn(nb int64, loc *time.Location) (int64, error) {
	end := time.Unix(nb, 0).In(loc)
	l := p.Lifetime
	if m := l.months(); m != 0 {
		// The calendar covers years 1..9999. NotBefore's local date can
		// leave it only within 14 hours of the model's ends: after 9999
		// the lifetime ends after it too; before year 1 there is no
		// calendar to count in.
		if y := end.Year(); y > 9999 {
			return beyond, nil
		} else if y < 1 {
			return 0, newError(formatTime(end), ErrRange, fmt.Sprintf(
				"NotBefore %s falls on %s in %s, before the calendar's first year",
				formatTime(end), end.Format("2006-01-02"), loc))
		}
		var err error
		start := end
		if l.Months == 0 {
			end, err = calendar.AddYears(end, l.Years, p.Overflow)
		} else {
			end, err = calendar.AddMonths(end, m, p.Overflow)
		}
		if err != nil {
			if !errors.Is(err, calendar.ErrRange) {
				return 0, err
			}
			// Past 9999-12-31 (in loc or in UTC): the same civil
			// arithmetic in the time package, which reaches year 10000.
			y, mo, d := start.Date()
			ey, em, ed := p.endPast9999(y, mo, d)
			hh, mm, ss := start.Clock()
			end = time.Date(ey, em, ed, hh, mm, ss, 0, loc)
		}
	}
	if l.Days != 0 {
		end = end.AddDate(0, 0, l.Days)
	}
	return end.Unix(), nil
}

// endPast9999 adds the lifetime's months to y-m-d where the result falls
// after 9999-12-31, which the calendar model refuses: the year and month
// by integer arithmetic, a day past the month's end by p.Overflow (Clamp:
// the last day; Roll: into the next month; Reject cannot happen, as the
// lifetime then ends after 9999 anyway and the caller's range check
// decides). The result matters because a lifetime may end on 10000-01-01
// and SubtractSecond bring NotAfter back to 9999-12-31T23:59:59Z: a year
// from 9999-01-01T00:00:00Z, minus a second, is in range.
func (p Policy) endPast9999(y int, m time.Month, d int) (int, time.Month, int) {
	total := y*12 + int(m) - 1 + p.Lifetime.months()
	ey, em := total/12, time.Month(total%12+1)
	if n := calendar.DaysIn(ey, em); d > n {
		switch p.Overflow {
		case calendar.Clamp, calendar.Reject:
			d = n
		default: // Roll: the days past the end spill into the next month
			d -= n
			if em++; em > time.December {
				em, ey = time.January, ey+1
			}
		}
	}
	return ey, em, d
}

// floorDiv is a / b rounded toward minus infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

func issueError(p Policy, now time.Time, kind, err error, why string) *Error {
	at := now.UTC().Format(time.RFC3339)
	return &Error{Input: at, Kind: kind, Err: err, msg: fmt.Sprintf("issue at %s with policy %s: %s", at, p.name(), why)}
}
