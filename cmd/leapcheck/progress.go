package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// progress reports how much of a proof is done: on a terminal, a bar with
// the rate and the time left, redrawn in place and fitted to the
// terminal's width; otherwise (logs, CI) a plain line at every quarter.
type progress struct {
	w       io.Writer
	total   int64
	done_   atomic.Int64
	start   time.Time
	tty     bool
	fd      int
	quiet   bool
	stop    chan struct{}
	stopped sync.WaitGroup
	quarter atomic.Int64
	mu      sync.Mutex
}

// newProgress starts reporting progress towards total units on w, unless
// quiet.
func newProgress(w io.Writer, total int64, quiet bool) *progress {
	p := &progress{w: w, total: max(total, 1), start: time.Now(), quiet: quiet, stop: make(chan struct{})}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty, p.fd = true, int(f.Fd())
	}
	if p.tty && !quiet {
		p.stopped.Add(1)
		go p.draw()
	}
	return p
}

// add records n more units done.
func (p *progress) add(n int64) {
	d := p.done_.Add(n)
	if p.tty || p.quiet {
		return
	}
	q := d * 4 / p.total
	for {
		old := p.quarter.Load()
		if q <= old {
			return
		}
		if p.quarter.CompareAndSwap(old, q) {
			p.mu.Lock()
			fmt.Fprintf(p.w, "leapcheck prove: %3d%% (%s of %s date and preset checks, %s)\n",
				q*25, commas(d), commas(p.total), p.rate(d, time.Since(p.start)))
			p.mu.Unlock()
			return
		}
	}
}

// rate is "2.1M/s, 3s left" (or "done in 1.7s" when d is the total).
func (p *progress) rate(d int64, elapsed time.Duration) string {
	if elapsed <= 0 || d == 0 {
		return "starting"
	}
	perSec := float64(d) / elapsed.Seconds()
	if d >= p.total {
		return fmt.Sprintf("%s/s, done in %s", si(perSec), roundDuration(elapsed))
	}
	left := time.Duration(float64(p.total-d) / perSec * float64(time.Second))
	return fmt.Sprintf("%s/s, %s left", si(perSec), roundDuration(left))
}

// si formats x with a k or M suffix: 2.1M.
func si(x float64) string {
	switch {
	case x >= 1e6:
		return fmt.Sprintf("%.1fM", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%.1fk", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}

// roundDuration rounds d for people: 1.7s, 42s, 3m10s.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d < time.Minute:
		return d.Round(time.Second)
	}
	return d.Round(10 * time.Second)
}

func (p *progress) draw() {
	defer p.stopped.Done()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		p.redraw()
		select {
		case <-p.stop:
			p.redraw()
			fmt.Fprintln(p.w)
			return
		case <-tick.C:
		}
	}
}

func (p *progress) redraw() {
	width := 80
	if w, _, err := term.GetSize(p.fd); err == nil && w > 0 {
		width = w
	}
	fmt.Fprint(p.w, "\r"+barLine(p.done_.Load(), p.total, time.Since(p.start), width, p.rate)+"\x1b[K")
}

// barLine is the progress line for d of total done after elapsed, at most
// width-1 columns so that it never wraps: a bar, the percentage, the
// counts and the rate. The bar shrinks, then goes, on narrow terminals.
func barLine(d, total int64, elapsed time.Duration, width int, rate func(int64, time.Duration) string) string {
	text := fmt.Sprintf(" %3d%% %s/%s  %s", d*100/total, si(float64(d)), si(float64(total)), rate(d, elapsed))
	room := width - 1 - len(text) - 2
	if room < 10 {
		if len(text) > width-1 {
			text = text[:max(width-1, 0)]
		}
		return strings.TrimPrefix(text, " ")
	}
	room = min(room, 50)
	n := int(int64(room) * d / total)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", room-n) + "]" + text
}

// done stops the bar.
func (p *progress) done() {
	if p.tty && !p.quiet {
		close(p.stop)
		p.stopped.Wait()
	}
}
