package sim_test

// Brute force for the issuance proof (issue 19): every second of a date,
// in each zone of a proof preset, issues a certificate with cert.Issue and
// checks it valid at issuance; failing seconds are escalated through the
// host and cluster stages with sim.Run of a one-VM scenario started there,
// and the result is compared with (*sim.Prover).Prove. Only exported API
// is used: nothing of the prover (its times of day, its shared-zone
// shortcut, its own host loop) is shared.

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/sim"
	"github.com/stretchr/testify/require"
)

// bruteSimWindow is how long the escalation of one failing second runs:
// 48 hours, the prover's window (a start on the date reaches the next
// date, at most a day away, plus the longest preset retry cycle).
const bruteSimWindow = 48 * time.Hour

// bruteSimDay is the brute force's account of one issuer-local date.
type bruteSimDay struct {
	Date calendar.Date
	// Seconds is the number of (zone, second) issuances judged: every
	// second of the local date in each zone, less those outside
	// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z.
	Seconds int
	// Failing counts the issuances that failed (an error, or a
	// certificate not valid at issuance); First is the first of them and
	// FirstZone its zone.
	Failing   int
	First     time.Time
	FirstZone string
	// Stage is the furthest stage witnessed by an escalated failing
	// second (StageCertificate at least when Failing > 0); Escalated how
	// many were run, NotRun how many could not be (a scenario starting
	// before 0001-01-01 or running past 9999-12-31).
	Stage     sim.Stage
	Escalated int
	NotRun    int
	// Witness is the instant and zone that reached Stage.
	Witness string
}

// bruteZone is one issuer location: its name and the issuance policy with
// Location set to it.
type bruteZone struct {
	name   string
	policy cert.Policy
}

// bruteZones returns the zones a preset checks: each of Offsets as a fixed
// zone UTC+o, or the policy's own Location (UTC if nil).
func bruteZones(p sim.ProofPreset) []bruteZone {
	if p.Offsets == nil {
		loc := p.Issuance.Location
		if loc == nil {
			loc = time.UTC
		}
		pol := p.Issuance
		pol.Location = loc
		return []bruteZone{{loc.String(), pol}}
	}
	var out []bruteZone
	for _, o := range p.Offsets {
		pol := p.Issuance
		name := fmt.Sprintf("UTC%+v", o)
		pol.Location = time.FixedZone(name, int(o/time.Second))
		out = append(out, bruteZone{name, pol})
	}
	return out
}

// bruteEscalate runs the cascade from a failing issuance at t0 in zone z:
// the proof cluster with one VM first started at t0 - BootDelay (so that
// its first issuance is at t0), no deploys and no updates, for 48 hours or
// until cluster HI. ok is false when no such scenario exists in the
// model's range.
func bruteEscalate(p sim.ProofPreset, z bruteZone, t0 time.Time) (sim.Stage, bool) {
	s := sim.Scenario{
		Name: p.Name + " brute", Start: t0.Add(-p.BootDelay), Horizon: bruteSimWindow, StopAtClusterHI: true,
		Cluster: p.Cluster, VMsPerServer: p.VMsPerServer, Host: p.Host, Issuance: z.policy,
		BootDelay: p.BootDelay, InitialStarts: 1,
	}
	if s.Start.Unix() < cert.MinUnix || t0.Add(bruteSimWindow).Unix() > cert.NoExpirationUnix {
		return sim.StageCertificate, false
	}
	res, err := sim.Run(s)
	if err != nil {
		return sim.StageCertificate, false
	}
	if _, ok := res.Verdict.ClusterHI(); ok {
		return sim.StageClusterHI, true
	}
	if _, ok := res.Verdict.FirstFault(); ok {
		return sim.StageHostFault, true
	}
	return sim.StageCertificate, true
}

// bruteSimDate issues at every second of the issuer-local date d in each
// zone of p and escalates failing seconds: the first one, every stride-th
// one after it, and then the rest in order until target (the prover's
// stage) is witnessed or ClusterHI is reached, with at most budget runs in
// all. It is the reference for (*sim.Prover).Prove(d): the date fails iff
// some second fails, and the prover's stage must be the furthest any
// failing second reaches (here: witnessed, and not exceeded by the
// escalated ones).
func bruteSimDate(p sim.ProofPreset, d calendar.Date, target sim.Stage, stride, budget int) bruteSimDay {
	out := bruteSimDay{Date: d}
	type fail struct {
		z  bruteZone
		t0 time.Time
	}
	var fails []fail
	next, err := d.AddDays(1)
	for _, z := range bruteZones(p) {
		loc := z.policy.Location
		from := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc).Unix()
		// The local date ends where the next one begins (a day of 23 or
		// 25 hours in a zone with daylight saving); after 9999-12-31, 24
		// hours.
		to := from + 86400
		if err == nil {
			to = time.Date(next.Year, next.Month, next.Day, 0, 0, 0, 0, loc).Unix()
		}
		for u := from; u < to; u++ {
			if u < cert.MinUnix || u > cert.NoExpirationUnix {
				continue
			}
			out.Seconds++
			now := time.Unix(u, 0).UTC()
			v, err := cert.Issue(z.policy, now)
			if err == nil && v.ValidAt(now) {
				continue
			}
			if out.Failing == 0 {
				out.First, out.FirstZone = now, z.name
			}
			out.Failing++
			if out.Failing == 1 || (stride > 0 && (out.Failing-1)%stride == 0) || len(fails) < 1 {
				fails = append(fails, fail{z, now})
			}
		}
	}
	if out.Failing == 0 {
		return out
	}
	out.Stage = sim.StageCertificate
	run := func(f fail) {
		st, ok := bruteEscalate(p, f.z, f.t0)
		if !ok {
			out.NotRun++
			return
		}
		out.Escalated++
		if st > out.Stage || out.Witness == "" {
			out.Stage, out.Witness = max(out.Stage, st), f.t0.Format(time.RFC3339)+" "+f.z.name
		}
	}
	for _, f := range fails {
		if out.Escalated+out.NotRun >= budget || out.Stage == sim.StageClusterHI {
			break
		}
		run(f)
	}
	if out.Stage < target && out.Stage < sim.StageClusterHI {
		// Not witnessed on the strided sample: try every failing second,
		// in order, within the budget.
		for _, z := range bruteZones(p) {
			loc := z.policy.Location
			from := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc).Unix()
			for u := from; u < from+86400 && out.Stage < target && out.Escalated+out.NotRun < budget; u++ {
				if u < cert.MinUnix || u > cert.NoExpirationUnix {
					continue
				}
				now := time.Unix(u, 0).UTC()
				if v, err := cert.Issue(z.policy, now); err == nil && v.ValidAt(now) {
					continue
				}
				run(fail{z, now})
			}
		}
	}
	return out
}

// bruteSimCompare proves d with pr and with the brute force and returns the
// brute-force day and each disagreement in words: a date failing on one
// side only; a brute-force stage past the prover's (the prover under-
// reports); the prover's stage not witnessed by any escalated second while
// every failing second could be run (it over-reports, or the escalation
// budget ran out: said so).
func bruteSimCompare(p sim.ProofPreset, pr *sim.Prover, d calendar.Date, stride, budget int) (bruteSimDay, []string) {
	st, err := pr.Prove(d)
	if err != nil {
		return bruteSimDay{Date: d}, []string{fmt.Sprintf("%s %s: Prove: %v", p.Name, d, err)}
	}
	b := bruteSimDate(p, d, st, stride, budget)
	var dis []string
	switch {
	case st == sim.StageNone && b.Failing > 0:
		dis = append(dis, fmt.Sprintf("%s %s: prover says none, brute force: %d failing issuances from %s %s",
			p.Name, d, b.Failing, b.First.Format(time.RFC3339), b.FirstZone))
	case st != sim.StageNone && b.Failing == 0:
		dis = append(dis, fmt.Sprintf("%s %s: prover says %s, brute force: all %d issuances valid", p.Name, d, st, b.Seconds))
	case b.Stage > st:
		dis = append(dis, fmt.Sprintf("%s %s: prover says %s, brute force reaches %s at %s", p.Name, d, st, b.Stage, b.Witness))
	case st > b.Stage && b.NotRun == 0:
		dis = append(dis, fmt.Sprintf("%s %s: prover says %s, brute force witnessed only %s in %d escalations of %d failing issuances",
			p.Name, d, st, b.Stage, b.Escalated, b.Failing))
	}
	return b, dis
}

// bruteSimDates returns the sampled dates: February 29ths, February 28 and
// March 1 around them, December 31 and January 1, the model's first and
// last dates, and random dates from a fixed seed.
func bruteSimDates(t testing.TB) []calendar.Date {
	names := []string{"2012-02-29", "2012-03-01"}
	if !testing.Short() {
		names = append(names, "2012-02-28", "0001-01-01", "9999-12-31", "2000-02-29", "2400-02-29", "0004-02-29", "9996-02-29", "2013-02-28", "2013-03-01",
			"1900-02-28", "1900-03-01", "2011-12-31", "2012-01-01", "2012-12-31", "2013-01-01", "0001-12-31", "9999-01-01")
	}
	var out []calendar.Date
	for _, s := range names {
		d, err := calendar.ParseDate(s)
		require.NoError(t, err)
		out = append(out, d)
	}
	if !testing.Short() {
		r := rand.New(rand.NewPCG(19, 2012))
		for range 4 {
			d, err := calendar.FromDayNumber(calendar.MinDate.DayNumber() + r.Int64N(calendar.MaxDate.DayNumber()-calendar.MinDate.DayNumber()+1))
			require.NoError(t, err)
			out = append(out, d)
		}
	}
	return out
}

// TestBruteIssuanceProof compares (*sim.Prover).Prove with the brute force
// over every second of the sampled dates, for every proof preset in its
// own zone and, on a few dates, in each of the 29 whole-hour offsets. It
// fails on any disagreement (today's issuance prover agrees).
// bruteLong adds the longer brute-force runs (make brute).
var bruteLong = flag.Bool("brute.long", false, "brute force: also every second of 2012-02-29 in all 29 offsets")

func TestBruteIssuanceProof(t *testing.T) {
	type run struct {
		offsets bool
		dates   []calendar.Date
	}
	runs := []run{{false, bruteSimDates(t)}}
	var offsetDates []string // 29 zones × 86,400 s: full runs only
	if !testing.Short() {
		offsetDates = []string{"9999-12-31"} // the model's bound in every zone
	}
	if *bruteLong {
		offsetDates = append(offsetDates, "2012-02-29") // escalations in every zone
	}
	var od []calendar.Date
	for _, s := range offsetDates {
		d, err := calendar.ParseDate(s)
		require.NoError(t, err)
		od = append(od, d)
	}
	runs = append(runs, run{true, od})
	totalSeconds, totalDates, totalDis := 0, 0, 0
	for _, r := range runs {
		for _, p := range sim.ProofPresets() {
			if r.offsets {
				p.Offsets = sim.WholeHourOffsets()
			}
			if len(r.dates) == 0 {
				continue
			}
			pr, err := sim.NewProver(p)
			require.NoError(t, err)
			seconds, failing, esc := 0, 0, 0
			stages := map[sim.Stage]int{}
			var failingDates []string
			for _, d := range r.dates {
				b, dis := bruteSimCompare(p, pr, d, 9973, 40)
				seconds += b.Seconds
				esc += b.Escalated
				if b.Failing > 0 {
					failing++
					failingDates = append(failingDates, fmt.Sprintf("%s (%d s, %s)", d, b.Failing, b.Stage))
				}
				stages[b.Stage]++
				for _, l := range dis {
					t.Errorf("disagreement: %s", l)
				}
				totalDis += len(dis)
			}
			zones := "own zone"
			if r.offsets {
				zones = "29 offsets"
			}
			t.Logf("%s (%s): %d dates, %d issuances compared, %d dates failing %v, %d escalations, brute-force stages %v",
				p.Name, zones, len(r.dates), seconds, failing, failingDates, esc, stages)
			totalSeconds += seconds
			totalDates += len(r.dates)
		}
	}
	t.Logf("issuance proof: %d preset-dates, %d issuances compared, %d disagreements", totalDates, totalSeconds, totalDis)
}

// TestProverNearTheBounds: in a zone with its own rules (America/New_York,
// whose year-1 offset is its LMT, −4:56:02; Pacific/Kiritimati, +14h),
// the prover judges every second of a local date whose issuances come
// within two days of the model's bounds, and elsewhere only the instants
// its argument names. The first and last dates of the model, the dates
// whose one-year certificates end at its last second, and the leap day
// with its neighbours (where a local day that ran a second long would
// reach into the next), compared with the brute force over every second.
func TestProverNearTheBounds(t *testing.T) {
	if raceEnabled {
		t.Skip("one goroutine: the race detector has nothing to find here; make test's second pass runs it")
	}
	var dates []calendar.Date
	for _, s := range []string{"0001-01-01", "0001-01-02", "0001-01-03", "0001-01-04", "2012-02-28", "2012-02-29", "2012-03-01",
		"9998-12-30", "9998-12-31", "9999-01-01", "9999-01-02", "9999-12-28", "9999-12-29", "9999-12-30", "9999-12-31"} {
		d, err := calendar.ParseDate(s)
		require.NoError(t, err)
		dates = append(dates, d)
	}
	for _, zone := range []string{"America/New_York", "Pacific/Kiritimati"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		for _, name := range []string{sim.PresetAzure2012, sim.PresetAzure2012Fixed} {
			s, err := sim.PresetByName(name)
			require.NoError(t, err)
			p := sim.ProofPresetOf(s)
			p.Issuance.Location = loc
			pr, err := sim.NewProver(p)
			require.NoError(t, err)
			for _, d := range dates {
				_, dis := bruteSimCompare(p, pr, d, 9973, 40)
				for _, l := range dis {
					t.Errorf("%s: %s", zone, l)
				}
			}
		}
	}
}

// TestBruteFailingSuffixes compares the prover with every second where the
// failures of a day are a suffix of it that starts inside the day: a
// backdate of 2 hours moves the date the lifetime is added to (NotBefore's)
// back to February 28 for the first two hours of a leap day, so a one-year
// Reject certificate fails from 02:00 on; 55-hour certificates end past the
// model from 9999-12-29T17:00Z on. The worst start is the suffix's first
// second, which the day's first and last seconds and the retry schedule
// from midnight all miss. With 2 hours back, Reject and 3 years 305 days
// 12 hours, 9996-03-01 fails in a prefix (until 02:00, from the leap day)
// and a suffix (from 14:00, past the model's end): the prefix reaches the
// host stage only, the suffix Human Investigate.
func TestBruteFailingSuffixes(t *testing.T) {
	if raceEnabled {
		t.Skip("one goroutine: the race detector has nothing to find here; make test's second pass runs it")
	}
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	base, err := sim.ProofPresetByName(sim.PresetAzure2012)
	require.NoError(t, err)
	backdated := base
	backdated.Issuance.Backdate = 2 * time.Hour
	backdated.Issuance.StartOfDay = false
	short := base
	short.Issuance = cert.Policy{Name: "55h", Lifetime: cert.Lifetime{Duration: 55 * time.Hour}}
	both := base
	both.Issuance = cert.Policy{Name: "3 years 305 days 12h, 2h back, Reject", Lifetime: cert.Lifetime{Years: 3, Days: 305, Duration: 12 * time.Hour},
		Backdate: 2 * time.Hour, Overflow: calendar.Reject}
	for _, c := range []struct {
		p     sim.ProofPreset
		dates []string
	}{
		{backdated, []string{"2012-02-28", "2012-02-29", "2012-03-01"}},
		{short, []string{"9999-12-28", "9999-12-29", "9999-12-30"}},
		{both, []string{"9996-02-29", "9996-03-01", "9996-03-02"}},
	} {
		for _, zones := range []struct {
			loc     *time.Location
			offsets []time.Duration
		}{{nil, []time.Duration{-5 * time.Hour, 9 * time.Hour}}, {ny, nil}} {
			p := c.p
			p.Issuance.Location, p.Offsets = zones.loc, zones.offsets
			pr, err := sim.NewProver(p)
			require.NoError(t, err)
			for _, s := range c.dates {
				d, err := calendar.ParseDate(s)
				require.NoError(t, err)
				_, dis := bruteSimCompare(p, pr, d, 9973, 40)
				for _, l := range dis {
					t.Errorf("%v %v: %s", zones.loc, zones.offsets, l)
				}
			}
		}
	}
}

// TestBruteStretchInsideADay compares the prover with every second where a
// date fails on a stretch in its middle: ten-day certificates issued
// around 9999-12-21 in a zone that leaves UTC−1 for UTC at
// 10000-01-01T00:30Z (TestEverySecondFindsAStretchInsideADay says why
// 23:00 to 23:29:59 of 9999-12-21 fails and nothing else on it does).
func TestBruteStretchInsideADay(t *testing.T) {
	p, err := sim.ProofPresetByName(sim.PresetAzure2012)
	require.NoError(t, err)
	p.Issuance = cert.Policy{Name: "10 days in XST", Lifetime: cert.Lifetime{Days: 10}, Location: sim.StretchZone(t)}
	pr, err := sim.NewProver(p)
	require.NoError(t, err)
	for _, s := range []string{"9999-12-20", "9999-12-21", "9999-12-22"} {
		d, err := calendar.ParseDate(s)
		require.NoError(t, err)
		b, dis := bruteSimCompare(p, pr, d, 1, 1800)
		for _, l := range dis {
			t.Error(l)
		}
		st, _ := pr.Prove(d)
		t.Logf("%s: %s; brute force: %d failing seconds from %s, %s", s, st, b.Failing, b.First.Format(time.RFC3339), b.Stage)
	}
}
