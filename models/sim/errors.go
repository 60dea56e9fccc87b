package sim

import (
	"errors"

	"github.com/leapcheck/leapcheck/models/internal/errs"
)

// Sentinel errors: every error this package returns is an *Error wrapping
// one of them, or an error of the host or cluster model wrapped with the
// scenario's name.
var (
	// ErrScenario reports a Scenario field out of its domain (Validate).
	ErrScenario = errors.New("invalid scenario")
	// ErrPreset reports an unknown preset name or an invalid proof preset.
	ErrPreset = errors.New("invalid preset")
	// ErrState reports a Prover not built by NewProver, or a simulator
	// invariant that broke (an event scheduled in the past): a bug in this
	// package, never the caller's input.
	ErrState = errors.New("invalid state")
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
