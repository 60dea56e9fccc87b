package proof

import (
	"fmt"
	"slices"
	"strings"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Merge joins the results of the shards of one proof into one Result, as
// if the whole range had been swept at once, and refuses results that do
// not make up one: different Proof, Variant or subjects (names and
// claims), another SchemaVersion, a range given twice, or a gap or
// overlap between ranges. labels name the results in errors (file names;
// nil names them "result 1", "result 2", ...). Empty shards (more shards
// than days) are valid and merge.
func Merge(results []Result, labels []string) (Result, error) {
	if len(results) == 0 {
		return Result{}, fmt.Errorf("proof: merge: no results")
	}
	label := func(i int) string {
		if i < len(labels) {
			return labels[i]
		}
		return fmt.Sprintf("result %d", i+1)
	}
	type part struct {
		i           int
		first, last calendar.Date
	}
	var parts []part
	identity := func(r Result) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s/%s:", r.Proof, r.Variant)
		for _, s := range r.Subjects {
			fmt.Fprintf(&b, " %s (%s)", s.Name, s.Claim)
		}
		return b.String()
	}
	seen := map[string]int{}
	for i, r := range results {
		if r.SchemaVersion != SchemaVersion || len(r.Subjects) == 0 {
			return Result{}, fmt.Errorf("proof: merge: %s is not a proof result (schema_version %d, %d presets; want schema_version %d)",
				label(i), r.SchemaVersion, len(r.Subjects), SchemaVersion)
		}
		if identity(r) != identity(results[0]) {
			return Result{}, fmt.Errorf("proof: merge: %s and %s were proved with different presets, claims or variants", label(0), label(i))
		}
		if r.Shard != "" && r.ShardOf != nil {
			key := r.Shard + " of " + r.ShardOf.From + ".." + r.ShardOf.To
			if j, ok := seen[key]; ok {
				return Result{}, fmt.Errorf("proof: merge: %s and %s are both shard %s: the shards must cover one range without gaps or overlaps", label(j), label(i), key)
			}
			seen[key] = i
		}
		p := part{i: i}
		if r.DatesChecked > 0 {
			first, err1 := calendar.ParseDate(r.From)
			last, err2 := calendar.ParseDate(r.To)
			if err1 != nil || err2 != nil || last.Before(first) || last.DayNumber()-first.DayNumber()+1 != r.DatesChecked {
				return Result{}, fmt.Errorf("proof: merge: %s: bad range from %q to %q for %d dates", label(i), r.From, r.To, r.DatesChecked)
			}
			p.first, p.last = first, last
			parts = append(parts, p)
		}
	}
	slices.SortStableFunc(parts, func(a, b part) int { return int(a.first.DayNumber() - b.first.DayNumber()) })
	for k := 1; k < len(parts); k++ {
		prev, cur := parts[k-1], parts[k]
		if next, err := prev.last.AddDays(1); err != nil || next != cur.first {
			return Result{}, fmt.Errorf("proof: merge: %s ends %s but %s starts %s: the shards must cover one range without gaps or overlaps",
				label(prev.i), prev.last, label(cur.i), cur.first)
		}
	}
	first := results[0]
	merged := Result{SchemaVersion: SchemaVersion, Proof: first.Proof, Variant: first.Variant, MergedOf: len(results), OK: true}
	if len(parts) > 0 {
		merged.From, merged.To = results[parts[0].i].From, results[parts[len(parts)-1].i].To
	}
	for k, s := range first.Subjects {
		m := SubjectResult{Name: s.Name, ExpectSafe: s.ExpectSafe, Claim: s.Claim, Examples: []string{},
			Kinds: map[string]int64{}, KindOrder: s.KindOrder, FailingByYear: YearCounts{}}
		for _, p := range parts {
			u := results[p.i].Subjects[k]
			var f, l calendar.Date
			if u.FailingDates > 0 {
				if u.FirstFailure == nil || u.LastFailure == nil {
					return Result{}, fmt.Errorf("proof: merge: %s: preset %s has %d failing dates but no first or last", label(p.i), u.Name, u.FailingDates)
				}
				var err1, err2 error
				f, err1 = calendar.ParseDate(*u.FirstFailure)
				l, err2 = calendar.ParseDate(*u.LastFailure)
				if err1 != nil || err2 != nil {
					return Result{}, fmt.Errorf("proof: merge: %s: preset %s: bad first or last failure %q, %q", label(p.i), u.Name, *u.FirstFailure, *u.LastFailure)
				}
			}
			m.add(u, f, l)
		}
		m.decide()
		merged.DatesChecked = m.DatesChecked
		merged.OK = merged.OK && m.OK
		merged.Subjects = append(merged.Subjects, m)
	}
	return merged, nil
}
