package fuzz

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
)

// TestRenewOracleDecides checks that renewVerdict decides the cases it is
// written for, with verdicts computed by hand from the presets' figures.
func TestRenewOracleDecides(t *testing.T) {
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		preset string
		t      time.Time
		want   verdict
	}{
		{renew.Renew60DaysLEClassic, at(2028, time.February, 15), safe},   // 64 days: 4 days of margin
		{renew.Renew60DaysLEClassic, at(2028, time.February, 16), lapses}, // 45 days
		{renew.YearlyAddYearsReject, at(2028, time.February, 29), unschedulable},
		{renew.YearlyAddYearsReject, at(2028, time.March, 1), safe},
		{renew.YearlyAddYearsClamp, at(2028, time.February, 29), safe},
		{renew.CertbotLegacyLEClassic, at(2030, time.January, 1), safe},
		{renew.CertbotShortLived, at(2030, time.January, 1), undecided},
	}
	for _, c := range cases {
		p, err := renew.PresetByName(c.preset)
		require.NoError(t, err)
		assert.Equal(t, c.want, renewOracles{}.renewVerdict(p, c.t), "%s at %s", c.preset, c.t)
	}
}

// TestRenewPlantCaught checks that the planted oracle disagrees with the
// prover on the date the plant is about, and the real one does not.
func TestRenewPlantCaught(t *testing.T) {
	c := renewCase{renew.Renew60DaysLEClassic, calendar.Date{Year: 2028, Month: time.February, Day: 16}}
	require.NoError(t, renewOracles{}.renew(c))
	var o oracles
	for _, p := range plants() {
		if p.target == "Renew" {
			p.set(&o)
		}
	}
	assert.Error(t, o.renew.renew(c))
}

// TestRenewDecodedFailureReplays checks that a decoded failing case prints
// its readable form, which reads back as the same case.
func TestRenewDecodedFailureReplays(t *testing.T) {
	c := decodeRenewCase("\x08\x00\x03")
	back, ok := readRenewCase(c.String())
	require.True(t, ok)
	assert.Equal(t, c, back)
}
