package proof

import "github.com/leapcheck/leapcheck/models/calendar"

// Claim is what a subject says about its issuance dates: exactly the dates
// FailsOn reports fail, and no other. It is data written from the
// subject's definition (for the 2012 guest agent, calendar.Date.IsFebruary29),
// never computed by the judge it is checked against, so that checking the
// claim tests the judge. The zero Claim says that no date fails.
type Claim struct {
	// FailsOn reports whether the claim says date d fails; nil means no
	// date fails.
	FailsOn func(d calendar.Date) bool `json:"-"`
	// FailingDates says in words which dates FailsOn reports ("every
	// February 29"); empty when FailsOn is nil.
	FailingDates string `json:"failingDates,omitempty"`
}

// Safe reports whether the claim says that no date fails.
func (c Claim) Safe() bool { return c.FailsOn == nil }

// Fails reports whether the claim says that date d fails.
func (c Claim) Fails(d calendar.Date) bool { return c.FailsOn != nil && c.FailsOn(d) }

// Text returns the claim in words: "no date fails", or "fails on " and
// FailingDates.
func (c Claim) Text() string {
	if c.Safe() {
		return "no date fails"
	}
	return "fails on " + c.FailingDates
}

// Never is the claim that no date fails.
func Never() Claim { return Claim{} }

// Always is the claim that every date fails, described by why.
func Always(why string) Claim {
	return Claim{FailsOn: func(calendar.Date) bool { return true }, FailingDates: why}
}
