// Command mutation completes and summarises the mutation runs of make
// mutate (run.sh beside it).
//
//	go run ./internal/mutation rerun -dir DIR [-timeout 5m] [-status 'NOT COVERED'] report.json
//
// runs each mutant that gremlins reported as NOT COVERED (see rerun.go), or
// with the statuses given (comma-separated: -status LIVED checks new tests
// against an earlier run's survivors), on the package in DIR and rewrites the
// report with the outcomes.
//
//	go run ./internal/mutation summary [-equivalent MUTATION.md] [-strict] report.json...
//
// reads the JSON reports, one per package, and the list of equivalent
// mutants in MUTATION.md, and prints a Markdown table of the score of each
// package, killed / (killed + lived), before and after setting the
// equivalent mutants aside, followed by every survivor that is not listed as
// equivalent and every listed mutant that no longer survives.
//
// Each report's name is the package directory with "/" replaced by "_"
// (models_host.json), so that the file names gremlins reports, relative to
// the package, can be joined to the package path. With -strict the command
// exits with status 1 if any survivor is not listed as equivalent or any
// listed mutant is stale.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// report is the part of gremlins' JSON output (-o) that the summary reads.
type report struct {
	Files []reportFile `json:"files"`
}

// reportFile is one source file's mutants; Filename is relative to the package.
type reportFile struct {
	Filename  string     `json:"file_name"`
	Mutations []mutation `json:"mutations"`
}

// mutation is one mutant and its outcome: KILLED, LIVED, TIMED OUT, NOT
// VIABLE or NOT COVERED.
type mutation struct {
	Type   string `json:"type"`
	Status string `json:"status"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Rerun  bool   `json:"rerun,omitempty"` // run by rerun, not gremlins
}

// mutant names one mutation the way MUTATION.md lists it:
// "models/host/host.go:190:38 ARITHMETIC_BASE".
type mutant struct {
	Pos  string // path from the module root, line and column
	Type string
}

func (m mutant) String() string { return m.Pos + " " + m.Type }

// tally is the count of each outcome for one package.
type tally struct {
	Pkg                                          string
	Killed, Lived, Equivalent, TimedOut, NotViab int
	NotCovered, Rerun                            int
	Survivors                                    []mutant // lived, not listed
}

// equivalentRow matches a row of the equivalent-mutant table in MUTATION.md:
// | `models/host/host.go:190:38` | ARITHMETIC_BASE | why |
var equivalentRow = regexp.MustCompile("^\\|\\s*`?([^`|\\s]+:\\d+:\\d+)`?\\s*\\|\\s*`?([A-Z_]+)`?\\s*\\|")

// readEquivalent returns the mutants listed in the table rows of r.
func readEquivalent(r io.Reader) (map[mutant]bool, error) {
	eq := make(map[mutant]bool)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := equivalentRow.FindStringSubmatch(strings.TrimSpace(sc.Text())); m != nil {
			eq[mutant{Pos: m[1], Type: m[2]}] = true
		}
	}
	return eq, sc.Err()
}

// pkgOf returns the package directory a report file names: models_host.json
// is models/host.
func pkgOf(file string) string {
	return strings.ReplaceAll(strings.TrimSuffix(filepath.Base(file), ".json"), "_", "/")
}

// summarise counts the outcomes in rep for package pkg; seen collects every
// listed equivalent mutant that still lives.
func summarise(pkg string, rep report, eq, seen map[mutant]bool) tally {
	t := tally{Pkg: pkg}
	for _, f := range rep.Files {
		for _, m := range f.Mutations {
			id := mutant{Pos: fmt.Sprintf("%s:%d:%d", path.Join(pkg, f.Filename), m.Line, m.Column), Type: m.Type}
			if m.Rerun {
				t.Rerun++
			}
			switch m.Status {
			case "KILLED":
				t.Killed++
			case "LIVED":
				t.Lived++
				if eq[id] {
					t.Equivalent++
					seen[id] = true
				} else {
					t.Survivors = append(t.Survivors, id)
				}
			case "TIMED OUT":
				t.TimedOut++
			case "NOT VIABLE":
				t.NotViab++
			case "NOT COVERED":
				t.NotCovered++
			}
		}
	}
	return t
}

// percent returns 100·a/b with one decimal, or "-" when b is 0.
func percent(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(a)/float64(b))
}

// write prints the summary table, the unlisted survivors and the stale
// entries of the equivalent list, and returns how many of those two there are.
func write(w io.Writer, ts []tally, eq, seen map[mutant]bool) int {
	fmt.Fprintln(w, "| package | killed | lived | equivalent | timed out | not viable | not covered | run by rerun | killed / (killed + lived) | without equivalent |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	var survivors []mutant
	for _, t := range ts {
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s |\n", t.Pkg, t.Killed, t.Lived, t.Equivalent, t.TimedOut, t.NotViab, t.NotCovered, t.Rerun,
			percent(t.Killed, t.Killed+t.Lived), percent(t.Killed, t.Killed+t.Lived-t.Equivalent))
		survivors = append(survivors, t.Survivors...)
	}
	bad := len(survivors)
	if len(survivors) > 0 {
		fmt.Fprintf(w, "\nSurvivors not listed as equivalent (%d):\n\n", len(survivors))
		for _, m := range survivors {
			fmt.Fprintf(w, "- %s\n", m)
		}
	}
	// A listed mutant of a package that was run but did not live is stale:
	// its line moved, or a test now kills it.
	ran := make(map[string]bool)
	for _, t := range ts {
		ran[t.Pkg] = true
	}
	var stale []string
	for m := range eq {
		if !seen[m] && ran[path.Dir(strings.SplitN(m.Pos, ":", 2)[0])] {
			stale = append(stale, m.String())
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		fmt.Fprintf(w, "\nListed as equivalent but not a survivor of this run (%d): update MUTATION.md:\n\n", len(stale))
		for _, s := range stale {
			fmt.Fprintf(w, "- %s\n", s)
		}
	}
	return bad + len(stale)
}

func main() {
	if err := dispatch(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mutation:", err)
		os.Exit(1)
	}
}

func dispatch(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: mutation rerun|summary [flags] report.json...")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	switch args[0] {
	case "rerun": // usage: rerun -dir DIR [-timeout 5m] report.json
		dir := fs.String("dir", ".", "the package directory")
		timeout := fs.Duration("timeout", 5*time.Minute, "the limit of one test run")
		goCmd := fs.String("go", "go", "the go command")
		status := fs.String("status", "NOT COVERED", "the statuses to rerun, comma-separated")
		skip := fs.String("skip", "", "a go test -skip pattern for a first run; survivors run again with every test")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("usage: mutation rerun -dir DIR [-timeout 5m] report.json")
		}
		statuses := make(map[string]bool)
		for _, st := range strings.Split(*status, ",") {
			statuses[strings.TrimSpace(st)] = true
		}
		return rerun(*goCmd, fs.Arg(0), *dir, statuses, *timeout, *skip, func(s string) { fmt.Println(s) })
	case "summary": // usage: summary [-equivalent MUTATION.md] [-strict] report.json...
		eqFile := fs.String("equivalent", "MUTATION.md", "the file whose table lists the equivalent mutants")
		strict := fs.Bool("strict", false, "exit 1 if a survivor is not listed as equivalent or a listed one is stale")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return run(os.Stdout, *eqFile, *strict, fs.Args())
	}
	return fmt.Errorf("unknown command %q: want rerun or summary", args[0])
}

func run(w io.Writer, eqFile string, strict bool, reports []string) error {
	f, err := os.Open(eqFile)
	if err != nil {
		return err
	}
	eq, err := readEquivalent(f)
	f.Close()
	if err != nil {
		return err
	}
	seen := make(map[mutant]bool)
	var ts []tally
	for _, name := range reports {
		rep, err := readReport(name)
		if err != nil {
			return err
		}
		ts = append(ts, summarise(pkgOf(name), rep, eq, seen))
	}
	if n := write(w, ts, eq, seen); strict && n > 0 {
		return fmt.Errorf("%d survivors not listed as equivalent or stale entries", n)
	}
	return nil
}

// readReport reads a gremlins JSON report.
func readReport(name string) (report, error) {
	var rep report
	data, err := os.ReadFile(name)
	if err != nil {
		return rep, err
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return rep, fmt.Errorf("%s: %w", name, err)
	}
	return rep, nil
}
