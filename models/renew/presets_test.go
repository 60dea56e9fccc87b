package renew_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failingSet runs the prover over r and returns the failing dates.
func failingSet(t *testing.T, p renew.Preset, r calendar.Range) (map[calendar.Date]renew.Finding, proof.SubjectResult) {
	t.Helper()
	tally, fs := prove(t, p, r)
	out := map[calendar.Date]renew.Finding{}
	for _, f := range fs {
		out[f.Date] = f
	}
	return out, tally
}

// TestPresetClaims checks every preset's FailsOn against the prover over
// the default window: the safe ones fail on no date, and each unsafe one
// exactly on the dates it declares.
func TestPresetClaims(t *testing.T) {
	for _, p := range renew.Presets() {
		t.Run(p.Name, func(t *testing.T) {
			got, tally := failingSet(t, p, renew.DefaultWindow())
			require.EqualValues(t, 7671, tally.DatesChecked)
			require.Zero(t, tally.NotJudged)
			var want int64
			for d := range renew.DefaultWindow().Days() {
				w := !p.Safe() && p.FailsOn(d)
				if w {
					want++
				}
				if _, g := got[d]; g != w {
					t.Fatalf("%s on %s: prover says failing=%v, FailsOn says %v (%+v)", p.Name, d, g, w, got[d])
				}
			}
			assert.Equal(t, want, tally.FailingDates)
			assert.True(t, tally.OK, tally.Verdict)
			if !p.Safe() {
				assert.NotZero(t, tally.FailingDates, "an unsafe preset must fail somewhere in the default window")
			}
		})
	}
}

// The independent oracles below derive each unsafe preset's failing dates
// from the sources' figures with time.Time arithmetic only: no renew or
// calendar code, no FailsOn.

// leClassicDays is Let's Encrypt's classic lifetime for an issuance day.
func leClassicDays(t time.Time) int {
	switch {
	case !t.Before(time.Date(2028, 2, 16, 0, 0, 0, 0, time.UTC)):
		return 45
	case !t.Before(time.Date(2027, 2, 10, 0, 0, 0, 0, time.UTC)):
		return 64
	}
	return 90
}

// backoffUntil returns the hours a client retrying after 1h, doubling to
// max, waits from its first attempt to its first attempt at or after
// outage hours.
func backoffUntil(outage, maxHours int) int {
	at, d := 0, 1
	for at < outage {
		at += d
		d = min(2*d, maxHours)
	}
	return at
}

func windowDays() []time.Time {
	var out []time.Time
	for d := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 2040; d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}

func dateOf(t time.Time) calendar.Date {
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func TestIndependentEnumeration(t *testing.T) {
	oracles := map[string]func(d time.Time) bool{
		// Renewal 60 days after issuance; a 48-hour outage at that instant
		// retried 1h doubling to 24h succeeds 55 hours later. Lapse when
		// that is after the end of the lifetime.
		renew.Renew60DaysLEClassic: func(d time.Time) bool {
			renewed := d.Add(60*24*time.Hour + time.Duration(backoffUntil(48, 24))*time.Hour)
			return renewed.After(d.Add(time.Duration(leClassicDays(d)) * 24 * time.Hour))
		},
		// A job at 00:00 on every 31st (no run in other months), renewing
		// 45-day certificates and retrying hourly through a 48-hour outage.
		// The worst issuance is at 00:00 of the day.
		renew.Monthly31SkipLE45: func(d time.Time) bool {
			run := d.AddDate(0, 0, 1)
			for run.Day() != 31 {
				run = run.AddDate(0, 0, 1)
			}
			return run.Add(48 * time.Hour).After(d.Add(45 * 24 * time.Hour))
		},
		// "One year later" by adding 1 to the year, Python's replace():
		// fails when the day does not exist in the next year.
		renew.YearlyAddYearsReject: func(d time.Time) bool {
			next := time.Date(d.Year()+1, d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
			return next.Day() != d.Day()
		},
		// A job at 00:00 on February 29, 398-day certificates, hourly retry
		// through a 48-hour outage.
		renew.YearlyFeb29Skip: func(d time.Time) bool {
			run := d.AddDate(0, 0, 1)
			for run.Month() != time.February || run.Day() != 29 {
				run = run.AddDate(0, 0, 1)
			}
			return run.Add(48 * time.Hour).After(d.Add(398 * 24 * time.Hour))
		},
		// certbot's timer runs twice a day, each run delayed by less than
		// 12 hours, so 7 days hold at least 13 runs after the issuance.
		// A certificate of 160 hours is inside the 30-day threshold from
		// its first second, so every run renews: 1 + 13 issuances against
		// a limit of 5.
		renew.CertbotShortLived: func(time.Time) bool {
			dueAtIssuance := 160*time.Hour <= 30*24*time.Hour
			return dueAtIssuance && 1+(7*2-1) > 5
		},
	}
	for name, oracle := range oracles {
		t.Run(name, func(t *testing.T) {
			p, err := renew.PresetByName(name)
			require.NoError(t, err)
			got, _ := failingSet(t, p, renew.DefaultWindow())
			n := 0
			for _, d := range windowDays() {
				want := oracle(d)
				_, g := got[dateOf(d)]
				require.Equal(t, want, g, "%s issued %s", name, d.Format(time.DateOnly))
				if want {
					n++
				}
			}
			t.Logf("%s: %d failing dates of 7671, first and last: %v", name, n, firstLast(got))
		})
	}
}

func firstLast(m map[calendar.Date]renew.Finding) [2]string {
	var lo, hi calendar.Date
	for d := range m {
		if lo == (calendar.Date{}) || d.Before(lo) {
			lo = d
		}
		if d.After(hi) {
			hi = d
		}
	}
	return [2]string{lo.String(), hi.String()}
}

// TestRenew60DaysBoundary pins the statement: 4 days of margin
// from 2027-02-10, a lapse from 2028-02-16, and the lapse's length.
func TestRenew60DaysBoundary(t *testing.T) {
	p, err := renew.PresetByName(renew.Renew60DaysLEClassic)
	require.NoError(t, err)
	pr, err := renew.NewProver(p)
	require.NoError(t, err)
	for _, c := range []struct {
		date string
		fail bool
	}{{"2027-02-09", false}, {"2027-02-10", false}, {"2028-02-15", false}, {"2028-02-16", true}, {"2040-12-31", true}} {
		d, _ := calendar.ParseDate(c.date)
		f, bad, err := pr.Check(d)
		require.NoError(t, err)
		require.Equal(t, c.fail, bad, c.date)
		if bad {
			assert.Equal(t, renew.Lapse, f.Kind)
			// Issued at 00:00 with 45 days, due at day 60, renewed 55 hours
			// later: 15 days and 55 hours without a certificate.
			assert.Equal(t, 15*renew.Day+55*time.Hour, f.Gap, c.date)
		}
	}
}

func TestYearlyRejectFindingWrapsCalendarError(t *testing.T) {
	p, _ := renew.PresetByName(renew.YearlyAddYearsReject)
	pr, err := renew.NewProver(p)
	require.NoError(t, err)
	f, bad, err := pr.Check(calendar.Date{Year: 2028, Month: time.February, Day: 29})
	require.NoError(t, err)
	require.True(t, bad)
	assert.Equal(t, renew.ScheduleError, f.Kind)
	assert.Contains(t, f.Detail, "2029-02-29 does not exist")
}

func TestPresetByName(t *testing.T) {
	for _, p := range renew.Presets() {
		q, err := renew.PresetByName(p.Name)
		require.NoError(t, err)
		assert.Equal(t, p.Name, q.Name)
		assert.NoError(t, p.Validate())
		assert.NotEmpty(t, p.Source)
	}
	_, err := renew.PresetByName("certbot")
	require.ErrorIs(t, err, renew.ErrConfig)
	assert.Contains(t, err.Error(), `"certbot"`)
	assert.Contains(t, err.Error(), renew.CertbotLEClassic)
}
