// Package sim is a deterministic discrete-event simulation of a cluster on
// the day of the 2012 Azure outage, wiring leapcheck's models together:
// guest agents issue certificates (package cert) at every VM start, host
// agents restart VMs and report hardware faults (package host), and the
// fabric controller moves faulty servers to Human Investigate (HI), heals
// their VMs onto other servers and halts when too many servers are in HI
// (package cluster). It also holds the per-date proof pipeline behind
// `leapcheck prove` (Prover, ProveDate).
//
// # Assumptions
//
//   - The simulator owns the clock. Events wait in a queue ordered by time,
//     then by a sequence number stamped when they are queued, so events due
//     at the same instant are handled in the order they were caused. Time is
//     a time.Time offset by a time.Duration from Scenario.Start; no wall
//     clock is read.
//   - The seed fully determines the run. The only randomness is a PCG
//     generator (math/rand/v2) seeded with Scenario.Seed and owned by the
//     run: it draws the customer deploy arrivals (a Poisson process) and
//     the order in which update waves visit servers. Run starts no
//     goroutine and keeps no global state, so the same Scenario gives the
//     same Result, and the same rendering, byte for byte.
//   - The guest agent: at each start attempt (host StartVM) the VM boots for
//     Scenario.BootDelay (one minute in the presets), then its guest agent
//     issues its transfer certificate with cert.Issue(policy, now). If that
//     returns an error, or a certificate not valid at its issuance, the
//     guest agent exits (host GuestFailed); otherwise it reports (host
//     GuestReady). Under the 2012 policy every issuance on 29 February (UTC)
//     fails and every issuance from 00:00 on 1 March succeeds, so the
//     cascade stops at midnight: a VM whose start (plus boot) falls after
//     00:00 on 1 March comes up, and servers not yet in HI by then stay out
//     of it. A guest report of an attempt that has been superseded (the VM
//     was restarted or moved) is dropped.
//   - Existing VMs were started before the run, with valid certificates:
//     they keep running until something restarts them (a platform update, a
//     healing move, a scripted start).
//   - A server in HI is out of service: its host agent receives nothing
//     more, and the VMs still on it (when the cluster is in HI and healing
//     is halted) are down for the rest of the run.
//   - A VM is down from the start attempt that takes it down (restart,
//     healing move, deploy) until its guest agent is ready, and from the
//     moment its server enters HI or healing strands it. VM-hours lost sum
//     these intervals up to the end of the run.
//   - One cluster per run. Management (deploys, updates, healing) halts
//     when the cluster enters HI; detection does not: host faults still put
//     servers in HI, as in package cluster.
//
// # The azure2012 replay
//
// Run(azure2012) (see Presets) starts at 2012-02-29T00:00:00Z with one VM
// restarted on server 0. Its guest agent fails at 00:01; the host agent
// times the attempt out at 00:25 and 00:50 and reports a hardware fault at
// exactly 01:15 (3 × 25 minutes, the RCA's first alarms). Healing moves
// server 0's 16 VMs to 16 other servers, where they fail the same way;
// customer deploys and the platform update's waves start more VMs, which
// fail too, and by about 02:31 fifty servers (5%) are in HI: the cluster
// enters HI and service management halts. VMs already failing on other
// servers keep faulting them until about 04:00. With the fixed guest agent
// (azure2012-fixed) the same inputs give no fault at all; started on any
// day but 29 February, the 2012 scenario gives none either.
//
// # Timelines
//
// A Result holds a Timeline of typed Events (time, kind, server, VM,
// details) and a Verdict. Timeline.Render prints an incident timeline that
// lists the first few events of each kind and summarises the rest per
// 15-minute span; RenderFull prints every event. Result.HISeries is the
// number of servers in HI over time, for charts.
//
// # The proof
//
// Prover.Prove(d) answers, for one issuance date d, how far a certificate
// failure on d can get (a Stage): none, a failed certificate, a host fault,
// or a cluster in HI. It checks issuance cheaply at the instants of d that
// matter and runs the host agent, and then a small cluster, only when
// issuance fails; see Prove for the instants, the zones (Offsets) and the
// sizes. Sweeping all 3,652,059 dates, the fixed guest agent is safe on
// every date and the 2012 guest agent reaches cluster HI on exactly the
// 2,424 February 29ths of years 1..9999.
package sim
