package renew_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDSTRulesFromSources checks the two rules on the sources' own
// examples, a daily 02:30 job in Europe/Berlin across 2026's changes.
// systemd 252, systemd-analyze calendar '*-*-* 02:30:00' --base-time
// '2026-03-29 00:00': "Next elapse: Mon 2026-03-30 02:30:00 CEST" (the
// change day is skipped); base 2026-10-25 00:00: "Sun 2026-10-25 02:30:00
// CEST (in UTC): Sun 2026-10-25 00:30:00 UTC", then "Mon 2026-10-26
// 02:30:00 CET" (once). Debian cron(8): skipped jobs "will be run soon
// after the change" (at 03:00 CEST, 01:00 UTC, the change itself), and
// repeated ones "will not be re-run".
func TestDSTRulesFromSources(t *testing.T) {
	runs := func(rule renew.DSTRule, from string, n int) []string {
		s := renew.Schedule{Kind: renew.Daily, Times: []time.Duration{2*time.Hour + 30*time.Minute}, Zone: "Europe/Berlin", DST: rule}
		require.NoError(t, s.Validate())
		rs, err := s.Runs(utc(from), 0, n)
		require.NoError(t, err)
		var out []string
		for _, r := range rs {
			out = append(out, r.Format(time.RFC3339))
		}
		return out
	}
	// Spring forward: 2026-03-28T23:00Z is 00:00 CET on the 29th.
	assert.Equal(t, []string{"2026-03-30T00:30:00Z"}, runs(renew.SystemdDST, "2026-03-28T23:00:00Z", 1))
	assert.Equal(t, []string{"2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"}, runs(renew.CronDST, "2026-03-28T23:00:00Z", 2))
	// Fall back: 2026-10-24T22:00Z is 00:00 CEST on the 25th; 02:30 comes
	// twice (00:30Z CEST, 01:30Z CET) and runs once, at the first.
	for _, rule := range []renew.DSTRule{renew.SystemdDST, renew.CronDST} {
		assert.Equal(t, []string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}, runs(rule, "2026-10-24T22:00:00Z", 2), rule.String())
	}
	// America/New_York, 2026-03-08: systemd's next elapse "Mon 2026-03-09
	// 02:30:00 EDT".
	s := renew.Schedule{Kind: renew.Daily, Times: []time.Duration{2*time.Hour + 30*time.Minute}, Zone: "America/New_York", DST: renew.SystemdDST}
	r, err := s.NextRun(utc("2026-03-08T05:00:00Z"), 0)
	require.NoError(t, err)
	assert.Equal(t, "2026-03-09T06:30:00Z", r.Format(time.RFC3339))

	for want, bad := range map[string]renew.Schedule{
		"must be systemd or cron": {Kind: renew.Daily, Times: []time.Duration{0}, Zone: "Europe/Berlin"},
		"daily schedules only":    {Kind: renew.Monthly, Times: []time.Duration{0}, Day: 1, Overflow: renew.Skip, Zone: "Europe/Berlin", DST: renew.CronDST},
		`Zone = "Mars/Olympus"`:   {Kind: renew.Daily, Times: []time.Duration{0}, Zone: "Mars/Olympus", DST: renew.CronDST},
	} {
		err := bad.Validate()
		require.ErrorIs(t, err, renew.ErrConfig, want)
		assert.ErrorContains(t, err, want)
	}
}

// TestDSTProof proves a cron job at 02:30 Europe/Berlin that renews
// certificates on every run whose margin is under a day: with the systemd
// rule the run of the spring-forward day is skipped, and a certificate
// issued after the previous day's run lapses; with the cron rule it runs
// at 03:00 CEST and nothing lapses. The bisection agrees with every
// second of the dates around the change (persecond_internal_test.go's
// argument holds: the runs of a zoned schedule are still a fixed set of
// instants, nondecreasing in the instant asked for).
func TestDSTProof(t *testing.T) {
	p := renew.Preset{Name: "dst", CA: renew.Fixed("25h", 25*time.Hour),
		Client: renew.Policy{Name: "c", Trigger: renew.Trigger{Kind: renew.EveryRun},
			Wake:  renew.Schedule{Kind: renew.Daily, Times: []time.Duration{2*time.Hour + 30*time.Minute}, Zone: "Europe/Berlin", DST: renew.SystemdDST},
			Retry: renew.Retry{AtNextWake: true}}}
	r := mustRange(t, "2026-03-25", "2026-04-02")
	tally, fs := prove(t, p, r)
	require.NotZero(t, tally.FailingDates)
	assert.Equal(t, "2026-03-28", fs[0].DateText, "issued after the run of the 28th, its next run is the 30th")
	p.Client.Wake.DST = renew.CronDST
	tally, _ = prove(t, p, r)
	assert.Zero(t, tally.FailingDates)
}

// TestZonedRunEdges: a zoned run is its own next run (at or after); the
// rules' names at the ends of their table; a cron job skipped by a change
// in a zone west of UTC (America/New_York, 2026-03-08, 02:30 does not
// exist: cron runs it at the change, 03:00 EDT = 07:00Z).
func TestZonedRunEdges(t *testing.T) {
	s := renew.Schedule{Kind: renew.Daily, Times: []time.Duration{2*time.Hour + 30*time.Minute}, Zone: "Europe/Berlin", DST: renew.CronDST}
	r, err := s.NextRun(utc("2026-06-01T00:30:00Z"), 0)
	require.NoError(t, err)
	assert.Equal(t, "2026-06-01T00:30:00Z", r.Format(time.RFC3339))
	r, err = s.NextRun(utc("2026-06-01T00:30:01Z"), 0)
	require.NoError(t, err)
	assert.Equal(t, "2026-06-02T00:30:00Z", r.Format(time.RFC3339))

	ny := renew.Schedule{Kind: renew.Daily, Times: []time.Duration{2*time.Hour + 30*time.Minute}, Zone: "America/New_York", DST: renew.CronDST}
	r, err = ny.NextRun(utc("2026-03-08T05:00:00Z"), 0)
	require.NoError(t, err)
	assert.Equal(t, "2026-03-08T07:00:00Z", r.Format(time.RFC3339))

	for r, want := range map[renew.DSTRule]string{0: "DSTRule(0)", renew.SystemdDST: "systemd", renew.CronDST: "cron", renew.CronDST + 1: "DSTRule(3)"} {
		assert.Equal(t, want, r.String())
	}
}
