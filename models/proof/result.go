package proof

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// SchemaVersion is the version of Result's JSON (what `leapcheck prove
// --json` prints). It changes when a field changes meaning or goes away;
// new fields do not change it. Version 2 (this package) replaced version 1's
// "stages" and "failure_kinds" by one "failure_kinds", "offsets" by
// "variant", and added "not_judged" to every preset.
const SchemaVersion = 2

// MaxExamples is how many failing dates, and how many dates that contradict
// the claim, a SubjectResult lists.
const MaxExamples = 5

// Span is a range of issuance dates in JSON, YYYY-MM-DD.
type Span struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Result is the outcome of a Sweep, of one shard of one, or of a Merge of
// shards: what was proved, over which dates, and each subject's verdict.
type Result struct {
	SchemaVersion int `json:"schema_version"`
	// Proof names what was proved ("issuance", "renewal"), and Variant how
	// (the command's "offsets"); shards merge only with the same Proof,
	// Variant and subjects.
	Proof   string `json:"proof"`
	Variant string `json:"variant,omitempty"`
	// DatesChecked is the number of dates of the range; From and To are
	// its ends, both "" for an empty shard.
	DatesChecked int64  `json:"dates_checked"`
	From         string `json:"from"`
	To           string `json:"to"`
	// Shard is "i/n" for the i-th of n parts of ShardOf.
	Shard   string `json:"shard,omitempty"`
	ShardOf *Span  `json:"shard_of,omitempty"`
	// MergedOf is the number of results Merge joined.
	MergedOf int             `json:"merged_of,omitempty"`
	Subjects []SubjectResult `json:"presets"`
	// OK reports whether every subject's claim held.
	OK bool `json:"ok"`
}

// SubjectResult is one subject's outcome.
type SubjectResult struct {
	Name       string `json:"name"`
	ExpectSafe bool   `json:"expect_safe"`
	Claim      string `json:"claim"`
	// DatesChecked counts the dates of the range; NotJudged those outside
	// the subject's model (Verdict.NotJudged), which count nowhere else.
	DatesChecked int64 `json:"dates_checked"`
	NotJudged    int64 `json:"not_judged"`
	// FailingDates counts the judged dates that fail; ClaimedDates those
	// the claim says fail; Unexpected the failing dates it does not name,
	// Missed the named dates that did not fail. The subject passes when
	// both are 0.
	FailingDates int64 `json:"failing_dates"`
	ClaimedDates int64 `json:"claimed_failing_dates"`
	Unexpected   int64 `json:"unexpected_failures"`
	Missed       int64 `json:"missed_failures"`
	// Mismatches lists up to MaxExamples dates that contradict the claim.
	Mismatches []string `json:"mismatches,omitempty"`
	// FirstFailure and LastFailure are the first and last failing dates
	// (null if none), FirstDetail the first one's Verdict.Kind and Detail
	// ("lapse: certificate issued ..."), Examples the first MaxExamples
	// failing dates.
	FirstFailure *string  `json:"first_failure"`
	LastFailure  *string  `json:"last_failure"`
	FirstDetail  string   `json:"first_failure_detail,omitempty"`
	Examples     []string `json:"examples"`
	// Kinds counts the failing dates by Verdict.Kind; KindOrder is the
	// subject's Kinds, the order to print them in.
	Kinds     map[string]int64 `json:"failure_kinds"`
	KindOrder []string         `json:"kind_order,omitempty"`
	// FailingByYear counts the failing dates by year.
	FailingByYear YearCounts `json:"failing_by_year,omitempty"`
	OK            bool       `json:"ok"`
	Verdict       string     `json:"verdict"`
}

// newSubjectResult is a subject's result before its sweep.
func newSubjectResult(s Subject) SubjectResult {
	return SubjectResult{Name: s.Name, ExpectSafe: s.Claim.Safe(), Claim: s.Claim.Text(), Examples: []string{},
		Kinds: map[string]int64{}, KindOrder: s.Kinds, FailingByYear: YearCounts{}}
}

// KindCounts returns the failing dates by kind in print order: the
// subject's kinds first, then any other, by name.
func (p SubjectResult) KindCounts() []KindCount {
	var out []KindCount
	seen := map[string]bool{}
	for _, k := range p.KindOrder {
		if n := p.Kinds[k]; n > 0 && !seen[k] {
			out = append(out, KindCount{k, n})
		}
		seen[k] = true
	}
	var rest []string
	for k, n := range p.Kinds {
		if !seen[k] && n > 0 {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		out = append(out, KindCount{k, p.Kinds[k]})
	}
	return out
}

// KindCount is a number of failing dates of one kind.
type KindCount struct {
	Kind  string
	Dates int64
}

// decide sets OK and Verdict from the counts: a subject passes when it
// fails on exactly the dates of its claim, none for a safe one.
func (p *SubjectResult) decide() {
	p.OK = p.Unexpected == 0 && p.Missed == 0
	switch {
	case p.OK && p.ExpectSafe:
		p.Verdict = "safe: no issuance date leads to a failure"
	case p.OK && p.ClaimedDates == 0:
		p.Verdict = fmt.Sprintf("no failure, as expected: it %s, and no such date is in range", p.Claim)
	case p.OK:
		p.Verdict = fmt.Sprintf("%s: exactly the %s in range, as expected", p.Claim, plural(p.ClaimedDates, "such date"))
	case p.ExpectSafe:
		p.Verdict = fmt.Sprintf("UNSAFE: %s failing dates, expected none", thousands(p.FailingDates))
	default:
		p.Verdict = fmt.Sprintf("UNEXPECTED: it %s (%s dates in range), but %s failing dates are not among them and %s of them did not fail",
			p.Claim, thousands(p.ClaimedDates), thousands(p.Unexpected), thousands(p.Missed))
	}
}

// YearCounts counts failing dates by year. In JSON its keys are four-digit
// years ("0004", "2012"), so that they sort in year order as text.
type YearCounts map[int]int64

// MarshalJSON writes the counts with zero-padded year keys.
func (c YearCounts) MarshalJSON() ([]byte, error) {
	m := make(map[string]int64, len(c))
	for y, n := range c {
		m[fmt.Sprintf("%04d", y)] = n
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads counts written by MarshalJSON; a key that is not a
// year in 1..9999 is an error naming it.
func (c *YearCounts) UnmarshalJSON(b []byte) error {
	var m map[string]int64
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*c = make(YearCounts, len(m))
	for k, n := range m {
		y, err := strconv.Atoi(k)
		if err != nil || y < 1 || y > 9999 {
			return fmt.Errorf("failing_by_year: key %q is not a year 0001..9999", k)
		}
		(*c)[y] = n
	}
	return nil
}

// plural returns "1 date" or "3,652,059 dates".
func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return thousands(n) + " " + unit + "s"
}

// thousands formats n with commas: 3,652,059. (internal/numfmt has the
// same for the command; models import the standard library only.)
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
