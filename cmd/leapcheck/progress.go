package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress reports how much of a proof is done: a bar redrawn in place on a
// terminal, plain lines at every quarter otherwise (logs, CI).
type progress struct {
	w       io.Writer
	total   int64
	done_   atomic.Int64
	tty     bool
	stop    chan struct{}
	stopped sync.WaitGroup
	quarter atomic.Int64
	mu      sync.Mutex
}

func newProgress(w io.Writer, total int64) *progress {
	p := &progress{w: w, total: max(total, 1), stop: make(chan struct{})}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	if p.tty {
		p.stopped.Add(1)
		go p.draw()
	}
	return p
}

// add records n more units done.
func (p *progress) add(n int64) {
	d := p.done_.Add(n)
	if p.tty {
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
			fmt.Fprintf(p.w, "leapcheck: %3d%% (%d of %d dates x presets)\n", q*25, d, p.total)
			p.mu.Unlock()
			return
		}
	}
}

func (p *progress) draw() {
	defer p.stopped.Done()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		p.bar()
		select {
		case <-p.stop:
			p.bar()
			fmt.Fprintln(p.w)
			return
		case <-tick.C:
		}
	}
}

func (p *progress) bar() {
	const width = 40
	d := p.done_.Load()
	n := int(d * width / p.total)
	fmt.Fprintf(p.w, "\r[%s%s] %3d%% %d/%d", strings.Repeat("#", n), strings.Repeat(".", width-n), d*100/p.total, d, p.total)
}

// done stops the bar.
func (p *progress) done() {
	if p.tty {
		close(p.stop)
		p.stopped.Wait()
	}
}
