package calendar_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// The 2012 Azure guest agent made a one-year certificate by adding 1 to the
// year. The three overflow policies answer differently on February 29.
func Example() {
	issued, _ := calendar.ParseDate("2012-02-29")
	for _, policy := range calendar.Policies() {
		expires, err := issued.AddYears(1, policy)
		if err != nil {
			fmt.Printf("%-6s %v (no such day: %v)\n", policy, err, errors.Is(err, calendar.ErrNoSuchDay))
			continue
		}
		fmt.Printf("%-6s %s\n", policy, expires)
	}
	// Output:
	// clamp  2013-02-28
	// roll   2013-03-01
	// reject calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days) (no such day: true)
}

// Use the model as an oracle for your own date code: here a hand-written
// "next day" that knows only the Julian leap rule (every fourth year) is
// checked against the model on every day of four centuries.
func Example_oracle() {
	nextDay := func(y int, m time.Month, d int) (int, time.Month, int) {
		days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
		if m == time.February && y%4 == 0 { // the bug: 1700, 1800, 1900 are not leap years
			days = 29
		}
		switch {
		case d < days:
			return y, m, d + 1
		case m < time.December:
			return y, m + 1, 1
		}
		return y + 1, time.January, 1
	}
	r, _ := calendar.NewRange(calendar.Date{Year: 1601, Month: 1, Day: 1}, calendar.Date{Year: 2000, Month: 12, Day: 31})
	for d := range r.Days() {
		want, _ := d.AddDays(1)
		y, m, dd := nextDay(d.Year, d.Month, d.Day)
		if got := (calendar.Date{Year: y, Month: m, Day: dd}); got != want {
			fmt.Printf("%s: next day %s, model says %s (valid: %v)\n", d, got, want, got.Valid())
			break
		}
	}
	// Output:
	// 1700-02-28: next day 1700-02-29, model says 1700-03-01 (valid: false)
}

// Sweep a range of consecutive days: here, count the days on which adding a
// year fails under Reject, the 2012 guest agent's policy.
func ExampleRange_Days() {
	r, _ := calendar.NewRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2099, Month: 12, Day: 31})
	failing := 0
	for d := range r.Days() {
		if _, err := d.AddYears(1, calendar.Reject); err != nil {
			failing++
		}
	}
	fmt.Println(r.Len(), "days,", failing, "fail")
	// Output:
	// 36525 days, 25 fail
}

// The ISO week-based year differs from the calendar year in the last days of
// December and the first days of January: formatting a date with the week
// year ("YYYY" in Java's SimpleDateFormat) printed 2015 for 2014-12-29.
func ExampleDate_ISOWeek() {
	d, _ := calendar.ParseDate("2014-12-29")
	year, week := d.ISOWeek()
	fmt.Printf("%s is in %d-W%02d, a %s\n", d, year, week, d.Weekday())
	// Output:
	// 2014-12-29 is in 2015-W01, a Monday
}

// AddYears on time.Time keeps the wall clock and the location.
func ExampleAddYears() {
	ny, _ := time.LoadLocation("America/New_York")
	t := time.Date(2012, 2, 29, 18, 30, 0, 0, ny)
	clamped, _ := calendar.AddYears(t, 1, calendar.Clamp)
	rolled, _ := calendar.AddYears(t, 1, calendar.Roll)
	fmt.Println(clamped.Format(time.RFC3339))
	fmt.Println(rolled.Format(time.RFC3339), rolled.Equal(t.AddDate(1, 0, 0)))
	// Output:
	// 2013-02-28T18:30:00-05:00
	// 2013-03-01T18:30:00-05:00 true
}

// Day numbers count days from 1970-01-01, so times 86,400 they are Unix time.
func ExampleFromDayNumber() {
	d, _ := calendar.FromDayNumber(15399)
	fmt.Println(d, d.DayNumber()*86400 == time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC).Unix())
	_, err := calendar.FromDayNumber(calendar.MaxDayNumber + 1)
	fmt.Println(err)
	// Output:
	// 2012-02-29 true
	// calendar: day number 2932897 out of range -719162..2932896 (0001-01-01..9999-12-31)
}
