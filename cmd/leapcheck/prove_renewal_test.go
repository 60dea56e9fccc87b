package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/leapcheck/leapcheck/internal/numfmt"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProveRenewalClaims: prove --renewal over the default window reports,
// for every renewal preset, exactly the number of dates its claim names,
// counted here from the preset's FailsOn over 2020-01-01..2040-12-31 (not
// from the prover), the first and last of them, 0 for the safe ones, and
// every claim holding.
func TestProveRenewalClaims(t *testing.T) {
	code, out, errOut := leapcheck(t, "prove", "--renewal", "--json", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	r := parseProve(t, out)
	assert.True(t, r.OK)
	assert.EqualValues(t, 7671, r.DatesChecked, "2020-01-01..2040-12-31")
	ps := renew.Presets()
	require.Len(t, r.Presets, len(ps))
	window, err := calendar.NewRange(calendar.Date{Year: 2020, Month: 1, Day: 1}, calendar.Date{Year: 2040, Month: 12, Day: 31})
	require.NoError(t, err)
	unsafe := 0
	for _, p := range ps {
		var want int64
		var first, last string
		for d := range window.Days() {
			if p.FailsOn != nil && p.FailsOn(d) {
				want++
				if first == "" {
					first = d.String()
				}
				last = d.String()
			}
		}
		failing, gotFirst, gotLast, holds, _ := presetOf(t, r, p.Name)
		assert.Equal(t, want, failing, p.Name)
		assert.Equal(t, []string{first, last}, []string{gotFirst, gotLast}, p.Name)
		assert.True(t, holds, p.Name)
		if !p.Safe() {
			unsafe++
			assert.NotZero(t, want, "%s: an unsafe preset fails somewhere in the window", p.Name)
		}
	}
	assert.GreaterOrEqual(t, unsafe, 4, "the unsafe presets of issue 15")

	// One unsafe preset through the summary: the count, the first failure
	// explained, and the time the proof took.
	code, out, errOut = leapcheck(t, "prove", "--preset", renew.Renew60DaysLEClassic, "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "leapcheck prove: 7,671 issuance dates 2020-01-01..2040-12-31, renewal presets\n")
	assert.Contains(t, out, "exactly the 4,703 such dates in range, as expected")
	assert.Contains(t, out, "failures: lapse 4,703\n")
	assert.Contains(t, out, "first: 2028-02-16: lapse: certificate issued 2028-02-16T00:00:00Z expires after 2028-03-31T23:59:59Z")
	assert.Regexp(t, `\nPROVED in \d+ms of proof time on \d+ workers? \(\d+ ns per date and preset per worker\)\n$`, out)
}

// TestProveRenewalWrongClaim: a renewal preset whose claim is wrong both
// ways fails the proof, with both dates named against its claim.
func TestProveRenewalWrongClaim(t *testing.T) {
	p, err := renew.PresetByName(renew.YearlyAddYearsReject)
	require.NoError(t, err)
	p.FailsOn = func(d calendar.Date) bool { return d == calendar.Date{Year: 2021, Month: 3, Day: 1} }
	r, err := calendar.NewRange(calendar.Date{Year: 2020, Month: 1, Day: 1}, calendar.Date{Year: 2021, Month: 12, Day: 31})
	require.NoError(t, err)
	subject, err := p.Subject()
	require.NoError(t, err)
	out, err := proof.Sweep(r, []proof.Subject{subject}, proof.Options{Workers: 2})
	require.NoError(t, err)
	res := out.Subjects
	require.Len(t, res, 1)
	assert.False(t, res[0].OK)
	assert.EqualValues(t, 1, res[0].Unexpected)
	assert.EqualValues(t, 1, res[0].Missed)
	assert.Equal(t, []string{"2020-02-29: fails (schedule-error), not claimed", "2021-03-01: claimed to fail, but safe"}, res[0].Mismatches)
	assert.Contains(t, res[0].Verdict, "UNEXPECTED")
}

// TestProveRenewalShardsMergeAndReport: the shards of a renewal proof
// merge into the whole proof, with its failure kinds and first failure;
// they do not merge with an issuance proof; --report draws the years.
func TestProveRenewalShardsMergeAndReport(t *testing.T) {
	args := []string{"prove", "--preset", "monthly-31st-skip-45d,certbot-le-classic", "--from", "2024-01-01", "--to", "2026-12-31", "--quiet"}
	code, out, errOut := leapcheck(t, append(args, "--json")...)
	require.Equal(t, exitOK, code, errOut)
	whole := parseProve(t, out)
	wantFailing, wantFirst, wantLast, _, _ := presetOf(t, whole, "monthly-31st-skip-45d")
	require.NotZero(t, wantFailing)

	dir := t.TempDir()
	var files []string
	for i := 1; i <= 3; i++ {
		code, out, errOut := leapcheck(t, append(args, "--json", "--shard", strconv.Itoa(i)+"/3")...)
		require.Equal(t, exitOK, code, errOut)
		f := filepath.Join(dir, strconv.Itoa(i)+".json")
		require.NoError(t, os.WriteFile(f, []byte(out), 0o644))
		files = append(files, f)
	}
	rep := filepath.Join(dir, "report")
	code, out, errOut = leapcheck(t, append([]string{"prove", "--merge", "--report", rep}, files...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "renewal presets (merged from 3 results)")
	assert.Contains(t, out, "first: "+wantFirst+": lapse: ")
	assert.Contains(t, out, "failures: lapse "+numfmt.Thousands(wantFailing)+"\n")
	b, err := os.ReadFile(filepath.Join(rep, "report.json"))
	require.NoError(t, err)
	merged := parseProve(t, string(b))
	failing, first, last, holds, _ := presetOf(t, merged, "monthly-31st-skip-45d")
	assert.Equal(t, []any{wantFailing, wantFirst, wantLast, true}, []any{failing, first, last, holds})
	svg, err := os.ReadFile(filepath.Join(rep, "failures.svg"))
	require.NoError(t, err)
	assertWellFormedXML(t, svg)
	assert.Contains(t, string(svg), "monthly-31st-skip-45d: "+plural(wantFailing, "date")+" failing, ok")
	assert.Contains(t, string(svg), "certbot-le-classic: 0 dates failing, ok")

	code, out, errOut = leapcheck(t, "prove", "--preset", "azure2012", "--from", "2027-01-01", "--to", "2027-12-31", "--json", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	other := filepath.Join(dir, "issuance.json")
	require.NoError(t, os.WriteFile(other, []byte(out), 0o644))
	code, _, errOut = leapcheck(t, "prove", "--merge", files[2], other)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "different presets")
}

// TestProveRenewalNotJudged: dates whose renewal falls after 9999-12-31
// are counted as not judged, never as failing or safe against the claim.
func TestProveRenewalNotJudged(t *testing.T) {
	code, out, errOut := leapcheck(t, "prove", "--preset", renew.YearlyAddYearsReject, "--from", "9996-01-01", "--to", "9999-12-31", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "dates not judged: outside the model (a renewal after 9999-12-31)")
	assert.Contains(t, out, "exactly the 1 such date in range", "9996-02-29 is judged: renewed in 9997")
}
