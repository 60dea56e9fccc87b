package calendar

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/mismatch"
	"github.com/stretchr/testify/require"
)

// mismatches collects the failures of an exhaustive loop (see internal/mismatch).
type mismatches = mismatch.Collector

// TestExhaustiveDayNumbers checks every day 0001-01-01..9999-12-31 against the
// time package: the day number is the Unix day of midnight UTC, consecutive
// days have consecutive numbers, FromDayNumber inverts DayNumber, and
// weekday, year day and ISO week agree with time.Time's.
func TestExhaustiveDayNumbers(t *testing.T) {
	var bad mismatches
	days := int64(0)
	want := int64(MinDayNumber)
	for d := range All().Days() {
		days++
		tm := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		n := d.DayNumber()
		if n != want || n*86400 != tm.Unix() {
			bad.Addf("%s: DayNumber %d, want %d (time: %d)", d, n, want, tm.Unix()/86400)
		}
		want++
		if back, err := FromDayNumber(n); err != nil || back != d {
			bad.Addf("FromDayNumber(%d) = %v, %v; want %s", n, back, err, d)
		}
		if !d.Valid() {
			bad.Addf("%s: not Valid", d)
		}
		if d.Weekday() != tm.Weekday() {
			bad.Addf("%s: Weekday %v, time says %v", d, d.Weekday(), tm.Weekday())
		}
		if d.YearDay() != tm.YearDay() {
			bad.Addf("%s: YearDay %d, time says %d", d, d.YearDay(), tm.YearDay())
		}
		y, w := d.ISOWeek()
		ty, tw := tm.ISOWeek()
		if y != ty || w != tw {
			bad.Addf("%s: ISOWeek %d-W%02d, time says %d-W%02d", d, y, w, ty, tw)
		}
		if iw := d.ISOWeekday(); iw != (int(tm.Weekday())+6)%7+1 {
			bad.Addf("%s: ISOWeekday %d, time says %v", d, iw, tm.Weekday())
		}
	}
	bad.Check(t, "day numbers")
	require.Equal(t, int64(DaysInRange), days)
	require.Equal(t, int64(3652059), days, "days in 0001-01-01..9999-12-31")
	require.Equal(t, int64(MaxDayNumber+1), want)
}

// TestExhaustiveLeapDays counts February 29ths and checks IsLeap and DaysIn
// against the time package's normalization (day 0 of the next month is the
// last day of this one).
func TestExhaustiveLeapDays(t *testing.T) {
	leapDays := 0
	for d := range All().Days() {
		if d.Month == time.February && d.Day == 29 {
			leapDays++
		}
	}
	require.Equal(t, 2424, leapDays, "February 29ths in years 1..9999")

	var bad mismatches
	for y := -800; y <= 10400; y++ {
		for m := time.January; m <= time.December; m++ {
			want := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if got := DaysIn(y, m); got != want {
				bad.Addf("DaysIn(%d, %v) = %d, want %d", y, m, got, want)
			}
		}
		if IsLeap(y) != (time.Date(y, time.March, 0, 0, 0, 0, 0, time.UTC).Day() == 29) {
			bad.Addf("IsLeap(%d) = %v", y, IsLeap(y))
		}
	}
	bad.Check(t, "leap years")
}

// TestExhaustiveOverflowPolicies checks the three policies on every day for
// +1 and -1 year and +1 and -1 month: Roll equals time.Time.AddDate; Clamp
// never changes the target month and never exceeds its length; Reject fails
// exactly on the days that do not exist in the target month; and the three
// agree on every day that exists.
func TestExhaustiveOverflowPolicies(t *testing.T) {
	type delta struct{ years, months int }
	deltas := []delta{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}
	var bad mismatches
	for d := range All().Days() {
		tm := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		for _, dl := range deltas {
			total := d.Year*12 + int(d.Month) - 1 + dl.years*12 + dl.months
			ty, tmon := total/12, time.Month(total%12+1)
			if ty < 1 || ty > 9999 {
				for _, o := range Policies() {
					if _, err := d.add(dl.years, dl.months, o); err == nil {
						bad.Addf("%s %+v %v: no error for year %d", d, dl, o, ty)
					}
				}
				continue
			}
			exists := d.Day <= DaysIn(ty, tmon)
			roll, errR := d.add(dl.years, dl.months, Roll)
			clamp, errC := d.add(dl.years, dl.months, Clamp)
			rej, errJ := d.add(dl.years, dl.months, Reject)
			if errR != nil || errC != nil {
				bad.Addf("%s %+v: roll %v clamp %v", d, dl, errR, errC)
				continue
			}
			if want := DateOf(tm.AddDate(dl.years, dl.months, 0)); roll != want {
				bad.Addf("%s %+v: Roll %s, AddDate %s", d, dl, roll, want)
			}
			if clamp.Year != ty || clamp.Month != tmon || clamp.Day > DaysIn(ty, tmon) {
				bad.Addf("%s %+v: Clamp %s leaves %d-%02d", d, dl, clamp, ty, tmon)
			}
			if exists != (errJ == nil) {
				bad.Addf("%s %+v: Reject error %v, but the day exists: %v", d, dl, errJ, exists)
			}
			if exists && (roll != clamp || rej != clamp || clamp.Day != d.Day) {
				bad.Addf("%s %+v: policies disagree on an existing day: clamp %s roll %s reject %s", d, dl, clamp, roll, rej)
			}
		}
	}
	bad.Check(t, "overflow policies")
}

// TestRollEqualsAddDateSpread compares Roll with AddDate for a spread of
// year and month deltas on every day of a stride through the range plus all
// days of the years around the century rules (1600, 1900, 2000, 2100).
func TestRollEqualsAddDateSpread(t *testing.T) {
	years := []int{-9998, -2000, -400, -100, -4, 1, 3, 4, 100, 400, 1000, 9998}
	months := []int{-119988, -1200, -25, -13, -12, -11, 2, 11, 12, 13, 24, 48, 1200, 119988}
	var bad mismatches
	check := func(d Date) {
		tm := time.Date(d.Year, d.Month, d.Day, 13, 14, 15, 16, time.UTC)
		for _, n := range years {
			compareRoll(&bad, d, n, 0, tm)
		}
		for _, n := range months {
			compareRoll(&bad, d, 0, n, tm)
		}
	}
	for d := range All().Days() {
		if d.DayNumber()%31 == 0 || (d.Year%100 == 0 || d.Year%100 == 99) && d.Month <= time.March {
			check(d)
		}
	}
	bad.Check(t, "Roll vs AddDate")
}

func compareRoll(bad *mismatches, d Date, years, months int, tm time.Time) {
	got, err := d.add(years, months, Roll)
	want := tm.AddDate(years, months, 0)
	if want.Year() < 1 || want.Year() > 9999 {
		if err == nil {
			bad.Addf("%s +%dy%dm: %s, want an error (AddDate gives %s)", d, years, months, got, want)
		}
		return
	}
	if err != nil || got != DateOf(want) {
		bad.Addf("%s +%dy%dm: Roll %s %v, AddDate %s", d, years, months, got, err, want)
	}
}
