package fuzz

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/testpresets"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newPresetInstants are instants on and around the dates the test presets
// fail on (the 29th to 31st before a shorter month), a February 29, and a
// sample of decoded instants.
func newPresetInstants() []time.Time {
	var out []time.Time
	for _, s := range []string{"2013-01-29T00:00:00Z", "2012-01-29T12:00:00Z", "2013-01-31T23:59:59Z", "2013-03-31T00:00:00Z",
		"2013-05-30T00:00:00Z", "2012-02-29T00:00:00Z", "2013-04-30T00:00:00Z", "1900-01-29T00:00:00Z"} {
		t, ok := readInstant(s)
		if !ok {
			panic(s)
		}
		out = append(out, t)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 500 {
		b := make([]byte, 12)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		d := decoder{string(b)}
		out = append(out, d.instant(true))
	}
	return out
}

// Issue 14: presets declared only in test code (internal/testpresets), a
// safe 90-day one and an unsafe "one month later, Reject" one, go through
// the CertIssue and Sim properties unchanged: the properties take their
// expectations from each preset's claim.
func TestNewPresetsThroughTheFuzzProperties(t *testing.T) {
	presets := append(certPresets(), testpresets.Issuance()...)
	for _, now := range newPresetInstants() {
		require.NoError(t, certOracles{}.certIssue(now, presets), "at %s", instantText(now))
	}
	for _, sc := range testpresets.Scenarios() {
		for _, s := range []string{"2013-01-31T00:00:00Z", "2013-01-31T23:00:00Z", "2013-02-01T00:00:00Z", "2012-02-29T00:00:00Z"} {
			start, _ := readInstant(s)
			c := simCase{preset: sc.Name, start: start, seed: 2012, servers: simMaxServers, vmsEach: simMaxVMs}
			require.NoError(t, simOracles{}.sim(c.apply(sc), true), "%s at %s", sc.Name, s)
		}
	}
}

// The same property fails a preset whose claim is wrong: the one-month
// preset claiming never to fail, and the 90-day one claiming to fail on
// January 31.
func TestWrongClaimsFailTheFuzzProperty(t *testing.T) {
	ps := testpresets.Issuance()
	require.Len(t, ps, 2)
	liar := ps[1]
	liar.FailsOn = nil
	jan31, _ := readInstant("2013-01-31T00:00:00Z")
	assert.Error(t, certOracles{}.certIssue(jan31, []cert.Preset{liar}))

	scs := testpresets.Scenarios()
	lying := scs[1]
	lying.FailsOn = nil
	c := simCase{preset: lying.Name, start: jan31, seed: 2012, servers: simMaxServers, vmsEach: simMaxVMs}
	assert.Error(t, simOracles{}.sim(c.apply(lying), false), "a run with failures its claim does not name")

	pessimist := ps[0]
	pessimist.FailsOn = ps[1].FailsOn
	assert.Error(t, certOracles{}.certIssue(jan31, []cert.Preset{pessimist}))
}
