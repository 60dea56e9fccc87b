package proof

import "github.com/leapcheck/leapcheck/models/calendar"

// Verdict is the judgement of one issuance date.
type Verdict struct {
	// Fails reports whether some issuance on the date fails.
	Fails bool
	// Kind names how it fails, one of the subject's Kinds (a stage such as
	// "cluster-hi", a failure such as "lapse"); empty when it does not.
	Kind string
	// Detail explains the worst case in one line: the instant, the numbers
	// and why it fails. It may be empty.
	Detail string
	// NotJudged marks a date outside the subject's model (a renewal that
	// would fall after 9999-12-31): it is counted, not judged, and neither
	// fails nor contradicts the claim.
	NotJudged bool
}

// Judge decides dates. Judge(d) must cover every instant of d at which
// issuance can happen, and every random draw, as the package doc says; an
// error means the date could not be judged (an invalid date, a broken
// subject) and stops a Sweep. Implementations must be safe for concurrent
// use.
type Judge interface {
	Judge(d calendar.Date) (Verdict, error)
}

// JudgeFunc adapts a function to a Judge.
type JudgeFunc func(d calendar.Date) (Verdict, error)

// Judge calls f(d).
func (f JudgeFunc) Judge(d calendar.Date) (Verdict, error) { return f(d) }

// Subject is one thing proved over issuance dates: its claim and the judge
// that decides each date.
type Subject struct {
	// Name identifies the subject in results ("azure2012").
	Name string
	// Claim is the dates the subject says fail.
	Claim Claim
	// Judge decides each date.
	Judge Judge
	// Kinds lists the kinds a Verdict can name, in the order reports print
	// them (least severe first); a kind not listed is printed after them.
	Kinds []string
}
