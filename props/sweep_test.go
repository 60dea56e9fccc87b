package props

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// The order visits every day exactly once, the familiar years first.
func TestSweepOrderIsAPermutation(t *testing.T) {
	for _, r := range []calendar.Range{calendar.All(), mustRangeP(t, "2000-01-01", "2000-12-31"), mustRangeP(t, "1969-06-01", "1970-02-01"), mustRangeP(t, "0001-01-01", "0001-01-02")} {
		p := newSweepPlan(r)
		seen := make([]bool, p.n)
		visited := int64(0)
		for i := int64(0); i < p.positions(); i++ {
			off, ok := p.at(i)
			if !ok {
				continue
			}
			if seen[off] {
				t.Fatalf("%s: day %d visited twice", r, off)
			}
			seen[off] = true
			if visited++; visited <= p.famHi-p.famLo {
				if y := p.date(off).Year; y < familiarFirst || y > familiarLast {
					t.Fatalf("%s: visit %d is in %d, before the familiar years are done", r, visited, y)
				}
			}
		}
		if visited != p.n {
			t.Fatalf("%s: visited %d of %d days", r, visited, p.n)
		}
	}
}

// TestSweepOrderIsEven: a sweep cut after any share of its days has
// covered the whole range evenly. At 10 % and 50 % of the days (and at
// other cuts) the longest run of days not judged is within the bound of
// the three-distance argument beside sweepPlan (2.7 times the mean gap),
// and the years judged span 0001..9999. It logs the coverage.
func TestSweepOrderIsEven(t *testing.T) {
	r := calendar.All()
	p := newSweepPlan(r)
	for _, share := range []float64{0.01, 0.1, 0.25, 0.5, 0.9} {
		limit := int64(share * float64(p.n))
		cov := newCoverage(p)
		visited := int64(0)
		for i := int64(0); i < p.positions() && visited < limit; i++ {
			if off, ok := p.at(i); ok {
				cov.mark(off)
				visited++
			}
		}
		var gap, run int64
		firstYear, lastYear := 0, 0
		for off := int64(0); off < p.n; off++ {
			if cov.has(off) {
				if y := p.date(off).Year; firstYear == 0 {
					firstYear = y
				} else {
					lastYear = y
				}
				run = 0
				continue
			}
			run++
			gap = max(gap, run)
		}
		famDays := p.famHi - p.famLo
		rest := limit - famDays
		mean := float64(p.n) / float64(max(rest, 1))
		t.Logf("cut at %4.0f%% of the days: years %04d..%04d judged, longest run not judged %d days (mean gap %.1f); %s", share*100, firstYear, lastYear, gap, mean, cov.report())
		if rest > 0 && float64(gap) > 2.7*mean+1 {
			t.Errorf("cut at %.0f%%: a run of %d days not judged, more than 2.7 times the mean gap %.1f", share*100, gap, mean)
		}
		if rest > 1000 && (firstYear > 10 || lastYear < 9990) {
			t.Errorf("cut at %.0f%%: judged only years %d..%d", share*100, firstYear, lastYear)
		}
	}
}

// TestCutSweepCoverage runs a check whose sweep is cut at 10 % and 50 % of
// its days, as a budget would cut it, and asserts the report says what
// fraction it judged and over which years.
func TestCutSweepCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps 10% and 50% of 0001..9999; TestSweepOrderIsEven covers the order under -short")
	}
	shares := []float64{0.1, 0.5}
	for _, share := range shares {
		s, _, err := dateAddSpec("AddYearsDate", "AddYears", calendar.Roll, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
			r := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(n, 0, 0)
			return r.Year(), r.Month(), r.Day(), nil
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		days := int64(share * float64(calendar.DaysInRange))
		out := run(s, runConfig{exhaustive: true, sweepDays: days})
		last := out.phases[len(out.phases)-1]
		t.Logf("cut at %.0f%% of the budget: %s", share*100, last)
		if !last.stopped || !strings.Contains(last.note, "every day of 1970..2100, then the rest spread evenly") ||
			!strings.Contains(last.note, fmt.Sprintf("(%.1f%%)", share*100)) {
			t.Errorf("cut sweep's report %q does not say what it judged", last)
		}
	}
}

// A check cut by its Budget says so without -v, on standard output.
func TestCutIsNoticedWithoutVerbose(t *testing.T) {
	if testing.Verbose() {
		t.Skip("the notice is for runs without -v")
	}
	var buf bytes.Buffer
	old := cutNotice
	cutNotice = &buf
	defer func() { cutNotice = old }()
	slow := func(y int, m time.Month, d int) (int, int) {
		time.Sleep(20 * time.Microsecond)
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).ISOWeek()
	}
	f := runFake(func(tb *fakeTB) {
		s, o, err := isoWeekSpec(slow, []Option{Budget(100 * time.Millisecond)})
		if badArgs(tb, err) {
			return
		}
		runCheck(tb, s, o)
	})
	if f.Failed() {
		t.Fatal(f.output())
	}
	if !strings.Contains(buf.String(), "--- leapcheck: fake: ISOWeek:") || !strings.Contains(buf.String(), "stopped early") {
		t.Fatalf("no notice of the cut: %q", buf.String())
	}
	t.Log(buf.String())
}

// A Parallel sweep reports the same counterexample as a sweep on one core:
// the failure at the earliest position of the order.
func TestParallelSweepSameCounterexample(t *testing.T) {
	buggy := func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
		r := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(n, 0, 0)
		if y < 1900 && y%7 == 3 && m == time.March && d == 1 { // wrong on some days past the familiar years
			r = r.AddDate(0, 0, 1)
		}
		return r.Year(), r.Month(), r.Day(), nil
	}
	var inputs []string
	for _, workers := range []int{1, 2, 4} {
		s, _, err := dateAddSpec("AddYearsDate", "AddYears", calendar.Roll, buggy, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, cex := sweepPhase(s, runConfig{exhaustive: true, workers: workers})
		if cex == nil {
			t.Fatalf("%d workers: no counterexample", workers)
		}
		inputs = append(inputs, cex.Input)
	}
	if inputs[0] != inputs[1] || inputs[0] != inputs[2] {
		t.Fatalf("counterexamples differ by workers: %q", inputs)
	}
	t.Log(inputs[0])
}
