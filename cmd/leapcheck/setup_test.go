package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sweepResult proves p over the default window and returns the result
// without its timings.
func sweepResult(t *testing.T, p renew.Preset) proof.Result {
	t.Helper()
	s, err := p.Subject()
	require.NoError(t, err)
	res, err := proof.Sweep(renew.DefaultWindow(), []proof.Subject{s}, proof.Options{Proof: proofRenewal})
	require.NoError(t, err)
	return res
}

// TestSetupRoundTrip: every built-in renewal preset printed as a setup
// file, in YAML and in JSON, reads back as the same preset (the claim as
// data: the same verdict on every date of the default window) and gives
// the same proof; every fleet preset gives the same simulation.
func TestSetupRoundTrip(t *testing.T) {
	for _, p := range renew.Presets() {
		want := sweepResult(t, p)
		for _, format := range []string{"yaml", "json"} {
			var b bytes.Buffer
			require.NoError(t, writeSetup(&b, presetFile(p), format))
			name := p.Name + "." + format
			sf, err := parseSetup(name, b.Bytes())
			require.NoError(t, err, "%s:\n%s", name, b.String())
			back, err := sf.toPreset(name)
			require.NoError(t, err, name)
			for d := range renew.DefaultWindow().Days() {
				require.Equal(t, p.Fails(d), back.Fails(d), "%s: claim on %s", name, d)
			}
			assert.Equal(t, p.FailingDates, back.FailingDates, name)
			gotP, wantP := back, p
			gotP.Claim, wantP.Claim = proof.Claim{}, proof.Claim{}
			assert.Equal(t, wantP, gotP, name)
			assert.Equal(t, want, sweepResult(t, back), "%s: the same proof", name)
			// Printed again, the same bytes.
			var again bytes.Buffer
			require.NoError(t, writeSetup(&again, presetFile(back), format))
			assert.Equal(t, b.String(), again.String(), name)
		}
	}
	for _, f := range renew.FleetPresets() {
		want, err := renew.Simulate(f)
		require.NoError(t, err)
		for _, format := range []string{"yaml", "json"} {
			var b bytes.Buffer
			require.NoError(t, writeSetup(&b, fleetSetup(f), format))
			sf, err := parseSetup(f.Name+"."+format, b.Bytes())
			require.NoError(t, err)
			back, err := sf.toFleet(f.Name + "." + format)
			require.NoError(t, err)
			assert.Equal(t, f, back, f.Name)
			got, err := renew.Simulate(back)
			require.NoError(t, err)
			assert.Equal(t, want.Verdict, got.Verdict, f.Name)
			assert.Equal(t, want.Events, got.Events, f.Name)
		}
	}
}

// TestSetupCommands: setup print, then prove --setup and simulate --setup
// on the printed file, print what the preset prints.
func TestSetupCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := leapcheck(t, "setup", "print", "--preset", renew.Renew60DaysLEClassic)
	require.Equal(t, exitOK, code, errOut)
	file := filepath.Join(dir, "r60.yaml")
	require.NoError(t, os.WriteFile(file, []byte(out), 0o644))
	code, fromFile, errOut := leapcheck(t, "prove", "--setup", file, "--quiet", "--json")
	require.Equal(t, exitOK, code, errOut)
	code, fromPreset, errOut := leapcheck(t, "prove", "--preset", renew.Renew60DaysLEClassic, "--quiet", "--json")
	require.Equal(t, exitOK, code, errOut)
	cut := func(s string) string { i := strings.Index(s, `"workers"`); return s[:max(i, 0)] }
	assert.Equal(t, cut(fromPreset), cut(fromFile))

	code, out, errOut = leapcheck(t, "setup", "print", "--preset", renew.CertbotShortLivedStorm, "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	file = filepath.Join(dir, "storm.json")
	require.NoError(t, os.WriteFile(file, []byte(out), 0o644))
	code, fromFile, errOut = leapcheck(t, "simulate", "--setup", file)
	require.Equal(t, exitOK, code, errOut)
	_, fromPreset, _ = leapcheck(t, "simulate", "--preset", renew.CertbotShortLivedStorm)
	assert.Equal(t, fromPreset, fromFile)
}

// TestSetupErrorsTranscript runs prove --setup (and simulate --setup for
// the files with a fleet) on every bad file of testdata/setup-errors.txt
// and compares standard error and the exit status with the transcript (go
// test -run TestSetupErrorsTranscript -update rewrites it). Every case
// must be one line on standard error naming the field's path, with exit
// status 2.
func TestSetupErrorsTranscript(t *testing.T) {
	const path = "testdata/setup-errors.txt"
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	dir := t.TempDir()
	var out strings.Builder
	blocks := strings.Split(string(b), "=== ")
	out.WriteString(blocks[0])
	for _, blk := range blocks[1:] {
		head, rest, _ := strings.Cut(blk, "\n")
		content, want, _ := strings.Cut(rest, "--- ")
		cmd, name, _ := strings.Cut(head, " ")
		file := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(file, []byte(content), 0o644))
		code, stdout, stderr := leapcheck(t, cmd, "--setup", file, "--quiet")
		if cmd == "simulate" {
			code, stdout, stderr = leapcheck(t, cmd, "--setup", file)
		}
		assert.Empty(t, stdout, name)
		assert.Equal(t, exitUsage, code, "%s: %s", name, stderr)
		assert.Equal(t, 1, strings.Count(stderr, "\n"), "%s: one line: %q", name, stderr)
		got := strings.ReplaceAll(stderr, dir+string(filepath.Separator), "")
		fmt.Fprintf(&out, "=== %s\n%s--- exit %d\n%s", head, content, code, got)
		if !*update {
			assert.Equal(t, strings.TrimPrefix(want, fmt.Sprintf("exit %d\n", exitUsage)), got, name)
		}
	}
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(out.String()), 0o644))
	}
}
