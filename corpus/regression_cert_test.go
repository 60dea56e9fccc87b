package corpus

import (
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression tests against models/cert: certificate expiry, the UTCTime /
// GeneralizedTime boundary of 2050, and backdating.

func init() {
	modelled = append(modelled, CertExpiry, UTCTime2050, Backdating)
	for _, e := range Entries() {
		switch {
		case e.HasClass(CertExpiry):
			regressions[e.ID] = checkExpiry
		case e.HasClass(UTCTime2050):
			regressions[e.ID] = checkUTCTimePivot
		case e.HasClass(Backdating):
			regressions[e.ID] = checkBackdate
		}
	}
}

// checkExpiry: RFC 5280's notAfter is inclusive. A certificate whose last
// valid second is the entry's instant is valid at it and invalid one second
// later, with no time remaining: what every client should have
// concluded at each of these outages. A notAfter is also checked as the
// UTCTime text the real certificate carries.
func checkExpiry(t *testing.T, e Entry) {
	require.NotEmpty(t, e.Instants)
	for _, in := range e.Instants {
		at := in.At.UTC()
		v := cert.Validity{NotBefore: at.AddDate(-1, 0, 0), NotAfter: at.Truncate(time.Second)}
		require.NoError(t, v.Validate(), in.Label)
		assert.True(t, v.ValidAt(v.NotAfter), "%s: valid at its notAfter %s", e.ID, v.NotAfter)
		assert.False(t, v.ValidAt(v.NotAfter.Add(time.Second)), "%s: expired a second later", e.ID)
		assert.Zero(t, v.Remaining(v.NotAfter.Add(time.Second)), "%s: nothing remains after expiry", e.ID)
		assert.Equal(t, time.Second, v.Remaining(v.NotAfter), "%s: the notAfter second itself remains", e.ID)
		if in.Label == "notAfter" {
			tag, err := cert.TagFor(at)
			require.NoError(t, err)
			assert.Equal(t, cert.UTCTime, tag, "%s: before 2050, RFC 5280 requires UTCTime", e.ID)
			text, err := cert.EncodeTime(at)
			require.NoError(t, err)
			assert.Equal(t, at.Format("060102150405Z"), text)
		}
	}
}

// checkUTCTimePivot: instants before 2050 are UTCTime, from 2050 on
// GeneralizedTime, and each decodes back to itself; the two-digit year 50
// means 1950, which is the bug these entries hit.
func checkUTCTimePivot(t *testing.T, e Entry) {
	require.NotEmpty(t, e.Instants)
	for _, in := range e.Instants {
		at := in.At.UTC()
		tag, err := cert.TagFor(at)
		require.NoError(t, err)
		if at.Year() < 2050 {
			assert.Equal(t, cert.UTCTime, tag, "%s %s", e.ID, in.Label)
		} else {
			assert.Equal(t, cert.GeneralizedTime, tag, "%s %s", e.ID, in.Label)
			// The same instant forced into UTCTime reads back as 1950.
			back, err := cert.DecodeTime(cert.UTCTime, at.Format("060102150405Z"))
			require.NoError(t, err)
			assert.Equal(t, at.Year()-100, back.Year(), "%s: UTCTime %q", e.ID, at.Format("060102150405Z"))
		}
		text, err := cert.EncodeTime(at)
		require.NoError(t, err)
		back, err := cert.DecodeTime(tag, text)
		require.NoError(t, err)
		assert.True(t, back.Equal(at), "%s: %q decodes to %s", e.ID, text, back)
	}
	for _, s := range e.Inputs {
		tag := cert.UTCTime
		if len(s) == len("20500101000000Z") {
			tag = cert.GeneralizedTime
		}
		_, err := cert.DecodeTime(tag, s)
		assert.NoError(t, err, "%s: input %q as %s", e.ID, s, tag)
	}
}

// checkBackdate: a backdate moves NotBefore back by exactly its amount, so a
// relying party whose clock is that slow still accepts the certificate, and
// one whose clock is a second slower does not. The inputs are the backdates
// (or clock skews) the entries discuss.
func checkBackdate(t *testing.T, e Entry) {
	now := time.Date(2016, 2, 29, 12, 0, 0, 0, time.UTC)
	checked := 0
	for _, s := range e.Inputs {
		d, err := time.ParseDuration(s)
		if err != nil {
			require.True(t, strings.Contains(s, "="), "%s: input %q is neither a duration nor key=value", e.ID, s)
			continue
		}
		p := cert.Policy{Name: e.ID, Lifetime: cert.Lifetime{Days: 90}, Backdate: d, ClampNotAfter: true}
		v, err := cert.Issue(p, now)
		require.NoError(t, err)
		assert.Equal(t, now.Add(-d), v.NotBefore, "%s: backdate %s", e.ID, d)
		assert.True(t, v.ValidAt(now.Add(-d)), "%s: a clock %s slow accepts it", e.ID, d)
		assert.False(t, v.ValidAt(now.Add(-d-time.Second)), "%s: a clock %s slow does not", e.ID, d+time.Second)
		// Without the backdate, the slow clock rejects a fresh certificate.
		p.Backdate = 0
		v0, err := cert.Issue(p, now)
		require.NoError(t, err)
		assert.False(t, v0.ValidAt(now.Add(-d)), e.ID)
		checked++
	}
	assert.Positive(t, checked, "%s has no backdate to check", e.ID)
}

// TestAzureIncidentAgainstThePresets: at the Azure entry's first instant the
// 2012 guest agent preset fails as the real agent did, and the fixed one
// issues a certificate valid at that instant.
func TestAzureIncidentAgainstThePresets(t *testing.T) {
	e, ok := Lookup("azure-2012-leap-day")
	require.True(t, ok)
	at := e.Instants[0].At
	p2012, err := cert.PresetByName(cert.GuestAgent2012)
	require.NoError(t, err)
	_, err = cert.Issue(p2012.Policy, at)
	assert.ErrorIs(t, err, calendar.ErrNoSuchDay)
	assert.Contains(t, err.Error(), "2013-02-29 does not exist")
	fixed, err := cert.PresetByName(cert.GuestAgentFixed)
	require.NoError(t, err)
	v, err := cert.Issue(fixed.Policy, at)
	require.NoError(t, err)
	assert.True(t, v.ValidAt(at))
	assert.Equal(t, "2013-02-28", calendar.DateOf(v.NotAfter).String())
}
