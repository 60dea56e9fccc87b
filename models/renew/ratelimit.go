package renew

import (
	"fmt"
	"strings"
	"time"
)

// RateLimit is a CA's limit on issuance as a threshold per window: at most
// Count certificates in any half-open window [t, t+Window). A zero Count
// means no limit.
//
// Let's Encrypt's current figures (Rate Limits,
// https://letsencrypt.org/docs/rate-limits/, checked for this model):
// "New Certificates per Registered Domain": 50 per 7 days; "New
// Certificates per Exact Set of Identifiers" (duplicate certificates, which
// every renewal is): 5 per 7 days. Let's Encrypt computes them with a token
// bucket ("Limits are calculated, per request, using a token bucket
// algorithm") that refills continuously, so it can admit a burst and then a
// steady trickle; the sliding window here is the documented threshold read
// literally, an assumption that is stricter at the edges of a burst and the
// same in steady state (Count per Window).
type RateLimit struct {
	// Name identifies the limit, e.g. "letsencrypt-exact-set".
	Name string `json:"name"`
	// Count is the most issuances allowed in any window; 0 is no limit.
	Count int `json:"count"`
	// Window is the window's length.
	Window time.Duration `json:"window"`
}

// Validate returns nil if r is a limit the model can use.
func (r RateLimit) Validate() error {
	if r.Count == 0 {
		return nil
	}
	if r.Count < 0 {
		return configError(r.Name, fmt.Sprintf("rate limit %s: Count = %d: must not be negative", r.Name, r.Count))
	}
	return positiveSeconds("rate limit "+r.Name+": Window", r.Window)
}

// String returns "NAME: COUNT per WINDOW" or "no limit".
func (r RateLimit) String() string {
	if r.Count == 0 {
		return "no limit"
	}
	return fmt.Sprintf("%s: %d per %s", r.Name, r.Count, durationText(r.Window))
}

// LetsEncryptExactSet is Let's Encrypt's limit on certificates for the
// same set of names: 5 per 7 days. Every renewal of a service counts.
func LetsEncryptExactSet() RateLimit {
	return RateLimit{Name: "letsencrypt-exact-set", Count: 5, Window: 7 * Day}
}

// LetsEncryptRegisteredDomain is Let's Encrypt's limit on new certificates
// per registered domain: 50 per 7 days, shared by every service under one
// domain. (Let's Encrypt exempts renewals of an existing set of names from
// it; a fleet of services that each request a new set of names, or that
// lost their renewal state, does count.)
func LetsEncryptRegisteredDomain() RateLimit {
	return RateLimit{Name: "letsencrypt-registered-domain", Count: 50, Window: 7 * Day}
}

// Limiter is the state of a RateLimit at the CA: the instants of the
// issuances still inside the window. It is a value; Allow returns a new
// Limiter and never changes the one it is called on. The zero Limiter of
// a limit with Count 0 allows everything.
type Limiter struct {
	limit  RateLimit
	issued []int64 // Unix seconds, ascending, only those inside the window
}

// NewLimiter returns an empty limiter for r.
func NewLimiter(r RateLimit) (Limiter, error) {
	if err := r.Validate(); err != nil {
		return Limiter{}, err
	}
	return Limiter{limit: r}, nil
}

// Allow reports whether an issuance at now is within the limit and, if it
// is, returns the limiter with it recorded. Instants must not go back.
func (l Limiter) Allow(now time.Time) (Limiter, bool) {
	if l.limit.Count == 0 {
		return l, true
	}
	u := now.Unix()
	w := int64(l.limit.Window / time.Second)
	i := 0
	for i < len(l.issued) && l.issued[i] <= u-w {
		i++
	}
	kept := l.issued[i:]
	if len(kept) >= l.limit.Count {
		return Limiter{l.limit, kept}, false
	}
	next := make([]int64, len(kept), len(kept)+1)
	copy(next, kept)
	return Limiter{l.limit, append(next, u)}, true
}

// InWindow returns how many issuances the limiter holds in the window
// ending at now.
func (l Limiter) InWindow(now time.Time) int {
	u, w := now.Unix(), int64(l.limit.Window/time.Second)
	n := 0
	for _, t := range l.issued {
		if t > u-w && t <= u {
			n++
		}
	}
	return n
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
