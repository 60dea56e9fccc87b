package props

import (
	"fmt"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The algebraic laws of the calendar model, as functions of the operations
// so that each law can also be run against a deliberately broken model and
// shown to fail.

type ops struct {
	addYears  func(calendar.Date, int, calendar.Overflow) (calendar.Date, error)
	addMonths func(calendar.Date, int, calendar.Overflow) (calendar.Date, error)
}

var model = ops{
	addYears:  func(d calendar.Date, n int, o calendar.Overflow) (calendar.Date, error) { return d.AddYears(n, o) },
	addMonths: func(d calendar.Date, n int, o calendar.Overflow) (calendar.Date, error) { return d.AddMonths(n, o) },
}

// broken clamps February 29 + years to March 1: Roll's answer under Clamp.
var broken = ops{
	addYears: func(d calendar.Date, n int, o calendar.Overflow) (calendar.Date, error) {
		if o == calendar.Clamp {
			o = calendar.Roll
		}
		return d.AddYears(n, o)
	},
	addMonths: model.addMonths,
}

// lawYearsRoundTrip: d + n years - n years = d, for every policy, unless d
// is February 29 and d + n years is not in a leap year (documented: Clamp
// gives February 28 and Roll March 1, and from there the way back stays;
// Reject errors).
func lawYearsRoundTrip(m ops, d calendar.Date, n int) error {
	for _, o := range calendar.Policies() {
		there, err := m.addYears(d, n, o)
		if err != nil {
			if d.Month == time.February && d.Day == 29 || d.Year+n < 1 || d.Year+n > 9999 {
				continue
			}
			return fmt.Errorf("%s %+d years (%v): unexpected error %v", d, n, o, err)
		}
		back, err := m.addYears(there, -n, o)
		leapDayLost := d.Month == time.February && d.Day == 29 && !calendar.IsLeap(d.Year+n)
		if !leapDayLost && (err != nil || back != d) {
			return fmt.Errorf("%s %+d years (%v) = %s, and back = %s, %v", d, n, o, there, back, err)
		}
	}
	return nil
}

// lawClampRollAgree: Clamp and Roll agree exactly when the day exists in
// the target month, and otherwise Clamp stays in the target month while
// Roll moves into the next.
func lawClampRollAgree(m ops, d calendar.Date, n int) error {
	c, errC := m.addYears(d, n, calendar.Clamp)
	r, errR := m.addYears(d, n, calendar.Roll)
	_, errJ := m.addYears(d, n, calendar.Reject)
	if errC != nil || errR != nil {
		return nil // out of range: both must fail, checked by the model's own tests
	}
	exists := errJ == nil
	if exists != (c == r) {
		return fmt.Errorf("%s %+d years: clamp %s, roll %s, but the day exists: %v", d, n, c, r, exists)
	}
	if !exists && (c.Month != d.Month || r.Month == d.Month) {
		return fmt.Errorf("%s %+d years: clamp %s should stay in %v, roll %s should leave it", d, n, c, d.Month, r)
	}
	return nil
}

// lawMonthsAreYears: AddMonths(12k) = AddYears(k) under every policy,
// errors included.
func lawMonthsAreYears(m ops, d calendar.Date, k int) error {
	for _, o := range calendar.Policies() {
		y, errY := m.addYears(d, k, o)
		mo, errM := m.addMonths(d, 12*k, o)
		if (errY == nil) != (errM == nil) || y != mo {
			return fmt.Errorf("%s (%v): %+d years = %s %v, %+d months = %s %v", d, o, k, y, errY, 12*k, mo, errM)
		}
	}
	return nil
}

var laws = map[string]func(ops, calendar.Date, int) error{
	"years round trip":   lawYearsRoundTrip,
	"clamp/roll agree":   lawClampRollAgree,
	"12k months=k years": lawMonthsAreYears,
}

func TestLawsRapid(t *testing.T) {
	for name, law := range laws {
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			d := Date().Draw(t, "d")
			n := YearDelta().Draw(t, "n")
			if err := law(model, d, n); err != nil {
				t.Fatal(err)
			}
		}))
	}
}

func TestLawsGopter(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(2012)
	params.MinSuccessfulTests = 500
	props := gopter.NewProperties(params)
	for name, law := range laws {
		props.Property(name, prop.ForAll(func(d calendar.Date, n int) bool { return law(model, d, n) == nil },
			GenDate(), GenYearDelta()))
	}
	props.TestingRun(t)
}

// TestLawsExhaustive checks the laws on every day for n = 1, 4 and 100.
func TestLawsExhaustive(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive sweep; run without -short")
	}
	for name, law := range laws {
		for _, n := range []int{1, 4, 100} {
			for d := range calendar.All().Days() {
				if err := law(model, d, n); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
		}
	}
}

// TestLawsCatchABrokenModel shows the laws are not true by construction:
// a model whose Clamp rolls February 29 breaks two of them, and the
// generators find it.
func TestLawsCatchABrokenModel(t *testing.T) {
	// Enough runs that the leap-day failure is found even under -short
	// (where rapid runs a fifth of -rapid.checks).
	setFlag(t, "rapid.checks", "2000")
	for _, name := range []string{"clamp/roll agree", "12k months=k years"} {
		law := laws[name]
		f := runFake(func(tb *fakeTB) {
			rapid.Check(tb, func(rt *rapid.T) {
				if err := law(broken, Date().Draw(rt, "d"), YearDelta().Draw(rt, "n")); err != nil {
					rt.Fatal(err)
				}
			})
		})
		assert.True(t, f.Failed(), "law %q must fail on the broken model", name)
		assert.Contains(t, f.output(), "-02-29")
	}
	// And the day itself, exhaustively: exactly the leap days break it.
	failing := 0
	for d := range calendar.All().Days() {
		if lawClampRollAgree(broken, d, 1) != nil {
			failing++
			require.True(t, d.Month == time.February && d.Day == 29, "%s", d)
		}
	}
	assert.Equal(t, 2424, failing)
}

// TestDayNumberBijection: day numbers and dates convert into each other
// both ways, for edge-biased dates and for arbitrary day numbers in range.
func TestDayNumberBijection(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := Date().Draw(t, "d")
		back, err := calendar.FromDayNumber(d.DayNumber())
		if err != nil || back != d {
			t.Fatalf("%s -> %d -> %s, %v", d, d.DayNumber(), back, err)
		}
		n := rapid.Int64Range(calendar.MinDayNumber, calendar.MaxDayNumber).Draw(t, "n")
		e, err := calendar.FromDayNumber(n)
		if err != nil || e.DayNumber() != n {
			t.Fatalf("%d -> %s -> %d, %v", n, e, e.DayNumber(), err)
		}
	})
}
