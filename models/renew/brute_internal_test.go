package renew

// Brute force for the renewal proof (issue 19): a per-instant reference
// oracle written from the package's doc comments alone, a per-date OR over
// every one of the 86,400 seconds of a date, and the comparison of both
// with the prover.
//
// Independence. Nothing here calls the prover's per-instant code or the
// policy and schedule helpers it is built on (checkAt, check, dueBounds,
// due, runBounds, retryHi, backoff, chainCount, nextBase, nextRun, runDay,
// delayOf, ariWindow, lifetimeTable). The shared primitives are the CA
// data (Lifetimes.At, hence cert.MaxTLSValidity) and calendar.Date
// arithmetic (Anniversary is defined as calendar.AddYears). Schedule runs
// are enumerated with the standard library's time.Date, whose
// normalisation is the documented Roll. Triggers are re-derived from the
// TriggerKind doc lines, cited beside each formula.
//
// Issue 20 changed the rules this oracle states: a rate-limit failure is a
// lapse caused by refusals of an empty token bucket (Prover step 3), the
// fraction trigger follows cert.Span and Comparison, and retries may be
// explicit steps with a random part. The retries are followed here as sets
// of reachable instants (unions of intervals), step by step.

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// bruteMaxUnix is 9999-12-31T23:59:59Z, the model's last instant (doc.go,
// Assumptions), written out rather than taken from maxUnix.
var bruteMaxUnix = time.Date(9999, time.December, 31, 23, 59, 59, 0, time.UTC).Unix()

// ---------------------------------------------------------------------
// Schedule runs, enumerated with time.Date.

// bruteRuns enumerates the scheduled (undelayed) runs of a Daily, Monthly
// or Yearly Schedule in increasing order, month by month, from two months
// before the instant it was built for (a Roll run of month m falls in month
// m+1, at most on its 3rd). It extends itself on demand up to 9999-12-31.
type bruteRuns struct {
	s     Schedule
	bases []int64
	y     int        // next month to enumerate
	m     time.Month //
	first int64      // no query may ask for runs before this
}

func newBruteRuns(s Schedule, from int64) *bruteRuns {
	t := time.Unix(from, 0).UTC()
	start := time.Date(t.Year(), t.Month()-2, 1, 0, 0, 0, 0, time.UTC)
	if start.Year() < 1 {
		start = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	r := &bruteRuns{s: s, y: start.Year(), m: start.Month()}
	// Runs of months before start are not enumerated; the runs of start's
	// month are complete only from its 4th (earlier ones may be Roll
	// runs of the month before).
	r.first = start.AddDate(0, 0, 3).Unix()
	return r
}

// bruteDayOf returns the date on which a schedule that runs on day `day`
// runs in year y, month m, under o (Schedule's DayOverflow doc: Skip "no
// run that month"; Clamp "run on the last day of the month instead";
// Roll "run on the day the surplus spills into, like ... Go's time.Date").
func bruteDayOf(y int, m time.Month, day int, o DayOverflow) (time.Time, bool) {
	t := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	if t.Month() == m {
		return t, true
	}
	switch o {
	case Clamp:
		return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC), true // day 0 of m+1: the last day of m
	case Roll:
		return t, true
	}
	return time.Time{}, false
}

// extend enumerates twelve more months; false once past 9999.
func (r *bruteRuns) extend() bool {
	if r.y > 9999 {
		return false
	}
	var batch []int64
	for i := 0; i < 12 && r.y <= 9999; i++ {
		var days []time.Time
		switch r.s.Kind {
		case Daily:
			for d := time.Date(r.y, r.m, 1, 0, 0, 0, 0, time.UTC); d.Month() == r.m; d = d.AddDate(0, 0, 1) {
				days = append(days, d)
			}
		case Monthly:
			if d, ok := bruteDayOf(r.y, r.m, r.s.Day, r.s.Overflow); ok {
				days = append(days, d)
			}
		case Yearly:
			if r.m == r.s.Month {
				if d, ok := bruteDayOf(r.y, r.m, r.s.Day, r.s.Overflow); ok {
					days = append(days, d)
				}
			}
		}
		for _, d := range days {
			for _, tod := range r.s.Times {
				if b := d.Add(tod).Unix(); b <= bruteMaxUnix {
					batch = append(batch, b)
				}
			}
		}
		if r.m++; r.m > time.December {
			r.m, r.y = time.January, r.y+1
		}
	}
	r.bases = append(r.bases, batch...)
	slices.Sort(r.bases)
	r.bases = slices.Compact(r.bases)
	return true
}

// next returns the first scheduled run at or after x, and false if there is
// none by 9999-12-31T23:59:59Z.
func (r *bruteRuns) next(x int64) (int64, bool) {
	if x < r.first {
		panic(fmt.Sprintf("bruteRuns: query %s before the enumeration's start %s", unixText(x), unixText(r.first)))
	}
	for {
		// Every run of a month not yet enumerated falls on or after that
		// month's first day (Roll only spills forward), so an answer
		// before it is final.
		i, _ := slices.BinarySearch(r.bases, x)
		if i < len(r.bases) && (r.y > 9999 || r.bases[i] < time.Date(r.y, r.m, 1, 0, 0, 0, 0, time.UTC).Unix()) {
			return r.bases[i], true
		}
		if !r.extend() {
			return 0, false
		}
	}
}

// ---------------------------------------------------------------------
// The per-instant oracle.

// bruteVerdict is the oracle's answer for one issuance instant.
type bruteVerdict struct {
	// Kind is the failure (ScheduleError, then Lapse, then RateLimited,
	// in that order of precedence), 0 for a safe instant.
	Kind FailureKind
	// Beyond: the judgement needs an instant after 9999-12-31T23:59:59Z
	// (the prover answers ErrRange); Kind is then 0 and means nothing.
	Beyond bool
	// NotAfter is the certificate's last valid second; Due the latest due
	// instant; Attempt the latest first renewal attempt; Renewed the
	// worst-case replacement instant (a failure when Renewed > NotAfter+1).
	NotAfter, Due, Attempt, Renewed int64
}

// bruteOracle judges single issuance instants of one Preset from the
// package documentation alone (see the file comment). Build one per date
// with newBruteOracle; it caches the schedule's runs.
type bruteOracle struct {
	p        Preset
	runs     *bruteRuns // nil for Continuous
	maxDelay int64      // latest delay of a run: RandomizedDelaySec draws whole seconds of [0, Delay)
	outage   int64
	refill   int64 // seconds to a token of the bucket binding renewals; 0 for none
	// rel caches bruteDue relative to NotBefore for the triggers where it
	// depends on the lifetime only (fraction, jittered fraction, ARI).
	rel map[int64][2]int64
}

// due is bruteDue, cached by lifetime where the trigger allows.
func (o *bruteOracle) due(nb, na int64) (lo, hi int64, ok bool) {
	switch o.p.Client.Trigger.Kind {
	case FractionOfLifetime, JitteredFraction, ARIWindow:
		r, hit := o.rel[na-nb]
		if !hit {
			lo, hi, _ := bruteDue(o.p.Client.Trigger, 0, na-nb)
			r = [2]int64{lo, hi}
			o.rel[na-nb] = r
		}
		return nb + r[0], nb + r[1], true
	}
	return bruteDue(o.p.Client.Trigger, nb, na)
}

// newBruteOracle returns an oracle for p that can judge instants from
// `from` (Unix seconds) on.
func newBruteOracle(p Preset, from int64) *bruteOracle {
	o := &bruteOracle{p: p, outage: int64(p.Outage / time.Second), rel: map[int64][2]int64{}}
	// "Renewal: ... exempt from the New Orders per Account and New
	// Certificates per Registered Domain rate limits ... still be subject
	// to ... New Certificates per Exact Set of Identifiers"; ARI renewals
	// "exempt from all rate limits". Refill: Period / Count in whole
	// nanoseconds (Boulder), to the next whole second.
	if p.Client.Trigger.Kind != ARIWindow {
		for _, l := range p.Limits {
			if l.Scope == PerExactSet && l.Count > 0 {
				e := l.Period.Nanoseconds() / int64(l.Count)
				o.refill = max(o.refill, (e+int64(time.Second)-1)/int64(time.Second))
			}
		}
	}
	if p.Client.Wake.Kind != Continuous && p.Client.Wake.Kind != Every {
		o.runs = newBruteRuns(p.Client.Wake, from-secondsPerDay)
	}
	if d := int64(p.Client.Wake.Delay / time.Second); d > 0 {
		o.maxDelay = d - 1
	}
	return o
}

// bruteDue returns the earliest and latest whole second at which a
// certificate valid [nb, na] becomes due over every draw, from the
// TriggerKind doc lines. A due instant with a fraction of a second is
// taken at the whole second containing it (the client acts within that
// second; FractionOfLifetime's comment: "the due second is the whole
// second containing that instant"). ok is false when the client cannot
// compute it (Anniversary under Reject).
func bruteDue(tr Trigger, nb, na int64) (lo, hi int64, ok bool) {
	total := na - nb // "NotAfter - NotBefore"
	switch tr.Kind {
	case FractionOfLifetime:
		// "at End - Before(lifetime, Fraction), where Span says how the
		// client measures the lifetime and where it ends (cert.Span), and
		// Compare how it turns that point into a whole second";
		// cert.Before: "l/k in integer nanoseconds when 1 - fraction is 1/k
		// for an integer k ..., otherwise l x (1 - fraction) in float64
		// nanoseconds truncated". Nanoseconds relative to NotBefore.
		end := total
		if tr.Span == cert.CertmagicSpan {
			end++ // "lifetime = NotAfter + 1s - NotBefore"
		}
		life := end * 1e9
		f := tr.Fraction
		if tr.ShortBelow > 0 && life < int64(tr.ShortBelow) {
			f = tr.ShortFraction
		}
		var window int64
		if k := math.Round(1 / (1 - f)); math.Abs(1/(1-f)-k) < 1e-9 {
			window = life / int64(k)
		} else {
			window = int64(float64(life) * (1 - f))
		}
		if tr.Cap > 0 {
			window = min(window, int64(tr.Cap))
		}
		pointLo, pointHi := life-window, life-window
		if tr.JitterCap > 0 {
			// "a uniform draw in [0, min(window/10, JitterCap))": the latest
			// draw is one nanosecond short of the bound.
			if j := min(window/10, int64(tr.JitterCap)); j > 0 {
				pointHi += j - 1
			}
		}
		sec := func(ns int64) int64 {
			switch tr.Compare {
			case AtOrAfter: // "now >= point"
				return bruteCeilDiv(ns, 1e9)
			case After: // "now > point, strictly"
				return bruteFloorDiv(ns, 1e9) + 1
			}
			return bruteFloorDiv(ns, 1e9) // Truncate, the zero Comparison
		}
		return nb + sec(pointLo), nb + sec(pointHi), true
	case BeforeExpiry:
		// "due Offset before NotAfter"
		d := na - int64(tr.Offset/time.Second)
		return d, d, true
	case AfterIssuance:
		// "due Offset after NotBefore, whatever the lifetime"
		d := nb + int64(tr.Offset/time.Second)
		return d, d, true
	case Anniversary:
		// "due Years calendar years after NotBefore's date (UTC), at the
		// same time of day, computed with calendar.AddYears under Overflow"
		nbT := time.Unix(nb, 0).UTC()
		d, err := calendar.DateOf(nbT).AddYears(tr.Years, tr.Overflow)
		if err != nil {
			return 0, 0, false
		}
		tod := int64(nbT.Hour()*3600 + nbT.Minute()*60 + nbT.Second())
		due := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() + tod
		return due, due, true
	case JitteredFraction:
		// "due at NotBefore + u x (NotAfter - NotBefore), u uniform in
		// [Fraction, FractionHigh)": earliest at u = Fraction, latest the
		// last whole second before NotBefore + FractionHigh·total.
		lo = nb + bruteFloorMul(tr.Fraction, total)
		if tr.FractionHigh == tr.Fraction {
			return lo, lo, true
		}
		return lo, max(lo, nb+bruteCeilMul(tr.FractionHigh, total)-1), true
	case ARIWindow:
		// "a uniform random instant of the ACME Renewal Information
		// window ... centred on the point 2/3 of the way through the
		// validity (1/2 for certificates shorter than 10 days), 1% of the
		// validity either side": Boulder's RenewalInfoSimple in
		// time.Duration (nanoseconds): validity = NotAfter + 1s -
		// NotBefore, offset = validity/3 (or /2), ideal = NotAfter -
		// offset, [ideal - validity/100, ideal + validity/100). Relative
		// to NotAfter, in nanoseconds (fits int64 for any lifetime the
		// presets use, under 292 years).
		v := (na + 1 - nb) * 1e9
		off := v / 3
		if na+1-nb < 10*secondsPerDay {
			off = v / 2
		}
		margin := v / 100
		start, end := -off-margin, -off+margin // ns relative to na
		lo = na + bruteFloorDiv(start, 1e9)
		hi = na + bruteCeilDiv(end, 1e9) - 1 // last second before end
		return lo, max(lo, hi), true
	case EveryRun:
		// "due at once; the client renews on every wake"
		return nb, nb, true
	}
	panic("bruteDue: no trigger " + tr.Kind.String())
}

func bruteFloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func bruteCeilDiv(a, b int64) int64 { return -bruteFloorDiv(-a, b) }

// bruteFloorMul returns floor(f·n) exactly, f a float64, n >= 0.
func bruteFloorMul(f float64, n int64) int64 {
	r := new(big.Rat).SetFloat64(f)
	r.Mul(r, new(big.Rat).SetInt64(n))
	q := new(big.Int).Quo(r.Num(), r.Denom()) // f, n >= 0: truncation is floor
	return q.Int64()
}

// bruteCeilMul returns ceil(f·n) exactly.
func bruteCeilMul(f float64, n int64) int64 {
	r := new(big.Rat).SetFloat64(f)
	r.Mul(r, new(big.Rat).SetInt64(n))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	return q.Int64()
}

// nextBase is the first scheduled (undelayed) run at or after x: the
// enumerated runs, or for Every "the multiples of Period since
// 1970-01-01T00:00:00Z".
func (o *bruteOracle) nextBase(x int64) (int64, bool) {
	if w := o.p.Client.Wake; w.Kind == Every {
		p := int64(w.Period / time.Second)
		b := bruteCeilDiv(x, p) * p
		return b, b <= bruteMaxUnix
	}
	return o.runs.next(x)
}

// latestRun returns the latest instant at which the client's first run at
// or after x can happen, over every seed: the first scheduled run at or
// after x delayed by the longest delay (an earlier scheduled run can always
// draw a delay that keeps it before x). A Continuous client "sleeps until
// exactly the instant it wants": x itself.
func (o *bruteOracle) latestRun(x int64) (int64, bool) {
	if o.p.Client.Wake.Kind == Continuous {
		return x, true
	}
	b, ok := o.nextBase(x)
	if !ok || b+o.maxDelay > bruteMaxUnix {
		return 0, false
	}
	return b + o.maxDelay, true
}

// earliestRun returns the earliest instant of the client's first run at or
// after x over every seed: x itself when a scheduled run within the
// longest delay before it can be delayed to x, else the next scheduled run.
func (o *bruteOracle) earliestRun(x int64) (int64, bool) {
	if o.p.Client.Wake.Kind == Continuous {
		return x, true
	}
	if b, ok := o.nextBase(x - o.maxDelay); ok && b <= x {
		return x, true
	}
	return o.nextBase(x)
}

// retryWait is Retry's wait after the k-th consecutive failure, before
// its random part: "Steps[k-1] (the last step repeating) when Steps is
// set, else Initial doubled k-1 times up to Max".
func bruteRetryDelay(r Retry, k int) int64 {
	if len(r.Steps) > 0 {
		return int64(r.Steps[min(k, len(r.Steps))-1] / time.Second)
	}
	d := r.Initial
	for i := 1; i < k; i++ {
		if d >= r.Max {
			break
		}
		d *= 2
	}
	return int64(min(d, r.Max) / time.Second)
}

// bruteConstantFrom reports whether every wait from the k-th on is the
// same: the steps from the k-th to the last are equal (a step schedule can
// repeat a wait before it changes: 1 s, 7 s, 1 s, 7 s), or the doubling
// wait has reached Max, past which it never changes.
func bruteConstantFrom(r Retry, k int) bool {
	if len(r.Steps) > 0 {
		rest := r.Steps[min(k, len(r.Steps))-1:]
		for _, s := range rest {
			if s != rest[0] {
				return false
			}
		}
		return true
	}
	return bruteRetryDelay(r, k) == int64(r.Max/time.Second)
}

// bruteSpan is an interval of whole seconds [lo, hi].
type bruteSpan struct{ lo, hi int64 }

// worst follows the client's attempts from a first attempt anywhere in
// [aLo, aHi] while every attempt before x is refused, as sets of reachable
// instants, and returns the latest instant of the first attempt at or
// after x. A refused attempt at p retries at the next run after p
// (AtNextWake: somewhere in [earliestRun(p+1), latestRun(p+1)]) or after
// the k-th wait plus "a uniform draw over the whole seconds of [0,
// Random)". Once the waits are constant and one interval is left, its
// j-th successor is [lo + jB, hi + j(B + r)]: the walk jumps to the last j
// with a refused part.
func (o *bruteOracle) worst(aLo, aHi, x int64) (int64, bool) {
	r := o.p.Client.Retry
	spread := max(int64(r.Random/time.Second)-1, 0)
	set := []bruteSpan{{aLo, aHi}}
	best := int64(math.MinInt64)
	for k := 1; len(set) > 0; k++ {
		var refused []bruteSpan
		for _, s := range set {
			if s.hi >= x {
				best = max(best, s.hi)
			}
			if s.lo < x {
				refused = append(refused, bruteSpan{s.lo, min(s.hi, x-1)})
			}
		}
		if len(refused) == 0 {
			break
		}
		if r.AtNextWake && set[len(set)-1].hi >= x {
			// A refused attempt at p retries at latest at latestRun(p+1),
			// which grows with p: from here on, the latest attempt at or
			// after x follows the last refused second, x - 1.
			hi, ok := o.latestRun(x)
			if !ok {
				return 0, false
			}
			best = max(best, hi)
			break
		}
		var next []bruteSpan
		for _, s := range refused {
			if r.AtNextWake {
				lo, ok1 := o.earliestRun(s.lo + 1)
				hi, ok2 := o.latestRun(s.hi + 1)
				if !ok1 || !ok2 {
					return 0, false
				}
				next = append(next, bruteSpan{lo, hi})
				continue
			}
			b := bruteRetryDelay(r, k)
			next = append(next, bruteSpan{s.lo + b, s.hi + b + spread})
		}
		set = bruteMerge(next)
		if !r.AtNextWake && len(set) == 1 && bruteConstantFrom(r, k+1) {
			// Fast-forward over steps after which the whole interval is
			// still refused: each adds b to lo and b + r to hi, and no
			// success can happen while hi stays below x.
			b := bruteRetryDelay(r, k+1)
			if n := (x - 1 - set[0].hi) / (b + spread); n > 1 {
				k += int(n - 1)
				set[0].lo += (n - 1) * b
				set[0].hi += (n - 1) * (b + spread)
			}
		}
	}
	return best, true
}

// bruteMerge sorts spans and joins the overlapping and adjacent ones.
func bruteMerge(s []bruteSpan) []bruteSpan {
	slices.SortFunc(s, func(a, b bruteSpan) int { return int(a.lo - b.lo) })
	var out []bruteSpan
	for _, x := range s {
		if n := len(out); n > 0 && x.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, x.hi)
			continue
		}
		out = append(out, x)
	}
	return out
}

// At judges the issuance instant t (Unix seconds, UTC):
//
//   - the certificate: NotBefore = t, NotAfter = t + CA.At(t) - 1s
//     (Lifetimes: "NotAfter = NotBefore + lifetime - 1s");
//   - ScheduleError when the trigger cannot be computed;
//   - Lapse, worst case (Preset.Outage, Prover step 2): the latest due
//     draw; the first attempt at the latest run at or after max(due, t+1)
//     (a client does not renew in the second it was issued); the CA down
//     for [attempt, attempt+Outage); the replacement is the latest first
//     attempt at or after attempt+Outage. The old certificate is valid
//     through its whole last second NotAfter, so a replacement at
//     NotAfter+1s leaves no gap: a Lapse is a replacement strictly after
//     NotAfter+1s;
//   - RateLimited (Prover step 3): the bucket binding the renewals is
//     empty after the issuance at t, so every attempt before t + refill is
//     refused; the first attempt falls anywhere from the earliest due draw
//     and earliest run to the latest; a lapse as above, with the CA up.
func (o *bruteOracle) At(t int64) bruteVerdict {
	na := t + int64(o.p.CA.At(time.Unix(t, 0).UTC())/time.Second) - 1
	v := bruteVerdict{NotAfter: na}
	if na+1 > bruteMaxUnix {
		v.Beyond = true
		return v
	}
	lo, hi, ok := o.due(t, na)
	if !ok {
		v.Kind = ScheduleError
		return v
	}
	v.Due = hi
	a, ok := o.latestRun(max(hi, t+1))
	if !ok {
		v.Beyond = true
		return v
	}
	v.Attempt = a
	s, ok := o.worst(a, a, a+o.outage)
	if !ok {
		v.Beyond = true
		return v
	}
	v.Renewed = s
	if s > na+1 {
		v.Kind = Lapse
		return v
	}
	if o.refill == 0 {
		return v
	}
	aLo, ok := o.earliestRun(max(lo, t+1))
	if !ok {
		v.Beyond = true
		return v
	}
	if s, ok = o.worst(aLo, a, t+o.refill); !ok {
		v.Beyond = true
		return v
	}
	if s > na+1 {
		v.Kind, v.Renewed = RateLimited, s
	}
	return v
}

// ---------------------------------------------------------------------
// Dates.

// bruteDay is the OR over every second of one issuance date.
type bruteDay struct {
	Date calendar.Date
	// Seconds is the number of seconds judged (86,400 less Beyond).
	Seconds int
	// Failing counts the failing seconds, ByKind by kind; First is the
	// first failing instant (Unix) and Kind its kind; FirstOf the first
	// instant of each kind (valid where ByKind is positive).
	Failing int
	ByKind  [4]int
	First   int64
	Kind    FailureKind
	FirstOf [4]int64
	// Beyond counts the seconds whose judgement leaves the model's range.
	Beyond int
}

// Fails reports whether some second of the date fails.
func (b bruteDay) Fails() bool { return b.Failing > 0 }

// bruteDate judges every second of d (UTC) for p with the oracle: the
// reference verdict of a date, to compare with (*Prover).Check(d).
func bruteDate(p Preset, d calendar.Date) bruteDay {
	day := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix()
	o := newBruteOracle(p, day)
	out := bruteDay{Date: d}
	for t := day; t < day+secondsPerDay; t++ {
		v := o.At(t)
		if v.Beyond {
			out.Beyond++
			continue
		}
		out.Seconds++
		if v.Kind == 0 {
			continue
		}
		if out.Failing == 0 {
			out.First, out.Kind = t, v.Kind
		}
		if out.ByKind[v.Kind] == 0 {
			out.FirstOf[v.Kind] = t
		}
		out.Failing++
		out.ByKind[v.Kind]++
	}
	return out
}

// String sums b up: "2030-01-01: 21598 failing seconds (lapse 21598) from 00:00:02 (lapse)".
func (b bruteDay) String() string {
	if !b.Fails() {
		return fmt.Sprintf("%s: safe over %d seconds", b.Date, b.Seconds)
	}
	s := fmt.Sprintf("%s: %d failing seconds (", b.Date, b.Failing)
	sep := ""
	for k := Lapse; k <= ScheduleError; k++ {
		if b.ByKind[k] > 0 {
			s += fmt.Sprintf("%s%s %d from %s", sep, k, b.ByKind[k], time.Unix(b.FirstOf[k], 0).UTC().Format(time.TimeOnly))
			sep = ", "
		}
	}
	return s + ")"
}

// ---------------------------------------------------------------------
// Comparison.

// bruteJudge is a per-date judgement under test: today's (*Prover).Check,
// the lead's new engine, or a mutant. issued is the instant it reports as
// failing (Finding.Issued), for bad dates.
type bruteJudge func(d calendar.Date) (bad bool, kind FailureKind, issued int64, err error)

// proverJudge adapts (*Prover).Check to a bruteJudge.
func proverJudge(pr *Prover) bruteJudge {
	return func(d calendar.Date) (bool, FailureKind, int64, error) {
		f, bad, err := pr.Check(d)
		return bad, f.Kind, f.Issued.Unix(), err
	}
}

// bruteCompare judges d with judge and with the brute force over every
// second, and returns the brute-force day, whether the date was compared
// (false when either side leaves the model's range) and each disagreement
// in words, empty when they agree. They agree when both call the date
// safe, or both call it failing and the judge reports the first second of
// the date that fails with the first kind in the Prover's order
// (ScheduleError, Lapse, RateLimited) that fails some second.
func bruteCompare(p Preset, judge bruteJudge, d calendar.Date) (bruteDay, bool, []string) {
	b := bruteDate(p, d)
	bad, kind, issued, err := judge(d)
	if err != nil || b.Beyond > 0 {
		return b, false, nil
	}
	var dis []string
	switch {
	case bad && !b.Fails():
		dis = append(dis, fmt.Sprintf("%s %s: judge says %s at %s, brute force: every second safe",
			p.Name, d, kind, unixText(issued)))
	case !bad && b.Fails():
		dis = append(dis, fmt.Sprintf("%s %s: judge says safe, brute force: %v", p.Name, d, b))
	case bad:
		if issued < b.Date.DayNumber()*secondsPerDay || issued >= (b.Date.DayNumber()+1)*secondsPerDay {
			dis = append(dis, fmt.Sprintf("%s %s: judge's failing instant %s is not on the date", p.Name, d, unixText(issued)))
			break
		}
		o := newBruteOracle(p, issued)
		if v := o.At(issued); v.Kind != kind {
			dis = append(dis, fmt.Sprintf("%s %s: judge says %s at %s, brute force says %v there (%v)",
				p.Name, d, kind, unixText(issued), kindOrSafe(v.Kind), b))
			break
		}
		// The Prover's doc: the kinds are checked in the order
		// ScheduleError, Lapse, RateLimited, and the first failing second
		// found is the earliest of the date.
		want := RateLimited
		switch {
		case b.ByKind[ScheduleError] > 0:
			want = ScheduleError
		case b.ByKind[Lapse] > 0:
			want = Lapse
		}
		if kind != want || issued != b.FirstOf[want] {
			dis = append(dis, fmt.Sprintf("%s %s: judge says %s first at %s, brute force: %s first at %s (%v)",
				p.Name, d, kind, unixText(issued), want, unixText(b.FirstOf[want]), b))
		}
	}
	return b, true, dis
}

func kindOrSafe(k FailureKind) string {
	if k == 0 {
		return "safe"
	}
	return k.String()
}

// bruteTotals accumulates comparisons for the log.
type bruteTotals struct {
	dates, skipped, seconds, failingDates, partialDates, disagreements int
	lines                                                              []string
}

func (bt *bruteTotals) add(b bruteDay, compared bool, dis []string) {
	if !compared {
		bt.skipped++
		return
	}
	bt.dates++
	bt.seconds += b.Seconds
	if b.Fails() {
		bt.failingDates++
		if b.Failing < b.Seconds {
			bt.partialDates++
		}
	}
	bt.disagreements += len(dis)
	bt.lines = append(bt.lines, dis...)
}

func (bt *bruteTotals) merge(o bruteTotals) {
	bt.dates += o.dates
	bt.skipped += o.skipped
	bt.seconds += o.seconds
	bt.failingDates += o.failingDates
	bt.partialDates += o.partialDates
	bt.disagreements += o.disagreements
	bt.lines = append(bt.lines, o.lines...)
}

func (bt bruteTotals) String() string {
	return fmt.Sprintf("%d dates × 86,400 s = %d seconds compared (%d dates skipped: beyond the model), %d dates failing by brute force (%d of them on some seconds only), %d disagreements",
		bt.dates, bt.seconds, bt.skipped, bt.failingDates, bt.partialDates, bt.disagreements)
}
