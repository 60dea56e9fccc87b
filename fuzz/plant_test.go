package fuzz

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	plantedFlag = flag.Bool("planted", false, "run every planted-bug fuzz session (also LEAPCHECK_PLANTED=1)")
	plantBudget = flag.Duration("planted.budget", 60*time.Second, "fuzz time allowed to find each planted bug or model mutant")
	plantFresh  = flag.Bool("planted.fresh", false, "fuzz the planted bugs without the committed seed corpora")
	mutantsFlag = flag.Bool("mutants", false, "run every model-mutant fuzz session, from an empty corpus")
)

// TestPlantedBugs runs, with -planted or LEAPCHECK_PLANTED=1, one fuzz
// session per planted bug (plants) in a subprocess: the package's test
// binary, built with fuzzing instrumentation, run in a temporary directory (a
// copy of the target's committed seed corpus, or none with -planted.fresh)
// so that the crasher it writes does not land in the repository. Each
// session must fail within -planted.budget and print the reproducer path;
// the test logs the time to find each bug and the failure it reported.
func TestPlantedBugs(t *testing.T) {
	if !*plantedFlag && os.Getenv("LEAPCHECK_PLANTED") != "1" {
		t.Skip("planted-bug fuzzing runs with -planted or LEAPCHECK_PLANTED=1 (make fuzz-planted)")
	}
	bin := buildFuzzBinary(t, "")
	var times []float64
	for _, p := range plants() {
		t.Run(p.name, func(t *testing.T) {
			s := fuzzSession(t, bin, bin, p.target, !*plantFresh, plantEnv+"="+p.name)
			times = append(times, s.seconds)
			t.Logf("planted %-26s Fuzz%-12s found in %6.2fs (%s): %s\n\tfailure: %s\n\treproducer %s",
				p.name, p.target, s.seconds, s.how, p.bug, s.failure, s.reproducer)
			fmt.Printf("planted %s Fuzz%s %.2fs %s\n", p.name, p.target, s.seconds, s.how)
		})
	}
	logMedian(t, times)
}

// mutant is a bug put into a model's source at build time (go test
// -overlay): in file, relative to the module root, old (which must occur
// exactly once) becomes new. The target, fuzzed from an empty corpus, must
// find it.
type mutant struct {
	name, target, file, old, new, bug string
}

// mutants are the model mutations TestModelMutants shows the targets find.
// A mutant whose old text no longer occurs fails the test: update it with
// the model.
var mutants = []mutant{
	{"isleap-div4", "NewDate", "models/calendar/date.go",
		"return year%16 == 0", "return year%4 == 0",
		"IsLeap as 'divisible by 4': 1900-02-29 exists"},
	{"utctime-through-2050", "CertEncode", "models/cert/encoding.go",
		"if year >= 1950 && year <= 2049 {\n\t\treturn UTCTime", "if year >= 1950 && year <= 2050 {\n\t\treturn UTCTime",
		"UTCTime used through 2050"},
	{"clamp-to-28", "AddMonths", "models/calendar/overflow.go",
		"return Date{year, month, last}, true", "return Date{year, month, 28}, true",
		"Clamp moves a missing day to the 28th, not to the month's last day"},
	{"truncating-day-division", "CertIssue", "models/cert/policy.go",
		"start = floorDiv(secs, secondsPerDay) * secondsPerDay", "start = secs / secondsPerDay * secondsPerDay",
		"StartOfDay truncates towards zero: wrong before 1970"},
	{"fault-one-late", "Host", "models/host/host.go",
		"if limit > 0 && v.Failures >= limit {", "if limit > 0 && v.Failures > limit {",
		"the host reports the hardware fault one failed start after the limit"},
	{"threshold-strictly-above", "Cluster", "models/cluster/config.go",
		"float64(hi)/float64(servers) >= t.fraction", "float64(hi)/float64(servers) > t.fraction",
		"the cluster enters HI only strictly above a fraction threshold"},
}

// TestModelMutants runs, with -mutants, one fuzz session per model mutant
// from an empty corpus, each with its own test binary built with the mutant
// overlaid, and logs the time to find each; every one must be found within
// -planted.budget. Without -mutants it checks that every mutant still
// applies to the current model source.
func TestModelMutants(t *testing.T) {
	var real string
	if *mutantsFlag {
		real = buildFuzzBinary(t, "")
	}
	for _, m := range mutants {
		t.Run(m.name, func(t *testing.T) {
			overlay := writeMutant(t, m)
			if !*mutantsFlag {
				return
			}
			bin := buildFuzzBinary(t, overlay)
			s := fuzzSession(t, bin, real, m.target, false)
			t.Logf("mutant %-26s Fuzz%-12s found in %6.2fs: %s\n\tfailure: %s", m.name, m.target, s.seconds, m.bug, s.failure)
			fmt.Printf("mutant %s Fuzz%s %.2fs\n", m.name, m.target, s.seconds)
		})
	}
	if !*mutantsFlag {
		t.Log("model-mutant fuzzing runs with -mutants (make fuzz-mutants)")
	}
}

// writeMutant writes the mutated file and an overlay file naming it, and
// returns the overlay's path.
func writeMutant(t *testing.T, m mutant) string {
	src := filepath.Join("..", filepath.FromSlash(m.file))
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte(m.old)); n != 1 {
		t.Fatalf("mutant %s: %q occurs %d times in %s, want once: update the mutant", m.name, m.old, n, m.file)
	}
	dir := t.TempDir()
	mutated := filepath.Join(dir, filepath.Base(m.file))
	if err := os.WriteFile(mutated, bytes.Replace(b, []byte(m.old), []byte(m.new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: mutated}})
	path := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(path, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// buildFuzzBinary builds the package's test binary with fuzzing
// instrumentation, with an overlay if one is given.
func buildFuzzBinary(t *testing.T, overlay string) string {
	bin := filepath.Join(t.TempDir(), "fuzz.test")
	args := []string{"test", "-c", "-fuzz=.", "-o", bin}
	if overlay != "" {
		args = append(args, "-overlay="+overlay)
	}
	build := exec.Command("go", append(args, ".")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the test binary: %v\n%s", err, out)
	}
	return bin
}

// session is the outcome of a fuzz session that found a failure.
type session struct {
	seconds    float64
	how        string // "fuzzing" or "seed corpus"
	failure    string // the first line of the target's failure message
	reproducer string
}

var (
	foundRe   = regexp.MustCompile(`Failing input written to (\S+)|failure while testing seed corpus entry: (\S+)`)
	failureRe = regexp.MustCompile(`(?m)^\s+fuzz_test\.go:\d+: (.*)$`)
)

// fuzzSession fuzzes Fuzz<target> with bin for -planted.budget in a scratch
// directory (with a copy of the target's committed corpus when withSeeds),
// with env added to the environment, and fails the test unless the session
// finds a failure that is the bug's: its reproducer must pass when replayed
// by realBin, the test binary without the bug (with the real oracles and
// models), so that a failure of the target itself does not count.
func fuzzSession(t *testing.T, bin, realBin, target string, withSeeds bool, env ...string) session {
	name := "Fuzz" + target
	dir := t.TempDir()
	if withSeeds {
		if err := os.CopyFS(filepath.Join(dir, "testdata", "fuzz", name), os.DirFS(filepath.Join("testdata", "fuzz", name))); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^$", "-test.fuzz=^"+name+"$",
		"-test.fuzztime="+plantBudget.String(), "-test.fuzzcachedir="+filepath.Join(dir, "cache"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	m := foundRe.FindSubmatch(out)
	if err == nil || m == nil {
		t.Fatalf("%s found nothing within %v:\n%s", name, *plantBudget, tail(out, 20))
	}
	s := session{seconds: elapsed.Seconds(), how: "fuzzing", reproducer: string(m[1])}
	if len(m[1]) == 0 {
		s.how, s.reproducer = "seed corpus", filepath.Join("testdata", "fuzz", string(m[2]))
	}
	if f := failureRe.FindSubmatch(out); f != nil {
		s.failure = string(f[1])
	}
	replay := exec.Command(realBin, "-test.run=^"+name+"$/^"+filepath.Base(s.reproducer)+"$", "-test.count=1")
	replay.Dir = dir
	if out, err := replay.CombinedOutput(); err != nil {
		t.Fatalf("%s found a failure that is not the bug's: its reproducer %s fails without the bug too:\n%s", name, s.reproducer, tail(out, 20))
	}
	return s
}

func logMedian(t *testing.T, times []float64) {
	if len(times) == 0 {
		return
	}
	s := slices.Clone(times)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	t.Logf("median time to find: %.2fs, slowest %.2fs", med, s[len(s)-1])
	fmt.Printf("median %.2fs max %.2fs\n", med, s[len(s)-1])
}

func tail(b []byte, n int) string {
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// TestPlantsCoverTargets checks that every target has a planted bug.
func TestPlantsCoverTargets(t *testing.T) {
	for _, tg := range registry {
		if !slices.ContainsFunc(plants(), func(p plant) bool { return p.target == tg.name }) {
			t.Errorf("%s has no planted bug", tg.name)
		}
	}
}
