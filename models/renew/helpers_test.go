package renew_test

import (
	"slices"
	"testing"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/require"
)

// prove sweeps r for p with the proof engine and returns p's result and
// the Finding of every failing date, in date order.
func prove(t testing.TB, p renew.Preset, r calendar.Range) (proof.SubjectResult, []renew.Finding) {
	t.Helper()
	s, err := p.Subject()
	require.NoError(t, err)
	pr, err := renew.NewProver(p)
	require.NoError(t, err)
	var fs []renew.Finding
	res, err := proof.Sweep(r, []proof.Subject{s}, proof.Options{Visit: func(_ int, d calendar.Date, v proof.Verdict, _ bool) {
		if !v.Fails {
			return
		}
		f, bad, err := pr.Check(d)
		require.NoError(t, err)
		require.True(t, bad, "%s: the sweep says it fails, Check does not", d)
		fs = append(fs, f)
	}})
	require.NoError(t, err)
	slices.SortFunc(fs, func(a, b renew.Finding) int { return int(a.Date.DayNumber() - b.Date.DayNumber()) })
	return res.Subjects[0], fs
}
