package sim_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/models/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServiceCertExpiryFeedsTheCascade: the fixed guest agent on the day
// of the renewal storm's first expiry. Without ServiceCert nothing fails;
// with the storm's ValidAt (VM v runs service v mod 30), the starts of
// VMs whose service's certificate expired fail, their hosts report faults
// and healing spreads them: the host and cluster models see the expiry.
// Before the first expiry the same wiring changes nothing.
func TestServiceCertExpiryFeedsTheCascade(t *testing.T) {
	f, err := renew.FleetPresetByName(renew.CertbotShortLivedStorm)
	require.NoError(t, err)
	storm, err := renew.Simulate(f)
	require.NoError(t, err)
	first := storm.Verdict.FirstExpiry
	require.Equal(t, time.Date(2026, 6, 7, 16, 0, 0, 0, time.UTC), first)
	valid := func(vm int, at time.Time) bool { return storm.ValidAt(vm%f.Services, at) }

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
	// The storm's expiry gaps end at 2026-06-08T01:48:25Z: start 4 hours
	// after the last expiry, inside every service's gap.
	at := time.Date(2026, 6, 7, 20, 0, 0, 0, time.UTC)
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
