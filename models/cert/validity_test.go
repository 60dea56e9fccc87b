package cert

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidityValidate(t *testing.T) {
	nb := utc(2012, 2, 29, 0, 0, 0)
	require.NoError(t, Validity{}.Validate(), "the zero Validity is the first second of the model")
	assert.Equal(t, time.Second, Validity{}.Period())
	require.NoError(t, Validity{nb, nb}.Validate())
	require.NoError(t, Validity{utc(1, 1, 1, 0, 0, 0), NoExpiration}.Validate())
	east := time.FixedZone("UTC+14", 14*3600)
	require.NoError(t, Validity{nb.In(east), nb.Add(time.Hour)}.Validate(), "locations do not matter")

	cases := []struct {
		v    Validity
		want string
	}{
		{Validity{nb, nb.Add(-time.Second)}, "validity 2012-02-29T00:00:00Z..2012-02-28T23:59:59Z: NotBefore is after NotAfter"},
		{Validity{nb.Add(time.Millisecond), nb.Add(time.Hour)}, "NotBefore 2012-02-29T00:00:00.001Z has a fractional second"},
		{Validity{nb, nb.Add(time.Hour + 1)}, "NotAfter 2012-02-29T01:00:00.000000001Z has a fractional second"},
		{Validity{time.Date(0, 12, 31, 23, 59, 59, 0, time.UTC), nb}, "NotBefore 0000-12-31T23:59:59Z is outside"},
		{Validity{nb, NoExpiration.Add(time.Second)}, "NotAfter 10000-01-01T00:00:00Z is outside"},
	}
	for _, c := range cases {
		err := c.v.Validate()
		if !assert.Error(t, err, c.v.String()) {
			continue
		}
		assert.ErrorIs(t, err, ErrInvalidValidity)
		assert.Contains(t, err.Error(), c.want)
		assert.False(t, c.v.ValidAt(c.v.NotBefore), "an invalid validity is valid nowhere")
		assert.Zero(t, c.v.PeriodSeconds())
		assert.Zero(t, c.v.Period())
		assert.Zero(t, c.v.Remaining(c.v.NotBefore))
		assert.False(t, c.v.Covers(c.v.NotBefore, c.v.NotBefore))
		_, err = c.v.RenewAt(CertmagicSpan, 0.5)
		assert.ErrorIs(t, err, ErrInvalidValidity)
	}
}

func TestValidityRemaining(t *testing.T) {
	nb, na := utc(2012, 2, 29, 0, 0, 0), utc(2012, 3, 1, 23, 59, 59)
	v := Validity{nb, na}
	require.Equal(t, 48*time.Hour, v.Period())
	for _, c := range []struct {
		at   time.Time
		want time.Duration
	}{
		{nb.Add(-24 * time.Hour), 48 * time.Hour},
		{nb, 48 * time.Hour},
		{nb.Add(time.Hour), 47 * time.Hour},
		{na, time.Second},
		{na.Add(500 * time.Millisecond), 500 * time.Millisecond},
		{na.Add(time.Second), 0},
		{na.Add(24 * time.Hour), 0},
	} {
		assert.Equal(t, c.want, v.Remaining(c.at), "at %s", c.at)
	}
	long := Validity{utc(1, 1, 1, 0, 0, 0), NoExpiration}
	assert.Equal(t, time.Duration(math.MaxInt64), long.Remaining(utc(2000, 1, 1, 0, 0, 0)), "saturates")
	assert.Equal(t, time.Second, long.Remaining(NoExpiration))
}

func TestValidityRenewAt(t *testing.T) {
	nb := utc(2025, 1, 1, 0, 0, 0)
	v := Validity{nb, nb.Add(90*24*time.Hour - time.Second)}
	for _, c := range []struct {
		span Span
		f    float64
		want time.Time
	}{
		{CertmagicSpan, 0, nb},
		{CertManagerSpan, 0, nb},
		{CertmagicSpan, 2.0 / 3, nb.Add(60 * 24 * time.Hour)},
		{CertManagerSpan, 2.0 / 3, nb.Add(60*24*time.Hour - 666666666)}, // NotAfter - (90d-1s)/3, whole ns
		{CertmagicSpan, 0.5, nb.Add(45 * 24 * time.Hour)},
		{CertManagerSpan, 0.5, nb.Add(45*24*time.Hour - time.Second/2)},
		{CertmagicSpan, 1, nb.Add(90 * 24 * time.Hour)},
		{CertManagerSpan, 1, v.NotAfter},
	} {
		got, err := v.RenewAt(c.span, c.f)
		require.NoError(t, err)
		assert.True(t, got.Equal(c.want), "RenewAt(%v, %v) = %s, want %s", c.span, c.f, got, c.want)
	}
	at1, _ := v.RenewAt(CertmagicSpan, 1)
	assert.False(t, v.ValidAt(at1), "RenewAt(certmagic, 1) is the first second after expiry")
	for _, f := range []float64{-0.1, 1.0000001, math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := v.RenewAt(CertmagicSpan, f)
		require.ErrorIs(t, err, ErrRange, "%v", f)
		assert.Contains(t, err.Error(), "fraction must be in [0, 1]")
	}
	_, err := v.RenewAt(0, 0.5)
	require.ErrorIs(t, err, ErrRange)
	// The longest validity: still exact to the second.
	long := Validity{utc(1, 1, 1, 0, 0, 0), NoExpiration}
	mid, err := long.RenewAt(CertmagicSpan, 0.5)
	require.NoError(t, err)
	assert.Equal(t, long.NotBefore.Unix()+long.PeriodSeconds()/2, mid.Unix())
	end, err := long.RenewAt(CertmagicSpan, 1)
	require.NoError(t, err)
	assert.Equal(t, NoExpirationUnix+1, end.Unix())
}

// TestSpansDifferByOneSecond pins the two conventions on a Let's Encrypt
// 90-day certificate (NotAfter = NotBefore + 90d - 1s, Boulder
// issuance/cert.go GenerateValidity): the lifetimes differ by exactly one
// second, and so do the instants at which cert-manager (v1.21.1: point
// truncated to the second, now >= it) and certmagic (v0.25.3: now strictly
// after the point) first renew at 2/3: B+60d-1s and B+60d+1s, from the
// worked example of the sources (B+1439h59m59s and after B+1440h00m00s).
func TestSpansDifferByOneSecond(t *testing.T) {
	nb := utc(2026, 6, 1, 0, 0, 0)
	v := Validity{nb, nb.Add(90*24*time.Hour - time.Second)}
	assert.Equal(t, time.Second, CertmagicSpan.Of(v)-CertManagerSpan.Of(v))
	assert.Equal(t, 90*24*time.Hour, CertmagicSpan.Of(v))
	cm, _ := v.RenewAt(CertManagerSpan, 2.0/3)
	mg, _ := v.RenewAt(CertmagicSpan, 2.0/3)
	assert.Equal(t, nb.Add(1439*time.Hour+59*time.Minute+59*time.Second), cm.Truncate(time.Second), "cert-manager renews at")
	assert.Equal(t, nb.Add(1440*time.Hour), mg, "certmagic renews strictly after")
	for _, s := range []Span{CertManagerSpan, CertmagicSpan} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Span
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	var bad Span
	require.ErrorIs(t, bad.UnmarshalText([]byte("caddy")), ErrRange)
}

func TestValidityCovers(t *testing.T) {
	nb, na := utc(2012, 2, 29, 0, 0, 0), utc(2013, 2, 28, 0, 0, 0)
	v := Validity{nb, na}
	assert.True(t, v.Covers(nb, na))
	assert.True(t, v.Covers(nb, na.Add(999*time.Millisecond)))
	assert.True(t, v.Covers(nb.Add(time.Hour), nb.Add(time.Hour)))
	assert.False(t, v.Covers(nb.Add(-time.Second), na))
	assert.False(t, v.Covers(nb, na.Add(time.Second)))
	assert.False(t, v.Covers(na, nb), "to before from")
	// A job that spans the leap-day renewal gap.
	assert.False(t, v.Covers(utc(2013, 2, 27, 0, 0, 0), utc(2013, 3, 1, 0, 0, 0)))
}

func TestValidityString(t *testing.T) {
	v := Validity{utc(2012, 2, 29, 0, 0, 0).In(time.FixedZone("X", 3600)), NoExpiration}
	assert.Equal(t, "2012-02-29T00:00:00Z..9999-12-31T23:59:59Z", v.String())
}

// TestValidityValidateNamesTheRightBound: a validity whose bounds are each in
// range, even at the ends of the range, but in the wrong order is reported
// as out of order, not as out of range.
func TestValidityValidateNamesTheRightBound(t *testing.T) {
	first := time.Unix(MinUnix, 0).UTC()
	for _, v := range []Validity{
		{first.Add(time.Second), first},
		{NoExpiration, NoExpiration.Add(-time.Second)},
	} {
		err := v.Validate()
		require.ErrorIs(t, err, ErrInvalidValidity, "%v", v)
		assert.Contains(t, err.Error(), "NotBefore is after NotAfter", "%v", v)
	}
}

// TestPeriodSaturates: Period is exact up to the longest time.Duration in
// whole seconds, 9,223,372,036 s, and saturates from one second more.
func TestPeriodSaturates(t *testing.T) {
	const most = math.MaxInt64 / int64(time.Second) // 9,223,372,036
	first := time.Unix(MinUnix, 0).UTC()
	v := Validity{first, first.Add(time.Duration(most-1) * time.Second)}
	assert.Equal(t, time.Duration(most)*time.Second, v.Period())
	v.NotAfter = v.NotAfter.Add(time.Second)
	assert.Equal(t, time.Duration(math.MaxInt64), v.Period())
	// The same limits below zero (no Validity has a negative period).
	assert.Equal(t, time.Duration(-most)*time.Second, secondsToDuration(-most))
	assert.Equal(t, time.Duration(math.MinInt64), secondsToDuration(-most-1))
}

// TestRenewAtNamesTheFraction: the error quotes the fraction asked for in
// full, not rounded.
func TestRenewAtNamesTheFraction(t *testing.T) {
	nb := utc(2025, 1, 1, 0, 0, 0)
	_, err := Validity{nb, nb.Add(time.Hour)}.RenewAt(CertManagerSpan, 1.25)
	require.ErrorIs(t, err, ErrRange)
	assert.Contains(t, err.Error(), "at fraction 1.25:")
}
