package conformance

import (
	"testing"
	"time"

	"github.com/cert-manager/cert-manager/pkg/util/pki"
	acmeapi "github.com/cert-manager/cert-manager/third_party/forked/acme"
	"github.com/go-acme/lego/v5/acme"
	"github.com/go-acme/lego/v5/certificate"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/props"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// cmRenewalTime is cert-manager's pki.RenewalTime(notBefore, notAfter,
// renewBefore, renewBeforePercentage) as a props.RenewFunc.
func cmRenewalTime(renewBefore *metav1.Duration, percentage *int32) props.RenewFunc {
	return func(v cert.Validity, _ time.Time) (time.Time, error) {
		rt, err := pki.RenewalTime(v.NotBefore, v.NotAfter, renewBefore, percentage, nil)
		if err != nil || rt == nil {
			return time.Time{}, err
		}
		return rt.Time, nil
	}
}

// ariWindow is the suggested window the CA serves for v: Boulder's, as the
// model's ARI client computes it, [lo, hi + 1s).
func ariWindow(v cert.Validity) (start, end time.Time, err error) {
	lo, hi, err := renew.ARIClient().DueWindow(v.NotBefore, v.NotAfter)
	return lo, hi.Add(time.Second), err
}

// cmARIRenewalTime is pki.RenewalTime with the CA's ARI window
// (pki.WithARIInfo): a random instant of the window, drawn on every call.
func cmARIRenewalTime(v cert.Validity, _ time.Time) (time.Time, error) {
	start, end, err := ariWindow(v)
	if err != nil {
		return time.Time{}, err
	}
	info := &acmeapi.RenewalInfoResponse{SuggestedWindow: acmeapi.RenewalInfoWindow{Start: start, End: end}}
	rt, err := pki.RenewalTime(v.NotBefore, v.NotAfter, nil, nil, nil, pki.WithARIInfo(info))
	if err != nil || rt == nil {
		return time.Time{}, err
	}
	return rt.Time, nil
}

// legoShouldRenew is lego's RFC 9773 decision as a predicate: given the
// suggested window the CA serves for the certificate (Boulder's, as the
// model's ARI client computes it: [lo, hi + 1s)), ShouldRenewAt(now, 0)
// answers now (renew now) or nil (not yet), drawing a random time in the
// window on every call.
func legoShouldRenew(v cert.Validity, now time.Time) bool {
	start, end, err := ariWindow(v)
	if err != nil {
		return false
	}
	ri := certificate.RenewalInfo{ExtendedRenewalInfo: &acme.ExtendedRenewalInfo{
		RenewalInfo: acme.RenewalInfo{SuggestedWindow: acme.Window{Start: start, End: end}}}}
	at := ri.ShouldRenewAt(now, 0)
	return at != nil && !at.After(now)
}

func renewal(p renew.Policy, ca renew.Lifetimes, f props.RenewFunc) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyRenewal(p, ca, f, vo, opts...)
	}
}

func percent(n int32) *int32 { return &n }

// renewalEntries are the rows for certificate renewal code, with Let's
// Encrypt's TLS server lifetimes (90 days, then 64 and 45).
func renewalEntries() []entry {
	const cm, lego = "github.com/cert-manager/cert-manager", "github.com/go-acme/lego/v5"
	le := renew.LetsEncryptTLSServer()
	frac := func(f float64) renew.Policy {
		return renew.Policy{Name: "fraction", Trigger: renew.Trigger{Kind: renew.FractionOfLifetime, Fraction: f}, Retry: renew.CertManager().Retry}
	}
	before := renew.Policy{Name: "before-expiry", Trigger: renew.Trigger{Kind: renew.BeforeExpiry, Offset: 30 * renew.Day}, Retry: renew.CertManager().Retry}
	return []entry{
		{cm, "pki.RenewalTime(nb, na, nil, nil, nil)", "Renewal", "2/3 of the lifetime (default)", true,
			renewal(renew.CertManager(), le, cmRenewalTime(nil, nil))},
		{cm, "pki.RenewalTime(nb, na, nil, &50, nil)", "Renewal", "renewBeforePercentage 50", true,
			renewal(frac(0.5), le, cmRenewalTime(nil, percent(50)))},
		{cm, "pki.RenewalTime(nb, na, &30d, nil, nil)", "Renewal", "renewBefore 30 days", true,
			renewal(before, le, cmRenewalTime(&metav1.Duration{Duration: 30 * renew.Day}, nil))},
		{cm, "pki.RenewalTime(nb, na, nil, nil, nil, pki.WithARIInfo(window))", "Renewal", "ARI window (RFC 9773)", true,
			renewal(renew.ARIClient(), le, cmARIRenewalTime)},
		{lego, "certificate.RenewalInfo.ShouldRenewAt(now, 0)", "RenewalDue", "ARI window (RFC 9773)", true,
			func(vo props.VerifyOptions, opts ...props.Option) error {
				return props.VerifyRenewalDue(renew.ARIClient(), le, legoShouldRenew, vo, opts...)
			}},
	}
}

// The renewal rows can fail: each check, given the library with the wrong
// option or a window it was not served, reports a counterexample.
func TestRenewalRowsCatchMisconfiguration(t *testing.T) {
	le := renew.LetsEncryptTLSServer()
	half := renew.Policy{Name: "half", Trigger: renew.Trigger{Kind: renew.FractionOfLifetime, Fraction: 0.5}, Retry: renew.CertManager().Retry}
	require.Error(t, props.VerifyRenewal(half, le, cmRenewalTime(nil, percent(40)), props.VerifyOptions{}))
	require.Error(t, props.VerifyRenewal(renew.CertManager(), le, cmRenewalTime(&metav1.Duration{Duration: 30 * renew.Day}, nil), props.VerifyOptions{}))
	wide := func(v cert.Validity, now time.Time) bool {
		start, end, _ := ariWindow(v)
		ri := certificate.RenewalInfo{ExtendedRenewalInfo: &acme.ExtendedRenewalInfo{
			RenewalInfo: acme.RenewalInfo{SuggestedWindow: acme.Window{Start: start.Add(-24 * time.Hour), End: end}}}}
		at := ri.ShouldRenewAt(now, 0)
		return at != nil && !at.After(now)
	}
	require.Error(t, props.VerifyRenewalDue(renew.ARIClient(), le, wide, props.VerifyOptions{}))
}
