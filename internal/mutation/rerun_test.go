package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunMutant runs mutants of a small module through go test -overlay: a
// mutant its test notices is KILLED, one it does not is LIVED, one that does
// not compile is NOT VIABLE, and the source file is left as it was.
func TestRunMutant(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs go test four times")
	}
	dir := t.TempDir()
	src := "package p\n\nvar _ = [1]int{}[2-2]\n\nfunc Pos(x int) bool {\n\tswitch {\n\tcase x > 0:\n\t\treturn true\n\t}\n\treturn false\n}\n\nfunc Unused(a int) int { return a + 1 }\n"
	files := map[string]string{
		"go.mod":    "module example.com/p\n\ngo 1.25\n",
		"p.go":      src,
		"p_test.go": "package p\n\nimport \"testing\"\n\nfunc TestPos(t *testing.T) {\n\tif !Pos(1) || Pos(0) {\n\t\tt.Fatal(\"Pos\")\n\t}\n}\n",
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	cases := []struct {
		line, col int
		typ, want string
	}{
		{7, 9, "CONDITIONALS_BOUNDARY", "KILLED"},
		{7, 9, "CONDITIONALS_NEGATION", "KILLED"},
		{13, 35, "ARITHMETIC_BASE", "LIVED"},
		{3, 19, "ARITHMETIC_BASE", "NOT VIABLE"},
	}
	for _, c := range cases {
		got, err := runMutant("go", dir, "p.go", c.line, c.col, c.typ, 2*time.Minute, "")
		require.NoError(t, err, "%d:%d %s", c.line, c.col, c.typ)
		assert.Equal(t, c.want, got, "%d:%d %s", c.line, c.col, c.typ)
	}
	after, err := os.ReadFile(filepath.Join(dir, "p.go"))
	require.NoError(t, err)
	assert.Equal(t, src, string(after))
}
