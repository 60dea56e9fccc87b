package calendar

import (
	"fmt"
	"iter"
	"time"
)

// Range is an inclusive range of consecutive days, from its first to its last
// day. The zero Range is empty. Construct ranges with NewRange or All.
//
// Exhaustive proofs iterate ranges with Days, which walks the calendar field
// by field (day, then month, then year) instead of converting each day
// number: no division per day, so it visits all 3,652,059 days of the model
// in about a millisecond.
type Range struct {
	first, last Date
	n           int64 // number of days; 0 for the zero (empty) Range
}

// NewRange returns the days from first to last inclusive. Both must be valid
// dates and first must not be after last; otherwise it returns an error
// naming them.
func NewRange(first, last Date) (Range, error) {
	if err := first.Validate(); err != nil {
		return Range{}, err
	}
	if err := last.Validate(); err != nil {
		return Range{}, err
	}
	if last.Before(first) {
		return Range{}, newError(fmt.Sprintf("%s..%s", first, last), ErrRange,
			fmt.Sprintf("range %s..%s: first day is after last day", first, last))
	}
	return Range{first, last, last.DayNumber() - first.DayNumber() + 1}, nil
}

// All returns the whole model, MinDate..MaxDate: DaysInRange days.
func All() Range {
	return Range{MinDate, MaxDate, DaysInRange}
}

// First returns the first day of r (the zero Date for an empty Range).
func (r Range) First() Date { return r.first }

// Last returns the last day of r (the zero Date for an empty Range).
func (r Range) Last() Date { return r.last }

// Len returns the number of days in r.
func (r Range) Len() int64 { return r.n }

// Contains reports whether d is a day of r.
func (r Range) Contains(d Date) bool {
	return r.n > 0 && d.Valid() && !d.Before(r.first) && !d.After(r.last)
}

// String returns "FIRST..LAST", or "empty".
func (r Range) String() string {
	if r.n == 0 {
		return "empty"
	}
	return r.first.String() + ".." + r.last.String()
}

// Shard returns the i-th of n near-equal consecutive parts of r (i counts
// from 0), so that a proof can be spread over n machines and its results
// merged: the parts are disjoint, in order, and cover r. A part of a range
// shorter than n may be empty. It returns an error unless 0 <= i < n.
func (r Range) Shard(i, n int) (Range, error) {
	if n < 1 || i < 0 || i >= n {
		return Range{}, newError(fmt.Sprintf("shard %d/%d", i, n), ErrRange,
			fmt.Sprintf("shard %d/%d: want 0 <= i < n", i, n))
	}
	lo := r.n * int64(i) / int64(n)
	hi := r.n * int64(i+1) / int64(n)
	if hi == lo {
		return Range{}, nil
	}
	base := r.first.DayNumber()
	return Range{fromDayNumber(base + lo), fromDayNumber(base + hi - 1), hi - lo}, nil
}

// Days returns an iterator over the days of r in order.
func (r Range) Days() iter.Seq[Date] {
	return func(yield func(Date) bool) {
		if r.n == 0 {
			return
		}
		y, m, d := r.first.Year, r.first.Month, r.first.Day
		for {
			end := DaysIn(y, m)
			if y == r.last.Year && m == r.last.Month {
				end = r.last.Day
			}
			for ; d <= end; d++ {
				if !yield(Date{y, m, d}) {
					return
				}
			}
			if y == r.last.Year && m == r.last.Month {
				return
			}
			d = 1
			if m++; m > time.December {
				m, y = time.January, y+1
			}
		}
	}
}

// DayNumbers returns an iterator over the days of r in order, each with its
// day number, for callers that need both without converting.
func (r Range) DayNumbers() iter.Seq2[int64, Date] {
	return func(yield func(int64, Date) bool) {
		n := r.first.DayNumber()
		for d := range r.Days() {
			if !yield(n, d) {
				return
			}
			n++
		}
	}
}
