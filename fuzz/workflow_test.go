package fuzz

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkflows lints the GitHub Actions workflows (the nightly native fuzz
// job and the ClusterFuzzLite job) with actionlint, which go.mod declares as
// a tool: go fetches and builds it on a fresh machine. The workflows cannot
// run here; this catches unknown keys, bad expressions, wrong action inputs
// types and malformed cron lines. It also checks that ClusterFuzzLite runs
// in code-change mode on pull requests and in batch mode on a schedule.
func TestWorkflows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint (go tool) on first use; runs without -short")
	}
	files, err := filepath.Glob(filepath.Join("..", ".github", "workflows", "*.yml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	args := append([]string{"tool", "actionlint", "-shellcheck=", "-pyflakes=", "-no-color"}, files...)
	cmd := exec.Command("go", args...)
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "actionlint:\n%s", out)

	cflite, err := os.ReadFile(filepath.Join("..", ".github", "workflows", "cflite.yml"))
	require.NoError(t, err)
	for _, want := range []string{"pull_request:", "mode: code-change", "schedule:", "mode: batch", "language: go"} {
		assert.True(t, strings.Contains(string(cflite), want), "cflite.yml lacks %q", want)
	}
}

// TestWorkflowLinterFails checks that the lint above can fail: actionlint
// refuses a workflow with an unknown key and an undefined expression.
func TestWorkflowLinterFails(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint (go tool) on first use; runs without -short")
	}
	bad := filepath.Join(t.TempDir(), "bad.yml")
	require.NoError(t, os.WriteFile(bad, []byte("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    tiemout-minutes: 5\n    steps:\n      - run: echo ${{ matrix.nope }}\n"), 0o644))
	out, err := exec.Command("go", "tool", "actionlint", "-shellcheck=", "-pyflakes=", "-no-color", bad).CombinedOutput()
	assert.Error(t, err)
	assert.Contains(t, string(out), "tiemout-minutes")
}
