package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
	"github.com/leapcheck/leapcheck/models/internal/named"
	"github.com/leapcheck/leapcheck/models/proof"
)

// Scenario is everything a run depends on. Run(s) is a pure function of s:
// the same Scenario (and so the same Seed) gives the same Result, byte for
// byte.
type Scenario struct {
	// Name labels the run in its timeline and in error messages.
	Name string
	// Start is the instant the simulation begins. It must lie in
	// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z, the range of the
	// certificate model.
	Start time.Time
	// Horizon is how long the run lasts: events due after Start+Horizon are
	// not processed, and downtime is counted up to Start+Horizon. Positive.
	// Issuance after 9999-12-31T23:59:59Z fails (cert.ErrRange), like any
	// other issuance error.
	Horizon time.Duration
	// StopAtClusterHI ends the run as soon as the cluster enters HI (the
	// proof uses it; the presets run to the horizon).
	StopAtClusterHI bool

	// Cluster is the fabric controller's shape and threshold.
	Cluster cluster.Config
	// VMsPerServer is the number of VMs placed, running, on every server at
	// Start: VM v is on server v / VMsPerServer. 0..Cluster.Capacity.
	VMsPerServer int
	// Host is every server's host agent restart policy.
	Host host.Policy
	// Issuance is the guest agent's certificate policy: each start attempt
	// issues one certificate with cert.Issue(Issuance, at) and fails when
	// that returns an error or a certificate not valid at its issuance.
	Issuance cert.Policy
	// Claim is the claim of the Issuance policy: Claim.FailsOn reports
	// whether issuance fails on date d, the issuance date in
	// Issuance.Location; the zero Claim means never. The presets copy it
	// from their cert preset (cert.Preset.Claim). A run does not read it:
	// the proof and the fuzz targets judge a scenario's outcome by it, so
	// that no preset's name or failing dates are written anywhere else.
	proof.Claim
	// ServiceCert, when not nil, is whether the service that VM vm runs
	// holds a valid certificate at instant at, from a renewal model: a
	// start whose guest agent issued its transfer certificate still fails
	// (KindCertFailed) while ServiceCert is false, because a service whose
	// certificate has expired fails its starts. Wire a renewal fleet with
	// run.ValidAt (models/renew), mapping VMs to the fleet's services. It
	// must be a pure function of its arguments.
	ServiceCert func(vm int, at time.Time) bool `json:"-"`
	// BootDelay is the time from a start attempt (host StartVM) to the
	// guest agent's certificate and report. 0 or more, and less than the
	// host policy's attempt timeout, if it has one.
	BootDelay time.Duration

	// InitialStarts is the number of VMs restarted at Start: the first VM
	// of servers 0, 1, …, InitialStarts−1. 0..Cluster.Servers, and 0 when
	// VMsPerServer is 0.
	InitialStarts int
	// DeploysPerHour is the rate of customer deploys, a Poisson process
	// drawn from the run's PRNG; each new VM is placed by the fabric
	// controller and started. Finite, 0 or more.
	DeploysPerHour float64
	// Updates is the platform update rollout.
	Updates Waves
	// Seed seeds the run's PRNG (PCG), the only source of randomness: the
	// deploy arrival times and the order in which update waves visit the
	// servers.
	Seed uint64
	// Script is a list of extra events, in non-decreasing time order,
	// within Start..Start+Horizon.
	Script []Scripted
}

// Waves is a platform update rolled out in waves: wave i (0-based) starts at
// Start + FirstAt + i×Interval and updates ServersPerWave servers, taken in
// an order drawn from the seed (a permutation, so no server is updated twice
// until all have been). Updating a server restarts every VM on it, so every
// one of them issues a new certificate. The zero Waves is no update.
type Waves struct {
	Count          int           // number of waves, 0 or more
	FirstAt        time.Duration // offset of the first wave from Start, 0 or more
	Interval       time.Duration // between waves; positive when Count > 1
	ServersPerWave int           // 1..Cluster.Servers when Count > 0
}

// ScriptKind is the kind of a Scripted event.
type ScriptKind uint8

// Scripted event kinds.
const (
	// ScriptStart restarts VM (StartRequested to its server's host agent).
	ScriptStart ScriptKind = iota + 1
	// ScriptDeploy deploys one new VM (as a customer deploy).
	ScriptDeploy
	// ScriptUpdate updates Server (as one server of an update wave).
	ScriptUpdate
	// ScriptFault reports a hardware fault on Server (a real one).
	ScriptFault
)

// String returns "start", "deploy", "update" or "fault".
func (k ScriptKind) String() string {
	switch k {
	case ScriptStart:
		return "start"
	case ScriptDeploy:
		return "deploy"
	case ScriptUpdate:
		return "update"
	case ScriptFault:
		return "fault"
	}
	return fmt.Sprintf("script-kind(%d)", uint8(k))
}

// Scripted is one extra event of a Scenario. VM is used by ScriptStart,
// Server by ScriptUpdate and ScriptFault.
type Scripted struct {
	At     time.Time
	Kind   ScriptKind
	Server int
	VM     int
}

// String returns e.g. "start vm=7 at=2012-02-29T00:00:00Z".
func (e Scripted) String() string {
	at := e.At.UTC().Format(time.RFC3339)
	switch e.Kind {
	case ScriptStart:
		return fmt.Sprintf("start vm=%d at=%s", e.VM, at)
	case ScriptUpdate, ScriptFault:
		return fmt.Sprintf("%v server=%d at=%s", e.Kind, e.Server, at)
	}
	return fmt.Sprintf("%v at=%s", e.Kind, at)
}

// Bounds of the model.
var (
	minInstant = time.Unix(cert.MinUnix, 0).UTC()
	maxInstant = time.Unix(cert.NoExpirationUnix, 0).UTC()
)

// maxVMs bounds the VMs of a scenario so that VM ids fit an int32.
const maxVMs = 1 << 30

// roomForVM reports whether a run that holds n VMs may add one: a deploy
// that would pass maxVMs is dropped.
func roomForVM(n int) bool { return n < maxVMs }

// Validate returns nil if s can be run, and otherwise an error naming the
// first bad field and its value, e.g.
//
//	sim: scenario "x": VMsPerServer = 40: must be in 0..Cluster.Capacity (32)
func (s Scenario) Validate() error {
	bad := func(field string, value any, why string) error {
		return errorf(ErrScenario, "sim: scenario %q: %s = %v: %s", s.Name, field, value, why)
	}
	switch {
	case s.Start.Before(minInstant) || s.Start.After(maxInstant):
		return bad("Start", s.Start.UTC().Format(time.RFC3339), "must be in 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z")
	case s.Horizon <= 0:
		return bad("Horizon", s.Horizon, "must be positive")
	}
	if err := s.Cluster.Validate(); err != nil {
		return bad("Cluster", s.Cluster, err.Error())
	}
	c := s.Cluster
	switch {
	case s.VMsPerServer < 0 || s.VMsPerServer > c.Capacity:
		return bad("VMsPerServer", s.VMsPerServer, fmt.Sprintf("must be in 0..Cluster.Capacity (%d)", c.Capacity))
	case int64(c.Servers)*int64(c.Capacity) > maxVMs:
		return bad("Cluster", s.Cluster, fmt.Sprintf("servers × capacity must be at most %d", maxVMs))
	}
	if err := s.Host.Validate(); err != nil {
		return bad("Host", s.Host, err.Error())
	}
	if err := s.Issuance.Validate(); err != nil {
		return bad("Issuance", s.Issuance.Name, err.Error())
	}
	switch {
	case s.BootDelay < 0:
		return bad("BootDelay", s.BootDelay, "must not be negative")
	case s.Host.Timeout() > 0 && s.BootDelay >= s.Host.Timeout():
		return bad("BootDelay", s.BootDelay, fmt.Sprintf("must be less than the host policy's attempt timeout (%v)", s.Host.Timeout()))
	case s.InitialStarts < 0 || s.InitialStarts > c.Servers:
		return bad("InitialStarts", s.InitialStarts, fmt.Sprintf("must be in 0..Cluster.Servers (%d)", c.Servers))
	case s.InitialStarts > 0 && s.VMsPerServer == 0:
		return bad("InitialStarts", s.InitialStarts, "must be 0 when VMsPerServer is 0 (there is no VM to start)")
	case math.IsNaN(s.DeploysPerHour) || math.IsInf(s.DeploysPerHour, 0) || s.DeploysPerHour < 0:
		return bad("DeploysPerHour", s.DeploysPerHour, "must be finite and not negative")
	case s.DeploysPerHour > 3600:
		return bad("DeploysPerHour", s.DeploysPerHour, "must be at most 3600 (deploys are drawn at one-second resolution)")
	}
	u := s.Updates
	switch {
	case u.Count < 0:
		return bad("Updates.Count", u.Count, "must not be negative")
	case u.Count == 0:
	case u.FirstAt < 0:
		return bad("Updates.FirstAt", u.FirstAt, "must not be negative")
	case u.Count > 1 && u.Interval <= 0:
		return bad("Updates.Interval", u.Interval, "must be positive when there is more than one wave")
	case u.ServersPerWave < 1 || u.ServersPerWave > c.Servers:
		return bad("Updates.ServersPerWave", u.ServersPerWave, fmt.Sprintf("must be in 1..Cluster.Servers (%d)", c.Servers))
	}
	end := s.Start.Add(s.Horizon)
	for i, e := range s.Script {
		field := fmt.Sprintf("Script[%d]", i)
		switch {
		case e.At.Before(s.Start) || e.At.After(end):
			return bad(field, e, fmt.Sprintf("must be within Start..Start+Horizon (%s..%s)", s.Start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339)))
		case i > 0 && e.At.Before(s.Script[i-1].At):
			return bad(field, e, fmt.Sprintf("is out of time order: earlier than Script[%d] (%s)", i-1, s.Script[i-1]))
		}
		switch e.Kind {
		case ScriptStart:
			if e.VM < 0 || e.VM >= c.Servers*s.VMsPerServer {
				return bad(field, e, fmt.Sprintf("vm must be one of the initial VMs 0..%d", c.Servers*s.VMsPerServer-1))
			}
		case ScriptUpdate, ScriptFault:
			if e.Server < 0 || e.Server >= c.Servers {
				return bad(field, e, fmt.Sprintf("server must be in 0..%d", c.Servers-1))
			}
		case ScriptDeploy:
		default:
			return bad(field, e, "unknown kind")
		}
	}
	return nil
}

// Preset names, for PresetByName. Besides these, Presets derives one
// scenario for each cert, host or cluster preset that no named scenario
// uses, named after that preset.
const (
	PresetAzure2012      = "azure2012"
	PresetAzure2012Fixed = "azure2012-fixed"
	PresetKubernetes     = "kubernetes"
	PresetSystemd        = "systemd"
)

// leapDay2012 is when the 2012 outage began.
var leapDay2012 = time.Date(2012, time.February, 29, 0, 0, 0, 0, time.UTC)

// crashLoopHorizon is the horizon of scenarios whose restart policy never
// reports a hardware fault (kubernetes, systemd). Each VM that starts on a
// failing day crash-loops all day (every 5 minutes under CrashLoopBackOff,
// every minute under systemd, whose start limit of 5 starts in 10 s never
// trips when a boot takes a minute): a 24-hour run has tens to hundreds of
// times the events of azure2012. Three hours show the whole story (no
// fault, no HI, the same VMs down for good) in well under a second.
const crashLoopHorizon = 3 * time.Hour

// declaration is a named scenario, declared as the presets of the models it
// wires together: an issuance (cert) preset, a host preset and a cluster
// preset whose threshold it uses, on the 2012 base scenario.
type declaration struct {
	name, issuance, host, threshold string
}

// declared are the named scenarios.
var declared = []declaration{
	{PresetAzure2012, cert.GuestAgent2012, host.PresetAzure2012, cluster.PresetAzure2012},
	{PresetAzure2012Fixed, cert.GuestAgentFixed, host.PresetAzure2012, cluster.PresetAzure2012},
	{PresetKubernetes, cert.GuestAgent2012, host.PresetKubernetes, cluster.PresetKubernetes},
	{PresetSystemd, cert.GuestAgent2012, host.PresetSystemd, cluster.PresetAzure2012},
}

// build returns the scenario of a declaration. Every name in declared and
// every derived declaration names an existing preset (TestPresets), so the
// lookups cannot fail; a failure would be a programming error in this file.
func (dc declaration) build() (Scenario, error) {
	ip, err := cert.PresetByName(dc.issuance)
	if err != nil {
		return Scenario{}, err
	}
	hp, err := host.PresetByName(dc.host)
	if err != nil {
		return Scenario{}, err
	}
	cp, err := cluster.PresetByName(dc.threshold)
	if err != nil {
		return Scenario{}, err
	}
	s := Scenario{
		Name:           dc.name,
		Start:          leapDay2012,
		Horizon:        24 * time.Hour,
		Cluster:        cluster.Azure2012(),
		VMsPerServer:   16,
		Host:           hp.Policy,
		Issuance:       ip.Policy,
		Claim:          ip.Claim,
		BootDelay:      time.Minute,
		InitialStarts:  1,
		DeploysPerHour: 6,
		Updates:        Waves{Count: 12, FirstAt: 30 * time.Minute, Interval: 30 * time.Minute, ServersPerWave: 5},
		Seed:           2012,
	}
	s.Cluster.Threshold = cp.Config.Threshold
	if hp.Policy.FaultLimit() == 0 {
		s.Horizon = crashLoopHorizon
	}
	return s, nil
}

// declarations returns the named scenarios and one derived scenario for
// each cert, host and cluster preset that none of them uses: that preset on
// the azure2012 base, named after the preset.
func declarations() []declaration {
	out := slices.Clone(declared)
	base := declared[0]
	used := func(f func(declaration) string, name string) bool {
		return slices.ContainsFunc(declared, func(dc declaration) bool { return f(dc) == name })
	}
	for _, p := range cert.Presets() {
		if !used(func(dc declaration) string { return dc.issuance }, p.Name) {
			dc := base
			dc.name, dc.issuance = p.Name, p.Name
			out = append(out, dc)
		}
	}
	for _, p := range host.Presets() {
		if !used(func(dc declaration) string { return dc.host }, p.Name) {
			dc := base
			dc.name, dc.host = "host-"+p.Name, p.Name
			out = append(out, dc)
		}
	}
	for _, p := range cluster.Presets() {
		if !used(func(dc declaration) string { return dc.threshold }, p.Name) {
			dc := base
			dc.name, dc.threshold = "cluster-"+p.Name, p.Name
			out = append(out, dc)
		}
	}
	return out
}

// Presets returns the named scenarios, freshly built on each call. All
// share the base of the 2012 outage as far as the RCA describes it: a
// cluster of 1,000 servers (cluster.Azure2012: capacity 32) with 16
// running VMs each; a one-minute boot; starting 2012-02-29T00:00:00Z with
// one VM (re)started at that instant, 6 customer deploys an hour, and a
// platform update in 12 waves of 5 servers every 30 minutes from 00:30; a
// 24-hour horizon (3 hours, crashLoopHorizon, for a restart policy that
// never reports a fault); seed 2012. Deploy rate, waves and VMs per server
// are not published: they are assumptions of a plausible Tuesday, each one
// parameter away. Each scenario takes its issuance policy and its claim
// from a cert preset, its restart policy from a host preset and its HI
// threshold from a cluster preset:
//
//   - azure2012: the 2012 outage: the 2012 guest agent (guest-agent-2012),
//     the 2012 host agent (25-minute timeout, 3 failed starts make a
//     hardware fault) and HI at 5% = 50 servers.
//   - azure2012-fixed: the same with the fixed guest agent
//     (guest-agent-fixed).
//   - kubernetes: the 2012 guest agent, the kubelet's CrashLoopBackOff
//     (host preset kubernetes, which never reports a hardware fault) and
//     the Kubernetes unhealthy-zone threshold (55%, at least 3 nodes).
//   - systemd: the 2012 guest agent with systemd's Restart=on-failure and
//     start limit (host preset systemd, which gives up on a VM after 5
//     starts in 10 s and reports no hardware fault).
//   - one scenario per cert, host or cluster preset that the above do not
//     use (ca-1year, ca-398days today), named after it (host and cluster
//     presets prefixed "host-" and "cluster-"), on the azure2012 base.
func Presets() []Scenario {
	var out []Scenario
	for _, dc := range declarations() {
		s, err := dc.build()
		if err != nil {
			panic("sim: preset " + dc.name + ": " + err.Error()) // declared names are constants: see TestPresets
		}
		out = append(out, s)
	}
	return out
}

// PresetByName returns the preset called name, or an error listing the
// names.
func PresetByName(name string) (Scenario, error) {
	s, names, ok := named.Lookup(Presets(), func(s Scenario) string { return s.Name }, name)
	if !ok {
		return Scenario{}, errorf(ErrPreset, "sim: no preset named %q (have %s)", name, names)
	}
	return s, nil
}
