package proof_test

import (
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
)

// Prove a renewal setup of your own over every issuance date of
// 2027..2029, as you would from a Go test: a cron job at 00:00 UTC that
// renews 45-day certificates one day before they expire, retrying hourly,
// against a CA that may be down for 6 hours. A certificate issued at
// 00:00:02 is due at 00:00:01 on day 44, one second after that day's run,
// so it waits for the next run and the outage outlasts its last day: every
// one of the 365 + 366 + 365 dates fails.
func Example() {
	setup := renew.Preset{
		Name: "my-cron", Outage: 6 * time.Hour, CA: renew.Fixed("45-day", 45*renew.Day),
		Client: renew.Policy{Name: "cron-1d-before", Trigger: renew.Trigger{Kind: renew.BeforeExpiry, Offset: renew.Day},
			Wake: renew.DailyAt(0), Retry: renew.Retry{Initial: time.Hour, Max: time.Hour}},
		// Claim: the zero Claim says no date fails.
	}
	s, err := setup.Subject()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := calendar.NewRange(calendar.Date{Year: 2027, Month: time.January, Day: 1}, calendar.Date{Year: 2029, Month: time.December, Day: 31})
	res, err := proof.Sweep(r, []proof.Subject{s}, proof.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := res.Subjects[0]
	fmt.Println(p.Verdict)
	fmt.Println("first:", *p.FirstFailure, p.FirstDetail)
	// Output:
	// UNSAFE: 1,096 failing dates, expected none
	// first: 2027-01-01 lapse: certificate issued 2027-01-01T00:00:02Z expires after 2027-02-15T00:00:01Z; due 2027-02-14T00:00:01Z, first attempt 2027-02-15T00:00:00Z, CA down 6h, renewed 2027-02-15T06:00:00Z: 5h59m58s without a valid certificate
}
