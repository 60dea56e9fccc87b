package corpus

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var leapDay = time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)

func TestShapeArgs(t *testing.T) {
	pst := time.FixedZone("PST", -8*3600)
	at := time.Date(2012, 2, 28, 16, 0, 0, 0, pst) // 2012-02-29T00:00:00Z
	for _, tc := range []struct {
		s    Shape
		want []any
	}{
		{UnixSeconds, []any{int64(1330473600)}},
		{RFC3339, []any{"2012-02-29T00:00:00Z"}},
		{YMD, []any{2012, 2, 29}},
		{Civil, []any{2012, 2, 29, 0, 0, 0}},
	} {
		got, err := tc.s.Args(at)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%v", tc.s)
	}
	_, err := Shape(0).Args(at)
	assert.ErrorIs(t, err, ErrShape)
	_, err = Shape(99).Args(at)
	assert.ErrorIs(t, err, ErrShape)
	assert.Equal(t, "Shape(99)", Shape(99).String())
	assert.False(t, Shape(0).Valid())
	for _, s := range Shapes() {
		assert.True(t, s.Valid())
	}
}

func TestSeeds(t *testing.T) {
	all := Instants()
	for _, s := range []Shape{UnixSeconds, RFC3339, Civil} {
		seeds, err := Seeds(s)
		require.NoError(t, err)
		assert.Len(t, seeds, len(all), "%v: one seed per instant", s)
	}
	ymd, err := Seeds(YMD)
	require.NoError(t, err)
	assert.Less(t, len(ymd), len(all), "instants on the same day share a YMD seed")
	assert.Contains(t, ymd, []any{2012, 2, 29})
	assert.Contains(t, ymd, []any{2008, 12, 31})
	_, err = Seeds(Shape(0))
	assert.ErrorIs(t, err, ErrShape)
}

// TestFuzzFileFormat pins the file format against a file written by go test
// itself (go test fuzz v1, one typed literal per line).
func TestFuzzFileFormat(t *testing.T) {
	got, err := FuzzFile(int64(1330473600))
	require.NoError(t, err)
	assert.Equal(t, "go test fuzz v1\nint64(1330473600)\n", string(got))

	got, err = FuzzFile("2012-02-29T00:00:00Z", 2012, -1)
	require.NoError(t, err)
	assert.Equal(t, "go test fuzz v1\nstring(\"2012-02-29T00:00:00Z\")\nint(2012)\nint(-1)\n", string(got))

	got, err = FuzzFile("tab\there \"quoted\"")
	require.NoError(t, err)
	assert.Equal(t, "go test fuzz v1\nstring(\"tab\\there \\\"quoted\\\"\")\n", string(got))

	// []byte as go test writes it: internal/fuzz's marshalCorpusFile.
	got, err = FuzzFile([]byte{0, 'a', 0xff})
	require.NoError(t, err)
	assert.Equal(t, "go test fuzz v1\n[]byte(\"\\x00a\\xff\")\n", string(got))

	_, err = FuzzFile()
	assert.Error(t, err)
	_, err = FuzzFile(1.5)
	assert.Error(t, err)

	// The name is the first 16 hex digits of the SHA-256 of the contents
	// (echo -n ... | sha256sum).
	assert.Equal(t, "e3b0c44298fc1c14", FuzzFileName(nil))
	assert.Len(t, FuzzFileName(got), 16)
}

// parseFuzzFile reads back a file written by FuzzFile.
func parseFuzzFile(t *testing.T, b []byte) []any {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	require.Equal(t, "go test fuzz v1", lines[0])
	var out []any
	for _, l := range lines[1:] {
		typ, rest, ok := strings.Cut(l, "(")
		require.True(t, ok, l)
		lit := strings.TrimSuffix(rest, ")")
		switch typ {
		case "int64":
			n, err := strconv.ParseInt(lit, 10, 64)
			require.NoError(t, err)
			out = append(out, n)
		case "int":
			n, err := strconv.Atoi(lit)
			require.NoError(t, err)
			out = append(out, n)
		case "string":
			s, err := strconv.Unquote(lit)
			require.NoError(t, err)
			out = append(out, s)
		case "[]byte":
			s, err := strconv.Unquote(lit)
			require.NoError(t, err)
			out = append(out, []byte(s))
		default:
			t.Fatalf("unexpected type in %q", l)
		}
	}
	return out
}

func TestWriteFuzzCorpusParsesBack(t *testing.T) {
	for _, s := range Shapes() {
		t.Run(s.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "testdata", "fuzz", "FuzzX")
			n, err := WriteFuzzCorpus(dir, s)
			require.NoError(t, err)
			seeds, err := Seeds(s)
			require.NoError(t, err)
			require.Equal(t, len(seeds), n)

			files, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Len(t, files, n)
			var got [][]any
			for _, f := range files {
				b, err := os.ReadFile(filepath.Join(dir, f.Name()))
				require.NoError(t, err)
				assert.Equal(t, FuzzFileName(b), f.Name())
				got = append(got, parseFuzzFile(t, b))
			}
			for _, want := range seeds {
				assert.Contains(t, got, want)
			}

			// Writing again is idempotent.
			n2, err := WriteFuzzCorpus(dir, s)
			require.NoError(t, err)
			assert.Equal(t, n, n2)
			files, err = os.ReadDir(dir)
			require.NoError(t, err)
			assert.Len(t, files, n)
		})
	}
	_, err := WriteFuzzCorpus(t.TempDir(), Shape(0))
	assert.ErrorIs(t, err, ErrShape)

	// A file where the directory should be.
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	_, err = WriteFuzzCorpus(filepath.Join(blocker, "FuzzX"), UnixSeconds)
	assert.Error(t, err)
}

// fuzzModule is a user's module with a fuzz target of each shape. Each
// target appends what it was given to the file named by $SEEN, so the test
// can check go test ran every seed file with the right values.
const fuzzModule = `package p

import (
	"fmt"
	"os"
	"testing"
)

func record(args ...any) {
	f, err := os.OpenFile(os.Getenv("SEEN"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fmt.Fprintln(f, args...)
}

func FuzzUnixSeconds(f *testing.F) { f.Fuzz(func(t *testing.T, s int64) { record(s) }) }
func FuzzRFC3339(f *testing.F)     { f.Fuzz(func(t *testing.T, s string) { record(s) }) }
func FuzzYMD(f *testing.F)         { f.Fuzz(func(t *testing.T, y, m, d int) { record(y, m, d) }) }
func FuzzBytes(f *testing.F)       { f.Fuzz(func(t *testing.T, b []byte) { record(string(b)) }) }
func FuzzCivil(f *testing.F) {
	f.Fuzz(func(t *testing.T, y, mo, d, h, mi, s int) { record(y, mo, d, h, mi, s) })
}
`

// TestWriteFuzzCorpusRunsUnderGoTest writes the corpus into a throwaway
// module's testdata/fuzz/FuzzX directories and runs go test on it: go test
// must accept every file and pass each seed to the target.
func TestWriteFuzzCorpusRunsUnderGoTest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test in a temporary module")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		var lerr error
		goBin, lerr = exec.LookPath("go")
		if lerr != nil {
			t.Skip("no go command")
		}
	}
	mod := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/p\n\ngo 1.22\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "p_test.go"), []byte(fuzzModule), 0o644))

	for _, s := range Shapes() {
		target := "Fuzz" + s.String()
		n, err := WriteFuzzCorpus(filepath.Join(mod, "testdata", "fuzz", target), s)
		require.NoError(t, err)

		seen := filepath.Join(t.TempDir(), "seen")
		cmd := exec.Command(goBin, "test", "-count=1", "-run", "^"+target+"$", ".")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "SEEN="+seen, "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)

		b, err := os.ReadFile(seen)
		require.NoError(t, err, "target %s ran no seeds", target)
		got := strings.Split(strings.TrimSpace(string(b)), "\n")
		sort.Strings(got)
		got = slices.Compact(got)
		require.Len(t, got, n, "%s: distinct inputs run", target)

		seeds, err := Seeds(s)
		require.NoError(t, err)
		for _, args := range seeds {
			line := strings.TrimSuffix(sprintln(args...), "\n")
			assert.Contains(t, got, line, "%s", target)
		}
	}
}

func sprintln(args ...any) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch v := a.(type) {
		case int:
			b.WriteString(strconv.Itoa(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case string:
			b.WriteString(v)
		case []byte:
			b.Write(v)
		}
	}
	return b.String() + "\n"
}

// FuzzAddToF shows AddToF seeding a target with the catalogue's instants and
// checks the round trip through time.Unix for each of them.
func FuzzAddToF(f *testing.F) {
	AddToF(f, UnixSeconds)
	f.Fuzz(func(t *testing.T, sec int64) {
		if sec < -62135596800 || sec > 253402300799 { // years 1..9999
			t.Skip()
		}
		at := time.Unix(sec, 0).UTC()
		back, err := time.Parse(time.RFC3339, at.Format(time.RFC3339))
		if err != nil || !back.Equal(at) {
			t.Fatalf("%d: round trip gave %v, %v", sec, back, err)
		}
	})
}

func TestAddToFSeedsLeapDay(t *testing.T) {
	// The Azure instant is among the UnixSeconds seeds AddToF adds.
	seeds, err := Seeds(UnixSeconds)
	require.NoError(t, err)
	assert.Contains(t, seeds, []any{leapDay.Unix()})
}
