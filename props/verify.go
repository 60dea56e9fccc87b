package props

import (
	"errors"
	"fmt"
	"math/rand"
	"time"
)

// Counterexample is the first input on which an implementation disagrees
// with a model. The Verify functions return it as their error, and the
// Check functions report it.
type Counterexample struct {
	// Check names the check, e.g. "AddYears".
	Check string
	// Policy is the overflow or issuance policy the check ran under, if any.
	Policy string
	// Input is the input, e.g. "2012-02-29T00:00:00Z + 1 year".
	Input string
	// Got is the implementation's answer, Want the model's ("error: ..."
	// when one of them failed).
	Got, Want string
	// Phase is where it was found: "edge table", "property, draw N of
	// -rapid.seed=S", "sample N of seed S" or "exhaustive sweep". Draws and
	// samples are reproduced by their seed.
	Phase string
	// Set describes every disagreeing input of the exhaustive sweep; a
	// full run (Exhaustive, or a Check without -short) sets it.
	Set *FailureSet
}

// Error describes the disagreement in one paragraph.
func (c *Counterexample) Error() string {
	policy := ""
	if c.Policy != "" {
		policy = " (policy " + c.Policy + ")"
	}
	s := fmt.Sprintf("leapcheck: %s%s disagrees with the model on %s\n  got:   %s\n  model: %s\n  found by: %s",
		c.Check, policy, c.Input, c.Got, c.Want, c.Phase)
	if c.Set != nil {
		s += "\n  failure set: " + c.Set.String()
	}
	return s
}

// VerifyOptions tunes a Verify function. The zero value runs the edge table
// and 1,000 samples from DefaultSeed, without the exhaustive sweep. The
// Options given after it (InRange, Zones, StrictRange, Budget, ...) narrow
// the inputs and bound the time as they do for the Check functions.
type VerifyOptions struct {
	// Exhaustive adds a sweep over every day 0001-01-01..9999-12-31.
	Exhaustive bool
	// Samples is the number of random edge-biased inputs (default 1,000).
	Samples int
	// Seed seeds the samples (default 1). The same seed draws the same
	// inputs, so a counterexample found by a sample is reproducible.
	Seed int64
}

func (vo VerifyOptions) samples() int {
	if vo.Samples <= 0 {
		return 1000
	}
	return vo.Samples
}

func (vo VerifyOptions) rng() (*rand.Rand, int64) {
	seed := vo.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	return rand.New(rand.NewSource(seed)), seed
}

// DefaultSeed seeds the samples of a Verify function when VerifyOptions.Seed
// is 0, and always those of the Check functions, so that their verdicts are
// the same on every run.
const DefaultSeed = 1

// errNilImpl is returned when a check is given a nil function.
var errNilImpl = errors.New("props: the implementation under test is nil")

// describeTime renders an answer for a counterexample.
func describeTime(t time.Time, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if t.IsZero() && t.Location() == time.UTC {
		return "the zero time.Time"
	}
	return t.Format(time.RFC3339Nano) + " (" + t.Location().String() + ")"
}

// sameTime reports whether two answers agree: both errors, or the same
// instant with the same wall clock and the same location.
func sameTime(got time.Time, gotErr error, want time.Time, wantErr error) bool {
	if (gotErr != nil) != (wantErr != nil) {
		return false
	}
	if wantErr != nil {
		return true
	}
	// The same instant seen from the same location has the same wall clock.
	return got.Equal(want) && (got.Location() == want.Location() || got.Location().String() == want.Location().String())
}

// errPanic wraps a panic of the implementation under test, which fails the
// input it happened on: a check never panics itself.
type errPanic struct{ v any }

func (e errPanic) Error() string { return fmt.Sprintf("panic: %v", e.v) }

// guard calls f and turns a panic into an errPanic.
func guard(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = errPanic{v}
		}
	}()
	return f()
}

// panicked reports whether err is a panic of the implementation, which
// counts as a wrong answer even where the model errs.
func panicked(err error) bool {
	var p errPanic
	return errors.As(err, &p)
}
