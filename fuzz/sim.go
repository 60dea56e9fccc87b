package fuzz

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/host"
	"github.com/leapcheck/leapcheck/models/sim"
)

// simOracles are the expectations the simulator target checks a run
// against. A nil field means the real one.
type simOracles struct {
	// firstFaultAfter returns how long after a VM's first failing start
	// under the 2012 host agent its server reports a hardware fault.
	// Real: the RCA's 3 × 25 minutes (host.Azure2012: limit × timeout, with
	// no restart delay; the guest agent's boot happens inside each attempt).
	firstFaultAfter func() time.Duration
}

func (o simOracles) faultAfter() time.Duration {
	if o.firstFaultAfter != nil {
		return o.firstFaultAfter()
	}
	return 3 * 25 * time.Minute
}

// simHorizon is the length of a fuzzed run whose host agent reports faults:
// past the RCA's first alarm at 75 minutes, short enough for thousands of
// runs a second on small clusters. A host agent that never reports a fault
// (Kubernetes, systemd) crash-loops a VM every few minutes for as long as
// its certificates fail, so its runs last simLoopHorizon: past the update
// wave at 30 minutes, and a third of the events.
const (
	simHorizon     = 90 * time.Minute
	simLoopHorizon = 45 * time.Minute
)

// simPresets are sim.Presets, built once.
var simPresets = sync.OnceValue(sim.Presets)

// simCase is one case of the Sim target: a preset, its start, its seed, and
// the cluster's size.
type simCase struct {
	preset           string
	start            time.Time
	seed             uint64
	servers, vmsEach int
	// repeat runs the scenario a second time to check determinism: always
	// for a readable case, for a quarter of the decoded ones.
	repeat bool
}

// String returns the readable form readSimCase reads.
func (c simCase) String() string {
	return fmt.Sprintf("%s %s %d %d %d", c.preset, instantText(c.start), c.seed, c.servers, c.vmsEach)
}

// Limits of the simulated cluster: 1..simMaxServers servers with
// 0..simMaxVMs VMs each, and at most simMaxDeploysPerHour customer deploys
// an hour (the presets' rate is for a cluster of 1,000 servers; on four it
// would add more VMs than the cluster holds, and most of the run's cost).
const (
	simMaxServers        = 4
	simMaxVMs            = 2
	simMaxDeploysPerHour = 2
)

// readSimCase reads the readable form of a Sim case: the preset's name, the
// start (readInstant, inside the model's range), the seed, the servers
// (1..4) and the VMs per server (0..2), separated by spaces:
// "azure2012 2012-02-29T00:00:00Z 2012 4 2".
func readSimCase(s string) (simCase, bool) {
	f := strings.Fields(s)
	if len(f) != 5 {
		return simCase{}, false
	}
	c := simCase{preset: f[0]}
	var ok bool
	if c.start, ok = readInstant(f[1]); !ok || !inModelRange(c.start) {
		return c, false
	}
	var e1, e2, e3 error
	c.seed, e1 = strconv.ParseUint(f[2], 10, 64)
	c.servers, e2 = strconv.Atoi(f[3])
	c.vmsEach, e3 = strconv.Atoi(f[4])
	if e1 != nil || e2 != nil || e3 != nil || c.servers < 1 || c.servers > simMaxServers || c.vmsEach < 0 || c.vmsEach > simMaxVMs {
		return c, false
	}
	c.repeat = true
	return c, slices.ContainsFunc(simPresets(), func(p sim.Scenario) bool { return p.Name == c.preset })
}

// decodeSimCase decodes a Sim case: byte 0 picks the preset (mod the number
// of sim.Presets), then the start (decoder.instant, narrow), the servers
// (1 + byte mod 4), the VMs per server (byte mod 3), the seed (8 bytes) and
// whether to repeat the run (byte mod 4 == 3: a quarter of the cases, and
// not the short inputs, whose missing bytes read as 0).
func decodeSimCase(s string) simCase {
	d := decoder{s}
	ps := simPresets()
	c := simCase{preset: ps[d.below(len(ps))].Name}
	c.start = d.instant(false)
	c.servers = 1 + d.below(simMaxServers)
	c.vmsEach = d.below(simMaxVMs + 1)
	c.seed = d.u64()
	c.repeat = d.byte()%4 == 3
	return c
}

// scenario builds the scenario the case names: the preset (scenario.apply).
func (c simCase) scenario() sim.Scenario {
	var sc sim.Scenario
	for _, p := range simPresets() {
		if p.Name == c.preset {
			sc = p
		}
	}
	return c.apply(sc)
}

// apply returns sc with the case's cluster size, at most 1 update wave of at
// most all servers, at most simMaxDeploysPerHour deploys, a 90-minute horizon (45 minutes for a host agent that
// reports no faults), the case's seed and start.
func (c simCase) apply(sc sim.Scenario) sim.Scenario {
	sc.Cluster.Servers = c.servers
	sc.VMsPerServer = min(c.vmsEach, sc.Cluster.Capacity)
	sc.InitialStarts = min(sc.InitialStarts, sc.Cluster.Servers)
	if sc.VMsPerServer == 0 {
		sc.InitialStarts = 0
	}
	sc.DeploysPerHour = min(sc.DeploysPerHour, simMaxDeploysPerHour)
	sc.Horizon = simHorizon
	if sc.Host.FaultLimit() == 0 {
		sc.Horizon = simLoopHorizon
	}
	sc.Updates.Count = min(sc.Updates.Count, 1)
	sc.Updates.ServersPerWave = min(sc.Updates.ServersPerWave, sc.Cluster.Servers)
	sc.Seed = c.seed
	sc.Start = c.start
	return sc
}

// checkSim is the Sim target (input: readSimCase, or decoded by
// decodeSimCase). It runs the case's scenario and checks: the run
// succeeds; it is deterministic (equal Results and byte-identical
// renderings of a second run, for every readable case and a quarter of the
// decoded ones: doing it for every case would halve the target's speed, and
// one run is enough for every other property); the verdict is consistent (servers in HI within the cluster,
// the cluster in HI exactly when its time is set, only after a host fault
// and with the threshold reached, faults inside the run, no more
// certificate failures than starts); a run whose guest agent policy is safe
// or whose window holds no issuance date the policy's claim fails on has no
// certificate failure, no fault and no cluster HI; and a run of the 2012
// host agent whose issuance fails at Start and 50 minutes later reports its
// first fault exactly the oracle's 3 × 25 minutes after Start.
func (o simOracles) checkSim(in string) error {
	in = clip(in)
	c, readable := readSimCase(in)
	if !readable {
		c = decodeSimCase(in)
	}
	return replayIf(!readable, o.sim(c.scenario(), c.repeat), c)
}

// sim checks one run of sc, and a second one for determinism if repeat.
func (o simOracles) sim(sc sim.Scenario, repeat bool) error {
	name := lazy(func() string {
		return fmt.Sprintf("scenario %s (start %s, seed %d, %d servers, %d VMs each)",
			sc.Name, sc.Start.Format(time.RFC3339), sc.Seed, sc.Cluster.Servers, sc.VMsPerServer)
	})
	if err := sc.Validate(); err != nil {
		return fmt.Errorf("%s: invalid: %v", name, err)
	}
	r1, err := sim.Run(sc)
	if err != nil {
		return fmt.Errorf("%s: Run: %v", name, err)
	}
	if repeat {
		if err := repeatRun(name, sc, r1); err != nil {
			return err
		}
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
	// The RCA's timing: the 2012 host agent, a VM started at Start, and
	// issuance failing on every attempt (at Start, +25 and +50 minutes, each
	// issuing after the boot delay).
	lastIssue := sc.Start.Add(2*25*time.Minute + sc.BootDelay)
	if sc.Host == host.Azure2012() && sc.InitialStarts > 0 && claimedIn(sc, sc.Start, sc.Start) && claimedIn(sc, lastIssue, lastIssue) {
		want := sc.Start.Add(o.faultAfter())
		if !faulted || !faultAt.Equal(want) {
			return fmt.Errorf("%s: first fault at %v (%v), want %s", name, faultAt.Format(time.RFC3339), faulted, want.Format(time.RFC3339))
		}
	}
	return nil
}

// repeatRun runs sc again and checks that the run is deterministic: equal
// Results and byte-identical renderings.
func repeatRun(name fmt.Stringer, sc sim.Scenario, r1 sim.Result) error {
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
	return nil
}

// claimedIn reports whether some instant of from..to falls on a date on
// which the scenario's issuance claims to fail (sc.FailsOn, in the policy's
// Location; the window is shorter than a day, so its ends are its dates).
// The claim says nothing outside 0001-01-01..9999-12-31: false there.
func claimedIn(sc sim.Scenario, from, to time.Time) bool {
	if sc.FailsOn == nil {
		return false
	}
	loc := sc.Issuance.Location
	if loc == nil {
		loc = time.UTC
	}
	fails := func(t time.Time) bool { d := calendar.DateOf(t.In(loc)); return d.Valid() && sc.FailsOn(d) }
	return fails(from) || fails(to)
}
