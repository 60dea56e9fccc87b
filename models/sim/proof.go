package sim

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
	"github.com/leapcheck/leapcheck/models/internal/named"
	"github.com/leapcheck/leapcheck/models/proof"
)

// Stage is how far trouble gets from certificates issued on one date. The
// stages are ordered: a later stage implies the earlier ones.
type Stage uint8

// Proof stages.
const (
	// StageNone: every checked issuance succeeds with a certificate valid at
	// issuance. The date is safe.
	StageNone Stage = iota
	// StageCertificate: issuance fails at some checked instant of the date,
	// but a VM started there is never reported as a hardware fault (its
	// retries reach a safe day, or the restart policy reports no faults).
	StageCertificate
	// StageHostFault: a host agent reaches its fault limit, but the cascade
	// through healing stays below the cluster's threshold.
	StageHostFault
	// StageClusterHI: healing spreads the failure until the cluster enters
	// HI and service management halts.
	StageClusterHI
)

// String returns "none", "certificate", "host-fault" or "cluster-hi".
func (s Stage) String() string {
	switch s {
	case StageNone:
		return "none"
	case StageCertificate:
		return "certificate"
	case StageHostFault:
		return "host-fault"
	case StageClusterHI:
		return "cluster-hi"
	}
	return fmt.Sprintf("stage(%d)", uint8(s))
}

// ProofPreset is what the per-date proof checks: an issuance policy, the
// host agent that restarts VMs whose guest agent failed, and a small cluster
// in which healing can spread the failure.
type ProofPreset struct {
	// Name identifies the preset (the simulation preset it was built from).
	Name string
	// Issuance is the guest agent's certificate policy.
	Issuance cert.Policy
	// Host is the restart policy.
	Host host.Policy
	// Cluster and VMsPerServer are the cluster of the last stage (see
	// ProofPresetOf for the presets' size).
	Cluster      cluster.Config
	VMsPerServer int
	// BootDelay is the time from a start attempt to its issuance.
	BootDelay time.Duration
	// Offsets are the issuer UTC offsets checked: for each offset o the
	// issuance policy's Location is replaced by a fixed zone UTC+o, and the
	// date is the issuer's local date. nil checks the policy's own
	// Location only. WholeHourOffsets gives −14 h..+14 h.
	Offsets []time.Duration
	// Claim is the claim under test, from the issuance preset
	// (Scenario.Claim): the dates d, issuer-local, on which Prove must
	// report a stage past StageNone; on every other date it must report
	// StageNone. The zero Claim means every date is safe.
	proof.Claim
}

// WholeHourOffsets returns the 29 whole-hour UTC offsets −14 h, −13 h, …,
// +14 h: every offset in use is within ±14 h (UTC−12 to UTC+14 in the tz
// database, a margin on the west). Fractional offsets (+5:30, +5:45) only
// move the day's boundaries within the same bounds, and, for a fixed zone,
// the issuer's date arithmetic depends on the local date, not the offset.
func WholeHourOffsets() []time.Duration {
	out := make([]time.Duration, 0, 29)
	for h := -14; h <= 14; h++ {
		out = append(out, time.Duration(h)*time.Hour)
	}
	return out
}

// Proof cluster size: a hundred servers with four VMs each is enough for a
// threshold of a few percent to be more than one server (5 servers for
// azure2012's 5%), and small enough that the cascade stage costs tens of
// microseconds.
const (
	proofServers = 100
	proofVMs     = 4
)

// ProofPresetOf returns the proof preset of a simulation scenario: the same
// issuance policy and claim, host policy, boot delay and threshold, on a
// cluster of 100 servers with 4 VMs each (capacity as in s), checking the
// issuance policy's own Location (Offsets nil).
func ProofPresetOf(s Scenario) ProofPreset {
	c := s.Cluster
	c.Servers = proofServers
	c.Capacity = max(c.Capacity, proofVMs)
	return ProofPreset{
		Name: s.Name, Issuance: s.Issuance, Host: s.Host, Cluster: c,
		VMsPerServer: proofVMs, BootDelay: s.BootDelay,
		Claim: s.Claim,
	}
}

// ProofPresets returns the proof presets of the simulation presets (see
// Presets), each with the claim of its issuance preset.
func ProofPresets() []ProofPreset {
	var out []ProofPreset
	for _, s := range Presets() {
		out = append(out, ProofPresetOf(s))
	}
	return out
}

// ProofPresetByName returns the proof preset called name, or an error
// listing the names.
func ProofPresetByName(name string) (ProofPreset, error) {
	p, names, ok := named.Lookup(ProofPresets(), func(p ProofPreset) string { return p.Name }, name)
	if !ok {
		return ProofPreset{}, errorf(ErrPreset, "sim: no proof preset named %q (have %s)", name, names)
	}
	return p, nil
}

// zone is one issuer location of a Prover.
type zone struct {
	policy cert.Policy
	fixed  bool  // a fixed offset: local midnight is dayNumber×86400 − off
	off    int64 // seconds east of UTC, if fixed
}

// Prover checks dates for one ProofPreset. Build it with NewProver; it is
// read-only after that, so one Prover may be used from several goroutines
// (a command shards the calendar over its cores).
type Prover struct {
	p     ProofPreset
	zones []zone
	tods  []int64 // seconds after local midnight to check, ascending; the last is the day's last second

	// shared is set when every zone is a fixed offset: the safe path then
	// issues once per time of day, under utc (the issuance policy in UTC)
	// at the local wall clock, and the answer holds for every zone (see
	// sharedOK). maxOff is the largest |offset| of the zones, in seconds.
	shared bool
	utc    cert.Policy
	maxOff int64
}

// proofWindow bounds the host and cluster stages: 48 hours from the failing
// issuance, enough for a start on the date to reach the next date (at most
// a day away) plus the longest preset retry cycle, many times over.
const proofWindow = 48 * time.Hour

// maxScheduleAttempts caps the retry schedule checked on the safe path: the
// fault limit of the policy, or 3 attempts for a policy without one
// (Kubernetes, systemd), whose failures cannot go past StageCertificate.
const maxScheduleAttempts = 3

// NewProver validates p and precomputes its zones and the times of day to
// check. Errors name the bad field of p.
func NewProver(p ProofPreset) (*Prover, error) {
	s := p.scenario(minInstant, nil)
	if err := s.Validate(); err != nil {
		return nil, errorf(ErrPreset, "sim: proof preset %q: %w", p.Name, err)
	}
	pr := &Prover{p: p}
	if p.Offsets == nil {
		loc := p.Issuance.Location
		if loc == nil || loc == time.UTC {
			pr.zones = []zone{{policy: p.Issuance, fixed: true}}
		} else {
			pr.zones = []zone{{policy: p.Issuance}}
		}
	}
	for i, o := range p.Offsets {
		if o < -14*time.Hour || o > 14*time.Hour || o%time.Second != 0 {
			return nil, errorf(ErrPreset, "sim: proof preset %q: Offsets[%d] = %v: must be whole seconds within ±14h", p.Name, i, o)
		}
		z := zone{policy: p.Issuance, fixed: true, off: int64(o / time.Second)}
		z.policy.Location = time.FixedZone(fmt.Sprintf("UTC%+03d:%02d", z.off/3600, abs(z.off%3600)/60), int(z.off))
		pr.zones = append(pr.zones, z)
	}
	pr.tods = append(pr.tods, 0)
	for _, t := range retrySchedule(p.Host, p.BootDelay) {
		if sec := int64(t / time.Second); sec < 86399 {
			pr.tods = append(pr.tods, sec)
		}
	}
	pr.tods = append(pr.tods, 86399)
	slices.Sort(pr.tods)
	pr.tods = slices.Compact(pr.tods)
	pr.shared = true
	for _, z := range pr.zones {
		pr.shared = pr.shared && z.fixed
		pr.maxOff = max(pr.maxOff, abs(z.off))
	}
	pr.utc = p.Issuance
	pr.utc.Location = time.UTC
	return pr, nil
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// retrySchedule returns the issuance instants, as offsets from the first
// start, of a VM whose every start fails: attempt k starts at s_k and issues
// at s_k + boot; it fails at issuance (exit detection) or at the attempt
// timeout, and the next starts RestartDelay(k) later. It lists the attempts
// up to the fault limit, at most maxScheduleAttempts, and maxScheduleAttempts
// for a policy without one; a start limit's burst is not consulted (the
// instants matter only while they fall on the first day).
func retrySchedule(p host.Policy, boot time.Duration) []time.Duration {
	n := p.FaultLimit()
	if n == 0 || n > maxScheduleAttempts {
		n = maxScheduleAttempts
	}
	var out []time.Duration
	start := time.Duration(0)
	for k := 1; k <= n; k++ {
		out = append(out, start+boot)
		end := start + boot
		if !p.ExitDetection() {
			end = start + p.Timeout()
		}
		start = end + p.RestartDelay(k)
	}
	return out
}

// scenario is the cascade stage's simulation: the proof cluster, one VM
// (the first of server 0) started at t0, no deploys and no updates, ending
// at cluster HI or after proofWindow.
func (p ProofPreset) scenario(t0 time.Time, issuance *cert.Policy) Scenario {
	s := Scenario{
		Name: p.Name + " proof", Start: t0, Horizon: proofWindow, StopAtClusterHI: true,
		Cluster: p.Cluster, VMsPerServer: p.VMsPerServer, Host: p.Host, Issuance: p.Issuance,
		BootDelay: p.BootDelay, InitialStarts: 1,
	}
	if issuance != nil {
		s.Issuance = *issuance
	}
	return s
}

// ProveDate returns the stage that certificates issued on d reach under p
// (see Prover.Prove). It builds a Prover on each call; use NewProver for
// many dates.
func ProveDate(p ProofPreset, d calendar.Date) (Stage, error) {
	pr, err := NewProver(p)
	if err != nil {
		return StageNone, err
	}
	return pr.Prove(d)
}

// Prove returns the stage that certificates issued on d (the issuer's
// local date, in each zone of the preset) reach.
//
// The safe path issues a certificate at the instants of d that matter, in
// each zone: 00:00:00, 23:59:59 (the day's ends, where the date changes)
// and the issuance instants of the retry schedule of a VM first started at
// 00:00:00 that fall within the day (00:01, 00:26 and 00:51 for azure2012),
// and, where the day's first second passes and its last fails, the first
// failing second, found by bisection. An instant outside
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z, which only a zone east of UTC
// on 0001-01-01 or west of it on 9999-12-31 reaches, is not an issuance
// instant of the model and is skipped. If every issuance
// succeeds with a certificate valid at issuance, d is StageNone; that path
// does not allocate.
//
// When every zone is a fixed offset (Offsets, or a policy in UTC), the safe
// path issues once per time of day, in UTC at the local wall clock, for all
// the zones: a fixed-offset issuer's arithmetic depends on its local date
// and time only, so the validity in UTC+o is the UTC one shifted by −o.
// Where a bound of the model could break that (an instant, NotBefore or
// NotAfter within the largest offset of 0001-01-01 or 9999-12-31), and
// where issuance fails, each zone is checked on its own. With the 29
// whole-hour offsets this is 30 to 80 times faster than checking each zone.
// The day's first and last seconds answer for all its times of day when
// both pass, for the reasons below (TestSharedMatchesExact compares with
// the exact check, and the brute force with every second).
//
// # Why these instants cover every second of d
//
// Whether cert.Issue fails at an instant t of the local date d (an error,
// or a certificate not valid at t) can change within d only through:
//
//  1. the calendar arithmetic of the lifetime, which works on the local
//     date of NotBefore (d, or the day before for the first hours of d
//     under a backdate) and keeps the wall clock: whether the target day
//     exists (Reject on 2013-02-29) depends on that date alone, and it
//     changes at most once within d (it never goes back as t grows), so
//     the failing seconds of d are all of them, none, a prefix or a
//     suffix;
//  2. the model's bounds: a NotBefore before 0001-01-01T00:00:00Z or a
//     NotAfter after 9999-12-31T23:59:59Z (without ClampNotAfter). In a
//     fixed zone NotBefore and NotAfter never decrease as t grows within
//     d (the wall clock is kept and converted back by one offset), so
//     these fail a prefix or a suffix of d, which the first or the last
//     second sees. In a zone with daylight saving the conversion back can
//     reorder instants by the size of a transition, so on a date whose
//     validity comes within two days of a bound (the model's first and
//     last years, or a lifetime's length from them) Prove judges every
//     second instead: a clock that skips an hour on 9999-12-31 can make
//     ten-day certificates fail only from 23:00 to 23:29:59 of 9999-12-21
//     (TestEverySecondFindsAStretchInsideADay);
//  3. validity at issuance: NotBefore <= t by construction (StartOfDay,
//     backdating) and NotAfter >= t for any lifetime that is not zero,
//     the same answer for every t.
//
// CA presets, whose NotBefore is the issuance instant, fall under the same
// three cases. How far a failure gets (the stage) depends on when the
// first failing start is. Where every second of d fails, a VM first
// started at 00:00:00 has the most retries fall on failing seconds (later
// starts reach the next, safe date sooner), so its retry schedule's
// instants, which Prove checks, reach the highest stage; so does the start
// at 00:00:00 of a failing prefix. Where the failures are a suffix of d
// (from 02:00 of a leap day under a 2-hour backdate, or from the second
// whose NotAfter passes the model's end), every later second fails too,
// and the failures run on to the same instant (the next midnight plus the
// backdate, or the model's end), so the suffix's first second is the worst
// start: Prove finds it by bisection (suffixStart) and escalates from it. The
// day's last second alone says whether the date fails, not how far:
// 55-hour certificates issued at UTC−5 on 9999-12-29 fail from local
// 12:00, reach the cluster stage until 18:59:59, and only the host stage at
// 23:59:59 (the cascade would leave the model).
//
// A day can fail in a prefix and a suffix at once, with no bisection (its
// first second fails): under 2 hours back, Reject and 3 years 305 days 12
// hours, 9996-03-01 fails until 02:00 (NotBefore's date is the leap day)
// and from 14:00 (NotAfter passes 9999-12-31T23:59:59Z). Refusals alone
// leave no gap between the two (the day before's fail the seconds before
// the backdate's hour, the day's own every second after it), so such a
// suffix comes from the model's end and runs to it; a lifetime that can be
// refused has months or years, which pass the end for whole days in the
// model's last month, so the suffix is longer than the 48 hours an
// escalation looks at, every start in it reaches the same stage, and the
// day's last second, which Prove checks, stands for it. Midnight stands for
// the prefix. The brute force of brute_test.go checks every second of
// sampled dates against Prove.
//
// For each failing instant t0, Prove runs the host agent on one VM first
// started at t0 whose guest agent issues at every attempt (so retries that
// cross midnight into a safe day succeed); if the host reports a fault, it
// runs the proof cluster (Run with StopAtClusterHI) from t0. The result is
// the furthest stage reached. Errors: d invalid; pr not built by NewProver.
func (pr *Prover) Prove(d calendar.Date) (Stage, error) {
	if pr == nil || len(pr.zones) == 0 {
		return StageNone, errorf(ErrState, "sim: Prover not built by NewProver")
	}
	if !d.Valid() {
		return StageNone, d.Validate()
	}
	stage := StageNone
	day := d.DayNumber() * 86400
	if pr.shared {
		// If the day's first and last seconds pass, every second between
		// them does (cases 1 to 3 below: a failure of the date's
		// arithmetic fails them too, a bound fails a prefix or a suffix,
		// and validity at issuance is the same for every second), and
		// sharedOK's bounds only tighten towards the model's ends.
		if pr.sharedDayOK(day) {
			return StageNone, nil
		}
		// Where a day's failures are a suffix, its first second is the
		// worst start (cases 1 and 2).
		for zi := range pr.zones {
			z := &pr.zones[zi]
			if tod, ok := pr.suffixStart(z, day-z.off, 86399); ok {
				st, err := pr.proveInstant(z, day-z.off, 86399, tod)
				if err != nil {
					return stage, err
				}
				stage = max(stage, st)
			}
		}
		// One issuance per time of day for all the zones; the exact check,
		// zone by zone, only where it does not settle the question.
		for _, tod := range pr.tods {
			if pr.sharedOK(day + tod) {
				continue
			}
			for zi := range pr.zones {
				st, err := pr.proveInstant(&pr.zones[zi], day-pr.zones[zi].off, 86399, tod)
				if err != nil {
					return stage, err
				}
				if stage = max(stage, st); stage == StageClusterHI {
					return stage, nil
				}
			}
		}
		return stage, nil
	}
	for zi := range pr.zones {
		z := &pr.zones[zi]
		base, last := day-z.off, int64(86399)
		if !z.fixed {
			base = d.In(z.policy.Location).Unix()
			last = 86399
			if next, err := d.AddDays(1); err == nil {
				last = next.In(z.policy.Location).Unix() - base - 1
			}
		}
		tods := pr.tods
		if !z.fixed && pr.nearBound(z, base, last) {
			tods = everySecond(last)
		} else if tod, ok := pr.suffixStart(z, base, last); ok {
			st, err := pr.proveInstant(z, base, last, tod)
			if err != nil {
				return stage, err
			}
			stage = max(stage, st)
		}
		for _, tod := range tods {
			st, err := pr.proveInstant(z, base, last, tod)
			if err != nil {
				return stage, err
			}
			if stage = max(stage, st); stage == StageClusterHI {
				return stage, nil
			}
		}
	}
	return stage, nil
}

// nearBound reports whether issuance in zone z on the local day from base
// to base+last (Unix seconds) comes within two days of the model's bounds
// at its first or last second (see Prove, case 2).
func (pr *Prover) nearBound(z *zone, base, last int64) bool {
	const margin = 2 * 86400
	for _, u := range []int64{base, base + last} {
		if u-margin < cert.MinUnix || u+margin > cert.NoExpirationUnix {
			return true
		}
		v, err := cert.Issue(z.policy, time.Unix(u, 0).UTC())
		if err != nil {
			if errors.Is(err, cert.ErrRange) {
				return true
			}
			continue // a date-level failure: the same for every second
		}
		if v.NotBefore.Unix()-margin < cert.MinUnix || v.NotAfter.Unix()+margin > cert.NoExpirationUnix {
			return true
		}
	}
	return false
}

// suffixStart returns the first second, counted from base, of the local
// day from base to base+last (Unix seconds) on which issuance in zone z
// fails, when the day's first second passes and its last fails: the
// failures are then a suffix of the day (Prove, cases 1 and 2; a date near
// the model's bounds in a zone with daylight saving is judged on every
// second instead), and bisection finds where it starts in 17 issuances. A
// second outside the model is not an issuance instant and counts as
// passing.
func (pr *Prover) suffixStart(z *zone, base, last int64) (int64, bool) {
	fails := func(tod int64) bool {
		secs := base + tod
		return secs >= cert.MinUnix && secs <= cert.NoExpirationUnix && issue(z.policy, time.Unix(secs, 0).UTC()) != nil
	}
	if fails(0) || !fails(last) {
		return 0, false
	}
	lo, hi := int64(0), last // fails(lo) is false, fails(hi) true
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

// everySecond returns 0, 1, ..., last.
func everySecond(last int64) []int64 {
	out := make([]int64, last+1)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

// proveInstant checks the issuance in zone z at tod seconds after the local
// midnight base (Unix seconds), or at the day's last second last if tod is
// past it, and escalates a failure through the host and cluster stages.
func (pr *Prover) proveInstant(z *zone, base, last, tod int64) (Stage, error) {
	secs := base + min(tod, last)
	if secs < cert.MinUnix || secs > cert.NoExpirationUnix {
		return StageNone, nil
	}
	now := time.Unix(secs, 0).UTC()
	if issue(z.policy, now) == nil {
		return StageNone, nil
	}
	return pr.escalate(z, now)
}

// sharedOK reports whether the issuance at local wall clock w (as Unix
// seconds of the same wall clock in UTC) succeeds in every zone of a
// shared Prover, from one issuance in UTC. False means "check each zone".
//
// Why one issuance answers for all: cert.Issue in a fixed zone UTC+o does
// its arithmetic on the local wall clock (start of day, backdating, adding
// years, months and days with the Overflow policy) and converts the result
// back by subtracting o. So for the instant w−o, issuance in UTC+o returns
// exactly the validity of issuance in UTC at w, shifted by −o — except
// where an absolute bound of the model intervenes: now, NotBefore or
// NotAfter within |o| of 0001-01-01T00:00:00Z or 9999-12-31T23:59:59Z
// (range errors, the NotBefore floor, ClampNotAfter). The shift keeps
// "valid at issuance". sharedOK therefore answers true only when the UTC
// issuance succeeds with every bound more than maxOff away from the
// model's ends; a failing date, and the first and last days of the model,
// go through the exact check of every zone. TestSharedMatchesExact compares
// both paths on every zone and the dates where they could differ.
func (pr *Prover) sharedOK(w int64) bool {
	m := pr.maxOff
	if w-m < cert.MinUnix || w+m > cert.NoExpirationUnix {
		return false
	}
	// The judgement of issue (no error, valid at issuance), keeping the
	// validity for the bounds.
	now := time.Unix(w, 0).UTC()
	v, err := cert.Issue(pr.utc, now)
	if err != nil || !v.ValidAt(now) {
		return false
	}
	return v.NotBefore.Unix()-m >= cert.MinUnix && v.NotAfter.Unix()+m <= cert.NoExpirationUnix
}

// sharedDayOK reports whether issuance at the first and the last second of
// the local day starting at wall clock day (as Unix seconds of the same
// wall clock in UTC) succeeds in every zone of a shared Prover, which
// decides every second of the day (see Prove). A StartOfDay policy gives
// both seconds the same Validity, so one issuance answers for both.
func (pr *Prover) sharedDayOK(day int64) bool {
	if !pr.utc.StartOfDay {
		return pr.sharedOK(day) && pr.sharedOK(day+86399)
	}
	m := pr.maxOff
	if day-m < cert.MinUnix || day+86399+m > cert.NoExpirationUnix {
		return false
	}
	v, err := cert.Issue(pr.utc, time.Unix(day, 0).UTC())
	if err != nil || !v.ValidAt(time.Unix(day, 0).UTC()) || !v.ValidAt(time.Unix(day+86399, 0).UTC()) {
		return false
	}
	return v.NotBefore.Unix()-m >= cert.MinUnix && v.NotAfter.Unix()+m <= cert.NoExpirationUnix
}

// escalate runs the host stage, and if it faults the cluster stage, from a
// failing issuance at t0.
func (pr *Prover) escalate(z *zone, t0 time.Time) (Stage, error) {
	if pr.p.Host.FaultLimit() == 0 {
		// Package host reports a hardware fault only when the policy has a
		// fault limit: without one, no start can fault the host.
		return StageCertificate, nil
	}
	faulted, err := pr.hostFaults(z.policy, t0)
	if err != nil || !faulted {
		return StageCertificate, err
	}
	if t0.Add(proofWindow).After(maxInstant) || t0.Add(-pr.p.BootDelay).Before(minInstant) {
		// The cascade would need issuance after 9999-12-31T23:59:59Z, or
		// its first start before 0001-01-01T00:00:00Z, which the model
		// does not have.
		return StageHostFault, nil
	}
	res, err := Run(pr.p.scenario(t0.Add(-pr.p.BootDelay), &z.policy))
	if err != nil {
		return StageHostFault, err
	}
	if _, ok := res.Verdict.ClusterHI(); ok {
		return StageClusterHI, nil
	}
	return StageHostFault, nil
}

// hostFaults runs one host agent with one VM whose guest agent's issuance
// failed at t0 (its first start was t0 − BootDelay) and reports whether the
// host agent reports a hardware fault within proofWindow.
func (pr *Prover) hostFaults(issuance cert.Policy, t0 time.Time) (bool, error) {
	hs, err := host.NewState(0, pr.p.Host)
	if err != nil {
		return false, err
	}
	start := t0.Add(-pr.p.BootDelay)
	var q queue
	const vm = host.VMID(0)
	gen := uint64(0)
	step := func(ev host.Event, now time.Time) (done, fault bool, err error) {
		var acts []host.Action
		hs, acts, err = host.Step(hs, ev, now)
		if err != nil {
			return true, false, err
		}
		d := now.Sub(start)
		for _, a := range acts {
			switch a := a.(type) {
			case host.StartVM:
				gen++
				if err := q.push(item{at: d + pr.p.BootDelay, kind: itemGuest, aux: gen}); err != nil {
					return true, false, err
				}
			case host.SetTimer:
				if err := q.push(item{at: a.At.Sub(start), kind: itemTimer, aux: uint64(a.Timer)}); err != nil {
					return true, false, err
				}
			case host.ReportHardwareFault:
				return true, true, nil
			case host.VMRunning, host.GiveUp:
				return true, false, nil
			}
		}
		return false, false, nil
	}
	done, fault, err := step(host.StartRequested{VM: vm}, start)
	for !done {
		it, ok := q.pop()
		if !ok || it.at > proofWindow {
			return false, nil
		}
		now := start.Add(it.at)
		v, _ := hs.VM(vm)
		switch {
		case it.kind == itemGuest && it.aux == gen && v.Phase == host.Starting:
			if issue(issuance, now) == nil {
				done, fault, err = step(host.GuestReady{VM: vm}, now)
			} else {
				done, fault, err = step(host.GuestFailed{VM: vm}, now)
			}
		case it.kind == itemTimer && host.TimerID(it.aux) == v.Timer:
			done, fault, err = step(host.TimerFired{VM: vm, Timer: v.Timer}, now)
		}
	}
	return fault, err
}

// StageKinds are the names of the failing stages in the order reports
// print them.
func StageKinds() []string {
	return []string{StageCertificate.String(), StageHostFault.String(), StageClusterHI.String()}
}

// Subject returns the preset as a subject of proof.Sweep: its claim and a
// Prover as the judge, whose verdict's Kind is the stage reached. Error:
// the preset is invalid (see NewProver).
func (p ProofPreset) Subject() (proof.Subject, error) {
	pr, err := NewProver(p)
	if err != nil {
		return proof.Subject{}, err
	}
	return proof.Subject{Name: p.Name, Claim: p.Claim, Judge: pr, Kinds: StageKinds()}, nil
}

// Judge judges date d for proof.Sweep: it fails when Prove reports a stage
// past StageNone, with the stage as its Kind.
func (pr *Prover) Judge(d calendar.Date) (proof.Verdict, error) {
	st, err := pr.Prove(d)
	if err != nil || st == StageNone {
		return proof.Verdict{}, err
	}
	return proof.Verdict{Fails: true, Kind: st.String()}, nil
}
