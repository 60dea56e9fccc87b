// Package testpresets declares presets that exist only for tests: a new
// safe preset and a new unsafe one, declared once each with their claims,
// that the exhaustive certificate check, the proof and the fuzz property
// must judge as they are, with no change to any of them. If one of those
// had a preset's name or February 29 written into it, these presets would
// show it.
package testpresets

import (
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/sim"
)

// Names of the test presets.
const (
	Safe90Days     = "test-90days"
	OneMonthReject = "test-1month-reject"
)

// Issuance returns the two test issuance presets:
//
//   - test-90days: 90 days of 86,400 s, NotAfter = NotBefore + 90 days -
//     1s, as Let's Encrypt's classic profile issues today. It never fails.
//   - test-1month-reject: one calendar month, Reject, from midnight UTC: it
//     fails on every 29th, 30th and 31st whose next month is shorter
//     (January 29 in common years, January 30 and 31, March 31, May 31,
//     August 31, October 31), the 2012 bug one unit down.
func Issuance() []cert.Preset {
	return []cert.Preset{
		{
			Name:   Safe90Days,
			Source: "leapcheck test preset: a 90-day certificate",
			Policy: cert.Policy{
				Name: Safe90Days, Lifetime: cert.Lifetime{Duration: 90 * 24 * time.Hour},
				SubtractSecond: true, Location: time.UTC, ClampNotAfter: true,
			},
		},
		{
			Name:   OneMonthReject,
			Source: "leapcheck test preset: one calendar month later, refusing a day the next month lacks",
			Policy: cert.Policy{
				Name: OneMonthReject, Lifetime: cert.Lifetime{Months: 1}, Overflow: calendar.Reject,
				StartOfDay: true, Location: time.UTC, ClampNotAfter: true,
			},
			Claim: proof.Claim{FailsOn: dayMissingNextMonth, FailingDates: "every 29th, 30th and 31st before a shorter month"},
		},
	}
}

// dayMissingNextMonth reports whether d's day of the month does not exist
// in the following month, from the month lengths alone.
func dayMissingNextMonth(d calendar.Date) bool {
	y, m := d.Year, d.Month+1
	if m > time.December {
		y, m = y+1, time.January
	}
	return d.Day > calendar.DaysIn(y, m)
}

// Scenarios returns the simulation scenario of each test issuance preset:
// the azure2012 scenario with that issuance policy and its claim, as
// sim.Presets derives one for every cert preset no named scenario uses.
func Scenarios() []sim.Scenario {
	base, err := sim.PresetByName(sim.PresetAzure2012)
	if err != nil {
		panic(err) // a constant name
	}
	var out []sim.Scenario
	for _, p := range Issuance() {
		s := base
		s.Name, s.Issuance, s.FailsOn, s.FailingDates = p.Name, p.Policy, p.FailsOn, p.FailingDates
		out = append(out, s)
	}
	return out
}
