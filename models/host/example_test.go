package host_test

import (
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/host"
)

// The 2012 Azure host agent: on 29 Feb 2012 the guest agent of VM 7 cannot
// create its certificate, so it never reports. The host agent restarts the VM
// every 25 minutes and reports a hardware fault at 01:15 — the RCA's first
// alarms.
func ExampleStep_azure2012() {
	s, err := host.NewState(42, host.Azure2012())
	if err != nil {
		panic(err)
	}
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	ev := host.Event(host.StartRequested{VM: 7})
	for ev != nil {
		var acts []host.Action
		s, acts, err = host.Step(s, ev, now)
		if err != nil {
			panic(err)
		}
		ev = nil
		for _, a := range acts {
			switch a := a.(type) {
			case host.SetTimer: // a simulator would queue this; here the guest stays silent
				ev, now = host.TimerFired{VM: a.VM, Timer: a.Timer}, a.At
			case host.AttemptFailed, host.ReportHardwareFault:
				fmt.Println(now.Format("15:04"), a)
			}
		}
	}
	// Output:
	// 00:25 timeout vm=7 (1/3)
	// 00:50 timeout vm=7 (2/3)
	// 01:15 timeout vm=7 (3/3)
	// 01:15 hardware-fault server=42 vm=7 failures=3
}

// Kubernetes CrashLoopBackOff waits 10 s, 20 s, 40 s, … up to 5 minutes.
func ExamplePolicy_RestartDelay() {
	p := host.Kubernetes()
	for n := 1; n <= 7; n++ {
		fmt.Print(p.RestartDelay(n), " ")
	}
	fmt.Println()
	// Output: 10s 20s 40s 1m20s 2m40s 5m0s 5m0s
}

// Impossible parameters are errors that name the parameter and value.
func ExampleFixedDelay() {
	_, err := host.FixedDelay(0, -time.Second, 3)
	fmt.Println(err)
	p, _ := host.FixedDelay(0, 25*time.Minute, 3)
	fmt.Println(p == host.Azure2012())
	// Output:
	// host: timeout -1s must be positive
	// true
}
