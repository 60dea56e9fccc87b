package renew

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
)

// FailureKind is why an issuance date fails the renewal proof.
type FailureKind uint8

// Failure kinds.
const (
	// Lapse: the certificate issued on the date stops being valid before
	// its replacement is issued, in the worst case the preset covers (the
	// latest jitter, the latest timer run, an outage of the preset's length
	// starting at the first renewal attempt).
	Lapse FailureKind = iota + 1
	// RateLimited: the issuances in the window that starts with this
	// date's issuance exceed the CA's limit (the client's earliest
	// renewals, no outage): a renewal storm.
	RateLimited
	// ScheduleError: the client cannot compute when to renew the
	// certificate (an Anniversary under calendar.Reject on February 29),
	// so it never renews it.
	ScheduleError
)

var failureNames = [...]string{Lapse: "lapse", RateLimited: "rate-limited", ScheduleError: "schedule-error"}

// String returns "lapse", "rate-limited" or "schedule-error".
func (k FailureKind) String() string {
	if k >= Lapse && k <= ScheduleError {
		return failureNames[k]
	}
	return fmt.Sprintf("FailureKind(%d)", uint8(k))
}

// MarshalText encodes k as its name, for JSON.
func (k FailureKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a name written by MarshalText.
func (k *FailureKind) UnmarshalText(b []byte) error {
	return unmarshalName(k, b, "failure kind", failureNames[:])
}

// Finding is one failing issuance date, with the worst case that fails it.
type Finding struct {
	// Date is the issuance date (UTC); DateText is the same as YYYY-MM-DD.
	Date     calendar.Date `json:"-"`
	DateText string        `json:"date"`
	Kind     FailureKind   `json:"kind"`
	// Issued is the issuance instant checked, NotAfter the certificate's
	// last valid second.
	Issued   time.Time `json:"issued"`
	NotAfter time.Time `json:"notAfter"`
	// Due is the latest instant the certificate becomes due (zero for
	// ScheduleError); Renewed the latest instant its replacement is issued
	// (Lapse), and Gap how long the service holds no valid certificate.
	Due     time.Time     `json:"due,omitzero"`
	Renewed time.Time     `json:"renewed,omitzero"`
	Gap     time.Duration `json:"gap,omitempty"`
	// Issuances is the count in the limit's window (RateLimited).
	Issuances int `json:"issuances,omitempty"`
	// Detail is a one-line explanation.
	Detail string `json:"detail"`
}

// DefaultWindow is the renewal proof's default range of issuance dates,
// 2020-01-01..2040-12-31: every lifetime change of the Baseline
// Requirements and Let's Encrypt, with years of margin on both sides.
func DefaultWindow() calendar.Range {
	r, _ := calendar.NewRange(calendar.Date{Year: 2020, Month: time.January, Day: 1}, calendar.Date{Year: 2040, Month: time.December, Day: 31})
	return r
}

// Prover judges issuance dates for one Preset. It is read-only after
// NewProver, so one Prover may be used from several goroutines (as
// proof.Sweep does with Preset.Subject).
//
// # What a date's verdict covers
//
// A date d fails when a certificate issued at some second t of d (all
// 86,400 of them; the CA issues whole seconds, NotBefore = t) fails in
// the worst case the preset covers, checked in this order:
//
//  1. ScheduleError: the client cannot compute the renewal time. Only an
//     Anniversary under calendar.Reject does this, and it depends on the
//     date of NotBefore alone, so the first second of d answers for all.
//  2. Lapse: the replacement is issued after NotAfter + 1s, the first
//     second the certificate is not valid (a replacement at NotAfter + 1s
//     leaves no gap), with the CA down for the preset's Outage from the
//     first attempt (an outage that starts earlier ends earlier, one that
//     starts later misses the attempt) and the rate limit not binding.
//  3. RateLimited: a lapse caused by refusals. Let's Encrypt's limits are
//     token buckets and a refused request consumes nothing, so refusals
//     alone harm no one: a client that renews 160-hour certificates on
//     every run is refused often and renewed at the first run after each
//     refill. What can fail is the certificate: with the bucket that binds
//     the client's renewals (Preset.RenewalLimit: the exact-set bucket for
//     non-ARI renewals, none for ARI renewals) empty after the issuance at
//     t — the worst state any history can leave it in, and the steady
//     state of a client that renews on every run — every request before t
//     + E (E = Period / Count, rounded up to the second) is refused, and
//     the date fails if the first attempt the client makes at or after
//     that, at its worst draws, is after NotAfter + 1s. The CA is up in
//     this case; steps 2 and 3 are separate worst cases, not one.
//
// # Retries and random draws
//
// Over every draw, the first attempt falls in [aLo, aHi]: the first run of
// the schedule at or after the due instant, from the earliest due instant
// (earliest jitter or ARI draw) and earliest timer delay to the latest of
// both. When every attempt before x is refused, the latest first attempt
// at or after x (worstAttempt) is: aHi if aHi >= x; for a client that
// retries at its next run, the next scheduled run at or after x plus the
// longest delay; for a backoff (waits B_1, B_2, ... plus a uniform draw in
// [0, r] each), the latest of p + B_k + r over the instants p < x where the
// (k-1)-th retry can fall, which form the interval [aLo + S_{k-1}, aHi +
// S_{k-1} + (k-1) r] (S the sums of the waits: a sum of uniform whole
// seconds covers every second between its bounds); once the waits are
// constant the latest of these is at the last k, found by division. For
// the outage of step 2 the worst draw is the latest first attempt (the
// result is the attempt plus a constant, or the next run after it plus
// the outage), so x = aHi + Outage and [aHi, aHi].
//
// # Why finitely many instants decide every second
//
// Split d at the CA's lifetime switch instants (Lifetimes.Steps, the
// Baseline Requirements dates): on each piece the lifetime L is constant,
// so NotAfter + 1s = t + L, and every due instant is t plus a constant
// (the fraction triggers multiply the constant L, BeforeExpiry and
// AfterIssuance add one, Anniversary keeps the time of day of a date that
// is fixed within d). The next scheduled run at or after an instant and
// its latest delay are nondecreasing in that instant, so aLo and aHi are
// nondecreasing step functions of t, and:
//
//   - step 2's worst replacement s(t) = worstAttempt(aHi, aHi, aHi + O) is
//     nondecreasing in t on a piece (a backoff adds the same amount to any
//     first attempt; the next run after aHi + O grows with aHi);
//   - step 3's s(t) = worstAttempt(aLo, aHi, t + E) is nondecreasing in t
//     wherever aLo and aHi come from the same scheduled runs (each term
//     grows with x = t + E for fixed aLo, aHi, and for a continuous client
//     everything moves with t), but not across a run: a first attempt that
//     moves to the next run can escape the refusals and renew earlier
//     (TestSegmentKeysMatter derives such a date by hand). Each evaluation
//     therefore returns a segment key, the scheduled runs the attempt range
//     comes from; equal keys at both ends of an interval mean the same runs
//     throughout, since the runs are nondecreasing in t.
//
// On an interval [lo, hi] of a piece whose ends have equal keys,
//
//	s(hi) <= lo + L   no second of [lo, hi] fails (s(t) <= s(hi) <= t + L)
//	s(lo) >  lo + L   lo fails
//
// and otherwise the interval is halved. The search is exact (at worst it
// judges single seconds) and cheap: s(t) and the keys change only where t
// plus the due offset crosses a scheduled run, a handful of instants a
// day, so a date costs two evaluations when no second is near a run and
// about 2 x 17 per crossing otherwise. Step 3 skips a piece outright when
// even its earliest first attempt comes after the refill of its last
// second: the bucket refuses nothing there, and the replacement comes no
// later than in step 2. The first failing second found is the earliest of
// the date, which the Finding reports. Every second of sampled dates, for
// every preset and for random setups (persecond_internal_test.go), checks
// the argument, and a prover that looks only at a few instants of each
// date, or ignores the segment keys, fails that check.
type Prover struct {
	p      Preset
	lt     lifetimeTable
	outage int64
	limit  RateLimit // the limit that binds the client's renewals longest
	refill int64     // its refill in whole seconds, rounded up; 0 for none
}

// NewProver validates p and precomputes what the judgement needs.
func NewProver(p Preset) (*Prover, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pr := &Prover{p: p, lt: p.CA.table(), outage: int64(p.Outage / time.Second)}
	pr.limit = p.RenewalLimit()
	if e := pr.limit.Refill(); e > 0 {
		pr.refill = int64((e + time.Second - 1) / time.Second)
	}
	return pr, nil
}

// Preset returns the preset being proved.
func (pr *Prover) Preset() Preset { return pr.p }

// Kinds are the failure kinds' names in the order reports print them.
func Kinds() []string {
	return []string{Lapse.String(), RateLimited.String(), ScheduleError.String()}
}

// Subject returns the preset as a subject of proof.Sweep: its claim and a
// Prover as the judge. Dates the model cannot follow to the end (see
// Check) are not judged. Error: p invalid.
func (p Preset) Subject() (proof.Subject, error) {
	pr, err := NewProver(p)
	if err != nil {
		return proof.Subject{}, err
	}
	return proof.Subject{Name: p.Name, Claim: p.Claim, Judge: pr, Kinds: Kinds()}, nil
}

// Judge judges date d for proof.Sweep: it fails with the Finding's kind
// and detail, and is not judged when Check answers ErrRange. Errors are
// those of Check otherwise.
func (pr *Prover) Judge(d calendar.Date) (proof.Verdict, error) {
	f, bad, err := pr.Check(d)
	switch {
	case errors.Is(err, ErrRange):
		return proof.Verdict{NotJudged: true}, nil
	case err != nil:
		return proof.Verdict{}, err
	case !bad:
		return proof.Verdict{}, nil
	}
	return proof.Verdict{Fails: true, Kind: f.Kind.String(), Detail: f.Detail}, nil
}

// errBeyond marks a date whose chain leaves the model's range.
var errBeyond = errors.New("beyond the model's range")

// Check returns the Finding for d and true if d fails, false if it is
// safe. A date the model cannot follow to the end returns an error
// wrapping ErrRange: a certificate issued on it would need its replacement
// by a second after 9999-12-31T23:59:59Z (its NotAfter + 1 s), or its
// renewal attempts run past that second. An invalid d returns one
// wrapping calendar.ErrRange or calendar.ErrNoSuchDay.
func (pr *Prover) Check(d calendar.Date) (Finding, bool, error) {
	if err := d.Validate(); err != nil {
		return Finding{}, false, err
	}
	f, bad, err := pr.check(d.DayNumber())
	if errors.Is(err, errBeyond) {
		return Finding{}, false, newError(d.String(), ErrRange, fmt.Sprintf("preset %s: %s: renewal runs past 9999-12-31T23:59:59Z", pr.p.Name, d))
	}
	if bad {
		f.Date, f.DateText = d, d.String()
	}
	return f, bad, err
}

// check judges the date with day number day (see Prover).
func (pr *Prover) check(day int64) (Finding, bool, error) {
	t0, t1 := day*secondsPerDay, day*secondsPerDay+secondsPerDay-1
	// The lifetime pieces of the day.
	var pieces [][2]int64
	lo := t0
	for _, f := range pr.lt.from {
		if f > lo && f <= t1 {
			pieces = append(pieces, [2]int64{lo, f - 1})
			lo = f
		}
	}
	pieces = append(pieces, [2]int64{lo, t1})
	// Every judgement below compares instants with NotAfter + 1 s, the
	// second a replacement is due by, so the model must reach it for the
	// last second of each piece (the latest NotAfter of the piece): the
	// rest of check and its helpers rely on this and do not test it again.
	for _, pc := range pieces {
		if pc[1]+pr.lt.at(pc[1]) > maxUnix {
			return Finding{}, false, errBeyond // NotAfter + 1 s after 9999-12-31T23:59:59Z
		}
	}
	// 1. ScheduleError depends on the date alone.
	if _, _, err := pr.p.Client.dueBounds(t0, t0+pr.lt.at(t0)-1); err != nil {
		if errors.Is(err, ErrSchedule) {
			return Finding{Kind: ScheduleError, Issued: time.Unix(t0, 0).UTC(), Detail: err.Error()}, true, nil
		}
		return Finding{}, false, beyond(err)
	}
	// 2. Lapse, worst case, over every second.
	for _, pc := range pieces {
		t, found, err := pr.firstFail(pc[0], pc[1], pr.lapseWorst)
		if err != nil {
			return Finding{}, false, err
		}
		if found {
			f, _, err := pr.lapseAt(t)
			return f, true, err
		}
	}
	// 3. Rate limit: a lapse caused by refusals of an empty bucket.
	if pr.refill == 0 {
		return Finding{}, false, nil
	}
	for _, pc := range pieces {
		// The first attempt of every second of the piece comes after its
		// refill: the bucket refuses nothing, and the replacement comes
		// no later than in step 2, which passed.
		if aLo, _, _, _, _, err := pr.firstAttempt(pc[0]); err == nil && aLo >= pc[1]+pr.refill {
			continue
		}
		t, found, err := pr.firstFail(pc[0], pc[1], pr.refusedUntilRefill)
		if err != nil {
			return Finding{}, false, err
		}
		if found {
			f, err := pr.limitedAt(t)
			return f, true, err
		}
	}
	return Finding{}, false, nil
}

// beyond converts a range error from a schedule into errBeyond.
func beyond(err error) error {
	if errors.Is(err, ErrRange) {
		return errBeyond
	}
	return err
}

// firstAttempt returns the range [aLo, aHi] of the first renewal attempt
// of a certificate issued at t over every random draw (jitter, ARI's
// choice, timer delays), with the certificate's NotAfter and the latest
// due instant, and the segment key of the schedule bases the range comes
// from (see Prover: equal keys at both ends of an interval mean the same
// bases throughout).
func (pr *Prover) firstAttempt(t int64) (aLo, aHi, na, dueHi int64, seg [3]int64, err error) {
	c := pr.p.Client
	na = t + pr.lt.at(t) - 1 // na + 1 <= maxUnix: check tested it
	dLo, dHi, err := c.dueBounds(t, na)
	if err != nil {
		return 0, 0, 0, 0, seg, beyond(err)
	}
	xLo, xHi := max(dLo, t+1), max(dHi, t+1)
	if c.Wake.Kind == Continuous {
		return xLo, xHi, na, dHi, seg, nil
	}
	aLo, _, err = c.Wake.runBounds(xLo)
	if err == nil {
		_, aHi, err = c.Wake.runBounds(xHi)
	}
	if err != nil {
		return 0, 0, 0, 0, seg, beyond(err)
	}
	d := int64(c.Wake.Delay / time.Second)
	seg[0], _ = c.Wake.nextBase(xLo)
	seg[1], _ = c.Wake.nextBase(xLo - max(d-1, 0))
	seg[2], _ = c.Wake.nextBase(xHi)
	return aLo, aHi, na, dHi, seg, nil
}

// worstAttempt returns the latest instant, over every random draw, of the
// first attempt at or after x, when the first attempt falls in [aLo, aHi]
// and every attempt before x is refused (see Prover, "Retries").
func (pr *Prover) worstAttempt(aLo, aHi, x int64) (int64, error) {
	w := int64(math.MinInt64)
	if aHi >= x {
		w = aHi
	}
	if aLo >= x {
		return w, nil
	}
	r := pr.p.Client.Retry
	if r.AtNextWake {
		_, hi, err := pr.p.Client.Wake.runBounds(x)
		return max(w, hi), beyond(err)
	}
	spread := max(int64(r.Random/time.Second)-1, 0)
	lo, hi := aLo, aHi // the reachable instants of the (k-1)-th retry
	for k := 1; lo < x; k++ {
		b := r.backoff(k)
		if r.constantFrom(k) {
			// Every later wait is b + [0, spread]: the last attempt before
			// x is latest at the largest j with lo + j x b < x, and the
			// attempt after it is the latest of all (q grows with j).
			j := (x - 1 - lo) / b
			hi += j * (b + spread)
			return max(w, min(hi, x-1)+b+spread), nil
		}
		if q := min(hi, x-1) + b + spread; q >= x {
			w = max(w, q)
		}
		lo, hi = lo+b, hi+b+spread
	}
	return w, nil
}

// constantFrom reports whether the wait after the k-th failure and every
// later one is the same.
func (r Retry) constantFrom(k int) bool {
	if len(r.Steps) > 0 {
		return k >= len(r.Steps)
	}
	return r.backoff(k) >= int64(r.Max/time.Second)
}

// renewedBy returns the worst-case instant s at which the replacement of a
// certificate issued at t is issued with the CA down for the preset's
// Outage from the first attempt, with its latest due instant and first
// attempt (see Prover, step 2).
func (pr *Prover) renewedBy(t int64) (s, due, attempt int64, err error) {
	_, a, _, due, _, err := pr.firstAttempt(t)
	if err != nil {
		return 0, 0, 0, err
	}
	s, err = pr.worstAttempt(a, a, a+pr.outage)
	return s, due, a, err
}

// refusedUntilRefill returns the worst-case instant at which the
// replacement of a certificate issued at t is issued when the limit's
// bucket is empty after that issuance, so that every request before t +
// refill is refused (see Prover, step 3), with the segment key.
func (pr *Prover) refusedUntilRefill(t int64) (s int64, seg [3]int64, err error) {
	aLo, aHi, _, _, seg, err := pr.firstAttempt(t)
	if err != nil {
		return 0, seg, err
	}
	s, err = pr.worstAttempt(aLo, aHi, t+pr.refill)
	return s, seg, err
}

// firstFail returns the first second of [lo, hi], a range within one
// lifetime piece, whose worst replacement instant (worst) is after its
// certificate's end, by the bisection the Prover's doc argues for: on an
// interval whose ends have the same segment key the worst instant is
// nondecreasing in t.
func (pr *Prover) firstFail(lo, hi int64, worst func(int64) (int64, [3]int64, error)) (int64, bool, error) {
	end := pr.lt.at(lo) // NotAfter + 1s - t, the same on the piece
	sHi, segHi, err := worst(hi)
	if err != nil {
		return 0, false, err
	}
	sLo, segLo, err := worst(lo)
	if err != nil {
		return 0, false, err
	}
	if lo == hi {
		return lo, sLo > lo+end, nil
	}
	if segLo == segHi {
		if sHi <= lo+end {
			return 0, false, nil
		}
		if sLo > lo+end {
			return lo, true, nil
		}
	}
	mid := lo + (hi-lo)/2
	if t, found, err := pr.firstFail(lo, mid, worst); err != nil || found {
		return t, found, err
	}
	return pr.firstFail(mid+1, hi, worst)
}

// lapseWorst is renewedBy as a worst function for firstFail (one segment:
// the outage's worst case is monotone on a whole lifetime piece).
func (pr *Prover) lapseWorst(t int64) (int64, [3]int64, error) {
	s, _, _, err := pr.renewedBy(t)
	return s, [3]int64{}, err
}

// lapseAt returns the Finding of a certificate issued at t that lapses.
func (pr *Prover) lapseAt(t int64) (Finding, bool, error) {
	s, due, a, err := pr.renewedBy(t)
	if err != nil {
		return Finding{}, false, err
	}
	na := t + pr.lt.at(t) - 1
	if s <= na+1 {
		return Finding{}, false, nil
	}
	f := Finding{Kind: Lapse, Issued: time.Unix(t, 0).UTC(), NotAfter: time.Unix(na, 0).UTC(),
		Due: time.Unix(due, 0).UTC(), Renewed: time.Unix(s, 0).UTC(), Gap: time.Duration(s-na-1) * time.Second}
	f.Detail = fmt.Sprintf("certificate issued %s expires after %s; due %s, first attempt %s, CA down %s, renewed %s: %s without a valid certificate",
		unixText(t), unixText(na), unixText(due), unixText(a), durationText(time.Duration(pr.outage)*time.Second), unixText(s), durationText(f.Gap))
	return f, true, nil
}

// limitedAt returns the Finding of a certificate issued at t whose
// replacement the empty bucket delays past its end.
func (pr *Prover) limitedAt(t int64) (Finding, error) {
	s, _, err := pr.refusedUntilRefill(t)
	if err != nil {
		return Finding{}, err
	}
	_, aHi, na, due, _, _ := pr.firstAttempt(t)
	f := Finding{Kind: RateLimited, Issued: time.Unix(t, 0).UTC(), NotAfter: time.Unix(na, 0).UTC(),
		Due: time.Unix(due, 0).UTC(), Renewed: time.Unix(s, 0).UTC(), Gap: time.Duration(s-na-1) * time.Second}
	f.Detail = fmt.Sprintf("certificate issued %s expires after %s; due %s, first attempt by %s, refused by %s until %s (bucket empty), renewed %s: %s without a valid certificate",
		unixText(t), unixText(na), unixText(due), unixText(aHi), pr.limit.Name, unixText(t+pr.refill), unixText(s), durationText(f.Gap))
	return f, nil
}
