package cert

import (
	"fmt"
	"math"
	"time"
)

// Validity is a certificate's validity period as RFC 5280 §4.1.2.5 defines
// it: "the period of time from notBefore through notAfter, inclusive", at a
// precision of one second. A certificate is valid at every instant of the
// seconds NotBefore to NotAfter, so at t iff NotBefore <= t < NotAfter + 1s,
// and its period is NotAfter - NotBefore + 1s.
//
// A valid Validity (see Validate) has whole-second bounds within
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z with NotBefore <= NotAfter. The
// zero Validity is valid: the one second 0001-01-01T00:00:00Z (the zero
// time.Time is that instant). The locations of the bounds do not matter;
// Issue returns them in UTC.
type Validity struct {
	// NotBefore is the first second of the validity, NotAfter the last;
	// both are included.
	NotBefore, NotAfter time.Time
}

// String returns "NOTBEFORE..NOTAFTER" in RFC 3339 UTC, e.g.
// "2012-02-29T00:00:00Z..2013-02-28T00:00:00Z".
func (v Validity) String() string {
	return formatTime(v.NotBefore) + ".." + formatTime(v.NotAfter)
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Validate returns nil if v is a validity the model can represent and
// encode, and otherwise an error wrapping ErrInvalidValidity that names v and
// the defect: a bound with a fractional second (RFC 5280 times have none;
// Issue truncates, Validate does not guess), a bound outside
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z, or NotBefore after NotAfter.
func (v Validity) Validate() error {
	if v.valid() {
		return nil
	}
	for _, b := range [2]struct {
		name string
		t    time.Time
	}{{"NotBefore", v.NotBefore}, {"NotAfter", v.NotAfter}} {
		if u := b.t.Unix(); u < MinUnix || u > NoExpirationUnix {
			return v.invalid(fmt.Sprintf("%s %s is outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z", b.name, formatTime(b.t)))
		}
		if b.t.Nanosecond() != 0 {
			return v.invalid(fmt.Sprintf("%s %s has a fractional second (RFC 5280 times are whole seconds)", b.name, formatTime(b.t)))
		}
	}
	return v.invalid("NotBefore is after NotAfter")
}

func (v Validity) invalid(why string) *Error {
	return newError(v.String(), ErrInvalidValidity, "validity "+v.String()+": "+why)
}

// valid is Validate without the error, allocation-free.
func (v Validity) valid() bool {
	nb, na := v.NotBefore.Unix(), v.NotAfter.Unix()
	return nb >= MinUnix && na <= NoExpirationUnix && nb <= na &&
		v.NotBefore.Nanosecond() == 0 && v.NotAfter.Nanosecond() == 0
}

// ValidAt reports whether a certificate with validity v is valid at t:
// NotBefore <= t <= NotAfter with t taken at one-second precision, that is
// NotBefore <= t < NotAfter + 1s. So a certificate with NotAfter
// 2013-02-28T23:59:59Z is still valid at 23:59:59.999999999 and not at
// 2013-03-01T00:00:00Z. (crypto/x509's Verify compares at nanosecond
// precision and rejects it during that last fraction of a second; see the
// package documentation.) ValidAt is false for an invalid v (see Validate).
func (v Validity) ValidAt(t time.Time) bool {
	if !v.valid() {
		return false
	}
	return !t.Before(v.NotBefore) && t.Before(v.NotAfter.Add(time.Second))
}

// PeriodSeconds returns the length of v in seconds: NotAfter - NotBefore + 1,
// exact for every valid v (up to 315,537,897,600 seconds for
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z). It returns 0 for an invalid v.
func (v Validity) PeriodSeconds() int64 {
	if !v.valid() {
		return 0
	}
	return v.NotAfter.Unix() - v.NotBefore.Unix() + 1
}

// Period returns the length of v, NotAfter - NotBefore + 1s, the measure of
// the instants at which ValidAt is true: a certificate from
// 2012-03-01T00:00:00Z to 2013-02-28T23:59:59Z has a period of exactly 365
// days. A time.Duration holds about 292 years; for a longer v, Period
// saturates at math.MaxInt64 nanoseconds as time.Time.Sub does (use
// PeriodSeconds). It returns 0 for an invalid v.
func (v Validity) Period() time.Duration {
	return secondsToDuration(v.PeriodSeconds())
}

func secondsToDuration(s int64) time.Duration {
	if s > math.MaxInt64/int64(time.Second) {
		return math.MaxInt64
	}
	if s < math.MinInt64/int64(time.Second) {
		return math.MinInt64
	}
	return time.Duration(s) * time.Second
}

// Remaining returns how much of v lies at or after t: NotAfter + 1s - t for a
// t at which v is valid, the whole Period for a t before NotBefore (the
// certificate is not valid yet, and all of it is still ahead), and 0 from
// NotAfter + 1s on or for an invalid v. It saturates as Period does.
func (v Validity) Remaining(t time.Time) time.Duration {
	switch {
	case !v.valid():
		return 0
	case t.Before(v.NotBefore):
		return v.Period()
	}
	end := v.NotAfter.Add(time.Second)
	if !t.Before(end) {
		return 0
	}
	return end.Sub(t)
}

// Covers reports whether v is valid at every instant of the closed interval
// [from, to]: from <= to, and ValidAt(from) and ValidAt(to) (a validity is
// an interval, so the ends suffice). A caller who needs a certificate for a
// whole job asks Covers(jobStart, jobEnd). It is false when to is before
// from, and for an invalid v.
func (v Validity) Covers(from, to time.Time) bool {
	return !to.Before(from) && v.ValidAt(from) && v.ValidAt(to)
}
