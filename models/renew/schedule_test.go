package renew_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestScheduleOverflow documents each overflow policy with worked dates:
// the runs after 2027-01-31T00:00:01Z of a job on the 31st, and after
// 2024-03-01 of a job on February 29.
func TestScheduleOverflow(t *testing.T) {
	cases := []struct {
		s     renew.Schedule
		after string
		want  []string
	}{
		{renew.MonthlyOn(31, renew.Skip), "2027-01-31T00:00:01Z", []string{"2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31", "2027-10-31"}},
		{renew.MonthlyOn(31, renew.Clamp), "2027-01-31T00:00:01Z", []string{"2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30"}},
		{renew.MonthlyOn(31, renew.Roll), "2027-01-31T00:00:01Z", []string{"2027-03-03", "2027-03-31", "2027-05-01", "2027-05-31", "2027-07-01"}},
		{renew.MonthlyOn(29, renew.Skip), "2027-01-29T00:00:01Z", []string{"2027-03-29", "2027-04-29"}},
		{renew.MonthlyOn(29, renew.Skip), "2028-01-29T00:00:01Z", []string{"2028-02-29", "2028-03-29"}},
		{renew.YearlyOn(time.February, 29, renew.Skip), "2024-03-01T00:00:00Z", []string{"2028-02-29", "2032-02-29"}},
		{renew.YearlyOn(time.February, 29, renew.Skip), "2096-03-01T00:00:00Z", []string{"2104-02-29"}},
		{renew.YearlyOn(time.February, 29, renew.Clamp), "2024-03-01T00:00:00Z", []string{"2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"}},
		{renew.YearlyOn(time.February, 29, renew.Roll), "2024-03-01T00:00:00Z", []string{"2025-03-01", "2026-03-01", "2027-03-01", "2028-02-29"}},
		{renew.DailyAt(0, 12*time.Hour), "2027-01-31T11:00:00Z", []string{"2027-01-31", "2027-02-01"}},
	}
	for _, c := range cases {
		runs, err := c.s.Runs(utc(c.after), 0, len(c.want))
		require.NoError(t, err, c.s.String())
		var got []string
		for _, r := range runs {
			got = append(got, r.Format(time.DateOnly))
		}
		assert.Equal(t, c.want, got, "%s after %s", c.s, c.after)
	}
}

// TestCertbotTimerDelays checks systemd's RandomizedDelaySec as modelled:
// each run within 12 hours after its 00:00 or 12:00, runs in order, the
// same seed giving the same runs and different seeds different ones.
func TestCertbotTimerDelays(t *testing.T) {
	s := renew.CertbotTimer()
	start := utc("2027-01-01T00:00:00Z")
	a, err := s.Runs(start, 42, 200)
	require.NoError(t, err)
	b, _ := s.Runs(start, 42, 200)
	c, _ := s.Runs(start, 43, 200)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	for i, r := range a {
		base := start.Add(time.Duration(i) * 12 * time.Hour)
		require.False(t, r.Before(base), "run %d at %s before its base %s", i, r, base)
		require.True(t, r.Before(base.Add(12*time.Hour)), "run %d at %s delayed 12h or more", i, r)
		if i > 0 {
			require.True(t, r.After(a[i-1]))
		}
	}
}

// TestScheduleString: minutes of the times of day, and a delay shown only
// when there is one.
func TestScheduleString(t *testing.T) {
	assert.Equal(t, "daily at 02:30,23:59", renew.DailyAt(2*time.Hour+30*time.Minute, 23*time.Hour+59*time.Minute).String())
	assert.Equal(t, "every 1d1h +rand(1s)", renew.Schedule{Kind: renew.Every, Period: 25 * time.Hour, Delay: time.Second}.String())
}

// TestSchedulesBefore1970: runs before the Unix epoch, where instants are
// negative and a truncating division would round the wrong way.
func TestSchedulesBefore1970(t *testing.T) {
	cases := []struct {
		s    renew.Schedule
		at   string
		want string
	}{
		{renew.DailyAt(6 * time.Hour), "1969-12-31T05:00:00Z", "1969-12-31T06:00:00Z"},
		{renew.DailyAt(6 * time.Hour), "1969-12-31T07:00:00Z", "1970-01-01T06:00:00Z"},
		{renew.DailyAt(6 * time.Hour), "1969-12-31T06:00:00Z", "1969-12-31T06:00:00Z"},
		{renew.DailyAt(0), "0500-03-01T00:00:01Z", "0500-03-02T00:00:00Z"},
		{renew.Schedule{Kind: renew.Every, Period: time.Hour}, "1969-12-31T22:30:00Z", "1969-12-31T23:00:00Z"},
		{renew.Schedule{Kind: renew.Every, Period: time.Hour}, "1969-12-31T23:00:00Z", "1969-12-31T23:00:00Z"},
		{renew.Schedule{Kind: renew.Every, Period: 7 * time.Second}, "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z"},
		{renew.Schedule{Kind: renew.Every, Period: 7 * time.Second}, "1969-12-31T23:59:50Z", "1969-12-31T23:59:53Z"},
		{renew.Schedule{Kind: renew.Every, Period: 7 * time.Second}, "1969-12-31T23:59:47Z", "1969-12-31T23:59:53Z"},
		{renew.DailyAt(6 * time.Hour), "1969-12-31T00:00:00Z", "1969-12-31T06:00:00Z"},
	}
	for _, c := range cases {
		got, err := c.s.NextRun(utc(c.at), 0)
		require.NoError(t, err)
		assert.Equal(t, c.want, got.UTC().Format(time.RFC3339), "%s after %s", c.s, c.at)
	}
}

// TestSchedulesAtTheModelsEnds: runs in year 1 and in 9999, a run on the
// model's last second, and a delayed run found before the search runs
// past 9999-12-31.
func TestSchedulesAtTheModelsEnds(t *testing.T) {
	next := func(s renew.Schedule, at string) (string, error) {
		got, err := s.NextRun(utc(at), 7)
		return got.UTC().Format(time.RFC3339), err
	}
	got, err := next(renew.MonthlyOn(1, renew.Skip), "0001-06-15T00:00:00Z")
	require.NoError(t, err)
	assert.Equal(t, "0001-07-01T00:00:00Z", got)
	got, err = next(renew.YearlyOn(time.December, 31, renew.Skip), "9999-06-01T00:00:00Z")
	require.NoError(t, err)
	assert.Equal(t, "9999-12-31T00:00:00Z", got)
	got, err = next(renew.DailyAt(23*time.Hour+59*time.Minute+59*time.Second), "9999-12-31T12:00:00Z")
	require.NoError(t, err)
	assert.Equal(t, "9999-12-31T23:59:59Z", got, "a run on the model's last second")
	_, err = next(renew.Schedule{Kind: renew.Daily, Times: []time.Duration{23 * time.Hour}, Delay: 2 * time.Hour}, "9999-12-31T22:00:00Z")
	assert.ErrorIs(t, err, renew.ErrRange, "a run whose delay can reach past 9999-12-31T23:59:59Z")
	late := renew.Schedule{Kind: renew.Daily, Times: []time.Duration{22 * time.Hour}, Delay: time.Hour}
	got, err = next(late, "9999-12-30T23:30:00Z")
	require.NoError(t, err, "the 9999-12-31 run is found before the search passes the model's end")
	assert.True(t, got >= "9999-12-31T22:00:00Z" && got < "9999-12-31T23:00:00Z", got)
}

// TestNextRunAtADelayedRun: a delayed run is its own next run (at or
// after), for every one of the first runs of a randomised timer.
func TestNextRunAtADelayedRun(t *testing.T) {
	s := renew.CertbotTimer()
	runs, err := s.Runs(utc("2027-01-01T00:00:00Z"), 42, 20)
	require.NoError(t, err)
	for _, r := range runs {
		got, err := s.NextRun(r, 42)
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
}

func TestScheduleValidate(t *testing.T) {
	bad := map[string]renew.Schedule{
		"Day = 32":        renew.MonthlyOn(32, renew.Skip),
		"Overflow":        renew.MonthlyOn(31, 0),
		"not a day":       renew.YearlyOn(time.February, 30, renew.Clamp),
		"Times[0]":        renew.DailyAt(24 * time.Hour),
		"must increase":   renew.DailyAt(12*time.Hour, time.Hour),
		"longer than":     {Kind: renew.Daily, Times: []time.Duration{0, 12 * time.Hour}, Delay: 37 * time.Hour},
		"at least one":    {Kind: renew.Daily},
		"a continuous sc": {Kind: renew.Continuous, Delay: time.Hour},
	}
	for want, s := range bad {
		err := s.Validate()
		require.ErrorIs(t, err, renew.ErrConfig, want)
		assert.Contains(t, err.Error(), want)
	}
	daily := func(delay time.Duration, times ...time.Duration) renew.Schedule {
		return renew.Schedule{Kind: renew.Daily, Times: times, Delay: delay}
	}
	every := func(period, delay time.Duration) renew.Schedule {
		return renew.Schedule{Kind: renew.Every, Period: period, Delay: delay}
	}
	// Each bound just inside and just outside. A delay may reach the
	// shortest gap between runs (wrapping round midnight) plus a day.
	edges := []struct {
		s  renew.Schedule
		ok bool
	}{
		{daily(0, time.Hour, time.Hour), false},
		{daily(26*time.Hour, time.Hour, 3*time.Hour), true},
		{daily(26*time.Hour+time.Second, time.Hour, 3*time.Hour), false},
		{daily(26*time.Hour, time.Hour, 23*time.Hour), true},
		{daily(26*time.Hour+time.Second, time.Hour, 23*time.Hour), false},
		{daily(48*time.Hour, 0), true},
		{daily(48*time.Hour+time.Second, 0), false},
		{every(0, 0), false},
		{every(time.Second, time.Second), true},
		{every(time.Hour, time.Hour+time.Second), false},
		{every(366*renew.Day, 0), true},
		{every(366*renew.Day+time.Second, 0), false},
		{renew.YearlyOn(time.January, 1, renew.Skip), true},
		{renew.YearlyOn(time.December, 31, renew.Skip), true},
		{renew.YearlyOn(0, 1, renew.Skip), false},
		{renew.YearlyOn(13, 1, renew.Skip), false},
		{renew.MonthlyOn(1, renew.Skip), true},
		{renew.MonthlyOn(31, renew.Skip), true},
		{renew.MonthlyOn(0, renew.Skip), false},
	}
	for _, c := range edges {
		err := c.s.Validate()
		if c.ok {
			assert.NoError(t, err, "%+v", c.s)
		} else {
			assert.ErrorIs(t, err, renew.ErrConfig, "%+v", c.s)
		}
	}
	_, err := renew.YearlyOn(time.February, 29, renew.Skip).NextRun(utc("9996-03-01T00:00:00Z"), 0)
	require.ErrorIs(t, err, renew.ErrRange)
}
