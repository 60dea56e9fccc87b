package renew

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// TriggerKind is how a client decides when a certificate is due.
type TriggerKind uint8

// Trigger kinds.
const (
	// FractionOfLifetime: due at NotAfter - (1-Fraction) x (NotAfter -
	// NotBefore). cert-manager: "If unset, [renewBefore] defaults to 1/3 of
	// the issued certificate's lifetime" (Certificate spec, renewBefore;
	// cert-manager computes renewal = notAfter - renewBefore from the
	// issued certificate's notAfter - notBefore), i.e. Fraction 2/3.
	FractionOfLifetime TriggerKind = iota + 1
	// BeforeExpiry: due Offset before NotAfter. certbot's
	// renew_before_expiry (30 days for most of its history; since
	// certbot PR 10207, 2025, an unset value means a third of the lifetime,
	// half below 10 days, but a configured value still wins), Go's
	// acme/autocert RenewBefore (30 days).
	BeforeExpiry
	// AfterIssuance: due Offset after NotBefore, whatever the lifetime.
	// acme.sh's --days (default 60: "renew after X days from issuance,
	// default being 60 days", acme.sh issue 6305; acme.sh itself renews one
	// day earlier, which the model leaves out).
	AfterIssuance
	// Anniversary: due Years calendar years after NotBefore's date (UTC),
	// at the same time of day, computed with calendar.AddYears under
	// Overflow: the 2012 guest agent's arithmetic, one level up. Under
	// calendar.Reject the renewal of a certificate issued on February 29
	// cannot be computed (ErrSchedule).
	Anniversary
	// JitteredFraction: due at NotBefore + u x (NotAfter - NotBefore), u
	// uniform in [Fraction, FractionHigh). The kubelet (client-go
	// util/certificate, nextRotationDeadline): "rotate at approximately
	// 70-90% of the total lifetime", jitteryDuration = wait.Jitter(total,
	// 0.2) - 0.3 x total.
	JitteredFraction
	// ARIWindow: due at a uniform random instant of the ACME Renewal
	// Information window (RFC 9773 §4.2: "Select a uniform random time
	// within the suggested window"), with the window Let's Encrypt's
	// Boulder serves (core.RenewalInfoSimple): centred on the point 2/3 of
	// the way through the validity (1/2 for certificates shorter than 10
	// days), 1% of the validity either side. Earlier Boulder versions used
	// ±24 hours.
	ARIWindow
	// EveryRun: due at once; the client renews on every wake. A cron job
	// that calls "renew --force" or a script without a check.
	EveryRun
)

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
	// Offset is the threshold (BeforeExpiry) or the delay (AfterIssuance).
	Offset time.Duration `json:"offset,omitempty"`
	// Years and Overflow are Anniversary's arithmetic.
	Years    int               `json:"years,omitempty"`
	Overflow calendar.Overflow `json:"overflow,omitempty"`
}

// Retry is what a client does after a failed renewal attempt (the CA was
// down or refused it). With AtNextWake it tries again at its next
// scheduled run (a cron job); otherwise after Initial, doubling after each
// consecutive failure up to Max (cert-manager retries failed issuance with
// an exponential backoff of 1 hour doubling to 32 hours; that figure is an
// assumption taken from cert-manager's documentation, not its source).
type Retry struct {
	AtNextWake bool          `json:"atNextWake,omitempty"`
	Initial    time.Duration `json:"initial,omitempty"`
	Max        time.Duration `json:"max,omitempty"`
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
	if !p.Retry.AtNextWake {
		if p.Retry.Initial <= 0 || p.Retry.Initial%time.Second != 0 || p.Retry.Max < p.Retry.Initial || p.Retry.Max%time.Second != 0 {
			return bad("Retry", fmt.Sprintf("Initial %v, Max %v: want whole seconds with 0 < Initial <= Max", p.Retry.Initial, p.Retry.Max))
		}
	} else if p.Wake.Kind == Continuous {
		return bad("Retry", "AtNextWake needs a schedule to wake on")
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
		// cert-manager subtracts renewBefore = duration/3 from NotAfter in
		// nanoseconds; the due second is the whole second containing that
		// instant, NotAfter - ceil(renewBefore). The product is rounded to
		// a whole second first when float64 error is all that separates
		// it from one (7,775,997 s / 3).
		x := (1 - t.Fraction) * float64(total)
		if r := math.Round(x); math.Abs(x-r) < 1e-6 {
			x = r
		}
		return na - int64(math.Ceil(x)), nil
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
	case JitteredFraction:
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

// retryAfter returns the next attempt after the failures-th consecutive
// failure at x, for a Backoff retry.
func (r Retry) backoff(failures int) int64 {
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
