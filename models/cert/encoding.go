package cert

import (
	"fmt"
	"strconv"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Tag is the ASN.1 universal tag of a certificate time: UTCTime (23) or
// GeneralizedTime (24), the two choices of RFC 5280's Time type.
type Tag uint8

const (
	// UTCTime is ASN.1 universal tag 23, text YYMMDDHHMMSSZ (RFC 5280
	// §4.1.2.5.1). Its two-digit year YY means 19YY for YY >= 50 and 20YY
	// for YY < 50, so it can only express 1950..2049.
	UTCTime Tag = 23
	// GeneralizedTime is ASN.1 universal tag 24, text YYYYMMDDHHMMSSZ (RFC
	// 5280 §4.1.2.5.2).
	GeneralizedTime Tag = 24
)

// String returns "UTCTime", "GeneralizedTime" or "Tag(N)".
func (g Tag) String() string {
	switch g {
	case UTCTime:
		return "UTCTime"
	case GeneralizedTime:
		return "GeneralizedTime"
	}
	return "Tag(" + strconv.Itoa(int(g)) + ")"
}

// Bounds of the model, in Unix seconds. The model's instants are the whole
// seconds from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the times a
// four-digit GeneralizedTime year can express.
const (
	// MinUnix is the Unix time of 0001-01-01T00:00:00Z, the earliest
	// instant of the model (and the zero time.Time).
	MinUnix int64 = calendar.MinDayNumber * secondsPerDay
	// NoExpirationUnix is the Unix time of 9999-12-31T23:59:59Z, the latest
	// instant of the model.
	NoExpirationUnix int64 = (calendar.MaxDayNumber+1)*secondsPerDay - 1
	// NoExpirationText is the GeneralizedTime RFC 5280 §4.1.2.5 assigns to
	// a certificate with no well-defined expiration date.
	NoExpirationText = "99991231235959Z"

	secondsPerDay = 86400
)

// NoExpiration is 9999-12-31T23:59:59Z, the notAfter that RFC 5280 §4.1.2.5
// gives a certificate with "no well-defined expiration date", and the latest
// instant of the model. Issue clamps NotAfter to it. Treat it as a constant:
// the model itself uses NoExpirationUnix, so changing this variable changes
// nothing but the caller's own view.
var NoExpiration = time.Unix(NoExpirationUnix, 0).UTC()

// TagFor returns the tag RFC 5280 §4.1.2.5 requires for t: UTCTime for the
// years 1950 through 2049 and GeneralizedTime from 2050. For the years 1 to
// 1949 it returns GeneralizedTime, the only tag that can express them (see
// the package documentation, "Years before 1950"). The year is t's year in
// UTC. It returns an error wrapping ErrRange for a time outside
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z and ErrEncoding for a time with
// a fractional second, which neither tag may carry.
func TagFor(t time.Time) (Tag, error) {
	if err := checkEncodable(t); err != nil {
		return 0, err
	}
	return tagForYear(t.UTC().Year()), nil
}

func tagForYear(year int) Tag {
	if year >= 1950 && year <= 2049 {
		return UTCTime
	}
	return GeneralizedTime
}

// checkEncodable returns nil if t is a whole second within the model.
func checkEncodable(t time.Time) error {
	u := t.Unix()
	if u < MinUnix || u > NoExpirationUnix {
		s := t.UTC().Format(time.RFC3339Nano)
		return newError(s, ErrRange, fmt.Sprintf("encoding %s: outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z", s))
	}
	if t.Nanosecond() != 0 {
		s := t.UTC().Format(time.RFC3339Nano)
		return newError(s, ErrEncoding, fmt.Sprintf("encoding %s: fractional seconds are not allowed (RFC 5280 §4.1.2.5.2); truncate to whole seconds first", s))
	}
	return nil
}

// EncodeTime returns the RFC 5280 text of t in UTC and the tag it must be
// encoded with: YYMMDDHHMMSSZ (UTCTime) for 1950..2049 and YYYYMMDDHHMMSSZ
// (GeneralizedTime) otherwise, as TagFor decides. 9999-12-31T23:59:59Z
// encodes as NoExpirationText. The location of t does not matter, only the
// instant. Errors are as for TagFor: a fractional second is an error, not
// silently truncated, because the text could not carry it back.
func EncodeTime(t time.Time) (string, error) {
	var buf [15]byte
	b, _, err := AppendTime(buf[:0], t)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AppendTime appends the RFC 5280 text of t, as EncodeTime returns it, to
// dst and returns the extended buffer and the tag. It does not allocate when
// dst has room for 15 bytes. On error it returns dst unchanged.
func AppendTime(dst []byte, t time.Time) ([]byte, Tag, error) {
	if err := checkEncodable(t); err != nil {
		return dst, 0, err
	}
	t = t.UTC()
	year, month, day := t.Date()
	hh, mm, ss := t.Clock()
	tag := tagForYear(year)
	if tag == GeneralizedTime {
		dst = append(dst, byte('0'+year/1000), byte('0'+year/100%10))
	}
	dst = append(dst,
		byte('0'+year/10%10), byte('0'+year%10),
		byte('0'+int(month)/10), byte('0'+int(month)%10),
		byte('0'+day/10), byte('0'+day%10),
		byte('0'+hh/10), byte('0'+hh%10),
		byte('0'+mm/10), byte('0'+mm%10),
		byte('0'+ss/10), byte('0'+ss%10),
		'Z')
	return dst, tag, nil
}

// DecodeTime parses s, the content of an ASN.1 time with the given tag, under
// the rules RFC 5280 §4.1.2.5 sets for certificate validity, and returns the
// instant in UTC. It accepts exactly
//
//	UTCTime          YYMMDDHHMMSSZ     13 bytes, YY >= 50 is 19YY, YY < 50 is 20YY
//	GeneralizedTime  YYYYMMDDHHMMSSZ   15 bytes, year 0001..1949 or 2050..9999
//
// and rejects, with an error wrapping ErrEncoding that quotes s and says what
// is wrong: any other length (including UTCTime without seconds, which X.680
// allows but RFC 5280 forbids), fractional seconds, a time differential
// (+hhmm, -hhmm) or a missing or lower-case Z, non-digits, a month, day,
// hour, minute or second out of range (the day checked against the month and
// year, so 20130229... is an error; second 60 is an error: the model has no
// leap seconds), GeneralizedTime for a year 1950..2049 (which conforming
// CAs "MUST" encode as UTCTime), and a tag that is neither. GeneralizedTime
// year 0000 is well-formed but outside the model (years 1..9999): its error
// wraps ErrRange instead. It never panics.
func DecodeTime(tag Tag, s string) (time.Time, error) {
	var want int
	var layout string
	switch tag {
	case UTCTime:
		want, layout = 13, "YYMMDDHHMMSSZ"
	case GeneralizedTime:
		want, layout = 15, "YYYYMMDDHHMMSSZ"
	default:
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("tag %d is neither UTCTime (23) nor GeneralizedTime (24)", uint8(tag)))
	}
	// Name the most specific defect first: a fraction or an offset also
	// changes the length, and saying "wrong length" for them would hide why.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' || c == ',':
			return time.Time{}, decodeError(tag, s, "fractional seconds are not allowed (RFC 5280 §4.1.2.5.2)")
		case (c == '+' || c == '-') && i >= want-3:
			// At or after the seconds: an offset (+hhmm, -hhmm) in place
			// of Z, with or without seconds before it.
			return time.Time{}, decodeError(tag, s, "time differential "+strconv.Quote(s[i:])+" is not allowed: times must be in Zulu (end in Z)")
		}
	}
	if len(s) != want {
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("wrong length %d, want %d (%s)", len(s), want, layout))
	}
	if s[want-1] != 'Z' {
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("ends in %s, want Z (%s)", quoteByte(s[want-1]), layout))
	}
	for i := 0; i < want-1; i++ {
		if c := s[i]; c < '0' || c > '9' {
			return time.Time{}, decodeError(tag, s, fmt.Sprintf("byte %d is %s, want a digit (%s)", i, quoteByte(c), layout))
		}
	}
	// o is where the month starts: after YY or YYYY.
	o := want - 11
	var year int
	if tag == UTCTime {
		year = num2(s, 0)
		if year >= 50 {
			year += 1900
		} else {
			year += 2000
		}
	} else {
		year = num2(s, 0)*100 + num2(s, 2)
		switch {
		case year == 0:
			return time.Time{}, &Error{Input: strconv.Quote(s), Kind: ErrRange,
				msg: fmt.Sprintf("decoding GeneralizedTime %q: year 0000 is outside 0001..9999", s)}
		case year >= 1950 && year <= 2049:
			return time.Time{}, decodeError(tag, s, fmt.Sprintf("year %d must be encoded as UTCTime (RFC 5280 §4.1.2.5: dates through 2049 MUST be UTCTime)", year))
		}
	}
	month, day, hh, mm, ss := num2(s, o), num2(s, o+2), num2(s, o+4), num2(s, o+6), num2(s, o+8)
	switch {
	case month < 1 || month > 12:
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("month %02d out of range 01..12", month))
	case day < 1 || day > calendar.DaysIn(year, time.Month(month)):
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("day %02d out of range for %s %d (%d days)", day, time.Month(month), year, calendar.DaysIn(year, time.Month(month))))
	case hh > 23:
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("hour %02d out of range 00..23", hh))
	case mm > 59:
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("minute %02d out of range 00..59", mm))
	case ss > 59:
		return time.Time{}, decodeError(tag, s, fmt.Sprintf("second %02d out of range 00..59 (the model has no leap seconds)", ss))
	}
	return time.Date(year, time.Month(month), day, hh, mm, ss, 0, time.UTC), nil
}

func decodeError(tag Tag, s, why string) *Error {
	return &Error{Input: strconv.Quote(s), Kind: ErrEncoding, msg: fmt.Sprintf("decoding %s %q: %s", tag, s, why)}
}

// num2 returns the two decimal digits of s at i, which the caller checked.
func num2(s string, i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }

// quoteByte quotes one byte of the input as Go would a character in ASCII,
// e.g. 'Z', '\x00', '\xef'.
func quoteByte(c byte) string {
	if c < 0x80 {
		return strconv.QuoteRuneToASCII(rune(c))
	}
	return `'\x` + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15]) + `'`
}
