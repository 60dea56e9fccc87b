package cluster

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
	th, err := AtLeast(1)
	require.NoError(t, err)
	s, err := NewState(Config{Servers: 2, Capacity: 1, Threshold: th})
	require.NoError(t, err)
	_, err = Step(s, VMPlaced{VM: 1, Server: 0}, t0)
	require.NoError(t, err)
	_, configErr := NewState(Config{Servers: 0, Capacity: 1, Threshold: th})
	_, thresholdErr := AtLeastFraction(1.5, 1)
	_, presetErr := PresetByName("borg")
	step := func(ev Event, at time.Time) error { _, err := Step(s, ev, at); return err }
	cases := []struct {
		name string
		err  error
		kind error
		says string
	}{
		{"no servers", configErr, ErrConfig, "servers 0"},
		{"fraction", thresholdErr, ErrConfig, "1.5"},
		{"unknown preset", presetErr, ErrConfig, `"borg"`},
		{"zero state", stepErr(Step(&State{}, VMDeploy{VM: 1}, t0)), ErrState, "NewState"},
		{"clock backwards", step(VMDeploy{VM: 2}, t0.Add(-time.Minute)), ErrClockBackwards, "2012-02-28T23:59:00Z"},
		{"unknown server", step(VMPlaced{VM: 2, Server: 5}, t0), ErrUnknownServer, "no server 5"},
		{"duplicate vm", step(VMDeploy{VM: 1}, t0), ErrDuplicateVM, "vm 1"},
		{"full server", step(VMPlaced{VM: 3, Server: 0}, t0), ErrServerUnavailable, "server 0 is full"},
		{"nil event", step(nil, t0), ErrEvent, "nil event"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			assert.ErrorIs(t, c.err, c.kind)
			var e *Error
			require.True(t, errors.As(c.err, &e), "%T", c.err)
			assert.Contains(t, c.err.Error(), c.says)
			for _, other := range []error{ErrConfig, ErrState, ErrClockBackwards, ErrUnknownServer, ErrDuplicateVM, ErrServerUnavailable, ErrEvent, ErrInvariant} {
				if other != c.kind {
					assert.NotErrorIs(t, c.err, other)
				}
			}
		})
	}
}

func stepErr(_ []Action, err error) error { return err }
