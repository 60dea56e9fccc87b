package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// command is one subcommand: its name, its help text (synopsis, description
// and examples) and the flags it registers.
type command struct {
	name  string
	usage string
	fs    *flag.FlagSet
	out   io.Writer // where -h prints the help
}

// newCommand returns a command whose flag set reports errors instead of
// printing or exiting: run prints one line for a bad flag, and the whole
// help only when asked (-h, --help, leapcheck help NAME).
func newCommand(name, usage string, stdout io.Writer) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &command{name: name, usage: usage, fs: fs, out: stdout}
}

// printHelp writes the command's help and its flags, --name PLACEHOLDER
// and what each does, to w.
func (c *command) printHelp(w io.Writer) {
	fmt.Fprint(w, c.usage)
	fmt.Fprintln(w, "\nFlags:")
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	c.fs.VisitAll(func(f *flag.Flag) {
		placeholder, usage := flag.UnquoteUsage(f)
		if placeholder != "" {
			placeholder = " " + placeholder
		}
		fmt.Fprintf(tw, "  --%s%s\t%s\n", f.Name, placeholder, usage)
	})
	tw.Flush()
}

// parse parses args, turning flag errors into one-line usage errors; on -h
// or --help it prints the help to standard output and returns errHelp.
// Positional arguments are allowed before and between flags.
func (c *command) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printHelp(c.out)
				return nil, errHelp
			}
			return nil, &usageError{flagMessage(err)}
		}
		args = c.fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagMessage rewrites the flag package's error messages in the command's
// own terms: flags spelled --name, the bad value quoted, no "parse error".
func flagMessage(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Sprintf("unknown flag --%s", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("--%s needs a value", name)
	}
	// invalid value "x" for flag -name: why
	// invalid boolean value "x" for -name: why
	for _, pre := range []string{"invalid value ", "invalid boolean value "} {
		rest, ok := strings.CutPrefix(msg, pre)
		if !ok {
			continue
		}
		val, err := strconv.QuotedPrefix(rest)
		if err != nil {
			break
		}
		rest = strings.TrimPrefix(strings.TrimPrefix(rest[len(val):], " for flag "), " for ")
		name, why, _ := strings.Cut(strings.TrimPrefix(rest, "-"), ": ")
		if strings.Contains(pre, "boolean") {
			why = "want true or false, or the flag alone"
		}
		return fmt.Sprintf("--%s %s: %s", name, val, why)
	}
	return msg
}

// Flag placeholders in help: flag.UnquoteUsage takes the word in backquotes
// of a flag's usage as its placeholder (`DATE`).

// dateFlag is a flag holding a calendar date, YYYY-MM-DD.
type dateFlag struct {
	d   calendar.Date
	set bool
}

func (f *dateFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return f.d.String()
}

func (f *dateFlag) Set(s string) error {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return errors.New(calendarMessage(err))
	}
	f.d, f.set = d, true
	return nil
}

// calendarMessage is a calendar error without the package prefix and the
// quoted input, which read as noise after the flag and its value.
func calendarMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "calendar: ")
	if rest, ok := strings.CutPrefix(msg, "parsing "); ok {
		if q, err := strconv.QuotedPrefix(rest); err == nil {
			msg = strings.TrimPrefix(rest[len(q):], ": ")
		}
	}
	return msg
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
		return calendar.Range{}, usagef("--from %s is after --to %s", first, last)
	}
	return r, nil
}

// listFlag collects a repeatable string flag (also comma-separated),
// refusing empty names and repeats.
type listFlag []string

func (l *listFlag) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return errors.New("empty name")
		}
		for _, have := range *l {
			if have == v {
				return fmt.Errorf("%s is given twice", v)
			}
		}
		*l = append(*l, v)
	}
	return nil
}

// shardFlag is i/n with 1 <= i <= n: the i-th of n parts.
type shardFlag struct{ i, n int }

func (f *shardFlag) String() string {
	if f == nil || f.n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", f.i, f.n)
}

func (f *shardFlag) Set(s string) error {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return errors.New("want I/N with 1 <= I <= N, e.g. 2/4")
	}
	f.i, f.n = i, n
	return nil
}

// uintFlag is an unsigned 64-bit integer, such as a seed.
type uintFlag struct {
	v   uint64
	set bool
}

func (f *uintFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return strconv.FormatUint(f.v, 10)
}

func (f *uintFlag) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want an integer from 0 to %d", uint64(1<<64-1))
	}
	f.v, f.set = v, true
	return nil
}

// intFlag is a signed integer within [min, max].
type intFlag struct {
	v        int
	min, max int
	set      bool
}

func (f *intFlag) String() string {
	if f == nil {
		return ""
	}
	return strconv.Itoa(f.v)
}

func (f *intFlag) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil || v < f.min || v > f.max {
		return fmt.Errorf("want an integer from %d to %d", f.min, f.max)
	}
	f.v, f.set = v, true
	return nil
}

// flagPassed reports whether the flag name was given on the command line.
func flagPassed(fs *flag.FlagSet, name string) bool {
	passed := false
	fs.Visit(func(f *flag.Flag) { passed = passed || f.Name == name })
	return passed
}

// refuseWith returns a usage error if flag name was given together with any
// of others: flags that would be ignored or contradict it.
func refuseWith(fs *flag.FlagSet, name string, others ...string) error {
	if !flagPassed(fs, name) {
		return nil
	}
	for _, o := range others {
		if flagPassed(fs, o) {
			return usagef("--%s cannot be used with --%s", o, name)
		}
	}
	return nil
}
