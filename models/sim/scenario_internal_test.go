package sim

import "testing"

// A run takes VMs up to maxVMs (ids must fit an int32) and drops
// the deploys past it; a run that large is out of a test's memory, so the
// bound is held here.
func TestRoomForVMUpToMaxVMs(t *testing.T) {
	for _, c := range []struct {
		n    int
		want bool
	}{{0, true}, {maxVMs - 1, true}, {maxVMs, false}, {maxVMs + 1, false}} {
		if got := roomForVM(c.n); got != c.want {
			t.Errorf("roomForVM(%d) = %v, want %v", c.n, got, c.want)
		}
	}
	if int64(maxVMs) > 1<<31-1 {
		t.Errorf("maxVMs = %d: VM ids must fit an int32", maxVMs)
	}
}
