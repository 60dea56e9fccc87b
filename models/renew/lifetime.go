package renew

import (
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
)

// Day is 24 hours, the unit of every lifetime and threshold the sources
// state ("90 days", "renew_before_expiry = 30 days"). The Baseline
// Requirements count days of 86,400 seconds too.
const Day = 24 * time.Hour

// Lifetimes is a CA's certificate lifetime as a function of the issuance
// instant (the certificate's NotBefore): Base before the first step, then
// the Lifetime of the last step whose From is not after the instant. The
// CA issues NotBefore = issuance instant (whole seconds, no backdating),
// NotAfter = NotBefore + lifetime - 1s, so that the RFC 5280 inclusive
// period is exactly the lifetime and the certificate stops being valid at
// NotBefore + lifetime.
//
// With BaselineMaximum set the lifetime is instead the CA/Browser Forum
// maximum for the issuance instant, cert.MaxTLSValidity: 398 days, 200
// from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15.
type Lifetimes struct {
	// Name identifies the schedule, e.g. "letsencrypt-classic".
	Name string `json:"name"`
	// Source says where the figures come from.
	Source string `json:"source,omitempty"`
	// Base is the lifetime before the first step.
	Base time.Duration `json:"base"`
	// Steps are the changes, in increasing From order.
	Steps []LifetimeStep `json:"steps,omitempty"`
	// BaselineMaximum makes the lifetime cert.MaxTLSValidity(issuance);
	// Base and Steps are then ignored.
	BaselineMaximum bool `json:"baselineMaximum,omitempty"`
}

// LifetimeStep is a change of a CA's lifetime: certificates issued at or
// after From get Lifetime.
type LifetimeStep struct {
	From     time.Time     `json:"from"`
	Lifetime time.Duration `json:"lifetime"`
}

// Validate returns nil if l is a schedule the model can use: positive
// whole-second lifetimes, steps in strictly increasing order.
func (l Lifetimes) Validate() error {
	if l.BaselineMaximum {
		return nil
	}
	if err := positiveSeconds("lifetimes "+l.Name+": Base", l.Base); err != nil {
		return err
	}
	for i, s := range l.Steps {
		if err := positiveSeconds(fmt.Sprintf("lifetimes %s: Steps[%d].Lifetime", l.Name, i), s.Lifetime); err != nil {
			return err
		}
		if i > 0 && !s.From.After(l.Steps[i-1].From) {
			return configError(l.Name, fmt.Sprintf("lifetimes %s: Steps[%d].From %s is not after Steps[%d].From %s",
				l.Name, i, s.From.UTC().Format(time.RFC3339), i-1, l.Steps[i-1].From.UTC().Format(time.RFC3339)))
		}
	}
	return nil
}

func positiveSeconds(field string, d time.Duration) error {
	if d <= 0 || d%time.Second != 0 {
		return configError(field, fmt.Sprintf("%s = %v: must be a positive whole number of seconds", field, d))
	}
	return nil
}

// At returns the lifetime of a certificate issued at t.
func (l Lifetimes) At(t time.Time) time.Duration {
	if l.BaselineMaximum {
		return cert.MaxTLSValidity(t)
	}
	d := l.Base
	for _, s := range l.Steps {
		if t.Before(s.From) {
			break
		}
		d = s.Lifetime
	}
	return d
}

// Issue returns the validity of a certificate issued at t (truncated to
// the second): NotBefore = t, NotAfter = t + At(t) - 1s, in UTC.
func (l Lifetimes) Issue(t time.Time) cert.Validity {
	nb := time.Unix(t.Unix(), 0).UTC()
	return cert.Validity{NotBefore: nb, NotAfter: nb.Add(l.At(nb) - time.Second)}
}

// table is l as Unix seconds, for the proof's inner loop.
type lifetimeTable struct {
	base int64
	from []int64 // the switch instants, ascending
	life []int64
}

// table returns l as Unix seconds; BaselineMaximum becomes the Baseline
// Requirements schedule, 398 days before its first step.
func (l Lifetimes) table() lifetimeTable {
	t := lifetimeTable{base: int64(l.Base / time.Second)}
	if l.BaselineMaximum {
		t.base = int64(cert.MaxTLSValidity(time.Unix(0, 0)) / time.Second)
		for _, s := range cert.TLSValiditySchedule() {
			t.from = append(t.from, s.From.Unix())
			t.life = append(t.life, int64(s.Days)*secondsPerDay)
		}
		return t
	}
	for _, s := range l.Steps {
		t.from = append(t.from, s.From.Unix())
		t.life = append(t.life, int64(s.Lifetime/time.Second))
	}
	return t
}

// at returns the lifetime in seconds of a certificate issued at Unix time u.
func (t *lifetimeTable) at(u int64) int64 {
	if i := t.piece(u); i > 0 {
		return t.life[i-1]
	}
	return t.base
}

// piece returns the index of the lifetime piece u falls in: 0 before the
// first switch, i after the i-th. The lifetime is constant on a piece.
func (t *lifetimeTable) piece(u int64) int {
	i := 0
	for i < len(t.from) && u >= t.from[i] {
		i++
	}
	return i
}

func utcDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Let's Encrypt's schedule, from "Decreasing Certificate Lifetimes to 45
// Days" (Let's Encrypt blog, 2025-12-02,
// https://letsencrypt.org/2025/12/02/from-90-to-45): "May 13, 2026: Let's
// Encrypt will switch the tlsserver ACME profile to issue 45-day
// certificates"; "February 10, 2027: ... the default classic ACME profile
// to issuing 64-day certificates with a 10-day authorization reuse
// period"; "February 16, 2028: ... the classic profile to issue 45-day
// certificates with a 7 hour authorization reuse period". The
// announcement gives dates, not instants: the model switches at 00:00:00
// UTC of each date (an assumption). Authorization reuse is not modelled:
// every issuance here is a full order.
const leSource = `Let's Encrypt, "Decreasing Certificate Lifetimes to 45 Days", 2025-12-02 (https://letsencrypt.org/2025/12/02/from-90-to-45); switch instants assumed 00:00:00 UTC`

// LetsEncryptClassic returns the lifetimes of Let's Encrypt's default
// "classic" profile: 90 days, 64 days from 2027-02-10, 45 days from
// 2028-02-16.
func LetsEncryptClassic() Lifetimes {
	return Lifetimes{
		Name: "letsencrypt-classic", Source: leSource, Base: 90 * Day,
		Steps: []LifetimeStep{{utcDate(2027, 2, 10), 64 * Day}, {utcDate(2028, 2, 16), 45 * Day}},
	}
}

// LetsEncryptTLSServer returns the lifetimes of Let's Encrypt's opt-in
// "tlsserver" profile: 45 days from 2026-05-13, and (an assumption: the
// announcement does not say) the classic profile's 90 days before.
func LetsEncryptTLSServer() Lifetimes {
	return Lifetimes{
		Name: "letsencrypt-tlsserver", Source: leSource, Base: 90 * Day,
		Steps: []LifetimeStep{{utcDate(2026, 5, 13), 45 * Day}},
	}
}

// LetsEncryptShortLived returns the lifetime of Let's Encrypt's opt-in
// "shortlived" profile: "6-day" certificates, which are 160 hours (as
// reported by clients that expose the profile, e.g. linuxserver/docker-swag
// PR 607: "6 days (~160 hours)"; the figure is not re-checked against
// Let's Encrypt's own profile page here).
func LetsEncryptShortLived() Lifetimes {
	return Lifetimes{Name: "letsencrypt-shortlived", Source: `Let's Encrypt "shortlived" ACME profile, 160 hours`, Base: 160 * time.Hour}
}

// BaselineMaximum returns a CA that issues the longest certificate the
// CA/Browser Forum Baseline Requirements allow on each date (package
// cert's schedule: 398, 200, 100, 47 days).
func BaselineMaximum() Lifetimes {
	return Lifetimes{Name: "br-maximum", Source: "CA/Browser Forum Baseline Requirements §6.3.2 (ballot SC-081), via cert.MaxTLSValidity", BaselineMaximum: true}
}

// Fixed returns a CA that always issues certificates of lifetime d.
func Fixed(name string, d time.Duration) Lifetimes {
	return Lifetimes{Name: name, Base: d}
}
