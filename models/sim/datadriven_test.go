package sim_test

// A data-driven transcript runner in the style of cockroachdb/datadriven (as
// etcd's raft tests use it), like the ones in models/host and
// models/cluster. A testdata file is a sequence of blocks:
//
//	# comments and blank lines between blocks are kept verbatim
//	run key=value key=value
//	----
//	expected output, up to the next blank line or end of file
//
// Run with -rewrite to replace every expected output with the actual output,
// then review the change as a diff.

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
	"github.com/leapcheck/leapcheck/models/sim"
)

type ddCmd struct {
	name string
	args map[string]string
	used map[string]bool
	errs []string
}

func (d *ddCmd) opt(key, def string) string {
	d.used[key] = true
	if v, ok := d.args[key]; ok {
		return v
	}
	return def
}

func (d *ddCmd) atoi(key, def string) int {
	n, err := strconv.Atoi(d.opt(key, def))
	if err != nil {
		d.errs = append(d.errs, fmt.Sprintf("%s: %v", key, err))
	}
	return n
}

func (d *ddCmd) dur(key, def string) time.Duration {
	v, err := time.ParseDuration(d.opt(key, def))
	if err != nil {
		d.errs = append(d.errs, fmt.Sprintf("%s: %v", key, err))
	}
	return v
}

func (d *ddCmd) unused() []string {
	var out []string
	for k := range d.args {
		if !d.used[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func runTranscript(t *testing.T, path string, run func(d *ddCmd) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			out = append(out, line)
			continue
		}
		pos := fmt.Sprintf("%s:%d", path, i+1)
		if i+1 >= len(lines) || lines[i+1] != "----" {
			t.Fatalf("%s: command %q is not followed by ----", pos, line)
		}
		f := strings.Fields(trimmed)
		d := &ddCmd{name: f[0], args: map[string]string{}, used: map[string]bool{}}
		for _, kv := range f[1:] {
			k, v, _ := strings.Cut(kv, "=")
			d.args[k] = v
		}
		i += 2
		start := i
		for i < len(lines) && lines[i] != "" {
			i++
		}
		want := strings.Join(lines[start:i], "\n")
		got := strings.TrimRight(run(d), "\n")
		if len(d.errs) > 0 || len(d.unused()) > 0 {
			t.Fatalf("%s: bad command %q: %v; unknown arguments %v", pos, line, d.errs, d.unused())
		}
		out = append(out, line, "----")
		if got != "" {
			out = append(out, got)
		}
		if i < len(lines) {
			out = append(out, "")
		}
		if !*rewrite && got != want {
			t.Errorf("%s: %s\n--- want:\n%s\n--- got:\n%s\n(run go test -run %s -rewrite to accept)", pos, line, want, got, t.Name())
		}
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runCmd handles one transcript command:
//
//	run [servers=N] [vms=N] [capacity=N] [threshold=N] [policy=azure2012|kubernetes|systemd]
//	    [issuance=CERT-PRESET] [start=RFC3339] [horizon=D] [boot=D] [initial=N]
//	    [deploys=R] [seed=N] [waves=COUNT@FIRST/INTERVALxSERVERS]
//	    [script=KIND[:N]@OFFSET,…]   KIND is start (N = vm), update or fault (N = server), deploy
//
// and prints every event (RenderFull without its header) and the verdict.
func runCmd(d *ddCmd) string {
	if d.name != "run" {
		return "error: unknown command " + d.name
	}
	th, err := cluster.AtLeast(d.atoi("threshold", "2"))
	if err != nil {
		return "error: " + err.Error()
	}
	var hp host.Policy
	switch p := d.opt("policy", "azure2012"); p {
	case "azure2012":
		hp = host.Azure2012()
	case "kubernetes":
		hp = host.Kubernetes()
	case "systemd":
		hp = host.Systemd()
	default:
		d.errs = append(d.errs, "unknown policy "+p)
	}
	var issuance cert.Policy
	if cp, err := cert.PresetByName(d.opt("issuance", cert.GuestAgent2012)); err == nil {
		issuance = cp.Policy
	} else {
		d.errs = append(d.errs, err.Error())
	}
	start, err := time.Parse(time.RFC3339, d.opt("start", "2012-02-29T00:00:00Z"))
	if err != nil {
		d.errs = append(d.errs, err.Error())
	}
	deploys, err := strconv.ParseFloat(d.opt("deploys", "0"), 64)
	if err != nil {
		d.errs = append(d.errs, err.Error())
	}
	s := sim.Scenario{
		Name:           "transcript",
		Start:          start,
		Horizon:        d.dur("horizon", "3h"),
		Cluster:        cluster.Config{Servers: d.atoi("servers", "4"), Capacity: d.atoi("capacity", "4"), Threshold: th},
		VMsPerServer:   d.atoi("vms", "2"),
		Host:           hp,
		Issuance:       issuance,
		BootDelay:      d.dur("boot", "1m"),
		InitialStarts:  d.atoi("initial", "0"),
		DeploysPerHour: deploys,
		Seed:           uint64(d.atoi("seed", "1")),
	}
	if w := d.opt("waves", ""); w != "" {
		var first, interval string
		var count, per int
		spec := strings.NewReplacer("@", " ", "/", " ", "x", " ").Replace(w)
		if _, err := fmt.Sscan(spec, &count, &first, &interval, &per); err != nil {
			d.errs = append(d.errs, "waves: "+err.Error())
		}
		f, _ := time.ParseDuration(first)
		iv, _ := time.ParseDuration(interval)
		s.Updates = sim.Waves{Count: count, FirstAt: f, Interval: iv, ServersPerWave: per}
	}
	if sc := d.opt("script", ""); sc != "" {
		for _, ev := range strings.Split(sc, ",") {
			what, off, _ := strings.Cut(ev, "@")
			kind, n, _ := strings.Cut(what, ":")
			o, err := time.ParseDuration(off)
			if err != nil {
				d.errs = append(d.errs, "script: "+err.Error())
			}
			num, _ := strconv.Atoi(n)
			e := sim.Scripted{At: start.Add(o), Server: num, VM: num}
			switch kind {
			case "start":
				e.Kind = sim.ScriptStart
			case "deploy":
				e.Kind = sim.ScriptDeploy
			case "update":
				e.Kind = sim.ScriptUpdate
			case "fault":
				e.Kind = sim.ScriptFault
			}
			s.Script = append(s.Script, e)
		}
	}
	if len(d.errs) > 0 {
		return ""
	}
	r, err := sim.Run(s)
	if err != nil {
		return "error: " + err.Error()
	}
	var b bytes.Buffer
	if err := r.Timeline.RenderFull(&b); err != nil {
		return "error: " + err.Error()
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")[1:]
	for i, l := range lines {
		// Shorten the cert error, which the cert model's own tests check.
		if j := strings.Index(l, "guest agent failed: cert: issue at"); j >= 0 {
			lines[i] = l[:j] + "guest agent failed: cert error"
		}
	}
	v := r.Verdict
	ff, cl := "none", "none"
	if t, ok := v.FirstFault(); ok {
		ff = t.Format(time.RFC3339)
	}
	if t, ok := v.ClusterHI(); ok {
		cl = t.Format(time.RFC3339)
	}
	lines = append(lines, fmt.Sprintf("verdict: first fault %s, cluster HI %s, %d/%d servers in HI, %d of %d VMs down, %.2f VM-hours lost, %d starts, %d cert failures",
		ff, cl, v.ServersInHI, v.Servers, v.VMsDown, v.VMs, v.VMHoursLost, v.Starts, v.CertFailures))
	return strings.Join(lines, "\n")
}

func TestTranscripts(t *testing.T) {
	for _, f := range []string{"testdata/cascade.txt", "testdata/errors.txt"} {
		t.Run(f, func(t *testing.T) { runTranscript(t, f, runCmd) })
	}
}
