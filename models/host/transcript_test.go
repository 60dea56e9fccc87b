package host

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/transcript"
)

// TestTranscripts replays every testdata/*.txt transcript through a small
// discrete-event driver: timers the host agent sets fire at their deadlines,
// and each VM's guest behaves as the transcript's guest command says.
func TestTranscripts(t *testing.T) {
	transcript.RunGlob(t, "testdata/*.txt", func() func(*transcript.Cmd) string { return (&harness{}).cmd })
}

// guestMode is how a VM's guest behaves after each StartVM.
type guestMode struct {
	onStart string        // "silent" (never reports), "fail" or "ready"
	after   time.Duration // delay before the fail or ready report
	crash   time.Duration // for "ready": crash this long after ready (0: never)
}

type queued struct {
	at  time.Time
	seq int
	ev  Event
}

// harness is a minimal simulator: an event queue keyed by (time, sequence),
// a host State, and scripted guests.
type harness struct {
	s      State
	base   time.Time // midnight of the first absolute instant; times print relative to it
	now    time.Time
	seq    int
	queue  []queued
	guests map[VMID]guestMode
	out    []string
}

func (h *harness) push(at time.Time, ev Event) {
	h.seq++
	q := queued{at: at, seq: h.seq, ev: ev}
	i := sort.Search(len(h.queue), func(i int) bool {
		x := h.queue[i]
		return x.at.After(at) || (x.at.Equal(at) && x.seq > q.seq)
	})
	h.queue = append(h.queue, queued{})
	copy(h.queue[i+1:], h.queue[i:])
	h.queue[i] = q
}

func (h *harness) cancel(vm VMID, id TimerID) {
	for i, q := range h.queue {
		if tf, ok := q.ev.(TimerFired); ok && tf.VM == vm && tf.Timer == id {
			h.queue = append(h.queue[:i], h.queue[i+1:]...)
			return
		}
	}
}

// drain steps every queued event due before t (or at t, if inclusive).
func (h *harness) drain(t time.Time, inclusive bool) {
	for len(h.queue) > 0 {
		q := h.queue[0]
		if q.at.After(t) || (!inclusive && q.at.Equal(t)) {
			return
		}
		h.queue = h.queue[1:]
		h.step(q.ev, q.at)
	}
}

// step applies one event and carries out its actions.
func (h *harness) step(ev Event, at time.Time) {
	h.out = append(h.out, fmt.Sprintf("%s %v", h.fmt(at), ev))
	next, acts, err := Step(h.s, ev, at)
	if err != nil {
		h.out = append(h.out, "error: "+err.Error())
		if !next.Equal(h.s) {
			h.out = append(h.out, "BUG: state changed on error")
		}
		return
	}
	h.s = next
	if at.After(h.now) {
		h.now = at
	}
	for _, a := range acts {
		h.out = append(h.out, "> "+h.fmt(at)+" "+h.action(a))
		switch a := a.(type) {
		case SetTimer:
			h.push(a.At, TimerFired{VM: a.VM, Timer: a.Timer})
		case CancelTimer:
			h.cancel(a.VM, a.Timer)
		case StartVM:
			g := h.guests[a.VM]
			switch g.onStart {
			case "fail":
				h.push(at.Add(g.after), GuestFailed{VM: a.VM})
			case "ready":
				h.push(at.Add(g.after), GuestReady{VM: a.VM})
				if g.crash > 0 {
					h.push(at.Add(g.after+g.crash), GuestFailed{VM: a.VM})
				}
			}
		}
	}
}

func (h *harness) action(a Action) string {
	switch a := a.(type) {
	case SetTimer:
		return fmt.Sprintf("set-timer vm=%d #%d at=%s (%v)", a.VM, a.Timer, h.fmt(a.At), a.Reason)
	case ReportHardwareFault:
		return fmt.Sprintf("hardware-fault server=%d vm=%d failures=%d at=%s", a.Server, a.VM, a.Failures, h.fmt(a.At))
	}
	return a.String()
}

// fmt prints t as a clock time on the base day ("01:15", "00:00:10",
// "00:00:00.3"), with a "+Nd" day prefix after it.
func (h *harness) fmt(t time.Time) string {
	d := t.Sub(h.base)
	days := int(d / (24 * time.Hour))
	t = t.UTC()
	s := t.Format("15:04")
	if t.Second() != 0 || t.Nanosecond() != 0 {
		s = t.Format("15:04:05.999999999")
	}
	if days != 0 {
		s = fmt.Sprintf("+%dd %s", days, s)
	}
	return s
}

// parseTime reads an absolute instant (2012-02-29T00:00Z), a clock time on
// the base day (00:25, 00:00:00.5) or an offset from now (+25m).
func (h *harness) parseTime(v string) (time.Time, error) {
	if strings.HasPrefix(v, "+") {
		d, err := time.ParseDuration(v[1:])
		return h.now.Add(d), err
	}
	for _, layout := range []string{"2006-01-02T15:04Z07:00", time.RFC3339Nano} {
		if t, err := time.Parse(layout, v); err == nil {
			if h.base.IsZero() {
				h.base = t.Truncate(24 * time.Hour)
				h.now = t
			}
			return t, nil
		}
	}
	for _, layout := range []string{"15:04", "15:04:05.999999999"} {
		if c, err := time.Parse(layout, v); err == nil {
			return h.base.Add(c.Sub(c.Truncate(24 * time.Hour))), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", v)
}

// cmd runs one transcript command. Commands:
//
//	new policy=HOST-PRESET [server=N] [faultlimit=N] [timeout=D] [detect-exit=on|off]
//	new policy=fixed delay=D timeout=D limit=N [server=N] ...
//	new policy=backoff initial=D max=D reset=D [server=N] ...
//	new policy=startlimit restart=D timeout=D burst=N interval=D [server=N] ...
//	guest vm=N on-start=silent|fail|ready [after=D] [crash-after=D]
//	start|ready|fail|stop vm=N at=T   (first runs queued events due before T)
//	timer vm=N id=K at=T              (delivers a TimerFired by hand)
//	run until=T                       (runs queued events due at or before T)
//	state                             (prints the host State)
func (h *harness) cmd(d *transcript.Cmd) string {
	h.out = nil
	switch d.Name {
	case "new":
		p, err := h.policy(d)
		if err == nil {
			h.s, err = NewState(ServerID(d.Atoi("server", "1")), p)
		}
		if err != nil {
			return "error: " + err.Error()
		}
		h.queue, h.guests = nil, map[VMID]guestMode{}
		h.base, h.now = time.Time{}, time.Time{}
		return h.s.Policy().String()
	case "guest":
		h.guests[VMID(d.Atoi("vm", ""))] = guestMode{onStart: d.Arg("on-start"), after: d.Duration("after", "0s"), crash: d.Duration("crash-after", "0s")}
		return ""
	case "start", "ready", "fail", "stop", "timer":
		vm := VMID(d.Atoi("vm", ""))
		at, err := h.parseTime(d.Arg("at"))
		if err != nil {
			return "error: " + err.Error()
		}
		h.drain(at, false)
		var ev Event
		switch d.Name {
		case "start":
			ev = StartRequested{VM: vm}
		case "ready":
			ev = GuestReady{VM: vm}
		case "fail":
			ev = GuestFailed{VM: vm}
		case "stop":
			ev = VMStopped{VM: vm}
		case "timer":
			ev = TimerFired{VM: vm, Timer: TimerID(d.Atoi("id", ""))}
		}
		h.step(ev, at)
	case "run":
		until, err := h.parseTime(d.Arg("until"))
		if err != nil {
			return "error: " + err.Error()
		}
		h.drain(until, true)
		if until.After(h.now) {
			h.now = until
		}
	case "state":
		if f, ok := h.s.Fault(); ok {
			h.out = append(h.out, "fault at "+h.fmt(f))
		}
		for _, v := range h.s.VMs() {
			line := fmt.Sprintf("vm=%d %v attempt=%d failures=%d", v.VM, v.Phase, v.Attempt, v.Failures)
			if v.Timer != 0 {
				line += fmt.Sprintf(" timer=#%d@%s", v.Timer, h.fmt(v.Deadline))
			}
			if v.GuestDown {
				line += " guest-down"
			}
			h.out = append(h.out, line)
		}
		if len(h.out) == 0 {
			return "no vms"
		}
	default:
		d.Fail("unknown command " + d.Name)
	}
	return strings.Join(h.out, "\n")
}

func (h *harness) policy(d *transcript.Cmd) (Policy, error) {
	var p Policy
	var err error
	switch name := d.Arg("policy"); name {
	case "fixed":
		p, err = FixedDelay(d.Duration("delay", "0s"), d.Duration("timeout", "0s"), d.Atoi("limit", "0"))
	case "backoff":
		p, err = ExponentialBackoff(d.Duration("initial", "0s"), d.Duration("max", "0s"), d.Duration("reset", "0s"))
	case "startlimit":
		p, err = StartLimit(d.Duration("restart", "0s"), d.Duration("timeout", "0s"), d.Atoi("burst", "0"), d.Duration("interval", "0s"))
	default:
		preset, perr := PresetByName(name)
		if perr != nil {
			return Policy{}, fmt.Errorf("unknown policy %q", name)
		}
		p = preset.Policy
	}
	if err == nil && d.Has("faultlimit") {
		p, err = p.WithFaultLimit(d.Atoi("faultlimit", ""))
	}
	if err == nil && d.Has("timeout") && d.Opt("policy", "") != "fixed" && d.Opt("policy", "") != "startlimit" {
		p, err = p.WithTimeout(d.Duration("timeout", ""))
	}
	if err == nil && d.Has("detect-exit") {
		p = p.WithExitDetection(d.Opt("detect-exit", "") == "on")
		err = p.Validate()
	}
	return p, err
}
