package sim

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// TestNearBoundAtEachOfItsEdges holds nearBound to its doc, one clause at a
// time: a day is near the model's bounds when, at its first or its last
// second u, u itself, the NotBefore or the NotAfter of the certificate
// issued at u comes within two days (172,800 s) of
// 0001-01-01T00:00:00Z or 9999-12-31T23:59:59Z, or issuance at u is out of
// the model's range. Each clause is tried alone, on the second where it
// starts to hold and the one before, with the other clauses kept false by
// the policy: a backdate moves NotBefore before u, a certificate shorter
// than its backdate ends before u, and a long lifetime ends past the model
// while u and NotBefore are far from both ends. Prove judges every second
// of a day nearBound reports (the doc's case 2); a day it misses is judged
// at its sampled instants only.
func TestNearBoundAtEachOfItsEdges(t *testing.T) {
	const (
		margin = 2 * 86400
		lo     = cert.MinUnix
		hi     = cert.NoExpirationUnix
		day    = int64(86400)
	)
	plain := cert.Policy{Name: "1h", Lifetime: cert.Lifetime{Duration: time.Hour}}
	backdated := cert.Policy{Name: "1h, 3 days back", Lifetime: cert.Lifetime{Duration: time.Hour}, Backdate: 72 * time.Hour}
	long := cert.Policy{Name: "10 days", Lifetime: cert.Lifetime{Days: 10}}
	clamped := long
	clamped.ClampNotAfter = true
	leapYear := cert.Policy{Name: "1 year, Reject", Lifetime: cert.Lifetime{Years: 1}, Overflow: calendar.Reject}
	for _, c := range []struct {
		name       string
		policy     cert.Policy
		base, last int64
		want       bool
	}{
		// The middle of the model: nothing near.
		{"mid", plain, 0, 86399, false},

		// NotBefore (= u without a backdate) two days from the start, then
		// one second less; u is the day's first second and its last alike.
		{"NotBefore at the margin", plain, lo + margin, 0, false},
		{"NotBefore a second inside", plain, lo + margin - 1, 0, true},
		{"day's first second inside", plain, lo + margin - 1, 86399, true},
		{"day's first second inside, its last at the margin", plain, lo + margin - 86399, 86399, true},
		{"day's last second at the margin", plain, lo + margin, 86399, false},
		// A backdate of three days: NotBefore = u − 3 days is floored at
		// 0001-01-01, and u is more than two days from it.
		{"backdated NotBefore at the margin", backdated, lo + margin + 3*day, 0, false},
		{"backdated NotBefore a second inside", backdated, lo + margin + 3*day - 1, 0, true},

		// NotAfter = u + 1 h two days from the end, then a second more.
		{"NotAfter at the margin", plain, hi - margin - 3600, 0, false},
		{"NotAfter a second inside", plain, hi - margin - 3600 + 1, 0, true},
		{"day's last second's NotAfter inside", plain, hi - margin - 3600 - 86399 + 1, 86399, true},
		{"day's last second's NotAfter at the margin", plain, hi - margin - 3600 - 86399, 86399, false},

		// u itself near the end, with a certificate that ends three days
		// before it (1 hour from a backdate of 3 days): only u is near.
		{"u at the end's margin", backdated, hi - margin, 0, false},
		{"u a second inside the end's margin", backdated, hi - margin + 1, 0, true},
		{"day's last second inside the end's margin", backdated, hi - margin - 86399 + 1, 86399, true},
		{"day's last second at the end's margin", backdated, hi - margin - 86399, 86399, false},

		// Ten days of validity: issuance fails from the tenth day before
		// the end (NotAfter past it, ErrRange) while u + 2 days is not near.
		{"ten days: issuance fails", long, hi - 5*day, 0, true},
		{"ten days, clamped: NotAfter at the end", clamped, hi - 5*day, 0, true},
		{"ten days: NotAfter at the margin", long, hi - margin - 10*day, 0, false},
		{"ten days: NotAfter a second inside", long, hi - margin - 10*day + 1, 0, true},

		// A failure of the date's arithmetic fails every second of the
		// day alike (the doc's case 1): not near.
		{"2013-02-29 refused", leapYear, time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC).Unix(), 86399, false},

		// Outside the model: issuance is refused.
		{"before the start", plain, lo - 1, 0, true},
		{"past the end", plain, hi + 1, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			pr := &Prover{}
			z := &zone{policy: c.policy}
			if got := pr.nearBound(z, c.base, c.last); got != c.want {
				t.Errorf("nearBound(%s, %s + %d s) = %v, want %v", c.policy.Name,
					time.Unix(c.base, 0).UTC().Format(time.RFC3339), c.last, got, c.want)
			}
		})
	}
}

// everySecond lists every second of a day of last+1 seconds, for the
// dates judged on every second.
func TestEverySecond(t *testing.T) {
	for _, last := range []int64{0, 1, 86399, 90000} {
		got := everySecond(last)
		if int64(len(got)) != last+1 || got[0] != 0 || got[len(got)-1] != last {
			t.Errorf("everySecond(%d): %d seconds from %d to %d", last, len(got), got[0], got[len(got)-1])
		}
	}
}

// proveInstant judges the model's first and last seconds, and skips only
// the instants outside them: issuance at 0001-01-01T00:00:00Z seen from
// UTC−01:00 (the local date is in year 0, outside the calendar) and a
// one-second certificate issued at 9999-12-31T23:59:59Z (it would end a
// second after the model) both fail and fault the host, whose cascade
// would leave the model (a first start a boot delay before 0001-01-01, or
// issuance after 9999-12-31): the host stage, without an error; a second
// outside is not an issuance instant of the model.
func TestProveInstantAtTheModelsBounds(t *testing.T) {
	pr := mustProver(t, azure2012(t))
	west := zone{policy: cert.Policy{Name: "1y in UTC-01:00", Lifetime: cert.Lifetime{Years: 1}, Location: time.FixedZone("UTC-01:00", -3600)}}
	oneSecond := zone{policy: cert.Policy{Name: "1s", Lifetime: cert.Lifetime{Duration: time.Second}}, fixed: true}
	for _, c := range []struct {
		name string
		z    *zone
		secs int64
		want Stage
	}{
		{"the model's first second", &west, cert.MinUnix, StageHostFault},
		{"a second before it", &west, cert.MinUnix - 1, StageNone},
		{"the model's last second", &oneSecond, cert.NoExpirationUnix, StageHostFault},
		{"a second after it", &oneSecond, cert.NoExpirationUnix + 1, StageNone},
		{"a second before the last", &oneSecond, cert.NoExpirationUnix - 1, StageNone},
	} {
		if st, err := pr.proveInstant(c.z, c.secs, 86399, 0); st != c.want || err != nil {
			t.Errorf("%s (%s): stage %v, error %v; want %v", c.name, c.z.policy.Name, st, err, c.want)
		}
	}
}

// suffixStart finds where the failing suffix of a day begins in a fixed
// zone. 55-hour certificates end past 9999-12-31T23:59:59Z when issued
// after 9999-12-29T16:59:59Z: at UTC−5 that is local 12:00:00 of
// 9999-12-29 (43,200 s into the day); 9999-12-28 has no failure and every
// second of 9999-12-30 fails (not a suffix that starts inside the day). A
// one-second certificate fails only at the model's last second.
func TestSuffixStart(t *testing.T) {
	const day = int64(86400)
	midnight := func(d calendar.Date, off int64) int64 { return d.DayNumber()*day - off }
	west := zone{policy: cert.Policy{Name: "55h", Lifetime: cert.Lifetime{Duration: 55 * time.Hour}}, fixed: true, off: -5 * 3600}
	oneSecond := zone{policy: cert.Policy{Name: "1s", Lifetime: cert.Lifetime{Duration: time.Second}}, fixed: true}
	pr := &Prover{}
	// The model's first second is an issuance instant like any other: seen
	// from UTC−01:00 its first hour fails (the local date is in year 0), from
	// 0001-01-01T00:00:00Z itself, so that hour is not a suffix.
	westYear0 := zone{policy: cert.Policy{Name: "1y in UTC-01:00", Lifetime: cert.Lifetime{Years: 1}, Location: time.FixedZone("UTC-01:00", -3600)}}
	if got, ok := pr.suffixStart(&westYear0, cert.MinUnix, 3599); ok {
		t.Errorf("suffixStart over the model's first hour seen from UTC-01:00 = %d, a suffix; want every second failing", got)
	}
	for _, c := range []struct {
		z      *zone
		d      calendar.Date
		want   int64
		suffix bool
	}{
		{&west, calendar.Date{Year: 9999, Month: 12, Day: 28}, 0, false},
		{&west, calendar.Date{Year: 9999, Month: 12, Day: 29}, 43200, true},
		{&west, calendar.Date{Year: 9999, Month: 12, Day: 30}, 0, false},
		{&oneSecond, calendar.Date{Year: 9999, Month: 12, Day: 31}, 86399, true},
		{&oneSecond, calendar.Date{Year: 9999, Month: 12, Day: 30}, 0, false},
	} {
		got, ok := pr.suffixStart(c.z, midnight(c.d, c.z.off), 86399)
		if got != c.want || ok != c.suffix {
			t.Errorf("suffixStart(%s, %s) = %d, %v; want %d, %v", c.z.policy.Name, c.d, got, ok, c.want, c.suffix)
		}
	}
}

// TestEverySecondFindsAStretchInsideADay shows why Prove judges every
// second of a date near the model's bounds in a zone with daylight saving
// (case 2 of its doc), where it samples elsewhere. Ten-day certificates
// issued on 9999-12-21 in stretchZone end at the same wall clock on
// 9999-12-31. Until 23:00 that is at or before 9999-12-31T23:59:59Z (UTC−1
// adds an hour); from 23:00 to 23:29:59 it is after (refused); from 23:30
// the wall clock does not exist on 9999-12-31 and time.Date gives the
// instant at the new offset, UTC, which is back inside the model. So the
// date fails on 1,800 seconds in its middle: its first and last seconds,
// midnight's retry schedule and a bisection between the two ends all pass,
// and only the every-second path, which nearBound chooses here, sees it.
// (time.Date's doc leaves the choice of offset for a skipped wall clock
// open; the first assertion would say if Go changed it.)
func TestEverySecondFindsAStretchInsideADay(t *testing.T) {
	p := azure2012(t)
	p.Issuance = cert.Policy{Name: "10 days in XST", Lifetime: cert.Lifetime{Days: 10}, Location: stretchZone(t)}
	pr := mustProver(t, p)
	z := &pr.zones[0]
	d := calendar.Date{Year: 9999, Month: time.December, Day: 21}
	base := d.In(z.policy.Location).Unix()
	var failing []int64
	for tod := range int64(86400) {
		if issue(z.policy, time.Unix(base+tod, 0).UTC()) != nil {
			failing = append(failing, tod)
		}
	}
	if len(failing) != 1800 || failing[0] != 23*3600 || failing[len(failing)-1] != 23*3600+1799 {
		t.Fatalf("failing seconds of %s: %d from %v, want 23:00:00 to 23:29:59", d, len(failing), failing[:min(len(failing), 1)])
	}
	for _, tod := range pr.tods {
		if err := issue(z.policy, time.Unix(base+tod, 0).UTC()); err != nil {
			t.Errorf("sampled second %d of the day fails: %v", tod, err)
		}
	}
	if tod, ok := pr.suffixStart(z, base, 86399); ok {
		t.Errorf("suffixStart found a suffix from %d; the day's last second passes", tod)
	}
	if !pr.nearBound(z, base, 86399) {
		t.Fatal("nearBound: false, want true (NotAfter within two days of 9999-12-31T23:59:59Z)")
	}
	st, err := pr.Prove(d)
	if err != nil || st == StageNone {
		t.Fatalf("Prove(%s) = %v, %v; want a failing stage", d, st, err)
	}
}
