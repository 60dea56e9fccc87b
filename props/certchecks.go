package props

import (
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"pgregory.net/rapid"
)

// The certificate checks: RFC 5280 time encoding and issuers.

// isRangeErr reports whether a model error is a range error of the
// calendar or the cert model.
func isRangeErr(err error) bool {
	return errors.Is(err, calendar.ErrRange) || errors.Is(err, cert.ErrRange)
}

// certInstants are the inputs of the edge phase of the certificate checks:
// the edge times and, around every format boundary and leap day of the
// UTCTime era and beyond, the first and last second of the day, in UTC and
// seen from other zones.
func certInstants(o options) []time.Time {
	var out []time.Time
	for _, t := range edgeTimes(o) {
		out = append(out, t)
		if t.Nanosecond() != 0 {
			out = append(out, t.Truncate(time.Second))
		}
	}
	return out
}

// dayEnds yields 00:00:00 and 23:59:59 of a day, in UTC or the first of
// the option's zones.
func dayEnds(o options) func(calendar.Date, func(time.Time) bool) bool {
	loc := time.UTC
	if o.zones != nil {
		loc = o.zones[0]
	}
	return func(d calendar.Date, yield func(time.Time) bool) bool {
		return yield(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)) && yield(time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 0, loc))
	}
}

// timeSpec is the spec of a check whose input is one instant: the edge
// instants, Time draws (whole seconds three times in four, as most
// certificate times are), samples and the two ends of every day.
func timeSpec(check, policy string, o options, judge func(time.Time) (verdict, *Counterexample)) spec[time.Time] {
	mostlyWhole := func(t time.Time, whole bool) time.Time {
		if whole {
			return t.Truncate(time.Second)
		}
		return t
	}
	return spec[time.Time]{
		check: check, policy: policy,
		edges: slices.Values(certInstants(o)),
		draw: rapid.Custom(func(rt *rapid.T) time.Time {
			t := drawTime(rt, o)
			return o.finish(mostlyWhole(t, rapid.IntRange(0, 3).Draw(rt, "fraction") != 0))
		}),
		sample: func(rng *rand.Rand) time.Time {
			return o.finish(mostlyWhole(randTime(rng, o), rng.Intn(4) != 0))
		},
		days:         o.rng,
		perDay:       dayEnds(o),
		perDayInputs: 2,
		dateOf:       calendar.DateOf,
		judge:        judge,
		simpler:      func(t time.Time) []time.Time { return simplerTimes(o, t) },
	}
}

// CheckCertTimeEncoding fails t unless encode writes certificate times as
// RFC 5280 §4.1.2.5 and cert.EncodeTime do: YYMMDDHHMMSSZ (UTCTime) for
// 1950..2049 and YYYYMMDDHHMMSSZ (GeneralizedTime) otherwise, of the
// instant in UTC. A time with a fractional second passes with an error or
// with the encoding of the time truncated to the second (what DER encoders
// such as encoding/asn1 write); rounding up or a fraction in the text
// fails. Instants outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z are
// not judged unless StrictRange is given.
func CheckCertTimeEncoding(t testing.TB, encode func(time.Time) (string, error), opts ...Option) {
	t.Helper()
	checkCertTimeEncoding(t, encode, opts...)
}

func checkCertTimeEncoding(t tb, encode func(time.Time) (string, error), opts ...Option) {
	t.Helper()
	s, o, err := encodingSpec(encode, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyCertTimeEncoding gives CheckCertTimeEncoding's verdict without a
// testing.TB. It tries the edge table, vo.Samples random instants and, if
// vo.Exhaustive, the first and last second of every day 0001..9999.
func VerifyCertTimeEncoding(encode func(time.Time) (string, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := encodingSpec(encode, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func encodingSpec(encode func(time.Time) (string, error), opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	if o.err != nil {
		return spec[time.Time]{}, o, o.err
	}
	if encode == nil {
		return spec[time.Time]{}, o, errNilImpl
	}
	return timeSpec("CertTimeEncoding", "", o, func(t time.Time) (verdict, *Counterexample) {
		if t.IsZero() || !o.judged(o.domainOf(t)) {
			return skipped, nil
		}
		want, wantErr := cert.EncodeTime(t)
		if !judgedResult(o, wantErr) {
			return skipped, nil
		}
		var got string
		gotErr := guard(func() (err error) { got, err = encode(t); return err })
		wantS := describeString(want, wantErr)
		switch {
		case panicked(gotErr):
		case errors.Is(wantErr, cert.ErrEncoding):
			// A fractional second: an error, or the truncated time.
			trunc, _ := cert.EncodeTime(t.Truncate(time.Second))
			if gotErr != nil || got == trunc {
				return pass, nil
			}
			wantS = fmt.Sprintf("an error, or %q (truncated to the second)", trunc)
		case (gotErr != nil) == (wantErr != nil) && got == want:
			return pass, nil
		}
		return fail, &Counterexample{Input: t.Format(time.RFC3339Nano) + " (" + t.Location().String() + ")",
			Got: describeString(got, gotErr), Want: wantS}
	}), o, nil
}

func describeString(s string, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%q", s)
}

// CheckIssuer fails t unless issue computes the same validity as
// cert.Issue(policy, now): the same NotBefore and NotAfter instants
// wherever the model issues, and an error wherever the model refuses for a
// reason other than range (the 2012 guest agent on February 29). Issuance
// instants outside 0001..9999 (in their own location or in UTC), or whose
// validity would end past 9999-12-31T23:59:59Z without clamping, are not
// judged unless StrictRange is given; InRange restricts the issuance
// instants. The zero time.Time is never passed as now.
//
// An issuer that reads the clock itself (time.Now()) cannot be checked as
// it is: inject the clock, as a func() time.Time field or parameter that
// production code sets to time.Now, and let the check set it to each now
// (see the CheckIssuer example).
func CheckIssuer(t testing.TB, policy cert.Policy, issue func(now time.Time) (notBefore, notAfter time.Time, err error), opts ...Option) {
	t.Helper()
	checkIssuer(t, policy, issue, opts...)
}

func checkIssuer(t tb, policy cert.Policy, issue func(now time.Time) (notBefore, notAfter time.Time, err error), opts ...Option) {
	t.Helper()
	s, o, err := issuerSpec(policy, issue, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyIssuer gives CheckIssuer's verdict without a testing.TB. It tries
// the edge table, vo.Samples random instants and, if vo.Exhaustive,
// 00:00:00 and 23:59:59 UTC of every day 0001..9999.
func VerifyIssuer(policy cert.Policy, issue func(now time.Time) (notBefore, notAfter time.Time, err error), vo VerifyOptions, opts ...Option) error {
	s, o, err := issuerSpec(policy, issue, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func issuerSpec(policy cert.Policy, issue func(now time.Time) (notBefore, notAfter time.Time, err error), opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	switch {
	case o.err != nil:
		return spec[time.Time]{}, o, o.err
	case issue == nil:
		return spec[time.Time]{}, o, errNilImpl
	}
	if err := policy.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: Issuer: %w", err)
	}
	return timeSpec("Issuer", policy.Name, o, func(now time.Time) (verdict, *Counterexample) {
		if now.IsZero() || !o.judged(o.domainOf(now)) {
			return skipped, nil
		}
		want, wantErr := cert.Issue(policy, now)
		if !judgedResult(o, wantErr) {
			return skipped, nil
		}
		var nb, na time.Time
		gotErr := guard(func() (err error) { nb, na, err = issue(now); return err })
		if !panicked(gotErr) && (gotErr == nil && wantErr == nil && nb.Equal(want.NotBefore) && na.Equal(want.NotAfter) ||
			gotErr != nil && wantErr != nil) {
			return pass, nil
		}
		got := "error: " + fmt.Sprint(gotErr)
		if gotErr == nil {
			got = cert.Validity{NotBefore: nb, NotAfter: na}.String()
		}
		wantS := "error: " + fmt.Sprint(wantErr)
		if wantErr == nil {
			wantS = want.String()
		}
		return fail, &Counterexample{Input: "issue at " + now.Format(time.RFC3339Nano) + " (" + now.Location().String() + ")", Got: got, Want: wantS}
	}), o, nil
}

// CheckCertTimeDecoding fails t unless decode reads every RFC 5280 time the
// model writes back to the same instant: UTCTime YYMMDDHHMMSSZ with years
// 50..99 meaning 1950..1999 and 00..49 meaning 2000..2049, and
// GeneralizedTime YYYYMMDDHHMMSSZ. The inputs are cert.EncodeTime's
// encodings of the edge instants, draws, samples and the first and last
// second of every day; a decoder that is stricter or more lenient on text
// the model rejects is not judged (RFC 5280 only says what CAs must write).
func CheckCertTimeDecoding(t testing.TB, decode func(tag cert.Tag, text string) (time.Time, error), opts ...Option) {
	t.Helper()
	s, o, err := decodingSpec(decode, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyCertTimeDecoding gives CheckCertTimeDecoding's verdict without a
// testing.TB.
func VerifyCertTimeDecoding(decode func(tag cert.Tag, text string) (time.Time, error), vo VerifyOptions, opts ...Option) error {
	s, o, err := decodingSpec(decode, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func decodingSpec(decode func(cert.Tag, string) (time.Time, error), opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	if err := implArgs(o, decode == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	return timeSpec("CertTimeDecoding", "", o, func(t time.Time) (verdict, *Counterexample) {
		t = t.Truncate(time.Second)
		if t.IsZero() || o.domainOf(t.UTC()) != in {
			return skipped, nil
		}
		text, err := cert.EncodeTime(t)
		if err != nil {
			return skipped, nil
		}
		tag, _ := cert.TagFor(t)
		var got time.Time
		gotErr := guard(func() (err error) { got, err = decode(tag, text); return err })
		if gotErr == nil && got.Equal(t) {
			return pass, nil
		}
		return fail, &Counterexample{Input: fmt.Sprintf("%s %q", tag, text), Got: describeTime(got, gotErr), Want: describeTime(t.UTC(), nil)}
	}), o, nil
}
