package sim_test

import (
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/sim"
)

// The 2012 outage replayed on a 1,000-server cluster: the first hardware
// fault at 01:15 (three 25-minute timeouts after the first start at
// midnight), then healing spreads it until the cluster enters HI. The fixed
// guest agent, on the same inputs, faults nothing.
func Example() {
	for _, name := range []string{sim.PresetAzure2012, sim.PresetAzure2012Fixed} {
		s, err := sim.PresetByName(name)
		if err != nil {
			panic(err)
		}
		r, err := sim.Run(s)
		if err != nil {
			panic(err)
		}
		v := r.Verdict
		if ff, ok := v.FirstFault(); ok {
			hi, _ := v.ClusterHI()
			fmt.Printf("%s: first host fault %s, cluster in HI at %s (%d servers in HI by %s)\n",
				name, ff.Format("15:04:05"), hi.Format("15:04:05"), v.ServersInHI, r.Timeline.End.Format(time.DateTime))
		} else {
			fmt.Printf("%s: no host fault, %d starts, %d certificate failures\n", name, v.Starts, v.CertFailures)
		}
	}
	// Output:
	// azure2012: first host fault 01:15:00, cluster in HI at 02:31:12 (853 servers in HI by 2012-03-01 00:00:00)
	// azure2012-fixed: no host fault, 1109 starts, 0 certificate failures
}

// The per-date proof: the 2012 guest agent on 29 February 2012 reaches
// cluster HI; on 1 March, and under the fixed agent, nothing happens.
func ExampleProveDate() {
	for _, name := range []string{sim.PresetAzure2012, sim.PresetAzure2012Fixed} {
		p, err := sim.ProofPresetByName(name)
		if err != nil {
			panic(err)
		}
		for _, d := range []calendar.Date{{Year: 2012, Month: time.February, Day: 29}, {Year: 2012, Month: time.March, Day: 1}} {
			stage, err := sim.ProveDate(p, d)
			if err != nil {
				panic(err)
			}
			fmt.Println(name, d, stage)
		}
	}
	// Output:
	// azure2012 2012-02-29 cluster-hi
	// azure2012 2012-03-01 none
	// azure2012-fixed 2012-02-29 none
	// azure2012-fixed 2012-03-01 none
}

// Impossible parameters name the field.
func ExampleScenario_Validate() {
	s, _ := sim.PresetByName(sim.PresetAzure2012)
	s.VMsPerServer = 40
	fmt.Println(s.Validate())
	// Output: sim: scenario "azure2012": VMsPerServer = 40: must be in 0..Cluster.Capacity (32)
}
