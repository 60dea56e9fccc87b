package corpus

import "slices"

// Class is a bug class: the mechanism by which a date, time or certificate
// input broke software. The set is closed: Load rejects any other value.
type Class string

// The bug classes. Each constant's doc comment says what kind of code it
// describes and gives the canonical dangerous instant.
const (
	// LeapDay is arithmetic or validation that mishandles February 29:
	// adding a year to 2012-02-29 gives 2013-02-29, which does not exist, or
	// a table or schedule has no entry for the leap day.
	LeapDay Class = "leap-day"

	// LeapYearRule is a wrong leap-year test: every fourth year (1900 taken
	// as leap), or every even year (2010 taken as leap).
	LeapYearRule Class = "leap-year-rule"

	// Day366 is code that assumes a year has at most 365 days and fails on
	// December 31 of a leap year (day 366).
	Day366 Class = "day-366"

	// ISOWeekYear is the ISO 8601 week-based year used where the calendar
	// year was meant (YYYY for yyyy, %G for %Y): 2014-12-29 is in week 1 of
	// 2015, and 2011-01-01 is in week 52 of 2010.
	ISOWeekYear Class = "iso-week-year"

	// TwoDigitYear is a year stored or compared as two digits, or read
	// through a fixed century window, as in the year 2000 problem and its
	// later pivots (2010, 2020).
	TwoDigitYear Class = "two-digit-year"

	// TimeT2038 is a signed 32-bit count of seconds since 1970, which ends at
	// 2038-01-19T03:14:07Z, including deadlines computed as now plus a large
	// constant.
	TimeT2038 Class = "time-t-2038"

	// GPSWeekRollover is the 10-bit GPS week number wrapping every 1024 weeks
	// (1999-08-21, 2019-04-06, 2038-11-20) or code that corrects for it
	// wrongly.
	GPSWeekRollover Class = "gps-week-rollover"

	// LeapSecond is a UTC leap second (23:59:60), seen by software as a
	// repeated or backward-stepping second.
	LeapSecond Class = "leap-second"

	// DSTTransition is a daylight saving time change, or a change of the rules
	// that say when it happens: local times that repeat or do not exist.
	DSTTransition Class = "dst-transition"

	// CertExpiry is a certificate that reached its notAfter time (RFC 5280:
	// valid up to and including that second) while something still relied
	// on it.
	CertExpiry Class = "certificate-expiry"

	// Backdating is a certificate or token whose notBefore is set in the past
	// on purpose, to tolerate clock skew, and the bugs that come from it.
	Backdating Class = "backdating"

	// UTCTime2050 is the RFC 5280 rule that validity dates through 2049 are
	// UTCTime (two-digit year, 1950-2049) and dates from 2050 GeneralizedTime;
	// encoders that ignore it make certificates that expire in 1950.
	UTCTime2050 Class = "utctime-2050"

	// DateNumberOverflow is a date written as a number (yymmddNNNN, Unix
	// seconds) that outgrows the type or width that holds it, or goes below
	// zero: 2201010001 > 2147483647, 999999999 to 1000000000.
	DateNumberOverflow Class = "date-number-overflow"

	// CounterRollover is a fixed-width counter of time units that wraps:
	// milliseconds of uptime in 32 bits (49.7 days), NTP seconds since 1900
	// (2036-02-07T06:28:16Z).
	CounterRollover Class = "counter-rollover"
)

// classes is the closed set, in the order Classes returns it.
var classes = []Class{
	LeapDay, LeapYearRule, Day366, ISOWeekYear, TwoDigitYear, TimeT2038,
	GPSWeekRollover, LeapSecond, DSTTransition, CertExpiry, Backdating,
	UTCTime2050, DateNumberOverflow, CounterRollover,
}

// Classes returns every bug class, in a fixed order. The slice is a copy.
func Classes() []Class { return slices.Clone(classes) }

// Valid reports whether c is one of the classes returned by Classes.
func (c Class) Valid() bool { return slices.Contains(classes, c) }

// String returns the class name as written in the catalogue, such as
// "leap-day".
func (c Class) String() string { return string(c) }
