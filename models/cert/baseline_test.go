package cert

import (
	"errors"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests anchored in the CA/Browser Forum Baseline Requirements for TLS
// server certificates, §6.3.2 ("Certificate operational periods and key pair
// usage periods"). Each quotes the text it checks.

// The schedule's constants are the dates they claim to be.
func TestScheduleDates(t *testing.T) {
	assert.Equal(t, utc(2026, 3, 15, 0, 0, 0).Unix(), int64(br200From))
	assert.Equal(t, utc(2027, 3, 15, 0, 0, 0).Unix(), int64(br100From))
	assert.Equal(t, utc(2029, 3, 15, 0, 0, 0).Unix(), int64(br47From))
	assert.Equal(t, utc(1, 1, 1, 0, 0, 0).Unix(), MinUnix)
}

// "Subscriber Certificates issued on or after 15 March 2026 SHOULD NOT have a
// Validity Period greater than 199 days and MUST NOT have a Validity Period
// greater than 200 days", and likewise 100 days from 15 March 2027 and 47
// days from 15 March 2029; 398 days before. Windows are [on or after,
// before), chosen by NotBefore.
func TestBR_MaxValidityByIssuanceDate(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{utc(1, 1, 1, 0, 0, 0), 398},
		{utc(2020, 9, 1, 0, 0, 0), 398},
		{utc(2026, 3, 14, 23, 59, 59), 398},
		{utc(2026, 3, 15, 0, 0, 0), 200},
		{utc(2027, 3, 14, 23, 59, 59), 200},
		{utc(2027, 3, 15, 0, 0, 0), 100},
		{utc(2029, 3, 14, 23, 59, 59), 100},
		{utc(2029, 3, 15, 0, 0, 0), 47},
		{NoExpiration, 47},
		{utc(2026, 3, 15, 0, 0, 0).Add(-time.Nanosecond), 398},
		{time.Date(2026, 3, 15, 0, 0, 0, 0, time.FixedZone("UTC+1", 3600)), 398}, // 2026-03-14T23:00Z
	} {
		assert.Equal(t, c.want, MaxTLSValidityDays(c.at), "%s", c.at)
		assert.Equal(t, time.Duration(c.want)*24*time.Hour, MaxTLSValidity(c.at))
	}
	// The limit follows NotBefore: a 398-day certificate issued the second
	// before 2026-03-15 is compliant although it runs into 2027.
	nb := utc(2026, 3, 14, 23, 59, 59)
	assert.NoError(t, ComplianceError(Validity{nb, nb.Add(398*24*time.Hour - time.Second)}))
	nb = nb.Add(time.Second)
	err := ComplianceError(Validity{nb, nb.Add(398*24*time.Hour - time.Second)})
	assert.ErrorIs(t, err, ErrNotCompliant)
}

// "For the purpose of calculations, a day is measured as 86,400 seconds. Any
// amount of time greater than this, including fractional seconds and/or leap
// seconds, shall represent an additional day."
func TestBR_DayCounting(t *testing.T) {
	nb := utc(2012, 3, 1, 0, 0, 0)
	for _, c := range []struct {
		na   time.Time
		want int
	}{
		{nb, 1},                             // one second is one day
		{nb.Add(86399 * time.Second), 1},    // 86,400 s
		{nb.Add(86400 * time.Second), 2},    // 86,401 s
		{utc(2013, 2, 28, 23, 59, 59), 365}, // one year, SubtractSecond
		{utc(2013, 3, 1, 0, 0, 0), 366},     // one year + 1 s: the guest agent's convention
		{nb.Add(398*24*time.Hour - time.Second), 398},
		{nb.Add(398 * 24 * time.Hour), 399},
	} {
		assert.Equal(t, c.want, BRDays(Validity{nb, c.na}), "%s..%s", nb, c.na)
	}
	assert.Equal(t, 366, BRDays(Validity{utc(2011, 3, 1, 0, 0, 0), utc(2012, 2, 29, 23, 59, 59)}), "a year containing Feb 29")
	assert.Equal(t, 0, BRDays(Validity{nb, nb.Add(-time.Second)}), "invalid")
	assert.Equal(t, 3652059, BRDays(Validity{utc(1, 1, 1, 0, 0, 0), NoExpiration}))
}

// A "one year" certificate is 365 or 366 BR days depending on February 29
// and on the end-of-lifetime convention; over the days of 2010..2030 the
// ca-1year preset is 366 days exactly when its year contains a February 29,
// the guest agent's convention is 366 or 367, and the 398-day preset is
// compliant exactly until 2026-03-15.
func TestBR_OneYearAndLeapDays(t *testing.T) {
	ca, err := PresetByName(CAOneYear)
	require.NoError(t, err)
	ga, err := PresetByName(GuestAgentFixed)
	require.NoError(t, err)
	d398, err := PresetByName(CA398Days)
	require.NoError(t, err)
	r, err := calendar.NewRange(calendar.Date{Year: 2010, Month: 1, Day: 1}, calendar.Date{Year: 2030, Month: 12, Day: 31})
	require.NoError(t, err)
	var bad mismatches
	for d := range r.Days() {
		now := d.In(time.UTC)
		leapAhead := yearHasLeapDayAhead(d)
		v, err := Issue(ca.Policy, now)
		if want := map[bool]int{false: 365, true: 366}[leapAhead]; err != nil || BRDays(v) != want {
			bad.Addf("ca-1year at %s: %s %d BR days, want %d (%v)", d, v, BRDays(v), want, err)
		}
		v, err = Issue(ga.Policy, now)
		want := map[bool]int{false: 366, true: 367}[leapAhead]
		if d.Month == time.February && d.Day == 29 {
			want = 366 // clamped to Feb 28: 365 days + 1 s
		}
		if err != nil || BRDays(v) != want {
			bad.Addf("guest-agent-fixed at %s: %s %d BR days, want %d (%v)", d, v, BRDays(v), want, err)
		}
		v, err = Issue(d398.Policy, now)
		compliant := now.Before(utc(2026, 3, 15, 0, 0, 0))
		if err != nil || (ComplianceError(v) == nil) != compliant || BRDays(v) != 398 {
			bad.Addf("ca-398days at %s: %s: %v (%v)", d, v, ComplianceError(v), err)
		}
	}
	bad.Check(t, "one-year certificates and BR days")
}

func TestBR_ComplianceError(t *testing.T) {
	nb := utc(2026, 3, 15, 0, 0, 0)
	require.NoError(t, ComplianceError(Validity{nb, nb.Add(200*24*time.Hour - time.Second)}))
	v := Validity{nb, nb.Add(200 * 24 * time.Hour)}
	err := ComplianceError(v)
	require.ErrorIs(t, err, ErrNotCompliant)
	var cv *ComplianceViolation
	require.True(t, errors.As(err, &cv))
	assert.Equal(t, 200, cv.LimitDays)
	assert.Equal(t, 201, cv.Days)
	assert.Equal(t, time.Second, cv.Excess)
	assert.Equal(t, v, cv.Validity)
	assert.Equal(t, "cert: validity 2026-03-15T00:00:00Z..2026-10-01T00:00:00Z: period 201 BR days exceeds the 200-day maximum for certificates issued on or after 2026-03-15 by 1 day (period 17280001 s, limit 17280000 s, excess 1s)", err.Error())

	nb = utc(2030, 1, 1, 0, 0, 0)
	err = ComplianceError(Validity{nb, nb.Add(90*24*time.Hour - time.Second)})
	require.True(t, errors.As(err, &cv))
	assert.Equal(t, 47, cv.LimitDays)
	assert.Equal(t, 90, cv.Days)
	assert.Equal(t, 43*24*time.Hour, cv.Excess)
	assert.Contains(t, err.Error(), "by 43 days")
	assert.Contains(t, err.Error(), "on or after 2029-03-15")

	err = ComplianceError(Validity{nb, nb.Add(-time.Second)})
	assert.ErrorIs(t, err, ErrInvalidValidity)
	assert.NotErrorIs(t, err, ErrNotCompliant)
	// NoExpiration: thousands of years over, without overflow in the count.
	err = ComplianceError(Validity{nb, NoExpiration})
	require.True(t, errors.As(err, &cv))
	assert.Equal(t, int((time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()-nb.Unix())/86400), cv.Days)
}

// The "39 months" limit (certificates issued from 1 April 2015) and the
// calendar-month ambiguity for a certificate issued on February 29.
func TestBR_MonthsLimit(t *testing.T) {
	nb := utc(2012, 2, 29, 0, 0, 0)
	for _, c := range []struct {
		na     time.Time
		months int
		o      calendar.Overflow
		want   bool
	}{
		{utc(2015, 5, 29, 0, 0, 0), 39, calendar.Clamp, false},
		{utc(2015, 5, 29, 0, 0, 0), 39, calendar.Roll, false},
		{utc(2015, 5, 29, 0, 0, 0), 39, calendar.Reject, false},
		{utc(2015, 5, 29, 0, 0, 1), 39, calendar.Roll, true},
		{utc(2013, 2, 28, 0, 0, 0), 12, calendar.Clamp, false},
		{utc(2013, 3, 1, 0, 0, 0), 12, calendar.Clamp, true},
		{utc(2013, 3, 1, 0, 0, 0), 12, calendar.Roll, false},
		{utc(2013, 3, 1, 0, 0, 1), 12, calendar.Roll, true},
	} {
		got, err := MonthsLimitExceeded(Validity{nb, c.na}, c.months, c.o)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "%s + %d months (%s) vs %s", nb, c.months, c.o, c.na)
	}
	_, err := MonthsLimitExceeded(Validity{nb, utc(2013, 3, 1, 0, 0, 0)}, 12, calendar.Reject)
	assert.ErrorIs(t, err, calendar.ErrNoSuchDay)
	_, err = MonthsLimitExceeded(Validity{nb, utc(2013, 3, 1, 0, 0, 0)}, 12, 0)
	assert.ErrorIs(t, err, ErrPolicy)
	_, err = MonthsLimitExceeded(Validity{nb, utc(2013, 3, 1, 0, 0, 0)}, -1, calendar.Clamp)
	assert.ErrorIs(t, err, ErrRange)
	_, err = MonthsLimitExceeded(Validity{utc(9999, 1, 1, 0, 0, 0), NoExpiration}, 39, calendar.Clamp)
	assert.ErrorIs(t, err, ErrRange)
	_, err = MonthsLimitExceeded(Validity{nb, nb.Add(-time.Second)}, 39, calendar.Clamp)
	assert.ErrorIs(t, err, ErrInvalidValidity)
}

// TestBR_MonthsLimitBounds: the limit's documented range is 0..119,988 months,
// both ends included. A limit of 0 months allows exactly a one-second
// certificate (NotAfter = NotBefore, inclusive); 119,988 months (9,999 years)
// is accepted as a limit and then leaves the calendar (the calendar's error),
// while one month more is refused as a limit.
func TestBR_MonthsLimitBounds(t *testing.T) {
	nb := utc(2012, 2, 29, 0, 0, 0)
	for _, c := range []struct {
		na   time.Time
		want bool
	}{{nb, false}, {nb.Add(time.Second), true}} {
		for _, o := range calendar.Policies() {
			got, err := MonthsLimitExceeded(Validity{nb, c.na}, 0, o)
			require.NoError(t, err, "0 months, %v", o)
			assert.Equal(t, c.want, got, "%s..%s against 0 months (%v)", nb, c.na, o)
		}
	}
	first := utc(1, 1, 1, 0, 0, 0)
	_, err := MonthsLimitExceeded(Validity{first, first}, maxMonths, calendar.Clamp)
	assert.ErrorIs(t, err, ErrRange)
	assert.ErrorIs(t, err, calendar.ErrRange, "119,988 months is a limit; the calendar refuses the date it leads to")
	_, err = MonthsLimitExceeded(Validity{first, first}, maxMonths+1, calendar.Clamp)
	assert.ErrorIs(t, err, ErrRange)
	assert.NotErrorIs(t, err, calendar.ErrRange)
	assert.Contains(t, err.Error(), "must be in 0..119988")
}
