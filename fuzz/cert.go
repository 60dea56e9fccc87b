package fuzz

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
)

// certOracles are the independent implementations the certificate targets
// compare the model with. A nil field means the real one.
type certOracles struct {
	// marshal returns the DER of t as an ASN.1 UTCTime (utc) or
	// GeneralizedTime. Real: asn1.MarshalWithParams(t, "utc" or
	// "generalized").
	marshal func(t time.Time, utc bool) ([]byte, error)
	// unmarshal parses the DER of a UTCTime or GeneralizedTime.
	// Real: asn1.Unmarshal into a time.Time.
	unmarshal func(der []byte) (time.Time, error)
	// x509NotBefore parses a certificate DER and returns its NotBefore.
	// Real: crypto/x509.ParseCertificate.
	x509NotBefore func(der []byte) (time.Time, error)
	// addCalendarMonths adds n calendar months to t in t's location, keeping
	// the wall clock and resolving a missing day by o; ok is false when o is
	// Reject and the day does not exist. Real: monthsLater with package
	// time's month lengths, then time.Date.
	addCalendarMonths func(t time.Time, n int, o calendar.Overflow) (r time.Time, ok bool)
}

func (o certOracles) asn1Marshal(t time.Time, utc bool) ([]byte, error) {
	if o.marshal != nil {
		return o.marshal(t, utc)
	}
	if utc {
		return asn1.MarshalWithParams(t, "utc")
	}
	return asn1.MarshalWithParams(t, "generalized")
}

func (o certOracles) asn1Unmarshal(der []byte) (time.Time, error) {
	if o.unmarshal != nil {
		return o.unmarshal(der)
	}
	var t time.Time
	rest, err := asn1.Unmarshal(der, &t)
	if err == nil && len(rest) > 0 {
		err = errors.New("trailing data")
	}
	return t, err
}

func (o certOracles) notBefore(der []byte) (time.Time, error) {
	if o.x509NotBefore != nil {
		return o.x509NotBefore(der)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return time.Time{}, err
	}
	return c.NotBefore, nil
}

func (o certOracles) addMonths(t time.Time, n int, ov calendar.Overflow) (time.Time, bool) {
	if o.addCalendarMonths != nil {
		return o.addCalendarMonths(t, n, ov)
	}
	y, m, d := t.Date()
	ty, tm, day, ok := monthsLater(timeDaysIn, y, m, d, n, ov)
	if !ok {
		return time.Time{}, false
	}
	hh, mm, ss := t.Clock()
	return time.Date(ty, tm, day, hh, mm, ss, t.Nanosecond(), t.Location()), true
}

// The model's range, from package time.
var (
	minInstant = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxInstant = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

func inModelRange(t time.Time) bool { return !t.Before(minInstant) && !t.After(maxInstant) }

// readInstant reads the readable form of an instant: RFC 3339 (any offset,
// taken in UTC, cut to the second), or "@" and Unix seconds for an instant
// RFC 3339 cannot write ("@-62135596801", the second before 0001-01-01).
func readInstant(s string) (time.Time, bool) {
	if rest, ok := strings.CutPrefix(s, "@"); ok {
		sec, err := strconv.ParseInt(rest, 10, 64)
		return time.Unix(sec, 0).UTC(), err == nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC().Truncate(time.Second), err == nil
}

// instantText is the readable form of t for readInstant.
func instantText(t time.Time) string {
	if y := t.UTC().Year(); y >= 0 && y <= 9999 {
		return t.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("@%d", t.Unix())
}

// instantCase reads an instant target's input: readInstant, or else
// decoder.instant (wide: a share of instants outside the model's range);
// decoded reports the latter.
func instantCase(s string) (t time.Time, decoded bool) {
	if t, ok := readInstant(s); ok {
		return t, false
	}
	d := decoder{s}
	return d.instant(true), true
}

// checkCertEncode is the CertEncode target (input: instantCase). It checks
// cert.EncodeTime, TagFor, AppendTime and DecodeTime at the instant: outside
// 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z they must fail with ErrRange;
// inside, the tag must be UTCTime exactly for 1950..2049, the text must be
// byte for byte the content encoding/asn1 marshals with that tag, decoding
// it (with the model and with encoding/asn1) must give the instant back, and
// the same instant one nanosecond later must be refused.
func (o certOracles) checkCertEncode(in string) error {
	in = clip(in)
	t, decoded := instantCase(in)
	return replayIf(decoded, o.certEncode(t), lazy(func() string { return instantText(t) }))
}

func (o certOracles) certEncode(t time.Time) error {
	sec := t.Unix()
	s, err := cert.EncodeTime(t)
	tag, tagErr := cert.TagFor(t)
	if !inModelRange(t) || sec < minInstant.Unix() || sec > maxInstant.Unix() {
		if err == nil || !errors.Is(err, cert.ErrRange) || tagErr == nil || !errors.Is(tagErr, cert.ErrRange) {
			return fmt.Errorf("EncodeTime/TagFor(%d): got %q, %v / %v; want errors wrapping ErrRange", sec, s, err, tagErr)
		}
		return nil
	}
	if err != nil || tagErr != nil {
		return fmt.Errorf("EncodeTime/TagFor(%s): unexpected errors %v / %v", t.Format(time.RFC3339), err, tagErr)
	}
	utc := t.Year() >= 1950 && t.Year() <= 2049
	if wantTag := map[bool]cert.Tag{true: cert.UTCTime, false: cert.GeneralizedTime}[utc]; tag != wantTag {
		return fmt.Errorf("TagFor(%s) = %v, want %v", t.Format(time.RFC3339), tag, wantTag)
	}
	der, err := o.asn1Marshal(t, utc)
	if err != nil {
		return fmt.Errorf("EncodeTime(%s) = %q (%v), but encoding/asn1 cannot marshal it: %v", t.Format(time.RFC3339), s, tag, err)
	}
	if want := append([]byte{byte(tag), byte(len(s))}, s...); !bytes.Equal(der, want) {
		return fmt.Errorf("EncodeTime(%s) = %v %q, encoding/asn1 marshals % x", t.Format(time.RFC3339), tag, s, der)
	}
	buf, atag, err := cert.AppendTime(make([]byte, 0, 16), t)
	if err != nil || string(buf) != s || atag != tag {
		return fmt.Errorf("AppendTime(%s) = %q, %v, %v; EncodeTime says %q, %v", t.Format(time.RFC3339), buf, atag, err, s, tag)
	}
	back, err := cert.DecodeTime(tag, s)
	if err != nil || !back.Equal(t) {
		return fmt.Errorf("DecodeTime(%v, %q) = %s, %v; want %s", tag, s, back.Format(time.RFC3339), err, t.Format(time.RFC3339))
	}
	parsed, err := o.asn1Unmarshal(der)
	if err != nil || !parsed.Equal(t) {
		return fmt.Errorf("encoding/asn1 reads % x as %s, %v; want %s", der, parsed.Format(time.RFC3339), err, t.Format(time.RFC3339))
	}
	if s2, err := cert.EncodeTime(t.Add(time.Nanosecond)); err == nil {
		return fmt.Errorf("EncodeTime(%s + 1ns) = %q, want an error (fractional second)", t.Format(time.RFC3339), s2)
	}
	return nil
}

// decodeCase is one case of the CertDecode target: an ASN.1 tag and the
// content octets of a time.
type decodeCase struct {
	tag  uint8
	text string
}

// String returns the readable form readDecodeCase reads.
func (c decodeCase) String() string {
	switch cert.Tag(c.tag) {
	case cert.UTCTime, cert.GeneralizedTime:
		return cert.Tag(c.tag).String() + " " + c.text
	}
	return strconv.Itoa(int(c.tag)) + " " + c.text
}

// readDecodeCase reads the readable form of a CertDecode case: the tag
// (UTCTime, GeneralizedTime or a decimal number 0..255), one space, and the
// text, everything after that space: "UTCTime 120229000000Z".
func readDecodeCase(s string) (decodeCase, bool) {
	name, text, ok := strings.Cut(s, " ")
	if !ok {
		return decodeCase{}, false
	}
	switch name {
	case cert.UTCTime.String():
		return decodeCase{uint8(cert.UTCTime), text}, true
	case cert.GeneralizedTime.String():
		return decodeCase{uint8(cert.GeneralizedTime), text}, true
	}
	if !digits(name) {
		return decodeCase{}, false
	}
	v, err := strconv.ParseUint(name, 10, 8)
	return decodeCase{uint8(v), text}, err == nil
}

// decodeDecodeCase decodes a CertDecode case:
//
//	byte 0 mod 4   the tag: 0, 3 UTCTime; 1 GeneralizedTime; 2 the next byte
//	byte 1 mod 8   0..5: the RFC 5280 text of a decoded instant
//	               (decoder.instant, narrow) for the tag (UTCTime
//	               YYMMDDHHMMSSZ with the year mod 100, any other tag
//	               YYYYMMDDHHMMSSZ), formatted by package time, then changed
//	               by the next byte mod 8: 0, 1 unchanged; 2 without the
//	               seconds; 3 +0100 instead of Z; 4 .5 before the Z; 5 z for
//	               Z; 6 the byte at below(len) replaced by the next byte;
//	               7 cut to below(len) bytes.
//	               6, 7: the rest of the input, as is (cut to 100 bytes).
func decodeDecodeCase(s string) decodeCase {
	d := decoder{s}
	var c decodeCase
	switch d.byte() % 4 {
	case 1:
		c.tag = uint8(cert.GeneralizedTime)
	case 2:
		c.tag = d.byte()
	default:
		c.tag = uint8(cert.UTCTime)
	}
	if d.byte()%8 >= 6 {
		c.text = d.rest()
		return c
	}
	layout := "20060102150405Z"
	if c.tag == uint8(cert.UTCTime) {
		layout = "060102150405Z"
	}
	text := d.instant(false).Format(layout)
	body := text[:len(text)-1]
	switch d.byte() % 8 {
	case 2:
		text = body[:len(body)-2] + "Z"
	case 3:
		text = body + "+0100"
	case 4:
		text = body + ".5Z"
	case 5:
		text = body + "z"
	case 6:
		i := d.below(len(text))
		text = text[:i] + string(rune(d.byte())) + text[i+1:]
	case 7:
		text = text[:d.below(len(text))]
	}
	c.text = text
	return c
}

// checkCertDecode is the CertDecode target (input: readDecodeCase, or
// decoded by decodeDecodeCase). It checks cert.DecodeTime(tag, text)
// against encoding/asn1 and crypto/x509 parsing the same bytes (the DER TLV
// tag, length, text, and a certificate whose notBefore is that TLV). Those
// parsers accept more than RFC 5280's profile (offsets, missing seconds), so
// the oracle is one-sided where the profile is stricter: a time the model
// accepts must be accepted by both with the same instant, and a time both
// accept that has the profile's exact form (tag 23 with 12 digits and Z, or
// tag 24 with 14 digits and Z and a year outside 1950..2049 and not 0) must
// be accepted by the model. Anything the model refuses must be an error
// wrapping ErrEncoding (ErrRange for GeneralizedTime year 0000). Text longer
// than 100 bytes is cut to 100.
func (o certOracles) checkCertDecode(in string) error {
	in = clip(in)
	c, readable := readDecodeCase(in)
	if !readable {
		c = decodeDecodeCase(in)
	}
	if len(c.text) > 100 {
		c.text = c.text[:100]
	}
	return replayIf(!readable, o.certDecode(c.tag, c.text), c)
}

func (o certOracles) certDecode(tag uint8, s string) error {
	got, err := cert.DecodeTime(cert.Tag(tag), s)
	// GeneralizedTime year 0000 is well-formed but outside the model, and
	// DecodeTime reports it with ErrRange, as documented (this target found
	// the code and the documentation disagreeing; a seed of
	// seedsCertDecode keeps the case).
	year0 := tag == byte(cert.GeneralizedTime) && len(s) >= 4 && s[:4] == "0000"
	if err != nil && !errors.Is(err, cert.ErrEncoding) && !(year0 && errors.Is(err, cert.ErrRange)) {
		return fmt.Errorf("DecodeTime(%d, %q): error %q does not wrap ErrEncoding", tag, s, err)
	}
	tlv := derTLV(tag, []byte(s))
	asn1Time, asn1Err := o.asn1Unmarshal(tlv)
	if tag != byte(cert.UTCTime) && tag != byte(cert.GeneralizedTime) {
		if err == nil {
			return fmt.Errorf("DecodeTime(%d, %q) = %s for a tag that is not a time", tag, s, got.Format(time.RFC3339))
		}
		return nil
	}
	x509Time, x509Err := o.notBefore(certWithNotBefore(tlv))
	if err == nil {
		if asn1Err != nil || !asn1Time.Equal(got) {
			return fmt.Errorf("DecodeTime(%v, %q) = %s, encoding/asn1 says %s, %v", cert.Tag(tag), s, got.Format(time.RFC3339), asn1Time.Format(time.RFC3339), asn1Err)
		}
		if x509Err != nil || !x509Time.Equal(got) {
			return fmt.Errorf("DecodeTime(%v, %q) = %s, crypto/x509 says %s, %v", cert.Tag(tag), s, got.Format(time.RFC3339), x509Time.Format(time.RFC3339), x509Err)
		}
		return nil
	}
	if asn1Err == nil && x509Err == nil && profileForm(tag, s) {
		return fmt.Errorf("DecodeTime(%v, %q): %v; but encoding/asn1 and crypto/x509 read %s and the text has RFC 5280's form", cert.Tag(tag), s, err, asn1Time.Format(time.RFC3339))
	}
	return nil
}

// profileForm reports whether s has the exact form RFC 5280 §4.1.2.5 allows
// for tag: YYMMDDHHMMSSZ (UTCTime) or YYYYMMDDHHMMSSZ (GeneralizedTime) with
// a year 0001..1949 or 2050..9999. Field ranges are left to the parsers.
func profileForm(tag uint8, s string) bool {
	digits := 12
	if tag == byte(cert.GeneralizedTime) {
		digits = 14
	}
	if len(s) != digits+1 || s[digits] != 'Z' {
		return false
	}
	for i := 0; i < digits; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	if digits == 14 {
		y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
		return y != 0 && (y < 1950 || y > 2049)
	}
	return true
}

// derTLV returns the DER encoding of a value with a universal tag: tag,
// length (short or long form) and content.
func derTLV(tag byte, content []byte) []byte {
	out := []byte{tag}
	switch n := len(content); {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 0x100:
		out = append(out, 0x81, byte(n))
	default:
		out = append(out, 0x82, byte(n>>8), byte(n))
	}
	return append(out, content...)
}

func derSeq(parts ...[]byte) []byte { return derTLV(0x30, bytes.Join(parts, nil)) }

// Fixed parts of the test certificate: an Ed25519 key and signature of the
// right sizes (the signature is not checked by ParseCertificate), an empty
// issuer and subject, serial 1.
var (
	oidEd25519   = []byte{0x06, 0x03, 0x2b, 0x65, 0x70}
	algEd25519   = derSeq(oidEd25519)
	certVersion3 = []byte{0xa0, 0x03, 0x02, 0x01, 0x02}
	certSerial   = []byte{0x02, 0x01, 0x01}
	emptyName    = derSeq()
	certSPKI     = derSeq(algEd25519, derTLV(0x03, append([]byte{0}, make([]byte, 32)...)))
	certSig      = derTLV(0x03, append([]byte{0}, make([]byte, 64)...))
	certNotAfter = derTLV(0x18, []byte("99991231235959Z"))
)

// certWithNotBefore returns a minimal X.509 v3 certificate whose notBefore is
// the DER time t and notAfter 99991231235959Z.
func certWithNotBefore(t []byte) []byte {
	tbs := derSeq(certVersion3, certSerial, algEd25519, emptyName, derSeq(t, certNotAfter), emptyName, certSPKI)
	return derSeq(tbs, algEd25519, certSig)
}

// certPresets are cert.Presets, built once.
var certPresets = sync.OnceValue(cert.Presets)

// checkCertIssue is the CertIssue target (input: instantCase). It issues a
// certificate at the instant under every preset of cert.Presets and checks:
// outside the model's range Issue fails with ErrRange; each preset's claim
// holds (cert.Preset.CheckClaim: it fails exactly on the dates it claims,
// and elsewhere gives a Validity valid at issuance); and every validity
// equals the one an independent formulation of the policy (package time
// arithmetic, see issueOracle) computes.
func (o certOracles) checkCertIssue(in string) error {
	in = clip(in)
	t, decoded := instantCase(in)
	return replayIf(decoded, o.certIssue(t, certPresets()), lazy(func() string { return instantText(t) }))
}

// certIssue checks issuance at now under each of presets.
func (o certOracles) certIssue(now time.Time, presets []cert.Preset) error {
	sec := now.Unix()
	inRange := sec >= minInstant.Unix() && sec <= maxInstant.Unix()
	for _, p := range presets {
		v, err := cert.Issue(p.Policy, now)
		call := lazy(func() string { return fmt.Sprintf("Issue(%s, %s)", p.Name, now.Format(time.RFC3339)) })
		if !inRange {
			if err == nil || !errors.Is(err, cert.ErrRange) {
				return fmt.Errorf("%s = %v, %v; want an error wrapping ErrRange", call, v, err)
			}
			continue
		}
		if cerr := p.CheckClaim(now); cerr != nil && !errors.Is(cerr, cert.ErrRange) {
			return cerr
		}
		want, ok := o.issueOracle(p.Policy, now)
		if !ok {
			if err == nil {
				return fmt.Errorf("%s = %v, the oracle finds no valid validity", call, v)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: unexpected error %q, oracle says %v", call, err, want)
		}
		if !v.NotBefore.Equal(want.NotBefore) || !v.NotAfter.Equal(want.NotAfter) {
			return fmt.Errorf("%s = %v, oracle says %v", call, v, want)
		}
		if v.Validate() != nil || !v.ValidAt(now) {
			return fmt.Errorf("%s = %v: not a valid validity at issuance (%v)", call, v, v.Validate())
		}
	}
	return nil
}

// issueOracle computes the validity a policy gives at now with package time
// arithmetic: start (now, or midnight of now's date in the policy's location),
// minus Backdate, plus the calendar months (addCalendarMonths), the days
// (AddDate) and the duration, minus a second if SubtractSecond, clamped to
// 9999-12-31T23:59:59Z if ClampNotAfter. ok is false when the policy cannot
// issue (a missing day under Reject, or an end past 9999 without clamping).
// It assumes, as the presets satisfy, that midnight exists in the location.
func (o certOracles) issueOracle(p cert.Policy, now time.Time) (cert.Validity, bool) {
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	start := time.Unix(now.Unix(), 0).In(loc)
	if p.StartOfDay {
		y, m, d := start.Date()
		start = time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	nb := start.Add(-p.Backdate)
	if nb.Before(minInstant) {
		nb = minInstant.In(loc)
	}
	end := nb.In(loc)
	if months := 12*p.Lifetime.Years + p.Lifetime.Months; months > 0 {
		var ok bool
		if end, ok = o.addMonths(end, months, p.Overflow); !ok {
			return cert.Validity{}, false
		}
	}
	end = end.AddDate(0, 0, p.Lifetime.Days).Add(p.Lifetime.Duration)
	if p.SubtractSecond {
		end = end.Add(-time.Second)
	}
	if end.After(maxInstant) {
		if !p.ClampNotAfter {
			return cert.Validity{}, false
		}
		end = maxInstant
	}
	return cert.Validity{NotBefore: nb.UTC(), NotAfter: end.UTC()}, true
}
