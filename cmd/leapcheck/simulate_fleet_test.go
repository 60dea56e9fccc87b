package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSimulateStorm: the storm preset prints its first expiry instant,
// 2026-06-07T16:00:00Z (the boot certificates of the services refused at
// the first timer run: boot at 00:00 plus 160 hours), the refusals by the
// rate limit and the expiry gaps, the same in JSON and in the chart; the
// same run twice is the same bytes.
func TestSimulateStorm(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "storm.svg")
	code, out, errOut := leapcheck(t, "simulate", "--preset", renew.CertbotShortLivedStorm, "--svg", svg)
	require.Equal(t, exitOK, code, errOut)
	boot := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	firstExpiry := boot.Add(160 * time.Hour)
	assert.Contains(t, out, "FIRST EXPIRY "+firstExpiry.Format(time.RFC3339)+":")
	assert.Contains(t, out, "2026-06-01 00:00:00                         issued         30 certificates, svc 0-29 notAfter 2026-06-07T15:59:59Z\n")
	assert.Regexp(t, `\n2026-06-07 16:00:00 +EXPIRED +10 services, svc 20-29 `, out)
	assert.Regexp(t, `rate-limited +\d+ refusals, svc 0-29 \(50 issued in the last 7d`, out)
	assert.Contains(t, out, "770 refused by the rate limit")
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	assertWellFormedXML(t, b)
	for _, want := range []string{`fill="#ffffff"`, "services without a valid certificate", "first expiry Jun 7 16:00",
		"first rate-limit refusal Jun 1 02:26", "time (UTC) from 2026-06-01 00:00", ">Jun 8<", "limit 50 per 7 days"} {
		assert.Contains(t, string(b), want)
	}
	_, again, _ := leapcheck(t, "simulate", "--preset", renew.CertbotShortLivedStorm, "--svg", svg)
	assert.Equal(t, out, again)
	b2, _ := os.ReadFile(svg)
	assert.Equal(t, b, b2)

	code, out, errOut = leapcheck(t, "simulate", "--preset", renew.CertbotShortLivedStorm, "--json")
	require.Equal(t, exitOK, code, errOut)
	var r fleetJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, schemaVersion, r.SchemaVersion)
	require.NotNil(t, r.FirstExpiry)
	assert.Equal(t, firstExpiry, *r.FirstExpiry)
	assert.Equal(t, 30, r.ServicesExpired)
	assert.Equal(t, 770, r.RateLimited)
	// The series counts the open gaps: its peak is every service.
	peak := 0
	for _, p := range r.ExpiredSeries {
		peak = max(peak, p.Expired)
	}
	assert.Equal(t, 30, peak)
	assert.Len(t, r.Gaps, r.Expiries)

	// --full prints every event, attempts included.
	code, out, errOut = leapcheck(t, "simulate", "--preset", renew.CertbotShortLivedStorm, "--full")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "2026-06-01 00:00:00  svc 0   attempt\n")
}

// TestSimulateFleetStartAndSeed: --start moves the run and its CA outage
// together, so the outage preset still survives; --seed changes the
// jittered timers and so the timeline, deterministically.
func TestSimulateFleetStartAndSeed(t *testing.T) {
	code, out, errOut := leapcheck(t, "simulate", "--preset", renew.CertbotOutageFleet, "--start", "2031-01-01T00:00:00Z", "--json")
	require.Equal(t, exitOK, code, errOut)
	var r fleetJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Nil(t, r.FirstExpiry)
	require.Len(t, r.Outages, 1)
	assert.Equal(t, time.Date(2031, 3, 2, 0, 0, 0, 0, time.UTC), r.Outages[0].From, "60 days after the start, as in the preset")
	assert.NotZero(t, r.OutageRefused)
	assert.Contains(t, out, `"first_expiry": null`)

	svg := filepath.Join(t.TempDir(), "o.svg")
	_, a, _ := leapcheck(t, "simulate", "--preset", renew.CertbotOutageFleet, "--seed", "8", "--svg", svg)
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	assert.Contains(t, string(b), "CA outage Jul 31 00:00 to Aug 3 00:00")
	assert.Contains(t, string(b), "0 expiries: every service held a valid certificate for the 120-day run")
	_, b1, _ := leapcheck(t, "simulate", "--preset", renew.CertbotOutageFleet, "--seed", "8")
	_, c, _ := leapcheck(t, "simulate", "--preset", renew.CertbotOutageFleet)
	assert.Equal(t, a[:len(b1)], b1)
	assert.NotEqual(t, b1, c, "another seed, other timer delays")
	assert.Contains(t, c, "NO EXPIRY")
}

func TestIDRanges(t *testing.T) {
	assert.Equal(t, "0-19, 25, 27-28", idRanges([]int{27, 25, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 28}))
	assert.Equal(t, "3", idRanges([]int{3}))
}
