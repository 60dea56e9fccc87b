package host

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every error a caller can cause is an *Error of the kind errors.Is finds,
// and its message names the input.
func TestErrorKinds(t *testing.T) {
	t0 := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	s, err := NewState(3, Azure2012())
	require.NoError(t, err)
	s, _, err = Step(s, StartRequested{VM: 7}, t0)
	require.NoError(t, err)
	v, ok := s.VM(7)
	require.True(t, ok)
	_, policyErr := FixedDelay(-time.Second, time.Minute, 3)
	_, presetErr := PresetByName("nomad")
	cases := []struct {
		name string
		err  error
		kind error
		says string
	}{
		{"negative delay", policyErr, ErrPolicy, "-1s"},
		{"unknown preset", presetErr, ErrPolicy, `"nomad"`},
		{"zero state", stepErr(Step(State{}, StartRequested{VM: 1}, t0)), ErrState, "NewState"},
		{"clock backwards", stepErr(Step(s, GuestReady{VM: 7}, t0.Add(-time.Second))), ErrClockBackwards, "2012-02-28T23:59:59Z"},
		{"unknown vm", stepErr(Step(s, GuestReady{VM: 8}, t0)), ErrUnknownVM, "vm 8"},
		{"early timer", stepErr(Step(s, TimerFired{VM: 7, Timer: v.Timer}, t0.Add(time.Minute))), ErrEvent, "before its deadline"},
		{"nil event", stepErr(Step(s, nil, t0)), ErrEvent, "nil event"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			assert.ErrorIs(t, c.err, c.kind)
			var e *Error
			require.True(t, errors.As(c.err, &e), "%T", c.err)
			assert.Contains(t, c.err.Error(), c.says)
			assert.Contains(t, c.err.Error(), "host: ")
			for _, other := range []error{ErrPolicy, ErrState, ErrClockBackwards, ErrUnknownVM, ErrEvent} {
				if other != c.kind {
					assert.NotErrorIs(t, c.err, other)
				}
			}
		})
	}
}

func stepErr(_ State, _ []Action, err error) error { return err }
