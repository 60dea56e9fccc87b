package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Limits checked by Load.
const (
	// MinYear and MaxYear bound Entry.Year.
	MinYear = 1900
	MaxYear = 2100

	maxIDLen    = 64
	maxBrokeLen = 500
)

// idPattern is the form of an entry id: kebab-case words of a-z and 0-9.
var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ErrCatalogue is wrapped by every error Load returns, so callers can tell a
// bad catalogue from other failures with errors.Is.
var ErrCatalogue = errors.New("corpus: invalid catalogue")

// EntryError reports an invalid entry: which one, which field and what is
// wrong with it. Its message reads
//
//	corpus: entry "zune-2008-day-366": instants[0].at: parsing time "2008-13-31": month out of range
//
// and names the entry by its position ("entry #3") when it has no usable id.
type EntryError struct {
	// Index is the entry's position in the catalogue, from 0.
	Index int
	// ID is the entry's id as written, possibly empty or malformed.
	ID string
	// Field is the JSON path of the bad field within the entry, such as
	// "id", "classes[1]" or "instants[0].at".
	Field string
	// Err says what is wrong.
	Err error
}

// Error returns a message naming the entry and the field.
func (e *EntryError) Error() string {
	who := fmt.Sprintf("entry %q", e.ID)
	if e.ID == "" || !idPattern.MatchString(e.ID) {
		who = fmt.Sprintf("entry #%d", e.Index)
		if e.ID != "" {
			who += fmt.Sprintf(" (id %q)", e.ID)
		}
	}
	if e.Field == "" {
		return fmt.Sprintf("corpus: %s: %v", who, e.Err)
	}
	return fmt.Sprintf("corpus: %s: %s: %v", who, e.Field, e.Err)
}

// Unwrap returns ErrCatalogue and the underlying error.
func (e *EntryError) Unwrap() []error { return []error{ErrCatalogue, e.Err} }

// rawEntry and rawInstant mirror the JSON form of an entry.
type rawEntry struct {
	ID       string       `json:"id"`
	Year     int          `json:"year"`
	System   string       `json:"system"`
	Broke    string       `json:"broke"`
	Classes  []string     `json:"classes"`
	Instants []rawInstant `json:"instants"`
	Inputs   []string     `json:"inputs"`
	Sources  []string     `json:"sources"`
}

type rawInstant struct {
	Label string `json:"label"`
	At    string `json:"at"`
}

// Load parses and validates a catalogue: a JSON array of entries, each an
// object with the fields id, year, system, broke, classes, instants (objects
// with label and at), inputs (optional) and sources. Unknown fields are
// errors. Every field is checked:
//
//   - id: kebab-case ([a-z0-9] words joined by "-"), at most 64 bytes, unique;
//   - year: MinYear..MaxYear;
//   - system, broke: not blank, no surrounding space; broke at most 500 bytes;
//   - classes: at least one, each a Class from Classes, no repeats;
//   - instants: each with a label and an RFC 3339 time ("2012-02-29T00:00:00Z"
//     or with an offset), no two the same instant; an entry needs at least one
//     instant or input;
//   - inputs: not blank, no repeats;
//   - sources: at least one absolute http or https URL with a host, no repeats.
//
// The first problem found is returned as an *EntryError (which wraps
// ErrCatalogue); a document that is not a JSON array of objects is an error
// wrapping ErrCatalogue. Load never panics on its input.
func Load(data []byte) (*Catalogue, error) {
	var raws []json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raws); err != nil {
		return nil, fmt.Errorf("%w: want a JSON array of entries: %v", ErrCatalogue, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: unexpected data after the array of entries", ErrCatalogue)
	}
	if len(raws) == 0 {
		return nil, fmt.Errorf("%w: no entries", ErrCatalogue)
	}
	c := &Catalogue{byID: make(map[string]int, len(raws))}
	for i, msg := range raws {
		e, err := decodeEntry(i, msg)
		if err != nil {
			return nil, err
		}
		if j, dup := c.byID[e.ID]; dup {
			return nil, &EntryError{Index: i, ID: e.ID, Field: "id",
				Err: fmt.Errorf("duplicate id (also entry #%d)", j)}
		}
		c.byID[e.ID] = len(c.entries)
		c.entries = append(c.entries, e)
	}
	return c, nil
}

// decodeEntry decodes and validates the entry at index i.
func decodeEntry(i int, msg json.RawMessage) (Entry, error) {
	if field, ok := duplicateKey(msg); ok {
		var idOnly struct {
			ID any `json:"id"`
		}
		_ = json.Unmarshal(msg, &idOnly)
		id, _ := idOnly.ID.(string)
		return Entry{}, &EntryError{Index: i, ID: id, Field: field,
			Err: errors.New("field given twice (JSON keeps only the last)")}
	}
	var raw rawEntry
	dec := json.NewDecoder(bytes.NewReader(msg))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		// Recover the id, if any, so the error can name the entry.
		var idOnly struct {
			ID any `json:"id"`
		}
		_ = json.Unmarshal(msg, &idOnly)
		id, _ := idOnly.ID.(string)
		return Entry{}, &EntryError{Index: i, ID: id, Field: jsonField(err), Err: jsonReason(err)}
	}
	return raw.validate(i)
}

// duplicateKey reports the path of the first object key that appears twice
// in the same object of msg, such as "id" or "instants[1].at". encoding/json
// would silently keep the last value, hiding an edit mistake.
func duplicateKey(msg json.RawMessage) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(msg))
	type frame struct {
		object bool
		keys   map[string]bool
		path   string
		index  int    // next element index, for arrays
		key    string // pending key, for objects
		await  bool   // a key was read and its value is next
	}
	var stack []*frame
	child := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := stack[len(stack)-1]
		if f.object {
			if f.path == "" {
				return f.key
			}
			return f.path + "." + f.key
		}
		return fmt.Sprintf("%s[%d]", f.path, f.index)
	}
	// consumed marks the end of a value in the enclosing container.
	consumed := func() {
		if len(stack) == 0 {
			return
		}
		f := stack[len(stack)-1]
		if f.object {
			f.await = false
		} else {
			f.index++
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false // malformed JSON is reported by the decoder
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, &frame{object: t == '{', keys: map[string]bool{}, path: child()})
			case '}', ']':
				stack = stack[:len(stack)-1]
				consumed()
				if len(stack) == 0 {
					return "", false
				}
			}
		case string:
			if len(stack) == 0 {
				return "", false // not an object: reported by the decoder
			}
			f := stack[len(stack)-1]
			if f.object && !f.await {
				if f.keys[t] {
					f.key = t
					return child(), true
				}
				f.keys[t] = true
				f.key = t
				f.await = true
				continue
			}
			consumed()
		default:
			consumed()
		}
		if len(stack) == 0 {
			return "", false // a top-level scalar, or the entry is complete
		}
	}
}

// jsonField extracts the field a json decoding error is about, if it says.
func jsonField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field
	}
	const unknown = `json: unknown field "`
	if msg := err.Error(); strings.HasPrefix(msg, unknown) {
		return strings.TrimSuffix(strings.TrimPrefix(msg, unknown), `"`)
	}
	return ""
}

// jsonReason rewords a json decoding error for an EntryError.
func jsonReason(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("want %v, got JSON %s", te.Type, te.Value)
	}
	if strings.HasPrefix(err.Error(), `json: unknown field "`) {
		return errors.New("unknown field")
	}
	return fmt.Errorf("want a JSON object: %v", err)
}

// validate checks every field of r and returns the typed entry.
func (r *rawEntry) validate(i int) (Entry, error) {
	bad := func(field string, format string, args ...any) error {
		return &EntryError{Index: i, ID: r.ID, Field: field, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case r.ID == "":
		return Entry{}, bad("id", "missing")
	case len(r.ID) > maxIDLen:
		return Entry{}, bad("id", "%d bytes, want at most %d", len(r.ID), maxIDLen)
	case !idPattern.MatchString(r.ID):
		return Entry{}, bad("id", "%q is not kebab-case (lower-case letters and digits joined by single hyphens)", r.ID)
	}
	if r.Year < MinYear || r.Year > MaxYear {
		return Entry{}, bad("year", "%d out of range %d..%d", r.Year, MinYear, MaxYear)
	}
	if err := text(r.System); err != nil {
		return Entry{}, bad("system", "%v", err)
	}
	if err := text(r.Broke); err != nil {
		return Entry{}, bad("broke", "%v", err)
	}
	if len(r.Broke) > maxBrokeLen {
		return Entry{}, bad("broke", "%d bytes, want at most %d", len(r.Broke), maxBrokeLen)
	}

	e := Entry{ID: r.ID, Year: r.Year, System: r.System, Broke: r.Broke}
	if len(r.Classes) == 0 {
		return Entry{}, bad("classes", "missing: want at least one of %v", classes)
	}
	for k, s := range r.Classes {
		c := Class(s)
		field := fmt.Sprintf("classes[%d]", k)
		if !c.Valid() {
			return Entry{}, bad(field, "unknown class %q: want one of %v", s, classes)
		}
		if e.HasClass(c) {
			return Entry{}, bad(field, "duplicate class %q", s)
		}
		e.Classes = append(e.Classes, c)
	}

	if len(r.Instants) == 0 && len(r.Inputs) == 0 {
		return Entry{}, bad("instants", "missing: want at least one instant or input")
	}
	for k, in := range r.Instants {
		field := fmt.Sprintf("instants[%d]", k)
		if err := text(in.Label); err != nil {
			return Entry{}, bad(field+".label", "%v", err)
		}
		if in.At == "" {
			return Entry{}, bad(field+".at", "missing")
		}
		at, err := time.Parse(time.RFC3339, in.At)
		if err != nil {
			return Entry{}, bad(field+".at", "%v", err)
		}
		for j, prev := range e.Instants {
			if prev.At.Equal(at) {
				return Entry{}, bad(field+".at", "%s is the same instant as instants[%d]", in.At, j)
			}
		}
		e.Instants = append(e.Instants, Instant{Label: in.Label, At: at})
	}

	for k, s := range r.Inputs {
		field := fmt.Sprintf("inputs[%d]", k)
		if err := text(s); err != nil {
			return Entry{}, bad(field, "%v", err)
		}
		for j, prev := range e.Inputs {
			if prev == s {
				return Entry{}, bad(field, "duplicate of inputs[%d] %q", j, s)
			}
		}
		e.Inputs = append(e.Inputs, s)
	}

	if len(r.Sources) == 0 {
		return Entry{}, bad("sources", "missing: want at least one URL")
	}
	for k, s := range r.Sources {
		field := fmt.Sprintf("sources[%d]", k)
		if err := checkURL(s); err != nil {
			return Entry{}, bad(field, "%v", err)
		}
		for j, prev := range e.Sources {
			if prev == s {
				return Entry{}, bad(field, "duplicate of sources[%d] %q", j, s)
			}
		}
		e.Sources = append(e.Sources, s)
	}
	return e, nil
}

// text checks a free-text field: present, and without surrounding space.
func text(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New("missing or blank")
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("%q has leading or trailing space", s)
	}
	return nil
}

// checkURL checks that s is an absolute http or https URL with a host.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("%q: want an http or https URL", s)
	}
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("%q: no host", s)
	}
	if strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("%q: contains white space", s)
	}
	return nil
}
