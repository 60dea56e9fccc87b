package renew_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustPreset(t testing.TB, name string) renew.Preset {
	t.Helper()
	p, err := renew.PresetByName(name)
	require.NoError(t, err)
	return p
}

func date(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

// TestProofIsSensitive changes one input of a preset at a time and checks
// that the failing set moves the way the arithmetic says: a proof that
// cannot fail is not a proof.
func TestProofIsSensitive(t *testing.T) {
	count := func(p renew.Preset) (int64, string) {
		tally, fs := prove(t, p, renew.DefaultWindow())
		first := ""
		if len(fs) > 0 {
			first = fs[0].DateText
		}
		return tally.FailingDates, first
	}

	// A 5-day outage eats the 4 days of margin of 64-day certificates:
	// renew-60d then fails from 2027-02-10, not 2028-02-16.
	p := mustPreset(t, renew.Renew60DaysLEClassic)
	p.Outage = 5 * renew.Day
	_, first := count(p)
	assert.Equal(t, "2027-02-10", first)

	// certbot's storm is the rate limit's doing: without a limit the
	// short-lived preset proves safe (certbot renews within a day).
	p = mustPreset(t, renew.CertbotShortLived)
	p.Limit = renew.RateLimit{}
	n, _ := count(p)
	assert.Zero(t, n)

	// cert-manager renewing at 95% of the lifetime: 54 hours of margin on
	// 45-day certificates, less than the 63 hours a 48-hour outage costs
	// with retries after 1, 2, 4, 8, 16 and 32 hours; 77 hours on 64-day
	// certificates, enough.
	p = mustPreset(t, renew.CertManagerLEClassic)
	p.Client.Trigger.Fraction = 0.95
	_, first = count(p)
	assert.Equal(t, "2028-02-16", first)

	// The same job on the 31st is safe with Clamp and Roll, unsafe with Skip.
	for o, want := range map[renew.DayOverflow]bool{renew.Skip: true, renew.Clamp: false, renew.Roll: false} {
		p = mustPreset(t, renew.Monthly31SkipLE45)
		p.Client.Wake.Overflow = o
		n, _ = count(p)
		assert.Equal(t, want, n > 0, "overflow %v", o)
	}

	// Anniversary: Reject fails on Feb 29 only, Clamp and Roll nowhere.
	for o, want := range map[calendar.Overflow]int64{calendar.Reject: 6, calendar.Clamp: 0, calendar.Roll: 0} {
		p = mustPreset(t, renew.YearlyAddYearsReject)
		p.Client.Trigger.Overflow = o
		n, _ = count(p)
		assert.Equal(t, want, n, "overflow %v", o)
	}

	// certbot's 30 days against a CA issuing 30-day certificates: every
	// run renews, 14 per week against a limit of 5.
	p = mustPreset(t, renew.CertbotLEClassic)
	p.CA = renew.Fixed("30-day", 30*renew.Day)
	n, _ = count(p)
	assert.EqualValues(t, 7671, n)
}

func TestProverErrors(t *testing.T) {
	p := mustPreset(t, renew.CertbotLEClassic)
	p.Outage = -time.Hour
	_, err := renew.NewProver(p)
	require.ErrorIs(t, err, renew.ErrConfig)
	assert.Contains(t, err.Error(), "Outage")

	pr, err := renew.NewProver(mustPreset(t, renew.CertbotLEClassic))
	require.NoError(t, err)
	_, _, err = pr.Check(calendar.Date{Year: 2027, Month: time.February, Day: 29})
	require.ErrorIs(t, err, calendar.ErrNoSuchDay)

	// A certificate issued on 9999-12-31 ends after the model.
	_, _, err = pr.Check(calendar.MaxDate)
	require.ErrorIs(t, err, renew.ErrRange)
	v, err := pr.Judge(calendar.MaxDate)
	require.NoError(t, err)
	assert.True(t, v.NotJudged)
	tally, _ := prove(t, mustPreset(t, renew.CertbotLEClassic), mustRange(t, "9999-10-01", "9999-12-31"))
	assert.EqualValues(t, 92, tally.DatesChecked)
	assert.EqualValues(t, 45, tally.NotJudged, "90-day certificates issued from 9999-11-17 end after 9999-12-31: not judged")
}

func mustRange(t testing.TB, a, b string) calendar.Range {
	t.Helper()
	r, err := calendar.NewRange(date(t, a), date(t, b))
	require.NoError(t, err)
	return r
}

// TestProofAgreesWithSimulation runs the client state machine (the code
// the fleet uses, not the prover's closed forms) with an outage placed at
// its first renewal attempt, and checks the prover's verdict and worst
// case against it: for deterministic clients the replacement instant is
// the Finding's Renewed exactly, and for safe presets no gap appears
// whatever the seed.
func TestProofAgreesWithSimulation(t *testing.T) {
	type cse struct {
		preset string
		dates  []string
	}
	cases := []cse{
		{renew.Renew60DaysLEClassic, []string{"2026-01-01", "2027-02-10", "2028-02-15", "2028-02-16", "2030-07-01"}},
		{renew.Monthly31SkipLE45, []string{"2027-01-31", "2027-07-01", "2027-08-31", "2027-09-01", "2028-12-31"}},
		{renew.YearlyFeb29Skip, []string{"2027-01-25", "2027-01-30", "2028-02-28", "2028-02-29"}},
		{renew.CertManagerLEClassic, []string{"2027-02-09", "2028-02-16", "2031-01-01"}},
		{renew.CertbotLEClassic, []string{"2027-02-09", "2028-02-16", "2031-01-01"}},
		{renew.ARILEClassic, []string{"2027-02-09", "2028-02-16"}},
		{renew.KubeletOneYear, []string{"2028-02-29", "2030-01-01"}},
		{renew.YearlyAddYearsClamp, []string{"2028-02-29", "2030-01-01"}},
	}
	for _, c := range cases {
		p := mustPreset(t, c.preset)
		pr, err := renew.NewProver(p)
		require.NoError(t, err)
		for _, ds := range c.dates {
			d := date(t, ds)
			f, bad, err := pr.Check(d)
			require.NoError(t, err)
			for seed := uint64(0); seed < 20; seed++ {
				issued := d.In(time.UTC)
				gapFrom, renewed := simulateOne(t, p, issued, seed)
				if bad && f.Kind == renew.Lapse && f.Issued.Equal(issued) && p.Client.Wake.Delay == 0 && p.Client.Trigger.Kind != renew.JitteredFraction && p.Client.Trigger.Kind != renew.ARIWindow {
					require.False(t, gapFrom.IsZero(), "%s %s: prover says lapse, simulation has no gap", c.preset, ds)
					require.Equal(t, f.Renewed, renewed, "%s %s: worst-case replacement", c.preset, ds)
				}
				if !bad {
					require.True(t, gapFrom.IsZero(), "%s %s seed %d: prover says safe, simulation expired at %s", c.preset, ds, seed, gapFrom)
				}
			}
		}
	}
}

// simulateOne issues a certificate at issued to one client, finds its
// first renewal attempt, and replays with the CA down for the preset's
// Outage from that attempt. It returns when the certificate expired
// unreplaced (zero if never) and when its replacement was issued.
func simulateOne(t *testing.T, p renew.Preset, issued time.Time, seed uint64) (gapFrom, renewed time.Time) {
	t.Helper()
	f := renew.Fleet{Name: "one", Services: 1, Client: p.Client, Seed: seed, CA: p.CA, Start: issued, Horizon: 5 * 366 * renew.Day}
	run, err := renew.Simulate(f)
	require.NoError(t, err)
	var attempt time.Time
	for _, e := range run.Events {
		if e.Kind == renew.KindAttempt && e.At.After(issued) {
			attempt = e.At
			break
		}
	}
	require.False(t, attempt.IsZero(), "no renewal attempt")
	f.Outages = []renew.Outage{{From: attempt, To: attempt.Add(p.Outage)}}
	run, err = renew.Simulate(f)
	require.NoError(t, err)
	for _, e := range run.Events {
		if e.Kind == renew.KindIssued && e.At.After(issued) {
			renewed = e.At
			break
		}
	}
	for _, g := range run.Gaps {
		if g.From.Before(renewed) || renewed.IsZero() {
			return g.From, renewed
		}
	}
	return time.Time{}, renewed
}

// TestJudgeCountsTheClaim: the engine's counts agree with the claim on
// every preset, and a claim that is wrong both ways (one failing date
// dropped, one safe date added) is caught with exactly one Missed and one
// Unexpected, and both dates visited.
func TestJudgeCountsTheClaim(t *testing.T) {
	r, err := calendar.NewRange(date(t, "2027-12-01"), date(t, "2028-03-31"))
	require.NoError(t, err)
	for _, p := range renew.Presets() {
		tally, _ := prove(t, p, r)
		assert.True(t, tally.OK, "%s: %+v", p.Name, tally)
		assert.Equal(t, tally.FailingDates, tally.ClaimedDates, p.Name)
		assert.Equal(t, p.Safe(), p.Claim.Text() == "no date fails", p.Name)
		assert.Equal(t, p.Safe(), p.FailingDates == "", "%s: an unsafe preset says in words where it fails", p.Name)
	}

	p := mustPreset(t, renew.Renew60DaysLEClassic)
	dropped, added := date(t, "2028-03-01"), date(t, "2028-01-10")
	claim := p.FailsOn
	p.FailsOn = func(d calendar.Date) bool { return d == added || d != dropped && claim(d) }
	s, err := p.Subject()
	require.NoError(t, err)
	var visited []string
	res, err := proof.Sweep(r, []proof.Subject{s}, proof.Options{Workers: 1, Visit: func(_ int, d calendar.Date, v proof.Verdict, claimed bool) {
		if v.Fails != claimed {
			visited = append(visited, fmt.Sprintf("%s failed=%v claimed=%v", d, v.Fails, claimed))
		}
	}})
	require.NoError(t, err)
	tally := res.Subjects[0]
	assert.False(t, tally.OK)
	assert.EqualValues(t, 1, tally.Missed)
	assert.EqualValues(t, 1, tally.Unexpected)
	assert.Equal(t, []string{"2028-01-10 failed=false claimed=true", "2028-03-01 failed=true claimed=false"}, visited)
}
