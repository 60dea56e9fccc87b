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
