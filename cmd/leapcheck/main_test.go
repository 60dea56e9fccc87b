package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/corpus"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leapcheck runs the command in-process and returns its exit status,
// standard output and standard error.
func leapcheck(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

type proveJSON struct {
	DatesChecked int64 `json:"dates_checked"`
	OK           bool  `json:"ok"`
	Presets      []struct {
		Name         string           `json:"name"`
		FailingDates int64            `json:"failing_dates"`
		FirstFailure *string          `json:"first_failure"`
		LastFailure  *string          `json:"last_failure"`
		Claimed      int64            `json:"claimed_failing_dates"`
		Unexpected   int64            `json:"unexpected_failures"`
		Missed       int64            `json:"missed_failures"`
		Kinds        map[string]int64 `json:"failure_kinds"`
		OK           bool             `json:"ok"`
	} `json:"presets"`
}

func parseProve(t *testing.T, s string) proveJSON {
	t.Helper()
	var r proveJSON
	require.NoError(t, json.Unmarshal([]byte(s), &r), s)
	return r
}

// presetOf returns a preset's result; holds is whether it failed on
// exactly the dates of its claim.
func presetOf(t *testing.T, r proveJSON, name string) (failing int64, first, last string, holds bool, stages map[string]int64) {
	t.Helper()
	for _, p := range r.Presets {
		if p.Name == name {
			if p.FirstFailure != nil {
				first, last = *p.FirstFailure, *p.LastFailure
			}
			return p.FailingDates, first, last, p.Unexpected == 0 && p.Missed == 0 && p.Claimed == p.FailingDates, p.Kinds
		}
	}
	t.Fatalf("no preset %s in %+v", name, r)
	return
}

// TestProveAllDates is the proof of the design, through the command: every
// issuance date 0001..9999, the fixed preset safe, the 2012 preset failing
// on exactly the 2,424 February 29ths and reaching cluster HI on each.
func TestProveAllDates(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole calendar; run without -short")
	}
	code, out, errOut := leapcheck(t, "prove", "--json")
	require.Equal(t, exitOK, code, errOut)
	r := parseProve(t, out)
	assert.Equal(t, int64(3652059), r.DatesChecked)
	assert.True(t, r.OK)
	failing, _, _, _, _ := presetOf(t, r, "azure2012-fixed")
	assert.Zero(t, failing)
	failing, first, last, allLeap, stages := presetOf(t, r, "azure2012")
	assert.Equal(t, int64(2424), failing)
	assert.Equal(t, "0004-02-29", first)
	assert.Equal(t, "9996-02-29", last)
	assert.True(t, allLeap)
	assert.Equal(t, int64(2424), stages["cluster-hi"])
	assert.Contains(t, errOut, "100%", "progress lines when stderr is not a terminal")
}

func TestProveRangeAndShards(t *testing.T) {
	code, out, errOut := leapcheck(t, "prove", "--from", "1896-01-01", "--to", "1904-12-31", "--json")
	require.Equal(t, exitOK, code, errOut)
	whole := parseProve(t, out)
	failing, first, last, allLeap, _ := presetOf(t, whole, "azure2012")
	// 1900 is not a leap year: 1896 and 1904 only.
	assert.Equal(t, int64(2), failing)
	assert.Equal(t, "1896-02-29", first)
	assert.Equal(t, "1904-02-29", last)
	assert.True(t, allLeap)

	dir := t.TempDir()
	var files []string
	for i := 1; i <= 3; i++ {
		code, out, errOut := leapcheck(t, "prove", "--from", "1896-01-01", "--to", "1904-12-31", "--shard", strconv.Itoa(i)+"/3", "--json")
		require.Equal(t, exitOK, code, errOut)
		f := filepath.Join(dir, "shard"+strconv.Itoa(i)+".json")
		require.NoError(t, os.WriteFile(f, []byte(out), 0o644))
		files = append(files, f)
	}
	code, out, errOut = leapcheck(t, append([]string{"prove", "--merge", "--json"}, files...)...)
	require.Equal(t, exitOK, code, errOut)
	merged := parseProve(t, out)
	assert.Equal(t, whole.DatesChecked, merged.DatesChecked)
	mFailing, mFirst, mLast, mAllLeap, _ := presetOf(t, merged, "azure2012")
	assert.Equal(t, []any{failing, first, last, allLeap}, []any{mFailing, mFirst, mLast, mAllLeap})

	// Each shard is judged on the leap days of its own part of the range.
	code, _, _ = leapcheck(t, "prove", "--merge", files[0])
	assert.Equal(t, exitOK, code, "one shard on its own is judged on its own leap days")
	// Shards with a gap, an overlap or other presets do not merge.
	for _, bad := range [][]string{{files[0], files[2]}, {files[0], files[0]}, {files[0], files[1], files[1]}} {
		code, _, errOut = leapcheck(t, append([]string{"prove", "--merge"}, bad...)...)
		assert.Equal(t, exitUsage, code, "%v", bad)
		assert.Contains(t, errOut, "without gaps or overlaps")
	}
	code, out, errOut = leapcheck(t, "prove", "--preset", "azure2012", "--from", "1905-01-01", "--to", "1905-12-31", "--json")
	require.Equal(t, exitOK, code, errOut)
	other := filepath.Join(dir, "other.json")
	require.NoError(t, os.WriteFile(other, []byte(out), 0o644))
	code, _, errOut = leapcheck(t, "prove", "--merge", files[2], other)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "different presets")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{not json"), 0o644))
	code, _, errOut = leapcheck(t, "prove", "--merge", filepath.Join(dir, "bad.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "bad.json")
}

func TestProveFailsWhenTheClaimIsWrong(t *testing.T) {
	// Run through the summary: a range without a date of its claim proves
	// the 2012 preset safe there, and the command says so with exit 0...
	code, out, _ := leapcheck(t, "prove", "--preset", "azure2012", "--from", "2013-01-01", "--to", "2015-12-31")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "it fails on every February 29, and no such date is in range")
	// The decision rules themselves are the engine's (models/proof
	// TestSweepJudgesAgainstTheClaim).
}

func TestProveSummaryAndReport(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := leapcheck(t, "prove", "--from", "2000-01-01", "--to", "2099-12-31", "--report", dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "PROVED in")
	assert.Contains(t, out, "azure2012-fixed")
	assert.Contains(t, out, "fails on every February 29: exactly the 25 such dates in range, as expected")
	assert.Contains(t, out, "cluster-hi 25")
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	r := parseProve(t, string(b))
	failing, _, _, _, _ := presetOf(t, r, "azure2012")
	assert.Equal(t, int64(25), failing)
	svg, err := os.ReadFile(filepath.Join(dir, "failures.svg"))
	require.NoError(t, err)
	assertWellFormedXML(t, svg)
	assert.Contains(t, string(svg), "<title>2012: 1 failing date</title>")
	assert.NotContains(t, string(svg), "<title>2013:")
}

func assertWellFormedXML(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		require.NoError(t, err, "SVG is not well-formed XML")
	}
}

type simJSON struct {
	FirstHostFault *string `json:"first_host_fault"`
	ClusterHIAt    *string `json:"cluster_hi_at"`
	ServersInHI    int     `json:"servers_in_hi"`
	HISeries       []struct {
		At string `json:"at"`
		HI int    `json:"hi"`
	} `json:"hi_series"`
}

func TestSimulate(t *testing.T) {
	code, out, errOut := leapcheck(t, "simulate", "--preset", "azure2012", "--json")
	require.Equal(t, exitOK, code, errOut)
	var r simJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.NotNil(t, r.FirstHostFault)
	assert.Equal(t, "2012-02-29T01:15:00Z", *r.FirstHostFault)
	require.NotNil(t, r.ClusterHIAt, "the cluster reaches HI")
	assert.Greater(t, r.ServersInHI, 1, "healing spread the fault")
	assert.NotEmpty(t, r.HISeries)

	for _, args := range [][]string{
		{"simulate", "--preset", "azure2012-fixed", "--json"},
		{"simulate", "--preset", "azure2012", "--start", "2013-02-28T00:00:00Z", "--json"},
		{"simulate", "--preset", "azure2012", "--start", "2012-03-01T00:00:00Z", "--seed", "7", "--json"},
	} {
		code, out, errOut := leapcheck(t, args...)
		require.Equal(t, exitOK, code, errOut)
		var r simJSON
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.Nil(t, r.FirstHostFault, "%q", args)
		assert.Nil(t, r.ClusterHIAt, "%q", args)
		assert.Contains(t, out, `"first_host_fault": null`)
	}

	svg := filepath.Join(t.TempDir(), "hi.svg")
	code, out, errOut = leapcheck(t, "simulate", "--preset", "azure2012", "--svg", svg)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "2012-02-29 01:15:00  host 0  hardware fault reported after 3 failed starts")
	assert.Contains(t, out, "CLUSTER IN HUMAN INVESTIGATE")
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	assertWellFormedXML(t, b)
	assert.Contains(t, string(b), "cluster HI")

	// Same preset and seed: the same timeline, byte for byte.
	_, again, _ := leapcheck(t, "simulate", "--preset", "azure2012", "--svg", svg)
	assert.Equal(t, out, again)
}

// TestVectorsCivilAgreeWithTime checks every line of `vectors civil`
// against the time package (every day without -short).
func TestVectorsCivilAgreeWithTime(t *testing.T) {
	args := []string{"vectors", "civil"}
	if testing.Short() {
		args = append(args, "--from", "1899-12-20", "--to", "1901-01-10")
	}
	code, out, errOut := leapcheck(t, args...)
	require.Equal(t, exitOK, code, errOut)
	sc := bufio.NewScanner(strings.NewReader(out))
	require.True(t, sc.Scan())
	assert.True(t, strings.HasPrefix(sc.Text(), "# date\tday_number"))
	lines := 0
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		require.Len(t, f, 8, sc.Text())
		tm, err := time.Parse(time.DateOnly, f[0])
		require.NoError(t, err)
		iy, iw := tm.ISOWeek()
		wd := (int(tm.Weekday())+6)%7 + 1
		leap := 0
		if time.Date(tm.Year(), 2, 29, 0, 0, 0, 0, time.UTC).Day() == 29 {
			leap = 1
		}
		want := []int64{tm.Unix() / 86400, int64(wd), int64(tm.YearDay()), int64(iy), int64(iw), int64(leap),
			int64(time.Date(tm.Year(), tm.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day())}
		for i, w := range want {
			if got, err := strconv.ParseInt(f[i+1], 10, 64); err != nil || got != w {
				t.Fatalf("%s column %d: %q, time says %d", f[0], i+1, f[i+1], w)
			}
		}
		lines++
	}
	if !testing.Short() {
		assert.Equal(t, 3652059, lines)
	}
}

// TestVectorsAddAgreeWithTime checks add-years and add-months: Roll equals
// AddDate, Clamp stays in the target month, Reject says ERR exactly where
// the day does not exist.
func TestVectorsAddAgreeWithTime(t *testing.T) {
	for _, kind := range []string{"add-years", "add-months"} {
		for _, n := range []string{"1", "-1", "13"} {
			for _, policy := range []string{"roll", "clamp", "reject"} {
				code, out, errOut := leapcheck(t, "vectors", kind, "--n", n, "--overflow", policy, "--from", "1999-01-01", "--to", "2001-12-31")
				require.Equal(t, exitOK, code, errOut)
				nn, _ := strconv.Atoi(n)
				lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
				require.Len(t, lines, 1096)
				for _, l := range lines {
					f := strings.Split(l, "\t")
					tm, _ := time.Parse(time.DateOnly, f[0])
					ys, ms := nn, 0
					if kind == "add-months" {
						ys, ms = 0, nn
					}
					rolled := tm.AddDate(ys, ms, 0)
					exists := rolled.Day() == tm.Day()
					switch policy {
					case "roll":
						require.Equal(t, rolled.Format(time.DateOnly), f[2], l)
					case "reject":
						if exists {
							require.Equal(t, rolled.Format(time.DateOnly), f[2], l)
						} else {
							require.Equal(t, "ERR:no-such-day", f[2], l)
						}
					case "clamp":
						res, err := time.Parse(time.DateOnly, f[2])
						require.NoError(t, err, l)
						target := time.Date(tm.Year()+ys, tm.Month()+time.Month(ms), 1, 0, 0, 0, 0, time.UTC)
						require.Equal(t, target.Month(), res.Month(), l)
						if exists {
							require.Equal(t, rolled, res, l)
						}
					}
				}
			}
		}
	}
}

func TestCorpusCommands(t *testing.T) {
	code, out, _ := leapcheck(t, "corpus", "list")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "azure-2012-leap-day")
	assert.Equal(t, len(corpus.Entries())+1, strings.Count(out, "\n"))

	code, out, _ = leapcheck(t, "corpus", "show", "azure-2012-leap-day")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "valid-from=2012-02-29T00:00:00Z")
	assert.Contains(t, out, "source:   https://")

	dir := t.TempDir()
	code, out, errOut := leapcheck(t, "corpus", "export", "--target", "FuzzMine", "--dir", dir, "--shape", "unixseconds")
	require.Equal(t, exitOK, code, errOut)
	files, err := os.ReadDir(filepath.Join(dir, "FuzzMine"))
	require.NoError(t, err)
	assert.Len(t, files, len(corpus.Instants()))
	assert.Contains(t, out, "wrote "+strconv.Itoa(len(files)))
	b, err := os.ReadFile(filepath.Join(dir, "FuzzMine", files[0].Name()))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "go test fuzz v1\nint64("), string(b))

	// MakeFuzz: the bytes a rapid.MakeFuzz target's first props.Time() draw
	// decodes to each instant (props.TestTimeFuzzInputRoundTrips checks
	// the decoding).
	code, out, errOut = leapcheck(t, "corpus", "export", "--target", "FuzzRapid", "--dir", dir, "--shape", "MakeFuzz")
	require.Equal(t, exitOK, code, errOut)
	files, err = os.ReadDir(filepath.Join(dir, "FuzzRapid"))
	require.NoError(t, err)
	assert.Len(t, files, len(corpus.Instants()))
	assert.Contains(t, out, "wrote "+strconv.Itoa(len(files))+" seed files (MakeFuzz")
	b, err = os.ReadFile(filepath.Join(dir, "FuzzRapid", files[0].Name()))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "go test fuzz v1\n[]byte("), string(b))
}

// TestEmptyShardsMerge: with more shards than days some shards are empty;
// each is a valid result (exit 0) and all of them merge into the proof of
// the whole range. Two copies of one empty shard do not merge.
func TestEmptyShardsMerge(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := 1; i <= 7; i++ {
		code, out, errOut := leapcheck(t, "prove", "--preset", "azure2012", "--from", "2012-02-28", "--to", "2012-03-01",
			"--shard", strconv.Itoa(i)+"/7", "--json", "--quiet")
		require.Equal(t, exitOK, code, errOut)
		f := filepath.Join(dir, strconv.Itoa(i)+".json")
		require.NoError(t, os.WriteFile(f, []byte(out), 0o644))
		files = append(files, f)
	}
	code, out, errOut := leapcheck(t, append([]string{"prove", "--merge", "--json"}, files...)...)
	require.Equal(t, exitOK, code, errOut)
	r := parseProve(t, out)
	assert.Equal(t, int64(3), r.DatesChecked)
	failing, first, _, allLeap, _ := presetOf(t, r, "azure2012")
	assert.Equal(t, []any{int64(1), "2012-02-29", true}, []any{failing, first, allLeap})

	var empty string
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if parseProve(t, string(b)).DatesChecked == 0 {
			empty = f
		}
	}
	require.NotEmpty(t, empty, "7 shards of 3 days: some are empty")
	code, _, errOut = leapcheck(t, append([]string{"prove", "--merge"}, append(files, empty)...)...)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "are both shard")
}

// TestMergeReport: --merge --report writes the merged report.
func TestMergeReport(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := 1; i <= 2; i++ {
		_, out, _ := leapcheck(t, "prove", "--preset", "azure2012", "--from", "2000-01-01", "--to", "2019-12-31", "--shard", strconv.Itoa(i)+"/2", "--json", "--quiet")
		f := filepath.Join(dir, strconv.Itoa(i)+".json")
		require.NoError(t, os.WriteFile(f, []byte(out), 0o644))
		files = append(files, f)
	}
	rep := filepath.Join(dir, "merged")
	code, out, errOut := leapcheck(t, append([]string{"prove", "--merge", "--report", rep}, files...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "merged from 2 results")
	assert.NotContains(t, out, " 0 ns per date", "the merged rate is the shards' weighted rate")
	b, err := os.ReadFile(filepath.Join(rep, "report.json"))
	require.NoError(t, err)
	failing, _, _, _, _ := presetOf(t, parseProve(t, string(b)), "azure2012")
	assert.Equal(t, int64(5), failing)
	svg, err := os.ReadFile(filepath.Join(rep, "failures.svg"))
	require.NoError(t, err)
	assert.Contains(t, string(svg), "<title>2016: 1 failing date</title>")
}

// TestJSONSchema: a schema_version, and failing_by_year keys that sort in
// year order as text (0104 after 0096, where "104" would sort before "96").
func TestJSONSchema(t *testing.T) {
	code, out, errOut := leapcheck(t, "prove", "--preset", "azure2012", "--from", "0096-01-01", "--to", "0104-12-31", "--json", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, fmt.Sprintf(`"schema_version": %d`, proof.SchemaVersion))
	i96, i104 := strings.Index(out, `"0096": 1`), strings.Index(out, `"0104": 1`)
	require.True(t, i96 > 0 && i104 > 0, out)
	assert.Less(t, i96, i104)
	assert.NotContains(t, out, `"0100"`, "1 AD century rule: 100 is not a leap year")

	code, out, errOut = leapcheck(t, "simulate", "--preset", "azure2012-fixed", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"schema_version": 1`)
}

func TestVectorsErrorReasons(t *testing.T) {
	code, out, errOut := leapcheck(t, "vectors", "add-years", "--n", "1", "--overflow", "reject", "--from", "9996-02-28", "--to", "9996-02-29")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "9996-02-28\t1\t9997-02-28\n")
	assert.Contains(t, out, "9996-02-29\t1\tERR:no-such-day\n")
	_, out, _ = leapcheck(t, "vectors", "add-years", "--n", "1", "--overflow", "clamp", "--from", "9999-12-31")
	assert.Contains(t, out, "9999-12-31\t1\tERR:out-of-range\n")
}

func TestPlural(t *testing.T) {
	assert.Equal(t, "1 worker", plural(1, "worker"))
	assert.Equal(t, "0 dates", plural(0, "date"))
	assert.Equal(t, "3,652,059 issuance dates", plural(3652059, "issuance date"))
	_, out, _ := leapcheck(t, "prove", "--preset", "azure2012", "--from", "2012-02-29", "--to", "2012-02-29", "--workers", "1", "--quiet")
	assert.Contains(t, out, "leapcheck prove: 1 issuance date 2012-02-29..2012-02-29\n")
	assert.Contains(t, out, "on 1 worker (")
}
