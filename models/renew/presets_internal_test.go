package renew

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestClaimDayCounts checks the day counts the presets' claims are written
// in, on dates counted by hand: the next 31st across a year's end and
// short months, and the next February 29 across centuries.
func TestClaimDayCounts(t *testing.T) {
	for _, c := range []struct {
		from string
		to31 int
	}{
		{"2026-12-31", 31}, // 2027-01-31
		{"2026-12-01", 30}, // 2026-12-31
		{"2026-11-30", 31}, // 2026-12-31
		{"2027-01-31", 59}, // 2027-03-31
		{"2027-02-01", 58}, // 2027-03-31
		{"2027-07-31", 31}, // 2027-08-31
		{"2027-06-01", 60}, // 2027-07-31
		{"9998-12-31", 31}, // 9999-01-31
	} {
		assert.Equal(t, c.to31, daysToNextDay31(bd(t, c.from)), "next 31st after %s", c.from)
	}
	for _, c := range []struct {
		from  string
		to229 int
	}{
		{"2028-02-29", 1461}, // 2032-02-29
		{"2028-02-28", 1},
		{"2028-03-01", 1460},
		{"2096-03-01", 2920}, // 2104-02-29: 2100 is not a leap year
		{"2399-03-01", 365},  // 2400-02-29
	} {
		assert.Equal(t, c.to229, daysToNextFebruary29(bd(t, c.from)), "next February 29 after %s", c.from)
	}
}
