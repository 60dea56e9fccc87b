package sim

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// The queue pops in (time, sequence) order: by time, and among equal times in
// push order, whatever the heap's shape.
func TestQueueOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var q queue
	type key struct {
		at  time.Duration
		seq uint64
	}
	var want []key
	for i := range 2000 {
		at := time.Duration(rng.IntN(50)) * time.Second // many equal times
		if err := q.push(item{at: at, aux: uint64(i)}); err != nil {
			t.Fatal(err)
		}
		want = append(want, key{at, uint64(i + 1)})
	}
	slices.SortFunc(want, func(a, b key) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return int(a.seq) - int(b.seq)
	})
	for i, w := range want {
		it, ok := q.pop()
		if !ok {
			t.Fatalf("queue empty after %d pops", i)
		}
		if it.at != w.at || it.seq != w.seq || it.aux != w.seq-1 {
			t.Fatalf("pop %d = (at %v, seq %d, aux %d), want (at %v, seq %d)", i, it.at, it.seq, it.aux, w.at, w.seq)
		}
	}
	if _, ok := q.pop(); ok || q.len() != 0 {
		t.Fatal("queue not empty after popping everything")
	}
}

// Scheduling an event before the clock is an error, not a silent reorder.
func TestQueuePushBeforeClock(t *testing.T) {
	var q queue
	if err := q.push(item{at: time.Hour}); err != nil {
		t.Fatal(err)
	}
	q.pop()
	err := q.push(item{at: time.Minute})
	if err == nil || !strings.Contains(err.Error(), "before the clock") {
		t.Fatalf("push before the clock: err = %v, want an error saying so", err)
	}
	if err := q.push(item{at: time.Hour}); err != nil {
		t.Fatalf("push at the clock: %v", err)
	}
}

// The retry schedule of the 2012 host agent with a one-minute boot issues at
// 00:01, 00:26 and 00:51; CrashLoopBackOff issues after 10 s and 20 s waits.
func TestRetrySchedule(t *testing.T) {
	s, _ := PresetByName(PresetAzure2012)
	got := retrySchedule(s.Host, s.BootDelay)
	want := []time.Duration{time.Minute, 26 * time.Minute, 51 * time.Minute}
	if !slices.Equal(got, want) {
		t.Errorf("azure2012 schedule = %v, want %v", got, want)
	}
	k, _ := PresetByName(PresetKubernetes)
	got = retrySchedule(k.Host, k.BootDelay)
	want = []time.Duration{time.Minute, 2*time.Minute + 10*time.Second, 3*time.Minute + 30*time.Second}
	if !slices.Equal(got, want) {
		t.Errorf("kubernetes schedule = %v, want %v", got, want)
	}
}

// The safe path checks the day's first and last seconds and the retry
// schedule's issuances: 00:00:00, 00:01, 00:26, 00:51 and 23:59:59 for
// azure2012.
func TestProverInstants(t *testing.T) {
	pr := mustProver(t, azure2012(t))
	if want := []int64{0, 60, 1560, 3060, 86399}; !slices.Equal(pr.tods, want) {
		t.Errorf("instants %v, want %v", pr.tods, want)
	}
	if len(pr.zones) != 1 || !pr.zones[0].fixed || pr.zones[0].off != 0 {
		t.Errorf("zones %+v, want UTC only", pr.zones)
	}
}
