package calendar

import (
	"fmt"
	"math/bits"
	"time"
)

// Day numbers are computed with the Euclidean affine functions of Neri and
// Schneider, "Euclidean affine functions and their application to calendar
// algorithms", Software: Practice and Experience 53(4), 2023 (arXiv 2102.06959,
// 2022), sections 5 and 8.3; the same algorithms that Go's time package and
// libstdc++'s std::chrono use.
//
// Both directions work in the "computational calendar", whose years start on
// March 1 so that the leap day is the last day of the year and the month
// lengths from March form a regular pattern. Its day 0 is 0000-03-01 and
// everything is shifted by s = 82 cycles of 400 years so that all values for
// the model's range are non-negative and fit unsigned 32-bit arithmetic, in
// which every division by a constant is a multiply and shift:
//
//	shift    = 719468 + 146097*s   // 719,468 days from 0000-03-01 to 1970-01-01
//	yearOff  = 400*s
//
// Civil to day number (to_rata_die), with J = 1 for January and February:
//
//	Y = year + yearOff - J;  M = month + 12*J;  D = day - 1;  C = Y / 100
//	N = (1461*Y)/4 - C + C/4 + (979*M - 2919)/32 + D - shift
//
// 1461*Y/4 counts the days of Y Julian years; -C + C/4 removes the century
// leap days that the Gregorian calendar drops; (979*M - 2919)/32 is the day of
// the computational year on which month M starts (the affine function that
// fits 0, 31, 61, 92, ... for March, April, May, June, ...).
//
// Day number to civil (to_date):
//
//	N1 = 4*(N + shift) + 3;  C = N1 / 146097;  NC = N1 % 146097 / 4      // century and day of century
//	N2 = 4*NC + 3;  P2 = 2939745*N2;  Z = P2 / 2^32;  NY = P2 % 2^32 / 2939745 / 4  // year of century, day of year
//	N3 = 2141*NY + 197913;  M = N3 / 2^16;  D = N3 % 2^16 / 2141        // month and day
//	J = NY >= 306 (January or February);  year = 100*C + Z - yearOff + J;  month = M - 12*J;  day = D + 1
//
// The products 2939745*N2 replace the division by 1461 (Euclidean affine
// function with a power-of-two divisor), and 2141*NY + 197913 over 2^16 is the
// inverse of the month-start function. Every step is a multiply, a shift or a
// division by a constant, with no branch that depends on the data.
const (
	nsCycles  = 82
	nsShift   = 719468 + daysPer400Years*nsCycles
	nsYearOff = 400 * nsCycles
)

// DayNumber returns the number of days from 1970-01-01 to d: 0 for
// 1970-01-01, -719,162 for 0001-01-01 (MinDayNumber), 2,932,896 for
// 9999-12-31 (MaxDayNumber). The result for an invalid Date is unspecified
// (but DayNumber never panics); check dates with Valid or Validate.
func (d Date) DayNumber() int64 {
	return int64(dayNumber(d.Year, d.Month, d.Day))
}

// dayNumber is Neri and Schneider's to_rata_die (see above), branch free.
func dayNumber(year int, month time.Month, day int) int32 {
	m := uint32(month)
	j := (m - 3) >> 31 // 1 for January and February: m-3 wraps around
	y := uint32(year) + nsYearOff - j
	m += 12 * j
	c := y / 100
	yStar := 1461*y/4 - c + c/4
	mStar := (979*m - 2919) / 32
	return int32(yStar + mStar + uint32(day) - 1 - nsShift)
}

// FromDayNumber returns the date n days after 1970-01-01 (before it, for a
// negative n). It returns an error wrapping ErrRange if n is outside
// MinDayNumber..MaxDayNumber.
func FromDayNumber(n int64) (Date, error) {
	if n < MinDayNumber || n > MaxDayNumber {
		return Date{}, dayNumberRangeError(n)
	}
	return fromDayNumber(int32(n)), nil
}

//go:noinline
func dayNumberRangeError(n int64) error {
	return newError(fmt.Sprint(n), ErrRange,
		fmt.Sprintf("day number %d out of range %d..%d (0001-01-01..9999-12-31)", n, MinDayNumber, MaxDayNumber))
}

// fromDayNumber is Neri and Schneider's to_date (see above), branch free.
// It is correct for every n in MinDayNumber..MaxDayNumber (and well beyond:
// 4*(n+nsShift)+3 must fit in 32 bits).
func fromDayNumber(n int32) Date {
	// Century, and the day of the century times 4 plus 3: N1 % 146097 is
	// 4*NC + (N1 % 4), and N1 % 4 == 3, so 4*NC + 3 == (N1 % 146097) | 3.
	n1 := 4*(uint32(n)+nsShift) + 3
	c := n1 / daysPer400Years
	n2 := n1%daysPer400Years | 3
	// Year of the century (high word) and day of the March-based year.
	z, lo := bits.Mul32(2939745, n2)
	ny := lo / (2939745 * 4)
	// Month and day.
	n3 := 2141*ny + 197913
	m := n3 >> 16
	d := (n3 & 0xffff) / 2141
	// Back to January-based years: January and February are months 13 and 14
	// of the computational year (NY >= 306); (m+3)>>4 is 1 exactly for them.
	j := (m + 3) >> 4
	return Date{
		Year:  int(100*c+z+j) - nsYearOff,
		Month: time.Month(m - 12*j),
		Day:   int(d + 1),
	}
}
