package renew

import (
	"container/heap"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
)

// Outage is a window [From, To) in which the CA refuses every request.
type Outage struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Fleet is N services, each with its own renewal client and its own set
// of names, sharing one CA: its lifetimes, its outages and its rate limits.
// A limit with a shared scope (registered domain, account) has one bucket
// for the fleet, an exact-set limit one bucket per service. The CA
// classifies each request as Boulder does (RequestKind): a service's first
// order, or one more than 120 days after its last issuance, is a new
// order; an ARI client's order inside its certificate's window is an ARI
// renewal; any other is a renewal. A request is checked against every
// limit that applies to its kind and spends a token of each only if all
// allow it (Boulder ratelimits BatchSpend: "The returned *Decision
// represents the strictest of all *Decisions"); an issued ARI renewal also
// spends an exact-set token if one is left (best effort).
type Fleet struct {
	Name   string `json:"name"`
	Source string `json:"source,omitempty"`
	// Services is the number of services, at least 1.
	Services int    `json:"services"`
	Client   Policy `json:"client"`
	// Seed seeds every client: service i gets its own seed drawn from a
	// PCG seeded with (Seed, i), unless Synchronized, when every service
	// gets Seed itself and so the same jitter and the same timer delays.
	Seed         uint64      `json:"seed"`
	Synchronized bool        `json:"synchronized"`
	CA           Lifetimes   `json:"ca"`
	Limits       []RateLimit `json:"limits,omitempty"`
	Outages      []Outage    `json:"outages,omitempty"`
	// Downtime lists windows [From, To) in which every service's host is
	// down: no wake happens, certificates still expire. At To a client
	// whose schedule is Persistent (systemd's Persistent=true) or that is
	// a daemon (Continuous) wakes once, after the schedule's random delay;
	// any other waits for its next scheduled run.
	Downtime []Outage `json:"downtime,omitempty"`
	// Start is when the services boot, spread evenly over [Start,
	// Start+Stagger) (all at Start if Stagger is 0); the run ends at
	// Start+Horizon.
	Start   time.Time     `json:"start"`
	Stagger time.Duration `json:"stagger,omitempty"`
	Horizon time.Duration `json:"horizon"`
}

// maxServices bounds a fleet, so that a run stays small enough to print.
const maxServices = 100000

// Validate returns nil if f can be simulated.
func (f Fleet) Validate() error {
	bad := func(field, why string) error {
		return configError(f.Name, fmt.Sprintf("fleet %s: %s: %s", f.Name, field, why))
	}
	if f.Services < 1 || f.Services > maxServices {
		return bad("Services", fmt.Sprintf("%d must be in 1..%d", f.Services, maxServices))
	}
	for _, err := range []error{f.Client.Validate(), f.CA.Validate()} {
		if err != nil {
			return fmt.Errorf("renew: fleet %s: %w", f.Name, err)
		}
	}
	for _, l := range f.Limits {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("renew: fleet %s: %w", f.Name, err)
		}
	}
	if f.Horizon <= 0 || f.Horizon%time.Second != 0 || f.Horizon > 10*366*Day {
		return bad("Horizon", fmt.Sprintf("%v must be whole seconds in (0, 3660d]", f.Horizon))
	}
	if f.Stagger < 0 || f.Stagger > f.Horizon {
		return bad("Stagger", fmt.Sprintf("%v must be in [0, Horizon]", f.Stagger))
	}
	if u := f.Start.Unix(); u < MinUnix || u+int64(f.Horizon/time.Second) > maxUnix-int64(400*Day/time.Second) {
		return bad("Start", f.Start.UTC().Format(time.RFC3339)+" + Horizon must be within 0001..9998")
	}
	for i, o := range f.Outages {
		if !o.To.After(o.From) {
			return bad(fmt.Sprintf("Outages[%d]", i), "To must be after From")
		}
	}
	for i, o := range f.Downtime {
		if !o.To.After(o.From) {
			return bad(fmt.Sprintf("Downtime[%d]", i), "To must be after From")
		}
	}
	return nil
}

// MinUnix is 0001-01-01T00:00:00Z, the model's first instant.
const MinUnix = -62135596800

// EventKind is the kind of a fleet timeline Event.
type EventKind uint8

// Timeline event kinds.
const (
	// KindAttempt: Service asked the CA for a certificate.
	KindAttempt EventKind = iota + 1
	// KindIssued: the CA issued Service a certificate valid until NotAfter.
	KindIssued
	// KindOutageRefused: the CA was down (Detail: the outage).
	KindOutageRefused
	// KindRateLimited: the request would exceed the limit (Detail).
	KindRateLimited
	// KindOutageStart, KindOutageEnd: a CA outage began or ended
	// (Service -1).
	KindOutageStart
	KindOutageEnd
	// KindExpired: Service's certificate expired with no replacement; its
	// expiry gap begins. A start of the service fails until KindRecovered.
	KindExpired
	// KindRecovered: Service holds a valid certificate again; Detail is
	// the length of the gap.
	KindRecovered
	// KindScheduleError: Service's client could not compute when to renew
	// (Detail); it will not renew that certificate.
	KindScheduleError
	// KindHostDown: Service's wake fell in a host downtime (Detail: when it
	// wakes instead).
	KindHostDown
)

var eventNames = [...]string{KindAttempt: "attempt", KindIssued: "issued", KindOutageRefused: "outage-refused",
	KindRateLimited: "rate-limited", KindOutageStart: "outage-start", KindOutageEnd: "outage-end",
	KindExpired: "expired", KindRecovered: "recovered", KindScheduleError: "schedule-error", KindHostDown: "host-down"}

// String returns the kind's name, e.g. "rate-limited".
func (k EventKind) String() string {
	if k >= KindAttempt && k <= KindHostDown {
		return eventNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// MarshalText encodes k as its name, for JSON.
func (k EventKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a name written by MarshalText.
func (k *EventKind) UnmarshalText(b []byte) error {
	return unmarshalName(k, b, "event kind", eventNames[:])
}

// Event is one line of a fleet's timeline.
type Event struct {
	At      time.Time `json:"at"`
	Kind    EventKind `json:"kind"`
	Service int       `json:"service"`
	// NotAfter is the certificate's last second (KindIssued, KindExpired).
	NotAfter time.Time `json:"notAfter,omitzero"`
	Detail   string    `json:"detail,omitempty"`
}

// String formats e as a timeline line: "2026-06-07 16:00:00  svc 3  expired (...)".
func (e Event) String() string {
	who := "ca"
	if e.Service >= 0 {
		who = "svc " + strconv.Itoa(e.Service)
	}
	s := fmt.Sprintf("%s  %-7s %s", e.At.UTC().Format("2006-01-02 15:04:05"), who, e.Kind)
	if !e.NotAfter.IsZero() {
		s += " notAfter=" + e.NotAfter.UTC().Format(time.RFC3339)
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Gap is an interval [From, To) in which Service held no valid
// certificate. Open is true when the run ended inside it (To is then the
// end of the run).
type Gap struct {
	Service int       `json:"service"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Open    bool      `json:"open,omitempty"`
}

// Verdict sums a fleet run up.
type Verdict struct {
	Services      int `json:"services"`
	Attempts      int `json:"attempts"`
	Issued        int `json:"issued"`
	RateLimited   int `json:"rateLimited"`
	OutageRefused int `json:"outageRefused"`
	// Expiries is the number of expiry gaps, ServicesExpired the number of
	// services with at least one, and FirstExpiry the first instant at
	// which some service held no valid certificate.
	Expiries        int       `json:"expiries"`
	ServicesExpired int       `json:"servicesExpired"`
	FirstExpiry     time.Time `json:"firstExpiry,omitzero"`
	FirstRateLimit  time.Time `json:"firstRateLimit,omitzero"`
	// Downtime is the total length of the gaps.
	Downtime time.Duration `json:"downtime"`
	// ScheduleErrors counts certificates a client could not schedule.
	ScheduleErrors int `json:"scheduleErrors,omitempty"`
}

// Safe reports whether no service ever lacked a valid certificate.
func (v Verdict) Safe() bool { return v.Expiries == 0 }

// Run is the result of Simulate: the timeline, the gaps and the verdict.
type Run struct {
	Fleet   Fleet   `json:"fleet"`
	Events  []Event `json:"events"`
	Gaps    []Gap   `json:"gaps"`
	Verdict Verdict `json:"verdict"`
}

// ValidAt reports whether service held a valid certificate at t, which is
// what a start of the service needs: a host or cluster model fails the
// service's starts at every t where ValidAt is false (before its first
// issuance and inside its gaps).
func (r Run) ValidAt(service int, t time.Time) bool {
	first := time.Time{}
	for _, e := range r.Events {
		if e.Kind == KindIssued && e.Service == service {
			first = e.At
			break
		}
	}
	if first.IsZero() || t.Before(first) {
		return false
	}
	for _, g := range r.Gaps {
		if g.Service == service && !t.Before(g.From) && t.Before(g.To) {
			return false
		}
	}
	return true
}

// queued is a timer or expiry check in the simulator's queue.
type queued struct {
	at      int64
	late    bool // expiry checks run after every other event of their instant
	seq     uint64
	service int
	expiry  bool  // an expiry check of the certificate ending at na
	na      int64 // the certificate's NotAfter (expiry checks)
}

type queue []queued

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	if q[i].late != q[j].late {
		return !q[i].late
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *queue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// Simulate runs f: every service boots, requests a certificate and then
// follows its client; the CA issues unless it is in an outage or the
// request would exceed the shared limit. Events at the same instant are
// handled in the order they were scheduled (services in increasing order
// at boot), except that expiry checks come last: a certificate is valid
// through its whole last second, so a replacement issued at NotAfter + 1s
// leaves no gap. The run is a pure function of f.
func Simulate(f Fleet) (Run, error) {
	if err := f.Validate(); err != nil {
		return Run{}, err
	}
	s := newFleetSim(f)
	for _, o := range f.Outages {
		s.run.Events = append(s.run.Events,
			Event{At: o.From.UTC(), Kind: KindOutageStart, Service: -1, Detail: "until " + o.To.UTC().Format(time.RFC3339)},
			Event{At: o.To.UTC(), Kind: KindOutageEnd, Service: -1})
	}
	booted := make([]bool, f.Services)
	for s.q.Len() > 0 {
		e := heap.Pop(&s.q).(queued)
		if e.at > s.end {
			break
		}
		now := time.Unix(e.at, 0).UTC()
		if e.expiry {
			if s.held[e.service] == e.na && s.gapFrom[e.service] == noCert {
				s.gapFrom[e.service] = e.at
				s.emit(Event{At: now, Kind: KindExpired, Service: e.service, NotAfter: time.Unix(e.na, 0).UTC()})
			}
			continue
		}
		if s.timers[e.service] != e.at { // superseded timer
			continue
		}
		if to, down := s.down(e.at); down {
			// The host is down: the wake is missed. systemd's Persistent=
			// (and a daemon, which checks when it starts) runs once at boot,
			// after its random delay; a plain timer or cron waits for its
			// next run after boot.
			at, err := s.afterBoot(e.service, to)
			if err != nil {
				continue // no run before 10000: the client stops
			}
			s.emit(Event{At: now, Kind: KindHostDown, Service: e.service, Detail: "wake missed, host down until " + unixText(to) + ", next " + unixText(at)})
			s.timers[e.service] = at
			s.push(queued{at: at, service: e.service})
			continue
		}
		ev := ClientEvent{Kind: TimerFired}
		if !booted[e.service] {
			booted[e.service], ev.Kind = true, Boot
		}
		if err := s.step(e.service, ev, now); err != nil {
			return Run{}, err
		}
	}
	for i, from := range s.gapFrom {
		if from != noCert {
			s.run.Gaps = append(s.run.Gaps, Gap{Service: i, From: time.Unix(from, 0).UTC(), To: time.Unix(s.end, 0).UTC(), Open: true})
		}
	}
	slices.SortStableFunc(s.run.Events, func(a, b Event) int { return a.At.Compare(b.At) })
	s.verdict()
	return s.run, nil
}

const noCert = -1 << 62

type fleetSim struct {
	f       Fleet
	end     int64
	seq     uint64
	q       queue
	clients []Client
	timers  []int64
	held    []int64
	gapFrom []int64
	// limiters[i][j] is the bucket of Limits[j] for service i (exact set)
	// or, at i = Services, for the fleet (shared scopes).
	limiters   [][]Limiter
	lastIssued []int64
	run        Run
}

// newFleetSim is a simulation of the valid fleet f before its first
// event: every bucket full, no certificate, each service's boot queued.
func newFleetSim(f Fleet) *fleetSim {
	s := &fleetSim{f: f, end: f.Start.Unix() + int64(f.Horizon/time.Second), run: Run{Fleet: f}}
	s.limiters = make([][]Limiter, f.Services+1) // [Services]: the shared buckets
	for i := range s.limiters {
		for _, l := range f.Limits {
			lim, _ := NewLimiter(l)
			s.limiters[i] = append(s.limiters[i], lim)
		}
	}
	s.lastIssued = make([]int64, f.Services)
	s.clients = make([]Client, f.Services)
	s.timers = make([]int64, f.Services)
	s.held = make([]int64, f.Services) // NotAfter of the certificate held, or minimum
	s.gapFrom = make([]int64, f.Services)
	seeds := rand.New(rand.NewPCG(f.Seed, 0x666c656574))
	for i := range s.clients {
		seed := f.Seed
		if !f.Synchronized {
			seed = seeds.Uint64()
		}
		s.clients[i], _ = NewClient(f.Client, seed)
		s.held[i], s.gapFrom[i], s.lastIssued[i] = noCert, noCert, noCert
		at := f.Start.Unix()
		if f.Stagger > 0 {
			at += int64(f.Stagger/time.Second) * int64(i) / int64(f.Services)
		}
		s.push(queued{at: at, service: i})
		s.timers[i] = at
	}
	return s
}

// down reports whether the host is down at u, and until when.
func (s *fleetSim) down(u int64) (int64, bool) {
	for _, d := range s.f.Downtime {
		if u >= d.From.Unix() && u < d.To.Unix() {
			return d.To.Unix(), true
		}
	}
	return 0, false
}

// afterBoot returns service i's first wake after the host comes back at
// to: at once plus the schedule's random delay with Persistent= or for a
// daemon (Continuous), else the next scheduled run at or after to.
func (s *fleetSim) afterBoot(i int, to int64) (int64, error) {
	c := s.clients[i]
	w := c.policy.Wake
	if w.Kind == Continuous || w.Persistent {
		return to + w.delayOf(c.seed, to), nil
	}
	return w.nextRun(to, c.seed)
}

// kindOf classifies service i's request at u as the CA does.
func (s *fleetSim) kindOf(i int, u int64) RequestKind {
	last := s.lastIssued[i]
	if last == noCert || u-last > int64(renewalWindow/time.Second) {
		return NewOrder
	}
	if s.f.Client.Trigger.Kind == ARIWindow {
		if v, ok := s.clients[i].Cert(); ok {
			if lo, hi := ariWindow(v.NotBefore.Unix(), v.NotAfter.Unix()); u >= lo && u < hi {
				return ARIRenewal
			}
		}
	}
	return Renewal
}

// bucket returns the bucket of Limits[j] that service i's request uses.
func (s *fleetSim) bucket(i, j int) *Limiter {
	if s.f.Limits[j].Scope.Shared() {
		return &s.limiters[s.f.Services][j]
	}
	return &s.limiters[i][j]
}

// admit checks service i's request at now against every limit that
// applies to its kind, all or nothing, and returns "" when it is allowed
// (the tokens spent) or the refusal's detail: the limit whose token comes
// back last, as Let's Encrypt reports it (Boulder's ratelimits.BatchSpend
// keeps the "stricter" decision, the one with the longer RetryIn). Of
// limits whose tokens come back at the same instant it names the first in
// Limits; Boulder names the later of its own batch, whose order is not
// Limits', so the name on a tie is this model's convention.
func (s *fleetSim) admit(i int, now time.Time) string {
	kind := s.kindOf(i, now.Unix())
	next := make([]Limiter, len(s.f.Limits))
	worst, wait := -1, time.Duration(0)
	for j, l := range s.f.Limits {
		b := s.bucket(i, j)
		next[j] = *b
		if !l.Applies(kind) {
			continue
		}
		n, ok := b.Allow(now)
		if w := b.RetryIn(now); !ok && (worst < 0 || w > wait) {
			worst, wait = j, w
		}
		next[j] = n
	}
	if worst >= 0 {
		return fmt.Sprintf("%s: no token for a %s, next in %s", s.f.Limits[worst].Name, kind, durationText(wait.Round(time.Second)))
	}
	for j, l := range s.f.Limits {
		if kind == ARIRenewal && l.Scope == PerExactSet {
			next[j] = next[j].Spend(now) // best effort
		}
		*s.bucket(i, j) = next[j]
	}
	return ""
}

func (s *fleetSim) push(e queued) {
	e.seq = s.seq
	s.seq++
	heap.Push(&s.q, e)
}

func (s *fleetSim) emit(e Event) { s.run.Events = append(s.run.Events, e) }

// step delivers ev to service i and carries out its actions.
func (s *fleetSim) step(i int, ev ClientEvent, now time.Time) error {
	for {
		c, acts, err := s.clients[i].Step(ev, now)
		s.clients[i] = c
		if err != nil {
			if errors.Is(err, ErrSchedule) {
				s.emit(Event{At: now, Kind: KindScheduleError, Service: i, Detail: err.Error()})
				return nil
			}
			if errors.Is(err, ErrRange) {
				return nil // no run before 10000: the client stops
			}
			return err
		}
		request := false
		for _, a := range acts {
			switch a.Kind {
			case SetTimer:
				s.timers[i] = a.At.Unix()
				s.push(queued{at: a.At.Unix(), service: i})
			case RequestCertificate:
				request = true
			}
		}
		if !request {
			return nil
		}
		ev = s.request(i, now)
	}
}

// request is service i asking the CA for a certificate at now.
func (s *fleetSim) request(i int, now time.Time) ClientEvent {
	s.emit(Event{At: now, Kind: KindAttempt, Service: i})
	for _, o := range s.f.Outages {
		if !now.Before(o.From) && now.Before(o.To) {
			d := "CA down " + o.From.UTC().Format(time.RFC3339) + ".." + o.To.UTC().Format(time.RFC3339)
			s.emit(Event{At: now, Kind: KindOutageRefused, Service: i, Detail: d})
			return ClientEvent{Kind: Refused, Reason: d}
		}
	}
	if d := s.admit(i, now); d != "" {
		s.emit(Event{At: now, Kind: KindRateLimited, Service: i, Detail: d})
		return ClientEvent{Kind: Refused, Reason: d}
	}
	v := s.f.CA.Issue(now)
	u := now.Unix()
	if from := s.gapFrom[i]; from != noCert {
		s.run.Gaps = append(s.run.Gaps, Gap{Service: i, From: time.Unix(from, 0).UTC(), To: now})
		s.emit(Event{At: now, Kind: KindRecovered, Service: i, Detail: (time.Duration(u-from) * time.Second).String() + " without a valid certificate"})
		s.gapFrom[i] = noCert
	}
	na := v.NotAfter.Unix()
	s.held[i], s.lastIssued[i] = na, u
	s.emit(Event{At: now, Kind: KindIssued, Service: i, NotAfter: v.NotAfter})
	// The certificate is valid through its whole last second, NotAfter: it
	// has expired at NotAfter + 1s unless a replacement is issued at that
	// same instant, so the check runs after the instant's other events.
	s.push(queued{at: na + 1, late: true, service: i, expiry: true, na: na})
	return ClientEvent{Kind: Issued, Cert: cert.Validity{NotBefore: v.NotBefore, NotAfter: v.NotAfter}}
}

func (s *fleetSim) verdict() {
	v := Verdict{Services: s.f.Services}
	expired := map[int]bool{}
	for _, e := range s.run.Events {
		switch e.Kind {
		case KindAttempt:
			v.Attempts++
		case KindIssued:
			v.Issued++
		case KindRateLimited:
			v.RateLimited++
			if v.FirstRateLimit.IsZero() {
				v.FirstRateLimit = e.At
			}
		case KindOutageRefused:
			v.OutageRefused++
		case KindScheduleError:
			v.ScheduleErrors++
		}
	}
	slices.SortStableFunc(s.run.Gaps, func(a, b Gap) int { return a.From.Compare(b.From) })
	for _, g := range s.run.Gaps {
		v.Expiries++
		expired[g.Service] = true
		v.Downtime += g.To.Sub(g.From)
		if v.FirstExpiry.IsZero() || g.From.Before(v.FirstExpiry) {
			v.FirstExpiry = g.From
		}
	}
	v.ServicesExpired = len(expired)
	s.run.Verdict = v
}

// Storm and contrast fleets, for FleetPresetByName.
const (
	CertbotShortLivedStorm = "certbot-shortlived-storm"
	CertManagerFleet       = "cert-manager-fleet"
	CertbotOutageFleet     = "certbot-classic-outage"
)

// FleetPresets returns the fleet presets, freshly built on each call:
//
//   - certbot-30d-shortlived-storm: 30 services under one registered
//     domain, certbot with renew_before_expiry = 30 days on synchronised
//     timers, Let's Encrypt's 160-hour certificates and its documented
//     buckets. All 30 boot at 2026-06-01T00:00Z and are issued (30 of the
//     domain's 50 tokens; each service's exact-set bucket keeps 4 of 5).
//     Every certificate is due at once, so each service renews on every
//     run: the renewals are exempt from the domain limit, take the 4 exact
//     set tokens left, and are then refused until a token comes back every
//     33.6 hours, when the next run renews. Refused often, renewed every 34
//     to 46 hours, never expired: the storm is load, not an outage.
//   - cert-manager-fleet: the same 30 services with cert-manager's 2/3 on
//     Let's Encrypt classic, booting one every 48 minutes over the first
//     day (Stagger), for 200 days: no expiry, no refusal.
//   - certbot-classic-outage: 10 services with certbot on Let's Encrypt
//     classic, booting one every 72 minutes over the first 12 hours, and a
//     3-day CA outage when the first renewals fall due: the requests are
//     refused and retried, and no certificate expires.
func FleetPresets() []Fleet {
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	return []Fleet{
		{Name: CertbotShortLivedStorm, Services: 30, Client: CertbotLegacy(), Seed: 1, Synchronized: true,
			CA: LetsEncryptShortLived(), Limits: LetsEncryptLimits(), Start: start, Horizon: 14 * Day,
			Source: "certbot renew_before_expiry = 30 days against 160-hour certificates: renews on every run, refused by the exact-set bucket (5 per 7 days, 1 every 33.6 hours) and renewed when a token is back"},
		{Name: CertManagerFleet, Services: 30, Client: CertManager(), Seed: 1, Stagger: Day,
			CA: LetsEncryptClassic(), Limits: LetsEncryptLimits(), Start: start, Horizon: 200 * Day,
			Source: "cert-manager renewing at 2/3 of Let's Encrypt classic lifetimes"},
		{Name: CertbotOutageFleet, Services: 10, Client: Certbot(), Seed: 7, Stagger: 12 * time.Hour,
			CA: LetsEncryptClassic(), Limits: LetsEncryptLimits(), Start: start, Horizon: 120 * Day,
			Outages: []Outage{{From: start.Add(60 * Day), To: start.Add(63 * Day)}},
			Source:  "certbot on Let's Encrypt classic with a 3-day CA outage when its renewals fall due"},
	}
}

// FleetPresetByName returns the fleet preset called name, or an error
// wrapping ErrConfig that lists the names.
func FleetPresetByName(name string) (Fleet, error) {
	var names []string
	for _, f := range FleetPresets() {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Fleet{}, configError(strconv.Quote(name), fmt.Sprintf("no fleet preset named %q (have %s)", name, strings.Join(names, ", ")))
}
