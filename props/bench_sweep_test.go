package props

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// BenchmarkSweepOverhead compares, in one run, the cost per input of the
// exhaustive sweep of CheckAddYears over time.Time.AddDate (check) with the
// cost of the same AddDate calls alone on the same inputs (bare): the
// sweep's overhead per judged input is check − bare, and the design target
// is at most 1.5 × bare. parallel is the check with Parallel() (on
// GOMAXPROCS cores). Each iteration sweeps the 20,000 days from 1900-01-01.
func BenchmarkSweepOverhead(b *testing.B) {
	const days = 20000
	addDate := func(t time.Time, n int) (time.Time, error) { return t.AddDate(n, 0, 0), nil }
	deltas := []int{1, -1}
	last, _ := calendar.Date{Year: 1900, Month: 1, Day: 1}.AddDays(days - 1)
	r, _ := calendar.NewRange(calendar.Date{Year: 1900, Month: 1, Day: 1}, last)
	b.Run("bare", func(b *testing.B) {
		// The same inputs, made before the timer starts: only the calls.
		var ins []timeDelta
		for d := range r.Days() {
			for _, n := range deltas {
				ins = append(ins, timeDelta{time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC), n})
			}
		}
		var sink time.Time
		for b.Loop() {
			for _, in := range ins {
				sink, _ = addDate(in.t, in.n)
			}
		}
		_ = sink
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*days*len(deltas)), "ns/input")
	})
	for _, c := range []struct {
		name string
		opts []Option
	}{{"check", nil}, {"parallel", []Option{Parallel()}}} {
		b.Run(c.name, func(b *testing.B) {
			s, o, err := timeAddSpec("AddYears", calendar.Roll, addDate, append(c.opts, InRange(r.First(), r.Last())))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				_, cex := sweepPhase(s, runConfig{exhaustive: true, workers: o.workers})
				if cex != nil {
					b.Fatal(cex)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*days*len(deltas)), "ns/input")
		})
	}
}
