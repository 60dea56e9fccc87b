package cert

import (
	"fmt"
	"strconv"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Preset is a named issuance policy taken from a real issuer, with the
// source it was taken from.
type Preset struct {
	// Name is the preset's name, also its Policy.Name.
	Name string
	// Source says where the policy comes from.
	Source string
	// Policy is the issuance policy.
	Policy Policy
	// ExpectSafe is true if Issue succeeds with this policy for every
	// issuance time in 0001..9999 and the validity is valid at issuance;
	// leapcheck's proof checks this claim for every preset. It is false
	// only for guest-agent-2012, which fails on every February 29.
	ExpectSafe bool
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
// has no package-level state to share or corrupt):
//
//   - guest-agent-2012: the Azure guest agent's transfer certificate. The
//     RCA: "It uses midnight UST of the current day as the valid-from date
//     and one year from that date as the valid-to date. The leap day bug is
//     that the GA calculated the valid-to date by simply taking the current
//     date and adding one to its year." So: 1 year, Reject, StartOfDay in
//     UTC, NotAfter = NotBefore + 1 year. It fails on every February 29,
//     and nowhere else.
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
// All clamp NotAfter at 9999-12-31T23:59:59Z, so that issuance in 9999
// succeeds and the guest agent's only failures are those the RCA reports.
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
			ExpectSafe: false,
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
			ExpectSafe: true,
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
			ExpectSafe: true,
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
			ExpectSafe: true,
		},
	}
}

// PresetByName returns the preset called name, or an error wrapping
// ErrPolicy that lists the names.
func PresetByName(name string) (Preset, error) {
	ps := Presets()
	names := ""
	for i, p := range ps {
		if p.Name == name {
			return p, nil
		}
		if i > 0 {
			names += ", "
		}
		names += p.Name
	}
	return Preset{}, newError(strconv.Quote(name), ErrPolicy, fmt.Sprintf("no preset named %q (have %s)", name, names))
}
