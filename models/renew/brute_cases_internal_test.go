package renew

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// bruteSetups overrides the number of random setups TestBruteRandomSetups
// and TestBruteSmallSetups draw (100 and 40, 3 with -short); pass
// -rapid.checks at least as large (five times as large with -short). The
// environment variable
// LEAPCHECK_BRUTE_SETUPS does the same where a flag cannot be passed: go
// test refuses unknown flags in GOFLAGS, and make mutate runs the tests of
// every mutant through GOFLAGS (with RAPID_CHECKS, rapid's own variable).
var (
	bruteSetups = flag.Int("brute.setups", 0, "random setups for TestBruteRandomSetups and TestBruteSmallSetups (0: default)")
	bruteAll    = flag.Bool("brute.all", false, "TestBrutePresets on every sampled date for every preset (make brute)")
)

// bruteIssue19 is the setup of issue 19, written with the public API: a
// daily run at 00:00 UTC, renew one day before expiry, hourly retry,
// fixed 45-day certificates, a 6-hour CA outage at the first attempt.
// Every issuance from 00:00:02 to 05:59:59 lapses, on every date.
func bruteIssue19() Preset {
	return Preset{
		Name: "issue-19",
		Client: Policy{Name: "daily-0000-before-1d", Trigger: Trigger{Kind: BeforeExpiry, Offset: Day},
			Wake: DailyAt(0), Retry: Retry{Initial: time.Hour, Max: time.Hour}},
		CA: Fixed("45-day", 45*Day), Outage: 6 * time.Hour,
	}
}

func bd(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

func bu(t testing.TB, s string) int64 {
	t.Helper()
	x, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return x.Unix()
}

// TestBruteOracleHandComputed checks the oracle against instants worked
// out by hand from the doc comments, so that it is not trusted blindly.
func TestBruteOracleHandComputed(t *testing.T) {
	// Issue 19, issued on 2030-01-01 (45 days later is 2030-02-15):
	//   00:00:01: NotAfter 02-15 00:00:00, due 02-14 00:00:00, run 02-14
	//             00:00, CA down until 06:00, renewed 02-14 06:00: safe.
	//   00:00:02: NotAfter 02-15 00:00:01, due 02-14 00:00:01, first run
	//             02-15 00:00, down until 06:00, renewed 02-15 06:00, 5h59m58s
	//             after NotAfter+1s (what the issue's Simulate shows): lapse.
	//   05:59:59: NotAfter+1s = 02-15 05:59:59 < 06:00:00: lapse.
	//   06:00:00: NotAfter+1s = 02-15 06:00:00 = renewal: no gap, safe.
	p := bruteIssue19()
	o := newBruteOracle(p, bu(t, "2030-01-01T00:00:00Z"))
	cases := []struct {
		at, notAfter, renewed string
		kind                  FailureKind
	}{
		{"2030-01-01T00:00:00Z", "2030-02-14T23:59:59Z", "2030-02-14T06:00:00Z", 0},
		{"2030-01-01T00:00:01Z", "2030-02-15T00:00:00Z", "2030-02-14T06:00:00Z", 0},
		{"2030-01-01T00:00:02Z", "2030-02-15T00:00:01Z", "2030-02-15T06:00:00Z", Lapse},
		{"2030-01-01T05:59:59Z", "2030-02-15T05:59:58Z", "2030-02-15T06:00:00Z", Lapse},
		{"2030-01-01T06:00:00Z", "2030-02-15T05:59:59Z", "2030-02-15T06:00:00Z", 0},
		{"2030-01-01T23:59:59Z", "2030-02-15T23:59:58Z", "2030-02-15T06:00:00Z", 0},
	}
	for _, c := range cases {
		v := o.At(bu(t, c.at))
		assert.Equal(t, c.kind, v.Kind, c.at)
		assert.Equal(t, c.notAfter, unixText(v.NotAfter), c.at)
		assert.Equal(t, c.renewed, unixText(v.Renewed), c.at)
	}
	v := o.At(bu(t, "2030-01-01T00:00:02Z"))
	assert.Equal(t, 5*time.Hour+59*time.Minute+58*time.Second, time.Duration(v.Renewed-v.NotAfter-1)*time.Second)

	// Every date: 00:00:02..05:59:59 lapse, 21,598 seconds, nothing else.
	for _, s := range []string{"2030-01-01", "2028-02-29", "2027-12-31"} {
		b := bruteDate(p, bd(t, s))
		assert.Equal(t, 21598, b.Failing, s)
		assert.Equal(t, 21598, b.ByKind[Lapse], s)
		assert.Equal(t, "00:00:02", time.Unix(b.First, 0).UTC().Format(time.TimeOnly), s)
		assert.Equal(t, 86400, b.Seconds, s)
	}

	// certbot-30d-le-classic issued 2026-01-01T00:00:00Z: 90 days, NotAfter
	// 2026-03-31T23:59:59Z, due 30 days before, 2026-03-01T23:59:59Z; the
	// first timer run at or after it is 03-02 00:00 delayed by at most
	// 43,199 s: 03-02 11:59:59. The CA is down for 48 h until 03-04
	// 11:59:59. The run of 03-04 00:00 may fall anywhere in 00:00..11:59:59,
	// inside the outage, so the worst retry is the run of 03-04 12:00 at its
	// longest delay, 23:59:59 (issue 20: taking the longest delay at every
	// step, as this oracle did, reaches 03-04 11:59:59 and succeeds there,
	// which is not the worst draw): safe.
	p = mustBrutePreset(t, CertbotLegacyLEClassic)
	o = newBruteOracle(p, bu(t, "2026-01-01T00:00:00Z"))
	v = o.At(bu(t, "2026-01-01T00:00:00Z"))
	assert.Equal(t, "2026-03-31T23:59:59Z", unixText(v.NotAfter))
	assert.Equal(t, "2026-03-01T23:59:59Z", unixText(v.Due))
	assert.Equal(t, "2026-03-02T11:59:59Z", unixText(v.Attempt))
	assert.Equal(t, "2026-03-04T23:59:59Z", unixText(v.Renewed))
	assert.Zero(t, v.Kind)
	assert.EqualValues(t, 120960, o.refill, "7 days / 5 tokens")

	// certbot-30d-shortlived issued 2026-06-01T00:00:00Z: 160-hour
	// certificates are due at once; with the exact-set bucket empty every
	// request before 06-02 09:36:00 (+33h36m) is refused, and the latest
	// run after that is 06-02 12:00 delayed by 11:59:59: renewed by 06-02
	// 23:59:59, long before 06-07 16:00: safe (the old sliding window
	// called it a storm).
	p = mustBrutePreset(t, CertbotShortLived)
	o = newBruteOracle(p, bu(t, "2026-06-01T00:00:00Z"))
	v = o.At(bu(t, "2026-06-01T00:00:00Z"))
	assert.Zero(t, v.Kind)
	s, _ := o.worst(bu(t, "2026-06-01T00:00:00Z"), bu(t, "2026-06-01T23:59:59Z"), bu(t, "2026-06-02T09:36:00Z"))
	assert.Equal(t, "2026-06-02T23:59:59Z", unixText(s))
	// The same on 2-day certificates without an outage: issued at 02:24:00
	// the refill falls at 12:00:00 the next day, the 12:00 run renews by
	// 23:59:59, inside 48 hours; at 02:24:01 the refill falls after 12:00
	// and the next run is 00:00 + 11:59:59 on the day after: rate-limited.
	p.CA, p.Outage = Fixed("2-day", 2*Day), 0
	o = newBruteOracle(p, bu(t, "2026-06-01T00:00:00Z"))
	assert.Zero(t, o.At(bu(t, "2026-06-01T02:24:00Z")).Kind)
	v = o.At(bu(t, "2026-06-01T02:24:01Z"))
	assert.Equal(t, RateLimited, v.Kind)
	assert.Equal(t, "2026-06-03T11:59:59Z", unixText(v.Renewed))

	// yearly-addyears-reject: one year after 2028-02-29 does not exist.
	p = mustBrutePreset(t, YearlyAddYearsReject)
	b := bruteDate(p, bd(t, "2028-02-29"))
	assert.Equal(t, 86400, b.ByKind[ScheduleError])
	assert.False(t, bruteDate(p, bd(t, "2028-02-28")).Fails())

	// cert-manager's 2/3 of 90 days: total = 7,775,999 s, a third is
	// 2,591,999.67 s, so the point is NotBefore + 5,183,999.33 s, truncated:
	// 5,183,999 s.
	lo, hi, ok := bruteDue(CertManager().Trigger, 0, 7775999)
	assert.True(t, ok)
	assert.Equal(t, []int64{5183999, 5183999}, []int64{lo, hi})
	// kubelet 70-90% of 365 days: total 31,535,999 s; 0.7 total =
	// 22,075,199.3 -> 22,075,199; 0.9 total = 28,382,399.1, the last
	// second before it 28,382,399.
	lo, hi, _ = bruteDue(Kubelet().Trigger, 0, 31535999)
	assert.Equal(t, []int64{22075199, 28382399}, []int64{lo, hi})
	// ARI on 90 days: validity 7,776,000 s, ideal = NotAfter - 2,592,000,
	// margin 77,760: [NotAfter - 2,669,760, NotAfter - 2,514,240).
	lo, hi, _ = bruteDue(ARIClient().Trigger, 0, 7775999)
	assert.Equal(t, []int64{7775999 - 2669760, 7775999 - 2514240 - 1}, []int64{lo, hi})
}

func mustBrutePreset(t testing.TB, name string) Preset {
	t.Helper()
	p, err := PresetByName(name)
	require.NoError(t, err)
	return p
}

// bruteReport logs the totals and disagreements of a comparison and, in
// strict mode, fails on any disagreement.
func bruteReport(t *testing.T, what string, tot bruteTotals) {
	t.Helper()
	t.Logf("%s: %s", what, tot)
	for i, l := range tot.lines {
		if i == 40 {
			t.Logf("  ... %d more", len(tot.lines)-40)
			break
		}
		t.Logf("  disagreement: %s", l)
	}
	if tot.disagreements > 0 {
		t.Errorf("%s: %d disagreements between the prover and the brute force", what, tot.disagreements)
	}
}

// bruteSampleDates returns the sampled issuance dates: the CA lifetime
// switches and the days either side, February 29ths, month ends and random
// dates from a fixed seed; a few of them with -short.
func bruteSampleDates(t testing.TB) []calendar.Date {
	if testing.Short() {
		return []calendar.Date{bd(t, "2028-02-16"), bd(t, "2028-02-29")}
	}
	var out []calendar.Date
	for _, s := range []string{
		// Let's Encrypt classic: 64 days from 2027-02-10, 45 from 2028-02-16.
		"2027-02-09", "2027-02-10", "2027-02-11", "2028-02-15", "2028-02-16", "2028-02-17",
		// Baseline Requirements: 200, 100, 47 days.
		"2026-03-14", "2026-03-15", "2026-03-16", "2027-03-14", "2027-03-15", "2027-03-16",
		"2029-03-14", "2029-03-15", "2029-03-16",
		// February 29ths and month ends.
		"2024-02-29", "2028-02-29", "2032-02-29",
		"2027-01-31", "2027-02-28", "2027-04-30", "2030-01-31", "2031-02-28",
	} {
		out = append(out, bd(t, s))
	}
	r := rand.New(rand.NewPCG(19, 2026))
	lo, hi := bd(t, "2020-01-01").DayNumber(), bd(t, "2040-12-31").DayNumber()
	for range 4 {
		d, err := calendar.FromDayNumber(lo + r.Int64N(hi-lo+1))
		require.NoError(t, err)
		out = append(out, d)
	}
	return out
}

// TestBrutePresets compares (*Prover).Check with the brute force over
// every second of the sampled dates, for every preset. make test's full
// pass gives preset i the dates i, i+3, i+6, ... of the sample, so that
// every date is judged for a third of the presets and the pass stays
// within make test's time; -brute.all (make brute) judges every date for
// every preset.
func TestBrutePresets(t *testing.T) {
	skipUnderRace(t)
	dates := bruteSampleDates(t)
	stride := 3
	if *bruteAll || testing.Short() {
		stride = 1
	}
	var all bruteTotals
	for i, p := range Presets() {
		pr, err := NewProver(p)
		require.NoError(t, err)
		var tot bruteTotals
		for j := i % stride; j < len(dates); j += stride {
			d := dates[j]
			b, compared, dis := bruteCompare(p, proverJudge(pr), d)
			tot.add(b, compared, dis)
			// The brute force against the preset's own claim.
			if compared && b.Fails() != p.Fails(d) {
				t.Errorf("%s %s: brute force %v, claim says fails=%v", p.Name, d, b, p.Fails(d))
			}
		}
		bruteReport(t, p.Name, tot)
		all.merge(tot)
	}
	all.lines = nil
	t.Logf("all presets: %s", all)
}

// TestBruteIssue19 is the known case of issue 19: the brute force finds
// 21,598 lapsing seconds on every date, which the prover that sampled a
// few instants of each date called safe (TestBruteCatchesSamplingMutant);
// the prover must agree with the brute force.
func TestBruteIssue19(t *testing.T) {
	p := bruteIssue19()
	pr, err := NewProver(p)
	require.NoError(t, err)
	dates := []calendar.Date{bd(t, "2030-01-01"), bd(t, "2028-02-29"), bd(t, "2027-02-10")}
	if !testing.Short() {
		dates = append(dates, bd(t, "2026-03-15"), bd(t, "2031-12-31"), bd(t, "2029-04-30"))
	}
	var tot bruteTotals
	for _, d := range dates {
		b, compared, dis := bruteCompare(p, proverJudge(pr), d)
		require.True(t, compared)
		require.Equal(t, 21598, b.ByKind[Lapse], "%s: the brute force must find the issue's lapses", d)
		tot.add(b, compared, dis)
	}
	bruteReport(t, p.Name, tot)
}

// bruteSamplingMutant is a judge that runs the brute-force oracle only at
// the instants the old prover sampled (00:00:00, 12:00:00, 23:59:59 and
// each run time ±1s): a prover that samples instants. It is the mutant the
// comparison must catch, kept independent of the prover's code so that the
// mutant test outlives the prover's rewrite.
func bruteSamplingMutant(p Preset) bruteJudge {
	tods := []int64{0, 43200, 86399}
	for _, x := range p.Client.Wake.Times {
		s := int64(x / time.Second)
		for _, y := range []int64{s - 1, s, s + 1} {
			if y >= 0 && y < secondsPerDay {
				tods = append(tods, y)
			}
		}
	}
	return func(d calendar.Date) (bool, FailureKind, int64, error) {
		day := d.DayNumber() * secondsPerDay
		o := newBruteOracle(p, day)
		for _, tod := range tods {
			if v := o.At(day + tod); v.Kind != 0 {
				return true, v.Kind, day + tod, nil
			}
		}
		return false, 0, 0, nil
	}
}

// TestBruteCatchesSamplingMutant: a judge that samples the old instants
// calls the issue-19 setup safe on every date; the comparison with the
// brute force flags every one of them. (The prover before issue 19 was
// this mutant.) The same mutant agrees with the brute force on a
// setup whose outcome does not depend on the time of day, so the
// comparison does not flag everything.
func TestBruteCatchesSamplingMutant(t *testing.T) {
	p := bruteIssue19()
	for _, s := range []string{"2030-01-01", "2028-02-29"} {
		_, compared, dis := bruteCompare(p, bruteSamplingMutant(p), bd(t, s))
		require.True(t, compared)
		require.Len(t, dis, 1, "the brute force must catch the sampling mutant on %s", s)
		t.Logf("mutant caught: %s", dis[0])
	}
	q := mustBrutePreset(t, YearlyAddYearsReject)
	for _, s := range []string{"2028-02-29", "2028-03-01"} {
		_, _, dis := bruteCompare(q, bruteSamplingMutant(q), bd(t, s))
		assert.Empty(t, dis, s)
	}
}

// TestBruteRandomSetups draws renewal setups with rapid (every trigger kind
// with fractions and offsets; continuous, daily, monthly and yearly
// schedules with several times, Delay and Skip/Clamp/Roll; retries at the
// next wake or with backoff; outages 0..72h; lifetimes with 0..2 steps,
// some of them inside the date; no rate limit or a small one) and compares
// the prover with the brute force over every second of one or two dates
// per setup.
func TestBruteRandomSetups(t *testing.T) {
	bruteRandomSetups(t, "random setups", 100, bruteDrawSetup)
}

// TestBruteSmallSetups is the same comparison at the scale of seconds:
// lifetimes of minutes to hours, timers every few seconds or minutes,
// retries of a few seconds, outages and refills of seconds to an hour.
// There the prover's arithmetic decides verdicts by single seconds (a
// retry that lands at NotAfter + 1 s, a refill that ends on a run, a
// lifetime step inside the date), which days-long setups almost never
// reach.
func TestBruteSmallSetups(t *testing.T) {
	bruteRandomSetups(t, "small setups", 40, bruteDrawSmallSetup)
}

// bruteRandomSetups compares the prover with the brute force on setups
// drawn by draw: full of them, 3 with -short, or -brute.setups /
// LEAPCHECK_BRUTE_SETUPS.
func bruteRandomSetups(t *testing.T, name string, full int, draw func(*rapid.T) (Preset, []calendar.Date)) {
	skipUnderRace(t)
	setups := full
	if testing.Short() {
		setups = 3
	}
	if *bruteSetups > 0 {
		setups = *bruteSetups
	} else if v, ok := os.LookupEnv("LEAPCHECK_BRUTE_SETUPS"); ok {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "LEAPCHECK_BRUTE_SETUPS=%q: want a whole number of setups", v)
		require.Positive(t, n, "LEAPCHECK_BRUTE_SETUPS=%q: want a whole number of setups", v)
		setups = n
	}
	var tot bruteTotals
	kinds := map[string]int{}
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		if n >= setups {
			return
		}
		n++
		p, dates := draw(rt)
		require.NoError(rt, p.Validate(), "generator: %+v", p)
		kinds[p.Client.Trigger.Kind.String()]++
		kinds[p.Client.Wake.Kind.String()]++
		pr, err := NewProver(p)
		require.NoError(rt, err)
		for _, d := range dates {
			b, compared, dis := bruteCompare(p, proverJudge(pr), d)
			tot.add(b, compared, dis)
			if len(dis) > 0 {
				rt.Fatalf("%s\npreset: %+v", dis[0], p)
			}
		}
	})
	// A budget that stops early says so: rapid runs -rapid.checks cases
	// (a fifth with -short), and each draws one setup.
	require.Equal(t, setups, n, "drew %d of %d %s: raise -rapid.checks or RAPID_CHECKS (rapid runs a fifth of it with -short)", n, setups, name)
	t.Logf("%s: %d drawn; coverage %v", name, n, kinds)
	bruteReport(t, name, tot)
}

// bruteDrawDates draws an issuance date in 2020..2040 and, half the time,
// a second one 1..maxOffset days later; it returns the first's day number
// and the dates.
func bruteDrawDates(rt *rapid.T, maxOffset int64) (int64, []calendar.Date) {
	lo, hi := int64(18262), int64(25932) // 2020-01-01, 2040-12-31
	day := rapid.Int64Range(lo, hi).Draw(rt, "day")
	d0, _ := calendar.FromDayNumber(day)
	dates := []calendar.Date{d0}
	if rapid.Bool().Draw(rt, "second date") {
		d1, _ := calendar.FromDayNumber(day + rapid.Int64Range(1, maxOffset).Draw(rt, "second date offset"))
		dates = append(dates, d1)
	}
	return day, dates
}

// bruteDrawSetup draws a valid Preset and one or two issuance dates in
// 2020..2040.
func bruteDrawSetup(rt *rapid.T) (Preset, []calendar.Date) {
	day, dates := bruteDrawDates(rt, 400)
	hours := func(label string, lo, hi int) time.Duration {
		return time.Duration(rapid.IntRange(lo, hi).Draw(rt, label)) * time.Hour
	}
	lifetime := func(label string) time.Duration {
		return rapid.SampledFrom([]time.Duration{
			24 * time.Hour, 2 * Day, 3 * Day, 7 * Day, 160 * time.Hour, 10 * Day, 30 * Day, 45 * Day, 47 * Day, 64 * Day, 90 * Day, 100 * Day, 200 * Day, 365 * Day, 398 * Day,
			hours(label+" hours", 2, 24*400),
			hours(label+" hours", 2, 24*100) + time.Duration(rapid.IntRange(1, 3599).Draw(rt, label+" odd seconds"))*time.Second,
		}).Draw(rt, label)
	}

	var tr Trigger
	tr.Kind = TriggerKind(rapid.IntRange(int(FractionOfLifetime), int(EveryRun)).Draw(rt, "trigger"))
	switch tr.Kind {
	case FractionOfLifetime:
		tr.Fraction = rapid.SampledFrom([]float64{0.5, 2.0 / 3, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99, 1.0 / 3}).Draw(rt, "fraction")
		// Issue 20: the clients' spans, comparisons, short-lifetime
		// fractions, caps and jitter.
		tr.Span = cert.Span(rapid.IntRange(0, 2).Draw(rt, "span"))
		tr.Compare = Comparison(rapid.IntRange(0, 3).Draw(rt, "compare"))
		if rapid.Bool().Draw(rt, "short rule?") {
			tr.ShortFraction, tr.ShortBelow = 0.5, rapid.SampledFrom([]time.Duration{10 * Day, 10*Day + 12*time.Hour}).Draw(rt, "short below")
		}
		if rapid.Bool().Draw(rt, "cap?") {
			tr.Cap = rapid.SampledFrom([]time.Duration{30 * Day, 2 * Day, hours("cap hours", 1, 100)}).Draw(rt, "cap")
			tr.JitterCap = rapid.SampledFrom([]time.Duration{0, time.Hour, hours("jitter hours", 1, 5)}).Draw(rt, "jitter cap")
		}
	case JitteredFraction:
		tr.Fraction = rapid.SampledFrom([]float64{0.5, 0.6, 0.7, 0.8}).Draw(rt, "low")
		tr.FractionHigh = tr.Fraction + rapid.SampledFrom([]float64{0, 0.05, 0.1, 0.19}).Draw(rt, "spread")
	case BeforeExpiry, AfterIssuance:
		// Tight setups (margin of the order of the outage) are where the
		// outcome changes within a day: half the draws are within 3 days
		// of expiry.
		days := rapid.SampledFrom([]int{0, 1, 2, rapid.IntRange(0, 60).Draw(rt, "any offset days")}).Draw(rt, "offset days")
		tr.Offset = time.Duration(days)*Day +
			time.Duration(rapid.SampledFrom([]int{0, 0, rapid.IntRange(0, 23).Draw(rt, "any offset hours")}).Draw(rt, "offset hours"))*time.Hour +
			time.Duration(rapid.SampledFrom([]int{0, 0, 1, 59, 1799}).Draw(rt, "offset seconds"))*time.Second
		if tr.Offset == 0 {
			tr.Offset = time.Hour
		}
	case Anniversary:
		tr.Years = rapid.IntRange(1, 2).Draw(rt, "years")
		tr.Overflow = rapid.SampledFrom([]calendar.Overflow{calendar.Clamp, calendar.Roll, calendar.Reject}).Draw(rt, "anniversary overflow")
	}

	var w Schedule
	w.Kind = ScheduleKind(rapid.IntRange(int(Continuous), int(Every)).Draw(rt, "schedule"))
	if w.Kind == Every {
		w.Period = rapid.SampledFrom([]time.Duration{10 * time.Minute, time.Hour, 6 * time.Hour, hours("period hours", 1, 48)}).Draw(rt, "period")
		if rapid.Bool().Draw(rt, "delay?") {
			w.Delay = time.Duration(rapid.Int64Range(1, int64(w.Period/time.Second)).Draw(rt, "delay")) * time.Second
			w.FixedDelay = rapid.Bool().Draw(rt, "fixed delay")
		}
	} else if w.Kind != Continuous {
		n := rapid.IntRange(1, 3).Draw(rt, "times")
		set := map[time.Duration]bool{}
		for i := 0; i < n; i++ {
			x := hours("time hour", 0, 23) + time.Duration(rapid.SampledFrom([]int{0, 0, 0, 1, 1800, 3599}).Draw(rt, "time seconds"))*time.Second
			set[x] = true
		}
		for x := range set {
			w.Times = append(w.Times, x)
		}
		slicesSortDurations(w.Times)
		gap := Day - w.Times[len(w.Times)-1] + w.Times[0]
		for i := 1; i < len(w.Times); i++ {
			gap = min(gap, w.Times[i]-w.Times[i-1])
		}
		if rapid.Bool().Draw(rt, "delay?") {
			w.Delay = time.Duration(rapid.Int64Range(1, int64(gap/time.Second)).Draw(rt, "delay")) * time.Second
		}
		if w.Kind != Daily {
			w.Overflow = DayOverflow(rapid.IntRange(int(Skip), int(Roll)).Draw(rt, "overflow"))
			w.Day = rapid.SampledFrom([]int{1, 15, 28, 29, 30, 31, rapid.IntRange(1, 31).Draw(rt, "any day")}).Draw(rt, "day")
		}
		if w.Kind == Yearly {
			w.Month = time.Month(rapid.SampledFrom([]int{2, 2, 4, 12, rapid.IntRange(1, 12).Draw(rt, "any month")}).Draw(rt, "month"))
			w.Day = min(w.Day, calendar.DaysIn(2000, w.Month))
		}
	}

	var r Retry
	if w.Kind != Continuous && rapid.Bool().Draw(rt, "at next wake") {
		r.AtNextWake = true
	} else if rapid.IntRange(0, 3).Draw(rt, "steps?") == 0 {
		for range rapid.IntRange(1, 5).Draw(rt, "step count") {
			r.Steps = append(r.Steps, time.Duration(rapid.SampledFrom([]int{1, 2, 10, 30, 60, 360}).Draw(rt, "step minutes"))*time.Minute)
		}
		r.Random = time.Duration(rapid.SampledFrom([]int{0, 0, 1, 2, 60, 1800}).Draw(rt, "random seconds")) * time.Second
	} else {
		r.Initial = rapid.SampledFrom([]time.Duration{10 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 6 * time.Hour}).Draw(rt, "initial")
		r.Max = r.Initial * time.Duration(rapid.SampledFrom([]int{1, 2, 8, 32}).Draw(rt, "max factor"))
		r.Random = time.Duration(rapid.SampledFrom([]int{0, 0, 0, 2, 1800}).Draw(rt, "random seconds")) * time.Second
	}

	ca := Lifetimes{Name: "drawn", Base: lifetime("base lifetime")}
	if tr.Kind == AfterIssuance && rapid.Bool().Draw(rt, "after issuance near expiry") {
		// Renew a few hours or days before the base lifetime runs out.
		if back := time.Duration(rapid.IntRange(1, 72).Draw(rt, "hours before expiry")) * time.Hour; ca.Base > back {
			tr.Offset = ca.Base - back
		}
	}
	steps := rapid.IntRange(0, 2).Draw(rt, "steps")
	from := day*secondsPerDay + rapid.Int64Range(-60*secondsPerDay, 30*secondsPerDay).Draw(rt, "first step")
	for i := 0; i < steps; i++ {
		if rapid.Bool().Draw(rt, "step inside the date") {
			from = max(from, day*secondsPerDay) + rapid.Int64Range(1, 86399).Draw(rt, "step second")
		}
		ca.Steps = append(ca.Steps, LifetimeStep{From: time.Unix(from, 0).UTC(), Lifetime: lifetime("step lifetime")})
		from += rapid.Int64Range(1, 60*secondsPerDay).Draw(rt, "step gap")
	}
	if rapid.IntRange(0, 5).Draw(rt, "br?") == 0 {
		ca = BaselineMaximum()
	}

	var lim []RateLimit
	if rapid.Bool().Draw(rt, "limit?") {
		lim = []RateLimit{{Name: "drawn", Scope: PerExactSet, Count: rapid.IntRange(1, 10).Draw(rt, "count"), Period: time.Duration(rapid.IntRange(1, 14).Draw(rt, "period days")) * Day}}
	}
	outage := time.Duration(rapid.SampledFrom([]int{rapid.IntRange(0, 12*60).Draw(rt, "short outage minutes"), rapid.IntRange(0, 72*60).Draw(rt, "any outage minutes")}).Draw(rt, "outage minutes"))*time.Minute +
		time.Duration(rapid.SampledFrom([]int{0, 0, 1, 59}).Draw(rt, "outage seconds"))*time.Second
	return Preset{Name: "drawn", Client: Policy{Name: "drawn", Trigger: tr, Wake: w, Retry: r}, CA: ca, Limits: lim, Outage: outage}, dates
}

// bruteDrawSmallSetup draws a valid Preset at the scale of seconds (see
// TestBruteSmallSetups) and one or two issuance dates in 2020..2040.
func bruteDrawSmallSetup(rt *rapid.T) (Preset, []calendar.Date) {
	day, dates := bruteDrawDates(rt, 3)
	secs := func(label string, lo, hi int) time.Duration {
		return time.Duration(rapid.IntRange(lo, hi).Draw(rt, label)) * time.Second
	}
	lifetime := func(label string) time.Duration {
		return rapid.SampledFrom([]time.Duration{time.Minute, 10 * time.Minute, time.Hour, secs(label+" seconds", 2, 3*3600)}).Draw(rt, label)
	}
	ca := Lifetimes{Name: "drawn", Base: lifetime("base lifetime")}
	for i := range rapid.IntRange(0, 2).Draw(rt, "steps") {
		from := day*secondsPerDay + rapid.Int64Range(1, 86399).Draw(rt, fmt.Sprintf("step %d second", i))
		if i > 0 {
			from = max(from, ca.Steps[i-1].From.Unix()+1)
		}
		ca.Steps = append(ca.Steps, LifetimeStep{From: time.Unix(from, 0).UTC(), Lifetime: lifetime("step lifetime")})
	}
	shortest := ca.Base
	for _, st := range ca.Steps {
		shortest = min(shortest, st.Lifetime)
	}

	var tr Trigger
	tr.Kind = rapid.SampledFrom([]TriggerKind{FractionOfLifetime, JitteredFraction, BeforeExpiry, AfterIssuance, ARIWindow, EveryRun}).Draw(rt, "trigger")
	switch tr.Kind {
	case FractionOfLifetime:
		tr.Fraction = rapid.SampledFrom([]float64{0.5, 2.0 / 3, 0.9, 1.0 / 3}).Draw(rt, "fraction")
		tr.Span = cert.Span(rapid.IntRange(0, 2).Draw(rt, "span"))
		tr.Compare = Comparison(rapid.IntRange(0, 3).Draw(rt, "compare"))
	case JitteredFraction:
		tr.Fraction = rapid.SampledFrom([]float64{0.5, 0.7}).Draw(rt, "low")
		tr.FractionHigh = tr.Fraction + rapid.SampledFrom([]float64{0, 0.1}).Draw(rt, "spread")
	case BeforeExpiry, AfterIssuance:
		tr.Offset = secs("offset", 1, max(1, int(shortest/time.Second)))
	}

	var w Schedule
	if rapid.Bool().Draw(rt, "timer?") {
		w.Kind = Every
		w.Period = secs("period", 1, 900)
		if rapid.Bool().Draw(rt, "delay?") {
			w.Delay = secs("delay", 1, int(w.Period/time.Second))
			w.FixedDelay = rapid.Bool().Draw(rt, "fixed delay")
		}
	}

	var r Retry
	switch {
	case w.Period >= time.Minute && rapid.Bool().Draw(rt, "at next wake"):
		// (Not on timers of seconds: the brute force walks an outage run
		// by run, for each of the 86,400 seconds.)
		r.AtNextWake = true
	case rapid.Bool().Draw(rt, "steps?"):
		for i := range rapid.IntRange(1, 4).Draw(rt, "step count") {
			r.Steps = append(r.Steps, secs(fmt.Sprintf("retry step %d", i), 1, 120))
		}
		r.Random = secs("random", 0, 5)
	default:
		r.Initial = secs("initial", 1, 60)
		r.Max = r.Initial * time.Duration(rapid.IntRange(1, 8).Draw(rt, "max factor"))
		r.Random = secs("random", 0, 5)
	}

	var lim []RateLimit
	if rapid.Bool().Draw(rt, "limit?") {
		lim = []RateLimit{{Name: "drawn", Scope: PerExactSet, Count: rapid.IntRange(1, 3).Draw(rt, "count"), Period: secs("limit period", 1, 2*3600)}}
	}
	outage := rapid.SampledFrom([]time.Duration{0, secs("short outage", 1, 10), secs("outage", 1, 3*3600)}).Draw(rt, "outage")
	return Preset{Name: "small", Client: Policy{Name: "small", Trigger: tr, Wake: w, Retry: r}, CA: ca, Limits: lim, Outage: outage}, dates
}

func slicesSortDurations(x []time.Duration) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// skipUnderRace skips a brute-force comparison under the race detector:
// it runs on one goroutine, so the detector has nothing to find and only
// makes it ten times slower. make test's second pass, without -race, runs
// it in full.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("one goroutine of brute force: run without -race (make test's second pass)")
	}
}
