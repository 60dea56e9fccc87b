// Package cert is leapcheck's reference model of certificate validity: the
// RFC 5280 validity period, its encoding as UTCTime and GeneralizedTime,
// issuance policies that turn "now" into a validity, and the CA/Browser
// Forum's limits on TLS certificate lifetimes.
//
// # Assumptions
//
//   - Time is UTC. A Validity's bounds are instants; Issue returns them in
//     UTC, and encoded times always end in Z. Only an issuance policy has a
//     location: the time zone in which its issuer decides what "today" is
//     and does its calendar arithmetic.
//   - One-second precision. Certificate times are whole seconds. A Validity
//     with a fractional second is invalid (Validate reports it, EncodeTime
//     refuses it); Issue truncates the fractional part of "now", as issuers
//     do when they write it into a certificate; ValidAt takes its argument
//     at one-second precision.
//   - Both bounds inclusive. RFC 5280 §4.1.2.5: "The validity period for a
//     certificate is the period of time from notBefore through notAfter,
//     inclusive." A certificate is valid at t iff NotBefore <= t <=
//     NotAfter, i.e. through the whole last second, and its period is
//     NotAfter - NotBefore + 1s.
//   - Range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the instants a
//     four-digit GeneralizedTime can express; the calendar is
//     leapcheck/models/calendar's proleptic Gregorian calendar, with no leap
//     seconds.
//   - No mutable state, no clocks: every function takes the time it needs,
//     and Presets builds fresh values on each call.
//
// # The 2012 outage
//
// On 29 February 2012 the Windows Azure guest agent in every new virtual
// machine made its "transfer certificate" valid from midnight UTC of the
// current day to "one year from that date", computed by adding 1 to the
// year. On a leap day that asked for 2013-02-29, which does not exist;
// certificate creation failed, the agent exited, and the host, after three
// 25-minute timeouts, reported its server as faulty. The preset
// guest-agent-2012 is that policy and fails on exactly the 2,424 February
// 29ths of years 1..9999; guest-agent-fixed clamps to February 28 and never
// fails:
//
//	p, _ := cert.PresetByName("guest-agent-2012")
//	_, err := cert.Issue(p.Policy, time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC))
//	// cert: issue at 2012-02-29T00:00:00Z with policy guest-agent-2012:
//	// calendar: 2012-02-29 + 1 year: 2013-02-29 does not exist (February 2013 has 28 days)
//	errors.Is(err, calendar.ErrNoSuchDay) // true
//
//	p, _ = cert.PresetByName("guest-agent-fixed")
//	v, _ := cert.Issue(p.Policy, time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC))
//	// v = 2012-02-29T00:00:00Z..2013-02-28T00:00:00Z, v.ValidAt(now) == true
//
// # The end of a lifetime
//
// Because NotAfter is inclusive, "one year from 2012-03-01T00:00:00Z" can
// end at 2013-03-01T00:00:00Z (valid for one year and one second, what the
// 2012 guest agent and most scripts do) or at 2013-02-28T23:59:59Z (valid for
// exactly one year, what CAs that must meet a limit do). Policy.SubtractSecond
// makes the choice explicit; the zero value is the guest agent's. The
// difference matters: the Baseline Requirements count any excess over a
// whole number of days as one more day, so a 398-day lifetime without the
// subtracted second is 399 days, and not compliant.
//
// # Encoding, and years before 1950
//
// RFC 5280 §4.1.2.5: "CAs conforming to this profile MUST always encode
// certificate validity dates through the year 2049 as UTCTime; certificate
// validity dates in 2050 or later MUST be encoded as GeneralizedTime." But
// UTCTime's two-digit year means 1950..2049 (§4.1.2.5.1), so a date before
// 1950 cannot be UTCTime, and the RFC says nothing else about such dates.
// The model does what crypto/x509 (encoding/asn1), OpenSSL and Windows do:
//
//	years        EncodeTime / TagFor      DecodeTime accepts
//	0001..1949   GeneralizedTime          GeneralizedTime
//	1950..2049   UTCTime                  UTCTime only
//	2050..9999   GeneralizedTime          GeneralizedTime (and UTCTime cannot say it)
//
// DecodeTime rejects GeneralizedTime for 1950..2049, which the RFC forbids,
// and everything else the profile forbids: fractional seconds, offsets other
// than Z, missing seconds, fields out of range.
//
// # Validity at the last second
//
// ValidAt treats NotAfter as the whole second it names: a certificate with
// NotAfter 23:59:59Z is valid at 23:59:59.5Z. crypto/x509's Verify compares
// with nanosecond precision (now.After(NotAfter)) and calls it expired
// during that half second; the two agree at every whole second.
//
// # CA/Browser Forum limits
//
// MaxTLSValidityDays gives the Baseline Requirements' maximum by issuance
// date (398 days; 200 from 2026-03-15; 100 from 2027-03-15; 47 from
// 2029-03-15), BRDays counts a period as §6.3.2 does (days of 86,400 s, any
// excess one more day), and ComplianceError says by how much a validity
// exceeds its limit. A "one year" certificate is 365 or 366 BR days: 366
// when its year contains February 29, or when its NotAfter is the
// anniversary itself. MonthsLimitExceeded models a limit in months, such as
// the older "39 months", and documents how each overflow policy reads it for
// a certificate issued on February 29.
//
// # Expiry questions
//
// Validity.Remaining, RenewAt (clients renew at 2/3 of the lifetime:
// RenewAt(CertManagerSpan, 2.0/3)) and Covers answer what a client asks of
// a certificate it holds. Span names the two ways clients measure a
// lifetime, one second apart: NotAfter - NotBefore (cert-manager, certbot,
// lego, autocert, the kubelet) and NotAfter + 1s - NotBefore (certmagic,
// Boulder's ARI window).
package cert
