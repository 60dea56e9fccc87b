package props

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
)

// The options × phases table: every check, under every option set, hands
// its implementation only inputs the options allow, in every phase (edge
// table, property, samples, sweep). The implementations record each input
// with the phase it came in, and the test checks it against the options.

// inputLog records what a check hands to the implementation under test.
type inputLog struct {
	spin   time.Duration // each call costs this much (busy wait)
	mu     sync.Mutex
	phase  string
	bad    []string
	counts map[string]int
}

func (l *inputLog) enter(phase string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.phase = strings.SplitN(phase, " (", 2)[0]
}

// saw records one input and the reasons it breaks the options, if any.
func (l *inputLog) saw(input string, why ...string) {
	for start := time.Now(); time.Since(start) < l.spin; {
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts[l.phase]++
	for _, w := range why {
		if w != "" && len(l.bad) < 10 {
			l.bad = append(l.bad, fmt.Sprintf("%s: %s: %s", l.phase, input, w))
		}
	}
}

// optionSet is one row of options with what they promise.
type optionSet struct {
	name    string
	opts    []Option
	rng     calendar.Range
	zones   []*time.Location
	whole   bool
	deltas  []int
	ordered bool
}

func (s optionSet) timeWhy(t time.Time) []string {
	var why []string
	if t.IsZero() {
		why = append(why, "the zero time.Time")
	}
	if s.zones != nil && !slices.Contains(s.zones, t.Location()) {
		why = append(why, "location "+t.Location().String()+" not in Zones")
	}
	if s.whole && t.Nanosecond() != 0 {
		why = append(why, "not a whole second")
	}
	for _, d := range []calendar.Date{calendar.DateOf(t), calendar.DateOf(t.UTC())} {
		if !s.rng.Contains(d) {
			why = append(why, "date "+d.String()+" outside "+s.rng.String())
		}
	}
	return why
}

func (s optionSet) dateWhy(d calendar.Date) string {
	if !s.rng.Contains(d) {
		return "date " + d.String() + " outside " + s.rng.String()
	}
	return ""
}

func (s optionSet) deltaWhy(n int) string {
	if s.deltas != nil && !slices.Contains(s.deltas, n) {
		return fmt.Sprintf("delta %d not in Deltas", n)
	}
	return ""
}

func mustRangeP(t testing.TB, a, b string) calendar.Range {
	t.Helper()
	first, err := calendar.ParseDate(a)
	if err != nil {
		t.Fatal(err)
	}
	last, err := calendar.ParseDate(b)
	if err != nil {
		t.Fatal(err)
	}
	r, err := calendar.NewRange(first, last)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkRun builds a check over recording implementations and runs it.
type checkRun struct {
	name string
	// renewal checks take only InRange and Zones(UTC).
	renewal bool
	run     func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error)
}

func runSpec[T any](s spec[T], o options, err error, c runConfig) (outcome, error) {
	if err != nil {
		return outcome{}, err
	}
	c.workers = o.workers
	return run(s, c), nil
}

func optionChecks() []checkRun {
	addTime := func(check string) checkRun {
		return checkRun{name: check, run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := timeAddSpec(check, calendar.Roll, func(tm time.Time, n int) (time.Time, error) {
				l.saw(fmt.Sprint(tm, n), append(s.timeWhy(tm), s.deltaWhy(n))...)
				if check == "AddYears" {
					return tm.AddDate(n, 0, 0), nil
				}
				return tm.AddDate(0, n, 0), nil
			}, s.opts)
			return runSpec(sp, o, err, c)
		}}
	}
	addDate := func(check, kind string) checkRun {
		return checkRun{name: check, run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := dateAddSpec(check, kind, calendar.Roll, func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
				l.saw(fmt.Sprint(y, m, d, n), s.dateWhy(calendar.Date{Year: y, Month: m, Day: d}), s.deltaWhy(n))
				r := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
				if kind == "AddYears" {
					r = r.AddDate(n, 0, 0)
				} else {
					r = r.AddDate(0, n, 0)
				}
				return r.Year(), r.Month(), r.Day(), nil
			}, s.opts)
			return runSpec(sp, o, err, c)
		}}
	}
	instant := func(name string, b Boundary) checkRun {
		return checkRun{name: name, run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			if b == 0 {
				sp, o, err := dateOfSpec(func(tm time.Time) (int, time.Month, int) {
					l.saw(tm.String(), s.timeWhy(tm)...)
					return tm.Date()
				}, s.opts)
				return runSpec(sp, o, err, c)
			}
			sp, o, err := boundarySpec(b, func(tm time.Time) time.Time {
				l.saw(tm.String(), s.timeWhy(tm)...)
				r, _ := b.of(tm)
				return r
			}, s.opts)
			return runSpec(sp, o, err, c)
		}}
	}
	pairs := func(name string) checkRun {
		return checkRun{name: name, run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			impl := func(from, to calendar.Date) int {
				why := []string{s.dateWhy(from), s.dateWhy(to)}
				if s.ordered && from.After(to) {
					why = append(why, "pair out of order under OrderedPairs")
				}
				l.saw(from.String()+" "+to.String(), why...)
				if name == "DaysBetween" {
					return int(to.DayNumber() - from.DayNumber())
				}
				if from.After(to) {
					return -completedYears(to, from, calendar.Roll)
				}
				return completedYears(from, to, calendar.Roll)
			}
			if name == "DaysBetween" {
				sp, o, err := daysBetweenSpec(impl, s.opts)
				return runSpec(sp, o, err, c)
			}
			sp, o, err := completedYearsSpec(calendar.Roll, impl, s.opts)
			return runSpec(sp, o, err, c)
		}}
	}
	policy := cert.Policy{Name: "one year", Lifetime: cert.Lifetime{Years: 1}, Overflow: calendar.Roll, SubtractSecond: true}
	ca := renew.LetsEncryptTLSServer()
	return []checkRun{
		addTime("AddYears"), addTime("AddMonths"),
		addDate("AddYearsDate", "AddYears"), addDate("AddMonthsDate", "AddMonths"),
		instant("DateOf", 0), instant("StartOfDay", StartOfDay), instant("EndOfDay", EndOfDay),
		instant("StartOfMonth", StartOfMonth), instant("EndOfMonth", EndOfMonth),
		pairs("DaysBetween"), pairs("CompletedYears"),
		{name: "ISOWeek", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := isoWeekSpec(func(y int, m time.Month, d int) (int, int) {
				l.saw(fmt.Sprint(y, m, d), s.dateWhy(calendar.Date{Year: y, Month: m, Day: d}))
				return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).ISOWeek()
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "DayNumber", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := dayNumberSpec(func(y int, m time.Month, d int) int64 {
				l.saw(fmt.Sprint(y, m, d), s.dateWhy(calendar.Date{Year: y, Month: m, Day: d}))
				return calendar.Date{Year: y, Month: m, Day: d}.DayNumber()
			}, func(n int64) (int, time.Month, int) {
				d, _ := calendar.FromDayNumber(n)
				l.saw(fmt.Sprint(n), s.dateWhy(d))
				return d.Year, d.Month, d.Day
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "CertTimeEncoding", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := encodingSpec(func(tm time.Time) (string, error) {
				l.saw(tm.String(), s.timeWhy(tm)...)
				return cert.EncodeTime(tm.Truncate(time.Second))
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "CertTimeDecoding", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := decodingSpec(func(tag cert.Tag, text string) (time.Time, error) {
				tm, err := cert.DecodeTime(tag, text)
				// The text is UTC by definition: only the range applies.
				l.saw(text, s.dateWhy(calendar.DateOf(tm)))
				return tm, err
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "Issuer", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := issuerSpec(policy, func(now time.Time) (time.Time, time.Time, error) {
				l.saw(now.String(), s.timeWhy(now)...)
				v, err := cert.Issue(policy, now)
				return v.NotBefore, v.NotAfter, err
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "Renewal", renewal: true, run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			p := renew.CertbotLegacy()
			sp, o, err := renewalSpec(p, ca, func(v cert.Validity, now time.Time) (time.Time, error) {
				l.saw(now.String(), s.timeWhy(now)...)
				lo, _, err := p.DueWindow(v.NotBefore, v.NotAfter)
				return lo, err
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "NextRun", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sch := renew.MonthlyOn(31, renew.Clamp)
			brute := bruteNextRun(sch, After, "")
			sp, o, err := nextRunSpec(sch, After, func(now time.Time) (time.Time, error) {
				l.saw(now.String(), s.timeWhy(now)...)
				return brute(now)
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "DateTimeFormat", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := dateTimeFormatSpec(func(tm time.Time) (string, error) {
				l.saw(tm.String(), s.timeWhy(tm)...)
				return rfcFormatUTCWhenNeeded(tm)
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "DateTimeParse", run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := dateTimeParseSpec(func(text string) (time.Time, error) {
				p, err := parseRFC(text)
				why := []string{}
				if err == nil {
					// The text's offset is the instant's zone's.
					tm := p.at
					if s.zones != nil {
						if _, off := time.Unix(0, 0).In(s.zones[0]).Zone(); len(s.zones) == 1 && s.zones[0] != time.UTC && off != p.offset {
							// A zone's offset changes over time; judge the date range only.
							tm = tm.UTC()
						}
					}
					for _, d := range []calendar.Date{calendar.DateOf(tm), calendar.DateOf(tm.UTC())} {
						why = append(why, s.dateWhy(d))
					}
					if s.whole && p.at.Nanosecond() != 0 {
						why = append(why, "not a whole second")
					}
				}
				l.saw(text, why...)
				return p.at, err
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "RenewalDue", renewal: true, run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			// InRange narrows the issuance instants; the predicate is asked
			// about instants of the certificate's validity.
			sp, o, err := renewalDueSpec(renew.CertManager(), ca, func(v cert.Validity, now time.Time) bool {
				why := s.timeWhy(v.NotBefore)
				if now.Before(v.NotBefore) || now.After(v.NotAfter) {
					why = append(why, "now outside the validity "+v.String())
				}
				if s.zones != nil && now.Location() != time.UTC {
					why = append(why, "now not in UTC")
				}
				l.saw(now.String(), why...)
				return cmDue(v, now)
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
		{name: "RenewalMargin", renewal: true, run: func(t *testing.T, s optionSet, l *inputLog, c runConfig) (outcome, error) {
			sp, o, err := marginSpec(ca, 24*time.Hour, func(v cert.Validity, now time.Time) (time.Time, error) {
				l.saw(now.String(), s.timeWhy(now)...)
				return v.NotBefore.Add(v.NotAfter.Sub(v.NotBefore) / 2), nil
			}, s.opts)
			return runSpec(sp, o, err, c)
		}},
	}
}

func TestEveryOptionHoldsInEveryPhase(t *testing.T) {
	saoPaulo, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		t.Fatal(err)
	}
	east := time.FixedZone("UTC+14", 14*3600)
	all := calendar.All()
	near := mustRangeP(t, "2011-12-01", "2013-03-31")
	start := mustRangeP(t, "0001-01-01", "0002-03-01")
	end := mustRangeP(t, "9998-11-01", "9999-12-31")
	window := mustRangeP(t, "2027-01-01", "2028-12-31")
	sets := []optionSet{
		{name: "Zones(Sao_Paulo)", opts: []Option{Zones(saoPaulo)}, rng: all, zones: []*time.Location{saoPaulo}},
		{name: "Zones(UTC+14)+WholeSeconds", opts: []Option{Zones(east), WholeSeconds()}, rng: all, zones: []*time.Location{east}, whole: true},
		{name: "InRange(2011-12..2013-03)", opts: []Option{InRange(near.First(), near.Last())}, rng: near},
		{name: "InRange(0001-01..0002-03)+Zones(Sao_Paulo)", opts: []Option{InRange(start.First(), start.Last()), Zones(saoPaulo)}, rng: start, zones: []*time.Location{saoPaulo}},
		{name: "InRange(9998-11..9999)+Zones(UTC+14)", opts: []Option{InRange(end.First(), end.Last()), Zones(east)}, rng: end, zones: []*time.Location{east}},
		{name: "Deltas(1)+WholeSeconds", opts: []Option{Deltas(1), WholeSeconds()}, rng: all, whole: true, deltas: []int{1}},
		{name: "Deltas(-12,7)+Parallel", opts: []Option{Deltas(-12, 7), Parallel()}, rng: all, deltas: []int{-12, 7}},
		{name: "OrderedPairs+InRange", opts: []Option{OrderedPairs(), InRange(near.First(), near.Last())}, rng: near, ordered: true},
		{name: "renewal: InRange(2027..2028)+Zones(UTC)", opts: []Option{InRange(window.First(), window.Last()), Zones(time.UTC)}, rng: window, zones: []*time.Location{time.UTC}},
	}
	cfg := runConfig{property: 100, propSeed: DefaultSeed, samples: 1000, sampleSeed: DefaultSeed, exhaustive: true, shortEdges: true, sweepDays: 2000}
	if testing.Short() {
		cfg.property, cfg.samples, cfg.sweepDays, cfg.edgeCap = 30, 200, 300, 2000
	}
	var mu sync.Mutex
	for _, c := range optionChecks() {
		for _, s := range sets {
			t.Run(c.name+"/"+s.name, func(t *testing.T) {
				l := &inputLog{counts: map[string]int{}}
				mu.Lock()
				phaseHook = l.enter
				defer func() { phaseHook = nil; mu.Unlock() }()
				out, err := c.run(t, s, l, cfg)
				w := renew.DefaultWindow()
				if c.renewal && (s.deltas != nil || s.zones != nil && !slices.Contains(s.zones, time.UTC) ||
					s.rng.Last().Before(w.First()) || s.rng.First().After(w.Last())) {
					if err == nil {
						t.Fatalf("a renewal check accepted options it cannot honour (%s)", s.name)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if out.cex != nil {
					t.Fatalf("a correct implementation failed: %v", out.cex)
				}
				if len(l.bad) > 0 {
					t.Fatalf("inputs outside the options reached the implementation:\n%s", strings.Join(l.bad, "\n"))
				}
				if c.name == "DateTimeParse" && s.zones != nil && s.rng.First().Year < 1900 && s.zones[0] != time.UTC {
					return // local mean time: offsets with seconds, which RFC 3339 cannot write: no text to parse
				}
				for _, phase := range []string{"edge table", "property", "samples", "exhaustive sweep"} {
					if l.counts[phase] == 0 {
						t.Errorf("phase %q handed no input to the implementation (%v)", phase, l.counts)
					}
				}
			})
		}
	}
}

var shortTimes = flag.Bool("props.shorttimes", false, "TestShortTimes: time every check's -short run for a 1 µs and a 20 µs function")

// TestShortTimes (with -props.shorttimes) logs how long each check takes
// under -short for an implementation costing 1 µs and 20 µs a call, and
// what each phase judged: every phase is represented, and the edge phase
// of the checks of two dates samples its table instead of enumerating it.
func TestShortTimes(t *testing.T) {
	if !*shortTimes {
		t.Skip("run with -props.shorttimes")
	}
	cfg := runConfig{property: 100, propSeed: DefaultSeed, samples: 1000, sampleSeed: DefaultSeed, shortEdges: true}
	for _, spin := range []time.Duration{time.Microsecond, 20 * time.Microsecond} {
		var total time.Duration
		for _, c := range optionChecks() {
			l := &inputLog{counts: map[string]int{}, spin: spin}
			start := time.Now()
			out, err := c.run(t, optionSet{rng: calendar.All()}, l, cfg)
			el := time.Since(start)
			total += el
			if err != nil || out.cex != nil {
				t.Fatalf("%s: %v %v", c.name, err, out.cex)
			}
			var calls []string
			for _, p := range out.phases {
				calls = append(calls, fmt.Sprintf("%s %d", strings.SplitN(p.name, " (", 2)[0], p.judged))
			}
			t.Logf("%-6v %-16s -short in %6.3fs (%s)", spin, c.name, el.Seconds(), strings.Join(calls, ", "))
		}
		t.Logf("%v: all %d checks in %.2fs", spin, len(optionChecks()), total.Seconds())
	}
}
