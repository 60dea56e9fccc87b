package props

import (
	"flag"
	"fmt"
	"iter"
	"math/rand"
	"strconv"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/numfmt"
	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"
)

// The engine every check and Verify function runs on. A check is a spec:
// where its inputs come from in each phase, and how one input is judged.
// The engine runs the phases in order (edge table, property, samples,
// exhaustive sweep), stops at the first disagreement, and in a full run
// sweeps on to characterise the whole failure set. It stops early, without
// failing, when the budget or the test's deadline is near.

// verdict is the judgement of one input.
type verdict uint8

const (
	pass    verdict = iota // judged, and the implementation agrees
	skipped                // outside the domain: not judged
	fail                   // judged, and the implementation disagrees
)

// spec describes one check.
type spec[T any] struct {
	check, policy string
	edges         iter.Seq[T]
	// edgeCount is the number of inputs edges yields and edgeAt the i-th,
	// if known: -short then builds only the inputs it judges.
	edgeCount int
	edgeAt    func(i int) T
	// draw is the property phase's generator, built on the rapid
	// generators; each draw is reproduced from its seed.
	draw   *rapid.Generator[T]
	sample func(*rand.Rand) T
	// days is the range the exhaustive sweep covers, and perDay yields the
	// sweep's inputs on one day (perDayInputs of them); nil: no sweep.
	days         calendar.Range
	perDay       func(d calendar.Date, yield func(T) bool) bool
	perDayInputs int
	// verify names the Verify function that gives the same verdict
	// (default "Verify" + check), for the reproduction line.
	verify string
	// judge judges one input; on fail it returns the counterexample with
	// Input, Got and Want set.
	judge func(T) (verdict, *Counterexample)
	// dateOf is the date an input of the sweep belongs to, for the
	// failure set's pattern.
	dateOf func(T) calendar.Date
	// simpler proposes simpler inputs than in (nil: no shrinking).
	simpler func(T) []T
}

// runConfig is how much of a spec to run.
type runConfig struct {
	property   int   // property draws (0: no property phase)
	propSeed   int64 // seed of the first draw
	samples    int
	sampleSeed int64
	exhaustive bool
	deadline   time.Time // zero: none
	// shortEdges caps the edge phase at shortEdgeCap inputs (a Check under
	// -short): the first half in the table's order, familiar years first,
	// then an even stride over the rest.
	shortEdges bool
	// edgeCap overrides shortEdgeCap (the tests keep -short -race quick).
	edgeCap int
	// workers > 1 sweeps on that many goroutines (the Parallel option).
	workers int
	// sweepDays stops the sweep after this many days as a budget would
	// (0: no limit); the tests measure a cut sweep's coverage with it.
	sweepDays int64
}

// shortEdgeCap is the most edge inputs a Check judges under -short.
const shortEdgeCap = 20000

// phaseStats counts what one phase judged.
type phaseStats struct {
	name             string
	judged, skipped  int64
	stopped          bool // the budget or deadline ended it early
	planned, reached int64
	// note says what part of the phase's inputs was run (a sampled edge
	// table, the days a cut sweep covered).
	note string
}

func (p phaseStats) String() string {
	s := fmt.Sprintf("%s: %s judged, %s skipped as outside the domain", p.name, numfmt.Thousands(p.judged), numfmt.Thousands(p.skipped))
	if p.stopped {
		s += " (stopped early by the budget or the test deadline"
		if p.planned > 0 {
			s += fmt.Sprintf(", after %s of %s inputs", numfmt.Thousands(p.reached), numfmt.Thousands(p.planned))
		}
		s += ")"
	}
	if p.note != "" {
		s += "; " + p.note
	}
	return s
}

// outcome is what a run found.
type outcome struct {
	phases []phaseStats
	cex    *Counterexample
}

// err returns the counterexample as an error, or nil.
func (o outcome) err() error {
	if o.cex == nil {
		return nil
	}
	return o.cex
}

// run runs s under c.
func run[T any](s spec[T], c runConfig) outcome {
	var out outcome
	expired := func() bool { return !c.deadline.IsZero() && time.Now().After(c.deadline) }
	stop := false
	// phase runs one phase over seq and stops everything at the first
	// failure, or when the time is up; label names the phase of a
	// counterexample found at input i.
	phase := func(name string, seq iter.Seq[T], shrink bool, label func(i int) string) *phaseStats {
		if stop {
			return nil
		}
		ps := phaseStats{name: name}
		if phaseHook != nil {
			phaseHook(name)
		}
		i := 0
		for in := range seq {
			if i++; i%256 == 0 && expired() {
				ps.stopped, stop = true, true
				break
			}
			v, cex := s.judge(in)
			if v == skipped {
				ps.skipped++
				continue
			}
			ps.judged++
			if v == fail {
				if shrink && s.simpler != nil {
					cex = shrinkInput(s, in, cex, c.deadline)
				}
				cex.Check, cex.Policy, cex.Phase = s.check, s.policy, label(i-1)
				out.cex, stop = cex, true
				break
			}
		}
		out.phases = append(out.phases, ps)
		return &out.phases[len(out.phases)-1]
	}
	named := func(name string) func(int) string { return func(int) string { return name } }
	edges, note := s.edges, ""
	if c.shortEdges && edges != nil {
		limit := shortEdgeCap
		if c.edgeCap > 0 {
			limit = c.edgeCap
		}
		edges, note = capEdges(edges, s.edgeCount, s.edgeAt, limit)
	}
	if ps := phase("edge table", edges, false, named("edge table")); ps != nil {
		ps.note = note
	}
	if c.property > 0 && s.draw != nil {
		phase(fmt.Sprintf("property (rapid generators, seed %d)", c.propSeed), func(yield func(T) bool) {
			for i := 0; i < c.property; i++ {
				if !yield(s.draw.Example(int(c.propSeed) + i)) {
					return
				}
			}
		}, true, func(i int) string {
			return fmt.Sprintf("property, draw %d of -rapid.seed=%d (shrunk)", i, c.propSeed)
		})
	}
	if c.samples > 0 && s.sample != nil {
		phase(fmt.Sprintf("samples (seed %d)", c.sampleSeed), func(yield func(T) bool) {
			rng := rand.New(rand.NewSource(c.sampleSeed))
			for i := 0; i < c.samples; i++ {
				if !yield(s.sample(rng)) {
					return
				}
			}
		}, true, func(i int) string { return fmt.Sprintf("sample %d of seed %d (shrunk)", i, c.sampleSeed) })
	}
	if !c.exhaustive || s.perDay == nil {
		return out
	}
	if out.cex == nil && !stop {
		ps, cex := sweepPhase(s, c)
		out.phases = append(out.phases, ps)
		if cex != nil {
			cex.Check, cex.Policy, cex.Phase = s.check, s.policy, "exhaustive sweep"
			out.cex = cex
		}
	}
	// A full run characterises the failure set over the whole sweep.
	if out.cex != nil && !expired() {
		out.cex.Set = characterise(s, c.deadline)
	}
	return out
}

// shrinkInput replaces a failing input by simpler ones that still fail, at
// most 200 times (each step takes a strictly simpler input, so a chain
// ends; the bound keeps a long one from costing more than it tells): the
// same wall clock in UTC, a whole second, midnight, a delta of one, a year
// nearer 2000.
func shrinkInput[T any](s spec[T], in T, cex *Counterexample, deadline time.Time) *Counterexample {
	for step := 0; step < 200; step++ {
		if !deadline.IsZero() && time.Now().After(deadline) {
			break
		}
		progressed := false
		for _, c := range s.simpler(in) {
			if v, cc := s.judge(c); v == fail {
				in, cex, progressed = c, cc, true
				break
			}
		}
		if !progressed {
			break
		}
	}
	return cex
}

// FailureSet describes every input of the exhaustive sweep on which an
// implementation disagrees with the model, as a full run finds it after
// the first counterexample.
type FailureSet struct {
	// Inputs is the number of sweep inputs that disagree; Days the number
	// of distinct days among them, of SweptDays swept.
	Inputs, Days, SweptDays int64
	// First and Last are the first and the last disagreeing input.
	First, Last string
	// Pattern names the set in one line where a known pattern fits it
	// exactly ("all 2,424 February 29ths"), or is empty.
	Pattern string
	// Complete is false if the budget or deadline stopped the sweep early.
	Complete bool
}

// String is one line: "2,424 of 7,304,118 inputs on 2,424 days (all 2,424
// February 29ths), first ..., last ...".
func (f *FailureSet) String() string {
	s := fmt.Sprintf("%s inputs disagree, on %s of %s days swept", numfmt.Thousands(f.Inputs), numfmt.Thousands(f.Days), numfmt.Thousands(f.SweptDays))
	if f.Pattern != "" {
		s += " (" + f.Pattern + ")"
	}
	if f.Inputs > 0 {
		s += "; first " + f.First + ", last " + f.Last
	}
	if !f.Complete {
		s += "; the sweep stopped early (budget or test deadline)"
	}
	return s
}

// characterise sweeps every input of s and collects the failure set.
func characterise[T any](s spec[T], deadline time.Time) *FailureSet {
	f := &FailureSet{Complete: true}
	failing := map[calendar.Date]bool{}
	var swept []calendar.Date
	var lastDay calendar.Date
	i := 0
	for in := range s.inOrder() {
		if i++; i%256 == 0 && !deadline.IsZero() && time.Now().After(deadline) {
			f.Complete = false
			break
		}
		d := s.dateOf(in)
		if len(swept) == 0 || d != lastDay {
			swept, lastDay = append(swept, d), d
		}
		v, cex := s.judge(in)
		if v != fail {
			continue
		}
		f.Inputs++
		if f.Inputs == 1 {
			f.First = cex.Input
		}
		f.Last = cex.Input
		failing[d] = true
	}
	f.Days, f.SweptDays = int64(len(failing)), int64(len(swept))
	f.Pattern = patternOf(failing, swept)
	return f
}

// patterns are the shapes a failure set often has. Each is a predicate on
// dates and a name for "every date where it holds".
var patterns = []struct {
	name string
	is   func(calendar.Date) bool
}{
	{"February 29ths", func(d calendar.Date) bool { return d.Month == time.February && d.Day == 29 }},
	{"31sts before a shorter month", func(d calendar.Date) bool {
		return d.Day == 31 && calendar.DaysIn(d.Year+int(d.Month)/12, d.Month%12+1) < 31
	}},
	{"29ths to 31sts past the end of the following month", func(d calendar.Date) bool {
		return d.Day > calendar.DaysIn(d.Year+int(d.Month)/12, d.Month%12+1)
	}},
	{"29ths to 31sts past the end of the previous month", func(d calendar.Date) bool {
		pm, py := d.Month-1, d.Year
		if pm == 0 {
			pm, py = 12, py-1
		}
		return py >= 1 && d.Day > calendar.DaysIn(py, pm)
	}},
	{"last days of a month", func(d calendar.Date) bool { return d.Day == calendar.DaysIn(d.Year, d.Month) }},
	{"days before 1970", func(d calendar.Date) bool { return d.Year < 1970 }},
	{"days before 1950", func(d calendar.Date) bool { return d.Year < 1950 }},
	{"days from 2050", func(d calendar.Date) bool { return d.Year >= 2050 }},
	{"days of leap years", func(d calendar.Date) bool { return calendar.IsLeap(d.Year) }},
	{"December 31sts of leap years", func(d calendar.Date) bool {
		return d.Month == time.December && d.Day == 31 && calendar.IsLeap(d.Year)
	}},
	{"days", func(calendar.Date) bool { return true }},
}

// patternOf names failing as "all N <pattern>" if it is exactly the swept
// days where a pattern holds, or "only <pattern> (N of M)" if it is a
// subset of them, and "" otherwise.
func patternOf(failing map[calendar.Date]bool, swept []calendar.Date) string {
	if len(failing) == 0 {
		return ""
	}
	subset := ""
	for _, p := range patterns {
		match, all := int64(0), true
		for _, d := range swept {
			if !p.is(d) {
				if failing[d] {
					all = false
					match = -1
					break
				}
				continue
			}
			match++
			if !failing[d] {
				all = false
			}
		}
		switch {
		case match < 0:
			continue
		case all:
			return "every one of the " + numfmt.Thousands(match) + " " + p.name + " swept"
		case subset == "":
			subset = fmt.Sprintf("only %s: %s of the %s swept", p.name, numfmt.Thousands(int64(len(failing))), numfmt.Thousands(match))
		}
	}
	return subset
}

// tb is what the checks need of a test; *testing.T has it, and the tests of
// this package give a fake that records failures.
type tb interface {
	Helper()
	Name() string
	Logf(format string, args ...any)
	Fatalf(format string, args ...any)
	Failed() bool
}

// rapidFlag returns the value of one of rapid's command-line flags, or def.
func rapidFlag(name string, def int64) int64 {
	f := flag.Lookup("rapid." + name)
	if f == nil {
		return def
	}
	n, err := strconv.ParseInt(f.Value.String(), 10, 64)
	if err != nil || n == 0 {
		return def
	}
	return n
}

// checkConfig is the run of a Check function under t: the property phase
// with -rapid.checks draws from -rapid.seed (DefaultSeed if unset), the same
// in a short and a full run; samples from DefaultSeed; the sweep unless
// testing.Short(); and a deadline from Budget and t.Deadline().
func checkConfig(t tb, o options) runConfig {
	c := runConfig{
		property:   int(rapidFlag("checks", 100)),
		propSeed:   rapidFlag("seed", DefaultSeed),
		samples:    1000,
		sampleSeed: DefaultSeed,
		exhaustive: !testing.Short(),
		shortEdges: testing.Short(),
		workers:    o.workers,
	}
	c.deadline = deadlineFor(t, o)
	return c
}

// deadlineFor is when a check must stop: its budget, or a fifth of the time
// left before the test's deadline (so that the check ends, and reports,
// before go test's timeout panics), whichever is first.
func deadlineFor(t any, o options) time.Time {
	var d time.Time
	now := time.Now()
	if o.budget > 0 {
		d = now.Add(o.budget)
	}
	if dl, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if end, ok := dl.Deadline(); ok {
			stop := end.Add(-end.Sub(now) / 5)
			if d.IsZero() || stop.Before(d) {
				d = stop
			}
		}
	}
	return d
}

// verifyConfig is the run of a Verify function: no property phase.
func verifyConfig(vo VerifyOptions, o options) runConfig {
	_, seed := vo.rng()
	return runConfig{samples: vo.samples(), sampleSeed: seed, exhaustive: vo.Exhaustive, deadline: deadlineFor(nil, o), workers: o.workers}
}

// runCheck runs s as a Check function: it logs what each phase judged and
// fails t once, with the counterexample and how to reproduce it.
func runCheck[T any](t tb, s spec[T], o options) {
	t.Helper()
	c := checkConfig(t, o)
	out := run(s, c)
	for _, p := range out.phases {
		t.Logf("leapcheck: %s: %s", s.check, p)
	}
	noticeCut(t, s.check, out.phases)
	if out.cex != nil {
		t.Fatalf("%v\n  reproduce: rerun the test: every phase is deterministic (the property from -rapid.seed=%d, the samples from seed %d);\n  or call %s with the same options", out.cex, c.propSeed, c.sampleSeed, s.verifyName())
	}
}

// badArgs fails t with err if it is not nil, and reports whether it did.
func badArgs(t tb, err error) bool {
	t.Helper()
	if err != nil {
		t.Fatalf("%v", err)
		return true
	}
	return false
}
