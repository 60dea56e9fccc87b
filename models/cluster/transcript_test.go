package cluster

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/transcript"
)

// TestTranscripts replays every testdata/*.txt transcript. After every Step
// the driver runs State.Check, so each transcript is also an invariant test.
func TestTranscripts(t *testing.T) {
	transcript.RunGlob(t, "testdata/*.txt", func() func(*transcript.Cmd) string { return (&harness{}).cmd })
}

type harness struct {
	s    *State
	base time.Time
	out  []string
}

func (h *harness) fmt(t time.Time) string {
	s := t.UTC().Format("15:04")
	if d := int(t.Sub(h.base) / (24 * time.Hour)); d != 0 {
		s = fmt.Sprintf("+%dd %s", d, s)
	}
	return s
}

func (h *harness) parseTime(v string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02T15:04Z07:00", v); err == nil {
		h.base = t.Truncate(24 * time.Hour)
		return t, nil
	}
	if c, err := time.Parse("15:04", v); err == nil {
		return h.base.Add(c.Sub(c.Truncate(24 * time.Hour))), nil
	}
	return time.Time{}, fmt.Errorf("bad time %q", v)
}

func (h *harness) step(ev Event, at time.Time) {
	h.out = append(h.out, fmt.Sprintf("%s %v", h.fmt(at), ev))
	before := h.s.Clone()
	acts, err := Step(h.s, ev, at)
	if err != nil {
		h.out = append(h.out, "error: "+err.Error())
		if !sameState(before, h.s) {
			h.out = append(h.out, "BUG: state changed on error")
		}
		return
	}
	for _, a := range acts {
		line := a.String()
		if c, ok := a.(ClusterHI); ok {
			line = fmt.Sprintf("cluster-hi hi=%d/%d at=%s", c.HIServers, c.Servers, h.fmt(c.At))
		}
		h.out = append(h.out, "> "+line)
	}
	if err := h.s.Check(); err != nil {
		h.out = append(h.out, "BUG: "+err.Error())
	}
}

// cmd runs one transcript command. Commands:
//
//	new preset=azure2012|kubernetes [servers=N] [capacity=N] [count=N | fraction=F [min=N]]
//	deploy vm=N [n=K] at=T        (deploys VMs N … N+K−1)
//	place vm=N server=S at=T
//	fault server=S [n=K] at=T     (faults servers S … S+K−1)
//	update server=S at=T
//	state                         (servers with VMs or in HI, stranded VMs, cluster HI)
func (h *harness) cmd(d *transcript.Cmd) string {
	h.out = nil
	switch d.Name {
	case "new":
		var cfg Config
		switch p := d.Arg("preset"); p {
		case "azure2012":
			cfg = Azure2012()
		case "kubernetes":
			cfg = Kubernetes()
		default:
			return "error: unknown preset " + p
		}
		cfg.Servers = d.Atoi("servers", strconv.Itoa(cfg.Servers))
		cfg.Capacity = d.Atoi("capacity", strconv.Itoa(cfg.Capacity))
		var err error
		if d.Has("count") {
			cfg.Threshold, err = AtLeast(d.Atoi("count", ""))
		} else if d.Has("fraction") {
			f, perr := strconv.ParseFloat(d.Opt("fraction", ""), 64)
			if perr != nil {
				d.Fail(perr.Error())
			}
			cfg.Threshold, err = AtLeastFraction(f, d.Atoi("min", "1"))
		}
		if err == nil {
			var s *State
			s, err = NewState(cfg)
			if err == nil {
				h.s = s
			}
		}
		if err != nil {
			return "error: " + err.Error()
		}
		return cfg.String()
	case "deploy", "place", "fault", "update":
		at, err := h.parseTime(d.Arg("at"))
		if err != nil {
			return "error: " + err.Error()
		}
		n := d.Atoi("n", "1")
		for i := range n {
			var ev Event
			switch d.Name {
			case "deploy":
				ev = VMDeploy{VM: VMID(d.Atoi("vm", "") + i)}
			case "place":
				ev = VMPlaced{VM: VMID(d.Atoi("vm", "") + i), Server: ServerID(d.Atoi("server", ""))}
			case "fault":
				ev = HostFaultReported{Server: ServerID(d.Atoi("server", "") + i)}
			case "update":
				ev = PlatformUpdate{Server: ServerID(d.Atoi("server", "") + i)}
			}
			h.step(ev, at)
		}
	case "state":
		for i := range h.s.Config().Servers {
			st, _ := h.s.Status(ServerID(i))
			if vms := h.s.VMsOn(ServerID(i)); len(vms) > 0 || st == HI {
				h.out = append(h.out, fmt.Sprintf("server %d %v vms=%v", i, st, vms))
			}
		}
		if st := h.s.Stranded(); len(st) > 0 {
			h.out = append(h.out, fmt.Sprintf("stranded %v", st))
		}
		at, in := h.s.InHI()
		line := fmt.Sprintf("cluster: %d VMs, %d/%d servers HI", h.s.VMs(), h.s.HIServers(), h.s.Config().Servers)
		if in {
			line += ", in HI since " + h.fmt(at)
		}
		h.out = append(h.out, line)
	default:
		d.Fail("unknown command " + d.Name)
	}
	return strings.Join(h.out, "\n")
}
