package props

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// DefaultEdgeShare is the share of draws that come from the edge table when
// no EdgeShare option is given: half the draws are dangerous days, half are
// uniform over the range.
const DefaultEdgeShare = 0.5

// Option tunes a generator (its date range, zones, deltas and mix of edge
// cases) and a check or Verify function (which inputs it judges and how long
// it may run). Every option applies to both where it makes sense; the
// package documentation has the table.
type Option func(*options)

type options struct {
	rng       calendar.Range
	edgeShare float64
	zones     []*time.Location
	whole     bool
	deltas    []int
	strict    bool
	budget    time.Duration
	workers   int
	ordered   bool
	err       error
}

// InRange restricts generated dates to first..last inclusive, and a check
// to the inputs and model results whose dates (in their own location and
// in UTC) lie within: the rest are not judged. Edge dates outside the range
// are not drawn; the range's own first and last days become edges.
func InRange(first, last calendar.Date) Option {
	return func(o *options) {
		r, err := calendar.NewRange(first, last)
		if err != nil {
			o.setErr(fmt.Errorf("props: InRange(%s, %s): %w", first, last, err))
			return
		}
		o.rng = r
	}
}

// EdgeShare sets the share of draws taken from the edge table, from 0 (all
// uniform) to 1 (all edges).
func EdgeShare(share float64) Option {
	return func(o *options) {
		if !(share >= 0 && share <= 1) {
			o.setErr(fmt.Errorf("props: EdgeShare(%v): want a share between 0 and 1", share))
			return
		}
		o.edgeShare = share
	}
}

// Zones restricts generated times, and the inputs of a check, to the given
// locations: Zones(time.UTC) for code that only ever sees UTC. By default
// times are drawn in UTC, fixed offsets from -14h to +14h and real zones
// with daylight saving.
func Zones(locs ...*time.Location) Option {
	return func(o *options) {
		if len(locs) == 0 {
			o.setErr(fmt.Errorf("props: Zones(): want at least one location"))
			return
		}
		for i, l := range locs {
			if l == nil {
				o.setErr(fmt.Errorf("props: Zones: location %d is nil (use time.UTC)", i))
				return
			}
		}
		o.zones = slices.Clone(locs)
	}
}

// WholeSeconds draws only times without a sub-second part, for code whose
// inputs are whole seconds (Unix timestamps, certificate times).
func WholeSeconds() Option {
	return func(o *options) { o.whole = true }
}

// Deltas restricts the year or month counts a generator draws and an
// arithmetic check tries to n: Deltas(1) for "one year later" code. The
// exhaustive sweep then tries exactly these deltas on every day.
func Deltas(n ...int) Option {
	return func(o *options) {
		if len(n) == 0 {
			o.setErr(fmt.Errorf("props: Deltas(): want at least one delta"))
			return
		}
		o.deltas = slices.Clone(n)
	}
}

// StrictRange makes a check also demand an error wherever the model reports
// a range error: an input or result outside 0001-01-01..9999-12-31 (in its
// own location or in UTC). Use it for code that promises to refuse what the
// model refuses. Without it such inputs are not judged: any answer passes.
// With an InRange, inputs outside that range stay unjudged, even those
// outside the model; a result the model refuses is still judged.
func StrictRange() Option {
	return func(o *options) { o.strict = true }
}

// Budget bounds the time a check spends: when it runs out, the check stops
// where it is, logs how much of its input it judged, and passes unless it
// already found a disagreement. A check never fails for slowness; it also
// stops before the test's own deadline (go test -timeout).
func Budget(d time.Duration) Option {
	return func(o *options) {
		if d <= 0 {
			o.setErr(fmt.Errorf("props: Budget(%v): want a positive duration", d))
			return
		}
		o.budget = d
	}
}

// Parallel makes a check sweep on every core (runtime.GOMAXPROCS
// goroutines), for an implementation that is safe for concurrent use. The
// other phases stay on one goroutine; the verdict, and the counterexample
// reported, are the same as on one core.
func Parallel() Option {
	return func(o *options) { o.workers = runtime.GOMAXPROCS(0) }
}

// OrderedPairs makes a check of two dates (CheckDaysBetween,
// CheckCompletedYears) judge only pairs with from on or before to, for a
// function whose contract takes ordered pairs.
func OrderedPairs() Option {
	return func(o *options) { o.ordered = true }
}

// setErr keeps the first bad option's error.
func (o *options) setErr(err error) {
	if o.err == nil {
		o.err = err
	}
}

func buildOptions(opts []Option) options {
	o := options{rng: calendar.All(), edgeShare: DefaultEdgeShare}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// edgePercent is the edge share in whole percent, for integer draws.
func (o options) edgePercent() int { return int(o.edgeShare*100 + 0.5) }

var (
	dateType     = reflect.TypeOf(calendar.Date{})
	timeType     = reflect.TypeOf(time.Time{})
	validityType = reflect.TypeOf(cert.Validity{})
)

// yearDraws is the largest year draw for the range: enough to reach both
// of its ends from the anchor year.
func (o options) yearDraws() int {
	return 2 * (o.rng.Last().Year - o.rng.First().Year)
}

// finish applies the options every generated time obeys: whole seconds if
// asked, and never the zero time.Time (Go's "unset", which many APIs read
// as "now"): the instant 0001-01-01T00:00:00Z becomes one second later.
func (o options) finish(t time.Time) time.Time {
	if o.whole {
		t = t.Truncate(time.Second)
	}
	if t.IsZero() {
		t = t.Add(time.Second)
	}
	return t
}

// locations returns the locations times are drawn in when Zones is given,
// and nil for the default mix.
func (o options) locations() []*time.Location { return o.zones }

// domain says whether t's date, in its own location and in UTC, is inside
// the options' range (in), outside the model's 0001..9999 (outRange), or
// inside the model but outside an InRange (outOption).
type domain uint8

const (
	in domain = iota
	outOption
	outRange
)

func (o options) domainOf(ts ...time.Time) domain {
	res := in
	for _, t := range ts {
		for _, d := range [2]calendar.Date{calendar.DateOf(t), calendar.DateOf(t.UTC())} {
			switch {
			case !d.Valid():
				return outRange
			case !o.rng.Contains(d):
				res = outOption
			}
		}
	}
	return res
}

// judged reports whether a check judges an input or result in domain d: only
// inside the range, or also outside the model under StrictRange unless an
// InRange narrowed the range (InRange: "the rest are not judged").
func (o options) judged(d domain) bool {
	return d == in || d == outRange && o.strict && o.rng == calendar.All()
}
