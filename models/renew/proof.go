package renew

import (
	"errors"
	"fmt"
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
//     leaves no gap). The worst case over every random draw is the latest
//     due instant (latest jitter or ARI draw), the latest run of the
//     schedule at or after it (latest RandomizedDelay), a CA outage of the
//     preset's length starting at that first attempt (an outage that
//     starts earlier ends earlier, one that starts later misses the
//     attempt), and retries at their latest runs.
//  3. RateLimited: in the best case for the client (earliest draws, no
//     outage) the renewal chain started by the issuance at t puts more
//     than Limit.Count issuances in [t, t + Limit.Window). That window,
//     starting at an issuance, is the one that can hold the most.
//
// # Why finitely many instants decide every second
//
// Split d at the CA's lifetime switch instants (Lifetimes.Steps, the
// Baseline Requirements dates): on each piece the lifetime L is constant,
// so NotAfter + 1s = t + L, and every due instant is t plus a constant
// (the fraction triggers multiply the constant L, BeforeExpiry and
// AfterIssuance add one, Anniversary keeps the time of day of a date that
// is fixed within d). Every later step is a nondecreasing function of its
// input: the next scheduled run at or after x, plus the largest delay;
// retries (a backoff adds the same amounts to any first attempt; the next
// wake after an outage of fixed length is the first run at or after
// attempt + outage). So the worst replacement instant s(t) is a
// nondecreasing step function of t on a piece, and on an interval
// [lo, hi] of it:
//
//	s(hi) <= lo + L   no second of [lo, hi] lapses (s(t) <= s(hi) <= t + L)
//	s(lo) >  lo + L   lo lapses
//
// and otherwise the interval is halved. The search is exact (at worst it
// judges single seconds) and cheap: s(t) changes only where t + due
// offset crosses a scheduled run, a handful of instants a day, so a date
// costs two evaluations when no second is near a run and about 2 x 17
// per crossing otherwise. The first failing second found is the earliest
// of the date, which the Finding reports.
//
// The rate-limit count is monotone the same way: each issuance c_k(t) of
// the earliest chain is a nondecreasing function of t as long as every
// earlier issuance stays in one lifetime piece (and, for Anniversary, on
// one date, since Clamp and Roll map February 28 and 29 to one date and
// reorder the times of day), so on [lo, hi], with the chains of lo and hi
// in the same pieces,
//
//	1 + #{k >= 1 : c_k(lo) < hi + W}   bounds the count above on [lo, hi]
//	1 + #{k >= 1 : c_k(hi) < lo + W}   bounds it below,
//
// and the interval is halved where the bounds disagree with the limit or
// the chains cross a piece. Brute force over every second of sampled dates
// (brute_internal_test.go) checks both arguments, and a prover that looks
// only at a few instants of each date fails that check.
type Prover struct {
	p      Preset
	lt     lifetimeTable
	outage int64
	limitN int
	limitW int64
}

// NewProver validates p and precomputes what the judgement needs.
func NewProver(p Preset) (*Prover, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Prover{p: p, lt: p.CA.table(), outage: int64(p.Outage / time.Second), limitN: p.Limit.Count, limitW: int64(p.Limit.Window / time.Second)}, nil
}

// Preset returns the preset being proved.
func (pr *Prover) Preset() Preset { return pr.p }

// Kinds are the failure kinds' names in the order reports print them.
func Kinds() []string {
	return []string{Lapse.String(), RateLimited.String(), ScheduleError.String()}
}

// Subject returns the preset as a subject of proof.Sweep: its claim and a
// Prover as the judge. Dates whose renewal falls after 9999-12-31 are not
// judged. Error: p invalid.
func (p Preset) Subject() (proof.Subject, error) {
	pr, err := NewProver(p)
	if err != nil {
		return proof.Subject{}, err
	}
	return proof.Subject{Name: p.Name, Claim: p.Claim, Judge: pr, Kinds: Kinds()}, nil
}

// Judge judges date d for proof.Sweep: it fails with the Finding's kind
// and detail, and is not judged when the renewal of a certificate issued
// on d falls after 9999-12-31T23:59:59Z. Errors are those of Check
// otherwise.
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
// safe. A date whose renewal falls after 9999-12-31 returns an error
// wrapping ErrRange; an invalid d, one wrapping calendar.ErrRange or
// calendar.ErrNoSuchDay.
func (pr *Prover) Check(d calendar.Date) (Finding, bool, error) {
	if err := d.Validate(); err != nil {
		return Finding{}, false, err
	}
	f, bad, err := pr.check(d.DayNumber())
	if errors.Is(err, errBeyond) {
		return Finding{}, false, newError(d.String(), ErrRange, fmt.Sprintf("preset %s: %s: renewal falls after 9999-12-31T23:59:59Z", pr.p.Name, d))
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
	for _, pc := range pieces {
		if pc[1]+pr.lt.at(pc[1]) > maxUnix+1 {
			return Finding{}, false, errBeyond // NotAfter after 9999-12-31T23:59:59Z
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
		t, found, err := pr.firstLapse(pc[0], pc[1])
		if err != nil {
			return Finding{}, false, err
		}
		if found {
			f, _, err := pr.lapseAt(t)
			return f, true, err
		}
	}
	// 3. Rate limit, best case for the client, over every second.
	if pr.limitN == 0 {
		return Finding{}, false, nil
	}
	for _, pc := range pieces {
		t, n, found, err := pr.firstStorm(pc[0], pc[1])
		if err != nil {
			return Finding{}, false, err
		}
		if found {
			na := t + pr.lt.at(t) - 1
			return Finding{Kind: RateLimited, Issued: time.Unix(t, 0).UTC(), NotAfter: time.Unix(na, 0).UTC(), Issuances: n,
				Detail: fmt.Sprintf("issuance at %s starts %d issuances within %s, more than the limit %s",
					unixText(t), n, durationText(time.Duration(pr.limitW)*time.Second), pr.p.Limit)}, true, nil
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

// renewedBy returns the worst-case instant s at which the replacement of a
// certificate issued at t is issued, with its latest due instant and first
// attempt (see Prover, step 2).
func (pr *Prover) renewedBy(t int64) (s, due, attempt int64, err error) {
	c := pr.p.Client
	na := t + pr.lt.at(t) - 1
	if na+1 > maxUnix {
		return 0, 0, 0, errBeyond
	}
	_, due, err = c.dueBounds(t, na)
	if err != nil {
		return 0, 0, 0, beyond(err)
	}
	_, a, err := c.Wake.runBounds(max(due, t+1))
	if err != nil {
		return 0, 0, 0, beyond(err)
	}
	s = a
	for k := 1; s < a+pr.outage; k++ {
		if s, err = pr.retryHi(s, k); err != nil {
			return 0, 0, 0, beyond(err)
		}
	}
	return s, due, a, nil
}

// firstLapse returns the first second of [lo, hi], a range within one
// lifetime piece, whose certificate lapses in the worst case, by the
// bisection the Prover's doc argues for.
func (pr *Prover) firstLapse(lo, hi int64) (int64, bool, error) {
	end := pr.lt.at(lo) // NotAfter + 1s - t, the same on the piece
	sHi, _, _, err := pr.renewedBy(hi)
	if err != nil {
		return 0, false, err
	}
	if sHi <= lo+end {
		return 0, false, nil
	}
	sLo, _, _, err := pr.renewedBy(lo)
	if err != nil {
		return 0, false, err
	}
	if sLo > lo+end {
		return lo, true, nil
	}
	if lo == hi {
		return 0, false, nil
	}
	mid := lo + (hi-lo)/2
	if t, found, err := pr.firstLapse(lo, mid); err != nil || found {
		return t, found, err
	}
	return pr.firstLapse(mid+1, hi)
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

// retryHi returns the latest instant of the attempt after the k-th
// consecutive failure at s.
func (pr *Prover) retryHi(s int64, k int) (int64, error) {
	c := pr.p.Client
	if c.Retry.AtNextWake {
		_, hi, err := c.Wake.runBounds(s + 1)
		return hi, err
	}
	return s + c.Retry.backoff(k), nil
}

// link is one issuance of a renewal chain: its instant and the piece it
// falls in (see Prover: the lifetime piece, and the date for Anniversary).
type link struct {
	at    int64
	piece int
	day   int64
}

// chain returns the issuances after an issuance at t of the earliest
// renewal chain (best case for the client, Prover step 3) that fall
// before horizon, at most n of them. With a delayed schedule each issuance
// uses a run from a later scheduled base than the one before (one renewal
// per run), and the first issuance is taken to use the earliest base whose
// run can fall at t. A chain that reaches an issuance the client cannot
// schedule (ScheduleError) stops there: that date fails on its own.
func (pr *Prover) chain(t, horizon int64, n int, out []link) ([]link, error) {
	c := pr.p.Client
	w := c.Wake
	delay := int64(w.Delay / time.Second)
	base := int64(-1 << 62)
	if w.Kind != Continuous {
		b, err := w.nextBase(t - max(delay-1, 0))
		if err != nil {
			return out, beyond(err)
		}
		base = b
		if b > t { // no run can fall at t: the next run is still free
			base = b - 1
		}
	}
	cur := t
	for len(out) < n {
		na := cur + pr.lt.at(cur) - 1
		dueLo, _, err := c.dueBounds(cur, na)
		if err != nil {
			if errors.Is(err, ErrSchedule) {
				break
			}
			return out, beyond(err)
		}
		x := max(dueLo, cur+1)
		next := x
		if w.Kind != Continuous {
			b, err := w.nextBase(max(base+1, x-max(delay-1, 0)))
			if err != nil {
				return out, beyond(err)
			}
			next, base = max(x, b), b
		}
		if next >= horizon {
			break
		}
		cur = next
		out = append(out, pr.linkAt(cur))
	}
	return out, nil
}

// linkAt returns the link of an issuance at u.
func (pr *Prover) linkAt(u int64) link {
	l := link{at: u, piece: pr.lt.piece(u)}
	if pr.p.Client.Trigger.Kind == Anniversary {
		l.day = floorDiv(u, secondsPerDay)
	}
	return l
}

// firstStorm returns the first second of [lo, hi], a range within one
// lifetime piece, whose earliest renewal chain exceeds the rate limit, with
// the count, by the bisection the Prover's doc argues for.
func (pr *Prover) firstStorm(lo, hi int64) (int64, int, bool, error) {
	var bufLo, bufHi [16]link
	cLo, err := pr.chain(lo, hi+pr.limitW, pr.limitN, bufLo[:0])
	if err != nil {
		return 0, 0, false, err
	}
	if lo == hi {
		n := 1 + len(cLo)
		return lo, n, n > pr.limitN, nil
	}
	// hi's chain, link for link: the bounds hold only while every link that
	// they count lies in the same piece for lo and hi. A chain that stops
	// early (a ScheduleError, or past 9999) cannot be compared: halve.
	cHi, err := pr.chain(hi, maxUnix+1, len(cLo), bufHi[:0])
	same := err == nil && len(cHi) == len(cLo)
	for k := 0; same && k < len(cLo); k++ {
		same = cLo[k].piece == cHi[k].piece && cLo[k].day == cHi[k].day
	}
	if same {
		if upper := 1 + len(cLo); upper <= pr.limitN { // every link of lo's chain before hi + W
			return 0, 0, false, nil
		}
		lower := 1
		for _, l := range cHi {
			if l.at < lo+pr.limitW {
				lower++
			}
		}
		if lower > pr.limitN {
			return lo, lower, true, nil
		}
	}
	mid := lo + (hi-lo)/2
	if t, n, found, err := pr.firstStorm(lo, mid); err != nil || found {
		return t, n, found, err
	}
	return pr.firstStorm(mid+1, hi)
}
