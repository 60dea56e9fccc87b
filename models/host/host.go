package host

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/models/internal/ids"
)

// ServerID identifies the server whose host agent a State models. It is the
// same type as cluster.ServerID.
type ServerID = ids.ServerID

// VMID identifies a VM on the server. It is the same type as cluster.VMID.
type VMID = ids.VMID

// TimerID identifies a timer the host agent asked for (SetTimer). IDs are
// issued in increasing order from 1 within one State's history; 0 means none.
type TimerID uint64

// Phase is where a VM is in its start cycle.
type Phase uint8

// The phases of a VM. A VM unknown to the host (never started, or stopped) has
// no VMState.
const (
	// Starting: a start attempt is under way; the guest has not reported ready.
	Starting Phase = iota + 1
	// Running: the guest reported ready and has not failed since.
	Running
	// RestartPending: an attempt failed and the restart delay is running.
	RestartPending
	// Failed: the host agent gave up (fault limit or start limit). Only a new
	// StartRequested starts the VM again.
	Failed
)

// String returns the phase's lower-case name.
func (p Phase) String() string {
	switch p {
	case Starting:
		return "starting"
	case Running:
		return "running"
	case RestartPending:
		return "restart-pending"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("phase(%d)", uint8(p))
}

// VMState is the host agent's record of one VM. It is a comparable value.
type VMState struct {
	VM    VMID
	Phase Phase
	// Attempt counts starts since the last StartRequested (1 for the first).
	Attempt int
	// Failures counts consecutive failed starts in the current streak.
	Failures int
	// Timer is the pending timer (attempt timeout or restart delay), 0 if none,
	// and Deadline its instant.
	Timer    TimerID
	Deadline time.Time
	// RunningSince is when the guest last reported ready (phase Running).
	RunningSince time.Time
	// GuestDown records a GuestFailed observed during a start attempt by a
	// policy without exit detection; the attempt still ends at its timeout.
	GuestDown bool
	// WindowStart and WindowStarts are the start-limit window: when it
	// opened and how many starts it holds (start-limit policies only).
	WindowStart  time.Time
	WindowStarts int
}

// State is one server's host agent. Build it with NewState; the zero State is
// rejected by Step. State is a small value: Step returns a new State and never
// modifies the one passed in (per-VM records are copied on write), so old
// States stay valid. Use Equal, not ==, to compare States.
type State struct {
	server    ServerID
	policy    Policy
	last      time.Time
	seen      bool // whether any event has been stepped (last is meaningful)
	faulted   bool
	faultAt   time.Time
	lastTimer TimerID
	vms       []VMState // sorted by VM; shared between States, never written in place
}

// NewState returns the host agent of server with restart policy p and no VMs.
// Error: p invalid (see Policy.Validate).
func NewState(server ServerID, p Policy) (State, error) {
	if err := p.Validate(); err != nil {
		return State{}, err
	}
	return State{server: server, policy: p}, nil
}

// Server returns the server this host agent runs on.
func (s State) Server() ServerID { return s.server }

// Policy returns the restart policy.
func (s State) Policy() Policy { return s.policy }

// Last returns the instant of the last event stepped, and false before the
// first event.
func (s State) Last() (time.Time, bool) { return s.last, s.seen }

// Fault returns when the host agent reported a hardware fault, and whether it
// has.
func (s State) Fault() (time.Time, bool) { return s.faultAt, s.faulted }

// VM returns the record of vm, and false if the host agent does not know it.
func (s State) VM(vm VMID) (VMState, bool) {
	if i, ok := s.find(vm); ok {
		return s.vms[i], true
	}
	return VMState{}, false
}

// VMs returns a copy of every VM record, in increasing VM order.
func (s State) VMs() []VMState { return append([]VMState(nil), s.vms...) }

// Equal reports whether s and t are the same state.
func (s State) Equal(t State) bool {
	if s.server != t.server || s.policy != t.policy || s.seen != t.seen || !s.last.Equal(t.last) ||
		s.faulted != t.faulted || !s.faultAt.Equal(t.faultAt) || s.lastTimer != t.lastTimer || len(s.vms) != len(t.vms) {
		return false
	}
	for i := range s.vms {
		if s.vms[i] != t.vms[i] {
			return false
		}
	}
	return true
}

// String summarises the state on one line per VM, for transcripts and
// failure messages.
func (s State) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "server=%d policy=%v", s.server, s.policy)
	if s.faulted {
		fmt.Fprintf(&b, " fault=%s", s.faultAt.Format(time.RFC3339Nano))
	}
	for _, v := range s.vms {
		fmt.Fprintf(&b, "\nvm=%d %v attempt=%d failures=%d", v.VM, v.Phase, v.Attempt, v.Failures)
		if v.Timer != 0 {
			fmt.Fprintf(&b, " timer=#%d@%s", v.Timer, v.Deadline.Format(time.RFC3339Nano))
		}
		if v.GuestDown {
			b.WriteString(" guest-down")
		}
	}
	return b.String()
}

func (s State) find(vm VMID) (int, bool) {
	i := sort.Search(len(s.vms), func(i int) bool { return s.vms[i].VM >= vm })
	return i, i < len(s.vms) && s.vms[i].VM == vm
}

// put stores v, copying the VM slice so that earlier States are untouched.
func (s *State) put(v VMState) {
	i, ok := s.find(v.VM)
	n := len(s.vms)
	if !ok {
		n++
	}
	vms := make([]VMState, n)
	copy(vms, s.vms[:i])
	vms[i] = v
	if ok {
		copy(vms[i+1:], s.vms[i+1:])
	} else {
		copy(vms[i+1:], s.vms[i:])
	}
	s.vms = vms
}

// remove deletes vm's record, copying the slice.
func (s *State) remove(vm VMID) {
	i, ok := s.find(vm)
	if !ok {
		return
	}
	vms := make([]VMState, 0, len(s.vms)-1)
	vms = append(vms, s.vms[:i]...)
	s.vms = append(vms, s.vms[i+1:]...)
}

// Event is an input to Step: StartRequested, GuestReady, GuestFailed,
// TimerFired or VMStopped.
type Event interface {
	isEvent()
	String() string
}

// StartRequested asks the host agent to start VM (a deployment, a healing
// move, or an update restarting the VM). It is ignored while the VM is
// Starting or RestartPending; for a Running VM it is a restart; for a Failed
// VM it clears the failure count and starts again (the start limit window is
// kept, as with systemd's manual starts).
type StartRequested struct{ VM VMID }

// GuestReady reports that VM's guest agent came up (in the 2012 Azure case:
// it created its transfer certificate and reported to the host agent). It is
// ignored unless the VM is Starting.
type GuestReady struct{ VM VMID }

// GuestFailed reports that VM's guest crashed or terminated. While Starting it
// fails the attempt at once if the policy detects exits, else it is recorded
// and the attempt ends at its timeout; while Running it is a failure (the
// run's length decides whether a backoff streak resets); otherwise ignored.
type GuestFailed struct{ VM VMID }

// TimerFired delivers the timer Timer of VM, set by an earlier SetTimer
// action. A timer that is no longer the VM's pending timer (cancelled or
// superseded) is ignored; firing before its deadline is an error.
type TimerFired struct {
	VM    VMID
	Timer TimerID
}

// VMStopped reports that VM was stopped or moved off this server: the host
// agent forgets it (cancelling its timer). Stopping an unknown VM does
// nothing.
type VMStopped struct{ VM VMID }

func (StartRequested) isEvent() {}
func (GuestReady) isEvent()     {}
func (GuestFailed) isEvent()    {}
func (TimerFired) isEvent()     {}
func (VMStopped) isEvent()      {}

// String returns "start vm=N".
func (e StartRequested) String() string { return fmt.Sprintf("start vm=%d", e.VM) }

// String returns "ready vm=N".
func (e GuestReady) String() string { return fmt.Sprintf("ready vm=%d", e.VM) }

// String returns "fail vm=N".
func (e GuestFailed) String() string { return fmt.Sprintf("fail vm=%d", e.VM) }

// String returns "timer vm=N #T".
func (e TimerFired) String() string { return fmt.Sprintf("timer vm=%d #%d", e.VM, e.Timer) }

// String returns "stop vm=N".
func (e VMStopped) String() string { return fmt.Sprintf("stop vm=%d", e.VM) }

// Action is an output of Step for the caller to carry out, in order:
// StartVM, SetTimer, CancelTimer, VMRunning, AttemptFailed,
// ReportHardwareFault or GiveUp.
type Action interface {
	isAction()
	String() string
}

// StartVM asks the caller to boot VM; Attempt counts starts since the last
// StartRequested. In the 2012 Azure case every start runs the guest agent,
// which creates a certificate.
type StartVM struct {
	VM      VMID
	Attempt int
}

// TimerReason says what a timer is for.
type TimerReason uint8

// Timer reasons.
const (
	// TimerAttemptTimeout: the deadline for the guest to report ready.
	TimerAttemptTimeout TimerReason = iota + 1
	// TimerRestartDelay: the end of the wait before the next start.
	TimerRestartDelay
)

// String returns "attempt-timeout" or "restart-delay".
func (r TimerReason) String() string {
	switch r {
	case TimerAttemptTimeout:
		return "attempt-timeout"
	case TimerRestartDelay:
		return "restart-delay"
	}
	return fmt.Sprintf("timer-reason(%d)", uint8(r))
}

// SetTimer asks the caller to deliver TimerFired{VM, Timer} at At.
type SetTimer struct {
	VM     VMID
	Timer  TimerID
	At     time.Time
	Reason TimerReason
}

// CancelTimer tells the caller that timer Timer of VM is no longer wanted. A
// caller that delivers it anyway is safe: Step ignores stale timers.
type CancelTimer struct {
	VM    VMID
	Timer TimerID
}

// VMRunning reports that VM's guest is up.
type VMRunning struct{ VM VMID }

// Cause says how a start attempt or run ended.
type Cause uint8

// Causes of a failed attempt.
const (
	// CauseTimeout: the attempt timer expired before GuestReady.
	CauseTimeout Cause = iota + 1
	// CauseExit: the guest was observed to fail (GuestFailed).
	CauseExit
)

// String returns "timeout" or "exit".
func (c Cause) String() string {
	switch c {
	case CauseTimeout:
		return "timeout"
	case CauseExit:
		return "exit"
	}
	return fmt.Sprintf("cause(%d)", uint8(c))
}

// AttemptFailed reports a failed start (or a run that ended in a crash):
// Failures is the consecutive-failure count including this one and Limit the
// policy's fault limit (0: none).
type AttemptFailed struct {
	VM       VMID
	Attempt  int
	Failures int
	Limit    int
	Cause    Cause
}

// ReportHardwareFault tells the fabric controller that Server's hardware is
// believed faulty, because VM failed Failures consecutive starts. It is
// emitted at most once per host State.
type ReportHardwareFault struct {
	Server   ServerID
	At       time.Time
	VM       VMID
	Failures int
}

// GiveUpReason says why the host agent stopped starting a VM.
type GiveUpReason uint8

// Reasons for GiveUp.
const (
	// FaultLimitReached: the VM failed FaultLimit consecutive starts.
	FaultLimitReached GiveUpReason = iota + 1
	// StartLimitHit: a start was refused by the start limit (systemd's
	// "start-limit-hit" result).
	StartLimitHit
)

// String returns "fault-limit" or "start-limit-hit".
func (r GiveUpReason) String() string {
	switch r {
	case FaultLimitReached:
		return "fault-limit"
	case StartLimitHit:
		return "start-limit-hit"
	}
	return fmt.Sprintf("give-up-reason(%d)", uint8(r))
}

// GiveUp reports that the host agent gave up on VM (phase Failed).
type GiveUp struct {
	VM     VMID
	Reason GiveUpReason
}

func (StartVM) isAction()             {}
func (SetTimer) isAction()            {}
func (CancelTimer) isAction()         {}
func (VMRunning) isAction()           {}
func (AttemptFailed) isAction()       {}
func (ReportHardwareFault) isAction() {}
func (GiveUp) isAction()              {}

// String returns "start vm=N attempt=A".
func (a StartVM) String() string { return fmt.Sprintf("start vm=%d attempt=%d", a.VM, a.Attempt) }

// String returns "set-timer vm=N #T at=RFC3339 (reason)".
func (a SetTimer) String() string {
	return fmt.Sprintf("set-timer vm=%d #%d at=%s (%v)", a.VM, a.Timer, a.At.Format(time.RFC3339Nano), a.Reason)
}

// String returns "cancel-timer vm=N #T".
func (a CancelTimer) String() string { return fmt.Sprintf("cancel-timer vm=%d #%d", a.VM, a.Timer) }

// String returns "running vm=N".
func (a VMRunning) String() string { return fmt.Sprintf("running vm=%d", a.VM) }

// String returns "timeout vm=N (F/L)" or "exit vm=N (F)", the failure count
// over the limit when there is one.
func (a AttemptFailed) String() string {
	if a.Limit > 0 {
		return fmt.Sprintf("%v vm=%d (%d/%d)", a.Cause, a.VM, a.Failures, a.Limit)
	}
	return fmt.Sprintf("%v vm=%d (%d)", a.Cause, a.VM, a.Failures)
}

// String returns "hardware-fault server=S vm=N failures=F".
func (a ReportHardwareFault) String() string {
	return fmt.Sprintf("hardware-fault server=%d vm=%d failures=%d", a.Server, a.VM, a.Failures)
}

// String returns "give-up vm=N (reason)".
func (a GiveUp) String() string { return fmt.Sprintf("give-up vm=%d (%v)", a.VM, a.Reason) }

// Step applies ev at instant now to s and returns the next state and the
// actions to carry out, in order. It never modifies s and never panics.
//
// Errors (the returned State is then s and the actions nil): s was not built
// by NewState; now is earlier than the previous event's instant; ev is nil or
// of an unknown type; GuestReady, GuestFailed or TimerFired names a VM the
// host agent does not know; a TimerFired for the pending timer arrives before
// its deadline.
func Step(s State, ev Event, now time.Time) (State, []Action, error) {
	if err := s.policy.Validate(); err != nil {
		return s, nil, errorf(ErrState, "host: state not built by NewState: %v", err)
	}
	if s.seen && now.Before(s.last) {
		return s, nil, errorf(ErrClockBackwards, "host: %v at %s is earlier than the state's last event at %s",
			ev, now.Format(time.RFC3339Nano), s.last.Format(time.RFC3339Nano))
	}
	next := s
	next.last, next.seen = now, true
	var acts []Action
	switch e := ev.(type) {
	case StartRequested:
		v, ok := next.VM(e.VM)
		if !ok {
			v = VMState{VM: e.VM}
		}
		switch v.Phase {
		case Starting, RestartPending:
			return next, nil, nil
		case Running:
			next.endRun(&v, now)
		case Failed:
			v.Failures = 0
		}
		v.Attempt = 0
		acts = next.start(&v, now, acts)
		next.put(v)
	case GuestReady:
		v, ok := next.VM(e.VM)
		if !ok {
			return s, nil, errorf(ErrUnknownVM, "host: %v: vm %d is unknown to the host agent of server %d", ev, e.VM, s.server)
		}
		if v.Phase != Starting {
			return next, nil, nil
		}
		acts = cancel(&v, acts)
		v.Phase, v.RunningSince, v.GuestDown = Running, now, false
		if next.policy.resetAfter == 0 {
			v.Failures = 0
		}
		acts = append(acts, VMRunning{VM: v.VM})
		next.put(v)
	case GuestFailed:
		v, ok := next.VM(e.VM)
		if !ok {
			return s, nil, errorf(ErrUnknownVM, "host: %v: vm %d is unknown to the host agent of server %d", ev, e.VM, s.server)
		}
		switch {
		case v.Phase == Starting && !next.policy.detectExit:
			if v.GuestDown {
				return next, nil, nil
			}
			v.GuestDown = true
		case v.Phase == Starting:
			acts = next.fail(&v, now, CauseExit, acts)
		case v.Phase == Running:
			next.endRun(&v, now)
			acts = next.fail(&v, now, CauseExit, acts)
		default:
			return next, nil, nil
		}
		next.put(v)
	case TimerFired:
		v, ok := next.VM(e.VM)
		if !ok {
			return s, nil, errorf(ErrUnknownVM, "host: %v: vm %d is unknown to the host agent of server %d", ev, e.VM, s.server)
		}
		if e.Timer == 0 || e.Timer != v.Timer {
			return next, nil, nil // stale: cancelled or superseded
		}
		if now.Before(v.Deadline) {
			return s, nil, errorf(ErrEvent, "host: %v fired at %s, before its deadline %s",
				ev, now.Format(time.RFC3339Nano), v.Deadline.Format(time.RFC3339Nano))
		}
		v.Timer, v.Deadline = 0, time.Time{}
		switch v.Phase {
		case Starting:
			acts = next.fail(&v, now, CauseTimeout, acts)
		case RestartPending:
			acts = next.start(&v, now, acts)
		}
		next.put(v)
	case VMStopped:
		v, ok := next.VM(e.VM)
		if !ok {
			return next, nil, nil
		}
		acts = cancel(&v, acts)
		next.remove(e.VM)
	case nil:
		return s, nil, errorf(ErrEvent, "host: nil event at %s", now.Format(time.RFC3339Nano))
	default:
		return s, nil, errorf(ErrEvent, "host: unknown event type %T", ev)
	}
	return next, acts, nil
}

// endRun closes a Running period: a run of at least resetAfter starts a new
// failure streak.
func (s *State) endRun(v *VMState, now time.Time) {
	if ra := s.policy.resetAfter; ra > 0 && now.Sub(v.RunningSince) >= ra {
		v.Failures = 0
	}
	v.RunningSince = time.Time{}
}

// start makes one start attempt, subject to the start limit.
func (s *State) start(v *VMState, now time.Time, acts []Action) []Action {
	if s.policy.kind == KindStartLimit {
		// systemd ratelimit_below: a start more than interval after the window
		// opened opens a new window; otherwise at most burst starts fit.
		if v.WindowStarts == 0 || now.Sub(v.WindowStart) > s.policy.interval {
			v.WindowStart, v.WindowStarts = now, 0
		}
		if v.WindowStarts >= s.policy.burst {
			v.Phase = Failed
			return append(acts, GiveUp{VM: v.VM, Reason: StartLimitHit})
		}
		v.WindowStarts++
	}
	v.Attempt++
	v.Phase, v.GuestDown = Starting, false
	acts = append(acts, StartVM{VM: v.VM, Attempt: v.Attempt})
	if t := s.policy.timeout; t > 0 {
		acts = s.setTimer(v, now.Add(t), TimerAttemptTimeout, acts)
	}
	return acts
}

// fail records a failed attempt (or crashed run) and decides what follows.
func (s *State) fail(v *VMState, now time.Time, c Cause, acts []Action) []Action {
	acts = cancel(v, acts)
	v.Failures++
	limit := s.policy.faultLimit
	acts = append(acts, AttemptFailed{VM: v.VM, Attempt: v.Attempt, Failures: v.Failures, Limit: limit, Cause: c})
	if limit > 0 && v.Failures >= limit {
		v.Phase = Failed
		if !s.faulted {
			s.faulted, s.faultAt = true, now
			acts = append(acts, ReportHardwareFault{Server: s.server, At: now, VM: v.VM, Failures: v.Failures})
		}
		return append(acts, GiveUp{VM: v.VM, Reason: FaultLimitReached})
	}
	d := s.policy.RestartDelay(v.Failures)
	if d == 0 {
		return s.start(v, now, acts)
	}
	v.Phase = RestartPending
	return s.setTimer(v, now.Add(d), TimerRestartDelay, acts)
}

func (s *State) setTimer(v *VMState, at time.Time, r TimerReason, acts []Action) []Action {
	s.lastTimer++
	v.Timer, v.Deadline = s.lastTimer, at
	return append(acts, SetTimer{VM: v.VM, Timer: v.Timer, At: at, Reason: r})
}

func cancel(v *VMState, acts []Action) []Action {
	if v.Timer == 0 {
		return acts
	}
	acts = append(acts, CancelTimer{VM: v.VM, Timer: v.Timer})
	v.Timer, v.Deadline = 0, time.Time{}
	return acts
}
