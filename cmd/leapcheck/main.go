// Command leapcheck proves that certificate issuance survives every
// calendar date, replays the 29 February 2012 Azure outage, prints reference
// vectors for other languages and exports the incident corpus.
//
// Usage:
//
//	leapcheck prove    [--preset NAME ...] [--from DATE --to DATE] [--shard i/n] [--json] [--report DIR]
//	leapcheck simulate --preset NAME [--start INSTANT] [--seed N] [--json] [--svg FILE]
//	leapcheck vectors  civil|add-years|add-months [--from DATE --to DATE] [--n N --overflow clamp|roll|reject]
//	leapcheck corpus   list|show ID|export --target NAME --dir DIR [--shape SHAPE]
//
// Exit status: 0 on success, 1 when a proof fails (a preset expected to be
// safe is not, or one expected to fail does not), 2 for bad usage or input.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// usageError is a bad flag, argument or input: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errFailed marks a completed run whose verdict is a failure: exit status 1.
var errFailed = errors.New("proof failed")

const mainUsage = `leapcheck: make date and certificate code provably safe.

Commands:
  prove      prove over every issuance date 0001-01-01..9999-12-31 that no date
             leads to a boot-failure cascade, and that the 2012 logic fails on
             exactly the leap days
  simulate   replay the 29 February 2012 Azure outage (or a variant) as a timeline
  vectors    print tab-separated reference vectors for testing other languages
  corpus     list, show or export the catalogue of real date and certificate bugs

Run 'leapcheck COMMAND -h' for a command's flags and examples.
`

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return exitUsage
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "prove":
		err = runProve(rest, stdout, stderr)
	case "simulate":
		err = runSimulate(rest, stdout, stderr)
	case "vectors":
		err = runVectors(rest, stdout, stderr)
	case "corpus":
		err = runCorpus(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, mainUsage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "leapcheck: unknown command %q\n\n%s", cmd, mainUsage)
		return exitUsage
	}
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "leapcheck %s: %v\n", args[0], err)
		return exitUsage
	case errors.Is(err, errFailed):
		return exitFail
	default:
		fmt.Fprintf(stderr, "leapcheck %s: %v\n", args[0], err)
		return exitFail
	}
}

// errHelp is returned when -h was asked for: the usage has been printed.
var errHelp = errors.New("help requested")

// lines joins usage lines.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// commas formats n with thousands separators: 3652059 as "3,652,059".
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
