package fuzz

import (
	"fmt"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/models/sim"
	"github.com/leapcheck/leapcheck/props"
)

// Seeds. Every seed is written in its target's readable form, and every
// list is built from the props edge table (props.EdgeInstants, which
// includes every incident instant of corpus/, and props.EdgeDates), never
// from a copy of it, so the committed corpora follow the table when it grows
// (regenerate with make fuzz-corpus). The seeds are regression tests: the
// decoders, not the seeds, take fuzzing to the rest of the domain.

// seedYears are the years whose edge dates (props.EdgeDates: February 28/29
// and March 1, month ends, December 28..January 4) seed the date targets:
// the ends of the range, the century years 1900 (not leap), 2000 (leap) and
// 2100, the 2012 outage and the common year after it.
var seedYears = []int{1, 1900, 2000, 2012, 2013, 2100, 9999}

// seedDates returns the edge dates of seedYears and the UTC dates of
// props.EdgeInstants, sorted, without duplicates.
func seedDates() []calendar.Date {
	var out []calendar.Date
	for _, y := range seedYears {
		rg, err := calendar.NewRange(calendar.Date{Year: y, Month: time.January, Day: 1},
			calendar.Date{Year: y, Month: time.December, Day: 31})
		if err != nil {
			continue
		}
		out = append(out, props.EdgeDates(rg)...)
	}
	for _, t := range props.EdgeInstants() {
		if d := calendar.DateOf(t.UTC()); d.Valid() {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b calendar.Date) int { return a.Compare(b) })
	return slices.Compact(out)
}

// seedInstants returns props.EdgeInstants cut to the second, with the
// model's first and last instants and the second before and after each.
func seedInstants() []time.Time {
	var out []time.Time
	for _, t := range props.EdgeInstants() {
		out = append(out, t.UTC().Truncate(time.Second))
	}
	for _, t := range []time.Time{minInstant, maxInstant} {
		out = append(out, t, t.Add(-time.Second), t.Add(time.Second))
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, time.Time.Equal)
}

// monthEndPlusOne returns the day after d when d is the last day of its
// month, such as 2013-02-29 for 2013-02-28: a date that does not exist.
func monthEndPlusOne(d calendar.Date) (civil, bool) {
	if d.Day != calendar.DaysIn(d.Year, d.Month) {
		return civil{}, false
	}
	return civil{d.Year, int(d.Month), d.Day + 1}, true
}

// seedCivils returns every seed date, the day after every month end (which
// does not exist), and the years just outside the range.
func seedCivils() []civil {
	var out []civil
	for _, d := range seedDates() {
		out = append(out, civil{d.Year, int(d.Month), d.Day})
		if c, ok := monthEndPlusOne(d); ok {
			out = append(out, c)
		}
	}
	return append(out, civil{0, 12, 31}, civil{10000, 1, 1})
}

// seedsParseDate: the text of every seed civil date, and malformed text.
func seedsParseDate() []string {
	var out []string
	for _, c := range seedCivils() {
		out = append(out, c.String())
	}
	return dedupe(append(out, "2012-2-29", "2012-02-29T00:00:00Z", "+2012-02-29", "２０１２-02-29", ""))
}

// seedsNewDate: every seed civil date, and months 0 and 13.
func seedsNewDate() []string {
	var out []string
	for _, c := range seedCivils() {
		out = append(out, c.String())
	}
	return dedupe(append(out, "2012-0-29", "2012-13-1", "-1-1-1"))
}

// seedsDayNumber: every seed date as a date, and the day numbers just
// outside the range.
func seedsDayNumber() []string {
	var out []string
	for _, d := range seedDates() {
		out = append(out, d.String())
	}
	return dedupe(append(out, fmt.Sprint(firstDay-1), fmt.Sprint(lastDay+1)))
}

// seedAdd returns AddYears/AddMonths seeds: every edge instant with the
// first delta under each policy, in UTC, and the February 29ths and January
// 31sts of the seed dates at midnight in UTC, +14:00 and -12:00 and at noon
// in the named zones, with every delta and policy.
func seedAdd(deltas []int) []string {
	var out []string
	policies := calendar.Policies()
	for _, t := range seedInstants() {
		if !inModelRange(t) {
			continue
		}
		for _, p := range policies {
			out = append(out, addCase{t, deltas[0], p}.String())
		}
	}
	for _, d := range seedDates() {
		if !(d.Month == time.February && d.Day == 29) && !(d.Month == time.January && d.Day == 31) {
			continue
		}
		var at []time.Time
		for _, off := range []int{0, 14 * 60, -12 * 60} {
			at = append(at, time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, fixedZone(off)))
		}
		for _, z := range zones {
			at = append(at, time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, z))
		}
		for i, t := range at {
			for _, n := range deltas {
				out = append(out, addCase{t, n, policies[i%len(policies)]}.String())
			}
		}
	}
	return dedupe(out)
}

// seedsAddYears: seedAdd over 1, -1 and 4 years.
func seedsAddYears() []string { return seedAdd([]int{1, -1, 4}) }

// seedsAddMonths: seedAdd over 1, -1, 12 and 13 months.
func seedsAddMonths() []string { return seedAdd([]int{1, -1, 12, 13}) }

// seedsInstant: every seed instant (CertEncode and CertIssue).
func seedsInstant() []string {
	var out []string
	for _, t := range seedInstants() {
		out = append(out, instantText(t))
	}
	return dedupe(out)
}

// seedsCertDecode: the RFC 5280 text of every seed instant under its own
// tag and under the other one, and the forms the profile forbids but
// encoding/asn1 and crypto/x509 accept (no seconds, an offset, a fractional
// second, a lower-case z).
func seedsCertDecode() []string {
	var out []string
	for _, t := range seedInstants() {
		s, err := cert.EncodeTime(t)
		if err != nil {
			continue
		}
		tag, _ := cert.TagFor(t)
		other := cert.UTCTime
		if tag == cert.UTCTime {
			other = cert.GeneralizedTime
		}
		body := s[:len(s)-1]
		for _, c := range []decodeCase{{uint8(tag), s}, {uint8(other), s}, {uint8(tag), body[:len(body)-2] + "Z"},
			{uint8(tag), body + "+0100"}, {uint8(tag), body + ".5Z"}, {uint8(tag), body + "z"}} {
			out = append(out, c.String())
		}
	}
	// GeneralizedTime year 0000: well-formed but outside the model, an
	// ErrRange (this target found the code and its documentation disagreeing).
	return dedupe(append(out, decodeCase{5, "120229000000Z"}.String(),
		decodeCase{uint8(cert.GeneralizedTime), "00000000000000Z"}.String()))
}

// Host seed programs: a policy byte, then (op, vm, dt) triples (see the host
// input layout). Each is replayed under every policy.
var hostPrograms = [][]byte{
	// The 2012 guest agent: one VM whose starts all time out.
	{0, 0, 0, 5, 0, 0, 5, 0, 0, 5, 0, 0, 5, 0, 0},
	// A VM that comes up, crashes, and is started again after giving up.
	{0, 0, 6, 2, 0, 6, 3, 0, 60, 5, 0, 0, 5, 0, 0, 5, 0, 0, 0, 0, 200},
	// Two VMs failing in turn; a stop; a stale timer; the clock going back.
	{0, 0, 0, 0, 1, 1, 3, 0, 6, 3, 1, 6, 5, 0, 0, 5, 1, 0, 4, 0, 0, 5, 0, 0, 7, 1, 9},
	// Ready and failed for a VM the host does not know.
	{2, 3, 0, 3, 3, 0, 5, 3, 0},
	// Long silences: timers fire while time passes.
	{0, 0, 255, 0, 1, 255, 0, 2, 255, 3, 2, 1},
}

// seedsHost: every program of hostPrograms under each of hostPolicies.
func seedsHost() []string {
	var out []string
	for _, prog := range hostPrograms {
		for p := range len(hostPolicies()) {
			out = append(out, string(append([]byte{byte(p)}, prog...)))
		}
	}
	return out
}

// seedsCluster: a full cluster of 4 servers with 2 VMs each under count and
// fraction thresholds, faulting every server (healing, then cluster HI) and
// updating each; a placement on a full and on an HI server; out-of-range
// servers; a VM deployed twice; the clock going back.
func seedsCluster() []string {
	var out []string
	for _, th := range []byte{2 * 1, 2 * 2, 1 + 2*4, 1 + 2*2 + 16, 1 + 2*7} {
		data := []byte{3, 1, th}
		for i := 0; i < 4*2; i++ {
			data = append(data, 0, 0)
		}
		for s := byte(0); s < 4; s++ {
			data = append(data, 2, s, 4, s)
		}
		out = append(out, string(data))
	}
	return append(out,
		string([]byte{1, 0, 2, 1, 0, 1, 0, 2, 0, 1, 1, 1, 2}),
		string([]byte{2, 1, 3, 0, 0, 0, 1, 2, 0, 2, 2, 4, 2, 5, 7, 0, 0}),
		string([]byte{0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0}),
	)
}

// seedsSim: the first preset at every seed instant in range, and every
// other preset at the instants whose run window touches a date some
// preset's claim fails on, with the seed 2012, 4 servers and 2 VMs each.
func seedsSim() []string {
	var out []string
	ps := simPresets()
	for _, t := range seedInstants() {
		if !inModelRange(t) {
			continue
		}
		out = append(out, simCase{ps[0].Name, t, 2012, simMaxServers, simMaxVMs, true}.String())
		if !slices.ContainsFunc(ps, func(p sim.Scenario) bool { return claimedIn(p, t, t.Add(simHorizon)) }) {
			continue
		}
		for _, p := range ps[1:] {
			out = append(out, simCase{p.Name, t, 2012, simMaxServers, simMaxVMs, true}.String())
		}
	}
	return dedupe(out)
}

func dedupe(in []string) []string {
	seen := make(map[string]bool, len(in))
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// seedsRenew: every renewal preset on every date of renewEdges and the day
// before it, and on the first and last dates of renew.DefaultWindow.
func seedsRenew() []string {
	w := renew.DefaultWindow()
	var out []string
	for _, p := range renewPresets() {
		for _, d := range renewEdges() {
			before := calendar.DateOf(d.In(time.UTC).AddDate(0, 0, -1))
			out = append(out, renewCase{p.Name, before}.String(), renewCase{p.Name, d}.String())
		}
		out = append(out, renewCase{p.Name, w.First()}.String(), renewCase{p.Name, w.Last()}.String())
	}
	return dedupe(out)
}
