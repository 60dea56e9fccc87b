package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMutate(t *testing.T) {
	src := "package p\n\nfunc f(a, b int) bool {\n\tif a-b < 1 {\n\t\ta++\n\t}\n\treturn a >= b && b != 0\n}\n"
	cases := []struct {
		line, col int
		typ, want string
	}{
		{4, 9, "CONDITIONALS_BOUNDARY", "\tif a-b <= 1 {\n"},
		{4, 9, "CONDITIONALS_NEGATION", "\tif a-b >= 1 {\n"},
		{4, 6, "ARITHMETIC_BASE", "\tif a+b < 1 {\n"},
		{5, 4, "INCREMENT_DECREMENT", "\t\ta--\n"},
		{7, 11, "CONDITIONALS_BOUNDARY", "\treturn a > b && b != 0\n"},
		{7, 16, "INVERT_LOGICAL", "\treturn a >= b || b != 0\n"},
		{7, 21, "CONDITIONALS_NEGATION", "\treturn a >= b && b == 0\n"},
	}
	for _, c := range cases {
		got, err := mutate([]byte(src), c.line, c.col, c.typ)
		require.NoError(t, err, "%d:%d %s", c.line, c.col, c.typ)
		lines := strings.SplitAfter(string(got), "\n")
		assert.Equal(t, c.want, lines[c.line-1], "%d:%d %s", c.line, c.col, c.typ)
		// Only that line changes.
		want := strings.SplitAfter(src, "\n")
		want[c.line-1] = c.want
		assert.Equal(t, strings.Join(want, ""), string(got))
	}
	for _, bad := range []struct {
		line, col int
		typ       string
	}{{4, 9, "ARITHMETIC_BASE"}, {4, 10, "CONDITIONALS_BOUNDARY"}, {4, 9, "NO_SUCH_TYPE"}} {
		_, err := mutate([]byte(src), bad.line, bad.col, bad.typ)
		assert.Error(t, err, "%d:%d %s", bad.line, bad.col, bad.typ)
	}
}

func TestSummary(t *testing.T) {
	eq, err := readEquivalent(strings.NewReader("# list\n\n| mutant | type | why |\n|---|---|---|\n" +
		"| `models/host/host.go:190:38` | ARITHMETIC_BASE | capacity only |\n" +
		"| `models/host/host.go:7:7` | CONDITIONALS_BOUNDARY | stale |\n" +
		"| `models/cert/x.go:1:1` | CONDITIONALS_BOUNDARY | package not run |\n"))
	require.NoError(t, err)
	require.Len(t, eq, 3)
	rep := report{Files: []reportFile{{Filename: "host.go", Mutations: []mutation{
		{"ARITHMETIC_BASE", "LIVED", 190, 38, false},
		{"INVERT_NEGATIVES", "LIVED", 190, 38, false},
		{"CONDITIONALS_BOUNDARY", "KILLED", 7, 7, true},
		{"CONDITIONALS_NEGATION", "KILLED", 8, 1, false},
		{"CONDITIONALS_NEGATION", "TIMED OUT", 9, 1, false},
		{"ARITHMETIC_BASE", "NOT VIABLE", 10, 1, true},
	}}}}
	seen := make(map[mutant]bool)
	tl := summarise(pkgOf("/tmp/out/models_host.json"), rep, eq, seen)
	assert.Equal(t, tally{Pkg: "models/host", Killed: 2, Lived: 2, Equivalent: 1, TimedOut: 1, NotViab: 1, Rerun: 2,
		Survivors: []mutant{{"models/host/host.go:190:38", "INVERT_NEGATIVES"}}}, tl)
	var b bytes.Buffer
	n := write(&b, []tally{tl}, eq, seen)
	assert.Equal(t, 2, n, "one survivor not listed and one stale entry:\n%s", b.String())
	assert.Contains(t, b.String(), "| models/host | 2 | 2 | 1 | 1 | 1 | 0 | 2 | 50.0 % | 66.7 % |")
	assert.Contains(t, b.String(), "- models/host/host.go:190:38 INVERT_NEGATIVES\n")
	assert.Contains(t, b.String(), "- models/host/host.go:7:7 CONDITIONALS_BOUNDARY\n")
	assert.NotContains(t, b.String(), "models/cert", "a package that was not run has no stale entries")
}
