package cert

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Benchmarks for the exhaustive proof's hot path: Issue for every day of the
// model, several presets each. Inputs are spread over the whole range with a
// stride coprime to its length, computed once.

var (
	sinkValidity Validity
	sinkString   string
	sinkTime     time.Time
	sinkBytes    []byte
)

var benchTimes = func() (ts [4096]time.Time) {
	for i := range ts {
		day := calendar.MinDayNumber + int64(uint64(i)*7919%calendar.DaysInRange)
		ts[i] = time.Unix(day*secondsPerDay+int64(i*37%secondsPerDay), 0).UTC()
	}
	return ts
}()

func benchPreset(b *testing.B, name string) {
	p, err := PresetByName(name)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		v, err := Issue(p.Policy, benchTimes[i&4095])
		if err == nil {
			sinkValidity = v
		}
	}
}

// BenchmarkIssue is one Issue per op for each preset, at times across the
// whole range (the guest-agent-2012 figure includes its rare failures).
func BenchmarkIssue(b *testing.B) {
	for _, p := range Presets() {
		b.Run(p.Name, func(b *testing.B) { benchPreset(b, p.Name) })
	}
}

// BenchmarkIssueLocation is Issue with a calendar lifetime in a location with
// daylight-saving time.
func BenchmarkIssueLocation(b *testing.B) {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		b.Skip("no tzdata:", err)
	}
	p := Policy{Name: "sao-paulo", Lifetime: Lifetime{Years: 1}, Overflow: calendar.Clamp, Location: loc, ClampNotAfter: true}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		v, err := Issue(p, benchTimes[i&4095])
		if err == nil {
			sinkValidity = v
		}
	}
}

// BenchmarkEncodeTime is one EncodeTime (one 13- or 15-byte string) per op.
func BenchmarkEncodeTime(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s, err := EncodeTime(benchTimes[i&4095])
		if err == nil {
			sinkString = s
		}
	}
}

// BenchmarkAppendTime is EncodeTime into a reused buffer: no allocation.
func BenchmarkAppendTime(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 15)
	for i := 0; b.Loop(); i++ {
		out, _, err := AppendTime(buf[:0], benchTimes[i&4095])
		if err == nil {
			sinkBytes = out
		}
	}
}

// BenchmarkDecodeTime is one DecodeTime per op, of valid encodings.
func BenchmarkDecodeTime(b *testing.B) {
	var tags [4096]Tag
	var texts [4096]string
	for i, t := range benchTimes {
		tags[i], _ = TagFor(t)
		texts[i], _ = EncodeTime(t)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		t, err := DecodeTime(tags[i&4095], texts[i&4095])
		if err == nil {
			sinkTime = t
		}
	}
}
