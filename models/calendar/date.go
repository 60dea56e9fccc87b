package calendar

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a day of the proleptic Gregorian calendar. The zero Date is not
// valid; construct dates with NewDate or ParseDate, or check them with Valid.
// Dates are comparable with ==.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// The model's range. Every operation that would leave it returns ErrRange.
var (
	// MinDate is 0001-01-01, the first day of the model (a Monday).
	MinDate = Date{1, time.January, 1}
	// MaxDate is 9999-12-31, the last day of the model (a Friday).
	MaxDate = Date{9999, time.December, 31}
)

// Bounds of the model, and the constants the formulas below are built from.
const (
	minYear = 1
	maxYear = 9999

	daysPer400Years = 365*400 + 97 // 146,097: 97 leap years in each 400

	// MinDayNumber is the day number of MinDate (0001-01-01) and MaxDayNumber
	// that of MaxDate (9999-12-31). Day 0 is 1970-01-01.
	MinDayNumber = -719162
	MaxDayNumber = 2932896

	// DaysInRange is the number of days from MinDate to MaxDate inclusive:
	// 9999 years of 365 days plus 2,424 leap days.
	DaysInRange = MaxDayNumber - MinDayNumber + 1 // 3,652,059
)

// IsLeap reports whether year is a leap year of the proleptic Gregorian
// calendar: divisible by 4 and not by 100, or divisible by 400. It is defined
// for every int (year 0 and negative years are leap years by the same rule).
func IsLeap(year int) bool {
	// A year divisible by 100 is a leap year iff it is divisible by 400, that
	// is iff year/100 is divisible by 4; checking year%16 for those is the same
	// test (400 = 16 * 25, and 100-multiples differ only in their factor of 4).
	if year%100 == 0 {
		return year%16 == 0
	}
	return year%4 == 0
}

// DaysIn returns the number of days in month of year: 28 to 31. It returns 0
// for a month outside January..December.
func DaysIn(year int, month time.Month) int {
	if month < time.January || month > time.December {
		return 0
	}
	if month == time.February {
		if IsLeap(year) {
			return 29
		}
		return 28
	}
	// From March, months alternate 31, 30 with a repeat at July/August; the
	// bit trick 30 + (m ^ m>>3) & 1 gives exactly 31 for Jan, Mar, May, Jul,
	// Aug, Oct, Dec and 30 for the others.
	m := int(month)
	return 30 + (m^(m>>3))&1
}

// NewDate returns the date year-month-day, or an error wrapping ErrRange (a
// year outside 1..9999 or a month outside 1..12) or ErrNoSuchDay (a day the
// month does not have, such as 2013-02-29 or day 0).
func NewDate(year int, month time.Month, day int) (Date, error) {
	d := Date{year, month, day}
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	return d, nil
}

// Validate returns nil if d is a day of the model, and otherwise an error
// that names d and says which field is wrong.
func (d Date) Validate() error {
	switch {
	case d.Year < minYear || d.Year > maxYear:
		return newError(d.String(), ErrRange, fmt.Sprintf("%s: year %d out of range %d..%d", d, d.Year, minYear, maxYear))
	case d.Month < time.January || d.Month > time.December:
		return newError(d.String(), ErrRange, fmt.Sprintf("%s: month %d out of range 1..12", d, int(d.Month)))
	case d.Day < 1 || d.Day > DaysIn(d.Year, d.Month):
		return noSuchDay(d.String(), d)
	}
	return nil
}

// noSuchDay is the ErrNoSuchDay error for d, which has a valid year and month.
func noSuchDay(input string, d Date) *Error {
	msg := fmt.Sprintf("%s does not exist (%s %04d has %d days)", d, d.Month, d.Year, DaysIn(d.Year, d.Month))
	if input != d.String() {
		msg = input + ": " + msg
	}
	return newError(input, ErrNoSuchDay, msg)
}

// Valid reports whether d is a day of the model (Validate returns nil).
func (d Date) Valid() bool {
	return d.Year >= minYear && d.Year <= maxYear &&
		d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// ParseDate parses a date of the form YYYY-MM-DD (exactly four, two and two
// ASCII digits), such as "2012-02-29". Text of any other form is an error
// wrapping ErrSyntax; a well-formed date that does not exist, such as
// "2013-02-29", is an error wrapping ErrNoSuchDay or ErrRange.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, newError(strconv.Quote(s), ErrSyntax, fmt.Sprintf("parsing %q: want YYYY-MM-DD", s))
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, newError(strconv.Quote(s), ErrSyntax, fmt.Sprintf("parsing %q: want YYYY-MM-DD with decimal digits", s))
	}
	return NewDate(y, time.Month(m), d)
}

// digits parses s, which must be all ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String formats d as YYYY-MM-DD. Fields out of range are printed as they
// are (e.g. "2012-13-01", "10000-01-01"), so error messages show the input.
func (d Date) String() string {
	if d.Year >= 0 && d.Year <= 9999 && d.Month >= 0 && d.Month <= 99 && d.Day >= 0 && d.Day <= 99 {
		var b [10]byte
		y, m, dd := d.Year, int(d.Month), d.Day
		b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
		b[4], b[7] = '-', '-'
		b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
		b[8], b[9] = byte('0'+dd/10), byte('0'+dd%10)
		return string(b[:])
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Compare returns -1 if d is before e, 0 if they are the same day and +1 if d
// is after e. It compares fields, so it orders invalid dates too.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// IsFebruary29 reports whether d is a February 29: the day the 2012 guest
// agent could not add a year to. It does not check that the year is leap
// (a valid Date with Day 29 in February is one).
func (d Date) IsFebruary29() bool { return d.Month == time.February && d.Day == 29 }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DateOf returns the date of t in t's location (t.Date()). It does not check
// the range: a time in year 10000 gives an invalid Date, which Validate reports.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// In returns the first instant of d in loc: midnight, or, where a
// daylight-saving change skips midnight (America/Sao_Paulo on 2012-10-21
// moved its clocks from 00:00 to 01:00), the instant of that change. A nil
// loc is UTC.
//
// time.Date(y, m, d, 0, 0, 0, 0, loc) is not always this: for a skipped
// midnight it may return 23:00 of the day before.
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if t.Day() != d.Day {
		// t is in the zone period that ends at the skipped midnight.
		if _, end := t.ZoneBounds(); !end.IsZero() {
			t = end
		}
	}
	return t
}
