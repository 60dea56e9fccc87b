package props_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/props"
)

// The 2012 guest agent's date logic, "add 1 to the year", checked against
// the model under the policy it should have followed. In a test you would
// call props.CheckAddYears(t, calendar.Clamp, addOneToTheYear) instead.
func ExampleVerifyAddYears() {
	addOneToTheYear := func(t time.Time, years int) (time.Time, error) {
		y, m, d := t.Date()
		if y+years < 1 || y+years > 9999 {
			return time.Time{}, errors.New("out of range")
		}
		hh, mm, ss := t.Clock()
		return time.Date(y+years, m, d, hh, mm, ss, t.Nanosecond(), t.Location()), nil
	}
	err := props.VerifyAddYears(calendar.Clamp, addOneToTheYear, props.VerifyOptions{})
	fmt.Println(err)
	// Output:
	// leapcheck: AddYears (policy clamp) disagrees with the model on 1996-02-29T00:00:00Z (UTC) +1 years
	//   got:   1997-03-01T00:00:00Z (UTC)
	//   model: 1997-02-28T00:00:00Z (UTC)
	//   found by: edge table
}

// Dates drawn from the edge table come often: here, how many of the first
// 1,000 draws of each generator are February 29ths.
func ExampleDate() {
	count := func(draw func(seed ...int) calendar.Date) (n int) {
		for seed := 0; seed < 1000; seed++ {
			if d := draw(seed); d.Month == time.February && d.Day == 29 {
				n++
			}
		}
		return n
	}
	edgy := props.Date()
	uniform := props.Date(props.EdgeShare(0))
	fmt.Println("edge-biased:", count(edgy.Example) > 50)
	fmt.Println("no edges:   ", count(uniform.Example) < 20)
	// Output:
	// edge-biased: true
	// no edges:    true
}

// Restrict a generator to the range your code supports; the range's bounds
// become edge cases too.
func ExampleInRange() {
	g := props.Date(props.InRange(calendar.Date{Year: 2024, Month: 1, Day: 1}, calendar.Date{Year: 2024, Month: 12, Day: 31}))
	leapDay := false
	for seed := 0; seed < 200; seed++ {
		d := g.Example(seed)
		if d.Year != 2024 {
			fmt.Println("outside the range:", d)
		}
		leapDay = leapDay || d == calendar.Date{Year: 2024, Month: time.February, Day: 29}
	}
	fmt.Println("drew 2024-02-29:", leapDay)
	// Output:
	// drew 2024-02-29: true
}
