package sim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
)

// vmInfo is the simulator's record of one VM.
type vmInfo struct {
	server int32         // where it is (−1: stranded)
	gen    uint32        // start attempts made; a guest report of an older attempt is stale
	down   bool          // not running
	since  time.Duration // when it went down
}

// engine is one run. It owns the clock (the queue), the PRNG, the fabric
// controller and every host agent.
type engine struct {
	s       Scenario
	end     time.Duration
	q       queue
	rng     *rand.Rand
	cl      *cluster.State
	hosts   []host.State
	hi      []bool
	vms     []vmInfo
	perm    []int // update order of servers
	events  []Event
	verdict Verdict
	lost    time.Duration
	hiCount int
	stopped bool
}

// pcgStream is the PCG stream constant: the seed picks the state, the
// stream is fixed, so Scenario.Seed alone determines the run.
const pcgStream = 0x6c65617063686b21 // "leapchk!"

// Run simulates s and returns its timeline and verdict. It is deterministic:
// equal Scenarios give equal Results, and the same rendering byte for byte.
// It starts no goroutine, reads no clock and prints nothing. Errors: s
// invalid (see Scenario.Validate); an internal inconsistency between the
// models (reported, never a panic).
//
// Cost: O(E log E) for E events, plus O(servers × VMsPerServer) to lay out
// the cluster.
func Run(s Scenario) (Result, error) {
	if err := s.Validate(); err != nil {
		return Result{}, err
	}
	e, err := newEngine(s)
	if err != nil {
		return Result{}, err
	}
	if err := e.run(); err != nil {
		return Result{}, fmt.Errorf("sim: scenario %q: %w", s.Name, err)
	}
	return e.result(), nil
}

func newEngine(s Scenario) (*engine, error) {
	n := s.Cluster.Servers
	e := &engine{
		s:     s,
		end:   s.Horizon,
		rng:   rand.New(rand.NewPCG(s.Seed, pcgStream)),
		hosts: make([]host.State, n),
		hi:    make([]bool, n),
		vms:   make([]vmInfo, 0, n*s.VMsPerServer),
	}
	e.verdict.Servers, e.verdict.Clusters = n, 1
	cl, err := cluster.NewState(s.Cluster)
	if err != nil {
		return nil, err
	}
	e.cl = cl
	for i := range e.hosts {
		if e.hosts[i], err = host.NewState(host.ServerID(i), s.Host); err != nil {
			return nil, err
		}
	}
	for sv := range n {
		for range s.VMsPerServer {
			vm := len(e.vms)
			if _, err := cluster.Step(cl, cluster.VMPlaced{VM: cluster.VMID(vm), Server: cluster.ServerID(sv)}, s.Start); err != nil {
				return nil, err
			}
			e.vms = append(e.vms, vmInfo{server: int32(sv)})
		}
	}
	if s.Updates.Count > 0 {
		e.perm = e.rng.Perm(n)
	}
	for i := range s.InitialStarts {
		if err := e.q.push(item{kind: itemStart, server: int32(i), vm: int32(i * s.VMsPerServer)}); err != nil {
			return nil, err
		}
	}
	if s.DeploysPerHour > 0 {
		if err := e.q.push(item{at: e.deployGap(), kind: itemDeploy}); err != nil {
			return nil, err
		}
	}
	for w := range s.Updates.Count {
		at := s.Updates.FirstAt + time.Duration(w)*s.Updates.Interval
		if at > s.Horizon || at < s.Updates.FirstAt {
			break // the remaining waves fall after the horizon (or overflow)
		}
		if err := e.q.push(item{at: at, kind: itemWave, aux: uint64(w)}); err != nil {
			return nil, err
		}
	}
	for i, sc := range s.Script {
		if err := e.q.push(item{at: sc.At.Sub(s.Start), kind: itemScript, aux: uint64(i)}); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// deployGap draws the time to the next deploy: exponential with mean
// 1/DeploysPerHour hours, rounded to the second, at least one second.
func (e *engine) deployGap() time.Duration {
	secs := e.rng.ExpFloat64() * 3600 / e.s.DeploysPerHour
	if secs > float64(e.s.Horizon/time.Second)+1 {
		return e.s.Horizon + time.Second // past the horizon; avoids overflow
	}
	return max(time.Second, time.Duration(secs+0.5)*time.Second)
}

func (e *engine) at(d time.Duration) time.Time { return e.s.Start.Add(d) }

func (e *engine) record(ev Event) { e.events = append(e.events, ev) }

func (e *engine) run() error {
	for !e.stopped {
		it, ok := e.q.peek()
		if !ok || it.at > e.end {
			break
		}
		e.q.pop()
		e.verdict.Events++
		if err := e.handle(it); err != nil {
			return err
		}
	}
	if e.stopped {
		e.end = e.q.now
	}
	return nil
}

func (e *engine) handle(it item) error {
	now := e.at(it.at)
	switch it.kind {
	case itemStart:
		return e.startVM(int(it.server), int(it.vm), now)
	case itemGuest:
		return e.guest(it, now)
	case itemTimer:
		sv, vm := int(it.server), int(it.vm)
		if e.hi[sv] || e.vms[vm].server != it.server {
			return nil // server out of service, or VM moved away
		}
		v, ok := e.hosts[sv].VM(host.VMID(vm))
		if !ok || v.Timer != host.TimerID(it.aux) {
			return nil // stale: cancelled or superseded
		}
		return e.hostStep(sv, host.TimerFired{VM: host.VMID(vm), Timer: v.Timer}, now)
	case itemFault:
		return e.fault(int(it.server), now)
	case itemDeploy:
		if err := e.deploy(now); err != nil {
			return err
		}
		return e.q.push(item{at: it.at + e.deployGap(), kind: itemDeploy})
	case itemWave:
		w := int(it.aux)
		per := e.s.Updates.ServersPerWave
		for i := range per {
			sv := e.perm[(uint64(w)*uint64(per)+uint64(i))%uint64(len(e.perm))]
			if err := e.update(sv, w, now); err != nil {
				return err
			}
		}
		return nil
	case itemScript:
		sc := e.s.Script[it.aux]
		switch sc.Kind {
		case ScriptStart:
			if sv := e.vms[sc.VM].server; sv >= 0 && !e.hi[sv] {
				return e.startVM(int(sv), sc.VM, now)
			}
			return nil
		case ScriptDeploy:
			return e.deploy(now)
		case ScriptUpdate:
			return e.update(sc.Server, -1, now)
		case ScriptFault:
			return e.fault(sc.Server, now)
		}
	}
	return errorf(ErrState, "sim: unknown queue item %d", it.kind)
}

// issue is the guest agent's issuance at now, as the simulator and the
// proof both judge it: cert.Issue, and a certificate that is not valid at
// its issuance instant is a failure too. It does not allocate on success.
func issue(p cert.Policy, now time.Time) error {
	v, err := cert.Issue(p, now)
	if err == nil && !v.ValidAt(now) {
		err = fmt.Errorf("certificate %v is not valid at issuance", v)
	}
	return err
}

// startVM asks server's host agent to (re)start vm.
func (e *engine) startVM(sv, vm int, now time.Time) error {
	return e.hostStep(sv, host.StartRequested{VM: host.VMID(vm)}, now)
}

// guest is the guest agent of one start attempt: it issues a certificate
// and reports ready, or fails.
func (e *engine) guest(it item, now time.Time) error {
	sv, vm := int(it.server), int(it.vm)
	if e.hi[sv] || e.vms[vm].server != it.server || uint64(e.vms[vm].gen) != it.aux {
		return nil // server out of service, VM moved, or a later attempt began
	}
	if v, ok := e.hosts[sv].VM(host.VMID(vm)); !ok || v.Phase != host.Starting {
		return nil
	}
	if err := issue(e.s.Issuance, now); err != nil {
		e.verdict.CertFailures++
		e.record(Event{At: now, Kind: KindCertFailed, Server: sv, VM: vm, To: -1, Detail: err.Error()})
		return e.hostStep(sv, host.GuestFailed{VM: host.VMID(vm)}, now)
	}
	if e.s.ServiceCert != nil && !e.s.ServiceCert(vm, now) {
		e.verdict.CertFailures++
		e.record(Event{At: now, Kind: KindCertFailed, Server: sv, VM: vm, To: -1, Detail: "the service's certificate has expired: no valid certificate to serve with"})
		return e.hostStep(sv, host.GuestFailed{VM: host.VMID(vm)}, now)
	}
	return e.hostStep(sv, host.GuestReady{VM: host.VMID(vm)}, now)
}

// hostStep steps server's host agent and carries out its actions.
func (e *engine) hostStep(sv int, ev host.Event, now time.Time) error {
	hs, acts, err := host.Step(e.hosts[sv], ev, now)
	if err != nil {
		return err
	}
	e.hosts[sv] = hs
	d := now.Sub(e.s.Start)
	for _, a := range acts {
		switch a := a.(type) {
		case host.StartVM:
			vm := int(a.VM)
			e.vms[vm].gen++
			e.markDown(vm, d)
			e.verdict.Starts++
			e.record(Event{At: now, Kind: KindStart, Server: sv, VM: vm, Attempt: a.Attempt, To: -1})
			if err := e.q.push(item{at: d + e.s.BootDelay, kind: itemGuest, server: int32(sv), vm: int32(vm), aux: uint64(e.vms[vm].gen)}); err != nil {
				return err
			}
		case host.SetTimer:
			if err := e.q.push(item{at: a.At.Sub(e.s.Start), kind: itemTimer, server: int32(sv), vm: int32(a.VM), aux: uint64(a.Timer)}); err != nil {
				return err
			}
		case host.CancelTimer:
			// The queued timer stays; it is recognised as stale when due.
		case host.VMRunning:
			e.markUp(int(a.VM), d)
			e.record(Event{At: now, Kind: KindReady, Server: sv, VM: int(a.VM), To: -1})
		case host.AttemptFailed:
			e.record(Event{At: now, Kind: KindAttemptFailed, Server: sv, VM: int(a.VM), Failures: a.Failures, Limit: a.Limit, To: -1, Detail: a.Cause.String()})
		case host.ReportHardwareFault:
			e.record(Event{At: now, Kind: KindHostFault, Server: sv, VM: int(a.VM), Failures: a.Failures, To: -1})
			if e.verdict.FirstHostFault == nil {
				t := now
				e.verdict.FirstHostFault = &t
			}
			if err := e.q.push(item{at: d, kind: itemFault, server: int32(sv)}); err != nil {
				return err
			}
		case host.GiveUp:
			e.record(Event{At: now, Kind: KindGiveUp, Server: sv, VM: int(a.VM), To: -1, Detail: a.Reason.String()})
		}
	}
	return nil
}

// clusterStep steps the fabric controller and carries out its actions.
func (e *engine) clusterStep(ev cluster.Event, now time.Time, wave int) error {
	acts, err := cluster.Step(e.cl, ev, now)
	if err != nil {
		return err
	}
	d := now.Sub(e.s.Start)
	for _, a := range acts {
		switch a := a.(type) {
		case cluster.PlaceVM:
			vm := int(a.VM)
			if vm == len(e.vms) {
				e.vms = append(e.vms, vmInfo{server: int32(a.Server)})
			}
			e.record(Event{At: now, Kind: KindDeploy, Server: int(a.Server), VM: vm, To: -1})
			if err := e.startVM(int(a.Server), vm, now); err != nil {
				return err
			}
		case cluster.MoveVM:
			vm := int(a.VM)
			e.record(Event{At: now, Kind: KindHealMove, Server: int(a.From), VM: vm, To: int(a.To)})
			if err := e.hostStep(int(a.From), host.VMStopped{VM: host.VMID(vm)}, now); err != nil {
				return err
			}
			e.markDown(vm, d)
			e.vms[vm].server = int32(a.To)
			if err := e.startVM(int(a.To), vm, now); err != nil {
				return err
			}
		case cluster.NoCapacity:
			e.record(Event{At: now, Kind: KindNoCapacity, Server: int(a.From), VM: int(a.VM), To: -1})
			if a.From != cluster.NoServer {
				e.markDown(int(a.VM), d)
				e.vms[a.VM].server = -1
			}
		case cluster.MarkServerHI:
			sv := int(a.Server)
			e.hi[sv] = true
			e.hiCount++
			e.record(Event{At: now, Kind: KindServerHI, Server: sv, VM: -1, To: -1, HI: e.hiCount})
		case cluster.ClusterHI:
			t := a.At
			e.verdict.ClusterHIAt, e.verdict.ClustersInHI = &t, 1
			e.record(Event{At: now, Kind: KindClusterHI, Server: -1, VM: -1, To: -1, HI: a.HIServers})
			if e.s.StopAtClusterHI {
				e.stopped = true
			}
		case cluster.UpdateServer:
			sv := int(a.Server)
			vms := e.cl.VMsOn(a.Server)
			e.record(Event{At: now, Kind: KindUpdate, Server: sv, VM: -1, To: -1, Wave: wave + 1, VMs: len(vms)})
			for _, vm := range vms {
				if err := e.startVM(sv, int(vm), now); err != nil {
					return err
				}
			}
		case cluster.Halted:
			e.record(Event{At: now, Kind: KindHalted, Server: -1, VM: -1, To: -1, Detail: refused(a.Event)})
		}
	}
	return nil
}

// fault delivers server's hardware fault report to the fabric controller.
// The VMs left on a server in HI (when the cluster is in HI and healing is
// halted) are down.
func (e *engine) fault(sv int, now time.Time) error {
	if err := e.clusterStep(cluster.HostFaultReported{Server: cluster.ServerID(sv)}, now, -1); err != nil {
		return err
	}
	d := now.Sub(e.s.Start)
	for _, vm := range e.cl.VMsOn(cluster.ServerID(sv)) {
		e.markDown(int(vm), d)
	}
	return nil
}

// deploy asks the fabric controller to place a new VM.
func (e *engine) deploy(now time.Time) error {
	if !roomForVM(len(e.vms)) {
		return nil
	}
	return e.clusterStep(cluster.VMDeploy{VM: cluster.VMID(len(e.vms))}, now, -1)
}

// update asks the fabric controller to update server sv (wave w, −1 for a
// scripted update).
func (e *engine) update(sv, w int, now time.Time) error {
	return e.clusterStep(cluster.PlatformUpdate{Server: cluster.ServerID(sv)}, now, w)
}

func (e *engine) markDown(vm int, d time.Duration) {
	if v := &e.vms[vm]; !v.down {
		v.down, v.since = true, d
	}
}

func (e *engine) markUp(vm int, d time.Duration) {
	if v := &e.vms[vm]; v.down {
		e.lost += d - v.since
		v.down = false
	}
}

func (e *engine) result() Result {
	v := e.verdict
	lost := e.lost
	for _, m := range e.vms {
		if m.down {
			v.VMsDown++
			lost += e.end - m.since
		}
	}
	v.VMs = len(e.vms)
	v.ServersInHI = e.hiCount
	v.VMHoursLost = lost.Hours()
	s := e.s
	summary := fmt.Sprintf("%d servers × %d VMs (capacity %d, HI threshold %v), host %v, issuance %s, boot %v, %d initial starts, %g deploys/h, %d update waves of %d servers, seed %d",
		s.Cluster.Servers, s.VMsPerServer, s.Cluster.Capacity, s.Cluster.Threshold, s.Host, s.Issuance.Name, s.BootDelay,
		s.InitialStarts, s.DeploysPerHour, s.Updates.Count, s.Updates.ServersPerWave, s.Seed)
	return Result{
		Timeline: Timeline{Scenario: s.Name, Start: s.Start, End: e.at(e.end), Summary: summary, Events: e.events},
		Verdict:  v,
	}
}

// refused names the management work a Halted action refused.
func refused(ev cluster.Event) string {
	switch ev := ev.(type) {
	case cluster.VMDeploy:
		return fmt.Sprintf("deploy of vm %d", ev.VM)
	case cluster.VMPlaced:
		return fmt.Sprintf("placement of vm %d", ev.VM)
	case cluster.HostFaultReported:
		return fmt.Sprintf("healing of host %d", ev.Server)
	case cluster.PlatformUpdate:
		return fmt.Sprintf("update of host %d", ev.Server)
	}
	return fmt.Sprint(ev)
}
