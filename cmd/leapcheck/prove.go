package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/internal/shard"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/models/sim"
)

const proveUsage = `usage: leapcheck prove [--preset NAME ... | --renewal] [--from DATE] [--to DATE] [--shard I/N] [--offsets]
                       [--workers N] [--quiet] [--json] [--report DIR]
       leapcheck prove --merge [--json] [--report DIR] FILE...

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

Renewal presets (--renewal for all of them, or --preset NAME) prove instead that a
certificate issued on each date is renewed before it expires, even with the CA down
for the outage the preset covers at the first attempt, and that its renewals stay
within the CA's rate limit: a lapse, a rate-limited storm or a renewal the client
cannot schedule fails the date. They are proved over 2020-01-01..2040-12-31 by
default (--from and --to move either end), in UTC, and apart from the issuance
presets: a plain 'leapcheck prove' runs the issuance presets only, and one run
proves either kind, not both.

--shard I/N proves the I-th of N equal parts of the range, and --merge joins the --json
results of the parts into one verdict, so the proof can be spread over machines. A
part may be empty (more parts than days): it is a valid, empty result that merges.

Progress goes to standard error: a bar with rate and time left on a terminal, a line
at each quarter otherwise; --quiet turns it off.

Exit status: 0 when every preset passes, 1 when one does not, 2 for bad usage, 3 when
the report cannot be written (the results are printed first).

Presets: %s
Renewal presets: %s

Examples:
  leapcheck prove
  leapcheck prove --preset azure2012-fixed --from 2000-01-01 --to 2099-12-31
  leapcheck prove --shard 1/4 --json > shard1.json     # spread over machines, then:
  leapcheck prove --merge shard1.json shard2.json shard3.json shard4.json
  leapcheck prove --offsets          # also every issuer UTC offset -14h..+14h
  leapcheck prove --report out/      # out/report.json and out/failures.svg
  leapcheck prove --renewal          # every renewal preset, 2020-01-01..2040-12-31
  leapcheck prove --preset renew-60d-le-classic --from 2027-01-01 --to 2028-12-31
`

// schemaVersion is the version of the JSON that prove --json and simulate
// --json print. It changes when a field changes meaning or goes away; new
// fields do not change it.
const schemaVersion = 1

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
	ClaimedDates int64            `json:"claimed_failing_dates"`
	Unexpected   int64            `json:"unexpected_failures"`
	Missed       int64            `json:"missed_failures"`
	Mismatches   []string         `json:"mismatches,omitempty"`
	FirstFailure *string          `json:"first_failure"`
	LastFailure  *string          `json:"last_failure"`
	Examples     []string         `json:"examples"`
	Stages       map[string]int64 `json:"stages"`
	// Kinds counts a renewal preset's failing dates by kind (lapse,
	// rate-limited, schedule-error); FirstDetail explains the first
	// failing date; NotJudged counts the dates whose renewal falls after
	// 9999-12-31, where the model has no calendar.
	Kinds         map[string]int64 `json:"failure_kinds,omitempty"`
	FirstDetail   string           `json:"first_failure_detail,omitempty"`
	NotJudged     int64            `json:"not_judged,omitempty"`
	FailingByYear yearCounts       `json:"failing_by_year,omitempty"`
	OK            bool             `json:"ok"`
	Verdict       string           `json:"verdict"`

	failing []calendar.Date
}

// dateRange is a range of issuance dates in JSON.
type dateRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// proveResult is the whole result, as printed with --json.
type proveResult struct {
	SchemaVersion int `json:"schema_version"`
	// Proof is "issuance" (sim's presets) or "renewal" (renew's presets).
	Proof        string `json:"proof"`
	DatesChecked int64  `json:"dates_checked"`
	// From and To are the dates checked; both "" for an empty shard.
	From string `json:"from"`
	To   string `json:"to"`
	// Shard is "i/n" for a shard of the range ShardOf.
	Shard     string         `json:"shard,omitempty"`
	ShardOf   *dateRange     `json:"shard_of,omitempty"`
	MergedOf  int            `json:"merged_of,omitempty"`
	Offsets   bool           `json:"offsets"`
	Workers   int            `json:"workers"`
	ElapsedMS float64        `json:"elapsed_ms"`
	NSPerDate float64        `json:"ns_per_date_per_preset"`
	Presets   []presetResult `json:"presets"`
	OK        bool           `json:"ok"`
}

func runProve(args []string, stdout, stderr io.Writer) error {
	c := newCommand("prove", fmt.Sprintf(proveUsage, strings.Join(proofPresetNames(), ", "), wrapList(renewalPresetNames(), len("Renewal presets: "), 88)), stdout)
	fs := c.fs
	var presets listFlag
	var from, to dateFlag
	var shard shardFlag
	workers := intFlag{v: runtime.GOMAXPROCS(0), min: 1, max: 4096}
	fs.Var(&presets, "preset", "`NAME` of a preset to prove (repeatable, or comma-separated; default all issuance presets)")
	renewal := fs.Bool("renewal", false, "prove every renewal preset instead of the issuance presets")
	fs.Var(&from, "from", "first issuance `DATE`, YYYY-MM-DD (default 0001-01-01; renewal presets 2020-01-01)")
	fs.Var(&to, "to", "last issuance `DATE`, YYYY-MM-DD (default 9999-12-31; renewal presets 2040-12-31)")
	fs.Var(&shard, "shard", "prove only part `I/N` of the range: the I-th of N equal parts, 1-based")
	offsets := fs.Bool("offsets", false, "also check issuers in every whole-hour UTC offset -14h..+14h")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema_version 1)")
	report := fs.String("report", "", "write report.json and failures.svg into `DIR`")
	merge := fs.Bool("merge", false, "merge the --json results of shards, given as FILE arguments, instead of proving")
	fs.Var(&workers, "workers", "`N` parallel workers (default: the usable cores, GOMAXPROCS)")
	quiet := fs.Bool("quiet", false, "no progress on standard error")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if *merge {
		if err := refuseWith(fs, "merge", "preset", "renewal", "from", "to", "shard", "offsets", "workers"); err != nil {
			return err
		}
		if len(pos) == 0 {
			return usagef("--merge needs the --json files of the shards as arguments")
		}
		shards, err := readShards(pos)
		if err != nil {
			return err
		}
		var rep *reportFiles
		if *report != "" {
			if rep, err = createReport(*report); err != nil {
				return err
			}
		}
		return finish(mergeResults(shards), *asJSON, rep, stdout)
	}
	if len(pos) > 0 {
		return usagef("unexpected arguments %q (dates go in --from and --to; files to merge need --merge)", pos)
	}
	if err := refuseWith(fs, "renewal", "preset", "offsets"); err != nil {
		return err
	}
	var pps []sim.ProofPreset
	var rps []renew.Preset
	if len(presets) == 0 && !*renewal {
		pps = sim.ProofPresets()
	}
	if *renewal {
		rps = renew.Presets()
	}
	for _, name := range presets {
		if p, err := sim.ProofPresetByName(name); err == nil {
			pps = append(pps, p)
		} else if p, err := renew.PresetByName(name); err == nil {
			rps = append(rps, p)
		} else {
			return usagef("--preset %q: no such preset (have %s; renewal presets %s)", name,
				strings.Join(proofPresetNames(), ", "), strings.Join(renewalPresetNames(), ", "))
		}
		if len(pps) > 0 && len(rps) > 0 {
			return usagef("--preset %s and %s: one is an issuance preset, the other a renewal preset; prove them in separate runs",
				pps[0].Name, rps[0].Name)
		}
	}
	if len(rps) > 0 && *offsets {
		return usagef("--offsets applies to issuance presets only; renewal presets are proved in UTC")
	}
	if len(rps) > 0 {
		w := renew.DefaultWindow()
		switch {
		case from.set && !to.set && w.Last().Before(from.d):
			return usagef("--from %s is after %s, the renewal presets' default --to; give --to too", from.d, w.Last())
		case to.set && !from.set && to.d.Before(w.First()):
			return usagef("--to %s is before %s, the renewal presets' default --from; give --from too", to.d, w.First())
		}
		if !from.set {
			from = dateFlag{w.First(), true}
		}
		if !to.set {
			to = dateFlag{w.Last(), true}
		}
	}
	whole, err := rangeOf(from, to)
	if err != nil {
		return err
	}
	r := whole
	if shard.n > 0 {
		if r, err = whole.Shard(shard.i-1, shard.n); err != nil {
			return usagef("--shard %s: %v", shard.String(), calendarMessage(err))
		}
	}
	if *offsets {
		for i := range pps {
			pps[i].Offsets = sim.WholeHourOffsets()
		}
	}
	// Check the outputs before the work, so that a bad path costs nothing.
	var rep *reportFiles
	if *report != "" {
		if rep, err = createReport(*report); err != nil {
			return err
		}
	}

	n, kind := len(pps), proofIssuance
	if len(rps) > 0 {
		n, kind = len(rps), proofRenewal
	}
	prog := newProgress(stderr, int64(n)*r.Len(), *quiet)
	start := time.Now()
	var results []presetResult
	if kind == proofRenewal {
		results, err = proveRenewal(rps, r, workers.v, prog)
	} else {
		results, err = prove(pps, r, workers.v, prog)
	}
	elapsed := time.Since(start)
	prog.done()
	if err != nil {
		rep.abandon()
		return err
	}
	res := proveResult{
		SchemaVersion: schemaVersion, Proof: kind, DatesChecked: r.Len(), Offsets: *offsets, Workers: workers.v,
		ElapsedMS: float64(elapsed.Microseconds()) / 1000, Presets: results, OK: true,
	}
	if r.Len() > 0 {
		res.From, res.To = r.First().String(), r.Last().String()
		res.NSPerDate = float64(elapsed.Nanoseconds()) * float64(workers.v) / float64(r.Len()*int64(n))
	}
	if shard.n > 0 {
		res.Shard = shard.String()
		res.ShardOf = &dateRange{whole.First().String(), whole.Last().String()}
	}
	for _, p := range results {
		res.OK = res.OK && p.OK
	}
	return finish(res, *asJSON, rep, stdout)
}

// finish prints res (JSON or the summary), then writes the report, and
// returns the exit error: an I/O error, errFailed, or nil.
func finish(res proveResult, asJSON bool, rep *reportFiles, stdout io.Writer) error {
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return &ioError{fmt.Sprintf("writing the result: %v", err)}
		}
	} else {
		printSummary(stdout, res)
	}
	if rep != nil {
		if err := rep.write(res); err != nil {
			return err
		}
		if !asJSON {
			fmt.Fprintf(stdout, "report: %s, %s\n", rep.json.Name(), rep.svg.Name())
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

// The kinds of proof, in proveResult.Proof.
const (
	proofIssuance = "issuance"
	proofRenewal  = "renewal"
)

// wrapList joins names with ", " into lines of at most width characters,
// the first of which starts after indent characters of a label and the
// others are indented by two spaces.
func wrapList(names []string, indent, width int) string {
	var b strings.Builder
	col := indent
	for i, n := range names {
		if i > 0 {
			b.WriteString(",")
			col++
			if col+1+len(n)+1 > width {
				b.WriteString("\n  ")
				col = 2
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(n)
		col += len(n)
	}
	return b.String()
}

func renewalPresetNames() []string {
	var names []string
	for _, p := range renew.Presets() {
		names = append(names, p.Name)
	}
	return names
}

// chunkDays is the work unit of the parallel sweep: small enough to balance
// two to many cores, large enough that scheduling costs nothing.
// renewalChunkDays is the renewal proof's: its window is 7,671 days.
const (
	chunkDays        = 16384
	renewalChunkDays = 512
)

// outcome is one chunk of one preset's sweep.
type outcome struct {
	dates, claimed, unexpected, missed, notJudged int64
	counts                                        map[string]int64 // failing dates by stage or kind
	failing                                       []calendar.Date
	firstDetail                                   string
	mismatches                                    []string
	err                                           error
}

// sweepAll runs sweep for every preset i over the chunks of r on workers
// goroutines (the one pool of internal/shard) and gathers the results.
func sweepAll(heads []presetResult, r calendar.Range, perChunk int64, workers int, prog *progress,
	sweep func(i int, part calendar.Range, o *outcome)) ([]presetResult, error) {
	chunks := max(1, int((r.Len()+perChunk-1)/perChunk)) // one, empty, for an empty range
	n := len(heads)
	// outs[c*n+i] is chunk c of preset i.
	outs := make([]outcome, chunks*n)
	shard.Run(r, chunks, workers, func(c int, part calendar.Range) {
		for i := range n {
			o := &outs[c*n+i]
			o.counts = map[string]int64{}
			sweep(i, part, o)
			prog.add(part.Len())
		}
	})
	results := heads
	// Chunks are in range order, so failing dates come out sorted.
	for k, o := range outs {
		c, i := k/n, k%n
		if o.err != nil {
			part, _ := r.Shard(c, chunks)
			return nil, fmt.Errorf("preset %s, %s: %w", results[i].Name, part, o.err)
		}
		pr := &results[i]
		pr.DatesChecked += o.dates
		pr.ClaimedDates += o.claimed
		pr.Unexpected += o.unexpected
		pr.Missed += o.missed
		pr.NotJudged += o.notJudged
		counts := pr.Stages
		if pr.Kinds != nil {
			counts = pr.Kinds
		}
		for k, v := range o.counts {
			counts[k] += v
		}
		if pr.FirstDetail == "" {
			pr.FirstDetail = o.firstDetail
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

// newResult is a preset's result before its sweep.
func newResult(name string, safe bool, claim string) presetResult {
	return presetResult{Name: name, ExpectSafe: safe, Claim: claim, Examples: []string{}, Stages: map[string]int64{}, FailingByYear: map[int]int{}}
}

// prove sweeps r for every issuance preset on workers goroutines.
func prove(pps []sim.ProofPreset, r calendar.Range, workers int, prog *progress) ([]presetResult, error) {
	provers := make([]*sim.Prover, len(pps))
	heads := make([]presetResult, len(pps))
	for i, p := range pps {
		pr, err := sim.NewProver(p)
		if err != nil {
			return nil, err
		}
		provers[i] = pr
		heads[i] = newResult(p.Name, p.Safe(), p.Claim())
	}
	return sweepAll(heads, r, chunkDays, workers, prog, func(i int, part calendar.Range, o *outcome) {
		var t sim.Tally
		t, o.err = provers[i].Sweep(part, func(d calendar.Date, st sim.Stage, claimed bool) {
			if st != sim.StageNone {
				o.failing = append(o.failing, d)
			}
			if claimed == (st == sim.StageNone) && len(o.mismatches) < maxMismatches {
				o.mismatches = append(o.mismatches, mismatchText(d, st.String(), claimed))
			}
		})
		o.dates, o.claimed, o.unexpected, o.missed = t.Dates, t.Claimed, t.Unexpected, t.Missed
		for st := sim.StageCertificate; st <= sim.StageClusterHI; st++ {
			if n := t.ByStage[st]; n > 0 {
				o.counts[st.String()] += n
			}
		}
	})
}

// proveRenewal sweeps r for every renewal preset on workers goroutines.
func proveRenewal(ps []renew.Preset, r calendar.Range, workers int, prog *progress) ([]presetResult, error) {
	provers := make([]*renew.Prover, len(ps))
	heads := make([]presetResult, len(ps))
	for i, p := range ps {
		pr, err := renew.NewProver(p)
		if err != nil {
			return nil, err
		}
		provers[i] = pr
		heads[i] = newResult(p.Name, p.Safe(), p.Claim())
		heads[i].Kinds = map[string]int64{}
	}
	return sweepAll(heads, r, renewalChunkDays, workers, prog, func(i int, part calendar.Range, o *outcome) {
		var t renew.Tally
		t, o.err = provers[i].Judge(part, func(d calendar.Date, f renew.Finding, failed, claimed bool) {
			if failed {
				o.failing = append(o.failing, d)
				if o.firstDetail == "" {
					o.firstDetail = d.String() + ": " + f.Kind.String() + ": " + f.Detail
				}
			}
			if failed != claimed && len(o.mismatches) < maxMismatches {
				o.mismatches = append(o.mismatches, mismatchText(d, f.Kind.String(), claimed))
			}
		})
		o.dates, o.claimed, o.unexpected, o.missed, o.notJudged = t.Dates, t.Claimed, t.Unexpected, t.Missed, t.Beyond
		for k := renew.Lapse; k <= renew.ScheduleError; k++ {
			if n := t.ByKind[k]; n > 0 {
				o.counts[k.String()] += n
			}
		}
	})
}

// maxMismatches is how many dates that disagree with a claim a result lists.
const maxMismatches = 5

// mismatchText describes a date on which a preset disagrees with its claim.
func mismatchText(d calendar.Date, how string, claimed bool) string {
	if claimed {
		return d.String() + ": claimed to fail, but safe"
	}
	return d.String() + ": fails (" + how + "), not claimed"
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
		p.Verdict = fmt.Sprintf("no failure, as expected: it %s, and no such date is in range", p.Claim)
	case p.OK:
		p.Verdict = fmt.Sprintf("%s: exactly the %s in range, as expected", p.Claim, plural(p.ClaimedDates, "such date"))
	case p.ExpectSafe:
		p.Verdict = fmt.Sprintf("UNSAFE: %s failing dates, expected none", commas(p.FailingDates))
	default:
		p.Verdict = fmt.Sprintf("UNEXPECTED: it %s (%s dates in range), but %s failing dates are not among them and %s of them did not fail",
			p.Claim, commas(p.ClaimedDates), commas(p.Unexpected), commas(p.Missed))
	}
}

func printSummary(w io.Writer, res proveResult) {
	fmt.Fprintf(w, "leapcheck prove: %s", plural(res.DatesChecked, "issuance date"))
	if res.DatesChecked > 0 {
		fmt.Fprintf(w, " %s..%s", res.From, res.To)
	}
	if res.Proof == proofRenewal {
		fmt.Fprint(w, ", renewal presets")
	}
	if res.Shard != "" {
		fmt.Fprintf(w, " (shard %s of %s..%s", res.Shard, res.ShardOf.From, res.ShardOf.To)
		if res.DatesChecked == 0 {
			fmt.Fprint(w, ", empty: more shards than days")
		}
		fmt.Fprint(w, ")")
	}
	if res.MergedOf > 0 {
		fmt.Fprintf(w, " (merged from %s)", plural(int64(res.MergedOf), "result"))
	}
	if res.Offsets {
		fmt.Fprint(w, ", issuers in every UTC offset -14h..+14h")
	}
	fmt.Fprintf(w, "\n\n")
	width := 18
	for _, p := range res.Presets {
		width = max(width, len(p.Name))
	}
	for _, p := range res.Presets {
		mark := "ok  "
		if !p.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "%s %-*s %s\n", mark, width, p.Name, p.Verdict)
		fmt.Fprintf(w, "     checked %s, %s failing", plural(p.DatesChecked, "date"), commas(p.FailingDates))
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
		if len(p.Kinds) > 0 {
			var parts []string
			for k := renew.Lapse; k <= renew.ScheduleError; k++ {
				if n := p.Kinds[k.String()]; n > 0 {
					parts = append(parts, fmt.Sprintf("%s %s", k, commas(n)))
				}
			}
			fmt.Fprintf(w, "     failures: %s\n", strings.Join(parts, ", "))
		}
		if p.FirstDetail != "" {
			fmt.Fprintf(w, "     first: %s\n", p.FirstDetail)
		}
		if p.NotJudged > 0 {
			fmt.Fprintf(w, "     %s not judged: the renewal falls after 9999-12-31\n", plural(p.NotJudged, "date"))
		}
	}
	verdict := "PROVED"
	if !res.OK {
		verdict = "NOT PROVED"
	}
	elapsed := time.Duration(res.ElapsedMS * float64(time.Millisecond)).Round(time.Millisecond)
	how := fmt.Sprintf("in %s of proof time on %s", elapsed, plural(int64(res.Workers), "worker"))
	if res.MergedOf > 0 {
		how = fmt.Sprintf("in %s of proof time over %s, %s at most per shard", elapsed, plural(int64(res.MergedOf), "result"), plural(int64(res.Workers), "worker"))
	}
	if res.NSPerDate > 0 {
		how += fmt.Sprintf(" (%.0f ns per date and preset per worker)", res.NSPerDate)
	}
	if res.DatesChecked == 0 {
		how = "(no dates to check)"
	}
	fmt.Fprintf(w, "\n%s %s\n", verdict, how)
}

// reportFiles are the files of --report DIR, created before the proof runs
// so that a bad directory is refused before any work.
type reportFiles struct {
	json, svg *os.File
}

// createReport creates dir and its report.json and failures.svg.
func createReport(dir string) (*reportFiles, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, ioErrorf("--report", err)
	}
	j, err := os.Create(filepath.Join(dir, "report.json"))
	if err != nil {
		return nil, ioErrorf("--report", err)
	}
	svg, err := os.Create(filepath.Join(dir, "failures.svg"))
	if err != nil {
		j.Close()
		os.Remove(j.Name())
		return nil, ioErrorf("--report", err)
	}
	return &reportFiles{j, svg}, nil
}

// write writes res into the report files and closes them.
func (r *reportFiles) write(res proveResult) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return &ioError{fmt.Sprintf("--report: %v", err)}
	}
	_, err1 := r.json.Write(append(b, '\n'))
	err2 := r.json.Close()
	err3 := writeFailureSVG(r.svg, res)
	err4 := r.svg.Close()
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return ioErrorf("--report", err)
	}
	return nil
}

// abandon removes the report files of a run that did not finish.
func (r *reportFiles) abandon() {
	if r == nil {
		return
	}
	for _, f := range []*os.File{r.json, r.svg} {
		f.Close()
		os.Remove(f.Name())
	}
}

// readShards reads the --json results of shards and checks that they
// cover one range without gaps or overlaps, with the same presets and
// offsets, so that a merged proof proves what it says. It returns them in
// range order, empty shards (more shards than days) first.
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
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, usagef("--merge: cannot read %s: %v", f, err)
		}
		var r proveResult
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, usagef("--merge: %s is not the output of leapcheck prove --json: %v", f, err)
		}
		if r.SchemaVersion != schemaVersion || len(r.Presets) == 0 {
			return nil, usagef("--merge: %s is not the output of leapcheck prove --json (schema_version %d, %d presets; want schema_version %d)",
				f, r.SchemaVersion, len(r.Presets), schemaVersion)
		}
		s := shard{file: f, r: r}
		if r.DatesChecked > 0 {
			first, err1 := calendar.ParseDate(r.From)
			last, err2 := calendar.ParseDate(r.To)
			if err1 != nil || err2 != nil || last.Before(first) {
				return nil, usagef("--merge: %s: bad range from %q to %q", f, r.From, r.To)
			}
			s.first, s.last = first, last
		}
		ss = append(ss, s)
	}
	// Empty shards (zero dates) sort first; they must still be proofs of
	// the same presets, and no shard may be given twice.
	sort.SliceStable(ss, func(i, j int) bool {
		if (ss[i].r.DatesChecked == 0) != (ss[j].r.DatesChecked == 0) {
			return ss[i].r.DatesChecked == 0
		}
		return ss[i].first.Before(ss[j].first)
	})
	names := func(r proveResult) string {
		var n []string
		for _, p := range r.Presets {
			n = append(n, p.Name+" ("+p.Claim+")")
		}
		return strings.Join(n, ", ")
	}
	seen := map[string]string{}
	out := make([]proveResult, len(ss))
	var prev *shard
	for i := range ss {
		s := &ss[i]
		out[i] = s.r
		if i > 0 && (names(s.r) != names(ss[0].r) || s.r.Offsets != ss[0].r.Offsets || s.r.Proof != ss[0].r.Proof) {
			return nil, usagef("--merge: %s and %s were proved with different presets or offsets", ss[0].file, s.file)
		}
		if s.r.Shard != "" && s.r.ShardOf != nil {
			key := s.r.Shard + " of " + s.r.ShardOf.From + ".." + s.r.ShardOf.To
			if other, ok := seen[key]; ok {
				return nil, usagef("--merge: %s and %s are both shard %s: the shards must cover one range without gaps or overlaps", other, s.file, key)
			}
			seen[key] = s.file
		}
		if s.r.DatesChecked == 0 {
			continue
		}
		if prev != nil {
			if next, err := prev.last.AddDays(1); err != nil || next != s.first {
				return nil, usagef("--merge: %s ends %s but %s starts %s: the shards must cover one range without gaps or overlaps", prev.file, prev.last, s.file, s.first)
			}
		}
		prev = s
	}
	return out, nil
}

// mergeResults merges shard results written by --json, read and checked
// by readShards.
func mergeResults(shards []proveResult) proveResult {
	merged := proveResult{SchemaVersion: schemaVersion, MergedOf: len(shards), OK: true}
	byName := map[string]*presetResult{}
	var order []string
	var work, perDate float64 // dates × presets, and ns per date weighted by it
	for _, r := range shards {
		if r.DatesChecked > 0 {
			if merged.From == "" || r.From < merged.From {
				merged.From = r.From
			}
			if r.To > merged.To {
				merged.To = r.To
			}
		}
		merged.Proof = r.Proof
		merged.DatesChecked += r.DatesChecked
		merged.ElapsedMS += r.ElapsedMS
		merged.Offsets = r.Offsets
		merged.Workers = max(merged.Workers, r.Workers)
		w := float64(r.DatesChecked) * float64(len(r.Presets))
		work += w
		perDate += w * r.NSPerDate
		for _, p := range r.Presets {
			m, ok := byName[p.Name]
			if !ok {
				m = &presetResult{Name: p.Name, ExpectSafe: p.ExpectSafe, Claim: p.Claim, Stages: map[string]int64{}, FailingByYear: map[int]int{}}
				if r.Proof == proofRenewal {
					m.Kinds = map[string]int64{}
				}
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
			for k, v := range p.Kinds {
				m.Kinds[k] += v
			}
			m.NotJudged += p.NotJudged
			for y, n := range p.FailingByYear {
				m.FailingByYear[y] += n
			}
			if p.FirstFailure != nil && (m.FirstFailure == nil || *p.FirstFailure < *m.FirstFailure) {
				m.FirstFailure, m.FirstDetail = p.FirstFailure, p.FirstDetail
			}
			if p.LastFailure != nil && (m.LastFailure == nil || *p.LastFailure > *m.LastFailure) {
				m.LastFailure = p.LastFailure
			}
			m.Examples = append(m.Examples, p.Examples...)
		}
	}
	if work > 0 {
		merged.NSPerDate = perDate / work
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
	return merged
}

// yearCounts counts failing dates by year. In JSON its keys are four-digit
// years ("0004", "2012"), so that they sort in year order as text.
type yearCounts map[int]int

// MarshalJSON writes the counts with zero-padded year keys, in year order.
func (c yearCounts) MarshalJSON() ([]byte, error) {
	m := make(map[string]int, len(c))
	for y, n := range c {
		m[fmt.Sprintf("%04d", y)] = n
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads counts written by MarshalJSON.
func (c *yearCounts) UnmarshalJSON(b []byte) error {
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*c = make(yearCounts, len(m))
	for k, n := range m {
		y, err := strconv.Atoi(k)
		if err != nil {
			return fmt.Errorf("failing_by_year: key %q is not a year", k)
		}
		(*c)[y] = n
	}
	return nil
}
