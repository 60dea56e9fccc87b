package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestBarLineFitsTheTerminal: the progress line never reaches the last
// column (which would wrap every redraw onto a new line), however narrow
// the terminal, and keeps the rate and time left while there is room.
func TestBarLineFitsTheTerminal(t *testing.T) {
	p := &progress{total: 14608236}
	for width := 1; width <= 240; width++ {
		for _, d := range []int64{0, 1, 7304118, 14608236} {
			l := barLine(d, p.total, 1500*time.Millisecond, width, p.rate)
			assert.Less(t, len(l), max(width, 1), "width %d: %q", width, l)
			if width >= 60 && d > 0 {
				assert.Contains(t, l, "/s", "width %d: the rate", width)
				assert.True(t, strings.HasPrefix(l, "["), "width %d: a bar: %q", width, l)
			}
		}
	}
	assert.Contains(t, p.rate(7304118, 1500*time.Millisecond), "4.9M/s, 1.5s left")
	assert.Contains(t, p.rate(14608236, 3*time.Second), "done in 3s")
}

// TestProgressLinesAndQuiet: off a terminal, a line at each quarter with
// the rate; nothing with quiet.
func TestProgressLinesAndQuiet(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, 100, false)
	for i := 0; i < 10; i++ {
		p.add(10)
	}
	p.done()
	assert.Equal(t, 4, strings.Count(b.String(), "\n"), b.String())
	assert.Contains(t, b.String(), "100% (100 of 100 date and preset checks, ")
	b.Reset()
	p = newProgress(&b, 100, true)
	p.add(100)
	p.done()
	assert.Empty(t, b.String())
}
