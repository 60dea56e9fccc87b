package props

import (
	"fmt"
	"io"
	"iter"
	"math"
	"math/bits"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/numfmt"
	"github.com/leapcheck/leapcheck/models/calendar"
)

// The order of the exhaustive sweep. A sweep that a Budget or the test's
// deadline cuts short must have covered its range evenly at every point,
// not run from 0001 upwards and stopped in year 200. It visits:
//
//  1. every day of the familiar years 1970..2100 (those inside the range),
//     in order, so that the dates most code meets are judged first and a
//     counterexample found there reads easily; then
//  2. every day of the range, in the order x_i = i·s mod n (i = 0, 1, ...;
//     n days; s the integer nearest n/φ that is coprime to n), skipping
//     the days already judged in step 1.
//
// Why step 2 is even at every point. Because s is coprime to n, x_i visits
// each of the n days exactly once. x_i/n is the Kronecker sequence
// {i·s/n}, and s/n is within 1/n of 1/φ, whose continued fraction
// [0; 1, 1, 1, ...] has the smallest partial quotients of any number. By
// the three-distance theorem (Steinhaus; Sós 1958), the first m points of
// {i·α} cut the circle into gaps of at most three lengths, the largest at
// most the sum of the other two; for α = 1/φ the largest gap after m
// points is at most about φ²/m of the circle (2.6 times the mean gap of
// 1/m), for every m. The first m days of step 2 are therefore spread over
// the whole range with no gap longer than about 2.6·n/m days, wherever
// the budget cuts: 10 % of the days leaves no gap over ~26 days, half of
// them none over ~5. TestSweepOrderIsEven measures it.
const (
	familiarFirst = 1970
	familiarLast  = 2100
)

// sweepPlan is the order in which a sweep visits the days of a range.
type sweepPlan struct {
	r            calendar.Range
	base         int64 // day number of r.First()
	n            int64 // days in r
	famLo, famHi int64 // offsets [famLo, famHi) of the familiar years in r
	step         int64 // s, coprime to n
}

func newSweepPlan(r calendar.Range) sweepPlan {
	p := sweepPlan{r: r, base: r.First().DayNumber(), n: r.Len()}
	lo := calendar.Date{Year: familiarFirst, Month: 1, Day: 1}.DayNumber() - p.base
	hi := calendar.Date{Year: familiarLast, Month: 12, Day: 31}.DayNumber() - p.base + 1
	p.famLo, p.famHi = max(lo, 0), min(hi, p.n)
	if p.famHi < p.famLo {
		p.famLo, p.famHi = 0, 0
	}
	p.step = goldenStep(p.n)
	return p
}

// goldenStep is the integer nearest n/φ that is coprime to n (1 for n ≤ 2).
func goldenStep(n int64) int64 {
	if n <= 2 {
		return 1
	}
	s0 := int64(math.Round(float64(n) / math.Phi))
	for d := int64(0); ; d++ {
		for _, s := range []int64{s0 + d, s0 - d} {
			if s >= 1 && s < n && gcd(s, n) == 1 {
				return s
			}
		}
	}
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// positions is the number of positions of the order: the familiar days,
// then the n positions of step 2, of which the familiar ones are skipped.
func (p sweepPlan) positions() int64 { return p.famHi - p.famLo + p.n }

// at returns the day offset at position i of the order, and false at a
// position of step 2 that falls on a familiar day (already visited).
func (p sweepPlan) at(i int64) (int64, bool) {
	fam := p.famHi - p.famLo
	if i < fam {
		return p.famLo + i, true
	}
	hi, lo := bits.Mul64(uint64(i-fam), uint64(p.step))
	_, x := bits.Div64(hi, lo, uint64(p.n))
	off := int64(x)
	return off, off < p.famLo || off >= p.famHi
}

// date returns the day at offset off.
func (p sweepPlan) date(off int64) calendar.Date {
	d, _ := calendar.FromDayNumber(p.base + off)
	return d
}

// coverage records which days of a plan a cut sweep judged, to say so.
type coverage struct {
	p    sweepPlan
	seen []uint64
}

func newCoverage(p sweepPlan) *coverage {
	return &coverage{p: p, seen: make([]uint64, (p.n+63)/64)}
}

func (c *coverage) mark(off int64) { c.seen[off/64] |= 1 << (off % 64) }

func (c *coverage) has(off int64) bool { return c.seen[off/64]&(1<<(off%64)) != 0 }

// report summarises a cut sweep: the share of the days judged, whether the
// familiar years were all judged, and the longest run of days not judged.
func (c *coverage) report() string {
	var days int64
	for _, w := range c.seen {
		days += int64(bits.OnesCount64(w))
	}
	var gap, run int64
	for off := int64(0); off < c.p.n; off++ {
		if c.has(off) {
			run = 0
			continue
		}
		if run++; run > gap {
			gap = run
		}
	}
	s := fmt.Sprintf("%s of %s days (%.1f%%) of %s", numfmt.Thousands(days), numfmt.Thousands(c.p.n), 100*float64(days)/float64(max(c.p.n, 1)), c.p.r)
	fam := c.p.famHi - c.p.famLo
	if fam > 0 {
		famSeen := int64(0)
		for off := c.p.famLo; off < c.p.famHi; off++ {
			if c.has(off) {
				famSeen++
			}
		}
		lo, hi := c.p.date(c.p.famLo), c.p.date(c.p.famHi-1)
		if famSeen == fam {
			s += fmt.Sprintf(": every day of %d..%d, then the rest spread evenly", lo.Year, hi.Year)
		} else {
			s += fmt.Sprintf(": only %s..%s of the familiar years %d..%d, swept first", lo, c.p.date(c.p.famLo+famSeen-1), lo.Year, hi.Year)
		}
	}
	return s + fmt.Sprintf(" (longest run of days not judged: %s)", numfmt.Thousands(gap))
}

// inOrder yields the sweep's inputs day by day in calendar order, for the
// characterisation of a failure set (its first and last input).
func (s spec[T]) inOrder() iter.Seq[T] {
	return func(yield func(T) bool) {
		for d := range s.days.Days() {
			if !s.perDay(d, yield) {
				return
			}
		}
	}
}

// verifyName is the Verify function that gives the check's verdict.
func (s spec[T]) verifyName() string {
	if s.verify != "" {
		return s.verify
	}
	return "Verify" + s.check
}

// sweepChunk is the number of positions of the order a worker of a
// parallel sweep takes at a time.
const sweepChunk = 4096

// sweepPhase runs the exhaustive sweep in the plan's order (see sweepPlan),
// on c.workers goroutines if more than one, and returns its statistics and
// the disagreement at the earliest position of the order, if any: the same
// counterexample on one core and on many.
func sweepPhase[T any](s spec[T], c runConfig) (phaseStats, *Counterexample) {
	if phaseHook != nil {
		phaseHook("exhaustive sweep")
	}
	p := newSweepPlan(s.days)
	cov := newCoverage(p)
	positions := p.positions()
	var (
		mu       sync.Mutex
		best     = int64(math.MaxInt64) // position of the earliest failure found
		bestCex  *Counterexample
		stopped  atomic.Bool
		next     atomic.Int64
		daysSeen atomic.Int64
		nJudged  atomic.Int64
		nSkipped atomic.Int64
	)
	expired := func() bool { return !c.deadline.IsZero() && time.Now().After(c.deadline) }
	worker := func(parallel bool) {
		var nj, ns int64
		defer func() { nJudged.Add(nj); nSkipped.Add(ns) }()
		calls := 0
		var i int64 // the position being judged
		failed := false
		// yield judges one input of day i; one closure per worker, not per
		// day, so that the sweep allocates nothing per day.
		yield := func(in T) bool {
			if calls++; calls%256 == 0 && expired() {
				stopped.Store(true)
				return false
			}
			v, cex := s.judge(in)
			switch v {
			case skipped:
				ns++
				return true
			case fail:
				mu.Lock()
				if i < best {
					best, bestCex = i, cex
				}
				mu.Unlock()
				failed = true
			}
			nj++
			return !failed
		}
		for !stopped.Load() {
			lo := next.Add(sweepChunk) - sweepChunk
			mu.Lock()
			b := best
			mu.Unlock()
			if lo >= positions || lo > b {
				return
			}
			for i = lo; i < min(lo+sweepChunk, positions); i++ {
				off, ok := p.at(i)
				if !ok {
					continue
				}
				if c.sweepDays > 0 && daysSeen.Add(1) > c.sweepDays {
					stopped.Store(true)
					return
				}
				s.perDay(p.date(off), yield)
				if stopped.Load() {
					return
				}
				if parallel {
					atomic.OrUint64(&cov.seen[off/64], 1<<(off%64))
				} else {
					cov.mark(off)
				}
				if failed {
					return
				}
			}
		}
	}
	if c.workers > 1 {
		var wg sync.WaitGroup
		for range c.workers {
			wg.Add(1)
			go func() { defer wg.Done(); worker(true) }()
		}
		wg.Wait()
	} else {
		worker(false)
	}
	ps := phaseStats{name: "exhaustive sweep", judged: nJudged.Load(), skipped: nSkipped.Load()}
	if c.workers > 1 {
		ps.name = fmt.Sprintf("exhaustive sweep (%d workers)", c.workers)
	}
	if stopped.Load() && bestCex == nil {
		ps.stopped = true
		ps.planned, ps.reached = p.n*int64(s.perDayInputs), ps.judged+ps.skipped
		ps.note = "judged " + cov.report()
	}
	return ps, bestCex
}

// phaseHook, if set (by tests), is called as each phase starts.
var phaseHook func(phase string)

// capEdges returns seq, or if it is longer than limit a selection of
// limit inputs: the first half in the table's order (familiar years
// first), then every k-th of the rest, so that the whole table is
// represented; and a note saying so.
func capEdges[T any](seq iter.Seq[T], n int, at func(int) T, limit int) (iter.Seq[T], string) {
	if at == nil {
		n = 0
		for range seq {
			n++
		}
	}
	if n <= limit {
		return seq, ""
	}
	head := limit / 2
	stride := (n - head + limit - head - 1) / (limit - head)
	picked := func(i int) bool { return i < head || (i-head)%stride == 0 }
	capped := func(yield func(T) bool) {
		i := 0
		for in := range seq {
			if picked(i) && !yield(in) {
				return
			}
			i++
		}
	}
	if at != nil {
		capped = func(yield func(T) bool) {
			for i := 0; i < n; i++ {
				if picked(i) && !yield(at(i)) {
					return
				}
			}
		}
	}
	return capped, fmt.Sprintf("under -short, the first %s of the table's %s inputs and every %s of the rest",
		numfmt.Thousands(int64(head)), numfmt.Thousands(int64(n)), ordinal(stride))
}

func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}

// cutNotice is where a check cut short by its budget or the deadline says
// so when go test runs without -v (t.Logf is shown only with -v or on
// failure): standard output, which go test shows for the package it runs.
var cutNotice io.Writer = os.Stdout

// noticeCut writes, without -v, one line per phase that the budget or the
// deadline stopped: what fraction it judged and over which years.
func noticeCut(t tb, check string, phases []phaseStats) {
	if testing.Verbose() {
		return
	}
	for _, p := range phases {
		if p.stopped {
			fmt.Fprintf(cutNotice, "--- leapcheck: %s: %s: %s\n", t.Name(), check, p)
		}
	}
}
