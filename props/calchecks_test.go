package props

import (
	"encoding/asn1"
	"errors"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Independent implementations of the new checks, with the time package,
// and one shipped bug each.

func goDateOf(t time.Time) (int, time.Month, int) { return t.Date() }

// unixDateOf divides Unix seconds by 86,400 with Go's truncating division:
// every instant before 1970 that is not a UTC midnight lands a day late.
func unixDateOf(t time.Time) (int, time.Month, int) {
	_, off := t.Zone()
	return time.Unix((t.Unix()+int64(off))/86400*86400, 0).UTC().Date()
}

func utcDaysBetween(a, b calendar.Date) int {
	return int((b.In(time.UTC).Unix() - a.In(time.UTC).Unix()) / 86400)
}

// localDaysBetween subtracts local midnights: one short across spring-forward.
func localDaysBetween(loc *time.Location) func(a, b calendar.Date) int {
	return func(a, b calendar.Date) int { return int((b.In(loc).Unix() - a.In(loc).Unix()) / 86400) }
}

func goISOWeek(y int, m time.Month, d int) (int, int) {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC).ISOWeek()
}

// calendarYearWeek pairs the ISO week with the calendar year (the 2014
// "YYYY" bug).
func calendarYearWeek(y int, m time.Month, d int) (int, int) {
	_, w := goISOWeek(y, m, d)
	return y, w
}

// startOfDay steps from time.Date's midnight to the first instant that is
// on the day: time.Date may answer 23:00 of the day before where clocks
// skip midnight.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	s := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	for s.Day() != d {
		s = s.Add(time.Minute)
	}
	return s
}

func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return startOfDay(time.Date(y, m, d+1, 12, 0, 0, 0, t.Location())).Add(-time.Nanosecond)
}

func startOfMonth(t time.Time) time.Time {
	y, m, _ := t.Date()
	return startOfDay(time.Date(y, m, 1, 12, 0, 0, 0, t.Location()))
}

func endOfMonth(t time.Time) time.Time {
	y, m, _ := t.Date()
	return startOfDay(time.Date(y, m+1, 1, 12, 0, 0, 0, t.Location())).Add(-time.Nanosecond)
}

// asn1Decode reads the text back with encoding/asn1.
func asn1Decode(tag cert.Tag, text string) (time.Time, error) {
	var t time.Time
	der := append([]byte{byte(tag), byte(len(text))}, text...)
	rest, err := asn1.Unmarshal(der, &t)
	if err == nil && len(rest) > 0 {
		err = errors.New("trailing data")
	}
	return t, err
}

// pivotDecode reads a UTCTime's two-digit year with a pivot: years below
// pivot are 20YY (RFC 5280: 50), the rest 19YY.
func pivotDecode(pivot int) func(cert.Tag, string) (time.Time, error) {
	return func(tag cert.Tag, text string) (time.Time, error) {
		t, err := asn1Decode(tag, text)
		if err != nil || tag != cert.UTCTime {
			return t, err
		}
		yy := t.Year() % 100
		y := 1900 + yy
		if yy < pivot {
			y = 2000 + yy
		}
		return t.AddDate(y-t.Year(), 0, 0), nil
	}
}

// monthDayAge is the textbook age: the difference of the years, less one
// if the month and day of to come before those of from. It is Roll: a
// February 29 birthday counts on March 1 in common years.
func monthDayAge(from, to calendar.Date) int {
	if to.Before(from) {
		return -monthDayAge(to, from)
	}
	n := to.Year - from.Year
	if to.Month < from.Month || to.Month == from.Month && to.Day < from.Day {
		n--
	}
	return n
}

// clampAge is java.time's Period.between(from, to).getYears(): as
// monthDayAge, but a February 29 birthday counts on February 28 of a
// common year.
func clampAge(from, to calendar.Date) int {
	if to.Before(from) {
		return -clampAge(to, from)
	}
	n := monthDayAge(from, to)
	if from.IsFebruary29() && to.Month == time.February && to.Day == 28 && !calendar.IsLeap(to.Year) {
		n++
	}
	return n
}

// addDateAge counts anniversaries with time.Time.AddDate (Roll).
func addDateAge(from, to calendar.Date) int {
	if to.Before(from) {
		return -addDateAge(to, from)
	}
	n := to.Year - from.Year
	if from.In(time.UTC).AddDate(n, 0, 0).After(to.In(time.UTC)) {
		n--
	}
	return n
}

// yearDayAge compares days of the year instead of month and day: a day
// off after February whenever one year is leap and the other is not.
func yearDayAge(from, to calendar.Date) int {
	if to.Before(from) {
		return -yearDayAge(to, from)
	}
	n := to.Year - from.Year
	if to.YearDay() < from.YearDay() {
		n--
	}
	return n
}

func newCheckMutants(t *testing.T) []mutant {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	return []mutant{
		{"date of an instant by truncating division (before 1970)", func(vo VerifyOptions) error { return VerifyDateOf(unixDateOf, vo) }},
		{"date of an instant in UTC, not in its zone", func(vo VerifyOptions) error {
			return VerifyDateOf(func(t time.Time) (int, time.Month, int) { return t.UTC().Date() }, vo)
		}},
		{"days between as local midnights / 24h (DST)", func(vo VerifyOptions) error { return VerifyDaysBetween(localDaysBetween(ny), vo) }},
		{"days between off by one (counts both ends)", func(vo VerifyOptions) error {
			return VerifyDaysBetween(func(a, b calendar.Date) int { return utcDaysBetween(a, b) + 1 }, vo)
		}},
		{"days between by time.Duration (saturates past 292 years)", func(vo VerifyOptions) error {
			return VerifyDaysBetween(func(a, b calendar.Date) int { return int(b.In(time.UTC).Sub(a.In(time.UTC)) / (24 * time.Hour)) }, vo)
		}},
		{"age by day of the year", func(vo VerifyOptions) error { return VerifyCompletedYears(calendar.Roll, yearDayAge, vo) }},
		{"age by month and day (Roll) judged as Clamp", func(vo VerifyOptions) error { return VerifyCompletedYears(calendar.Clamp, monthDayAge, vo) }},
		{"age by java.time (Clamp) judged as Roll", func(vo VerifyOptions) error { return VerifyCompletedYears(calendar.Roll, clampAge, vo) }},
		{"ISO week with the calendar year (2014 YYYY)", func(vo VerifyOptions) error { return VerifyISOWeek(calendarYearWeek, vo) }},
		{"start of day by time.Date midnight (DST gap)", func(vo VerifyOptions) error {
			return VerifyBoundary(StartOfDay, func(t time.Time) time.Time {
				y, m, d := t.Date()
				return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
			}, vo)
		}},
		{"end of day as start + 24h - 1ns", func(vo VerifyOptions) error {
			return VerifyBoundary(EndOfDay, func(t time.Time) time.Time { return startOfDay(t).Add(24*time.Hour - time.Nanosecond) }, vo)
		}},
		{"end of month as the last day at 23:59:59", func(vo VerifyOptions) error {
			return VerifyBoundary(EndOfMonth, func(t time.Time) time.Time { return endOfMonth(t).Truncate(time.Second) }, vo)
		}},
		{"UTCTime pivot at 69 (POSIX strptime %y)", func(vo VerifyOptions) error { return VerifyCertTimeDecoding(pivotDecode(69), vo) }},
		{"UTCTime year always 20YY", func(vo VerifyOptions) error { return VerifyCertTimeDecoding(pivotDecode(100), vo) }},
	}
}

func TestNewCheckMutantsAreCaught(t *testing.T) {
	for _, m := range newCheckMutants(t) {
		err := m.verify(VerifyOptions{})
		var c *Counterexample
		if assert.True(t, errors.As(err, &c), "mutant %q was not caught (err %v)", m.name, err) {
			t.Logf("%-55s caught by %s: %s", m.name, c.Phase, c.Input)
		}
	}
}

func TestNewChecksPassCorrectCode(t *testing.T) {
	// Zone rules change only in 1800..2200 of the tz database (before, local
	// mean time; after, the last rule repeats): the instant checks sweep
	// those years and keep the run short.
	tz := InRange(calendar.Date{Year: 1800, Month: 1, Day: 1}, calendar.Date{Year: 2200, Month: 12, Day: 31})
	t.Run("time.Time.Date", func(t *testing.T) { CheckDateOf(t, goDateOf, tz) })
	t.Run("UTC midnights / 24h", func(t *testing.T) { CheckDaysBetween(t, utcDaysBetween) })
	t.Run("time.Time.ISOWeek", func(t *testing.T) { CheckISOWeek(t, goISOWeek) })
	t.Run("age by month and day (Roll)", func(t *testing.T) { CheckCompletedYears(t, calendar.Roll, monthDayAge) })
	t.Run("age by AddDate (Roll)", func(t *testing.T) { CheckCompletedYears(t, calendar.Roll, addDateAge) })
	t.Run("age as java.time Period (Clamp)", func(t *testing.T) { CheckCompletedYears(t, calendar.Clamp, clampAge) })
	for _, b := range []struct {
		b Boundary
		f func(time.Time) time.Time
	}{{StartOfDay, startOfDay}, {EndOfDay, endOfDay}, {StartOfMonth, startOfMonth}, {EndOfMonth, endOfMonth}} {
		t.Run(b.b.String(), func(t *testing.T) { CheckBoundary(t, b.b, b.f, tz) })
	}
	t.Run("encoding/asn1 decoder", func(t *testing.T) { CheckCertTimeDecoding(t, asn1Decode) })
}

func TestNewChecksBadArguments(t *testing.T) {
	assert.ErrorIs(t, VerifyDateOf(nil, VerifyOptions{}), errNilImpl)
	assert.ErrorIs(t, VerifyDaysBetween(nil, VerifyOptions{}), errNilImpl)
	assert.ErrorIs(t, VerifyCompletedYears(calendar.Roll, nil, VerifyOptions{}), errNilImpl)
	err := VerifyCompletedYears(calendar.Reject, monthDayAge, VerifyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "policy reject")
	err = VerifyCompletedYears(calendar.Overflow(9), monthDayAge, VerifyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CompletedYears")
	assert.ErrorIs(t, VerifyISOWeek(nil, VerifyOptions{}), errNilImpl)
	assert.ErrorIs(t, VerifyCertTimeDecoding(nil, VerifyOptions{}), errNilImpl)
	err = VerifyBoundary(Boundary(9), startOfDay, VerifyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Boundary(9)")
	f := runFake(func(tb *fakeTB) {
		s, o, err := boundarySpec(StartOfDay, nil, nil)
		if !badArgs(tb, err) {
			runCheck(tb, s, o)
		}
	})
	assert.True(t, f.Failed())
}

// The two-date checks' sweep pairs each day with the days their doc names:
// the next, 365 days later and 366 days earlier, or the day itself where
// that leaves the range; under OrderedPairs, in order.
func TestPairSweepIsWhatTheDocSays(t *testing.T) {
	rng := mustRangeP(t, "2000-01-01", "2003-12-31")
	for _, opts := range [][]Option{{InRange(rng.First(), rng.Last())}, {InRange(rng.First(), rng.Last()), OrderedPairs()}} {
		s, o, err := daysBetweenSpec(func(from, to calendar.Date) int { return 0 }, opts)
		require.NoError(t, err)
		for _, d := range []calendar.Date{rng.First(), {Year: 2001, Month: 2, Day: 28}, {Year: 2001, Month: 3, Day: 1}, {Year: 2003, Month: 1, Day: 1}, rng.Last()} {
			var want []datePair
			for _, off := range []int{1, 365, -366} {
				e, err := calendar.FromDayNumber(d.DayNumber() + int64(off))
				if err != nil || !rng.Contains(e) {
					e = d
				}
				p := datePair{d, e}
				if o.ordered && e.Before(d) {
					p = datePair{e, d}
				}
				want = append(want, p)
			}
			var got []datePair
			s.perDay(d, func(p datePair) bool { got = append(got, p); return true })
			assert.Equal(t, want, got, "sweep of %s, ordered %v", d, o.ordered)
		}
	}
}

// The two-date checks' edge table pairs each edge date with later and
// earlier days (pairOffsets), and their shrinking moves both dates by the
// same number of years towards 2000.
func TestPairEdgesAndShrinking(t *testing.T) {
	rng := mustRangeP(t, "2000-01-01", "2003-12-31")
	s, _, err := daysBetweenSpec(func(from, to calendar.Date) int { return 0 }, []Option{InRange(rng.First(), rng.Last())})
	require.NoError(t, err)
	d := calendar.Date{Year: 2002, Month: 3, Day: 1}
	offsets := map[int]bool{}
	for p := range s.edges {
		if p.from == d {
			offsets[int(p.to.DayNumber()-d.DayNumber())] = true
		}
	}
	for _, off := range []int{0, 1, -1, 7, 28, 31, -31, 365, 366, -365} {
		assert.True(t, offsets[off], "%s paired with the day %+d days away", d, off)
	}

	s, _, err = daysBetweenSpec(func(from, to calendar.Date) int { return 0 }, nil)
	require.NoError(t, err)
	from, to := calendar.Date{Year: 2413, Month: 5, Day: 17}, calendar.Date{Year: 2414, Month: 6, Day: 1}
	got := s.simpler(datePair{from, to})
	require.NotEmpty(t, got)
	assert.Equal(t, datePair{calendar.Date{Year: 2000, Month: 5, Day: 17}, calendar.Date{Year: 2001, Month: 6, Day: 1}}, got[0])
	for _, p := range got {
		assert.Equal(t, to.Year-from.Year, p.to.Year-p.from.Year, "%v: the span in years", p)
		assert.Equal(t, from.Month, p.from.Month)
		assert.Equal(t, to.Day, p.to.Day)
	}
}
