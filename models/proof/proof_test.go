package proof_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustRange(t testing.TB, a, b string) calendar.Range {
	t.Helper()
	first, err := calendar.ParseDate(a)
	require.NoError(t, err)
	last, err := calendar.ParseDate(b)
	require.NoError(t, err)
	r, err := calendar.NewRange(first, last)
	require.NoError(t, err)
	return r
}

// leapJudge fails on February 29 ("feb29") and, if thirteenth, on every
// 13th ("13th"); dates after notJudgedFrom are not judged.
func leapJudge(thirteenth bool, notJudgedFrom calendar.Date) proof.Judge {
	return proof.JudgeFunc(func(d calendar.Date) (proof.Verdict, error) {
		switch {
		case notJudgedFrom.Valid() && !d.Before(notJudgedFrom):
			return proof.Verdict{NotJudged: true}, nil
		case d.IsFebruary29():
			return proof.Verdict{Fails: true, Kind: "feb29", Detail: "no " + d.String() + " next year"}, nil
		case thirteenth && d.Day == 13:
			return proof.Verdict{Fails: true, Kind: "13th"}, nil
		}
		return proof.Verdict{}, nil
	})
}

var leapClaim = proof.Claim{FailsOn: calendar.Date.IsFebruary29, FailingDates: "every February 29"}

func TestClaim(t *testing.T) {
	d := calendar.Date{Year: 2024, Month: time.February, Day: 29}
	assert.True(t, proof.Never().Safe())
	assert.False(t, proof.Never().Fails(d))
	assert.Equal(t, "no date fails", proof.Never().Text())
	assert.True(t, leapClaim.Fails(d))
	assert.False(t, leapClaim.Fails(calendar.Date{Year: 2024, Month: time.March, Day: 1}))
	assert.Equal(t, "fails on every February 29", leapClaim.Text())
	a := proof.Always("every date")
	assert.True(t, a.Fails(d))
	assert.False(t, a.Safe())
}

func TestSweepJudgesAgainstTheClaim(t *testing.T) {
	r := mustRange(t, "1999-01-01", "2012-12-31") // leap days 2000, 2004, 2008, 2012
	subjects := []proof.Subject{
		{Name: "right", Claim: leapClaim, Judge: leapJudge(false, calendar.Date{}), Kinds: []string{"feb29"}},
		{Name: "unexpected", Claim: leapClaim, Judge: leapJudge(true, calendar.Date{}), Kinds: []string{"feb29", "13th"}},
		{Name: "missed", Claim: leapClaim, Judge: proof.JudgeFunc(func(calendar.Date) (proof.Verdict, error) { return proof.Verdict{}, nil })},
		{Name: "safe", Judge: leapJudge(false, calendar.Date{})},
	}
	res, err := proof.Sweep(r, subjects, proof.Options{Proof: "test", Workers: 3, ChunkDays: 100})
	require.NoError(t, err)
	assert.Equal(t, proof.SchemaVersion, res.SchemaVersion)
	assert.Equal(t, r.Len(), res.DatesChecked)
	assert.Equal(t, "1999-01-01", res.From)
	assert.False(t, res.OK)

	right := res.Subjects[0]
	assert.True(t, right.OK, right.Verdict)
	assert.EqualValues(t, 4, right.FailingDates)
	assert.EqualValues(t, 4, right.ClaimedDates)
	assert.Equal(t, "2000-02-29", *right.FirstFailure)
	assert.Equal(t, "2012-02-29", *right.LastFailure)
	assert.Equal(t, "feb29: no 2000-02-29 next year", right.FirstDetail)
	assert.Equal(t, []string{"2000-02-29", "2004-02-29", "2008-02-29", "2012-02-29"}, right.Examples)
	assert.Equal(t, proof.YearCounts{2000: 1, 2004: 1, 2008: 1, 2012: 1}, right.FailingByYear)
	assert.Contains(t, right.Verdict, "exactly the 4 such dates")

	un := res.Subjects[1]
	assert.False(t, un.OK)
	assert.EqualValues(t, 14*12, un.Unexpected)
	assert.Zero(t, un.Missed)
	assert.Len(t, un.Mismatches, proof.MaxExamples)
	assert.Equal(t, "1999-01-13: fails (13th), not claimed", un.Mismatches[0])
	assert.Equal(t, []proof.KindCount{{"feb29", 4}, {"13th", 168}}, un.KindCounts())

	missed := res.Subjects[2]
	assert.EqualValues(t, 4, missed.Missed)
	assert.Equal(t, "2000-02-29: claimed to fail, but safe", missed.Mismatches[0])
	assert.Nil(t, missed.FirstFailure)

	safe := res.Subjects[3]
	assert.False(t, safe.OK)
	assert.Contains(t, safe.Verdict, "UNSAFE: 4 failing dates")
}

// TestSweepIsIndependentOfWorkersAndChunks: the Result is the same on one
// worker with one chunk as on many with small chunks.
func TestSweepIsIndependentOfWorkersAndChunks(t *testing.T) {
	r := mustRange(t, "1890-01-01", "2110-12-31")
	subjects := []proof.Subject{{Name: "thirteenth", Claim: leapClaim, Judge: leapJudge(true, calendar.Date{})}}
	want, err := proof.Sweep(r, subjects, proof.Options{Workers: 1, ChunkDays: r.Len()})
	require.NoError(t, err)
	for _, o := range []proof.Options{{Workers: 2, ChunkDays: 7}, {Workers: 5, ChunkDays: 1000}, {}} {
		got, err := proof.Sweep(r, subjects, o)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%+v", o)
	}
}

func TestSweepVisitAndProgress(t *testing.T) {
	r := mustRange(t, "2000-01-01", "2003-12-31")
	var visited []string
	var progress atomic.Int64
	_, err := proof.Sweep(r, []proof.Subject{{Name: "s", Claim: leapClaim, Judge: leapJudge(true, calendar.Date{})}}, proof.Options{
		Workers: 4, ChunkDays: 30,
		Visit: func(i int, d calendar.Date, v proof.Verdict, claimed bool) {
			visited = append(visited, fmt.Sprintf("%s %v %v", d, v.Fails, claimed))
		},
		Progress: func(n int64) { progress.Add(n) }, // called from the workers
	})
	require.NoError(t, err)
	assert.Equal(t, r.Len(), progress.Load())
	slices.Sort(visited)
	assert.Len(t, visited, 1+48)
	assert.Equal(t, "2000-01-13 true false", visited[0])
	assert.Contains(t, visited, "2000-02-29 true true")
}

func TestSweepNotJudged(t *testing.T) {
	r := mustRange(t, "2000-01-01", "2000-12-31")
	from := calendar.Date{Year: 2000, Month: time.February, Day: 1}
	res, err := proof.Sweep(r, []proof.Subject{{Name: "s", Claim: leapClaim, Judge: leapJudge(false, from)}}, proof.Options{})
	require.NoError(t, err)
	s := res.Subjects[0]
	assert.EqualValues(t, 366, s.DatesChecked)
	assert.EqualValues(t, 366-31, s.NotJudged)
	assert.Zero(t, s.FailingDates)
	assert.Zero(t, s.Missed, "a date not judged does not contradict the claim")
	assert.True(t, s.OK)
	assert.Contains(t, s.Verdict, "no such date is in range")
}

func TestSweepErrors(t *testing.T) {
	r := mustRange(t, "2000-01-01", "2000-12-31")
	boom := errors.New("boom")
	_, err := proof.Sweep(r, []proof.Subject{{Name: "broken", Judge: proof.JudgeFunc(func(d calendar.Date) (proof.Verdict, error) {
		if d.Month == time.June {
			return proof.Verdict{}, boom
		}
		return proof.Verdict{}, nil
	})}}, proof.Options{Workers: 2})
	require.ErrorIs(t, err, proof.ErrJudge)
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "broken: 2000-06-")

	_, err = proof.Sweep(r, []proof.Subject{{Name: "no judge"}}, proof.Options{})
	assert.ErrorContains(t, err, "needs a Name and a Judge")
	_, err = proof.Sweep(r, []proof.Subject{{Name: "s", Judge: leapJudge(false, calendar.Date{})}}, proof.Options{Shard: proof.Shard{I: 3, N: 2}})
	assert.ErrorContains(t, err, "shard 3/2")
}

// TestShardsMerge: the shards of a range, swept apart and merged, give the
// sweep of the whole range, and Merge refuses what is not one proof.
func TestShardsMerge(t *testing.T) {
	r := mustRange(t, "1999-06-01", "2010-06-30")
	subjects := []proof.Subject{
		{Name: "a", Claim: leapClaim, Judge: leapJudge(false, calendar.Date{}), Kinds: []string{"feb29"}},
		{Name: "b", Claim: leapClaim, Judge: leapJudge(true, calendar.Date{})},
	}
	whole, err := proof.Sweep(r, subjects, proof.Options{Proof: "p", Variant: "v"})
	require.NoError(t, err)
	var shards []proof.Result
	for i := 1; i <= 4; i++ {
		s, err := proof.Sweep(r, subjects, proof.Options{Proof: "p", Variant: "v", Shard: proof.Shard{I: i, N: 4}})
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("%d/4", i), s.Shard)
		// Through JSON, as the command does.
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back proof.Result
		require.NoError(t, json.Unmarshal(b, &back))
		shards = append(shards, back)
	}
	slices.Reverse(shards) // order does not matter
	merged, err := proof.Merge(shards, nil)
	require.NoError(t, err)
	assert.Equal(t, 4, merged.MergedOf)
	merged.MergedOf = 0
	assert.Equal(t, whole, merged)

	_, err = proof.Merge(shards[:3], []string{"s4", "s3", "s2"})
	require.NoError(t, err, "three consecutive shards are one range")
	_, err = proof.Merge([]proof.Result{shards[0], shards[2]}, []string{"s4", "s2"})
	assert.ErrorContains(t, err, "s2 ends")
	_, err = proof.Merge([]proof.Result{shards[0], shards[0]}, []string{"x", "y"})
	assert.ErrorContains(t, err, "x and y are both shard 4/4")
	other := shards[1]
	other.Variant = "w"
	_, err = proof.Merge([]proof.Result{shards[0], other}, nil)
	assert.ErrorContains(t, err, "result 1 and result 2 were proved with different presets")
	old := shards[0]
	old.SchemaVersion = 1
	_, err = proof.Merge([]proof.Result{old}, nil)
	assert.ErrorContains(t, err, "schema_version 1")

	// More shards than days: empty shards are valid and merge.
	tiny := mustRange(t, "2000-02-28", "2000-03-01")
	var parts []proof.Result
	for i := 1; i <= 5; i++ {
		s, err := proof.Sweep(tiny, subjects, proof.Options{Shard: proof.Shard{I: i, N: 5}})
		require.NoError(t, err)
		parts = append(parts, s)
	}
	m, err := proof.Merge(parts, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 3, m.DatesChecked)
	assert.EqualValues(t, 1, m.Subjects[0].FailingDates)
}
