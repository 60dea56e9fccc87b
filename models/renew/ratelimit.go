package renew

import (
	"fmt"
	"strings"
	"time"
)

// Rate limits, as Let's Encrypt documents and runs them.
//
// Source: "Rate Limits", https://letsencrypt.org/docs/rate-limits/
// (website content/en/docs/rate-limits.md, lastmod 2026-08-05), and
// Boulder v0.20260804.0 (ratelimits/limit.go, ratelimits/gcra.go,
// ratelimits/limiter.go, wfe2/wfe.go, ra/ra.go):
//
//   - "Limits are calculated, per request, using a token bucket
//     algorithm." Boulder's bucket is the Generic Cell Rate Algorithm:
//     emission interval E = Period / Count (integer nanoseconds,
//     `l.emissionInterval = l.Period.Nanoseconds() / l.Count`), burst
//     offset Count x E; a request at now is allowed iff now >=
//     max(now, TAT) + E - Count x E, and then TAT = max(now, TAT) + E. A
//     refused request leaves TAT unchanged: it consumes nothing. A full
//     bucket (TAT in the past) admits Count requests at once.
//   - The page rounds the refill ("1 certificate every 34 hours"); the
//     model uses Period / Count exactly (33.6 hours), as Boulder does.
//   - No current CA documents a sliding window: Let's Encrypt replaced its
//     windows with GCRA in 2025 ("Scaling Our Rate Limits to Prepare for
//     a Billion Active Certificates", 2025-01-30). The model has none.

// LimitScope is what a rate limit counts, which decides who shares its
// bucket and which requests are exempt from it.
type LimitScope uint8

// Limit scopes.
const (
	// PerExactSet: "New Certificates per Exact Set of Identifiers". One
	// bucket per set of names, so per service in a fleet. Non-ARI renewals
	// count against it; ARI renewals are exempt.
	PerExactSet LimitScope = iota + 1
	// PerRegisteredDomain: "New Certificates per Registered Domain". One
	// bucket shared by every service under the domain; renewals of either
	// kind are exempt.
	PerRegisteredDomain
	// PerAccountNewOrders: "New Orders per Account". One bucket shared by
	// every service of the account; renewals of either kind are exempt.
	PerAccountNewOrders
)

var requestKindNames = [...]string{NewOrder: "new order", Renewal: "renewal", ARIRenewal: "ARI renewal"}

// String returns "new order", "renewal" or "ARI renewal".
func (k RequestKind) String() string {
	if k >= NewOrder && k <= ARIRenewal {
		return requestKindNames[k]
	}
	return fmt.Sprintf("RequestKind(%d)", uint8(k))
}

var scopeNames = [...]string{PerExactSet: "exact-set", PerRegisteredDomain: "registered-domain", PerAccountNewOrders: "account-new-orders"}

// String returns the scope's name, e.g. "exact-set".
func (s LimitScope) String() string {
	if int(s) < len(scopeNames) && scopeNames[s] != "" {
		return scopeNames[s]
	}
	return fmt.Sprintf("LimitScope(%d)", uint8(s))
}

// MarshalText encodes s as its name.
func (s LimitScope) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a name written by MarshalText; an unknown name is
// an error wrapping ErrConfig that lists the names.
func (s *LimitScope) UnmarshalText(b []byte) error {
	return unmarshalName(s, b, "limit scope", scopeNames[:])
}

// Shared reports whether one bucket serves every service of a fleet
// (registered domain, account), rather than one per service (exact set).
func (s LimitScope) Shared() bool { return s != PerExactSet }

// RequestKind is how the CA classifies an order, which decides the limits
// it is checked against.
type RequestKind uint8

// Request kinds.
const (
	// NewOrder: not a renewal (the service's first certificate, or one for
	// a set of names not issued within the last 120 days).
	NewOrder RequestKind = iota + 1
	// Renewal: "orders with the exact same set of identifiers" as a
	// certificate issued within the last 120 days (Boulder wfe2 NewOrder:
	// `Window: durationpb.New(120 * 24 * time.Hour)`). Docs: "exempt from
	// the New Orders per Account and New Certificates per Registered
	// Domain rate limits. However ... still be subject to ... New
	// Certificates per Exact Set of Identifiers."
	Renewal
	// ARIRenewal: an order that replaces a certificate (RFC 9773
	// "replaces") made inside the certificate's suggested window. Docs:
	// "Renewals coordinated by ARI offer the unique benefit of being
	// exempt from all rate limits." Boulder wfe2 validateReplacementOrder:
	// "it must be a replacement and the request must be made within the
	// suggested renewal window". Outside the window it is a Renewal.
	ARIRenewal
)

// renewalWindow is Boulder's renewal detection window: an order for a set
// issued within the last 120 days is a renewal.
const renewalWindow = 120 * Day

// RateLimit is one token bucket of a CA: Count tokens of capacity, one
// token back every Period / Count. The zero Count means no limit.
type RateLimit struct {
	// Name identifies the limit, e.g. "letsencrypt-exact-set".
	Name string `json:"name"`
	// Scope is what the limit counts.
	Scope LimitScope `json:"scope"`
	// Count is the capacity (Boulder's burst, equal to count in every
	// limit Let's Encrypt documents) and the tokens added per Period.
	Count int `json:"count"`
	// Period is the time in which Count tokens come back.
	Period time.Duration `json:"period"`
	// Source cites the page and the release the figures come from.
	Source string `json:"source,omitempty"`
}

// Validate returns nil if r is a limit the model can use: no limit, or a
// scope, a positive Count and a Period of whole seconds of at least Count
// nanoseconds.
func (r RateLimit) Validate() error {
	if r.Count == 0 && r.Scope == 0 && r.Period == 0 {
		return nil
	}
	if r.Count <= 0 {
		return configError(r.Name, fmt.Sprintf("rate limit %s: Count = %d: must be positive", r.Name, r.Count))
	}
	if r.Scope < PerExactSet || r.Scope > PerAccountNewOrders {
		return configError(r.Name, fmt.Sprintf("rate limit %s: Scope = %v: must be exact-set, registered-domain or account-new-orders", r.Name, r.Scope))
	}
	return positiveSeconds("rate limit "+r.Name+": Period", r.Period)
}

// None reports whether r is no limit.
func (r RateLimit) None() bool { return r.Count == 0 }

// Refill returns the emission interval, Period / Count in whole
// nanoseconds as Boulder computes it: the time one token takes to come
// back.
func (r RateLimit) Refill() time.Duration {
	if r.Count == 0 {
		return 0
	}
	return time.Duration(r.Period.Nanoseconds() / int64(r.Count))
}

// Applies reports whether r checks a request of kind k (see RequestKind
// for the documented exemptions).
func (r RateLimit) Applies(k RequestKind) bool {
	switch {
	case r.None() || k == ARIRenewal:
		return false
	case k == Renewal:
		return r.Scope == PerExactSet
	}
	return true
}

// String returns "NAME: COUNT per PERIOD, 1 every REFILL" or "no limit".
func (r RateLimit) String() string {
	if r.None() {
		return "no limit"
	}
	return fmt.Sprintf("%s: %d per %s, 1 every %s", r.Name, r.Count, durationText(r.Period), durationText(r.Refill()))
}

const leLimitsSource = `Let's Encrypt "Rate Limits" (https://letsencrypt.org/docs/rate-limits/, lastmod 2026-08-05); token bucket as Boulder v0.20260804.0 ratelimits/gcra.go`

// LetsEncryptExactSet is "New Certificates per Exact Set of Identifiers":
// "Up to 5 certificates can be issued per exact same set of identifiers
// every 7 days ... refills at a rate of 1 certificate every 34 hours"
// (exactly 33.6 hours). Non-ARI renewals count; no overrides.
func LetsEncryptExactSet() RateLimit {
	return RateLimit{Name: "letsencrypt-exact-set", Scope: PerExactSet, Count: 5, Period: 7 * Day, Source: leLimitsSource}
}

// LetsEncryptRegisteredDomain is "New Certificates per Registered Domain":
// "Up to 50 certificates can be issued per registered domain ... every 7
// days ... refills at a rate of 1 certificate every 202 minutes" (exactly
// 201.6 minutes). Renewals are exempt.
func LetsEncryptRegisteredDomain() RateLimit {
	return RateLimit{Name: "letsencrypt-registered-domain", Scope: PerRegisteredDomain, Count: 50, Period: 7 * Day, Source: leLimitsSource}
}

// LetsEncryptNewOrders is "New Orders per Account": "Up to 300 new orders
// can be created by a single account every 3 hours ... refills at a rate
// of 1 order every 36 seconds". Renewals are exempt.
func LetsEncryptNewOrders() RateLimit {
	return RateLimit{Name: "letsencrypt-new-orders", Scope: PerAccountNewOrders, Count: 300, Period: 3 * time.Hour, Source: leLimitsSource}
}

// LetsEncryptLimits returns the three limits above, the ones an issuance
// can meet (the registration and authorization-failure limits concern
// accounts and validation, which the model does not have).
func LetsEncryptLimits() []RateLimit {
	return []RateLimit{LetsEncryptExactSet(), LetsEncryptRegisteredDomain(), LetsEncryptNewOrders()}
}

// Limiter is the state of one bucket at the CA: its theoretical arrival
// time (TAT), in Unix nanoseconds, as Boulder stores it. It is a value;
// Allow returns a new Limiter and never changes the one it is called on.
// A Limiter of no limit allows everything.
type Limiter struct {
	limit RateLimit
	tat   int64 // Unix nanoseconds; the bucket is full when tat <= now
	set   bool  // tat holds a value (a fresh bucket is full)
}

// NewLimiter returns a full bucket for r.
func NewLimiter(r RateLimit) (Limiter, error) {
	if err := r.Validate(); err != nil {
		return Limiter{}, err
	}
	return Limiter{limit: r}, nil
}

// Limit returns the limiter's limit.
func (l Limiter) Limit() RateLimit { return l.limit }

// Allow reports whether a request at now can spend a token and, if it
// can, returns the limiter with it spent (GCRA, Boulder maybeSpend):
// allowed iff now >= max(now, TAT) + E - Count x E; then TAT = max(now,
// TAT) + E. A refusal returns l unchanged: a refused request consumes
// nothing.
func (l Limiter) Allow(now time.Time) (Limiter, bool) {
	if l.limit.None() {
		return l, true
	}
	n := now.UnixNano()
	e := int64(l.limit.Refill())
	tat := n
	if l.set {
		tat = max(n, l.tat)
	}
	if n < tat+e-int64(l.limit.Count)*e {
		return l, false
	}
	return Limiter{limit: l.limit, tat: tat + e, set: true}, true
}

// Spend spends a token if one is left and otherwise does nothing, as
// Boulder's best-effort spend-only transactions do (the exact-set token an
// issued ARI renewal spends).
func (l Limiter) Spend(now time.Time) Limiter {
	next, _ := l.Allow(now)
	return next
}

// Tokens returns the whole tokens left at now, 0..Count.
func (l Limiter) Tokens(now time.Time) int {
	if l.limit.None() {
		return 0
	}
	if !l.set {
		return l.limit.Count
	}
	e := int64(l.limit.Refill())
	n := now.UnixNano()
	left := (n + int64(l.limit.Count)*e - max(n, l.tat)) / e
	return int(min(max(left, 0), int64(l.limit.Count)))
}

// RetryIn returns how long a request refused at now must wait for a
// token (0 if one is there): Boulder's retryIn, the shortfall, before the
// 0-3% jitter it adds to Retry-After.
func (l Limiter) RetryIn(now time.Time) time.Duration {
	if l.limit.None() || !l.set {
		return 0
	}
	n := now.UnixNano()
	e := int64(l.limit.Refill())
	need := max(n, l.tat) + e - int64(l.limit.Count)*e - n
	return time.Duration(max(need, 0))
}

// durationText prints a duration as days and the rest: "7d", "17d7h",
// "2d" for 48 hours; under a day as Go does, without zero units: "7h30m".
func durationText(d time.Duration) string {
	if d < Day {
		return shortDuration(d)
	}
	text := fmt.Sprintf("%dd", d/Day)
	if rest := d % Day; rest > 0 {
		text += shortDuration(rest)
	}
	return text
}

// shortDuration is d.String() without zero minutes and seconds: 7h, 1h30m.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
