// Package calendar is leapcheck's reference model of civil dates: the proleptic
// Gregorian calendar from 0001-01-01 to 9999-12-31, with no time of day, no time
// zone and no leap seconds.
//
// It exists to be an oracle. Other code is tested against it, so it states its
// assumptions and formulas beside the code, accepts every input a caller can
// construct without panicking, and answers bad input with an error that names
// the input.
//
// # Assumptions
//
//   - Calendar: proleptic Gregorian. A year is a leap year when it is divisible
//     by 4, except century years, which are leap years only when divisible by 400
//     (1900 is not a leap year, 2000 is). There are 97 leap years in every 400.
//   - Range: years 1 to 9999, the range of RFC 5280 certificate times and of
//     four-digit years. Results outside it are errors (ErrRange), never wrapped.
//   - Day numbers count days since 1970-01-01 (day 0), the Unix epoch, so that
//     a day number times 86,400 is the Unix time of that day's midnight UTC.
//
// # Overflow: the 2012 bug
//
// Adding years or months to a date can ask for a day the target month does not
// have. The Azure guest agent of February 2012 made a one-year certificate by
// adding 1 to the year: on 2012-02-29 it asked for 2013-02-29, which does not
// exist, and its certificate creation failed. Every calendar library answers
// this question with one of three policies, and code that does not choose one
// explicitly gets whichever its library picked. This package makes the choice
// an argument:
//
//	policy   2012-02-29 + 1 year   2012-01-31 + 1 month   used by
//	Clamp    2013-02-28            2012-02-29             java.time, .NET, Temporal "constrain"
//	Roll     2013-03-01            2012-03-02             Go AddDate, C mktime, GNU date
//	Reject   error (ErrNoSuchDay)  error (ErrNoSuchDay)   Python date.replace, Temporal "reject", the 2012 guest agent
//
// Clamp moves to the last day of the target month. Roll keeps the surplus days
// and carries them into the next month, exactly as time.Time.AddDate does.
// Reject returns an error wrapping ErrNoSuchDay. On every day that exists in
// the target month the three policies agree.
//
// # Day numbers and sweeps
//
// DayNumber and FromDayNumber convert between dates and day numbers with the
// branch-free Euclidean affine functions of Neri and Schneider (2022). They are
// the hot path of leapcheck's exhaustive proofs, which visit all 3,652,059 days
// of the range. A Range visits consecutive days faster still, without any
// division at all.
package calendar
