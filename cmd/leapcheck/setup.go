package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/leapcheck/leapcheck/internal/numfmt"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/renew"
	"go.yaml.in/yaml/v3"

	_ "time/tzdata" // zones of setup files from the binary, not the host
)

// A setup file describes one renewal setup without Go: the client
// (trigger, timer, retry), the CA (lifetimes by issuance date, limits, the
// outage the claim covers, outages to simulate), the claim, and for
// simulate a fleet. YAML and JSON read the same schema (setupFile below:
// the field names are the JSON and YAML keys); an unknown key is an error.
// Durations are Go durations with an optional leading number of days
// ("90d", "12h8m", "0s"); instants are RFC 3339 in UTC; dates YYYY-MM-DD.
//
//	name: my-certbot
//	client:
//	  name: certbot-4.0.0
//	  trigger: {kind: fraction, fraction: 0.6666666666666666, span: cert-manager, compare: after}
//	  wake: {kind: daily, times: [0s, 12h], delay: 12h8m}
//	  retry: {atNextWake: true}
//	ca:
//	  name: letsencrypt-classic
//	  lifetime: 90d
//	  steps: [{from: 2027-02-10T00:00:00Z, lifetime: 64d}, {from: 2028-02-16T00:00:00Z, lifetime: 45d}]
//	  limits: [{name: letsencrypt-exact-set, scope: exact-set, count: 5, period: 7d}]
//	  outage: 48h
//	expect: safe
type setupFile struct {
	Name    string     `json:"name"`
	Source  string     `json:"source,omitempty"`
	Client  clientFile `json:"client"`
	CA      caFile     `json:"ca"`
	Expect  string     `json:"expect"`
	Failing []string   `json:"failing,omitempty"`
	Words   string     `json:"failingWords,omitempty"`
	Fleet   *fleetFile `json:"fleet,omitempty"`
}

type clientFile struct {
	Name    string      `json:"name"`
	Trigger triggerFile `json:"trigger"`
	Wake    wakeFile    `json:"wake"`
	Retry   retryFile   `json:"retry"`
}

type triggerFile struct {
	Kind          renew.TriggerKind `json:"kind"`
	Fraction      float64           `json:"fraction,omitempty"`
	FractionHigh  float64           `json:"fractionHigh,omitempty"`
	Span          *cert.Span        `json:"span,omitempty"`
	Compare       *renew.Comparison `json:"compare,omitempty"`
	ShortFraction float64           `json:"shortFraction,omitempty"`
	ShortBelow    duration          `json:"shortBelow,omitempty"`
	Cap           duration          `json:"cap,omitempty"`
	JitterCap     duration          `json:"jitterCap,omitempty"`
	Offset        duration          `json:"offset,omitempty"`
	Years         int               `json:"years,omitempty"`
	Overflow      *yearOverflow     `json:"overflow,omitempty"`
}

// yearOverflow is calendar.Overflow by name: clamp, roll or reject.
type yearOverflow calendar.Overflow

// MarshalText writes the policy's name.
func (o yearOverflow) MarshalText() ([]byte, error) {
	return []byte(calendar.Overflow(o).String()), nil
}

// UnmarshalText reads clamp, roll or reject.
func (o *yearOverflow) UnmarshalText(b []byte) error {
	for _, v := range []calendar.Overflow{calendar.Clamp, calendar.Roll, calendar.Reject} {
		if v.String() == string(b) {
			*o = yearOverflow(v)
			return nil
		}
	}
	return fmt.Errorf("want one of clamp, roll, reject")
}

type wakeFile struct {
	Kind       renew.ScheduleKind `json:"kind"`
	Times      []duration         `json:"times,omitempty"`
	Day        int                `json:"day,omitempty"`
	Month      int                `json:"month,omitempty"`
	Overflow   *renew.DayOverflow `json:"overflow,omitempty"`
	Period     duration           `json:"period,omitempty"`
	Delay      duration           `json:"delay,omitempty"`
	FixedDelay bool               `json:"fixedDelay,omitempty"`
	Persistent bool               `json:"persistent,omitempty"`
	Zone       string             `json:"zone,omitempty"`
	DST        *renew.DSTRule     `json:"dst,omitempty"`
}

type retryFile struct {
	AtNextWake bool       `json:"atNextWake,omitempty"`
	Initial    duration   `json:"initial,omitempty"`
	Max        duration   `json:"max,omitempty"`
	Steps      []duration `json:"steps,omitempty"`
	Random     duration   `json:"random,omitempty"`
}

type caFile struct {
	Name            string       `json:"name"`
	Source          string       `json:"source,omitempty"`
	Lifetime        duration     `json:"lifetime,omitempty"`
	Steps           []stepFile   `json:"steps,omitempty"`
	BaselineMaximum bool         `json:"baselineMaximum,omitempty"`
	Limits          []limitFile  `json:"limits,omitempty"`
	Outage          duration     `json:"outage"`
	Outages         []outageFile `json:"outages,omitempty"`
}

type stepFile struct {
	From     time.Time `json:"from"`
	Lifetime duration  `json:"lifetime"`
}

type limitFile struct {
	Name   string           `json:"name"`
	Scope  renew.LimitScope `json:"scope"`
	Count  int              `json:"count"`
	Period duration         `json:"period"`
	Source string           `json:"source,omitempty"`
}

type outageFile struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

type fleetFile struct {
	Services     int       `json:"services"`
	Seed         uint64    `json:"seed"`
	Synchronized bool      `json:"synchronized,omitempty"`
	Start        time.Time `json:"start"`
	Stagger      duration  `json:"stagger,omitempty"`
	Horizon      duration  `json:"horizon"`
	// Downtime: windows in which the services' hosts are down.
	Downtime []outageFile `json:"downtime,omitempty"`
}

// duration is a time.Duration written as Go writes it, with an optional
// leading number of days: "90d", "30d12h", "12h8m", "0s".
type duration time.Duration

// MarshalText writes whole days as "Nd" and the rest as Go does, without
// zero units: "90d", "30d12h", "12h8m", "0s".
func (d duration) MarshalText() ([]byte, error) {
	v := time.Duration(d)
	day := 24 * time.Hour
	if v < day || v%time.Second != 0 {
		return []byte(numfmt.ShortDuration(v)), nil
	}
	s := strconv.FormatInt(int64(v/day), 10) + "d"
	if rest := v % day; rest > 0 {
		s += numfmt.ShortDuration(rest)
	}
	return []byte(s), nil
}

var daysPrefix = regexp.MustCompile(`^(\d+)d(.*)$`)

// UnmarshalText reads what MarshalText writes and any Go duration.
func (d *duration) UnmarshalText(b []byte) error {
	s := string(b)
	var days int64
	if m := daysPrefix.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || n > 106751 {
			return fmt.Errorf("want a duration such as 90d, 12h or 30m")
		}
		days, s = n, m[2]
		if s == "" {
			s = "0s"
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("want a duration such as 90d, 12h or 30m")
	}
	*d = duration(time.Duration(days)*24*time.Hour + v)
	return nil
}

// fileError is a bad setup file: one line naming the field's path, the
// value and what was expected, printed alone with exit status 2.
type fileError struct{ msg string }

func (e *fileError) Error() string { return e.msg }

func filef(format string, args ...any) error { return &fileError{fmt.Sprintf(format, args...)} }

// setupError is the fileError for the field at path of file, holding
// value (nil when missing or beside the point), and what was wanted.
func setupError(file, path string, value any, want string) error {
	v := fmt.Sprint(value)
	if s, ok := value.(string); ok {
		v = strconv.Quote(s)
	}
	if path == "" {
		return filef("--setup %s: %s", file, want)
	}
	if value == nil {
		return filef("--setup %s: %s: %s", file, path, want)
	}
	return filef("--setup %s: %s: %s: %s", file, path, v, want)
}

// readSetup reads a setup file: YAML unless its name ends in .json.
func readSetup(file string) (setupFile, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return setupFile{}, filef("--setup %s: %v", file, pathError(err))
	}
	return parseSetup(file, b)
}

func pathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseSetup decodes b (JSON when file ends in .json, else YAML) into the
// schema, naming the first bad field.
func parseSetup(file string, b []byte) (setupFile, error) {
	var tree any
	if strings.HasSuffix(file, ".json") {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&tree); err != nil {
			return setupFile{}, setupError(file, "", nil, "not JSON: "+err.Error())
		}
		if dec.More() {
			return setupFile{}, setupError(file, "", nil, "not JSON: more than one value")
		}
	} else if err := yaml.Unmarshal(b, &tree); err != nil {
		return setupFile{}, setupError(file, "", nil, "not YAML: "+strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var out setupFile
	if tree == nil {
		return out, setupError(file, "", nil, "empty file: want a setup (name, client, ca, expect)")
	}
	if err := decodeValue(file, "", tree, reflect.ValueOf(&out).Elem()); err != nil {
		return setupFile{}, err
	}
	return out, nil
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// decodeValue sets v from the decoded tree node, checking types and keys;
// path names the node ("client.trigger.fraction", "ca.steps[1].from").
func decodeValue(file, path string, node any, v reflect.Value) error {
	if t, ok := node.(time.Time); ok { // YAML reads unquoted timestamps itself
		node = t.UTC().Format(time.RFC3339)
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && v.Type() == reflect.TypeFor[string]() {
			node = t.UTC().Format(time.DateOnly)
		}
	}
	if v.Kind() == reflect.Pointer {
		if node == nil {
			return nil
		}
		p := reflect.New(v.Type().Elem())
		if err := decodeValue(file, path, node, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	if reflect.PointerTo(v.Type()).Implements(textUnmarshaler) {
		s, ok := node.(string)
		if !ok {
			return setupError(file, path, node, "want a string ("+textWant(v.Type())+")")
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return setupError(file, path, s, textMessage(v.Type(), err))
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		m, ok := node.(map[string]any)
		if !ok {
			return setupError(file, path, node, "want a mapping of "+strings.Join(fieldNames(v.Type()), ", "))
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f, ok := fieldByKey(v, k)
			if !ok {
				return setupError(file, join(path, k), nil, "unknown field (want one of "+strings.Join(fieldNames(v.Type()), ", ")+")")
			}
			if err := decodeValue(file, join(path, k), m[k], f); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		l, ok := node.([]any)
		if !ok {
			return setupError(file, path, node, "want a list")
		}
		s := reflect.MakeSlice(v.Type(), len(l), len(l))
		for i, e := range l {
			if err := decodeValue(file, fmt.Sprintf("%s[%d]", path, i), e, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.String:
		s, ok := node.(string)
		if !ok {
			return setupError(file, path, node, "want a string")
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := node.(bool)
		if !ok {
			return setupError(file, path, node, "want true or false")
		}
		v.SetBool(b)
		return nil
	case reflect.Float64:
		f, ok := number(node)
		if !ok {
			return setupError(file, path, node, "want a number")
		}
		v.SetFloat(f)
		return nil
	case reflect.Int, reflect.Uint64:
		f, ok := number(node)
		if !ok || f != float64(int64(f)) || v.Kind() == reflect.Uint64 && f < 0 {
			return setupError(file, path, node, "want a whole number")
		}
		if n, isNum := node.(json.Number); isNum && v.Kind() == reflect.Uint64 {
			u, err := strconv.ParseUint(string(n), 10, 64)
			if err != nil {
				return setupError(file, path, node, "want a whole number 0..2^64-1")
			}
			v.SetUint(u)
			return nil
		}
		if v.Kind() == reflect.Uint64 {
			if u, isU := node.(uint64); isU {
				v.SetUint(u)
				return nil
			}
			v.SetUint(uint64(f))
			return nil
		}
		v.SetInt(int64(f))
		return nil
	}
	return setupError(file, path, node, "cannot be read") // no such field type in the schema
}

func number(node any) (float64, bool) {
	switch n := node.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldByKey returns the field of struct v whose JSON name is key.
func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	for i := 0; i < v.NumField(); i++ {
		if jsonName(v.Type().Field(i)) == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

func fieldNames(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		out = append(out, jsonName(t.Field(i)))
	}
	return out
}

// textWant says what a text field takes.
func textWant(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[duration]():
		return "a duration such as 90d, 12h or 30m"
	case reflect.TypeFor[time.Time]():
		return "an RFC 3339 instant such as 2027-02-10T00:00:00Z"
	}
	return "a name"
}

// textMessage is what an UnmarshalText error says was expected, without
// the value (setupError prints it) or the package prefix.
func textMessage(t reflect.Type, err error) string {
	if t == reflect.TypeFor[time.Time]() {
		return "want an RFC 3339 instant such as 2027-02-10T00:00:00Z"
	}
	msg := err.Error()
	for _, p := range []string{"renew: ", "calendar: ", "cert: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	if i := strings.Index(msg, "(want "); i >= 0 {
		return strings.TrimSuffix(msg[i+1:], ")")
	}
	if _, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(rest, "want ") {
		return rest
	}
	return msg
}

// goPath matches a Go field path at the start of a model message:
// "Trigger.Fraction", "Steps[1].From", "Times[0]".
var goPath = regexp.MustCompile(`^([A-Z][A-Za-z]*(\[\d+\])?(\.[A-Z][A-Za-z]*(\[\d+\])?)*)(: | = | \.\.| must| )?`)

// modelPath turns a model validation message into a file path and the
// rest of the message: "policy x: Trigger.Fraction: 1.5 must be in (0, 1)"
// under "client" is "client.trigger.fraction" and "1.5 must be in (0, 1)".
func modelPath(prefix string, err error) (string, string) {
	msg := err.Error()
	for {
		trimmed := msg
		for _, p := range []string{"renew: ", "preset ", "policy ", "lifetimes ", "rate limit ", "fleet "} {
			if strings.HasPrefix(trimmed, p) {
				trimmed = strings.TrimPrefix(trimmed, p)
				if p != "renew: " { // "policy NAME: ", the name up to ": "
					if _, rest, ok := strings.Cut(trimmed, ": "); ok {
						trimmed = rest
					}
				}
			}
		}
		if strings.HasPrefix(trimmed, "schedule ") { // "schedule daily at ...: Times[0] = ..."
			if i := strings.LastIndex(trimmed, "): "); i >= 0 && !strings.Contains(trimmed[:i], ": ") {
				trimmed = trimmed[i+3:]
			} else if _, rest, ok := strings.Cut(trimmed, ": "); ok {
				trimmed = rest
			}
		}
		if trimmed == msg {
			break
		}
		msg = trimmed
	}
	path := prefix
	for {
		m := goPath.FindStringSubmatch(msg)
		if m == nil || m[5] == "" && len(m[0]) != len(msg) {
			break
		}
		for _, seg := range strings.Split(m[1], ".") {
			path = join(path, lowerFirst(seg))
		}
		msg = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(msg[len(m[1]):], ": "), " = "), " ")
		if strings.HasPrefix(msg, "renew: ") {
			// A nested part ("Wake: renew: schedule ...: Times[0] = ...").
			inner, rest := modelPath(path, errors.New(msg))
			return inner, rest
		}
		break
	}
	return path, msg
}

func lowerFirst(s string) string {
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	s = string(r)
	switch {
	case s == "base":
		return "lifetime"
	case strings.HasPrefix(s, "offset"):
		return s
	}
	return s
}

// validateSetup checks every part of the setup with the model, naming the
// file path of the first bad field.
func validateSetup(file string, s setupFile, p renew.Preset) error {
	bad := func(prefix string, err error) error {
		path, rest := modelPath(prefix, err)
		return filef("--setup %s: %s: %s", file, path, rest)
	}
	if s.Name == "" {
		return setupError(file, "name", nil, "missing: want the setup's name")
	}
	if s.Client.Trigger.Kind == 0 {
		return setupError(file, "client.trigger.kind", nil, "missing: want one of fraction, before-expiry, after-issuance, anniversary, jittered-fraction, ari, every-run")
	}
	if err := p.Client.Validate(); err != nil {
		return bad("client", err)
	}
	if err := p.CA.Validate(); err != nil {
		return bad("ca", err)
	}
	for i, l := range p.Limits {
		if err := l.Validate(); err != nil {
			return bad(fmt.Sprintf("ca.limits[%d]", i), err)
		}
	}
	if err := p.Validate(); err != nil { // the outage
		path, rest := modelPath("ca", err)
		return filef("--setup %s: %s: %s", file, path, rest)
	}
	for i, o := range s.CA.Outages {
		if !o.To.After(o.From) {
			return setupError(file, fmt.Sprintf("ca.outages[%d].to", i), o.To.UTC().Format(time.RFC3339), "want an instant after from")
		}
	}
	return nil
}

// toPreset converts a setup file into a Preset, claim included.
func (s setupFile) toPreset(file string) (renew.Preset, error) {
	t := s.Client.Trigger
	tr := renew.Trigger{Kind: t.Kind, Fraction: t.Fraction, FractionHigh: t.FractionHigh, ShortFraction: t.ShortFraction,
		ShortBelow: time.Duration(t.ShortBelow), Cap: time.Duration(t.Cap), JitterCap: time.Duration(t.JitterCap), Offset: time.Duration(t.Offset), Years: t.Years}
	if t.Span != nil {
		tr.Span = *t.Span
	}
	if t.Compare != nil {
		tr.Compare = *t.Compare
	}
	if t.Overflow != nil {
		tr.Overflow = calendar.Overflow(*t.Overflow)
	}
	w := s.Client.Wake
	wake := renew.Schedule{Kind: w.Kind, Day: w.Day, Month: time.Month(w.Month), Period: time.Duration(w.Period), Delay: time.Duration(w.Delay),
		FixedDelay: w.FixedDelay, Persistent: w.Persistent, Zone: w.Zone}
	if w.DST != nil {
		wake.DST = *w.DST
	}
	for _, x := range w.Times {
		wake.Times = append(wake.Times, time.Duration(x))
	}
	if w.Overflow != nil {
		wake.Overflow = *w.Overflow
	}
	r := s.Client.Retry
	retry := renew.Retry{AtNextWake: r.AtNextWake, Initial: time.Duration(r.Initial), Max: time.Duration(r.Max), Random: time.Duration(r.Random)}
	for _, x := range r.Steps {
		retry.Steps = append(retry.Steps, time.Duration(x))
	}
	c := s.CA
	ca := renew.Lifetimes{Name: c.Name, Source: c.Source, Base: time.Duration(c.Lifetime), BaselineMaximum: c.BaselineMaximum}
	for _, st := range c.Steps {
		ca.Steps = append(ca.Steps, renew.LifetimeStep{From: st.From.UTC(), Lifetime: time.Duration(st.Lifetime)})
	}
	p := renew.Preset{Name: s.Name, Source: s.Source, Client: renew.Policy{Name: s.Client.Name, Trigger: tr, Wake: wake, Retry: retry},
		CA: ca, Outage: time.Duration(c.Outage)}
	for _, l := range c.Limits {
		p.Limits = append(p.Limits, renew.RateLimit{Name: l.Name, Scope: l.Scope, Count: l.Count, Period: time.Duration(l.Period), Source: l.Source})
	}
	claim, err := s.claim(file)
	if err != nil {
		return renew.Preset{}, err
	}
	p.Claim = claim
	return p, validateSetup(file, s, p)
}

// dateRange is one entry of failing: a date, "FROM..TO", "FROM.." or
// "..TO" (".." alone: every date).
type dateRange struct {
	from, to calendar.Date
	open     [2]bool
}

func (r dateRange) contains(d calendar.Date) bool {
	return (r.open[0] || !d.Before(r.from)) && (r.open[1] || !d.After(r.to))
}

func parseDateRange(s string) (dateRange, error) {
	a, b, isRange := strings.Cut(s, "..")
	if !isRange {
		b = a
	}
	var r dateRange
	var err error
	if r.open[0] = a == ""; !r.open[0] {
		if r.from, err = calendar.ParseDate(a); err != nil {
			return r, err
		}
	}
	if r.open[1] = b == ""; !r.open[1] {
		if r.to, err = calendar.ParseDate(b); err != nil {
			return r, err
		}
	}
	if !r.open[0] && !r.open[1] && r.to.Before(r.from) {
		return r, fmt.Errorf("the range ends before it starts")
	}
	return r, nil
}

// claim reads expect, failing and failingWords into a proof.Claim.
func (s setupFile) claim(file string) (proof.Claim, error) {
	switch s.Expect {
	case "safe":
		if len(s.Failing) > 0 {
			return proof.Claim{}, setupError(file, "failing", strings.Join(s.Failing, ", "), "want no failing dates with expect: safe")
		}
		return proof.Never(), nil
	case "fails":
	case "":
		return proof.Claim{}, setupError(file, "expect", nil, "missing: want safe or fails")
	default:
		return proof.Claim{}, setupError(file, "expect", s.Expect, "want safe or fails")
	}
	failing := s.Failing
	if len(failing) == 0 {
		failing = []string{".."}
	}
	var ranges []dateRange
	for i, f := range failing {
		r, err := parseDateRange(f)
		if err != nil {
			return proof.Claim{}, setupError(file, fmt.Sprintf("failing[%d]", i), f, "want a date YYYY-MM-DD, FROM..TO, FROM.., ..TO or ..")
		}
		ranges = append(ranges, r)
	}
	words := s.Words
	if words == "" {
		words = "the dates " + strings.Join(failing, ", ")
	}
	return proof.Claim{FailsOn: func(d calendar.Date) bool {
		for _, r := range ranges {
			if r.contains(d) {
				return true
			}
		}
		return false
	}, FailingDates: words}, nil
}

// toFleet converts a setup file with a fleet into a renew.Fleet.
func (s setupFile) toFleet(file string) (renew.Fleet, error) {
	if s.Fleet == nil {
		return renew.Fleet{}, setupError(file, "fleet", nil, "missing: simulate needs a fleet (services, seed, start, horizon)")
	}
	p, err := s.toPreset(file)
	if err != nil {
		return renew.Fleet{}, err
	}
	f := s.Fleet
	out := renew.Fleet{Name: s.Name, Source: s.Source, Services: f.Services, Client: p.Client, Seed: f.Seed, Synchronized: f.Synchronized,
		CA: p.CA, Limits: p.Limits, Start: f.Start.UTC(), Stagger: time.Duration(f.Stagger), Horizon: time.Duration(f.Horizon)}
	for _, o := range s.CA.Outages {
		out.Outages = append(out.Outages, renew.Outage{From: o.From.UTC(), To: o.To.UTC()})
	}
	for _, o := range f.Downtime {
		out.Downtime = append(out.Downtime, renew.Outage{From: o.From.UTC(), To: o.To.UTC()})
	}
	if err := out.Validate(); err != nil {
		path, rest := modelPath("fleet", err)
		return renew.Fleet{}, filef("--setup %s: %s: %s", file, path, rest)
	}
	return out, nil
}

// presetFile writes a preset as a setup file; its claim is written as the
// failing date ranges over the renewal proof's default window (open at an
// end the claim reaches).
func presetFile(p renew.Preset) setupFile {
	s := setupFile{Name: p.Name, Source: p.Source, Client: clientOf(p.Client), CA: caOf(p.CA, p.Limits), Expect: "safe"}
	s.CA.Outage = duration(p.Outage)
	if !p.Safe() {
		s.Expect, s.Failing, s.Words = "fails", claimRanges(p.Claim), p.FailingDates
	}
	return s
}

// fleetSetup writes a fleet preset as a setup file.
func fleetSetup(f renew.Fleet) setupFile {
	s := setupFile{Name: f.Name, Source: f.Source, Client: clientOf(f.Client), CA: caOf(f.CA, f.Limits), Expect: "safe",
		Fleet: &fleetFile{Services: f.Services, Seed: f.Seed, Synchronized: f.Synchronized, Start: f.Start.UTC(), Stagger: duration(f.Stagger), Horizon: duration(f.Horizon)}}
	for _, o := range f.Outages {
		s.CA.Outages = append(s.CA.Outages, outageFile{From: o.From.UTC(), To: o.To.UTC()})
	}
	for _, o := range f.Downtime {
		s.Fleet.Downtime = append(s.Fleet.Downtime, outageFile{From: o.From.UTC(), To: o.To.UTC()})
	}
	return s
}

func clientOf(c renew.Policy) clientFile {
	t := c.Trigger
	tf := triggerFile{Kind: t.Kind, Fraction: t.Fraction, FractionHigh: t.FractionHigh, ShortFraction: t.ShortFraction, ShortBelow: duration(t.ShortBelow),
		Cap: duration(t.Cap), JitterCap: duration(t.JitterCap), Offset: duration(t.Offset), Years: t.Years}
	if t.Span != 0 {
		tf.Span = &t.Span
	}
	if t.Compare != 0 {
		tf.Compare = &t.Compare
	}
	if t.Overflow != 0 {
		o := yearOverflow(t.Overflow)
		tf.Overflow = &o
	}
	w := c.Wake
	wf := wakeFile{Kind: w.Kind, Day: w.Day, Month: int(w.Month), Period: duration(w.Period), Delay: duration(w.Delay), FixedDelay: w.FixedDelay, Persistent: w.Persistent, Zone: w.Zone}
	if w.DST != 0 {
		wf.DST = &w.DST
	}
	for _, x := range w.Times {
		wf.Times = append(wf.Times, duration(x))
	}
	if w.Overflow != 0 {
		wf.Overflow = &w.Overflow
	}
	r := c.Retry
	rf := retryFile{AtNextWake: r.AtNextWake, Initial: duration(r.Initial), Max: duration(r.Max), Random: duration(r.Random)}
	for _, x := range r.Steps {
		rf.Steps = append(rf.Steps, duration(x))
	}
	return clientFile{Name: c.Name, Trigger: tf, Wake: wf, Retry: rf}
}

func caOf(l renew.Lifetimes, limits []renew.RateLimit) caFile {
	c := caFile{Name: l.Name, Source: l.Source, Lifetime: duration(l.Base), BaselineMaximum: l.BaselineMaximum}
	for _, s := range l.Steps {
		c.Steps = append(c.Steps, stepFile{From: s.From.UTC(), Lifetime: duration(s.Lifetime)})
	}
	for _, r := range limits {
		c.Limits = append(c.Limits, limitFile{Name: r.Name, Scope: r.Scope, Count: r.Count, Period: duration(r.Period), Source: r.Source})
	}
	return c
}

// claimRanges lists the dates of DefaultWindow the claim names, as ranges,
// open at the window's ends.
func claimRanges(c proof.Claim) []string {
	w := renew.DefaultWindow()
	var out []string
	var from calendar.Date
	in := false
	flush := func(last calendar.Date) {
		a, b := from.String(), last.String()
		if from == w.First() {
			a = ""
		}
		if last == w.Last() {
			b = ""
		}
		switch {
		case a == b && a != "":
			out = append(out, a)
		default:
			out = append(out, a+".."+b)
		}
	}
	var prev calendar.Date
	for d := range w.Days() {
		f := c.Fails(d)
		switch {
		case f && !in:
			from, in = d, true
		case !f && in:
			flush(prev)
			in = false
		}
		prev = d
	}
	if in {
		flush(w.Last())
	}
	return out
}

// writeSetup prints s as YAML or JSON.
func writeSetup(w io.Writer, s setupFile, format string) error {
	js, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if format == "json" {
		_, err = fmt.Fprintf(w, "%s\n", js)
		return err
	}
	// YAML through the JSON form, so that both use the same keys and the
	// same text for durations, instants and names.
	var tree yaml.Node
	if err := yaml.Unmarshal(js, &tree); err != nil {
		return err
	}
	plainStyle(&tree)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&tree); err != nil {
		return err
	}
	return enc.Close()
}

// plainStyle drops JSON's flow style and quotes from a node tree where YAML
// reads the plain text back as the same string.
func plainStyle(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		var back any
		if yaml.Unmarshal([]byte(n.Value), &back) != nil || fmt.Sprint(back) != n.Value || strings.ContainsAny(n.Value, ":#") {
			n.Style = yaml.DoubleQuotedStyle
		}
		if _, isString := back.(string); !isString {
			n.Style = yaml.DoubleQuotedStyle
		}
	}
	for _, c := range n.Content {
		plainStyle(c)
	}
}

const setupUsage = `usage: leapcheck setup print --preset NAME [--format yaml|json]

Prints a built-in renewal preset (or renewal fleet preset) as a setup file, a
starting point for your own: edit it and prove it with 'leapcheck prove --setup
FILE', or simulate a fleet with 'leapcheck simulate --setup FILE'.

A setup file describes a client (trigger, wake schedule, retry), a CA
(lifetimes by issuance date, rate limits, the outage the claim covers, outages
to simulate), the claim (expect: safe, or expect: fails with the failing dates)
and, for simulate, a fleet. YAML and JSON read the same schema (a file whose name
ends in .json is JSON). Durations take days: 90d, 30d12h, 12h8m. An unknown
field, a value of the wrong type or out of range is an error that names the
field's path, exit status 2.

Renewal presets: %s
Renewal fleet presets: %s

Examples:
  leapcheck setup print --preset certbot-le-classic > certbot.yaml
  leapcheck prove --setup certbot.yaml
  leapcheck setup print --preset certbot-shortlived-storm --format json > storm.json
  leapcheck simulate --setup storm.json
`

func runSetup(args []string, stdout, _ io.Writer) error {
	c := newCommand("setup", fmt.Sprintf(setupUsage, wrapList(renewalPresetNames(), len("Renewal presets: "), 88),
		wrapList(fleetPresetNames(), len("Renewal fleet presets: "), 88)), stdout)
	fs := c.fs
	preset := fs.String("preset", "", "renewal or fleet preset `NAME` to print (required)")
	format := fs.String("format", "yaml", "output `FORMAT`: yaml or json")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "print" {
		return usagef("want the subcommand print, got %q", pos)
	}
	if *format != "yaml" && *format != "json" {
		return usagef("--format %q: want yaml or json", *format)
	}
	if *preset == "" {
		return usagef("--preset is required (renewal presets %s; renewal fleets %s)", strings.Join(renewalPresetNames(), ", "), strings.Join(fleetPresetNames(), ", "))
	}
	var s setupFile
	if p, err := renew.PresetByName(*preset); err == nil {
		s = presetFile(p)
	} else if f, err := renew.FleetPresetByName(*preset); err == nil {
		s = fleetSetup(f)
	} else {
		return usagef("--preset %q: no such renewal preset (have %s; renewal fleets %s)", *preset, strings.Join(renewalPresetNames(), ", "), strings.Join(fleetPresetNames(), ", "))
	}
	if err := writeSetup(stdout, s, *format); err != nil {
		return &ioError{fmt.Sprintf("writing the setup: %v", err)}
	}
	return nil
}
