package transcript

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestParseAndArguments(t *testing.T) {
	c := Parse("f.txt:3", "start vm=7 at=2012-02-29T00:00Z timeout=25m n=x")
	if c.Name != "start" || c.Pos != "f.txt:3" {
		t.Fatalf("parsed %+v", c)
	}
	if !c.Has("vm") || c.Has("nope") || c.Arg("vm") != "7" || c.Opt("missing", "d") != "d" {
		t.Fatal("argument access")
	}
	if c.Duration("timeout", "0s") != 25*time.Minute || c.Failed() {
		t.Fatal("duration")
	}
	if c.Atoi("n", "0"); !c.Failed() {
		t.Fatal("a bad integer must be recorded")
	}
	if u := c.unused(); len(u) != 1 || u[0] != "at" {
		t.Fatalf("unused %v", u)
	}
	c.Arg("absent")
	if len(c.errs) != 2 {
		t.Fatalf("errors %v", c.errs)
	}
}

func TestRunRewrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.txt")
	if err := os.WriteFile(path, []byte("# a comment\necho x=1\n----\nstale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	*rewrite = true
	defer func() { *rewrite = false }()
	Run(t, path, func(c *Cmd) string { return "x is " + c.Arg("x") })
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "# a comment\necho x=1\n----\nx is 1\n" {
		t.Fatalf("rewritten as %q", b)
	}
	*rewrite = false
	Run(t, path, func(c *Cmd) string { return "x is " + c.Arg("x") })
}
