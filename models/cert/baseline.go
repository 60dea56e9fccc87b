package cert

import (
	"errors"
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// The CA/Browser Forum schedule (Baseline Requirements §6.3.2, ballot
// SC-081): the first second, at 00:00:00 UTC, of each reduction of the
// maximum validity period. TestScheduleDates checks the Unix times.
const (
	br200From = 1773532800 // 2026-03-15T00:00:00Z: 200 days
	br100From = 1805068800 // 2027-03-15T00:00:00Z: 100 days
	br47From  = 1868227200 // 2029-03-15T00:00:00Z: 47 days

	// br398 is the limit before 2026-03-15: 398 days, in force since
	// 2020-09-01 (the model does not go further back; earlier limits were
	// 825 days from 2018-03-01 and 39 months from 2015-04-01).
	br398 = 398
)

// TLSValidityStep is one window of the Baseline Requirements schedule:
// certificates with a NotBefore at or after From may have at most Days
// days.
type TLSValidityStep struct {
	From time.Time
	Days int
}

// TLSValiditySchedule returns the reductions of the maximum validity
// period after the 398 days in force before 2026-03-15, in order: the
// instants at which MaxTLSValidity changes, each with the limit from then
// on. A proof over issuance instants splits at them.
func TLSValiditySchedule() []TLSValidityStep {
	var out []TLSValidityStep
	for _, u := range []int64{br200From, br100From, br47From} {
		days, _ := tlsWindow(u)
		out = append(out, TLSValidityStep{From: time.Unix(u, 0).UTC(), Days: days})
	}
	return out
}

// tlsWindow returns the limit in days for a NotBefore at Unix time u, and
// the window it belongs to, for messages.
func tlsWindow(u int64) (days int, window string) {
	switch {
	case u >= br47From:
		return 47, "on or after 2029-03-15"
	case u >= br100From:
		return 100, "on or after 2027-03-15"
	case u >= br200From:
		return 200, "on or after 2026-03-15"
	}
	return br398, "before 2026-03-15"
}

// MaxTLSValidityDays returns the maximum validity period, in days of 86,400
// seconds, that the CA/Browser Forum Baseline Requirements §6.3.2 allow a
// TLS subscriber certificate issued at issuedAt (its NotBefore):
//
//	issued before 2026-03-15               398 days
//	on or after 2026-03-15, before 2027-03-15   200 days
//	on or after 2027-03-15, before 2029-03-15   100 days
//	on or after 2029-03-15                  47 days
//
// Each window is [on or after, before), with the dates at 00:00:00 UTC: a
// certificate with NotBefore 2026-03-14T23:59:59Z may have 398 days, one
// with NotBefore 2026-03-15T00:00:00Z only 200.
func MaxTLSValidityDays(issuedAt time.Time) int {
	days, _ := tlsWindow(issuedAt.Unix())
	return days
}

// MaxTLSValidity returns MaxTLSValidityDays(issuedAt) as a duration: the
// longest Period a compliant certificate issued at issuedAt may have
// (398 * 24h before 2026-03-15).
func MaxTLSValidity(issuedAt time.Time) time.Duration {
	return time.Duration(MaxTLSValidityDays(issuedAt)) * 24 * time.Hour
}

// BRDays returns the validity period of v in days as the Baseline
// Requirements §6.3.2 count them: "For the purpose of calculations, a day is
// measured as 86,400 seconds. Any amount of time greater than this,
// including fractional seconds and/or leap seconds, shall represent an
// additional day." That is the period in seconds (NotAfter - NotBefore + 1,
// RFC 5280's inclusive bounds) divided by 86,400, rounded up:
//
//	2012-03-01T00:00:00Z..2013-02-28T23:59:59Z   31,536,000 s   365 days
//	2012-03-01T00:00:00Z..2013-03-01T00:00:00Z   31,536,001 s   366 days
//	2011-03-01T00:00:00Z..2012-02-29T23:59:59Z   31,622,400 s   366 days (Feb 29 inside)
//
// so a "one year" certificate is 365 or 366 BR days, and 366 whenever
// NotAfter is the anniversary itself. Go's time has no leap seconds, and
// Validity bounds have no fractional seconds, so neither can add a day here;
// a relying party counting a real leap second inside the period would see
// one second more, which changes the count only for a period that is an
// exact multiple of 86,400 s. BRDays returns 0 for an invalid v.
func BRDays(v Validity) int {
	s := v.PeriodSeconds()
	return int((s + secondsPerDay - 1) / secondsPerDay)
}

// ComplianceViolation is the error ComplianceError returns for a validity
// longer than the Baseline Requirements allow. It wraps ErrNotCompliant.
type ComplianceViolation struct {
	// Validity is the validity checked.
	Validity Validity
	// LimitDays is the maximum for its issuance date (MaxTLSValidityDays).
	LimitDays int
	// Days is its period in BR days (BRDays).
	Days int
	// Excess is how much longer its period is than LimitDays * 86,400 s.
	Excess time.Duration
}

// Error describes the violation, e.g. "cert: validity
// 2026-03-15T00:00:00Z..2026-10-01T00:00:00Z: period 201 BR days exceeds
// the 200-day maximum for certificates issued on or after 2026-03-15 by 1
// day (period 17280001 s, limit 17280000 s, excess 1s)".
func (c *ComplianceViolation) Error() string {
	_, window := tlsWindow(c.Validity.NotBefore.Unix())
	return fmt.Sprintf("cert: validity %s: period %d BR days exceeds the %d-day maximum for certificates issued %s by %d day%s (period %d s, limit %d s, excess %s)",
		c.Validity, c.Days, c.LimitDays, window, c.Days-c.LimitDays, plural(c.Days-c.LimitDays),
		c.Validity.PeriodSeconds(), int64(c.LimitDays)*secondsPerDay, c.Excess)
}

// Unwrap returns ErrNotCompliant.
func (c *ComplianceViolation) Unwrap() error { return ErrNotCompliant }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// ComplianceError returns nil if v's period, in BR days (BRDays), is within
// the maximum for its NotBefore (MaxTLSValidityDays), a
// *ComplianceViolation wrapping ErrNotCompliant that says the limit, the
// period and the excess if it is not, and an error wrapping
// ErrInvalidValidity for an invalid v. A 398-day certificate must end by
// NotBefore + 398 days - 1s: ending at NotBefore + 398 days is 398 days and
// one second, 399 BR days, one too many.
func ComplianceError(v Validity) error {
	if err := v.Validate(); err != nil {
		return err
	}
	limit := MaxTLSValidityDays(v.NotBefore)
	days := BRDays(v)
	if days <= limit {
		return nil
	}
	return &ComplianceViolation{
		Validity:  v,
		LimitDays: limit,
		Days:      days,
		Excess:    secondsToDuration(v.PeriodSeconds() - int64(limit)*secondsPerDay),
	}
}

// MonthsLimitExceeded reports whether v is longer than a limit stated in
// calendar months, as the Baseline Requirements' earlier "39 months" (for
// certificates issued from 2015-04-01) was: whether NotAfter is after
// NotBefore + months, with the month arithmetic done in UTC under policy o.
//
// Such a limit is ambiguous for a NotBefore whose day does not exist in the
// target month, and linters have disagreed. For NotBefore
// 2012-02-29T00:00:00Z:
//
//	months   Clamp                 Roll (Go's AddDate)   Reject
//	39       2015-05-29T00:00:00Z  2015-05-29T00:00:00Z  2015-05-29T00:00:00Z
//	12       2013-02-28T00:00:00Z  2013-03-01T00:00:00Z  error
//
// so a certificate from 2012-02-29 to 2013-03-01T00:00:00Z exceeds "12
// months" under Clamp and not under Roll, while 39 months from a February 29
// lands on May 29 under every policy (May has 31 days). The end is compared
// as RFC 5280 bounds are, inclusively: NotAfter equal to NotBefore + months
// is within the limit. It returns an error wrapping ErrInvalidValidity for
// an invalid v, ErrRange for months outside 0..119,988, and the calendar's
// error (ErrNoSuchDay under Reject, ErrPolicy for an invalid o, ErrRange
// past 9999, in which case nothing in the model can exceed the limit).
func MonthsLimitExceeded(v Validity, months int, o calendar.Overflow) (bool, error) {
	if err := v.Validate(); err != nil {
		return false, err
	}
	if months < 0 || months > maxMonths {
		return false, newError(fmt.Sprint(months), ErrRange, fmt.Sprintf("limit of %d months for %s: must be in 0..%d", months, v, maxMonths))
	}
	limit, err := calendar.AddMonths(v.NotBefore.UTC(), months, o)
	if err != nil {
		kind := ErrRange
		switch {
		case errors.Is(err, calendar.ErrNoSuchDay):
			kind = calendar.ErrNoSuchDay
		case errors.Is(err, calendar.ErrPolicy):
			kind = ErrPolicy
		}
		return false, &Error{Input: v.String(), Kind: kind, Err: err, msg: fmt.Sprintf("limit of %d months for %s: %v", months, v, err)}
	}
	return v.NotAfter.After(limit), nil
}
