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
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/internal/numfmt"
	"github.com/leapcheck/leapcheck/models/proof"
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

// schemaVersion is the version of the JSON that simulate --json prints.
// It changes when a field changes meaning or goes away; new fields do not
// change it. prove --json prints proof.SchemaVersion.
const schemaVersion = 1

// proveOutput is what prove --json prints: the engine's result and how long
// it took on how many workers.
type proveOutput struct {
	proof.Result
	Workers   int     `json:"workers"`
	ElapsedMS float64 `json:"elapsed_ms"`
	NSPerDate float64 `json:"ns_per_date_per_preset"`
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
	asJSON := fs.Bool("json", false, "print the result as JSON (schema_version 2)")
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
		merged, err := readShards(pos)
		if err != nil {
			return err
		}
		var rep *reportFiles
		if *report != "" {
			if rep, err = createReport(*report); err != nil {
				return err
			}
		}
		return finish(merged, *asJSON, rep, stdout)
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
	var sh proof.Shard
	if shard.n > 0 {
		sh = proof.Shard{I: shard.i, N: shard.n}
		if _, err := sh.Part(whole); err != nil {
			return usagef("--shard %s: %v", shard.String(), err)
		}
	}
	variant := ""
	if *offsets {
		variant = variantOffsets
		for i := range pps {
			pps[i].Offsets = sim.WholeHourOffsets()
		}
	}
	kind := proofIssuance
	var subjects []proof.Subject
	for _, p := range pps {
		s, err := p.Subject()
		if err != nil {
			return err
		}
		subjects = append(subjects, s)
	}
	for _, p := range rps {
		kind = proofRenewal
		s, err := p.Subject()
		if err != nil {
			return err
		}
		subjects = append(subjects, s)
	}
	// Check the outputs before the work, so that a bad path costs nothing.
	var rep *reportFiles
	if *report != "" {
		if rep, err = createReport(*report); err != nil {
			return err
		}
	}
	part, _ := sh.Part(whole)
	prog := newProgress(stderr, int64(len(subjects))*part.Len(), *quiet)
	start := time.Now()
	res, err := proof.Sweep(whole, subjects, proof.Options{Proof: kind, Variant: variant, Shard: sh, Workers: workers.v, Progress: prog.add})
	elapsed := time.Since(start)
	prog.done()
	if err != nil {
		rep.abandon()
		return err
	}
	out := proveOutput{Result: res, Workers: workers.v, ElapsedMS: float64(elapsed.Microseconds()) / 1000}
	if n := res.DatesChecked * int64(len(subjects)); n > 0 {
		out.NSPerDate = float64(elapsed.Nanoseconds()) * float64(workers.v) / float64(n)
	}
	return finish(out, *asJSON, rep, stdout)
}

// finish prints res (JSON or the summary), then writes the report, and
// returns the exit error: an I/O error, errFailed, or nil.
func finish(res proveOutput, asJSON bool, rep *reportFiles, stdout io.Writer) error {
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

// variantOffsets is the Result.Variant of prove --offsets.
const variantOffsets = "offsets"

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

func printSummary(w io.Writer, res proveOutput) {
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
	if res.Variant == variantOffsets {
		fmt.Fprint(w, ", issuers in every UTC offset -14h..+14h")
	}
	fmt.Fprintf(w, "\n\n")
	width := 18
	for _, p := range res.Subjects {
		width = max(width, len(p.Name))
	}
	for _, p := range res.Subjects {
		mark := "ok  "
		if !p.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "%s %-*s %s\n", mark, width, p.Name, p.Verdict)
		fmt.Fprintf(w, "     checked %s, %s failing", plural(p.DatesChecked, "date"), numfmt.Thousands(p.FailingDates))
		if p.FirstFailure != nil {
			fmt.Fprintf(w, ": first %s, last %s, e.g. %s", *p.FirstFailure, *p.LastFailure, strings.Join(p.Examples, " "))
		}
		fmt.Fprintln(w)
		if len(p.Mismatches) > 0 {
			fmt.Fprintf(w, "     against its claim: %s\n", strings.Join(p.Mismatches, "; "))
		}
		if kinds := p.KindCounts(); len(kinds) > 0 {
			var parts []string
			for _, k := range kinds {
				parts = append(parts, fmt.Sprintf("%s %s", k.Kind, numfmt.Thousands(k.Dates)))
			}
			label := "failures"
			if res.Proof == proofIssuance {
				label = "failures stop at"
			}
			fmt.Fprintf(w, "     %s: %s\n", label, strings.Join(parts, ", "))
		}
		if p.FirstDetail != "" {
			fmt.Fprintf(w, "     first: %s: %s\n", *p.FirstFailure, p.FirstDetail)
		}
		if p.NotJudged > 0 {
			fmt.Fprintf(w, "     %s not judged: outside the model (a renewal after 9999-12-31)\n", plural(p.NotJudged, "date"))
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
func (r *reportFiles) write(res proveOutput) error {
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

// readShards reads the --json results of shards and merges them with
// proof.Merge, which checks that they cover one range without gaps or
// overlaps, with the same presets and variant, so that a merged proof
// proves what it says. Proof time adds up over the shards.
func readShards(files []string) (proveOutput, error) {
	var outs []proveOutput
	var results []proof.Result
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return proveOutput{}, usagef("--merge: cannot read %s: %v", f, err)
		}
		var r proveOutput
		if err := json.Unmarshal(b, &r); err != nil {
			return proveOutput{}, usagef("--merge: %s is not the output of leapcheck prove --json: %v", f, err)
		}
		outs = append(outs, r)
		results = append(results, r.Result)
	}
	merged, err := proof.Merge(results, files)
	if err != nil {
		return proveOutput{}, usagef("--merge: %s", strings.TrimPrefix(err.Error(), "proof: merge: "))
	}
	out := proveOutput{Result: merged}
	var work, perDate float64 // dates × presets, and ns per date weighted by it
	for _, r := range outs {
		out.ElapsedMS += r.ElapsedMS
		out.Workers = max(out.Workers, r.Workers)
		w := float64(r.DatesChecked) * float64(len(r.Subjects))
		work += w
		perDate += w * r.NSPerDate
	}
	if work > 0 {
		out.NSPerDate = perDate / work
	}
	return out, nil
}
