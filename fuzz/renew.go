package fuzz

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
)

// renewOracles are the independent formulations the renewal target checks
// the prover with. A nil field means the real one.
type renewOracles struct {
	// lifetimeAt returns the lifetime a CA gives a certificate issued at t.
	// Real: the last of l's steps whose From is not after t (l.Base before
	// the first), or for BaselineMaximum the CA/Browser Forum table
	// brMaximum, looked up with package time comparisons.
	lifetimeAt func(l renew.Lifetimes, t time.Time) time.Duration
}

// brMaximum is the Baseline Requirements' maximum TLS validity (CA/Browser
// Forum ballot SC-081): 398 days, then these from the given dates. Written
// from the ballot, not read from models/cert.
var brMaximum = []renew.LifetimeStep{
	{From: time.Date(2026, time.March, 15, 0, 0, 0, 0, time.UTC), Lifetime: 200 * renew.Day},
	{From: time.Date(2027, time.March, 15, 0, 0, 0, 0, time.UTC), Lifetime: 100 * renew.Day},
	{From: time.Date(2029, time.March, 15, 0, 0, 0, 0, time.UTC), Lifetime: 47 * renew.Day},
}

func (o renewOracles) lifetime(l renew.Lifetimes, t time.Time) time.Duration {
	if o.lifetimeAt != nil {
		return o.lifetimeAt(l, t)
	}
	base, steps := l.Base, l.Steps
	if l.BaselineMaximum {
		base, steps = 398*renew.Day, brMaximum
	}
	for _, s := range steps {
		if !t.Before(s.From) {
			base = s.Lifetime
		}
	}
	return base
}

// minLifetime is the shortest lifetime the CA ever gives.
func minLifetime(l renew.Lifetimes) time.Duration {
	base, steps := l.Base, l.Steps
	if l.BaselineMaximum {
		base, steps = 398*renew.Day, brMaximum
	}
	for _, s := range steps {
		base = min(base, s.Lifetime)
	}
	return base
}

// renewPresets are renew.Presets, built once.
var renewPresets = sync.OnceValue(renew.Presets)

// renewProvers are a Prover per preset, built once (nil where NewProver
// fails: the target reports it).
var renewProvers = sync.OnceValue(func() map[string]*renew.Prover {
	out := map[string]*renew.Prover{}
	for _, p := range renewPresets() {
		pr, _ := renew.NewProver(p)
		out[p.Name] = pr
	}
	return out
})

// renewEdges are the dates the renewal decoder picks first: every date on
// which a preset's CA changes its lifetime (the Baseline Requirements' dates
// for BaselineMaximum), then the February 29ths of DefaultWindow, sorted.
var renewEdges = sync.OnceValue(func() []calendar.Date {
	var out []calendar.Date
	for _, p := range renewPresets() {
		steps := p.CA.Steps
		if p.CA.BaselineMaximum {
			steps = brMaximum
		}
		for _, s := range steps {
			out = append(out, calendar.DateOf(s.From.UTC()))
		}
	}
	w := renew.DefaultWindow()
	for y := w.First().Year; y <= w.Last().Year; y++ {
		if calendar.IsLeap(y) {
			out = append(out, calendar.Date{Year: y, Month: time.February, Day: 29})
		}
	}
	slices.SortFunc(out, calendar.Date.Compare)
	return slices.Compact(out)
})

// renewCase is one case of the Renew target: a renewal preset and an
// issuance date.
type renewCase struct {
	preset string
	date   calendar.Date
}

// String returns the readable form readRenewCase reads.
func (c renewCase) String() string { return c.preset + " " + c.date.String() }

// readRenewCase reads the readable form of a Renew case: a preset name of
// renew.Presets, one space, and a date YYYY-MM-DD: "certbot-le-classic
// 2027-02-10".
func readRenewCase(s string) (renewCase, bool) {
	name, date, ok := strings.Cut(s, " ")
	if !ok || !slices.ContainsFunc(renewPresets(), func(p renew.Preset) bool { return p.Name == name }) {
		return renewCase{}, false
	}
	d, err := calendar.ParseDate(date)
	return renewCase{name, d}, err == nil
}

// decodeRenewCase decodes a Renew case: byte 0 picks the preset (below the
// number of renew.Presets), then byte 1 mod 4 the date:
//
//	0, 1  an edge date renewEdges[below(len)] moved by 0, -1 or +1 day
//	      (next byte mod 3)
//	2     a narrow date of decoder.date (the props edge table, or any date
//	      of 0001..9999)
//	3     any date of renew.DefaultWindow (below(its length))
func decodeRenewCase(s string) renewCase {
	d := decoder{s}
	ps := renewPresets()
	c := renewCase{preset: ps[d.below(len(ps))].Name}
	var t time.Time
	switch d.byte() % 4 {
	case 0, 1:
		es := renewEdges()
		t = es[d.below(len(es))].In(time.UTC).AddDate(0, 0, []int{0, -1, 1}[d.byte()%3])
	case 2:
		v := d.date(false)
		t = time.Date(v.y, time.Month(v.m), v.d, 0, 0, 0, 0, time.UTC)
	default:
		w := renew.DefaultWindow()
		t = w.First().In(time.UTC).AddDate(0, 0, d.below(int(w.Len())))
	}
	c.date = calendar.DateOf(t)
	if !c.date.Valid() { // an edge moved before 0001-01-01 or past 9999
		c.date = calendar.Date{Year: 2000, Month: time.February, Day: 29}
	}
	return c
}

// checkRenew is the Renew target (input: readRenewCase, or decoded by
// decodeRenewCase). It checks Prover.Check for the case's preset and date:
//
//   - an error must wrap renew.ErrRange and name the date (a renewal past
//     9999-12-31); nothing else is checked then;
//   - a failing date's Finding names the date and a known kind;
//   - inside renew.DefaultWindow the verdict is the preset's claim
//     (Preset.Fails);
//   - the verdict agrees with renewVerdict, a formulation of the simplest
//     clients (a fixed delay after issuance, a fixed threshold before
//     expiry, a calendar anniversary) with package time arithmetic and the
//     CA's lifetime looked up independently (renewOracles.lifetime),
//     wherever that formulation decides.
func (o renewOracles) checkRenew(in string) error {
	in = clip(in)
	c, readable := readRenewCase(in)
	if !readable {
		c = decodeRenewCase(in)
	}
	return replayIf(!readable, o.renew(c), c)
}

// verdict is what renewVerdict decides for one issuance instant.
type verdict uint8

const (
	undecided verdict = iota
	safe
	lapses
	unschedulable
)

func (o renewOracles) renew(c renewCase) error {
	var p renew.Preset
	for _, q := range renewPresets() {
		if q.Name == c.preset {
			p = q
		}
	}
	pr := renewProvers()[c.preset]
	if pr == nil {
		_, err := renew.NewProver(p)
		return fmt.Errorf("renewal preset %s: NewProver: %v", p.Name, err)
	}
	f, bad, err := pr.Check(c.date)
	if err != nil {
		if !errors.Is(err, renew.ErrRange) || !strings.Contains(err.Error(), c.date.String()) {
			return fmt.Errorf("Check(%s) for %s: error %q does not wrap ErrRange or does not name the date", c.date, p.Name, err)
		}
		return nil
	}
	if bad && (f.Date != c.date || f.DateText != c.date.String() || f.Kind < renew.Lapse || f.Kind > renew.ScheduleError) {
		return fmt.Errorf("Check(%s) for %s: Finding %+v does not name the date or a kind", c.date, p.Name, f)
	}
	if renew.DefaultWindow().Contains(c.date) && bad != p.Fails(c.date) {
		return fmt.Errorf("Check(%s) for %s: fails = %v (%s), but the preset claims %q", c.date, p.Name, bad, f.Detail, p.Claim.Text())
	}
	// The prover checks 00:00:00 and 23:59:59 among other times of day: a
	// verdict of failure at either must be a failure, and safety at both
	// with the same lifetime is safety all day (the margins below depend on
	// the time of day only through the lifetime).
	start := c.date.In(time.UTC)
	end := start.Add(24*time.Hour - time.Second)
	v0, v1 := o.renewVerdict(p, start), o.renewVerdict(p, end)
	switch {
	case v0 == unschedulable || v1 == unschedulable:
		if !bad || f.Kind != renew.ScheduleError {
			return fmt.Errorf("Check(%s) for %s = %v, %v; the oracle finds no renewal date (%s under %v)", c.date, p.Name, bad, f.Kind, p.Client.Trigger.Kind, p.Client.Trigger.Overflow)
		}
	case v0 == lapses || v1 == lapses:
		if !bad {
			return fmt.Errorf("Check(%s) for %s: no failure, but the oracle finds a lapse (lifetime %v at %s)", c.date, p.Name, o.lifetime(p.CA, start), instantText(start))
		}
	case v0 == safe && v1 == safe && o.lifetime(p.CA, start) == o.lifetime(p.CA, end):
		if bad {
			return fmt.Errorf("Check(%s) for %s: %v (%s), but the oracle finds it safe (lifetime %v)", c.date, p.Name, f.Kind, f.Detail, o.lifetime(p.CA, start))
		}
	}
	return nil
}

// renewVerdict decides, where it can, whether a certificate issued at t
// under p is replaced in time: the client becomes due at a fixed delay
// after issuance, a fixed threshold before expiry, or on the anniversary;
// its replacement is issued at the latest slack after that (the outage, and
// the client's retry or timer gap after it) and at the earliest Outage
// after it. It lapses when the earliest replacement comes after the
// certificate's end (t + lifetime), and is safe when the latest one comes
// more than a second before it and a renewal chain cannot issue twice in
// the rate limit's window. Anything else is undecided.
func (o renewOracles) renewVerdict(p renew.Preset, t time.Time) verdict {
	c := p.Client
	var slack time.Duration
	switch c.Wake.Kind {
	case renew.Continuous:
		if c.Retry.AtNextWake {
			return undecided
		}
		slack = p.Outage + c.Retry.Max
	case renew.Daily:
		// Runs at least once a day (certbot.timer: 00:00 and 12:00, each
		// delayed up to 12 hours): a day to the first run, a day after
		// the outage.
		slack = p.Outage + 2*24*time.Hour
	default:
		return undecided
	}
	l := o.lifetime(p.CA, t)
	expiry := t.Add(l)
	var due time.Time
	interval := time.Duration(0) // the least time between two renewals
	switch tr := c.Trigger; tr.Kind {
	case renew.AfterIssuance:
		due, interval = t.Add(tr.Offset), tr.Offset
	case renew.BeforeExpiry:
		if tr.Offset >= l {
			return undecided // due at issuance: every run renews
		}
		due, interval = expiry.Add(-tr.Offset), minLifetime(p.CA)-tr.Offset
	case renew.Anniversary:
		y, m, d := t.Date()
		hh, mm, ss := t.Clock()
		due = time.Date(y+tr.Years, m, d, hh, mm, ss, 0, time.UTC)
		if due.Month() != m { // no such day in that year
			switch tr.Overflow {
			case calendar.Reject:
				return unschedulable
			case calendar.Clamp:
				due = time.Date(y+tr.Years, m+1, 0, hh, mm, ss, 0, time.UTC)
			case calendar.Roll:
			default:
				return undecided
			}
		}
		interval = due.Sub(t)
	default:
		return undecided
	}
	switch {
	case due.Add(p.Outage).After(expiry):
		return lapses
	case due.Add(slack).Before(expiry) && (p.Limit.Count == 0 || interval >= p.Limit.Window):
		return safe
	}
	return undecided
}
