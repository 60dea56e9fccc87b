package calendar

import "time"

// Weekday returns the day of the week of d. 1970-01-01 (day 0) was a
// Thursday, so the weekday is (DayNumber + 4) mod 7 with Sunday = 0, as in
// time.Weekday.
func (d Date) Weekday() time.Weekday {
	return weekday(d.DayNumber())
}

// weekday of day number n. The offset 7*104,000 = 728,000 exceeds
// -MinDayNumber, so the dividend is never negative.
func weekday(n int64) time.Weekday {
	return time.Weekday(uint64(n+4+7*104000) % 7)
}

// ISOWeekday returns the ISO 8601 weekday of d: 1 for Monday to 7 for Sunday.
func (d Date) ISOWeekday() int {
	return isoWeekday(d.DayNumber())
}

func isoWeekday(n int64) int {
	// Monday = 1: 1970-01-01 (Thursday) is 4, so (n + 3) mod 7 + 1.
	return int(uint64(n+3+7*104000)%7) + 1
}

// cumDays[m] is the number of days in the months before month m of a common
// year (index 1 = January).
var cumDays = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// YearDay returns the day of the year of d: 1 for January 1, 365 or 366 for
// December 31. The result for an invalid Date is unspecified (never a panic).
func (d Date) YearDay() int {
	m := d.Month
	if m < time.January || m > time.December {
		return 0
	}
	yd := cumDays[m] + d.Day
	if m > time.February && IsLeap(d.Year) {
		yd++
	}
	return yd
}

// ISOWeek returns the ISO 8601 week-based year and week number of d, as
// time.Time.ISOWeek does. Weeks start on Monday, and week 1 of a year is the
// week containing its first Thursday, so January 1 to 3 may belong to week 52
// or 53 of the previous year and December 29 to 31 to week 1 of the next: the
// week-based year differs from the calendar year on those days (the "YYYY"
// format bug: 2014-12-29 is in week 1 of 2015).
//
// The week of a day is the week of its Thursday, so ISOWeek moves to the
// Thursday of d's week and counts the Thursdays of that Thursday's year.
func (d Date) ISOWeek() (year, week int) {
	n := d.DayNumber()
	thursday := n - int64(isoWeekday(n)) + 4
	t := fromDayNumber(int64(thursday))
	return t.Year, (t.YearDay()-1)/7 + 1
}
