package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/models/sim"
)

const simulateUsage = `usage: leapcheck simulate --preset NAME [--start INSTANT] [--seed N] [--json] [--svg FILE] [--full]

Replays a cluster under a guest agent's certificate policy, a host agent's restart
policy and the fabric controller's healing, as a deterministic discrete-event
simulation, and prints the incident timeline: first host fault, servers in Human
Investigate (HI) over time, cluster HI, VMs down and VM-hours lost. The same preset,
start and seed always give the same timeline.

Presets: %s

Examples:
  leapcheck simulate --preset azure2012
  leapcheck simulate --preset azure2012-fixed
  leapcheck simulate --preset azure2012 --start 2013-02-28T00:00:00Z   # a common year: no fault
  leapcheck simulate --preset azure2012 --json --svg hi.svg
`

// simulateJSON is the --json output.
type simulateJSON struct {
	Preset string    `json:"preset"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Seed   uint64    `json:"seed"`
	sim.Verdict
	HISeries []sim.Point `json:"hi_series"`
}

func runSimulate(args []string, stdout, stderr io.Writer) error {
	names := simPresetNames()
	fs := newFlagSet("simulate", fmt.Sprintf(simulateUsage, strings.Join(names, ", ")), stderr)
	preset := fs.String("preset", "", "scenario preset (required)")
	start := fs.String("start", "", "start instant, RFC 3339 (default: the preset's, 2012-02-29T00:00:00Z)")
	seed := fs.Uint64("seed", 0, "seed of the run's random choices (default: the preset's)")
	asJSON := fs.Bool("json", false, "print the verdict and the HI series as JSON")
	svg := fs.String("svg", "", "write an SVG chart of servers in HI over time to this file")
	full := fs.Bool("full", false, "print every event instead of the condensed timeline")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected arguments %q", pos)
	}
	if *preset == "" {
		return usagef("--preset is required (one of %s)", strings.Join(names, ", "))
	}
	s, err := sim.PresetByName(*preset)
	if err != nil {
		return usagef("--preset: %v", err)
	}
	if *start != "" {
		t, err := time.Parse(time.RFC3339, *start)
		if err != nil {
			return usagef("--start %q: want an RFC 3339 instant such as 2012-02-29T00:00:00Z", *start)
		}
		s.Start = t
	}
	if flagPassed(fs, "seed") {
		s.Seed = *seed
	}
	if err := s.Validate(); err != nil {
		return usagef("%v", err)
	}
	res, err := sim.Run(s)
	if err != nil {
		return err
	}
	if *svg != "" {
		if err := writeHISVG(*svg, s, res); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(simulateJSON{Preset: s.Name, Start: res.Timeline.Start, End: res.Timeline.End, Seed: s.Seed,
			Verdict: res.Verdict, HISeries: res.HISeries()})
	}
	render := res.Timeline.Render
	if *full {
		render = res.Timeline.RenderFull
	}
	if err := render(stdout); err != nil {
		return err
	}
	if *svg != "" {
		fmt.Fprintf(stdout, "chart: %s\n", *svg)
	}
	return nil
}

func simPresetNames() []string {
	var names []string
	for _, s := range sim.Presets() {
		names = append(names, s.Name)
	}
	return names
}

func writeHISVG(path string, s sim.Scenario, res sim.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--svg: %w", err)
	}
	var pts []point
	for _, p := range res.HISeries() {
		pts = append(pts, point{At: p.At, N: p.HI})
	}
	title := fmt.Sprintf("leapcheck simulate %s: servers in Human Investigate (of %d)", s.Name, res.Verdict.Servers)
	mark, label := res.Verdict.ClusterHIAt, "cluster HI"
	writeSeriesSVG(f, title, "servers in HI", pts, res.Timeline.Start, res.Timeline.End, mark, label)
	return f.Close()
}
