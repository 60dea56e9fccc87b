package fuzz

import (
	"encoding/asn1"
	"os"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/renew"
)

// plantEnv is the environment variable that makes the fuzz targets run with
// a planted bug in an oracle: LEAPCHECK_PLANT=<plant name>. Unset or unknown,
// the targets use the real oracles. The planted-bug test sets it in a
// subprocess to show that each target finds its bug, and how fast.
const plantEnv = "LEAPCHECK_PLANT"

// oracles are every target's oracles; the zero value is the real ones.
type oracles struct {
	calendar calendarOracles
	cert     certOracles
	host     hostOracles
	cluster  clusterOracles
	sim      simOracles
	renew    renewOracles
}

// plant is a known bug planted in a copy of one target's oracle. The model is
// right; the broken oracle disagrees with it on some inputs, and the target
// must find one of them.
type plant struct {
	// name is the value of plantEnv that selects the plant.
	name string
	// target is the fuzz target that must find it, without the "Fuzz"
	// prefix, e.g. "AddYears".
	target string
	// bug describes the planted bug.
	bug string
	// set plants the bug in o.
	set func(o *oracles)
}

// plants returns one planted bug per target, each a bug real date and
// certificate code has had.
// wrongMonthLength is the oracle's month table with one wrong entry: month
// m has days days in the years where wrong holds, the right length
// elsewhere. Four plants are a bug of this kind.
func wrongMonthLength(m time.Month, days int, wrong func(year int) bool) func(int, time.Month) int {
	return func(y int, month time.Month) int {
		if month == m && wrong(y) {
			return days
		}
		return timeDaysIn(y, month)
	}
}

// everyYear is wrongMonthLength's wrong for a bug in every year.
func everyYear(int) bool { return true }

func plants() []plant {
	return []plant{
		{name: "leap-every-4-years", target: "ParseDate",
			bug: "the oracle's leap-year rule is 'divisible by 4' (1900-02-29 exists)",
			set: func(o *oracles) {
				o.calendar.daysIn = wrongMonthLength(time.February, 29, func(y int) bool { return y%4 == 0 })
			}},
		{name: "april-31", target: "NewDate",
			bug: "the oracle's month table gives April 31 days",
			set: func(o *oracles) {
				o.calendar.daysIn = wrongMonthLength(time.April, 31, everyYear)
			}},
		{name: "int32-seconds", target: "DayNumber",
			bug: "the oracle computes seconds in 32 bits (time_t overflows on 2038-01-19)",
			set: func(o *oracles) {
				o.calendar.civilFromDays = func(n int64) (int, time.Month, int) {
					return time.Unix(int64(int32(n*secondsPerDay)), 0).UTC().Date()
				}
			}},
		{name: "feb-29-always-exists", target: "AddYears",
			bug: "the oracle believes every February has a 29th (2013-02-29 is fine: the 2012 guest agent)",
			set: func(o *oracles) {
				o.calendar.daysIn = wrongMonthLength(time.February, 29, everyYear)
			}},
		{name: "february-28", target: "AddMonths",
			bug: "the oracle's month table ignores leap years (February always has 28 days)",
			set: func(o *oracles) {
				o.calendar.daysIn = wrongMonthLength(time.February, 28, everyYear)
			}},
		{name: "generalized-from-2049", target: "CertEncode",
			bug: "the oracle switches to GeneralizedTime from 2049, a year early (RFC 5280: UTCTime through 2049)",
			set: func(o *oracles) {
				o.cert.marshal = func(t time.Time, utc bool) ([]byte, error) {
					if utc && t.Year() < 2049 {
						return asn1.MarshalWithParams(t, "utc")
					}
					return asn1.MarshalWithParams(t, "generalized")
				}
			}},
		{name: "posix-69-pivot", target: "CertDecode",
			bug: "the oracle reads two-digit years with POSIX strptime's pivot (00-68 is 20YY), not RFC 5280's 50",
			set: func(o *oracles) {
				o.cert.unmarshal = func(der []byte) (time.Time, error) {
					var t time.Time
					_, err := asn1.Unmarshal(der, &t)
					if err == nil && len(der) > 0 && der[0] == 23 && t.Year() >= 1950 && t.Year() <= 1968 {
						t = t.AddDate(100, 0, 0)
					}
					return t, err
				}
			}},
		{name: "year-is-365-days", target: "CertIssue",
			bug: "the oracle adds a year as 365 days of 24 hours",
			set: func(o *oracles) {
				o.cert.addCalendarMonths = func(t time.Time, n int, _ calendar.Overflow) (time.Time, bool) {
					return t.Add(time.Duration(n/12) * 365 * 24 * time.Hour), true
				}
			}},
		{name: "fault-one-early", target: "Host",
			bug: "the oracle expects the hardware fault one failed start before the limit",
			set: func(o *oracles) {
				o.host.faultDue = func(failures, limit int) bool {
					return limit > 0 && failures >= limit-1
				}
			}},
		{name: "threshold-strictly-above", target: "Cluster",
			bug: "the oracle reads 'passes a threshold' as strictly more HI servers than the threshold",
			set: func(o *oracles) {
				o.cluster.reached = func(hi, n, count int, fraction float64) bool {
					if fraction == 0 {
						return hi > count
					}
					return hi >= count && float64(hi)/float64(n) > fraction
				}
			}},
		{name: "alarm-after-boot", target: "Sim",
			bug: "the oracle adds the one-minute boot to the RCA's 3 x 25 minutes before the first alarm",
			set: func(o *oracles) {
				o.sim.firstFaultAfter = func() time.Duration {
					return 3*25*time.Minute + time.Minute
				}
			}},
		{name: "lifetime-one-day-late", target: "Renew",
			bug: "the oracle's CA switches to a new lifetime one day after the announced date (certificates issued on 2028-02-16 still get 64 days)",
			set: func(o *oracles) {
				o.renew.lifetimeAt = func(l renew.Lifetimes, t time.Time) time.Duration {
					late := l
					late.Steps = nil
					for _, s := range l.Steps {
						late.Steps = append(late.Steps, renew.LifetimeStep{From: s.From.AddDate(0, 0, 1), Lifetime: s.Lifetime})
					}
					return renewOracles{}.lifetime(late, t)
				}
			}},
	}
}

// planted returns the oracles with the bug plantEnv names planted, or the
// real oracles when it names none. It also builds the tables the decoders
// and the checks use (see warm).
func planted() oracles {
	warm()
	var o oracles
	name := os.Getenv(plantEnv)
	if name == "" {
		return o
	}
	for _, p := range plants() {
		if p.name == name {
			p.set(&o)
		}
	}
	return o
}
