package props

import (
	"strings"
	"testing"
	"time"

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
