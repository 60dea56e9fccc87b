package conformance

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"math/big"
	"slices"
	"sync"
	"time"

	"cloud.google.com/go/civil"
	"github.com/golang-module/carbon/v2"
	"github.com/jinzhu/now"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/props"
	"github.com/rickb777/date"
	"github.com/rickb777/date/period"
	"golang.org/x/crypto/cryptobyte"
)

// entry is one row of the table: a library function under one check.
type entry struct {
	module   string // module path, "std" for the standard library
	function string // the call under test, as a user writes it
	check    string // the props check
	policy   string // the overflow policy or preset, if any
	// sweep is false for implementations too slow for the exhaustive sweep
	// (the edge table and samples still run).
	sweep bool
	// verify runs the check's Verify function with vo.
	verify func(vo props.VerifyOptions, opts ...props.Option) error
}

func addYears(p calendar.Overflow, f func(time.Time, int) (time.Time, error)) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyAddYears(p, f, vo, opts...)
	}
}

func addMonths(p calendar.Overflow, f func(time.Time, int) (time.Time, error)) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyAddMonths(p, f, vo, opts...)
	}
}

type ymdAdd = func(y int, m time.Month, d, n int) (int, time.Month, int, error)

func addYearsDate(p calendar.Overflow, f ymdAdd) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyAddYearsDate(p, f, vo, opts...)
	}
}

func addMonthsDate(p calendar.Overflow, f ymdAdd) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyAddMonthsDate(p, f, vo, opts...)
	}
}

func boundary(b props.Boundary, f func(time.Time) time.Time) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyBoundary(b, f, vo, opts...)
	}
}

func civilOf(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }

func civilYMD(c civil.Date) (int, time.Month, int) { return c.Year, c.Month, c.Day }

func rickYMD(d date.Date) (int, time.Month, int, error) {
	y, m, dd := d.Date()
	return y, m, dd, nil
}

// asn1Content is the content octets of a DER time: the text.
func asn1Content(der []byte) string {
	var raw asn1.RawValue
	if _, err := asn1.Unmarshal(der, &raw); err != nil {
		return ""
	}
	return string(raw.Bytes)
}

// asn1Time wraps text in the DER of a time with the given tag.
func asn1Time(tag cert.Tag, text string) []byte {
	return append([]byte{byte(tag), byte(len(text))}, text...)
}

// x509Key is the key every test certificate is signed with.
var x509Key = sync.OnceValue(func() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
})

// x509NotBefore creates a self-signed certificate whose NotBefore is t
// with crypto/x509, and returns the text of the NotBefore it wrote.
func x509NotBefore(t time.Time) (string, error) {
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: t, NotAfter: t}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &x509Key().PublicKey, x509Key())
	if err != nil {
		return "", err
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return "", err
	}
	// TBSCertificate: version, serial, signature algorithm, issuer, validity.
	var tbs struct {
		Version   asn1.RawValue `asn1:"optional,explicit,tag:0"`
		Serial    asn1.RawValue
		Algorithm asn1.RawValue
		Issuer    asn1.RawValue
		Validity  struct{ NotBefore, NotAfter asn1.RawValue }
		Rest      asn1.RawValue `asn1:"optional"`
	}
	if _, err := asn1.UnmarshalWithParams(c.RawTBSCertificate, &tbs, ""); err != nil {
		return "", err
	}
	return string(tbs.Validity.NotBefore.Bytes), nil
}

// entries is the table, in the order RESULTS.md lists it.
func entries() []entry {
	return append([]entry{
		// The standard library.
		{"std", "time.Time.AddDate(n, 0, 0)", "AddYears", "roll", true,
			addYears(calendar.Roll, func(t time.Time, n int) (time.Time, error) { return t.AddDate(n, 0, 0), nil })},
		{"std", "time.Time.AddDate(0, n, 0)", "AddMonths", "roll", true,
			addMonths(calendar.Roll, func(t time.Time, n int) (time.Time, error) { return t.AddDate(0, n, 0), nil })},
		{"std", "time.Time.Date", "DateOf", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyDateOf(time.Time.Date, vo, opts...)
			}},
		{"std", "time.Time.ISOWeek", "ISOWeek", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyISOWeek(func(y int, m time.Month, d int) (int, int) {
					return time.Date(y, m, d, 12, 0, 0, 0, time.UTC).ISOWeek()
				}, vo, opts...)
			}},
		{"std", "time.Date(y, m, d, 0, 0, 0, 0, loc)", "StartOfDay", "", true,
			boundary(props.StartOfDay, func(t time.Time) time.Time {
				y, m, d := t.Date()
				return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
			})},
		{"std", "encoding/asn1.Marshal(t)", "CertTimeEncoding", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyCertTimeEncoding(func(t time.Time) (string, error) {
					der, err := asn1.Marshal(t)
					return asn1Content(der), err
				}, vo, opts...)
			}},
		{"std", "encoding/asn1.Marshal(t.UTC())", "CertTimeEncoding", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyCertTimeEncoding(func(t time.Time) (string, error) {
					der, err := asn1.Marshal(t.UTC())
					return asn1Content(der), err
				}, vo, opts...)
			}},
		{"std", "encoding/asn1.Unmarshal(der, &t)", "CertTimeDecoding", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyCertTimeDecoding(func(tag cert.Tag, s string) (time.Time, error) {
					var t time.Time
					_, err := asn1.Unmarshal(asn1Time(tag, s), &t)
					return t, err
				}, vo, opts...)
			}},
		{"std", "crypto/x509.CreateCertificate (NotBefore)", "CertTimeEncoding", "", false,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyCertTimeEncoding(x509NotBefore, vo, opts...)
			}},

		// cloud.google.com/go/civil
		{"cloud.google.com/go", "civil.Date.AddYears(n)", "AddYearsDate", "roll", true,
			addYearsDate(calendar.Roll, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
				r := civilOf(y, m, d).AddYears(n)
				return r.Year, r.Month, r.Day, nil
			})},
		{"cloud.google.com/go", "civil.Date.AddMonths(n)", "AddMonthsDate", "roll", true,
			addMonthsDate(calendar.Roll, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
				r := civilOf(y, m, d).AddMonths(n)
				return r.Year, r.Month, r.Day, nil
			})},
		{"cloud.google.com/go", "civil.DateOf(t)", "DateOf", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyDateOf(func(t time.Time) (int, time.Month, int) { return civilYMD(civil.DateOf(t)) }, vo, opts...)
			}},
		{"cloud.google.com/go", "civil.Date.DaysSince(s)", "DaysBetween", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyDaysBetween(func(a, b calendar.Date) int {
					return civilOf(b.Year, b.Month, b.Day).DaysSince(civilOf(a.Year, a.Month, a.Day))
				}, vo, opts...)
			}},
		{"cloud.google.com/go", "civil.DateOf(t).In(loc)", "StartOfDay", "", true,
			boundary(props.StartOfDay, func(t time.Time) time.Time { return civil.DateOf(t).In(t.Location()) })},

		// github.com/rickb777/date
		{"github.com/rickb777/date", "date.Date.AddDate(n, 0, 0)", "AddYearsDate", "roll", true,
			addYearsDate(calendar.Roll, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
				return rickYMD(date.New(y, m, d).AddDate(n, 0, 0))
			})},
		{"github.com/rickb777/date", "date.Date.AddDate(0, n, 0)", "AddMonthsDate", "roll", true,
			addMonthsDate(calendar.Roll, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
				return rickYMD(date.New(y, m, d).AddDate(0, n, 0))
			})},
		{"github.com/rickb777/date", "date.Date.AddPeriod(period.NewYMD(n, 0, 0))", "AddYearsDate", "roll", true,
			addYearsDate(calendar.Roll, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
				return rickYMD(date.New(y, m, d).AddPeriod(period.NewYMD(n, 0, 0)))
			})},
		{"github.com/rickb777/date", "date.New(y, m, d).DaysSinceEpoch(), date.NewOfDays(n)", "DayNumber", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyDayNumber(func(y int, m time.Month, d int) int64 { return int64(date.New(y, m, d).DaysSinceEpoch()) },
					func(n int64) (int, time.Month, int) { return date.NewOfDays(date.PeriodOfDays(n)).Date() }, vo, opts...)
			}},
		{"github.com/rickb777/date", "date.NewAt(t)", "DateOf", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyDateOf(func(t time.Time) (int, time.Month, int) { return date.NewAt(t).Date() }, vo, opts...)
			}},
		{"github.com/rickb777/date", "date.Date.ISOWeek()", "ISOWeek", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyISOWeek(func(y int, m time.Month, d int) (int, int) { return date.New(y, m, d).ISOWeek() }, vo, opts...)
			}},

		// golang.org/x/crypto/cryptobyte
		{"golang.org/x/crypto", "cryptobyte.Builder.AddASN1UTCTime / AddASN1GeneralizedTime", "CertTimeEncoding", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyCertTimeEncoding(func(t time.Time) (string, error) {
					var b cryptobyte.Builder
					if u := t.UTC(); u.Year() >= 1950 && u.Year() < 2050 {
						b.AddASN1UTCTime(u)
					} else {
						b.AddASN1GeneralizedTime(u)
					}
					der, err := b.Bytes()
					return asn1Content(der), err
				}, vo, opts...)
			}},
		{"golang.org/x/crypto", "cryptobyte.String.ReadASN1UTCTime / ReadASN1GeneralizedTime", "CertTimeDecoding", "", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyCertTimeDecoding(func(tag cert.Tag, s string) (time.Time, error) {
					in := cryptobyte.String(asn1Time(tag, s))
					var t time.Time
					ok := false
					if tag == cert.UTCTime {
						ok = in.ReadASN1UTCTime(&t)
					} else {
						ok = in.ReadASN1GeneralizedTime(&t)
					}
					if !ok {
						return t, errors.New("cryptobyte: cannot read " + s)
					}
					return t, nil
				}, vo, opts...)
			}},

		// github.com/jinzhu/now
		{"github.com/jinzhu/now", "now.With(t).BeginningOfDay()", "StartOfDay", "", true,
			boundary(props.StartOfDay, func(t time.Time) time.Time { return now.With(t).BeginningOfDay() })},
		{"github.com/jinzhu/now", "now.With(t).EndOfDay()", "EndOfDay", "", true,
			boundary(props.EndOfDay, func(t time.Time) time.Time { return now.With(t).EndOfDay() })},
		{"github.com/jinzhu/now", "now.With(t).BeginningOfMonth()", "StartOfMonth", "", true,
			boundary(props.StartOfMonth, func(t time.Time) time.Time { return now.With(t).BeginningOfMonth() })},
		{"github.com/jinzhu/now", "now.With(t).EndOfMonth()", "EndOfMonth", "", true,
			boundary(props.EndOfMonth, func(t time.Time) time.Time { return now.With(t).EndOfMonth() })},

		// github.com/golang-module/carbon/v2
		{"github.com/golang-module/carbon/v2", "carbon.CreateFromStdTime(t).AddYearsNoOverflow(n).StdTime()", "AddYears", "clamp", true,
			addYears(calendar.Clamp, func(t time.Time, n int) (time.Time, error) {
				return carbon.CreateFromStdTime(t).AddYearsNoOverflow(n).StdTime(), nil
			})},
		{"github.com/golang-module/carbon/v2", "carbon.CreateFromStdTime(t).AddMonthsNoOverflow(n).StdTime()", "AddMonths", "clamp", true,
			addMonths(calendar.Clamp, func(t time.Time, n int) (time.Time, error) {
				return carbon.CreateFromStdTime(t).AddMonthsNoOverflow(n).StdTime(), nil
			})},
		{"github.com/golang-module/carbon/v2", "carbon.CreateFromStdTime(t).AddYears(n).StdTime()", "AddYears", "roll", true,
			addYears(calendar.Roll, func(t time.Time, n int) (time.Time, error) {
				return carbon.CreateFromStdTime(t).AddYears(n).StdTime(), nil
			})},
	}, slices.Concat(scheduleEntries(), renewalEntries(), textEntries())...)
}
