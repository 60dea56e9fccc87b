package cluster

import (
	"fmt"
	"math"
)

// Threshold says how many HI servers put a cluster in HI: either a count or a
// fraction of the servers with a minimum count. The zero Threshold is
// invalid; build one with AtLeast or AtLeastFraction. Threshold is comparable.
type Threshold struct {
	count    int     // AtLeast: servers; AtLeastFraction: minimum servers
	fraction float64 // 0 for AtLeast
}

// AtLeast returns the threshold "at least count HI servers". Error: count < 1.
func AtLeast(count int) (Threshold, error) {
	if count < 1 {
		return Threshold{}, errorf(ErrConfig, "cluster: threshold count %d must be at least 1", count)
	}
	return Threshold{count: count}, nil
}

// AtLeastFraction returns the threshold "at least min HI servers, and at
// least fraction of all servers" (h ≥ min and h/n ≥ fraction). Errors:
// fraction not in (0, 1], min < 1.
func AtLeastFraction(fraction float64, min int) (Threshold, error) {
	if math.IsNaN(fraction) || fraction <= 0 || fraction > 1 {
		return Threshold{}, errorf(ErrConfig, "cluster: threshold fraction %v must be in (0, 1]", fraction)
	}
	if min < 1 {
		return Threshold{}, errorf(ErrConfig, "cluster: threshold minimum %d must be at least 1", min)
	}
	return Threshold{count: min, fraction: fraction}, nil
}

// Reached reports whether hi HI servers out of servers reach the threshold.
// The fraction is compared as float64(hi)/float64(servers) ≥ fraction, which
// is exact at decimal boundaries such as 55/100 against 0.55 (multiplying
// 0.55 × 100 instead gives 55.00000000000001 and misses it). It is false
// for servers ≤ 0 and for an invalid threshold.
func (t Threshold) Reached(hi, servers int) bool {
	if servers <= 0 || t.count < 1 || hi < t.count {
		return false
	}
	return t.fraction == 0 || float64(hi)/float64(servers) >= t.fraction
}

// Validate reports whether t was built by AtLeast or AtLeastFraction.
func (t Threshold) Validate() error {
	if t.count < 1 || math.IsNaN(t.fraction) || t.fraction < 0 || t.fraction > 1 {
		return errorf(ErrConfig, "cluster: threshold %v is invalid; build it with AtLeast or AtLeastFraction", t)
	}
	return nil
}

// String returns ">=N" or ">=F (min N)".
func (t Threshold) String() string {
	if t.fraction == 0 {
		return fmt.Sprintf(">=%d", t.count)
	}
	return fmt.Sprintf(">=%v (min %d)", t.fraction, t.count)
}

// Config is a cluster's shape and policy.
type Config struct {
	// Servers is the number of servers, numbered 0 … Servers−1; at least 1.
	Servers int
	// Capacity is the most VMs one server may hold; at least 1.
	Capacity int
	// Threshold of HI servers that puts the cluster in HI.
	Threshold Threshold
}

// Validate reports what is wrong with c, naming the field and value.
func (c Config) Validate() error {
	switch {
	case c.Servers < 1:
		return errorf(ErrConfig, "cluster: servers %d must be at least 1", c.Servers)
	case c.Servers > math.MaxInt32:
		return errorf(ErrConfig, "cluster: servers %d must be at most %d", c.Servers, math.MaxInt32)
	case c.Capacity < 1:
		return errorf(ErrConfig, "cluster: capacity %d must be at least 1", c.Capacity)
	}
	return c.Threshold.Validate()
}

// String returns e.g. "servers=1000 capacity=32 threshold=>=0.05 (min 1)".
func (c Config) String() string {
	return fmt.Sprintf("servers=%d capacity=%d threshold=%v", c.Servers, c.Capacity, c.Threshold)
}

// Azure2012 returns a 2012 Azure cluster: 1,000 servers ("about 1,000" in
// the RCA), 32 VMs per server (not published; an assumption that lets a
// cluster hold tens of thousands of VMs with room to heal), and the HI
// threshold AtLeastFraction(0.05, 1) = 50 servers, chosen as explained in the
// package documentation because the real one was not published.
func Azure2012() Config {
	return Config{Servers: 1000, Capacity: 32, Threshold: Threshold{count: 1, fraction: 0.05}}
}

// Kubernetes returns one zone of the Kubernetes node lifecycle controller:
// 100 nodes, 110 pods per node (the kubelet's default --max-pods), and the
// unhealthy-zone threshold AtLeastFraction(0.55, 3)
// (--unhealthy-zone-threshold=0.55, at least 3 nodes not ready).
func Kubernetes() Config {
	return Config{Servers: 100, Capacity: 110, Threshold: Threshold{count: 3, fraction: 0.55}}
}
