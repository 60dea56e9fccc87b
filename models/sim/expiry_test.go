package sim_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/models/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServiceCertExpiryFeedsTheCascade: the fixed guest agent while a
// renewal fleet's certificates are expired. The fleet is
// certbot-classic-outage with its CA outage stretched to 35 days
// (2026-07-31..2026-09-04), longer than certbot's 30 days of margin: every
// service's 90-day certificate expires inside it, the first at
// 2026-08-30T00:00:00Z. (The renewal storm served here until issue 20;
// under Let's Encrypt's documented token buckets it no longer expires.)
// Without ServiceCert nothing fails; with the fleet's ValidAt (VM v runs
// service v mod 10), the starts of VMs whose service's certificate expired
// fail, their hosts report faults and healing spreads them: the host and
// cluster models see the expiry. Before the first expiry the same wiring
// changes nothing.
func TestServiceCertExpiryFeedsTheCascade(t *testing.T) {
	f, err := renew.FleetPresetByName(renew.CertbotOutageFleet)
	require.NoError(t, err)
	f.Outages[0].To = f.Outages[0].From.Add(35 * renew.Day)
	fleet, err := renew.Simulate(f)
	require.NoError(t, err)
	first := fleet.Verdict.FirstExpiry
	require.Equal(t, time.Date(2026, 8, 30, 0, 0, 0, 0, time.UTC), first)
	require.Equal(t, f.Services, fleet.Verdict.ServicesExpired)
	valid := func(vm int, at time.Time) bool { return fleet.ValidAt(vm%f.Services, at) }

	run := func(start time.Time, wire bool) sim.Verdict {
		s, err := sim.PresetByName(sim.PresetAzure2012Fixed)
		require.NoError(t, err)
		s.Start = start
		if wire {
			s.ServiceCert = valid
		}
		res, err := sim.Run(s)
		require.NoError(t, err)
		return res.Verdict
	}
	// The certificates, issued from 2026-06-01 00:00 to 10:48 for 90 days,
	// have all expired by 2026-08-30T10:48Z and stay so until the outage
	// ends: start on September 2, inside every service's gap.
	at := time.Date(2026, 9, 2, 0, 0, 0, 0, time.UTC)
	for svc := range f.Services {
		require.False(t, fleet.ValidAt(svc, at), "service %d", svc)
	}
	plain := run(at, false)
	assert.Zero(t, plain.CertFailures)
	_, faulted := plain.FirstFault()
	assert.False(t, faulted)

	wired := run(at, true)
	assert.NotZero(t, wired.CertFailures)
	ff, faulted := wired.FirstFault()
	require.True(t, faulted, "3 failed starts of 25 minutes: a host fault")
	assert.Equal(t, at.Add(75*time.Minute), ff)

	before := run(time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC), true)
	assert.Zero(t, before.CertFailures, "every service holds a certificate on June 2")
}
