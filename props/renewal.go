package props

import (
	"fmt"
	"iter"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"pgregory.net/rapid"
)

// The renewal checks test a user's renewal scheduler: a function that,
// given the validity of the certificate a service holds and the current
// instant, says when it will renew. CheckRenewal compares it with a model
// client (renew.Policy); CheckRenewalMargin asks only that it renews in
// time for a CA's lifetimes, whatever its rule. Both judge issuance
// instants in renew.DefaultWindow (2020..2040), where the lifetimes
// change.

// renewalEdges are the issuance instants every renewal check tries first:
// each lifetime change of the Baseline Requirements and Let's Encrypt and
// the second before it, every February 29 and the ends of months with 31
// days in the window, at 00:00:00 and 23:59:59 UTC.
func renewalEdges() iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for _, s := range []string{"2026-03-15", "2026-05-13", "2027-02-10", "2027-03-15", "2028-02-16", "2029-03-15"} {
			d, _ := calendar.ParseDate(s)
			t := d.In(time.UTC)
			if !yield(t.Add(-time.Second)) || !yield(t) {
				return
			}
		}
		for d := range renew.DefaultWindow().Days() {
			if d.IsFebruary29() || d.Day == 31 || d.Day == 1 && d.Month == time.March {
				t := d.In(time.UTC)
				if !yield(t) || !yield(t.Add(86399*time.Second)) {
					return
				}
			}
		}
	}
}

// windowDay is 00:00:00 and 23:59:59 UTC of a day of the window.
func windowDay(d calendar.Date, yield func(time.Time) bool) bool {
	t := d.In(time.UTC)
	return yield(t) && yield(t.Add(86399*time.Second))
}

var (
	windowFirst = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	windowLast  = time.Date(2040, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
)

func randWindowTime(rng *rand.Rand) time.Time {
	return time.Unix(windowFirst+rng.Int63n(windowLast-windowFirst+1), 0).UTC()
}

// IssuanceTime returns a rapid generator of certificate issuance instants
// in 2020..2040, whole seconds UTC, half of them from the renewal edge
// table (lifetime changes, February 29, month ends).
func IssuanceTime() *rapid.Generator[time.Time] {
	var edges []time.Time
	for t := range renewalEdges() {
		edges = append(edges, t)
	}
	return rapid.Custom(func(rt *rapid.T) time.Time {
		if rapid.Bool().Draw(rt, "edge") {
			return rapid.SampledFrom(edges).Draw(rt, "issued")
		}
		return time.Unix(rapid.Int64Range(windowFirst, windowLast).Draw(rt, "unix"), 0).UTC()
	})
}

// RenewalPolicy returns a rapid generator of valid renewal clients: every
// trigger kind with fractions, thresholds and delays drawn around the
// real clients' values, continuous or calendar wake-ups (daily, monthly
// on day 28..31, yearly on February 28 or 29, with each DayOverflow), and
// either retry style. Each satisfies renew.Policy.Validate.
func RenewalPolicy() *rapid.Generator[renew.Policy] {
	return rapid.Custom(func(rt *rapid.T) renew.Policy {
		var p renew.Policy
		kind := renew.TriggerKind(rapid.IntRange(int(renew.FractionOfLifetime), int(renew.EveryRun)).Draw(rt, "trigger"))
		p.Trigger.Kind = kind
		switch kind {
		case renew.FractionOfLifetime:
			p.Trigger.Fraction = float64(rapid.IntRange(1, 99).Draw(rt, "percent")) / 100
		case renew.JitteredFraction:
			lo := rapid.IntRange(1, 98).Draw(rt, "low percent")
			p.Trigger.Fraction = float64(lo) / 100
			p.Trigger.FractionHigh = float64(rapid.IntRange(lo, 99).Draw(rt, "high percent")) / 100
		case renew.BeforeExpiry, renew.AfterIssuance:
			p.Trigger.Offset = time.Duration(rapid.IntRange(1, 120).Draw(rt, "offset days")) * renew.Day
		case renew.Anniversary:
			p.Trigger.Years = rapid.IntRange(1, 3).Draw(rt, "years")
			p.Trigger.Overflow = rapid.SampledFrom(calendar.Policies()).Draw(rt, "overflow")
		}
		overflow := rapid.SampledFrom([]renew.DayOverflow{renew.Skip, renew.Clamp, renew.Roll}).Draw(rt, "day overflow")
		switch rapid.IntRange(0, 3).Draw(rt, "wake") {
		case 1:
			p.Wake = renew.CertbotTimer()
		case 2:
			p.Wake = renew.MonthlyOn(rapid.IntRange(28, 31).Draw(rt, "day"), overflow)
		case 3:
			p.Wake = renew.YearlyOn(time.February, rapid.IntRange(28, 29).Draw(rt, "day"), overflow)
		}
		if p.Wake.Kind != renew.Continuous && rapid.Bool().Draw(rt, "retry at next wake") {
			p.Retry.AtNextWake = true
		} else {
			p.Retry.Initial = time.Duration(rapid.IntRange(1, 60).Draw(rt, "retry minutes")) * time.Minute
			p.Retry.Max = p.Retry.Initial * time.Duration(rapid.IntRange(1, 64).Draw(rt, "retry cap factor"))
		}
		p.Name = fmt.Sprintf("%s/%s", p.Trigger.Kind, p.Wake)
		return p
	})
}

// RenewFunc is the shape of a renewal scheduler under test: given the
// certificate a service holds and the current instant (its issuance, when
// the scheduler first sees it), the instant at which it will renew.
type RenewFunc func(v cert.Validity, now time.Time) (renewAt time.Time, err error)

// VerifyRenewal compares impl with the model client policy: for
// certificates issued by ca at the edge table, vo.Samples random instants
// and, if vo.Exhaustive, 00:00:00 and 23:59:59 UTC of every day of
// 2020..2040, impl's renewAt must lie in policy.DueWindow (the exact
// instant for a deterministic trigger, anywhere in the jitter for a random
// one) and impl must fail exactly where the model cannot schedule (an
// Anniversary under calendar.Reject on February 29). Whole seconds are
// compared: a sub-second part of renewAt is truncated.
//
// Of the Options, Budget and Parallel apply, InRange narrows the window,
// Zones must include time.UTC (issuance instants are UTC), WholeSeconds
// holds already, and Deltas is refused.
func VerifyRenewal(policy renew.Policy, ca renew.Lifetimes, impl RenewFunc, vo VerifyOptions, opts ...Option) error {
	s, o, err := renewalSpec(policy, ca, impl, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func renewalSpec(policy renew.Policy, ca renew.Lifetimes, impl RenewFunc, opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	r, err := windowOptions("Renewal", o)
	if err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := implArgs(o, impl == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := policy.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: Renewal: %w", err)
	}
	if err := ca.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: Renewal: %w", err)
	}
	return windowSpec("Renewal", policy.Name, r, func(t time.Time) *Counterexample {
		return renewalDisagreement(policy, ca, impl, t)
	}), o, nil
}

// windowOptions checks the options of a renewal check, whose issuance
// instants are whole seconds in UTC within renew.DefaultWindow: InRange
// narrows the window (and must meet it), Zones must include UTC, Deltas
// does not apply. It returns the days judged.
func windowOptions(check string, o options) (calendar.Range, error) {
	w := renew.DefaultWindow()
	if o.err != nil {
		return w, o.err
	}
	if o.zones != nil && !slices.Contains(o.zones, time.UTC) {
		return w, fmt.Errorf("props: %s: certificates are issued in UTC; Zones(...) must include time.UTC", check)
	}
	if o.deltas != nil {
		return w, fmt.Errorf("props: %s: Deltas does not apply to a renewal check", check)
	}
	first, last := w.First(), w.Last()
	if o.rng.First().After(first) {
		first = o.rng.First()
	}
	if o.rng.Last().Before(last) {
		last = o.rng.Last()
	}
	r, err := calendar.NewRange(first, last)
	if err != nil {
		return w, fmt.Errorf("props: %s: InRange(%s) does not meet the renewal window %s", check, o.rng, w)
	}
	return r, nil
}

// windowSpec is the spec of a renewal check over the days r of the
// window: issuance instants of the renewal edge table, IssuanceTime draws,
// samples and two instants of every day. An instant outside r is not
// judged, and draws outside it are moved into it.
func windowSpec(check, policy string, r calendar.Range, judge func(time.Time) *Counterexample) spec[time.Time] {
	first, last := r.First().In(time.UTC).Unix(), r.Last().In(time.UTC).Unix()+86399
	into := func(t time.Time) time.Time { return wrapInto(t, first, last) }
	return spec[time.Time]{
		check: check, policy: policy,
		edges: func(yield func(time.Time) bool) {
			for t := range renewalEdges() {
				if r.Contains(calendar.DateOf(t)) && !yield(t) {
					return
				}
			}
		},
		draw:         rapid.Map(IssuanceTime(), into),
		sample:       func(rng *rand.Rand) time.Time { return into(randWindowTime(rng)) },
		days:         r,
		perDay:       windowDay,
		perDayInputs: 2,
		dateOf:       calendar.DateOf,
		judge: func(t time.Time) (verdict, *Counterexample) {
			if !r.Contains(calendar.DateOf(t)) {
				return skipped, nil
			}
			if c := judge(t); c != nil {
				return fail, c
			}
			return pass, nil
		},
	}
}

// wrapInto returns t if its Unix second u is in [first, last], else the
// second first + (u mod n) in UTC, with n = last - first + 1 the
// interval's length and the remainder taken non-negative: draws from
// anywhere land evenly over the interval, a whole second.
func wrapInto(t time.Time, first, last int64) time.Time {
	u := t.Unix()
	if u >= first && u <= last {
		return t
	}
	n := last - first + 1
	return time.Unix(first+(u%n+n)%n, 0).UTC()
}

func renewalDisagreement(policy renew.Policy, ca renew.Lifetimes, impl RenewFunc, t time.Time) *Counterexample {
	v := ca.Issue(t)
	got, gotErr := impl(v, v.NotBefore)
	lo, hi, wantErr := policy.DueWindow(v.NotBefore, v.NotAfter)
	g := got.Truncate(time.Second)
	if gotErr == nil && wantErr == nil && !g.Before(lo) && !g.After(hi) || gotErr != nil && wantErr != nil {
		return nil
	}
	want := "error: " + fmt.Sprint(wantErr)
	if wantErr == nil {
		want = lo.Format(time.RFC3339)
		if !hi.Equal(lo) {
			want += " .. " + hi.Format(time.RFC3339)
		}
	}
	return &Counterexample{Check: "Renewal", Policy: policy.Name, Input: fmt.Sprintf("certificate %s from %s", v, ca.Name),
		Got: describeTime(got, gotErr), Want: want}
}

// CheckRenewal fails t unless impl schedules renewals as the model client
// policy does for certificates from ca (see VerifyRenewal): the edge
// table, a property over IssuanceTime draws, samples, then, unless
// testing.Short(), two instants of every day 2020..2040.
func CheckRenewal(t testing.TB, policy renew.Policy, ca renew.Lifetimes, impl RenewFunc, opts ...Option) {
	t.Helper()
	checkRenewal(t, policy, ca, impl, opts...)
}

func checkRenewal(t tb, policy renew.Policy, ca renew.Lifetimes, impl RenewFunc, opts ...Option) {
	t.Helper()
	s, o, err := renewalSpec(policy, ca, impl, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyRenewalMargin checks that impl renews in time, whatever its rule:
// for every certificate ca issues (edge table, samples, and with
// vo.Exhaustive two instants of every day 2020..2040), impl must return
// without error a renewAt with NotBefore <= renewAt and renewAt + outage
// <= NotAfter + 1s, so that a CA outage of that length starting at the
// renewal still leaves time to replace the certificate before it expires.
// A client that renews 60 days after issuance fails it for Let's
// Encrypt's 45-day certificates from 2028-02-16.
func VerifyRenewalMargin(ca renew.Lifetimes, outage time.Duration, impl RenewFunc, vo VerifyOptions, opts ...Option) error {
	s, o, err := marginSpec(ca, outage, impl, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func marginSpec(ca renew.Lifetimes, outage time.Duration, impl RenewFunc, opts []Option) (spec[time.Time], options, error) {
	o := buildOptions(opts)
	r, err := windowOptions("RenewalMargin", o)
	if err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := implArgs(o, impl == nil); err != nil {
		return spec[time.Time]{}, o, err
	}
	if err := ca.Validate(); err != nil {
		return spec[time.Time]{}, o, fmt.Errorf("props: RenewalMargin: %w", err)
	}
	if outage < 0 {
		return spec[time.Time]{}, o, fmt.Errorf("props: RenewalMargin: outage %v must not be negative", outage)
	}
	return windowSpec("RenewalMargin", fmt.Sprintf("%s, outage %s", ca.Name, outage), r, func(t time.Time) *Counterexample {
		return marginViolation(ca, outage, impl, t)
	}), o, nil
}

func marginViolation(ca renew.Lifetimes, outage time.Duration, impl RenewFunc, t time.Time) *Counterexample {
	v := ca.Issue(t)
	got, err := impl(v, v.NotBefore)
	end := v.NotAfter.Add(time.Second)
	if err == nil && !got.Before(v.NotBefore) && !got.Add(outage).After(end) {
		return nil
	}
	return &Counterexample{Check: "RenewalMargin", Policy: fmt.Sprintf("%s, outage %s", ca.Name, outage),
		Input: fmt.Sprintf("certificate %s", v), Got: describeTime(got, err),
		Want: fmt.Sprintf("%s .. %s (renewal, then %s of outage, before expiry)", v.NotBefore.Format(time.RFC3339), end.Add(-outage).Format(time.RFC3339), outage)}
}

// CheckRenewalMargin fails t unless impl renews every certificate from ca
// with at least outage to spare (see VerifyRenewalMargin): the edge table,
// a property, samples, then, unless testing.Short(), two instants of every
// day 2020..2040.
func CheckRenewalMargin(t testing.TB, ca renew.Lifetimes, outage time.Duration, impl RenewFunc, opts ...Option) {
	t.Helper()
	checkRenewalMargin(t, ca, outage, impl, opts...)
}

func checkRenewalMargin(t tb, ca renew.Lifetimes, outage time.Duration, impl RenewFunc, opts ...Option) {
	t.Helper()
	s, o, err := marginSpec(ca, outage, impl, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}
