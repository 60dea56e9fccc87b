package renew

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
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

// Tally counts a sweep's dates.
type Tally struct {
	// Dates is the number of dates checked, Failing those with a Finding.
	Dates   int64 `json:"dates"`
	Failing int64 `json:"failing"`
	// Beyond counts dates not judged because their renewal falls after
	// 9999-12-31T23:59:59Z, where the model has no calendar.
	Beyond int64 `json:"beyond,omitempty"`
	// ByKind counts failing dates by kind (indexed by FailureKind).
	ByKind [4]int64 `json:"-"`
	// Claimed counts the judged dates the preset's claim says fail;
	// Unexpected the failing dates it does not name, Missed the named
	// dates that did not fail. Dates counted in Beyond are not judged.
	Claimed    int64 `json:"claimed"`
	Unexpected int64 `json:"unexpected"`
	Missed     int64 `json:"missed"`
}

// Holds reports whether the claim held on every judged date of the sweep.
func (t Tally) Holds() bool { return t.Unexpected == 0 && t.Missed == 0 }

// Add merges u into t, for sharded sweeps.
func (t *Tally) Add(u Tally) {
	t.Dates += u.Dates
	t.Failing += u.Failing
	t.Beyond += u.Beyond
	t.Claimed += u.Claimed
	t.Unexpected += u.Unexpected
	t.Missed += u.Missed
	for i := range t.ByKind {
		t.ByKind[i] += u.ByKind[i]
	}
}

// DefaultWindow is the renewal proof's default range of issuance dates,
// 2020-01-01..2040-12-31: every lifetime change of the Baseline
// Requirements and Let's Encrypt, with years of margin on both sides.
func DefaultWindow() calendar.Range {
	r, _ := calendar.NewRange(calendar.Date{Year: 2020, Month: time.January, Day: 1}, calendar.Date{Year: 2040, Month: time.December, Day: 31})
	return r
}

// Prover checks issuance dates for one Preset. It is read-only after
// NewProver, so one Prover may be used from several goroutines; shard a
// range with calendar.Range.Shard and merge the Tallies with Tally.Add.
//
// For each date d and each checked time of day τ (00:00:00, 12:00:00,
// 23:59:59 and each run time of the client's schedule and the seconds
// either side), a certificate issued at d+τ UTC:
//
//  1. has its renewal time computed; an error is a ScheduleError;
//  2. is renewed, in the worst case, at the latest instant the client can
//     first attempt it (latest jitter, latest timer run), with the CA down
//     for Outage from that attempt, retried with the client's Retry at the
//     latest runs; a replacement issued after NotAfter + 1s is a Lapse;
//  3. starts a renewal chain that, in the best case for the client
//     (earliest jitter and runs, no outage), issues more than the limit's
//     Count certificates in [d+τ, d+τ+Window): RateLimited.
//
// Step 2 is exact for the presets' deterministic clients and a bound for
// the random ones: a later attempt or a later run never makes a lapse
// less likely (the outage is placed by an adversary at the attempt), so
// every seed is covered. Step 3 checks the sliding-window threshold at
// every window that starts with an issuance, which are the only windows
// that can hold the most issuances; as the chain of every date is checked,
// a chain that exceeds the limit anywhere fails at the date of the first
// issuance of the offending window.
type Prover struct {
	p      Preset
	lt     lifetimeTable
	tods   []int64
	outage int64
	limitN int
	limitW int64
}

// NewProver validates p and precomputes what the sweep needs.
func NewProver(p Preset) (*Prover, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pr := &Prover{p: p, lt: p.CA.table(), outage: int64(p.Outage / time.Second), limitN: p.Limit.Count, limitW: int64(p.Limit.Window / time.Second)}
	pr.tods = []int64{0, 43200, 86399}
	for _, t := range p.Client.Wake.Times {
		s := int64(t / time.Second)
		for _, x := range []int64{s - 1, s, s + 1} {
			if x >= 0 && x < secondsPerDay {
				pr.tods = append(pr.tods, x)
			}
		}
	}
	slices.Sort(pr.tods)
	pr.tods = slices.Compact(pr.tods)
	return pr, nil
}

// Preset returns the preset being proved.
func (pr *Prover) Preset() Preset { return pr.p }

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
	f, bad, err := pr.check(d, d.DayNumber())
	if errors.Is(err, errBeyond) {
		return Finding{}, false, newError(d.String(), ErrRange, fmt.Sprintf("preset %s: %s: renewal falls after 9999-12-31T23:59:59Z", pr.p.Name, d))
	}
	return f, bad, err
}

func (pr *Prover) check(d calendar.Date, day int64) (Finding, bool, error) {
	for _, tod := range pr.tods {
		t := day*secondsPerDay + tod
		f, bad, err := pr.checkAt(t)
		if err != nil {
			return Finding{}, false, err
		}
		if bad {
			f.Date, f.DateText = d, d.String()
			return f, true, nil
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

// checkAt checks one issuance instant t (Unix seconds).
func (pr *Prover) checkAt(t int64) (Finding, bool, error) {
	c := pr.p.Client
	na := t + pr.lt.at(t) - 1
	if na+1 > maxUnix {
		return Finding{}, false, errBeyond
	}
	f := Finding{Issued: time.Unix(t, 0).UTC(), NotAfter: time.Unix(na, 0).UTC()}
	dueLo, dueHi, err := c.dueBounds(t, na)
	if err != nil {
		if errors.Is(err, ErrSchedule) {
			f.Kind, f.Detail = ScheduleError, err.Error()
			return f, true, nil
		}
		return Finding{}, false, beyond(err)
	}
	// 2. Lapse, worst case.
	_, a, err := c.Wake.runBounds(max(dueHi, t+1))
	if err != nil {
		return Finding{}, false, beyond(err)
	}
	s := a
	for k := 1; s < a+pr.outage; k++ {
		if s, err = pr.retryHi(s, k); err != nil {
			return Finding{}, false, beyond(err)
		}
	}
	if s > na+1 {
		f.Kind, f.Due, f.Renewed, f.Gap = Lapse, time.Unix(dueHi, 0).UTC(), time.Unix(s, 0).UTC(), time.Duration(s-na-1)*time.Second
		f.Detail = fmt.Sprintf("certificate issued %s expires after %s; due %s, first attempt %s, CA down %s, renewed %s: %s without a valid certificate",
			unixText(t), unixText(na), unixText(dueHi), unixText(a), durationText(time.Duration(pr.outage)*time.Second), unixText(s), durationText(f.Gap))
		return f, true, nil
	}
	// 3. Rate limit, best case for the client.
	if pr.limitN == 0 {
		return Finding{}, false, nil
	}
	n, err := pr.chainCount(t, na, dueLo)
	if err != nil {
		return Finding{}, false, beyond(err)
	}
	if n > pr.limitN {
		f.Kind, f.Issuances = RateLimited, n
		f.Detail = fmt.Sprintf("issuance at %s starts %d issuances within %s, more than the limit %s", unixText(t), n, durationText(time.Duration(pr.limitW)*time.Second), pr.p.Limit)
		return f, true, nil
	}
	return Finding{}, false, nil
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

// chainCount counts the issuances in [t, t+W) of the earliest renewal
// chain from an issuance at t, stopping once it exceeds the limit. With a
// delayed schedule each issuance uses a run from a later scheduled base
// than the one before (one renewal per run), and the first issuance is
// taken to use the earliest base whose run can fall at t.
func (pr *Prover) chainCount(t, na, dueLo int64) (int, error) {
	w := pr.p.Client.Wake
	delay := int64(w.Delay / time.Second)
	base := int64(-1 << 62)
	if w.Kind != Continuous {
		b, err := w.nextBase(t - max(delay-1, 0))
		if err != nil {
			return 0, err
		}
		base = b
		if b > t { // no run can fall at t: the next run is still free
			base = b - 1
		}
	}
	n, cur := 1, t
	for n <= pr.limitN {
		x := max(dueLo, cur+1)
		next := x
		if w.Kind != Continuous {
			b, err := w.nextBase(max(base+1, x-max(delay-1, 0)))
			if err != nil {
				return 0, err
			}
			next, base = max(x, b), b
		}
		if next >= t+pr.limitW {
			break
		}
		n++
		cur = next
		na = cur + pr.lt.at(cur) - 1
		var err error
		if dueLo, _, err = pr.p.Client.dueBounds(cur, na); err != nil {
			// A chain that reaches a date the client cannot schedule
			// stops issuing there; that date fails on its own.
			break
		}
	}
	return n, nil
}

// Sweep checks every date of r in order and calls fail for each failing
// one, judging each date against the preset's claim (Tally.Claimed,
// Unexpected, Missed). Dates whose renewal falls after 9999-12-31 are
// counted in Tally.Beyond and not judged.
func (pr *Prover) Sweep(r calendar.Range, fail func(Finding)) (Tally, error) {
	return pr.Judge(r, func(d calendar.Date, f Finding, failed, claimed bool) {
		if failed && fail != nil {
			fail(f)
		}
	})
}

// Judge checks every date of r in order against the preset's claim, as
// Sweep does, and calls visit for each date that fails or that the claim
// says fails: with failed and claimed both true where they agree, and one
// of them false where the date contradicts the claim (f is the zero
// Finding, but for its Date and DateText, when the date did not fail).
// visit may be nil.
func (pr *Prover) Judge(r calendar.Range, visit func(d calendar.Date, f Finding, failed, claimed bool)) (Tally, error) {
	var t Tally
	for day, d := range r.DayNumbers() {
		t.Dates++
		f, bad, err := pr.check(d, day)
		switch {
		case errors.Is(err, errBeyond):
			t.Beyond++
			continue
		case err != nil:
			return t, err
		}
		claimed := pr.p.Fails(d)
		if bad {
			t.Failing++
			t.ByKind[f.Kind]++
		}
		switch {
		case claimed && !bad:
			t.Claimed++
			t.Missed++
			f.Date, f.DateText = d, d.String()
		case claimed:
			t.Claimed++
		case bad:
			t.Unexpected++
		default:
			continue
		}
		if visit != nil {
			visit(d, f, bad, claimed)
		}
	}
	return t, nil
}

// Prove sweeps r for p and returns the tally and every failing date's
// Finding, in date order.
func Prove(p Preset, r calendar.Range) (Tally, []Finding, error) {
	pr, err := NewProver(p)
	if err != nil {
		return Tally{}, nil, err
	}
	var out []Finding
	t, err := pr.Sweep(r, func(f Finding) { out = append(out, f) })
	return t, out, err
}
