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

// TestSharedOKAtEachOfItsEdges holds sharedOK and sharedDayOK to their doc,
// one clause at a time, on the second where it starts to hold and the one
// before: true only when issuance in UTC succeeds, is valid at issuance (at
// both ends of the day, for sharedDayOK), and NotBefore and NotAfter are at
// least maxOff (here 14 hours) inside 0001-01-01T00:00:00Z and
// 9999-12-31T23:59:59Z. A certificate is valid from NotBefore to NotAfter
// inclusive, so the instant w itself is in that span whenever the answer
// can be true.
func TestSharedOKAtEachOfItsEdges(t *testing.T) {
	const (
		m   = 14 * 3600
		lo  = cert.MinUnix
		hi  = cert.NoExpirationUnix
		day = int64(86400)
	)
	plain := cert.Policy{Name: "1h", Lifetime: cert.Lifetime{Duration: time.Hour}}
	backdated := cert.Policy{Name: "3h, 2h back", Lifetime: cert.Lifetime{Duration: 3 * time.Hour}, Backdate: 2 * time.Hour}
	endsNow := cert.Policy{Name: "1h, 1h back", Lifetime: cert.Lifetime{Duration: time.Hour}, Backdate: time.Hour}
	expired := cert.Policy{Name: "1h, 3h back", Lifetime: cert.Lifetime{Duration: time.Hour}, Backdate: 3 * time.Hour}
	long := cert.Policy{Name: "10 days", Lifetime: cert.Lifetime{Days: 10}}
	mid := time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC).Unix()
	for _, c := range []struct {
		name   string
		policy cert.Policy
		w      int64
		want   bool
	}{
		{"mid", plain, mid, true},
		{"NotBefore = w at the margin", plain, lo + m, true},
		{"NotBefore = w a second inside", plain, lo + m - 1, false},
		{"backdated NotBefore at the margin", backdated, lo + m + 2*3600, true},
		{"backdated NotBefore a second inside", backdated, lo + m + 2*3600 - 1, false},
		{"NotAfter at the margin", plain, hi - m - 3600, true},
		{"NotAfter a second inside", plain, hi - m - 3600 + 1, false},
		{"NotAfter = w at the margin", endsNow, hi - m, true},
		{"NotAfter = w a second inside", endsNow, hi - m + 1, false},
		{"not valid at issuance", expired, mid, false},
		{"issuance fails", long, hi - 5*day, false},
	} {
		pr := &Prover{maxOff: m, utc: c.policy}
		if got := pr.sharedOK(c.w); got != c.want {
			t.Errorf("sharedOK %s (%s at %s) = %v, want %v", c.name, c.policy.Name, time.Unix(c.w, 0).UTC().Format(time.RFC3339), got, c.want)
		}
	}
	// sharedDayOK on whole days: a StartOfDay certificate issued at the
	// day's first second serves its last second too.
	startOfDay := func(p cert.Policy) cert.Policy { p.StartOfDay = true; return p }
	oneDay := startOfDay(cert.Policy{Name: "StartOfDay, 2 days", Lifetime: cert.Lifetime{Days: 2}})
	halfDay := startOfDay(cert.Policy{Name: "StartOfDay, 12h", Lifetime: cert.Lifetime{Duration: 12 * time.Hour}})
	endsAtMidnight := startOfDay(cert.Policy{Name: "StartOfDay, 1 day, 1 day back", Lifetime: cert.Lifetime{Days: 1}, Backdate: 24 * time.Hour})
	backdatedDay := func(d time.Duration) cert.Policy {
		return startOfDay(cert.Policy{Name: "StartOfDay, 2 days, back " + d.String(), Lifetime: cert.Lifetime{Days: 2}, Backdate: d})
	}
	ending := func(d time.Duration) cert.Policy {
		return startOfDay(cert.Policy{Name: "StartOfDay, 1 day and " + d.String(), Lifetime: cert.Lifetime{Days: 1, Duration: d}})
	}
	for _, c := range []struct {
		name   string
		policy cert.Policy
		day    int64
		want   bool
	}{
		{"mid", oneDay, mid, true},
		{"the model's first day", oneDay, lo, false},
		{"its second day", oneDay, lo + day, true},
		// NotBefore = 0001-01-02 − 10 h = 14 h after the model's start.
		{"backdated to the margin", backdatedDay(10 * time.Hour), lo + day, true},
		{"backdated a second past it", backdatedDay(10*time.Hour + time.Second), lo + day, false},
		// NotAfter = 9999-12-30 + 1 day + 10 h − 1 s = 14 h before the end.
		{"NotAfter at the margin", ending(10*time.Hour - time.Second), hi + 1 - 2*day, true},
		{"NotAfter a second past it", ending(10 * time.Hour), hi + 1 - 2*day, false},
		{"not StartOfDay: the last second's NotAfter inside the margin", plain, hi - 100000, false},
		{"not StartOfDay: both seconds outside it", plain, hi - 150000, true},
		{"valid for half the day", halfDay, mid, false},
		{"valid at the day's first second only", endsAtMidnight, mid, false},
	} {
		pr := &Prover{maxOff: m, utc: c.policy}
		if got := pr.sharedDayOK(c.day); got != c.want {
			t.Errorf("sharedDayOK %s (%s on %s) = %v, want %v", c.name, c.policy.Name, time.Unix(c.day, 0).UTC().Format(time.RFC3339), got, c.want)
		}
	}
	// UTC alone (maxOff 0): the model's first and last days are shared too,
	// with a NotAfter clamped to the model's last second.
	clamped := oneDay
	clamped.ClampNotAfter = true
	for _, d := range []int64{lo, hi - 86399} {
		if pr := (&Prover{utc: clamped}); !pr.sharedDayOK(d) {
			t.Errorf("sharedDayOK in UTC alone on %s = false, want true", time.Unix(d, 0).UTC().Format(time.RFC3339))
		}
	}
}

// The shared path's guard is the largest offset either way from UTC
// (sharedOK): west of UTC counts as much as east.
func TestMaxOffIsTheLargestOffsetEitherWay(t *testing.T) {
	for _, c := range []struct {
		offsets []time.Duration
		want    int64
	}{
		{[]time.Duration{-14 * time.Hour, 2 * time.Hour}, 14 * 3600},
		{[]time.Duration{-3 * time.Hour}, 3 * 3600},
		{[]time.Duration{5*time.Hour + 30*time.Minute, -time.Hour}, 5*3600 + 1800},
		{[]time.Duration{0}, 0},
	} {
		p := azure2012(t)
		p.Offsets = c.offsets
		pr := mustProver(t, p)
		if pr.maxOff != c.want {
			t.Errorf("Offsets %v: maxOff %d, want %d", c.offsets, pr.maxOff, c.want)
		}
	}
}

// azure2012 is the azure2012 proof preset, for the tests to vary.
func azure2012(t testing.TB) ProofPreset {
	t.Helper()
	p, err := ProofPresetByName(PresetAzure2012)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mustProver builds a Prover for p or fails the test.
func mustProver(t testing.TB, p ProofPreset) *Prover {
	t.Helper()
	pr, err := NewProver(p)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}
