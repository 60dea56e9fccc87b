package cert

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/internal/named"
	"github.com/leapcheck/leapcheck/models/proof"
)

// Preset is a named issuance policy taken from a real issuer, with the
// source it was taken from and its claim: the issuance dates on which it
// fails.
//
// The claim is data, stated once here and nowhere else: the exhaustive
// tests, the fuzz targets, props and `leapcheck prove` all derive what they
// expect of a preset from FailsOn (through Fails and CheckClaim), never from
// its name or from February 29. A new preset is declared by adding it to
// Presets with its claim; everything that judges presets then covers it.
type Preset struct {
	// Name is the preset's name, also its Policy.Name.
	Name string
	// Source says where the policy comes from.
	Source string
	// Policy is the issuance policy.
	Policy Policy
	// Claim is the issuance dates on which issuance fails: Claim.FailsOn
	// reports whether it fails on date d, the issuance date in
	// Policy.Location (UTC when nil), for every instant of that date; on
	// every other date of 0001-01-01..9999-12-31 Issue must succeed with a
	// certificate valid at issuance. The zero Claim means the preset never
	// fails. It must be written from the preset's definition (for the 2012
	// guest agent: calendar.Date.IsFebruary29), not by calling Issue, so
	// that checking the claim tests the model. Its methods (Safe, Fails)
	// and fields (FailsOn, FailingDates) are promoted to Preset.
	proof.Claim
}

// CheckClaim issues a certificate with the preset at now and checks the
// result against the claim: on a date where Fails holds, Issue must return
// an error; on any other date it must succeed with a Validity that is valid
// at now. It returns nil when the claim holds at now, an error wrapping
// ErrClaim that names the preset, the instant, both answers and the claim
// when it does not, and an error wrapping ErrRange when now, or its date
// in the policy's Location, is outside 0001-01-01..9999-12-31, where the
// claim says nothing.
func (p Preset) CheckClaim(now time.Time) error {
	loc := p.Policy.Location
	if loc == nil {
		loc = time.UTC
	}
	secs := now.Unix()
	d := calendar.DateOf(now.In(loc))
	if secs < MinUnix || secs > NoExpirationUnix || !d.Valid() {
		return newError(formatTime(now), ErrRange, fmt.Sprintf("preset %s: issuance at %s (%s in %s) is outside the claim's domain 0001-01-01..9999-12-31", p.Name, formatTime(now), d, loc))
	}
	v, err := Issue(p.Policy, now)
	fails := p.Fails(d)
	switch {
	case fails && err == nil:
		return newError(formatTime(now), ErrClaim, fmt.Sprintf("preset %s at %s: issued %s, but the preset claims to fail on %s (%s)", p.Name, formatTime(now), v, d, p.FailingDates))
	case !fails && err != nil:
		return newError(formatTime(now), ErrClaim, fmt.Sprintf("preset %s at %s: %v, but the preset claims %s, and %s is not a failing date", p.Name, formatTime(now), err, p.Claim.Text(), d))
	case !fails && !v.ValidAt(now):
		return newError(formatTime(now), ErrClaim, fmt.Sprintf("preset %s at %s: issued %s, not valid at issuance", p.Name, formatTime(now), v))
	}
	return nil
}

// Preset names, for PresetByName.
const (
	GuestAgent2012  = "guest-agent-2012"
	GuestAgentFixed = "guest-agent-fixed"
	CAOneYear       = "ca-1year"
	CA398Days       = "ca-398days"
	rcaSource       = `Microsoft, Bill Laing, "Summary of Windows Azure Service Disruption on Feb 29th, 2012", Windows Azure blog, 9 March 2012`
	brSource        = `CA/Browser Forum, Baseline Requirements for TLS Server Certificates, §6.3.2 (398 days since 2020-09-01)`
)

// Presets returns the named policies, freshly built on each call (the model
// has no package-level state to share or corrupt), each with its claim:
//
//   - guest-agent-2012: the Azure guest agent's transfer certificate. The
//     RCA: "It uses midnight UST of the current day as the valid-from date
//     and one year from that date as the valid-to date. The leap day bug is
//     that the GA calculated the valid-to date by simply taking the current
//     date and adding one to its year." So: 1 year, Reject, StartOfDay in
//     UTC, NotAfter = NotBefore + 1 year. It claims to fail on every
//     February 29 (UTC), and nowhere else.
//   - guest-agent-fixed: the same with Clamp, giving 2013-02-28 for a
//     certificate made on 2012-02-29. The RCA does not say how the fixed
//     agent computes the date, only that a fixed guest agent was deployed;
//     Clamp is what .NET's DateTime.AddYears(1), the natural call for a
//     .NET agent, does.
//   - ca-1year: a typical CA's one-year certificate: 1 year, Clamp,
//     NotAfter = NotBefore + 1 year - 1s, so the period is exactly 365 or
//     366 days.
//   - ca-398days: a CA issuing the Baseline Requirements' maximum since
//     2020-09-01: 398 days of 86,400 s, NotAfter = NotBefore + 398 days - 1s.
//
// The last three claim never to fail. All clamp NotAfter at
// 9999-12-31T23:59:59Z, so that issuance in 9999 succeeds and the guest
// agent's only failures are those the RCA reports.
func Presets() []Preset {
	return []Preset{
		{
			Name: GuestAgent2012,
			Source: rcaSource + `: "the GA calculated the valid-to date by simply taking the current date and adding one to its year. ` +
				`That meant that any GA that tried to create a transfer certificate on leap day set a valid-to date of February 29, 2013, ` +
				`an invalid date that caused the certificate creation to fail."`,
			Policy: Policy{
				Name:          GuestAgent2012,
				Lifetime:      Lifetime{Years: 1},
				Overflow:      calendar.Reject,
				StartOfDay:    true,
				Location:      time.UTC,
				ClampNotAfter: true,
			},
			Claim: proof.Claim{FailsOn: calendar.Date.IsFebruary29, FailingDates: "every February 29"},
		},
		{
			Name: GuestAgentFixed,
			Source: rcaSource + `; the RCA reports the fixed guest agent's deployment, not its date code. ` +
				`Modelled as Clamp (2012-02-29 + 1 year = 2013-02-28), the result of .NET DateTime.AddYears.`,
			Policy: Policy{
				Name:          GuestAgentFixed,
				Lifetime:      Lifetime{Years: 1},
				Overflow:      calendar.Clamp,
				StartOfDay:    true,
				Location:      time.UTC,
				ClampNotAfter: true,
			},
		},
		{
			Name: CAOneYear,
			Source: `A typical CA one-year certificate: one calendar year (java.time/.NET Clamp on February 29), ` +
				`NotAfter one second before the anniversary so that the RFC 5280 inclusive period is exactly one year.`,
			Policy: Policy{
				Name:           CAOneYear,
				Lifetime:       Lifetime{Years: 1},
				Overflow:       calendar.Clamp,
				SubtractSecond: true,
				Location:       time.UTC,
				ClampNotAfter:  true,
			},
		},
		{
			Name:   CA398Days,
			Source: brSource + `; NotAfter = NotBefore + 398 days - 1s as in Let's Encrypt's Boulder (which subtracts one second from its profile lifetimes).`,
			Policy: Policy{
				Name:           CA398Days,
				Lifetime:       Lifetime{Duration: 398 * 24 * time.Hour},
				SubtractSecond: true,
				Location:       time.UTC,
				ClampNotAfter:  true,
			},
		},
	}
}

// PresetByName returns the preset called name, or an error wrapping
// ErrPolicy that lists the names.
func PresetByName(name string) (Preset, error) {
	p, names, ok := named.Lookup(Presets(), func(p Preset) string { return p.Name }, name)
	if !ok {
		return Preset{}, newError(strconv.Quote(name), ErrPolicy, fmt.Sprintf("no preset named %q (have %s)", name, names))
	}
	return p, nil
}

// Subject returns the preset as a subject of proof.Sweep: its claim, and
// the preset itself as the judge of whether issuance fails on a date.
func (p Preset) Subject() proof.Subject {
	return proof.Subject{Name: p.Name, Claim: p.Claim, Judge: p, Kinds: []string{"issuance"}}
}

// Judge judges issuance on d, the local date in Policy.Location (UTC when
// nil): it fails when Issue, at some second of d, returns an error or a
// certificate not valid at that second. Seconds outside
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z are not issuance instants of
// the model; a date with none is not judged. Error: d invalid.
//
// It issues at the first and the last second of d, and at every second of
// d when either comes within two days of the model's bounds. That covers
// every second, for the reasons sim.Prover.Prove gives: the calendar
// arithmetic works on the local date d alone, keeping the wall clock; a
// bound of the model fails a prefix or a suffix of d, because NotBefore
// and NotAfter do not decrease as the issuance instant grows (up to the
// size of a daylight-saving transition, which the two days cover); and
// NotBefore <= t <= NotAfter holds for every t or for none.
func (p Preset) Judge(d calendar.Date) (proof.Verdict, error) {
	if err := d.Validate(); err != nil {
		return proof.Verdict{}, err
	}
	loc := p.Policy.Location
	if loc == nil {
		loc = time.UTC
	}
	first := d.DayNumber() * secondsPerDay
	last := first + secondsPerDay - 1
	if loc != time.UTC {
		first = d.In(loc).Unix()
		if next, err := d.AddDays(1); err == nil {
			last = next.In(loc).Unix() - 1
		}
	}
	lo, hi := max(first, MinUnix), min(last, NoExpirationUnix)
	if lo > hi {
		return proof.Verdict{NotJudged: true}, nil
	}
	const margin = 2 * 86400
	near := lo-margin < MinUnix || hi+margin > NoExpirationUnix
	judge := func(u int64) (proof.Verdict, bool) {
		now := time.Unix(u, 0).UTC()
		v, err := Issue(p.Policy, now)
		switch {
		case err != nil:
			near = near || errors.Is(err, ErrRange)
			return proof.Verdict{Fails: true, Kind: "issuance", Detail: fmt.Sprintf("issuance at %s: %v", formatTime(now), err)}, true
		case !v.ValidAt(now):
			return proof.Verdict{Fails: true, Kind: "issuance", Detail: fmt.Sprintf("issuance at %s: %s is not valid at issuance", formatTime(now), v)}, true
		}
		near = near || v.NotBefore.Unix()-margin < MinUnix || v.NotAfter.Unix()+margin > NoExpirationUnix
		return proof.Verdict{}, false
	}
	if v, bad := judge(lo); bad {
		return v, nil
	}
	if v, bad := judge(hi); bad || !near {
		return v, nil
	}
	for u := lo + 1; u < hi; u++ {
		if v, bad := judge(u); bad {
			return v, nil
		}
	}
	return proof.Verdict{}, nil
}
