package props

import (
	"fmt"
	"math/rand"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func isLeapDay(d calendar.Date) bool { return d.Month == time.February && d.Day == 29 }

// rapidDates draws n dates from g with seeds 0..n-1.
func rapidDates(g *rapid.Generator[calendar.Date], n int) []calendar.Date {
	out := make([]calendar.Date, n)
	for i := range out {
		out[i] = g.Example(i)
	}
	return out
}

// gopterDates draws n dates from g with seeds 0..n-1.
func gopterDates(g gopter.Gen, n int) []calendar.Date {
	out := make([]calendar.Date, 0, n)
	p := gopter.DefaultGenParameters()
	for i := 0; i < n; i++ {
		v, ok := g(p.CloneWithSeed(int64(i))).Retrieve()
		if ok {
			out = append(out, v.(calendar.Date))
		}
	}
	return out
}

func TestGeneratorsReachEveryMonthDay(t *testing.T) {
	r, err := calendar.NewRange(calendar.Date{Year: 1890, Month: 3, Day: 15}, calendar.Date{Year: 2110, Month: 7, Day: 2})
	require.NoError(t, err)
	for name, ds := range map[string][]calendar.Date{
		"rapid":  rapidDates(Date(), 20000),
		"gopter": gopterDates(GenDate(), 20000),
		// A narrow range: its bounds must be produced too.
		"rapid range":  rapidDates(Date(InRange(r.First(), r.Last())), 20000),
		"gopter range": gopterDates(GenDate(InRange(r.First(), r.Last())), 20000),
	} {
		seen := map[[2]int]bool{}
		var leapDec31, centuryMar1, first, last, minDate, maxDate bool
		for _, d := range ds {
			require.True(t, d.Valid(), "%s drew an invalid date %v", name, d)
			seen[[2]int{int(d.Month), d.Day}] = true
			leapDec31 = leapDec31 || (calendar.IsLeap(d.Year) && d.Month == 12 && d.Day == 31)
			centuryMar1 = centuryMar1 || (d.Year%100 == 0 && !calendar.IsLeap(d.Year) && d.Month == 3 && d.Day == 1)
			first, last = first || d == r.First(), last || d == r.Last()
			minDate, maxDate = minDate || d == calendar.MinDate, maxDate || d == calendar.MaxDate
		}
		assert.Len(t, seen, 366, "%s: (month, day) pairs reached", name)
		assert.True(t, leapDec31, "%s: December 31 of a leap year", name)
		assert.True(t, centuryMar1, "%s: March 1 of a common century year", name)
		if len(name) > 6 { // the ranged generators
			assert.True(t, first && last, "%s: bounds %s and %s reached: %v %v", name, r.First(), r.Last(), first, last)
			for _, d := range ds {
				require.True(t, r.Contains(d), "%s drew %s outside %s", name, d, r)
			}
		} else {
			assert.True(t, minDate && maxDate, "%s: 0001-01-01 and 9999-12-31 reached", name)
		}
	}
}

// drawsToLeapDay returns, for each of trials runs, the number of draws until
// the first February 29.
func drawsToLeapDay(trials int, draw func(trial, i int) calendar.Date) []int {
	out := make([]int, trials)
	for tr := range out {
		for i := 1; ; i++ {
			if isLeapDay(draw(tr, i)) || i == 100000 {
				out[tr] = i
				break
			}
		}
	}
	sort.Ints(out)
	return out
}

// TestDrawsToFindLeapDayBug measures how many draws the generators need to
// hit a bug that only fails on February 29, against uniform dates (expected
// 3,652,059 / 2,424 = 1,507). The seeds are fixed, so the counts are too.
func TestDrawsToFindLeapDayBug(t *testing.T) {
	const trials = 101
	rg := Date()
	gg := GenDate()
	params := gopter.DefaultGenParameters()
	uniform := GenDate(EdgeShare(0))
	results := map[string][]int{
		"rapid": drawsToLeapDay(trials, func(tr, i int) calendar.Date { return rg.Example(tr*100000 + i) }),
		"gopter": drawsToLeapDay(trials, func(tr, i int) calendar.Date {
			v, _ := gg(params.CloneWithSeed(int64(tr*100000 + i))).Retrieve()
			return v.(calendar.Date)
		}),
		"uniform": drawsToLeapDay(trials, func(tr, i int) calendar.Date {
			v, _ := uniform(params.CloneWithSeed(int64(tr*100000 + i))).Retrieve()
			return v.(calendar.Date)
		}),
	}
	for _, name := range []string{"rapid", "gopter", "uniform"} {
		t.Logf("draws to a February 29, median of %d: %-8s %d", trials, name, results[name][trials/2])
	}
	assert.Less(t, results["rapid"][trials/2], 20)
	assert.Less(t, results["gopter"][trials/2], 20)
	assert.Greater(t, results["uniform"][trials/2], 500, "uniform dates should rarely be February 29")
}

// fakeTB records a rapid check's failure instead of failing the test, so
// that tests can assert what a failing check reports.
type fakeTB struct {
	mu     sync.Mutex
	failed bool
	logs   []string
}

func (f *fakeTB) Helper()      {}
func (f *fakeTB) Name() string { return "fake" }
func (f *fakeTB) Logf(s string, a ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprintf(s, a...))
}
func (f *fakeTB) Log(a ...any)             { f.Logf("%s", fmt.Sprint(a...)) }
func (f *fakeTB) Skipf(s string, a ...any) { f.Logf(s, a...); runtime.Goexit() }
func (f *fakeTB) Skip(a ...any)            { f.Log(a...); runtime.Goexit() }
func (f *fakeTB) SkipNow()                 { runtime.Goexit() }
func (f *fakeTB) Errorf(s string, a ...any) {
	f.Logf(s, a...)
	f.Fail()
}
func (f *fakeTB) Error(a ...any)            { f.Log(a...); f.Fail() }
func (f *fakeTB) Fatalf(s string, a ...any) { f.Errorf(s, a...); runtime.Goexit() }
func (f *fakeTB) Fatal(a ...any)            { f.Error(a...); runtime.Goexit() }
func (f *fakeTB) FailNow()                  { f.Fail(); runtime.Goexit() }
func (f *fakeTB) Fail() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = true
}
func (f *fakeTB) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

// output returns everything logged.
func (f *fakeTB) output() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprint(f.logs)
}

// runFake runs fn with a fake TB in its own goroutine (FailNow ends it, as in
// the testing package) and returns the TB.
func runFake(fn func(t *fakeTB)) *fakeTB {
	f := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

// TestRapidShrinksToLeapDay: a property that fails only on February 29
// must be reported with a February 29.
func TestRapidShrinksToLeapDay(t *testing.T) {
	// Enough runs that the leap-day failure is found even under -short
	// (where rapid runs a fifth of -rapid.checks).
	setFlag(t, "rapid.checks", "2000")
	var last calendar.Date
	f := runFake(func(tb *fakeTB) {
		rapid.Check(tb, func(rt *rapid.T) {
			d := Date().Draw(rt, "d")
			if isLeapDay(d) {
				last = d
				rt.Fatalf("fails on %s", d)
			}
		})
	})
	require.True(t, f.Failed(), "the property must fail")
	assert.True(t, isLeapDay(last), "shrunk to %s", last)
	assert.Contains(t, f.output(), "-rapid.seed=", "the failure says how to reproduce it")
	t.Logf("rapid shrank the leap-day failure to %s", last)
}

// A property that fails on every count shrinks to one, the first of the
// delta generators' edge counts, not to the 0 that shrinking the uniform
// count would reach (YearDelta's and MonthDelta's docs).
func TestRapidDeltasShrinkToOne(t *testing.T) {
	for name, g := range map[string]*rapid.Generator[int]{"YearDelta": YearDelta(), "MonthDelta": MonthDelta()} {
		last := -1 << 31
		f := runFake(func(tb *fakeTB) {
			rapid.Check(tb, func(rt *rapid.T) {
				last = g.Draw(rt, "n")
				rt.Fatalf("fails on %d", last)
			})
		})
		require.True(t, f.Failed(), "%s: the property must fail", name)
		assert.Equal(t, 1, last, "%s: shrunk to %d", name, last)
	}
}

func TestGopterShrinksToLeapDay(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(7)
	params.MinSuccessfulTests = 1000
	p := prop.ForAll(func(d calendar.Date) bool { return !isLeapDay(d) || d.Year < 1000 }, GenDate())
	res := p.Check(params)
	require.False(t, res.Passed(), "the property must fail")
	d := res.Args[0].Arg.(calendar.Date)
	orig := res.Args[0].OrigArg.(calendar.Date)
	assert.True(t, isLeapDay(d), "shrunk to %s from %s", d, orig)
	assert.LessOrEqual(t, abs(d.Year-2000), abs(orig.Year-2000), "shrinking moved towards 2000")
	t.Logf("gopter shrank %s to %s", orig, d)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestBadOptions(t *testing.T) {
	for _, opt := range []Option{
		EdgeShare(1.5), EdgeShare(-0.1),
		InRange(calendar.Date{Year: 2013, Month: 2, Day: 29}, calendar.MaxDate),
		InRange(calendar.MaxDate, calendar.MinDate),
	} {
		f := runFake(func(tb *fakeTB) {
			rapid.Check(tb, func(rt *rapid.T) { Date(opt).Draw(rt, "d") })
		})
		assert.True(t, f.Failed())
		assert.Contains(t, f.output(), "props: ")
		_, ok := GenDate(opt)(gopter.DefaultGenParameters()).Retrieve()
		assert.False(t, ok, "gopter generator with bad options must not produce a value")
	}
}

func TestTimeGenerators(t *testing.T) {
	r, err := calendar.NewRange(calendar.Date{Year: 2011, Month: 1, Day: 1}, calendar.Date{Year: 2013, Month: 12, Day: 31})
	require.NoError(t, err)
	locs := map[string]bool{}
	var subSecond, utc, dstEdge bool
	p := gopter.DefaultGenParameters()
	for i := 0; i < 5000; i++ {
		for _, tm := range []time.Time{Time(InRange(r.First(), r.Last())).Example(i), func() time.Time {
			v, _ := GenTime(InRange(r.First(), r.Last()))(p.CloneWithSeed(int64(i))).Retrieve()
			return v.(time.Time)
		}()} {
			require.True(t, r.Contains(calendar.DateOf(tm)), "%s outside %s", tm, r)
			locs[tm.Location().String()] = true
			subSecond = subSecond || tm.Nanosecond() != 0
			utc = utc || tm.Location() == time.UTC
			_, end := tm.Add(-time.Second).ZoneBounds()
			dstEdge = dstEdge || (!end.IsZero() && end.Sub(tm).Abs() <= time.Second)
		}
	}
	assert.True(t, subSecond && utc && dstEdge)
	assert.True(t, locs["UTC+14:00"] || locs["UTC-14:00"], "extreme offsets: %v", locs)
	assert.True(t, locs["America/Sao_Paulo"] && locs["Australia/Lord_Howe"], "real zones: %v", locs)
}

func TestEdgeInstantsIncludeTheCorpus(t *testing.T) {
	insts := EdgeInstants()
	require.True(t, sort.SliceIsSorted(insts, func(i, j int) bool { return insts[i].Before(insts[j]) }))
	has := func(s string) bool {
		want, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		for _, t := range insts {
			if t.Equal(want) {
				return true
			}
		}
		return false
	}
	assert.True(t, has("2038-01-19T03:14:07Z"))
	assert.True(t, has("2020-05-30T10:48:38Z"), "the AddTrust expiry, from corpus/")
	assert.True(t, has("2012-02-29T00:00:00Z"))
}

// zeroSource is a math/rand source whose every value is 0, so that each
// Intn draw is 0: the first choice of every branch.
type zeroSource struct{}

func (zeroSource) Int63() int64 { return 0 }
func (zeroSource) Seed(int64)   {}

// The edge share's ends are exact: a percentile draw of 0 is uniform under
// EdgeShare(0) (the range's first day, uniform draw 0) and an edge under
// EdgeShare(1) (kind 0, year draw 0, pick 0: 2000-02-29), in the gopter
// generators.
func TestGopterEdgeShareEnds(t *testing.T) {
	rng := rand.New(zeroSource{})
	assert.Equal(t, calendar.MinDate, randDate(rng, buildOptions([]Option{EdgeShare(0)})), "EdgeShare(0), draw 0")
	assert.Equal(t, calendar.Date{Year: 2000, Month: time.February, Day: 29}, randDate(rng, buildOptions([]Option{EdgeShare(1)})), "EdgeShare(1), draw 0")
}
