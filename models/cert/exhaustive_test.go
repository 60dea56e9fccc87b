package cert

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/mismatch"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Exhaustive tests: every issuance date of the model, and every UTC offset on
// every leap day. They are the proof's claims about certificates, checked
// here for the presets on every input.

// mismatches collects the failures of an exhaustive loop (see internal/mismatch).
type mismatches = mismatch.Collector

// sweep runs f over every day of the model, split across the CPUs; each
// worker reports into its own mismatches and its own counters.
func sweep(f func(d calendar.Date, day int64, bad *mismatches, counts []int64), ncounts int) (mismatches, []int64) {
	n := runtime.GOMAXPROCS(0)
	bads := make([]mismatches, n)
	counts := make([][]int64, n)
	proof.Parallel(calendar.All(), n, n, func(i int, part calendar.Range) {
		counts[i] = make([]int64, ncounts)
		for day, d := range part.DayNumbers() {
			f(d, day, &bads[i], counts[i])
		}
	})
	var bad mismatches
	total := make([]int64, ncounts)
	for i := range n {
		bad.Merge(bads[i])
		for j, c := range counts[i] {
			total[j] += c
		}
	}
	return bad, total
}

// yearHasLeapDayAhead reports whether the year starting at date d (d
// included, its anniversary excluded) contains a February 29, computed from
// the leap rule alone, independently of Issue.
func yearHasLeapDayAhead(d calendar.Date) bool {
	if d.Month <= time.February {
		return calendar.IsLeap(d.Year) && !(d.Month == time.February && d.Day == 29)
	}
	return calendar.IsLeap(d.Year + 1)
}

// TestExhaustiveIssue issues a certificate with every preset at 00:00:00 and
// 23:59:59 UTC on every day 0001-01-01..9999-12-31 (7,304,118 issuance times
// per preset) and checks each preset's claim there (see checkClaims), and
// the shape of the presets' certificates:
//
//   - the guest agents' NotBefore is midnight UTC and their NotAfter the
//     same date a year later (February 28 for the fixed one on a leap day),
//     or 9999-12-31T23:59:59Z in year 9999; the 2012 agent's failures wrap
//     calendar.ErrNoSuchDay;
//   - ca-1year's period is 366 days exactly when its year contains a
//     February 29, else 365 (unless clamped in 9999), and ca-398days' is
//     398 days; both are within the Baseline Requirements' 398 days.
func TestExhaustiveIssue(t *testing.T) {
	presets := Presets()
	const (
		cLeapDays = iota
		cOneYear366
		nCounts
	)
	bad, counts := sweep(func(d calendar.Date, day int64, bad *mismatches, counts []int64) {
		if d.IsFebruary29() {
			counts[cLeapDays]++
		}
		midnight := day * secondsPerDay
		for _, sod := range [2]int64{0, secondsPerDay - 1} {
			now := time.Unix(midnight+sod, 0).UTC()
			for i := range presets {
				p := &presets[i]
				v, err := Issue(p.Policy, now)
				switch p.Name {
				case GuestAgent2012, GuestAgentFixed:
					if err != nil {
						if !errors.Is(err, calendar.ErrNoSuchDay) {
							bad.Addf("%s at %s: %v does not wrap ErrNoSuchDay", p.Name, now.Format(time.RFC3339), err)
						}
						continue
					}
					want := calendar.Date{Year: d.Year + 1, Month: d.Month, Day: d.Day}
					if d.IsFebruary29() {
						want.Day = 28
					}
					wantNA := want.DayNumber() * secondsPerDay
					if d.Year == 9999 {
						wantNA = NoExpirationUnix
					}
					if v.NotBefore.Unix() != midnight || v.NotAfter.Unix() != wantNA {
						bad.Addf("%s at %s: %s, want %s..%s", p.Name, now.Format(time.RFC3339), v, d, want)
					}
				case CAOneYear:
					if err != nil {
						continue // judged by checkClaims
					}
					days := v.PeriodSeconds() / secondsPerDay
					if v.PeriodSeconds()%secondsPerDay != 0 && v.NotAfter.Unix() != NoExpirationUnix {
						bad.Addf("%s at %s: %s: period %ds is not whole days", p.Name, now.Format(time.RFC3339), v, v.PeriodSeconds())
					}
					if days == 366 {
						counts[cOneYear366]++
					}
					if want := map[bool]int64{false: 365, true: 366}[yearHasLeapDayAhead(d)]; days != want && v.NotAfter.Unix() != NoExpirationUnix {
						bad.Addf("%s at %s: %s is %d days, want %d", p.Name, now.Format(time.RFC3339), v, days, want)
					}
					if BRDays(v) > 398 {
						bad.Addf("%s at %s: %d BR days", p.Name, now.Format(time.RFC3339), BRDays(v))
					}
				case CA398Days:
					if err == nil && v.PeriodSeconds() != 398*secondsPerDay && v.NotAfter.Unix() != NoExpirationUnix {
						bad.Addf("%s at %s: %s: period %ds", p.Name, now.Format(time.RFC3339), v, v.PeriodSeconds())
					}
				}
			}
		}
	}, nCounts)
	bad.Check(t, "exhaustive issuance: preset shapes")
	require.EqualValues(t, 2424, counts[cLeapDays], "leap days in 0001..9999")
	require.Positive(t, counts[cOneYear366])
	checkClaims(t, presets)
}

// checkClaims checks every preset's claim at 00:00:00 and 23:59:59 UTC of
// every day 0001-01-01..9999-12-31: Preset.CheckClaim holds at each
// instant, and the number of failed issuances is the number of instants
// whose date the claim names, counted from FailsOn alone. It knows nothing
// of any particular preset, so a new preset, declared with its claim, is
// checked here as it is (TestNewPresetsAreCheckedFromTheirClaims).
func checkClaims(t testing.TB, presets []Preset) {
	t.Helper()
	bad, counts := sweep(func(d calendar.Date, day int64, bad *mismatches, counts []int64) {
		midnight := day * secondsPerDay
		for _, sod := range [2]int64{0, secondsPerDay - 1} {
			now := time.Unix(midnight+sod, 0).UTC()
			for i := range presets {
				p := &presets[i]
				err := p.CheckClaim(now)
				switch {
				case errors.Is(err, ErrRange):
					continue // the issuer's local date is outside the model
				case err != nil:
					bad.Addf("%v", err)
				}
				if p.Fails(calendar.DateOf(now.In(locOrUTC(p.Policy.Location)))) {
					counts[2*i]++
				}
				if _, err := Issue(p.Policy, now); err != nil {
					counts[2*i+1]++
				}
			}
		}
	}, 2*len(presets))
	bad.Check(t, "exhaustive issuance: claims")
	for i, p := range presets {
		assert.Equal(t, counts[2*i], counts[2*i+1], "%s (%s): claimed failures vs failed issuances", p.Name, p.Claim.Text())
		if p.Safe() {
			assert.Zero(t, counts[2*i+1], "%s never fails", p.Name)
		} else {
			assert.Positive(t, counts[2*i+1], "%s claims failures; none happened", p.Name)
		}
	}
}

// locOrUTC is loc, or UTC for nil.
func locOrUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// leapDayZones are the fixed UTC offsets of every whole hour from -14:00 to
// +14:00, and the offsets that are not whole hours in use in the tz
// database (-09:30, -03:30, -02:30, +03:30, +04:30, +05:30, +05:45, +06:30,
// +08:45, +09:30, +10:30, +12:45, +13:45).
func leapDayZones() []*time.Location {
	offs := []int{-9*60 - 30, -3*60 - 30, -2*60 - 30, 3*60 + 30, 4*60 + 30, 5*60 + 30, 5*60 + 45,
		6*60 + 30, 8*60 + 45, 9*60 + 30, 10*60 + 30, 12*60 + 45, 13*60 + 45}
	for h := -14; h <= 14; h++ {
		offs = append(offs, h*60)
	}
	var zones []*time.Location
	for _, m := range offs {
		zones = append(zones, time.FixedZone(fmt.Sprintf("UTC%+03d:%02d", m/60, abs(m%60)), m*60))
	}
	return zones
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestExhaustiveLeapDayOffsets runs the guest agents at the first and last
// second of every February 29 (and of the days around it) in every UTC
// offset from -14h to +14h:
//
//   - an agent doing its arithmetic in that offset (Location = the zone)
//     fails on its local leap day under Reject and only then; the fixed agent
//     always issues, valid at issuance, from local midnight;
//   - the presets as published, which work in UTC, fail exactly when the
//     instant's UTC date is February 29, whatever the offset it was written
//     in.
func TestExhaustiveLeapDayOffsets(t *testing.T) {
	ga2012, err := PresetByName(GuestAgent2012)
	require.NoError(t, err)
	fixed, err := PresetByName(GuestAgentFixed)
	require.NoError(t, err)
	zones := leapDayZones()
	require.Len(t, zones, 42)
	var (
		mu                      sync.Mutex
		bad                     mismatches
		leapDays, localFailures int
		wg                      sync.WaitGroup
	)
	for _, zone := range zones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var zbad mismatches
			zLeapDays, zFailures := 0, 0
			local2012, localFixed := ga2012.Policy, fixed.Policy
			local2012.Location, localFixed.Location = zone, zone
			for y := 4; y <= 9996; y += 4 {
				if !calendar.IsLeap(y) {
					continue
				}
				zLeapDays++
				for _, now := range []time.Time{
					time.Date(y, 2, 28, 23, 59, 59, 0, zone),
					time.Date(y, 2, 29, 0, 0, 0, 0, zone),
					time.Date(y, 2, 29, 12, 0, 0, 0, zone),
					time.Date(y, 2, 29, 23, 59, 59, 0, zone),
					time.Date(y, 3, 1, 0, 0, 0, 0, zone),
				} {
					localLeap := now.Day() == 29
					_, err := Issue(local2012, now)
					if localLeap != (err != nil) || (err != nil && !errors.Is(err, calendar.ErrNoSuchDay)) {
						zbad.Addf("guest-agent-2012 in %s at %s: %v (local leap day: %v)", zone, now.Format(time.RFC3339), err, localLeap)
					}
					if err != nil {
						zFailures++
					}
					v, err := Issue(localFixed, now)
					midnight := time.Date(y, now.Month(), now.Day(), 0, 0, 0, 0, zone)
					if err != nil || !v.ValidAt(now) || !v.NotBefore.Equal(midnight) {
						zbad.Addf("guest-agent-fixed in %s at %s: %s, %v", zone, now.Format(time.RFC3339), v, err)
					}
					u := now.UTC()
					utcLeap := u.Month() == time.February && u.Day() == 29
					_, err = Issue(ga2012.Policy, now)
					if utcLeap != (err != nil) {
						zbad.Addf("guest-agent-2012 (UTC) at %s: %v (UTC leap day: %v)", now.Format(time.RFC3339), err, utcLeap)
					}
					v, err = Issue(fixed.Policy, now)
					if err != nil || !v.ValidAt(now) {
						zbad.Addf("guest-agent-fixed (UTC) at %s: %s, %v", now.Format(time.RFC3339), v, err)
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			bad.Merge(zbad)
			leapDays, localFailures = zLeapDays, localFailures+zFailures
		}()
	}
	wg.Wait()
	bad.Check(t, "leap days in every offset")
	require.Equal(t, 2424, leapDays)
	require.Equal(t, 2424*42*3, localFailures, "three local leap-day times per zone per leap day")
}

// fakeT records failures instead of failing, for tests that a check fails.
type fakeT struct {
	testing.TB
	failed bool
	msgs   []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, a ...any) {
	f.failed = true
	f.msgs = append(f.msgs, fmt.Sprintf(format, a...))
}
func (f *fakeT) Fatalf(format string, a ...any) { f.Errorf(format, a...) }
