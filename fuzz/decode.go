package fuzz

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/props"
)

// Why inputs are decoded from bytes.
//
// Go's mutator changes an int, int64 or uint64 argument by adding or
// subtracting at most 100 (internal/fuzz/mutator.go, mutateInt), so a target
// taking Unix seconds or a day number never strays more than minutes or days
// from its seeds, and from an empty corpus never leaves 1970. Bytes are
// mutated by bit flips, random and "interesting" bytes and copies, which do
// jump. So every target takes one string (or []byte), reads at most its
// first maxInput bytes, and reads them in one of two ways:
//
//   - as readable text, when it has the target's readable form (a date, an
//     RFC 3339 instant, ...; each target documents its form): this is how the
//     committed seeds are written, and how a person writes a go test corpus
//     file for a new incident;
//   - otherwise as a sequence of choices, with the decoder below: each byte
//     (or group of bytes) picks an edge of the props edge table or a value
//     anywhere in the domain. Every byte string decodes to a valid case, so
//     fuzzing from an empty corpus reaches the whole domain, and a missing
//     byte reads as 0, the first choice, so a shrunk crasher decodes to the
//     first entries of the edge tables (a date: 2000-02-29; an instant:
//     0001-01-01T00:00:00Z, or 2000-02-29T00:00:00Z after one byte 2).
//
// Either way the case is printed in its readable form in a failure message,
// with the corpus file line that replays it.

// maxInput is the number of bytes of an input a target reads; the rest is
// ignored. Go minimizes every input that finds new coverage by trying to
// remove each subset of its bytes, so bytes that cannot matter must not be
// read: then the minimizer cuts them at once instead of spending seconds on
// them.
const maxInput = 100

// clip returns the first maxInput bytes of s.
func clip(s string) string {
	if len(s) > maxInput {
		return s[:maxInput]
	}
	return s
}

// decoder reads choices from a fuzz input. Past the end of the input every
// byte reads as 0.
type decoder struct{ s string }

// byte returns the next byte, or 0 past the end.
func (d *decoder) byte() byte {
	if len(d.s) == 0 {
		return 0
	}
	c := d.s[0]
	d.s = d.s[1:]
	return c
}

// below returns a number in 0..n-1 read from as many bytes as n-1 needs
// (big-endian) modulo n; 0 for n <= 1.
func (d *decoder) below(n int) int {
	var v uint64
	for span := uint64(max(n, 1) - 1); span > 0; span >>= 8 {
		v = v<<8 | uint64(d.byte())
	}
	if n <= 1 {
		return 0
	}
	return int(v % uint64(n))
}

// u64 reads 8 bytes, big-endian.
func (d *decoder) u64() uint64 {
	var v uint64
	for range 8 {
		v = v<<8 | uint64(d.byte())
	}
	return v
}

// rest returns the bytes not yet read.
func (d *decoder) rest() string { return d.s }

// The tables the decoder picks edges from, built once from the props edge
// table (never a copy of it, so they follow it when it grows).
type edgeTables struct {
	// years: 2000 first, then every year of props.EdgeInstants and its
	// neighbours, inside 1..9999, sorted.
	years []int
	// monthDays: the month and day of every date props.EdgeDates gives for
	// the common year 2011 and the leap year 2012, February 29 first.
	monthDays [][2]int
	// instants: props.EdgeInstants, truncated to the second.
	instants []time.Time
	// minuteZones: fixed zones -14:00..+14:00 of every minute; index
	// maxOffsetMinutes is UTC.
	minuteZones []*time.Location
}

var tables = sync.OnceValue(func() edgeTables {
	var t edgeTables
	seen := map[int]bool{2000: true}
	t.years = []int{2000}
	var rest []int
	for _, in := range props.EdgeInstants() {
		for _, y := range []int{in.Year() - 1, in.Year(), in.Year() + 1} {
			if y >= 1 && y <= 9999 && !seen[y] {
				seen[y] = true
				rest = append(rest, y)
			}
		}
		t.instants = append(t.instants, in.Truncate(time.Second))
	}
	slices.Sort(rest)
	t.years = append(t.years, rest...)
	t.instants = slices.CompactFunc(t.instants, time.Time.Equal)

	r, err := calendar.NewRange(calendar.Date{Year: 2011, Month: time.January, Day: 1},
		calendar.Date{Year: 2012, Month: time.December, Day: 31})
	if err != nil {
		panic(err) // constant, valid dates
	}
	md := map[[2]int]bool{}
	t.monthDays = [][2]int{{2, 29}}
	md[[2]int{2, 29}] = true
	var mds [][2]int
	for _, d := range props.EdgeDates(r) {
		k := [2]int{int(d.Month), d.Day}
		if !md[k] {
			md[k] = true
			mds = append(mds, k)
		}
	}
	slices.SortFunc(mds, func(a, b [2]int) int { return (a[0]*32 + a[1]) - (b[0]*32 + b[1]) })
	t.monthDays = append(t.monthDays, mds...)

	for off := -maxOffsetMinutes; off <= maxOffsetMinutes; off++ {
		t.minuteZones = append(t.minuteZones, newFixedZone(off))
	}
	return t
})

// warm builds every table the targets build once (the edge tables, the
// presets). A fuzz target calls it before fuzzing: built during the first
// execution of a worker, a table's code would count as that input's
// coverage, which no other run of the input can repeat, and Go would spend
// a worker's time trying to minimize the input while keeping it.
func warm() {
	tables()
	certPresets()
	simPresets()
	hostPolicies()
	renewPresets()
	renewProvers()
	renewEdges()
}

// fixedZone returns the fixed zone offMinutes east of UTC (UTC for 0), one
// location per offset in -14:00..+14:00.
func fixedZone(offMinutes int) *time.Location {
	if offMinutes >= -maxOffsetMinutes && offMinutes <= maxOffsetMinutes {
		return tables().minuteZones[offMinutes+maxOffsetMinutes]
	}
	return newFixedZone(offMinutes)
}

func newFixedZone(offMinutes int) *time.Location {
	if offMinutes == 0 {
		return time.UTC
	}
	sign, a := '+', offMinutes
	if a < 0 {
		sign, a = '-', -a
	}
	return time.FixedZone(fmt.Sprintf("UTC%c%02d:%02d", sign, a/60, a%60), offMinutes*60)
}

// civil is a year, month and day that may not exist.
type civil struct{ y, m, d int }

// String returns the date as YYYY-MM-DD, each field zero-padded (a negative
// year keeps its sign: -001-01-01), without package fmt: ParseDate formats
// every decoded date, and fmt's code paths would count as coverage.
func (c civil) String() string {
	b := make([]byte, 0, 16)
	b = appendPadded(b, c.y, 4)
	b = append(b, '-')
	b = appendPadded(b, c.m, 2)
	b = append(b, '-')
	return string(appendPadded(b, c.d, 2))
}

// appendPadded appends v in decimal, zero-padded to width digits (the sign,
// if any, counts as one of them, as %0*d does).
func appendPadded(b []byte, v, width int) []byte {
	var digits [24]byte
	i := len(digits)
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	for u > 0 || i == len(digits) {
		i--
		digits[i] = byte('0' + u%10)
		u /= 10
	}
	n := len(digits) - i
	if v < 0 {
		b = append(b, '-')
		n++
	}
	for ; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, digits[i:]...)
}

// year reads a year. First byte mod 8:
//
//	0, 1  an edge year: tables.years[below(len)] (2000 for index 0)
//	2     a century year or a neighbour: 100*(1+below(99)) + below(3) - 1
//	3..6  any year 1..9999: 1 + below(9999)
//	7     wide: a year outside 1..9999 (0, -1, 10000, 10001, or any int32
//	      by 4 bytes, by the next byte mod 5); narrow: as 3..6
func (d *decoder) year(wide bool) int {
	switch k := d.byte() % 8; {
	case k <= 1:
		ys := tables().years
		return ys[d.below(len(ys))]
	case k == 2:
		return 100*(1+d.below(99)) + d.below(3) - 1
	case k == 7 && wide:
		switch d.byte() % 5 {
		case 0:
			return 0
		case 1:
			return -1
		case 2:
			return 10000
		case 3:
			return 10001
		}
		return int(int32(uint32(d.below(1 << 32))))
	}
	return 1 + d.below(9999)
}

// monthDay reads a month and day for year y. First byte mod 4:
//
//	0, 1  an edge day of the year: tables.monthDays[below(len)] (February
//	      29 for index 0, which does not exist in a common year)
//	2     the last day of month 1+below(12) (package time's month length), or
//	      when wide and the next byte is odd the day after it
//	3     month 1+below(12) and day 1+below(31); wide: month below(14) and
//	      day below(33)
//
// Narrow, a day the month does not have is normalized as time.Date does
// (2013-02-29 becomes 2013-03-01); wide, it is kept.
func (d *decoder) monthDay(y int, wide bool) (int, int) {
	var m, day int
	switch d.byte() % 4 {
	case 0, 1:
		mds := tables().monthDays
		md := mds[d.below(len(mds))]
		m, day = md[0], md[1]
	case 2:
		m = 1 + d.below(12)
		day = timeDaysIn(y, time.Month(m))
		if wide && d.byte()%2 == 1 {
			day++
		}
	default:
		if wide {
			m, day = d.below(14), d.below(33)
		} else {
			m, day = 1+d.below(12), 1+d.below(31)
		}
	}
	return m, day
}

// date reads a year and then a month and day (see year and monthDay). Wide,
// the result may not exist; narrow, it is a valid date of 0001..9999.
func (d *decoder) date(wide bool) civil {
	y := d.year(wide)
	m, day := d.monthDay(y, wide)
	if !wide {
		n := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
		if n.Year() > 9999 {
			n = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		}
		return civil{n.Year(), int(n.Month()), n.Day()}
	}
	return civil{y, m, day}
}

// clock reads a second of the day. Byte mod 4: 0 midnight, 1 23:59:59,
// 2 noon, 3 any second 0..86399 (below(86400)).
func (d *decoder) clock() int {
	switch d.byte() % 4 {
	case 0:
		return 0
	case 1:
		return 86399
	case 2:
		return 43200
	}
	return d.below(86400)
}

// nanos reads a nanosecond of the second. Byte mod 4: 0, 1 zero, 2
// 999,999,999, 3 any (below(1e9)).
func (d *decoder) nanos() int {
	switch d.byte() % 4 {
	case 2:
		return 999_999_999
	case 3:
		return d.below(1_000_000_000)
	}
	return 0
}

// instant reads a whole-second instant in UTC. First byte mod 8:
//
//	0, 1  an edge instant: tables.instants[below(len)], then moved by
//	      0, -1 or +1 second (next byte mod 3; narrow, not out of the
//	      model's range)
//	2..6  a narrow date at a clock, in UTC
//	7     wide: the second before 0001-01-01T00:00:00Z or after
//	      9999-12-31T23:59:59Z (next byte mod 4: 0 and 1) minus or plus
//	      below(2^32) seconds, or any int64 of Unix seconds (2, 3);
//	      narrow: as 2..6
func (d *decoder) instant(wide bool) time.Time {
	switch k := d.byte() % 8; {
	case k <= 1:
		ins := tables().instants
		t := ins[d.below(len(ins))]
		if moved := t.Add(time.Duration([]int{0, -1, 1}[d.byte()%3]) * time.Second); wide || inModelRange(moved) {
			return moved
		}
		return t
	case k == 7 && wide:
		switch d.byte() % 4 {
		case 0:
			return minInstant.Add(-time.Duration(1+d.below(1<<32)) * time.Second)
		case 1:
			return maxInstant.Add(time.Duration(1+d.below(1<<32)) * time.Second)
		}
		return time.Unix(int64(d.u64()), 0).UTC()
	}
	c := d.date(false)
	s := d.clock()
	return time.Date(c.y, time.Month(c.m), c.d, s/3600, s/60%60, s%60, 0, time.UTC)
}

// location reads a location. Byte mod 4: 0 UTC; 1 a fixed zone in quarter
// hours, -14:00..+14:00 (15*below(113) - 840 minutes); 2 a fixed zone of any
// minute offset -14:00..+14:00 (below(1681) - 840); 3 a named zone with
// daylight saving (zones[below(len)]).
func (d *decoder) location() *time.Location {
	switch d.byte() % 4 {
	case 1:
		return fixedZone(15*d.below(113) - maxOffsetMinutes)
	case 2:
		return fixedZone(d.below(2*maxOffsetMinutes+1) - maxOffsetMinutes)
	case 3:
		if len(zones) > 0 {
			return zones[d.below(len(zones))]
		}
	}
	return time.UTC
}

// delta reads a count to add. Byte mod 4: 0 edges[below(len)], 1 its
// negation, 2 a small count -30..30, 3 any count -limit..limit.
func (d *decoder) delta(edges []int, limit int) int {
	switch d.byte() % 4 {
	case 0:
		return edges[d.below(len(edges))]
	case 1:
		return -edges[d.below(len(edges))]
	case 2:
		return d.below(61) - 30
	}
	return d.below(2*limit+1) - limit
}

// replay returns err with the readable form of the case that failed, as the
// argument line of a go test corpus file that replays it, or nil for nil.
func replay(err error, readable string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w\nreplay it with a go test corpus file (testdata/fuzz/<Target>/<name>):\ngo test fuzz v1\nstring(%q)", err, readable)
}

// replayIf is replay for a decoded case, and err unchanged for a case that
// was read from its readable form (the input already is the replay). The
// readable form is formatted only for a failure: formatting it every time
// would cost time and, worse, the coverage of fmt's code paths would make
// the fuzzer keep inputs that differ only in how they print.
func replayIf(decoded bool, err error, readable fmt.Stringer) error {
	if !decoded || err == nil {
		return err
	}
	return replay(err, readable.String())
}
