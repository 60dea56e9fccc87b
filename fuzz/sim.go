package fuzz

import (
	"bytes"
	"fmt"
	"reflect"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/sim"
)

// SimOracles are the expectations the simulator target checks a run
// against. A nil field means the real one.
type SimOracles struct {
	// FirstFaultAfter returns how long after a VM's first failing start
	// under the 2012 host agent its server reports a hardware fault.
	// Real: the RCA's 3 × 25 minutes (host.Azure2012: limit × timeout, with
	// no restart delay; the guest agent's boot happens inside each attempt).
	FirstFaultAfter func() time.Duration
}

func (o SimOracles) firstFaultAfter() time.Duration {
	if o.FirstFaultAfter != nil {
		return o.FirstFaultAfter()
	}
	return 3 * 25 * time.Minute
}

// simHorizon is the length of every fuzzed run, short enough for thousands
// of runs a second on small clusters.
const simHorizon = 90 * time.Minute

// SimScenario builds the scenario the simulator target runs: preset (mod
// the number of sim.Presets) with servers 1 + servers mod 4, vmsPerServer
// mod 3 VMs on each, at most 1 update wave of at most servers servers,
// a 90-minute horizon, the given seed, and Start at startSec seconds after
// 1970-01-01T00:00:00Z folded into 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z.
func SimScenario(startSec int64, seed uint64, preset, servers, vmsPerServer uint8) sim.Scenario {
	presets := sim.Presets()
	sc := presets[int(preset)%len(presets)]
	sc.Cluster.Servers = 1 + int(servers)%4
	sc.VMsPerServer = min(int(vmsPerServer)%3, sc.Cluster.Capacity)
	sc.InitialStarts = min(sc.InitialStarts, sc.Cluster.Servers)
	if sc.VMsPerServer == 0 {
		sc.InitialStarts = 0
	}
	sc.Horizon = simHorizon
	sc.Updates.Count = min(sc.Updates.Count, 1)
	sc.Updates.ServersPerWave = min(sc.Updates.ServersPerWave, sc.Cluster.Servers)
	sc.Seed = seed
	lo, hi := minInstant.Unix(), maxInstant.Unix()
	if startSec < lo || startSec > hi {
		startSec = lo + int64(uint64(startSec-lo)%uint64(hi-lo+1))
	}
	sc.Start = time.Unix(startSec, 0).UTC()
	return sc
}

// CheckSim is SimOracles{}.CheckSim.
func CheckSim(startSec int64, seed uint64, preset, servers, vmsPerServer uint8) error {
	return SimOracles{}.CheckSim(startSec, seed, preset, servers, vmsPerServer)
}

// CheckSim runs SimScenario(startSec, seed, preset, servers, vmsPerServer)
// twice and checks: the run succeeds; it is deterministic (equal Results and
// byte-identical renderings); the verdict is consistent (servers in HI within
// the cluster, the cluster in HI exactly when its time is set, only after a
// host fault and with the threshold reached, faults inside the run, no more
// certificate failures than starts); a run whose window holds no date on
// which its issuance claims to fail (Scenario.FailsOn) has no certificate
// failure, no fault and no cluster HI; and the azure2012 scenario started on a February
// 29 before 22:00 reports its first fault exactly the oracle's 3 × 25 minutes
// after Start.
func (o SimOracles) CheckSim(startSec int64, seed uint64, preset, servers, vmsPerServer uint8) error {
	sc := SimScenario(startSec, seed, preset, servers, vmsPerServer)
	name := fmt.Sprintf("scenario %s (start %s, seed %d, %d servers, %d VMs each)",
		sc.Name, sc.Start.Format(time.RFC3339), sc.Seed, sc.Cluster.Servers, sc.VMsPerServer)
	if err := sc.Validate(); err != nil {
		return fmt.Errorf("%s: invalid: %v", name, err)
	}
	r1, err := sim.Run(sc)
	if err != nil {
		return fmt.Errorf("%s: Run: %v", name, err)
	}
	r2, err := sim.Run(sc)
	if err != nil || !reflect.DeepEqual(r1, r2) {
		return fmt.Errorf("%s: second run differs (%v): %+v vs %+v", name, err, r1.Verdict, r2.Verdict)
	}
	var b1, b2 bytes.Buffer
	if err := r1.Timeline.Render(&b1); err != nil {
		return fmt.Errorf("%s: Render: %v", name, err)
	}
	_ = r2.Timeline.Render(&b2)
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		return fmt.Errorf("%s: renderings differ", name)
	}
	v := r1.Verdict
	end := sc.Start.Add(sc.Horizon)
	hiAt, clusterHI := v.ClusterHI()
	faultAt, faulted := v.FirstFault()
	switch {
	case v.Servers != sc.Cluster.Servers || v.ServersInHI < 0 || v.ServersInHI > v.Servers:
		return fmt.Errorf("%s: verdict %+v: servers in HI out of range", name, v)
	case v.ClustersInHI != map[bool]int{true: 1, false: 0}[clusterHI]:
		return fmt.Errorf("%s: verdict %+v: ClustersInHI disagrees with ClusterHIAt", name, v)
	case clusterHI && (!faulted || hiAt.Before(faultAt) || !sc.Cluster.Threshold.Reached(v.ServersInHI, v.Servers)):
		return fmt.Errorf("%s: verdict %+v: cluster in HI without a fault before it or below its threshold", name, v)
	case faulted && (faultAt.Before(sc.Start) || faultAt.After(end)):
		return fmt.Errorf("%s: verdict %+v: first fault outside the run", name, v)
	case v.CertFailures < 0 || v.CertFailures > v.Starts:
		return fmt.Errorf("%s: verdict %+v: more certificate failures than starts", name, v)
	}
	if !claimedIn(sc, sc.Start, end) && !end.After(maxInstant) {
		if v.CertFailures != 0 || faulted || clusterHI {
			return fmt.Errorf("%s: verdict %+v: failures on no date its issuance policy %s claims to fail on (%s)", name, v, sc.Issuance.Name, sc.FailingDates)
		}
	}
	if sc.Name == sim.PresetAzure2012 && sc.InitialStarts > 0 && isLeapDay(sc.Start) && sc.Start.Hour() < 22 {
		want := sc.Start.Add(o.firstFaultAfter())
		if !faulted || !faultAt.Equal(want) {
			return fmt.Errorf("%s: first fault at %v (%v), want %s", name, faultAt.Format(time.RFC3339), faulted, want.Format(time.RFC3339))
		}
	}
	return nil
}

func isLeapDay(t time.Time) bool {
	_, m, d := t.UTC().Date()
	return m == time.February && d == 29
}

// claimedIn reports whether some instant of from..to falls on a date on
// which the scenario's issuance claims to fail (sc.FailsOn, in the policy's
// Location; the window is shorter than a day, so its ends are its dates).
func claimedIn(sc sim.Scenario, from, to time.Time) bool {
	if sc.FailsOn == nil {
		return false
	}
	loc := sc.Issuance.Location
	if loc == nil {
		loc = time.UTC
	}
	return sc.FailsOn(calendar.DateOf(from.In(loc))) || sc.FailsOn(calendar.DateOf(to.In(loc)))
}
