package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/internal/numfmt"
	"github.com/leapcheck/leapcheck/models/renew"
)

// fleetJSON is simulate --json for a fleet preset: the verdict of the
// renewal simulation, the expiry gaps and the number of services without
// a valid certificate over time.
type fleetJSON struct {
	SchemaVersion int    `json:"schema_version"`
	Preset        string `json:"preset"`
	// Kind is "fleet" (a renewal fleet, models/renew) for these presets.
	Kind            string         `json:"kind"`
	Start           time.Time      `json:"start"`
	End             time.Time      `json:"end"`
	Seed            uint64         `json:"seed"`
	Services        int            `json:"services"`
	Attempts        int            `json:"attempts"`
	Issued          int            `json:"issued"`
	RateLimited     int            `json:"rate_limited"`
	OutageRefused   int            `json:"outage_refused"`
	ScheduleErrors  int            `json:"schedule_errors"`
	Expiries        int            `json:"expiries"`
	ServicesExpired int            `json:"services_expired"`
	FirstExpiry     *time.Time     `json:"first_expiry"`
	FirstRateLimit  *time.Time     `json:"first_rate_limit"`
	DowntimeSeconds int64          `json:"downtime_seconds"`
	Outages         []renew.Outage `json:"outages"`
	Gaps            []fleetGap     `json:"gaps"`
	ExpiredSeries   []expiredPoint `json:"expired_series"`
}

// fleetGap is an expiry gap in JSON.
type fleetGap struct {
	Service int       `json:"service"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Open    bool      `json:"open"`
}

// expiredPoint is a step of the number of services without a valid
// certificate (after their first issuance).
type expiredPoint struct {
	At      time.Time `json:"at"`
	Expired int       `json:"expired"`
}

func fleetPresetNames() []string {
	var names []string
	for _, f := range renew.FleetPresets() {
		names = append(names, f.Name)
	}
	return names
}

// simulateFleet runs a renewal fleet preset for simulate: --start moves
// the run and its CA outages together, --seed replaces the preset's seed.
func simulateFleet(f renew.Fleet, start string, seed uintFlag, asJSON, full bool, svg string, stdout io.Writer) error {
	if start != "" {
		t, err := parseInstant(start)
		if err != nil {
			return usagef("--start %q: %v", start, err)
		}
		shift := t.Sub(f.Start)
		f.Start = t.UTC()
		for i := range f.Outages {
			f.Outages[i] = renew.Outage{From: f.Outages[i].From.Add(shift), To: f.Outages[i].To.Add(shift)}
		}
	}
	if seed.set {
		f.Seed = seed.v
	}
	if err := f.Validate(); err != nil {
		return usagef("%s", strings.TrimPrefix(err.Error(), "renew: "))
	}
	var chart *os.File
	if svg != "" {
		var err error
		if chart, err = os.Create(svg); err != nil {
			return ioErrorf("--svg", err)
		}
	}
	run, err := renew.Simulate(f)
	if err != nil {
		if chart != nil {
			chart.Close()
			os.Remove(chart.Name())
		}
		return &ioError{err.Error()}
	}
	switch {
	case asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(fleetResult(run)); err != nil {
			return &ioError{fmt.Sprintf("writing the result: %v", err)}
		}
	default:
		if err := renderFleet(stdout, run, full); err != nil {
			return &ioError{fmt.Sprintf("writing the timeline: %v", err)}
		}
	}
	if chart != nil {
		err1 := writeFleetSVG(chart, run)
		if err := errors.Join(err1, chart.Close()); err != nil {
			return ioErrorf("--svg", err)
		}
		if !asJSON {
			fmt.Fprintf(stdout, "chart: %s\n", svg)
		}
	}
	return nil
}

// fleetEnd is the last instant of a fleet's run.
func fleetEnd(f renew.Fleet) time.Time { return f.Start.Add(f.Horizon).UTC() }

func fleetResult(run renew.Run) fleetJSON {
	v, f := run.Verdict, run.Fleet
	out := fleetJSON{SchemaVersion: schemaVersion, Preset: f.Name, Kind: "fleet", Start: f.Start.UTC(), End: fleetEnd(f), Seed: f.Seed,
		Services: v.Services, Attempts: v.Attempts, Issued: v.Issued, RateLimited: v.RateLimited, OutageRefused: v.OutageRefused,
		ScheduleErrors: v.ScheduleErrors, Expiries: v.Expiries, ServicesExpired: v.ServicesExpired,
		DowntimeSeconds: int64(v.Downtime / time.Second), Outages: f.Outages, Gaps: []fleetGap{}, ExpiredSeries: expiredSeries(run)}
	if out.Outages == nil {
		out.Outages = []renew.Outage{}
	}
	if !v.FirstExpiry.IsZero() {
		t := v.FirstExpiry.UTC()
		out.FirstExpiry = &t
	}
	if !v.FirstRateLimit.IsZero() {
		t := v.FirstRateLimit.UTC()
		out.FirstRateLimit = &t
	}
	for _, g := range run.Gaps {
		out.Gaps = append(out.Gaps, fleetGap{Service: g.Service, From: g.From.UTC(), To: g.To.UTC(), Open: g.Open})
	}
	return out
}

// expiredSeries is the number of services without a valid certificate
// over the run: it rises at each KindExpired and falls at each
// KindRecovered, starting from 0 at the start of the run.
func expiredSeries(run renew.Run) []expiredPoint {
	pts := []expiredPoint{{At: run.Fleet.Start.UTC(), Expired: 0}}
	n := 0
	for _, e := range run.Events {
		switch e.Kind {
		case renew.KindExpired:
			n++
		case renew.KindRecovered:
			n--
		default:
			continue
		}
		if last := &pts[len(pts)-1]; last.At.Equal(e.At) {
			last.Expired = n
		} else {
			pts = append(pts, expiredPoint{At: e.At.UTC(), Expired: n})
		}
	}
	return pts
}

// renderFleet prints the run's timeline and verdict: every event with
// full, else consecutive events of one kind on one line (attempts, which
// are always followed by their answer, left out).
func renderFleet(w io.Writer, run renew.Run, full bool) error {
	f, v := run.Fleet, run.Verdict
	sync := "jittered timers"
	if f.Synchronized {
		sync = "synchronised timers"
	}
	fmt.Fprintf(w, "leapcheck simulate %s: %s, client %s, CA %s, %s, seed %d\n", f.Name, plural(int64(f.Services), "service"),
		f.Client.Name, f.CA.Name, sync, f.Seed)
	for _, l := range f.Limits {
		fmt.Fprintf(w, "limit %s (%s)\n", l, l.Scope)
	}
	fmt.Fprintf(w, "%s..%s UTC (%s)\n", f.Start.UTC().Format("2006-01-02 15:04"), fleetEnd(f).Format("2006-01-02 15:04"), daysText(f.Horizon))
	if f.Source != "" {
		fmt.Fprintf(w, "%s\n", f.Source)
	}
	fmt.Fprintln(w)
	if full {
		for _, e := range run.Events {
			fmt.Fprintln(w, e.String())
		}
	} else {
		for _, g := range condense(run.Events) {
			fmt.Fprintln(w, groupLine(g))
		}
	}
	fmt.Fprintf(w, "\n%s, %s, %s issued, %s refused by the rate limit, %s refused in CA outages\n", plural(int64(v.Services), "service"),
		plural(int64(v.Attempts), "request"), numfmt.Thousands(int64(v.Issued)), numfmt.Thousands(int64(v.RateLimited)), numfmt.Thousands(int64(v.OutageRefused)))
	if v.ScheduleErrors > 0 {
		fmt.Fprintf(w, "%s could not be scheduled\n", plural(int64(v.ScheduleErrors), "renewal"))
	}
	if v.Safe() {
		_, err := fmt.Fprintf(w, "NO EXPIRY: every service held a valid certificate from its first issuance to the end of the run\n")
		return err
	}
	fmt.Fprintf(w, "%s in %s, %s without a valid certificate in all\n", plural(int64(v.Expiries), "expiry gap"),
		plural(int64(v.ServicesExpired), "service"), daysText(v.Downtime))
	if !v.FirstRateLimit.IsZero() {
		fmt.Fprintf(w, "first rate-limit refusal %s\n", v.FirstRateLimit.UTC().Format(time.RFC3339))
	}
	_, err := fmt.Fprintf(w, "FIRST EXPIRY %s: a start of an expired service fails until it is renewed\n", v.FirstExpiry.UTC().Format(time.RFC3339))
	return err
}

// condense groups a timeline for printing: the events of one instant by
// kind (attempts, always followed by their answer, left out), then runs of
// refusals of one kind, and runs of single events of one kind (jittered
// services), into one group each.
func condense(evs []renew.Event) [][]renew.Event {
	var groups [][]renew.Event
	for i := 0; i < len(evs); {
		j := i
		for j < len(evs) && evs[j].At.Equal(evs[i].At) {
			j++
		}
		var kinds []renew.EventKind
		byKind := map[renew.EventKind][]renew.Event{}
		for _, e := range evs[i:j] {
			if e.Kind == renew.KindAttempt {
				continue
			}
			if byKind[e.Kind] == nil {
				kinds = append(kinds, e.Kind)
			}
			byKind[e.Kind] = append(byKind[e.Kind], e)
		}
		for _, k := range kinds {
			g := byKind[k]
			if n := len(groups); n > 0 {
				prev := groups[n-1]
				refusal := k == renew.KindRateLimited || k == renew.KindOutageRefused
				if prev[0].Kind == k && (refusal || len(g) == 1 && len(prev) == 1 || len(g) == 1 && !prev[0].At.Equal(prev[len(prev)-1].At)) {
					groups[n-1] = append(prev, g...)
					continue
				}
			}
			groups = append(groups, g)
		}
		i = j
	}
	return groups
}

// groupLine is one line of the condensed timeline: events of one kind,
// from the first instant to the last, with the services involved.
func groupLine(g []renew.Event) string {
	first, last := g[0], g[len(g)-1]
	when := first.At.UTC().Format("2006-01-02 15:04:05")
	if !last.At.Equal(first.At) {
		when += " .. " + last.At.UTC().Format("2006-01-02 15:04:05")
	} else {
		when += strings.Repeat(" ", len(" .. 2006-01-02 15:04:05"))
	}
	var ids []int
	seen := map[int]bool{}
	for _, e := range g {
		if e.Service >= 0 && !seen[e.Service] {
			seen[e.Service] = true
			ids = append(ids, e.Service)
		}
	}
	kind := first.Kind.String()
	if first.Kind == renew.KindExpired {
		kind = "EXPIRED"
	}
	s := fmt.Sprintf("%s  %-14s", when, kind)
	if len(ids) > 0 {
		what := plural(int64(len(g)), "event")
		switch first.Kind {
		case renew.KindIssued:
			what = plural(int64(len(g)), "certificate")
		case renew.KindRateLimited, renew.KindOutageRefused:
			what = plural(int64(len(g)), "refusal")
		case renew.KindExpired, renew.KindRecovered:
			what = plural(int64(len(g)), "service")
		}
		s += fmt.Sprintf(" %s, svc %s", what, idRanges(ids))
	}
	if first.Kind == renew.KindIssued && first.NotAfter.Equal(last.NotAfter) || first.Kind == renew.KindExpired {
		s += " notAfter " + first.NotAfter.UTC().Format(time.RFC3339)
	}
	same := true
	for _, e := range g {
		same = same && e.Detail == first.Detail
	}
	switch {
	case first.Detail != "" && same:
		s += " (" + first.Detail + ")"
	case first.Detail != "":
		s += " (first: " + first.Detail + ")"
	}
	return strings.TrimRight(s, " ")
}

// idRanges formats service numbers as "0-19, 25": sorted, runs collapsed.
func idRanges(ids []int) string {
	ids = append([]int(nil), ids...)
	for i := 1; i < len(ids); i++ { // insertion sort: a few thousand at most
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, strconv.Itoa(ids[i])+"-"+strconv.Itoa(ids[j]))
		} else {
			parts = append(parts, strconv.Itoa(ids[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// daysText is a duration in days and hours: "14 days", "5d 2h", "3h25m".
func daysText(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return plural(int64(d/(24*time.Hour)), "day")
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd %s", d/(24*time.Hour), numfmt.ShortDuration(d%(24*time.Hour)))
	}
	return numfmt.ShortDuration(d)
}

// writeFleetSVG draws the number of services without a valid certificate
// over the run, with the first expiry, the first rate-limit refusal and
// the CA outages marked.
func writeFleetSVG(w io.Writer, run renew.Run) error {
	f, v := run.Fleet, run.Verdict
	var pts []point
	for _, p := range expiredSeries(run) {
		pts = append(pts, point{At: p.At, N: p.Expired})
	}
	c := seriesChart{
		title:  fmt.Sprintf("leapcheck simulate %s: services without a valid certificate", f.Name),
		yLabel: "services without a valid certificate", pts: pts, from: f.Start.UTC(), to: fleetEnd(f), maxY: f.Services,
	}
	stamp := func(t time.Time) string { return t.UTC().Format("Jan 2 15:04") }
	if !v.FirstRateLimit.IsZero() {
		c.marks = append(c.marks, mark{v.FirstRateLimit, "first rate-limit refusal " + stamp(v.FirstRateLimit)})
	}
	if !v.FirstExpiry.IsZero() {
		c.marks = append(c.marks, mark{v.FirstExpiry, "first expiry " + stamp(v.FirstExpiry)})
	}
	for _, o := range f.Outages {
		c.bands = append(c.bands, band{o.From, o.To, "CA outage " + stamp(o.From) + " to " + stamp(o.To)})
	}
	limit := "no rate limit"
	if len(f.Limits) > 0 {
		var ls []string
		for _, l := range f.Limits {
			ls = append(ls, fmt.Sprintf("%d per %s", l.Count, daysText(l.Period)))
		}
		limit = "limits " + strings.Join(ls, ", ")
	}
	c.subtitle = fmt.Sprintf("%s (%s), %s: %s in %s, %s refused by the limit",
		plural(int64(f.Services), "service"), f.Client.Name, limit,
		plural(int64(v.Expiries), "expiry gap"), plural(int64(v.ServicesExpired), "service"), plural(int64(v.RateLimited), "request"))
	if v.Safe() {
		c.note = fmt.Sprintf("0 expiries: every service held a valid certificate for the %s run", strings.Replace(daysText(f.Horizon), " days", "-day", 1))
	}
	return c.write(w)
}
