package host

import (
	"fmt"
	"strings"
	"time"
)

// Kind names a restart policy family.
type Kind uint8

// The restart policy families. The zero Kind is invalid: a zero Policy is
// rejected by Validate and NewState.
const (
	// KindFixedDelay restarts after a constant delay (the 2012 Azure host agent).
	KindFixedDelay Kind = iota + 1
	// KindExponentialBackoff restarts after a doubling, capped delay
	// (Kubernetes CrashLoopBackOff).
	KindExponentialBackoff
	// KindStartLimit restarts after a constant delay but refuses more than a
	// burst of starts within an interval (systemd).
	KindStartLimit
)

// String returns "fixed-delay", "exponential-backoff", "start-limit" or
// "invalid".
func (k Kind) String() string {
	switch k {
	case KindFixedDelay:
		return "fixed-delay"
	case KindExponentialBackoff:
		return "exponential-backoff"
	case KindStartLimit:
		return "start-limit"
	}
	return "invalid"
}

// Policy is a validated restart policy: how long one start attempt may take,
// how long to wait before the next attempt, and when to give up. Build one
// with FixedDelay, ExponentialBackoff or StartLimit (or a preset) and refine it
// with the With methods; the zero Policy is invalid. Policy is a comparable
// value.
type Policy struct {
	kind       Kind
	timeout    time.Duration // per-attempt timeout; 0: none
	delay      time.Duration // fixed delay, initial backoff, or RestartSec
	maxDelay   time.Duration // backoff cap
	resetAfter time.Duration // backoff streak reset; 0: reset at GuestReady
	faultLimit int           // consecutive failures before a hardware fault; 0: never
	burst      int           // start limit burst
	interval   time.Duration // start limit interval
	detectExit bool          // whether GuestFailed ends a start attempt at once
}

// FixedDelay returns a policy that gives each start attempt timeout to reach
// GuestReady, restarts delay after a failed attempt (0: at once, in the same
// Step), and reports a hardware fault after limit consecutive failed starts.
// It ignores GuestFailed during a start attempt (the attempt ends at its
// timeout); see WithExitDetection. Errors: delay < 0, timeout ≤ 0, limit < 1.
//
// FixedDelay(0, 25*time.Minute, 3) is the 2012 Azure host agent (Azure2012).
func FixedDelay(delay, timeout time.Duration, limit int) (Policy, error) {
	p := Policy{kind: KindFixedDelay, delay: delay, timeout: timeout, faultLimit: limit}
	switch {
	case delay < 0:
		return Policy{}, errorf(ErrPolicy, "host: delay %v must not be negative", delay)
	case timeout <= 0:
		return Policy{}, errorf(ErrPolicy, "host: timeout %v must be positive", timeout)
	case limit < 1:
		return Policy{}, errorf(ErrPolicy, "host: limit %d must be at least 1", limit)
	}
	return p, nil
}

// ExponentialBackoff returns a policy that restarts after the n-th consecutive
// failure with delay min(initial × 2^(n−1), max), and starts a new streak
// (delay back to initial) when the guest fails after running for at least
// resetAfter. It has no per-attempt timeout and no fault limit (see
// WithTimeout, WithFaultLimit) and ends a start attempt as soon as GuestFailed
// is observed. Errors: initial ≤ 0, max < initial, resetAfter ≤ 0.
//
// ExponentialBackoff(10*time.Second, 5*time.Minute, 10*time.Minute) is
// Kubernetes CrashLoopBackOff (Kubernetes).
func ExponentialBackoff(initial, max, resetAfter time.Duration) (Policy, error) {
	switch {
	case initial <= 0:
		return Policy{}, errorf(ErrPolicy, "host: initial backoff %v must be positive", initial)
	case max < initial:
		return Policy{}, errorf(ErrPolicy, "host: maximum backoff %v must be at least the initial backoff %v", max, initial)
	case resetAfter <= 0:
		return Policy{}, errorf(ErrPolicy, "host: reset-after %v must be positive", resetAfter)
	}
	return Policy{kind: KindExponentialBackoff, delay: initial, maxDelay: max, resetAfter: resetAfter, detectExit: true}, nil
}

// StartLimit returns a policy that restarts restartSec after a failed attempt,
// gives each attempt timeout to reach GuestReady, and refuses a start when
// burst starts have already been made in the window that opened at the first
// start and lasts interval (a start more than interval after the window
// opened opens a new one). A refused start puts the VM in Failed with reason
// start-limit-hit; no hardware fault is reported (see WithFaultLimit).
// Errors: restartSec < 0, timeout ≤ 0, burst < 1, interval ≤ 0.
//
// StartLimit(100*time.Millisecond, 90*time.Second, 5, 10*time.Second) is
// systemd's defaults with Restart=on-failure (Systemd).
func StartLimit(restartSec, timeout time.Duration, burst int, interval time.Duration) (Policy, error) {
	switch {
	case restartSec < 0:
		return Policy{}, errorf(ErrPolicy, "host: restart delay %v must not be negative", restartSec)
	case timeout <= 0:
		return Policy{}, errorf(ErrPolicy, "host: timeout %v must be positive", timeout)
	case burst < 1:
		return Policy{}, errorf(ErrPolicy, "host: start limit burst %d must be at least 1", burst)
	case interval <= 0:
		return Policy{}, errorf(ErrPolicy, "host: start limit interval %v must be positive", interval)
	}
	return Policy{kind: KindStartLimit, delay: restartSec, timeout: timeout, burst: burst, interval: interval, detectExit: true}, nil
}

// Azure2012 returns the 2012 Azure host agent: wait 25 minutes for the guest
// agent, restart at once, report a hardware fault after 3 consecutive failed
// starts, and notice a dead guest only by its silence. It equals
// FixedDelay(0, 25*time.Minute, 3).
func Azure2012() Policy {
	return Policy{kind: KindFixedDelay, timeout: 25 * time.Minute, faultLimit: 3}
}

// Kubernetes returns the kubelet's CrashLoopBackOff: restart delays 10 s,
// 20 s, 40 s, … capped at 5 min, reset after 10 min of running; no attempt
// timeout and no hardware fault. It equals
// ExponentialBackoff(10*time.Second, 5*time.Minute, 10*time.Minute).
func Kubernetes() Policy {
	return Policy{kind: KindExponentialBackoff, delay: 10 * time.Second, maxDelay: 5 * time.Minute, resetAfter: 10 * time.Minute, detectExit: true}
}

// Systemd returns a systemd service with Restart=on-failure and the default
// RestartSec=100ms, TimeoutStartSec=90s, StartLimitBurst=5 and
// StartLimitIntervalSec=10s. It equals
// StartLimit(100*time.Millisecond, 90*time.Second, 5, 10*time.Second).
func Systemd() Policy {
	return Policy{kind: KindStartLimit, delay: 100 * time.Millisecond, timeout: 90 * time.Second, burst: 5, interval: 10 * time.Second, detectExit: true}
}

// WithFaultLimit returns p reporting a hardware fault after limit consecutive
// failed starts. Error: limit < 1, or p invalid.
func (p Policy) WithFaultLimit(limit int) (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	if limit < 1 {
		return Policy{}, errorf(ErrPolicy, "host: limit %d must be at least 1", limit)
	}
	p.faultLimit = limit
	return p, nil
}

// WithTimeout returns p giving each start attempt timeout to reach
// GuestReady. Error: timeout ≤ 0, or p invalid.
func (p Policy) WithTimeout(timeout time.Duration) (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	if timeout <= 0 {
		return Policy{}, errorf(ErrPolicy, "host: timeout %v must be positive", timeout)
	}
	p.timeout = timeout
	return p, nil
}

// WithExitDetection returns p with exit detection on or off. With it on, a
// GuestFailed during a start attempt fails the attempt at once; with it off,
// the host agent records the exit (VMState.GuestDown) and the attempt still
// ends at its timeout. Turning it off on a policy without a timeout would
// leave a failed start waiting forever, so the result is then invalid
// (Validate reports it).
func (p Policy) WithExitDetection(on bool) Policy {
	p.detectExit = on
	return p
}

// Validate reports whether p is usable: built by a constructor or preset, with
// a way for every start attempt to end (a timeout or exit detection).
func (p Policy) Validate() error {
	switch p.kind {
	case KindFixedDelay, KindExponentialBackoff, KindStartLimit:
	default:
		return errorf(ErrPolicy, "host: policy kind %d is invalid; build a Policy with FixedDelay, ExponentialBackoff or StartLimit", p.kind)
	}
	if p.timeout == 0 && !p.detectExit {
		return errorf(ErrPolicy, "host: %v policy has neither a timeout nor exit detection: a failed start would never end", p.kind)
	}
	return nil
}

// Kind returns the policy family.
func (p Policy) Kind() Kind { return p.kind }

// Timeout returns the per-attempt timeout, or 0 if attempts have none.
func (p Policy) Timeout() time.Duration { return p.timeout }

// FaultLimit returns the number of consecutive failed starts after which a
// hardware fault is reported, or 0 if it never is.
func (p Policy) FaultLimit() int { return p.faultLimit }

// ExitDetection reports whether GuestFailed ends a start attempt at once.
func (p Policy) ExitDetection() bool { return p.detectExit }

// StartBurst returns the start limit as (burst, interval), or (0, 0) for
// policies without one.
func (p Policy) StartBurst() (int, time.Duration) { return p.burst, p.interval }

// ResetAfter returns how long a guest must have run for its next failure to
// start a new streak, or 0 if a streak ends as soon as the guest is ready.
func (p Policy) ResetAfter() time.Duration { return p.resetAfter }

// RestartDelay returns the delay before the restart that follows the n-th
// consecutive failed start (n ≥ 1); 0 for n < 1. For a fixed delay or start
// limit it is the constant delay; for exponential backoff it is
// min(initial × 2^(n−1), max), computed without overflow.
func (p Policy) RestartDelay(n int) time.Duration {
	if n < 1 {
		return 0
	}
	if p.kind != KindExponentialBackoff {
		return p.delay
	}
	d := p.delay
	for i := 1; i < n && d < p.maxDelay; i++ {
		if d > p.maxDelay/2 {
			return p.maxDelay
		}
		d *= 2
	}
	return min(d, p.maxDelay)
}

// String describes the policy with its parameters, e.g.
// "fixed-delay(delay=0s timeout=25m0s limit=3)".
func (p Policy) String() string {
	var b strings.Builder
	b.WriteString(p.kind.String())
	b.WriteByte('(')
	var parts []string
	switch p.kind {
	case KindFixedDelay:
		parts = append(parts, "delay="+p.delay.String())
	case KindExponentialBackoff:
		parts = append(parts, "initial="+p.delay.String(), "max="+p.maxDelay.String(), "reset-after="+p.resetAfter.String())
	case KindStartLimit:
		parts = append(parts, "restart="+p.delay.String(), fmt.Sprintf("burst=%d", p.burst), "interval="+p.interval.String())
	}
	if p.timeout > 0 {
		parts = append(parts, "timeout="+p.timeout.String())
	}
	if p.faultLimit > 0 {
		parts = append(parts, fmt.Sprintf("limit=%d", p.faultLimit))
	}
	if p.kind == KindFixedDelay && p.detectExit {
		parts = append(parts, "detect-exit")
	}
	if p.kind != KindFixedDelay && !p.detectExit {
		parts = append(parts, "no-detect-exit")
	}
	b.WriteString(strings.Join(parts, " "))
	b.WriteByte(')')
	return b.String()
}
