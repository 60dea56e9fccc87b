package fuzz

// This file holds every fuzz target of the package, and everything that names
// them. OSS-Fuzz's compile_native_go_fuzzer finds a target's file with
// grep -r over the package directory, so no other file under fuzz/ may
// contain a target's name, and no target's name may be a prefix of another's
// (TestOSSFuzzNames checks both). It also turns this file into an ordinary
// source file, so it must use nothing from other _test.go files (there are
// none).
//
// Raw libFuzzer inputs (OSS-Fuzz, ClusterFuzzLite) encode the arguments as
// RawInput documents: a 4-byte big-endian length and the bytes for []byte and
// string, 8 bytes and a byte-order byte for int, int64 and uint64, one byte
// for uint8.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
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

	"github.com/leapcheck/leapcheck/corpus"
)

// FuzzParseDate checks calendar.ParseDate against a strict reader and
// time.Parse (CheckParseDate). Argument: the text. Raw input: 4-byte
// big-endian length, then the text.
func FuzzParseDate(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.CheckParseDate(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzNewDate checks calendar.NewDate and the date's day number, weekday,
// day of year and ISO week against time.Date (CheckNewDate). Arguments:
// year, month, day. Raw input: three times 8 bytes and a byte-order byte.
func FuzzNewDate(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, y, m, d int) {
		if err := o.CheckNewDate(y, m, d); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzDayNumber checks the day number round trip against time.Unix
// (CheckDayNumber). Argument: a day number (days since 1970-01-01).
// Raw input: 8 bytes and a byte-order byte.
func FuzzDayNumber(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, n int64) {
		if err := o.CheckDayNumber(n); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzAddYears checks calendar.AddYears under every policy against month
// arithmetic on package time, and Roll against time.AddDate
// (CheckAddYears). Arguments: year, month, day, hour, minute, second,
// nanosecond, UTC offset in minutes (above 840: a named zone), years, policy.
// Raw input: nine times 8 bytes and a byte-order byte, then the policy byte.
func FuzzAddYears(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, y, m, d, hh, mm, ss, ns, offsetMinutes, n int, policy uint8) {
		if err := o.CheckAddYears(AddArgs{y, m, d, hh, mm, ss, ns, offsetMinutes, n, policy}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzAddMonths checks calendar.AddMonths as FuzzAddYears does AddYears
// (CheckAddMonths), with the same arguments and raw layout, n in months.
func FuzzAddMonths(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, y, m, d, hh, mm, ss, ns, offsetMinutes, n int, policy uint8) {
		if err := o.CheckAddMonths(AddArgs{y, m, d, hh, mm, ss, ns, offsetMinutes, n, policy}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCertEncode checks the RFC 5280 time encoding round trip and its bytes
// against encoding/asn1 (CheckCertEncode). Argument: Unix seconds (the
// corpus.UnixSeconds shape). Raw input: 8 bytes and a byte-order byte.
func FuzzCertEncode(f *testing.F) {
	o := plantedCert()
	f.Fuzz(func(t *testing.T, sec int64) {
		if err := o.CheckCertEncode(sec); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCertDecode checks cert.DecodeTime against encoding/asn1 and
// crypto/x509 parsing the same bytes (CheckCertDecode). Arguments: the ASN.1
// tag (23 UTCTime, 24 GeneralizedTime, others invalid) and the text. Raw
// input: the tag byte, then a 4-byte big-endian length and the text.
func FuzzCertDecode(f *testing.F) {
	o := plantedCert()
	f.Fuzz(func(t *testing.T, tag uint8, s string) {
		if err := o.CheckCertDecode(tag, s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCertIssue checks issuance under every cert preset: the fixed presets
// never fail, the 2012 guest agent fails on February 29 only, and every
// validity matches an independent formulation (CheckCertIssue). Argument:
// Unix seconds. Raw input: 8 bytes and a byte-order byte.
func FuzzCertIssue(f *testing.F) {
	o := plantedCert()
	f.Fuzz(func(t *testing.T, sec int64) {
		if err := o.CheckCertIssue(sec); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzHost drives a host agent with a fuzzed policy and event sequence and
// checks its invariants after every step (CheckHost; the byte layout is
// documented in host.go). Raw input: a 4-byte big-endian length, then the
// bytes.
func FuzzHost(f *testing.F) {
	o := plantedHost()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := o.CheckHost(data); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCluster drives a fabric controller with a fuzzed configuration and
// event sequence and checks Check, the HI threshold and the error contract
// after every step (CheckCluster; the byte layout is documented in
// cluster.go). Raw input: a 4-byte big-endian length, then the bytes.
func FuzzCluster(f *testing.F) {
	o := plantedCluster()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := o.CheckCluster(data); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzSim runs a fuzzed simulator scenario twice and checks determinism and
// its verdict (CheckSim). Arguments: start (Unix seconds), seed, preset,
// servers, VMs per server. Raw input: 8 bytes and a byte-order byte for the
// start and for the seed, then three bytes.
func FuzzSim(f *testing.F) {
	o := plantedSim()
	f.Fuzz(func(t *testing.T, startSec int64, seed uint64, preset, servers, vmsPerServer uint8) {
		if err := o.CheckSim(startSec, seed, preset, servers, vmsPerServer); err != nil {
			t.Fatal(err)
		}
	})
}

// The FuzzEmpty targets do nothing with the argument shapes of the targets
// above: the baselines of make fuzz-speed, which compares each target's
// executions per second with its shape's.

// FuzzEmptyString is the baseline for one string.
func FuzzEmptyString(f *testing.F) { f.Fuzz(func(t *testing.T, s string) {}) }

// FuzzEmptyInts is the baseline for three ints.
func FuzzEmptyInts(f *testing.F) { f.Fuzz(func(t *testing.T, a, b, c int) {}) }

// FuzzEmptyInt64 is the baseline for one int64.
func FuzzEmptyInt64(f *testing.F) { f.Fuzz(func(t *testing.T, a int64) {}) }

// FuzzEmptyAdd is the baseline for nine ints and a uint8.
func FuzzEmptyAdd(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g, h, i, j int, k uint8) {})
}

// FuzzEmptyTagString is the baseline for a uint8 and a string.
func FuzzEmptyTagString(f *testing.F) { f.Fuzz(func(t *testing.T, a uint8, s string) {}) }

// FuzzEmptyBytes is the baseline for one []byte.
func FuzzEmptyBytes(f *testing.F) { f.Fuzz(func(t *testing.T, b []byte) {}) }

// FuzzEmptySim is the baseline for an int64, a uint64 and three uint8s.
func FuzzEmptySim(f *testing.F) {
	f.Fuzz(func(t *testing.T, a int64, b uint64, c, d, e uint8) {})
}

// target is one fuzz target: its seeds and its baseline.
type target struct {
	name, baseline string
	seeds          func() [][]any
}

var targets = []target{
	{"FuzzParseDate", "FuzzEmptyString", SeedsParseDate},
	{"FuzzNewDate", "FuzzEmptyInts", SeedsNewDate},
	{"FuzzDayNumber", "FuzzEmptyInt64", SeedsDayNumber},
	{"FuzzAddYears", "FuzzEmptyAdd", SeedsAddYears},
	{"FuzzAddMonths", "FuzzEmptyAdd", SeedsAddMonths},
	{"FuzzCertEncode", "FuzzEmptyInt64", SeedsUnix},
	{"FuzzCertDecode", "FuzzEmptyTagString", SeedsCertDecode},
	{"FuzzCertIssue", "FuzzEmptyInt64", SeedsUnix},
	{"FuzzHost", "FuzzEmptyBytes", SeedsHost},
	{"FuzzCluster", "FuzzEmptyBytes", SeedsCluster},
	{"FuzzSim", "FuzzEmptySim", SeedsSim},
}

var (
	updateCorpus = flag.Bool("update-corpus", false, "rewrite the generated seed corpora under testdata/fuzz")
	rawCorpus    = flag.String("rawcorpus", "", "write every target's seeds as raw libFuzzer inputs under `dir`/<Target>/")
	listTargets  = flag.Bool("targets", false, "print each fuzz target and its baseline")
	plantedFlag  = flag.Bool("planted", false, "run every planted-bug fuzz session (also LEAPCHECK_PLANTED=1)")
	plantBudget  = flag.Duration("planted.budget", 60*time.Second, "fuzz time allowed to find each planted bug")
	plantFresh   = flag.Bool("planted.fresh", false, "fuzz the planted bugs without the committed seed corpora")
)

// fuzzFile returns a go test corpus file for args, in the format go test
// writes (internal/fuzz's marshalCorpusFile).
func fuzzFile(args []any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case uint8:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case int, int64, uint64:
			fmt.Fprintf(&b, "%T(%v)\n", v, v)
		default:
			return nil, fmt.Errorf("unsupported seed argument %T", a)
		}
	}
	return b.Bytes(), nil
}

// TestFuzzFileFormat checks fuzzFile against corpus.FuzzFile, the corpus
// package's writer, for the types both support.
func TestFuzzFileFormat(t *testing.T) {
	for _, args := range [][]any{{int64(1330473600)}, {"2012-02-29"}, {2012, 2, 29}} {
		got, err := fuzzFile(args)
		want, werr := corpus.FuzzFile(args...)
		if err != nil || werr != nil || !bytes.Equal(got, want) {
			t.Errorf("fuzzFile(%v) = %q, %v; corpus.FuzzFile = %q, %v", args, got, err, want, werr)
		}
	}
}

// TestSeedCorpus checks that every generated seed is committed under
// testdata/fuzz/<Target>/ (plain go test replays them); -update-corpus writes
// them. Files that are not generated seeds, such as crashers a fuzz run saved,
// stay: they are regression inputs.
func TestSeedCorpus(t *testing.T) {
	for _, tg := range targets {
		dir := filepath.Join("testdata", "fuzz", tg.name)
		seeds := tg.seeds()
		if len(seeds) == 0 {
			t.Errorf("%s: no seeds", tg.name)
		}
		missing := 0
		for _, args := range seeds {
			content, err := fuzzFile(args)
			if err != nil {
				t.Fatalf("%s: %v", tg.name, err)
			}
			path := filepath.Join(dir, corpus.FuzzFileName(content))
			if *updateCorpus {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, content, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, content) {
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("%s: %d of %d generated seeds are missing or stale in %s; run go test ./fuzz -run TestSeedCorpus -update-corpus",
				tg.name, missing, len(seeds), dir)
		}
		t.Logf("%s: %d seeds", tg.name, len(seeds))
	}
}

// TestRawCorpus writes, with -rawcorpus=DIR, every target's seeds as raw
// libFuzzer inputs (RawInput) to DIR/<Target>/<hash>, for OSS-Fuzz's
// <fuzzer>_seed_corpus.zip. Without the flag it checks that every seed
// encodes and decodes back (go-fuzz-headers' reading, mirrored by
// readRawInput).
func TestRawCorpus(t *testing.T) {
	for _, tg := range targets {
		for _, args := range tg.seeds() {
			raw, err := RawInput(args...)
			if err != nil {
				t.Fatalf("%s: %v", tg.name, err)
			}
			back, err := readRawInput(raw, args)
			if err != nil || fmt.Sprintf("%#v", back) != fmt.Sprintf("%#v", args) {
				t.Fatalf("%s: RawInput(%#v) reads back as %#v, %v", tg.name, args, back, err)
			}
			if *rawCorpus == "" {
				continue
			}
			dir := filepath.Join(*rawCorpus, tg.name)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, corpus.FuzzFileName(raw)), raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// readRawInput reads raw as go-118-fuzz-build's harness does (go-fuzz-headers'
// GetBytes, GetString, GetUint64 with its byte-order byte, GetByte), for
// arguments of the types of like.
func readRawInput(raw []byte, like []any) ([]any, error) {
	pos := 0
	take := func(n int) ([]byte, error) {
		if n < 0 || pos+n > len(raw) {
			return nil, errors.New("not enough bytes")
		}
		pos += n
		return raw[pos-n : pos], nil
	}
	u64 := func() (uint64, error) {
		b, err := take(8)
		if err != nil {
			return 0, err
		}
		order, err := take(1)
		if err != nil {
			return 0, err
		}
		if order[0]%2 == 0 {
			return binary.LittleEndian.Uint64(b), nil
		}
		return binary.BigEndian.Uint64(b), nil
	}
	var out []any
	for _, a := range like {
		switch a.(type) {
		case []byte, string:
			lb, err := take(4)
			if err != nil {
				return nil, err
			}
			n := int(binary.BigEndian.Uint32(lb))
			if left := len(raw) - pos; left > 0 && n != left {
				n %= left
			}
			b, err := take(n)
			if err != nil {
				return nil, err
			}
			if _, ok := a.(string); ok {
				out = append(out, string(b))
			} else {
				out = append(out, slices.Clone(b))
			}
		case int:
			v, err := u64()
			out = append(out, int(v))
			if err != nil {
				return nil, err
			}
		case int64:
			v, err := u64()
			out = append(out, int64(v))
			if err != nil {
				return nil, err
			}
		case uint64:
			v, err := u64()
			out = append(out, v)
			if err != nil {
				return nil, err
			}
		case uint8:
			b, err := take(1)
			if err != nil {
				return nil, err
			}
			out = append(out, b[0])
		}
	}
	return out, nil
}

// TestTargets prints, with -targets, one line per fuzz target: its name and
// its baseline (for make fuzz-speed). Without the flag it checks that the
// table lists exactly the package's fuzz targets.
func TestTargets(t *testing.T) {
	if *listTargets {
		for _, tg := range targets {
			fmt.Printf("target %s %s\n", tg.name, tg.baseline)
		}
		return
	}
	declared := declaredFuzzFuncs(t)
	for _, tg := range targets {
		if !slices.Contains(declared, tg.name) || !slices.Contains(declared, tg.baseline) {
			t.Errorf("%s or %s is not declared in fuzz_test.go", tg.name, tg.baseline)
		}
	}
	for _, d := range declared {
		if !strings.HasPrefix(d, "FuzzEmpty") && !slices.ContainsFunc(targets, func(tg target) bool { return tg.name == d }) {
			t.Errorf("%s is missing from the targets table", d)
		}
	}
}

func declaredFuzzFuncs(t *testing.T) []string {
	src, err := os.ReadFile("fuzz_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`).FindAllSubmatch(src, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// TestOSSFuzzNames checks what compile_native_go_fuzzer needs: no target
// name is a prefix of another (it greps for "func <name>"), and no file
// under fuzz/ but this one contains a target's name (it greps the directory
// for the name to find the file to rewrite).
func TestOSSFuzzNames(t *testing.T) {
	declared := declaredFuzzFuncs(t)
	for _, a := range declared {
		for _, b := range declared {
			if a != b && strings.HasPrefix(b, a) {
				t.Errorf("target %s is a prefix of %s", a, b)
			}
		}
	}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == "fuzz_test.go" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, tg := range targets {
			if bytes.Contains(data, []byte(tg.name)) {
				t.Errorf("%s mentions %s: compile_native_go_fuzzer would find two files", path, tg.name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPlantedBugs runs, with -planted or LEAPCHECK_PLANTED=1, one fuzz
// session per planted bug (Plants) in a subprocess: the package's test binary,
// built with fuzzing instrumentation, run in a temporary directory (a copy of
// the target's committed seed corpus, or none with -planted.fresh) so that the
// crasher it writes does not land in the repository. Each session must fail
// within -planted.budget and print the reproducer path; the test logs the
// time to find each bug.
func TestPlantedBugs(t *testing.T) {
	if !*plantedFlag && os.Getenv("LEAPCHECK_PLANTED") != "1" {
		t.Skip("planted-bug fuzzing runs with -planted or LEAPCHECK_PLANTED=1 (make fuzz-planted)")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "fuzz.test")
	build := exec.Command("go", "test", "-c", "-fuzz=.", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the test binary: %v\n%s", err, out)
	}
	found := regexp.MustCompile(`Failing input written to (\S+)|failure while testing seed corpus entry: (\S+)`)
	for _, p := range Plants() {
		name := "Fuzz" + p.Target
		t.Run(p.Name, func(t *testing.T) {
			dir := filepath.Join(tmp, p.Name)
			if !*plantFresh {
				if err := os.CopyFS(filepath.Join(dir, "testdata", "fuzz", name), os.DirFS(filepath.Join("testdata", "fuzz", name))); err != nil {
					t.Fatal(err)
				}
			} else if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "-test.run=^$", "-test.fuzz=^"+name+"$",
				"-test.fuzztime="+plantBudget.String(), "-test.fuzzcachedir="+filepath.Join(dir, "cache"))
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), PlantEnv+"="+p.Name)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			elapsed := time.Since(start)
			m := found.FindSubmatch(out)
			if err == nil || m == nil {
				t.Fatalf("%s did not find planted bug %q (%s) within %v:\n%s", name, p.Name, p.Bug, *plantBudget, tail(out, 20))
			}
			how, where := "fuzzing", string(m[1])
			if len(m[1]) == 0 {
				how, where = "seed corpus", filepath.Join("testdata", "fuzz", string(m[2]))
			}
			t.Logf("planted %-26s %-16s found in %6.2fs (%s): %s; reproducer %s", p.Name, name, elapsed.Seconds(), how, p.Bug, where)
			fmt.Printf("planted %s %s %.2fs %s\n", p.Name, name, elapsed.Seconds(), how)
		})
	}
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
	for _, tg := range targets {
		if !slices.ContainsFunc(Plants(), func(p Plant) bool { return "Fuzz"+p.Target == tg.name }) {
			t.Errorf("%s has no planted bug", tg.name)
		}
	}
}
