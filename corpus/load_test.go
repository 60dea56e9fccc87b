package corpus

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodEntry returns a valid entry in its JSON form, as a map the broken
// cases below edit.
func goodEntry(id string) map[string]any {
	return map[string]any{
		"id":      id,
		"year":    2008,
		"system":  "Microsoft Zune 30GB",
		"broke":   "The clock driver looped forever on day 366.",
		"classes": []any{"day-366"},
		"instants": []any{
			map[string]any{"label": "day-366", "at": "2008-12-31T00:00:00Z"},
		},
		"inputs":  []any{"366"},
		"sources": []any{"https://example.org/zune"},
	}
}

// catalogueJSON returns a catalogue of a valid entry followed by e.
func catalogueJSON(t *testing.T, e map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal([]any{goodEntry("good-entry"), e})
	require.NoError(t, err)
	return b
}

func TestLoadGood(t *testing.T) {
	c, err := Load(catalogueJSON(t, goodEntry("zune-2008-day-366")))
	require.NoError(t, err)
	require.Equal(t, 2, c.Len())
	e, ok := c.Lookup("zune-2008-day-366")
	require.True(t, ok)
	assert.Equal(t, 2008, e.Year)
	assert.Equal(t, []Class{Day366}, e.Classes)
	require.Len(t, e.Instants, 1)
	assert.Equal(t, "2008-12-31T00:00:00Z", e.Instants[0].At.Format("2006-01-02T15:04:05Z07:00"))
	assert.Equal(t, []string{"366"}, e.Inputs)
}

// TestLoadBrokenEntries checks that each kind of broken entry is rejected
// with an *EntryError naming the entry and the field, in a message that says
// both.
func TestLoadBrokenEntries(t *testing.T) {
	const id = "zune-2008-day-366"
	cases := []struct {
		name   string
		edit   func(e map[string]any)
		id     string // the id the error names; id unless the id itself is bad
		field  string
		reason string // a substring of the message
	}{
		{"bad month", func(e map[string]any) {
			e["instants"] = []any{map[string]any{"label": "day-366", "at": "2008-13-31T00:00:00Z"}}
		}, id, "instants[0].at", "month out of range"},
		{"date only", func(e map[string]any) {
			e["instants"] = []any{map[string]any{"label": "day-366", "at": "2008-12-31"}}
		}, id, "instants[0].at", "parsing time"},
		{"missing at", func(e map[string]any) {
			e["instants"] = []any{map[string]any{"label": "day-366"}}
		}, id, "instants[0].at", "missing"},
		{"blank label", func(e map[string]any) {
			e["instants"] = []any{
				map[string]any{"label": "day-366", "at": "2008-12-31T00:00:00Z"},
				map[string]any{"label": " ", "at": "2009-01-01T00:00:00Z"},
			}
		}, id, "instants[1].label", "blank"},
		{"same instant twice", func(e map[string]any) {
			e["instants"] = []any{
				map[string]any{"label": "utc", "at": "2008-12-31T00:00:00Z"},
				map[string]any{"label": "pst", "at": "2008-12-30T16:00:00-08:00"},
			}
		}, id, "instants[1].at", "same instant as instants[0]"},
		{"no instant or input", func(e map[string]any) {
			delete(e, "instants")
			delete(e, "inputs")
		}, id, "instants", "at least one instant or input"},
		{"unknown class", func(e map[string]any) { e["classes"] = []any{"day-366", "leap-week"} },
			id, "classes[1]", `unknown class "leap-week"`},
		{"duplicate class", func(e map[string]any) { e["classes"] = []any{"day-366", "day-366"} },
			id, "classes[1]", "duplicate class"},
		{"no classes", func(e map[string]any) { e["classes"] = []any{} }, id, "classes", "missing"},
		{"year too early", func(e map[string]any) { e["year"] = 1066 }, id, "year", "out of range"},
		{"year as string", func(e map[string]any) { e["year"] = "2008" }, id, "year", "want int"},
		{"blank system", func(e map[string]any) { e["system"] = "" }, id, "system", "missing"},
		{"padded broke", func(e map[string]any) { e["broke"] = "froze " }, id, "broke", "trailing space"},
		{"broke too long", func(e map[string]any) { e["broke"] = strings.Repeat("x", 501) }, id, "broke", "at most 500"},
		{"ftp source", func(e map[string]any) { e["sources"] = []any{"ftp://example.org/zune"} },
			id, "sources[0]", "http or https"},
		{"relative source", func(e map[string]any) { e["sources"] = []any{"https://example.org/a", "/zune"} },
			id, "sources[1]", "http or https"},
		{"no host", func(e map[string]any) { e["sources"] = []any{"https:///zune"} }, id, "sources[0]", "no host"},
		{"no sources", func(e map[string]any) { delete(e, "sources") }, id, "sources", "at least one URL"},
		{"duplicate source", func(e map[string]any) {
			e["sources"] = []any{"https://example.org/zune", "https://example.org/zune"}
		}, id, "sources[1]", "duplicate"},
		{"duplicate input", func(e map[string]any) { e["inputs"] = []any{"366", "366"} }, id, "inputs[1]", "duplicate"},
		{"unknown field", func(e map[string]any) { e["severity"] = "high" }, id, "severity", "unknown field"},
		{"upper-case id", func(e map[string]any) { e["id"] = "Zune-2008" }, "Zune-2008", "id", "kebab-case"},
		{"missing id", func(e map[string]any) { delete(e, "id") }, "", "id", "missing"},
		{"duplicate id", func(e map[string]any) { e["id"] = "good-entry" }, "good-entry", "id", "duplicate id"},
	}
	require.GreaterOrEqual(t, len(cases), 12)
	// Duplicate keys cannot be built from a map; they are tested in
	// TestLoadDuplicateKeys.
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := goodEntry(id)
			tc.edit(e)
			c, err := Load(catalogueJSON(t, e))
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, ErrCatalogue)
			var ee *EntryError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, 1, ee.Index, "the broken entry is the second")
			assert.Equal(t, tc.id, ee.ID)
			assert.Equal(t, tc.field, ee.Field)
			msg := err.Error()
			assert.Contains(t, msg, tc.field+": ", "message names the field")
			assert.Contains(t, msg, tc.reason)
			if idPattern.MatchString(tc.id) {
				assert.Contains(t, msg, `entry "`+tc.id+`"`, "message names the entry")
			} else {
				assert.Contains(t, msg, "entry #1", "message names the entry by position")
			}
		})
	}
}

// TestLoadBadMonthMessage pins the exact message for the example in the
// package documentation.
func TestLoadBadMonthMessage(t *testing.T) {
	e := goodEntry("zune-2008-day-366")
	e["instants"] = []any{map[string]any{"label": "day-366", "at": "2008-13-31T00:00:00Z"}}
	_, err := Load(catalogueJSON(t, e))
	require.EqualError(t, err,
		`corpus: entry "zune-2008-day-366": instants[0].at: parsing time "2008-13-31T00:00:00Z": month out of range`)
}

// TestLoadDuplicateKeys checks that a field written twice in one object is
// an error naming the field, rather than silently keeping the last value.
func TestLoadDuplicateKeys(t *testing.T) {
	good := mustJSON(t, goodEntry("good-entry"))
	for _, tc := range []struct{ entry, field string }{
		{`{"id":"zune-2008","year":2008,"year":2009,"system":"s","broke":"b","classes":["day-366"],"inputs":["366"],"sources":["https://a.b"]}`, "year"},
		{`{"id":"zune-2008","year":2008,"system":"s","broke":"b","classes":["day-366"],"instants":[{"label":"a","at":"2008-12-31T00:00:00Z"},{"label":"b","at":"2009-01-01T00:00:00Z","at":"2009-01-02T00:00:00Z"}],"sources":["https://a.b"]}`, "instants[1].at"},
		{`{"id":"zune-2008","year":2008,"system":"s","broke":"b","classes":["day-366"],"inputs":["366"],"sources":["https://a.b"],"sources":["https://c.d"]}`, "sources"},
	} {
		_, err := Load([]byte("[" + good + "," + tc.entry + "]"))
		var ee *EntryError
		require.ErrorAs(t, err, &ee, tc.field)
		assert.Equal(t, "zune-2008", ee.ID)
		assert.Equal(t, tc.field, ee.Field)
		assert.Contains(t, err.Error(), `entry "zune-2008": `+tc.field+": field given twice")
	}
	// The same key in different objects is fine.
	_, err := Load([]byte("[" + good + "]"))
	require.NoError(t, err)
}

func TestLoadBadDocuments(t *testing.T) {
	for name, doc := range map[string]string{
		"empty":          ``,
		"object":         `{"entries": []}`,
		"no entries":     `[]`,
		"trailing data":  `[` + mustJSON(t, goodEntry("a")) + `] []`,
		"not an object":  `["zune"]`,
		"truncated":      `[{"id": "zune"`,
		"null entry":     `[null]`,
		"classes object": `[{"id": "zune", "classes": {"a": 1}}]`,
	} {
		t.Run(name, func(t *testing.T) {
			c, err := Load([]byte(doc))
			require.Error(t, err)
			assert.Nil(t, c)
			assert.True(t, errors.Is(err, ErrCatalogue), "%v", err)
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// FuzzLoad checks that Load never panics and that whatever it accepts is
// internally consistent.
func FuzzLoad(f *testing.F) {
	// A small seed: the embedded catalogue (tested above) is so large that
	// the fuzzer spends its time minimizing mutations of it.
	f.Add([]byte(`[{"id":"a","year":2000,"system":"s","broke":"b","classes":["leap-day"],"instants":[{"label":"l","at":"2012-02-29T00:00:00Z"}],"sources":["https://a.b"]}]`))
	f.Add([]byte(`[{"id":"a","year":2000,"system":"s","broke":"b","classes":["leap-day"],"inputs":["x"],"sources":["https://a.b"]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Load(data)
		if err != nil {
			if !errors.Is(err, ErrCatalogue) {
				t.Fatalf("error does not wrap ErrCatalogue: %v", err)
			}
			return
		}
		for _, e := range c.Entries() {
			got, ok := c.Lookup(e.ID)
			if !ok || got.ID != e.ID {
				t.Fatalf("Lookup(%q) = %v, %v", e.ID, got.ID, ok)
			}
		}
	})
}
