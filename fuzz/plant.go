package fuzz

import (
	"encoding/asn1"
	"os"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// PlantEnv is the environment variable that makes the fuzz targets run with
// a planted bug in an oracle: LEAPCHECK_PLANT=<Plant.Name>. Unset or unknown,
// the targets use the real oracles. The planted-bug test sets it in a
// subprocess to show that each target finds its bug, and how fast.
const PlantEnv = "LEAPCHECK_PLANT"

// Plant is a known bug planted in a copy of one target's oracle. The model is
// right; the broken oracle disagrees with it on some inputs, and the target
// must find one of them.
type Plant struct {
	// Name is the value of PlantEnv that selects the plant.
	Name string
	// Target is the fuzz target that must find it, without the "Fuzz"
	// prefix, e.g. "AddYears".
	Target string
	// Bug describes the planted bug.
	Bug string

	calendar *CalendarOracles
	cert     *CertOracles
	host     *HostOracles
	cluster  *ClusterOracles
	sim      *SimOracles
}

// Plants returns one planted bug per target, each a bug real date and
// certificate code has had.
func Plants() []Plant {
	return []Plant{
		{Name: "leap-every-4-years", Target: "ParseDate",
			Bug: "the oracle's leap-year rule is 'divisible by 4' (1900-02-29 exists)",
			calendar: &CalendarOracles{DaysIn: func(y int, m time.Month) int {
				if m == time.February && y%4 == 0 {
					return 29
				}
				return timeDaysIn(y, m)
			}}},
		{Name: "april-31", Target: "NewDate",
			Bug: "the oracle's month table gives April 31 days",
			calendar: &CalendarOracles{DaysIn: func(y int, m time.Month) int {
				if m == time.April {
					return 31
				}
				return timeDaysIn(y, m)
			}}},
		{Name: "int32-seconds", Target: "DayNumber",
			Bug: "the oracle computes seconds in 32 bits (time_t overflows on 2038-01-19)",
			calendar: &CalendarOracles{CivilFromDays: func(n int64) (int, time.Month, int) {
				return time.Unix(int64(int32(n*secondsPerDay)), 0).UTC().Date()
			}}},
		{Name: "feb-29-always-exists", Target: "AddYears",
			Bug: "the oracle believes every February has a 29th (2013-02-29 is fine: the 2012 guest agent)",
			calendar: &CalendarOracles{DaysIn: func(y int, m time.Month) int {
				if m == time.February {
					return 29
				}
				return timeDaysIn(y, m)
			}}},
		{Name: "february-28", Target: "AddMonths",
			Bug: "the oracle's month table ignores leap years (February always has 28 days)",
			calendar: &CalendarOracles{DaysIn: func(y int, m time.Month) int {
				if m == time.February {
					return 28
				}
				return timeDaysIn(y, m)
			}}},
		{Name: "generalized-from-2049", Target: "CertEncode",
			Bug: "the oracle switches to GeneralizedTime from 2049, a year early (RFC 5280: UTCTime through 2049)",
			cert: &CertOracles{Marshal: func(t time.Time, utc bool) ([]byte, error) {
				if utc && t.Year() < 2049 {
					return asn1.MarshalWithParams(t, "utc")
				}
				return asn1.MarshalWithParams(t, "generalized")
			}}},
		{Name: "posix-69-pivot", Target: "CertDecode",
			Bug: "the oracle reads two-digit years with POSIX strptime's pivot (00-68 is 20YY), not RFC 5280's 50",
			cert: &CertOracles{Unmarshal: func(der []byte) (time.Time, error) {
				var t time.Time
				_, err := asn1.Unmarshal(der, &t)
				if err == nil && len(der) > 0 && der[0] == 23 && t.Year() >= 1950 && t.Year() <= 1968 {
					t = t.AddDate(100, 0, 0)
				}
				return t, err
			}}},
		{Name: "year-is-365-days", Target: "CertIssue",
			Bug: "the oracle adds a year as 365 days of 24 hours",
			cert: &CertOracles{AddCalendarMonths: func(t time.Time, n int, _ calendar.Overflow) (time.Time, bool) {
				return t.Add(time.Duration(n/12) * 365 * 24 * time.Hour), true
			}}},
		{Name: "fault-one-early", Target: "Host",
			Bug: "the oracle expects the hardware fault one failed start before the limit",
			host: &HostOracles{FaultDue: func(failures, limit int) bool {
				return limit > 0 && failures >= limit-1
			}}},
		{Name: "threshold-strictly-above", Target: "Cluster",
			Bug: "the oracle reads 'passes a threshold' as strictly more HI servers than the threshold",
			cluster: &ClusterOracles{Reached: func(hi, n, count int, fraction float64) bool {
				if fraction == 0 {
					return hi > count
				}
				return hi >= count && float64(hi)/float64(n) > fraction
			}}},
		{Name: "alarm-after-boot", Target: "Sim",
			Bug: "the oracle adds the one-minute boot to the RCA's 3 x 25 minutes before the first alarm",
			sim: &SimOracles{FirstFaultAfter: func() time.Duration {
				return 3*25*time.Minute + time.Minute
			}}},
	}
}

// planted returns the plant PlantEnv names, if any.
func planted() (Plant, bool) {
	name := os.Getenv(PlantEnv)
	if name == "" {
		return Plant{}, false
	}
	for _, p := range Plants() {
		if p.Name == name {
			return p, true
		}
	}
	return Plant{}, false
}

// plantedOr returns the oracles the planted bug sets for one target (field
// picks them out of the Plant), or the zero value: the real oracles.
func plantedOr[T any](field func(Plant) *T) T {
	if p, ok := planted(); ok {
		if o := field(p); o != nil {
			return *o
		}
	}
	var zero T
	return zero
}

func plantedCalendar() CalendarOracles {
	return plantedOr(func(p Plant) *CalendarOracles { return p.calendar })
}
func plantedCert() CertOracles { return plantedOr(func(p Plant) *CertOracles { return p.cert }) }
func plantedHost() HostOracles { return plantedOr(func(p Plant) *HostOracles { return p.host }) }
func plantedCluster() ClusterOracles {
	return plantedOr(func(p Plant) *ClusterOracles { return p.cluster })
}
func plantedSim() SimOracles { return plantedOr(func(p Plant) *SimOracles { return p.sim }) }
