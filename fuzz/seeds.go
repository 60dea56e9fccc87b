package fuzz

import (
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/corpus"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/props"
)

// Seed sources. Every seed list below is built from the props edge table
// (props.EdgeInstants, which includes every incident instant of corpus/, and
// props.EdgeDates) and corpus.Seeds, never from a copy of them, so the
// committed corpora follow the tables when they grow (regenerate with
// go test ./fuzz -run TestSeedCorpus -update-corpus).

// seedRanges are the years whose edge dates (props.EdgeDates: Feb 28/29 and
// Mar 1, month ends, Dec 28..Jan 4, the special dates) seed the date targets:
// the ends of the range, the Gregorian reform, the century years 1900, 2000
// and 2100, the Unix epoch, the 2012 outage, time_t's 2038 and the UTCTime
// pivot 1950/2050.
var seedRanges = [][2]int{{1, 1}, {1582, 1582}, {1899, 1901}, {1949, 1950}, {1969, 1970},
	{1999, 2001}, {2011, 2013}, {2037, 2038}, {2049, 2050}, {2099, 2101}, {9998, 9999}}

// SeedDates returns the dates that seed the date targets: the edge dates of
// seedRanges and the UTC dates of props.EdgeInstants, sorted, without
// duplicates.
func SeedDates() []calendar.Date {
	var out []calendar.Date
	for _, r := range seedRanges {
		rg, err := calendar.NewRange(calendar.Date{Year: r[0], Month: time.January, Day: 1},
			calendar.Date{Year: r[1], Month: time.December, Day: 31})
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

// SeedInstants returns props.EdgeInstants truncated to the second, with the
// model's first and last instants and the second before and after each.
func SeedInstants() []time.Time {
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

// unixSeeds returns corpus.Seeds(corpus.UnixSeconds) and the Unix seconds of
// SeedInstants, without duplicates.
func unixSeeds() []int64 {
	var out []int64
	if seeds, err := corpus.Seeds(corpus.UnixSeconds); err == nil {
		for _, s := range seeds {
			out = append(out, s[0].(int64))
		}
	}
	for _, t := range SeedInstants() {
		out = append(out, t.Unix())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// monthEndPlusOne returns the text of the day after d when d is the last day
// of its month, such as "2013-02-29" for 2013-02-28: a date that does not
// exist.
func monthEndPlusOne(d calendar.Date) (y, m, day int, ok bool) {
	if d.Day != calendar.DaysIn(d.Year, d.Month) {
		return 0, 0, 0, false
	}
	return d.Year, int(d.Month), d.Day + 1, true
}

// SeedsParseDate returns the seed arguments (one string) of the date parsing
// target: every seed date as text, the day after every month end (which does
// not exist), the years before and after the range, and the corpus's RFC
// 3339 instants (syntax errors for a date parser).
func SeedsParseDate() [][]any {
	var out [][]any
	for _, d := range SeedDates() {
		out = append(out, []any{d.String()})
		if y, m, day, ok := monthEndPlusOne(d); ok {
			out = append(out, []any{fmt.Sprintf("%04d-%02d-%02d", y, m, day)})
		}
	}
	out = append(out, []any{fmt.Sprintf("%04d-01-01", calendar.MinDate.Year-1)},
		[]any{fmt.Sprintf("%04d-01-01", calendar.MaxDate.Year+1)})
	if seeds, err := corpus.Seeds(corpus.RFC3339); err == nil {
		out = append(out, seeds...)
	}
	return dedupe(out)
}

// SeedsNewDate returns the seed arguments (year, month, day) of the date
// construction target: corpus.Seeds(corpus.YMD), every seed date, the day
// after every month end, and month 0 and 13.
func SeedsNewDate() [][]any {
	out, _ := corpus.Seeds(corpus.YMD)
	for _, d := range SeedDates() {
		out = append(out, []any{d.Year, int(d.Month), d.Day})
		if y, m, day, ok := monthEndPlusOne(d); ok {
			out = append(out, []any{y, m, day})
		}
	}
	out = append(out, []any{2012, 0, 29}, []any{2012, 13, 1}, []any{0, 12, 31}, []any{10000, 1, 1})
	return dedupe(out)
}

// SeedsDayNumber returns the seed arguments (one int64 day number) of the day
// number target: the day numbers of the seed dates and the two just outside
// the range.
func SeedsDayNumber() [][]any {
	var out [][]any
	for _, d := range SeedDates() {
		out = append(out, []any{d.DayNumber()})
	}
	out = append(out, []any{firstDay - 1}, []any{lastDay + 1})
	return dedupe(out)
}

// seedAdd returns AddYears/AddMonths seeds: each seed instant's UTC wall
// clock (corpus.Civil shape) with every delta and policy, in UTC, and the
// February 29ths and January 31sts of the seed dates at midnight in +14:00,
// -12:00 and the named zones.
func seedAdd(deltas []int) [][]any {
	var out [][]any
	add := func(civil []any, ns, off, n int, p uint8) {
		args := append(slices.Clone(civil), ns, off, n, p)
		out = append(out, args)
	}
	for _, t := range SeedInstants() {
		civil, err := corpus.Civil.Args(t)
		if err != nil {
			continue
		}
		for _, n := range deltas {
			for p := uint8(1); p <= 3; p++ {
				add(civil, 0, 0, n, p)
			}
		}
	}
	for _, d := range SeedDates() {
		if !(d.Month == time.February && d.Day == 29) && !(d.Month == time.January && d.Day == 31) {
			continue
		}
		civil := []any{d.Year, int(d.Month), d.Day, 0, 0, 0}
		for i, off := range []int{14 * 60, -12 * 60, maxOffsetMinutes + 1, maxOffsetMinutes + 2} {
			add(civil, 0, off, deltas[i%len(deltas)], uint8(1+i%3))
		}
	}
	return dedupe(out)
}

// SeedsAddYears returns the seed arguments (year, month, day, hour, minute,
// second, nanosecond, offset minutes, years, policy) of the AddYears target.
func SeedsAddYears() [][]any { return seedAdd([]int{1, -1, 4}) }

// SeedsAddMonths returns the seed arguments of the AddMonths target, as
// SeedsAddYears with month deltas.
func SeedsAddMonths() [][]any { return seedAdd([]int{1, -1, 12, 13}) }

// SeedsUnix returns the seed arguments (one int64 of Unix seconds) of the
// certificate encoding and issuance targets: corpus.Seeds(corpus.UnixSeconds)
// and every seed instant.
func SeedsUnix() [][]any {
	var out [][]any
	for _, s := range unixSeeds() {
		out = append(out, []any{s})
	}
	return out
}

// SeedsCertDecode returns the seed arguments (tag, text) of the certificate
// decoding target: the RFC 5280 text of every seed instant under its own tag
// and under the other one, and the forms the profile forbids but
// encoding/asn1 and crypto/x509 accept (no seconds, an offset, a fractional
// second, a lower-case z).
func SeedsCertDecode() [][]any {
	var out [][]any
	for _, t := range SeedInstants() {
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
		out = append(out, []any{uint8(tag), s}, []any{uint8(other), s},
			[]any{uint8(tag), body[:len(body)-2] + "Z"},
			[]any{uint8(tag), body + "+0100"},
			[]any{uint8(tag), body + ".5Z"},
			[]any{uint8(tag), body + "z"})
	}
	return dedupe(out)
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

// SeedsHost returns the seed arguments (one []byte) of the host target:
// every program of hostPrograms under each of the five policies.
func SeedsHost() [][]any {
	var out [][]any
	for _, prog := range hostPrograms {
		for p := byte(0); p < 5; p++ {
			data := append([]byte{p}, prog...)
			out = append(out, []any{data})
		}
	}
	return out
}

// SeedsCluster returns the seed arguments (one []byte) of the cluster target:
// a full cluster of 4 servers with 2 VMs each under count and fraction
// thresholds, faulting every server (healing, then cluster HI) and updating
// each; a placement on a full and on an HI server; out-of-range servers; a VM
// deployed twice; the clock going back.
func SeedsCluster() [][]any {
	var out [][]any
	for _, th := range []byte{2 * 1, 2 * 2, 1 + 2*4, 1 + 2*2 + 16, 1 + 2*7} {
		data := []byte{3, 1, th}
		for i := 0; i < 4*2; i++ {
			data = append(data, 0, 0)
		}
		for s := byte(0); s < 4; s++ {
			data = append(data, 2, s, 4, s)
		}
		out = append(out, []any{data})
	}
	out = append(out,
		[]any{[]byte{1, 0, 2, 1, 0, 1, 0, 2, 0, 1, 1, 1, 2}},
		[]any{[]byte{2, 1, 3, 0, 0, 0, 1, 2, 0, 2, 2, 4, 2, 5, 7, 0, 0}},
		[]any{[]byte{0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0}},
	)
	return out
}

// SeedsSim returns the seed arguments (start Unix seconds, seed, preset,
// servers, VMs per server) of the simulator target: the azure2012 preset at
// every seed instant, and every preset at the leap-day instants, with the
// seed 2012, 4 servers and 2 VMs each.
func SeedsSim() [][]any {
	var out [][]any
	for _, sec := range unixSeeds() {
		t := time.Unix(sec, 0).UTC()
		out = append(out, []any{sec, uint64(2012), uint8(0), uint8(3), uint8(2)})
		if isLeapDay(t) || isLeapDay(t.Add(simHorizon)) {
			for p := uint8(1); p < 4; p++ {
				out = append(out, []any{sec, uint64(2012), p, uint8(3), uint8(2)})
			}
		}
	}
	return dedupe(out)
}

func dedupe(in [][]any) [][]any {
	seen := make(map[string]bool, len(in))
	var out [][]any
	for _, args := range in {
		k := fmt.Sprintf("%#v", args)
		if !seen[k] {
			seen[k] = true
			out = append(out, args)
		}
	}
	return out
}

// RawInput returns the bytes a libFuzzer build made with go-118-fuzz-build
// (OSS-Fuzz's and ClusterFuzzLite's compile_native_go_fuzzer) must be given
// for its fuzz function to receive args. That harness reads the arguments in
// order with a go-fuzz-headers consumer
// (github.com/AdaLogics/go-fuzz-headers, as used by
// github.com/AdamKorcz/go-118-fuzz-build/testing.F.Fuzz):
//
//	[]byte, string  4-byte big-endian length, then that many bytes
//	int, int64,     8 bytes, then one byte choosing the byte order (even:
//	uint64          little-endian, odd: big-endian); written big-endian
//	                with the byte 0x01
//	uint8           1 byte
//
// So even a target whose only argument is a []byte does not get the raw
// input: its libFuzzer input is the 4-byte length and then the bytes.
// RawInput returns an error for any other argument type.
func RawInput(args ...any) ([]byte, error) {
	var out []byte
	u64 := func(v uint64) {
		out = binary.BigEndian.AppendUint64(out, v)
		out = append(out, 1)
	}
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			out = binary.BigEndian.AppendUint32(out, uint32(len(v)))
			out = append(out, v...)
		case string:
			out = binary.BigEndian.AppendUint32(out, uint32(len(v)))
			out = append(out, v...)
		case int:
			u64(uint64(v))
		case int64:
			u64(uint64(v))
		case uint64:
			u64(v)
		case uint8:
			out = append(out, v)
		default:
			return nil, fmt.Errorf("fuzz: RawInput: unsupported argument type %T", a)
		}
	}
	return out, nil
}
