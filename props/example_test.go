package props_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/props"
)

// The 2012 guest agent's date logic, "add 1 to the year", checked against
// the model under the policy it should have followed. In a test you would
// call props.CheckAddYears(t, calendar.Clamp, addOneToTheYear) instead.
func ExampleVerifyAddYears() {
	addOneToTheYear := func(t time.Time, years int) (time.Time, error) {
		y, m, d := t.Date()
		if y+years < 1 || y+years > 9999 {
			return time.Time{}, errors.New("out of range")
		}
		hh, mm, ss := t.Clock()
		return time.Date(y+years, m, d, hh, mm, ss, t.Nanosecond(), t.Location()), nil
	}
	err := props.VerifyAddYears(calendar.Clamp, addOneToTheYear, props.VerifyOptions{})
	fmt.Println(err)
	// Output:
	// leapcheck: AddYears (policy clamp) disagrees with the model on 1996-02-29T00:00:00Z (UTC) +1 years
	//   got:   1997-03-01T00:00:00Z (UTC)
	//   model: 1997-02-28T00:00:00Z (UTC)
	//   found by: edge table
}

// Dates drawn from the edge table come often: here, how many of the first
// 1,000 draws of each generator are February 29ths.
func ExampleDate() {
	count := func(draw func(seed ...int) calendar.Date) (n int) {
		for seed := 0; seed < 1000; seed++ {
			if d := draw(seed); d.Month == time.February && d.Day == 29 {
				n++
			}
		}
		return n
	}
	edgy := props.Date()
	uniform := props.Date(props.EdgeShare(0))
	fmt.Println("edge-biased:", count(edgy.Example) > 50)
	fmt.Println("no edges:   ", count(uniform.Example) < 20)
	// Output:
	// edge-biased: true
	// no edges:    true
}

// Restrict a generator to the range your code supports; the range's bounds
// become edge cases too.
func ExampleInRange() {
	g := props.Date(props.InRange(calendar.Date{Year: 2024, Month: 1, Day: 1}, calendar.Date{Year: 2024, Month: 12, Day: 31}))
	leapDay := false
	for seed := 0; seed < 200; seed++ {
		d := g.Example(seed)
		if d.Year != 2024 {
			fmt.Println("outside the range:", d)
		}
		leapDay = leapDay || d == calendar.Date{Year: 2024, Month: time.February, Day: 29}
	}
	fmt.Println("drew 2024-02-29:", leapDay)
	// Output:
	// drew 2024-02-29: true
}

// An issuer that reads the clock itself cannot be checked as it is: give it
// a clock to read. Production code sets now to time.Now; the check sets it
// to each instant it tries. Here the issuer adds one to the year, as the
// 2012 guest agent did, and is checked against the fixed policy.
func ExampleVerifyIssuer_injectTheClock() {
	type issuer struct{ now func() time.Time }
	validity := func(is issuer) (time.Time, time.Time, error) {
		u := is.now().UTC()
		y, m, d := u.Date()
		nb := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		na := time.Date(y+1, m, d, 0, 0, 0, 0, time.UTC)
		if na.Day() != d {
			return time.Time{}, time.Time{}, fmt.Errorf("%d-%02d-%02d does not exist", y+1, m, d)
		}
		return nb, na, nil
	}
	fixed, _ := cert.PresetByName(cert.GuestAgentFixed)
	err := props.VerifyIssuer(fixed.Policy, func(now time.Time) (time.Time, time.Time, error) {
		return validity(issuer{now: func() time.Time { return now }})
	}, props.VerifyOptions{}, props.InRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2099, Month: 12, Day: 31}))
	fmt.Println(err)
	// Output:
	// leapcheck: Issuer (policy guest-agent-fixed) disagrees with the model on issue at 2000-02-29T00:00:00Z (UTC)
	//   got:   error: 2001-02-29 does not exist
	//   model: 2000-02-29T00:00:00Z..2001-02-28T00:00:00Z
	//   found by: edge table
}

// A year-month-day library checked with the integer form of the check:
// here Go's AddDate behind a (y, m, d) signature, as a wrapper around
// civil.Date or another date type would be.
func ExampleVerifyAddYearsDate() {
	addYears := func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
		t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC).AddDate(n, 0, 0)
		return t.Year(), t.Month(), t.Day(), nil
	}
	fmt.Println("roll: ", props.VerifyAddYearsDate(calendar.Roll, addYears, props.VerifyOptions{}))
	fmt.Println("clamp:", props.VerifyAddYearsDate(calendar.Clamp, addYears, props.VerifyOptions{}) != nil)
	// Output:
	// roll:  <nil>
	// clamp: true
}

// Unix seconds divided by 86,400 with Go's division, which truncates toward
// zero, put every instant before 1970 on the next day.
func ExampleVerifyDateOf() {
	dateOf := func(t time.Time) (int, time.Month, int) {
		return time.Unix(t.Unix()/86400*86400, 0).UTC().Date()
	}
	err := props.VerifyDateOf(dateOf, props.VerifyOptions{}, props.Zones(time.UTC))
	fmt.Println(err)
	// Output:
	// leapcheck: DateOf disagrees with the model on 1896-02-29T23:59:59.999999999Z (UTC)
	//   got:   1896-03-01
	//   model: 1896-02-29
	//   found by: edge table
}

// Days between two dates as the difference of local midnights over 24
// hours: one day short across a spring-forward change (New York moved its
// clocks on 2000-04-02).
func ExampleVerifyDaysBetween() {
	ny, _ := time.LoadLocation("America/New_York")
	days := func(a, b calendar.Date) int { return int(b.In(ny).Sub(a.In(ny)) / (24 * time.Hour)) }
	err := props.VerifyDaysBetween(days, props.VerifyOptions{}, props.InRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2030, Month: 12, Day: 31}))
	fmt.Println(err)
	// Output:
	// leapcheck: DaysBetween disagrees with the model on from 2000-03-31 to 2000-04-07
	//   got:   6
	//   model: 7
	//   found by: edge table
}

// The 2014 "YYYY" bug: the ISO week-based year printed as the year.
func ExampleVerifyISOWeek() {
	isoWeek := func(y int, m time.Month, d int) (int, int) {
		_, w := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).ISOWeek()
		return y, w
	}
	err := props.VerifyISOWeek(isoWeek, props.VerifyOptions{}, props.InRange(calendar.Date{Year: 2014, Month: 1, Day: 1}, calendar.Date{Year: 2015, Month: 12, Day: 31}))
	fmt.Println(err)
	// Output:
	// leapcheck: ISOWeek disagrees with the model on 2014-12-29
	//   got:   2014-W01
	//   model: 2015-W01
	//   found by: edge table
}

// Midnight by time.Date is the day before where clocks skip midnight.
func ExampleVerifyBoundary() {
	saoPaulo, _ := time.LoadLocation("America/Sao_Paulo")
	startOfDay := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	}
	err := props.VerifyBoundary(props.StartOfDay, startOfDay, props.VerifyOptions{}, props.Zones(saoPaulo),
		props.InRange(calendar.Date{Year: 2012, Month: 1, Day: 1}, calendar.Date{Year: 2012, Month: 12, Day: 31}))
	fmt.Println(err)
	// Output:
	// leapcheck: StartOfDay disagrees with the model on 2012-10-21T01:00:00-02:00 (America/Sao_Paulo)
	//   got:   2012-10-20T23:00:00-03:00 (America/Sao_Paulo)
	//   model: 2012-10-21T01:00:00-02:00 (America/Sao_Paulo)
	//   found by: edge table
}

// A UTCTime decoder with the POSIX strptime pivot (69) reads 1950..1968 as
// 2050..2068.
func ExampleVerifyCertTimeDecoding() {
	decode := func(tag cert.Tag, s string) (time.Time, error) {
		if tag == cert.UTCTime {
			t, err := time.Parse("060102150405Z", s) // Go's pivot is 69, too
			return t, err
		}
		return time.Parse("20060102150405Z", s)
	}
	err := props.VerifyCertTimeDecoding(decode, props.VerifyOptions{})
	fmt.Println(err)
	// Output:
	// leapcheck: CertTimeDecoding disagrees with the model on UTCTime "500101135959Z"
	//   got:   2050-01-01T13:59:59Z (UTC)
	//   model: 1950-01-01T13:59:59Z (UTC)
	//   found by: edge table
}

// An age computed by comparing days of the year: a day off after February
// whenever one of the two years is leap and the other is not.
func ExampleVerifyCompletedYears() {
	var age func(from, to calendar.Date) int
	age = func(from, to calendar.Date) int {
		if to.Before(from) {
			return -age(to, from)
		}
		n := to.Year - from.Year
		if to.YearDay() < from.YearDay() {
			n--
		}
		return n
	}
	err := props.VerifyCompletedYears(calendar.Roll, age, props.VerifyOptions{}, props.InRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2030, Month: 12, Day: 31}))
	fmt.Println(err)
	// Output:
	// leapcheck: CompletedYears (policy roll) disagrees with the model on from 2000-03-01 to 2001-03-01
	//   got:   0
	//   model: 1
	//   found by: edge table
}

// A billing job "on the 31st of every month", as cron runs it ("0 0 31 * *":
// months without a 31st have no run), written with time.Date: Go
// normalizes "April 31" to May 1, so the job runs on May 1 as well.
func ExampleVerifyNextRun() {
	next := func(now time.Time) (time.Time, error) {
		now = now.UTC()
		for m := 0; ; m++ {
			r := time.Date(now.Year(), now.Month()+time.Month(m), 31, 0, 0, 0, 0, time.UTC)
			if r.After(now) {
				return r, nil
			}
		}
	}
	err := props.VerifyNextRun(renew.MonthlyOn(31, renew.Skip), props.After, next, props.VerifyOptions{})
	fmt.Println(err)
	// Output:
	// leapcheck: NextRun (policy monthly on day 31 at 00:00 (skip), After) disagrees with the model on next run After 1996-01-31T00:00:00Z (UTC)
	//   got:   1996-03-02T00:00:00Z (UTC)
	//   model: 1996-03-31T00:00:00Z (UTC)
	//   found by: edge table
}

// A renewal predicate that hard-codes "60 days after issuance", two thirds
// of a 90-day certificate, checked against cert-manager's rule (renew when
// a third of the lifetime is left): right for 90-day certificates, and
// past expiry for Let's Encrypt's shorter ones. The clock is passed in,
// not read with time.Now().
func ExampleVerifyRenewalDue() {
	needsRenewal := func(v cert.Validity, now time.Time) bool {
		return !now.Before(v.NotBefore.Add(60 * 24 * time.Hour))
	}
	err := props.VerifyRenewalDue(renew.CertManager(), renew.LetsEncryptTLSServer(), needsRenewal, props.VerifyOptions{})
	fmt.Println(err)
	// Output:
	// leapcheck: RenewalDue (policy cert-manager-1.21.1 trigger fraction, letsencrypt-tlsserver) disagrees with the model on certificate 2026-05-13T00:00:00Z..2026-06-26T23:59:59Z from letsencrypt-tlsserver
	//   got:   false at NotAfter 2026-06-26T23:59:59Z
	//   model: false before, true from 2026-06-11T23:59:59Z
	//   found by: edge table
}

// Go's time.RFC3339 layout writes an offset to the minute. Before standard
// time a zone's offset had seconds (São Paulo's local mean time was
// -03:06:28 until 1914), and the text then denotes another instant, 28
// seconds off. Formatting t.UTC() there passes.
func ExampleVerifyDateTimeFormat() {
	format := func(t time.Time) (string, error) { return t.Format(time.RFC3339Nano), nil }
	err := props.VerifyDateTimeFormat(format, props.VerifyOptions{})
	fmt.Println(err)
	// Output:
	// leapcheck: DateTimeFormat disagrees with the model on 1896-02-29T00:00:00-03:06 (America/Sao_Paulo)
	//   got:   "1896-02-29T00:00:00-03:06"
	//   model: an error, or text denoting 1896-02-29T03:06:28Z in another offset (RFC 3339 has no seconds in offsets)
	//   found by: edge table
}

// A renewal job that renews on every run ("renew --force" in cron) keeps
// every certificate fresh, so a margin check passes it; against Let's
// Encrypt's limit of 5 certificates per exact set of names per 7 days it
// is refused at once: the renewal storm.
func ExampleVerifyRenewalRate() {
	force := func(v cert.Validity, now time.Time) (time.Time, error) { return now, nil }
	err := props.VerifyRenewalRate(renew.LetsEncryptTLSServer(), renew.LetsEncryptExactSet(), force, props.VerifyOptions{})
	fmt.Println(err)
	// Output:
	// leapcheck: RenewalRate (policy letsencrypt-tlsserver, letsencrypt-exact-set: 5 per 7d, 1 every 1d9h36m) disagrees with the model on a client from the certificate 2026-03-14T23:59:59Z..2026-06-12T23:59:58Z
	//   got:   issuance 6 at 2026-03-14T23:59:59Z, refused: no token left in the bucket
	//   model: issuances within letsencrypt-exact-set: 5 per 7d, 1 every 1d9h36m
	//   found by: edge table
}
