// Package host models one server's host agent as a pure state machine: it
// starts VMs, waits for each VM's guest agent, restarts VMs whose start failed,
// and reports a hardware fault after too many consecutive failed starts.
//
// # Assumptions and units
//
//   - Time is always an input. Step takes the current instant (now
//     time.Time) from the caller; the package reads no clock, starts no
//     goroutine, draws no random number and keeps no global state. Instants
//     are compared with time.Time.Before, so any location works; transcripts
//     and examples use UTC.
//   - Every duration parameter is a time.Duration (nanosecond resolution); the
//     presets use whole seconds, minutes and (systemd) 100 milliseconds.
//   - Counts (fault limit, start burst) are plain ints, at least 1.
//   - The host agent acts only on what it observes: StartRequested, GuestReady,
//     GuestFailed, VMStopped and TimerFired events. It never fires its own
//     timers: it returns SetTimer and CancelTimer actions, and the caller (a
//     discrete-event simulator) delivers TimerFired at the deadline. This is
//     the shape of etcd's raft: inputs in, Ready (here: []Action) out.
//
// # The state machine
//
// A VM moves through these phases (see Phase):
//
//	          StartRequested
//	               │
//	               ▼   attempt timer expires, or guest exit observed
//	┌────────► Starting ─────────────────────────────┐
//	│              │ GuestReady                      ▼
//	│              ▼                       failures ≥ fault limit? ── yes ─► Failed
//	│           Running ── GuestFailed ──►         │ no                 (ReportHardwareFault)
//	│                                              ▼
//	└──── restart delay elapses ──────────── RestartPending
//	      (start limit hit? ─► Failed)       (or straight to Starting when the delay is 0)
//
// Step never mutates its input: State is a small value whose per-VM records
// are copied on write, so a caller may keep every intermediate State (for a
// timeline, or for a property test's history) without cloning. A Step costs
// O(VMs on the server) for that copy plus O(log VMs) to find the VM.
//
// # The three restart policies
//
// FixedDelay — the 2012 Azure host agent (Azure2012). From the root-cause
// analysis (Bill Laing, "Summary of Windows Azure Service Disruption on Feb
// 29th, 2012", Windows Azure blog, 9 March 2012): the host agent waits 25
// minutes for the guest agent to report; if it does not, the host agent
// restarts the VM; after three consecutive failed starts it concludes that the
// hardware is faulty and reports it, and the fabric controller moves the
// server to Human Investigate (HI). The 2012 host agent did not watch the
// guest process: a guest agent that crashed was noticed only as silence, so a
// fixed-delay policy ignores GuestFailed during a start attempt and waits out
// the timeout (Policy.WithExitDetection changes this).
//
// Worked example (Azure2012: timeout 25 min, restart delay 0, limit 3), a VM
// whose guest agent fails on every start, first start at 00:00 on 29 Feb 2012:
//
//	00:00  StartVM attempt 1, SetTimer 00:25
//	00:25  attempt 1 timed out (1/3); StartVM attempt 2, SetTimer 00:50
//	00:50  attempt 2 timed out (2/3); StartVM attempt 3, SetTimer 01:15
//	01:15  attempt 3 timed out (3/3); ReportHardwareFault; VM Failed
//
// The fault is reported in the same Step as the third timeout, at
// first start + limit × (timeout + delay) = 00:00 + 3 × 25 min = 01:15, the
// time of the first alarms in the RCA's timeline. A successful start
// (GuestReady) resets the consecutive-failure count to zero.
//
// ExponentialBackoff — Kubernetes CrashLoopBackOff (Kubernetes). From the
// Kubernetes documentation ("Pod Lifecycle", container restarts): "After
// containers in a Pod exit, the kubelet restarts them with an exponential
// backoff delay (10s, 20s, 40s, …), that is capped at 300 seconds (5
// minutes). Once a container has executed for 10 minutes without any
// problems, the kubelet resets the restart backoff timer for that container."
// (kubelet source: backOffPeriod = time.Second * 10 and MaxContainerBackOff =
// 300 * time.Second in pkg/kubelet/kubelet.go.) The model restarts after the n-th
// consecutive failure with delay min(initial × 2^(n−1), max), and a failure
// that ends a run of at least resetAfter starts a new streak (delay back to
// 10 s). The kubelet itself measures the 10 minutes from the last backoff
// update (twice the 5-minute cap) and, in practice, restarts the very first
// crash at once; the model follows the documented sequence. Kubernetes has no
// per-attempt timeout (a container is started when its process runs) and never
// reports a hardware fault: the preset's fault limit is off (use
// Policy.WithFaultLimit to add one).
//
// StartLimit — systemd (Systemd). From systemd.unit(5): "Units which are
// started more than burst times within an interval time span are not permitted
// to start any more", with defaults StartLimitIntervalSec=10s and
// StartLimitBurst=5; from systemd.service(5): RestartSec= defaults to 100ms and
// TimeoutStartSec= to DefaultTimeoutStartSec=90s (systemd-system.conf(5)). The
// preset assumes Restart=on-failure (the default is Restart=no). Every start,
// first or restart, counts; the window opens at the first start and resets
// once a start comes more than the interval after the window opened (as
// systemd's ratelimit_below does). The sixth start within 10 s is refused: the
// VM enters Failed with reason start-limit-hit and no hardware fault is
// reported. With exits at start, starts come at 0, 0.1, 0.2, 0.3, 0.4 s and
// the sixth, due at 0.5 s, is refused.
//
// # Faults
//
// A host reports at most one hardware fault (ReportHardwareFault) per State:
// the fabric controller takes the whole server out of service on the first
// report. Later VMs that reach the fault limit enter Failed without a second
// report. The host agent keeps serving events after a fault; deciding what
// happens to the server (HI, healing) is the job of package cluster.
package host
