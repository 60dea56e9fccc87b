package props

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"pgregory.net/rapid"
)

// Validity returns a rapid generator of certificate validities issued by
// the model: an issuance instant drawn as Time draws it (so leap days,
// month ends and the 1950/2050 pivot come often) and a policy drawn from
// cert.Presets and from random calendar or duration lifetimes. Every
// validity it returns satisfies Validate; issuances the model rejects (the
// 2012 preset on February 29) are skipped, not returned.
func Validity(opts ...Option) *rapid.Generator[cert.Validity] {
	o := buildOptions(opts)
	return rapid.Custom(func(t *rapid.T) cert.Validity {
		if o.err != nil {
			t.Fatalf("%v", o.err)
		}
		now := drawTime(t, o)
		p := policyOf(rapid.IntRange(0, 7).Draw(t, "policy"), rapid.IntRange(0, 400).Draw(t, "days"),
			rapid.IntRange(0, 86400).Draw(t, "seconds"), rapid.Bool().Draw(t, "subtract second"))
		v, err := cert.Issue(p, now)
		if err != nil {
			t.Skipf("model rejects issuance at %s under %s: %v", now, p.Name, err)
		}
		return v
	})
}

// GenValidity returns a gopter generator of validities, as Validity does for
// rapid. Issuances the model rejects give an empty result, which gopter
// counts as discarded.
func GenValidity(opts ...Option) gopter.Gen {
	o := buildOptions(opts)
	return func(p *gopter.GenParameters) *gopter.GenResult {
		if o.err != nil {
			return gopter.NewEmptyResult(validityType)
		}
		v, ok := randValidity(p.Rng, o)
		if !ok {
			return gopter.NewEmptyResult(validityType)
		}
		return gopter.NewGenResult(v, gopter.NoShrinker)
	}
}

func randValidity(rng *rand.Rand, o options) (cert.Validity, bool) {
	now := randTime(rng, o)
	p := policyOf(rng.Intn(8), rng.Intn(401), rng.Intn(86401), rng.Intn(2) == 0)
	v, err := cert.Issue(p, now)
	return v, err == nil
}

// policyOf maps draws to an issuance policy: the presets first, then
// calendar lifetimes of 1 year, 13 months and 39 months under Clamp, then a
// duration of days and seconds.
func policyOf(i, days, seconds int, subtract bool) cert.Policy {
	presets := cert.Presets()
	if i < len(presets) {
		return presets[i].Policy
	}
	p := cert.Policy{Name: "generated", Overflow: calendar.Clamp, SubtractSecond: subtract, ClampNotAfter: true}
	switch i - len(presets) {
	case 0:
		p.Lifetime = cert.Lifetime{Years: 1}
	case 1:
		p.Lifetime = cert.Lifetime{Months: 13}
	case 2:
		p.Lifetime = cert.Lifetime{Months: 39}
	default:
		p.Lifetime = cert.Lifetime{Duration: time.Duration(days)*24*time.Hour + time.Duration(seconds+1)*time.Second}
	}
	return p
}

// certInstants are the inputs of the edge phase of the certificate checks:
// the edge instants and, around every format boundary and leap day of the
// UTCTime era and beyond, the first and last second of the day, in UTC and
// seen from other zones.
func certInstants() []time.Time {
	var out []time.Time
	for _, t := range edgeTimes() {
		out = append(out, t, t.Truncate(time.Second))
	}
	return out
}

// VerifyCertTimeEncoding compares encode, an RFC 5280 time encoder, with
// cert.EncodeTime: the same text (UTCTime YYMMDDHHMMSSZ for 1950..2049,
// GeneralizedTime YYYYMMDDHHMMSSZ otherwise) wherever the model encodes,
// and an error wherever the model refuses (a fractional second, a year
// outside 1..9999). It tries the edge table, vo.Samples random instants and,
// if vo.Exhaustive, the first and last second of every day 0001..9999.
func VerifyCertTimeEncoding(encode func(time.Time) (string, error), vo VerifyOptions) error {
	if encode == nil {
		return errNilImpl
	}
	o := buildOptions(nil)
	return search(vo, slices.Values(certInstants()),
		func(rng *rand.Rand) time.Time {
			t := randTime(rng, o)
			if rng.Intn(4) != 0 {
				t = t.Truncate(time.Second) // most certificate times are whole seconds
			}
			return t
		},
		dayEnds,
		func(t time.Time) *Counterexample {
			got, gotErr := encode(t)
			want, wantErr := cert.EncodeTime(t)
			if (gotErr != nil) == (wantErr != nil) && got == want {
				return nil
			}
			return &Counterexample{Check: "CertTimeEncoding", Input: t.Format(time.RFC3339Nano),
				Got: describeString(got, gotErr), Want: describeString(want, wantErr)}
		})
}

// dayEnds yields 00:00:00 and 23:59:59 UTC of every day 0001..9999.
func dayEnds(yield func(time.Time) bool) {
	for d := range calendar.All().Days() {
		if !yield(d.In(time.UTC)) || !yield(time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 0, time.UTC)) {
			return
		}
	}
}

func describeString(s string, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%q", s)
}

// VerifyIssuer compares issue, an implementation of policy, with cert.Issue:
// the same NotBefore and NotAfter instants wherever the model issues, and an
// error wherever the model errors (the 2012 guest agent on February 29, a
// NotAfter past 9999-12-31T23:59:59Z without clamping). It tries the edge
// table, vo.Samples random instants and, if vo.Exhaustive, 00:00:00 and
// 23:59:59 UTC of every day 0001..9999.
func VerifyIssuer(policy cert.Policy, issue func(now time.Time) (notBefore, notAfter time.Time, err error), vo VerifyOptions) error {
	if issue == nil {
		return errNilImpl
	}
	if err := policy.Validate(); err != nil {
		return fmt.Errorf("props: Issuer: %w", err)
	}
	o := buildOptions(nil)
	return search(vo, slices.Values(certInstants()),
		func(rng *rand.Rand) time.Time { return randTime(rng, o) },
		dayEnds,
		func(now time.Time) *Counterexample {
			nb, na, gotErr := issue(now)
			want, wantErr := cert.Issue(policy, now)
			if gotErr == nil && wantErr == nil && nb.Equal(want.NotBefore) && na.Equal(want.NotAfter) ||
				gotErr != nil && wantErr != nil {
				return nil
			}
			got := "error: " + fmt.Sprint(gotErr)
			if gotErr == nil {
				got = cert.Validity{NotBefore: nb, NotAfter: na}.String()
			}
			wantS := "error: " + fmt.Sprint(wantErr)
			if wantErr == nil {
				wantS = want.String()
			}
			return &Counterexample{Check: "Issuer", Policy: policy.Name, Input: "issue at " + now.Format(time.RFC3339Nano),
				Got: got, Want: wantS}
		})
}

// CheckCertTimeEncoding fails t unless encode writes certificate times
// exactly as RFC 5280 §4.1.2.5 and cert.EncodeTime do (see
// VerifyCertTimeEncoding): a rapid property, the edge table and samples,
// then, unless testing.Short(), the first and last second of every day.
func CheckCertTimeEncoding(t *testing.T, encode func(time.Time) (string, error)) {
	t.Helper()
	checkCertTimeEncoding(t, encode)
}

func checkCertTimeEncoding(t tb, encode func(time.Time) (string, error)) {
	t.Helper()
	if encode == nil {
		t.Fatalf("%v", errNilImpl)
		return
	}
	rapid.Check(t, func(rt *rapid.T) {
		tm := Time().Draw(rt, "t")
		if rapid.Bool().Draw(rt, "whole second") {
			tm = tm.Truncate(time.Second)
		}
		got, gotErr := encode(tm)
		want, wantErr := cert.EncodeTime(tm)
		if (gotErr != nil) != (wantErr != nil) || got != want {
			rt.Fatalf("%v", &Counterexample{Check: "CertTimeEncoding", Input: tm.Format(time.RFC3339Nano),
				Got: describeString(got, gotErr), Want: describeString(want, wantErr), Phase: "rapid property"})
		}
	})
	if t.Failed() {
		return
	}
	report(t, VerifyCertTimeEncoding(encode, VerifyOptions{Exhaustive: !testing.Short()}))
}

// CheckIssuer fails t unless issue computes the same validity as
// cert.Issue(policy, now) (see VerifyIssuer): a rapid property over
// edge-biased instants, the edge table and samples, then, unless
// testing.Short(), 00:00:00 and 23:59:59 UTC of every day 0001..9999.
func CheckIssuer(t *testing.T, policy cert.Policy, issue func(now time.Time) (notBefore, notAfter time.Time, err error)) {
	t.Helper()
	checkIssuer(t, policy, issue)
}

func checkIssuer(t tb, policy cert.Policy, issue func(now time.Time) (notBefore, notAfter time.Time, err error)) {
	t.Helper()
	if issue == nil {
		t.Fatalf("%v", errNilImpl)
		return
	}
	if err := policy.Validate(); err != nil {
		t.Fatalf("props: CheckIssuer: %v", err)
		return
	}
	rapid.Check(t, func(rt *rapid.T) {
		now := Time().Draw(rt, "now")
		nb, na, gotErr := issue(now)
		want, wantErr := cert.Issue(policy, now)
		if (gotErr != nil) != (wantErr != nil) || gotErr == nil && (!nb.Equal(want.NotBefore) || !na.Equal(want.NotAfter)) {
			rt.Fatalf("%v", &Counterexample{Check: "Issuer", Policy: policy.Name, Input: "issue at " + now.Format(time.RFC3339Nano),
				Got:  fmt.Sprintf("%s..%s, %v", nb.Format(time.RFC3339), na.Format(time.RFC3339), gotErr),
				Want: fmt.Sprintf("%v, %v", want, wantErr), Phase: "rapid property"})
		}
	})
	if t.Failed() {
		return
	}
	report(t, VerifyIssuer(policy, issue, VerifyOptions{Exhaustive: !testing.Short()}))
}
