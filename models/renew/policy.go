package renew

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// TriggerKind is how a client decides when a certificate is due.
type TriggerKind uint8

// Trigger kinds.
const (
	// FractionOfLifetime: due when Fraction of the lifetime has passed:
	// at End - Before(lifetime, Fraction), where Span says how the client
	// measures the lifetime and where it ends (cert.Span), and Compare how
	// it turns that point into a whole second. Optional rules of real
	// clients: ShortFraction below ShortBelow (certbot >= 4.0.0 and lego
	// v5 renew short-lived certificates at half their lifetime), Cap on
	// the window (autocert: at most 30 days), and JitterCap (autocert's
	// jitter, which moves the point later). cert-manager v1.21.1
	// (pkg/util/pki/renewaltime.go): "Otherwise, default to renewing 2/3
	// through certificate's lifetime."
	FractionOfLifetime TriggerKind = iota + 1
	// BeforeExpiry: due Offset before NotAfter. certbot's
	// renew_before_expiry (the default before certbot 4.0.0 was 30 days;
	// from 4.0.0 a configured value still overrides the fraction): due
	// when NotAfter < now + Offset.
	BeforeExpiry
	// AfterIssuance: due Offset after NotBefore, whatever the lifetime.
	// acme.sh 3.1.3 (issue(): `Le_NextRenewTime = Le_CertCreateTime +
	// Le_RenewalDays*86400 - 86400`, default --days 30): Offset = days - 1
	// day.
	AfterIssuance
	// Anniversary: due Years calendar years after NotBefore's date (UTC),
	// at the same time of day, computed with calendar.AddYears under
	// Overflow: the 2012 guest agent's arithmetic, one level up. Under
	// calendar.Reject the renewal of a certificate issued on February 29
	// cannot be computed (ErrSchedule).
	Anniversary
	// JitteredFraction: due at NotBefore + u x (NotAfter - NotBefore), u
	// uniform in [Fraction, FractionHigh). The kubelet (client-go v0.36.3
	// util/certificate, nextRotationDeadline): "rotate at approximately
	// 70-90% of the total lifetime", jitteryDuration = wait.Jitter(total,
	// 0.2) - 0.3 x total.
	JitteredFraction
	// ARIWindow: due at a uniform random instant of the ACME Renewal
	// Information window (RFC 9773 §4.2: "Select a uniform random time
	// within the suggested window"), with the window Let's Encrypt's
	// Boulder serves (core.RenewalInfoSimple, v0.20260804.0): centred on
	// the point 2/3 of the way through the validity (1/2 for certificates
	// shorter than 10 days), 1% of the validity either side, [start, end).
	// An order in the window is exempt from every rate limit.
	ARIWindow
	// EveryRun: due at once; the client renews on every wake. A cron job
	// that calls "renew --force" or a script without a check.
	EveryRun
)

// Comparison is how a client turns its renewal point, an instant to the
// nanosecond, into the first whole second at which it renews.
type Comparison uint8

// Comparisons. The zero Comparison is Truncate.
const (
	// Truncate: the point truncated to the second, and due when now >=
	// it. cert-manager v1.21.1: `rt = ... .Truncate(time.Second)`, then
	// `if renewIn > 0 { return ... false }`.
	Truncate Comparison = iota + 1
	// AtOrAfter: due when now >= point, so at the first whole second at
	// or after it. lego v5.3.1 isInRenewalPeriod (`dueDate.Before(now) ||
	// dueDate.Equal(now)`), autocert's timer (time.AfterFunc at the point).
	AtOrAfter
	// After: due when now > point, strictly. certbot v5.6.0 should_autorenew
	// (`if now > default_renewal_time`), certmagic v0.25.3
	// currentlyInRenewalWindow (`time.Now().After(renewalWindowStart)`).
	After
)

var comparisonNames = [...]string{Truncate: "truncate", AtOrAfter: "at-or-after", After: "after"}

// String returns "truncate", "at-or-after" or "after".
func (c Comparison) String() string {
	if c >= Truncate && c <= After {
		return comparisonNames[c]
	}
	return fmt.Sprintf("Comparison(%d)", uint8(c))
}

// MarshalText encodes c as its name.
func (c Comparison) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes a name written by MarshalText; an unknown name is
// an error wrapping ErrConfig that lists the names.
func (c *Comparison) UnmarshalText(b []byte) error {
	return unmarshalName(c, b, "comparison", comparisonNames[:])
}

// second returns the first whole second, relative to an origin, at which a
// client comparing by c is due for a point ns nanoseconds after the origin.
func (c Comparison) second(ns int64) int64 {
	q := floorDiv(ns, int64(time.Second))
	switch c {
	case AtOrAfter:
		if q*int64(time.Second) < ns {
			q++
		}
	case After:
		q++
	}
	return q
}

var triggerNames = [...]string{FractionOfLifetime: "fraction", BeforeExpiry: "before-expiry", AfterIssuance: "after-issuance",
	Anniversary: "anniversary", JitteredFraction: "jittered-fraction", ARIWindow: "ari", EveryRun: "every-run"}

// String returns the kind's name, e.g. "before-expiry".
func (k TriggerKind) String() string {
	if int(k) < len(triggerNames) && triggerNames[k] != "" {
		return triggerNames[k]
	}
	return fmt.Sprintf("TriggerKind(%d)", uint8(k))
}

// MarshalText encodes k as its name, for JSON.
func (k TriggerKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a name written by MarshalText; an unknown name is
// an error wrapping ErrConfig that lists the names.
func (k *TriggerKind) UnmarshalText(b []byte) error {
	return unmarshalName(k, b, "trigger kind", triggerNames[:])
}

// Trigger is the rule that makes a certificate due. Fields that do not
// apply to its Kind are zero.
type Trigger struct {
	Kind TriggerKind `json:"kind"`
	// Fraction is the fraction of the lifetime (FractionOfLifetime), or
	// the low end of the jitter (JitteredFraction).
	Fraction float64 `json:"fraction,omitempty"`
	// FractionHigh is the high end of the jitter (JitteredFraction).
	FractionHigh float64 `json:"fractionHigh,omitempty"`
	// Span is how FractionOfLifetime measures the lifetime; the zero Span
	// is cert.CertManagerSpan.
	Span cert.Span `json:"span,omitempty"`
	// Compare is how FractionOfLifetime turns its point into a second.
	Compare Comparison `json:"compare,omitempty"`
	// ShortFraction replaces Fraction when the lifetime (by Span) is
	// shorter than ShortBelow: certbot >= 4.0.0 ("1/2 of lifetime left, if
	// the lifetime is shorter than 10 days"), lego v5 (half when the
	// lifetime rounded to days is at most 10, i.e. below 10.5 days).
	ShortFraction float64       `json:"shortFraction,omitempty"`
	ShortBelow    time.Duration `json:"shortBelow,omitempty"`
	// Cap bounds the window before the end (autocert >= v0.45.0:
	// `min(notAfter.Sub(notBefore)/3, 30*24*time.Hour)`); 0 is no cap.
	Cap time.Duration `json:"cap,omitempty"`
	// JitterCap, when set, moves the point later by a uniform draw in
	// [0, min(window/10, JitterCap)) nanoseconds: autocert's "jitter of 10%
	// of the renew threshold, capped at 1 hour".
	JitterCap time.Duration `json:"jitterCap,omitempty"`
	// Offset is the threshold (BeforeExpiry) or the delay (AfterIssuance).
	Offset time.Duration `json:"offset,omitempty"`
	// Years and Overflow are Anniversary's arithmetic.
	Years    int               `json:"years,omitempty"`
	Overflow calendar.Overflow `json:"overflow,omitempty"`
}

// Retry is what a client does after a failed renewal attempt (the CA was
// down or refused it). With AtNextWake it tries again at its next
// scheduled run (certbot, lego and acme.sh have no retry of their own: the
// next timer or cron run is the retry). Otherwise the k-th consecutive
// failure waits Steps[k-1] (the last step repeating) when Steps is set,
// else Initial doubled k-1 times up to Max; Random adds to each wait a
// uniform draw over the whole seconds of [0, Random). cert-manager v1.21.1
// (trigger_controller.go shouldBackoffReissuingOnFailure, defaults.go): 1h
// doubling to 32h. autocert (renewal.go renew): 30 min + U[0, 30 min).
// certmagic v0.25.3 (async.go retryIntervals): 1m, 2m, 2m, 5m, 10m x3,
// 20m x4, 30m x6, 1h x3, 2h x2, 3h x2, then 6h.
type Retry struct {
	AtNextWake bool            `json:"atNextWake,omitempty"`
	Initial    time.Duration   `json:"initial,omitempty"`
	Max        time.Duration   `json:"max,omitempty"`
	Steps      []time.Duration `json:"steps,omitempty"`
	Random     time.Duration   `json:"random,omitempty"`
}

// Policy is a renewal client: when a certificate is due (Trigger), when
// the client is awake to notice (Wake), and how it retries (Retry).
type Policy struct {
	Name    string   `json:"name"`
	Trigger Trigger  `json:"trigger"`
	Wake    Schedule `json:"wake"`
	Retry   Retry    `json:"retry"`
}

// Validate returns nil if p is a policy the model can run, and otherwise
// an error wrapping ErrConfig that names p and the field.
func (p Policy) Validate() error {
	bad := func(field, why string) error {
		return configError(p.Name, fmt.Sprintf("policy %s: %s: %s", p.Name, field, why))
	}
	t := p.Trigger
	switch t.Kind {
	case FractionOfLifetime:
		if !(t.Fraction > 0 && t.Fraction < 1) {
			return bad("Trigger.Fraction", fmt.Sprintf("%v must be in (0, 1)", t.Fraction))
		}
		if t.Span > cert.CertmagicSpan {
			return bad("Trigger.Span", fmt.Sprintf("%v must be cert-manager or certmagic", t.Span))
		}
		if t.Compare > After {
			return bad("Trigger.Compare", fmt.Sprintf("%v must be truncate, at-or-after or after", t.Compare))
		}
		if t.ShortBelow < 0 || t.ShortBelow > 0 && !(t.ShortFraction > 0 && t.ShortFraction < 1) {
			return bad("Trigger.ShortFraction", fmt.Sprintf("%v (below %v) must be in (0, 1) with ShortBelow >= 0", t.ShortFraction, t.ShortBelow))
		}
		if t.Cap < 0 || t.JitterCap < 0 {
			return bad("Trigger.Cap", fmt.Sprintf("Cap %v and JitterCap %v must not be negative", t.Cap, t.JitterCap))
		}
	case JitteredFraction:
		if !(t.Fraction > 0 && t.Fraction <= t.FractionHigh && t.FractionHigh < 1) {
			return bad("Trigger.Fraction..FractionHigh", fmt.Sprintf("%v..%v must satisfy 0 < low <= high < 1", t.Fraction, t.FractionHigh))
		}
	case BeforeExpiry, AfterIssuance:
		if t.Offset <= 0 || t.Offset%time.Second != 0 {
			return bad("Trigger.Offset", fmt.Sprintf("%v must be a positive whole number of seconds", t.Offset))
		}
	case Anniversary:
		if t.Years < 1 || t.Years > 100 {
			return bad("Trigger.Years", fmt.Sprintf("%d must be in 1..100", t.Years))
		}
		if !t.Overflow.Valid() {
			return bad("Trigger.Overflow", fmt.Sprintf("%v must be clamp, roll or reject", t.Overflow))
		}
	case ARIWindow, EveryRun:
	default:
		return bad("Trigger.Kind", fmt.Sprintf("%v is not a trigger", t.Kind))
	}
	if err := p.Wake.Validate(); err != nil {
		return bad("Wake", err.Error())
	}
	return p.Retry.validate(p.Wake, bad)
}

func (r Retry) validate(wake Schedule, bad func(field, why string) error) error {
	if r.Random < 0 || r.Random%time.Second != 0 {
		return bad("Retry.Random", fmt.Sprintf("%v must be whole non-negative seconds", r.Random))
	}
	switch {
	case r.AtNextWake:
		if wake.Kind == Continuous {
			return bad("Retry", "AtNextWake needs a schedule to wake on")
		}
		if r.Random != 0 || len(r.Steps) != 0 || r.Initial != 0 || r.Max != 0 {
			return bad("Retry", "AtNextWake takes no Initial, Max, Steps or Random")
		}
	case len(r.Steps) > 0:
		if r.Initial != 0 || r.Max != 0 {
			return bad("Retry", "Steps replaces Initial and Max: give one or the other")
		}
		for i, d := range r.Steps {
			if d <= 0 || d%time.Second != 0 {
				return bad(fmt.Sprintf("Retry.Steps[%d]", i), fmt.Sprintf("%v must be a positive whole number of seconds", d))
			}
		}
	default:
		if r.Initial <= 0 || r.Initial%time.Second != 0 || r.Max < r.Initial || r.Max%time.Second != 0 {
			return bad("Retry", fmt.Sprintf("Initial %v, Max %v: want whole seconds with 0 < Initial <= Max", r.Initial, r.Max))
		}
	}
	return nil
}

// due returns the instant (Unix seconds) at which a certificate valid from
// nb to na (inclusive) becomes due, with u in [0, 1) the client's random
// draw for the jittered triggers.
func (p Policy) due(nb, na int64, u float64) (int64, error) {
	t := p.Trigger
	total := na - nb // what cert-manager and the kubelet call the duration
	switch t.Kind {
	case FractionOfLifetime:
		return t.fractionDue(nb, na, u), nil
	case BeforeExpiry:
		return na - int64(t.Offset/time.Second), nil
	case AfterIssuance:
		return nb + int64(t.Offset/time.Second), nil
	case Anniversary:
		d, err := calendar.FromDayNumber(floorDiv(nb, secondsPerDay))
		if err == nil {
			d, err = d.AddYears(t.Years, t.Overflow)
		}
		if errors.Is(err, calendar.ErrRange) {
			return 0, newError(unixText(nb), ErrRange, fmt.Sprintf("policy %s: renewal of certificate issued %s: %v", p.Name, unixText(nb), err))
		}
		if err != nil {
			return 0, &Error{Input: unixText(nb), Kind: ErrSchedule, Err: err,
				msg: fmt.Sprintf("policy %s: renewal of certificate issued %s: %v", p.Name, unixText(nb), err)}
		}
		return d.DayNumber()*secondsPerDay + (nb - floorDiv(nb, secondsPerDay)*secondsPerDay), nil
	case JitteredFraction:
		f := t.Fraction + (t.FractionHigh-t.Fraction)*u
		return nb + int64(math.Floor(f*float64(total))), nil
	case ARIWindow:
		lo, hi := ariWindow(nb, na)
		return lo + int64(math.Floor(u*float64(hi-lo))), nil
	case EveryRun:
		return nb, nil
	}
	return 0, configError(p.Name, fmt.Sprintf("policy %s: no trigger", p.Name))
}

// dueBounds returns the earliest and latest instant due can return over
// every random draw.
func (p Policy) dueBounds(nb, na int64) (lo, hi int64, err error) {
	switch p.Trigger.Kind {
	case JitteredFraction, FractionOfLifetime:
		lo, _ = p.due(nb, na, 0)
		hi, _ = p.due(nb, na, math.Nextafter(1, 0))
		return lo, hi, nil
	case ARIWindow:
		lo, hi = ariWindow(nb, na)
		return lo, max(lo, hi-1), nil
	}
	d, err := p.due(nb, na, 0)
	return d, d, err
}

// ariWindow is Boulder's core.RenewalInfoSimple as Unix seconds: validity
// = NotAfter + 1s - NotBefore; offset = validity/3 (validity/2 below 10
// days); ideal = NotAfter - offset; the window is ideal ± validity/100,
// [start, end).
func ariWindow(nb, na int64) (start, end int64) {
	validity := na + 1 - nb
	offset := validity / 3
	if validity < 10*secondsPerDay {
		offset = validity / 2
	}
	ideal := na - offset
	margin := validity / 100
	return ideal - margin, ideal + margin
}

// fractionDue is FractionOfLifetime's due second for a certificate valid
// from nb to na (Unix seconds, inclusive), with u in [0, 1) the jitter
// draw: the point End - window (+ jitter) in nanoseconds after nb, where
// window = cert.Before(lifetime, fraction) capped at Cap, as the client
// computes it, turned into a second by Compare. Nanoseconds relative to
// nb stay within int64 for lifetimes up to 292 years.
func (t Trigger) fractionDue(nb, na int64, u float64) int64 {
	span := t.Span
	if span == 0 {
		span = cert.CertManagerSpan
	}
	end := na - nb // seconds from nb to the span's end
	if span == cert.CertmagicSpan {
		end++
	}
	life := time.Duration(end) * time.Second
	f := t.Fraction
	if t.ShortBelow > 0 && life < t.ShortBelow {
		f = t.ShortFraction
	}
	window := cert.Before(life, f)
	if t.Cap > 0 {
		window = min(window, t.Cap)
	}
	point := int64(life - window)
	if t.JitterCap > 0 {
		if j := min(window/10, t.JitterCap); j > 0 {
			point += int64(math.Floor(u * float64(j)))
		}
	}
	c := t.Compare
	if c == 0 {
		c = Truncate
	}
	return nb + c.second(point)
}

// backoff returns the wait, in whole seconds and before Random, after the
// failures-th consecutive failure.
func (r Retry) backoff(failures int) int64 {
	if len(r.Steps) > 0 {
		return int64(r.Steps[min(failures, len(r.Steps))-1] / time.Second)
	}
	d := r.Initial
	for i := 1; i < failures && d < r.Max; i++ {
		d *= 2
	}
	return int64(min(d, r.Max) / time.Second)
}

// Due returns the instant at which a certificate with validity
// [notBefore, notAfter] becomes due under p, drawing any jitter from rng
// (nil draws the earliest instant). Errors: p invalid (ErrConfig); a
// renewal time the client cannot compute (ErrSchedule).
func (p Policy) Due(notBefore, notAfter time.Time, rng *rand.Rand) (time.Time, error) {
	if err := p.Validate(); err != nil {
		return time.Time{}, err
	}
	u := 0.0
	if rng != nil {
		u = rng.Float64()
	}
	d, err := p.due(notBefore.Unix(), notAfter.Unix(), u)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(d, 0).UTC(), nil
}

// DueWindow returns the earliest and latest instants at which a
// certificate with validity [notBefore, notAfter] can become due under p,
// over every random draw (the same instant twice for a deterministic
// trigger). Errors are as for Due.
func (p Policy) DueWindow(notBefore, notAfter time.Time) (earliest, latest time.Time, err error) {
	if err := p.Validate(); err != nil {
		return time.Time{}, time.Time{}, err
	}
	lo, hi, err := p.dueBounds(notBefore.Unix(), notAfter.Unix())
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return time.Unix(lo, 0).UTC(), time.Unix(hi, 0).UTC(), nil
}
