package props

import (
	"fmt"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
)

// The renewal predicate check: "does this certificate need renewing now?"
// against the model client's trigger.

// DueFunc is a renewal predicate under test: whether the certificate v
// needs renewing at now (certmagic's Certificate.NeedsRenewal, lego's
// renewal decision, a NeedsRenewal(now) method). A predicate that draws
// jitter on each call may answer differently on each call.
type DueFunc func(v cert.Validity, now time.Time) bool

// dueDraws is how many times the check asks a predicate about each
// certificate: once for a deterministic trigger, several times for a
// jittered one, whose every draw must fall in the model's window.
const dueDraws = 4

// CheckRenewalDue fails t unless due agrees with the trigger of the model
// client policy for certificates from ca: for a certificate valid from
// NotBefore to NotAfter, with policy.DueWindow giving lo..hi (one instant
// for a deterministic trigger, the jitter window for a random one), due
// must be false at every instant from NotBefore up to lo and true at every
// instant from hi to NotAfter; between lo and hi a jittered predicate may
// answer either way on each call. The model's instants are whole seconds
// (the second containing the trigger instant); a predicate that compares
// now with the exact instant turns true a second later when the instant
// has a fraction, and passes too. The instant at which the predicate
// turns true is found by bisection over the whole seconds of the validity
// (about 23 calls for a 90-day certificate), after asking it at NotBefore,
// lo − 1s, hi and NotAfter; a jittered trigger's predicate is bisected
// several times, so that its draws are seen. Only policy.Trigger matters:
// the predicate is what a client evaluates on each wake, whatever its
// schedule. The certificates are those of the renewal checks: issued in
// 2020..2040 (InRange narrows it) at the renewal edge instants, draws,
// samples and two instants of every day.
//
// A predicate that reads the clock itself (time.Now()) cannot be checked:
// pass now in, as the Example shows.
func CheckRenewalDue(t testing.TB, policy renew.Policy, ca renew.Lifetimes, due DueFunc, opts ...Option) {
	t.Helper()
	s, o, err := renewalDueSpec(policy, ca, due, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyRenewalDue gives CheckRenewalDue's verdict without a testing.TB.
func VerifyRenewalDue(policy renew.Policy, ca renew.Lifetimes, due DueFunc, vo VerifyOptions, opts ...Option) error {
	s, o, err := renewalDueSpec(policy, ca, due, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func renewalDueSpec(policy renew.Policy, ca renew.Lifetimes, due DueFunc, opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	r, err := windowOptions("RenewalDue", o)
	if err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := implArgs(o, due == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := policy.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: RenewalDue: %w", err)
	}
	if err := ca.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: RenewalDue: %w", err)
	}
	name := fmt.Sprintf("%s trigger %s, %s", policy.Name, policy.Trigger.Kind, ca.Name)
	return windowSpec("RenewalDue", name, r, func(t time.Time) *Counterexample {
		return dueDisagreement(policy, ca, due, t)
	}), o, nil
}

// dueDisagreement judges the predicate on the certificate ca issues at t.
func dueDisagreement(policy renew.Policy, ca renew.Lifetimes, due DueFunc, t time.Time) *Counterexample {
	v := ca.Issue(t)
	lo, hi, err := policy.DueWindow(v.NotBefore, v.NotAfter)
	if err != nil {
		return nil // the model cannot schedule it (Anniversary, Reject, February 29): not judged
	}
	nb, na := v.NotBefore.Unix(), v.NotAfter.Unix()
	l, h := min(max(lo.Unix(), nb), na+1), min(max(hi.Unix(), nb), na+1)
	ask := func(s int64) (bool, error) {
		var b bool
		err := guard(func() error { b = due(v, time.Unix(s, 0).UTC()); return nil })
		return b, err
	}
	wantS := "false before, true from " + lo.Format(time.RFC3339)
	if h != l {
		wantS = fmt.Sprintf("false before %s, true from %s (either between: the jitter)", lo.Format(time.RFC3339), hi.Format(time.RFC3339))
	}
	cex := func(got string) *Counterexample {
		return &Counterexample{Input: fmt.Sprintf("certificate %s from %s", v, ca.Name), Got: got, Want: wantS}
	}
	draws := 1
	if h != l {
		draws = dueDraws
	}
	// A predicate comparing now with the exact trigger instant turns true
	// at the whole second after the model's due second (the second that
	// contains the instant) when the instant has a fraction: both pass.
	h++
	last, err := ask(na)
	switch {
	case err != nil:
		return cex(fmt.Sprintf("%v at %s", err, unixRFC3339(na)))
	case !last && l <= na:
		return cex("false at NotAfter " + unixRFC3339(na))
	case !last:
		return nil // due after expiry: false throughout is right
	}
	for range draws {
		// The probes: false before l, true from h.
		for _, p := range []struct {
			at   int64
			want bool
		}{{nb, false}, {l - 1, false}, {h, true}} {
			if p.at < nb || p.at > na || !p.want && p.at >= l {
				continue
			}
			got, err := ask(p.at)
			if err != nil {
				return cex(fmt.Sprintf("%v at %s", err, unixRFC3339(p.at)))
			}
			if got != p.want {
				return cex(fmt.Sprintf("%v at %s", got, unixRFC3339(p.at)))
			}
		}
		// Bisection: a < first true ≤ b, with a = nb - 1 when the
		// predicate is already true at NotBefore; true at NotAfter.
		a, b := nb-1, na
		if first, _ := ask(nb); !first {
			a = nb
		}
		for b-a > 1 {
			m := a + (b-a)/2
			got, err := ask(m)
			if err != nil {
				return cex(fmt.Sprintf("%v at %s", err, unixRFC3339(m)))
			}
			if got {
				b = m
			} else {
				a = m
			}
		}
		if b < l || b > h {
			if b == nb {
				return cex("true already at NotBefore " + unixRFC3339(nb))
			}
			return cex(fmt.Sprintf("false at %s, true from %s", unixRFC3339(b-1), unixRFC3339(b)))
		}
	}
	return nil
}

func unixRFC3339(s int64) string { return time.Unix(s, 0).UTC().Format(time.RFC3339) }
