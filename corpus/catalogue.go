package corpus

import (
	_ "embed"
	"slices"
	"sync"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
)

// embedded is the catalogue shipped with the package.
//
//go:embed catalogue.json
var embedded []byte

// Catalogue is a validated set of entries, in the order of its file. Build
// one with Load, or use Default for the embedded catalogue. A Catalogue is
// immutable and safe for concurrent use; its methods return copies.
type Catalogue struct {
	entries []Entry
	byID    map[string]int
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalogue
	defaultErr  error
)

// Default returns the embedded catalogue, loaded and validated once. The
// package's tests load the same file, so the error is nil in any released
// version; the package-level functions rely on that and return nothing if it
// is not.
func Default() (*Catalogue, error) {
	defaultOnce.Do(func() { defaultCat, defaultErr = Load(embedded) })
	return defaultCat, defaultErr
}

// Data returns a copy of the embedded catalogue file (catalogue.json), for
// tools that want to show or re-export it.
func Data() []byte { return slices.Clone(embedded) }

// Len returns the number of entries.
func (c *Catalogue) Len() int { return len(c.entries) }

// Entries returns every entry in catalogue order.
func (c *Catalogue) Entries() []Entry {
	out := make([]Entry, len(c.entries))
	for i, e := range c.entries {
		out[i] = e.clone()
	}
	return out
}

// Lookup returns the entry with the given id, and whether there is one.
func (c *Catalogue) Lookup(id string) (Entry, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Entry{}, false
	}
	return c.entries[i].clone(), true
}

// ByClass returns the entries in class cl, in catalogue order; none (an
// empty, non-nil slice) for a class with no entries or an unknown class.
func (c *Catalogue) ByClass(cl Class) []Entry {
	out := []Entry{}
	for _, e := range c.entries {
		if e.HasClass(cl) {
			out = append(out, e.clone())
		}
	}
	return out
}

// Instants returns every dangerous instant of every entry, in UTC, sorted
// and without duplicates (two entries with the same instant, such as the
// leap days of 2024, give it once).
func (c *Catalogue) Instants() []time.Time {
	var out []time.Time
	for _, e := range c.entries {
		for _, in := range e.Instants {
			out = append(out, in.At.UTC())
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, func(a, b time.Time) bool { return a.Equal(b) })
}

// Dates returns the UTC calendar dates of every dangerous instant, sorted and
// without duplicates: the days to feed a date-only function. An instant
// recorded with an offset counts on its UTC date (2024-02-29T00:00:00+13:00
// is 2024-02-28); use DateOf on Entry.Instants for the local date.
func (c *Catalogue) Dates() []calendar.Date {
	var out []calendar.Date
	for _, t := range c.Instants() {
		d := calendar.DateOf(t)
		if len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}

// DateOf returns the calendar date of in as the catalogue records it, in
// in.At's own offset: the local day the incident happened.
func (in Instant) DateOf() calendar.Date { return calendar.DateOf(in.At) }

// Entries returns every entry of the embedded catalogue (see Default).
func Entries() []Entry {
	c, err := Default()
	if err != nil {
		return nil
	}
	return c.Entries()
}

// Lookup returns the entry of the embedded catalogue with the given id.
func Lookup(id string) (Entry, bool) {
	c, err := Default()
	if err != nil {
		return Entry{}, false
	}
	return c.Lookup(id)
}

// ByClass returns the entries of the embedded catalogue in class cl.
func ByClass(cl Class) []Entry {
	c, err := Default()
	if err != nil {
		return nil
	}
	return c.ByClass(cl)
}

// Instants returns the dangerous instants of the embedded catalogue, in UTC,
// sorted and without duplicates.
func Instants() []time.Time {
	c, err := Default()
	if err != nil {
		return nil
	}
	return c.Instants()
}

// Dates returns the UTC dates of the embedded catalogue's instants, sorted
// and without duplicates.
func Dates() []calendar.Date {
	c, err := Default()
	if err != nil {
		return nil
	}
	return c.Dates()
}
