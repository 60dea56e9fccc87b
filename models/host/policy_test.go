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
