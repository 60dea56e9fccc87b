package props

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The edge table's dates, as the docs of EdgeDates and of the edge kinds
// define them, checked against a day-by-day reading of the same
// definitions: a date is an edge date if it starts or ends a month, is
// February 28, lies in December 28..January 4, is the date of an edge
// instant or 9999-12-31, or bounds the range.

func isEdgeDay(r calendar.Range, d calendar.Date) bool {
	switch {
	case d == r.First() || d == r.Last() || d == calendar.MaxDate:
		return true
	case d.Day == 1 || d.Day == calendar.DaysIn(d.Year, d.Month):
		return true
	case d.Month == time.February && d.Day == 28:
		return true
	case d.Month == time.December && d.Day >= 28, d.Month == time.January && d.Day <= 4:
		return true
	}
	return slices.ContainsFunc(EdgeInstants(), func(t time.Time) bool { return calendar.DateOf(t) == d })
}

func TestEdgeDatesAreTheDocumentedDays(t *testing.T) {
	for _, r := range []calendar.Range{
		mustRangeP(t, "1999-12-01", "2001-01-31"),
		mustRangeP(t, "2011-12-30", "2012-03-02"),
		mustRangeP(t, "9998-06-15", "9999-12-31"),
		mustRangeP(t, "0001-01-01", "0002-01-05"),
	} {
		var want []calendar.Date
		for d := r.First(); ; {
			if isEdgeDay(r, d) {
				want = append(want, d)
			}
			if d == r.Last() {
				break
			}
			next, err := d.AddDays(1)
			require.NoError(t, err)
			d = next
		}
		assert.Equal(t, want, EdgeDates(r), "EdgeDates(%s)", r)
	}
}

// Each special date (the dates of EdgeInstants, and 9999-12-31) once, in
// order.
func TestSpecialDatesAreTheEdgeInstantsDates(t *testing.T) {
	var want []calendar.Date
	for _, t := range EdgeInstants() {
		if d := calendar.DateOf(t); d.Valid() && !slices.Contains(want, d) {
			want = append(want, d)
		}
	}
	want = append(want, calendar.MaxDate)
	assert.Equal(t, want, specialDates())
}

// Each kind of edgeDate gives, for a year y drawn, exactly the dates its
// comment names, every one of them for some pick.
func TestEdgeKindsGiveTheirDates(t *testing.T) {
	r := calendar.All()
	date := func(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }
	// latestLeap is the leap year at or before y (0 if none), read off the
	// calendar year by year.
	latestLeap := func(y int) int {
		for ; y >= 1; y-- {
			if calendar.IsLeap(y) {
				return y
			}
		}
		return 0
	}
	for _, y := range []int{1, 2, 3, 4, 5, 49, 50, 51, 99, 100, 101, 149, 150, 1896, 1899, 1900, 1901, 1903, 1904, 1949, 1950, 1999, 2000, 2001, 2003, 2004, 2012, 2049, 2050, 2099, 2100, 2101, 9899, 9900, 9949, 9950, 9996, 9998, 9999} {
		yd := yearDrawFor(r, y)
		require.Equal(t, y, yearOf(r, yd))
		got := func(kind int) []calendar.Date {
			var out []calendar.Date
			for p := range edgePicks(kind) {
				if d := edgeDate(r, kind, yd, p); !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
			slices.SortFunc(out, calendar.Date.Compare)
			return out
		}
		set := func(ds ...calendar.Date) []calendar.Date {
			slices.SortFunc(ds, calendar.Date.Compare)
			return slices.Compact(ds)
		}
		where := fmt.Sprintf("year %d", y)

		leap := latestLeap(y)
		if leap == 0 {
			leap = 4
		}
		assert.Equal(t, set(date(leap, time.February, 29)), got(edgeLeapDay), "%s: the leap day at or before it", where)

		assert.Equal(t, set(date(y, time.February, 28), date(y, time.March, 1)), got(edgeAroundLeapDay), "%s: around the leap day", where)
		// Pick 0, where shrinking ends, is the dangerous side of an edge:
		// the day before a leap day, a month's last day.
		assert.Equal(t, date(y, time.February, 28), edgeDate(r, edgeAroundLeapDay, yd, 0), "%s: pick 0 around the leap day", where)
		assert.Equal(t, date(y, time.January, 31), edgeDate(r, edgeMonthBoundary, yd, 0), "%s: pick 0 of the month boundaries", where)

		// The century year nearest y (a half rounds up), within 100..9900.
		c := min(max((y+50)/100*100, 100), 9900)
		assert.Equal(t, set(date(c, time.February, 28), date(c, time.February, calendar.DaysIn(c, time.February)), date(c, time.March, 1), date(c, time.January, 1), date(c-1, time.December, 31)),
			got(edgeCentury), "%s: the turn of century %d", where, c)

		var months []calendar.Date
		for m := time.January; m <= time.December; m++ {
			months = append(months, date(y, m, 1), date(y, m, calendar.DaysIn(y, m)))
		}
		assert.Equal(t, set(months...), got(edgeMonthBoundary), "%s: month boundaries", where)

		var turn []calendar.Date
		for d := 28; d <= 31; d++ {
			turn = append(turn, date(y, time.December, d))
		}
		for d := 1; d <= 4; d++ {
			turn = append(turn, date(y, time.January, d))
		}
		assert.Equal(t, set(turn...), got(edgeYearBoundary), "%s: year boundaries", where)

		specials := append(slices.Clone(specialDates()), r.First(), r.Last())
		assert.Equal(t, set(specials...), got(edgeSpecial), "%s: special dates", where)
	}
}

// A pick outside its kind's range, or a kind that is not one, is a
// caller's bug, not a date: edgeDate panics on it rather than reduce it
// modulo or fall back to the special dates (which would make some dates
// likelier than others), at both ends of every kind.
func TestEdgeDateRefusesAPickOutsideItsKind(t *testing.T) {
	r := calendar.All()
	for kind := range numEdgeKinds {
		n := edgePicks(kind)
		require.NotPanics(t, func() { edgeDate(r, kind, 0, 0) }, "kind %d pick 0", kind)
		require.NotPanics(t, func() { edgeDate(r, kind, 0, n-1) }, "kind %d pick %d", kind, n-1)
		for _, p := range []int{-1, n} {
			require.PanicsWithValue(t, fmt.Sprintf("props: edge pick %d outside [0, %d) of kind %d", p, n, kind),
				func() { edgeDate(r, kind, 0, p) }, "kind %d pick %d", kind, p)
		}
	}
	for _, kind := range []int{-1, numEdgeKinds} {
		require.PanicsWithValue(t, fmt.Sprintf("props: edge pick 0 outside [0, 0) of kind %d", kind),
			func() { edgeDate(r, kind, 0, 0) }, "kind %d", kind)
	}
}

// In a range, the leap day of a year drawn is the range's leap day at or
// before it, or failing that the next one after it.
func TestEdgeLeapDayInARange(t *testing.T) {
	for _, c := range []struct {
		from, to string
		year     int
		want     calendar.Date
	}{
		{"2004-01-01", "2010-12-31", 2006, calendar.Date{Year: 2004, Month: time.February, Day: 29}},
		{"2004-01-01", "2010-12-31", 2004, calendar.Date{Year: 2004, Month: time.February, Day: 29}},
		{"2004-01-01", "2010-12-31", 2010, calendar.Date{Year: 2008, Month: time.February, Day: 29}},
		{"2005-01-01", "2010-12-31", 2006, calendar.Date{Year: 2008, Month: time.February, Day: 29}},
		{"2004-03-01", "2010-12-31", 2005, calendar.Date{Year: 2008, Month: time.February, Day: 29}},
		// The next leap day, 10000-02-29, is past the model: the range's last day.
		{"9997-01-01", "9999-12-31", 9998, calendar.Date{Year: 9999, Month: time.December, Day: 31}},
	} {
		r := mustRangeP(t, c.from, c.to)
		assert.Equal(t, c.want, edgeDate(r, edgeLeapDay, yearDrawFor(r, c.year), 0), "%s, year %d", r, c.year)
	}
}

// Every year of a familiar span ranks with its span: the first and the last
// year too.
func TestFamiliarRankCoversEachSpan(t *testing.T) {
	for i, s := range familiarSpans {
		for _, y := range []int{s[0], s[1]} {
			assert.Equal(t, i, familiarRank(y), "year %d of span %v", y, s)
		}
		for _, y := range []int{s[0] - 1, s[1] + 1} {
			if y >= 1 && y <= 9999 {
				assert.NotEqual(t, i, familiarRank(y), "year %d, outside span %v", y, s)
			}
		}
	}
	assert.Equal(t, len(familiarSpans), familiarRank(5000), "a year of no span")
}
