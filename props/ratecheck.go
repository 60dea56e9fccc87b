package props

import (
	"fmt"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
)

// The rate check: a client's issuances over time within a CA's limit.

// rateHorizon is how long the rate check follows a client from each
// issuance instant: a year, several renewals even of 90-day certificates.
const rateHorizon = 366 * renew.Day

// CheckRenewalRate fails t unless a client that renews when impl says
// stays within the CA's rate limit: from a certificate issued by ca at each
// judged instant, the client renews at impl's renewAt (at once if that is
// not after the moment it asks), receives the next certificate from ca
// then, and asks again, for a year; every issuance must be allowed by
// renew.Limiter for limit (Let's Encrypt's token bucket: Count at once,
// then one every Period / Count; a refused request costs nothing). A
// client that renews on every run, or whose renewAt is NotBefore, issues
// at once again and again, and fails where CheckRenewalMargin passes it.
// The first issuance instants are those of the other renewal checks
// (InRange narrows them; the client is then followed past it).
func CheckRenewalRate(t testing.TB, ca renew.Lifetimes, limit renew.RateLimit, impl RenewFunc, opts ...Option) {
	t.Helper()
	s, o, err := rateSpec(ca, limit, impl, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyRenewalRate gives CheckRenewalRate's verdict without a
// testing.TB.
func VerifyRenewalRate(ca renew.Lifetimes, limit renew.RateLimit, impl RenewFunc, vo VerifyOptions, opts ...Option) error {
	s, o, err := rateSpec(ca, limit, impl, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func rateSpec(ca renew.Lifetimes, limit renew.RateLimit, impl RenewFunc, opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	r, err := windowOptions("RenewalRate", o)
	if err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := implArgs(o, impl == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := ca.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: RenewalRate: %w", err)
	}
	if err := limit.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: RenewalRate: %w", err)
	}
	return windowSpec("RenewalRate", fmt.Sprintf("%s, %s", ca.Name, limit), r, func(t time.Time) *Counterexample {
		return rateViolation(ca, limit, impl, t)
	}), o, nil
}

// rateViolation follows the client from the certificate issued at t.
func rateViolation(ca renew.Lifetimes, limit renew.RateLimit, impl RenewFunc, t time.Time) *Counterexample {
	lim, _ := renew.NewLimiter(limit)
	lim, _ = lim.Allow(t)
	first := ca.Issue(t)
	v, now := first, t
	end := t.Add(rateHorizon)
	for n := 1; ; n++ {
		var at time.Time
		err := guard(func() (err error) { at, err = impl(v, now); return err })
		if err != nil {
			if panicked(err) {
				return &Counterexample{Input: fmt.Sprintf("certificate %s, renewal %d", v, n), Got: err.Error(), Want: "a renewal instant"}
			}
			return nil // the client gives up: no issuance, no storm
		}
		at = at.Truncate(time.Second)
		if at.Before(now) {
			at = now
		}
		if at.After(end) {
			return nil
		}
		var ok bool
		if lim, ok = lim.Allow(at); !ok {
			return &Counterexample{Input: fmt.Sprintf("a client from the certificate %s", first),
				Got:  fmt.Sprintf("issuance %d at %s, refused: no token left in the bucket", n+1, at.Format(time.RFC3339)),
				Want: "issuances within " + limit.String()}
		}
		v, now = ca.Issue(at), at
	}
}
