package fuzz

// This file holds every fuzz target of the package, and everything that names
// them. OSS-Fuzz's compile_native_go_fuzzer finds a target's file with
// grep -r over the package directory, so no other file under fuzz/ may
// contain a target's name, and no target's name may be a prefix of another's
// (TestOSSFuzzNames checks both). It also turns this file into an ordinary
// source file, so it must use nothing from other _test.go files.
//
// Every target takes one string or []byte and reads it in its readable form
// or decodes it from bytes (decode.go), so that fuzzing from an empty corpus
// reaches the whole domain. A raw libFuzzer input (OSS-Fuzz,
// ClusterFuzzLite) is rawInput: a 4-byte big-endian length, then the bytes.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leapcheck/leapcheck/corpus"
)

// FuzzParseDate checks calendar.ParseDate against a strict reader and
// time.Parse, on the input text and on a date decoded from it
// (checkParseDate). Seed: any text, such as string("1900-02-29").
func FuzzParseDate(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.calendar.checkParseDate(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzNewDate checks calendar.NewDate and the date's day number, weekday,
// day of year and ISO week against time.Date (checkNewDate). Seed: a date
// that may not exist, such as string("2013-02-29").
func FuzzNewDate(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.calendar.checkNewDate(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzDayNumber checks the day number round trip against time.Unix
// (checkDayNumber). Seed: a day number or a date, such as
// string("2038-01-19").
func FuzzDayNumber(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.calendar.checkDayNumber(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzAddYears checks calendar.AddYears under every policy against month
// arithmetic on package time, and Roll against time.AddDate
// (checkAddYears). Seed: an instant, a count and a policy, such as
// string("2012-02-29T00:00:00Z 1 reject").
func FuzzAddYears(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.calendar.checkAddYears(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzAddMonths checks calendar.AddMonths as FuzzAddYears does AddYears
// (checkAddMonths), n in months.
func FuzzAddMonths(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.calendar.checkAddMonths(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCertEncode checks the RFC 5280 time encoding round trip and its bytes
// against encoding/asn1 (checkCertEncode). Seed: an instant, such as
// string("2049-12-31T23:59:59Z").
func FuzzCertEncode(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.cert.checkCertEncode(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCertDecode checks cert.DecodeTime against encoding/asn1 and
// crypto/x509 parsing the same bytes (checkCertDecode). Seed: a tag and a
// text, such as string("UTCTime 500101000000Z").
func FuzzCertDecode(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.cert.checkCertDecode(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCertIssue checks issuance under every cert preset against each
// preset's claim and an independent formulation of its policy
// (checkCertIssue). Seed: an instant, such as
// string("2012-02-29T00:00:00Z").
func FuzzCertIssue(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.cert.checkCertIssue(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzHost drives a host agent with a fuzzed policy and event sequence and
// checks its invariants after every step (checkHost; the byte layout is
// documented in host.go).
func FuzzHost(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := o.host.checkHost(data); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCluster drives a fabric controller with a fuzzed configuration and
// event sequence and checks Check, the HI threshold and the error contract
// after every step (checkCluster; the byte layout is documented in
// cluster.go).
func FuzzCluster(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := o.cluster.checkCluster(data); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzSim runs a fuzzed simulator scenario twice and checks determinism and
// its verdict (checkSim). Seed: a preset, a start, a seed, servers and VMs
// per server, such as string("azure2012 2012-02-29T00:00:00Z 2012 4 2").
func FuzzSim(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.sim.checkSim(s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzRenew checks the renewal prover's verdict for a preset and an
// issuance date against the preset's claim and an independent formulation
// of the simplest clients (checkRenew). Seed: a preset and a date, such as
// string("renew-60d-le-classic 2028-02-16").
func FuzzRenew(f *testing.F) {
	o := planted()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.renew.checkRenew(s); err != nil {
			t.Fatal(err)
		}
	})
}

// The FuzzEmpty targets do nothing with the argument shapes of the targets
// above: the baselines of make fuzz-speed, which compares each target's
// executions per second with its shape's.

// FuzzEmptyString is the baseline for one string.
func FuzzEmptyString(f *testing.F) { f.Fuzz(func(t *testing.T, s string) {}) }

// FuzzEmptyBytes is the baseline for one []byte.
func FuzzEmptyBytes(f *testing.F) { f.Fuzz(func(t *testing.T, b []byte) {}) }

// fuzzName and baseline return a registered target's fuzz function name and
// the name of its baseline.
func fuzzName(t targetInfo) string { return "Fuzz" + t.name }

func baseline(t targetInfo) string {
	if t.bytes {
		return "FuzzEmptyBytes"
	}
	return "FuzzEmptyString"
}

var (
	updateCorpus = flag.Bool("update-corpus", false, "rewrite the generated seed corpora under testdata/fuzz")
	rawCorpus    = flag.String("rawcorpus", "", "write every target's seeds as raw libFuzzer inputs under `dir`/<Target>/")
	listTargets  = flag.Bool("targets", false, "print each fuzz target and its baseline")
)

// seedFile returns the go test corpus file of a target's seed.
func seedFile(tg targetInfo, seed string) ([]byte, error) {
	if tg.bytes {
		return corpus.FuzzFile([]byte(seed))
	}
	return corpus.FuzzFile(seed)
}

// TestSeedCorpus checks that every generated seed is committed under
// testdata/fuzz/<Target>/ (plain go test replays them); -update-corpus writes
// them and removes the files of earlier formats. Files that are not
// generated seeds but are in the target's format, such as crashers a fuzz
// run saved, stay: they are regression inputs.
func TestSeedCorpus(t *testing.T) {
	for _, tg := range registry {
		dir := filepath.Join("testdata", "fuzz", fuzzName(tg))
		seeds := tg.seeds()
		if len(seeds) == 0 {
			t.Errorf("%s: no seeds", tg.name)
		}
		if *updateCorpus {
			removeOtherFormats(t, dir, tg)
		}
		missing := 0
		for _, seed := range seeds {
			content, err := seedFile(tg, seed)
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
			t.Errorf("%s: %d of %d generated seeds are missing or stale in %s; run make fuzz-corpus",
				tg.name, missing, len(seeds), dir)
		}
		t.Logf("%s: %d seeds", tg.name, len(seeds))
	}
}

// removeOtherFormats deletes the corpus files of dir whose single argument
// is not of the target's type (files of an earlier argument list).
func removeOtherFormats(t *testing.T, dir string, tg targetInfo) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	want := "string("
	if tg.bytes {
		want = "[]byte("
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[1], want) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRawCorpus writes, with -rawcorpus=DIR, every target's seeds as raw
// libFuzzer inputs (rawInput) to DIR/Fuzz<Target>/<hash>, for OSS-Fuzz's
// <fuzzer>_seed_corpus.zip. Without the flag it checks that every seed
// encodes and decodes back (go-fuzz-headers' reading, mirrored by
// readRawInput).
func TestRawCorpus(t *testing.T) {
	for _, tg := range registry {
		for _, seed := range tg.seeds() {
			raw := rawInput(seed)
			back, err := readRawInput(raw)
			if err != nil || back != seed {
				t.Fatalf("%s: rawInput(%q) reads back as %q, %v", tg.name, seed, back, err)
			}
			if *rawCorpus == "" {
				continue
			}
			dir := filepath.Join(*rawCorpus, fuzzName(tg))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, corpus.FuzzFileName(raw)), raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// readRawInput reads raw as go-118-fuzz-build's harness does for one string
// or []byte argument (go-fuzz-headers' GetBytes: a 4-byte big-endian length,
// taken modulo the bytes left when it is larger, then the bytes).
func readRawInput(raw []byte) (string, error) {
	if len(raw) < 4 {
		return "", errors.New("not enough bytes")
	}
	n := int(binary.BigEndian.Uint32(raw))
	rest := raw[4:]
	if left := len(rest); left > 0 && n != left {
		n %= left
	}
	if n > len(rest) {
		return "", errors.New("not enough bytes")
	}
	return string(rest[:n]), nil
}

// TestTargets prints, with -targets, one line per fuzz target: its name and
// its baseline (for make fuzz-speed). Without the flag it checks that the
// registry lists exactly the package's fuzz targets.
func TestTargets(t *testing.T) {
	if *listTargets {
		for _, tg := range registry {
			fmt.Printf("target %s %s\n", fuzzName(tg), baseline(tg))
		}
		return
	}
	declared := declaredFuzzFuncs(t)
	for _, tg := range registry {
		if !slices.Contains(declared, fuzzName(tg)) || !slices.Contains(declared, baseline(tg)) {
			t.Errorf("%s or %s is not declared in fuzz_test.go", fuzzName(tg), baseline(tg))
		}
	}
	for _, d := range declared {
		if !strings.HasPrefix(d, "FuzzEmpty") && !slices.ContainsFunc(registry, func(tg targetInfo) bool { return fuzzName(tg) == d }) {
			t.Errorf("%s is missing from the registry", d)
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
		for _, name := range declared {
			if bytes.Contains(data, []byte(name)) {
				t.Errorf("%s mentions %s: compile_native_go_fuzzer would find two files", path, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
