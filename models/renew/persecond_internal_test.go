package renew

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/require"
)

// perSecond judges the date with day number day by evaluating the worst
// cases of Prover steps 2 and 3 at every one of its 86,400 seconds: no
// bisection, no segment keys, no shortcut. It returns the kind and the
// first failing second, or 0 and false.
func (pr *Prover) perSecond(day int64) (FailureKind, int64, bool, error) {
	t0 := day * secondsPerDay
	if _, _, err := pr.p.Client.dueBounds(t0, t0+pr.lt.at(t0)-1); err != nil {
		return ScheduleError, t0, true, nil
	}
	for t := t0; t < t0+secondsPerDay; t++ {
		s, _, err := pr.lapseWorst(t)
		if err != nil {
			return 0, 0, false, err
		}
		if s > t+pr.lt.at(t) {
			return Lapse, t, true, nil
		}
	}
	if pr.refill == 0 {
		return 0, 0, false, nil
	}
	for t := t0; t < t0+secondsPerDay; t++ {
		s, _, err := pr.refusedUntilRefill(t)
		if err != nil {
			return 0, 0, false, err
		}
		if s > t+pr.lt.at(t) {
			return RateLimited, t, true, nil
		}
	}
	return 0, 0, false, nil
}

// checkPerSecond compares the prover with perSecond on the given dates.
func checkPerSecond(t *testing.T, p Preset, dates []calendar.Date) {
	t.Helper()
	pr, err := NewProver(p)
	require.NoError(t, err)
	for _, d := range dates {
		f, bad, err := pr.check(d.DayNumber())
		require.NoError(t, err, "%s %s", p.Name, d)
		kind, at, want, err := pr.perSecond(d.DayNumber())
		require.NoError(t, err)
		require.Equal(t, want, bad, "%s %s: bisection says %v (%s), every second says %v at %s", p.Name, d, bad, f.Detail, want, unixText(at))
		if want {
			require.Equal(t, kind, f.Kind, "%s %s", p.Name, d)
			require.Equal(t, at, f.Issued.Unix(), "%s %s: first failing second", p.Name, d)
		}
	}
}

// TestBisectionAgreesWithEverySecond checks the Prover's argument (the
// pieces, the segment keys, the shortcut of step 3) against every second
// of sampled dates: each preset's lifetime switch dates and random dates
// of the default window, and random setups.
func TestBisectionAgreesWithEverySecond(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 26))
	w := DefaultWindow()
	sample := func(p Preset, n int) []calendar.Date {
		var out []calendar.Date
		for _, s := range p.CA.table().from {
			if d, err := calendar.FromDayNumber(floorDiv(s, secondsPerDay)); err == nil && w.Contains(d) {
				out = append(out, d)
			}
		}
		for range n {
			d, _ := calendar.FromDayNumber(w.First().DayNumber() + rng.Int64N(w.Len()))
			out = append(out, d)
		}
		return out
	}
	n := 2
	if testing.Short() {
		n = 0
	}
	for _, p := range Presets() {
		t.Run(p.Name, func(t *testing.T) { checkPerSecond(t, p, sample(p, n)) })
	}
	// Random setups near their edges: short lifetimes, schedules with
	// delays, random retries, limits whose refill binds.
	for i := range 40 {
		p := randomSetup(rng, i)
		t.Run(p.Name, func(t *testing.T) { checkPerSecond(t, p, sample(p, 2)) })
	}
}

// randomSetup draws a setup whose margins are near its worst cases, so
// that dates fail on some seconds and not others.
func randomSetup(rng *rand.Rand, i int) Preset {
	life := time.Duration(2+rng.IntN(10)) * Day
	retries := []Retry{
		{AtNextWake: true},
		{Initial: time.Hour, Max: 8 * time.Hour},
		{Initial: 30 * time.Minute, Max: 30 * time.Minute, Random: 30 * time.Minute},
		{Steps: []time.Duration{time.Minute, 5 * time.Minute, time.Hour, 3 * time.Hour}, Random: time.Duration(rng.IntN(3)) * time.Minute},
	}
	wakes := []Schedule{
		DailyAt(0, 12*time.Hour),
		{Kind: Daily, Times: []time.Duration{2 * time.Hour}, Delay: time.Duration(1+rng.IntN(6)) * time.Hour},
		{Kind: Every, Period: time.Duration(1+rng.IntN(6)) * time.Hour, Delay: time.Hour, FixedDelay: true},
		{},
	}
	r := retries[rng.IntN(len(retries))]
	wake := wakes[rng.IntN(len(wakes))]
	if r.AtNextWake && wake.Kind == Continuous {
		wake = DailyAt(6 * time.Hour)
	}
	triggers := []Trigger{
		{Kind: FractionOfLifetime, Fraction: 0.5 + 0.45*rng.Float64(), Compare: Comparison(1 + rng.IntN(3)), Span: cert.Span(1 + rng.IntN(2))},
		{Kind: BeforeExpiry, Offset: time.Duration(1+rng.IntN(48)) * time.Hour},
		{Kind: EveryRun},
		{Kind: JitteredFraction, Fraction: 0.6, FractionHigh: 0.95},
		{Kind: FractionOfLifetime, Fraction: 2.0 / 3, Cap: 30 * Day, JitterCap: time.Hour, Compare: AtOrAfter},
	}
	tr := triggers[rng.IntN(len(triggers))]
	if tr.Kind == EveryRun && wake.Kind == Continuous {
		wake = DailyAt(0)
	}
	limit := RateLimit{Name: "bucket", Scope: PerExactSet, Count: 1 + rng.IntN(5), Period: time.Duration(1+rng.IntN(10)) * Day}
	return Preset{Name: fmt.Sprintf("random-%d", i), Client: Policy{Name: "c", Trigger: tr, Wake: wake, Retry: r},
		CA: Fixed("x", life), Limits: []RateLimit{limit}, Outage: time.Duration(rng.IntN(60)) * time.Hour}
}

// TestRandomSetupsFailSomewhere keeps the random setups honest: some of
// their sampled dates fail and some pass, and some fail on a second other
// than the first of the date.
func TestRandomSetupsFailSomewhere(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 26))
	var fail, pass, inner int
	d := calendar.Date{Year: 2027, Month: time.March, Day: 3}
	for i := range 200 {
		pr, err := NewProver(randomSetup(rng, i))
		require.NoError(t, err)
		f, bad, err := pr.check(d.DayNumber())
		require.NoError(t, err)
		switch {
		case !bad:
			pass++
		case f.Issued.Unix()%secondsPerDay != 0:
			inner++
			fallthrough
		default:
			fail++
		}
	}
	t.Logf("%d fail (%d after the first second), %d pass", fail, inner, pass)
	require.Positive(t, pass)
	require.Positive(t, fail)
	require.Positive(t, inner)
}

// TestSegmentKeysMatter is a setup where the worst case of step 3 is not
// monotone across a schedule run, derived by hand: runs at 00:00 and
// 12:00, due 19 hours after issuance, a bucket of 1 token per 20 hours,
// retries after 20 hours, 35-hour certificates. Issued at t in (04:00,
// 05:00], the first attempt is the 00:00 run, before t + 20h: refused,
// retried at 20:00 the next day, after t + 35h: a lapse. Issued at 05:00:01
// the first attempt is the 12:00 run, after the refill: renewed. A
// bisection that ignored the segment keys would compare 03:00:00 (renewed
// 00:00) and 05:59:59 (renewed 12:00, before 03:00 + 35h) and miss it.
func TestSegmentKeysMatter(t *testing.T) {
	p := Preset{Name: "segments", CA: Fixed("35h", 35*time.Hour),
		Client: Policy{Name: "c", Trigger: Trigger{Kind: AfterIssuance, Offset: 19 * time.Hour}, Wake: DailyAt(0, 12*time.Hour),
			Retry: Retry{Initial: 20 * time.Hour, Max: 20 * time.Hour}},
		Limits: []RateLimit{{Name: "one-per-20h", Scope: PerExactSet, Count: 1, Period: 20 * time.Hour}}}
	requireRateLimitedOn(t, p, "2027-03-03T04:00:01Z", "2027-03-04T20:00:00Z")
}

// TestSegmentKeysMatterUnderADelay: the key's middle base, the one a
// delayed earlier run comes from, matters too. Runs at 00:00 and 12:00
// UTC each delayed by [0, 1 h); due 15 min 1 s after issuance at t; one
// certificate per 6 h; retries every 20 h; certificates of 24 h. Issued at
// t in [00:00:00, 00:44:58], due x = t + 901 s is at most 59 min 59 s after
// the 00:00 run, which a delay can still bring to x: the first attempt may
// come at x, before the bucket refills at t + 6 h, and its retry 20 h later
// lands after expiry (the worst: the attempt at t + 6 h - 1 s, retried at
// t + 26 h - 1 s > t + 24 h). From 00:44:59 (x = 01:00:00) no delay of the
// 00:00 run reaches x; the first attempt is the 12:00 run, after the
// refill, and the certificate is renewed by 12:59:59. The bisection's
// interval [00:00:00, 00:44:59] has the same first and last bases at both
// ends; only the middle one tells the failing start from the safe end, and
// a key that dropped it, or took it a second or two off, cleared the
// interval and reported 06:00:01 instead.
func TestSegmentKeysMatterUnderADelay(t *testing.T) {
	wake := DailyAt(0, 12*time.Hour)
	wake.Delay = time.Hour
	p := Preset{Name: "segments-delay", CA: Fixed("24h", 24*time.Hour),
		Client: Policy{Name: "c", Trigger: Trigger{Kind: AfterIssuance, Offset: 901 * time.Second}, Wake: wake,
			Retry: Retry{Initial: 20 * time.Hour, Max: 20 * time.Hour}},
		Limits: []RateLimit{{Name: "one-per-6h", Scope: PerExactSet, Count: 1, Period: 6 * time.Hour}}}
	requireRateLimitedOn(t, p, "2027-03-03T00:00:00Z", "2027-03-04T01:59:59Z")
}

// requireRateLimitedOn checks p on 2027-03-03 against every second, and
// that the prover's finding is a rate-limited certificate issued and
// renewed at the instants given.
func requireRateLimitedOn(t *testing.T, p Preset, issued, renewed string) {
	t.Helper()
	d := calendar.Date{Year: 2027, Month: time.March, Day: 3}
	checkPerSecond(t, p, []calendar.Date{d})
	pr, err := NewProver(p)
	require.NoError(t, err)
	f, bad, err := pr.check(d.DayNumber())
	require.NoError(t, err)
	require.True(t, bad)
	require.Equal(t, RateLimited, f.Kind)
	require.Equal(t, issued, f.Issued.Format(time.RFC3339))
	require.Equal(t, renewed, f.Renewed.Format(time.RFC3339))
}

// TestZonedSchedulesEverySecond: the bisection agrees with every second of
// the dates around 2026's clock changes in Europe/Berlin, for both DST
// rules, with a schedule delay and with a tight margin.
func TestZonedSchedulesEverySecond(t *testing.T) {
	skipUnderRace(t)
	for _, rule := range []DSTRule{SystemdDST, CronDST} {
		for _, delay := range []time.Duration{0, 40 * time.Minute} {
			p := Preset{Name: "zoned-" + rule.String(), CA: Fixed("25h", 25*time.Hour),
				Client: Policy{Name: "c", Trigger: Trigger{Kind: EveryRun},
					Wake:  Schedule{Kind: Daily, Times: []time.Duration{2*time.Hour + 30*time.Minute}, Zone: "Europe/Berlin", DST: rule, Delay: delay},
					Retry: Retry{AtNextWake: true}}}
			var dates []calendar.Date
			for _, s := range []string{"2026-03-27", "2026-03-28", "2026-03-29", "2026-10-24", "2026-10-25", "2026-10-26"} {
				d, err := calendar.ParseDate(s)
				require.NoError(t, err)
				dates = append(dates, d)
			}
			checkPerSecond(t, p, dates)
		}
	}
}
