// Package cluster models a cluster's fabric controller as a state machine:
// servers with a VM capacity, VMs placed on them, servers taken out of
// service into Human Investigate (HI) when their host agent reports a
// hardware fault, service healing that moves an HI server's VMs to healthy
// servers, and a threshold of HI servers that puts the whole cluster in HI,
// halting service management.
//
// # Assumptions and units
//
//   - Time is always an input: Step takes the current instant (now
//     time.Time). The package reads no clock, starts no goroutine, draws no
//     random number and keeps no global state. Time only orders events (an
//     event earlier than the previous one is an error) and stamps ClusterHI.
//   - Servers are numbered 0 … Config.Servers−1; VMs are identified by any
//     VMID the caller chooses. Capacity is a number of VMs per server.
//   - Moves are instantaneous: a MoveVM action means the VM is now on its new
//     server; starting it there (and what its guest does) is the caller's
//     business, e.g. by driving a package host State.
//   - Healing is deterministic: each VM goes to the healthy server with the
//     fewest VMs, the lowest ServerID breaking ties, and an HI server's VMs are
//     moved in increasing VMID order. A simulator that wants another order
//     numbers its servers (or VMs) accordingly.
//   - HI is permanent in this model: no event repairs a server or takes the
//     cluster out of HI (in 2012 both needed humans).
//
// # State and Step
//
// A cluster of 1,000 servers with tens of thousands of VMs is too big to copy
// on every event, so, unlike package host, Step mutates the *State it is given
// (and leaves it untouched when it returns an error). Use Clone to keep a
// snapshot. Step costs O(log servers) per VM it places or moves; a fault on a
// server holding k VMs costs O(k log k + k log servers).
//
// # Thresholds
//
// A Threshold is reached when the number h of HI servers, out of n, is
//
//   - AtLeast(c): h ≥ c;
//   - AtLeastFraction(f, m): h ≥ m and h/n ≥ f (both inclusive), h/n computed
//     as a float64 division, so 55 of 100 reaches 0.55 and 54 does not.
//
// The cluster enters HI in the Step whose fault makes the threshold reached:
// that server is marked HI, ClusterHI is emitted, and its VMs are not healed.
//
// The 2012 Azure fabric controller (RCA, Bill Laing, "Summary of Windows
// Azure Service Disruption on Feb 29th, 2012", Windows Azure blog, 9 March
// 2012) put a cluster (about 1,000 servers) in HI when the number of HI
// servers passed a threshold, and then halted service management — healing
// and updates — in that cluster. The threshold was not published. Azure2012
// uses AtLeastFraction(0.05, 1), i.e. 50 servers of 1,000: a level that
// independent hardware failures should essentially never reach at one time
// (they are repaired continuously and affect a small fraction of a fleet per
// year), while a software fault that fails every server touched reaches it
// within a few waves of healing. Any other value is one parameter away, and
// simulations should be run over a range of it.
//
// The Kubernetes node lifecycle controller
// (kube-controller-manager --unhealthy-zone-threshold, default 0.55: "Number
// of nodes (percentage) in a zone which needs to be not Ready (minimum 3) for
// zone to be treated as unhealthy"; the controller's ComputeZoneState tests
// notReady > 2 && notReady/(notReady+ready) >= threshold) is
// AtLeastFraction(0.55, 3). In an unhealthy zone the controller stops
// evictions (zones of at most --large-cluster-size-threshold=50 nodes) or slows
// them to --secondary-node-eviction-rate=0.01 nodes per second; this model
// stops them in both cases. The controller's other case, full disruption (no
// node ready at all, which ComputeZoneState reports even for 1 or 2 nodes), is
// not modelled separately.
//
// # What halts
//
// While the cluster is in HI, management events produce a single Halted
// action and change nothing: VMDeploy, VMPlaced and PlatformUpdate. A
// HostFaultReported still marks its server HI (detection is not management)
// and emits MarkServerHI followed by Halted instead of healing moves.
//
// # Invariants
//
// State.Check verifies, in O(servers + VMs): every known VM is on exactly one
// server or stranded (healing found no room); per-server lists and the VM
// index agree, so no VM was lost or duplicated; no server holds more than its
// capacity; while the cluster is not in HI, HI servers hold no VMs; the HI
// count is right; and the cluster is in HI if and only if its threshold is
// reached.
package cluster
