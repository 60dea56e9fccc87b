package corpus

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Shape is the argument list of a fuzz target that takes a time, and how an
// instant is spread over it. Every shape describes the instant in UTC.
type Shape int

// The shapes. The examples are for 2012-02-29T00:00:00Z.
const (
	// UnixSeconds is one int64, seconds since 1970-01-01T00:00:00Z:
	// f.Add(int64(1330473600)).
	UnixSeconds Shape = iota + 1
	// RFC3339 is one string in time.RFC3339 form:
	// f.Add("2012-02-29T00:00:00Z").
	RFC3339
	// YMD is three ints, year, month (1-12) and day: f.Add(2012, 2, 29).
	// Instants on the same day give the same arguments; AddToF and
	// WriteFuzzCorpus add each once.
	YMD
	// Civil is six ints, year, month, day, hour, minute and second:
	// f.Add(2012, 2, 29, 0, 0, 0).
	Civil
	// Bytes is one []byte, the RFC3339 text, for a target over raw input
	// (a parser's f.Fuzz(func(t *testing.T, data []byte))):
	// f.Add([]byte("2012-02-29T00:00:00Z")). A rapid.MakeFuzz target
	// also takes []byte, but reads it as rapid's draws: its seeds come
	// from props.TimeFuzzInput (leapcheck corpus export --shape MakeFuzz).
	Bytes
)

// Shapes returns every Shape, in order.
func Shapes() []Shape { return []Shape{UnixSeconds, RFC3339, YMD, Civil, Bytes} }

// String returns the shape's name, such as "UnixSeconds".
func (s Shape) String() string {
	switch s {
	case UnixSeconds:
		return "UnixSeconds"
	case RFC3339:
		return "RFC3339"
	case YMD:
		return "YMD"
	case Civil:
		return "Civil"
	case Bytes:
		return "Bytes"
	}
	return fmt.Sprintf("Shape(%d)", int(s))
}

// Valid reports whether s is one of the shapes returned by Shapes.
func (s Shape) Valid() bool { return s >= UnixSeconds && s <= Bytes }

// ErrShape is returned for a Shape value that is not one of Shapes.
var ErrShape = errors.New("corpus: unknown fuzz argument shape")

// Args returns the fuzz arguments for t in shape s, with the Go types a fuzz
// target of that shape declares (int64, string or int). It returns ErrShape
// for an invalid shape.
func (s Shape) Args(t time.Time) ([]any, error) {
	t = t.UTC()
	switch s {
	case UnixSeconds:
		return []any{t.Unix()}, nil
	case RFC3339:
		return []any{t.Format(time.RFC3339)}, nil
	case YMD:
		return []any{t.Year(), int(t.Month()), t.Day()}, nil
	case Civil:
		return []any{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second()}, nil
	case Bytes:
		return []any{[]byte(t.Format(time.RFC3339))}, nil
	}
	return nil, fmt.Errorf("%w: %v", ErrShape, s)
}

// Seeds returns the fuzz arguments for every instant of the embedded
// catalogue in shape s, sorted by instant and without duplicates.
func Seeds(s Shape) ([][]any, error) {
	c, err := Default()
	if err != nil {
		return nil, err
	}
	return c.Seeds(s)
}

// Seeds returns the fuzz arguments for every instant of c in shape s, sorted
// by instant and without duplicates.
func (c *Catalogue) Seeds(s Shape) ([][]any, error) {
	var out [][]any
	seen := make(map[string]bool)
	for _, t := range c.Instants() {
		args, err := s.Args(t)
		if err != nil {
			return nil, err
		}
		key := fmt.Sprintf("%#v", args)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, args)
	}
	return out, nil
}

// SeedAdder is what AddToF needs of a *testing.F: its Add, Helper and
// Fatal. Taking an interface keeps package testing out of programs that
// import corpus (the leapcheck command does).
type SeedAdder interface {
	Add(args ...any)
	Helper()
	Fatal(args ...any)
}

// AddToF adds every instant of the embedded catalogue to f's seed corpus in
// shape s, with f.Add; f is a *testing.F. The fuzz target must take exactly
// the arguments of the shape, or f.Add fails the test. AddToF fails the
// test with f.Fatal for an invalid shape or if the embedded catalogue does
// not load.
func AddToF(f SeedAdder, s Shape) {
	f.Helper()
	c, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	c.AddToF(f, s)
}

// AddToF adds every instant of c to f's seed corpus in shape s, as the
// package-level AddToF does for the embedded catalogue.
func (c *Catalogue) AddToF(f SeedAdder, s Shape) {
	f.Helper()
	seeds, err := c.Seeds(s)
	if err != nil {
		f.Fatal(err)
	}
	for _, args := range seeds {
		f.Add(args...)
	}
}

// FuzzFile returns the contents of a seed corpus file for the given fuzz
// arguments, byte for byte as go test writes one under testdata/fuzz: the
// line "go test fuzz v1", then one line per argument such as
// int64(1330473600) or string("2012-02-29T00:00:00Z"). The arguments must
// be int, int64 or string (the types of every Shape), or []byte.
func FuzzFile(args ...any) ([]byte, error) {
	if len(args) == 0 {
		return nil, errors.New("corpus: fuzz file needs at least one argument")
	}
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for i, a := range args {
		switch v := a.(type) {
		case int, int64:
			fmt.Fprintf(&b, "%T(%v)\n", v, v)
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		default:
			return nil, fmt.Errorf("corpus: fuzz argument %d: unsupported type %T", i, a)
		}
	}
	return []byte(b.String()), nil
}

// FuzzFileName returns the name go test gives a corpus file with these
// contents: the first 16 hexadecimal digits of its SHA-256.
func FuzzFileName(content []byte) string {
	return fmt.Sprintf("%x", sha256.Sum256(content))[:16]
}

// WriteFuzzCorpus writes one go test corpus file per instant of the embedded
// catalogue, in shape s, into dir, and returns how many files it wrote. To
// seed a user's fuzz target FuzzParse in package p, dir is
// p/testdata/fuzz/FuzzParse; go test then runs every file as a seed input,
// and go test -fuzz=FuzzParse starts from them. WriteFuzzCorpus creates dir
// if needed and overwrites files of the same name (the name is the hash of
// the contents, so this is idempotent).
func WriteFuzzCorpus(dir string, s Shape) (n int, err error) {
	c, err := Default()
	if err != nil {
		return 0, err
	}
	return c.WriteFuzzCorpus(dir, s)
}

// WriteFuzzCorpus writes one go test corpus file per instant of c in shape
// s into dir, as the package-level WriteFuzzCorpus does for the embedded
// catalogue.
func (c *Catalogue) WriteFuzzCorpus(dir string, s Shape) (n int, err error) {
	seeds, err := c.Seeds(s)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("corpus: %w", err)
	}
	for _, args := range seeds {
		content, err := FuzzFile(args...)
		if err != nil {
			return n, err
		}
		if err := os.WriteFile(filepath.Join(dir, FuzzFileName(content)), content, 0o644); err != nil {
			return n, fmt.Errorf("corpus: %w", err)
		}
		n++
	}
	return n, nil
}
