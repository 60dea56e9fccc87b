package props

import (
	"errors"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reference grammar reads back what the reference formatter writes,
// and refuses what RFC 3339 does not allow.
func TestRFCTextRoundTrips(t *testing.T) {
	for _, tm := range append(edgeTimes(buildOptions(nil)), time.Date(2012, 2, 29, 23, 59, 59, 500, time.FixedZone("", 23*3600+59*60))) {
		for _, sh := range rfcShapes {
			s, ok := rfcText(tm, sh.digits, sh.lower)
			if !ok {
				_, off := tm.Zone()
				require.NotZero(t, off%60, "%s: not writable", tm)
				continue
			}
			p, err := parseRFC(s)
			require.NoError(t, err, s)
			want := tm
			if sh.digits >= 0 {
				want = tm.Truncate(time.Duration(pow10(9 - sh.digits)))
			}
			require.True(t, p.at.Equal(want), "%s: %s", s, p.at)
		}
	}
	for _, bad := range []string{"2013-02-29T00:00:00Z", "2012-02-29T24:00:00Z", "2012-02-29T00:00:00+24:00", "2012-02-29T00:00:00",
		"2012-02-29 00:00:00Z", "2012-02-29T00:00:00.Z", "2012-02-29T00:00:00+1:00", "2012-02-29T00:60:00Z", "2012-2-29T00:00:00Z"} {
		_, err := parseRFC(bad)
		assert.ErrorIs(t, err, errRFC, bad)
	}
	p, err := parseRFC("1990-12-31T23:59:60Z")
	require.NoError(t, err)
	assert.True(t, p.leap)
}

func goFormat(t time.Time) (string, error) { return t.Format(time.RFC3339Nano), nil }

func goParse(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// rfcFormatUTCWhenNeeded writes the offset's minutes only when it has no
// seconds, and UTC otherwise: correct everywhere.
func rfcFormatUTCWhenNeeded(t time.Time) (string, error) {
	if _, off := t.Zone(); off%60 != 0 {
		t = t.UTC()
	}
	return t.Format(time.RFC3339Nano), nil
}

func TestDateTimeChecksPassCorrectCode(t *testing.T) {
	t.Run("format in UTC where the offset has seconds", func(t *testing.T) { CheckDateTimeFormat(t, rfcFormatUTCWhenNeeded, Budget(2*time.Second)) })
	t.Run("format in UTC", func(t *testing.T) {
		CheckDateTimeFormat(t, func(t time.Time) (string, error) { return t.UTC().Format(time.RFC3339), nil }, Zones(time.UTC), Budget(2*time.Second))
	})
	t.Run("reference parser", func(t *testing.T) {
		CheckDateTimeParse(t, func(s string) (time.Time, error) { p, err := parseRFC(s); return p.at, err }, Budget(2*time.Second))
	})
}

// Mutants: each fails.
func TestDateTimeChecksKillMutants(t *testing.T) {
	for name, f := range map[string]func(time.Time) (string, error){
		"Go's RFC3339Nano in local mean time": goFormat,
		"no offset":                           func(t time.Time) (string, error) { return t.Format("2006-01-02T15:04:05"), nil },
		"offset without colon":                func(t time.Time) (string, error) { return t.Format("2006-01-02T15:04:05Z0700"), nil },
		"fraction rounded to milliseconds": func(t time.Time) (string, error) {
			return t.Round(time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00"), nil
		},
		"UTC clock with the local offset": func(t time.Time) (string, error) {
			if t.Location() == time.UTC {
				return t.Format(time.RFC3339Nano), nil
			}
			_, off := t.Zone()
			return t.UTC().Format("2006-01-02T15:04:05") + time.Unix(0, 0).In(time.FixedZone("", off)).Format("Z07:00"), nil
		},
		"two-digit year": func(t time.Time) (string, error) { return t.Format("06-01-02T15:04:05Z07:00"), nil },
	} {
		err := VerifyDateTimeFormat(f, VerifyOptions{})
		require.Error(t, err, name)
		t.Logf("%s: %v", name, err)
	}
	for name, f := range map[string]func(string) (time.Time, error){
		"offset ignored": func(s string) (time.Time, error) { return time.Parse("2006-01-02T15:04:05", s[:19]) },
		"fraction dropped": func(s string) (time.Time, error) {
			tm, err := time.Parse(time.RFC3339, s)
			return tm.Truncate(time.Second), err
		},
		// A fraction of one or two digits read as milliseconds (".5" as
		// 5 ms); lower case refused, as Go's time.Parse does.
		"short fraction read as milliseconds": func(s string) (time.Time, error) {
			tm, err := time.Parse(time.RFC3339, s)
			if i := strings.IndexByte(s, '.'); i >= 0 && err == nil {
				if n := strings.IndexAny(s[i:], "Zz+-") - 1; n < 3 {
					ms, _ := strconv.Atoi(s[i+1 : i+1+n])
					tm = tm.Truncate(time.Second).Add(time.Duration(ms) * time.Millisecond)
				}
			}
			return tm, err
		},
		"lower case read as UTC": func(s string) (time.Time, error) {
			p, err := parseRFC(s)
			if strings.ContainsAny(s, "tz") {
				return time.Date(p.at.Year(), p.at.Month(), p.at.Day(), p.at.Hour(), p.at.Minute(), p.at.Second(), p.at.Nanosecond(), time.UTC), err
			}
			return p.at, err
		},
	} {
		err := VerifyDateTimeParse(f, VerifyOptions{})
		require.Error(t, err, name)
		t.Logf("%s: %v", name, err)
	}
}

// The reference writer at every bound of RFC 3339's grammar, by hand: the
// offset's range (±23:59; 24 hours and an offset with seconds cannot be
// written), the year's (0000..9999), each fraction shape and case.
func TestRFCTextByHand(t *testing.T) {
	zone := func(sec int) *time.Location { return time.FixedZone("", sec) }
	leapDay := func(ns int, loc *time.Location) time.Time { return time.Date(2012, 2, 29, 23, 59, 59, ns, loc) }
	for _, c := range []struct {
		t      time.Time
		digits int
		lower  bool
		want   string // "" when it cannot be written
	}{
		{leapDay(500000000, time.UTC), -1, false, "2012-02-29T23:59:59.5Z"},
		{leapDay(500000000, time.UTC), -1, true, "2012-02-29t23:59:59.5z"},
		{leapDay(500000000, time.UTC), 0, false, "2012-02-29T23:59:59Z"},
		{leapDay(500000000, time.UTC), 3, false, "2012-02-29T23:59:59.500Z"},
		{leapDay(123456789, time.UTC), 9, false, "2012-02-29T23:59:59.123456789Z"},
		{leapDay(100, time.UTC), -1, false, "2012-02-29T23:59:59.0000001Z"},
		{leapDay(0, time.UTC), -1, false, "2012-02-29T23:59:59Z"},
		{leapDay(0, zone(23*3600+59*60)), -1, false, "2012-02-29T23:59:59+23:59"},
		{leapDay(0, zone(-(23*3600 + 59*60))), -1, true, "2012-02-29t23:59:59-23:59"},
		{leapDay(0, zone(5*3600+45*60)), -1, false, "2012-02-29T23:59:59+05:45"},
		{leapDay(0, zone(-30*60)), -1, false, "2012-02-29T23:59:59-00:30"},
		{leapDay(0, zone(24*3600)), -1, false, ""},
		{leapDay(0, zone(-24*3600)), -1, false, ""},
		{leapDay(0, zone(19*60+32)), -1, false, ""},
		{leapDay(0, zone(-(19*60 + 32))), -1, false, ""},
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), -1, false, "0000-01-01T00:00:00Z"},
		{time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC), -1, false, ""},
		{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), -1, false, "9999-12-31T23:59:59Z"},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), -1, false, ""},
	} {
		got, ok := rfcText(c.t, c.digits, c.lower)
		_, off := c.t.Zone()
		assert.Equal(t, c.want != "", ok, "%s (offset %ds), %d digits", c.t, off, c.digits)
		assert.Equal(t, c.want, got, "%s (offset %ds), %d digits", c.t, off, c.digits)
	}
}

// The reference reader at every bound of the grammar, by hand.
func TestParseRFCByHand(t *testing.T) {
	for _, c := range []struct {
		s      string
		want   time.Time // zero: refused
		offset int
		leap   bool
		digits int
	}{
		{"2012-02-29T23:59:59Z", time.Date(2012, 2, 29, 23, 59, 59, 0, time.UTC), 0, false, 0},
		{"2012-02-29t23:59:59z", time.Date(2012, 2, 29, 23, 59, 59, 0, time.UTC), 0, false, 0},
		{"0000-01-01T00:00:00Z", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), 0, false, 0},
		{"9999-12-31T23:59:59+23:59", time.Date(9999, 12, 31, 0, 0, 59, 0, time.UTC), 23*3600 + 59*60, false, 0},
		{"2012-02-29T00:00:00-23:59", time.Date(2012, 2, 29, 23, 59, 0, 0, time.UTC), -(23*3600 + 59*60), false, 0},
		{"2012-02-29T00:00:00-00:00", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), 0, false, 0},
		{"2012-02-29T00:00:00.5Z", time.Date(2012, 2, 29, 0, 0, 0, 500000000, time.UTC), 0, false, 1},
		{"2012-02-29T00:00:00.123456789Z", time.Date(2012, 2, 29, 0, 0, 0, 123456789, time.UTC), 0, false, 9},
		{"2012-02-29T00:00:00.1234567891Z", time.Date(2012, 2, 29, 0, 0, 0, 123456789, time.UTC), 0, false, 10},
		{"1990-12-31T23:59:60Z", time.Date(1990, 12, 31, 23, 59, 59, 0, time.UTC), 0, true, 0},
		{"2012-01-31T00:00:00Z", time.Date(2012, 1, 31, 0, 0, 0, 0, time.UTC), 0, false, 0},
		{"2012-12-01T00:00:00Z", time.Date(2012, 12, 1, 0, 0, 0, 0, time.UTC), 0, false, 0},
		{"2012-00-01T00:00:00Z", time.Time{}, 0, false, 0},
		{"2012-13-01T00:00:00Z", time.Time{}, 0, false, 0},
		{"2012-01-00T00:00:00Z", time.Time{}, 0, false, 0},
		{"2012-01-32T00:00:00Z", time.Time{}, 0, false, 0},
		{"2013-02-29T00:00:00Z", time.Time{}, 0, false, 0},
		{"2012-02-29T24:00:00Z", time.Time{}, 0, false, 0},
		{"2012-02-29T00:60:00Z", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:61Z", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00+24:00", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00+00:60", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00++1:00", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00+01:+0", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00+01-00", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00.Z", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00.5", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:0Z", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00:00ZZ", time.Time{}, 0, false, 0},
		{"2012-02-29X00:00:00Z", time.Time{}, 0, false, 0},
		{"2012/02-29T00:00:00Z", time.Time{}, 0, false, 0},
		{"2012-02/29T00:00:00Z", time.Time{}, 0, false, 0},
		{"2012-02-29T00-00:00Z", time.Time{}, 0, false, 0},
		{"2012-02-29T00:00-00Z", time.Time{}, 0, false, 0},
		{"201a-02-29T00:00:00Z", time.Time{}, 0, false, 0},
	} {
		p, err := parseRFC(c.s)
		if c.want.IsZero() {
			assert.ErrorIs(t, err, errRFC, c.s)
			continue
		}
		if assert.NoError(t, err, c.s) {
			assert.True(t, c.want.Equal(p.at), "%s: %s", c.s, p.at)
			assert.Equal(t, [3]int{c.offset, c.digits, map[bool]int{true: 1}[c.leap]}, [3]int{p.offset, p.digits, map[bool]int{true: 1}[p.leap]}, c.s)
		}
	}
}

// The parse check's edge table holds what CheckDateTimeParse's doc lists:
// the model's text of every edge instant, in upper and lower case, with
// no fraction and with nine digits; text with second 60 on whole seconds
// at 23:59:59 (the 1990 leap second, and edge instants under
// WholeSeconds); every edge instant in one of the grammar's far offsets
// (±23:59, +00:01), written in full, unless Zones restricts them; instants
// whose text leaves 0001..9999 (a wall clock in year 0000 west of UTC,
// 9999-12-31's last nanosecond).
func TestDateTimeParseEdgeTable(t *testing.T) {
	edgesOf := func(opts ...Option) []rfcInput {
		t.Helper()
		s, _, err := dateTimeParseSpec(goParse, opts)
		require.NoError(t, err)
		var out []rfcInput
		for e := range s.edges {
			out = append(out, e)
		}
		require.Equal(t, s.edgeCount, len(out))
		return out
	}
	edges := edgesOf()
	instants := map[time.Time]bool{}
	offsets := map[int]bool{}
	var upper, lower, lowerWhole, whole, nine, leaps bool
	texts := map[string]bool{}
	for _, e := range edges {
		instants[e.t.UTC()] = true
		_, off := e.t.Zone()
		offsets[off] = true
		text, ok := e.text()
		if !ok {
			continue
		}
		texts[text] = true
		upper = upper || strings.Contains(text, "T")
		lower = lower || strings.Contains(text, "t")
		digits := 0
		if i := strings.IndexByte(text, '.'); i >= 0 {
			digits = strings.IndexAny(text[i:], "Zz+-") - 1
		}
		whole = whole || digits == 0
		lowerWhole = lowerWhole || digits == 0 && strings.Contains(text, "t")
		nine = nine || digits == 9
		if e.leap {
			leaps = leaps || e.t.Equal(time.Date(1990, 12, 31, 23, 59, 59, 0, time.UTC))
		}
	}
	for _, tm := range edgeTimes(buildOptions(nil)) {
		assert.True(t, instants[tm.UTC()], "edge instant %s", tm.Format(time.RFC3339Nano))
	}
	assert.True(t, upper && lower && whole && nine, "upper %v lower %v no fraction %v nine digits %v", upper, lower, whole, nine)
	assert.True(t, lowerWhole, "lower case is written with as many digits as needed: none on a whole second")
	assert.True(t, leaps, "1990-12-31T23:59:60Z")
	// The doc's leap second as it quotes it, the second before it, and the
	// model's last instant in full.
	for _, text := range []string{"1990-12-31T23:59:60Z", "1990-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999Z"} {
		assert.True(t, texts[text], "the text %s", text)
	}
	// Second 60 at 23:59:59 of every June 30 and December 31 of the edge
	// table, whole seconds only, and nowhere else.
	for _, opts := range [][]Option{nil, {WholeSeconds()}} {
		table := edgesOf(opts...)
		leapAt := map[string]bool{} // by wall clock and offset: a fixed zone is a new *Location each time
		for _, e := range table {
			if !e.leap {
				continue
			}
			leapAt[e.t.Format(time.RFC3339)] = true
			require.Equal(t, "23:59:59", e.t.Format("15:04:05"), "a leap second on %s", e.t)
			require.Zero(t, e.t.Nanosecond(), "a leap second on %s", e.t)
			require.Contains(t, []string{"06-30", "12-31"}, e.t.Format("01-02"), "a leap second on %s", e.t)
			if text, ok := e.text(); ok {
				require.Contains(t, text, ":60", text)
				require.NotContains(t, text, ".", "second 60 of a whole second, written as the doc writes it (23:59:60Z)")
			}
		}
		for _, tm := range edgeTimes(buildOptions(opts)) {
			if md := tm.Format("01-02"); tm.Format("15:04:05.999999999") == "23:59:59" && (md == "06-30" || md == "12-31") {
				assert.True(t, leapAt[tm.Format(time.RFC3339)], "%v: no second-60 text for %s", opts, tm)
			}
		}
		if opts == nil {
			for _, real := range []time.Time{time.Date(2012, 6, 30, 23, 59, 59, 0, time.UTC), time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)} {
				assert.True(t, leapAt[real.Format(time.RFC3339)], "the real leap second at %s", real)
			}
		}
	}
	for _, off := range []int{23*3600 + 59*60, -(23*3600 + 59*60), 60, -3600} {
		assert.True(t, offsets[off], "offset %ds", off)
	}
	// Every edge instant in a far offset, written in full.
	far := map[int]bool{23*3600 + 59*60: true, -(23*3600 + 59*60): true, 60: true}
	inFar := map[time.Time]bool{}
	farSeen := map[int]bool{}
	for _, e := range edges {
		if _, off := e.t.Zone(); far[off] && e.digits == -1 && !e.lower && !e.leap {
			inFar[e.t.UTC()] = true
			farSeen[off] = true
		}
	}
	for _, tm := range edgeTimes(buildOptions(nil)) {
		if !inFar[tm.UTC()] {
			assert.Fail(t, "no far-offset text", "edge instant %s", tm.Format(time.RFC3339Nano))
			break
		}
	}
	assert.Len(t, farSeen, len(far), "far offsets used: %v", farSeen)
	for _, tm := range []time.Time{time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(1990, 12, 31, 23, 59, 59, 0, time.UTC)} {
		assert.True(t, instants[tm], "%s", tm.Format(time.RFC3339Nano))
	}
	var west bool
	for _, e := range edges {
		_, off := e.t.Zone()
		west = west || e.t.Year() == 0 && off < 0
	}
	assert.True(t, west, "a wall clock in year 0000 west of UTC")
	for _, e := range edgesOf(Zones(time.UTC)) {
		require.Equal(t, time.UTC, e.t.Location(), "Zones(UTC): %s", e.t)
	}
}

// The format check's judgement by hand: text that denotes the instant in
// any offset passes, with all of its fraction or the first digits; a
// rounded fraction, another instant, second 60, text that is not RFC 3339,
// an error where the instant can be written and a panic fail; an error
// passes where RFC 3339 cannot write the wall clock.
func TestDateTimeFormatJudgeByHand(t *testing.T) {
	at := time.Date(2012, 2, 29, 23, 59, 59, 987654321, time.UTC)
	lmt := time.Date(1930, 6, 1, 12, 0, 0, 0, time.FixedZone("LMT", 19*60+32))
	boom := errors.New("boom")
	for _, c := range []struct {
		name string
		t    time.Time
		text string
		err  error
		pass bool
	}{
		{"all of it", at, "2012-02-29T23:59:59.987654321Z", nil, true},
		{"another offset", at, "2012-03-01T05:44:59.987654321+05:45", nil, true},
		{"truncated", at, "2012-02-29T23:59:59.987Z", nil, true},
		{"no fraction", at, "2012-02-29T23:59:59Z", nil, true},
		{"rounded up", at, "2012-02-29T23:59:59.988Z", nil, false},
		{"another instant", at, "2012-02-29T23:59:58.987654321Z", nil, false},
		{"second 60", time.Date(2012, 2, 29, 23, 59, 59, 0, time.UTC), "2012-02-29T23:59:60Z", nil, false},
		{"not RFC 3339", at, "2012-02-29 23:59:59Z", nil, false},
		{"an error where it can be written", at, "", boom, false},
		{"an error where it cannot", lmt, "", boom, true},
		{"the minutes of an offset with seconds", lmt, "1930-06-01T12:00:00+00:19", nil, false},
		{"that instant in UTC", lmt, lmt.UTC().Format(time.RFC3339), nil, true},
	} {
		s, _, err := dateTimeFormatSpec(func(time.Time) (string, error) { return c.text, c.err }, nil)
		require.NoError(t, err)
		v, cex := s.judge(c.t)
		if c.pass {
			assert.Equal(t, pass, v, "%s: %v", c.name, cex)
		} else if assert.Equal(t, fail, v, c.name) && c.t.Equal(at) {
			assert.Contains(t, cex.Want, `"2012-02-29T23:59:59.987654321Z"`, c.name)
		}
	}
	s, _, err := dateTimeFormatSpec(func(time.Time) (string, error) { panic("boom") }, nil)
	require.NoError(t, err)
	for _, tm := range []time.Time{at, lmt} {
		v, _ := s.judge(tm)
		assert.Equal(t, fail, v, "a panic on %s", tm)
	}
}

// The parse check's judgement by hand, on the text of one instant: the
// instant in any offset passes, an error or another instant fails, a panic
// fails; lower-case text may be refused; second 60 passes with an error,
// second 59 or the next second; text RFC 3339 cannot write, or whose wall
// clock is outside 0001..9999, is not judged.
func TestDateTimeParseJudgeByHand(t *testing.T) {
	at := time.Date(2012, 2, 29, 23, 59, 59, 0, time.UTC)
	boom := errors.New("boom")
	lmt := time.Date(1930, 6, 1, 12, 0, 0, 0, time.FixedZone("LMT", 19*60+32))
	year0 := time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC).In(time.FixedZone("-01:00", -3600))
	for _, c := range []struct {
		name string
		in   rfcInput
		got  time.Time
		err  error
		want verdict
	}{
		{"the instant", rfcInput{t: at, digits: -1}, at, nil, pass},
		{"in another offset", rfcInput{t: at, digits: -1}, at.In(time.FixedZone("", 3600)), nil, pass},
		{"another instant", rfcInput{t: at, digits: -1}, at.Add(time.Second), nil, fail},
		{"an error", rfcInput{t: at, digits: -1}, time.Time{}, boom, fail},
		{"lower case refused", rfcInput{t: at, digits: -1, lower: true}, time.Time{}, boom, pass},
		{"lower case misread", rfcInput{t: at, digits: -1, lower: true}, at.Add(time.Hour), nil, fail},
		{"a leap second refused", rfcInput{t: at, digits: -1, leap: true}, time.Time{}, boom, pass},
		{"a leap second as 59", rfcInput{t: at, digits: -1, leap: true}, at, nil, pass},
		{"a leap second as the next second", rfcInput{t: at, digits: -1, leap: true}, at.Add(time.Second), nil, pass},
		{"a leap second two seconds on", rfcInput{t: at, digits: -1, leap: true}, at.Add(2 * time.Second), nil, fail},
		{"three digits of a fraction", rfcInput{t: at.Add(123456789), digits: 3}, at.Add(123000000), nil, pass},
		{"all nine read from three", rfcInput{t: at.Add(123456789), digits: 3}, at.Add(123456789), nil, fail},
		{"an offset with seconds: not judged", rfcInput{t: lmt, digits: -1}, time.Time{}, boom, skipped},
		{"a wall clock in year 0000: not judged", rfcInput{t: year0, digits: -1}, time.Time{}, boom, skipped},
	} {
		s, _, err := dateTimeParseSpec(func(string) (time.Time, error) { return c.got, c.err }, nil)
		require.NoError(t, err)
		v, cex := s.judge(c.in)
		assert.Equal(t, c.want, v, "%s: %v", c.name, cex)
	}
	s, _, err := dateTimeParseSpec(func(string) (time.Time, error) { panic("boom") }, nil)
	require.NoError(t, err)
	for _, in := range []rfcInput{{t: at, digits: -1}, {t: at, digits: -1, lower: true}, {t: at, digits: -1, leap: true}} {
		v, _ := s.judge(in)
		assert.Equal(t, fail, v, "a panic on %+v", in)
	}
}

// The parse check's draws, samples and sweep give inputs of the shapes
// rfcShapes lists, and every shape, without panicking (rapid.Example would
// retry a draw that panics; a property does not).
func TestDateTimeParseInputsTakeEveryShape(t *testing.T) {
	s, _, err := dateTimeParseSpec(goParse, nil)
	require.NoError(t, err)
	shapeOf := func(in rfcInput) int {
		for i, sh := range rfcShapes {
			if sh.digits == in.digits && sh.lower == in.lower {
				return i
			}
		}
		t.Fatalf("%+v: not a shape of rfcShapes", in)
		return -1
	}
	seen := map[string]map[int]bool{"draw": {}, "sample": {}, "sweep": {}}
	rapid.Check(t, func(rt *rapid.T) {
		for range 40 { // rapid's checks are few under -short; 40 draws each
			seen["draw"][shapeOf(s.draw.Draw(rt, "input"))] = true
		}
	})
	rng := rand.New(rand.NewSource(1))
	for range 500 {
		seen["sample"][shapeOf(s.sample(rng))] = true
	}
	for d := range 40 {
		day, err := calendar.FromDayNumber(int64(730000 + d))
		require.NoError(t, err)
		s.perDay(day, func(in rfcInput) bool { seen["sweep"][shapeOf(in)] = true; return true })
	}
	for src, shapes := range seen {
		assert.Len(t, shapes, len(rfcShapes), "%s: shapes %v", src, shapes)
	}
}
