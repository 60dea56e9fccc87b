package host

import (
	"strings"
	"testing"
	"time"
)

// TestPresetsEqualConstructors checks that each preset is the constructor
// call its doc comment names, so the presets cannot drift from the
// validated path.
func TestPresetsEqualConstructors(t *testing.T) {
	az, err := FixedDelay(0, 25*time.Minute, 3)
	if err != nil || az != Azure2012() {
		t.Errorf("Azure2012() = %v, FixedDelay(0, 25m, 3) = %v, %v", Azure2012(), az, err)
	}
	k8s, err := ExponentialBackoff(10*time.Second, 5*time.Minute, 10*time.Minute)
	if err != nil || k8s != Kubernetes() {
		t.Errorf("Kubernetes() = %v, ExponentialBackoff = %v, %v", Kubernetes(), k8s, err)
	}
	sd, err := StartLimit(100*time.Millisecond, 90*time.Second, 5, 10*time.Second)
	if err != nil || sd != Systemd() {
		t.Errorf("Systemd() = %v, StartLimit = %v, %v", Systemd(), sd, err)
	}
	for _, p := range []Policy{Azure2012(), Kubernetes(), Systemd()} {
		if err := p.Validate(); err != nil {
			t.Errorf("%v: %v", p, err)
		}
	}
	if Kubernetes().FaultLimit() != 0 || Systemd().FaultLimit() != 0 {
		t.Errorf("Kubernetes and systemd must not report hardware faults by default")
	}
	if Azure2012().ExitDetection() {
		t.Errorf("the 2012 host agent noticed a dead guest only by its silence")
	}
}

// TestRestartDelay checks the CrashLoopBackOff sequence from the Kubernetes
// documentation ("10s, 20s, 40s, …, capped at 300 seconds") and that large
// failure counts neither overflow nor exceed the cap.
func TestRestartDelay(t *testing.T) {
	k := Kubernetes()
	want := []time.Duration{0, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second, 160 * time.Second, 300 * time.Second, 300 * time.Second}
	for n, w := range want {
		if got := k.RestartDelay(n); got != w {
			t.Errorf("Kubernetes().RestartDelay(%d) = %v, want %v", n, got, w)
		}
	}
	for _, n := range []int{64, 65, 1000, int(^uint(0) >> 1)} {
		if got := k.RestartDelay(n); got != 5*time.Minute {
			t.Errorf("RestartDelay(%d) = %v, want the 5m cap", n, got)
		}
	}
	huge, err := ExponentialBackoff(time.Duration(1)<<61, time.Duration(1<<63-1), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got := huge.RestartDelay(5); got != time.Duration(1<<63-1) {
		t.Errorf("RestartDelay near overflow = %v, want the cap", got)
	}
	if got := Azure2012().RestartDelay(2); got != 0 {
		t.Errorf("Azure2012 restart delay = %v, want 0 (restart at once)", got)
	}
	if got := Systemd().RestartDelay(3); got != 100*time.Millisecond {
		t.Errorf("systemd RestartSec = %v, want 100ms", got)
	}
}

func TestInvalidPolicies(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"fixed timeout -1s", second(FixedDelay(0, -time.Second, 3)), "host: timeout -1s must be positive"},
		{"fixed limit 0", second(FixedDelay(0, time.Minute, 0)), "host: limit 0 must be at least 1"},
		{"backoff max<initial", second(ExponentialBackoff(time.Minute, time.Second, time.Hour)), "maximum backoff 1s must be at least the initial backoff 1m0s"},
		{"start limit burst 0", second(StartLimit(0, time.Second, 0, time.Second)), "burst 0 must be at least 1"},
		{"with timeout 0", second(Kubernetes().WithTimeout(0)), "host: timeout 0s must be positive"},
		{"with fault limit -2", second(Kubernetes().WithFaultLimit(-2)), "host: limit -2 must be at least 1"},
		{"zero policy", Policy{}.Validate(), "policy kind 0 is invalid"},
		{"zero policy with limit", second(Policy{}.WithFaultLimit(3)), "policy kind 0 is invalid"},
		{"new state zero policy", second(NewState(1, Policy{})), "policy kind 0 is invalid"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, c.err, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// TestBoundaryPolicies checks each constructor's limits from both sides: the
// smallest value its doc comment allows is accepted and stored, and the one
// below it is rejected. WithFaultLimit(1) (one failed start is a fault) is the
// smallest fault limit, not an error.
func TestBoundaryPolicies(t *testing.T) {
	cases := []struct {
		name string
		p    Policy
		err  error
		want string // the policy's String, or the error's text
	}{
		{"fixed delay 0 limit 1", first(FixedDelay(0, time.Nanosecond, 1)), second(FixedDelay(0, time.Nanosecond, 1)), "fixed-delay(delay=0s timeout=1ns limit=1)"},
		{"fixed delay -1ns", Policy{}, second(FixedDelay(-1, time.Minute, 1)), "host: delay -1ns must not be negative"},
		{"fixed timeout 0", Policy{}, second(FixedDelay(0, 0, 1)), "host: timeout 0s must be positive"},
		{"backoff max = initial", first(ExponentialBackoff(time.Second, time.Second, time.Nanosecond)), nil, "exponential-backoff(initial=1s max=1s reset-after=1ns)"},
		{"backoff initial 0", Policy{}, second(ExponentialBackoff(0, time.Second, time.Hour)), "host: initial backoff 0s must be positive"},
		{"backoff reset-after 0", Policy{}, second(ExponentialBackoff(time.Second, time.Second, 0)), "host: reset-after 0s must be positive"},
		{"start limit burst 1", first(StartLimit(0, time.Nanosecond, 1, time.Nanosecond)), nil, "start-limit(restart=0s burst=1 interval=1ns timeout=1ns)"},
		{"start limit restart -1ns", Policy{}, second(StartLimit(-1, time.Second, 1, time.Second)), "host: restart delay -1ns must not be negative"},
		{"start limit timeout 0", Policy{}, second(StartLimit(0, 0, 1, time.Second)), "host: timeout 0s must be positive"},
		{"start limit interval 0", Policy{}, second(StartLimit(0, time.Second, 1, 0)), "host: start limit interval 0s must be positive"},
		{"with fault limit 1", first(Kubernetes().WithFaultLimit(1)), second(Kubernetes().WithFaultLimit(1)), "exponential-backoff(initial=10s max=5m0s reset-after=10m0s limit=1)"},
		{"with fault limit 0", Policy{}, second(Kubernetes().WithFaultLimit(0)), "host: limit 0 must be at least 1"},
		{"with timeout 1ns", first(Systemd().WithTimeout(time.Nanosecond)), nil, "start-limit(restart=100ms burst=5 interval=10s timeout=1ns)"},
	}
	for _, c := range cases {
		if c.err != nil || c.p == (Policy{}) {
			if c.err == nil || c.err.Error() != c.want {
				t.Errorf("%s: error %v, want %q", c.name, c.err, c.want)
			}
			continue
		}
		if got := c.p.String(); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		if err := c.p.Validate(); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if p, err := Azure2012().WithFaultLimit(1); err != nil || p.FaultLimit() != 1 {
		t.Errorf("Azure2012().WithFaultLimit(1) = %v, %v; want limit 1", p, err)
	}
}

// TestRestartDelayCap checks the overflow guard of RestartDelay where it
// decides: a delay of exactly half an odd cap doubles to one less than the
// cap (not the cap), and a cap above 2^62, whose double would overflow, still
// lets the delay double below it.
func TestRestartDelayCap(t *testing.T) {
	cases := []struct {
		initial, max time.Duration
		n            int
		want         time.Duration
	}{
		{1, 3, 2, 2},
		{1, 3, 3, 3},
		{1 << 60, 1 << 62, 2, 1 << 61},
		{1 << 60, 1 << 62, 3, 1 << 62},
		{1 << 60, 1<<62 + 1, 4, 1<<62 + 1},
	}
	for _, c := range cases {
		p, err := ExponentialBackoff(c.initial, c.max, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.RestartDelay(c.n); got != c.want {
			t.Errorf("ExponentialBackoff(%d, %d).RestartDelay(%d) = %d, want %d", c.initial, c.max, c.n, got, c.want)
		}
	}
}

func first[T any](v T, _ error) T { return v }
