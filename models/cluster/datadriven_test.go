package cluster

// A tiny data-driven transcript runner in the style of cockroachdb/datadriven
// (as used by etcd's raft tests), kept here so that models/ has no module
// dependency. A testdata file is a sequence of blocks:
//
//	# comments and blank lines between blocks are kept verbatim
//	command key=value key=value
//	----
//	expected output, up to the next blank line or end of file
//
// Run with -rewrite to replace every expected output with the actual output,
// then review the change as a diff.

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata transcripts with the actual output")

// ddCmd is one parsed command of a transcript.
type ddCmd struct {
	pos  string // file:line, for messages
	name string
	args map[string]string
	used map[string]bool
	errs []string
}

// has reports whether the argument key was given.
func (d *ddCmd) has(key string) bool {
	_, ok := d.args[key]
	d.used[key] = true
	return ok
}

// arg returns the value of key, recording an error if it is missing.
func (d *ddCmd) arg(key string) string {
	v, ok := d.args[key]
	d.used[key] = true
	if !ok {
		d.errs = append(d.errs, fmt.Sprintf("missing argument %s=", key))
	}
	return v
}

// opt returns the value of key, or def if it was not given.
func (d *ddCmd) opt(key, def string) string {
	d.used[key] = true
	if v, ok := d.args[key]; ok {
		return v
	}
	return def
}

func (d *ddCmd) unused() []string {
	var out []string
	for k := range d.args {
		if !d.used[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func parseCmd(pos, line string) *ddCmd {
	f := strings.Fields(line)
	d := &ddCmd{pos: pos, name: f[0], args: map[string]string{}, used: map[string]bool{}}
	for _, kv := range f[1:] {
		k, v, _ := strings.Cut(kv, "=")
		d.args[k] = v
	}
	return d
}

// runTranscript runs every command of the file at path through run and
// compares the output with the expected output (or rewrites it).
func runTranscript(t *testing.T, path string, run func(d *ddCmd) string) {
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
		d := parseCmd(pos, trimmed)
		i += 2
		start := i
		for i < len(lines) && lines[i] != "" {
			i++
		}
		want := strings.Join(lines[start:i], "\n")
		got := strings.TrimRight(run(d), "\n")
		if len(d.errs) > 0 || len(d.unused()) > 0 {
			t.Fatalf("%s: bad command %q: %v; unknown arguments %v", pos, line, d.errs, d.unused())
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
