package cert

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests anchored in RFC 5280 §4.1.2.5 (Validity) and its subsections. Each
// quotes the sentence it checks.

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

// "The validity period for a certificate is the period of time from
// notBefore through notAfter, inclusive."
func TestRFC5280_BoundsInclusive(t *testing.T) {
	nb, na := utc(2012, 2, 29, 0, 0, 0), utc(2013, 2, 28, 23, 59, 59)
	v := Validity{nb, na}
	require.NoError(t, v.Validate())
	assert.True(t, v.ValidAt(nb), "valid at notBefore")
	assert.True(t, v.ValidAt(na), "valid at notAfter")
	assert.True(t, v.ValidAt(na.Add(999999999)), "valid through the last nanosecond of notAfter's second")
	assert.False(t, v.ValidAt(na.Add(time.Second)), "not valid one second after notAfter")
	assert.False(t, v.ValidAt(nb.Add(-1)), "not valid one nanosecond before notBefore")
	assert.Equal(t, 366*24*time.Hour, v.Period(), "Feb 29 2012 through Feb 28 2013 is 366 days")
	assert.Equal(t, int64(366*86400), v.PeriodSeconds())

	one := Validity{nb, nb}
	assert.Equal(t, time.Second, one.Period(), "notBefore == notAfter is one second")
	assert.True(t, one.ValidAt(nb))
	assert.False(t, one.ValidAt(nb.Add(time.Second)))
}

// "CAs conforming to this profile MUST always encode certificate validity
// dates through the year 2049 as UTCTime; certificate validity dates in 2050
// or later MUST be encoded as GeneralizedTime."
func TestRFC5280_TagByYear(t *testing.T) {
	cases := []struct {
		t    time.Time
		tag  Tag
		text string
	}{
		{utc(1, 1, 1, 0, 0, 0), GeneralizedTime, "00010101000000Z"},
		{utc(1949, 12, 31, 23, 59, 59), GeneralizedTime, "19491231235959Z"},
		{utc(1950, 1, 1, 0, 0, 0), UTCTime, "500101000000Z"},
		{utc(1999, 12, 31, 23, 59, 59), UTCTime, "991231235959Z"},
		{utc(2000, 1, 1, 0, 0, 0), UTCTime, "000101000000Z"},
		{utc(2012, 2, 29, 12, 34, 56), UTCTime, "120229123456Z"},
		{utc(2049, 12, 31, 23, 59, 59), UTCTime, "491231235959Z"},
		{utc(2050, 1, 1, 0, 0, 0), GeneralizedTime, "20500101000000Z"},
		{utc(2096, 2, 29, 0, 0, 0), GeneralizedTime, "20960229000000Z"},
		{utc(9999, 12, 31, 23, 59, 59), GeneralizedTime, "99991231235959Z"},
	}
	for _, c := range cases {
		tag, err := TagFor(c.t)
		require.NoError(t, err)
		assert.Equal(t, c.tag, tag, "TagFor(%s)", c.t)
		s, err := EncodeTime(c.t)
		require.NoError(t, err)
		assert.Equal(t, c.text, s, "EncodeTime(%s)", c.t)
		back, err := DecodeTime(c.tag, s)
		require.NoError(t, err, "DecodeTime(%s, %q)", c.tag, s)
		assert.True(t, back.Equal(c.t), "DecodeTime(%s, %q) = %s, want %s", c.tag, s, back, c.t)
		assert.Equal(t, time.UTC, back.Location())
	}
	// "certificate validity dates in 2050 or later MUST be encoded as
	// GeneralizedTime": a 2050 date as UTCTime would read back as 1950.
	back, err := DecodeTime(UTCTime, "500101000000Z")
	require.NoError(t, err)
	assert.Equal(t, 1950, back.Year())
}

// "Conforming applications MUST be able to process validity dates that are
// encoded in either UTCTime or GeneralizedTime." The model decodes both; it
// refuses only what the profile forbids a conforming CA to produce
// (GeneralizedTime for 1950..2049), which TestDecodeTimeBadInput covers.
func TestRFC5280_ProcessEither(t *testing.T) {
	a, err := DecodeTime(UTCTime, "491231235959Z")
	require.NoError(t, err)
	b, err := DecodeTime(GeneralizedTime, "20500101000000Z")
	require.NoError(t, err)
	assert.Equal(t, time.Second, b.Sub(a))
}

// "To indicate that a certificate has no well-defined expiration date, the
// notAfter SHOULD be assigned the GeneralizedTime value of 99991231235959Z."
func TestRFC5280_NoExpiration(t *testing.T) {
	assert.True(t, NoExpiration.Equal(utc(9999, 12, 31, 23, 59, 59)))
	assert.Equal(t, NoExpiration.Unix(), NoExpirationUnix)
	s, err := EncodeTime(NoExpiration)
	require.NoError(t, err)
	assert.Equal(t, NoExpirationText, s)
	tag, err := TagFor(NoExpiration)
	require.NoError(t, err)
	assert.Equal(t, GeneralizedTime, tag)
	back, err := DecodeTime(GeneralizedTime, NoExpirationText)
	require.NoError(t, err)
	assert.True(t, back.Equal(NoExpiration))
	// The next second is outside the model.
	_, err = EncodeTime(NoExpiration.Add(time.Second))
	assert.ErrorIs(t, err, ErrRange)
	v := Validity{utc(2020, 1, 1, 0, 0, 0), NoExpiration}
	assert.NoError(t, v.Validate())
	assert.True(t, v.ValidAt(NoExpiration))
	assert.Equal(t, time.Duration(1<<63-1), v.Period(), "a 7,980-year period saturates time.Duration")
	assert.Equal(t, NoExpirationUnix-utc(2020, 1, 1, 0, 0, 0).Unix()+1, v.PeriodSeconds())
}

// §4.1.2.5.1: "Where YY is greater than or equal to 50, the year SHALL be
// interpreted as 19YY; and Where YY is less than 50, the year SHALL be
// interpreted as 20YY."
func TestRFC5280_UTCTimeYearWindow(t *testing.T) {
	for yy := 0; yy < 100; yy++ {
		s := string([]byte{byte('0' + yy/10), byte('0' + yy%10)}) + "0101000000Z"
		got, err := DecodeTime(UTCTime, s)
		require.NoError(t, err, s)
		want := 2000 + yy
		if yy >= 50 {
			want = 1900 + yy
		}
		assert.Equal(t, want, got.Year(), s)
	}
}

// §4.1.2.5.1: "For the purposes of this profile, UTCTime values MUST be
// expressed in Greenwich Mean Time (Zulu) and MUST include seconds (i.e.,
// times are YYMMDDHHMMSSZ), even where the number of seconds is zero."
// §4.1.2.5.2: "GeneralizedTime values MUST be expressed in Greenwich Mean
// Time (Zulu) and MUST include seconds (i.e., times are YYYYMMDDHHMMSSZ),
// even where the number of seconds is zero. GeneralizedTime values MUST NOT
// include fractional seconds."
func TestRFC5280_ZuluSecondsNoFraction(t *testing.T) {
	for _, c := range []struct {
		tag  Tag
		s    string
		want string
	}{
		{UTCTime, "1202290000Z", "wrong length"},
		{UTCTime, "120229000000+0100", "time differential"},
		{UTCTime, "120229000000-0000", "time differential"},
		{UTCTime, "1202290000+0100", "time differential"},
		{GeneralizedTime, "205002290000Z", "wrong length"},
		{GeneralizedTime, "20500101000000.5Z", "fractional seconds"},
		{GeneralizedTime, "20500101000000,5Z", "fractional seconds"},
		{GeneralizedTime, "20500101000000+0000", "time differential"},
		{GeneralizedTime, "20500101000000", "wrong length"},
	} {
		_, err := DecodeTime(c.tag, c.s)
		require.Error(t, err, "%s %q", c.tag, c.s)
		assert.ErrorIs(t, err, ErrEncoding)
		assert.Contains(t, err.Error(), c.want, "%s %q", c.tag, c.s)
	}
	// Encoding: times in any location are written in Zulu; a fractional
	// second is an error rather than a silent truncation.
	east := time.FixedZone("UTC+14", 14*3600)
	s, err := EncodeTime(time.Date(2012, 2, 29, 13, 0, 0, 0, east))
	require.NoError(t, err)
	assert.Equal(t, "120228230000Z", s, "13:00 on Feb 29 in UTC+14 is 23:00 on Feb 28 UTC")
	_, err = EncodeTime(utc(2050, 1, 1, 0, 0, 0).Add(time.Millisecond))
	assert.ErrorIs(t, err, ErrEncoding)
	assert.Contains(t, err.Error(), "fractional seconds")
	_, err = TagFor(utc(2012, 1, 1, 0, 0, 0).Add(1))
	assert.ErrorIs(t, err, ErrEncoding)
}

// Every whole second of a sample of days in every year 1..9999 round-trips
// through EncodeTime and DecodeTime, with the tag TagFor names.
func TestEncodeDecodeRoundTrip(t *testing.T) {
	for y := 1; y <= 9999; y++ {
		for _, tm := range []time.Time{
			utc(y, 1, 1, 0, 0, 0), utc(y, 2, 28, 23, 59, 59), utc(y, 3, 1, 0, 0, 0),
			utc(y, 7, int(1+y%31), y%24, y%60, (y*7)%60), utc(y, 12, 31, 23, 59, 59),
		} {
			s, err := EncodeTime(tm)
			require.NoError(t, err)
			tag, err := TagFor(tm)
			require.NoError(t, err)
			if (y >= 1950 && y <= 2049) != (tag == UTCTime) || len(s) != map[Tag]int{UTCTime: 13, GeneralizedTime: 15}[tag] {
				t.Fatalf("%s: tag %s text %q", tm, tag, s)
			}
			back, err := DecodeTime(tag, s)
			if err != nil || !back.Equal(tm) {
				t.Fatalf("%s -> %s %q -> %s, %v", tm, tag, s, back, err)
			}
		}
	}
}

// TestDecodeTimeBadInput is a table of malformed and forbidden encodings:
// each is an error of the right kind whose message quotes the input and
// says what is wrong, and none panics.
func TestDecodeTimeBadInput(t *testing.T) {
	cases := []struct {
		tag  Tag
		s    string
		kind error
		want string // a phrase the message must contain
	}{
		// Length.
		{UTCTime, "", ErrEncoding, "wrong length 0"},
		{GeneralizedTime, "", ErrEncoding, "wrong length 0"},
		{UTCTime, "Z", ErrEncoding, "wrong length 1"},
		{UTCTime, "1202290000Z", ErrEncoding, "wrong length 11, want 13"},
		{UTCTime, "12022900000Z", ErrEncoding, "wrong length 12"},
		{UTCTime, "1202290000000Z", ErrEncoding, "wrong length 14"},
		{UTCTime, "20120229000000Z", ErrEncoding, "wrong length 15, want 13"},
		{GeneralizedTime, "120229000000Z", ErrEncoding, "wrong length 13, want 15"},
		{GeneralizedTime, "205001010000Z", ErrEncoding, "wrong length 13"},
		{GeneralizedTime, "205001010000000Z", ErrEncoding, "wrong length 16"},
		// Zone.
		{UTCTime, "120229000000", ErrEncoding, "wrong length 12"},
		{UTCTime, "120229000000z", ErrEncoding, `ends in 'z', want Z`},
		{UTCTime, "120229000000 ", ErrEncoding, `ends in ' ', want Z`},
		{GeneralizedTime, "205001010000000", ErrEncoding, `ends in '0', want Z`},
		{UTCTime, "120229000000+0000", ErrEncoding, `time differential "+0000"`},
		{UTCTime, "120229000000-0800", ErrEncoding, `time differential "-0800"`},
		{GeneralizedTime, "20500101000000+1400", ErrEncoding, `time differential "+1400"`},
		{GeneralizedTime, "20500101000000-1200", ErrEncoding, "time differential"},
		// Fractions.
		{GeneralizedTime, "20500101000000.0Z", ErrEncoding, "fractional seconds"},
		{GeneralizedTime, "20500101000000.123456789Z", ErrEncoding, "fractional seconds"},
		{UTCTime, "120229000000.5Z", ErrEncoding, "fractional seconds"},
		{GeneralizedTime, "2050010100000,5Z", ErrEncoding, "fractional seconds"},
		// Non-digits.
		{UTCTime, "12-02-290000Z", ErrEncoding, "byte 2 is '-', want a digit"},
		{UTCTime, "1202290000 0Z", ErrEncoding, "byte 10 is ' '"},
		{UTCTime, "12022900000ZZ", ErrEncoding, "byte 11 is 'Z'"},
		{GeneralizedTime, "2050O101000000Z", ErrEncoding, "byte 4 is 'O'"},
		{GeneralizedTime, "-0500101000000Z", ErrEncoding, "byte 0 is '-'"},
		{UTCTime, "１229000000Z", ErrEncoding, "byte 0 is '\\xef', want a digit"},
		{GeneralizedTime, "2050\x00101000000Z", ErrEncoding, "byte 4 is '\\x00', want a digit"},
		// Either side of ASCII's end: 0x7f is quoted as Go quotes it, 0x80 as a byte.
		{UTCTime, "12022900000\x7fZ", ErrEncoding, "byte 11 is '\\x7f', want a digit"},
		{UTCTime, "12022900000\x80Z", ErrEncoding, "byte 11 is '\\x80', want a digit"},
		// Fields out of range.
		{UTCTime, "120029000000Z", ErrEncoding, "month 00 out of range"},
		{UTCTime, "121329000000Z", ErrEncoding, "month 13 out of range"},
		{UTCTime, "120200000000Z", ErrEncoding, "day 00 out of range"},
		{UTCTime, "130229000000Z", ErrEncoding, "day 29 out of range for February 2013 (28 days)"},
		{GeneralizedTime, "21000229000000Z", ErrEncoding, "day 29 out of range for February 2100"},
		{UTCTime, "120431000000Z", ErrEncoding, "day 31 out of range for April 2012"},
		{UTCTime, "120132000000Z", ErrEncoding, "day 32 out of range"},
		{UTCTime, "120229240000Z", ErrEncoding, "hour 24 out of range"},
		{UTCTime, "120229006000Z", ErrEncoding, "minute 60 out of range"},
		{UTCTime, "120229000060Z", ErrEncoding, "second 60 out of range"},
		{GeneralizedTime, "20501231235960Z", ErrEncoding, "no leap seconds"},
		{UTCTime, "999999999999Z", ErrEncoding, "month 99"},
		{GeneralizedTime, "00000101000000Z", ErrRange, "year 0000"},
		// GeneralizedTime where the profile requires UTCTime.
		{GeneralizedTime, "19500101000000Z", ErrEncoding, "year 1950 must be encoded as UTCTime"},
		{GeneralizedTime, "20120229000000Z", ErrEncoding, "year 2012 must be encoded as UTCTime"},
		{GeneralizedTime, "20491231235959Z", ErrEncoding, "year 2049 must be encoded as UTCTime"},
		// Tags.
		{Tag(0), "120229000000Z", ErrEncoding, "tag 0 is neither"},
		{Tag(4), "120229000000Z", ErrEncoding, "Tag(4)"},
		{Tag(255), "20500101000000Z", ErrEncoding, "tag 255"},
	}
	require.GreaterOrEqual(t, len(cases), 30)
	for _, c := range cases {
		got, err := DecodeTime(c.tag, c.s)
		if !assert.Error(t, err, "DecodeTime(%s, %q) = %s, want an error", c.tag, c.s, got) {
			continue
		}
		assert.True(t, errors.Is(err, c.kind), "DecodeTime(%s, %q): %v is not %v", c.tag, c.s, err, c.kind)
		assert.Contains(t, err.Error(), c.want, "DecodeTime(%s, %q)", c.tag, c.s)
		assert.True(t, strings.HasPrefix(err.Error(), "cert: decoding "), err.Error())
		assert.Contains(t, err.Error(), strconv.Quote(c.s), "message quotes the input")
		var e *Error
		if assert.True(t, errors.As(err, &e)) {
			assert.Equal(t, strconv.Quote(c.s), e.Input)
		}
		assert.True(t, got.IsZero())
	}
}

// DecodeTime never panics, whatever the bytes: every prefix and every
// single-byte mutation of valid encodings.
func TestDecodeTimeNoPanic(t *testing.T) {
	for _, s := range []string{"120229000000Z", "20500101000000Z", NoExpirationText} {
		for _, tag := range []Tag{UTCTime, GeneralizedTime, 0, 255} {
			for i := 0; i <= len(s); i++ {
				_, _ = DecodeTime(tag, s[:i])
			}
			for i := 0; i < len(s); i++ {
				for c := 0; c < 256; c++ {
					b := []byte(s)
					b[i] = byte(c)
					_, _ = DecodeTime(tag, string(b))
				}
			}
		}
	}
}
