package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/leapcheck/leapcheck/corpus"
	"github.com/leapcheck/leapcheck/props"
)

const corpusUsage = `usage: leapcheck corpus list
       leapcheck corpus show ID
       leapcheck corpus export --target NAME --dir DIR [--shape SHAPE]

The embedded catalogue of real date and certificate incidents.

  list     one line per incident: id, year, bug classes, system
  show ID  one incident in full: what broke, its dangerous instants and inputs, sources
  export   write the dangerous instants as 'go test fuzz v1' seed files for your
           fuzz target NAME, into DIR/NAME (DIR is usually your package's
           testdata/fuzz); --shape is the target's argument list:
             UnixSeconds  func(t *testing.T, unix int64)
             RFC3339      func(t *testing.T, s string)
             YMD          func(t *testing.T, y, m, d int)
             Civil        func(t *testing.T, y, m, d, hh, mm, ss int)
             Bytes        func(t *testing.T, data []byte), the RFC 3339 text
             MakeFuzz     rapid.MakeFuzz(func(rt *rapid.T) { now := props.Time().Draw(rt, "now") ... }):
                          the bytes that make that first draw the instant

Examples:
  leapcheck corpus list
  leapcheck corpus show azure-2012-leap-day
  leapcheck corpus export --target FuzzParseExpiry --dir ./mypkg/testdata/fuzz --shape RFC3339
`

func runCorpus(args []string, stdout, stderr io.Writer) error {
	c := newCommand("corpus", corpusUsage, stdout)
	fs := c.fs
	target := fs.String("target", "", "`NAME` of your fuzz target, e.g. FuzzParseExpiry (export)")
	dir := fs.String("dir", "", "`DIR` holding the target's corpus directory, e.g. ./mypkg/testdata/fuzz (export)")
	shapeName := fs.String("shape", "RFC3339", "`SHAPE` of the target's arguments: UnixSeconds, RFC3339 (default), YMD, Civil, Bytes or MakeFuzz (export)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("want list, show ID or export")
	}
	if pos[0] != "export" {
		for _, f := range []string{"target", "dir", "shape"} {
			if flagPassed(fs, f) {
				return usagef("--%s applies to export, not %s", f, pos[0])
			}
		}
	}
	switch pos[0] {
	case "list":
		if len(pos) != 1 {
			return usagef("list takes no arguments, got %q", pos[1:])
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tYEAR\tCLASSES\tSYSTEM")
		for _, e := range corpus.Entries() {
			cls := make([]string, len(e.Classes))
			for i, c := range e.Classes {
				cls[i] = c.String()
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", e.ID, e.Year, strings.Join(cls, ","), e.System)
		}
		return tw.Flush()
	case "show":
		if len(pos) != 2 {
			return usagef("show needs one incident ID ('leapcheck corpus list' lists them)")
		}
		e, ok := corpus.Lookup(pos[1])
		if !ok {
			return usagef("no incident %q; 'leapcheck corpus list' lists them", pos[1])
		}
		showEntry(stdout, e)
		return nil
	case "export":
		if len(pos) != 1 {
			return usagef("export takes flags only, got %q", pos[1:])
		}
		if *target == "" || *dir == "" {
			return usagef("export needs --target NAME and --dir DIR")
		}
		if !strings.HasPrefix(*target, "Fuzz") || strings.ContainsAny(*target, `/\ `) {
			return usagef("--target %q: want the name of a fuzz function, such as FuzzParse", *target)
		}
		out := filepath.Join(*dir, *target)
		if strings.EqualFold(*shapeName, "MakeFuzz") {
			n, err := writeMakeFuzzCorpus(out)
			if err != nil {
				return ioErrorf("--dir", err)
			}
			fmt.Fprintf(stdout, "wrote %d seed files (MakeFuzz: first draw of props.Time()) to %s\n", n, out)
			return nil
		}
		shape, err := parseShape(*shapeName)
		if err != nil {
			return err
		}
		n, err := corpus.WriteFuzzCorpus(out, shape)
		if err != nil {
			return ioErrorf("--dir", err)
		}
		fmt.Fprintf(stdout, "wrote %d seed files (%s) to %s\n", n, shape, out)
		return nil
	}
	return usagef("unknown corpus command %q: want list, show or export", pos[0])
}

func parseShape(s string) (corpus.Shape, error) {
	var names []string
	for _, sh := range corpus.Shapes() {
		if strings.EqualFold(s, sh.String()) {
			return sh, nil
		}
		names = append(names, sh.String())
	}
	return 0, usagef("--shape %q: want one of %s or MakeFuzz", s, strings.Join(names, ", "))
}

// writeMakeFuzzCorpus writes one seed file per catalogue instant into dir,
// each the input that makes a rapid.MakeFuzz target's first props.Time()
// draw that instant (props.TimeFuzzInput).
func writeMakeFuzzCorpus(dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	n := 0
	seen := map[string]bool{}
	for _, at := range corpus.Instants() {
		in, err := props.TimeFuzzInput(at)
		if err != nil || seen[string(in)] {
			continue // the zero time, or an instant already written
		}
		seen[string(in)] = true
		content, err := corpus.FuzzFile(in)
		if err != nil {
			return n, err
		}
		if err := os.WriteFile(filepath.Join(dir, corpus.FuzzFileName(content)), content, 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func showEntry(w io.Writer, e corpus.Entry) {
	fmt.Fprintf(w, "%s (%d)\n  system:   %s\n  broke:    %s\n", e.ID, e.Year, e.System, e.Broke)
	cls := make([]string, len(e.Classes))
	for i, c := range e.Classes {
		cls[i] = c.String()
	}
	fmt.Fprintf(w, "  classes:  %s\n", strings.Join(cls, ", "))
	for _, in := range e.Instants {
		fmt.Fprintf(w, "  instant:  %s=%s\n", in.Label, in.At.Format("2006-01-02T15:04:05Z07:00"))
	}
	for _, in := range e.Inputs {
		fmt.Fprintf(w, "  input:    %s\n", in)
	}
	for _, s := range e.Sources {
		fmt.Fprintf(w, "  source:   %s\n", s)
	}
}
