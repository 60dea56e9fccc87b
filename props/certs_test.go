package props

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var maxCertTime = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// asn1Encode is an independent RFC 5280 encoder: encoding/asn1 writes the
// DER, and the text is its content octets. Like every DER encoder it
// truncates a fractional second.
func asn1Encode(pivot int, utc func(time.Time) time.Time) func(time.Time) (string, error) {
	return func(t time.Time) (string, error) {
		u := utc(t)
		params := "generalized"
		if u.Year() >= 1950 && u.Year() < pivot {
			params = "utc"
		}
		der, err := asn1.MarshalWithParams(u, params)
		if err != nil {
			return "", err
		}
		return string(der[2:]), nil
	}
}

func toUTC(t time.Time) time.Time { return t.UTC() }

// fixedIssuer is an independent guest-agent-fixed: midnight UTC of the
// issuance date to the same date a year later, clamped to February 28, and
// NotAfter clamped to 9999-12-31T23:59:59Z.
func fixedIssuer(now time.Time) (time.Time, time.Time, error) {
	u := now.UTC()
	y, m, d := u.Date()
	nb := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if y+1 > 9999 {
		return nb, maxCertTime, nil
	}
	return nb, time.Date(y+1, m, min(d, daysIn(y+1, m)), 0, 0, 0, 0, time.UTC), nil
}

// ca398Issuer is an independent ca-398days: now to now + 398 days - 1s.
func ca398Issuer(shorten time.Duration) func(time.Time) (time.Time, time.Time, error) {
	return func(now time.Time) (time.Time, time.Time, error) {
		nb := now.UTC().Truncate(time.Second)
		na := nb.Add(398*24*time.Hour - time.Second - shorten)
		if na.After(maxCertTime) {
			na = maxCertTime
		}
		return nb, na, nil
	}
}

func preset(t *testing.T, name string) cert.Policy {
	p, err := cert.PresetByName(name)
	require.NoError(t, err)
	return p.Policy
}

func certMutants(t *testing.T) []mutant {
	enc := func(f func(time.Time) (string, error)) func(VerifyOptions) error {
		return func(vo VerifyOptions) error { return VerifyCertTimeEncoding(f, vo) }
	}
	iss := func(name string, f func(time.Time) (time.Time, time.Time, error)) func(VerifyOptions) error {
		p := preset(t, name)
		return func(vo VerifyOptions) error { return VerifyIssuer(p, f, vo) }
	}
	return []mutant{
		{"UTCTime used for 2050", enc(func(t time.Time) (string, error) {
			// encoding/asn1 quietly falls back to GeneralizedTime, so the
			// two-digit year is written by hand, as hand-rolled encoders do.
			if u := t.UTC(); u.Year() == 2050 && t.Nanosecond() == 0 {
				return u.Format("060102150405Z"), nil
			}
			return asn1Encode(2050, toUTC)(t)
		})},
		{"GeneralizedTime from 2049", enc(asn1Encode(2049, toUTC))},
		{"local wall clock encoded instead of UTC", enc(asn1Encode(2050, func(t time.Time) time.Time {
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		}))},
		{"fractional second rounded up", enc(func(t time.Time) (string, error) {
			return asn1Encode(2050, toUTC)(t.Round(time.Second))
		})},
		{"fraction written in the text", enc(func(t time.Time) (string, error) {
			s, err := asn1Encode(2050, toUTC)(t)
			if err == nil && t.Nanosecond() != 0 {
				s = s[:len(s)-1] + fmt.Sprintf(".%03dZ", t.Nanosecond()/1e6)
			}
			return s, err
		})},
		{"notAfter exclusive (one second short)", iss(cert.GuestAgentFixed, func(now time.Time) (time.Time, time.Time, error) {
			nb, na, err := fixedIssuer(now)
			return nb, na.Add(-time.Second), err
		})},
		{"one year as 365 days", iss(cert.GuestAgentFixed, func(now time.Time) (time.Time, time.Time, error) {
			nb, na, err := fixedIssuer(now)
			if err == nil && na != maxCertTime {
				na = nb.AddDate(0, 0, 365)
			}
			return nb, na, err
		})},
		{"Feb 29 + 1 year rolls (AddDate) in the fixed agent", iss(cert.GuestAgentFixed, func(now time.Time) (time.Time, time.Time, error) {
			nb, na, err := fixedIssuer(now)
			if err == nil && na != maxCertTime {
				na = nb.AddDate(1, 0, 0)
			}
			return nb, na, err
		})},
		{"398 days without the inclusive end", iss(cert.CA398Days, ca398Issuer(-time.Second))},
	}
}

func TestCertMutantsAreCaught(t *testing.T) {
	for _, m := range certMutants(t) {
		err := m.verify(VerifyOptions{})
		var c *Counterexample
		if assert.True(t, errors.As(err, &c), "mutant %q was not caught (err %v)", m.name, err) {
			t.Logf("%-55s caught by %s: %s", m.name, c.Phase, c.Input)
		}
	}
	assert.GreaterOrEqual(t, len(mutants())+len(certMutants(t)), 15)
}

func TestCertImplementationsPass(t *testing.T) {
	t.Run("encoding/asn1 encoder (truncates)", func(t *testing.T) { CheckCertTimeEncoding(t, asn1Encode(2050, toUTC)) })
	t.Run("encoder that refuses fractions", func(t *testing.T) {
		CheckCertTimeEncoding(t, func(tm time.Time) (string, error) {
			if tm.Nanosecond() != 0 {
				return "", errors.New("fractional second")
			}
			return asn1Encode(2050, toUTC)(tm)
		})
	})
	t.Run("independent guest-agent-fixed", func(t *testing.T) { CheckIssuer(t, preset(t, cert.GuestAgentFixed), fixedIssuer) })
	t.Run("independent ca-398days", func(t *testing.T) { CheckIssuer(t, preset(t, cert.CA398Days), ca398Issuer(0)) })
}

// TestIssuerCatchesThe2012Agent: the "add 1 to the year" agent checked as
// if it were the fixed agent is caught on a February 29, by the property.
func TestIssuerCatchesThe2012Agent(t *testing.T) {
	setFlag(t, "rapid.checks", "2000")
	agent2012 := func(now time.Time) (time.Time, time.Time, error) {
		u := now.UTC()
		y, m, d := u.Date()
		if m == time.February && d == 29 {
			return time.Time{}, time.Time{}, fmt.Errorf("%d-02-29 does not exist", y+1)
		}
		return fixedIssuer(now)
	}
	f := runFake(func(tb *fakeTB) { checkIssuer(tb, preset(t, cert.GuestAgentFixed), agent2012) })
	require.True(t, f.Failed())
	assert.Contains(t, f.output(), "Issuer (policy guest-agent-fixed) disagrees with the model")
	assert.Contains(t, f.output(), "-02-29")
}

// TestValidAtIssuanceUnderFixedPolicy: the property of the proof's first
// step, with both generator libraries: the fixed agent issues at every
// instant, and what it issues is valid at that instant.
func TestValidAtIssuanceUnderFixedPolicy(t *testing.T) {
	// Enough runs that the leap-day failure is found even under -short
	// (where rapid runs a fifth of -rapid.checks).
	setFlag(t, "rapid.checks", "2000")
	p := preset(t, cert.GuestAgentFixed)
	rapid.Check(t, func(t *rapid.T) {
		now := Time().Draw(t, "now")
		v, err := cert.Issue(p, now)
		if err != nil {
			t.Fatalf("fixed agent failed at %s: %v", now, err)
		}
		if !v.ValidAt(now) {
			t.Fatalf("%v is not valid at issuance %s", v, now)
		}
	})
	params := gopter.DefaultTestParametersWithSeed(2013)
	params.MinSuccessfulTests = 1000
	res := prop.ForAll(func(now time.Time) bool {
		v, err := cert.Issue(p, now)
		return err == nil && v.ValidAt(now)
	}, GenTime()).Check(params)
	assert.True(t, res.Passed(), "gopter: %v", res.Args)

	// And the same property fails for the 2012 agent, on a date its
	// preset claims it fails on.
	p2012, err := cert.PresetByName(cert.GuestAgent2012)
	require.NoError(t, err)
	var failedAt time.Time
	f := runFake(func(tb *fakeTB) {
		rapid.Check(tb, func(t *rapid.T) {
			now := Time().Draw(t, "now")
			if _, err := cert.Issue(p2012.Policy, now); err != nil {
				failedAt = now
				t.Fatalf("2012 agent failed at %s: %v", now, err)
			}
		})
	})
	require.True(t, f.Failed())
	assert.True(t, p2012.Fails(calendar.DateOf(failedAt.In(time.UTC))), "failed at %s, which the preset does not claim", failedAt)
}

// TestPresetClaimsHoldUnderTheGenerators: every preset's claim (FailsOn)
// holds at the instants both generator libraries draw, so a new preset is
// covered here as soon as it is declared.
func TestPresetClaimsHoldUnderTheGenerators(t *testing.T) {
	setFlag(t, "rapid.checks", "1000")
	for _, p := range cert.Presets() {
		t.Run(p.Name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				if err := p.CheckClaim(Time().Draw(rt, "now")); err != nil {
					rt.Fatal(err)
				}
			})
			params := gopter.DefaultTestParametersWithSeed(2012)
			params.MinSuccessfulTests = 500
			res := prop.ForAll(func(now time.Time) bool { return p.CheckClaim(now) == nil }, GenTime()).Check(params)
			assert.True(t, res.Passed(), "gopter: %v", res.Args)
		})
	}
}

func TestValidityGenerators(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := Validity().Draw(t, "v")
		if err := v.Validate(); err != nil {
			t.Fatal(err)
		}
	})
	p := gopter.DefaultGenParameters()
	n := 0
	for i := 0; i < 500; i++ {
		if v, ok := GenValidity()(p.CloneWithSeed(int64(i))).Retrieve(); ok {
			require.NoError(t, v.(cert.Validity).Validate())
			n++
		}
	}
	assert.Greater(t, n, 400)
}

// The certificate-time checks draw and sample whole seconds at least three
// times in four (timeSpec: most certificate times are whole seconds; the
// instants drawn may be whole already), and keep a fraction in the others.
func TestCertTimeInputsAreMostlyWholeSeconds(t *testing.T) {
	s := timeSpec("test", "", buildOptions(nil), func(time.Time) (verdict, *Counterexample) { return pass, nil })
	share := func(ts []time.Time) float64 {
		whole := 0
		for _, tm := range ts {
			if tm.Nanosecond() == 0 {
				whole++
			}
		}
		return float64(whole) / float64(len(ts))
	}
	var drawn, sampled []time.Time
	rapid.Check(t, func(rt *rapid.T) {
		for range 100 {
			drawn = append(drawn, s.draw.Draw(rt, "t"))
		}
	})
	rng := rand.New(rand.NewSource(1))
	for range 4000 {
		sampled = append(sampled, s.sample(rng))
	}
	for name, ts := range map[string][]time.Time{"draws": drawn, "samples": sampled} {
		got := share(ts)
		assert.True(t, got >= 0.85 && got < 1, "%s: %.3f of %d whole seconds", name, got, len(ts))
		t.Logf("%s: %.3f of %d whole seconds", name, got, len(ts))
	}
}
