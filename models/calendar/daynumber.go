package calendar

import (
	"fmt"
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
	return dayNumber(d.Year, d.Month, d.Day)
}

// dayNumber is Neri and Schneider's to_rata_die (see above), branch free. It
// is written as few expressions as possible so that the compiler inlines it
// (and DayNumber) into callers. Day numbers are int64 throughout the
// package; the formula computes in uint32, whose wrap-around it relies on.
func dayNumber(year int, month time.Month, day int) int64 {
	m := uint32(month)
	j := (m - 3) >> 31 // 1 for January and February: m-3 wraps around
	y := uint32(year) + nsYearOff - j
	c := y / 100
	return int64(int32(1461*y/4 - c + c/4 + (979*(m+12*j)-2919)/32 + uint32(day) - (nsShift + 1)))
}

// FromDayNumber returns the date n days after 1970-01-01 (before it, for a
// negative n). It returns an error wrapping ErrRange if n is outside
// MinDayNumber..MaxDayNumber.
func FromDayNumber(n int64) (Date, error) {
	if n < MinDayNumber || n > MaxDayNumber {
		return Date{}, dayNumberRangeError(n)
	}
	return fromDayNumber(n), nil
}

//go:noinline
func dayNumberRangeError(n int64) error {
	return newError(fmt.Sprint(n), ErrRange,
		fmt.Sprintf("day number %d out of range %d..%d (0001-01-01..9999-12-31)", n, MinDayNumber, MaxDayNumber))
}

// fromDayNumber is Neri and Schneider's to_date (see above), branch free.
// It is correct for every n in MinDayNumber..MaxDayNumber (and well beyond:
// 4*(n+nsShift)+3 must fit in 32 bits).
func fromDayNumber(n int64) Date {
	// The steps of the formula above, written as few expressions as possible
	// so that the compiler inlines this function into its callers:
	//
	//   n1: 4*N + 3 in the shifted computational calendar
	//   c:  the century, N1 / 146097 (by div146097M and div146097S)
	//   p2: 2939745 * (4*NC + 3), where N1 % 146097 = 4*NC + 3 (N1 % 4 == 3,
	//       so 4*NC + 3 == (N1 - 146097*C) | 3); its high word is the year of
	//       the century and its low word / (4 * 2939745) the day of the year
	//   n3: 2141*NY + 197913: month in the high half, day * 2141 in the low
	//   j:  1 for January and February (months 13 and 14 of the
	//       computational year): (m+3)>>4 is 1 exactly for m = 13, 14
	n1 := uint64(4*uint32(n) + (4*nsShift + 3))
	c := n1 * div146097M >> div146097S
	p2 := (n1 - c*daysPer400Years | 3) * 2939745
	n3 := 2141*(p2&0xffffffff/(2939745*4)) + 197913
	j := (n3 + 3<<16) >> 20
	return Date{int(100*c + p2>>32 + j - nsYearOff), time.Month(n3>>16 - 12*j), int((n3&0xffff)*div2141M>>div2141S + 1)}
}

// Division by a constant is a multiply and a shift, but for divisors whose
// 32-bit magic number needs 33 bits (146,097 and 2,141 among them) the Go
// compiler emits a slower add-and-rotate sequence. The dividends here are
// small, so a 64-bit multiply by M = ceil(2^S / d) and a shift by S is exact:
// with e = M*d - 2^S, floor(x*M / 2^S) = floor(x / d) whenever x*e < 2^S.
// TestDivisionConstants checks every dividend that can occur.
const (
	div146097Max = 4*(MaxDayNumber+nsShift) + 3 // largest N1
	div146097M   = 15051803                     // S = 41, e = 7,339
	div146097S   = 41
	div2141Max   = 0xffff
	div2141M     = 31345 // S = 26, e = 781
	div2141S     = 26
)
