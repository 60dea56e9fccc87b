package renew

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBruteScheduleVsNextRun compares the run enumerator of the brute
// force (time.Date, whose normalisation is the documented Roll) with
// Schedule.NextRun, without delay, for monthly jobs on the 29th, 30th and
// 31st and yearly jobs on February 29 under Skip, Clamp and Roll, from
// every day's 00:00:00 and 12:00:00 of 2027..2033 and from each run and the
// seconds either side. Skip and Clamp must agree everywhere. Roll
// disagreed where a run overflowed into the month of the query (issue 19,
// fixed).
func TestBruteScheduleVsNextRun(t *testing.T) {
	from, to := bu(t, "2027-01-01T00:00:00Z"), bu(t, "2034-01-01T00:00:00Z")
	if testing.Short() {
		to = bu(t, "2028-04-01T00:00:00Z")
	}
	var scheds []Schedule
	for _, o := range []DayOverflow{Skip, Clamp, Roll} {
		for _, day := range []int{29, 30, 31} {
			scheds = append(scheds, MonthlyOn(day, o))
		}
		scheds = append(scheds, YearlyOn(time.February, 29, o))
		s := MonthlyOn(31, o)
		s.Times = []time.Duration{0, 12 * time.Hour, 23*time.Hour + 59*time.Minute + 59*time.Second}
		scheds = append(scheds, s)
	}
	total, rollBad := 0, 0
	for _, s := range scheds {
		runs := newBruteRuns(s, from)
		var xs []int64
		for x := from; x < to; x += secondsPerDay / 2 {
			xs = append(xs, x)
		}
		for b, ok := runs.next(from); ok && b < to; b, ok = runs.next(b + 1) {
			xs = append(xs, b-1, b, b+1)
		}
		bad := 0
		for _, x := range xs {
			want, ok := runs.next(x)
			require.True(t, ok)
			got, err := s.NextRun(time.Unix(x, 0).UTC(), 0)
			require.NoError(t, err)
			total++
			if got.Unix() == want {
				continue
			}
			bad++
			msg := fmt.Sprintf("%s: NextRun(%s) = %s, want %s", s, unixText(x), got.Format(time.RFC3339), unixText(want))
			t.Error(msg)
		}
		if s.Overflow == Roll {
			rollBad += bad
		}
	}
	t.Logf("%d queries over %d schedules; %d Roll queries answered wrongly by Schedule.NextRun", total, len(scheds), rollBad)
}

// TestBruteRollNextRunRegression is the Roll bug of issue 19: a monthly job
// on the 31st with Roll runs on "April 31", which is May 1, so the first
// run at or after 2030-05-01T00:00Z is that instant, not 2030-05-31; and a
// yearly job on February 29 with Roll runs on March 1 in 2027.
func TestBruteRollNextRunRegression(t *testing.T) {
	cases := []struct {
		s        Schedule
		at, want string
	}{
		{MonthlyOn(31, Roll), "2030-05-01T00:00:00Z", "2030-05-01T00:00:00Z"},
		{MonthlyOn(31, Roll), "2027-03-02T00:00:00Z", "2027-03-03T00:00:00Z"}, // "February 31, 2027" is March 3
		{YearlyOn(time.February, 29, Roll), "2027-03-01T00:00:00Z", "2027-03-01T00:00:00Z"},
	}
	var wrong []string
	for _, c := range cases {
		got, err := c.s.NextRun(time.Unix(bu(t, c.at), 0).UTC(), 0)
		require.NoError(t, err)
		if got.Format(time.RFC3339) != c.want {
			wrong = append(wrong, fmt.Sprintf("%s: NextRun(%s) = %s, want %s", c.s, c.at, got.Format(time.RFC3339), c.want))
		}
	}
	assert.Empty(t, wrong, "Schedule.NextRun must find Roll runs that overflowed into the month of the query")
}

// TestBruteSimulateZeroGapRegression is the Simulate bug of issue 19: a
// replacement issued at NotAfter + 1s leaves no gap (the old certificate
// is valid through its whole last second), so it is not an expiry. The
// issue-19 client boots at 2030-01-01T06:00:00Z: its certificate ends
// 2030-02-15T05:59:59Z; the run at 02-15 00:00 meets a CA outage until
// 06:00, and the hourly retry at 06:00:00 is issued exactly at NotAfter +
// 1s.
func TestBruteSimulateZeroGapRegression(t *testing.T) {
	p := bruteIssue19()
	f := Fleet{Name: "zero-gap", Services: 1, Client: p.Client, CA: p.CA,
		Start: time.Unix(bu(t, "2030-01-01T06:00:00Z"), 0).UTC(), Horizon: 50 * Day,
		Outages: []Outage{{From: time.Unix(bu(t, "2030-02-15T00:00:00Z"), 0).UTC(), To: time.Unix(bu(t, "2030-02-15T06:00:00Z"), 0).UTC()}}}
	run, err := Simulate(f)
	require.NoError(t, err)
	// The premise: the replacement is issued at NotAfter + 1s.
	var issued []string
	for _, e := range run.Events {
		if e.Kind == KindIssued {
			issued = append(issued, e.At.Format(time.RFC3339)+" notAfter="+e.NotAfter.Format(time.RFC3339))
		}
	}
	require.GreaterOrEqual(t, len(issued), 2)
	require.Equal(t, "2030-02-15T06:00:00Z notAfter=2030-04-01T05:59:59Z", issued[1], "the replacement, at NotAfter+1s of 2030-02-15T05:59:59Z")
	// The oracle agrees: no lapse for this issuance instant.
	v := newBruteOracle(p, bu(t, "2030-01-01T06:00:00Z")).At(bu(t, "2030-01-01T06:00:00Z"))
	require.Zero(t, v.Kind)
	require.Equal(t, v.NotAfter+1, v.Renewed)

	assert.True(t, run.Verdict.Safe(), "gaps: %v", run.Gaps)
	assert.Zero(t, run.Verdict.Downtime)
	for _, g := range run.Gaps {
		assert.True(t, g.To.After(g.From), "a gap of zero length is not a gap: %v", g)
	}
}

// TestBruteSimulateLapse checks the oracle's worst case against the fleet
// simulator (the Client state machine, not the prover) on the issue-19
// setup: a client booted at 00:00:02 with the outage at its first attempt
// holds no certificate for 5h59m58s, and the oracle's gap is the same.
func TestBruteSimulateLapse(t *testing.T) {
	p := bruteIssue19()
	for _, at := range []string{"2030-01-01T00:00:02Z", "2030-01-01T03:17:45Z", "2030-01-01T05:59:59Z"} {
		u := bu(t, at)
		v := newBruteOracle(p, u).At(u)
		require.Equal(t, Lapse, v.Kind)
		f := Fleet{Name: "lapse", Services: 1, Client: p.Client, CA: p.CA, Start: time.Unix(u, 0).UTC(), Horizon: 50 * Day,
			Outages: []Outage{{From: time.Unix(v.Attempt, 0).UTC(), To: time.Unix(v.Attempt, 0).UTC().Add(p.Outage)}}}
		run, err := Simulate(f)
		require.NoError(t, err)
		require.Len(t, run.Gaps, 1, at)
		assert.Equal(t, time.Duration(v.Renewed-v.NotAfter-1)*time.Second, run.Verdict.Downtime, at)
		assert.Equal(t, unixText(v.NotAfter+1), run.Gaps[0].From.Format(time.RFC3339), at)
	}
}

// TestBruteDelayedRunsWithinBounds checks Schedule.NextRun with a random
// delay against the brute force's worst and best cases: for every seed the
// run at or after x is a scheduled run of the enumerator delayed by whole
// seconds of [0, Delay), at or after x, and no later than the first
// scheduled run at or after x plus Delay - 1s (the latest run the oracle
// judges).
func TestBruteDelayedRunsWithinBounds(t *testing.T) {
	monthly := MonthlyOn(30, Clamp)
	monthly.Times = []time.Duration{0, 6 * time.Hour}
	monthly.Delay = 5 * time.Hour
	daily := DailyAt(time.Hour, 13*time.Hour+30*time.Minute)
	daily.Delay = 7 * time.Hour
	from, to := bu(t, "2027-01-01T00:00:00Z"), bu(t, "2027-04-01T00:00:00Z")
	step := int64(3607)
	if testing.Short() {
		step *= 7
	}
	n := 0
	for _, s := range []Schedule{CertbotTimer(), monthly, daily} {
		runs := newBruteRuns(s, from)
		d := int64(s.Delay / time.Second)
		delays := map[int64]bool{}
		for x := from + 1; x < to; x += step {
			hi, ok := runs.next(x)
			require.True(t, ok)
			for seed := uint64(0); seed < 4; seed++ {
				got, err := s.NextRun(time.Unix(x, 0).UTC(), seed)
				require.NoError(t, err)
				r := got.Unix()
				n++
				require.GreaterOrEqual(t, r, x, "%s seed %d from %s", s, seed, unixText(x))
				require.LessOrEqual(t, r, hi+d-1, "%s seed %d from %s: later than the latest run", s, seed, unixText(x))
				b, ok := runs.next(r - d + 1)
				require.True(t, ok)
				require.LessOrEqual(t, b, r, "%s seed %d from %s: run %s is no scheduled run delayed by [0, %v)", s, seed, unixText(x), got, s.Delay)
				delays[r-b] = true
			}
		}
		assert.Greater(t, len(delays), 5, "%s: delays should vary", s)
	}
	t.Logf("%d delayed runs within the brute force's bounds", n)
}
