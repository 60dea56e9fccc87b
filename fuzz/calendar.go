package fuzz

import (
	"errors"
	"fmt"
	"time"
	// The AddYears and AddMonths targets use real zones with daylight-saving
	// gaps; embed the database so that the targets behave the same on every
	// machine and in OSS-Fuzz images without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// CalendarOracles are the independent formulations the calendar targets
// compare the model with. A nil field means the real oracle, built on package
// time only; a planted-bug test sets a broken one (see Plants).
type CalendarOracles struct {
	// DaysIn returns the number of days of month m in year y (m in 1..12).
	// Real: time.Date(y, m+1, 0, ...).Day().
	DaysIn func(y int, m time.Month) int
	// CivilFromDays returns the date n days after 1970-01-01.
	// Real: time.Unix(n*86400, 0).UTC().Date().
	CivilFromDays func(n int64) (int, time.Month, int)
}

func (o CalendarOracles) daysIn(y int, m time.Month) int {
	if o.DaysIn != nil {
		return o.DaysIn(y, m)
	}
	return timeDaysIn(y, m)
}

func (o CalendarOracles) civilFromDays(n int64) (int, time.Month, int) {
	if o.CivilFromDays != nil {
		return o.CivilFromDays(n)
	}
	return time.Unix(n*secondsPerDay, 0).UTC().Date()
}

func timeDaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

const secondsPerDay = 86400

// The model's range, computed with package time, not taken from the model.
var (
	firstDay = floorDiv(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
	lastDay  = floorDiv(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
)

// zones are the named locations the AddYears and AddMonths targets may pick
// (offsetMinutes above +14:00 selects them), each with a daylight-saving gap
// or a skipped day that time.Date must normalize.
var zones = loadZones("America/Sao_Paulo", "Pacific/Apia", "Australia/Lord_Howe", "America/New_York")

func loadZones(names ...string) []*time.Location {
	var out []*time.Location
	for _, n := range names {
		if loc, err := time.LoadLocation(n); err == nil {
			out = append(out, loc)
		}
	}
	return out
}

const maxOffsetMinutes = 14 * 60

// location returns the location offsetMinutes selects: UTC for 0, a fixed
// zone for -14:00..+14:00, and one of zones above that. offsetMinutes is
// folded into that domain first.
func location(offsetMinutes int) *time.Location {
	off := fold(offsetMinutes, -maxOffsetMinutes, maxOffsetMinutes+len(zones))
	switch {
	case off == 0:
		return time.UTC
	case off > maxOffsetMinutes:
		return zones[off-maxOffsetMinutes-1]
	}
	return time.FixedZone(fmt.Sprintf("UTC%+03d:%02d", off/60, abs(off%60)), off*60)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// CheckParseDate is CalendarOracles{}.CheckParseDate.
func CheckParseDate(s string) error { return CalendarOracles{}.CheckParseDate(s) }

// CheckParseDate checks calendar.ParseDate(s) against a strict YYYY-MM-DD
// reader built on the oracle's month lengths and against time.Parse:
// text that is not four, two and two ASCII digits joined by '-' must be an
// error wrapping ErrSyntax; a well-formed date that does not exist or is
// outside 0001..9999 an error wrapping ErrNoSuchDay or ErrRange; any other
// text must parse to the same date as time.Parse("2006-01-02", s) and format
// back to s.
func (o CalendarOracles) CheckParseDate(s string) error {
	d, err := calendar.ParseDate(s)
	y, m, day, ok := readYMD(s)
	if !ok {
		if err == nil {
			return fmt.Errorf("ParseDate(%q) = %v, want a syntax error", s, d)
		}
		if !errors.Is(err, calendar.ErrSyntax) {
			return fmt.Errorf("ParseDate(%q): error %q does not wrap ErrSyntax", s, err)
		}
		return nil
	}
	exists := y >= 1 && m >= 1 && m <= 12 && day >= 1 && day <= o.daysIn(y, time.Month(m))
	if !exists {
		if err == nil {
			return fmt.Errorf("ParseDate(%q) = %v, want an error: the date does not exist", s, d)
		}
		if !errors.Is(err, calendar.ErrNoSuchDay) && !errors.Is(err, calendar.ErrRange) {
			return fmt.Errorf("ParseDate(%q): error %q wraps neither ErrNoSuchDay nor ErrRange", s, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("ParseDate(%q): unexpected error %q", s, err)
	}
	if d.Year != y || int(d.Month) != m || d.Day != day {
		return fmt.Errorf("ParseDate(%q) = %v, want %04d-%02d-%02d", s, d, y, m, day)
	}
	tt, terr := time.Parse(time.DateOnly, s)
	if terr != nil {
		return fmt.Errorf("ParseDate(%q) = %v, but time.Parse rejects it: %v", s, d, terr)
	}
	if calendar.DateOf(tt) != d {
		return fmt.Errorf("ParseDate(%q) = %v, time.Parse says %v", s, d, tt.Format(time.DateOnly))
	}
	if d.String() != s {
		return fmt.Errorf("ParseDate(%q).String() = %q", s, d.String())
	}
	return nil
}

// readYMD reads exactly DDDD-DD-DD.
func readYMD(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(p string) (int, bool) {
		v := 0
		for i := 0; i < len(p); i++ {
			c := p[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	var oy, om, od bool
	y, oy = num(s[0:4])
	m, om = num(s[5:7])
	d, od = num(s[8:10])
	return y, m, d, oy && om && od
}

// CheckNewDate is CalendarOracles{}.CheckNewDate.
func CheckNewDate(y, m, d int) error { return CalendarOracles{}.CheckNewDate(y, m, d) }

// CheckNewDate checks calendar.NewDate(y, m, d): it must succeed exactly when
// 1 <= y <= 9999, 1 <= m <= 12 and 1 <= d <= the oracle's month length,
// failing otherwise with an error wrapping ErrNoSuchDay or ErrRange; and
// a date it builds must agree with time.Date on its day number, weekday, day
// of year and ISO week, and survive String and ParseDate.
func (o CalendarOracles) CheckNewDate(y, m, d int) error {
	got, err := calendar.NewDate(y, time.Month(m), d)
	exists := y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= o.daysIn(y, time.Month(m))
	if !exists {
		if err == nil {
			return fmt.Errorf("NewDate(%d, %d, %d) = %v, want an error", y, m, d, got)
		}
		if !errors.Is(err, calendar.ErrNoSuchDay) && !errors.Is(err, calendar.ErrRange) {
			return fmt.Errorf("NewDate(%d, %d, %d): error %q wraps neither ErrNoSuchDay nor ErrRange", y, m, d, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("NewDate(%d, %d, %d): unexpected error %q", y, m, d, err)
	}
	if got.Year != y || int(got.Month) != m || got.Day != d || !got.Valid() {
		return fmt.Errorf("NewDate(%d, %d, %d) = %v", y, m, d, got)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if want := floorDiv(t.Unix(), secondsPerDay); got.DayNumber() != want {
		return fmt.Errorf("%v.DayNumber() = %d, time says %d", got, got.DayNumber(), want)
	}
	if got.Weekday() != t.Weekday() {
		return fmt.Errorf("%v.Weekday() = %v, time says %v", got, got.Weekday(), t.Weekday())
	}
	if got.YearDay() != t.YearDay() {
		return fmt.Errorf("%v.YearDay() = %d, time says %d", got, got.YearDay(), t.YearDay())
	}
	gy, gw := got.ISOWeek()
	if ty, tw := t.ISOWeek(); gy != ty || gw != tw {
		return fmt.Errorf("%v.ISOWeek() = %d-W%02d, time says %d-W%02d", got, gy, gw, ty, tw)
	}
	back, err := calendar.ParseDate(got.String())
	if err != nil || back != got {
		return fmt.Errorf("ParseDate(%q) = %v, %v; want %v", got.String(), back, err, got)
	}
	return nil
}

// CheckDayNumber is CalendarOracles{}.CheckDayNumber.
func CheckDayNumber(n int64) error { return CalendarOracles{}.CheckDayNumber(n) }

// CheckDayNumber checks calendar.FromDayNumber(n) against the oracle's
// civil-from-days (time.Unix): inside the range of 0001-01-01..9999-12-31
// (computed with package time) both must give the same date, and the date's
// DayNumber must be n again; outside it FromDayNumber must return an error
// wrapping ErrRange. n is first folded into the range with a margin of 1,000
// days (unchanged there), so that every input lands near or in it.
func (o CalendarOracles) CheckDayNumber(n int64) error {
	n = foldDays(n)
	d, err := calendar.FromDayNumber(n)
	if n < firstDay || n > lastDay {
		if err == nil {
			return fmt.Errorf("FromDayNumber(%d) = %v, want an error wrapping ErrRange", n, d)
		}
		if !errors.Is(err, calendar.ErrRange) {
			return fmt.Errorf("FromDayNumber(%d): error %q does not wrap ErrRange", n, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("FromDayNumber(%d): unexpected error %q", n, err)
	}
	y, m, day := o.civilFromDays(n)
	if d.Year != y || d.Month != m || d.Day != day {
		return fmt.Errorf("FromDayNumber(%d) = %v, oracle says %04d-%02d-%02d", n, d, y, int(m), day)
	}
	if back := d.DayNumber(); back != n {
		return fmt.Errorf("FromDayNumber(%d) = %v, whose DayNumber is %d", n, d, back)
	}
	return nil
}

// AddArgs are the arguments of the AddYears and AddMonths targets, before
// folding: a wall clock, a UTC offset in minutes (above +14:00 it selects a
// named zone with daylight saving), a delta and an overflow policy (policy
// mod 5: 1 Clamp, 2 Roll, 3 Reject, 0 and 4 invalid).
type AddArgs struct {
	Y, M, D, HH, MM, SS, NS int
	OffsetMinutes           int
	N                       int
	Policy                  uint8
}

// instant folds the wall clock into its domain and returns the instant it
// names (normalized by time.Date) and the policy.
func (a AddArgs) instant() (time.Time, calendar.Overflow) {
	loc := location(a.OffsetMinutes)
	t := time.Date(fold(a.Y, -100, 10100), time.Month(fold(a.M, 1, 12)), fold(a.D, 1, 31),
		fold(a.HH, 0, 23), fold(a.MM, 0, 59), fold(a.SS, 0, 59), fold(a.NS, 0, 999_999_999), loc)
	return t, calendar.Overflow(a.Policy % 5)
}

// CheckAddYears is CalendarOracles{}.CheckAddYears.
func CheckAddYears(a AddArgs) error { return CalendarOracles{}.CheckAddYears(a) }

// CheckAddYears checks calendar.AddYears(t, n, policy) against an independent
// formulation: the target year is t's year + n; a day the target month does
// not have (by the oracle's month lengths) is resolved by the policy (Clamp:
// the month's last day; Roll: time.Date's normalization; Reject: an error
// wrapping ErrNoSuchDay); the wall clock and location are kept; years outside
// 1..9999 are an error wrapping ErrRange and an invalid policy one wrapping
// ErrPolicy. Under Roll the result must also equal t.AddDate(n, 0, 0).
func (o CalendarOracles) CheckAddYears(a AddArgs) error {
	t, p := a.instant()
	n := fold(a.N, -10100, 10100)
	got, err := calendar.AddYears(t, n, p)
	y, m, d := t.Date()
	return o.checkAdd(fmt.Sprintf("AddYears(%s, %d, %v)", t.Format(time.RFC3339Nano), n, p),
		t, p, y, y+n, m, d, got, err, func() time.Time { return t.AddDate(n, 0, 0) })
}

// CheckAddMonths is CalendarOracles{}.CheckAddMonths.
func CheckAddMonths(a AddArgs) error { return CalendarOracles{}.CheckAddMonths(a) }

// CheckAddMonths checks calendar.AddMonths(t, n, policy) as CheckAddYears
// does AddYears, the target month computed as floor division of
// 12*year + month - 1 + n, and under Roll against t.AddDate(0, n, 0).
func (o CalendarOracles) CheckAddMonths(a AddArgs) error {
	t, p := a.instant()
	n := fold(a.N, -121000, 121000)
	got, err := calendar.AddMonths(t, n, p)
	y, m, d := t.Date()
	total := int64(y)*12 + int64(m-1) + int64(n)
	ty, tm := int(floorDiv(total, 12)), time.Month(floorMod(total, 12)+1)
	return o.checkAdd(fmt.Sprintf("AddMonths(%s, %d, %v)", t.Format(time.RFC3339Nano), n, p),
		t, p, y, ty, tm, d, got, err, func() time.Time { return t.AddDate(0, n, 0) })
}

func (o CalendarOracles) checkAdd(call string, t time.Time, p calendar.Overflow, fromYear, ty int, tm time.Month, d int,
	got time.Time, err error, addDate func() time.Time) error {
	inRange := func(y int) bool { return y >= 1 && y <= 9999 }
	var want time.Time
	var wantErr []error
	switch {
	case !p.Valid():
		wantErr = []error{calendar.ErrPolicy, calendar.ErrRange}
	case !inRange(fromYear) || !inRange(ty):
		wantErr = []error{calendar.ErrRange}
	default:
		hh, mm, ss := t.Clock()
		ns, loc := t.Nanosecond(), t.Location()
		day := d
		if dim := o.daysIn(ty, tm); d > dim {
			switch p {
			case calendar.Clamp:
				day = dim
			case calendar.Reject:
				wantErr = []error{calendar.ErrNoSuchDay}
			}
		}
		want = time.Date(ty, tm, day, hh, mm, ss, ns, loc)
	}
	if wantErr != nil {
		if err == nil {
			return fmt.Errorf("%s = %s, want an error wrapping %v", call, got.Format(time.RFC3339Nano), wantErr[0])
		}
		for _, k := range wantErr {
			if errors.Is(err, k) {
				return nil
			}
		}
		return fmt.Errorf("%s: error %q does not wrap %v", call, err, wantErr[0])
	}
	if err != nil {
		return fmt.Errorf("%s: unexpected error %q, want %s", call, err, want.Format(time.RFC3339Nano))
	}
	if !got.Equal(want) || got.Location() != t.Location() {
		return fmt.Errorf("%s = %s (%v), oracle says %s (%v)", call, got.Format(time.RFC3339Nano), got.Location(),
			want.Format(time.RFC3339Nano), want.Location())
	}
	if p == calendar.Roll {
		if ad := addDate(); !got.Equal(ad) {
			return fmt.Errorf("%s = %s under Roll, but time.AddDate gives %s", call, got.Format(time.RFC3339Nano), ad.Format(time.RFC3339Nano))
		}
	}
	return nil
}
