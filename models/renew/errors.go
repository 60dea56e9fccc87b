package renew

import "errors"

// Sentinel errors. Every error this package returns is an *Error wrapping
// one of them (and, for a schedule that failed in the calendar, the
// calendar's own error), so callers can test the kind with errors.Is and
// still print a message that names the input.
var (
	// ErrConfig reports a policy, schedule, lifetime schedule, rate limit,
	// preset or fleet that is not valid: a fraction outside (0, 1), a
	// negative duration, a day of month outside 1..31, an unknown name.
	ErrConfig = errors.New("invalid configuration")

	// ErrSchedule reports a renewal time the client cannot compute, such as
	// "one year after 2028-02-29" under calendar.Reject. A client that hits
	// it never renews: the proof counts the date as failing.
	ErrSchedule = errors.New("renewal time cannot be computed")

	// ErrRange reports an instant outside the model's range, or a renewal
	// chain that would leave it (after 9999-12-31T23:59:59Z).
	ErrRange = errors.New("out of range")
)

// Error is the error type of this package. Its message starts with
// "renew: " and names the input, e.g.
//
//	renew: policy yearly-addyears-reject: renewal of certificate issued 2028-02-29T00:00:00Z: calendar: 2028-02-29 + 1 year: 2029-02-29 does not exist (February 2029 has 28 days)
type Error struct {
	// Input names the offending input: a policy, a field, an instant.
	Input string
	// Kind is ErrConfig, ErrSchedule or ErrRange.
	Kind error
	// Err is the underlying error (a *calendar.Error), or nil.
	Err error
	msg string
}

// Error returns the message.
func (e *Error) Error() string { return "renew: " + e.msg }

// Unwrap returns Kind and, if set, Err.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(input string, kind error, msg string) *Error {
	return &Error{Input: input, Kind: kind, msg: msg}
}

func configError(input, msg string) *Error { return newError(input, ErrConfig, msg) }
