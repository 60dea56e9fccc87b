// Package shard runs work over the parts of a calendar range on several
// goroutines: the one worker pool of leapcheck's exhaustive tests and of
// `leapcheck prove`. The models themselves never start a goroutine; their
// callers shard the calendar with this.
package shard

import (
	"sync"
	"sync/atomic"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Run splits r into parts equal parts (calendar.Range.Shard) and calls
// f(i, part) for each, on workers goroutines that take the parts in order;
// it returns when all have returned. parts and workers below 1 count as 1.
// Parts of an empty range are empty. f must be safe to call concurrently
// for different i; results are best written to a slot per part, indexed by
// i, which keeps their order independent of the scheduling.
func Run(r calendar.Range, parts, workers int, f func(i int, part calendar.Range)) {
	parts, workers = max(parts, 1), min(max(workers, 1), max(parts, 1))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= parts {
					return
				}
				part, _ := r.Shard(i, parts) // 0 <= i < parts: cannot fail
				f(i, part)
			}
		}()
	}
	wg.Wait()
}
