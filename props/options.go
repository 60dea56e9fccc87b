package props

import (
	"fmt"
	"reflect"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// DefaultEdgeShare is the share of draws that come from the edge table when
// no EdgeShare option is given: half the draws are dangerous days, half are
// uniform over the range.
const DefaultEdgeShare = 0.5

// Option tunes a generator: its date range and its mix of edge cases.
type Option func(*options)

type options struct {
	rng       calendar.Range
	edgeShare float64
	err       error
}

// InRange restricts generated dates to first..last inclusive. Edge dates
// outside the range are not drawn; the range's own first and last days
// become edges.
func InRange(first, last calendar.Date) Option {
	return func(o *options) {
		r, err := calendar.NewRange(first, last)
		if err != nil {
			o.err = fmt.Errorf("props: InRange(%s, %s): %w", first, last, err)
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
			o.err = fmt.Errorf("props: EdgeShare(%v): want a share between 0 and 1", share)
			return
		}
		o.edgeShare = share
	}
}

func buildOptions(opts []Option) options {
	o := options{rng: calendar.All(), edgeShare: DefaultEdgeShare}
	for _, opt := range opts {
		opt(&o)
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
