package cluster

import (
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// TestThresholdBoundaries states > versus >= precisely at each preset's
// boundary.
func TestThresholdBoundaries(t *testing.T) {
	k := Kubernetes().Threshold
	cases := []struct {
		name      string
		th        Threshold
		hi, n     int
		wantReach bool
	}{
		// --unhealthy-zone-threshold=0.55: notReady/(all) >= 0.55 and notReady > 2.
		{"k8s 54/100", k, 54, 100, false},
		{"k8s 55/100 (exactly 0.55)", k, 55, 100, true},
		{"k8s 11/20 (exactly 0.55)", k, 11, 20, true},
		{"k8s 2/2 below minimum 3", k, 2, 2, false},
		{"k8s 2/3 below minimum 3", k, 2, 3, false},
		{"k8s 3/3", k, 3, 3, true},
		// Azure 2012 default: 5% of 1,000 servers = 50.
		{"azure 49/1000", Azure2012().Threshold, 49, 1000, false},
		{"azure 50/1000", Azure2012().Threshold, 50, 1000, true},
		{"azure 1/20", Azure2012().Threshold, 1, 20, true},
		{"azure 0/20", Azure2012().Threshold, 0, 20, false},
		{"count 3 with 2", must(AtLeast(3)), 2, 10, false},
		{"count 3 with 3", must(AtLeast(3)), 3, 10, true},
		{"no servers", must(AtLeast(1)), 1, 0, false},
		{"zero threshold", Threshold{}, 5, 5, false},
	}
	for _, c := range cases {
		if got := c.th.Reached(c.hi, c.n); got != c.wantReach {
			t.Errorf("%s: %v.Reached(%d, %d) = %v, want %v", c.name, c.th, c.hi, c.n, got, c.wantReach)
		}
	}
	// Every decimal fraction p/100 is reached exactly at p of 100.
	for p := 1; p <= 100; p++ {
		th := must(AtLeastFraction(float64(p)/100, 1))
		if th.Reached(p-1, 100) || !th.Reached(p, 100) {
			t.Errorf("fraction %d/100: boundary not at %d", p, p)
		}
	}
}

func must(t Threshold, err error) Threshold {
	if err != nil {
		panic(err)
	}
	return t
}

// TestPresetThresholdsInSteps drives the presets to their boundaries through
// Step: the Azure 2012 cluster enters HI at the 50th HI server, not the 49th.
func TestPresetThresholdsInSteps(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		trip int
	}{{Azure2012(), 50}, {Kubernetes(), 55}} {
		s, err := NewState(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2012, 2, 29, 1, 15, 0, 0, time.UTC)
		for i := 0; i < c.trip; i++ {
			acts, err := Step(s, HostFaultReported{Server: ServerID(i)}, now)
			if err != nil {
				t.Fatal(err)
			}
			_, in := s.InHI()
			if in != (i+1 >= c.trip) {
				t.Fatalf("%v: after %d HI servers cluster HI = %v", c.cfg, i+1, in)
			}
			if i+1 == c.trip {
				if _, ok := acts[1].(ClusterHI); !ok {
					t.Errorf("%v: tripping Step actions %v, want ClusterHI second", c.cfg, acts)
				}
			}
		}
	}
}

// TestRandomOperations applies random events to random small clusters and
// checks the invariants after every Step, that an error leaves the state
// unchanged, and that Clone is independent of the original.
func TestRandomOperations(t *testing.T) {
	rng := rand.New(rand.NewSource(2012))
	for run := 0; run < 300; run++ {
		th := must(AtLeast(1 + rng.Intn(6)))
		if rng.Intn(2) == 0 {
			th = must(AtLeastFraction(0.1+0.9*rng.Float64(), 1+rng.Intn(3)))
		}
		cfg := Config{Servers: 1 + rng.Intn(12), Capacity: 1 + rng.Intn(5), Threshold: th}
		s, err := NewState(cfg)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
		moves := map[VMID]int{}
		for i := 0; i < 150; i++ {
			now = now.Add(time.Duration(rng.Intn(10)-1) * time.Minute)
			var ev Event
			switch rng.Intn(5) {
			case 0, 1:
				ev = VMDeploy{VM: VMID(rng.Intn(80))}
			case 2:
				ev = VMPlaced{VM: VMID(rng.Intn(80)), Server: ServerID(rng.Intn(cfg.Servers+2) - 1)}
			case 3:
				ev = HostFaultReported{Server: ServerID(rng.Intn(cfg.Servers + 1))}
			case 4:
				ev = PlatformUpdate{Server: ServerID(rng.Intn(cfg.Servers))}
			}
			before := s.Clone()
			known := s.VMs()
			acts, err := Step(s, ev, now)
			if err != nil {
				if !sameState(before, s) {
					t.Fatalf("%v: error %v changed the state", ev, err)
				}
				continue
			}
			if !sameState(before, before.Clone()) {
				t.Fatal("Clone is not a copy")
			}
			for _, a := range acts {
				if m, ok := a.(MoveVM); ok {
					moves[m.VM]++
					if to, _ := s.Where(m.VM); to != m.To {
						t.Fatalf("%v: vm %d is on %d", m, m.VM, to)
					}
				}
			}
			if d, ok := ev.(VMDeploy); ok {
				if _, placed := s.Where(d.VM); placed != (len(acts) == 1 && isPlace(acts[0])) {
					t.Fatalf("%v: actions %v but known=%v", ev, acts, placed)
				}
			}
			if _, ok := ev.(HostFaultReported); ok && s.VMs() != known {
				t.Fatalf("%v: healing changed the VM count from %d to %d", ev, known, s.VMs())
			}
			if err := s.Check(); err != nil {
				t.Fatalf("after %v at step %d: %v", ev, i, err)
			}
		}
	}
}

func isPlace(a Action) bool { _, ok := a.(PlaceVM); return ok }

// TestCheckCatchesCorruption breaks a state by hand in each way Check
// promises to detect.
func TestCheckCatchesCorruption(t *testing.T) {
	build := func() *State {
		s, _ := NewState(Config{Servers: 3, Capacity: 2, Threshold: must(AtLeast(3))})
		now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
		for vm := VMID(1); vm <= 4; vm++ {
			if _, err := Step(s, VMDeploy{VM: vm}, now); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}
	if err := build().Check(); err != nil {
		t.Fatalf("fresh state: %v", err)
	}
	breaks := map[string]func(s *State){
		"duplicated":     func(s *State) { s.vms[2] = append(s.vms[2], s.vms[0][0]) },
		"lost":           func(s *State) { s.vms[0] = s.vms[0][:0] },
		"over capacity":  func(s *State) { s.cfg.Capacity = 1 },
		"HI holds VMs":   func(s *State) { s.status[0], s.hi = HI, 1; s.heapRemove(0) },
		"HI count":       func(s *State) { s.hi = 2 },
		"cluster HI iff": func(s *State) { s.inHI = true },
		"stranded count": func(s *State) { s.strand = 1 },
		// Loads 2, 1, 1 (servers 0, 1, 2) make the heap [1 2 0]; swapping its
		// root and first child breaks the order between parent and child.
		"healing order":            func(s *State) { s.swap(0, 1) },
		"heap position past end":   func(s *State) { s.heapPos[0] = len(s.heap) },
		"heap position elsewhere":  func(s *State) { s.heapPos[0], s.heapPos[1] = s.heapPos[1], s.heapPos[0] },
		"healthy but not a target": func(s *State) { s.heapRemove(0) },
	}
	for name, f := range breaks {
		s := build()
		f(s)
		if err := s.Check(); err == nil {
			t.Errorf("%s: Check found nothing", name)
		}
	}
}

func TestStepBadState(t *testing.T) {
	for _, s := range []*State{nil, {}} {
		if _, err := Step(s, VMDeploy{VM: 1}, time.Time{}); err == nil || !strings.Contains(err.Error(), "NewState") {
			t.Errorf("Step on %v: %v", s, err)
		}
		if err := s.Check(); err == nil {
			t.Errorf("Check on a zero state passed")
		}
	}
	s, _ := NewState(Kubernetes())
	if _, err := Step(s, nil, time.Time{}); err == nil {
		t.Error("nil event accepted")
	}
	if _, err := NewState(Config{Servers: 10, Capacity: 1}); err == nil {
		t.Error("zero threshold accepted")
	}
}

// TestCheckAcceptsValidHeaps: Check passes on every state that Step builds,
// including heaps whose later sibling is the lesser (three servers after
// three deploys: [0 2 1], where server 1 ranks before server 2).
func TestCheckAcceptsValidHeaps(t *testing.T) {
	s, _ := NewState(Config{Servers: 3, Capacity: 3, Threshold: must(AtLeast(3))})
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	for vm := VMID(1); vm <= 9; vm++ {
		if _, err := Step(s, VMDeploy{VM: vm}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Errorf("after %d deploys (heap %v): %v", vm, s.heap, err)
		}
		if vm == 3 && (s.heap[1] != 2 || s.heap[2] != 1) {
			t.Errorf("after 3 deploys the heap is %v, want [0 2 1]", s.heap)
		}
	}
}

// TestConfigBoundaries checks the limits of Config.Validate and
// Threshold.Validate from both sides. A fraction of 1 (every server in HI)
// is the largest AtLeastFraction accepts, and it validates; math.MaxInt32
// servers is the largest count.
func TestConfigBoundaries(t *testing.T) {
	all := must(AtLeastFraction(1, 1))
	cases := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"fraction 1", Config{Servers: 1, Capacity: 1, Threshold: all}, true},
		{"fraction 1 min 5", Config{Servers: 10, Capacity: 1, Threshold: must(AtLeastFraction(1, 5))}, true},
		{"fraction above 1", Config{Servers: 1, Capacity: 1, Threshold: Threshold{count: 1, fraction: 1.0000000000000002}}, false},
		{"fraction below 0", Config{Servers: 1, Capacity: 1, Threshold: Threshold{count: 1, fraction: -0.5}}, false},
		{"count 0", Config{Servers: 1, Capacity: 1, Threshold: Threshold{fraction: 0.5}}, false},
		{"MaxInt32 servers", Config{Servers: math.MaxInt32, Capacity: 1, Threshold: all}, true},
		{"MaxInt32+1 servers", Config{Servers: math.MaxInt32 + 1, Capacity: 1, Threshold: all}, false},
		{"capacity 0", Config{Servers: 1, Capacity: 0, Threshold: all}, false},
		{"servers 0", Config{Servers: 0, Capacity: 1, Threshold: all}, false},
	}
	for _, c := range cases {
		if err := c.cfg.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", c.name, err, c.ok)
		}
	}
	if _, err := AtLeastFraction(1.0000000000000002, 1); err == nil {
		t.Error("AtLeastFraction above 1 accepted")
	}
	// With fraction 1 the cluster enters HI only when every server is in HI.
	if all.Reached(9, 10) || !all.Reached(10, 10) {
		t.Errorf("AtLeastFraction(1, 1): Reached(9, 10) = %v, Reached(10, 10) = %v", all.Reached(9, 10), all.Reached(10, 10))
	}
	if _, err := NewState(Config{Servers: 2, Capacity: 1, Threshold: all}); err != nil {
		t.Errorf("NewState with AtLeastFraction(1, 1): %v", err)
	}
}

// TestCheckCountsHealingTargets: a healing target listed twice is reported
// with the number of targets and of healthy servers (here 3 of 4 servers,
// one of them in HI).
func TestCheckCountsHealingTargets(t *testing.T) {
	s, _ := NewState(Config{Servers: 4, Capacity: 2, Threshold: must(AtLeast(3))})
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	if _, err := Step(s, HostFaultReported{Server: 1}, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("after one fault: %v", err)
	}
	s.heap = append(s.heap, s.heap[0])
	err := s.Check()
	if err == nil || !strings.Contains(err.Error(), "4 healing targets for 3 healthy servers") {
		t.Errorf("Check = %v, want 4 healing targets for 3 healthy servers", err)
	}
}
