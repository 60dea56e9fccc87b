package host

import (
	"testing"
	"time"
)

// BenchmarkStep measures one Step on a host with 16 VMs in a 2012-style
// start/timeout cycle (each op is a StartRequested or a TimerFired).
func BenchmarkStep(b *testing.B) {
	s, _ := NewState(1, Azure2012())
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	for vm := VMID(0); vm < 16; vm++ {
		s, _, _ = Step(s, StartRequested{VM: vm}, now)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		vm := VMID(i % 16)
		v, _ := s.VM(vm)
		var ev Event = TimerFired{VM: vm, Timer: v.Timer}
		if v.Phase != Starting {
			ev = StartRequested{VM: vm}
		} else if v.Deadline.After(now) {
			now = v.Deadline
		}
		var err error
		s, _, err = Step(s, ev, now)
		if err != nil {
			b.Fatal(err)
		}
	}
}
