package fuzz

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A missing byte reads as 0, the first choice: the empty input and a shrunk
// crasher decode to the first edges, a February 29 of 2000 at midnight UTC.
func TestDecoderEmptyInputIsTheFirstEdge(t *testing.T) {
	d := decoder{""}
	assert.Equal(t, civil{2000, 2, 29}, d.date(true))
	d = decoder{""}
	assert.Equal(t, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), d.instant(true), "edge instant 0 is the first of the table")
	d = decoder{"\x02"}
	assert.Equal(t, time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), d.instant(true))
	d = decoder{""}
	assert.Equal(t, 0, d.below(1000))
	assert.Equal(t, uint64(0), d.u64())
}

func TestDecoderBelow(t *testing.T) {
	d := decoder{"\x01\x02\xff"}
	assert.Equal(t, 0x0102%1000, d.below(1000), "two bytes, big-endian, mod n")
	assert.Equal(t, 0xff%7, d.below(7), "one byte")
	assert.Equal(t, 0, d.below(1), "no byte for one choice")
	assert.Equal(t, "", d.rest())
}

// The point of the decoder: random bytes reach the whole domain, with the
// edges far more often than chance. Measured over random inputs of the
// length a fuzzer starts with.
func TestDecoderReachesTheDomain(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	var leapDays, nonexistent, before1970, after2100, outside int
	years := map[int]bool{}
	for range n {
		b := make([]byte, 4+rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		d := decoder{string(b)}
		c := d.date(true)
		if c.m == 2 && c.d == 29 {
			leapDays++
		}
		if c.y >= 1 && c.y <= 9999 && c.m >= 1 && c.m <= 12 && (c.d < 1 || c.d > timeDaysIn(c.y, time.Month(c.m))) {
			nonexistent++
		}
		d = decoder{string(b)}
		in := d.instant(true)
		switch {
		case in.Before(minInstant) || in.After(maxInstant):
			outside++
		case in.Year() < 1970:
			before1970++
		case in.Year() > 2100:
			after2100++
		}
		years[in.Year()] = true
	}
	assert.Greater(t, leapDays, n/100, "February 29ths: uniform dates give 1 in 1,461")
	assert.Greater(t, nonexistent, n/20, "dates that do not exist")
	assert.Greater(t, before1970, n/10, "instants before 1970")
	assert.Greater(t, after2100, n/4, "instants after 2100")
	assert.Greater(t, outside, n/50, "instants outside the model's range")
	assert.Greater(t, len(years), 5000, "distinct years")
}

// Every readable seed reads back as the case it names, and every case a
// decoder builds prints in a readable form that reads back as itself: a
// failure's replay line replays it.
func TestReadableRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		s := string(b)

		ac := decodeAddCase(s, monthEdges, 121000)
		back, ok := readAddCase(ac.String())
		require.True(t, ok, "%q", ac.String())
		assert.True(t, back.t.Equal(ac.t) && back.n == ac.n && back.policy == ac.policy && back.t.Location().String() == ac.t.Location().String(),
			"%q reads back as %v", ac.String(), back)

		d := decoder{s}
		in := d.instant(true)
		got, ok := readInstant(instantText(in))
		assert.True(t, ok && got.Equal(in), "%q reads back as %v", instantText(in), got)

		dc := decodeDecodeCase(s)
		if len(dc.text) <= 100 {
			rd, ok := readDecodeCase(dc.String())
			assert.True(t, ok && rd == dc, "%q reads back as %+v", dc.String(), rd)
		}

		sc := decodeSimCase(s)
		rs, ok := readSimCase(sc.String())
		assert.True(t, ok && rs.String() == sc.String(), "%q reads back as %v", sc.String(), rs)

		d = decoder{s}
		cv := d.date(true)
		rc, ok := readCivil(cv.String())
		assert.True(t, ok && rc == cv, "%q reads back as %v", cv.String(), rc)

		n := decodeDayNumber(s)
		rn, ok := readDayNumber(fmtInt(n))
		assert.True(t, ok && rn == n)
	}
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// TestSeedsAreReadable checks that every seed of a target with a readable
// form is read in that form, not decoded.
func TestSeedsAreReadable(t *testing.T) {
	readers := map[string]func(string) bool{
		"NewDate":    func(s string) bool { _, ok := readCivil(s); return ok },
		"DayNumber":  func(s string) bool { _, ok := readDayNumber(s); return ok },
		"AddYears":   func(s string) bool { _, ok := readAddCase(s); return ok },
		"AddMonths":  func(s string) bool { _, ok := readAddCase(s); return ok },
		"CertEncode": func(s string) bool { _, ok := readInstant(s); return ok },
		"CertIssue":  func(s string) bool { _, ok := readInstant(s); return ok },
		"CertDecode": func(s string) bool { _, ok := readDecodeCase(s); return ok },
		"Sim":        func(s string) bool { _, ok := readSimCase(s); return ok },
	}
	for _, tg := range registry {
		for _, s := range tg.seeds() {
			assert.LessOrEqual(t, len(s), maxInput, "%s seed %q is longer than a target reads", tg.name, s)
		}
		read, ok := readers[tg.name]
		if !ok {
			continue
		}
		for _, s := range tg.seeds() {
			assert.True(t, read(s), "%s seed %q is not in the readable form", tg.name, s)
		}
	}
}

// civil.String formats as %04d-%02d-%02d does, without package fmt.
func TestCivilString(t *testing.T) {
	for _, c := range []civil{{2012, 2, 29}, {0, 0, 0}, {-1, 13, 32}, {10000, 1, 1}, {-2147483648, -5, 7}, {5, 12, 31}} {
		assert.Equal(t, fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d), c.String())
	}
}
