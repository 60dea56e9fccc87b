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

// TestSimulateStorm: the storm preset, retold under Let's Encrypt's
// documented buckets, prints the refusals of each service's exact-set
// bucket and no expiry: the renewals are exempt from the registered
// domain's limit, and a token comes back every 33.6 hours, long before a
// 160-hour certificate runs out. The same in JSON and in the chart; the
// same run twice is the same bytes.
func TestSimulateStorm(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "storm.svg")
	code, out, errOut := leapcheck(t, "simulate", "--preset", renew.CertbotShortLivedStorm, "--svg", svg)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "NO EXPIRY")
	assert.Contains(t, out, "limit letsencrypt-exact-set: 5 per 7d, 1 every 1d9h36m (exact-set)\n")
	assert.Contains(t, out, "2026-06-01 00:00:00                         issued         30 certificates, svc 0-29 notAfter 2026-06-07T15:59:59Z\n")
	assert.Regexp(t, `rate-limited +\d+ refusals, svc 0-29 \(letsencrypt-exact-set: no token for a renewal, next in`, out)
	assert.Contains(t, out, "450 refused by the rate limit")
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	assertWellFormedXML(t, b)
	for _, want := range []string{`fill="#ffffff"`, "services without a valid certificate", "0 expiries",
		"first rate-limit refusal Jun 3 15:22", "time (UTC) from 2026-06-01 00:00", ">Jun 8<", "limits 5 per 7 days, 50 per 7 days, 300 per 3h"} {
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
	assert.Nil(t, r.FirstExpiry)
	assert.Zero(t, r.ServicesExpired)
	assert.Equal(t, 450, r.RateLimited)
	assert.Empty(t, r.Gaps)

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
