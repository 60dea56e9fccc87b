package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/internal/numfmt"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/models/sim"
)

const simulateUsage = `usage: leapcheck simulate --preset NAME [--start INSTANT] [--seed N] [--json] [--svg FILE] [--full]
       leapcheck simulate --setup FILE [--start INSTANT] [--seed N] [--json] [--svg FILE] [--full]

Replays a cluster under a guest agent's certificate policy, a host agent's restart
policy and the fabric controller's healing, as a deterministic discrete-event
simulation, and prints the incident timeline: first host fault, servers in Human
Investigate (HI) over time, cluster HI, VMs down and VM-hours lost. The same preset,
start and seed always give the same timeline.

The run starts at --start and must end by 9999-12-31T23:59:59Z, the model's last
instant. It lasts as long as its preset says:
  %s

Renewal fleet presets instead simulate services renewing their certificates from one
CA (models/renew): a timeline of issuances, renewals, CA outages, rate-limit refusals
and expiry gaps, and the first instant a service held no valid certificate, when
its starts begin to fail. --start moves the run and its CA outages together; --json
gives the verdict, the gaps and the count of services without a certificate over
time, and --svg charts that count. --setup FILE simulates your own fleet, written as
YAML or JSON (see 'leapcheck setup -h').

Exit status: 0 when the run completes (whatever its verdict), 2 for bad usage, 3 when
the chart cannot be written (the timeline is printed first).

Presets: %s
Renewal fleet presets: %s

Examples:
  leapcheck simulate --preset azure2012
  leapcheck simulate --preset azure2012-fixed
  leapcheck simulate --preset azure2012 --start 2013-02-28T00:00:00Z   # a common year: no fault
  leapcheck simulate --preset azure2012 --json --svg hi.svg
  leapcheck simulate --preset certbot-shortlived-storm --svg storm.svg   # a renewal storm
`

// simulateJSON is the --json output.
type simulateJSON struct {
	SchemaVersion int       `json:"schema_version"`
	Preset        string    `json:"preset"`
	Start         time.Time `json:"start"`
	End           time.Time `json:"end"`
	Seed          uint64    `json:"seed"`
	sim.Verdict
	HISeries []sim.Point `json:"hi_series"`
}

// lastInstant is the model's last instant, 9999-12-31T23:59:59Z.
var lastInstant = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

func runSimulate(args []string, stdout, stderr io.Writer) error {
	names := simPresetNames()
	var lengths []string
	for _, p := range sim.Presets() {
		lengths = append(lengths, fmt.Sprintf("%s %s", p.Name, numfmt.ShortDuration(p.Horizon)))
	}
	for _, f := range renew.FleetPresets() {
		lengths = append(lengths, fmt.Sprintf("%s %s", f.Name, daysText(f.Horizon)))
	}
	fleets := fleetPresetNames()
	c := newCommand("simulate", fmt.Sprintf(simulateUsage, wrapList(lengths, 2, 88), strings.Join(names, ", "), wrapList(fleets, len("Renewal fleet presets: "), 88)), stdout)
	fs := c.fs
	preset := fs.String("preset", "", "scenario preset `NAME` (required unless --setup)")
	setup := fs.String("setup", "", "simulate the renewal fleet in `FILE` (YAML, or JSON if it ends in .json)")
	start := fs.String("start", "", "start `INSTANT`, RFC 3339 (default: the preset's, such as 2012-02-29T00:00:00Z)")
	var seed uintFlag
	fs.Var(&seed, "seed", "seed `N` of the run's random choices, 0..2^64-1 (default: the preset's)")
	asJSON := fs.Bool("json", false, "print the verdict and the HI series (fleets: the gaps) as JSON (schema_version 1)")
	svg := fs.String("svg", "", "write an SVG chart of servers in HI (fleets: services without a certificate) over time to `FILE`")
	full := fs.Bool("full", false, "print every event instead of the condensed timeline")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected arguments %q", pos)
	}
	if err := refuseWith(fs, "json", "full"); err != nil {
		return err
	}
	if *setup != "" {
		if *preset != "" {
			return usagef("--setup and --preset: give one")
		}
		sf, err := readSetup(*setup)
		if err != nil {
			return err
		}
		f, err := sf.toFleet(*setup)
		if err != nil {
			return err
		}
		return simulateFleet(f, *start, seed, *asJSON, *full, *svg, stdout)
	}
	if *preset == "" {
		return usagef("--preset is required (one of %s; renewal fleets %s)", strings.Join(names, ", "), strings.Join(fleets, ", "))
	}
	if f, err := renew.FleetPresetByName(*preset); err == nil {
		return simulateFleet(f, *start, seed, *asJSON, *full, *svg, stdout)
	}
	s, err := sim.PresetByName(*preset)
	if err != nil {
		return usagef("--preset %q: no such preset (have %s; renewal fleets %s)", *preset, strings.Join(names, ", "), strings.Join(fleets, ", "))
	}
	if *start != "" {
		t, err := parseInstant(*start)
		if err != nil {
			return usagef("--start %q: %v", *start, err)
		}
		s.Start = t
	}
	if s.Start.Before(minInstant) {
		return usagef("--start %s: before %s, the model's first instant", s.Start.UTC().Format(time.RFC3339), minInstant.Format(time.RFC3339))
	}
	if s.Start.Add(s.Horizon).After(lastInstant) {
		return usagef("--start %s: the %s run would end after %s, the model's last instant; start by %s",
			s.Start.UTC().Format(time.RFC3339), hours(s.Horizon), lastInstant.Format(time.RFC3339), lastInstant.Add(-s.Horizon).Format(time.RFC3339))
	}
	if seed.set {
		s.Seed = seed.v
	}
	if err := s.Validate(); err != nil {
		return usagef("%v", err)
	}
	// Check the output before the run.
	var chart *os.File
	if *svg != "" {
		if chart, err = os.Create(*svg); err != nil {
			return ioErrorf("--svg", err)
		}
	}
	res, err := sim.Run(s)
	if err != nil {
		if chart != nil {
			chart.Close()
			os.Remove(chart.Name())
		}
		return &ioError{err.Error()}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(simulateJSON{SchemaVersion: schemaVersion, Preset: s.Name, Start: res.Timeline.Start, End: res.Timeline.End,
			Seed: s.Seed, Verdict: res.Verdict, HISeries: res.HISeries()}); err != nil {
			return &ioError{fmt.Sprintf("writing the result: %v", err)}
		}
	} else {
		render := res.Timeline.Render
		if *full {
			render = res.Timeline.RenderFull
		}
		if err := render(stdout); err != nil {
			return &ioError{fmt.Sprintf("writing the timeline: %v", err)}
		}
	}
	if chart != nil {
		err1 := writeHISVG(chart, s, res)
		if err := errors.Join(err1, chart.Close()); err != nil {
			return ioErrorf("--svg", err)
		}
		if !*asJSON {
			fmt.Fprintf(stdout, "chart: %s\n", *svg)
		}
	}
	return nil
}

// minInstant is the model's first instant, 0001-01-01T00:00:00Z.
var minInstant = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// parseInstant parses an RFC 3339 instant, saying which part is wrong: a
// date that does not exist is named as such.
func parseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err == nil {
		return t, nil
	}
	if len(s) >= 10 {
		if _, derr := calendar.ParseDate(s[:10]); derr != nil && errors.Is(derr, calendar.ErrNoSuchDay) {
			return time.Time{}, errors.New(calendarMessage(derr))
		}
	}
	return time.Time{}, errors.New("want an RFC 3339 instant such as 2012-02-29T00:00:00Z")
}

func simPresetNames() []string {
	var names []string
	for _, s := range sim.Presets() {
		names = append(names, s.Name)
	}
	return names
}

// writeHISVG draws servers in HI over the part of the run where they change
// (the whole run when none does), with the first host fault, cluster HI and
// the cluster's threshold marked.
func writeHISVG(w io.Writer, s sim.Scenario, res sim.Result) error {
	v := res.Verdict
	var pts []point
	lastChange := res.Timeline.Start
	for i, p := range res.HISeries() {
		pts = append(pts, point{At: p.At, N: p.HI})
		if i > 0 && p.HI != pts[i-1].N {
			lastChange = p.At
		}
	}
	c := seriesChart{
		title:  fmt.Sprintf("leapcheck simulate %s: servers in Human Investigate", s.Name),
		yLabel: "servers in HI", pts: pts, from: res.Timeline.Start, to: res.Timeline.End,
		maxY: v.Servers,
	}
	for n := 1; n <= v.Servers; n++ {
		if s.Cluster.Threshold.Reached(n, v.Servers) {
			c.threshold = n
			c.thresholdLabel = fmt.Sprintf("cluster HI threshold: %d of %s", n, plural(int64(v.Servers), "server"))
			break
		}
	}
	hhmm := func(t time.Time) string { return t.UTC().Format("15:04") }
	if at, ok := v.FirstFault(); ok {
		c.marks = append(c.marks, mark{at, "first host fault " + hhmm(at)})
		lastChange = maxTime(lastChange, at)
	}
	if at, ok := v.ClusterHI(); ok {
		c.marks = append(c.marks, mark{at, "cluster HI " + hhmm(at)})
		lastChange = maxTime(lastChange, at)
	}
	c.subtitle = fmt.Sprintf("%d of %s in HI at the end of the run (%s..%s UTC)", v.ServersInHI, plural(int64(v.Servers), "server"),
		res.Timeline.Start.UTC().Format("2006-01-02 15:04"), res.Timeline.End.UTC().Format("2006-01-02 15:04"))
	if v.ServersInHI == 0 && len(c.marks) == 0 {
		c.note = fmt.Sprintf("0 servers in HI: no host fault in the %s run", hours(res.Timeline.End.Sub(res.Timeline.Start)))
	} else if end := lastChange.Add(time.Hour).Truncate(time.Hour); end.Before(c.to) {
		// Zoom on the cascade: the axis ends an hour after the last change.
		c.to = end
		c.subtitle += fmt.Sprintf("; no change after %s", hhmm(lastChange))
	}
	return c.write(w)
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// hours is "24-hour" or "90-minute": a run's length as an adjective.
func hours(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d-hour", d/time.Hour)
	}
	return fmt.Sprintf("%d-minute", d/time.Minute)
}
