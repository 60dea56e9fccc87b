package conformance

import (
	"encoding/asn1"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"github.com/jinzhu/now"
	"github.com/robfig/cron/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One reproduction per failure in RESULTS.md: the library's own answer on
// the counterexample, and why.

func saoPaulo(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	return loc
}

// On 1996-10-06 Sao Paulo moved its clocks from 00:00 to 01:00: the day
// began at 01:00 -02:00. time.Date documents that for a wall clock that does
// not exist "the choice of time zone, and therefore the time, is not
// guaranteed"; it answers 23:00 of the day before. A documented policy
// difference: time.Date is not a "start of day" function.
func TestReproTimeDateMidnightInDSTGap(t *testing.T) {
	sp := saoPaulo(t)
	got := time.Date(1996, 10, 6, 0, 0, 0, 0, sp)
	assert.Equal(t, "1996-10-05T23:00:00-03:00", got.Format(time.RFC3339))
}

// civil.Date.In documents that it "is always consistent with time.Date, even
// when time.Date returns a time on a different day": the same answer as
// above, by design.
func TestReproCivilDateInDSTGap(t *testing.T) {
	sp := saoPaulo(t)
	got := civil.Date{Year: 1996, Month: 10, Day: 6}.In(sp)
	assert.Equal(t, "1996-10-05T23:00:00-03:00", got.Format(time.RFC3339))
}

// encoding/asn1 marshals a time.Time in its own location, with a numeric
// offset: 1996-02-29T00:00:00-14:00 becomes UTCTime "960229000000-1400".
// X.690 DER and RFC 5280 §4.1.2.5.1 require Zulu time ("960229140000Z").
// encoding/asn1 does not document a conversion to UTC; crypto/x509 calls
// .UTC() itself, and so must any other caller (the next row of the table,
// asn1.Marshal(t.UTC()), passes).
func TestReproASN1MarshalKeepsTheOffset(t *testing.T) {
	tm := time.Date(1996, 2, 29, 0, 0, 0, 0, time.FixedZone("UTC-14:00", -14*3600))
	der, err := asn1.Marshal(tm)
	require.NoError(t, err)
	assert.Equal(t, "960229000000-1400", asn1Content(der))
	der, err = asn1.Marshal(tm.UTC())
	require.NoError(t, err)
	assert.Equal(t, "960229140000Z", asn1Content(der))
}

// jinzhu/now's BeginningOfDay is time.Date(y, m, d, 0, 0, 0, 0, loc), so on
// a day whose midnight is skipped it answers the day before (its
// documentation promises the beginning of the day). A real bug.
func TestReproNowBeginningOfDayInDSTGap(t *testing.T) {
	sp := saoPaulo(t)
	got := now.With(time.Date(1996, 10, 6, 1, 0, 0, 0, sp)).BeginningOfDay()
	assert.Equal(t, "1996-10-05T23:00:00-03:00", got.Format(time.RFC3339))
}

// jinzhu/now's EndOfDay is BeginningOfDay + 24h - 1ns. On 1998-02-28 Sao
// Paulo set its clocks back from 00:00 -02:00 to 23:00 -03:00, so the day
// had 25 hours and ended at 23:59:59.999999999 -03:00; EndOfDay answers an
// hour early. A real bug.
func TestReproNowEndOfDayOn25HourDay(t *testing.T) {
	sp := saoPaulo(t)
	got := now.With(time.Date(1998, 2, 28, 0, 0, 0, 0, sp)).EndOfDay()
	assert.Equal(t, "1998-02-28T23:59:59.999999999-02:00", got.Format(time.RFC3339Nano))
	assert.Equal(t, time.Date(1998, 3, 1, 0, 0, 0, 0, sp).Add(-time.Nanosecond).Format(time.RFC3339Nano),
		"1998-02-28T23:59:59.999999999-03:00", "the real end of the day")
}

// jinzhu/now's BeginningOfMonth is time.Date(y, m, 1, 0, 0, 0, 0, loc):
// Sao Paulo skipped midnight on 1949-12-01, so the answer is in November. A
// real bug (the same as BeginningOfDay's).
func TestReproNowBeginningOfMonthInDSTGap(t *testing.T) {
	sp := saoPaulo(t)
	got := now.With(time.Date(1949, 12, 30, 0, 0, 0, 0, sp)).BeginningOfMonth()
	assert.Equal(t, "1949-11-30T23:00:00-03:00", got.Format(time.RFC3339))
}

// jinzhu/now's EndOfMonth is BeginningOfMonth().AddDate(0, 1, 0) - 1ns: from
// the wrong beginning above (November 30 23:00) it answers December 30,
// a whole day before the month ends. A real bug, compounded.
func TestReproNowEndOfMonthInDSTGap(t *testing.T) {
	sp := saoPaulo(t)
	got := now.With(time.Date(1949, 12, 30, 0, 0, 0, 0, sp)).EndOfMonth()
	assert.Equal(t, "1949-12-30T22:59:59.999999999-02:00", got.Format(time.RFC3339Nano))
}

// robfig/cron's SpecSchedule.Next searches five years ahead and returns
// the zero time when it finds no activation ("If no time is found within
// five years, return zero", spec.go). February 29 can be eight years away:
// after 2096-02-29 the next is 2104-02-29, 2100 being a common year. A
// scheduler that reads the zero time as "never" stops a job that was due
// again in eight years; one that sleeps until it runs it at once.
func TestReproCronFebruary29EightYearsAway(t *testing.T) {
	s, err := cron.ParseStandard("0 0 29 2 *")
	require.NoError(t, err)
	assert.True(t, s.Next(time.Date(2096, 2, 29, 0, 0, 0, 0, time.UTC)).IsZero())
	assert.Equal(t, "2096-02-29T00:00:00Z", s.Next(time.Date(2095, 3, 1, 0, 0, 0, 0, time.UTC)).Format(time.RFC3339))
}

// Before standard time, São Paulo's offset was its local mean time,
// -03:06:28. RFC 3339 offsets have minutes only, and Go's "Z07:00" writes
// the offset truncated to the minute: "-03:06", text that denotes an
// instant 28 seconds later than the time.Time formatted. time.Format does
// not document what it does with a seconds offset in RFC 3339 layouts;
// formatting t.UTC() (the next row) is exact.
func TestReproRFC3339LocalMeanTimeOffset(t *testing.T) {
	tm := time.Date(1896, 2, 29, 0, 0, 0, 0, saoPaulo(t))
	s := tm.Format(time.RFC3339Nano)
	assert.Equal(t, "1896-02-29T00:00:00-03:06", s)
	back, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	assert.Equal(t, 28*time.Second, tm.Sub(back))
}

// reproduced lists the functions whose failures this file reproduces:
// TestResults fails if the table's failing rows are not exactly these.
var reproduced = map[string]bool{
	"time.Date(y, m, d, 0, 0, 0, 0, loc)": true, "civil.DateOf(t).In(loc)": true, "encoding/asn1.Marshal(t)": true,
	"now.With(t).BeginningOfDay()": true, "now.With(t).EndOfDay()": true,
	"now.With(t).BeginningOfMonth()": true, "now.With(t).EndOfMonth()": true,
	`cron.ParseStandard("0 0 29 2 *").Next(t)`: true,
	"t.Format(time.RFC3339Nano)":               true,
}
