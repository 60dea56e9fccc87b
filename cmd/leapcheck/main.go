// Command leapcheck proves that certificate issuance survives every
// calendar date and that renewal keeps certificates valid through the
// shrinking lifetimes, replays the 29 February 2012 Azure outage and
// renewal storms, prints reference vectors for other languages and exports
// the incident corpus.
//
// Usage:
//
//	leapcheck prove    [--preset NAME ... | --renewal] [--from DATE] [--to DATE] [--shard I/N] [--offsets] [--json] [--report DIR]
//	leapcheck prove    --merge [--json] [--report DIR] FILE...
//	leapcheck simulate --preset NAME [--start INSTANT] [--seed N] [--json] [--svg FILE] [--full]
//	leapcheck vectors  civil|add-years|add-months [--from DATE] [--to DATE] [--n N --overflow POLICY]
//	leapcheck corpus   list | show ID | export --target NAME --dir DIR [--shape SHAPE]
//	leapcheck version
//
// Exit status: 0 on success; 1 when a proof fails (a preset's failing dates
// are not the ones it claims); 2 for bad usage or input, with one line
// naming the problem; 3 when the command could not finish its work, such as
// an output file that cannot be written (the results are printed first).
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/leapcheck/leapcheck/internal/numfmt"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
	exitIO    = 3
)

// usageError is a bad flag, argument or input: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// ioError is an output the command could not write, or another failure
// that is neither bad input nor a verdict: exit status 3.
type ioError struct{ msg string }

func (e *ioError) Error() string { return e.msg }

// ioErrorf returns an ioError for flag (the option that named the path):
// "--report: cannot create out/report.json: permission denied".
func ioErrorf(flag string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &ioError{fmt.Sprintf("%s: cannot %s %s: %v", flag, pathOp(pe.Op), pe.Path, pe.Err)}
	}
	return &ioError{fmt.Sprintf("%s: %v", flag, err)}
}

// pathOp names an fs.PathError operation as a verb phrase.
func pathOp(op string) string {
	switch op {
	case "open":
		return "open"
	case "mkdir":
		return "create directory"
	case "write":
		return "write"
	case "close":
		return "close"
	}
	return op
}

// errFailed marks a completed run whose verdict is a failure: exit status 1.
var errFailed = errors.New("proof failed")

// errHelp is returned when -h was asked for: the help has been printed.
var errHelp = errors.New("help requested")

const mainUsage = `leapcheck makes date and certificate code provably safe.

Usage:
  leapcheck COMMAND [flags]

Commands:
  prove      prove over every issuance date 0001-01-01..9999-12-31 that no date
             leads to a boot-failure cascade, and that the 2012 logic fails on
             exactly the leap days; with --renewal, that no issuance date lets a
             certificate lapse before its renewal
  simulate   replay the 29 February 2012 Azure outage (or a variant), or a fleet
             renewing its certificates, as a timeline
  vectors    print tab-separated reference vectors for testing other languages
  corpus     list, show or export the catalogue of real date and certificate bugs
  setup      print a renewal preset as a setup file, to prove or simulate your own
  version    print the version of leapcheck and of Go

Exit status: 0 on success, 1 when a proof fails, 2 for bad usage, 3 when an
output cannot be written.

Run 'leapcheck help COMMAND' or 'leapcheck COMMAND -h' for a command's flags and examples.
`

// commands maps each subcommand to its handler.
var commands = map[string]func(args []string, stdout, stderr io.Writer) error{
	"prove":    runProve,
	"simulate": runSimulate,
	"vectors":  runVectors,
	"corpus":   runCorpus,
	"setup":    runSetup,
}

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			fmt.Fprint(stdout, mainUsage)
			return exitOK
		}
		if _, ok := commands[rest[0]]; !ok || len(rest) > 1 {
			fmt.Fprintf(stderr, "leapcheck help: unknown command %q\nRun 'leapcheck -h' for usage.\n", strings.Join(rest, " "))
			return exitUsage
		}
		name, rest = rest[0], []string{"-h"}
	case "version", "-version", "--version":
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "leapcheck version: takes no arguments, got %q\nRun 'leapcheck -h' for usage.\n", rest)
			return exitUsage
		}
		fmt.Fprintln(stdout, version())
		return exitOK
	}
	handler, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "leapcheck: unknown command %q\nRun 'leapcheck -h' for usage.\n", name)
		return exitUsage
	}
	err := handler(rest, stdout, stderr)
	var ue *usageError
	var fe *fileError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &fe):
		fmt.Fprintf(stderr, "leapcheck %s: %v\n", name, err)
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "leapcheck %s: %v\nRun 'leapcheck %s -h' for usage.\n", name, err, name)
		return exitUsage
	case errors.Is(err, errFailed):
		return exitFail
	default:
		fmt.Fprintf(stderr, "leapcheck %s: %v\n", name, err)
		return exitIO
	}
}

// version is "leapcheck VERSION (GOVERSION OS/ARCH)", with the commit when
// built from a checkout: the module version from the build information,
// which `go install ...@v0.1.0` sets to v0.1.0.
func version() string {
	v, extra := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = ", modified"
				}
			}
		}
		if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
			extra = fmt.Sprintf(", commit %s%s", rev[:min(12, len(rev))], modified)
		}
	}
	return fmt.Sprintf("leapcheck %s (%s %s/%s%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH, extra)
}

// plural is "1 date" or "2,424 dates": n with commas and the noun in the
// right number (the plural adds an s).
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return numfmt.Thousands(n) + " " + noun + "s"
}
