package fuzz

import (
	"errors"
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/cluster"
)

// clusterOracles are the expectations the cluster target checks the model
// against. A nil field means the real one.
type clusterOracles struct {
	// reached reports whether hi HI servers of n reach the threshold "at
	// least count" (fraction 0) or "at least min and at least fraction of
	// n". Real: hi >= count, or hi >= min && float64(hi)/float64(n) >=
	// fraction.
	reached func(hi, n, count int, fraction float64) bool
}

func (o clusterOracles) thresholdReached(hi, n, count int, fraction float64) bool {
	if o.reached != nil {
		return o.reached(hi, n, count, fraction)
	}
	if fraction == 0 {
		return hi >= count
	}
	return hi >= count && float64(hi)/float64(n) >= fraction
}

// Cluster input layout. The input is one []byte:
//
//	byte 0   servers: 1 + value mod 12
//	byte 1   capacity: 1 + value mod 4 VMs per server
//	byte 2   threshold: even values AtLeast(1 + (value/2) mod servers); odd
//	         values AtLeastFraction(f, 1 + (value/16) mod 3) with f the
//	         ((value/2) mod 8)-th of 0.05, 0.1, 0.25, 1/3, 0.5, 0.55, 0.75, 1
//	then 2 bytes per event, at most clusterMaxEvents events:
//	  op mod 6:  0 VMDeploy of a new VM (of an already known VM when arg
//	             is odd and one exists: an error); 1 VMPlaced of a new VM on
//	             server arg mod (servers+1); 2, 3 HostFaultReported for
//	             server arg mod (servers+1); 4 PlatformUpdate for that
//	             server; 5 the clock goes back arg+1 seconds (an error)
//	  arg:       as above
//
// Server number servers is out of range, so events naming it must fail.
// The clock starts at 2012-02-29T00:00:00Z and advances a minute per event.
const (
	clusterEventBytes = 2
	clusterMaxEvents  = 32
)

var clusterFractions = [8]float64{0.05, 0.1, 0.25, 1.0 / 3, 0.5, 0.55, 0.75, 1}

// checkCluster is the Cluster target. It decodes data into a cluster configuration and a sequence of
// events (see the layout above), steps a cluster.State through them and
// checks after every step that: Step errs exactly for the documented bad
// inputs, with the documented kind (the clock going back: ErrClockBackwards,
// a server out of range: ErrUnknownServer, a VM already known:
// ErrDuplicateVM, VMPlaced on an HI or full server: ErrServerUnavailable)
// and then leaves the state as it was;
// State.Check holds; the number of HI servers is the number of distinct
// servers that reported a fault; the cluster is in HI if and only if the
// oracle says the threshold is reached, and ClusterHI is emitted once, in the
// step that reached it; management events while in HI produce only Halted;
// and the cluster knows exactly the VMs that were placed.
func (o clusterOracles) checkCluster(data []byte) error {
	if len(data) < 3 {
		return nil
	}
	n := 1 + int(data[0])%12
	capacity := 1 + int(data[1])%4
	count, fraction := 0, 0.0
	var th cluster.Threshold
	var err error
	if data[2]%2 == 0 {
		count = 1 + int(data[2]/2)%n
		th, err = cluster.AtLeast(count)
	} else {
		count, fraction = 1+int(data[2]/16)%3, clusterFractions[(data[2]/2)%8]
		th, err = cluster.AtLeastFraction(fraction, count)
	}
	if err != nil {
		return fmt.Errorf("threshold from byte %d: %v", data[2], err)
	}
	cfg := cluster.Config{Servers: n, Capacity: capacity, Threshold: th}
	s, err := cluster.NewState(cfg)
	if err != nil {
		return fmt.Errorf("NewState(%v): %v", cfg, err)
	}
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	faulted := make(map[cluster.ServerID]bool)
	known := make(map[cluster.VMID]bool)
	nextVM := cluster.VMID(1)
	clusterHIs := 0
	for i := 3; i+clusterEventBytes <= len(data) && i < 3+clusterEventBytes*clusterMaxEvents; i += clusterEventBytes {
		op, arg := data[i]%6, data[i+1]
		now = now.Add(time.Minute)
		at := now
		server := cluster.ServerID(int(arg) % (n + 1))
		inRange := int(server) < n
		_, inHI := s.InHI()
		// want is the kind of error Step must return (nil: none), may one
		// it may return instead of Halted while the cluster is in HI.
		var ev cluster.Event
		var want, may error
		switch op {
		case 0:
			vm := nextVM
			if arg%2 == 1 && nextVM > 1 {
				vm = 1 + cluster.VMID(int(arg/2)%int(nextVM-1))
			}
			ev = cluster.VMDeploy{VM: vm}
			if known[vm] {
				want = cluster.ErrDuplicateVM
			}
			if inHI {
				may = cluster.ErrDuplicateVM
			}
		case 1:
			status, _ := s.Status(server)
			ev = cluster.VMPlaced{VM: nextVM, Server: server}
			switch {
			case !inRange:
				want = cluster.ErrUnknownServer
			case status == cluster.HI || s.Load(server) >= capacity:
				if inHI {
					may = cluster.ErrServerUnavailable
				} else {
					want = cluster.ErrServerUnavailable
				}
			}
		case 2, 3:
			ev = cluster.HostFaultReported{Server: server}
			if !inRange {
				want = cluster.ErrUnknownServer
			}
		case 4:
			ev = cluster.PlatformUpdate{Server: server}
			if !inRange {
				want = cluster.ErrUnknownServer
			}
		case 5:
			ev = cluster.VMDeploy{VM: nextVM}
			if last, ok := s.Last(); ok {
				at, want = last.Add(-(time.Duration(arg)+1)*time.Second), cluster.ErrClockBackwards
			}
		}
		before := summarize(s, n)
		actions, err := cluster.Step(s, ev, at)
		trace := lazyTrace{(i - 3) / clusterEventBytes, ev, at, cfg}
		if err != nil {
			if (want == nil || !errors.Is(err, want)) && (may == nil || !errors.Is(err, may)) {
				return fmt.Errorf("%s: unexpected error %v (want an error wrapping %v)", trace, err, want)
			}
			if actions != nil || summarize(s, n) != before {
				return fmt.Errorf("%s: error %v, but Step changed the state or returned actions %v", trace, err, actions)
			}
			continue
		}
		if want != nil {
			return fmt.Errorf("%s: want an error wrapping %v, got actions %v", trace, want, actions)
		}
		if err := s.Check(); err != nil {
			return fmt.Errorf("%s: Check: %v", trace, err)
		}
		if inHI {
			if _, ok := ev.(cluster.HostFaultReported); !ok {
				if len(actions) != 1 || !isHalted(actions[0]) {
					return fmt.Errorf("%s: cluster in HI, want only Halted, got %v", trace, actions)
				}
				continue
			}
		}
		switch e := ev.(type) {
		case cluster.HostFaultReported:
			faulted[e.Server] = true
		case cluster.VMDeploy:
			if !hasNoCapacity(actions) {
				known[e.VM] = true
			}
			nextVM++
		case cluster.VMPlaced:
			known[e.VM] = true
			nextVM++
		}
		for _, a := range actions {
			if isHalted(a) && !inHI {
				if _, nowHI := s.InHI(); !nowHI {
					return fmt.Errorf("%s: Halted while the cluster is not in HI: %v", trace, actions)
				}
			}
			if _, ok := a.(cluster.ClusterHI); ok {
				clusterHIs++
			}
		}
		if s.HIServers() != len(faulted) {
			return fmt.Errorf("%s: %d HI servers, %d servers reported faults", trace, s.HIServers(), len(faulted))
		}
		_, nowHI := s.InHI()
		if want := o.thresholdReached(len(faulted), n, count, fraction); nowHI != want {
			return fmt.Errorf("%s: cluster in HI = %v with %d of %d servers in HI, oracle says %v", trace, nowHI, len(faulted), n, want)
		}
		if nowHI && !inHI && clusterHIs != 1 {
			return fmt.Errorf("%s: cluster entered HI with %d ClusterHI actions", trace, clusterHIs)
		}
		if clusterHIs > 1 {
			return fmt.Errorf("%s: %d ClusterHI actions", trace, clusterHIs)
		}
		if s.VMs() != len(known) {
			return fmt.Errorf("%s: cluster knows %d VMs, %d were placed", trace, s.VMs(), len(known))
		}
	}
	return nil
}

// clusterSummary is what an erroring Step must leave as it was: the last
// instant, the HI state, the VM count and the load and status of the first
// 12 servers (all of them in this target).
type clusterSummary struct {
	last          time.Time
	inHI          bool
	hi, vms       int
	load, status  [12]int
	strandedCount int
}

func summarize(s *cluster.State, n int) clusterSummary {
	var c clusterSummary
	c.last, _ = s.Last()
	_, c.inHI = s.InHI()
	c.hi, c.vms, c.strandedCount = s.HIServers(), s.VMs(), len(s.Stranded())
	for i := 0; i < n && i < len(c.load); i++ {
		st, _ := s.Status(cluster.ServerID(i))
		c.load[i], c.status[i] = s.Load(cluster.ServerID(i)), int(st)
	}
	return c
}

// lazyTrace names a step in a failure message; it is formatted only then.
type lazyTrace struct {
	i   int
	ev  cluster.Event
	at  time.Time
	cfg cluster.Config
}

func (l lazyTrace) String() string {
	return fmt.Sprintf("event %d (%v at %s, %v)", l.i, l.ev, l.at.Format(time.RFC3339), l.cfg)
}

func isHalted(a cluster.Action) bool {
	_, ok := a.(cluster.Halted)
	return ok
}

func hasNoCapacity(actions []cluster.Action) bool {
	for _, a := range actions {
		if _, ok := a.(cluster.NoCapacity); ok {
			return true
		}
	}
	return false
}
