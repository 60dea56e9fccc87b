package props

import (
	"errors"
	"fmt"
	"math/rand"
	"strconv"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"
)

// The date-time text checks: RFC 3339 §5.6 ("2012-02-29T23:59:59.5+14:00")
// written and read, against a reference formatter and parser of the
// grammar written here from the RFC.

// rfcText writes t as RFC 3339 date-time text with digits fractional
// digits (-1: as many as the nanoseconds need, none for a whole second),
// in t's own offset ("Z" for zero, upper case unless lower). ok is false
// where RFC 3339 cannot write t's wall clock: an offset with seconds (the
// local mean times of the tz database, Amsterdam's +00:19:32 until 1937),
// an offset of 24 hours or more, or a year outside 0000..9999.
func rfcText(t time.Time, digits int, lower bool) (string, bool) {
	_, off := t.Zone()
	if off%60 != 0 || off <= -24*3600 || off >= 24*3600 || t.Year() < 0 || t.Year() > 9999 {
		return "", false
	}
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	b := fmt.Appendf(nil, "%04d-%02d-%02dT%02d:%02d:%02d", y, int(m), d, hh, mm, ss)
	if lower {
		b[10] = 't'
	}
	ns := t.Nanosecond()
	frac := fmt.Sprintf("%09d", ns)
	switch {
	case digits < 0:
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
	default:
		frac = frac[:digits]
	}
	if frac != "" {
		b = append(b, '.')
		b = append(b, frac...)
	}
	switch {
	case off == 0 && lower:
		b = append(b, 'z')
	case off == 0:
		b = append(b, 'Z')
	default:
		sign := byte('+')
		if off < 0 {
			sign, off = '-', -off
		}
		b = fmt.Appendf(b, "%c%02d:%02d", sign, off/3600, off/60%60)
	}
	return string(b), true
}

// rfcParsed is a date-time read by parseRFC: the instant, the offset of
// the text in seconds, and whether the second was 60 (a leap second; the
// instant is then that of second 59).
type rfcParsed struct {
	at     time.Time
	offset int
	leap   bool
	digits int // fractional digits written
}

var errRFC = errors.New("not RFC 3339 date-time text")

// parseRFC reads RFC 3339 §5.6 date-time text: date-fullyear "-" date-month
// "-" date-mday "T" time-hour ":" time-minute ":" time-second
// [time-secfrac] time-offset, with "T" and "Z" in either case (§5.6, NOTE),
// hours 00..23, minutes 00..59, seconds 00..60, any number of fractional
// digits (nanoseconds beyond the ninth are truncated) and offsets "Z" or
// ±hh:mm up to ±23:59. The day must exist in its month and year.
func parseRFC(s string) (rfcParsed, error) {
	bad := func(why string) (rfcParsed, error) { return rfcParsed{}, fmt.Errorf("%w: %q: %s", errRFC, s, why) }
	num := func(i, n int) (int, bool) {
		if i+n > len(s) {
			return 0, false
		}
		v := 0
		for _, c := range s[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if len(s) < 20 {
		return bad("too short")
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 2)
	d, ok3 := num(8, 2)
	hh, ok4 := num(11, 2)
	mi, ok5 := num(14, 2)
	ss, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || s[4] != '-' || s[7] != '-' || s[10] != 'T' && s[10] != 't' || s[13] != ':' || s[16] != ':' {
		return bad("want YYYY-MM-DDTHH:MM:SS")
	}
	if mo < 1 || mo > 12 || d < 1 || d > calendar.DaysIn(y, time.Month(mo)) || hh > 23 || mi > 59 || ss > 60 {
		return bad("field out of range")
	}
	i, ns, digits := 19, 0, 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if digits < 9 {
				ns = ns*10 + int(s[i]-'0')
			}
			digits++
			i++
		}
		if digits == 0 {
			return bad("empty fraction")
		}
		for k := digits; k < 9; k++ {
			ns *= 10
		}
	}
	off := 0
	switch rest := s[i:]; {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := strconv.Atoi(rest[1:3])
		om, okm := strconv.Atoi(rest[4:6])
		if okh != nil || okm != nil || oh > 23 || om > 59 || rest[1] == '+' || rest[1] == '-' || rest[4] == '+' || rest[4] == '-' {
			return bad("offset out of range")
		}
		off = oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
	default:
		return bad("want Z or ±hh:mm")
	}
	leap := ss == 60
	if leap {
		ss = 59
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", off)
	}
	return rfcParsed{at: time.Date(y, time.Month(mo), d, hh, mi, ss, ns, loc), offset: off, leap: leap, digits: digits}, nil
}

// CheckDateTimeFormat fails t unless format writes each judged instant as
// RFC 3339 date-time text that denotes it: valid by the RFC's grammar
// (§5.6), in any offset (the instant's own, or "Z" for code that writes
// UTC), with either all of its fractional second or the first digits of
// it (truncated, as time.RFC3339 and most encoders write; rounding up
// fails). Where RFC 3339 cannot write the wall clock (an offset with
// seconds, the local mean times before standard time: Amsterdam was
// +00:19:32 until 1937), an error passes too; text in the offset
// truncated to the minute, which denotes another instant, fails. The instants are those of the other time checks (edge
// instants, far offsets, real zones across daylight-saving changes, draws,
// samples, the ends of every day).
func CheckDateTimeFormat(t testing.TB, format func(time.Time) (string, error), opts ...Option) {
	t.Helper()
	s, o, err := dateTimeFormatSpec(format, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyDateTimeFormat gives CheckDateTimeFormat's verdict without a
// testing.TB.
func VerifyDateTimeFormat(format func(time.Time) (string, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := dateTimeFormatSpec(format, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func dateTimeFormatSpec(format func(time.Time) (string, error), opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, format == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	return instantSpec("DateTimeFormat", o, func(t time.Time) (verdict, *Counterexample) {
		if t.IsZero() || !o.judged(o.domainOf(t)) {
			return skipped, nil
		}
		want, writable := rfcText(t, -1, false)
		var got string
		err := guard(func() (err error) { got, err = format(t); return err })
		wantS := fmt.Sprintf("%q (in any offset; or the fraction truncated)", want)
		if !writable {
			wantS = "an error, or text denoting " + t.UTC().Format(time.RFC3339Nano) + " in another offset (RFC 3339 has no seconds in offsets)"
		}
		fail := func(g string) (verdict, *Counterexample) {
			return fail, &Counterexample{Input: describeTime(t, nil), Got: g, Want: wantS}
		}
		switch {
		case panicked(err):
			return fail(err.Error())
		case err != nil && !writable:
			return pass, nil
		case err != nil:
			return fail("error: " + err.Error())
		}
		p, perr := parseRFC(got)
		if perr != nil {
			return fail(fmt.Sprintf("%q (%v)", got, perr))
		}
		trunc := t.Truncate(time.Duration(pow10(9 - min(p.digits, 9))))
		if p.leap || !p.at.Equal(trunc) {
			return fail(fmt.Sprintf("%q", got))
		}
		return pass, nil
	}), o, nil
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// rfcInput is an input of CheckDateTimeParse: the text of an instant in
// one of the shapes RFC 3339 allows.
type rfcInput struct {
	t      time.Time
	digits int  // fractional digits (-1: as needed)
	lower  bool // "t" and "z"
	leap   bool // second 60 in place of 59 (t's second is then 59)
}

func (in rfcInput) text() (string, bool) {
	s, ok := rfcText(in.t, in.digits, in.lower)
	if ok && in.leap {
		s = s[:17] + "60" + s[19:]
	}
	return s, ok
}

// rfcShapes are the text shapes tried on each instant: as many digits as
// needed, none, each count from one to nine, lower case. The counts are
// shapes of their own because, written as needed, the instants drawn take
// few lengths but 0, 3 and 9, and a parser may refuse the lower case that
// would carry the others.
var rfcShapes = []struct {
	digits int
	lower  bool
}{{-1, false}, {0, false}, {1, false}, {2, false}, {3, false}, {4, false}, {5, false}, {6, false}, {7, false}, {8, false}, {9, false}, {-1, true}}

// CheckDateTimeParse fails t unless parse reads RFC 3339 date-time text to
// the instant it denotes: the model's text of the edge instants, draws,
// samples and every day's ends, with offsets from "Z" and ±00:00 to ±23:59
// (the grammar allows any hour 00..23; real zones and ±14:00 are among
// them, and every edge instant is also written, with its whole fraction,
// at one of the grammar's far offsets +23:59, −23:59 and +00:01), no
// fraction or one to nine digits, "T" and "Z" in either case (§5.6, NOTE:
// a parser may refuse lower case, as a specification may require upper
// case; if it reads it, it must read it right). The offset of the result
// is not judged, only its instant. Text with second 60 (a leap second,
// §5.7: 1990-12-31T23:59:60Z, and 23:59:60 of every June 30 and December
// 31 in the edge table, the real leap seconds of 2012-06-30 and 2016-12-31
// among them) passes with an error, the instant of second 59, or the next
// second. Text whose wall clock or instant falls outside 0001..9999 (year
// 0000 at an offset west of UTC, 9999-12-31 east of it) is not judged, and
// not handed to parse, even under StrictRange.
func CheckDateTimeParse(t testing.TB, parse func(string) (time.Time, error), opts ...Option) {
	t.Helper()
	s, o, err := dateTimeParseSpec(parse, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyDateTimeParse gives CheckDateTimeParse's verdict without a
// testing.TB.
func VerifyDateTimeParse(parse func(string) (time.Time, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := dateTimeParseSpec(parse, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

// leapSecondEnd reports whether t is the whole second 23:59:59 of a June 30
// or a December 31 on its wall clock, the ends of day where leap seconds
// are inserted (RFC 3339 §5.7; the edge table holds the real ones of
// 2012-06-30 and 2016-12-31): the edge instants the parse check also
// writes with second 60.
func leapSecondEnd(t time.Time) bool {
	return t.Nanosecond() == 0 && t.Hour() == 23 && t.Minute() == 59 && t.Second() == 59 &&
		(t.Month() == time.June && t.Day() == 30 || t.Month() == time.December && t.Day() == 31)
}

// farOffsets are the offsets a text may carry beyond the zones drawn: the
// grammar's extremes.
var farOffsets = []*time.Location{time.FixedZone("+23:59", 23*3600+59*60), time.FixedZone("-23:59", -(23*3600 + 59*60)), time.FixedZone("+00:01", 60)}

func dateTimeParseSpec(parse func(string) (time.Time, error), opts []Option) (spec[rfcInput], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, parse == nil); err != nil {
		return spec[rfcInput]{}, o, err
	}
	ts := instantSpec("DateTimeParse", o, nil)
	var edges []rfcInput
	for i, t := range edgeTimes(o) {
		sh := rfcShapes[i%len(rfcShapes)]
		edges = append(edges, rfcInput{t: t, digits: sh.digits, lower: sh.lower})
		if leapSecondEnd(t) {
			edges = append(edges, rfcInput{t: t, digits: -1, leap: true})
		}
		if o.zones == nil {
			edges = append(edges, rfcInput{t: t.In(farOffsets[i%len(farOffsets)]), digits: -1})
		}
	}
	if o.zones == nil {
		for _, t := range []time.Time{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).In(time.FixedZone("-01:00", -3600)),
			time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(1990, 12, 31, 23, 59, 59, 0, time.UTC)} {
			t = o.finish(t)
			edges = append(edges, rfcInput{t: t, digits: -1}, rfcInput{t: t, digits: -1, leap: t.Second() == 59 && t.Nanosecond() == 0})
		}
	}
	// k is drawn over exactly the shapes' indices (no index is reduced
	// modulo, which would favour some shapes).
	shape := func(t time.Time, k int) rfcInput {
		sh := rfcShapes[k]
		return rfcInput{t: t, digits: sh.digits, lower: sh.lower}
	}
	inDomain := in
	judge := func(in rfcInput) (verdict, *Counterexample) {
		text, ok := in.text()
		if !ok {
			return skipped, nil
		}
		if in.t.IsZero() || o.domainOf(in.t) != inDomain {
			return skipped, nil
		}
		var got time.Time
		err := guard(func() (err error) { got, err = parse(text); return err })
		want := in.t.Truncate(time.Duration(pow10(9 - min(max(in.digits, 0), 9))))
		if in.digits < 0 {
			want = in.t
		}
		fail := func(w string) (verdict, *Counterexample) {
			return fail, &Counterexample{Input: strconv.Quote(text), Got: describeTime(got, err), Want: w}
		}
		switch {
		case panicked(err):
			return fail("no panic")
		case in.lower && err != nil:
			return pass, nil // RFC 3339 §5.6 lets a specification require upper case
		case in.leap:
			if err != nil || got.Equal(want) || got.Equal(want.Add(time.Second)) {
				return pass, nil
			}
			return fail("an error, " + describeTime(want.UTC(), nil) + " or a second later (a leap second)")
		case err == nil && got.Equal(want):
			return pass, nil
		}
		return fail(describeTime(want.UTC(), nil) + " (the same instant in any offset)")
	}
	return spec[rfcInput]{
		check:     "DateTimeParse",
		edgeCount: len(edges),
		edgeAt:    func(i int) rfcInput { return edges[i] },
		edges: func(yield func(rfcInput) bool) {
			for _, e := range edges {
				if !yield(e) {
					return
				}
			}
		},
		draw: rapid.Custom(func(rt *rapid.T) rfcInput {
			return shape(drawTime(rt, o), rapid.IntRange(0, len(rfcShapes)-1).Draw(rt, "shape"))
		}),
		sample:       func(rng *rand.Rand) rfcInput { return shape(randTime(rng, o), rng.Intn(len(rfcShapes))) },
		days:         ts.days,
		perDayInputs: ts.perDayInputs,
		perDay: func(d calendar.Date, yield func(rfcInput) bool) bool {
			// Hour h of the d-th day of the model in shape (d + h) mod 12,
			// the number of shapes: every shape on every day, and every
			// shape at every hour within 12 days.
			k := int((d.DayNumber() - calendar.MinDayNumber) % int64(len(rfcShapes)))
			return ts.perDay(d, func(t time.Time) bool { return yield(shape(t, (k+t.Hour())%len(rfcShapes))) })
		},
		dateOf: func(in rfcInput) calendar.Date { return calendar.DateOf(in.t) },
		judge:  judge,
		simpler: func(in rfcInput) []rfcInput {
			var out []rfcInput
			for _, t := range simplerTimes(o, in.t) {
				out = append(out, rfcInput{t: t, digits: in.digits, lower: in.lower, leap: in.leap})
			}
			return out
		},
	}, o, nil
}
