// Package transcript runs data-driven transcript tests in the style of
// cockroachdb/datadriven, as etcd's raft tests its state machine, without a
// module dependency (models/ and its tests stay on the standard library
// plus testify). A testdata file is a sequence of blocks:
//
//	# comments and blank lines between blocks are kept verbatim
//	command key=value key=value
//	----
//	expected output, up to the next blank line or the end of the file
//
// Run a test with -rewrite to replace every expected output with the actual
// output, then review the change as a diff.
package transcript

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata transcripts and golden files with the actual output")

// Rewrite reports whether -rewrite was given: tests with golden files of
// their own rewrite them too.
func Rewrite() bool { return *rewrite }

// Cmd is one command of a transcript: its name and key=value arguments.
// Reading an argument marks it used; Run fails a command that has unknown
// (unused) arguments or recorded errors.
type Cmd struct {
	// Name is the command's first word.
	Name string
	// Pos is file:line, for messages.
	Pos  string
	args map[string]string
	used map[string]bool
	errs []string
}

// Parse parses one command line.
func Parse(pos, line string) *Cmd {
	f := strings.Fields(line)
	c := &Cmd{Pos: pos, args: map[string]string{}, used: map[string]bool{}}
	if len(f) == 0 {
		return c
	}
	c.Name = f[0]
	for _, kv := range f[1:] {
		k, v, _ := strings.Cut(kv, "=")
		c.args[k] = v
	}
	return c
}

// Has reports whether the argument key was given.
func (c *Cmd) Has(key string) bool {
	_, ok := c.args[key]
	c.used[key] = true
	return ok
}

// Arg returns the value of key, recording an error if it is missing.
func (c *Cmd) Arg(key string) string {
	v, ok := c.args[key]
	c.used[key] = true
	if !ok {
		c.Fail(fmt.Sprintf("missing argument %s=", key))
	}
	return v
}

// Opt returns the value of key, or def if it was not given.
func (c *Cmd) Opt(key, def string) string {
	c.used[key] = true
	if v, ok := c.args[key]; ok {
		return v
	}
	return def
}

// Atoi returns the integer value of key (or def), recording an error if it
// is not an integer.
func (c *Cmd) Atoi(key, def string) int {
	n, err := strconv.Atoi(c.Opt(key, def))
	if err != nil {
		c.Fail(fmt.Sprintf("%s: %v", key, err))
	}
	return n
}

// Duration returns the duration value of key (or def), recording an error
// if it is not a duration.
func (c *Cmd) Duration(key, def string) time.Duration {
	v, err := time.ParseDuration(c.Opt(key, def))
	if err != nil {
		c.Fail(fmt.Sprintf("%s: %v", key, err))
	}
	return v
}

// Fail records an error in the command itself (not in the system under
// test): Run fails the test with it.
func (c *Cmd) Fail(msg string) { c.errs = append(c.errs, msg) }

// Failed reports whether Fail was called.
func (c *Cmd) Failed() bool { return len(c.errs) > 0 }

func (c *Cmd) unused() []string {
	var out []string
	for k := range c.args {
		if !c.used[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Run runs every command of the transcript at path through fn and compares
// its output with the expected output, or rewrites the file with -rewrite.
func Run(t testing.TB, path string, fn func(c *Cmd) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			out = append(out, line)
			continue
		}
		pos := fmt.Sprintf("%s:%d", path, i+1)
		if i+1 >= len(lines) || lines[i+1] != "----" {
			t.Fatalf("%s: command %q is not followed by ----", pos, line)
		}
		c := Parse(pos, trimmed)
		i += 2
		start := i
		for i < len(lines) && lines[i] != "" {
			i++
		}
		want := strings.Join(lines[start:i], "\n")
		got := strings.TrimRight(fn(c), "\n")
		if c.Failed() || len(c.unused()) > 0 {
			t.Fatalf("%s: bad command %q: %v; unknown arguments %v", pos, line, c.errs, c.unused())
		}
		out = append(out, line, "----")
		if got != "" {
			out = append(out, got)
		}
		if i < len(lines) {
			out = append(out, "")
		}
		if !*rewrite && got != want {
			t.Errorf("%s: %s\n--- want:\n%s\n--- got:\n%s\n(run go test -run %s -rewrite to accept)", pos, line, want, got, t.Name())
		}
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// RunGlob runs every transcript matching pattern (such as
// "testdata/*.txt") as a subtest named for its file, each with a fresh
// handler from newHandler, and fails if none matches.
func RunGlob(t *testing.T, pattern string, newHandler func() func(c *Cmd) string) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts match %s: %v", pattern, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { Run(t, f, newHandler()) })
	}
}
