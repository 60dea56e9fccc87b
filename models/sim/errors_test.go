package sim_test

import (
	"errors"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every error a caller can cause is an *Error of the kind errors.Is finds,
// and its message names the input.
func TestErrorKinds(t *testing.T) {
	bad := preset(t, sim.PresetAzure2012)
	bad.VMsPerServer = 40
	_, runErr := sim.Run(bad)
	_, presetErr := sim.PresetByName("azure2013")
	_, proofErr := sim.ProofPresetByName("azure2013")
	offsets := proofPreset(t, sim.PresetAzure2012)
	offsets.Offsets = []time.Duration{15 * time.Hour}
	_, offsetErr := sim.NewProver(offsets)
	_, proverErr := new(sim.Prover).Prove(calendar.MinDate)
	cases := []struct {
		name string
		err  error
		kind error
		says string
	}{
		{"invalid scenario", bad.Validate(), sim.ErrScenario, "VMsPerServer = 40"},
		{"run of an invalid scenario", runErr, sim.ErrScenario, "VMsPerServer = 40"},
		{"unknown preset", presetErr, sim.ErrPreset, `"azure2013"`},
		{"unknown proof preset", proofErr, sim.ErrPreset, `"azure2013"`},
		{"offset out of range", offsetErr, sim.ErrPreset, "Offsets[0]"},
		{"zero prover", proverErr, sim.ErrState, "NewProver"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			assert.ErrorIs(t, c.err, c.kind)
			var e *sim.Error
			require.True(t, errors.As(c.err, &e), "%T", c.err)
			assert.Contains(t, c.err.Error(), c.says)
		})
	}
}
