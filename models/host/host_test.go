package host

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

// drive starts vm at start under policy p, with a guest that never reports,
// delivers every timer at its deadline, and returns the instant of the first
// ReportHardwareFault (and false if none came before until).
func drive(t *testing.T, p Policy, start, until time.Time) (time.Time, bool) {
	t.Helper()
	s, err := NewState(1, p)
	if err != nil {
		t.Fatal(err)
	}
	s, acts, err := Step(s, StartRequested{VM: 7}, start)
	if err != nil {
		t.Fatal(err)
	}
	for {
		var next *SetTimer
		for _, a := range acts {
			switch a := a.(type) {
			case ReportHardwareFault:
				return a.At, true
			case SetTimer:
				next = &a
			}
		}
		if next == nil || next.At.After(until) {
			return time.Time{}, false
		}
		s, acts, err = Step(s, TimerFired{VM: next.VM, Timer: next.Timer}, next.At)
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestAzure2012FirstFault checks the RCA's timeline: first failures at 00:00
// on 29 Feb 2012, first alarms at 01:15. The expected instant is derived from
// the policy's parameters (limit × (timeout + restart delay)), not copied.
func TestAzure2012FirstFault(t *testing.T) {
	p := Azure2012()
	start := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	var want time.Time = start
	for n := 1; n <= p.FaultLimit(); n++ {
		want = want.Add(p.Timeout())
		if n < p.FaultLimit() {
			want = want.Add(p.RestartDelay(n))
		}
	}
	got, ok := drive(t, p, start, start.Add(24*time.Hour))
	if !ok || !got.Equal(want) {
		t.Fatalf("first fault at %v (reported %v), want %v", got, ok, want)
	}
	if alarms := time.Date(2012, 2, 29, 1, 15, 0, 0, time.UTC); !got.Equal(alarms) {
		t.Errorf("first fault at %v, want the RCA's first alarms at %v", got, alarms)
	}
	if got.Sub(start) != 75*time.Minute {
		t.Errorf("first fault %v after the first start, want 3 × 25 min", got.Sub(start))
	}
}

// TestNoFaultWithoutLimit: a Kubernetes crash loop never reports a fault.
func TestNoFaultWithoutLimit(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p, err := Kubernetes().WithTimeout(time.Minute) // so that a silent guest fails
	if err != nil {
		t.Fatal(err)
	}
	if at, ok := drive(t, p, start, start.Add(48*time.Hour)); ok {
		t.Fatalf("Kubernetes reported a hardware fault at %v", at)
	}
}

// TestStepKeepsHistory: Step never modifies the State passed in, so every
// intermediate State of a run stays as it was.
func TestStepKeepsHistory(t *testing.T) {
	s, _ := NewState(1, Azure2012())
	start := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	var hist, snap []State
	events := []struct {
		ev Event
		at time.Duration
	}{
		{StartRequested{VM: 1}, 0}, {StartRequested{VM: 2}, time.Minute}, {StartRequested{VM: 3}, 2 * time.Minute},
		{GuestReady{VM: 2}, 3 * time.Minute}, {TimerFired{VM: 1, Timer: 1}, 25 * time.Minute},
		{VMStopped{VM: 3}, 26 * time.Minute}, {GuestFailed{VM: 2}, 27 * time.Minute},
	}
	for _, e := range events {
		hist = append(hist, s)
		snap = append(snap, State{server: s.server, policy: s.policy, last: s.last, seen: s.seen, faulted: s.faulted,
			faultAt: s.faultAt, lastTimer: s.lastTimer, vms: append([]VMState(nil), s.vms...)})
		var err error
		s, _, err = Step(s, e.ev, start.Add(e.at))
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range hist {
		if !hist[i].Equal(snap[i]) {
			t.Errorf("state %d changed after later Steps:\n%v\nwas\n%v", i, hist[i], snap[i])
		}
	}
	if _, ok := s.VM(3); ok {
		t.Errorf("vm 3 still known after VMStopped")
	}
	// vm 2 crashed while running: one failure, restarted at once (attempt 2).
	if v, _ := s.VM(2); v.Phase != Starting || v.Failures != 1 || v.Attempt != 2 {
		t.Errorf("vm 2 = %+v, want starting attempt 2 after one failure", v)
	}
}

// TestStepNeverPanics throws random events, instants (including ones going
// backwards) and zero States at Step: it must return, and an error must leave
// the State unchanged and happen exactly when an instant goes backwards or an
// event names an unknown VM.
func TestStepNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	policies := []Policy{Azure2012(), Kubernetes(), Systemd(), {}}
	base := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	for run := 0; run < 200; run++ {
		p := policies[rng.Intn(len(policies))]
		s, err := NewState(ServerID(run), p)
		if p == (Policy{}) {
			if err == nil {
				t.Fatal("NewState accepted the zero Policy")
			}
			s = State{}
		}
		now := base
		for i := 0; i < 200; i++ {
			now = now.Add(time.Duration(rng.Intn(40)-5) * time.Minute)
			vm := VMID(rng.Intn(4))
			var ev Event
			switch rng.Intn(7) {
			case 0, 1:
				ev = StartRequested{VM: vm}
			case 2:
				ev = GuestReady{VM: vm}
			case 3:
				ev = GuestFailed{VM: vm}
			case 4:
				ev = TimerFired{VM: vm, Timer: TimerID(rng.Intn(int(s.lastTimer) + 2))}
			case 5:
				ev = VMStopped{VM: vm}
			case 6:
				ev = nil
			}
			last, seen := s.Last()
			next, acts, err := Step(s, ev, now)
			if err != nil {
				if !next.Equal(s) || acts != nil {
					t.Fatalf("error %v changed the state or returned actions", err)
				}
				_, known := s.VM(vm)
				_, stop := ev.(VMStopped)
				_, start := ev.(StartRequested)
				if (seen && now.Before(last)) || ev == nil || s.policy == (Policy{}) || (!known && !stop && !start) {
					continue
				}
				if strings.Contains(err.Error(), "before its deadline") {
					continue
				}
				t.Fatalf("unexpected error: %v", err)
			}
			if seen && now.Before(last) {
				t.Fatalf("no error for %v at %v before last %v", ev, now, last)
			}
			s = next
		}
	}
}

func TestTimeErrorNamesBothInstants(t *testing.T) {
	s, _ := NewState(1, Azure2012())
	t0 := time.Date(2012, 2, 29, 1, 15, 0, 0, time.UTC)
	s, _, _ = Step(s, StartRequested{VM: 1}, t0)
	_, _, err := Step(s, GuestReady{VM: 1}, t0.Add(-time.Minute))
	if err == nil || !strings.Contains(err.Error(), "2012-02-29T01:14:00Z") || !strings.Contains(err.Error(), "2012-02-29T01:15:00Z") {
		t.Fatalf("error %v does not name both instants", err)
	}
}

// TestStateString checks the one-line-per-VM summary: a pending timer is
// shown with its deadline, and only while there is one.
func TestStateString(t *testing.T) {
	start := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	s, _ := NewState(1, Azure2012())
	s, _, err := Step(s, StartRequested{VM: 7}, start)
	if err != nil {
		t.Fatal(err)
	}
	want := "server=1 policy=fixed-delay(delay=0s timeout=25m0s limit=3)\nvm=7 starting attempt=1 failures=0 timer=#1@2012-02-29T00:25:00Z"
	if got := s.String(); got != want {
		t.Errorf("after start:\n%s\nwant\n%s", got, want)
	}
	s, _, err = Step(s, GuestReady{VM: 7}, start.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	want = "server=1 policy=fixed-delay(delay=0s timeout=25m0s limit=3)\nvm=7 running attempt=1 failures=0"
	if got := s.String(); got != want {
		t.Errorf("after ready:\n%s\nwant\n%s", got, want)
	}
}

// TestResetAfterIsInclusive: a guest that ran for exactly resetAfter before
// failing starts a new streak (the kubelet resets the backoff once a
// container has run for 10 minutes); one nanosecond less continues the streak.
func TestResetAfterIsInclusive(t *testing.T) {
	p := Kubernetes()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		ran  time.Duration
		want int // Failures of the AttemptFailed for the crash
	}{{p.ResetAfter(), 1}, {p.ResetAfter() - 1, 2}, {p.ResetAfter() + 1, 1}} {
		s, _ := NewState(1, p)
		steps := []struct {
			ev Event
			at time.Time
		}{
			{StartRequested{VM: 1}, start},
			{GuestFailed{VM: 1}, start},                                 // failure 1; restart after 10 s (timer #1)
			{TimerFired{VM: 1, Timer: 1}, start.Add(p.RestartDelay(1))}, // attempt 2
			{GuestReady{VM: 1}, start.Add(p.RestartDelay(1))},
			{GuestFailed{VM: 1}, start.Add(p.RestartDelay(1) + c.ran)},
		}
		var acts []Action
		var err error
		for _, st := range steps {
			if s, acts, err = Step(s, st.ev, st.at); err != nil {
				t.Fatal(err)
			}
		}
		var got []int
		for _, a := range acts {
			if f, ok := a.(AttemptFailed); ok {
				got = append(got, f.Failures)
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("crash after running %v: failures %v, want [%d]", c.ran, got, c.want)
		}
	}
}
