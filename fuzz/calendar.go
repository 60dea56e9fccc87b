package fuzz

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	// The AddYears and AddMonths targets use real zones with daylight-saving
	// gaps; embed the database so that the targets behave the same on every
	// machine and in OSS-Fuzz images without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// calendarOracles are the independent formulations the calendar targets
// compare the model with. A nil field means the real oracle, built on package
// time only; a planted bug sets a broken one (see plants).
type calendarOracles struct {
	// daysIn returns the number of days of month m in year y (m in 1..12).
	// Real: time.Date(y, m+1, 0, ...).Day().
	daysIn func(y int, m time.Month) int
	// civilFromDays returns the date n days after 1970-01-01.
	// Real: time.Unix(n*86400, 0).UTC().Date().
	civilFromDays func(n int64) (int, time.Month, int)
}

func (o calendarOracles) monthLen(y int, m time.Month) int {
	if o.daysIn != nil {
		return o.daysIn(y, m)
	}
	return timeDaysIn(y, m)
}

func (o calendarOracles) civil(n int64) (int, time.Month, int) {
	if o.civilFromDays != nil {
		return o.civilFromDays(n)
	}
	return time.Unix(n*secondsPerDay, 0).UTC().Date()
}

func timeDaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// monthsLater is the month arithmetic every target's oracle uses: the year
// and month n months after y-m (floor division of 12*y + m - 1 + n by 12),
// and the day d resolved in that month by ov under daysIn: Clamp gives the
// month's last day for a day past it, Roll keeps d (time.Date spills it into
// the next month), Reject gives ok false.
func monthsLater(daysIn func(int, time.Month) int, y int, m time.Month, d, n int, ov calendar.Overflow) (ty int, tm time.Month, day int, ok bool) {
	total := int64(y)*12 + int64(m-1) + int64(n)
	ty, tm = int(floorDiv(total, 12)), time.Month(floorMod(total, 12)+1)
	if dim := daysIn(ty, tm); d > dim {
		switch ov {
		case calendar.Clamp:
			return ty, tm, dim, true
		case calendar.Reject:
			return ty, tm, d, false
		}
	}
	return ty, tm, d, true
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

// maxOffsetMinutes is the largest UTC offset of a fixed zone the targets
// pick, in minutes (+14:00, Kiribati).
const maxOffsetMinutes = 14 * 60

// readCivil reads the readable form of a date that may not exist: a year
// (optionally negative), a month and a day in decimal, joined by '-', such as
// "2013-02-29", "0-12-31" or "-1-13-0".
func readCivil(s string) (civil, bool) {
	neg := strings.HasPrefix(s, "-")
	ys, rest, ok1 := strings.Cut(strings.TrimPrefix(s, "-"), "-")
	ms, ds, ok2 := strings.Cut(rest, "-")
	if !ok1 || !ok2 || !digits(ys) || !digits(ms) || !digits(ds) {
		return civil{}, false
	}
	y, e1 := strconv.Atoi(ys)
	m, e2 := strconv.Atoi(ms)
	d, e3 := strconv.Atoi(ds)
	if e1 != nil || e2 != nil || e3 != nil {
		return civil{}, false
	}
	if neg {
		y = -y
	}
	return civil{y, m, d}, true
}

// digits reports whether s is 1 to 10 ASCII digits.
func digits(s string) bool {
	if len(s) == 0 || len(s) > 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkParseDate is the ParseDate target. It checks the input text as it is
// and, unless the text already has the form DDDD-DD-DD, also the text of a
// date decoded from it (decoder.date, wide: it may not exist), so that
// fuzzing reaches every year and every February 29 and not only syntax
// errors.
func (o calendarOracles) checkParseDate(s string) error {
	s = clip(s)
	if err := o.parseDate(s); err != nil {
		return err
	}
	if _, _, _, ok := readYMD(s); ok {
		return nil
	}
	d := decoder{s}
	c := d.date(true)
	if c.y < 0 || c.y > 9999 {
		c.y = (c.y%10000 + 10000) % 10000
	}
	text := c.String()
	if err := o.parseDate(text); err != nil {
		return replay(err, text)
	}
	return nil
}

// parseDate checks calendar.ParseDate(s) against a strict YYYY-MM-DD reader
// built on the oracle's month lengths and against time.Parse: text that is
// not four, two and two ASCII digits joined by '-' must be an error wrapping
// ErrSyntax; a well-formed date that does not exist or is outside 0001..9999
// an error wrapping ErrNoSuchDay or ErrRange; any other text must parse to
// the same date as time.Parse("2006-01-02", s) and format back to s.
func (o calendarOracles) parseDate(s string) error {
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
	exists := y >= 1 && m >= 1 && m <= 12 && day >= 1 && day <= o.monthLen(y, time.Month(m))
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

// checkNewDate is the NewDate target. Readable input: a date that may not
// exist (readCivil: "2013-02-29", "0-12-31", "2012-13-1"); any other input is
// decoded (decoder.date, wide). It checks calendar.NewDate(y, m, d): it must
// succeed exactly when 1 <= y <= 9999, 1 <= m <= 12 and 1 <= d <= the
// oracle's month length, failing otherwise with an error wrapping
// ErrNoSuchDay or ErrRange; and a date it builds must agree with time.Date
// on its day number, weekday, day of year and ISO week, and survive String
// and ParseDate.
func (o calendarOracles) checkNewDate(s string) error {
	s = clip(s)
	c, readable := readCivil(s)
	if !readable {
		d := decoder{s}
		c = d.date(true)
	}
	return replayIf(!readable, o.newDate(c.y, c.m, c.d), c)
}

func (o calendarOracles) newDate(y, m, d int) error {
	got, err := calendar.NewDate(y, time.Month(m), d)
	exists := y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= o.monthLen(y, time.Month(m))
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

// readDayNumber reads the readable form of a day number: a decimal integer,
// or a date YYYY-MM-DD standing for its day number (computed with package
// time, so it may lie outside the model's range: "0000-12-31").
func readDayNumber(s string) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if y, m, d, ok := readYMD(s); ok {
		return floorDiv(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay), true
	}
	return 0, false
}

// decodeDayNumber decodes a day number. First byte mod 4: 0, 1 the day
// number of a narrow date (decoder.date), moved by -1, 0 or +1 (next byte
// mod 3); 2 any day within 1,000 days of the model's range; 3 any int64
// (u64).
func decodeDayNumber(s string) int64 {
	d := decoder{s}
	switch d.byte() % 4 {
	case 2:
		lo, hi := firstDay-1000, lastDay+1000
		return lo + int64(d.below(int(hi-lo+1)))
	case 3:
		return int64(d.u64())
	}
	c := d.date(false)
	n := floorDiv(time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
	return n + int64(d.byte()%3) - 1
}

// checkDayNumber is the DayNumber target. Readable input: readDayNumber;
// any other input is decoded (decodeDayNumber). It checks
// calendar.FromDayNumber(n) against the oracle's civil-from-days
// (time.Unix): inside the range of 0001-01-01..9999-12-31 (computed with
// package time) both must give the same date, and the date's DayNumber must
// be n again; outside it FromDayNumber must return an error wrapping
// ErrRange.
func (o calendarOracles) checkDayNumber(s string) error {
	s = clip(s)
	n, readable := readDayNumber(s)
	if !readable {
		n = decodeDayNumber(s)
	}
	return replayIf(!readable, o.dayNumber(n), lazy(func() string { return strconv.FormatInt(n, 10) }))
}

func (o calendarOracles) dayNumber(n int64) error {
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
	y, m, day := o.civil(n)
	if d.Year != y || d.Month != m || d.Day != day {
		return fmt.Errorf("FromDayNumber(%d) = %v (%s), oracle says %04d-%02d-%02d", n, d, d, y, int(m), day)
	}
	if back := d.DayNumber(); back != n {
		return fmt.Errorf("FromDayNumber(%d) = %v, whose DayNumber is %d", n, d, back)
	}
	return nil
}

// addCase is one case of the AddYears and AddMonths targets: an instant
// with its location, a count and an overflow policy (any uint8: values other
// than Clamp, Roll and Reject are invalid).
type addCase struct {
	t      time.Time
	n      int
	policy calendar.Overflow
}

// String returns the readable form readAddCase reads.
func (c addCase) String() string {
	p := c.policy.String()
	if !c.policy.Valid() {
		p = strconv.Itoa(int(c.policy))
	}
	y, m, d := c.t.Date()
	hh, mm, ss := c.t.Clock()
	wall := fmt.Sprintf("%sT%02d:%02d:%02d", civil{y, int(m), d}, hh, mm, ss)
	if ns := c.t.Nanosecond(); ns != 0 {
		wall += fmt.Sprintf(".%09d", ns)
	}
	if !isFixed(c.t.Location()) {
		return fmt.Sprintf("%s %s %d %s", wall, c.t.Location(), c.n, p)
	}
	zone := "Z"
	if c.t.Location() != time.UTC {
		zone = c.t.Format("-07:00")
	}
	return fmt.Sprintf("%s%s %d %s", wall, zone, c.n, p)
}

func isFixed(loc *time.Location) bool {
	for _, z := range zones {
		if z == loc {
			return false
		}
	}
	return true
}

// readWall reads a wall clock: a date as readCivil reads it (the year may
// be negative or above 9999), 'T', hh:mm:ss with an optional fraction of up
// to 9 digits, and a zone suffix: "Z", an offset "+hh:mm" or "-hh:mm", or
// nothing (then loc, which must not be nil, is the location).
func readWall(s string, loc *time.Location) (time.Time, bool) {
	i := strings.LastIndexByte(s, 'T')
	if i < 0 {
		return time.Time{}, false
	}
	c, ok := readCivil(s[:i])
	clock := s[i+1:]
	if !ok || len(clock) < 8 || clock[2] != ':' || clock[5] != ':' || !digits(clock[0:2]) || !digits(clock[3:5]) || !digits(clock[6:8]) {
		return time.Time{}, false
	}
	hh, _ := strconv.Atoi(clock[0:2])
	mm, _ := strconv.Atoi(clock[3:5])
	ss, _ := strconv.Atoi(clock[6:8])
	rest, ns := clock[8:], 0
	if strings.HasPrefix(rest, ".") {
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		frac := rest[1:j]
		if len(frac) == 0 || len(frac) > 9 {
			return time.Time{}, false
		}
		ns, _ = strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
		rest = rest[j:]
	}
	switch {
	case rest == "" && loc != nil:
	case rest == "Z" && loc == nil:
		loc = time.UTC
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' && digits(rest[1:3]) && digits(rest[4:6]) && loc == nil:
		oh, _ := strconv.Atoi(rest[1:3])
		om, _ := strconv.Atoi(rest[4:6])
		off := oh*60 + om
		if rest[0] == '-' {
			off = -off
		}
		if off < -maxOffsetMinutes || off > maxOffsetMinutes {
			return time.Time{}, false
		}
		loc = fixedZone(off)
	default:
		return time.Time{}, false
	}
	if hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	return time.Date(c.y, time.Month(c.m), c.d, hh, mm, ss, ns, loc), true
}

// readAddCase reads the readable form of an AddYears or AddMonths case:
//
//	<wall clock with zone> <n> <policy>       2012-02-29T00:00:00+14:00 1 reject
//	<wall clock> <zone name> <n> <policy>     2012-02-29T12:00:00 America/Sao_Paulo 1 roll
//
// where the wall clock is as readWall reads it (RFC 3339, but the year may
// be negative or above 9999), the zone name one of the named zones the
// target knows, n a decimal count, and the policy clamp, roll, reject or a
// decimal number (an invalid policy). The wall clock is normalized by
// time.Date.
func readAddCase(s string) (addCase, bool) {
	f := strings.Fields(s)
	var c addCase
	var ok bool
	switch len(f) {
	case 3:
		if c.t, ok = readWall(f[0], nil); !ok {
			return c, false
		}
	case 4:
		var loc *time.Location
		for _, z := range zones {
			if z.String() == f[1] {
				loc = z
			}
		}
		if loc == nil {
			return c, false
		}
		if c.t, ok = readWall(f[0], loc); !ok {
			return c, false
		}
		f = []string{f[0], f[2], f[3]}
	default:
		return c, false
	}
	var err error
	if c.n, err = strconv.Atoi(f[1]); err != nil {
		return c, false
	}
	if p, err := calendar.ParseOverflow(f[2]); err == nil {
		c.policy = p
	} else if v, err := strconv.ParseUint(f[2], 10, 8); err == nil {
		c.policy = calendar.Overflow(v)
	} else {
		return c, false
	}
	return c, true
}

// Edge counts for decoder.delta: the leap cycles, in years and in months,
// and the month counts around a year.
var (
	yearEdges  = []int{1, 4, 100, 400, 2, 3}
	monthEdges = []int{1, 12, 11, 13, 48, 1200, 4800, 24}
)

// decodeAddCase decodes an AddYears or AddMonths case: a date (decoder.date,
// wide, then normalized by time.Date), a clock and nanoseconds, a location,
// a count (decoder.delta over edges, up to limit either way) and a policy
// byte mod 5 (0 and 4 invalid, 1 Clamp, 2 Roll, 3 Reject).
func decodeAddCase(s string, edges []int, limit int) addCase {
	d := decoder{s}
	c := d.date(true)
	if c.y < -100 || c.y > 10100 {
		c.y = 10000 + c.y%100
	}
	sec, ns := d.clock(), d.nanos()
	loc := d.location()
	t := time.Date(c.y, time.Month(c.m), c.d, sec/3600, sec/60%60, sec%60, ns, loc)
	n := d.delta(edges, limit)
	return addCase{t: t, n: n, policy: calendar.Overflow(d.byte() % 5)}
}

// checkAddYears is the AddYears target (input: readAddCase, or decoded by
// decodeAddCase, years up to 10,100 either way). It checks
// calendar.AddYears(t, n, policy) against an independent formulation: the
// target year is t's year + n; a day the target month does not have (by
// the oracle's month lengths) is resolved by the policy (Clamp: the month's
// last day; Roll: time.Date's normalization; Reject: an error wrapping
// ErrNoSuchDay); the wall clock and location are kept; years outside
// 1..9999 are an error wrapping ErrRange and an invalid policy one wrapping
// ErrPolicy. Under Roll the result must also equal t.AddDate(n, 0, 0).
func (o calendarOracles) checkAddYears(s string) error {
	s = clip(s)
	c, readable := readAddCase(s)
	if !readable {
		c = decodeAddCase(s, yearEdges, 10100)
	}
	got, err := calendar.AddYears(c.t, c.n, c.policy)
	return replayIf(!readable, o.checkAdd("AddYears", c, 12*c.n, got, err, func() time.Time { return c.t.AddDate(c.n, 0, 0) }), c)
}

// checkAddMonths is the AddMonths target, as checkAddYears with months (up
// to 121,000 either way) and t.AddDate(0, n, 0).
func (o calendarOracles) checkAddMonths(s string) error {
	s = clip(s)
	c, readable := readAddCase(s)
	if !readable {
		c = decodeAddCase(s, monthEdges, 121000)
	}
	got, err := calendar.AddMonths(c.t, c.n, c.policy)
	return replayIf(!readable, o.checkAdd("AddMonths", c, c.n, got, err, func() time.Time { return c.t.AddDate(0, c.n, 0) }), c)
}

func (o calendarOracles) checkAdd(fn string, c addCase, months int, got time.Time, err error, addDate func() time.Time) error {
	t, p := c.t, c.policy
	call := lazy(func() string { return fmt.Sprintf("%s(%s, %d, %v)", fn, t.Format(time.RFC3339Nano), c.n, p) })
	inRange := func(y int) bool { return y >= 1 && y <= 9999 }
	y, m, d := t.Date()
	ty, tm, day, ok := monthsLater(o.monthLen, y, m, d, months, p)
	var want time.Time
	var wantErr []error
	switch {
	case !p.Valid():
		wantErr = []error{calendar.ErrPolicy, calendar.ErrRange}
	case !inRange(y) || !inRange(ty):
		wantErr = []error{calendar.ErrRange}
	case !ok:
		wantErr = []error{calendar.ErrNoSuchDay}
	default:
		hh, mm, ss := t.Clock()
		want = time.Date(ty, tm, day, hh, mm, ss, t.Nanosecond(), t.Location())
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
