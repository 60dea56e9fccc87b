package props

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"pgregory.net/rapid"
)

// Validity returns a rapid generator of certificate validities issued by
// the model: an issuance instant drawn as Time draws it (so leap days,
// month ends and the 1950/2050 pivot come often) and a policy drawn from
// cert.Presets and from random calendar or duration lifetimes. Every
// validity it returns satisfies Validate; issuances the model rejects (the
// 2012 preset on February 29) are skipped, not returned.
func Validity(opts ...Option) *rapid.Generator[cert.Validity] {
	o := buildOptions(opts)
	return rapid.Custom(func(t *rapid.T) cert.Validity {
		if o.err != nil {
			t.Fatalf("%v", o.err)
		}
		now := drawTime(t, o)
		p := drawPolicy(t)
		v, err := cert.Issue(p, now)
		if err != nil {
			t.Skipf("model rejects issuance at %s under %s: %v", now, p.Name, err)
		}
		return v
	})
}

// GenValidity returns a gopter generator of validities, as Validity does for
// rapid. Issuances the model rejects give an empty result, which gopter
// counts as discarded.
func GenValidity(opts ...Option) gopter.Gen {
	o := buildOptions(opts)
	return func(p *gopter.GenParameters) *gopter.GenResult {
		if o.err != nil {
			return gopter.NewEmptyResult(validityType)
		}
		v, ok := randValidity(p.Rng, o)
		if !ok {
			return gopter.NewEmptyResult(validityType)
		}
		return gopter.NewGenResult(v, gopter.NoShrinker)
	}
}

func randValidity(rng *rand.Rand, o options) (cert.Validity, bool) {
	now := randTime(rng, o)
	p := randPolicy(rng)
	v, err := cert.Issue(p, now)
	return v, err == nil
}

// The issuance policies the Validity generators draw: a preset or a
// generated policy first, then which one. Drawing the kind first means that
// adding a preset cannot crowd out a generated kind (nor the reverse).
const (
	// generatedPolicies is the number of kinds of generated policy.
	generatedPolicies = 4
	maxPolicyDays     = 400
)

func drawPolicy(t *rapid.T) cert.Policy {
	if rapid.Bool().Draw(t, "generated policy") {
		return generatedPolicy(rapid.IntRange(0, generatedPolicies-1).Draw(t, "policy kind"),
			rapid.IntRange(0, maxPolicyDays).Draw(t, "days"), rapid.IntRange(0, 86400).Draw(t, "seconds"),
			rapid.Bool().Draw(t, "subtract second"))
	}
	ps := cert.Presets()
	return ps[rapid.IntRange(0, len(ps)-1).Draw(t, "preset")].Policy
}

func randPolicy(rng *rand.Rand) cert.Policy {
	if rng.Intn(2) == 1 {
		return generatedPolicy(rng.Intn(generatedPolicies), rng.Intn(maxPolicyDays+1), rng.Intn(86401), rng.Intn(2) == 0)
	}
	ps := cert.Presets()
	return ps[rng.Intn(len(ps))].Policy
}

// generatedPolicy maps draws to a generated issuance policy: a calendar
// lifetime of 1 year, 13 months or 39 months under Clamp (kinds 0 to 2), or
// a duration of days and seconds (kind 3): 1 s to 401 days and 1 s.
func generatedPolicy(kind, days, seconds int, subtract bool) cert.Policy {
	p := cert.Policy{Name: "generated", Overflow: calendar.Clamp, SubtractSecond: subtract, ClampNotAfter: true}
	switch kind {
	case 0:
		p.Lifetime = cert.Lifetime{Years: 1}
	case 1:
		p.Lifetime = cert.Lifetime{Months: 13}
	case 2:
		p.Lifetime = cert.Lifetime{Months: 39}
	case 3:
		p.Lifetime = cert.Lifetime{Duration: time.Duration(days)*24*time.Hour + time.Duration(seconds+1)*time.Second}
	default:
		panic(fmt.Sprintf("props: generated policy kind %d, want 0..%d", kind, generatedPolicies-1))
	}
	return p
}
