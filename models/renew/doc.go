// Package renew is leapcheck's reference model of certificate renewal: the
// clients that decide when to renew (renewal policies and their timers),
// the CA they renew from (lifetimes by issuance date, outages, a rate
// limit), a fleet of services sharing that CA, and a proof, over every
// issuance date of a window, that no certificate lapses.
//
// The proof of package sim covers certificates that cannot be issued on a
// date. This package covers the other half of "certificate expiry", the one
// behind Azure Storage 2013, Ericsson 2018, Microsoft Teams 2020 and
// Starlink 2023: a certificate that was issued fine and expired in service
// because its renewal came too late. Lifetimes are shrinking on fixed dates
// (the CA/Browser Forum's 200, 100 and 47 days from 2026-03-15,
// 2027-03-15 and 2029-03-15; Let's Encrypt's 64 days from 2027-02-10 and
// 45 days from 2028-02-16), so renewal logic written for 90- or 398-day
// certificates breaks on dates that are known in advance, and renewal
// timers have their own calendar bugs (a monthly job on the 31st, a yearly
// job on February 29, "one year after issuance" under Reject).
//
// # Assumptions
//
//   - Time is UTC, whole seconds, no leap seconds; instants run from
//     0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. Schedules run at
//     times of day in UTC.
//   - A certificate is valid from NotBefore through NotAfter inclusive
//     (RFC 5280), so one issued at t with lifetime L is valid until
//     t + L, exclusive: NotAfter = t + L - 1s. The CA does not backdate.
//   - Issuance is instantaneous: a request the CA accepts is answered with
//     a certificate at the same instant, valid from that instant. A request
//     fails during an outage or when a rate limit's token bucket is empty;
//     nothing else fails. Rate limits are Let's Encrypt's, as its
//     documentation and Boulder define them (ratelimit.go): token buckets,
//     refused requests free, renewals exempt from the per-domain and
//     per-account limits, ARI renewals from all.
//   - No clock, no goroutine, no global, no hidden randomness. Jitter and
//     timer delays are drawn from PCG generators (math/rand/v2) seeded
//     from explicit inputs; the same inputs give the same answers.
//
// # Clients
//
// A Policy is a Trigger (when a certificate is due), a Schedule (when the
// client wakes to notice) and a Retry (what it does after a failed
// attempt). The triggers are those of real clients, each cited on its
// constant with the release it was read from: a fraction of the lifetime
// (cert-manager, certbot >= 4.0.0, lego v5, Go's autocert, certmagic, with
// each client's lifetime convention, cert.Span, and comparison), a fixed
// threshold before expiry (certbot before 4.0.0), a fixed delay after
// issuance (acme.sh), the kubelet's jittered 70-90%, RFC 9773's ARI window
// as Let's Encrypt serves it, a calendar anniversary computed with
// calendar.AddYears, and "renew on every run". The clients themselves
// (CertManager, Certbot, CertbotLegacy, Autocert, Lego, AcmeSh, Certmagic,
// Kubelet) name their release. Schedules are cron- or systemd-style: daily at given times
// with a random delay (certbot.timer), monthly on day N and yearly on a
// date, with an explicit DayOverflow for months without day N:
//
//	overflow   monthly on the 31st in April   yearly on Feb 29 in 2027   used by
//	Skip       no run                         no run                     cron, systemd OnCalendar
//	Clamp      April 30                       February 28                "last day of the month" jobs
//	Roll       May 1                          March 1                    Go time.Date normalisation
//
// Client is the client as a state machine in the manner of package host:
// Step takes (state, event, now) and returns the next state and the
// actions (request a certificate, set a timer); Simulate drives a fleet of
// them against one CA.
//
// # The proof
//
// Prover judges, for every issuance date of a range (DefaultWindow,
// 2020-01-01..2040-12-31, or calendar.All()), and every second of that
// date, that the certificate issued then is replaced before it expires
// even when the CA is down for the preset's Outage at the first attempt,
// and even when the rate limit's bucket is empty after its issuance, at
// the worst of every random draw (the argument is on Prover).
// Preset.Subject makes a preset a subject of package proof's engine, which
// sweeps a range on every core, shards it and merges the shards. Each
// Preset states the dates it fails on (its Claim); tests compare the
// prover's failing set with that claim, with an independent enumeration,
// and with a brute force over every second of sampled dates.
package renew
