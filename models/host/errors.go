package host

import (
	"errors"

	"github.com/leapcheck/leapcheck/models/internal/errs"
)

// Sentinel errors: every error this package returns is an *Error wrapping
// one of them.
var (
	// ErrPolicy reports a restart policy parameter out of its domain (a
	// negative delay, a zero timeout, a limit below 1), a zero Policy, or an
	// unknown preset name.
	ErrPolicy = errors.New("invalid restart policy")
	// ErrState reports a State not built by NewState.
	ErrState = errors.New("state not built by NewState")
	// ErrClockBackwards reports an event at an instant earlier than the
	// previous event's: the caller's clock went backwards.
	ErrClockBackwards = errors.New("clock went backwards")
	// ErrUnknownVM reports an event naming a VM the host agent does not know.
	ErrUnknownVM = errors.New("unknown VM")
	// ErrEvent reports an event that cannot be: nil, of an unknown type, or
	// a timer firing before its deadline.
	ErrEvent = errors.New("invalid event")
)

// Error is the error type of this package's functions (shared with the
// other models by alias). Its message names the input that caused it;
// Unwrap returns its Kind, one of the sentinels above, and the underlying
// error if there is one.
type Error = errs.Error

// errorf returns an *Error of kind with the message fmt.Errorf(format,
// args...) would give, wrapping what a %w verb in format wraps.
func errorf(kind error, format string, args ...any) error {
	return errs.Errorf(kind, format, args...)
}
