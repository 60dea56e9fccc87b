package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSVGsAreDeterministicAndLabelled: the same run writes the same bytes
// (no map order, no clock), and each chart carries what a reader needs:
// background, axis labels, ticks, legend, the notes of an empty run.
func TestSVGsAreDeterministicAndLabelled(t *testing.T) {
	dir := t.TempDir()
	read := func(p string) string {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		assertWellFormedXML(t, b)
		return string(b)
	}
	var reports []string
	for i := range 3 {
		rep := filepath.Join(dir, "r"+string(rune('0'+i)))
		code, _, errOut := leapcheck(t, "prove", "--from", "1890-06-01", "--to", "2111-03-01", "--report", rep, "--quiet")
		require.Equal(t, exitOK, code, errOut)
		reports = append(reports, read(filepath.Join(rep, "failures.svg")))
	}
	assert.Equal(t, reports[0], reports[1])
	assert.Equal(t, reports[0], reports[2])
	f := reports[0]
	for _, want := range []string{`fill="#ffffff"`, "year of the century", ">1800<", ">2100<", "not in range", "a date fails",
		"1890-06-01..2111-03-01", "azure2012-fixed: 0 dates failing, ok", "<title>1896: 1 failing date</title>"} {
		assert.Contains(t, f, want)
	}
	assert.NotContains(t, f, "<title>1900:", "1900 is not a leap year")
	assert.NotContains(t, f, ">0000<", "the grid covers the range's centuries only")

	var charts []string
	for range 2 {
		p := filepath.Join(dir, "hi.svg")
		code, _, errOut := leapcheck(t, "simulate", "--preset", "azure2012", "--svg", p)
		require.Equal(t, exitOK, code, errOut)
		charts = append(charts, read(p))
	}
	assert.Equal(t, charts[0], charts[1])
	for _, want := range []string{`fill="#ffffff"`, "servers in HI", "time (UTC) from 2012-02-29 00:00", ">01:00<", ">02:00<",
		"first host fault 01:15", "cluster HI 02:", "cluster HI threshold: 50 of 1,000 servers"} {
		assert.Contains(t, charts[0], want)
	}
	assert.NotContains(t, charts[0], ">12:00<", "the axis zooms on the cascade, not the quiet rest of the day")

	p := filepath.Join(dir, "fixed.svg")
	code, _, errOut := leapcheck(t, "simulate", "--preset", "azure2012-fixed", "--svg", p)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, read(p), "0 servers in HI: no host fault in the 24-hour run")
}
