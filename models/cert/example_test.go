package cert_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// The 2012 Azure guest agent made its transfer certificate valid for "one
// year" by adding 1 to the year. On 29 February 2012 that failed; the fixed
// agent clamps to February 28.
func Example() {
	leapDay := time.Date(2012, time.February, 29, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{cert.GuestAgent2012, cert.GuestAgentFixed} {
		p, _ := cert.PresetByName(name)
		v, err := cert.Issue(p.Policy, leapDay)
		if err != nil {
			fmt.Println(err)
			fmt.Println("no such day:", errors.Is(err, calendar.ErrNoSuchDay))
			continue
		}
		fmt.Println(name, v, "valid at issuance:", v.ValidAt(leapDay))
	}
	// Output:
	// cert: issue at 2012-02-29T00:00:00Z with policy guest-agent-2012: calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)
	// no such day: true
	// guest-agent-fixed 2012-02-29T00:00:00Z..2013-02-28T00:00:00Z valid at issuance: true
}

// Check your own issuance code against the model the way leapcheck's proof
// does: here a hand-written "add one to the year" issuer, like the 2012 guest
// agent's, is run over four years of dates; the check finds the leap day.
func Example_check() {
	issue := func(now time.Time) (time.Time, error) {
		y, m, d := now.Date()
		end := time.Date(y+1, m, d, 0, 0, 0, 0, time.UTC)
		if end.Day() != d { // time.Date normalized a day that does not exist
			return time.Time{}, fmt.Errorf("%04d-%02d-%02d does not exist", y+1, m, d)
		}
		return end, nil
	}
	fixed, _ := cert.PresetByName(cert.GuestAgentFixed)
	for now := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC); now.Year() < 2014; now = now.AddDate(0, 0, 1) {
		want, _ := cert.Issue(fixed.Policy, now)
		if got, err := issue(now); err != nil || !got.Equal(want.NotAfter) {
			fmt.Printf("issued at %s: %v, model says NotAfter %s\n", now.Format("2006-01-02"), err, want.NotAfter.Format("2006-01-02"))
		}
	}
	// Output:
	// issued at 2012-02-29: 2013-02-29 does not exist, model says NotAfter 2013-02-28
}

// A 398-day certificate must end one second before NotBefore + 398 days: the
// Baseline Requirements count the extra second as a whole extra day.
func ExampleComplianceError() {
	nb := time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC)
	for _, na := range []time.Time{nb.Add(398*24*time.Hour - time.Second), nb.Add(398 * 24 * time.Hour)} {
		v := cert.Validity{NotBefore: nb, NotAfter: na}
		fmt.Println(cert.BRDays(v), cert.ComplianceError(v))
	}
	// Output:
	// 398 <nil>
	// 399 cert: validity 2025-06-01T00:00:00Z..2026-07-04T00:00:00Z: period 399 BR days exceeds the 398-day maximum for certificates issued before 2026-03-15 by 1 day (period 34387201 s, limit 34387200 s, excess 1s)
}

// RFC 5280 encodes 1950..2049 as UTCTime and other years as GeneralizedTime.
func ExampleEncodeTime() {
	for _, t := range []time.Time{
		time.Date(1949, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC),
		cert.NoExpiration,
	} {
		tag, _ := cert.TagFor(t)
		s, _ := cert.EncodeTime(t)
		fmt.Println(tag, s)
	}
	// Output:
	// GeneralizedTime 19491231235959Z
	// UTCTime 120229000000Z
	// GeneralizedTime 20500101000000Z
	// GeneralizedTime 99991231235959Z
}

// Renew at two thirds of the lifetime, as certmagic (Caddy) does by
// default: it counts the lifetime as NotAfter + 1s - NotBefore.
func ExampleValidity_RenewAt() {
	nb := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	v := cert.Validity{NotBefore: nb, NotAfter: nb.Add(90*24*time.Hour - time.Second)}
	at, _ := v.RenewAt(cert.CertmagicSpan, 2.0/3)
	fmt.Println(at, v.Remaining(at))
	// Output:
	// 2025-03-02 00:00:00 +0000 UTC 720h0m0s
}
