package cert_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/testpresets"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSubjectsProveTheirClaims sweeps every preset through the proof
// engine over every date (1600..2400 under -short, with the test presets):
// each fails exactly on the dates its claim names.
func TestSubjectsProveTheirClaims(t *testing.T) {
	r := calendar.All()
	if testing.Short() {
		var err error
		r, err = calendar.NewRange(calendar.Date{Year: 1600, Month: 1, Day: 1}, calendar.Date{Year: 2400, Month: 12, Day: 31})
		require.NoError(t, err)
	}
	presets := cert.Presets()
	if testing.Short() {
		// The test presets over every date: TestNewPresetsAreCheckedFromTheirClaims.
		presets = append(presets, testpresets.Issuance()...)
	}
	var subjects []proof.Subject
	for _, p := range presets {
		subjects = append(subjects, p.Subject())
	}
	res, err := proof.Sweep(r, subjects, proof.Options{})
	require.NoError(t, err)
	for _, s := range res.Subjects {
		assert.True(t, s.OK, "%s: %s %v", s.Name, s.Verdict, s.Mismatches)
		assert.Zero(t, s.NotJudged, s.Name)
	}
	assert.True(t, res.OK)
	if !testing.Short() {
		assert.EqualValues(t, 2424, res.Subjects[0].FailingDates, "the 2012 guest agent on every February 29")
	}
}

// TestJudge pins the judgement: the failing second's error in the detail,
// a wrong claim caught, and the dates a zone puts outside the model not
// judged.
func TestJudge(t *testing.T) {
	ga, err := cert.PresetByName(cert.GuestAgent2012)
	require.NoError(t, err)
	v, err := ga.Judge(calendar.Date{Year: 2012, Month: time.February, Day: 29})
	require.NoError(t, err)
	assert.True(t, v.Fails)
	assert.Equal(t, "issuance", v.Kind)
	assert.Contains(t, v.Detail, "issuance at 2012-02-29T00:00:00Z")
	assert.Contains(t, v.Detail, "February 2013")
	v, err = ga.Judge(calendar.Date{Year: 2012, Month: time.March, Day: 1})
	require.NoError(t, err)
	assert.False(t, v.Fails)
	_, err = ga.Judge(calendar.Date{Year: 2013, Month: time.February, Day: 29})
	require.ErrorIs(t, err, calendar.ErrNoSuchDay)

	// Issuers east of UTC reach 0001-01-01 local before the model starts:
	// its first 14 hours are not issuance instants, the rest are judged.
	ca, err := cert.PresetByName(cert.CAOneYear)
	require.NoError(t, err)
	ca.Policy.Location = time.FixedZone("UTC+14", 14*3600)
	v, err = ca.Judge(calendar.MinDate)
	require.NoError(t, err)
	assert.False(t, v.NotJudged)
	assert.False(t, v.Fails, "%+v", v)
}
