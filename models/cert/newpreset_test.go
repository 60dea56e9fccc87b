package cert_test

import (
	"testing"

	"github.com/leapcheck/leapcheck/internal/testpresets"
	"github.com/leapcheck/leapcheck/models/cert"
)

// TestNewPresetsAreCheckedFromTheirClaims runs two presets declared only in
// test code, a safe 90-day one and an unsafe "one month later, Reject" one,
// through the exhaustive claim check unchanged: it must pass for both, so
// that a new preset needs nothing but its declaration. (That the check can
// fail is TestCheckClaimsCatchesAWrongClaim.)
func TestNewPresetsAreCheckedFromTheirClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive: 7.3 million issuances per preset")
	}
	cert.CheckClaims(t, testpresets.Issuance())
}
