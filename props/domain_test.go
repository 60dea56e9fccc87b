package props

import (
	"errors"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// Every domain rule of the package documentation ("What a check judges"),
// just inside and just outside: inside, a wrong answer fails; outside,
// any answer passes (unless StrictRange demands an error).

var errWrong = errors.New("wrong on purpose")

func TestDomainRulesInsideAndOutside(t *testing.T) {
	utc := func(y int, m time.Month, d, hh, mm, ss, ns int) time.Time {
		return time.Date(y, m, d, hh, mm, ss, ns, time.UTC)
	}
	west := time.FixedZone("UTC-14", -14*3600)
	east := time.FixedZone("UTC+14", 14*3600)
	// wrongTime answers one hour off; it must fail wherever judged.
	wrongTime := func(t time.Time, n int) (time.Time, error) { return t.AddDate(n, 0, 0).Add(time.Hour), nil }
	wrongErr := func(time.Time, int) (time.Time, error) { return time.Time{}, errWrong }
	addYears := func(impl func(time.Time, int) (time.Time, error), opts ...Option) func(timeDelta) verdict {
		s, _, err := timeAddSpec("AddYears", calendar.Roll, impl, opts)
		if err != nil {
			t.Fatal(err)
		}
		return func(in timeDelta) verdict { v, _ := s.judge(in); return v }
	}
	policy := cert.Policy{Name: "year", Lifetime: cert.Lifetime{Years: 1}, Overflow: calendar.Roll, SubtractSecond: true}
	wrongIssuer := func(now time.Time) (time.Time, time.Time, error) {
		return now, now.AddDate(1, 0, 0), nil // NotAfter a second late
	}
	issuer := func(opts ...Option) func(time.Time) verdict {
		s, _, err := issuerSpec(policy, wrongIssuer, opts)
		if err != nil {
			t.Fatal(err)
		}
		return func(now time.Time) verdict { v, _ := s.judge(now); return v }
	}
	encoding := func(impl func(time.Time) (string, error)) func(time.Time) verdict {
		s, _, err := encodingSpec(impl, nil)
		if err != nil {
			t.Fatal(err)
		}
		return func(t time.Time) verdict { v, _ := s.judge(t); return v }
	}
	roundUp := func(t time.Time) (string, error) { return cert.EncodeTime(t.Truncate(time.Second).Add(time.Second)) }
	truncate := func(t time.Time) (string, error) { return cert.EncodeTime(t.Truncate(time.Second)) }
	errs := func(time.Time) (string, error) { return "", errWrong }

	// The date checks: wrongDate answers a day late, errDate refuses.
	wrongDate := func(y int, m time.Month, d, n int) (int, time.Month, int, error) {
		r, err := calendar.Date{Year: y, Month: m, Day: d}.AddYears(n, calendar.Clamp)
		if err != nil {
			return 9999, 12, 31, nil
		}
		r, _ = r.AddDays(1)
		return r.Year, r.Month, r.Day, nil
	}
	errDate := func(int, time.Month, int, int) (int, time.Month, int, error) { return 0, 0, 0, errWrong }
	addYearsDate := func(impl func(int, time.Month, int, int) (int, time.Month, int, error), opts ...Option) func(dateDelta) verdict {
		s, _, err := dateAddSpec("AddYearsDate", "AddYears", calendar.Clamp, impl, opts)
		if err != nil {
			t.Fatal(err)
		}
		return func(in dateDelta) verdict { v, _ := s.judge(in); return v }
	}
	jun := func(y int) calendar.Date { return calendar.Date{Year: y, Month: time.June, Day: 1} }

	for _, c := range []struct {
		rule string
		got  verdict
		want verdict
	}{
		// The date checks: a result past 9999 only under StrictRange.
		{"date: result 9998-06-01 + 1 year is judged", addYearsDate(wrongDate)(dateDelta{jun(9997), 1}), fail},
		{"date: result 10000-06-01: any answer passes", addYearsDate(wrongDate)(dateDelta{jun(9999), 1}), skipped},
		{"date: result 10000-06-01 under StrictRange: an answer fails", addYearsDate(wrongDate, StrictRange())(dateDelta{jun(9999), 1}), fail},
		{"date: result 10000-06-01 under StrictRange: an error passes", addYearsDate(errDate, StrictRange())(dateDelta{jun(9999), 1}), pass},
		{"date: InRange, result past it: any answer passes", addYearsDate(wrongDate, InRange(jun(2000), jun(2001)))(dateDelta{jun(2001), 1}), skipped},
		// The input's date, in its own location and in UTC, in 0001..9999.
		{"first instant after the zero time, inside", addYears(wrongTime)(timeDelta{utc(1, 1, 1, 0, 0, 1, 0), 1}), fail},
		{"the zero time.Time is never judged", addYears(wrongTime)(timeDelta{time.Time{}, 1}), skipped},
		{"0001-01-01 local, 0000-12-31 in UTC: outside", addYears(wrongTime)(timeDelta{time.Date(1, 1, 1, 10, 0, 0, 0, east), 1}), skipped},
		{"0001-01-01 local, still 0001-01-01 in UTC: inside", addYears(wrongTime)(timeDelta{time.Date(1, 1, 1, 14, 0, 1, 0, east), 1}), fail},
		{"9999-12-31 local, 10000-01-01 in UTC: outside", addYears(wrongTime)(timeDelta{time.Date(9999, 12, 31, 10, 0, 1, 0, west), -1}), skipped},
		{"9999-12-31 local and UTC: inside", addYears(wrongTime)(timeDelta{time.Date(9999, 12, 31, 9, 59, 59, 0, west), -1}), fail},
		// The model's result in 0001..9999.
		{"result 9999-12-31: inside", addYears(wrongTime)(timeDelta{utc(9998, 12, 31, 12, 0, 0, 0), 1}), fail},
		{"result 10000-01-01: any answer passes", addYears(wrongTime)(timeDelta{utc(9999, 1, 1, 12, 0, 0, 0), 1}), skipped},
		{"result 10000-01-01 under StrictRange: an answer fails", addYears(wrongTime, StrictRange())(timeDelta{utc(9999, 1, 1, 12, 0, 0, 0), 1}), fail},
		{"result 10000-01-01 under StrictRange: an error passes", addYears(wrongErr, StrictRange())(timeDelta{utc(9999, 1, 1, 12, 0, 0, 0), 1}), pass},
		{"result 0000-12-31: any answer passes", addYears(wrongTime)(timeDelta{utc(1, 12, 31, 12, 0, 0, 0), -1}), skipped},
		{"result 0001-01-01: inside", addYears(wrongTime)(timeDelta{utc(2, 1, 1, 12, 0, 0, 0), -1}), fail},
		// InRange narrows both.
		{"InRange: result just outside", addYears(wrongTime, InRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2000, Month: 12, Day: 31}))(timeDelta{utc(2000, 6, 1, 0, 0, 0, 0), 1}), skipped},
		{"InRange: result just inside", addYears(wrongTime, InRange(calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2001, Month: 6, Day: 1}))(timeDelta{utc(2000, 6, 1, 0, 0, 0, 0), 1}), fail},
		// With StrictRange, InRange still leaves inputs outside it unjudged, even
		// outside the model; a result past the model still demands an error.
		{"InRange and StrictRange: an input in year 0 in UTC is outside the range", addYears(wrongTime, StrictRange(), InRange(calendar.Date{Year: 1, Month: 1, Day: 1}, calendar.Date{Year: 2, Month: 12, Day: 31}))(timeDelta{time.Date(1, 1, 1, 10, 0, 0, 0, east), 1}), skipped},
		{"InRange and StrictRange: result 10000-01-01, an answer fails", addYears(wrongTime, StrictRange(), InRange(calendar.Date{Year: 9999, Month: 1, Day: 1}, calendar.Date{Year: 9999, Month: 12, Day: 31}))(timeDelta{utc(9999, 1, 1, 12, 0, 0, 0), 1}), fail},
		// A validity ending past 9999-12-31T23:59:59Z is not judged; one ending on it is.
		{"issuer: NotAfter 9999-12-31T23:59:59Z is judged", issuer()(utc(9999, 1, 1, 0, 0, 0, 0)), fail},
		{"issuer: NotAfter a second past 9999 is not judged", issuer()(utc(9999, 1, 1, 0, 0, 1, 0)), skipped},
		{"issuer: from -14:00 (the issue's report) is not judged", issuer()(time.Date(9998, 12, 31, 23, 59, 59, 999999999, west)), skipped},
		{"issuer: past 9999 under StrictRange is judged", issuer(StrictRange())(utc(9999, 1, 1, 0, 0, 1, 0)), fail},
		// A fractional second: an error or the truncated encoding passes, rounding up fails.
		{"encoding: fraction truncated passes", encoding(truncate)(utc(2012, 2, 29, 23, 59, 59, 500000000)), pass},
		{"encoding: fraction refused passes", encoding(errs)(utc(2012, 2, 29, 23, 59, 59, 500000000)), pass},
		{"encoding: fraction rounded up fails", encoding(roundUp)(utc(2012, 2, 29, 23, 59, 59, 500000000)), fail},
		{"encoding: the last second of 9999 is judged", encoding(errs)(utc(9999, 12, 31, 23, 59, 59, 0)), fail},
		{"encoding: a second later is not", encoding(errs)(utc(9999, 12, 31, 23, 59, 59, 0).Add(time.Second)), skipped},
	} {
		if c.got != c.want {
			t.Errorf("%s: verdict %v, want %v", c.rule, c.got, c.want)
		}
	}
}
