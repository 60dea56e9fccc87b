package props

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"pgregory.net/rapid"
)

// CheckDayNumber fails t unless toDays and fromDays convert between civil
// dates and days since 1970-01-01 (1970-01-01 is day 0, 0001-01-01 is day
// -719,162) exactly as the calendar model does, in both directions, on
// every day of the range (0001-01-01..9999-12-31 unless InRange narrows it;
// the edge table, property and samples only under testing.Short()).
func CheckDayNumber(t testing.TB, toDays func(y int, m time.Month, d int) int64, fromDays func(n int64) (y int, m time.Month, d int), opts ...Option) {
	t.Helper()
	checkDayNumber(t, toDays, fromDays, opts...)
}

func checkDayNumber(t tb, toDays func(y int, m time.Month, d int) int64, fromDays func(n int64) (y int, m time.Month, d int), opts ...Option) {
	t.Helper()
	s, o, err := dayNumberSpec(toDays, fromDays, opts)
	if badArgs(t, err) {
		return
	}
	runCheck(t, s, o)
}

// VerifyDayNumber gives CheckDayNumber's verdict without a testing.TB: on
// the edge dates of every year, on vo.Samples random days, and, if
// vo.Exhaustive, on every day of the range, in both directions.
func VerifyDayNumber(toDays func(y int, m time.Month, d int) int64, fromDays func(n int64) (y int, m time.Month, d int), vo VerifyOptions, opts ...Option) error {
	s, o, err := dayNumberSpec(toDays, fromDays, opts)
	if err != nil {
		return err
	}
	return run(s, verifyConfig(vo, o)).err()
}

func dayNumberSpec(toDays func(y int, m time.Month, d int) int64, fromDays func(n int64) (y int, m time.Month, d int), opts []Option) (spec[calendar.Date], options, error) {
	o := buildOptions(opts)
	if o.err != nil {
		return spec[calendar.Date]{}, o, o.err
	}
	if toDays == nil || fromDays == nil {
		return spec[calendar.Date]{}, o, errNilImpl
	}
	return dateSpec("DayNumber", o, func(d calendar.Date) *Counterexample {
		n := d.DayNumber()
		var got int64
		if err := guard(func() error { got = toDays(d.Year, d.Month, d.Day); return nil }); err != nil || got != n {
			return &Counterexample{Input: "toDays(" + d.String() + ")", Got: describeAny(got, err), Want: fmt.Sprint(n)}
		}
		var back calendar.Date
		if err := guard(func() error { back.Year, back.Month, back.Day = fromDays(n); return nil }); err != nil || back != d {
			return &Counterexample{Input: fmt.Sprintf("fromDays(%d)", n), Got: describeDate(back, err), Want: d.String()}
		}
		return nil
	}), o, nil
}

// dateSpec is the spec of a check whose input is one date of the range:
// the edge dates, Date draws, uniform samples and every day. judge returns
// nil where the implementation agrees.
func dateSpec(check string, o options, judge func(calendar.Date) *Counterexample) spec[calendar.Date] {
	return spec[calendar.Date]{
		check:        check,
		edges:        slices.Values(edgeDatesFamiliarFirst(o.rng)),
		draw:         rapid.Custom(func(rt *rapid.T) calendar.Date { return drawDate(rt, o, "") }),
		sample:       func(rng *rand.Rand) calendar.Date { return randDate(rng, o) },
		days:         o.rng,
		perDay:       func(d calendar.Date, yield func(calendar.Date) bool) bool { return yield(d) },
		perDayInputs: 1,
		dateOf:       func(d calendar.Date) calendar.Date { return d },
		judge: func(d calendar.Date) (verdict, *Counterexample) {
			if c := judge(d); c != nil {
				return fail, c
			}
			return pass, nil
		},
		simpler: func(d calendar.Date) []calendar.Date {
			var out []calendar.Date
			for _, y := range simplerYears(d.Year, d.Month, d.Day) {
				if c := (calendar.Date{Year: y, Month: d.Month, Day: d.Day}); o.rng.Contains(c) {
					out = append(out, c)
				}
			}
			return out
		},
	}
}

// describeAny renders an answer that is not an error, or the panic.
func describeAny(v any, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprint(v)
}
