package props

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
	"pgregory.net/rapid"
)

// Stateful tests of the host and cluster state machines: random sequences
// of events, checked after every step against invariants kept by a
// reference model written here, not taken from the code under test.

// hostMachine drives one host agent with random starts, guest reports,
// timer firings and stops.
type hostMachine struct {
	policy   host.Policy
	s        host.State
	now      time.Time
	timers   map[host.VMID]host.SetTimer // pending timer per VM
	failures map[host.VMID]int           // consecutive failed starts, counted from AttemptFailed
	running  map[host.VMID]time.Time     // when each running VM's guest became ready
	faults   int
	vms      []host.VMID
}

func (m *hostMachine) step(t *rapid.T, ev host.Event) []host.Action {
	next, acts, err := host.Step(m.s, ev, m.now)
	if err != nil {
		t.Fatalf("%v at %s: unexpected error %v", ev, m.now, err)
	}
	m.s = next
	for _, a := range acts {
		switch a := a.(type) {
		case host.SetTimer:
			m.timers[a.VM] = a
		case host.CancelTimer:
			delete(m.timers, a.VM)
		case host.AttemptFailed:
			// A run of at least ResetAfter ends the streak (Kubernetes).
			if since, ok := m.running[a.VM]; ok {
				if ra := m.policy.ResetAfter(); ra > 0 && m.now.Sub(since) >= ra {
					m.failures[a.VM] = 0
				}
				delete(m.running, a.VM)
			}
			m.failures[a.VM]++
			if a.Failures != m.failures[a.VM] {
				t.Fatalf("%v: host counts %d consecutive failures, the reference %d", a, a.Failures, m.failures[a.VM])
			}
		case host.VMRunning:
			// Without ResetAfter, a successful start ends the streak.
			m.running[a.VM] = m.now
			if m.policy.ResetAfter() == 0 {
				m.failures[a.VM] = 0
			}
		case host.ReportHardwareFault:
			m.faults++
			limit := m.policy.FaultLimit()
			if limit == 0 || m.failures[a.VM] < limit {
				t.Fatalf("%v after %d consecutive failures, limit %d", a, m.failures[a.VM], limit)
			}
			if m.faults > 1 {
				t.Fatalf("second hardware fault report: %v", a)
			}
		}
	}
	return acts
}

func (m *hostMachine) pickVM(t *rapid.T, phase host.Phase) (host.VMID, bool) {
	var cands []host.VMID
	for _, vs := range m.s.VMs() {
		if vs.Phase == phase {
			cands = append(cands, vs.VM)
		}
	}
	if len(cands) == 0 {
		return 0, false
	}
	return rapid.SampledFrom(cands).Draw(t, "vm"), true
}

func TestHostStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom(host.Presets()).Draw(t, "policy").Policy
		if p.FaultLimit() == 0 && rapid.Bool().Draw(t, "with fault limit") {
			lp, err := p.WithFaultLimit(rapid.IntRange(1, 5).Draw(t, "fault limit"))
			if err != nil {
				t.Fatal(err)
			}
			p = lp
		}
		s, err := host.NewState(7, p)
		if err != nil {
			t.Fatal(err)
		}
		m := &hostMachine{policy: p, s: s, now: time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC),
			timers: map[host.VMID]host.SetTimer{}, failures: map[host.VMID]int{}, running: map[host.VMID]time.Time{}}
		t.Repeat(map[string]func(*rapid.T){
			"start": func(t *rapid.T) {
				vm := host.VMID(rapid.IntRange(0, 3).Draw(t, "vm"))
				if vs, ok := m.s.VM(vm); ok && vs.Phase != host.Failed {
					t.Skip("VM already managed")
				}
				m.failures[vm] = 0
				m.step(t, host.StartRequested{VM: vm})
			},
			"guest ready": func(t *rapid.T) {
				vm, ok := m.pickVM(t, host.Starting)
				if !ok {
					t.Skip("no VM starting")
				}
				m.step(t, host.GuestReady{VM: vm})
			},
			"guest failed": func(t *rapid.T) {
				vm, ok := m.pickVM(t, rapid.SampledFrom([]host.Phase{host.Starting, host.Running}).Draw(t, "phase"))
				if !ok {
					t.Skip("no VM to fail")
				}
				m.step(t, host.GuestFailed{VM: vm})
			},
			"fire timer": func(t *rapid.T) {
				if len(m.timers) == 0 {
					t.Skip("no timer")
				}
				vms := make([]host.VMID, 0, len(m.timers))
				for vm := range m.timers {
					vms = append(vms, vm)
				}
				slices.Sort(vms)
				// The earliest timer fires first, as a simulator delivers them.
				first := vms[0]
				for _, vm := range vms {
					if m.timers[vm].At.Before(m.timers[first].At) {
						first = vm
					}
				}
				st := m.timers[first]
				delete(m.timers, first)
				if st.At.After(m.now) {
					m.now = st.At
				}
				m.step(t, host.TimerFired{VM: st.VM, Timer: st.Timer})
			},
			"wait": func(t *rapid.T) {
				d := time.Duration(rapid.IntRange(0, 3600).Draw(t, "seconds")) * time.Second
				// Never past a pending timer: time only moves as a simulator moves it.
				for _, st := range m.timers {
					if m.now.Add(d).After(st.At) {
						d = st.At.Sub(m.now)
					}
				}
				m.now = m.now.Add(d)
			},
			"": func(t *rapid.T) {
				if _, faulted := m.s.Fault(); faulted != (m.faults > 0) {
					t.Fatalf("State.Fault says %v, %d reports seen", faulted, m.faults)
				}
			},
		})
	})
}

// clusterMachine drives a cluster with deploys, fault reports and updates.
type clusterMachine struct {
	cfg      cluster.Config
	s        *cluster.State
	now      time.Time
	deployed map[cluster.VMID]bool // every VM the cluster accepted
	faulty   map[cluster.ServerID]bool
	nextVM   cluster.VMID
}

func (m *clusterMachine) check(t *rapid.T, acts []cluster.Action, hiBefore bool) {
	if err := m.s.Check(); err != nil {
		t.Fatalf("invariant: %v", err)
	}
	// No VM lost or duplicated: every accepted VM is on exactly one server or stranded.
	seen := map[cluster.VMID]int{}
	for id := cluster.ServerID(0); int(id) < m.cfg.Servers; id++ {
		for _, vm := range m.s.VMsOn(id) {
			seen[vm]++
		}
	}
	for _, vm := range m.s.Stranded() {
		seen[vm]++
	}
	for vm := range m.deployed {
		if seen[vm] != 1 {
			t.Fatalf("VM %d appears %d times", vm, seen[vm])
		}
	}
	if len(seen) != len(m.deployed) {
		t.Fatalf("%d VMs in the cluster, %d deployed", len(seen), len(m.deployed))
	}
	// The cluster halts exactly when its threshold is reached.
	_, inHI := m.s.InHI()
	if want := m.cfg.Threshold.Reached(len(m.faulty), m.cfg.Servers); inHI != want {
		t.Fatalf("cluster in HI: %v, but %d of %d servers faulty (threshold %v)", inHI, len(m.faulty), m.cfg.Servers, m.cfg.Threshold)
	}
	for _, a := range acts {
		switch a := a.(type) {
		case cluster.MoveVM:
			if hiBefore {
				t.Fatalf("healing %v after the cluster was halted", a)
			}
			if m.faulty[a.To] {
				t.Fatalf("%v: healed onto a faulty server", a)
			}
		case cluster.ClusterHI:
			if hiBefore {
				t.Fatalf("%v: the cluster entered HI twice", a)
			}
		}
	}
}

func TestClusterStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		servers := rapid.IntRange(1, 12).Draw(t, "servers")
		var th cluster.Threshold
		var err error
		if rapid.Bool().Draw(t, "count threshold") {
			th, err = cluster.AtLeast(rapid.IntRange(1, servers).Draw(t, "count"))
		} else {
			th, err = cluster.AtLeastFraction(float64(rapid.IntRange(1, 100).Draw(t, "percent"))/100, 1)
		}
		if err != nil {
			t.Fatal(err)
		}
		cfg := cluster.Config{Servers: servers, Capacity: rapid.IntRange(1, 6).Draw(t, "capacity"), Threshold: th}
		s, err := cluster.NewState(cfg)
		if err != nil {
			t.Fatal(err)
		}
		m := &clusterMachine{cfg: cfg, s: s, now: time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC),
			deployed: map[cluster.VMID]bool{}, faulty: map[cluster.ServerID]bool{}}
		step := func(t *rapid.T, ev cluster.Event) {
			_, hiBefore := m.s.InHI()
			m.now = m.now.Add(time.Minute)
			acts, err := cluster.Step(m.s, ev, m.now)
			if err != nil {
				t.Fatalf("%v: unexpected error %v", ev, err)
			}
			for _, a := range acts {
				if p, ok := a.(cluster.PlaceVM); ok {
					m.deployed[p.VM] = true
				}
			}
			m.check(t, acts, hiBefore)
		}
		t.Repeat(map[string]func(*rapid.T){
			"deploy": func(t *rapid.T) {
				m.nextVM++
				step(t, cluster.VMDeploy{VM: m.nextVM})
			},
			"fault": func(t *rapid.T) {
				srv := cluster.ServerID(rapid.IntRange(0, servers-1).Draw(t, "server"))
				m.faulty[srv] = true
				step(t, cluster.HostFaultReported{Server: srv})
			},
			"update": func(t *rapid.T) {
				step(t, cluster.PlatformUpdate{Server: cluster.ServerID(rapid.IntRange(0, servers-1).Draw(t, "server"))})
			},
		})
	})
}

// The same cluster invariants with gopter's commands package: the reference
// state is the set of faulty servers and deployed VMs.

type clusterRef struct {
	cfg    cluster.Config
	faulty map[cluster.ServerID]bool
}

type clusterSUT struct{ s *cluster.State }

type faultCmd cluster.ServerID

func (c faultCmd) Run(sut commands.SystemUnderTest) commands.Result {
	s := sut.(*clusterSUT).s
	_, err := cluster.Step(s, cluster.HostFaultReported{Server: cluster.ServerID(c)}, time.Unix(0, 0))
	return resultOf(s, err)
}
func (c faultCmd) NextState(st commands.State) commands.State {
	ref := st.(*clusterRef)
	next := *ref
	next.faulty = map[cluster.ServerID]bool{cluster.ServerID(c): true}
	for k := range ref.faulty {
		next.faulty[k] = true
	}
	return &next
}
func (c faultCmd) PreCondition(commands.State) bool { return true }
func (c faultCmd) PostCondition(st commands.State, res commands.Result) *gopter.PropResult {
	return postCluster(st.(*clusterRef), res)
}
func (c faultCmd) String() string { return fmt.Sprintf("fault(server %d)", int(c)) }

type deployCmd struct{}

func (deployCmd) Run(sut commands.SystemUnderTest) commands.Result {
	s := sut.(*clusterSUT).s
	_, err := cluster.Step(s, cluster.VMDeploy{VM: cluster.VMID(s.VMs() + len(s.Stranded()) + 1000)}, time.Unix(0, 0))
	return resultOf(s, err)
}
func (deployCmd) NextState(st commands.State) commands.State { return st }
func (deployCmd) PreCondition(commands.State) bool           { return true }
func (deployCmd) PostCondition(st commands.State, res commands.Result) *gopter.PropResult {
	return postCluster(st.(*clusterRef), res)
}
func (deployCmd) String() string { return "deploy" }

type clusterObs struct {
	err       error
	inHI      bool
	hiServers int
}

func resultOf(s *cluster.State, err error) commands.Result {
	if err == nil {
		err = s.Check()
	}
	_, inHI := s.InHI()
	return clusterObs{err: err, inHI: inHI, hiServers: s.HIServers()}
}

func postCluster(ref *clusterRef, res commands.Result) *gopter.PropResult {
	obs := res.(clusterObs)
	want := ref.cfg.Threshold.Reached(len(ref.faulty), ref.cfg.Servers)
	if obs.err != nil || obs.inHI != want || obs.hiServers != len(ref.faulty) {
		return &gopter.PropResult{Status: gopter.PropFalse}
	}
	return &gopter.PropResult{Status: gopter.PropTrue}
}

func TestClusterCommandsGopter(t *testing.T) {
	th, err := cluster.AtLeastFraction(0.55, 3)
	if err != nil {
		t.Fatal(err)
	}
	cfg := cluster.Config{Servers: 10, Capacity: 4, Threshold: th}
	cmds := &commands.ProtoCommands{
		NewSystemUnderTestFunc: func(commands.State) commands.SystemUnderTest {
			s, err := cluster.NewState(cfg)
			if err != nil {
				panic(err) // cfg is a valid constant of this test
			}
			return &clusterSUT{s: s}
		},
		InitialStateGen: gen.Const(&clusterRef{cfg: cfg, faulty: map[cluster.ServerID]bool{}}),
		GenCommandFunc: func(commands.State) gopter.Gen {
			return gen.OneGenOf(gen.Const(deployCmd{}), gen.IntRange(0, cfg.Servers-1).Map(func(i int) commands.Command { return faultCmd(i) }))
		},
	}
	params := gopter.DefaultTestParametersWithSeed(29)
	params.MinSuccessfulTests = 200
	props := gopter.NewProperties(params)
	props.Property("cluster halts exactly at its threshold, invariants hold", commands.Prop(cmds))
	props.TestingRun(t)
}
