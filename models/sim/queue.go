package sim

import (
	"time"
)

// itemKind says what a queued item asks the simulator to do.
type itemKind uint8

const (
	itemStart  itemKind = iota + 1 // StartRequested for vm on server (initial starts)
	itemGuest                      // the guest agent of vm (start generation aux) reports
	itemTimer                      // host timer aux of vm on server fires
	itemFault                      // the fabric controller receives server's fault report
	itemDeploy                     // the next customer deploy arrives
	itemWave                       // update wave aux starts
	itemScript                     // Scenario.Script[aux] happens
)

// item is one scheduled event. at is the offset from the scenario's start,
// so that every instant of years 1..9999 fits (UnixNano does not).
type item struct {
	at     time.Duration
	seq    uint64
	kind   itemKind
	server int32
	vm     int32
	aux    uint64
}

// queue is a binary min-heap of items ordered by (at, seq): time first, and
// among items due at the same instant, the order in which they were pushed.
// The sequence number makes the order total, so a run never depends on how
// the heap breaks ties (container/heap is not stable). The heap is written
// out instead of using container/heap to avoid boxing every item in an
// interface.
type queue struct {
	items []item
	seq   uint64
	now   time.Duration // the instant of the last item popped
}

// before is the queue's order: time, then sequence number.
func before(a, b *item) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

// push schedules it, stamping the next sequence number. An item due before
// the instant of the last item popped is an error: the simulator never goes
// back in time.
func (q *queue) push(it item) error {
	if it.at < q.now {
		return errorf(ErrState, "sim: event scheduled at +%v, before the clock at +%v", it.at, q.now)
	}
	q.seq++
	it.seq = q.seq
	q.items = append(q.items, it)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !before(&q.items[i], &q.items[p]) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
	return nil
}

// peek returns the next item without removing it.
func (q *queue) peek() (item, bool) {
	if len(q.items) == 0 {
		return item{}, false
	}
	return q.items[0], true
}

// pop removes and returns the next item and advances the clock to it.
func (q *queue) pop() (item, bool) {
	n := len(q.items)
	if n == 0 {
		return item{}, false
	}
	top := q.items[0]
	n--
	q.items[0] = q.items[n]
	q.items = q.items[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && before(&q.items[r], &q.items[l]) {
			m = r
		}
		if !before(&q.items[m], &q.items[i]) {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	q.now = top.at
	return top, true
}

// len returns the number of items waiting.
func (q *queue) len() int { return len(q.items) }
