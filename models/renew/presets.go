package renew

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/proof"
)

// Preset is a renewal setup the proof checks: a client, the CA it renews
// from (lifetimes and rate limit), the longest CA outage the claim
// covers, and the claim itself.
type Preset struct {
	// Name identifies the preset, e.g. "certbot-le-classic".
	Name string `json:"name"`
	// Source says where the client's behaviour and the figures come from,
	// and which parts are assumptions.
	Source string      `json:"source"`
	Client Policy      `json:"client"`
	CA     Lifetimes   `json:"ca"`
	Limits []RateLimit `json:"limits,omitempty"`
	// Outage is the longest CA outage the claim covers: the proof places
	// an outage of this length at the client's first renewal attempt.
	Outage time.Duration `json:"outage"`
	// Claim is the claim: Claim.FailsOn is true exactly on the issuance
	// dates (UTC) that fail the proof; the zero Claim means the preset
	// never fails. It is data written from the preset's arithmetic, never
	// computed by the prover; tests check it against the prover and
	// against an independent enumeration.
	proof.Claim
}

// Validate returns nil if every part of p is valid, else the first error.
func (p Preset) Validate() error {
	if p.Name == "" {
		return configError("preset", "preset: Name must not be empty")
	}
	for _, err := range []error{p.Client.Validate(), p.CA.Validate()} {
		if err != nil {
			return fmt.Errorf("renew: preset %s: %w", p.Name, err)
		}
	}
	for _, l := range p.Limits {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("renew: preset %s: %w", p.Name, err)
		}
	}
	if p.Outage < 0 || p.Outage%time.Second != 0 {
		return configError(p.Name, fmt.Sprintf("preset %s: Outage = %v: must be whole non-negative seconds", p.Name, p.Outage))
	}
	return nil
}

// RenewalKind is how the CA classifies the client's renewals: ARIRenewal
// for a client that renews in the ARI window (exempt from every limit),
// Renewal otherwise (the same set of names, so only the exact-set limit
// applies).
func (p Policy) RenewalKind() RequestKind {
	if p.Trigger.Kind == ARIWindow {
		return ARIRenewal
	}
	return Renewal
}

// RenewalLimit returns the limit of p.Limits that applies to the client's
// renewals with the longest refill (the exact-set bucket for Let's
// Encrypt), or no limit.
func (p Preset) RenewalLimit() RateLimit {
	var out RateLimit
	for _, l := range p.Limits {
		if l.Applies(p.Client.RenewalKind()) && l.Refill() > out.Refill() {
			out = l
		}
	}
	return out
}

// Clients used by the presets, each as the release named in its Name and
// doc comment behaves, with the source read for it.

// CertManager is cert-manager v1.21.1's default
// (https://github.com/cert-manager/cert-manager, pkg/util/pki/renewaltime.go
// RenewalTime): no renewBefore, so "default to renewing 2/3 through
// certificate's lifetime", lifetime = NotAfter - NotBefore, the point
// truncated to the second and due when now >= it; a controller that wakes
// at exactly that instant, retrying failed issuance after 1 h doubling to
// 32 h (trigger_controller.go shouldBackoffReissuingOnFailure; defaults.go
// `defaultCertificateRequestMinimumBackoffDuration = 1 * time.Hour`,
// maximum 32 h).
func CertManager() Policy {
	return Policy{Name: "cert-manager-1.21.1", Trigger: Trigger{Kind: FractionOfLifetime, Fraction: 2.0 / 3, Span: cert.CertManagerSpan, Compare: Truncate},
		Retry: Retry{Initial: time.Hour, Max: 32 * time.Hour}}
}

// ARIClient is an ACME client that follows the CA's ACME Renewal
// Information (RFC 9773, https://www.rfc-editor.org/rfc/rfc9773) as a
// daemon, renewing at a uniform instant of Boulder's window and retrying
// like CertManager. Its renewals are ARI renewals: exempt from every
// Let's Encrypt limit.
func ARIClient() Policy {
	return Policy{Name: "ari", Trigger: Trigger{Kind: ARIWindow}, Retry: Retry{Initial: time.Hour, Max: 32 * time.Hour}}
}

// certbotSnapTimer is certbot's timer as its snap declares it ("Run
// approximately twice a day with randomization", snap/snapcraft.yaml
// `timer: 00:00~24:00/2`, v5.6.0), modelled as Debian's certbot.timer (00:00
// and 12:00, each delayed up to 12 hours; snapd's exact semantics not
// verified), plus certbot's own random sleep before a non-interactive
// renewal (renewal.py `sleep_time = random.uniform(1, 60 * 8)`): the delay
// bound is 12 h + 8 min.
func certbotSnapTimer() Schedule {
	s := CertbotTimer()
	s.Delay += 8 * time.Minute
	return s
}

// Certbot is certbot >= 4.0.0 (read at v5.6.0,
// https://github.com/certbot/certbot, renewal.py _default_renewal_time and
// should_autorenew): due when now > NotBefore + 2/3 of the lifetime
// (NotAfter - NotBefore), or + 1/2 below 10 days ("Certificates now renew
// with 1/3rd of lifetime left (or 1/2 of lifetime left, if the lifetime is
// shorter than 10 days)", CHANGELOG 4.0.0). Run by its timer; a failed
// renewal waits for the next run (certbot has no retry of its own). ARI
// (4.1.0+) can only make renewal earlier and is left out.
func Certbot() Policy {
	return Policy{Name: "certbot-4.0.0", Trigger: Trigger{Kind: FractionOfLifetime, Fraction: 2.0 / 3, Span: cert.CertManagerSpan, Compare: After,
		ShortFraction: 0.5, ShortBelow: 10 * Day}, Wake: certbotSnapTimer(), Retry: Retry{AtNextWake: true}}
}

// CertbotLegacy is certbot before 4.0.0 (e.g. Debian 12's certbot 2.1.0,
// whose renewal configuration defaults `"renew_before_expiry": "30 days"`),
// or a later certbot with renew_before_expiry = 30 days in the lineage
// configuration: due when NotAfter < now + 30 days, run by Debian's
// certbot.timer (CertbotTimer; the Debian cron line passes
// --no-random-sleep-on-renew).
func CertbotLegacy() Policy {
	return Policy{Name: "certbot-30d", Trigger: Trigger{Kind: BeforeExpiry, Offset: 30 * Day}, Wake: CertbotTimer(),
		Retry: Retry{AtNextWake: true}}
}

// Autocert is Go's golang.org/x/crypto/acme/autocert from v0.45.0 (read at
// v0.55.0, https://github.com/golang/crypto, acme/autocert/renewal.go
// next): `threshold := min(notAfter.Sub(notBefore)/3, 30*24*time.Hour)`,
// renew at NotAfter - threshold + jitter, the jitter uniform in [0,
// min(threshold/10, 1 h)) (later, never earlier), on a time.AfterFunc; a
// failed renewal is retried after `time.Hour / 2` plus a uniform draw of
// up to another half hour, forever.
func Autocert() Policy {
	return Policy{Name: "autocert-0.45.0", Trigger: Trigger{Kind: FractionOfLifetime, Fraction: 2.0 / 3, Span: cert.CertManagerSpan, Compare: AtOrAfter,
		Cap: 30 * Day, JitterCap: time.Hour}, Retry: Retry{Initial: 30 * time.Minute, Max: 30 * time.Minute, Random: 30 * time.Minute}}
}

// Lego is lego v5 (read at v5.3.1, https://github.com/go-acme/lego,
// cmd/cmd_run_renew.go getDueDate) with --ari-disable and no
// --renew-days: due when now >= NotAfter - lifetime/3, or lifetime/2 when
// the lifetime rounded to days is at most 10 (below 10.5 days), lifetime =
// NotAfter - NotBefore; run daily by cron (lego ships no timer; the time
// of day is the operator's, a fixed unknown one here) after its random
// sleep of up to 8 minutes (`const jitter = 8 * time.Minute`); a failed
// run waits for the next. With ARI on (the default) lego renews at the
// earlier of ARI and this rule.
func Lego() Policy {
	wake := Schedule{Kind: Daily, Times: []time.Duration{0}, Delay: Day, FixedDelay: true}
	return Policy{Name: "lego-5.0.0-ari-disable", Trigger: Trigger{Kind: FractionOfLifetime, Fraction: 2.0 / 3, Span: cert.CertManagerSpan, Compare: AtOrAfter,
		ShortFraction: 0.5, ShortBelow: 10*Day + 12*time.Hour}, Wake: wake, Retry: Retry{AtNextWake: true}}
}

// AcmeSh is acme.sh 3.1.3 (https://github.com/acmesh-official/acme.sh,
// acme.sh issue()/renew()): `DEFAULT_RENEW="${DEFAULT_RENEW:-30}"`, due
// when now >= issuance + 30 days - 1 day (`Le_NextRenewTime - 86400`),
// whatever the lifetime; run by the daily cron line installcronjob writes
// ("M H * * *", M and H from the install time: a fixed unknown time of
// day); a failed renewal waits for the next day's run.
func AcmeSh() Policy {
	wake := Schedule{Kind: Daily, Times: []time.Duration{0}, Delay: Day, FixedDelay: true}
	return Policy{Name: "acme.sh-3.1.3", Trigger: Trigger{Kind: AfterIssuance, Offset: 29 * Day}, Wake: wake, Retry: Retry{AtNextWake: true}}
}

// Certmagic is Caddy's certificate manager, certmagic v0.25.3 (Caddy
// v2.11.3 and v2.11.4; https://github.com/caddyserver/certmagic,
// certificates.go, maintain.go, async.go): renewal when now is strictly
// after NotAfter + 1s - 1/3 x (NotAfter + 1s - NotBefore) (cert.CertmagicSpan,
// float64 arithmetic), noticed by a ticker every 10 minutes whose phase
// is the process start, retried after 1m, 2m, 2m, 5m, 10m x3, 20m x4,
// 30m x6, 1h x3, 2h x2, 3h x2, then every 6h (for up to 30 days, far
// beyond any outage here). ARI (on by default) renews at the earlier of
// its time and this rule, so leaving it out is conservative.
func Certmagic() Policy {
	m := time.Minute
	steps := []time.Duration{m, 2 * m, 2 * m, 5 * m, 10 * m, 10 * m, 10 * m, 20 * m, 20 * m, 20 * m, 20 * m,
		30 * m, 30 * m, 30 * m, 30 * m, 30 * m, 30 * m, time.Hour, time.Hour, time.Hour, 2 * time.Hour, 2 * time.Hour,
		3 * time.Hour, 3 * time.Hour, 6 * time.Hour}
	return Policy{Name: "certmagic-0.25.3", Trigger: Trigger{Kind: FractionOfLifetime, Fraction: 2.0 / 3, Span: cert.CertmagicSpan, Compare: After},
		Wake: Schedule{Kind: Every, Period: 10 * m, Delay: 10 * m, FixedDelay: true}, Retry: Retry{Steps: steps}}
}

// Kubelet is the kubelet's client certificate rotation (client-go
// v0.36.3, https://github.com/kubernetes/client-go,
// util/certificate/certificate_manager.go): at NotBefore + L x U[0.7, 0.9)
// ("rotate at approximately 70-90% of the total lifetime"), L = NotAfter -
// NotBefore; on failure wait.Backoff{Duration: 2s, Factor: 2, Jitter:
// 0.1, Steps: 5}, then every 32 s forever. The 10% jitter is bounded by a
// uniform 0..1 s added to every wait (Random 2s), which is later than the
// real jitter (at most 1.6 s on 16 s) only where it makes the proof
// conservative.
func Kubelet() Policy {
	return Policy{Name: "kubelet-0.36.3", Trigger: Trigger{Kind: JitteredFraction, Fraction: 0.7, FractionHigh: 0.9},
		Retry: Retry{Steps: []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second}, Random: 2 * time.Second}}
}

// Preset names, for PresetByName.
const (
	CertManagerLEClassic   = "cert-manager-le-classic"
	ARILEClassic           = "ari-le-classic"
	CertbotLEClassic       = "certbot-le-classic"
	CertbotLegacyLEClassic = "certbot-30d-le-classic"
	CertbotBRMaximum       = "certbot-30d-br-maximum"
	CertbotShortLivedV4    = "certbot-shortlived"
	AutocertLEClassic      = "autocert-le-classic"
	AutocertLEShortLived   = "autocert-shortlived"
	LegoLEClassic          = "lego-le-classic"
	AcmeShLEClassic        = "acme.sh-le-classic"
	CaddyLEClassic         = "caddy-le-classic"
	KubeletOneYear         = "kubelet-1year"
	Monthly31ClampLE45     = "monthly-31st-clamp-45d"
	YearlyAddYearsClamp    = "yearly-addyears-clamp"
	CertbotShortLived      = "certbot-30d-shortlived"
	Renew60DaysLEClassic   = "renew-60d-le-classic"
	Monthly31SkipLE45      = "monthly-31st-skip-45d"
	YearlyAddYearsReject   = "yearly-addyears-reject"
	YearlyFeb29Skip        = "yearly-feb29-skip"
)

// outage48h is the CA outage every preset claims to survive: two days,
// longer than any Let's Encrypt production outage on record.
const outage48h = 48 * time.Hour

// Presets returns the renewal presets, freshly built on each call. The
// safe ones prove 0 failing dates; each unsafe one states its failing dates
// in its Claim, with the arithmetic in its Source. Every preset's CA
// applies Let's Encrypt's documented limits (LetsEncryptLimits) unless it
// is a private CA.
func Presets() []Preset {
	le, ex := LetsEncryptClassic(), LetsEncryptLimits()
	fixed45 := Fixed("45-day", 45*Day)
	fixed398 := Fixed("internal-398-day", 398*Day)
	hourly := Retry{Initial: time.Hour, Max: time.Hour}
	cron := func(name string, s Schedule) Policy {
		return Policy{Name: name, Trigger: Trigger{Kind: EveryRun}, Wake: s, Retry: hourly}
	}
	anniversary := func(o calendar.Overflow) Policy {
		return Policy{Name: "anniversary-" + o.String(), Trigger: Trigger{Kind: Anniversary, Years: 1, Overflow: o},
			Retry: Retry{Initial: time.Hour, Max: 32 * time.Hour}}
	}
	return []Preset{
		{Name: CertManagerLEClassic, Client: CertManager(), CA: le, Limits: ex, Outage: outage48h,
			Source: "cert-manager v1.21.1 default (2/3 of the lifetime) against Let's Encrypt classic 90/64/45 days: at least 15 days of margin."},
		{Name: ARILEClassic, Client: ARIClient(), CA: le, Limits: ex, Outage: outage48h,
			Source: "RFC 9773 client with Boulder's RenewalInfoSimple window against Let's Encrypt classic: renews at 2/3 ±1% of the lifetime, exempt from the limits."},
		{Name: CertbotLEClassic, Client: Certbot(), CA: le, Limits: ex, Outage: outage48h,
			Source: "certbot >= 4.0.0 (v5.6.0, https://github.com/certbot/certbot) on its timer against Let's Encrypt classic 90/64/45 days: due at 2/3 of the lifetime, 15 days of margin or more."},
		{Name: CertbotLegacyLEClassic, Client: CertbotLegacy(), CA: le, Limits: ex, Outage: outage48h,
			Source: "certbot before 4.0.0 (renew_before_expiry = 30 days, certbot.timer) against Let's Encrypt classic 90/64/45 days: due 60/34/15 days after issuance, 30 days of margin."},
		{Name: CertbotBRMaximum, Client: CertbotLegacy(), CA: BaselineMaximum(), Limits: ex, Outage: outage48h,
			Source: "certbot's 30 days against a CA issuing the Baseline Requirements maximum (398/200/100/47 days): due 17 days after issuance at worst."},
		{Name: CertbotShortLivedV4, Client: Certbot(), CA: LetsEncryptShortLived(), Limits: ex, Outage: outage48h,
			Source: "certbot >= 4.0.0 with --preferred-profile shortlived (added in 4.0.0; https://letsencrypt.org/docs/profiles/): a 160-hour certificate is due after 80 hours, " +
				"but its twice-daily timer can wait up to 24h08m between runs (12 hours apart, each delayed up to 12 hours, plus certbot's sleep of up to 8 minutes): " +
				"issued at 00:00, due at 08:00 on day 3, first run by 00:07:59 on day 4, a 48-hour outage to 00:07:59 on day 6, next run by 00:07:59 on day 7, 8h08m after the certificate ended at 16:00 on day 6.",
			Claim: proof.Always("every date (a 48-hour outage and the timer's worst draws use up the 80 hours)")},
		{Name: AutocertLEClassic, Client: Autocert(), CA: le, Limits: ex, Outage: outage48h,
			Source: "Go acme/autocert (x/crypto >= v0.45.0, https://github.com/golang/crypto) against Let's Encrypt classic: renews at min(1/3, 30 days) before expiry, 15 days or more of margin."},
		{Name: AutocertLEShortLived, Client: Autocert(), CA: LetsEncryptShortLived(), Limits: ex, Outage: outage48h,
			Source: "Go acme/autocert (x/crypto >= v0.45.0) against 160-hour certificates: due with 53h20m left (a third), jitter under 1 hour, retries every 30-60 minutes: a 48-hour outage fits."},
		{Name: LegoLEClassic, Client: Lego(), CA: le, Limits: ex, Outage: outage48h,
			Source: "lego v5 (v5.3.1, https://github.com/go-acme/lego) with --ari-disable from a daily cron against Let's Encrypt classic: due with a third of the lifetime left."},
		{Name: AcmeShLEClassic, Client: AcmeSh(), CA: le, Limits: ex, Outage: outage48h,
			Source: "acme.sh 3.1.3 (https://github.com/acmesh-official/acme.sh) default --days 30 from its daily cron against Let's Encrypt classic 90/64/45 days: due 29 days after issuance, 16 days of margin on 45-day certificates."},
		{Name: CaddyLEClassic, Client: Certmagic(), CA: le, Limits: ex, Outage: outage48h,
			Source: "Caddy v2.11.3/v2.11.4 (certmagic v0.25.3, https://github.com/caddyserver/certmagic) against Let's Encrypt classic: renews after 2/3 of NotAfter + 1s - NotBefore, checked every 10 minutes."},
		{Name: KubeletOneYear, Client: Kubelet(), CA: Fixed("kubernetes-1year", 365*Day), Outage: outage48h,
			Source: "kubelet (client-go v0.36.3) rotation at 70-90% of a one-year certificate (kube-controller-manager --cluster-signing-duration default 8760h, not verified); a cluster CA has no rate limit."},
		{Name: Monthly31ClampLE45, Client: cron("monthly-31st-clamp", MonthlyOn(31, Clamp)), CA: fixed45, Limits: ex, Outage: outage48h,
			Source: "A monthly job on the 31st that clamps to the month's last day renews at most 31 days after any issuance: with a 48-hour outage 33 days, inside 45."},
		{Name: YearlyAddYearsClamp, Client: anniversary(calendar.Clamp), CA: fixed398, Outage: outage48h,
			Source: "Renew one calendar year after issuance (calendar.AddYears, Clamp: 2028-02-29 + 1 year = 2029-02-28) against 398-day certificates: 32 days of margin."},
		{Name: CertbotShortLived, Client: CertbotLegacy(), CA: LetsEncryptShortLived(), Limits: ex, Outage: outage48h,
			Source: "renew_before_expiry = 30 days against 160-hour certificates (only a lineage configuration can do this: choosing the shortlived profile needs certbot >= 4.0.0, whose default would renew at 80 hours): " +
				"every certificate is due at issuance, so certbot asks on every run of its twice-daily timer. Under Let's Encrypt's buckets the renewals are exempt from the registered-domain and new-orders limits, " +
				"and the exact-set bucket, empty in this steady state, gives a token back every 33.6 hours: the requests are refused until then and the next run renews, at most 57.6 hours after issuance, well inside 160 hours. Safe (it was a storm under the old sliding window)."},
		{Name: Renew60DaysLEClassic, Client: Policy{Name: "renew-after-60d", Trigger: Trigger{Kind: AfterIssuance, Offset: 60 * Day},
			Retry: Retry{Initial: time.Hour, Max: 24 * time.Hour}}, CA: le, Limits: ex, Outage: outage48h,
			Source: "A client that renews 60 days after issuance as if every certificate lasted 90 days (acme.sh up to 3.1.2 defaulted to --days 60, due at 59 days): 30 days of margin on 90-day certificates, " +
				"4 days on 64-day certificates from 2027-02-10 (a 48-hour outage retried 1h doubling to 24h is over 55 hours after the due time), and a lapse of 15 days for every 45-day certificate, issued from 2028-02-16.",
			Claim: proof.Claim{FailsOn: func(d calendar.Date) bool { return !d.Before(calendar.Date{Year: 2028, Month: time.February, Day: 16}) }, FailingDates: "every date from 2028-02-16 (45-day certificates)"}},
		{Name: Monthly31SkipLE45, Client: cron("monthly-31st-skip", MonthlyOn(31, Skip)), CA: fixed45, Limits: ex, Outage: outage48h,
			Source: "A cron job \"0 0 31 * *\" (cron skips months without a 31st) that renews 45-day certificates on every run, retrying hourly: a certificate issued at 00:00 on d " +
				"is replaced at the first 31st after d plus the 48-hour outage, so it lapses when that 31st is 44 or more days after d, that is when the renewal would fall in a month without a 31st.",
			Claim: proof.Claim{FailsOn: func(d calendar.Date) bool { return daysToNextDay31(d) >= 44 }, FailingDates: "the dates whose next 31st of a month is 44 or more days later"}},
		{Name: YearlyAddYearsReject, Client: anniversary(calendar.Reject), CA: fixed398, Outage: outage48h,
			Source: "Renew one year after issuance computed by adding 1 to the year with Reject semantics (Python date.replace, the 2012 guest agent): " +
				"for a certificate issued on February 29 the renewal date does not exist, the client cannot schedule it, and the certificate lapses.",
			Claim: proof.Claim{FailsOn: calendar.Date.IsFebruary29, FailingDates: "every February 29"}},
		{Name: YearlyFeb29Skip, Client: cron("yearly-feb29-skip", YearlyOn(time.February, 29, Skip)), CA: fixed398, Outage: outage48h,
			Source: "A yearly job on February 29 (cron \"0 0 29 2 *\" runs in leap years only) renewing 398-day certificates: a certificate lapses unless the next February 29 " +
				"is at most 396 days after its issuance date (398 days less the 48-hour outage).",
			Claim: proof.Claim{FailsOn: func(d calendar.Date) bool { return daysToNextFebruary29(d) > 396 }, FailingDates: "the dates more than 396 days before the next February 29"}},
	}
}

// daysToNextDay31 returns the days from d to the first 31st of a month
// strictly after d.
func daysToNextDay31(d calendar.Date) int {
	y, m := d.Year, d.Month
	if d.Day == 31 || calendar.DaysIn(y, m) < 31 {
		m++
	}
	for {
		if m > time.December {
			m, y = time.January, y+1
		}
		if calendar.DaysIn(y, m) == 31 {
			return int(calendar.Date{Year: y, Month: m, Day: 31}.DayNumber() - d.DayNumber())
		}
		m++
	}
}

// daysToNextFebruary29 returns the days from d to the first February 29
// strictly after d.
func daysToNextFebruary29(d calendar.Date) int {
	y := d.Year
	if d.Month > time.February || d.IsFebruary29() {
		y++
	}
	for !calendar.IsLeap(y) {
		y++
	}
	return int(calendar.Date{Year: y, Month: time.February, Day: 29}.DayNumber() - d.DayNumber())
}

// PresetByName returns the preset called name, or an error wrapping
// ErrConfig that lists the names.
func PresetByName(name string) (Preset, error) {
	ps := Presets()
	names := make([]string, len(ps))
	for i, p := range ps {
		if p.Name == name {
			return p, nil
		}
		names[i] = p.Name
	}
	return Preset{}, configError(strconv.Quote(name), fmt.Sprintf("no renewal preset named %q (have %s)", name, strings.Join(names, ", ")))
}
