package corpus

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmbeddedCatalogue is the evidence that the shipped catalogue loads,
// validates and is big enough: at least 40 entries, each with a source.
func TestEmbeddedCatalogue(t *testing.T) {
	c, err := Load(embedded)
	require.NoError(t, err)
	require.GreaterOrEqual(t, c.Len(), 40)

	d, err := Default()
	require.NoError(t, err)
	require.Equal(t, c.Len(), d.Len())
	require.Len(t, Entries(), c.Len())

	perClass := map[Class]int{}
	for _, e := range c.Entries() {
		require.NotEmpty(t, e.Sources, e.ID)
		for _, s := range e.Sources {
			u, err := url.Parse(s)
			require.NoError(t, err, e.ID)
			assert.Contains(t, []string{"http", "https"}, u.Scheme, e.ID)
		}
		for _, in := range e.Instants {
			assert.Zero(t, in.At.Nanosecond(), "%s %s: whole seconds only", e.ID, in.Label)
		}
		for _, cl := range e.Classes {
			perClass[cl]++
		}
	}
	for _, cl := range Classes() {
		t.Logf("%-22s %d", cl, perClass[cl])
	}
}

// TestStarters checks that the incidents named in the issue are present with
// their exact instants.
func TestStarters(t *testing.T) {
	for _, tc := range []struct {
		id    string
		class Class
		label string
		at    string
		input string
	}{
		{"azure-2012-leap-day", LeapDay, "valid-from", "2012-02-29T00:00:00Z", "2013-02-29"},
		{"zune-2008-day-366", Day366, "day-366", "2008-12-31T00:00:00Z", "366"},
		{"exchange-2022-fip-fs", DateNumberOverflow, "first-2022-version", "2022-01-01T00:00:00Z", "2201010001"},
		{"addtrust-root-2020", CertExpiry, "notAfter", "2020-05-30T10:48:38Z", ""},
		{"dst-root-ca-x3-2021", CertExpiry, "notAfter", "2021-09-30T14:01:15Z", ""},
		{"gps-week-rollover-2019", GPSWeekRollover, "week-rollover", "2019-04-06T23:59:42Z", ""},
		{"linux-leap-second-2012", LeapSecond, "after-leap", "2012-07-01T00:00:00Z", "2012-06-30T23:59:60Z"},
		{"cloudflare-leap-second-2016", LeapSecond, "after-leap", "2017-01-01T00:00:00Z", "2016-12-31T23:59:60Z"},
		{"twitter-2014-week-year", ISOWeekYear, "week-year-2015-starts", "2014-12-29T00:00:00Z", "YYYY"},
		{"ps3-2010-leap-year", LeapYearRule, "clock-says-feb-29", "2010-03-01T00:00:00Z", "2010-02-29"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			e, ok := Lookup(tc.id)
			require.True(t, ok)
			assert.True(t, e.HasClass(tc.class), "classes %v", e.Classes)
			want, err := time.Parse(time.RFC3339, tc.at)
			require.NoError(t, err)
			i := slices.IndexFunc(e.Instants, func(in Instant) bool { return in.Label == tc.label })
			require.GreaterOrEqual(t, i, 0, "no instant labelled %q", tc.label)
			assert.True(t, e.Instants[i].At.Equal(want), "%s = %s, want %s", tc.label, e.Instants[i].At, want)
			assert.Contains(t, Instants(), want.UTC())
			if tc.input != "" {
				assert.Contains(t, e.Inputs, tc.input)
			}
		})
	}
}

func TestInstantsSortedAndDeduplicated(t *testing.T) {
	all := Instants()
	require.NotEmpty(t, all)
	for i, in := range all {
		assert.Equal(t, time.UTC, in.Location(), "%s not UTC", in)
		if i > 0 {
			assert.True(t, all[i-1].Before(in), "%s then %s: not strictly increasing", all[i-1], in)
		}
	}
	// Every instant of every entry is in the list, and the list has nothing else.
	want := map[time.Time]bool{}
	for _, e := range Entries() {
		for _, in := range e.Instants {
			want[in.At.UTC()] = true
		}
	}
	assert.Len(t, all, len(want))
	for _, in := range all {
		assert.True(t, want[in], "%s is in no entry", in)
	}
	// 2050-01-01T00:00:00Z is in several entries but listed once.
	y2050 := time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.Greater(t, len(ByClass(UTCTime2050)), 1)
	assert.Equal(t, 1, count(all, y2050))
}

func TestInstantsDeduplicatesAcrossOffsets(t *testing.T) {
	doc := []byte(`[
	{"id":"a","year":2024,"system":"s","broke":"b","classes":["leap-day"],
	 "instants":[{"label":"nz","at":"2024-02-29T00:00:00+13:00"},{"label":"utc","at":"2024-02-29T00:00:00Z"}],
	 "sources":["https://example.org/a"]},
	{"id":"b","year":2024,"system":"s","broke":"b","classes":["leap-day"],
	 "instants":[{"label":"utc","at":"2024-02-28T11:00:00Z"}],
	 "sources":["https://example.org/b"]}]`)
	c, err := Load(doc)
	require.NoError(t, err)
	assert.Equal(t, []time.Time{
		time.Date(2024, 2, 28, 11, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
	}, c.Instants())
}

func count(ts []time.Time, t time.Time) int {
	n := 0
	for _, x := range ts {
		if x.Equal(t) {
			n++
		}
	}
	return n
}

func TestLookup(t *testing.T) {
	e, ok := Lookup("azure-2012-leap-day")
	require.True(t, ok)
	assert.Equal(t, 2012, e.Year)
	assert.Equal(t, []Class{LeapDay}, e.Classes)

	_, ok = Lookup("no-such-incident")
	assert.False(t, ok)
	_, ok = Lookup("")
	assert.False(t, ok)

	// Lookup returns a copy: changing it does not change the catalogue.
	e.Instants[0].Label = "changed"
	e.Sources[0] = "changed"
	again, _ := Lookup("azure-2012-leap-day")
	assert.Equal(t, "valid-from", again.Instants[0].Label)
	assert.NotEqual(t, "changed", again.Sources[0])
}

func TestByClass(t *testing.T) {
	total := 0
	for _, cl := range Classes() {
		got := ByClass(cl)
		assert.NotNil(t, got)
		for _, e := range got {
			assert.True(t, e.HasClass(cl), "%s in ByClass(%s)", e.ID, cl)
		}
		total += len(got)
	}
	assert.GreaterOrEqual(t, total, len(Entries()), "every entry is in some class")

	leap := ByClass(LeapDay)
	ids := make([]string, len(leap))
	for i, e := range leap {
		ids[i] = e.ID
	}
	assert.Contains(t, ids, "azure-2012-leap-day")
	assert.NotContains(t, ids, "zune-2008-day-366")

	assert.Empty(t, ByClass(Class("leap-week")))
}

func TestClasses(t *testing.T) {
	cs := Classes()
	require.Len(t, cs, 14)
	seen := map[Class]bool{}
	for _, c := range cs {
		assert.True(t, c.Valid(), "%s", c)
		assert.False(t, seen[c], "%s twice", c)
		seen[c] = true
		assert.Regexp(t, idPattern, c.String())
	}
	assert.False(t, Class("leap-week").Valid())
	assert.False(t, Class("").Valid())
	cs[0] = "changed"
	assert.Equal(t, LeapDay, Classes()[0], "Classes returns a copy")
}

func TestData(t *testing.T) {
	d := Data()
	require.Equal(t, embedded, d)
	d[0] = 'x'
	assert.NotEqual(t, byte('x'), Data()[0], "Data returns a copy")
}

func TestDates(t *testing.T) {
	ds := Dates()
	require.NotEmpty(t, ds)
	for i, d := range ds {
		require.True(t, d.Valid(), "%v", d)
		if i > 0 {
			require.True(t, ds[i-1].Before(d), "%v then %v", ds[i-1], d)
		}
	}
	want := map[calendar.Date]bool{}
	for _, in := range Instants() {
		want[calendar.DateOf(in)] = true
	}
	assert.Len(t, ds, len(want))
	assert.Contains(t, ds, calendar.Date{Year: 2012, Month: time.February, Day: 29})
	assert.Contains(t, ds, calendar.Date{Year: 2008, Month: time.December, Day: 31})
	// The New Zealand leap day began at 2024-02-28T11:00:00Z: Dates is in UTC,
	// Instant.DateOf is local.
	assert.Contains(t, ds, calendar.Date{Year: 2024, Month: time.February, Day: 28})
	nz, ok := Lookup("nz-fuel-pumps-2024")
	require.True(t, ok)
	assert.Equal(t, calendar.Date{Year: 2024, Month: time.February, Day: 29}, nz.Instants[0].DateOf())
}
