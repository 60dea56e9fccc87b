package renew_test

import (
	"testing"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
)

// BenchmarkProveDefaultWindow proves every preset over the default window
// (2020..2040, 7,671 dates each) on one core. The target is under 10 s on
// 2 cores for the whole renewal proof; one op here is the whole proof.
func BenchmarkProveDefaultWindow(b *testing.B) {
	ps := renew.Presets()
	for b.Loop() {
		for _, p := range ps {
			sweep(b, p, renew.DefaultWindow())
		}
	}
	b.ReportMetric(float64(len(ps))*7671, "dates/op")
}

// BenchmarkProvePreset proves each preset over the default window.
func BenchmarkProvePreset(b *testing.B) {
	for _, p := range renew.Presets() {
		b.Run(p.Name, func(b *testing.B) {
			for b.Loop() {
				sweep(b, p, renew.DefaultWindow())
			}
		})
	}
}

// BenchmarkProveWholeCalendarYear proves a safe and an unsafe preset over
// 400 years (146,097 dates), a sample of the whole-calendar run.
func BenchmarkProveWholeCalendarYear(b *testing.B) {
	r, _ := calendar.NewRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2399, Month: 12, Day: 31})
	for _, name := range []string{renew.CertbotLEClassic, renew.Monthly31SkipLE45} {
		p, _ := renew.PresetByName(name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				sweep(b, p, r)
			}
		})
	}
}

// sweep proves p over r on one core.
func sweep(b *testing.B, p renew.Preset, r calendar.Range) {
	s, err := p.Subject()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := proof.Sweep(r, []proof.Subject{s}, proof.Options{Workers: 1}); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkSimulateStorm(b *testing.B) {
	f, _ := renew.FleetPresetByName(renew.CertbotShortLivedStorm)
	for b.Loop() {
		if _, err := renew.Simulate(f); err != nil {
			b.Fatal(err)
		}
	}
}
