package cert

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Span is how a renewal client measures a certificate's lifetime when it
// renews at a fraction of it. Real clients differ by one second, because
// RFC 5280's NotAfter is inclusive: a certificate with NotAfter =
// NotBefore + 90d - 1s (as Boulder issues it) is valid for 90 days, but
// NotAfter - NotBefore is one second less. Both conventions are in use;
// each is named after a client that uses it, and defined here only.
type Span uint8

const (
	// CertManagerSpan: lifetime = NotAfter - NotBefore. cert-manager
	// v1.21.1 (pkg/util/pki/renewaltime.go: `actualDuration :=
	// notAfter.Sub(notBefore)`), and also certbot >= 4.0.0
	// (renewal.py `lifetime = cert.not_valid_after_utc - not_before`), lego
	// v5 (cmd/cmd_run_renew.go getDueDate), Go's acme/autocert >= x/crypto
	// v0.45.0 (renewal.go next) and the kubelet (client-go v0.36.3
	// certificate_manager.go nextRotationDeadline).
	CertManagerSpan Span = iota + 1
	// CertmagicSpan: lifetime = NotAfter + 1s - NotBefore, the RFC 5280
	// period. Caddy/certmagic v0.25.3 (certificates.go expiresAt: "Account
	// for the 1s resolution of ASN.1 UTCTime/GeneralizedTime by including
	// the extra fraction of a second of certificate validity beyond the
	// NotAfter value"), and Boulder's ARI window (core.RenewalInfoSimple:
	// `validity := expires.Add(time.Second).Sub(issued)`).
	CertmagicSpan
)

var spanNames = [...]string{CertManagerSpan: "cert-manager", CertmagicSpan: "certmagic"}

// String returns "cert-manager" or "certmagic".
func (s Span) String() string {
	if s == CertManagerSpan || s == CertmagicSpan {
		return spanNames[s]
	}
	return fmt.Sprintf("Span(%d)", uint8(s))
}

// MarshalText encodes s as its name.
func (s Span) MarshalText() ([]byte, error) {
	if s != CertManagerSpan && s != CertmagicSpan {
		return nil, newError(s.String(), ErrRange, fmt.Sprintf("span %v: not a span", s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes "cert-manager" or "certmagic"; anything else is
// an error wrapping ErrRange.
func (s *Span) UnmarshalText(b []byte) error {
	for i, n := range spanNames {
		if n != "" && n == string(b) {
			*s = Span(i)
			return nil
		}
	}
	return newError(string(b), ErrRange, fmt.Sprintf("span %q: want cert-manager or certmagic", b))
}

// Of returns v's lifetime as s measures it: NotAfter - NotBefore for
// CertManagerSpan, one second more for CertmagicSpan. For a Let's Encrypt
// 90-day certificate: 89d23h59m59s and 90d.
func (s Span) Of(v Validity) time.Duration {
	d := v.NotAfter.Sub(v.NotBefore)
	if s == CertmagicSpan {
		d += time.Second
	}
	return d
}

// End returns the instant the span ends: NotAfter for CertManagerSpan,
// NotAfter + 1s for CertmagicSpan (certmagic's expiresAt).
func (s Span) End(v Validity) time.Time {
	if s == CertmagicSpan {
		return v.NotAfter.Truncate(time.Second).Add(time.Second)
	}
	return v.NotAfter
}

// Before returns the renewal window a client leaves before End when it
// renews at fraction of the lifetime l, in the client's own arithmetic:
// l/k in integer nanoseconds when 1 - fraction is 1/k for an integer k
// (cert-manager `actualDuration / 3`, lego `lifetime.Nanoseconds()/divisor`,
// autocert `notAfter.Sub(notBefore)/3`), otherwise l x (1 - fraction) in
// float64 nanoseconds truncated (certmagic `time.Duration(float64(lifetime)
// * renewalWindowRatio)`, cert-manager's renewBeforePercentage).
func Before(l time.Duration, fraction float64) time.Duration {
	rest := 1 - fraction
	if rest <= 0 {
		return 0
	}
	if k := math.Round(1 / rest); k >= 1 && math.Abs(1/rest-k) < 1e-9 {
		return l / time.Duration(k)
	}
	return time.Duration(float64(l) * rest)
}

// RenewAt returns the point at which a client measuring v's lifetime with
// span renews after fraction of it has passed: End - Before(Of, fraction),
// to the nanosecond. A client then acts at a whole second by its own
// comparison: cert-manager truncates the point to the second and renews
// when now >= it; certmagic renews when now is strictly after it. For a
// Let's Encrypt 90-day certificate issued at B (NotAfter = B + 90d - 1s),
// RenewAt(CertManagerSpan, 2/3) = B + 60d - 2/3s (cert-manager renews at
// B + 60d - 1s) and RenewAt(CertmagicSpan, 2/3) = B + 60d (certmagic renews
// from B + 60d + 1s). RenewAt(_, 0) is NotBefore, RenewAt(CertmagicSpan,
// 1) is NotAfter + 1s, the first second v is not valid. A fraction outside
// [0, 1] or NaN, or an unknown span, is an error wrapping ErrRange; an
// invalid v, one wrapping ErrInvalidValidity.
func (v Validity) RenewAt(span Span, fraction float64) (time.Time, error) {
	if err := v.Validate(); err != nil {
		return time.Time{}, err
	}
	f := strconv.FormatFloat(fraction, 'g', -1, 64)
	if !(fraction >= 0 && fraction <= 1) {
		return time.Time{}, newError(f, ErrRange, fmt.Sprintf("renew %s at fraction %s: fraction must be in [0, 1]", v, f))
	}
	if span != CertManagerSpan && span != CertmagicSpan {
		return time.Time{}, newError(span.String(), ErrRange, fmt.Sprintf("renew %s at fraction %s: %v is not a span", v, f, span))
	}
	if fraction == 0 {
		return v.NotBefore, nil
	}
	// Spans up to 9,999 years overflow time.Duration (292 years): work in
	// seconds and nanoseconds of the second apart beyond that.
	secs := v.PeriodSeconds() - 1
	if span == CertmagicSpan {
		secs++
	}
	if secs < int64(math.MaxInt64/int64(time.Second)) {
		return span.End(v).Add(-Before(time.Duration(secs)*time.Second, fraction)), nil
	}
	back := int64(math.Floor((1 - fraction) * float64(secs)))
	return time.Unix(span.End(v).Unix()-back, 0).UTC(), nil
}
