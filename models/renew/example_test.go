package renew_test

import (
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
)

// A client that renews 60 days after issuance, as if every certificate
// lasted 90 days, against Let's Encrypt's classic profile: 4 days of
// margin from 2027-02-10, a lapse for every certificate issued from
// 2028-02-16.
func Example() {
	p, _ := renew.PresetByName(renew.Renew60DaysLEClassic)
	r, _ := calendar.NewRange(calendar.Date{Year: 2028, Month: time.February, Day: 14}, calendar.Date{Year: 2028, Month: time.February, Day: 17})
	pr, _ := renew.NewProver(p)
	failing := 0
	for d := range r.Days() {
		if f, bad, _ := pr.Check(d); bad {
			failing++
			fmt.Printf("%s %s: %s without a certificate, from the certificate issued %s\n", f.DateText, f.Kind, f.Gap, f.Issued.Format(time.TimeOnly))
		}
	}
	fmt.Printf("%d of %d dates fail\n", failing, r.Len())
	// Output:
	// 2028-02-16 lapse: 415h0m0s without a certificate, from the certificate issued 00:00:00
	// 2028-02-17 lapse: 415h0m0s without a certificate, from the certificate issued 00:00:00
	// 2 of 4 dates fail
}

// A renewal storm: certbot's 30-day threshold against 6-day certificates
// makes 30 services renew on every timer run, the registered domain's
// limit of 50 per week refuses them, and certificates expire.
func ExampleSimulate() {
	f, _ := renew.FleetPresetByName(renew.CertbotShortLivedStorm)
	run, _ := renew.Simulate(f)
	v := run.Verdict
	fmt.Println("first refusal:", v.FirstRateLimit.Format(time.RFC3339))
	fmt.Println("first expiry: ", v.FirstExpiry.Format(time.RFC3339))
	fmt.Println("services that expired:", v.ServicesExpired, "of", v.Services)
	// Output:
	// first refusal: 2026-06-01T02:26:36Z
	// first expiry:  2026-06-07T16:00:00Z
	// services that expired: 30 of 30
}

// A monthly job on the 31st skips the months without one, as cron does.
func ExampleSchedule_Runs() {
	runs, _ := renew.MonthlyOn(31, renew.Skip).Runs(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 0, 4)
	for _, r := range runs {
		fmt.Println(r.Format(time.DateOnly))
	}
	// Output:
	// 2027-01-31
	// 2027-03-31
	// 2027-05-31
	// 2027-07-31
}
