package errs

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestErrorf(t *testing.T) {
	kind, cause, other := errors.New("kind"), errors.New("cause"), errors.New("other")
	err := Errorf(kind, "m: %s at %d: %w", "x", 3, cause)
	assert.Equal(t, "m: x at 3: cause", err.Error())
	assert.ErrorIs(t, err, kind)
	assert.ErrorIs(t, err, cause)
	assert.NotErrorIs(t, err, other)
	plain := Errorf(kind, "m: %v", cause)
	assert.ErrorIs(t, plain, kind)
	assert.NotErrorIs(t, plain, cause, "%v formats the cause without wrapping it")
	var e *Error
	assert.True(t, errors.As(plain, &e))
	assert.Equal(t, kind, e.Kind)
}
