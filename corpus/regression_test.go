package corpus

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression tests: for each entry whose bug class has a model in leapcheck,
// the model's answer at the entry's dangerous instants. The calendar model
// covers leap days, leap-year rules, day 366, ISO week-years and the day
// arithmetic behind second counters; regression_cert_test.go adds the
// certificate classes.

// modelled lists the classes with a calendar model. Every entry in one of
// them must have a regression below (TestEveryModelledEntryHasARegression).
var modelled = []Class{LeapDay, LeapYearRule, Day366, ISOWeekYear, TimeT2038,
	GPSWeekRollover, DateNumberOverflow, CounterRollover}

// regressions maps an entry id to its check. Checks receive the entry as
// loaded from the embedded catalogue.
var regressions = map[string]func(t *testing.T, e Entry){}

func init() {
	for _, id := range []string{
		"azure-2012-leap-day", "dusseldorf-2016-baggage", "nz-fuel-pumps-2024",
		"ica-sweden-2024", "sophos-2024-leap-day", "paris-lighting-2024",
		"avianca-2024-ticket-dates",
	} {
		regressions[id] = checkLeapDayPlusOneYear
	}
	regressions["tomtom-2012-leap-year"] = checkMonthAfterFebruary
	regressions["zune-2008-day-366"] = checkDay366
	regressions["ps3-2010-leap-year"] = checkNotLeap(2010)
	regressions["excel-1900-leap-year"] = checkNotLeap(1900)
	regressions["twitter-2014-week-year"] = checkWeekYearDiffers
	regressions["ios-2011-new-year-alarms"] = checkWeekYearDiffers
	regressions["unix-time-2038"] = checkUnix32
	regressions["aolserver-2006-timeout"] = checkUnix32
	regressions["gps-week-rollover-1999"] = checkGPSWeek(1024)
	regressions["gps-week-rollover-2019"] = checkGPSWeek(2048)
	regressions["nycwin-2019-gps-rollover"] = checkGPSWeek(2048)
	regressions["gpsd-2021-week-rollback"] = checkGPSWeek(2181)
	regressions["honda-2022-nav-clock"] = checkHonda
	regressions["ntp-era-2036"] = checkNTPEra
	regressions["unix-billennium-2001"] = checkBillennium
	regressions["exchange-2022-fip-fs"] = checkExchange
	regressions["ios-1970-brick"] = checkEpoch
	regressions["boeing-787-gcu-248-days"] = checkCounter(100, 248) // 2^31 hundredths of a second
	regressions["windows-9x-49-days"] = checkCounter(1000, 49)      // 2^32 ms, unsigned
}

func TestEveryModelledEntryHasARegression(t *testing.T) {
	n := 0
	for _, e := range Entries() {
		for _, c := range modelled {
			if e.HasClass(c) {
				_, ok := regressions[e.ID]
				assert.True(t, ok, "%s (%s) has no regression test", e.ID, c)
				n++
				break
			}
		}
	}
	assert.Greater(t, n, 20)
	for id := range regressions {
		_, ok := Lookup(id)
		assert.True(t, ok, "regression for unknown entry %s", id)
	}
}

func TestRegressions(t *testing.T) {
	for id, check := range regressions {
		t.Run(id, func(t *testing.T) {
			e, ok := Lookup(id)
			require.True(t, ok)
			check(t, e)
		})
	}
}

// date returns the calendar date of a "YYYY-MM-DD" string, failing the test
// if it does not exist.
func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

// checkLeapDayPlusOneYear: the entry happened on February 29 (in its own
// offset), and adding a year there is the 2012 question: Reject errors with
// ErrNoSuchDay, Clamp gives February 28, Roll gives March 1.
func checkLeapDayPlusOneYear(t *testing.T, e Entry) {
	require.NotEmpty(t, e.Instants)
	d := e.Instants[0].DateOf()
	require.Equal(t, time.February, d.Month, "%v", d)
	require.Equal(t, 29, d.Day, "%v", d)
	assert.True(t, calendar.IsLeap(d.Year))
	assert.Equal(t, 60, d.YearDay())

	_, err := d.AddYears(1, calendar.Reject)
	require.Error(t, err)
	assert.True(t, errors.Is(err, calendar.ErrNoSuchDay), "%v", err)
	assert.Contains(t, err.Error(), fmt.Sprintf("%04d-02-29", d.Year+1))

	clamp, err := d.AddYears(1, calendar.Clamp)
	require.NoError(t, err)
	assert.Equal(t, calendar.Date{Year: d.Year + 1, Month: time.February, Day: 28}, clamp)
	roll, err := d.AddYears(1, calendar.Roll)
	require.NoError(t, err)
	assert.Equal(t, calendar.Date{Year: d.Year + 1, Month: time.March, Day: 1}, roll)
	// Roll is time.AddDate.
	assert.Equal(t, roll, calendar.DateOf(d.In(time.UTC).AddDate(1, 0, 0)))
	// Four years on there is a February 29 again under every policy.
	for _, o := range calendar.Policies() {
		four, err := d.AddYears(4, o)
		require.NoError(t, err)
		assert.Equal(t, 29, four.Day, "%v", o)
	}
	for _, in := range e.Inputs {
		if _, err := time.Parse("2006-01-02", in); err != nil && len(in) == 10 {
			_, err := calendar.ParseDate(in)
			assert.True(t, errors.Is(err, calendar.ErrNoSuchDay), "input %s: %v", in, err)
		}
	}
}

// checkMonthAfterFebruary: TomTom's receivers failed at the end of the
// month after a leap February. Stepping back a month from March 31 asks for
// February 31: the model rejects it, clamps to the leap day, or rolls to
// March 2.
func checkMonthAfterFebruary(t *testing.T, e Entry) {
	d := e.Instants[0].DateOf()
	require.Equal(t, date(t, "2012-03-31"), d)
	_, err := d.AddMonths(-1, calendar.Reject)
	assert.True(t, errors.Is(err, calendar.ErrNoSuchDay), "%v", err)
	c, err := d.AddMonths(-1, calendar.Clamp)
	require.NoError(t, err)
	assert.Equal(t, date(t, "2012-02-29"), c)
	r, err := d.AddMonths(-1, calendar.Roll)
	require.NoError(t, err)
	assert.Equal(t, date(t, "2012-03-02"), r)
}

// checkDay366: December 31 of a leap year is day 366, and the next day is
// January 1 of the next year.
func checkDay366(t *testing.T, e Entry) {
	d := e.Instants[0].DateOf()
	require.Equal(t, date(t, "2008-12-31"), d)
	assert.True(t, calendar.IsLeap(2008))
	assert.Equal(t, 366, d.YearDay())
	assert.Contains(t, e.Inputs, "366")
	next, err := d.AddDays(1)
	require.NoError(t, err)
	assert.Equal(t, date(t, "2009-01-01"), next)
	assert.Equal(t, 1, next.YearDay())
	// A common year has no day 366: its December 31 is day 365.
	assert.Equal(t, 365, date(t, "2009-12-31").YearDay())
}

// checkNotLeap: the system took year to be a leap year; the model says it
// is not, and February 29 of it does not exist.
func checkNotLeap(year int) func(t *testing.T, e Entry) {
	return func(t *testing.T, e Entry) {
		assert.False(t, calendar.IsLeap(year))
		assert.Equal(t, 28, calendar.DaysIn(year, time.February))
		feb29 := fmt.Sprintf("%04d-02-29", year)
		require.Contains(t, e.Inputs, feb29)
		_, err := calendar.ParseDate(feb29)
		assert.True(t, errors.Is(err, calendar.ErrNoSuchDay), "%v", err)
		_, err = calendar.NewDate(year, time.February, 29)
		assert.True(t, errors.Is(err, calendar.ErrNoSuchDay), "%v", err)
		// The day after February 28 is March 1, day 59 of the year.
		feb28 := date(t, fmt.Sprintf("%04d-02-28", year))
		next, err := feb28.AddDays(1)
		require.NoError(t, err)
		assert.Equal(t, calendar.Date{Year: year, Month: time.March, Day: 1}, next)
		assert.Equal(t, 60, next.YearDay())
		found := false
		for _, in := range e.Instants {
			found = found || in.DateOf() == next
		}
		assert.True(t, found, "the entry has the instant of %v", next)
	}
}

// checkWeekYearDiffers: on the first instant the ISO week-based year differs
// from the calendar year (the YYYY/%G bug); on the last they agree again.
func checkWeekYearDiffers(t *testing.T, e Entry) {
	require.GreaterOrEqual(t, len(e.Instants), 2)
	first := e.Instants[0].DateOf()
	wy, _ := first.ISOWeek()
	assert.NotEqual(t, first.Year, wy, "%v is in ISO year %d", first, wy)
	ty, _ := e.Instants[0].At.ISOWeek()
	assert.Equal(t, ty, wy, "model agrees with time.ISOWeek")
	last := e.Instants[len(e.Instants)-1].DateOf()
	ly, _ := last.ISOWeek()
	assert.Equal(t, last.Year, ly, "%v", last)
}

// unixOf computes t's Unix time from the model's day number and the time of
// day: days since 1970-01-01 times 86,400 plus the seconds of the day.
func unixOf(t time.Time) int64 {
	t = t.UTC()
	return calendar.DateOf(t).DayNumber()*86400 + int64(t.Hour()*3600+t.Minute()*60+t.Second())
}

// checkUnix32: the model's day numbers put the entry's instant where a
// signed 32-bit time_t runs out.
func checkUnix32(t *testing.T, e Entry) {
	for _, in := range e.Instants {
		assert.Equal(t, in.At.Unix(), unixOf(in.At), "%s", in.Label)
	}
	switch e.ID {
	case "unix-time-2038":
		assert.Equal(t, int64(math.MaxInt32), unixOf(e.Instants[0].At))
		assert.Equal(t, int64(math.MaxInt32)+1, unixOf(e.Instants[1].At))
		assert.Equal(t, int64(math.MinInt32), unixOf(e.Instants[2].At))
		assert.Equal(t, int32(math.MinInt32), int32(uint32(unixOf(e.Instants[1].At))), "one more second wraps")
	case "aolserver-2006-timeout":
		deadline := unixOf(e.Instants[0].At) + 1e9
		assert.Equal(t, int64(math.MaxInt32)+1, deadline, "now + 1e9 s is the first second past time_t")
		assert.Less(t, int64(int32(deadline)), unixOf(e.Instants[0].At), "the wrapped deadline is in the past")
	}
}

// gpsEpoch is the start of GPS week 0.
var gpsEpoch = calendar.Date{Year: 1980, Month: time.January, Day: 6}

// checkGPSWeek: week number week starts on the model's day gpsEpoch +
// 7*week, a Sunday; the entry's instant is that day's GPS midnight (18 s
// earlier in UTC in 2019, 13 s in 1999) or the day itself.
func checkGPSWeek(week int) func(t *testing.T, e Entry) {
	return func(t *testing.T, e Entry) {
		start, err := gpsEpoch.AddDays(7 * week)
		require.NoError(t, err)
		assert.Equal(t, time.Sunday, start.Weekday())
		at := e.Instants[0].At.UTC()
		gpsMidnight := start.In(time.UTC)
		assert.True(t, !at.After(gpsMidnight) && gpsMidnight.Sub(at) < 20*time.Second,
			"%s is within 20 s before the start of week %d (%v)", at, week, start)
		if week%1024 == 0 {
			// The 10-bit week number broadcast at that moment is 0.
			assert.Equal(t, 0, week&1023)
		} else {
			// gpsd subtracted 1024 weeks: March 2002.
			back, err := start.AddDays(-7 * 1024)
			require.NoError(t, err)
			assert.Equal(t, calendar.Date{Year: 2002, Month: time.March, Day: 10}, back)
		}
	}
}

// checkHonda: the date the units showed, 2002-05-19, is exactly 1024 weeks
// before a day in the first week of 2022.
func checkHonda(t *testing.T, e Entry) {
	require.Contains(t, e.Inputs, "2002-05-19")
	shown := date(t, "2002-05-19")
	real, err := shown.AddDays(7 * 1024)
	require.NoError(t, err)
	assert.Equal(t, 2022, real.Year)
	assert.Equal(t, time.January, real.Month)
	assert.Equal(t, e.Instants[0].DateOf().Year, real.Year)
}

// checkNTPEra: 2^32 seconds after 1900-01-01 is 49,710 days and 23,296
// seconds (06:28:16) later.
func checkNTPEra(t *testing.T, e Entry) {
	d := e.Instants[0].DateOf()
	days := d.DayNumber() - date(t, "1900-01-01").DayNumber()
	assert.Equal(t, int64(49710), days)
	at := e.Instants[0].At
	assert.Equal(t, int64(1)<<32, days*86400+int64(at.Hour()*3600+at.Minute()*60+at.Second()))
	assert.Contains(t, e.Inputs, "2208988800")
	assert.Equal(t, int64(2208988800), -date(t, "1900-01-01").DayNumber()*86400, "NTP to Unix offset")
}

// checkBillennium: the model's day number gives Unix time 10^9 at the
// instant, the first ten-digit value.
func checkBillennium(t *testing.T, e Entry) {
	assert.Equal(t, int64(1e9), unixOf(e.Instants[0].At))
	assert.Less(t, "1000000000", "999999999", "as strings, the new time sorts first")
}

// checkExchange: the yymmddNNNN version of the first 2022 engine does not
// fit an int32.
func checkExchange(t *testing.T, e Entry) {
	d := e.Instants[0].DateOf()
	v := int64(d.Year%100)*1e8 + int64(d.Month)*1e6 + int64(d.Day)*1e4 + 1
	assert.Equal(t, int64(2201010001), v)
	assert.Greater(t, v, int64(math.MaxInt32))
	last, err := d.AddDays(-1)
	require.NoError(t, err)
	prev := int64(last.Year%100)*1e8 + int64(last.Month)*1e6 + int64(last.Day)*1e4 + 1
	assert.LessOrEqual(t, prev, int64(math.MaxInt32), "%v still fits", last)
}

// checkEpoch: the model's day 0 is 1970-01-01, and in any zone ahead of
// UTC local midnight of that day is a negative Unix time.
func checkEpoch(t *testing.T, e Entry) {
	d := e.Instants[0].DateOf()
	assert.Equal(t, int64(0), d.DayNumber())
	cet := time.FixedZone("CET", 3600)
	assert.Equal(t, int64(-3600), d.In(cet).Unix())
	assert.Equal(t, int64(0), d.In(time.UTC).Unix())
}

// checkCounter: a 32-bit counter of 1/perSecond seconds wraps after the
// entry's whole number of days (signed for the 787, unsigned for Windows).
func checkCounter(perSecond int64, days int64) func(t *testing.T, e Entry) {
	return func(t *testing.T, e Entry) {
		var limit int64 = math.MaxUint32
		if perSecond == 100 {
			limit = math.MaxInt32
		}
		assert.Equal(t, days, limit/perSecond/86400)
		assert.NotEmpty(t, e.Inputs)
	}
}

// TestDSTRootCAX3MatchesCertificate checks the catalogue's notAfter for DST
// Root CA X3 against the certificate itself (testdata/dst-root-ca-x3.pem, the
// self-signed root as shipped in trust stores until 2021), parsed by
// crypto/x509. It is a UTCTime (the year is before 2050), so the
// certificate's last valid second is exactly the catalogue's instant.
func TestDSTRootCAX3MatchesCertificate(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "dst-root-ca-x3.pem"))
	require.NoError(t, err)
	block, _ := pem.Decode(b)
	require.NotNil(t, block)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	require.Equal(t, "DST Root CA X3", cert.Subject.CommonName)

	e, ok := Lookup("dst-root-ca-x3-2021")
	require.True(t, ok)
	require.Equal(t, "notAfter", e.Instants[0].Label)
	assert.True(t, cert.NotAfter.Equal(e.Instants[0].At), "certificate %s, catalogue %s", cert.NotAfter, e.Instants[0].At)
	// RFC 5280: valid through notAfter inclusive, not one second later.
	last := e.Instants[0].At
	assert.False(t, last.Before(cert.NotBefore) || last.After(cert.NotAfter))
	assert.True(t, last.Add(time.Second).After(cert.NotAfter))
	// The encoding in the DER is UTCTime "210930140115Z".
	assert.Contains(t, string(block.Bytes), "210930140115Z")
}
