package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/cli.txt with the command's output (review the diff)")

// cliCase is one command of the transcript testdata/cli.txt:
//
//	# optional comment lines
//	$ leapcheck ARGS...        ('' is an empty argument)
//	[exit N]
//	[stdout]
//	...
//	[stderr]
//	...
//	[end]
type cliCase struct {
	comment        []string
	line           string
	args           []string
	code           int
	stdout, stderr string
}

func parseTranscript(t *testing.T, path string) []cliCase {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var cases []cliCase
	var comment []string
	var cur *cliCase
	var section *[]string
	var out, errOut []string
	flush := func() {
		if cur != nil {
			cur.stdout, cur.stderr = joinLines(out), joinLines(errOut)
			cases = append(cases, *cur)
		}
		cur, section, out, errOut = nil, nil, nil, nil
	}
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, "$ leapcheck"):
			flush()
			c := cliCase{comment: comment, line: l}
			for _, f := range strings.Fields(strings.TrimPrefix(l, "$ leapcheck")) {
				if f == "''" {
					f = ""
				}
				c.args = append(c.args, f)
			}
			cur, comment = &c, nil
		case l == "[end]" && cur != nil:
			flush()
		case section == nil && (strings.HasPrefix(l, "#") || l == ""):
			flush()
			comment = append(comment, l)
		case cur == nil:
			t.Fatalf("%s: line %q outside a case", path, l)
		case strings.HasPrefix(l, "[exit "):
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(l, "[exit "), "]"))
			require.NoError(t, err, l)
			cur.code = n
		case l == "[stdout]":
			section = &out
		case l == "[stderr]":
			section = &errOut
		case section == nil:
			t.Fatalf("%s: %q: line %q before [stdout] or [stderr]", path, cur.line, l)
		default:
			*section = append(*section, l)
		}
	}
	flush()
	return cases
}

func joinLines(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}

func writeTranscript(t *testing.T, path string, cases []cliCase) {
	var b strings.Builder
	for _, c := range cases {
		for _, l := range c.comment {
			b.WriteString(l + "\n")
		}
		fmt.Fprintf(&b, "%s\n[exit %d]\n", c.line, c.code)
		if c.stdout != "" {
			b.WriteString("[stdout]\n" + c.stdout)
		}
		if c.stderr != "" {
			b.WriteString("[stderr]\n" + c.stderr)
		}
		b.WriteString("[end]\n")
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// TestTranscript runs every command of testdata/cli.txt, the help of each
// subcommand and one of each class of bad input, and compares the exit
// status, standard output and standard error with the transcript (go test
// -run TestTranscript -update rewrites it). Beside the text, it checks the
// rules every case must follow whatever the transcript says: a usage error
// is one line naming the problem and one pointing to the help, on standard
// error, with exit status 2; help goes to standard output with status 0
// and lists in its synopsis every flag it documents.
func TestTranscript(t *testing.T) {
	const path = "testdata/cli.txt"
	cases := parseTranscript(t, path)
	require.NotEmpty(t, cases)
	for i := range cases {
		c := &cases[i]
		code, out, errOut := leapcheck(t, c.args...)
		checkRules(t, c.line, c.args, code, out, errOut)
		if *update {
			c.code, c.stdout, c.stderr = code, out, errOut
			continue
		}
		assert.Equal(t, c.code, code, "%s: exit status", c.line)
		assert.Equal(t, c.stdout, out, "%s: standard output", c.line)
		assert.Equal(t, c.stderr, errOut, "%s: standard error", c.line)
	}
	if *update {
		writeTranscript(t, path, cases)
	}
}

var flagInHelp = regexp.MustCompile(`(?m)^  (--[a-z-]+)`)

// checkRules checks what every run of the command must satisfy.
func checkRules(t *testing.T, line string, args []string, code int, out, errOut string) {
	t.Helper()
	assert.NotContains(t, out+errOut, "panic", line)
	assert.NotContains(t, out+errOut, "goroutine ", line)
	sub := ""
	if len(args) > 0 && commands[args[0]] != nil {
		sub = args[0]
	}
	switch code {
	case exitUsage:
		if len(args) == 0 {
			assert.Contains(t, errOut, "Commands:", "no arguments: the command list, as go does")
			return
		}
		assert.Empty(t, out, "%s: a usage error prints nothing on standard output", line)
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		require.Len(t, lines, 2, "%s: a usage error is two lines: the problem, then where the help is\n%s", line, errOut)
		if sub == "" {
			assert.Equal(t, "Run 'leapcheck -h' for usage.", lines[1], line)
		} else {
			assert.True(t, strings.HasPrefix(lines[0], "leapcheck "+sub+": "), "%s: %q names the command", line, lines[0])
			assert.Equal(t, "Run 'leapcheck "+sub+" -h' for usage.", lines[1], line)
		}
	case exitOK:
		assert.Empty(t, errOut, "%s: help and results without progress print nothing on standard error", line)
		if sub != "" && (slicesContain(args, "-h") || slicesContain(args, "--help")) {
			synopsis, flags, ok := strings.Cut(out, "\nFlags:\n")
			require.True(t, ok, "%s: help lists the flags", line)
			synopsis, _, _ = strings.Cut(synopsis, "\n\n")
			names := flagInHelp.FindAllStringSubmatch(flags, -1)
			require.NotEmpty(t, names, line)
			for _, m := range names {
				assert.Regexp(t, `(^|[\s\[])`+m[1]+`([\s\]]|$)`, synopsis, "%s: the synopsis shows %s", line, m[1])
			}
		}
	case exitIO:
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%s: an I/O error is one line: %q", line, errOut)
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestHelpAndVersion(t *testing.T) {
	for _, cmd := range []string{"prove", "simulate", "vectors", "corpus"} {
		_, viaFlag, _ := leapcheck(t, cmd, "-h")
		code, viaHelp, errOut := leapcheck(t, "help", cmd)
		assert.Equal(t, exitOK, code, errOut)
		assert.Equal(t, viaFlag, viaHelp, "leapcheck help %s is leapcheck %s -h", cmd, cmd)
		_, viaLong, _ := leapcheck(t, cmd, "--help")
		assert.Equal(t, viaFlag, viaLong)
	}
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errOut := leapcheck(t, args...)
		require.Equal(t, exitOK, code, errOut)
		assert.Regexp(t, `^leapcheck \S+ \(`+regexp.QuoteMeta(runtime.Version())+` `+runtime.GOOS+`/`+runtime.GOARCH+`.*\)\n$`, out)
	}
}
