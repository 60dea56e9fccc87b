package sim_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/sim"
)

// eventFields is which of an Event's fields apply to each kind (the
// Event doc: the others are −1 for Server, VM and To, zero otherwise).
// A NoCapacity for a deployed VM has no server (−1) either.
var eventFields = map[sim.EventKind]struct {
	server, vm, to, attempt, failures, limit, wave, vms, hi bool
}{
	sim.KindStart:         {server: true, vm: true, attempt: true},
	sim.KindCertFailed:    {server: true, vm: true},
	sim.KindReady:         {server: true, vm: true},
	sim.KindAttemptFailed: {server: true, vm: true, failures: true, limit: true},
	sim.KindGiveUp:        {server: true, vm: true},
	sim.KindHostFault:     {server: true, vm: true, failures: true},
	sim.KindServerHI:      {server: true, hi: true},
	sim.KindHealMove:      {server: true, vm: true, to: true},
	sim.KindNoCapacity:    {server: true, vm: true},
	sim.KindClusterHI:     {hi: true},
	sim.KindDeploy:        {server: true, vm: true},
	sim.KindUpdate:        {server: true, wave: true, vms: true},
	sim.KindHalted:        {},
}

// TestEventFieldsApplyToTheirKind runs every preset scenario, and some
// with the cluster made small enough to run out of capacity, and checks
// every event's fields against its kind; every kind must be seen.
func TestEventFieldsApplyToTheirKind(t *testing.T) {
	var runs []sim.Scenario
	for _, s := range sim.Presets() {
		runs = append(runs, s)
		small := s
		small.Name += "-small"
		small.Cluster.Servers, small.Cluster.Capacity, small.VMsPerServer, small.InitialStarts = 20, 2, 2, 20
		small.Updates.ServersPerWave = 2
		runs = append(runs, small)
	}
	// With the fixed guest agent, the service's own certificate expired
	// for even VMs from the second hour: their starts fail with
	// cert-failed events of that kind.
	expired := preset(t, sim.PresetAzure2012Fixed)
	expired.Name += "-expired"
	expired.Horizon = 3 * time.Hour
	expired.ServiceCert = func(vm int, now time.Time) bool { return vm%2 == 1 || now.Before(expired.Start.Add(time.Hour)) }
	runs = append(runs, expired)
	seen := map[sim.EventKind]int{}
	for _, s := range runs {
		if s.Horizon > 48*time.Hour {
			s.Horizon = 48 * time.Hour
		}
		r := run(t, s)
		// A wrong field is usually wrong on every event of its kind: report
		// the first few of a run, then how many there were.
		bad := 0
		errorf := func(format string, args ...any) {
			if bad++; bad <= 5 {
				t.Errorf(format, args...)
			}
		}
		for _, e := range r.Timeline.Events {
			f, ok := eventFields[e.Kind]
			if !ok {
				t.Fatalf("%s: event of unknown kind %v", s.Name, e)
			}
			seen[e.Kind]++
			id := func(applies bool, name string, v int, noneOK bool) {
				switch {
				case applies && v < 0 && !noneOK:
					errorf("%s: %s event %q: %s = %d, want a server or VM number", s.Name, e.Kind, e, name, v)
				case !applies && v != -1:
					errorf("%s: %s event %q: %s = %d, want -1 (does not apply)", s.Name, e.Kind, e, name, v)
				}
			}
			id(f.server, "Server", e.Server, e.Kind == sim.KindNoCapacity)
			id(f.vm, "VM", e.VM, false)
			id(f.to, "To", e.To, false)
			num := func(applies bool, name string, v, least int) {
				switch {
				case applies && v < least:
					errorf("%s: %s event %q: %s = %d, want at least %d", s.Name, e.Kind, e, name, v, least)
				case !applies && v != 0:
					errorf("%s: %s event %q: %s = %d, want 0 (does not apply)", s.Name, e.Kind, e, name, v)
				}
			}
			num(f.attempt, "Attempt", e.Attempt, 1)
			num(f.failures, "Failures", e.Failures, 1)
			num(f.limit && e.Limit > 0, "Limit", e.Limit, 1) // 0: a policy without a fault limit
			num(f.hi, "HI", e.HI, 1)
			num(f.vms, "VMs", e.VMs, 0) // an update of an empty server restarts none
			if f.wave {
				if e.Wave < 0 {
					errorf("%s: update %q: Wave = %d", s.Name, e, e.Wave)
				}
			} else if e.Wave != 0 {
				errorf("%s: %s event %q: Wave = %d, want 0", s.Name, e.Kind, e, e.Wave)
			}
		}
		if bad > 5 {
			t.Errorf("%s: %d wrong fields in all", s.Name, bad)
		}
		if got := count(r, sim.KindCertFailed); got != r.Verdict.CertFailures {
			t.Errorf("%s: Verdict.CertFailures = %d, %d cert-failed events", s.Name, r.Verdict.CertFailures, got)
		}
		if s.ServiceCert != nil && r.Verdict.CertFailures == 0 {
			t.Errorf("%s: no start failed on the expired service certificate", s.Name)
		}
	}
	for k := sim.KindStart; k <= sim.KindHalted; k++ {
		if seen[k] == 0 {
			t.Errorf("no %s event in any run: its fields are not checked", k)
		}
	}
	t.Logf("events by kind: %v", seen)
}
