package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// newFlagSet returns a flag set that reports errors instead of exiting,
// and prints usage (a synopsis, examples, then the flags) on -h.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors and -h into
// errHelp. Positional arguments are allowed before and between flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// dateFlag is a flag holding a calendar date, YYYY-MM-DD.
type dateFlag struct {
	d   calendar.Date
	set bool
}

func (f *dateFlag) String() string {
	if !f.set {
		return ""
	}
	return f.d.String()
}

func (f *dateFlag) Set(s string) error {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return err
	}
	f.d, f.set = d, true
	return nil
}

// rangeOf returns the range from..to, defaulting to the whole model.
func rangeOf(from, to dateFlag) (calendar.Range, error) {
	first, last := calendar.MinDate, calendar.MaxDate
	if from.set {
		first = from.d
	}
	if to.set {
		last = to.d
	}
	r, err := calendar.NewRange(first, last)
	if err != nil {
		return calendar.Range{}, usagef("--from/--to: %v", err)
	}
	return r, nil
}

// listFlag collects a repeatable string flag (also comma-separated).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// shardFlag is i/n with 1 <= i <= n: the i-th of n parts.
type shardFlag struct{ i, n int }

func (f *shardFlag) String() string {
	if f.n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", f.i, f.n)
}

func (f *shardFlag) Set(s string) error {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return fmt.Errorf("shard %q: want i/n with 1 <= i <= n, e.g. 2/4", s)
	}
	f.i, f.n = i, n
	return nil
}

// flagPassed reports whether the flag name was given on the command line.
func flagPassed(fs *flag.FlagSet, name string) bool {
	passed := false
	fs.Visit(func(f *flag.Flag) { passed = passed || f.Name == name })
	return passed
}
