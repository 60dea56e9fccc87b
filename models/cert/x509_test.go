package cert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Differential tests against crypto/x509: real certificates built with
// x509.CreateCertificate for edge validities, whose DER and parsed times are
// compared with what the model encodes and decodes.

// tbsValidity is the start of a TBSCertificate, enough to reach the raw
// validity times (RFC 5280 §4.1).
type tbsValidity struct {
	Version  int `asn1:"optional,explicit,default:0,tag:0"`
	Serial   *big.Int
	SigAlg   asn1.RawValue
	Issuer   asn1.RawValue
	Validity struct {
		NotBefore, NotAfter asn1.RawValue
	}
	Subject    asn1.RawValue
	PublicKey  asn1.RawValue
	Extensions asn1.RawValue `asn1:"optional,explicit,tag:3"`
}

type x509Cert struct {
	cert *x509.Certificate
	tbs  tbsValidity
}

func newTestKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return key
}

// createCert makes a self-signed CA certificate with validity nb..na.
func createCert(t *testing.T, key *ecdsa.PrivateKey, nb, na time.Time) x509Cert {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(2012_02_29),
		Subject:               pkix.Name{CommonName: "leapcheck transfer certificate"},
		NotBefore:             nb,
		NotAfter:              na,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err, "CreateCertificate %s..%s", nb, na)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err, "ParseCertificate %s..%s", nb, na)
	var tbs tbsValidity
	_, err = asn1.Unmarshal(c.RawTBSCertificate, &tbs)
	require.NoError(t, err)
	return x509Cert{c, tbs}
}

// TestX509EdgeValidities: for each edge time, x509 writes the tag and text
// the model's TagFor and EncodeTime give, ParseCertificate reads back the
// instant the model's DecodeTime gives, and both agree with the input.
func TestX509EdgeValidities(t *testing.T) {
	key := newTestKey(t)
	times := []time.Time{
		utc(1, 1, 1, 0, 0, 0),
		utc(1900, 2, 28, 23, 59, 59),
		utc(1949, 12, 31, 23, 59, 59),
		utc(1950, 1, 1, 0, 0, 0),
		utc(1999, 12, 31, 23, 59, 59),
		utc(2000, 2, 29, 12, 0, 0),
		utc(2012, 2, 29, 0, 0, 0),
		utc(2013, 2, 28, 0, 0, 0),
		utc(2013, 3, 1, 0, 0, 0),
		utc(2049, 12, 31, 23, 59, 59),
		utc(2050, 1, 1, 0, 0, 0),
		utc(2096, 2, 29, 23, 59, 59),
		utc(2100, 3, 1, 0, 0, 0),
		utc(9999, 12, 31, 23, 59, 59),
	}
	for i, nb := range times {
		for _, na := range times[i:] {
			c := createCert(t, key, nb, na)
			v := Validity{nb, na}
			for _, b := range []struct {
				name string
				want time.Time
				raw  asn1.RawValue
				got  time.Time
			}{
				{"NotBefore", v.NotBefore, c.tbs.Validity.NotBefore, c.cert.NotBefore},
				{"NotAfter", v.NotAfter, c.tbs.Validity.NotAfter, c.cert.NotAfter},
			} {
				tag, err := TagFor(b.want)
				require.NoError(t, err)
				text, err := EncodeTime(b.want)
				require.NoError(t, err)
				assert.Equal(t, asn1.ClassUniversal, b.raw.Class)
				assert.Equal(t, int(tag), b.raw.Tag, "%s %s: x509 tag %d, model %s", b.name, b.want, b.raw.Tag, tag)
				assert.Equal(t, text, string(b.raw.Bytes), "%s %s: x509 text", b.name, b.want)
				decoded, err := DecodeTime(Tag(b.raw.Tag), string(b.raw.Bytes))
				require.NoError(t, err, "%s: model cannot decode what x509 wrote: %d %q", b.name, b.raw.Tag, b.raw.Bytes)
				assert.True(t, decoded.Equal(b.got), "%s: model decodes %s, x509 parses %s", b.name, decoded, b.got)
				assert.True(t, b.got.Equal(b.want), "%s: x509 parses %s, want %s", b.name, b.got, b.want)
			}
			assert.True(t, v.ValidAt(c.cert.NotBefore) && v.ValidAt(c.cert.NotAfter))
		}
	}
}

// TestX509Before1950 records what crypto/x509 does with a year before 1950,
// where RFC 5280's "through the year 2049 as UTCTime" cannot be obeyed:
// it writes GeneralizedTime, and ParseCertificate accepts it, as the model
// does. For 1950..2049 x509 writes UTCTime, and the model refuses the
// GeneralizedTime form that x509 would never write there.
func TestX509Before1950(t *testing.T) {
	key := newTestKey(t)
	c := createCert(t, key, utc(1949, 12, 31, 23, 59, 59), utc(1950, 1, 1, 0, 0, 0))
	assert.Equal(t, int(GeneralizedTime), c.tbs.Validity.NotBefore.Tag)
	assert.Equal(t, "19491231235959Z", string(c.tbs.Validity.NotBefore.Bytes))
	assert.Equal(t, int(UTCTime), c.tbs.Validity.NotAfter.Tag)
	assert.Equal(t, "500101000000Z", string(c.tbs.Validity.NotAfter.Bytes))
	assert.Equal(t, time.Second, c.cert.NotAfter.Sub(c.cert.NotBefore))
	_, err := DecodeTime(GeneralizedTime, "19500101000000Z")
	assert.ErrorIs(t, err, ErrEncoding)
}

// TestX509Issued: certificates for validities the presets issue on and
// around leap days (including the guest agent's fixed 2013-02-28) survive a
// round trip through x509 unchanged, and the 2012 preset has nothing to
// build on February 29.
func TestX509Issued(t *testing.T) {
	key := newTestKey(t)
	for _, p := range Presets() {
		for _, now := range []time.Time{
			utc(2012, 2, 28, 23, 59, 59), utc(2012, 2, 29, 0, 0, 0), utc(2012, 2, 29, 23, 59, 59),
			utc(2012, 3, 1, 0, 0, 0), utc(2049, 2, 28, 12, 0, 0), utc(2048, 2, 29, 12, 0, 0),
			utc(9999, 6, 1, 0, 0, 0),
		} {
			v, err := Issue(p.Policy, now)
			if err != nil {
				require.Equal(t, GuestAgent2012, p.Name, "%s at %s: %v", p.Name, now, err)
				require.Equal(t, 29, now.Day())
				continue
			}
			c := createCert(t, key, v.NotBefore, v.NotAfter)
			got := Validity{c.cert.NotBefore, c.cert.NotAfter}
			assert.Equal(t, v.String(), got.String(), "%s at %s", p.Name, now)
			assert.Equal(t, v.Period(), got.Period())
		}
	}
}

// TestX509SubSecond: x509 silently truncates a fractional second in a
// template, as Issue truncates now; the model's EncodeTime refuses it
// instead, so that no caller believes a fraction survived.
func TestX509SubSecond(t *testing.T) {
	key := newTestKey(t)
	now := utc(2012, 2, 29, 12, 0, 0).Add(999 * time.Millisecond)
	c := createCert(t, key, now, now.Add(time.Hour))
	assert.True(t, c.cert.NotBefore.Equal(utc(2012, 2, 29, 12, 0, 0)), "x509 truncates: %s", c.cert.NotBefore)
	v, err := Issue(Policy{Lifetime: Lifetime{Duration: time.Hour}}, now)
	require.NoError(t, err)
	assert.True(t, v.NotBefore.Equal(c.cert.NotBefore), "Issue truncates as x509 does")
	assert.True(t, v.NotAfter.Equal(c.cert.NotAfter))
	_, err = EncodeTime(now)
	assert.ErrorIs(t, err, ErrEncoding)
}

// TestX509VerifyLastSecond: x509's Verify and the model's ValidAt agree at
// every whole second around both bounds; within NotAfter's last second the
// model (inclusive at one-second precision) still says valid and Verify,
// which compares nanoseconds, says expired. This is the one documented
// difference.
func TestX509VerifyLastSecond(t *testing.T) {
	key := newTestKey(t)
	nb, na := utc(2012, 2, 29, 0, 0, 0), utc(2013, 2, 28, 23, 59, 59)
	c := createCert(t, key, nb, na)
	roots := x509.NewCertPool()
	roots.AddCert(c.cert)
	verify := func(at time.Time) bool {
		_, err := c.cert.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: at})
		return err == nil
	}
	v := Validity{nb, na}
	for _, at := range []time.Time{nb.Add(-time.Second), nb, nb.Add(time.Second), na.Add(-time.Second), na, na.Add(time.Second)} {
		assert.Equal(t, verify(at), v.ValidAt(at), "at %s", at)
	}
	half := na.Add(500 * time.Millisecond)
	assert.True(t, v.ValidAt(half))
	assert.False(t, verify(half))
}
