package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/transcript"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
	"github.com/leapcheck/leapcheck/models/sim"
)

func preset(t testing.TB, name string) sim.Scenario {
	t.Helper()
	s, err := sim.PresetByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t testing.TB, s sim.Scenario) sim.Result {
	t.Helper()
	r, err := sim.Run(s)
	if err != nil {
		t.Fatalf("Run(%s): %v", s.Name, err)
	}
	return r
}

func count(r sim.Result, k sim.EventKind) int {
	n := 0
	for _, e := range r.Timeline.Events {
		if e.Kind == k {
			n++
		}
	}
	return n
}

var leapDay = time.Date(2012, time.February, 29, 0, 0, 0, 0, time.UTC)

// RCA: "the HA waits 25 minutes for the GA … After 3 consecutive failed
// starts it concludes the hardware is faulty"; first alarms at 01:15. Then
// healing spreads the fault and the cluster enters HI.
func TestAzure2012Replay(t *testing.T) {
	r := run(t, preset(t, sim.PresetAzure2012))
	v := r.Verdict
	ff, ok := v.FirstFault()
	if want := leapDay.Add(75 * time.Minute); !ok || !ff.Equal(want) {
		t.Fatalf("first host fault = %v (%v), want %v", ff, ok, want)
	}
	hi, ok := v.ClusterHI()
	if !ok {
		t.Fatalf("cluster never entered HI: %+v", v)
	}
	if !hi.After(ff) || hi.After(leapDay.Add(6*time.Hour)) {
		t.Errorf("cluster HI at %v, want after the first fault and within 6 hours", hi)
	}
	if v.ServersInHI < 50 || v.ClustersInHI != 1 || v.Clusters != 1 || v.Servers != 1000 {
		t.Errorf("verdict %+v: want ≥ 50 of 1000 servers in HI and the one cluster in HI", v)
	}
	// Healing spread the fault: servers that were never started by the
	// scenario's own sources faulted on healed VMs.
	healedTo := map[int]bool{}
	for _, e := range r.Timeline.Events {
		if e.Kind == sim.KindHealMove {
			healedTo[e.To] = true
		}
	}
	spread := 0
	for _, e := range r.Timeline.Events {
		if e.Kind == sim.KindHostFault && e.Server != 0 && healedTo[e.Server] {
			spread++
		}
	}
	if spread == 0 {
		t.Error("no host fault on a server that received healed VMs: healing did not spread the failure")
	}
	if v.VMsDown == 0 || v.VMHoursLost <= 0 || v.CertFailures == 0 || v.CertFailures > v.Starts {
		t.Errorf("verdict %+v: want VMs down, VM-hours lost, and cert failures among the starts", v)
	}
	// Every issuance of the day failed, and none after it.
	if ready := count(r, sim.KindReady); ready != 0 {
		t.Errorf("%d guest agents came up on 29 Feb under the 2012 policy", ready)
	}
	if v.Starts != v.CertFailures+startsUnissued(r) {
		t.Errorf("starts %d != cert failures %d + starts not yet issued %d", v.Starts, v.CertFailures, startsUnissued(r))
	}
}

// startsUnissued counts start attempts whose guest agent never issued: the
// server went to HI or the VM moved within the boot delay.
func startsUnissued(r sim.Result) int {
	type key struct{ server, vm int }
	pending := map[key]int{}
	for _, e := range r.Timeline.Events {
		switch e.Kind {
		case sim.KindStart:
			pending[key{e.Server, e.VM}]++
		case sim.KindCertFailed, sim.KindReady:
			pending[key{e.Server, e.VM}]--
		}
	}
	n := 0
	for _, c := range pending {
		n += c
	}
	return n
}

// The HI series is a step function from 0 that never decreases (HI is
// permanent) and ends at the verdict's count.
func TestHISeries(t *testing.T) {
	r := run(t, preset(t, sim.PresetAzure2012))
	pts := r.HISeries()
	if len(pts) < 3 || pts[0].HI != 0 || !pts[0].At.Equal(leapDay) {
		t.Fatalf("series starts %v", pts[:min(3, len(pts))])
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].HI < pts[i-1].HI || pts[i].At.Before(pts[i-1].At) {
			t.Fatalf("series goes back at %d: %v then %v", i, pts[i-1], pts[i])
		}
	}
	last := pts[len(pts)-1]
	if last.HI != r.Verdict.ServersInHI || !last.At.Equal(r.Timeline.End) {
		t.Errorf("series ends %v, want %d at %v", last, r.Verdict.ServersInHI, r.Timeline.End)
	}
	if pts[1].HI != 1 || !pts[1].At.Equal(leapDay.Add(75*time.Minute)) {
		t.Errorf("first step %v, want 1 server at 01:15", pts[1])
	}
}

// The fixed guest agent on the same inputs: no fault at all.
func TestAzure2012Fixed(t *testing.T) {
	r := run(t, preset(t, sim.PresetAzure2012Fixed))
	v := r.Verdict
	if v.FirstHostFault != nil || v.ClusterHIAt != nil || v.ServersInHI != 0 || v.CertFailures != 0 || v.VMsDown != 0 {
		t.Fatalf("fixed policy: %+v, want no fault, no failure, nothing down", v)
	}
	if v.Starts == 0 || count(r, sim.KindReady) != v.Starts {
		t.Errorf("fixed policy: %d starts, %d ready: every start should come up", v.Starts, count(r, sim.KindReady))
	}
}

// The 2012 scenario started on a day that is not 29 February: no fault. On
// 29 February of other leap years: a fault at 01:15 and cluster HI.
func TestAzure2012OtherDays(t *testing.T) {
	base := preset(t, sim.PresetAzure2012)
	var days []calendar.Date
	for y := 1990; y <= 2040; y++ {
		days = append(days, calendar.Date{Year: y, Month: time.February, Day: 28}, calendar.Date{Year: y, Month: time.March, Day: 1})
	}
	rng := rand.New(rand.NewPCG(29, 2))
	for range 30 {
		d, err := calendar.FromDayNumber(calendar.MinDayNumber + rng.Int64N(calendar.DaysInRange-1))
		if err != nil {
			t.Fatal(err)
		}
		if d.Month == time.February && d.Day == 29 {
			continue
		}
		days = append(days, d)
	}
	for _, d := range days {
		s := base
		s.Start = d.In(time.UTC)
		s.Horizon = 12 * time.Hour
		r := run(t, s)
		if r.Verdict.FirstHostFault != nil || r.Verdict.CertFailures != 0 {
			t.Errorf("start %v: %+v, want no cert failure and no fault", d, r.Verdict)
		}
	}
	for y := 1992; y <= 2040; y += 4 {
		s := base
		s.Start = time.Date(y, time.February, 29, 0, 0, 0, 0, time.UTC)
		s.Horizon = 6 * time.Hour
		r := run(t, s)
		ff, ok := r.Verdict.FirstFault()
		if !ok || !ff.Equal(s.Start.Add(75*time.Minute)) || r.Verdict.ClusterHIAt == nil {
			t.Errorf("start %v: first fault %v (%v), cluster HI %v; want 01:15 and HI", s.Start, ff, ok, r.Verdict.ClusterHIAt)
		}
	}
}

// The cascade stops at 00:00 on 1 March: a VM whose issuance falls after
// midnight comes up, and healing no longer spreads the fault.
func TestCascadeStopsAtMidnight(t *testing.T) {
	th, _ := cluster.AtLeast(10)
	s := sim.Scenario{
		Name: "late", Start: leapDay.Add(22 * time.Hour), Horizon: 6 * time.Hour,
		Cluster: cluster.Config{Servers: 20, Capacity: 8, Threshold: th}, VMsPerServer: 4,
		Host: host.Azure2012(), Issuance: guestAgent(t, cert.GuestAgent2012), BootDelay: time.Minute,
		InitialStarts: 1,
	}
	r := run(t, s)
	midnight := leapDay.Add(24 * time.Hour)
	// vm 0 starts 22:00, times out 22:25, 22:50, faults 23:15; its 4 VMs are
	// healed at 23:15, fail at 23:16, and start again at 23:40 (fails) and
	// 00:05 (issues at 00:06 on 1 March and comes up).
	ff, _ := r.Verdict.FirstFault()
	if !ff.Equal(leapDay.Add(23*time.Hour + 15*time.Minute)) {
		t.Errorf("first fault %v, want 23:15", ff)
	}
	if r.Verdict.ServersInHI != 1 || r.Verdict.ClusterHIAt != nil {
		t.Errorf("verdict %+v: want only server 0 in HI", r.Verdict)
	}
	ready := 0
	for _, e := range r.Timeline.Events {
		if e.Kind == sim.KindCertFailed && !e.At.Before(midnight) {
			t.Errorf("cert failure after midnight: %v", e)
		}
		if e.Kind == sim.KindReady {
			ready++
			if e.At.Before(midnight) {
				t.Errorf("guest ready before midnight: %v", e)
			}
		}
	}
	if ready != 4 || r.Verdict.VMsDown != 0 {
		t.Errorf("%d VMs came up after midnight and %d are down, want 4 and 0", ready, r.Verdict.VMsDown)
	}
}

func guestAgent(t testing.TB, name string) cert.Policy {
	t.Helper()
	p, err := cert.PresetByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p.Policy
}

// Kubernetes and systemd never report a hardware fault: the 2012 guest agent
// crash-loops its VMs, but no server goes to HI.
func TestRestartFlavours(t *testing.T) {
	for _, name := range []string{sim.PresetKubernetes, sim.PresetSystemd} {
		s := preset(t, name)
		s.Horizon = time.Hour
		r := run(t, s)
		v := r.Verdict
		if v.FirstHostFault != nil || v.ServersInHI != 0 || v.ClusterHIAt != nil {
			t.Errorf("%s: %+v, want no fault and no HI", name, v)
		}
		if ready := count(r, sim.KindReady); ready != 0 {
			t.Errorf("%s: %d guest agents came up on 29 February", name, ready)
		}
		if v.CertFailures == 0 || v.VMsDown == 0 || count(r, sim.KindAttemptFailed) == 0 {
			t.Errorf("%s: %+v, want cert failures, failed starts and VMs down", name, v)
		}
	}
}

// Same inputs and seed, same timeline, byte for byte; another seed changes
// the deploys.
func TestDeterministic(t *testing.T) {
	s := preset(t, sim.PresetAzure2012)
	a, b := run(t, s), run(t, s)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs of the same scenario differ")
	}
	var ra, rb bytes.Buffer
	if err := a.Timeline.RenderFull(&ra); err != nil {
		t.Fatal(err)
	}
	if err := b.Timeline.RenderFull(&rb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ra.Bytes(), rb.Bytes()) {
		t.Fatal("two renderings of the same scenario differ")
	}
	s.Seed++
	c := run(t, s)
	if reflect.DeepEqual(a.Timeline.Events, c.Timeline.Events) {
		t.Error("seed+1 gives the same timeline: the seed does not reach the run")
	}
	if ff, _ := c.Verdict.FirstFault(); !ff.Equal(leapDay.Add(75 * time.Minute)) {
		t.Errorf("seed+1: first fault %v, want 01:15 (the initial start does not depend on the seed)", ff)
	}
}

// The rendered azure2012 timeline is a reviewed golden file; it reads like
// an incident timeline and stays short.
func TestAzure2012Golden(t *testing.T) {
	r := run(t, preset(t, sim.PresetAzure2012))
	var b bytes.Buffer
	if err := r.Timeline.Render(&b); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/azure2012.golden", b.String())
	lines := strings.Count(b.String(), "\n")
	if lines >= 200 {
		t.Errorf("rendering has %d lines, want fewer than 200", lines)
	}
	for _, want := range []string{
		"2012-02-29 01:15:00  host 0  hardware fault reported after 3 failed starts (vm 0)",
		"CLUSTER IN HUMAN INVESTIGATE",
		"2012-03-01 00:00:00  run ends",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("rendering lacks %q", want)
		}
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if transcript.Rewrite() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -rewrite to create it)", err, t.Name())
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\nwant: %s\ngot:  %s\n(run go test -run %s -rewrite to accept, then review the diff)", path, i+1, w, g, t.Name())
			}
		}
	}
}

// Impossible parameters are errors naming the field.
func TestValidate(t *testing.T) {
	ok := preset(t, sim.PresetAzure2012)
	if err := ok.Validate(); err != nil {
		t.Fatalf("preset invalid: %v", err)
	}
	cases := []struct {
		field string
		edit  func(*sim.Scenario)
	}{
		{"Start", func(s *sim.Scenario) { s.Start = time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC) }},
		{"Start", func(s *sim.Scenario) { s.Start = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"Horizon", func(s *sim.Scenario) { s.Horizon = 0 }},
		{"Cluster", func(s *sim.Scenario) { s.Cluster.Servers = 0 }},
		{"Cluster", func(s *sim.Scenario) { s.Cluster.Threshold = cluster.Threshold{} }},
		{"VMsPerServer", func(s *sim.Scenario) { s.VMsPerServer = 33 }},
		{"VMsPerServer", func(s *sim.Scenario) { s.VMsPerServer = -1 }},
		{"Host", func(s *sim.Scenario) { s.Host = host.Policy{} }},
		{"Issuance", func(s *sim.Scenario) { s.Issuance = cert.Policy{} }},
		{"BootDelay", func(s *sim.Scenario) { s.BootDelay = -time.Second }},
		{"BootDelay", func(s *sim.Scenario) { s.BootDelay = 25 * time.Minute }},
		{"InitialStarts", func(s *sim.Scenario) { s.InitialStarts = 1001 }},
		{"InitialStarts", func(s *sim.Scenario) { s.VMsPerServer = 0 }},
		{"DeploysPerHour", func(s *sim.Scenario) { s.DeploysPerHour = -1 }},
		{"DeploysPerHour", func(s *sim.Scenario) { s.DeploysPerHour = 1e9 }},
		{"Updates.Count", func(s *sim.Scenario) { s.Updates.Count = -1 }},
		{"Updates.Interval", func(s *sim.Scenario) { s.Updates.Interval = 0 }},
		{"Updates.FirstAt", func(s *sim.Scenario) { s.Updates.FirstAt = -time.Minute }},
		{"Updates.ServersPerWave", func(s *sim.Scenario) { s.Updates.ServersPerWave = 1001 }},
		{"Script[0]", func(s *sim.Scenario) {
			s.Script = []sim.Scripted{{At: leapDay.Add(-time.Second), Kind: sim.ScriptDeploy}}
		}},
		{"Script[1]", func(s *sim.Scenario) {
			s.Script = []sim.Scripted{{At: leapDay.Add(time.Hour), Kind: sim.ScriptDeploy}, {At: leapDay.Add(time.Minute), Kind: sim.ScriptDeploy}}
		}},
		{"Script[0]", func(s *sim.Scenario) { s.Script = []sim.Scripted{{At: leapDay, Kind: sim.ScriptFault, Server: 1000}} }},
		{"Script[0]", func(s *sim.Scenario) { s.Script = []sim.Scripted{{At: leapDay, Kind: sim.ScriptStart, VM: -1}} }},
		{"Script[0]", func(s *sim.Scenario) { s.Script = []sim.Scripted{{At: leapDay, Kind: 0}} }},
		// One past each bound that TestValidateAcceptsTheBounds accepts.
		{"Cluster", func(s *sim.Scenario) { s.Cluster.Servers, s.Cluster.Capacity = 1<<15, 1<<15+1 }},
		{"Script[0]", func(s *sim.Scenario) { s.Script = []sim.Scripted{{At: leapDay, Kind: sim.ScriptStart, VM: 1000 * 16}} }},
		{"Script[0]", func(s *sim.Scenario) { s.Script = []sim.Scripted{{At: leapDay, Kind: sim.ScriptUpdate, Server: -1}} }},
		{"Updates.ServersPerWave", func(s *sim.Scenario) { s.Updates.ServersPerWave = 0 }},
		{"InitialStarts", func(s *sim.Scenario) { s.InitialStarts = -1 }},
	}
	for _, c := range cases {
		s := ok
		c.edit(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), " "+c.field+" = ") {
			t.Errorf("%s: Validate() = %v, want an error naming %s", c.field, err, c.field)
			continue
		}
		if _, rerr := sim.Run(s); rerr == nil || rerr.Error() != err.Error() {
			t.Errorf("%s: Run error %v, want the Validate error", c.field, rerr)
		}
	}
}

// TestValidateAcceptsTheBounds: each bound of Validate, on the valid
// side, is a scenario Run accepts (TestValidate has the invalid sides).
func TestValidateAcceptsTheBounds(t *testing.T) {
	cases := []struct {
		name string
		edit func(*sim.Scenario)
	}{
		{"VMsPerServer = Capacity", func(s *sim.Scenario) { s.VMsPerServer = s.Cluster.Capacity }},
		{"VMsPerServer = 0, InitialStarts = 0", func(s *sim.Scenario) { s.VMsPerServer, s.InitialStarts = 0, 0 }},
		{"servers x capacity = 2^30", func(s *sim.Scenario) {
			s.Cluster.Servers, s.Cluster.Capacity, s.VMsPerServer, s.InitialStarts, s.Updates.Count = 1<<15, 1<<15, 0, 0, 0
		}},
		{"InitialStarts = Servers", func(s *sim.Scenario) { s.InitialStarts = s.Cluster.Servers }},
		{"DeploysPerHour = 3600", func(s *sim.Scenario) { s.DeploysPerHour = 3600 }},
		{"one wave, no interval", func(s *sim.Scenario) { s.Updates.Count, s.Updates.Interval = 1, 0 }},
		{"ServersPerWave = 1", func(s *sim.Scenario) { s.Updates.ServersPerWave = 1 }},
		{"ServersPerWave = Servers", func(s *sim.Scenario) { s.Updates.ServersPerWave = s.Cluster.Servers }},
		{"script at both ends, first and last VM and server", func(s *sim.Scenario) {
			s.Script = []sim.Scripted{{At: s.Start, Kind: sim.ScriptStart, VM: 0}, {At: s.Start, Kind: sim.ScriptUpdate, Server: 0},
				{At: s.Start, Kind: sim.ScriptStart, VM: s.Cluster.Servers*s.VMsPerServer - 1},
				{At: s.Start.Add(s.Horizon), Kind: sim.ScriptFault, Server: s.Cluster.Servers - 1}}
		}},
	}
	for _, c := range cases {
		s := preset(t, sim.PresetAzure2012)
		s.Horizon = time.Hour
		c.edit(&s)
		if err := s.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v, want nil", c.name, err)
			continue
		}
		if _, err := sim.Run(s); err != nil {
			t.Errorf("%s: Run: %v", c.name, err)
		}
	}
}

// Parameters a caller can construct but that would overflow or run past the
// horizon do not panic.
func TestExtremeParameters(t *testing.T) {
	s := preset(t, sim.PresetAzure2012)
	s.Horizon = time.Hour
	s.Updates = sim.Waves{Count: 1 << 40, Interval: time.Duration(1) << 40, ServersPerWave: 1000}
	s.DeploysPerHour = 1e-300
	r := run(t, s)
	if r.Verdict.Starts == 0 {
		t.Errorf("verdict %+v: the first wave at Start should restart VMs", r.Verdict)
	}
	s = preset(t, sim.PresetAzure2012)
	s.Start = time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC)
	s.Horizon = 3 * time.Hour
	if _, err := sim.Run(s); err != nil {
		t.Errorf("run past 9999-12-31: %v", err)
	}
	var tl sim.Timeline
	var b bytes.Buffer
	if err := tl.Render(&b); err != nil || !strings.Contains(b.String(), "run ends") {
		t.Errorf("zero Timeline renders %q, %v", b.String(), err)
	}
}

// Events out of time order: the message says which and why.
func TestScriptOutOfOrder(t *testing.T) {
	s := preset(t, sim.PresetAzure2012)
	s.Script = []sim.Scripted{
		{At: leapDay.Add(2 * time.Hour), Kind: sim.ScriptFault, Server: 3},
		{At: leapDay.Add(time.Hour), Kind: sim.ScriptUpdate, Server: 4},
	}
	_, err := sim.Run(s)
	want := `sim: scenario "azure2012": Script[1] = update server=4 at=2012-02-29T01:00:00Z: is out of time order: earlier than Script[0] (fault server=3 at=2012-02-29T02:00:00Z)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// comparable returns s without its claim function, which reflect.DeepEqual
// cannot compare (two non-nil funcs are never deeply equal).
func comparable(s sim.Scenario) sim.Scenario {
	s.FailsOn = nil
	return s
}

func TestPresetByName(t *testing.T) {
	for _, p := range sim.Presets() {
		q, err := sim.PresetByName(p.Name)
		if err != nil || !reflect.DeepEqual(comparable(p), comparable(q)) {
			t.Errorf("PresetByName(%q) = %v, %v", p.Name, q.Name, err)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
	}
	if _, err := sim.PresetByName("azure2013"); err == nil || !strings.Contains(err.Error(), "azure2012-fixed") {
		t.Errorf("unknown preset: err = %v, want the list of names", err)
	}
	a, f := preset(t, sim.PresetAzure2012), preset(t, sim.PresetAzure2012Fixed)
	f.Name, f.Issuance, f.FailsOn, f.FailingDates = a.Name, a.Issuance, a.FailsOn, a.FailingDates
	if !reflect.DeepEqual(comparable(a), comparable(f)) {
		t.Error("azure2012-fixed differs from azure2012 in more than its name and issuance policy")
	}
}

// One registry: every cert, host and cluster preset is simulated (and so
// proven) by some scenario, each scenario carries its issuance preset's
// claim, and the names are unique.
func TestPresetsCoverEveryModelPreset(t *testing.T) {
	scenarios := sim.Presets()
	names := map[string]bool{}
	for _, s := range scenarios {
		if names[s.Name] {
			t.Errorf("duplicate scenario name %s", s.Name)
		}
		names[s.Name] = true
	}
	for _, cp := range cert.Presets() {
		found := false
		for _, s := range scenarios {
			if s.Issuance.Name == cp.Name {
				found = true
				if (s.FailsOn == nil) != cp.Safe() || s.FailingDates != cp.FailingDates {
					t.Errorf("%s: claim %q, want its issuance preset's %q", s.Name, s.FailingDates, cp.FailingDates)
				}
			}
		}
		if !found {
			t.Errorf("cert preset %s is in no scenario", cp.Name)
		}
	}
	for _, hp := range host.Presets() {
		if !slices.ContainsFunc(scenarios, func(s sim.Scenario) bool { return s.Host == hp.Policy }) {
			t.Errorf("host preset %s is in no scenario", hp.Name)
		}
	}
	for _, cp := range cluster.Presets() {
		if !slices.ContainsFunc(scenarios, func(s sim.Scenario) bool { return s.Cluster.Threshold == cp.Config.Threshold }) {
			t.Errorf("cluster preset %s is in no scenario", cp.Name)
		}
	}
}

// Events print as timeline lines.
func TestEventString(t *testing.T) {
	e := sim.Event{At: leapDay.Add(75 * time.Minute), Kind: sim.KindHostFault, Server: 17, VM: 412, Failures: 3, To: -1}
	want := "2012-02-29 01:15:00  host 17  hardware fault reported after 3 failed starts (vm 412)"
	if got := e.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := sim.EventKind(99).String(); got != "kind(99)" {
		t.Errorf("unknown kind prints %q", got)
	}
	if fmt.Sprint(sim.KindClusterHI) != "cluster-hi" {
		t.Errorf("KindClusterHI prints %q", sim.KindClusterHI)
	}
	// The names' table at its ends and one past them.
	for k, want := range map[sim.EventKind]string{0: "kind(0)", sim.KindStart: "start", sim.KindHalted: "halted", sim.KindHalted + 1: fmt.Sprintf("kind(%d)", sim.KindHalted+1)} {
		if got := k.String(); got != want {
			t.Errorf("EventKind(%d) prints %q, want %q", k, got, want)
		}
	}
	// Texts that depend on a field at its edge: host 0 is a host, wave 1
	// a wave.
	for _, c := range []struct {
		e    sim.Event
		want string
	}{
		{sim.Event{Kind: sim.KindNoCapacity, Server: 0, VM: 3, To: -1}, "no capacity to heal vm 3 off host 0"},
		{sim.Event{Kind: sim.KindNoCapacity, Server: -1, VM: 3, To: -1}, "no capacity for deployed vm 3"},
		{sim.Event{Kind: sim.KindUpdate, Server: 0, VM: -1, To: -1, Wave: 1, VMs: 2}, "platform update wave 1 restarts 2 VMs"},
		{sim.Event{Kind: sim.KindUpdate, Server: 0, VM: -1, To: -1, Wave: 0, VMs: 2}, "platform update restarts 2 VMs"},
	} {
		if got := c.e.String(); !strings.HasSuffix(got, c.want) {
			t.Errorf("%+v prints %q, want it to end %q", c.e, got, c.want)
		}
	}
}

// The verdict prints as the command's JSON: RFC 3339 times, or null.
func TestVerdictJSON(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{sim.PresetAzure2012, `"first_host_fault":"2012-02-29T01:15:00Z","cluster_hi_at":"2012-02-29T02:31:12Z"`},
		{sim.PresetAzure2012Fixed, `"first_host_fault":null,"cluster_hi_at":null`},
	} {
		b, err := json.Marshal(run(t, preset(t, c.name)).Verdict)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.want) {
			t.Errorf("%s: %s\nwant it to contain %s", c.name, b, c.want)
		}
	}
}

// RenderFull prints every event; Render condenses the same timeline without
// losing a host fault from its counts.
func TestRenderFull(t *testing.T) {
	r := run(t, preset(t, sim.PresetAzure2012))
	var full, short bytes.Buffer
	if err := r.Timeline.RenderFull(&full); err != nil {
		t.Fatal(err)
	}
	if err := r.Timeline.Render(&short); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(full.String(), "\n"), len(r.Timeline.Events)+3; got != want {
		t.Errorf("RenderFull: %d lines, want %d (header, start, events, end)", got, want)
	}
	// Faults shown one per line plus those counted in summaries.
	faults := strings.Count(short.String(), "hardware fault reported")
	for _, line := range strings.Split(short.String(), "\n") {
		var n int
		if i := strings.Index(line, " host fault"); i >= 0 && strings.Contains(line, "summary:") {
			j := strings.LastIndex(line[:i], " ")
			fmt.Sscan(strings.ReplaceAll(line[j+1:i], ",", ""), &n)
			faults += n
		}
	}
	if faults != r.Verdict.ServersInHI || faults != count(r, sim.KindHostFault) {
		t.Errorf("Render accounts for %d host faults, want %d", faults, count(r, sim.KindHostFault))
	}
}

// firstEvent returns the run's first event, or a zero Event (kind 0) for
// a run without one, so that a failure message never indexes past the end.
func firstEvent(r sim.Result) sim.Event {
	if len(r.Timeline.Events) == 0 {
		return sim.Event{}
	}
	return r.Timeline.Events[0]
}

// TestEngineEdges pins what the engine schedules at its edges: the
// initial starts are the first VM of each of the first servers; a wave
// and a deploy due exactly at the horizon run (the run includes
// Start+Horizon); a scripted update is wave 0 and a scripted start of VM 0
// starts it; the verdict counts the queued events processed; and a deploy
// rate whose first gap lies past the horizon deploys nothing.
func TestEngineEdges(t *testing.T) {
	s := preset(t, sim.PresetAzure2012)
	s.Horizon = time.Hour
	s.InitialStarts, s.DeploysPerHour, s.Updates = 3, 0, sim.Waves{}
	r := run(t, s)
	var starts [][2]int
	for _, e := range r.Timeline.Events {
		if e.Kind == sim.KindStart && e.At.Equal(s.Start) {
			starts = append(starts, [2]int{e.Server, e.VM})
		}
	}
	want := [][2]int{{0, 0}, {1, s.VMsPerServer}, {2, 2 * s.VMsPerServer}}
	if !reflect.DeepEqual(starts, want) {
		t.Errorf("initial starts (server, vm) = %v, want %v", starts, want)
	}

	s.InitialStarts = 0
	s.Updates = sim.Waves{Count: 2, FirstAt: s.Horizon, Interval: time.Minute, ServersPerWave: 1}
	r = run(t, s)
	var waves []int
	for _, e := range r.Timeline.Events {
		if e.Kind == sim.KindUpdate {
			waves = append(waves, e.Wave)
			if !e.At.Equal(s.Start.Add(s.Horizon)) {
				t.Errorf("wave %d at %v, want the horizon %v", e.Wave, e.At, s.Start.Add(s.Horizon))
			}
		}
	}
	if !reflect.DeepEqual(waves, []int{1}) {
		t.Errorf("waves run = %v, want [1]: the first at the horizon, the second after it", waves)
	}

	// A scripted update is wave 0.
	s.Updates = sim.Waves{}
	s.Script = []sim.Scripted{{At: s.Start.Add(time.Minute), Kind: sim.ScriptUpdate, Server: 0}}
	r = run(t, s)
	if n, e := count(r, sim.KindUpdate), firstEvent(r); n != 1 || e.Kind != sim.KindUpdate || e.Wave != 0 {
		t.Errorf("scripted update: %d updates, first event %v; want one update, wave 0", n, e)
	}

	// A scripted start of VM 0 on server 0 starts it.
	s.Script = []sim.Scripted{{At: s.Start.Add(time.Minute), Kind: sim.ScriptStart, VM: 0}}
	r = run(t, s)
	if e := firstEvent(r); e.Kind != sim.KindStart || e.VM != 0 {
		t.Errorf("scripted start of VM 0: first event %v, want its start", e)
	}
	s.Script = nil

	// Seeds 1288 and 17398 draw a first deploy 3,599 s and 3,600 s after
	// Start, just inside and on the horizon of a one-hour run (found by
	// search): it runs, as a wave there does.
	s.Cluster.Servers, s.VMsPerServer, s.DeploysPerHour = 1, 0, 1
	for _, c := range []struct {
		seed uint64
		at   time.Duration
	}{{1288, s.Horizon - time.Second}, {17398, s.Horizon}} {
		s.Seed = c.seed
		r = run(t, s)
		if n, e := count(r, sim.KindDeploy), firstEvent(r); n != 1 || e.Kind != sim.KindDeploy || !e.At.Equal(s.Start.Add(c.at)) {
			t.Errorf("seed %d: %d deploys, first event %v; want one, at +%v", c.seed, n, e, c.at)
		}
		// One queued event processed: the deploy (it starts the VM while
		// it is handled; the VM's issuance, a boot delay later, and the
		// next deploy fall past the horizon).
		if r.Verdict.Events != 1 {
			t.Errorf("seed %d: Verdict.Events = %d, want 1", c.seed, r.Verdict.Events)
		}
	}
	for _, rate := range []float64{1e-9, 1e-300} {
		s.DeploysPerHour = rate
		if n := count(run(t, s), sim.KindDeploy); n != 0 {
			t.Errorf("%g deploys per hour: %d deploys in one hour, want 0", rate, n)
		}
	}
}
