package props

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// goldenStep by hand: the integer nearest n/φ (φ ≈ 1.618), else the
// nearest coprime to n, above before below; 1 for n ≤ 2.
func TestGoldenStepByHand(t *testing.T) {
	for n, want := range map[int64]int64{
		1: 1, 2: 1,
		3:   2,  // 1.85
		4:   3,  // 2.47 → 2 shares 2 with 4; 3
		6:   5,  // 3.71 → 4 shares 2; 5
		9:   7,  // 5.56 → 6 shares 3; 7
		12:  7,  // 7.42
		15:  8,  // 9.27 → 9 shares 3; 10 shares 5; 8
		30:  19, // 18.54
		100: 63, // 61.80 → 62 shares 2; 63
	} {
		assert.Equal(t, want, goldenStep(n), "n = %d", n)
	}
}

// newSweepPlan and at by hand: the familiar years' offsets clamped to the
// range, none when the range misses them, and step 2's order i·s mod n.
func TestSweepPlanByHand(t *testing.T) {
	for _, c := range []struct {
		r            string
		famLo, famHi int64
	}{
		{"1969-06-01..1970-02-01", 214, 246}, // 1970-01-01 is 214 days in; the range ends inside
		{"2100-06-01..2101-01-10", 0, 214},   // 2101-01-01 is 214 days in
		{"1900-01-01..1900-12-31", 0, 0},
		{"2101-01-01..2101-12-31", 0, 0},
	} {
		a, b, _ := strings.Cut(c.r, "..")
		p := newSweepPlan(mustRangeP(t, a, b))
		assert.Equal(t, [2]int64{c.famLo, c.famHi}, [2]int64{p.famLo, p.famHi}, c.r)
		assert.Equal(t, p.famHi-p.famLo+p.n, p.positions(), c.r)
	}
	p := newSweepPlan(mustRangeP(t, "1900-01-01", "1900-01-10")) // n = 10, s = 7
	var order []int64
	for i := range p.positions() {
		off, ok := p.at(i)
		require.True(t, ok)
		order = append(order, off)
	}
	assert.Equal(t, []int64{0, 7, 4, 1, 8, 5, 2, 9, 6, 3}, order)
	p = newSweepPlan(mustRangeP(t, "1969-12-30", "1970-01-03")) // familiar offsets 2..4 first, then i·3 mod 5
	var visits []string
	for i := range p.positions() {
		off, ok := p.at(i)
		visits = append(visits, fmt.Sprintf("%d%s", off, map[bool]string{false: "x"}[ok]))
	}
	assert.Equal(t, []string{"2", "3", "4", "0", "3x", "1", "4x", "2x"}, visits)
}

// The coverage report by hand: the share of days judged, the familiar
// years judged in full or in part, and the longest run not judged.
func TestCoverageReportByHand(t *testing.T) {
	p := newSweepPlan(mustRangeP(t, "1900-01-01", "1900-01-10"))
	c := newCoverage(p)
	for _, off := range []int64{0, 3, 4} {
		c.mark(off)
	}
	assert.Equal(t, "3 of 10 days (30.0%) of 1900-01-01..1900-01-10 (longest run of days not judged: 5)", c.report())
	p = newSweepPlan(mustRangeP(t, "1969-12-30", "1970-01-05")) // familiar offsets 2..6
	c = newCoverage(p)
	c.mark(2)
	c.mark(3)
	assert.Equal(t, "2 of 7 days (28.6%) of 1969-12-30..1970-01-05: only 1970-01-01..1970-01-02 of the familiar years 1970..1970, swept first (longest run of days not judged: 3)", c.report())
	for off := range int64(7) {
		if off != 1 {
			c.mark(off)
		}
	}
	assert.Equal(t, "6 of 7 days (85.7%) of 1969-12-30..1970-01-05: every day of 1970..1970, then the rest spread evenly (longest run of days not judged: 1)", c.report())
	p = newSweepPlan(mustRangeP(t, "2100-12-30", "2101-01-02")) // familiar offsets 0..1
	c = newCoverage(p)
	for off := range int64(4) {
		c.mark(off)
	}
	assert.Equal(t, "4 of 4 days (100.0%) of 2100-12-30..2101-01-02: every day of 2100..2100, then the rest spread evenly (longest run of days not judged: 0)", c.report())
	c = newCoverage(newSweepPlan(calendar.All()))
	c.mark(64)
	c.mark(3652058)
	assert.True(t, c.has(64) && c.has(3652058) && !c.has(63) && !c.has(65) && !c.has(0), "marks in other words of the bitmap")
}

// tinySweep is a sweep spec over 1900-01-01..1900-01-10 (order 0, 7, 4, 1,
// 8, 5, 2, 9, 6, 3 by day offset) with perDay inputs a day, judged by
// verdicts: fail on the offsets in fails, skip those in skips.
func tinySweep(t *testing.T, perDay int, fails, skips []int) spec[calendar.Date] {
	r := mustRangeP(t, "1900-01-01", "1900-01-10")
	first := r.First().DayNumber()
	return spec[calendar.Date]{
		check: "Tiny", days: r, perDayInputs: perDay,
		perDay: func(d calendar.Date, yield func(calendar.Date) bool) bool {
			for range perDay {
				if !yield(d) {
					return false
				}
			}
			return true
		},
		judge: func(d calendar.Date) (verdict, *Counterexample) {
			off := int(d.DayNumber() - first)
			switch {
			case slices.Contains(fails, off):
				return fail, &Counterexample{Check: "Tiny", Input: d.String()}
			case slices.Contains(skips, off):
				return skipped, nil
			}
			return pass, nil
		},
	}
}

// sweepPhase by hand on tinySweep, on one worker and on two: the failure
// at the earliest position of the order wins (offset 8 at position 4
// before offset 3 at position 9), counts stop there; a clean sweep counts
// every input; a day budget or a past deadline stops it and says what it
// covered; a failure found is reported, not a cut.
func TestSweepPhaseByHand(t *testing.T) {
	for _, workers := range []int{1, 2} {
		name := fmt.Sprintf("%d workers", workers)
		ps, cex := sweepPhase(tinySweep(t, 1, []int{3, 8}, []int{5}), runConfig{workers: workers})
		assert.Equal(t, map[int]string{1: "exhaustive sweep", 2: "exhaustive sweep (2 workers)"}[workers], ps.name)
		if assert.NotNil(t, cex, name) {
			assert.Equal(t, "1900-01-09", cex.Input, name)
		}
		assert.Equal(t, [2]int64{5, 0}, [2]int64{ps.judged, ps.skipped}, "%s: offsets 0, 7, 4, 1, 8 judged", name)
		assert.False(t, ps.stopped, name)

		ps, cex = sweepPhase(tinySweep(t, 2, nil, []int{5}), runConfig{workers: workers})
		assert.Nil(t, cex, name)
		assert.Equal(t, [2]int64{18, 2}, [2]int64{ps.judged, ps.skipped}, name)
		assert.False(t, ps.stopped, name)
		assert.Empty(t, ps.note, name)

		ps, cex = sweepPhase(tinySweep(t, 2, nil, []int{4}), runConfig{workers: workers, sweepDays: 4})
		assert.Nil(t, cex, name)
		assert.True(t, ps.stopped, name)
		assert.Equal(t, [4]int64{6, 2, 20, 8}, [4]int64{ps.judged, ps.skipped, ps.planned, ps.reached}, "%s: offsets 0, 7, 4 (skipped), 1", name)
		assert.Equal(t, "judged 4 of 10 days (40.0%) of 1900-01-01..1900-01-10 (longest run of days not judged: 2)", ps.note, name)

		ps, cex = sweepPhase(tinySweep(t, 2, []int{9}, nil), runConfig{workers: workers, sweepDays: 9})
		assert.NotNil(t, cex, "%s: the failure at position 7 comes before the budget's end", name)
		assert.False(t, ps.stopped, name)

		// The deadline is read every 256 inputs: 300 a day stops on the first.
		ps, cex = sweepPhase(tinySweep(t, 300, nil, nil), runConfig{workers: workers, deadline: time.Unix(1, 0)})
		assert.Nil(t, cex, name)
		assert.True(t, ps.stopped, name)
		assert.Equal(t, int64(255), ps.judged, name)
		assert.Contains(t, ps.note, "judged 0 of 10 days", name)
	}
}

// capEdges by hand on a table of ten inputs, from the sequence alone and
// from the indexed table: at or under the limit, the table itself and no
// note; over it, the first half of the limit in order, then every k-th of
// the rest (k the least stride that keeps within the limit).
func TestCapEdgesByHand(t *testing.T) {
	seq := func(yield func(int) bool) {
		for i := range 10 {
			if !yield(i) {
				return
			}
		}
	}
	at := func(i int) int { return i }
	for _, c := range []struct {
		limit int
		want  []int
		note  string
	}{
		{10, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, ""},
		{9, []int{0, 1, 2, 3, 4, 6, 8}, "under -short, the first 4 of the table's 10 inputs and every 2nd of the rest"},
		{5, []int{0, 1, 2, 5, 8}, "under -short, the first 2 of the table's 10 inputs and every 3rd of the rest"},
		{4, []int{0, 1, 2, 6}, "under -short, the first 2 of the table's 10 inputs and every 4th of the rest"},
	} {
		for _, idx := range []func(int) int{nil, at} {
			got, note := capEdges(seq, 10, idx, c.limit)
			assert.Equal(t, c.want, slices.Collect(got), "limit %d, indexed %v", c.limit, idx != nil)
			assert.Equal(t, c.note, note, "limit %d", c.limit)
		}
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 10: "10th", 11: "11th", 12: "12th", 13: "13th",
		14: "14th", 21: "21st", 22: "22nd", 23: "23rd", 101: "101st", 111: "111th", 112: "112th", 113: "113th", 1002: "1002nd"} {
		assert.Equal(t, want, ordinal(n))
	}
}
