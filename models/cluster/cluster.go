package cluster

import (
	"fmt"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/internal/ids"
)

// ServerID identifies a server: 0 … Config.Servers−1. It is the same type
// as host.ServerID.
type ServerID = ids.ServerID

// NoServer is the ServerID of "no server": a deployment that found no room
// (NoCapacity.From) or a VM stranded by healing (State.Where).
const NoServer ServerID = -1

// VMID identifies a VM. It is the same type as host.VMID.
type VMID = ids.VMID

// ServerStatus is a server's state in the fabric controller.
type ServerStatus uint8

// Server states.
const (
	// Healthy servers take VMs.
	Healthy ServerStatus = iota
	// HI (Human Investigate) servers are out of service: their host agent
	// reported a hardware fault. They take no VMs and get no updates.
	HI
)

// String returns "healthy" or "HI".
func (s ServerStatus) String() string {
	if s == HI {
		return "HI"
	}
	if s == Healthy {
		return "healthy"
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// loc is where a VM is: a server and its index in that server's list, or
// server NoServer (stranded).
type loc struct {
	server ServerID
	idx    int
}

// State is a cluster's fabric controller. Build it with NewState. Step
// mutates it in place (see the package documentation); Clone copies it.
type State struct {
	cfg     Config
	last    time.Time
	seen    bool
	status  []ServerStatus
	vms     [][]VMID // per server, in no particular order
	where   map[VMID]loc
	strand  int // VMs with server NoServer
	hi      int // servers in HI
	inHI    bool
	hiAt    time.Time
	heap    []ServerID // healthy servers, min-heap by (load, id)
	heapPos []int      // index in heap, −1 if not there
}

// NewState returns a cluster with cfg's servers, all healthy and empty.
// Error: cfg invalid (see Config.Validate).
func NewState(cfg Config) (*State, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &State{
		cfg:     cfg,
		status:  make([]ServerStatus, cfg.Servers),
		vms:     make([][]VMID, cfg.Servers),
		where:   map[VMID]loc{},
		heap:    make([]ServerID, cfg.Servers),
		heapPos: make([]int, cfg.Servers),
	}
	for i := range s.heap {
		s.heap[i], s.heapPos[i] = ServerID(i), i // equal loads: ascending ids form a heap
	}
	return s, nil
}

// Clone returns a deep copy of s.
func (s *State) Clone() *State {
	c := *s
	c.status = slices.Clone(s.status)
	c.vms = make([][]VMID, len(s.vms))
	for i, v := range s.vms {
		c.vms[i] = slices.Clone(v)
	}
	c.where = make(map[VMID]loc, len(s.where))
	for k, v := range s.where {
		c.where[k] = v
	}
	c.heap = slices.Clone(s.heap)
	c.heapPos = slices.Clone(s.heapPos)
	return &c
}

// Config returns the cluster's configuration.
func (s *State) Config() Config { return s.cfg }

// Last returns the instant of the last event stepped, and false before the
// first.
func (s *State) Last() (time.Time, bool) { return s.last, s.seen }

// InHI returns when the cluster entered HI, and whether it has.
func (s *State) InHI() (time.Time, bool) { return s.hiAt, s.inHI }

// HIServers returns the number of servers in HI.
func (s *State) HIServers() int { return s.hi }

// Status returns server's status, and false if there is no such server.
func (s *State) Status(server ServerID) (ServerStatus, bool) {
	if !s.valid(server) {
		return 0, false
	}
	return s.status[server], true
}

// Load returns the number of VMs on server (0 for no such server).
func (s *State) Load(server ServerID) int {
	if !s.valid(server) {
		return 0
	}
	return len(s.vms[server])
}

// VMsOn returns the VMs on server in increasing order (nil for no such
// server). A simulator uses it to restart a server's VMs on PlatformUpdate.
func (s *State) VMsOn(server ServerID) []VMID {
	if !s.valid(server) {
		return nil
	}
	out := slices.Clone(s.vms[server])
	slices.Sort(out)
	return out
}

// Where returns vm's server (NoServer if healing stranded it) and whether the
// cluster knows vm.
func (s *State) Where(vm VMID) (ServerID, bool) {
	l, ok := s.where[vm]
	if !ok {
		return NoServer, false
	}
	return l.server, true
}

// VMs returns the number of VMs the cluster knows, placed or stranded.
func (s *State) VMs() int { return len(s.where) }

// Stranded returns the VMs healing could not place, in increasing order.
func (s *State) Stranded() []VMID {
	var out []VMID
	for vm, l := range s.where {
		if l.server == NoServer {
			out = append(out, vm)
		}
	}
	slices.Sort(out)
	return out
}

func (s *State) valid(server ServerID) bool { return server >= 0 && int(server) < len(s.status) }

// Event is an input to Step: VMDeploy, VMPlaced, HostFaultReported or
// PlatformUpdate.
type Event interface {
	isEvent()
	String() string
}

// VMDeploy asks the fabric controller to place a new VM on the healthy server
// with the fewest VMs (lowest ServerID on ties). Error: VM already known.
type VMDeploy struct{ VM VMID }

// VMPlaced places a new VM on a given server (to lay out a cluster's initial
// state). Errors: VM already known; no such server; the server is HI or full.
type VMPlaced struct {
	VM     VMID
	Server ServerID
}

// HostFaultReported is a host agent's hardware-fault report (package host's
// ReportHardwareFault): the server goes to HI and, unless the cluster is in
// HI, its VMs are healed. A report for a server already in HI does nothing.
// Error: no such server.
type HostFaultReported struct{ Server ServerID }

// PlatformUpdate asks to update one healthy server's agents (in 2012: a
// rollout that restarted agents, which created new certificates). It does
// nothing for an HI server. Error: no such server.
type PlatformUpdate struct{ Server ServerID }

func (VMDeploy) isEvent()          {}
func (VMPlaced) isEvent()          {}
func (HostFaultReported) isEvent() {}
func (PlatformUpdate) isEvent()    {}

// String returns "deploy vm=N".
func (e VMDeploy) String() string { return fmt.Sprintf("deploy vm=%d", e.VM) }

// String returns "place vm=N server=S".
func (e VMPlaced) String() string { return fmt.Sprintf("place vm=%d server=%d", e.VM, e.Server) }

// String returns "fault server=S".
func (e HostFaultReported) String() string { return fmt.Sprintf("fault server=%d", e.Server) }

// String returns "update server=S".
func (e PlatformUpdate) String() string { return fmt.Sprintf("update server=%d", e.Server) }

// Action is an output of Step, in order: PlaceVM, MoveVM, NoCapacity,
// MarkServerHI, ClusterHI, UpdateServer or Halted.
type Action interface {
	isAction()
	String() string
}

// PlaceVM reports that VM was placed on Server (start it there).
type PlaceVM struct {
	VM     VMID
	Server ServerID
}

// MoveVM is a service-healing move: VM left HI server From for To (stop it
// on From, start it on To).
type MoveVM struct {
	VM       VMID
	From, To ServerID
}

// NoCapacity reports that no healthy server had room for VM. From is the HI
// server healing took it off (it is now stranded), or NoServer for a
// deployment (which is then not recorded).
type NoCapacity struct {
	VM   VMID
	From ServerID
}

// MarkServerHI reports that Server was moved to Human Investigate.
type MarkServerHI struct{ Server ServerID }

// ClusterHI reports that the cluster entered HI at At, with HIServers of
// Servers servers in HI; service management is halted from now on.
type ClusterHI struct {
	At        time.Time
	HIServers int
	Servers   int
}

// UpdateServer asks the caller to update Server's agents (for example, to
// restart the host agent and its VMs; VMsOn lists them).
type UpdateServer struct{ Server ServerID }

// Halted reports that Event's management work (placement, healing or update)
// was not done because the cluster is in HI.
type Halted struct{ Event Event }

func (PlaceVM) isAction()      {}
func (MoveVM) isAction()       {}
func (NoCapacity) isAction()   {}
func (MarkServerHI) isAction() {}
func (ClusterHI) isAction()    {}
func (UpdateServer) isAction() {}
func (Halted) isAction()       {}

// String returns "place vm=N server=S".
func (a PlaceVM) String() string { return fmt.Sprintf("place vm=%d server=%d", a.VM, a.Server) }

// String returns "move vm=N from=S to=T".
func (a MoveVM) String() string { return fmt.Sprintf("move vm=%d from=%d to=%d", a.VM, a.From, a.To) }

// String returns "no-capacity vm=N [from=S]".
func (a NoCapacity) String() string {
	if a.From == NoServer {
		return fmt.Sprintf("no-capacity vm=%d", a.VM)
	}
	return fmt.Sprintf("no-capacity vm=%d from=%d", a.VM, a.From)
}

// String returns "server-hi server=S".
func (a MarkServerHI) String() string { return fmt.Sprintf("server-hi server=%d", a.Server) }

// String returns "cluster-hi hi=H/N at=RFC3339".
func (a ClusterHI) String() string {
	return fmt.Sprintf("cluster-hi hi=%d/%d at=%s", a.HIServers, a.Servers, a.At.Format(time.RFC3339Nano))
}

// String returns "update-server server=S".
func (a UpdateServer) String() string { return fmt.Sprintf("update-server server=%d", a.Server) }

// String returns "halted (event)".
func (a Halted) String() string { return fmt.Sprintf("halted (%v)", a.Event) }

// Step applies ev at instant now to s, mutating s, and returns the actions to
// carry out, in order. On error s is unchanged and the actions are nil; Step
// never panics on a State built by NewState.
//
// Errors: s is nil or not built by NewState; now is earlier than the previous
// event's instant; ev is nil or of an unknown type; ev names a server out of
// range; VMDeploy or VMPlaced names a VM the cluster already knows; VMPlaced
// names an HI or full server.
func Step(s *State, ev Event, now time.Time) ([]Action, error) {
	if s == nil || len(s.status) == 0 || s.where == nil {
		return nil, errorf(ErrState, "cluster: state not built by NewState")
	}
	if s.seen && now.Before(s.last) {
		return nil, errorf(ErrClockBackwards, "cluster: %v at %s is earlier than the state's last event at %s",
			ev, now.Format(time.RFC3339Nano), s.last.Format(time.RFC3339Nano))
	}
	var acts []Action
	switch e := ev.(type) {
	case VMDeploy:
		if err := s.checkNew(e.VM, ev); err != nil {
			return nil, err
		}
		s.tick(now)
		if s.inHI {
			return []Action{Halted{Event: ev}}, nil
		}
		to, ok := s.target()
		if !ok {
			return []Action{NoCapacity{VM: e.VM, From: NoServer}}, nil
		}
		s.add(e.VM, to)
		acts = append(acts, PlaceVM{VM: e.VM, Server: to})
	case VMPlaced:
		if err := s.checkNew(e.VM, ev); err != nil {
			return nil, err
		}
		if !s.valid(e.Server) {
			return nil, s.noServer(ev, e.Server)
		}
		if !s.inHI {
			if s.status[e.Server] == HI {
				return nil, errorf(ErrServerUnavailable, "cluster: %v: server %d is in HI", ev, e.Server)
			}
			if len(s.vms[e.Server]) >= s.cfg.Capacity {
				return nil, errorf(ErrServerUnavailable, "cluster: %v: server %d is full (capacity %d)", ev, e.Server, s.cfg.Capacity)
			}
		}
		s.tick(now)
		if s.inHI {
			return []Action{Halted{Event: ev}}, nil
		}
		s.add(e.VM, e.Server)
		acts = append(acts, PlaceVM{VM: e.VM, Server: e.Server})
	case HostFaultReported:
		if !s.valid(e.Server) {
			return nil, s.noServer(ev, e.Server)
		}
		s.tick(now)
		if s.status[e.Server] == HI {
			return nil, nil
		}
		s.status[e.Server] = HI
		s.hi++
		s.heapRemove(e.Server)
		acts = append(acts, MarkServerHI{Server: e.Server})
		if !s.inHI && s.cfg.Threshold.Reached(s.hi, s.cfg.Servers) {
			s.inHI, s.hiAt = true, now
			acts = append(acts, ClusterHI{At: now, HIServers: s.hi, Servers: s.cfg.Servers})
		}
		if s.inHI {
			return append(acts, Halted{Event: ev}), nil
		}
		acts = s.heal(e.Server, acts)
	case PlatformUpdate:
		if !s.valid(e.Server) {
			return nil, s.noServer(ev, e.Server)
		}
		s.tick(now)
		if s.inHI {
			return []Action{Halted{Event: ev}}, nil
		}
		if s.status[e.Server] == HI {
			return nil, nil
		}
		acts = append(acts, UpdateServer{Server: e.Server})
	case nil:
		return nil, errorf(ErrEvent, "cluster: nil event at %s", now.Format(time.RFC3339Nano))
	default:
		return nil, errorf(ErrEvent, "cluster: unknown event type %T", ev)
	}
	return acts, nil
}

func (s *State) tick(now time.Time) { s.last, s.seen = now, true }

func (s *State) checkNew(vm VMID, ev Event) error {
	if l, ok := s.where[vm]; ok {
		if l.server == NoServer {
			return errorf(ErrDuplicateVM, "cluster: %v: vm %d is already known (stranded)", ev, vm)
		}
		return errorf(ErrDuplicateVM, "cluster: %v: vm %d is already on server %d", ev, vm, l.server)
	}
	return nil
}

func (s *State) noServer(ev Event, server ServerID) error {
	return errorf(ErrUnknownServer, "cluster: %v: no server %d (servers are 0 to %d)", ev, server, len(s.status)-1)
}

// heal moves every VM of the HI server from, in increasing VMID order, to the
// least-loaded healthy server with room, stranding those that find none.
func (s *State) heal(from ServerID, acts []Action) []Action {
	vms := s.vms[from]
	s.vms[from] = nil
	slices.Sort(vms)
	for _, vm := range vms {
		to, ok := s.target()
		if !ok {
			s.where[vm] = loc{server: NoServer}
			s.strand++
			acts = append(acts, NoCapacity{VM: vm, From: from})
			continue
		}
		s.add(vm, to)
		acts = append(acts, MoveVM{VM: vm, From: from, To: to})
	}
	return acts
}

// target returns the healthy server with the fewest VMs (lowest id on ties),
// if it has room.
func (s *State) target() (ServerID, bool) {
	if len(s.heap) == 0 {
		return NoServer, false
	}
	to := s.heap[0]
	if len(s.vms[to]) >= s.cfg.Capacity {
		return NoServer, false
	}
	return to, true
}

func (s *State) add(vm VMID, to ServerID) {
	s.where[vm] = loc{server: to, idx: len(s.vms[to])}
	s.vms[to] = append(s.vms[to], vm)
	if p := s.heapPos[to]; p >= 0 {
		s.down(p)
	}
}

// Heap of healthy servers ordered by (load, id).

func (s *State) less(i, j int) bool {
	a, b := s.heap[i], s.heap[j]
	la, lb := len(s.vms[a]), len(s.vms[b])
	return la < lb || (la == lb && a < b)
}

func (s *State) swap(i, j int) {
	s.heap[i], s.heap[j] = s.heap[j], s.heap[i]
	s.heapPos[s.heap[i]], s.heapPos[s.heap[j]] = i, j
}

func (s *State) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *State) down(i int) {
	n := len(s.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.swap(i, m)
		i = m
	}
}

func (s *State) heapRemove(server ServerID) {
	i := s.heapPos[server]
	if i < 0 {
		return
	}
	last := len(s.heap) - 1
	s.swap(i, last)
	s.heap = s.heap[:last]
	s.heapPos[server] = -1
	if i < last {
		s.down(i)
		s.up(i)
	}
}

// Check verifies the state's invariants (see the package documentation) and
// returns an error describing the first one broken. It costs
// O(servers + VMs).
func (s *State) Check() error {
	if s == nil || s.where == nil {
		return errorf(ErrState, "cluster: state not built by NewState")
	}
	n := s.cfg.Servers
	if len(s.status) != n || len(s.vms) != n || len(s.heapPos) != n {
		return errorf(ErrInvariant, "cluster: %d servers configured but %d statuses, %d VM lists, %d heap positions", n, len(s.status), len(s.vms), len(s.heapPos))
	}
	placed, hi := 0, 0
	for i := range n {
		server := ServerID(i)
		if s.status[i] == HI {
			hi++
			if !s.inHI && len(s.vms[i]) > 0 {
				return errorf(ErrInvariant, "cluster: HI server %d still holds %d VMs and the cluster is not in HI", i, len(s.vms[i]))
			}
			if s.heapPos[i] != -1 {
				return errorf(ErrInvariant, "cluster: HI server %d is still a healing target", i)
			}
		} else if p := s.heapPos[i]; p < 0 || p >= len(s.heap) || s.heap[p] != server {
			return errorf(ErrInvariant, "cluster: healthy server %d is not a healing target", i)
		}
		if len(s.vms[i]) > s.cfg.Capacity {
			return errorf(ErrInvariant, "cluster: server %d holds %d VMs, over its capacity %d", i, len(s.vms[i]), s.cfg.Capacity)
		}
		for j, vm := range s.vms[i] {
			l, ok := s.where[vm]
			if !ok {
				return errorf(ErrInvariant, "cluster: vm %d on server %d is missing from the VM index", vm, i)
			}
			if l.server != server || l.idx != j {
				return errorf(ErrInvariant, "cluster: vm %d is on server %d (slot %d) but indexed at server %d slot %d (duplicated or moved without update)", vm, i, j, l.server, l.idx)
			}
		}
		placed += len(s.vms[i])
	}
	stranded := 0
	for _, l := range s.where {
		if l.server == NoServer {
			stranded++
		}
	}
	if stranded != s.strand {
		return errorf(ErrInvariant, "cluster: %d VMs stranded but the count says %d", stranded, s.strand)
	}
	if placed+s.strand != len(s.where) {
		return errorf(ErrInvariant, "cluster: %d VMs known but %d placed and %d stranded (VMs lost or duplicated)", len(s.where), placed, s.strand)
	}
	if len(s.heap) != n-hi {
		return errorf(ErrInvariant, "cluster: %d healing targets for %d healthy servers", len(s.heap), n-hi)
	}
	for i := 1; i < len(s.heap); i++ {
		if s.less(i, (i-1)/2) {
			return errorf(ErrInvariant, "cluster: healing target order broken at %d", i)
		}
	}
	if hi != s.hi {
		return errorf(ErrInvariant, "cluster: %d servers in HI but the count says %d", hi, s.hi)
	}
	if reached := s.cfg.Threshold.Reached(hi, n); reached != s.inHI {
		return errorf(ErrInvariant, "cluster: %d of %d servers in HI, threshold %v reached=%v, but cluster in HI=%v", hi, n, s.cfg.Threshold, reached, s.inHI)
	}
	return nil
}
