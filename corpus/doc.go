// Package corpus is a catalogue of real date, time and certificate bugs, and
// the instants that triggered them, ready to seed tests and fuzzers.
//
// People reach for leapcheck after an incident. The cheapest test they can
// write is to replay every instant that has already broken someone's
// software: 2012-02-29 (the Azure guest agent added 1 to the year and asked
// for 2013-02-29), 2008-12-31 (day 366 froze every Zune 30GB), 2022-01-01
// (Exchange stored 2201010001 in a signed 32-bit integer),
// 2020-05-30T10:48:38Z (AddTrust External CA Root expired), and so on.
//
// The catalogue is a JSON file, catalogue.json, embedded in the package and
// validated when it is loaded: every entry has an id, the year it bit, the
// system, what broke, one or more bug classes from a closed set (see Class),
// its dangerous instants (RFC 3339) or other dangerous inputs, and at least
// one public source URL. A malformed or duplicated entry is an *EntryError
// that names the entry and the field, and the package's tests load the
// embedded file, so the catalogue cannot rot silently.
//
// Assumptions: instants are exact to the second where the source gives the
// second (certificate notAfter, GPS rollover, leap seconds); where a source
// gives only a local time or a day, the entry records that time or midnight
// at the start of that day with the offset the source implies, and the label
// says what it is. The time package has no leap seconds, so a leap second
// (23:59:60) appears as the instants either side of it and as an input
// string.
//
// Use the package-level functions (Entries, Lookup, ByClass, Instants, Dates)
// for the embedded catalogue, Load for a catalogue of your own, and AddToF or
// WriteFuzzCorpus to feed the instants to a fuzz target in one of the
// argument shapes listed under Shape.
package corpus
