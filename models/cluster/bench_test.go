package cluster

import (
	"testing"
	"time"
)

// BenchmarkStepDeploy measures placing one VM in a 1,000-server cluster.
func BenchmarkStepDeploy(b *testing.B) {
	cfg := Azure2012()
	cfg.Capacity = b.N/cfg.Servers + 1
	s, _ := NewState(cfg)
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Step(s, VMDeploy{VM: VMID(i)}, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStepFault measures one fault with healing in a 1,000-server
// cluster holding 20,000 VMs (20 moves per fault). The cluster is rebuilt,
// untimed, before the threshold (50 HI servers) would halt healing.
func BenchmarkStepFault(b *testing.B) {
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	var s *State
	server := 0
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if s == nil || server == 45 {
			b.StopTimer()
			s, _ = NewState(Azure2012())
			for vm := 0; vm < 20000; vm++ {
				Step(s, VMDeploy{VM: VMID(vm)}, now)
			}
			server = 0
			b.StartTimer()
		}
		if _, err := Step(s, HostFaultReported{Server: ServerID(server)}, now); err != nil {
			b.Fatal(err)
		}
		server++
	}
}
