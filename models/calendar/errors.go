package calendar

import "errors"

// Sentinel errors. Every error returned by this package wraps exactly one of
// them, so callers can test the kind with errors.Is and still print a message
// that names the input.
var (
	// ErrNoSuchDay reports a date whose day does not exist in its month, such as
	// 2013-02-29 or 2012-04-31, including one produced by AddYears or AddMonths
	// under the Reject policy.
	ErrNoSuchDay = errors.New("no such day")

	// ErrRange reports a year, month or day number outside the model's range:
	// years 1..9999, months 1..12, days 0001-01-01..9999-12-31.
	ErrRange = errors.New("out of range")

	// ErrSyntax reports text that is not a date of the form YYYY-MM-DD.
	ErrSyntax = errors.New("invalid syntax")

	// ErrPolicy reports an Overflow value that is not Clamp, Roll or Reject.
	ErrPolicy = errors.New("invalid overflow policy")
)

// Error is the error type returned by this package. Its message names the
// input that caused it, e.g.
//
//	calendar: 2013-02-29 does not exist (February 2013 has 28 days)
//	calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)
//
// Unwrap returns the sentinel that classifies it.
type Error struct {
	// Input is the offending input as text, e.g. "2013-02-29" or "2012-02-29 + 1 year".
	Input string
	// Kind is one of ErrNoSuchDay, ErrRange, ErrSyntax or ErrPolicy.
	Kind error
	msg  string
}

// Error returns the message, which starts with "calendar: " and names the input.
func (e *Error) Error() string { return "calendar: " + e.msg }

// Unwrap returns the sentinel error Kind.
func (e *Error) Unwrap() error { return e.Kind }

func newError(input string, kind error, msg string) *Error {
	return &Error{Input: input, Kind: kind, msg: msg}
}
