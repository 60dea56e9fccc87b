package cluster

import (
	"errors"

	"github.com/leapcheck/leapcheck/models/internal/errs"
)

// Sentinel errors: every error this package returns is an *Error wrapping
// one of them.
var (
	// ErrConfig reports a configuration or threshold out of its domain, or
	// an unknown preset name.
	ErrConfig = errors.New("invalid cluster configuration")
	// ErrState reports a State not built by NewState.
	ErrState = errors.New("state not built by NewState")
	// ErrClockBackwards reports an event at an instant earlier than the
	// previous event's: the caller's clock went backwards.
	ErrClockBackwards = errors.New("clock went backwards")
	// ErrUnknownServer reports an event naming a server outside the cluster.
	ErrUnknownServer = errors.New("unknown server")
	// ErrDuplicateVM reports a deploy or placement of a VM the cluster
	// already knows.
	ErrDuplicateVM = errors.New("duplicate VM")
	// ErrServerUnavailable reports a placement on a server in HI or full.
	ErrServerUnavailable = errors.New("server unavailable")
	// ErrEvent reports an event that cannot be: nil or of an unknown type.
	ErrEvent = errors.New("invalid event")
	// ErrInvariant reports a State whose internal invariants do not hold
	// (State.Check): a bug in this package, never the caller's input.
	ErrInvariant = errors.New("invariant broken")
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
