package calendar

import (
	"fmt"
	"time"
)

// Overflow is the policy for a date arithmetic result whose day does not
// exist in the target month: 2012-02-29 + 1 year asks for 2013-02-29, and
// 2012-01-31 + 1 month asks for 2012-02-31. The policies agree on every day
// that exists. The zero Overflow is not a policy: operations given it return
// an error wrapping ErrPolicy, so that code must choose.
type Overflow uint8

const (
	// Clamp moves a day that does not exist to the last day of the target
	// month: 2012-02-29 + 1 year = 2013-02-28, 2012-01-31 + 1 month =
	// 2012-02-29, 2013-01-31 + 1 month = 2013-02-28. The month asked for is
	// the month returned. Used by java.time plusYears/plusMonths, .NET
	// DateTime.AddYears/AddMonths and Temporal's overflow: "constrain".
	Clamp Overflow = iota + 1

	// Roll carries the surplus days into the following month: 2012-02-29 + 1
	// year = 2013-03-01, 2012-01-31 + 1 month = 2012-03-02, 2013-01-31 + 1
	// month = 2013-03-03. This is what time.Time.AddDate, C mktime and GNU
	// date do; Roll agrees exactly with AddDate wherever both are defined.
	Roll

	// Reject returns an error wrapping ErrNoSuchDay for a day that does not
	// exist: 2012-02-29 + 1 year is an error, as it was for the 2012 Azure
	// guest agent. Used by Python's date.replace and Temporal's overflow:
	// "reject".
	Reject
)

// String returns "clamp", "roll" or "reject", or "Overflow(N)" for a value
// that is not a policy.
func (o Overflow) String() string {
	switch o {
	case Clamp:
		return "clamp"
	case Roll:
		return "roll"
	case Reject:
		return "reject"
	}
	return fmt.Sprintf("Overflow(%d)", uint8(o))
}

// Valid reports whether o is Clamp, Roll or Reject.
func (o Overflow) Valid() bool { return o >= Clamp && o <= Reject }

// ParseOverflow returns the policy named "clamp", "roll" or "reject".
func ParseOverflow(s string) (Overflow, error) {
	for _, o := range []Overflow{Clamp, Roll, Reject} {
		if s == o.String() {
			return o, nil
		}
	}
	return 0, newError(fmt.Sprintf("%q", s), ErrPolicy, fmt.Sprintf("overflow policy %q: want clamp, roll or reject", s))
}

// Policies lists the three overflow policies, for tests that cover each.
func Policies() []Overflow { return []Overflow{Clamp, Roll, Reject} }

// AddYears returns d moved by n years (n may be negative), keeping the month
// and day and resolving a day that does not exist (only February 29, in a
// target year that is not a leap year) by policy o. It returns an error
// wrapping ErrRange if d is invalid or the result is outside
// 0001-01-01..9999-12-31, ErrNoSuchDay under Reject, and ErrPolicy for an
// invalid o. The error names d and n.
func (d Date) AddYears(n int, o Overflow) (Date, error) {
	return d.add(n, 0, o)
}

// AddMonths returns d moved by n months (n may be negative), keeping the day
// of the month and resolving a day that does not exist in the target month
// (the 29th to 31st) by policy o. Errors are as for AddYears.
func (d Date) AddMonths(n int, o Overflow) (Date, error) {
	return d.add(0, n, o)
}

// maxSpan bounds year and month deltas before any multiplication, so that no
// int arithmetic can overflow: no delta larger than the model's span can
// produce a date in range.
const maxSpan = 12 * maxYear

// add moves d by years and months (only one of them is non-zero).
func (d Date) add(years, months int, o Overflow) (Date, error) {
	if !o.Valid() {
		return Date{}, newError(o.String(), ErrPolicy, fmt.Sprintf("%s: %s is not clamp, roll or reject", describeAdd(d, years, months), o))
	}
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	if years < -maxSpan || years > maxSpan || months < -maxSpan || months > maxSpan {
		return Date{}, outOfRange(d, years, months)
	}
	// Months since year 0, January.
	total := (d.Year+years)*12 + int(d.Month) - 1 + months
	y, m := floorDiv(total, 12), time.Month(floorMod(total, 12)+1)
	if y < minYear || y > maxYear {
		return Date{}, outOfRange(d, years, months)
	}
	r, ok := resolve(y, m, d.Day, o)
	if !ok {
		return Date{}, noSuchDay(describeAdd(d, years, months), Date{y, m, d.Day})
	}
	return r, nil
}

// resolve returns year-month-day, applying o if day (1..31) is past the end
// of the month; ok is false only under Reject. Roll cannot leave the model's
// range: only months shorter than 31 days spill, and December is not one.
func resolve(year int, month time.Month, day int, o Overflow) (d Date, ok bool) {
	last := DaysIn(year, month)
	switch {
	case day <= last:
		return Date{year, month, day}, true
	case o == Clamp:
		return Date{year, month, last}, true
	case o == Roll:
		// The surplus days spill into the next month, as time.Date
		// normalizes them: February 31 of a common year is March 3.
		return fromDayNumber(dayNumber(year, month, 1) + int64(day-1)), true
	}
	return Date{}, false
}

// AddDays returns d moved by n days (n may be negative). It returns an error
// wrapping ErrRange if d is invalid or the result is outside
// 0001-01-01..9999-12-31.
func (d Date) AddDays(n int) (Date, error) {
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	// Compare before adding, so that a huge n cannot overflow.
	start := d.DayNumber()
	if int64(n) < MinDayNumber-start || int64(n) > MaxDayNumber-start {
		return Date{}, newError(fmt.Sprintf("%s + %d days", d, n), ErrRange,
			fmt.Sprintf("%s + %d days is outside 0001-01-01..9999-12-31", d, n))
	}
	return fromDayNumber(start + int64(n)), nil
}

func outOfRange(d Date, years, months int) *Error {
	in := describeAdd(d, years, months)
	return newError(in, ErrRange, in+" is outside 0001-01-01..9999-12-31")
}

// describeAdd names an operation for error messages: "2012-02-29 + 1 year".
func describeAdd(d Date, years, months int) string {
	n, unit := years, "year"
	if months != 0 {
		n, unit = months, "month"
	}
	sign := "+"
	if n < 0 {
		sign, n = "-", -n
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%s %s %d %s", d, sign, n, unit)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// AddYears returns t moved by n calendar years in t's location, keeping the
// wall clock (hour, minute, second, nanosecond) and the location, and
// resolving a day that does not exist by policy o as Date.AddYears does.
// Under Roll the result equals t.AddDate(n, 0, 0) whenever t's year and the
// result's year are within 1..9999. A wall clock that falls in a
// daylight-saving gap on the target day is normalized as time.Date does.
func AddYears(t time.Time, n int, o Overflow) (time.Time, error) {
	return addTime(t, n, 0, o)
}

// AddMonths returns t moved by n calendar months in t's location, as AddYears
// does for years. Under Roll the result equals t.AddDate(0, n, 0) whenever
// both years are within 1..9999.
func AddMonths(t time.Time, n int, o Overflow) (time.Time, error) {
	return addTime(t, 0, n, o)
}

func addTime(t time.Time, years, months int, o Overflow) (time.Time, error) {
	d := DateOf(t)
	if err := d.Validate(); err != nil {
		return time.Time{}, newError(t.String(), ErrRange, fmt.Sprintf("%s: year %d out of range %d..%d", t, d.Year, minYear, maxYear))
	}
	r, err := d.add(years, months, o)
	if err != nil {
		return time.Time{}, err
	}
	hh, mm, ss := t.Clock()
	return time.Date(r.Year, r.Month, r.Day, hh, mm, ss, t.Nanosecond(), t.Location()), nil
}
