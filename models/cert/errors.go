package cert

import "errors"

// Sentinel errors. Every error returned by this package is an *Error (or a
// *ComplianceViolation) that wraps one of them, so callers can test the kind
// with errors.Is and still print a message that names the input. An issuance
// that fails in the calendar, as the 2012 guest agent's did, also wraps the
// calendar error: errors.Is(err, calendar.ErrNoSuchDay) holds for it.
var (
	// ErrEncoding reports text that is not a time RFC 5280 allows (wrong
	// length, fractional seconds, an offset other than Z, GeneralizedTime
	// for 1950..2049, a field out of range), or a time that cannot be
	// encoded (a fractional second).
	ErrEncoding = errors.New("invalid time encoding")

	// ErrRange reports a time outside 0001-01-01T00:00:00Z..
	// 9999-12-31T23:59:59Z, a lifetime that does not fit before
	// 9999-12-31T23:59:59Z when clamping is off, or an argument outside its
	// domain (a renewal fraction outside [0, 1]).
	ErrRange = errors.New("out of range")

	// ErrPolicy reports an issuance policy that is not valid: a negative or
	// zero lifetime, a negative backdate, an invalid overflow policy, or an
	// unknown preset name.
	ErrPolicy = errors.New("invalid policy")

	// ErrInvalidValidity reports a Validity whose NotBefore is after its
	// NotAfter, whose bounds have a fractional second, or whose bounds are
	// outside the model's range.
	ErrInvalidValidity = errors.New("invalid validity")

	// ErrClaim reports a preset whose issuance disagrees with its claim
	// (Preset.FailsOn): it failed on a date the claim says is safe, or
	// succeeded on one the claim says fails.
	ErrClaim = errors.New("preset claim does not hold")

	// ErrNotCompliant reports a validity period longer than the CA/Browser
	// Forum Baseline Requirements allow for its issuance date.
	ErrNotCompliant = errors.New("validity exceeds the CA/Browser Forum maximum")
)

// Error is the error type returned by this package. Its message names the
// input that caused it, e.g.
//
//	cert: issue at 2012-02-29T00:00:00Z with policy guest-agent-2012: calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)
//	cert: decoding UTCTime "1302290000Z": wrong length 11, want 13 (YYMMDDHHMMSSZ)
//
// Unwrap returns Kind and, if there is one, the underlying Err.
type Error struct {
	// Input is the offending input as text, e.g. a time, a policy name or
	// the quoted string that failed to decode.
	Input string
	// Kind is one of this package's sentinels, or calendar.ErrNoSuchDay
	// for an issuance that failed because its end date does not exist.
	Kind error
	// Err is the underlying error, such as the *calendar.Error of a failed
	// issuance, or nil.
	Err error
	msg string
}

// Error returns the message, which starts with "cert: " and names the input.
func (e *Error) Error() string { return "cert: " + e.msg }

// Unwrap returns Kind and Err (when not nil), for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(input string, kind error, msg string) *Error {
	return &Error{Input: input, Kind: kind, msg: msg}
}
