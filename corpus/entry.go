package corpus

import (
	"slices"
	"time"
)

// Entry is one incident of the catalogue.
type Entry struct {
	// ID names the entry: lower-case words and digits joined by hyphens,
	// unique in the catalogue, such as "azure-2012-leap-day".
	ID string
	// Year is the year the bug bit or, for a latent bug, the year of its
	// dangerous instant (1900 for the Excel leap year, 2038 for time_t).
	Year int
	// System is the software or device that broke.
	System string
	// Broke says what broke and why, in one or two sentences.
	Broke string
	// Classes lists the bug classes, at least one, without repeats.
	Classes []Class
	// Instants are the dangerous instants, in catalogue order, with the UTC
	// offset the catalogue gives them.
	Instants []Instant
	// Inputs are other dangerous inputs that are not instants: numbers such
	// as "2201010001", non-existent dates such as "2013-02-29", leap seconds
	// such as "2016-12-31T23:59:60Z".
	Inputs []string
	// Sources are the public URLs the entry is drawn from, at least one.
	Sources []string
}

// Instant is a dangerous instant of an entry and what it is.
type Instant struct {
	// Label says what the instant is, such as "notAfter" or "valid-from".
	Label string
	// At is the instant, with the offset written in the catalogue.
	At time.Time
}

// HasClass reports whether e is in class c.
func (e Entry) HasClass(c Class) bool { return slices.Contains(e.Classes, c) }

// clone returns a deep copy of e, so callers cannot change the catalogue.
func (e Entry) clone() Entry {
	e.Classes = slices.Clone(e.Classes)
	e.Instants = slices.Clone(e.Instants)
	e.Inputs = slices.Clone(e.Inputs)
	e.Sources = slices.Clone(e.Sources)
	return e
}
