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
// cluster holding 20,000 VMs (about 20 moves per fault). After each fault the
// benchmark puts the server back in service by hand (white-box, O(log
// servers), timed to avoid StopTimer's overhead), so the cluster never reaches
// its threshold and every fault heals.
func BenchmarkStepFault(b *testing.B) {
	now := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	s, _ := NewState(Azure2012())
	for vm := 0; vm < 20000; vm++ {
		if _, err := Step(s, VMDeploy{VM: VMID(vm)}, now); err != nil {
			b.Fatal(err)
		}
	}
	moves := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		server := ServerID(i % s.cfg.Servers)
		acts, err := Step(s, HostFaultReported{Server: server}, now)
		if err != nil {
			b.Fatal(err)
		}
		moves += len(acts) - 1
		s.status[server], s.hi = Healthy, s.hi-1
		s.heap = append(s.heap, server)
		s.heapPos[server] = len(s.heap) - 1
		s.up(len(s.heap) - 1)
	}
	b.ReportMetric(float64(moves)/float64(b.N), "moves/op")
	if err := s.Check(); err != nil {
		b.Fatal(err)
	}
}
