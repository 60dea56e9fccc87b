package sim

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// sharedCheckDates are the dates on which the shared safe path (one UTC
// issuance per time of day for all fixed zones) could disagree with the
// exact check of every zone: the first and last years of the model, where
// the zones' instants and validities leave it, every February 28, 29 and
// March 1 of a sample of years, and a spread of ordinary days.
func sharedCheckDates(t *testing.T, edgesOnly bool) []calendar.Date {
	t.Helper()
	var out []calendar.Date
	add := func(r calendar.Range, err error) {
		if err != nil {
			t.Fatal(err)
		}
		for d := range r.Days() {
			out = append(out, d)
		}
	}
	// The days around the model's ends and the anniversaries of its last
	// year, where a one-year lifetime leaves the model (through all of the
	// year 9999 every issuance of a policy without ClampNotAfter fails, and
	// each failure runs the host and cluster stages: a few days suffice).
	add(calendar.NewRange(calendar.MinDate, calendar.Date{Year: 1, Month: time.January, Day: 10}))
	add(calendar.NewRange(calendar.Date{Year: 9998, Month: time.December, Day: 20}, calendar.Date{Year: 9999, Month: time.January, Day: 10}))
	add(calendar.NewRange(calendar.Date{Year: 9999, Month: time.December, Day: 20}, calendar.MaxDate))
	if edgesOnly {
		return out
	}
	yearStep, dayStep := 200, 2003
	if testing.Short() {
		yearStep, dayStep = 1000, 10007
	}
	for y := 4; y <= 9996; y += yearStep {
		add(calendar.NewRange(calendar.Date{Year: y, Month: time.February, Day: 28}, calendar.Date{Year: y, Month: time.March, Day: 1}))
	}
	i := 0
	for d := range calendar.All().Days() {
		if i%dayStep == 0 {
			out = append(out, d)
		}
		i++
	}
	return out
}

// sharedCheckPresets are the proof presets and policies that stress the
// bounds the shared path must respect: no NotAfter clamp (NotAfter past
// 9999 is an error), a long backdate (NotBefore below 0001), a lifetime in
// days and a duration, each in all 29 whole-hour zones.
func sharedCheckPresets(t *testing.T) []ProofPreset {
	var out []ProofPreset
	for _, p := range ProofPresets() {
		p.Offsets = WholeHourOffsets()
		out = append(out, p)
		q := p
		q.Name += "-noclamp-backdate"
		q.Issuance.ClampNotAfter = false
		q.Issuance.StartOfDay = false
		q.Issuance.Backdate = 2 * time.Hour
		out = append(out, q)
		r := p
		r.Name += "-days"
		r.Issuance.Lifetime = cert.Lifetime{Days: 90, Duration: 90 * time.Minute}
		r.Issuance.SubtractSecond = true
		r.Issuance.ClampNotAfter = false
		out = append(out, r)
		if p.Host.FaultLimit() == 0 && p.Issuance.StartOfDay {
			// Valid for half of its issuance day: the StartOfDay shortcut
			// must still see the afternoon fail (a host without a fault
			// limit keeps the failing dates cheap).
			h := p
			h.Name += "-halfday"
			h.Issuance.Lifetime = cert.Lifetime{Duration: 12 * time.Hour}
			out = append(out, h)
		}
	}
	return out
}

// TestSharedMatchesExact: the shared safe path gives the stage of the exact
// check of every zone, on every date where the two could differ.
func TestSharedMatchesExact(t *testing.T) {
	dates := sharedCheckDates(t, false)
	for _, p := range sharedCheckPresets(t) {
		if mism := sharedMismatches(t, p, dates, false); len(mism) > 0 {
			t.Errorf("%s: shared and exact paths differ on %d dates, e.g. %v", p.Name, len(mism), mism[:min(5, len(mism))])
		}
	}
}

// TestSharedGuardMatters: without the guard on the model's bounds (maxOff
// forced to 0), the shared path disagrees with the exact check at the end
// of the model, so TestSharedMatchesExact can fail.
func TestSharedGuardMatters(t *testing.T) {
	dates := sharedCheckDates(t, true)
	found := false
	for _, p := range sharedCheckPresets(t) {
		if m := sharedMismatches(t, p, dates, true); len(m) > 0 {
			t.Logf("%s unguarded: %d mismatches, e.g. %v", p.Name, len(m), m[:min(3, len(m))])
			found = true
		}
	}
	if !found {
		t.Error("the unguarded shared path agrees with the exact check everywhere: the comparison cannot catch a missing guard")
	}
}

// sharedMismatches proves dates with the shared path (unguarded: maxOff 0)
// and with the exact per-zone check, and returns the dates that differ.
func sharedMismatches(t *testing.T, p ProofPreset, dates []calendar.Date, unguarded bool) []string {
	t.Helper()
	shared, err := NewProver(p)
	if err != nil {
		t.Fatal(err)
	}
	if !shared.shared {
		t.Fatalf("%s: fixed zones only, want a shared Prover", p.Name)
	}
	if unguarded {
		shared.maxOff = 0
	}
	exact := *shared
	exact.shared = false
	var out []string
	for _, d := range dates {
		a, err1 := shared.Prove(d)
		b, err2 := exact.Prove(d)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s %v: %v, %v", p.Name, d, err1, err2)
		}
		if a != b {
			out = append(out, d.String()+": shared "+a.String()+", exact "+b.String())
		}
	}
	return out
}

// The offsets proof's safe path, shared (one UTC issuance per time of day
// for the 29 zones) against exact (every zone), in the same run: the ratio
// is the speed-up of `leapcheck prove --offsets`.
func BenchmarkSharedVsExact(b *testing.B) {
	r, err := calendar.NewRange(calendar.Date{Year: 2000, Month: time.January, Day: 1}, calendar.Date{Year: 2003, Month: time.December, Day: 31})
	if err != nil {
		b.Fatal(err)
	}
	p, err := ProofPresetByName(PresetAzure2012Fixed)
	if err != nil {
		b.Fatal(err)
	}
	p.Offsets = WholeHourOffsets()
	shared, err := NewProver(p)
	if err != nil {
		b.Fatal(err)
	}
	exact := *shared
	exact.shared = false
	for _, c := range []struct {
		name string
		pr   *Prover
	}{{"shared", shared}, {"exact", &exact}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for d := range r.Days() {
					if _, err := c.pr.Prove(d); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(r.Len()), "ns/date")
		})
	}
}
