package sim_test

// Data-driven transcripts (internal/transcript), in the style of
// cockroachdb/datadriven as etcd's raft tests use it. A testdata file is a
// sequence of blocks:
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
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/transcript"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
	"github.com/leapcheck/leapcheck/models/sim"
)

// runCmd handles one transcript command:
//
//	run [servers=N] [vms=N] [capacity=N] [threshold=N] [policy=HOST-PRESET]
//	    [issuance=CERT-PRESET] [start=RFC3339] [horizon=D] [boot=D] [initial=N]
//	    [deploys=R] [seed=N] [waves=COUNT@FIRST/INTERVALxSERVERS]
//	    [script=KIND[:N]@OFFSET,…]   KIND is start (N = vm), update or fault (N = server), deploy
//
// and prints every event (RenderFull without its header) and the verdict.
func runCmd(d *transcript.Cmd) string {
	if d.Name != "run" {
		return "error: unknown command " + d.Name
	}
	th, err := cluster.AtLeast(d.Atoi("threshold", "2"))
	if err != nil {
		return "error: " + err.Error()
	}
	var hp host.Policy
	if preset, err := host.PresetByName(d.Opt("policy", host.PresetAzure2012)); err == nil {
		hp = preset.Policy
	} else {
		d.Fail(err.Error())
	}
	var issuance cert.Policy
	if cp, err := cert.PresetByName(d.Opt("issuance", cert.GuestAgent2012)); err == nil {
		issuance = cp.Policy
	} else {
		d.Fail(err.Error())
	}
	start, err := time.Parse(time.RFC3339, d.Opt("start", "2012-02-29T00:00:00Z"))
	if err != nil {
		d.Fail(err.Error())
	}
	deploys, err := strconv.ParseFloat(d.Opt("deploys", "0"), 64)
	if err != nil {
		d.Fail(err.Error())
	}
	s := sim.Scenario{
		Name:           "transcript",
		Start:          start,
		Horizon:        d.Duration("horizon", "3h"),
		Cluster:        cluster.Config{Servers: d.Atoi("servers", "4"), Capacity: d.Atoi("capacity", "4"), Threshold: th},
		VMsPerServer:   d.Atoi("vms", "2"),
		Host:           hp,
		Issuance:       issuance,
		BootDelay:      d.Duration("boot", "1m"),
		InitialStarts:  d.Atoi("initial", "0"),
		DeploysPerHour: deploys,
		Seed:           uint64(d.Atoi("seed", "1")),
	}
	if w := d.Opt("waves", ""); w != "" {
		var first, interval string
		var count, per int
		spec := strings.NewReplacer("@", " ", "/", " ", "x", " ").Replace(w)
		if _, err := fmt.Sscan(spec, &count, &first, &interval, &per); err != nil {
			d.Fail("waves: " + err.Error())
		}
		f, _ := time.ParseDuration(first)
		iv, _ := time.ParseDuration(interval)
		s.Updates = sim.Waves{Count: count, FirstAt: f, Interval: iv, ServersPerWave: per}
	}
	if sc := d.Opt("script", ""); sc != "" {
		for _, ev := range strings.Split(sc, ",") {
			what, off, _ := strings.Cut(ev, "@")
			kind, n, _ := strings.Cut(what, ":")
			o, err := time.ParseDuration(off)
			if err != nil {
				d.Fail("script: " + err.Error())
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
	if d.Failed() {
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
		t.Run(f, func(t *testing.T) { transcript.Run(t, f, runCmd) })
	}
}
