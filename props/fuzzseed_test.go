package props

import (
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/corpus"
	"pgregory.net/rapid"
)

// TestTimeFuzzInputRoundTrips: rapid.MakeFuzz, given TimeFuzzInput(t),
// draws t from Time(), for every instant of the incident catalogue and the
// edge table; an instant outside the model is refused.
func TestTimeFuzzInputRoundTrips(t *testing.T) {
	instants := append(corpus.Instants(), EdgeInstants()...)
	instants = append(instants, time.Date(2012, 2, 29, 23, 59, 59, 999999999, time.UTC), time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC))
	for _, want := range instants {
		if want.IsZero() {
			continue
		}
		in, err := TimeFuzzInput(want)
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		t.Run(want.Format(time.RFC3339Nano), func(t *testing.T) {
			rapid.MakeFuzz(func(rt *rapid.T) {
				got = Time().Draw(rt, "now")
				_ = rapid.IntRange(0, 100).Draw(rt, "a later draw")
			})(t, in)
		})
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("TimeFuzzInput(%s) made Time() draw %s", want.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano))
		}
	}
	for _, bad := range []time.Time{{}, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)} {
		if _, err := TimeFuzzInput(bad); err == nil {
			t.Errorf("TimeFuzzInput(%s): no error", bad)
		}
	}
}
