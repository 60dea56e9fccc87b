// Package mismatch collects the failures of an exhaustive test loop, so that
// a broken model reports its first few counterexamples and a count instead
// of millions of lines. It is shared by the exhaustive tests of models/.
package mismatch

import (
	"fmt"
	"strings"
	"testing"
)

// keep is how many counterexamples a Collector keeps.
const keep = 10

// Collector counts mismatches and keeps the first few. The zero value is
// ready to use; a Collector is not safe for concurrent use (give each
// goroutine its own and Merge them).
type Collector struct {
	n     int
	first []string
}

// Addf records one mismatch, described by format and args.
func (c *Collector) Addf(format string, args ...any) {
	c.n++
	if len(c.first) < keep {
		c.first = append(c.first, fmt.Sprintf(format, args...))
	}
}

// Merge adds the mismatches of o to c.
func (c *Collector) Merge(o Collector) {
	c.n += o.n
	for _, s := range o.first {
		if len(c.first) < keep {
			c.first = append(c.first, s)
		}
	}
}

// Len returns the number of mismatches recorded.
func (c *Collector) Len() int { return c.n }

// Check fails t if any mismatch was recorded, naming what was checked, the
// count and the first mismatches.
func (c *Collector) Check(t testing.TB, what string) {
	t.Helper()
	if c.n != 0 {
		t.Fatalf("%s: %d mismatches, first:\n%s", what, c.n, strings.Join(c.first, "\n"))
	}
}
