package renew_test

import (
	"encoding/json"
	"testing"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPresetJSONRoundTrip: every preset written as JSON reads back equal,
// but for its claim's FailsOn, a function (the words of the claim come
// back), and proves the same once the claim is given back. Issue 19 found
// that the kinds were written as names and could not be read.
func TestPresetJSONRoundTrip(t *testing.T) {
	r := mustRange(t, "2027-12-01", "2028-03-31")
	for _, p := range renew.Presets() {
		b, err := json.Marshal(p)
		require.NoError(t, err, p.Name)
		var back renew.Preset
		require.NoError(t, json.Unmarshal(b, &back), "%s: %s", p.Name, b)
		want := p
		want.FailsOn = nil
		assert.Equal(t, want, back, p.Name)
		back.FailsOn = p.FailsOn
		got, _ := prove(t, back, r)
		orig, _ := prove(t, p, r)
		assert.Equal(t, orig, got, p.Name)
	}
}

// TestKindsFromJSON: an unknown name is an error that names it and lists
// the names.
func TestKindsFromJSON(t *testing.T) {
	var p renew.Policy
	err := json.Unmarshal([]byte(`{"trigger":{"kind":"fortnightly"}}`), &p)
	require.ErrorIs(t, err, renew.ErrConfig)
	assert.ErrorContains(t, err, `"fortnightly" is not a trigger kind (want one of fraction, before-expiry`)
	err = json.Unmarshal([]byte(`{"wake":{"kind":"daily","overflow":"wrap"}}`), &p)
	assert.ErrorContains(t, err, `"wrap" is not a day overflow (want one of skip, clamp, roll)`)
	err = json.Unmarshal([]byte(`{"wake":{"kind":"hourly"}}`), &p)
	assert.ErrorContains(t, err, `"hourly" is not a schedule kind`)
	require.NoError(t, json.Unmarshal([]byte(`{"trigger":{"kind":"ari"},"wake":{"kind":"monthly","overflow":"roll"}}`), &p))
	assert.Equal(t, renew.ARIWindow, p.Trigger.Kind)
	assert.Equal(t, renew.Monthly, p.Wake.Kind)
	assert.Equal(t, renew.Roll, p.Wake.Overflow)
}
