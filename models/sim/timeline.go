package sim

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// EventKind is the kind of a timeline Event.
type EventKind uint8

// Timeline event kinds, in the order a cascade meets them.
const (
	// KindStart: the host agent started VM (attempt Attempt) on Server.
	KindStart EventKind = iota + 1
	// KindCertFailed: VM's guest agent could not issue its certificate;
	// Detail is the error.
	KindCertFailed
	// KindReady: VM's guest agent issued its certificate and reported.
	KindReady
	// KindAttemptFailed: the host agent counted a failed start of VM
	// (Failures of Limit; Detail is the cause: timeout or exit).
	KindAttemptFailed
	// KindGiveUp: the host agent stopped starting VM (Detail: why).
	KindGiveUp
	// KindHostFault: Server's host agent reported a hardware fault after VM
	// failed Failures consecutive starts.
	KindHostFault
	// KindServerHI: the fabric controller moved Server to Human
	// Investigate; HI is the number of servers in HI after it.
	KindServerHI
	// KindHealMove: service healing moved VM from Server to To.
	KindHealMove
	// KindNoCapacity: no healthy server had room for VM (from Server, or
	// Server −1 for a deploy).
	KindNoCapacity
	// KindClusterHI: the cluster entered HI with HI of its servers in HI;
	// service management halts.
	KindClusterHI
	// KindDeploy: a customer deployed VM, placed on Server.
	KindDeploy
	// KindUpdate: the platform update reached Server and restarted its
	// VMs VMs, in wave Wave (0 for a scripted update).
	KindUpdate
	// KindHalted: the fabric controller refused management work (Detail:
	// which) because the cluster is in HI.
	KindHalted
)

// String returns the kind's name, e.g. "host-fault".
func (k EventKind) String() string {
	if k >= KindStart && k <= KindHalted {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

var kindNames = [...]string{
	KindStart: "start", KindCertFailed: "cert-failed", KindReady: "ready",
	KindAttemptFailed: "attempt-failed", KindGiveUp: "give-up", KindHostFault: "host-fault",
	KindServerHI: "server-hi", KindHealMove: "heal-move", KindNoCapacity: "no-capacity",
	KindClusterHI: "cluster-hi", KindDeploy: "deploy", KindUpdate: "update", KindHalted: "halted",
}

// Event is one thing that happened in a run. Fields that do not apply to
// its Kind are −1 (Server, VM, To) or zero.
type Event struct {
	At       time.Time
	Kind     EventKind
	Server   int
	VM       int
	Attempt  int    // start attempt (KindStart)
	Failures int    // consecutive failed starts (KindAttemptFailed, KindHostFault)
	Limit    int    // the host policy's fault limit, 0 if none (KindAttemptFailed)
	To       int    // healing target (KindHealMove)
	Wave     int    // update wave, from 1; 0 for a scripted update (KindUpdate)
	VMs      int    // VMs restarted (KindUpdate)
	HI       int    // servers in HI (KindServerHI, KindClusterHI)
	Detail   string // error, cause or refused work
}

// timeLayout is how timelines print instants.
const timeLayout = "2006-01-02 15:04:05"

// subject returns the column naming who acted.
func (e Event) subject() string {
	switch e.Kind {
	case KindClusterHI, KindDeploy, KindHalted, KindNoCapacity:
		return "fabric"
	}
	if e.Server < 0 {
		return "fabric"
	}
	return fmt.Sprintf("host %d", e.Server)
}

// text describes the event without its time and subject.
func (e Event) text() string {
	switch e.Kind {
	case KindStart:
		return fmt.Sprintf("start vm %d (attempt %d)", e.VM, e.Attempt)
	case KindCertFailed:
		return fmt.Sprintf("vm %d guest agent failed: %s", e.VM, e.Detail)
	case KindReady:
		return fmt.Sprintf("vm %d guest agent ready", e.VM)
	case KindAttemptFailed:
		if e.Limit > 0 {
			return fmt.Sprintf("vm %d start failed (%s, %d/%d)", e.VM, e.Detail, e.Failures, e.Limit)
		}
		return fmt.Sprintf("vm %d start failed (%s, %d in a row)", e.VM, e.Detail, e.Failures)
	case KindGiveUp:
		return fmt.Sprintf("vm %d given up (%s)", e.VM, e.Detail)
	case KindHostFault:
		return fmt.Sprintf("hardware fault reported after %d failed starts (vm %d)", e.Failures, e.VM)
	case KindServerHI:
		if e.HI == 1 {
			return "moved to Human Investigate (1 server in HI)"
		}
		return fmt.Sprintf("moved to Human Investigate (%d servers in HI)", e.HI)
	case KindHealMove:
		return fmt.Sprintf("healing moves vm %d to host %d", e.VM, e.To)
	case KindNoCapacity:
		if e.Server < 0 {
			return fmt.Sprintf("no capacity for deployed vm %d", e.VM)
		}
		return fmt.Sprintf("no capacity to heal vm %d off host %d", e.VM, e.Server)
	case KindClusterHI:
		return fmt.Sprintf("CLUSTER IN HUMAN INVESTIGATE: %d servers in HI; service management halted", e.HI)
	case KindDeploy:
		return fmt.Sprintf("customer deploys vm %d on host %d", e.VM, e.Server)
	case KindUpdate:
		if e.Wave > 0 {
			return fmt.Sprintf("platform update wave %d restarts %d VMs", e.Wave, e.VMs)
		}
		return fmt.Sprintf("platform update restarts %d VMs", e.VMs)
	case KindHalted:
		return e.Detail + " refused: cluster in HI"
	}
	return e.Kind.String()
}

// String returns the event as one timeline line, e.g.
//
//	2012-02-29 01:15:00  host 0  hardware fault reported after 3 failed starts (vm 0)
func (e Event) String() string {
	return e.At.UTC().Format(timeLayout) + "  " + e.subject() + "  " + e.text()
}

// Timeline is a run's events in the order they happened (time, then the
// order the simulator processed them).
type Timeline struct {
	// Scenario is the name of the scenario run.
	Scenario string
	// Start and End bound the run.
	Start, End time.Time
	// Summary is one line describing the scenario's parameters.
	Summary string
	// Events are every event of the run.
	Events []Event
}

// Condensing parameters of Render.
const (
	// renderFirst is how many events of each kind Render prints one per
	// line before it summarises that kind.
	renderFirst = 4
	// renderBucket is the width of Render's summary buckets.
	renderBucket = 15 * time.Minute
)

// alwaysShown are the kinds Render prints one per line however many there
// are: there is at most one per run.
var alwaysShown = [KindHalted + 1]bool{KindClusterHI: true}

// Render writes t as an incident timeline: a header, then the first few
// events of each kind one per line (renderFirst, 4, per kind; the cluster
// entering HI always), and every other event counted in a summary line per
// 15-minute bucket, such as
//
//	2012-02-29 02:30–02:45  summary: 1,233 starts, 1,233 cert failures, 16 host faults, …
//
// so that a day of a 1,000-server cluster reads in well under 200 lines. It
// returns the first write error.
func (t Timeline) Render(w io.Writer) error { return t.render(w, false) }

// RenderFull writes every event of t, one per line, after the same header.
func (t Timeline) RenderFull(w io.Writer) error { return t.render(w, true) }

func (t Timeline) render(w io.Writer, full bool) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "scenario %s: %s\n", t.Scenario, t.Summary)
	fmt.Fprintf(bw, "%s  run starts\n", t.Start.UTC().Format(timeLayout))
	var shown [KindHalted + 1]int
	// A summary covers a span of consecutive buckets that hold the same
	// kinds of events (a quiet afternoon of refused deploys is one line).
	var span, cur [KindHalted + 1]int
	var spanFrom, spanTo, bucket time.Time
	spanOpen, curOpen := false, false
	flushSpan := func() {
		if !spanOpen {
			return
		}
		spanOpen = false
		var parts []string
		for k := KindStart; k <= KindHalted; k++ {
			if span[k] > 0 {
				parts = append(parts, thousands(span[k])+" "+plural(k, span[k]))
				span[k] = 0
			}
		}
		if len(parts) == 0 {
			return
		}
		fmt.Fprintf(bw, "%s–%s  summary: %s\n", spanFrom.UTC().Format("2006-01-02 15:04"), spanTo.UTC().Format("15:04"), strings.Join(parts, ", "))
	}
	closeBucket := func() {
		if !curOpen {
			return
		}
		curOpen = false
		same := spanOpen
		for k := range cur {
			if (cur[k] > 0) != (span[k] > 0) {
				same = false
			}
		}
		if !same {
			flushSpan()
			spanFrom, spanOpen = bucket, true
		}
		for k := range cur {
			span[k] += cur[k]
			cur[k] = 0
		}
		spanTo = bucket.Add(renderBucket)
	}
	for _, e := range t.Events {
		if e.Kind < KindStart || e.Kind > KindHalted {
			continue
		}
		if b := bucketOf(t.Start, e.At); !curOpen || !b.Equal(bucket) {
			closeBucket()
			bucket, curOpen = b, true
		}
		if full || alwaysShown[e.Kind] || shown[e.Kind] < renderFirst {
			shown[e.Kind]++
			flushSpan()
			fmt.Fprintln(bw, e.String())
			continue
		}
		cur[e.Kind]++
	}
	closeBucket()
	flushSpan()
	fmt.Fprintf(bw, "%s  run ends\n", t.End.UTC().Format(timeLayout))
	return bw.Flush()
}

// bucketOf returns the start of the renderBucket-wide bucket, counted from
// start, that holds at.
func bucketOf(start, at time.Time) time.Time {
	d := at.Sub(start)
	return start.Add(d - d%renderBucket)
}

// plural names n events of kind k for a summary line.
func plural(k EventKind, n int) string {
	names := [...][2]string{
		KindStart: {"start", "starts"}, KindCertFailed: {"cert failure", "cert failures"},
		KindReady: {"ready", "ready"}, KindAttemptFailed: {"failed start", "failed starts"},
		KindGiveUp: {"give-up", "give-ups"}, KindHostFault: {"host fault", "host faults"},
		KindServerHI: {"server to HI", "servers to HI"}, KindHealMove: {"healing move", "healing moves"},
		KindNoCapacity: {"no-capacity", "no-capacity"}, KindClusterHI: {"cluster HI", "cluster HI"},
		KindDeploy: {"deploy", "deploys"}, KindUpdate: {"server updated", "servers updated"},
		KindHalted: {"refused", "refused"},
	}
	if n == 1 {
		return names[k][0]
	}
	return names[k][1]
}

// thousands formats n with commas: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Verdict is what a run amounts to. The JSON names are those the leapcheck
// command prints; FirstHostFault and ClusterHIAt are null when there was
// none.
type Verdict struct {
	// Servers is the cluster's size; ServersInHI how many ended in HI.
	Servers     int `json:"servers"`
	ServersInHI int `json:"servers_in_hi"`
	// Clusters is the number of clusters simulated (1); ClustersInHI how
	// many entered HI (0 or 1).
	Clusters     int `json:"clusters"`
	ClustersInHI int `json:"clusters_in_hi"`
	// FirstHostFault is when the first host agent reported a hardware
	// fault, nil if none did.
	FirstHostFault *time.Time `json:"first_host_fault"`
	// ClusterHIAt is when the cluster entered HI, nil if it did not.
	ClusterHIAt *time.Time `json:"cluster_hi_at"`
	// VMs is the number of VMs at the end of the run; VMsDown how many of
	// them were not running then (starting, restarting, given up, on an HI
	// server, or stranded).
	VMs     int `json:"vms"`
	VMsDown int `json:"vms_down"`
	// VMHoursLost sums, over every VM, the time it was down within the run
	// (see the package documentation for when a VM counts as down).
	VMHoursLost float64 `json:"vm_hours_lost"`
	// Starts and CertFailures count start attempts and failed issuances.
	Starts       int `json:"starts"`
	CertFailures int `json:"cert_failures"`
	// Events is the number of queued events the run processed.
	Events int `json:"events"`
}

// FirstFault returns the first host fault's time and whether there was one.
func (v Verdict) FirstFault() (time.Time, bool) {
	if v.FirstHostFault == nil {
		return time.Time{}, false
	}
	return *v.FirstHostFault, true
}

// ClusterHI returns when the cluster entered HI and whether it did.
func (v Verdict) ClusterHI() (time.Time, bool) {
	if v.ClusterHIAt == nil {
		return time.Time{}, false
	}
	return *v.ClusterHIAt, true
}

// Point is one step of a series for charts: from At on, HI servers were in
// HI.
type Point struct {
	At time.Time `json:"at"`
	HI int       `json:"hi"`
}

// Result is the outcome of Run.
type Result struct {
	Timeline Timeline
	Verdict  Verdict
}

// HISeries returns the number of servers in HI over time as a step
// function: a point at Start (0), one at each change, and one at End.
func (r Result) HISeries() []Point {
	pts := []Point{{At: r.Timeline.Start, HI: 0}}
	for _, e := range r.Timeline.Events {
		if e.Kind == KindServerHI {
			if last := &pts[len(pts)-1]; last.At.Equal(e.At) {
				last.HI = e.HI
			} else {
				pts = append(pts, Point{At: e.At, HI: e.HI})
			}
		}
	}
	return append(pts, Point{At: r.Timeline.End, HI: pts[len(pts)-1].HI})
}
