// Package numfmt formats numbers for the reports of the command and of the
// props checks: one thousands separator and one short duration for both.
// (The models format their own, since they import the standard library
// only.)
package numfmt

import (
	"strconv"
	"strings"
	"time"
)

// Thousands formats n with commas: 3652059 -> "3,652,059", -1500 -> "-1,500".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	digits := strings.TrimPrefix(s, "-")
	var b strings.Builder
	if len(digits) < len(s) {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ShortDuration is d.String() without zero minutes and seconds: 24h, 1h30m,
// 90s stays 1m30s.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
