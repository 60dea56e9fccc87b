package sim_test

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/sim"
)

// One full azure2012 simulation: 1,000 servers, 24 hours. Reports events
// (queued events processed) per second.
func BenchmarkRunAzure2012(b *testing.B) {
	for _, name := range []string{sim.PresetAzure2012, sim.PresetAzure2012Fixed, sim.PresetKubernetes} {
		b.Run(name, func(b *testing.B) {
			s := preset(b, name)
			events := 0
			for b.Loop() {
				r, err := sim.Run(s)
				if err != nil {
					b.Fatal(err)
				}
				events += r.Verdict.Events
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// ProveDate's safe path (1 March 2012) and failing path (29 February 2012,
// through the host and cluster stages) for the 2012 preset, and the safe
// path with 29 issuer zones.
func BenchmarkProve(b *testing.B) {
	leap := calendar.Date{Year: 2012, Month: time.February, Day: 29}
	safe := calendar.Date{Year: 2012, Month: time.March, Day: 1}
	offsets := proofPreset(b, sim.PresetAzure2012)
	offsets.Offsets = sim.WholeHourOffsets()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Fatal(err)
	}
	newYork := proofPreset(b, sim.PresetAzure2012)
	newYork.Issuance.Location = ny
	for _, c := range []struct {
		name string
		p    sim.ProofPreset
		d    calendar.Date
	}{
		{"safe", proofPreset(b, sim.PresetAzure2012), safe},
		{"safe-fixed", proofPreset(b, sim.PresetAzure2012Fixed), leap},
		{"safe-29-offsets", offsets, safe},
		{"safe-new-york", newYork, safe},
		{"failing", proofPreset(b, sim.PresetAzure2012), leap},
		{"failing-kubernetes", proofPreset(b, sim.PresetKubernetes), leap},
	} {
		b.Run(c.name, func(b *testing.B) {
			pr := prover(b, c.p)
			for b.Loop() {
				if _, err := pr.Prove(c.d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A sweep of all 3,652,059 dates on one core, per preset.
func BenchmarkSweepAll(b *testing.B) {
	for _, name := range []string{sim.PresetAzure2012, sim.PresetAzure2012Fixed} {
		b.Run(name, func(b *testing.B) {
			pr := prover(b, proofPreset(b, name))
			for b.Loop() {
				sweepOne(b, pr, calendar.All())
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/calendar.DaysInRange, "ns/date")
		})
	}
}

// The offsets proof: every preset, issuers in all 29 whole-hour UTC
// offsets, over a century of dates on one core. ns/date-preset times
// 3,652,059 dates and the number of presets, divided by the cores, is the
// time of `leapcheck prove --offsets`; s/proof-2-cores reports it for two.
func BenchmarkSweepOffsets(b *testing.B) {
	r, err := calendar.NewRange(calendar.Date{Year: 1950, Month: time.January, Day: 1}, calendar.Date{Year: 2049, Month: time.December, Day: 31})
	if err != nil {
		b.Fatal(err)
	}
	var provers []*sim.Prover
	for _, p := range sim.ProofPresets() {
		p.Offsets = sim.WholeHourOffsets()
		provers = append(provers, prover(b, p))
	}
	for b.Loop() {
		for _, pr := range provers {
			sweepOne(b, pr, r)
		}
	}
	perDate := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(r.Len()) / float64(len(provers))
	b.ReportMetric(perDate, "ns/date-preset")
	b.ReportMetric(perDate*calendar.DaysInRange*float64(len(provers))/2/1e9, "s/proof-2-cores")
}

// sweepOne proves every date of r on one core, as one worker of the
// proof engine does (without its bookkeeping, which BenchmarkSweepEngine
// measures).
func sweepOne(b *testing.B, pr *sim.Prover, r calendar.Range) {
	for d := range r.Days() {
		if _, err := pr.Judge(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweepEngine: every issuance preset over all 3,652,059 dates
// through the proof engine on all cores, as leapcheck prove runs it;
// s/proof is its proof time.
func BenchmarkSweepEngine(b *testing.B) {
	var subjects []proof.Subject
	for _, p := range sim.ProofPresets() {
		s, err := p.Subject()
		if err != nil {
			b.Fatal(err)
		}
		subjects = append(subjects, s)
	}
	for b.Loop() {
		res, err := proof.Sweep(calendar.All(), subjects, proof.Options{})
		if err != nil || !res.OK {
			b.Fatal(err, res.OK)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/proof")
}
