package calendar

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewDateBadInput(t *testing.T) {
	cases := []struct {
		y    int
		m    time.Month
		d    int
		kind error
		msg  string
	}{
		{2013, 2, 29, ErrNoSuchDay, "calendar: 2013-02-29 does not exist (February 2013 has 28 days)"},
		{1900, 2, 29, ErrNoSuchDay, "calendar: 1900-02-29 does not exist (February 1900 has 28 days)"},
		{29, 2, 29, ErrNoSuchDay, "calendar: 0029-02-29 does not exist (February 0029 has 28 days)"},
		{2012, 4, 31, ErrNoSuchDay, "calendar: 2012-04-31 does not exist (April 2012 has 30 days)"},
		{2012, 1, 0, ErrNoSuchDay, "calendar: 2012-01-00 does not exist (January 2012 has 31 days)"},
		{2012, 1, -5, ErrNoSuchDay, "calendar: 2012-01--5 does not exist (January 2012 has 31 days)"},
		{2012, 13, 1, ErrRange, "calendar: 2012-13-01: month 13 out of range 1..12"},
		{2012, 0, 1, ErrRange, "calendar: 2012-00-01: month 0 out of range 1..12"},
		{0, 1, 1, ErrRange, "calendar: 0000-01-01: year 0 out of range 1..9999"},
		{10000, 1, 1, ErrRange, "calendar: 10000-01-01: year 10000 out of range 1..9999"},
		{-1, 1, 1, ErrRange, "calendar: -001-01-01: year -1 out of range 1..9999"},
	}
	for _, c := range cases {
		d, err := NewDate(c.y, c.m, c.d)
		require.Error(t, err, "%d-%d-%d", c.y, c.m, c.d)
		assert.ErrorIs(t, err, c.kind)
		assert.EqualError(t, err, c.msg)
		assert.Equal(t, Date{}, d)
		var e *Error
		require.True(t, errors.As(err, &e))
		assert.Equal(t, Date{c.y, c.m, c.d}.String(), e.Input)
	}
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2012-02-29")
	require.NoError(t, err)
	assert.Equal(t, Date{2012, time.February, 29}, d)
	assert.Equal(t, "2012-02-29", d.String())

	for _, s := range []string{"", "2012", "2012-2-29", "2012-02-29T00:00:00Z", "12-02-29", "2012/02/29",
		"2012-0a-29", "+012-02-29", "-012-02-29", "２０１２-02-29", "2012-02-2 ", " 2012-02-2", "garbage!!!", "2012-02-29\x00"} {
		_, err := ParseDate(s)
		require.Error(t, err, "%q", s)
		assert.ErrorIs(t, err, ErrSyntax, "%q", s)
		assert.Contains(t, err.Error(), "YYYY-MM-DD")
	}
	for s, kind := range map[string]error{"2013-02-29": ErrNoSuchDay, "2012-13-01": ErrRange, "0000-01-01": ErrRange, "2012-04-31": ErrNoSuchDay, "2012-01-00": ErrNoSuchDay} {
		_, err := ParseDate(s)
		assert.ErrorIs(t, err, kind, s)
		assert.Contains(t, err.Error(), s)
	}
}

func TestStringRoundTripsEveryDay(t *testing.T) {
	var bad mismatches
	for d := range All().Days() {
		if d.Day != 1 && d.Day < 28 {
			continue // the first and the last days of every month suffice
		}
		s := d.String()
		if s != time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly) {
			bad.Addf("%v prints %q", [3]int{d.Year, int(d.Month), d.Day}, s)
		}
		if p, err := ParseDate(s); err != nil || p != d {
			bad.Addf("ParseDate(%q) = %v, %v", s, p, err)
		}
	}
	bad.Check(t, "String/ParseDate")
}

func TestCompare(t *testing.T) {
	a, b := Date{2012, 2, 29}, Date{2012, 3, 1}
	assert.True(t, a.Before(b))
	assert.True(t, b.After(a))
	assert.Equal(t, 0, a.Compare(a))
	assert.Equal(t, -1, Date{2011, 12, 31}.Compare(a))
	assert.Equal(t, 1, Date{2012, 2, 30}.Compare(a))
}

func TestFromDayNumberRange(t *testing.T) {
	for _, n := range []int64{MinDayNumber - 1, MaxDayNumber + 1, -1 << 62, 1 << 62} {
		_, err := FromDayNumber(n)
		assert.ErrorIs(t, err, ErrRange, "%d", n)
	}
	d, err := FromDayNumber(MinDayNumber)
	require.NoError(t, err)
	assert.Equal(t, MinDate, d)
	d, err = FromDayNumber(MaxDayNumber)
	require.NoError(t, err)
	assert.Equal(t, MaxDate, d)
}

func TestWorkedExamples(t *testing.T) {
	// The edge rules of the package doc, as worked dates.
	cases := []struct {
		from        Date
		years, mons int
		clamp, roll string
	}{
		{Date{2012, 2, 29}, 1, 0, "2013-02-28", "2013-03-01"},
		{Date{2012, 2, 29}, -1, 0, "2011-02-28", "2011-03-01"},
		{Date{2012, 2, 29}, 4, 0, "2016-02-29", "2016-02-29"},
		{Date{2000, 2, 29}, 100, 0, "2100-02-28", "2100-03-01"},
		{Date{2012, 1, 31}, 0, 1, "2012-02-29", "2012-03-02"},
		{Date{2013, 1, 31}, 0, 1, "2013-02-28", "2013-03-03"},
		{Date{2012, 3, 31}, 0, -1, "2012-02-29", "2012-03-02"},
		{Date{2012, 10, 31}, 0, 1, "2012-11-30", "2012-12-01"},
		{Date{2012, 12, 31}, 0, 2, "2013-02-28", "2013-03-03"},
		{Date{2012, 5, 31}, 0, -13, "2011-04-30", "2011-05-01"},
	}
	for _, c := range cases {
		for o, want := range map[Overflow]string{Clamp: c.clamp, Roll: c.roll} {
			got, err := c.from.add(c.years, c.mons, o)
			require.NoError(t, err)
			assert.Equal(t, want, got.String(), "%s %+dy %+dm %v", c.from, c.years, c.mons, o)
		}
		_, err := c.from.add(c.years, c.mons, Reject)
		if c.clamp == c.roll {
			assert.NoError(t, err)
		} else {
			assert.ErrorIs(t, err, ErrNoSuchDay)
		}
	}
}

func TestArithmeticErrors(t *testing.T) {
	leap := Date{2012, 2, 29}
	_, err := leap.AddYears(1, Reject)
	assert.EqualError(t, err, "calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)")
	assert.ErrorIs(t, err, ErrNoSuchDay)

	_, err = Date{2012, 1, 31}.AddMonths(-11, Reject)
	assert.EqualError(t, err, "calendar: 2012-01-31 - 11 months: 2011-02-31 does not exist (February 2011 has 28 days)")

	for _, c := range []struct {
		d           Date
		years, mons int
	}{
		{MaxDate, 1, 0}, {MinDate, -1, 0}, {MaxDate, 0, 1}, {MinDate, 0, -1},
		{leap, 8000, 0}, {leap, -2012, 0}, {leap, 1 << 62, 0}, {leap, 0, -1 << 62}, {leap, -1 << 63, 0},
	} {
		for _, o := range Policies() {
			_, err := c.d.add(c.years, c.mons, o)
			assert.ErrorIs(t, err, ErrRange, "%s %d %d", c.d, c.years, c.mons)
			assert.Contains(t, err.Error(), "outside 0001-01-01..9999-12-31")
		}
	}
	// The receiver is validated.
	_, err = Date{2013, 2, 29}.AddYears(1, Clamp)
	assert.ErrorIs(t, err, ErrNoSuchDay)
	_, err = Date{}.AddMonths(1, Roll)
	assert.ErrorIs(t, err, ErrRange)
	// The policy is validated, zero value included.
	for _, o := range []Overflow{0, 4, 255} {
		_, err = leap.AddYears(1, o)
		assert.ErrorIs(t, err, ErrPolicy)
		assert.Contains(t, err.Error(), "2012-02-29 + 1 year")
	}
}

func TestAddDays(t *testing.T) {
	d, err := Date{2012, 2, 28}.AddDays(1)
	require.NoError(t, err)
	assert.Equal(t, Date{2012, 2, 29}, d)
	d, err = MaxDate.AddDays(-DaysInRange + 1)
	require.NoError(t, err)
	assert.Equal(t, MinDate, d)
	for _, n := range []int{1, DaysInRange, 1 << 62, -1 << 63} {
		_, err = MaxDate.AddDays(n)
		if n > 0 {
			assert.ErrorIs(t, err, ErrRange, "%d", n)
		}
		_, err = MinDate.AddDays(-n)
		assert.ErrorIs(t, err, ErrRange, "%d", -n)
	}
	_, err = Date{2012, 2, 30}.AddDays(1)
	assert.ErrorIs(t, err, ErrNoSuchDay)
}

func TestParseOverflow(t *testing.T) {
	for _, o := range Policies() {
		p, err := ParseOverflow(o.String())
		require.NoError(t, err)
		assert.Equal(t, o, p)
	}
	_, err := ParseOverflow("Clamp ")
	assert.ErrorIs(t, err, ErrPolicy)
	assert.Contains(t, err.Error(), `"Clamp "`)
	assert.Equal(t, "Overflow(0)", Overflow(0).String())
}

func TestDaysInBadMonth(t *testing.T) {
	assert.Equal(t, 0, DaysIn(2012, 0))
	assert.Equal(t, 0, DaysIn(2012, 13))
	assert.Equal(t, 0, Date{2012, 13, 1}.YearDay())
}

// TestStringOutOfRange: String prints every field as it is, in range or not,
// so that error messages show the input (a fast path serves 0000..9999 with
// two-digit months and days; the rest goes through fmt with the same layout).
func TestStringOutOfRange(t *testing.T) {
	for want, d := range map[string]Date{
		"0000-01-01":  {0, 1, 1},
		"9999-12-31":  {9999, 12, 31},
		"10000-01-01": {10000, 1, 1},
		"-001-01-01":  {-1, 1, 1},
		"2012-00-00":  {2012, 0, 0},
		"2012-99-99":  {2012, 99, 99},
		"2012--1-01":  {2012, -1, 1},
		"2012-100-01": {2012, 100, 1},
		"2012-01--1":  {2012, 1, -1},
		"2012-01-100": {2012, 1, 100},
	} {
		assert.Equal(t, want, d.String(), "%#v", d)
	}
}

// TestAddDaysAtTheEnds: the last and first days of the model are reachable
// by AddDays (9999-12-30 + 1 day is 9999-12-31, not an error) and one day
// past them is not.
func TestAddDaysAtTheEnds(t *testing.T) {
	cases := []struct {
		from Date
		n    int
		want Date // zero: ErrRange
	}{
		{Date{9999, 12, 30}, 1, MaxDate},
		{Date{9999, 12, 30}, 2, Date{}},
		{MaxDate, 0, MaxDate},
		{MaxDate, 1, Date{}},
		{Date{1, 1, 2}, -1, MinDate},
		{Date{1, 1, 2}, -2, Date{}},
		{MinDate, 0, MinDate},
		{MinDate, -1, Date{}},
		{MinDate, DaysInRange - 1, MaxDate},
		{MinDate, DaysInRange, Date{}},
	}
	for _, c := range cases {
		got, err := c.from.AddDays(c.n)
		if c.want == (Date{}) {
			assert.ErrorIs(t, err, ErrRange, "%s %+d days", c.from, c.n)
			continue
		}
		require.NoError(t, err, "%s %+d days", c.from, c.n)
		assert.Equal(t, c.want, got, "%s %+d days", c.from, c.n)
	}
}

// TestDescribeAddZero: an error for a delta of zero names it "+ 0 years"
// (the sign of zero is +), as errors for other deltas name theirs.
func TestDescribeAddZero(t *testing.T) {
	d := Date{2012, 2, 29}
	_, err := d.AddYears(0, 0)
	require.ErrorIs(t, err, ErrPolicy)
	assert.Contains(t, err.Error(), "2012-02-29 + 0 years:")
	_, err = d.AddMonths(-1, 0)
	assert.Contains(t, err.Error(), "2012-02-29 - 1 month:")
	_, err = d.AddMonths(1, 0)
	assert.Contains(t, err.Error(), "2012-02-29 + 1 month:")
}

// TestIsFebruary29 looks at the month and the day only, as its doc says.
func TestIsFebruary29(t *testing.T) {
	for d, want := range map[Date]bool{
		{2012, 2, 29}: true, {2013, 2, 29}: true, {2012, 2, 28}: false, {2012, 3, 29}: false, {2012, 1, 29}: false, {2012, 3, 1}: false,
	} {
		assert.Equal(t, want, d.IsFebruary29(), "%v", d)
	}
}
