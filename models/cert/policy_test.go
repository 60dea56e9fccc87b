package cert

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // locations for the daylight-saving tests, on any machine

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func oneYear(o calendar.Overflow) Policy {
	return Policy{Name: "one-year-" + o.String(), Lifetime: Lifetime{Years: 1}, Overflow: o}
}

func TestPolicyValidate(t *testing.T) {
	ok := Policy{Name: "p", Lifetime: Lifetime{Years: 1}, Overflow: calendar.Clamp}
	require.NoError(t, ok.Validate())
	require.NoError(t, Policy{Lifetime: Lifetime{Duration: time.Second}}.Validate(), "a duration lifetime needs no overflow policy")
	require.NoError(t, Policy{Lifetime: Lifetime{Days: 1}}.Validate(), "nor does a lifetime in days")
	with := func(f func(*Policy)) Policy { p := ok; f(&p); return p }
	// The largest lifetimes are in range (Issue then clamps or refuses the end).
	for _, l := range []Lifetime{{Years: maxYears}, {Months: maxMonths}, {Days: maxDays}} {
		require.NoError(t, Policy{Lifetime: l, Overflow: calendar.Clamp}.Validate(), "%v", l)
	}
	cases := []struct {
		p    Policy
		want string
	}{
		{with(func(p *Policy) { p.Lifetime.Years = -1 }), "policy p: Lifetime.Years = -1: must be in 0..9999"},
		{with(func(p *Policy) { p.Lifetime.Years = 10000 }), "Lifetime.Years = 10000"},
		{with(func(p *Policy) { p.Lifetime.Months = -3 }), "Lifetime.Months = -3"},
		{with(func(p *Policy) { p.Lifetime.Months = 1 << 40 }), "Lifetime.Months = 1099511627776: must be in 0..119988"},
		{with(func(p *Policy) { p.Lifetime.Days = -1 }), "Lifetime.Days = -1"},
		{with(func(p *Policy) { p.Lifetime.Days = calendar.DaysInRange + 1 }), "Lifetime.Days = 3652060"},
		{with(func(p *Policy) { p.Lifetime.Duration = -time.Hour }), "Lifetime.Duration = -1h0m0s: must not be negative"},
		{with(func(p *Policy) { p.Lifetime.Duration = 1500 * time.Millisecond }), "Lifetime.Duration = 1.5s: must be a whole number of seconds"},
		{Policy{Name: "empty", Overflow: calendar.Clamp}, "policy empty: Lifetime = 0: must not be zero"},
		{Policy{}, "policy (unnamed: 0): Lifetime = 0: must not be zero"},
		{with(func(p *Policy) { p.Backdate = -time.Hour }), "Backdate = -1h0m0s: must not be negative"},
		{with(func(p *Policy) { p.Backdate = time.Millisecond }), "Backdate = 1ms: must be a whole number of seconds"},
		{with(func(p *Policy) { p.Overflow = 7 }), "Overflow = Overflow(7): must be clamp, roll or reject"},
		{with(func(p *Policy) { p.Overflow = 0 }), "Overflow = 0: must be clamp, roll or reject for a lifetime in years or months"},
		{Policy{Lifetime: Lifetime{Duration: time.Hour}, Overflow: 9}, "Overflow = Overflow(9)"},
	}
	for _, c := range cases {
		err := c.p.Validate()
		if !assert.Error(t, err, "%+v", c.p) {
			continue
		}
		assert.ErrorIs(t, err, ErrPolicy)
		assert.Contains(t, err.Error(), c.want)
		_, issueErr := Issue(c.p, utc(2012, 2, 29, 0, 0, 0))
		assert.Equal(t, err, issueErr, "Issue refuses an invalid policy with Validate's error")
	}
}

// The end-of-lifetime convention, both ways: NotAfter = NotBefore + L (the
// 2012 guest agent) or NotBefore + L - 1s (SubtractSecond).
func TestIssueSubtractSecond(t *testing.T) {
	now := utc(2012, 3, 1, 0, 0, 0)
	p := oneYear(calendar.Clamp)
	v, err := Issue(p, now)
	require.NoError(t, err)
	assert.Equal(t, "2012-03-01T00:00:00Z..2013-03-01T00:00:00Z", v.String())
	assert.Equal(t, 365*24*time.Hour+time.Second, v.Period())
	assert.Equal(t, 366, BRDays(v), "one second over 365 days is a 366th BR day")

	p.SubtractSecond = true
	v, err = Issue(p, now)
	require.NoError(t, err)
	assert.Equal(t, "2012-03-01T00:00:00Z..2013-02-28T23:59:59Z", v.String())
	assert.Equal(t, 365*24*time.Hour, v.Period())
	assert.Equal(t, 365, BRDays(v))

	d := Policy{Lifetime: Lifetime{Duration: time.Second}, SubtractSecond: true}
	v, err = Issue(d, now)
	require.NoError(t, err)
	assert.True(t, v.NotBefore.Equal(v.NotAfter), "a one-second lifetime is the one second NotBefore")
	assert.Equal(t, time.Second, v.Period())
}

// The three overflow policies on February 29 and January 31, and years and
// months added together.
func TestIssueOverflow(t *testing.T) {
	cases := []struct {
		now  time.Time
		l    Lifetime
		o    calendar.Overflow
		want string // NotAfter, or the error
	}{
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Years: 1}, calendar.Clamp, "2013-02-28T00:00:00Z"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Years: 1}, calendar.Roll, "2013-03-01T00:00:00Z"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Years: 1}, calendar.Reject,
			"cert: issue at 2012-02-29T00:00:00Z with policy p: calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Years: 4}, calendar.Reject, "2016-02-29T00:00:00Z"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Months: 12}, calendar.Reject,
			"cert: issue at 2012-02-29T00:00:00Z with policy p: calendar: 2012-02-29 + 12 months: 2013-02-29 does not exist (February 2013 has 28 days)"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Years: 1, Months: 1}, calendar.Reject, "2013-03-29T00:00:00Z"},
		{utc(2012, 1, 31, 8, 0, 0), Lifetime{Months: 1}, calendar.Clamp, "2012-02-29T08:00:00Z"},
		{utc(2013, 1, 31, 8, 0, 0), Lifetime{Months: 1}, calendar.Roll, "2013-03-03T08:00:00Z"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Years: 1, Days: 1}, calendar.Clamp, "2013-03-01T00:00:00Z"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Days: 366}, 0, "2013-03-01T00:00:00Z"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Duration: 398 * 24 * time.Hour}, 0, "2013-04-02T00:00:00Z"},
		{utc(2012, 2, 29, 0, 0, 0), Lifetime{Years: 1, Duration: time.Hour}, calendar.Clamp, "2013-02-28T01:00:00Z"},
	}
	for _, c := range cases {
		p := Policy{Name: "p", Lifetime: c.l, Overflow: c.o}
		v, err := Issue(p, c.now)
		if err != nil {
			assert.Equal(t, c.want, err.Error(), "%s + %s", c.now, c.l)
			assert.ErrorIs(t, err, calendar.ErrNoSuchDay)
			var ce *calendar.Error
			assert.True(t, errors.As(err, &ce), "the calendar's error is wrapped")
			assert.NotErrorIs(t, err, ErrRange)
			continue
		}
		assert.Equal(t, c.want, formatTime(v.NotAfter), "%s + %s (%s)", c.now, c.l, c.o)
		assert.True(t, v.NotBefore.Equal(c.now))
	}
}

func TestIssueGuestAgentMessage(t *testing.T) {
	p, err := PresetByName(GuestAgent2012)
	require.NoError(t, err)
	// Any time of the day fails, and the message names the time given.
	_, err = Issue(p.Policy, utc(2012, 2, 29, 13, 45, 7).Add(250*time.Millisecond))
	require.Error(t, err)
	assert.Equal(t, "cert: issue at 2012-02-29T13:45:07Z with policy guest-agent-2012: calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)", err.Error())
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, calendar.ErrNoSuchDay, e.Kind)
	assert.Equal(t, "2012-02-29T13:45:07Z", e.Input)
}

func TestIssueBackdate(t *testing.T) {
	now := utc(2025, 6, 1, 12, 0, 0)
	p := Policy{Lifetime: Lifetime{Duration: 90 * 24 * time.Hour}, Backdate: time.Hour, SubtractSecond: true}
	v, err := Issue(p, now)
	require.NoError(t, err)
	assert.Equal(t, "2025-06-01T11:00:00Z..2025-08-30T10:59:59Z", v.String(), "the lifetime counts from the backdated NotBefore")
	assert.Equal(t, 90*24*time.Hour, v.Period())
	assert.True(t, v.ValidAt(now))

	// Backdating can move NotBefore onto a February 29: an issuer that
	// backdates and rejects fails shortly after a leap day too.
	r := Policy{Name: "backdating-reject", Lifetime: Lifetime{Years: 1}, Overflow: calendar.Reject, Backdate: time.Hour}
	_, err = Issue(r, utc(2012, 3, 1, 0, 30, 0))
	assert.ErrorIs(t, err, calendar.ErrNoSuchDay)
	_, err = Issue(r, utc(2012, 3, 1, 1, 0, 0))
	assert.NoError(t, err)

	// Backdating stops at the model's first second.
	v, err = Issue(Policy{Lifetime: Lifetime{Days: 1}, Backdate: 48 * time.Hour}, utc(1, 1, 1, 12, 0, 0))
	require.NoError(t, err)
	assert.Equal(t, "0001-01-01T00:00:00Z..0001-01-02T00:00:00Z", v.String())
}

func TestIssueStartOfDayAndLocation(t *testing.T) {
	east := time.FixedZone("UTC+14", 14*3600)
	p := Policy{Name: "kiribati", Lifetime: Lifetime{Years: 1}, Overflow: calendar.Reject, StartOfDay: true, Location: east}
	// 2012-02-28T10:00:00Z is already February 29 in UTC+14.
	_, err := Issue(p, utc(2012, 2, 28, 9, 59, 59))
	require.NoError(t, err)
	_, err = Issue(p, utc(2012, 2, 28, 10, 0, 0))
	require.ErrorIs(t, err, calendar.ErrNoSuchDay)
	p.Overflow = calendar.Clamp
	v, err := Issue(p, utc(2012, 2, 28, 10, 0, 0))
	require.NoError(t, err)
	assert.Equal(t, "2012-02-28T10:00:00Z..2013-02-27T10:00:00Z", v.String(), "local midnight Feb 29 to local midnight Feb 28, in UTC")
	assert.Equal(t, time.UTC, v.NotBefore.Location())
	assert.Equal(t, time.UTC, v.NotAfter.Location())

	// A calendar lifetime keeps the wall clock in the issuer's location,
	// across a daylight-saving change: one day is 23 hours there.
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	d := Policy{Lifetime: Lifetime{Days: 1}, Location: ny}
	v, err = Issue(d, time.Date(2012, 3, 10, 12, 0, 0, 0, ny))
	require.NoError(t, err)
	assert.Equal(t, 23*time.Hour+time.Second, v.Period())
	m := Policy{Lifetime: Lifetime{Months: 6}, Overflow: calendar.Clamp, Location: ny}
	v, err = Issue(m, time.Date(2012, 1, 15, 9, 0, 0, 0, ny))
	require.NoError(t, err)
	assert.Equal(t, "2012-07-15T13:00:00Z", formatTime(v.NotAfter), "09:00 EDT")
	// The same lifetime as a duration is elapsed time.
	h := Policy{Lifetime: Lifetime{Duration: 24 * time.Hour}, Location: ny}
	v, err = Issue(h, time.Date(2012, 3, 10, 12, 0, 0, 0, ny))
	require.NoError(t, err)
	assert.Equal(t, 24*time.Hour+time.Second, v.Period())

	// StartOfDay in Sao Paulo on 2012-10-21, when midnight did not exist:
	// the day starts at 01:00 local (03:00 UTC).
	sp, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	s := Policy{Lifetime: Lifetime{Days: 1}, StartOfDay: true, Location: sp}
	v, err = Issue(s, time.Date(2012, 10, 21, 15, 0, 0, 0, sp))
	require.NoError(t, err)
	assert.Equal(t, "2012-10-21T03:00:00Z", formatTime(v.NotBefore))
}

func TestIssueRangeAndClamp(t *testing.T) {
	p := oneYear(calendar.Clamp)
	_, err := Issue(p, utc(9999, 6, 1, 0, 0, 0))
	require.ErrorIs(t, err, ErrRange)
	assert.Equal(t, "cert: issue at 9999-06-01T00:00:00Z with policy one-year-clamp: lifetime 1 year from 9999-06-01T00:00:00Z ends after 9999-12-31T23:59:59Z (set ClampNotAfter to clamp it)", err.Error())
	p.ClampNotAfter = true
	v, err := Issue(p, utc(9999, 6, 1, 0, 0, 0))
	require.NoError(t, err)
	assert.True(t, v.NotAfter.Equal(NoExpiration))

	d := Policy{Name: "d", Lifetime: Lifetime{Duration: 398 * 24 * time.Hour}}
	_, err = Issue(d, utc(9999, 6, 1, 0, 0, 0))
	require.ErrorIs(t, err, ErrRange)
	assert.Equal(t, "cert: issue at 9999-06-01T00:00:00Z with policy d: lifetime 9552h0m0s from 9999-06-01T00:00:00Z ends after 9999-12-31T23:59:59Z (set ClampNotAfter to clamp it)", err.Error())
	d.ClampNotAfter = true
	v, err = Issue(d, utc(9999, 6, 1, 0, 0, 0))
	require.NoError(t, err)
	assert.True(t, v.NotAfter.Equal(NoExpiration))
	// The last second of the model can still be issued at.
	v, err = Issue(d, NoExpiration)
	require.NoError(t, err)
	assert.Equal(t, time.Second, v.Period())
	// Exactly fitting lifetime needs no clamp.
	e := Policy{Lifetime: Lifetime{Duration: time.Hour}, SubtractSecond: true}
	v, err = Issue(e, utc(9999, 12, 31, 23, 0, 0))
	require.NoError(t, err)
	assert.True(t, v.NotAfter.Equal(NoExpiration))

	for _, now := range []time.Time{
		time.Date(0, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(1<<62, 0),
	} {
		_, err := Issue(d, now)
		require.ErrorIs(t, err, ErrRange, "%s", now)
		assert.Contains(t, err.Error(), "now is outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z")
	}

	// A location that puts the first hours of year 1 in year 0: there is
	// no calendar to count years in. At the other end, clamping applies.
	west := time.FixedZone("UTC-14", -14*3600)
	c := Policy{Name: "west", Lifetime: Lifetime{Years: 1}, Overflow: calendar.Clamp, Location: west, ClampNotAfter: true}
	_, err = Issue(c, utc(1, 1, 1, 0, 0, 0))
	require.ErrorIs(t, err, ErrRange)
	assert.Equal(t, "cert: issue at 0001-01-01T00:00:00Z with policy west: NotBefore 0001-01-01T00:00:00Z falls on 0000-12-31 in UTC-14, before the calendar's first year", err.Error())
	c.Location = time.FixedZone("UTC+14", 14*3600)
	v, err = Issue(c, utc(9999, 12, 31, 12, 0, 0))
	require.NoError(t, err)
	assert.True(t, v.NotAfter.Equal(NoExpiration))
}

// Sub-second parts of now are truncated toward the past, also before 1970.
func TestIssueTruncatesNow(t *testing.T) {
	p := Policy{Lifetime: Lifetime{Duration: time.Hour}}
	for _, c := range []struct{ now, want time.Time }{
		{utc(2012, 2, 29, 12, 0, 0).Add(999999999), utc(2012, 2, 29, 12, 0, 0)},
		{utc(1969, 12, 31, 23, 59, 59).Add(500 * time.Millisecond), utc(1969, 12, 31, 23, 59, 59)},
		{utc(1, 1, 1, 0, 0, 0).Add(1), utc(1, 1, 1, 0, 0, 0)},
		{time.Now(), time.Unix(time.Now().Unix(), 0)}, // monotonic reading dropped
	} {
		v, err := Issue(p, c.now)
		require.NoError(t, err)
		if c.now.Unix() == c.want.Unix() {
			assert.True(t, v.NotBefore.Equal(c.want), "%s: %s", c.now, v.NotBefore)
		}
		assert.Zero(t, v.NotBefore.Nanosecond())
		assert.NoError(t, v.Validate())
		assert.True(t, v.ValidAt(c.now))
	}
}

// Issue does not allocate on success, for every safe preset and for a
// location with daylight-saving time.
func TestIssueAllocationFree(t *testing.T) {
	sp, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	policies := []Policy{{Lifetime: Lifetime{Years: 2, Months: 3, Days: 4, Duration: time.Hour}, Overflow: calendar.Roll, Location: sp, StartOfDay: true, Backdate: time.Hour}}
	for _, p := range Presets() {
		policies = append(policies, p.Policy)
	}
	now := utc(2013, 5, 17, 8, 30, 0)
	for _, p := range policies {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := Issue(p, now); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "%s allocates", p.name())
	}
}

func TestPresets(t *testing.T) {
	ps := Presets()
	require.NotEmpty(t, ps)
	seen := map[string]bool{}
	var names []string
	for _, p := range ps {
		assert.False(t, seen[p.Name], "duplicate %s", p.Name)
		seen[p.Name] = true
		names = append(names, p.Name)
		assert.Equal(t, p.Name, p.Policy.Name)
		assert.NotEmpty(t, p.Source)
		assert.NoError(t, p.Policy.Validate())
		assert.Equal(t, p.Safe(), p.FailingDates == "", "%s: a claim of failing dates has words for them, and only then", p.Name)
		got, err := PresetByName(p.Name)
		require.NoError(t, err)
		assert.Equal(t, p.Name, got.Name)
	}
	ga, err := PresetByName(GuestAgent2012)
	require.NoError(t, err)
	assert.Contains(t, ga.Source, "Summary of Windows Azure Service Disruption on Feb 29th, 2012")
	assert.Equal(t, "fails on every February 29", ga.Claim.Text())
	// Fresh values: changing one does not change the next.
	ga.Policy.Overflow = calendar.Clamp
	ga.FailsOn = nil
	again, err := PresetByName(GuestAgent2012)
	require.NoError(t, err)
	assert.Equal(t, calendar.Reject, again.Policy.Overflow)
	assert.False(t, again.Safe())

	_, err = PresetByName("guest-agent-2013")
	require.ErrorIs(t, err, ErrPolicy)
	assert.Equal(t, `cert: no preset named "guest-agent-2013" (have `+strings.Join(names, ", ")+`)`, err.Error())
}

// CheckClaim fails a preset whose claim is wrong in either direction, names
// the preset, the instant and the claim, and refuses instants outside the
// claim's domain.
func TestCheckClaim(t *testing.T) {
	ga, err := PresetByName(GuestAgent2012)
	require.NoError(t, err)
	leap, next := utc(2012, 2, 29, 12, 0, 0), utc(2012, 3, 1, 0, 0, 0)
	require.NoError(t, ga.CheckClaim(leap))
	require.NoError(t, ga.CheckClaim(next))

	claimsSafe := ga
	claimsSafe.FailsOn, claimsSafe.FailingDates = nil, ""
	err = claimsSafe.CheckClaim(leap)
	require.ErrorIs(t, err, ErrClaim)
	assert.Contains(t, err.Error(), "guest-agent-2012 at 2012-02-29T12:00:00Z")
	assert.Contains(t, err.Error(), "claims no date fails, and 2012-02-29 is not a failing date")

	claimsMarch := ga
	claimsMarch.FailsOn = func(d calendar.Date) bool { return d.Month == time.March && d.Day == 1 }
	claimsMarch.FailingDates = "every March 1"
	err = claimsMarch.CheckClaim(next)
	require.ErrorIs(t, err, ErrClaim)
	assert.Contains(t, err.Error(), "claims to fail on 2012-03-01 (every March 1)")

	// A claim is about dates of the model: 0001-01-01T00:00:00Z in UTC+14 is
	// still 0001-01-01, but one second earlier is outside.
	east := ga
	east.Policy.Location = time.FixedZone("UTC+14", 14*3600)
	require.NoError(t, east.CheckClaim(utc(1, 1, 1, 0, 0, 0)))
	require.ErrorIs(t, ga.CheckClaim(utc(1, 1, 1, 0, 0, 0).Add(-time.Second)), ErrRange)
	west := ga
	west.Policy.Location = time.FixedZone("UTC-1", -3600)
	require.ErrorIs(t, west.CheckClaim(utc(1, 1, 1, 0, 0, 0)), ErrRange, "0000-12-31 in UTC-1")
	// The last second of the model is inside it, the next one is not.
	utcPresets := 0
	for _, p := range Presets() {
		if p.Policy.Location == nil || p.Policy.Location == time.UTC {
			utcPresets++
			assert.NoError(t, p.CheckClaim(NoExpiration), p.Name)
			assert.ErrorIs(t, p.CheckClaim(NoExpiration.Add(time.Second)), ErrRange, p.Name)
		}
	}
	assert.NotZero(t, utcPresets)
}

// The exhaustive claim check fails a preset whose claim is off by one day:
// the 2012 agent claimed to fail on March 1 instead of February 29.
func TestCheckClaimsCatchesAWrongClaim(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive")
	}
	ga, err := PresetByName(GuestAgent2012)
	require.NoError(t, err)
	ga.FailsOn = func(d calendar.Date) bool { return d.Month == time.March && d.Day == 1 && calendar.IsLeap(d.Year) }
	ft := &fakeT{}
	checkClaims(ft, []Preset{ga})
	assert.True(t, ft.failed, "a wrong claim must fail the check")
}

// The RCA: "It uses midnight UST of the current day as the valid-from date
// and one year from that date as the valid-to date."
func TestRCA_GuestAgentValidity(t *testing.T) {
	p, err := PresetByName(GuestAgent2012)
	require.NoError(t, err)
	v, err := Issue(p.Policy, utc(2012, 2, 28, 17, 45, 0))
	require.NoError(t, err)
	assert.Equal(t, "2012-02-28T00:00:00Z..2013-02-28T00:00:00Z", v.String())
	// "That meant that any GA that tried to create a transfer certificate on
	// leap day set a valid-to date of February 29, 2013, an invalid date
	// that caused the certificate creation to fail."
	for _, hh := range []int{0, 1, 12, 23} {
		_, err = Issue(p.Policy, utc(2012, 2, 29, hh, 0, 0))
		assert.ErrorIs(t, err, calendar.ErrNoSuchDay)
		assert.Contains(t, err.Error(), "2013-02-29 does not exist")
	}
	v, err = Issue(p.Policy, utc(2012, 3, 1, 0, 0, 0))
	require.NoError(t, err)
	assert.Equal(t, "2012-03-01T00:00:00Z..2013-03-01T00:00:00Z", v.String())
}

func TestLifetimeString(t *testing.T) {
	for _, c := range []struct {
		l    Lifetime
		want string
	}{
		{Lifetime{}, "0"},
		{Lifetime{Years: 1}, "1 year"},
		{Lifetime{Years: 2, Months: 1}, "2 years + 1 month"},
		{Lifetime{Days: 398}, "398 days"},
		{Lifetime{Months: 39, Duration: time.Hour}, "39 months + 1h0m0s"},
		// Invalid, but named in the error that says so: one is singular either way.
		{Lifetime{Years: -1}, "-1 year"},
		{Lifetime{Days: -2}, "-2 days"},
	} {
		assert.Equal(t, c.want, c.l.String())
	}
}

// TestIssueUTCFastPath: Issue in time.UTC (day-number arithmetic) and in a
// location that is UTC but not time.UTC (the general path through
// calendar.AddYears and time.Date) agree on results and errors, for random
// policies at random and month-end-biased times over the whole range.
func TestIssueUTCFastPath(t *testing.T) {
	const seed = 20120229
	rng := rand.New(rand.NewPCG(seed, seed))
	slowUTC := time.FixedZone("UTC", 0)
	n := 200000
	if testing.Short() {
		n = 20000
	}
	var bad mismatches
	for i := 0; i < n; i++ {
		p := Policy{
			Name:           "random",
			Lifetime:       Lifetime{Years: rng.IntN(5), Months: rng.IntN(3) * rng.IntN(30), Days: rng.IntN(2) * rng.IntN(400)},
			Overflow:       calendar.Policies()[rng.IntN(3)],
			SubtractSecond: rng.IntN(2) == 0,
			StartOfDay:     rng.IntN(2) == 0,
			Backdate:       time.Duration(rng.IntN(2)*rng.IntN(100000)) * time.Second,
			ClampNotAfter:  rng.IntN(2) == 0,
		}
		if p.Lifetime.Years+p.Lifetime.Months+p.Lifetime.Days == 0 {
			p.Lifetime.Duration = time.Duration(1+rng.IntN(86400*400)) * time.Second
		}
		var now time.Time
		if rng.IntN(2) == 0 {
			now = time.Unix(MinUnix+rng.Int64N(NoExpirationUnix-MinUnix+1), 0)
		} else {
			y := 1 + rng.IntN(9999)
			if rng.IntN(4) == 0 {
				y = []int{1, 2, 9998, 9999}[rng.IntN(4)]
			}
			m := time.Month(1 + rng.IntN(12))
			now = time.Date(y, m, 28+rng.IntN(calendar.DaysIn(y, m)-27), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0, time.UTC)
		}
		fast, slow := p, p
		fast.Location, slow.Location = time.UTC, slowUTC
		vf, ef := Issue(fast, now)
		vs, es := Issue(slow, now)
		if vf != vs || (ef == nil) != (es == nil) || (ef != nil && ef.Error() != es.Error()) {
			bad.Addf("%+v at %s: UTC %s %v, general %s %v (seed %d, i %d)", p, now.UTC().Format(time.RFC3339), vf, ef, vs, es, seed, i)
		}
	}
	bad.Check(t, "UTC fast path against the general path")
}

// A lifetime that ends on 10000-01-01 less a second ends on the model's last
// second: a year from 9999-01-01T00:00:00Z, SubtractSecond, is
// 9999-12-31T23:59:59Z, in range, under every overflow policy and in UTC as
// in another location; a second later it is past the range.
func TestIssueEndsOnTheLastSecond(t *testing.T) {
	east := time.FixedZone("UTC+02", 2*3600)
	for _, o := range calendar.Policies() {
		for _, loc := range []*time.Location{nil, east} {
			p := Policy{Name: "y", Lifetime: Lifetime{Years: 1}, Overflow: o, SubtractSecond: true, Location: loc}
			now := utc(9999, 1, 1, 0, 0, 0)
			if loc != nil {
				now = time.Date(9999, 1, 1, 0, 0, 0, 0, loc)
			}
			v, err := Issue(p, now)
			require.NoError(t, err, "%v %v", o, loc)
			assert.True(t, v.NotAfter.Equal(now.AddDate(1, 0, 0).Add(-time.Second)), "%v %v: %v", o, loc, v)
			_, err = Issue(p, now.Add(time.Second))
			if loc == nil {
				require.ErrorIs(t, err, ErrRange, "%v", o)
			}
			m := Policy{Name: "m", Lifetime: Lifetime{Months: 1}, Overflow: o, SubtractSecond: true}
			v, err = Issue(m, utc(9999, 12, 1, 0, 0, 0))
			require.NoError(t, err, "%v", o)
			assert.True(t, v.NotAfter.Equal(NoExpiration), "%v", v)
		}
	}
	// Past 9999 the day overflow still applies: 9999-12-31 + 2 months is
	// 10000-02-29 (Clamp) or 10000-03-02 (Roll), both past the range.
	for _, o := range []calendar.Overflow{calendar.Clamp, calendar.Roll} {
		p := Policy{Name: "c", Lifetime: Lifetime{Months: 2}, Overflow: o, ClampNotAfter: true}
		v, err := Issue(p, utc(9999, 12, 31, 0, 0, 0))
		require.NoError(t, err)
		assert.True(t, v.NotAfter.Equal(NoExpiration))
	}
}
