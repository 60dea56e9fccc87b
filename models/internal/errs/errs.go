// Package errs is the error type that the host, cluster and sim models
// share: a message that names the input, and a kind (one of the model's
// sentinel errors) that errors.Is finds. Each model exports it as its own
// Error by alias and keeps its own sentinels.
package errs

import (
	"errors"
	"fmt"
)

// Error is a model error. Its message names the input that caused it;
// Unwrap returns its Kind, one of the model's sentinels that callers test
// with errors.Is, and the underlying error if there is one.
type Error struct {
	// Kind is one of the model's sentinel errors.
	Kind error
	// Err is the underlying error, or nil.
	Err error
	msg string
}

// Error returns the message, which starts with the model's name ("host: ").
func (e *Error) Error() string { return e.msg }

// Unwrap returns Kind and, if not nil, Err.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Errorf returns an *Error of kind with the message fmt.Errorf(format,
// args...) would give, wrapping what a %w verb in format wraps.
func Errorf(kind error, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Err: errors.Unwrap(err), msg: err.Error()}
}
