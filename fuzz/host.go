package fuzz

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/leapcheck/leapcheck/models/host"
)

// hostOracles are the expectations the host target checks the model's
// actions against. A nil field means the real one.
type hostOracles struct {
	// faultDue reports whether a VM that has just failed its failures-th
	// consecutive start must be given up on with a hardware fault (limit is
	// the policy's fault limit, 0 for none). Real: limit > 0 && failures >=
	// limit.
	faultDue func(failures, limit int) bool
}

func (o hostOracles) due(failures, limit int) bool {
	if o.faultDue != nil {
		return o.faultDue(failures, limit)
	}
	return limit > 0 && failures >= limit
}

// Host input layout. The input is one []byte:
//
//	byte 0        policy: value mod len(hostPolicies) selects one of
//	              hostPolicies, given value / len(hostPolicies) (see there)
//	then 3 bytes per event, at most hostMaxEvents events:
//	  op  mod 8:  0,1 StartRequested; 2 GuestReady; 3 GuestFailed;
//	              4 VMStopped; 5,6 TimerFired for the VM's pending timer, at
//	              its deadline (a stale timer #1 if it has none);
//	              7 the clock goes back (dt+1) seconds: Step must refuse it
//	  vm  mod 4:  the VM
//	  dt:         the clock advances dt*4 s before the event (up to 17 minutes)
//
// A trailing partial event is ignored. The clock starts at
// 2012-02-29T00:00:00Z.
const (
	hostEventBytes = 3
	hostMaxEvents  = 24
	hostVMs        = 4
)

var hostStart = time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)

// hostPolicies are the restart policies the host target drives, built once
// from the host presets (host.Presets: a preset declared there is fuzzed
// with no change here). Each preset appears three times: as declared, with
// exit detection on, and with a fault limit (1..4, from the policy byte
// divided by the number of policies: a host agent that reports no faults
// then shows its fault path too); then a fixed delay of 1 minute with a
// 25-minute timeout and the same fault limit.
var hostPolicies = sync.OnceValue(func() []func(rest int) host.Policy {
	var out []func(rest int) host.Policy
	for _, pr := range host.Presets() {
		p := pr.Policy
		out = append(out,
			func(int) host.Policy { return p },
			func(int) host.Policy { return p.WithExitDetection(true) },
			func(rest int) host.Policy {
				if q, err := p.WithFaultLimit(1 + rest%4); err == nil {
					return q
				}
				return p
			})
	}
	return append(out, func(rest int) host.Policy {
		p, _ := host.FixedDelay(time.Minute, 25*time.Minute, 1+rest%4)
		return p
	})
})

func hostPolicy(b byte) host.Policy {
	ps := hostPolicies()
	return ps[int(b)%len(ps)](int(b) / len(ps))
}

// checkHost is the Host target. It decodes data into a policy and a sequence of events (see the
// layout above), steps a host.State through them and checks after every
// step that: Step errs exactly for the documented bad inputs, with the
// documented kind (the clock going back: ErrClockBackwards; GuestReady,
// GuestFailed or TimerFired for a VM the host does not know: ErrUnknownVM),
// and then returns its input State and no actions; it never modifies
// its input; a hardware fault is reported at most once, only in a step where
// one of the VM's failures reaches the fault limit, and only after at least
// that many failed starts of that VM were reported since it last ran or was
// restarted; a VM reaching the limit is given up on, with a report if none
// was made before; timers are set in the future and pending in Starting
// (with a timeout) and RestartPending; and Fault() agrees with the reports.
func (o hostOracles) checkHost(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	p := hostPolicy(data[0])
	s, err := host.NewState(7, p)
	if err != nil {
		return fmt.Errorf("NewState(%v): %v", p, err)
	}
	h := hostRun{o: o, s: s, p: p, limit: p.FaultLimit()}
	now := hostStart
	for i := 1; i+hostEventBytes <= len(data) && i <= hostEventBytes*hostMaxEvents; i += hostEventBytes {
		op, vm, dt := data[i]%8, host.VMID(data[i+1]%hostVMs), data[i+2]
		now = now.Add(time.Duration(dt) * hostTick)
		// The harness is the simulator: timers due by now fire first.
		if err := h.deliverTimers(now); err != nil {
			return err
		}
		if h.stepped {
			if last, _ := h.s.Last(); last.After(now) {
				now = last
			}
		}
		rec, known := h.s.VM(vm)
		at := now
		var ev host.Event
		var want error // the kind of error Step must return, nil for none
		unknown := func(known bool) error {
			if known {
				return nil
			}
			return host.ErrUnknownVM
		}
		switch op {
		case 0, 1:
			ev = host.StartRequested{VM: vm}
		case 2:
			ev, want = host.GuestReady{VM: vm}, unknown(known)
		case 3:
			ev, want = host.GuestFailed{VM: vm}, unknown(known)
		case 4:
			ev = host.VMStopped{VM: vm}
		case 5, 6:
			timer := host.TimerID(1)
			if known && rec.Timer != 0 {
				timer = rec.Timer
				if rec.Deadline.After(now) {
					if err := h.deliverTimersBefore(rec.Deadline); err != nil {
						return err
					}
					now, at = rec.Deadline, rec.Deadline
				}
				if r, ok := h.s.VM(vm); !ok || r.Timer != timer {
					timer = 1 // an earlier timer changed the VM: fire a stale one
				}
			}
			ev, want = host.TimerFired{VM: vm, Timer: timer}, unknown(known)
		case 7:
			ev = host.StartRequested{VM: vm}
			if last, ok := h.s.Last(); ok {
				at, want = last.Add(-(time.Duration(dt)+1)*time.Second), host.ErrClockBackwards
			}
		}
		if _, still := h.s.VM(vm); still != known && op >= 2 && op <= 6 && op != 4 {
			want = unknown(still)
		}
		n := (i - 1) / hostEventBytes
		if err := h.step(lazy(func() string { return fmt.Sprintf("event %d", n) }), ev, at, want); err != nil {
			return err
		}
	}
	return nil
}

// hostRun is one run of the host target: the state, the shadow counts the
// invariants are checked against, and whether any event has been stepped.
type hostRun struct {
	o       hostOracles
	s       host.State
	p       host.Policy
	limit   int
	stepped bool
	shadow  [hostVMs]int // AttemptFailed actions per VM since its last reset
	reports int
}

// deliverTimers fires every pending timer due at or before t, earliest first.
func (h *hostRun) deliverTimers(t time.Time) error { return h.deliver(t, true) }

// deliverTimersBefore fires every pending timer due strictly before t.
func (h *hostRun) deliverTimersBefore(t time.Time) error { return h.deliver(t, false) }

// hostMaxTimers bounds the timers delivered before one event: between two
// events the clock moves at most 255 × hostTick = 17 minutes, in which a VM
// that crash-loops under a policy without a fault limit (systemd: a 90 s
// timeout and a 100 ms restart, forever) has some 25 timers; four VMs,
// some 100. The tick is short enough to keep such a run cheap, and long
// enough to pass the 2012 host agent's 25-minute timeout in two events.
const (
	hostMaxTimers = 1024
	hostTick      = 4 * time.Second
)

func (h *hostRun) deliver(t time.Time, inclusive bool) error {
	for n := 0; ; n++ {
		if n == hostMaxTimers {
			return fmt.Errorf("more than %d timers due by %s: a timer storm (policy %v)", hostMaxTimers, t.Format(time.RFC3339), h.p)
		}
		var due host.VMState
		found := false
		for id := host.VMID(0); id < hostVMs; id++ {
			v, ok := h.s.VM(id)
			if !ok || v.Timer == 0 || v.Deadline.After(t) || (!inclusive && v.Deadline.Equal(t)) {
				continue
			}
			if !found || v.Deadline.Before(due.Deadline) {
				due, found = v, true
			}
		}
		if !found {
			return nil
		}
		if err := h.step(lazy(func() string { return "timer" }), host.TimerFired{VM: due.VM, Timer: due.Timer}, due.Deadline, nil); err != nil {
			return err
		}
	}
}

func (h *hostRun) step(what fmt.Stringer, ev host.Event, at time.Time, want error) error {
	s := h.s
	rec, known := s.VM(vmOf(ev))
	_, faultedBefore := s.Fault()
	next, actions, err := host.Step(s, ev, at)
	trace := func() string { return fmt.Sprintf("%s (%v at %s, policy %v)", what, ev, at.Format(time.RFC3339), h.p) }
	if after, still := s.VM(vmOf(ev)); still != known || after != rec {
		return fmt.Errorf("%s: Step modified its input state", trace())
	}
	if err != nil {
		if want == nil || !errors.Is(err, want) {
			return fmt.Errorf("%s: unexpected error %v (want an error wrapping %v)", trace(), err, want)
		}
		if !next.Equal(s) || actions != nil {
			return fmt.Errorf("%s: error %v, but Step returned a new state or actions %v", trace(), err, actions)
		}
		return nil
	}
	if want != nil {
		return fmt.Errorf("%s: want an error wrapping %v, got actions %v", trace(), want, actions)
	}
	h.stepped = true
	switch ev.(type) {
	case host.StartRequested:
		if known && rec.Phase == host.Failed {
			h.shadow[rec.VM] = 0
		}
	case host.VMStopped:
		h.shadow[vmOf(ev)] = 0
	}
	if err := h.o.checkHostActions(lazy(trace), next, actions, at, h.limit, faultedBefore, &h.shadow, &h.reports); err != nil {
		return err
	}
	if err := checkHostState(lazy(trace), next, at, h.p); err != nil {
		return err
	}
	h.s = next
	return nil
}

// lazy is a failure message's prefix, formatted only when a check fails.
type lazy func() string

func (l lazy) String() string { return l() }

func vmOf(ev host.Event) host.VMID {
	switch e := ev.(type) {
	case host.StartRequested:
		return e.VM
	case host.GuestReady:
		return e.VM
	case host.GuestFailed:
		return e.VM
	case host.VMStopped:
		return e.VM
	case host.TimerFired:
		return e.VM
	}
	return -1
}

func (o hostOracles) checkHostActions(trace fmt.Stringer, next host.State, actions []host.Action, now time.Time, limit int,
	faultedBefore bool, shadow *[hostVMs]int, reports *int) error {
	reported, dueVM := false, host.VMID(-1)
	for _, a := range actions {
		switch a := a.(type) {
		case host.AttemptFailed:
			shadow[a.VM]++
			if a.Limit != limit {
				return fmt.Errorf("%s: %v has limit %d, policy says %d", trace, a, a.Limit, limit)
			}
			if a.Failures < 1 || a.Failures > shadow[a.VM] {
				return fmt.Errorf("%s: %v counts %d failures, only %d failed starts of vm %d were reported since it last ran",
					trace, a, a.Failures, shadow[a.VM], a.VM)
			}
			if o.due(a.Failures, limit) {
				dueVM = a.VM
			}
		case host.VMRunning:
			if next.Policy().ResetAfter() == 0 {
				shadow[a.VM] = 0
			}
		case host.ReportHardwareFault:
			*reports++
			reported = true
			if *reports > 1 {
				return fmt.Errorf("%s: second hardware fault report %v", trace, a)
			}
			if limit == 0 || a.Failures != limit || shadow[a.VM] < limit || !a.At.Equal(now) {
				return fmt.Errorf("%s: %v with limit %d after %d reported failures of vm %d", trace, a, limit, shadow[a.VM], a.VM)
			}
		case host.SetTimer:
			if a.At.Before(now) {
				return fmt.Errorf("%s: %v is in the past", trace, a)
			}
		case host.GiveUp:
			if a.Reason == host.StartLimitHit && next.Policy().Kind() != host.KindStartLimit {
				return fmt.Errorf("%s: %v without a start limit", trace, a)
			}
		}
	}
	if dueVM >= 0 && !reported && !faultedBefore {
		return fmt.Errorf("%s: vm %d reached the fault limit %d but no hardware fault was reported (actions %v)", trace, dueVM, limit, actions)
	}
	if reported && dueVM < 0 {
		return fmt.Errorf("%s: hardware fault reported in a step where no VM reached the limit (actions %v)", trace, actions)
	}
	at, faulted := next.Fault()
	if faulted != (*reports > 0) || (reported && !at.Equal(now)) {
		return fmt.Errorf("%s: Fault() = %s, %v after %d reports", trace, at.Format(time.RFC3339), faulted, *reports)
	}
	return nil
}

func checkHostState(trace fmt.Stringer, s host.State, now time.Time, p host.Policy) error {
	for id := host.VMID(0); id < hostVMs; id++ {
		v, ok := s.VM(id)
		if !ok {
			continue
		}
		if v.Phase < host.Starting || v.Phase > host.Failed {
			return fmt.Errorf("%s: vm %d in phase %v", trace, v.VM, v.Phase)
		}
		if limit := p.FaultLimit(); limit > 0 && v.Failures > limit {
			return fmt.Errorf("%s: vm %d has %d failures, over the limit %d", trace, v.VM, v.Failures, limit)
		}
		if v.Timer != 0 && v.Deadline.Before(now) {
			return fmt.Errorf("%s: vm %d timer #%d due %s, in the past", trace, v.VM, v.Timer, v.Deadline.Format(time.RFC3339))
		}
		needTimer := v.Phase == host.RestartPending || (v.Phase == host.Starting && p.Timeout() > 0)
		if needTimer && v.Timer == 0 {
			return fmt.Errorf("%s: vm %d is %v with no pending timer", trace, v.VM, v.Phase)
		}
	}
	return nil
}
