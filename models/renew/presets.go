package renew

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/leapcheck/leapcheck/models/calendar"
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
	Source string    `json:"source"`
	Client Policy    `json:"client"`
	CA     Lifetimes `json:"ca"`
	Limit  RateLimit `json:"limit"`
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
	for _, err := range []error{p.Client.Validate(), p.CA.Validate(), p.Limit.Validate()} {
		if err != nil {
			return fmt.Errorf("renew: preset %s: %w", p.Name, err)
		}
	}
	if p.Outage < 0 || p.Outage%time.Second != 0 {
		return configError(p.Name, fmt.Sprintf("preset %s: Outage = %v: must be whole non-negative seconds", p.Name, p.Outage))
	}
	return nil
}

// Clients used by the presets.

// CertManager is cert-manager's default: renew when a third of the
// lifetime is left ("If unset, this defaults to 1/3 of the issued
// certificate's lifetime", Certificate.spec.renewBefore), as a controller
// that wakes at exactly that instant, retrying failed issuance after 1 h
// doubling to 32 h (assumption, see Retry).
func CertManager() Policy {
	return Policy{Name: "cert-manager", Trigger: Trigger{Kind: FractionOfLifetime, Fraction: 2.0 / 3},
		Retry: Retry{Initial: time.Hour, Max: 32 * time.Hour}}
}

// ARIClient is an ACME client that follows the CA's ACME Renewal
// Information (RFC 9773) as a daemon (lego, Caddy), retrying like
// CertManager.
func ARIClient() Policy {
	return Policy{Name: "ari", Trigger: Trigger{Kind: ARIWindow}, Retry: Retry{Initial: time.Hour, Max: 32 * time.Hour}}
}

// Certbot is certbot with renew_before_expiry = 30 days run by its systemd
// timer (CertbotTimer); a failed renewal is retried at the next run.
func Certbot() Policy {
	return Policy{Name: "certbot-30d", Trigger: Trigger{Kind: BeforeExpiry, Offset: 30 * Day}, Wake: CertbotTimer(),
		Retry: Retry{AtNextWake: true}}
}

// Kubelet is the kubelet's certificate rotation: at a uniform random
// 70-90% of the lifetime, retrying after 1 h doubling to 32 h (the retry
// figures are an assumption).
func Kubelet() Policy {
	return Policy{Name: "kubelet", Trigger: Trigger{Kind: JitteredFraction, Fraction: 0.7, FractionHigh: 0.9},
		Retry: Retry{Initial: time.Hour, Max: 32 * time.Hour}}
}

// Preset names, for PresetByName.
const (
	CertManagerLEClassic = "cert-manager-le-classic"
	ARILEClassic         = "ari-le-classic"
	CertbotLEClassic     = "certbot-le-classic"
	CertbotBRMaximum     = "certbot-br-maximum"
	KubeletOneYear       = "kubelet-1year"
	Monthly31ClampLE45   = "monthly-31st-clamp-45d"
	YearlyAddYearsClamp  = "yearly-addyears-clamp"
	CertbotShortLived    = "certbot-shortlived"
	Renew60DaysLEClassic = "renew-60d-le-classic"
	Monthly31SkipLE45    = "monthly-31st-skip-45d"
	YearlyAddYearsReject = "yearly-addyears-reject"
	YearlyFeb29Skip      = "yearly-feb29-skip"
)

// outage48h is the CA outage every preset claims to survive: two days,
// longer than any Let's Encrypt production outage on record.
const outage48h = 48 * time.Hour

// Presets returns the renewal presets, freshly built on each call. The
// safe ones prove 0 failing dates; each unsafe one states its failing dates
// in its Claim, with the arithmetic in its Source.
func Presets() []Preset {
	le, ex := LetsEncryptClassic(), LetsEncryptExactSet()
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
		{Name: CertManagerLEClassic, Client: CertManager(), CA: le, Limit: ex, Outage: outage48h,
			Source: "cert-manager default renewBefore (1/3 of the lifetime) against Let's Encrypt classic 90/64/45 days: at least 15 days of margin."},
		{Name: ARILEClassic, Client: ARIClient(), CA: le, Limit: ex, Outage: outage48h,
			Source: "RFC 9773 client with Boulder's RenewalInfoSimple window against Let's Encrypt classic: renews at 2/3 ±1% of the lifetime."},
		{Name: CertbotLEClassic, Client: Certbot(), CA: le, Limit: ex, Outage: outage48h,
			Source: "certbot renew_before_expiry = 30 days, certbot.timer, against Let's Encrypt classic 90/64/45 days: due 60/34/15 days after issuance, 30 days of margin; at most one renewal per 15 days."},
		{Name: CertbotBRMaximum, Client: Certbot(), CA: BaselineMaximum(), Limit: ex, Outage: outage48h,
			Source: "certbot 30 days against a CA issuing the Baseline Requirements maximum (398/200/100/47 days): due 17 days after issuance at worst."},
		{Name: KubeletOneYear, Client: Kubelet(), CA: Fixed("kubernetes-1year", 365*Day), Outage: outage48h,
			Source: "kubelet rotation at 70-90% of a one-year certificate (kube-controller-manager --cluster-signing-duration default 8760h); a cluster CA has no rate limit."},
		{Name: Monthly31ClampLE45, Client: cron("monthly-31st-clamp", MonthlyOn(31, Clamp)), CA: fixed45, Limit: ex, Outage: outage48h,
			Source: "A monthly job on the 31st that clamps to the month's last day renews at most 31 days after any issuance: with a 48-hour outage 33 days, inside 45."},
		{Name: YearlyAddYearsClamp, Client: anniversary(calendar.Clamp), CA: fixed398, Outage: outage48h,
			Source: "Renew one calendar year after issuance (calendar.AddYears, Clamp: 2028-02-29 + 1 year = 2029-02-28) against 398-day certificates: 32 days of margin."},
		{Name: CertbotShortLived, Client: Certbot(), CA: LetsEncryptShortLived(), Limit: ex, Outage: outage48h,
			Source: "certbot's 30-day threshold against 160-hour certificates: every certificate is due at issuance, so certbot renews on every run of its twice-daily timer, " +
				"up to 14 certificates per 7 days against the limit of 5 per 7 days: a renewal storm from every issuance date.",
			Claim: proof.Always("every date (a renewal storm over the rate limit)")},
		{Name: Renew60DaysLEClassic, Client: Policy{Name: "renew-after-60d", Trigger: Trigger{Kind: AfterIssuance, Offset: 60 * Day},
			Retry: Retry{Initial: time.Hour, Max: 24 * time.Hour}}, CA: le, Limit: ex, Outage: outage48h,
			Source: "A client that renews 60 days after issuance as if every certificate lasted 90 days (acme.sh's default --days 60): 30 days of margin on 90-day certificates, " +
				"4 days on 64-day certificates from 2027-02-10 (a 48-hour outage retried 1h doubling to 24h is over 55 hours after the due time), and a lapse of 15 days for every 45-day certificate, issued from 2028-02-16.",
			Claim: proof.Claim{FailsOn: func(d calendar.Date) bool { return !d.Before(calendar.Date{Year: 2028, Month: time.February, Day: 16}) }, FailingDates: "every date from 2028-02-16 (45-day certificates)"}},
		{Name: Monthly31SkipLE45, Client: cron("monthly-31st-skip", MonthlyOn(31, Skip)), CA: fixed45, Limit: ex, Outage: outage48h,
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
