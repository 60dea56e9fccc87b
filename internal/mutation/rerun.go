package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Go's coverage profile has no block for the expression of a switch case
// (case x < 0:) nor for a constant declaration, so gremlins reports the
// mutants there as NOT COVERED and never runs them, however well the tests
// cover the case. In the models, most input checks are such cases. rerun
// runs each NOT COVERED mutant itself: it changes the token in a copy of the
// file, as gremlins would, and runs the package's tests with go test
// -overlay, so the source tree is never written.

// mutations is gremlins' table of token changes (internal/engine/mappings.go,
// v0.6.0) for the mutant types it enables by default and the others.
var mutations = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":       {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY": {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT":   {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_NEGATIVES":      {token.SUB: token.ADD},
	"INVERT_LOGICAL":        {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_LOOPCTRL":       {token.BREAK: token.CONTINUE, token.CONTINUE: token.BREAK},
	"INVERT_ASSIGNMENTS":    {token.ADD_ASSIGN: token.SUB_ASSIGN, token.MUL_ASSIGN: token.QUO_ASSIGN, token.QUO_ASSIGN: token.MUL_ASSIGN, token.SUB_ASSIGN: token.ADD_ASSIGN},
	"INVERT_BITWISE":        {token.AND: token.OR, token.OR: token.AND, token.XOR: token.AND, token.AND_NOT: token.AND, token.SHL: token.SHR, token.SHR: token.SHL},
}

// mutate returns src with the token at line:col changed as mutant type typ
// changes it.
func mutate(src []byte, line, col int, typ string) ([]byte, error) {
	table, ok := mutations[typ]
	if !ok {
		return nil, fmt.Errorf("unknown mutant type %s", typ)
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return nil, fmt.Errorf("no token at %d:%d", line, col)
		}
		p := fset.Position(pos)
		if p.Line != line || p.Column != col {
			continue
		}
		to, ok := table[tok]
		if !ok {
			return nil, fmt.Errorf("%s at %d:%d cannot be mutated by %s", tok, line, col, typ)
		}
		var b bytes.Buffer
		b.Write(src[:p.Offset])
		b.WriteString(to.String())
		b.Write(src[p.Offset+len(tok.String()):])
		return b.Bytes(), nil
	}
}

// runMutant runs the tests of the package in dir with file's token at
// line:col mutated, and returns gremlins' name for the outcome. A non-empty
// skip is passed to go test -skip.
func runMutant(goCmd, dir, file string, line, col int, typ string, timeout time.Duration, skip string) (string, error) {
	path := filepath.Join(dir, file)
	src, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	mutated, err := mutate(src, line, col, typ)
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "mutation-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	copyPath := filepath.Join(tmp, filepath.Base(file))
	if err := os.WriteFile(copyPath, mutated, 0o600); err != nil {
		return "", err
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {abs: copyPath}})
	if err != nil {
		return "", err
	}
	overlayPath := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlayPath, overlay, 0o600); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := []string{"test", "-short", "-count=1", "-failfast", "-overlay=" + overlayPath, "-timeout=" + timeout.String()}
	if skip != "" {
		args = append(args, "-skip="+skip)
	}
	cmd := exec.CommandContext(ctx, goCmd, append(args, ".")...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return "TIMED OUT", nil
	case err == nil:
		return "LIVED", nil
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return "NOT VIABLE", nil
	case errors.As(err, &exit):
		return "KILLED", nil
	}
	return "", err
}

// rerun runs every mutant of the report in file (for the package in
// directory dir) whose status is in statuses, and rewrites the report with
// their outcomes; each one rerun is logged to log. With statuses {NOT
// COVERED} it completes a gremlins run; with {LIVED} it checks new tests
// against the survivors of an earlier run of the same source (a mutant that
// the tests killed stays killed when tests are only added).
//
// With a non-empty skip, the tests that match it are left out of a first run
// of each mutant, and a mutant that lives through it is run again with every
// test: the outcome is the same, reached sooner when the skipped tests are
// slow.
func rerun(goCmd, reportFile, dir string, statuses map[string]bool, timeout time.Duration, skip string, log func(string)) error {
	rep, err := readReport(reportFile)
	if err != nil {
		return err
	}
	for i := range rep.Files {
		f := &rep.Files[i]
		for j := range f.Mutations {
			m := &f.Mutations[j]
			if !statuses[m.Status] {
				continue
			}
			was := m.Status
			first := skip
			if was == "LIVED" {
				first = "" // it lived through the tests that skip leaves
			}
			status, err := runMutant(goCmd, dir, f.Filename, m.Line, m.Column, m.Type, timeout, first)
			if err == nil && first != "" && status == "LIVED" {
				status, err = runMutant(goCmd, dir, f.Filename, m.Line, m.Column, m.Type, timeout, "")
			}
			if err != nil {
				return fmt.Errorf("%s:%d:%d %s: %w", f.Filename, m.Line, m.Column, m.Type, err)
			}
			m.Status, m.Rerun = status, true
			log(fmt.Sprintf("%11s %s at %s:%d:%d (rerun; was %s)", status, m.Type, f.Filename, m.Line, m.Column, was))
		}
	}
	out, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	return os.WriteFile(reportFile, out, 0o644)
}
