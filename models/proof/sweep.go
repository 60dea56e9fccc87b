package proof

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// Options tune a Sweep. The zero Options sweeps the whole range on every
// usable core.
type Options struct {
	// Proof and Variant are copied into the Result (see Result.Proof).
	Proof, Variant string
	// Shard, when set, sweeps only that part of the range (the range is
	// then the whole that ShardOf records).
	Shard Shard
	// Workers is the number of goroutines judging chunks; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// ChunkDays is the number of consecutive days a worker judges at a
	// time; 0 chooses one from the range and the workers (small enough to
	// balance the cores, large enough that scheduling costs nothing).
	ChunkDays int64
	// Progress, if set, is called with the number of dates judged (summed
	// over subjects) after each chunk of each subject, from the worker
	// goroutines: it must be safe for concurrent use.
	Progress func(dates int64)
	// Visit, if set, is called for every date that fails or that the claim
	// names, with the subject's index, the verdict and whether the claim
	// names the date (so the claim is contradicted where v.Fails !=
	// claimed). Calls never overlap, but come in date order only within a
	// chunk; sort if the order matters. Dates not judged are not visited.
	Visit func(subject int, d calendar.Date, v Verdict, claimed bool)
}

// Shard is the I-th of N near-equal consecutive parts of a range
// (calendar.Range.Shard), counting I from 1. The zero Shard is the whole
// range.
type Shard struct {
	I, N int
}

// String returns "I/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

// Part returns the shard's part of r, or an error unless 1 <= I <= N.
func (s Shard) Part(r calendar.Range) (calendar.Range, error) {
	if s == (Shard{}) {
		return r, nil
	}
	if s.N < 1 || s.I < 1 || s.I > s.N {
		return calendar.Range{}, fmt.Errorf("proof: shard %s: want 1 <= I <= N", s)
	}
	return r.Shard(s.I-1, s.N)
}

// ErrJudge wraps the error of a Judge that could not judge a date.
var ErrJudge = errors.New("proof: a date could not be judged")

// chunk is one chunk of one subject's sweep.
type chunk struct {
	res         SubjectResult // counts, examples (first MaxExamples), mismatches
	first, last calendar.Date // failing dates, when res.FailingDates > 0
	err         error
}

// Sweep judges every date of r (or of its Options.Shard) for every subject,
// on Options.Workers goroutines, and returns the Result. It stops at the
// first error of a Judge, returned wrapping ErrJudge and naming the
// subject and the date; with an invalid Shard it returns an error before
// judging. Subjects need a Name and a Judge.
func Sweep(r calendar.Range, subjects []Subject, o Options) (Result, error) {
	for i, s := range subjects {
		if s.Name == "" || s.Judge == nil {
			return Result{}, fmt.Errorf("proof: subject %d (%q): a subject needs a Name and a Judge", i, s.Name)
		}
	}
	part, err := o.Shard.Part(r)
	if err != nil {
		return Result{}, err
	}
	res := Result{SchemaVersion: SchemaVersion, Proof: o.Proof, Variant: o.Variant, DatesChecked: part.Len(), OK: true}
	if part.Len() > 0 {
		res.From, res.To = part.First().String(), part.Last().String()
	}
	if o.Shard != (Shard{}) {
		res.Shard = o.Shard.String()
		res.ShardOf = &Span{r.First().String(), r.Last().String()}
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	per := o.ChunkDays
	if per <= 0 {
		// About 16 chunks per worker, at least 64 days and at most 16,384.
		per = min(max(part.Len()/int64(16*workers), 64), 16384)
	}
	chunks := max(1, int((part.Len()+per-1)/per))
	n := len(subjects)
	outs := make([]chunk, chunks*n) // outs[c*n+i]: chunk c of subject i
	var mu sync.Mutex               // serialises Visit
	var failed atomic.Bool
	Parallel(part, chunks, workers, func(c int, days calendar.Range) {
		for i := range subjects {
			if failed.Load() {
				return
			}
			out := &outs[c*n+i]
			sweepChunk(subjects[i], days, out, func(d calendar.Date, v Verdict, claimed bool) {
				if o.Visit != nil {
					mu.Lock()
					defer mu.Unlock()
					o.Visit(i, d, v, claimed)
				}
			})
			if out.err != nil {
				failed.Store(true)
				return
			}
			if o.Progress != nil {
				o.Progress(days.Len())
			}
		}
	})
	for k := range outs {
		if err := outs[k].err; err != nil {
			return Result{}, fmt.Errorf("%w: %s: %w", ErrJudge, subjects[k%n].Name, err)
		}
	}
	for i, s := range subjects {
		sr := newSubjectResult(s)
		// Chunks are in range order, so failing dates come out sorted.
		for c := range chunks {
			sr.add(outs[c*n+i].res, outs[c*n+i].first, outs[c*n+i].last)
		}
		sr.decide()
		res.OK = res.OK && sr.OK
		res.Subjects = append(res.Subjects, sr)
	}
	return res, nil
}

// sweepChunk judges the days of one chunk for subject s into out, calling
// visit for the dates that fail or that the claim names.
func sweepChunk(s Subject, days calendar.Range, out *chunk, visit func(calendar.Date, Verdict, bool)) {
	r := &out.res
	r.Kinds, r.FailingByYear = map[string]int64{}, YearCounts{}
	for d := range days.Days() {
		r.DatesChecked++
		v, err := s.Judge.Judge(d)
		if err != nil {
			out.err = fmt.Errorf("%s: %w", d, err)
			return
		}
		if v.NotJudged {
			r.NotJudged++
			continue
		}
		claimed := s.Claim.Fails(d)
		if v.Fails {
			if r.FailingDates == 0 {
				out.first, r.FirstDetail = d, v.Kind
				if v.Detail != "" {
					r.FirstDetail += ": " + v.Detail
				}
			}
			out.last = d
			r.FailingDates++
			r.Kinds[v.Kind]++
			r.FailingByYear[d.Year]++
			if len(r.Examples) < MaxExamples {
				r.Examples = append(r.Examples, d.String())
			}
		}
		switch {
		case claimed && !v.Fails:
			r.ClaimedDates++
			r.Missed++
			r.Mismatches = appendMax(r.Mismatches, d.String()+": claimed to fail, but safe")
		case claimed:
			r.ClaimedDates++
		case v.Fails:
			r.Unexpected++
			r.Mismatches = appendMax(r.Mismatches, d.String()+": fails ("+v.Kind+"), not claimed")
		default:
			continue
		}
		visit(d, v, claimed)
	}
}

// appendMax appends s to list unless it holds MaxExamples already.
func appendMax(list []string, s ...string) []string {
	return append(list, s[:min(len(s), max(MaxExamples-len(list), 0))]...)
}

// add adds the counts of u, a later part of the same subject's range whose
// first and last failing dates are first and last.
func (p *SubjectResult) add(u SubjectResult, first, last calendar.Date) {
	p.DatesChecked += u.DatesChecked
	p.NotJudged += u.NotJudged
	p.ClaimedDates += u.ClaimedDates
	p.Unexpected += u.Unexpected
	p.Missed += u.Missed
	p.Mismatches = appendMax(p.Mismatches, u.Mismatches...)
	p.Examples = appendMax(p.Examples, u.Examples...)
	for k, n := range u.Kinds {
		p.Kinds[k] += n
	}
	for y, n := range u.FailingByYear {
		p.FailingByYear[y] += n
	}
	if u.FailingDates > 0 {
		if p.FailingDates == 0 {
			f := first.String()
			p.FirstFailure, p.FirstDetail = &f, u.FirstDetail
		}
		l := last.String()
		p.LastFailure = &l
	}
	p.FailingDates += u.FailingDates
}

// Parallel splits r into parts near-equal parts (calendar.Range.Shard) and
// calls f(i, part) for each, on workers goroutines that take the parts in
// order; it returns when all have returned. parts and workers below 1
// count as 1; parts of an empty range are empty. f must be safe to call
// concurrently for different i and should write its results to a slot per
// part, which keeps their order independent of the scheduling. It is the
// worker pool of Sweep, for exhaustive checks that are not judgements of
// dates.
func Parallel(r calendar.Range, parts, workers int, f func(i int, part calendar.Range)) {
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
