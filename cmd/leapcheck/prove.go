package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/internal/shard"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/sim"
)

const proveUsage = `usage: leapcheck prove [--preset NAME ...] [--from DATE --to DATE] [--shard i/n] [--offsets] [--json] [--report DIR]

Runs the proof over every issuance date (all 3,652,059 days 0001-01-01..9999-12-31 by
default), in parallel on all cores. For each date and preset it issues the guest
agent's certificate at the instants of the day that matter; where issuance fails it
runs the host agent's restart policy and, if the host reports a hardware fault, the
fabric controller's healing, to see how far the failure gets: certificate, host fault
or cluster HI (Human Investigate).

Each preset states the issuance dates it fails on (its claim; the 2012 guest agent's is
every February 29, the fixed agent's none). A preset passes when it fails on exactly
the dates of its claim in the range and nowhere else: a safe preset on no date, the
2012 agent on exactly the February 29ths, since a proof that cannot fail is not a proof.

Exit status: 0 when every preset passes, 1 when one does not, 2 for bad usage.

Presets: %s

Examples:
  leapcheck prove
  leapcheck prove --preset azure2012-fixed --from 2000-01-01 --to 2099-12-31
  leapcheck prove --shard 1/4 --json > shard1.json     # spread over machines, then:
  leapcheck prove --merge shard1.json shard2.json shard3.json shard4.json
  leapcheck prove --offsets          # also every issuer UTC offset -14h..+14h
  leapcheck prove --report out/      # out/report.json and out/failures.svg
`

// presetResult is one preset's proof result, as printed with --json.
type presetResult struct {
	Name         string `json:"name"`
	ExpectSafe   bool   `json:"expect_safe"`
	Claim        string `json:"claim"`
	DatesChecked int64  `json:"dates_checked"`
	FailingDates int64  `json:"failing_dates"`
	// ClaimedDates counts the dates the claim says fail; Unexpected the
	// failing dates it does not name, Missed the named dates that did not
	// fail. The preset passes when both are 0.
	ClaimedDates  int64            `json:"claimed_failing_dates"`
	Unexpected    int64            `json:"unexpected_failures"`
	Missed        int64            `json:"missed_failures"`
	Mismatches    []string         `json:"mismatches,omitempty"`
	FirstFailure  *string          `json:"first_failure"`
	LastFailure   *string          `json:"last_failure"`
	Examples      []string         `json:"examples"`
	Stages        map[string]int64 `json:"stages"`
	FailingByYear map[int]int      `json:"failing_by_year,omitempty"`
	OK            bool             `json:"ok"`
	Verdict       string           `json:"verdict"`

	failing []calendar.Date
}

// proveResult is the whole result, as printed with --json.
type proveResult struct {
	DatesChecked int64          `json:"dates_checked"`
	From         string         `json:"from"`
	To           string         `json:"to"`
	Shard        string         `json:"shard,omitempty"`
	Offsets      bool           `json:"offsets"`
	Workers      int            `json:"workers"`
	ElapsedMS    float64        `json:"elapsed_ms"`
	NSPerDate    float64        `json:"ns_per_date_per_preset"`
	Presets      []presetResult `json:"presets"`
	OK           bool           `json:"ok"`
}

func runProve(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("prove", fmt.Sprintf(proveUsage, strings.Join(proofPresetNames(), ", ")), stderr)
	var presets listFlag
	var from, to dateFlag
	var shard shardFlag
	fs.Var(&presets, "preset", "preset to prove (repeatable, or comma-separated; default all)")
	fs.Var(&from, "from", "first issuance date, YYYY-MM-DD (default 0001-01-01)")
	fs.Var(&to, "to", "last issuance date, YYYY-MM-DD (default 9999-12-31)")
	fs.Var(&shard, "shard", "prove only the i-th of n equal parts of the range, i/n (1-based)")
	offsets := fs.Bool("offsets", false, "also check issuers in every whole-hour UTC offset -14h..+14h (29 times the work)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	report := fs.String("report", "", "write report.json and failures.svg into this directory")
	merge := fs.Bool("merge", false, "merge the JSON results of shards given as arguments instead of proving")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel workers")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *merge {
		return mergeResults(pos, *asJSON, stdout)
	}
	if len(pos) > 0 {
		return usagef("unexpected arguments %q (dates go in --from and --to)", pos)
	}
	if *workers < 1 {
		return usagef("--workers %d: want at least 1", *workers)
	}
	r, err := rangeOf(from, to)
	if err != nil {
		return err
	}
	if shard.n > 0 {
		if r, err = r.Shard(shard.i-1, shard.n); err != nil {
			return usagef("--shard: %v", err)
		}
		if r.Len() == 0 {
			return usagef("--shard %s of %d days is empty", shard.String(), r.Len())
		}
	}
	var pps []sim.ProofPreset
	if len(presets) == 0 {
		pps = sim.ProofPresets()
	}
	for _, name := range presets {
		p, err := sim.ProofPresetByName(name)
		if err != nil {
			return usagef("--preset: %v", err)
		}
		pps = append(pps, p)
	}
	if *offsets {
		for i := range pps {
			pps[i].Offsets = sim.WholeHourOffsets()
		}
	}

	prog := newProgress(stderr, int64(len(pps))*r.Len())
	start := time.Now()
	results, err := prove(pps, r, *workers, prog)
	elapsed := time.Since(start)
	prog.done()
	if err != nil {
		return err
	}
	res := proveResult{
		DatesChecked: r.Len(), From: r.First().String(), To: r.Last().String(), Shard: shard.String(),
		Offsets: *offsets, Workers: *workers, ElapsedMS: float64(elapsed.Microseconds()) / 1000,
		NSPerDate: float64(elapsed.Nanoseconds()) * float64(*workers) / float64(r.Len()*int64(len(pps))),
		Presets:   results, OK: true,
	}
	for _, p := range results {
		res.OK = res.OK && p.OK
	}
	if *report != "" {
		if err := writeReport(*report, res); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		printSummary(stdout, res, elapsed)
		if *report != "" {
			fmt.Fprintf(stdout, "report: %s, %s\n", filepath.Join(*report, "report.json"), filepath.Join(*report, "failures.svg"))
		}
	}
	if !res.OK {
		return errFailed
	}
	return nil
}

func proofPresetNames() []string {
	var names []string
	for _, p := range sim.ProofPresets() {
		names = append(names, p.Name)
	}
	return names
}

// chunkDays is the work unit of the parallel sweep: small enough to balance
// two to many cores, large enough that scheduling costs nothing.
const chunkDays = 16384

// prove sweeps r for every preset on workers goroutines.
func prove(pps []sim.ProofPreset, r calendar.Range, workers int, prog *progress) ([]presetResult, error) {
	provers := make([]*sim.Prover, len(pps))
	for i, p := range pps {
		pr, err := sim.NewProver(p)
		if err != nil {
			return nil, err
		}
		provers[i] = pr
	}
	chunks := max(1, int((r.Len()+chunkDays-1)/chunkDays)) // one, empty, for an empty range
	type outcome struct {
		tally      sim.Tally
		failing    []calendar.Date
		mismatches []string
		err        error
	}
	// outs[c*len(pps)+i] is chunk c of preset i.
	outs := make([]outcome, chunks*len(pps))
	shard.Run(r, chunks, workers, func(c int, part calendar.Range) {
		for i, pr := range provers {
			o := &outs[c*len(pps)+i]
			o.tally, o.err = pr.Sweep(part, func(d calendar.Date, st sim.Stage, claimed bool) {
				if st != sim.StageNone {
					o.failing = append(o.failing, d)
				}
				if claimed == (st == sim.StageNone) && len(o.mismatches) < maxMismatches {
					o.mismatches = append(o.mismatches, mismatchText(d, st, claimed))
				}
			})
			prog.add(part.Len())
		}
	})

	results := make([]presetResult, len(pps))
	for i, p := range pps {
		results[i] = presetResult{Name: p.Name, ExpectSafe: p.Safe(), Claim: p.Claim(), Stages: map[string]int64{}, FailingByYear: map[int]int{}}
	}
	// Chunks are in range order, so failing dates come out sorted.
	for k, o := range outs {
		c, i := k/len(pps), k%len(pps)
		if o.err != nil {
			part, _ := r.Shard(c, chunks)
			return nil, fmt.Errorf("preset %s, %s: %w", pps[i].Name, part, o.err)
		}
		pr := &results[i]
		pr.DatesChecked += o.tally.Dates
		pr.ClaimedDates += o.tally.Claimed
		pr.Unexpected += o.tally.Unexpected
		pr.Missed += o.tally.Missed
		for st := sim.StageCertificate; st <= sim.StageClusterHI; st++ {
			if n := o.tally.ByStage[st]; n > 0 {
				pr.Stages[st.String()] += n
			}
		}
		pr.failing = append(pr.failing, o.failing...)
		if room := maxMismatches - len(pr.Mismatches); room > 0 {
			pr.Mismatches = append(pr.Mismatches, o.mismatches[:min(room, len(o.mismatches))]...)
		}
	}
	for i := range results {
		judge(&results[i])
	}
	return results, nil
}

// maxMismatches is how many dates that disagree with a claim a result lists.
const maxMismatches = 5

// mismatchText describes a date on which a preset disagrees with its claim.
func mismatchText(d calendar.Date, st sim.Stage, claimed bool) string {
	if claimed {
		return d.String() + ": claimed to fail, but safe"
	}
	return d.String() + ": fails (" + st.String() + "), not claimed"
}

// judge fills in a preset's result from its failing dates.
func judge(p *presetResult) {
	p.FailingDates = int64(len(p.failing))
	for i, d := range p.failing {
		if i < 5 {
			p.Examples = append(p.Examples, d.String())
		}
		p.FailingByYear[d.Year]++
	}
	if n := len(p.failing); n > 0 {
		first, last := p.failing[0].String(), p.failing[n-1].String()
		p.FirstFailure, p.LastFailure = &first, &last
	}
	decide(p)
}

// decide sets OK and Verdict from the counts: a preset passes when it fails
// on exactly the dates of its claim, none for a safe one.
func decide(p *presetResult) {
	p.OK = p.Unexpected == 0 && p.Missed == 0
	switch {
	case p.OK && p.ExpectSafe:
		p.Verdict = "safe: no issuance date leads to a failure"
	case p.OK && p.ClaimedDates == 0:
		p.Verdict = fmt.Sprintf("no failure, as expected: none of the dates it %s is in range", p.Claim)
	case p.OK:
		p.Verdict = fmt.Sprintf("%s: exactly the %s such dates in range, as expected", p.Claim, commas(p.ClaimedDates))
	case p.ExpectSafe:
		p.Verdict = fmt.Sprintf("UNSAFE: %s failing dates, expected none", commas(p.FailingDates))
	default:
		p.Verdict = fmt.Sprintf("UNEXPECTED: it %s (%s dates in range), but %s failing dates are not among them and %s of them did not fail",
			p.Claim, commas(p.ClaimedDates), commas(p.Unexpected), commas(p.Missed))
	}
}

func printSummary(w io.Writer, res proveResult, elapsed time.Duration) {
	fmt.Fprintf(w, "leapcheck prove: %s issuance dates %s..%s", commas(res.DatesChecked), res.From, res.To)
	if res.Shard != "" {
		fmt.Fprintf(w, " (shard %s)", res.Shard)
	}
	if res.Offsets {
		fmt.Fprint(w, ", issuers in every UTC offset -14h..+14h")
	}
	fmt.Fprintf(w, "\n\n")
	for _, p := range res.Presets {
		mark := "ok  "
		if !p.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "%s %-18s %s\n", mark, p.Name, p.Verdict)
		fmt.Fprintf(w, "     checked %s dates, %s failing", commas(p.DatesChecked), commas(p.FailingDates))
		if p.FirstFailure != nil {
			fmt.Fprintf(w, ": first %s, last %s, e.g. %s", *p.FirstFailure, *p.LastFailure, strings.Join(p.Examples, " "))
		}
		fmt.Fprintln(w)
		if len(p.Mismatches) > 0 {
			fmt.Fprintf(w, "     against its claim: %s\n", strings.Join(p.Mismatches, "; "))
		}
		if len(p.Stages) > 0 {
			var parts []string
			for _, st := range []sim.Stage{sim.StageCertificate, sim.StageHostFault, sim.StageClusterHI} {
				if n := p.Stages[st.String()]; n > 0 {
					parts = append(parts, fmt.Sprintf("%s %s", st, commas(n)))
				}
			}
			fmt.Fprintf(w, "     failures stop at: %s\n", strings.Join(parts, ", "))
		}
	}
	verdict := "PROVED"
	if !res.OK {
		verdict = "NOT PROVED"
	}
	fmt.Fprintf(w, "\n%s in %s of proof time on %d workers (%.0f ns per date and preset per worker)\n",
		verdict, elapsed.Round(time.Millisecond), res.Workers, res.NSPerDate)
}

// writeReport writes report.json and failures.svg into dir.
func writeReport(dir string, res proveResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, "failures.svg"))
	if err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	writeFailureSVG(f, res)
	return f.Close()
}

// readShards reads the --json results of shards and checks that they
// cover one range without gaps or overlaps, with the same presets and
// offsets, so that a merged proof proves what it says. It returns them in
// range order.
func readShards(files []string) ([]proveResult, error) {
	type shard struct {
		file        string
		first, last calendar.Date
		r           proveResult
	}
	var ss []shard
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, usagef("--merge: %v", err)
		}
		var r proveResult
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, usagef("--merge: %s: not a leapcheck prove --json result: %v", f, err)
		}
		first, err1 := calendar.ParseDate(r.From)
		last, err2 := calendar.ParseDate(r.To)
		if err1 != nil || err2 != nil || len(r.Presets) == 0 {
			return nil, usagef("--merge: %s: not a leapcheck prove --json result (from %q, to %q, %d presets)", f, r.From, r.To, len(r.Presets))
		}
		ss = append(ss, shard{f, first, last, r})
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].first.Before(ss[j].first) })
	names := func(r proveResult) string {
		var n []string
		for _, p := range r.Presets {
			n = append(n, p.Name+" ("+p.Claim+")")
		}
		return strings.Join(n, ", ")
	}
	out := make([]proveResult, len(ss))
	for i, s := range ss {
		out[i] = s.r
		if i == 0 {
			continue
		}
		prev := ss[i-1]
		if next, err := prev.last.AddDays(1); err != nil || next != s.first {
			return nil, usagef("--merge: %s ends %s but %s starts %s: the shards must cover one range without gaps or overlaps", prev.file, prev.last, s.file, s.first)
		}
		if names(s.r) != names(prev.r) || s.r.Offsets != prev.r.Offsets {
			return nil, usagef("--merge: %s and %s were proved with different presets or offsets", prev.file, s.file)
		}
	}
	return out, nil
}

// mergeResults merges shard results written by --json.
func mergeResults(files []string, asJSON bool, stdout io.Writer) error {
	if len(files) == 0 {
		return usagef("--merge needs the JSON files of the shards")
	}
	var merged proveResult
	byName := map[string]*presetResult{}
	var order []string
	merged.OK = true
	shards, err := readShards(files)
	if err != nil {
		return err
	}
	for _, r := range shards {
		if merged.From == "" || r.From < merged.From {
			merged.From = r.From
		}
		if r.To > merged.To {
			merged.To = r.To
		}
		merged.DatesChecked += r.DatesChecked
		merged.ElapsedMS += r.ElapsedMS
		merged.Offsets = r.Offsets
		merged.Workers = max(merged.Workers, r.Workers)
		for _, p := range r.Presets {
			m, ok := byName[p.Name]
			if !ok {
				m = &presetResult{Name: p.Name, ExpectSafe: p.ExpectSafe, Claim: p.Claim, Stages: map[string]int64{}, FailingByYear: map[int]int{}}
				byName[p.Name] = m
				order = append(order, p.Name)
			}
			m.DatesChecked += p.DatesChecked
			m.FailingDates += p.FailingDates
			m.ClaimedDates += p.ClaimedDates
			m.Unexpected += p.Unexpected
			m.Missed += p.Missed
			if room := maxMismatches - len(m.Mismatches); room > 0 {
				m.Mismatches = append(m.Mismatches, p.Mismatches[:min(room, len(p.Mismatches))]...)
			}
			for k, v := range p.Stages {
				m.Stages[k] += v
			}
			for y, n := range p.FailingByYear {
				m.FailingByYear[y] += n
			}
			if p.FirstFailure != nil && (m.FirstFailure == nil || *p.FirstFailure < *m.FirstFailure) {
				m.FirstFailure = p.FirstFailure
			}
			if p.LastFailure != nil && (m.LastFailure == nil || *p.LastFailure > *m.LastFailure) {
				m.LastFailure = p.LastFailure
			}
			m.Examples = append(m.Examples, p.Examples...)
		}
	}
	for _, name := range order {
		m := byName[name]
		sort.Strings(m.Examples)
		if len(m.Examples) > 5 {
			m.Examples = m.Examples[:5]
		}
		decide(m)
		merged.OK = merged.OK && m.OK
		merged.Presets = append(merged.Presets, *m)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(merged); err != nil {
			return err
		}
	} else {
		printSummary(stdout, merged, time.Duration(merged.ElapsedMS*float64(time.Millisecond)))
	}
	if !merged.OK {
		return errFailed
	}
	return nil
}
