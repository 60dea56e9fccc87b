package cluster_test

import (
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/cluster"
)

// A cluster of 4 servers that enters HI at 2 HI servers. The first fault is
// healed; the second trips the threshold and halts management.
func ExampleStep() {
	th, _ := cluster.AtLeast(2)
	s, err := cluster.NewState(cluster.Config{Servers: 4, Capacity: 4, Threshold: th})
	if err != nil {
		panic(err)
	}
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	for vm := cluster.VMID(1); vm <= 4; vm++ {
		if _, err := cluster.Step(s, cluster.VMDeploy{VM: vm}, now); err != nil {
			panic(err)
		}
	}
	for _, ev := range []cluster.Event{
		cluster.HostFaultReported{Server: 0},
		cluster.HostFaultReported{Server: 1},
		cluster.PlatformUpdate{Server: 2},
	} {
		now = now.Add(25 * time.Minute)
		acts, err := cluster.Step(s, ev, now)
		if err != nil {
			panic(err)
		}
		for _, a := range acts {
			fmt.Println(a)
		}
	}
	fmt.Println(s.Check())
	// Output:
	// server-hi server=0
	// move vm=1 from=0 to=1
	// server-hi server=1
	// cluster-hi hi=2/4 at=2012-02-29T00:50:00Z
	// halted (fault server=1)
	// halted (update server=2)
	// <nil>
}

// The Kubernetes unhealthy-zone threshold is inclusive: 55 of 100 nodes.
func ExampleThreshold_Reached() {
	th := cluster.Kubernetes().Threshold
	fmt.Println(th, th.Reached(54, 100), th.Reached(55, 100))
	// Output: >=0.55 (min 3) false true
}
