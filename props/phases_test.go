package props

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A counterexample's Phase says where it was found so that it can be
// reproduced: "property, draw N of -rapid.seed=S" is the N-th draw from
// seed S, "sample N of seed S" the N-th sample. These tests reproduce the
// reported draw and sample, and check that no earlier one fails: the phase
// reports the first.

// rareBug adds years with the model except on times whose second of the
// minute is 37 (one input in 60 or so), which it answers an hour late.
func rareBug(t time.Time, n int) (time.Time, error) {
	r, err := calendar.AddYears(t, n, calendar.Clamp)
	if t.Second() == 37 {
		r = r.Add(time.Hour)
	}
	return r, err
}

func TestPhasesReportTheFirstFailingDrawAndSample(t *testing.T) {
	s, _, err := timeAddSpec("AddYears", calendar.Clamp, rareBug, nil)
	require.NoError(t, err)
	s.edges = func(func(timeDelta) bool) {} // the edge table has no second 37: leave it out all the same
	fails := func(in timeDelta) bool { v, _ := s.judge(in); return v == fail }

	for _, seed := range []int64{1, 7} {
		out := run(s, runConfig{property: 2000, propSeed: seed})
		require.NotNil(t, out.cex, "seed %d: the property phase found nothing", seed)
		var n int
		var got int64
		_, err := fmt.Sscanf(out.cex.Phase, "property, draw %d of -rapid.seed=%d (shrunk)", &n, &got)
		require.NoError(t, err, "phase %q", out.cex.Phase)
		require.Equal(t, seed, got, "the seed reported")
		drawn := s.draw.Example(int(seed) + n)
		assert.True(t, fails(drawn), "seed %d: draw %d does not fail", seed, n)
		// Shrunk towards UTC, whole seconds and a delta of one.
		assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:37Z \(UTC\) [+-]1 years$`, out.cex.Input, "seed %d: shrunk from %v %+d", seed, drawn.t, drawn.n)
		for i := 0; i < n; i++ {
			require.False(t, fails(s.draw.Example(int(seed)+i)), "seed %d: draw %d fails before the reported %d", seed, i, n)
		}

		out = run(s, runConfig{samples: 5000, sampleSeed: seed})
		require.NotNil(t, out.cex, "seed %d: the samples found nothing", seed)
		_, err = fmt.Sscanf(out.cex.Phase, "sample %d of seed %d (shrunk)", &n, &got)
		require.NoError(t, err, "phase %q", out.cex.Phase)
		require.Equal(t, seed, got, "the seed reported")
		rng := rand.New(rand.NewSource(seed))
		for i := 0; i < n; i++ {
			require.False(t, fails(s.sample(rng)), "seed %d: sample %d fails before the reported %d", seed, i, n)
		}
		assert.True(t, fails(s.sample(rng)), "seed %d: sample %d does not fail", seed, n)
	}
}

// Each phase counts what it judged and skipped: with InRange, the inputs
// outside it are skipped, and judged + skipped is every input the phase
// had.
func TestPhasesCountJudgedAndSkipped(t *testing.T) {
	r := mustRangeP(t, "2000-01-01", "2000-12-31")
	impl := func(t time.Time, n int) (time.Time, error) { return calendar.AddYears(t, n, calendar.Clamp) }
	s, _, err := timeAddSpec("AddYears", calendar.Clamp, impl, []Option{InRange(r.First(), r.Last())})
	require.NoError(t, err)
	edges := 0
	wantSkipped := int64(0)
	for in := range s.edges {
		edges++
		if v, _ := s.judge(in); v == skipped {
			wantSkipped++
		}
	}
	out := run(s, runConfig{property: 300, propSeed: 1, samples: 400, sampleSeed: 1})
	require.Nil(t, out.cex)
	require.Len(t, out.phases, 3)
	assert.Equal(t, int64(edges), out.phases[0].judged+out.phases[0].skipped, "edge table: every input counted")
	assert.Equal(t, wantSkipped, out.phases[0].skipped, "edge table: skipped (results past 2000)")
	assert.Positive(t, wantSkipped, "some edge inputs' results leave 2000")
	assert.Equal(t, int64(300), out.phases[1].judged+out.phases[1].skipped, "property: every draw counted")
	assert.Equal(t, int64(400), out.phases[2].judged+out.phases[2].skipped, "samples: every sample counted")
	for _, ps := range out.phases {
		assert.False(t, ps.stopped, "%s stopped without a deadline", ps.name)
	}
	// No draws, no samples: no such phases.
	out = run(s, runConfig{})
	require.Len(t, out.phases, 1)
	assert.Equal(t, "edge table", out.phases[0].name)
}

// Under -short (shortEdges) an edge table over the cap is cut to about the
// cap and says so in the phase's note; the sweep runs only when asked and
// finds a bug no other phase reaches; a deadline already past stops a phase
// at its first check (every 256 inputs), and the phase says it stopped.
func TestRunHonoursItsConfig(t *testing.T) {
	r := mustRangeP(t, "2001-01-01", "2003-12-31")
	// Wrong on one ordinary day: only the sweep judges it.
	bug := func(tm time.Time, n int) (time.Time, error) {
		res, err := calendar.AddYears(tm, n, calendar.Clamp)
		if tm.Year() == 2002 && tm.Month() == time.June && tm.Day() == 11 && tm.Hour() == 12 {
			res = res.Add(time.Hour)
		}
		return res, err
	}
	s, _, err := timeAddSpec("AddYears", calendar.Clamp, bug, []Option{InRange(r.First(), r.Last())})
	require.NoError(t, err)
	edges := 0
	for range s.edges {
		edges++
	}
	require.Greater(t, edges, 300)

	out := run(s, runConfig{shortEdges: true, edgeCap: 100})
	require.Nil(t, out.cex)
	require.Len(t, out.phases, 1)
	ps := out.phases[0]
	assert.InDelta(t, 100, ps.judged+ps.skipped, 2, "a capped edge table judges about the cap")
	assert.NotEmpty(t, ps.note, "a capped edge table says so")
	out = run(s, runConfig{edgeCap: 100})
	assert.Equal(t, int64(edges), out.phases[0].judged+out.phases[0].skipped, "without shortEdges the table is whole")
	assert.Empty(t, out.phases[0].note)

	out = run(s, runConfig{exhaustive: true})
	require.NotNil(t, out.cex, "the sweep finds the bug of 2002-06-11")
	assert.Equal(t, "exhaustive sweep", out.cex.Phase)
	require.NotNil(t, out.cex.Set)
	assert.Equal(t, int64(1), out.cex.Set.Days)

	out = run(s, runConfig{exhaustive: true, property: 10, samples: 10, deadline: time.Unix(1, 0)})
	require.NotEmpty(t, out.phases)
	ps = out.phases[0]
	assert.True(t, ps.stopped, "the edge table stopped at the deadline")
	assert.Equal(t, int64(255), ps.judged+ps.skipped, "inputs before the first deadline check")
	assert.Len(t, out.phases, 1, "no phase runs after the deadline")
	assert.Contains(t, ps.String(), "stopped early")
}

// phaseStats.String: counts, a stop with and without a plan, a note.
func TestPhaseStatsString(t *testing.T) {
	assert.Equal(t, "edge table: 1,234 judged, 5 skipped as outside the domain", phaseStats{name: "edge table", judged: 1234, skipped: 5}.String())
	assert.Equal(t, "sweep: 10 judged, 0 skipped as outside the domain (stopped early by the budget or the test deadline, after 10 of 3,652,059 inputs); 1970..2100 first",
		phaseStats{name: "sweep", judged: 10, stopped: true, planned: 3652059, reached: 10, note: "1970..2100 first"}.String())
	assert.Equal(t, "samples: 3 judged, 0 skipped as outside the domain (stopped early by the budget or the test deadline)",
		phaseStats{name: "samples", judged: 3, stopped: true}.String())
}

// withDeadline is a test whose go test deadline is at.
type withDeadline struct{ at time.Time }

func (w withDeadline) Deadline() (time.Time, bool) { return w.at, true }

// A check stops at its Budget or a fifth of the time left before the test's
// deadline, whichever is first.
func TestDeadlineForBudgetAndTestDeadline(t *testing.T) {
	before := time.Now()
	within := func(got time.Time, from, to time.Duration, what string) {
		t.Helper()
		after := time.Now()
		assert.False(t, got.Before(before.Add(from)) || got.After(after.Add(to)), "%s: %v after the call, want %v..%v", what, got.Sub(before), from, to)
	}
	assert.True(t, deadlineFor(nil, options{}).IsZero(), "no budget, no deadline")
	within(deadlineFor(nil, options{budget: 10 * time.Second}), 10*time.Second, 10*time.Second, "budget alone")
	within(deadlineFor(withDeadline{before.Add(100 * time.Second)}, options{}), 79*time.Second, 80*time.Second, "test deadline alone: four fifths of the time left")
	within(deadlineFor(withDeadline{before.Add(100 * time.Second)}, options{budget: 200 * time.Second}), 79*time.Second, 80*time.Second, "the test deadline first")
	within(deadlineFor(withDeadline{before.Add(100 * time.Second)}, options{budget: 30 * time.Second}), 30*time.Second, 30*time.Second, "the budget first")
}

// A Check's run: -rapid.checks draws from -rapid.seed (their defaults when
// unset or 0), 1,000 samples, the sweep and the edge cap as -short says.
func TestCheckConfigReadsRapidFlags(t *testing.T) {
	setFlag(t, "rapid.checks", "7")
	setFlag(t, "rapid.seed", "42")
	c := checkConfig(&fakeTB{}, buildOptions(nil))
	assert.Equal(t, 7, c.property)
	assert.Equal(t, int64(42), c.propSeed)
	assert.Equal(t, 1000, c.samples)
	assert.Equal(t, int64(DefaultSeed), c.sampleSeed)
	assert.Equal(t, !testing.Short(), c.exhaustive)
	assert.Equal(t, testing.Short(), c.shortEdges)
	setFlag(t, "rapid.checks", "0")
	setFlag(t, "rapid.seed", "0")
	c = checkConfig(&fakeTB{}, buildOptions(nil))
	assert.Equal(t, 100, c.property, "-rapid.checks=0: the default")
	assert.Equal(t, int64(DefaultSeed), c.propSeed, "-rapid.seed=0: DefaultSeed")
}

// VerifyOptions' defaults, as its doc gives them: 1,000 samples unless a
// positive number is given, DefaultSeed unless a seed is.
func TestVerifyOptionsDefaults(t *testing.T) {
	assert.Equal(t, 1000, VerifyOptions{}.samples())
	assert.Equal(t, 1000, VerifyOptions{Samples: -3}.samples())
	assert.Equal(t, 5, VerifyOptions{Samples: 5}.samples())
	_, seed := VerifyOptions{}.rng()
	assert.Equal(t, int64(DefaultSeed), seed)
	_, seed = VerifyOptions{Seed: 7}.rng()
	assert.Equal(t, int64(7), seed)
	c := verifyConfig(VerifyOptions{Seed: 7, Samples: 9, Exhaustive: true}, buildOptions(nil))
	assert.Equal(t, 9, c.samples)
	assert.Equal(t, int64(7), c.sampleSeed)
	assert.True(t, c.exhaustive)
	assert.Zero(t, c.property, "a Verify function has no property phase")
}

// describeTime names the zero time.Time instead of printing year 1.
func TestDescribeTime(t *testing.T) {
	assert.Equal(t, "the zero time.Time", describeTime(time.Time{}, nil))
	kath := fixedZone(23)
	assert.Equal(t, "0001-01-01T05:45:00+05:45 (UTC+05:45)", describeTime(time.Time{}.In(kath), nil))
	assert.Equal(t, "2012-02-29T00:00:00Z (UTC)", describeTime(time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), nil))
	assert.Equal(t, "error: no", describeTime(time.Time{}, fmt.Errorf("no")))
}

// shrinkInput takes at most 200 steps, each to the first simpler input that
// still fails, and stops where no simpler input fails: here every input
// fails and each has one simpler one, n+1, so 200 steps from 0 end at 200;
// a chain that stops failing at 7 ends there.
func TestShrinkTakesAtMost200Steps(t *testing.T) {
	for _, c := range []struct {
		failsBelow, want int
	}{{1 << 30, 200}, {8, 7}} {
		judge := func(n int) (verdict, *Counterexample) {
			if n >= c.failsBelow {
				return pass, nil
			}
			return fail, &Counterexample{Input: fmt.Sprint(n)}
		}
		s := spec[int]{judge: judge, simpler: func(n int) []int { return []int{n + 1} }}
		_, cex := judge(0)
		got := shrinkInput(s, 0, cex, time.Time{})
		assert.Equal(t, fmt.Sprint(c.want), got.Input, "failing below %d", c.failsBelow)
	}
}
