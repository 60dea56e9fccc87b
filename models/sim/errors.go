package sim

import (
	"errors"
	"fmt"
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

// Error is the error type of this package's functions. Its message names the
// input that caused it, as before; Unwrap returns its Kind, one of the
// sentinels below that callers test with errors.Is, and the underlying error
// if there is one.
type Error struct {
	// Kind is one of this package's sentinel errors.
	Kind error
	// Err is the underlying error, or nil.
	Err error
	msg string
}

// Error returns the message, which starts with "sim: " and names the input.
func (e *Error) Error() string { return e.msg }

// Unwrap returns Kind and, if not nil, Err.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// errorf returns an *Error of kind with the message fmt.Errorf(format,
// args...) would give, wrapping what a %w verb in format wraps.
func errorf(kind error, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Err: errors.Unwrap(err), msg: err.Error()}
}
