package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/internal/testpresets"
	"github.com/leapcheck/leapcheck/models/calendar"
	"github.com/leapcheck/leapcheck/models/cert"
	"github.com/leapcheck/leapcheck/models/cluster"
	"github.com/leapcheck/leapcheck/models/host"
	"github.com/leapcheck/leapcheck/models/proof"
	"github.com/leapcheck/leapcheck/models/sim"
)

func prover(t testing.TB, p sim.ProofPreset) *sim.Prover {
	t.Helper()
	pr, err := sim.NewProver(p)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

func proofPreset(t testing.TB, name string) sim.ProofPreset {
	t.Helper()
	p, err := sim.ProofPresetByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sweepAll proves every date of r with the proof engine, on every core,
// and returns the preset's result and the dates that were not StageNone
// with their stage.
func sweepAll(t *testing.T, p sim.ProofPreset, r calendar.Range) (proof.SubjectResult, map[calendar.Date]sim.Stage) {
	t.Helper()
	s, err := p.Subject()
	if err != nil {
		t.Fatal(err)
	}
	unsafe := map[calendar.Date]sim.Stage{}
	stages := map[string]sim.Stage{}
	for st := sim.StageNone; st <= sim.StageClusterHI; st++ {
		stages[st.String()] = st
	}
	res, err := proof.Sweep(r, []proof.Subject{s}, proof.Options{Visit: func(_ int, d calendar.Date, v proof.Verdict, _ bool) {
		if v.Fails {
			unsafe[d] = stages[v.Kind]
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Subjects[0], unsafe
}

// The design's proof, for every proof preset and for the test presets
// (internal/testpresets), judged only by each preset's claim: on every one
// of the 3,652,059 dates the preset fails exactly where its claim says, so
// the fixed guest agent is safe everywhere and a new preset needs nothing
// but its declaration. Under -short (with the race detector) it sweeps
// 1600..2400 only, and skips the test presets.
func TestProofClaimsExhaustive(t *testing.T) {
	presets := sim.ProofPresets()
	r := calendar.All()
	if testing.Short() {
		var err error
		if r, err = calendar.NewRange(calendar.Date{Year: 1600, Month: time.January, Day: 1}, calendar.Date{Year: 2400, Month: time.December, Day: 31}); err != nil {
			t.Fatal(err)
		}
	} else {
		for _, s := range testpresets.Scenarios() {
			presets = append(presets, sim.ProofPresetOf(s))
		}
	}
	for _, p := range presets {
		t.Run(p.Name, func(t *testing.T) {
			tally, unsafe := sweepAll(t, p, r)
			if tally.DatesChecked != r.Len() || !tally.OK || tally.FailingDates != int64(len(unsafe)) {
				t.Fatalf("%s (%s): %+v over %d dates; first failing: %v", p.Name, p.Claim.Text(), tally, tally.DatesChecked, firstOf(unsafe))
			}
			if p.Safe() != (tally.ClaimedDates == 0) {
				t.Fatalf("%s (%s): %d dates claimed", p.Name, p.Claim.Text(), tally.ClaimedDates)
			}
		})
	}
}

// A wrong claim fails the sweep: the 2012 agent claimed to fail on the day
// after each February 29 is caught on every one of them, both ways.
func TestProofClaimWrong(t *testing.T) {
	p := proofPreset(t, sim.PresetAzure2012)
	p.FailsOn = func(d calendar.Date) bool { return d.Month == time.March && d.Day == 1 && calendar.IsLeap(d.Year) }
	r, err := calendar.NewRange(calendar.Date{Year: 2000, Month: time.January, Day: 1}, calendar.Date{Year: 2099, Month: time.December, Day: 31})
	if err != nil {
		t.Fatal(err)
	}
	tally, _ := sweepAll(t, p, r)
	if tally.OK || tally.Unexpected != 25 || tally.Missed != 25 {
		t.Fatalf("%+v: want 25 unexpected February 29ths and 25 missed March 1sts", tally)
	}
}

// "a proof that cannot fail is not a proof": the same pipeline on the 2012
// guest agent reports exactly the 2,424 February 29ths, each reaching
// cluster HI.
func TestProof2012Exhaustive(t *testing.T) {
	tally, unsafe := sweepAll(t, proofPreset(t, sim.PresetAzure2012), calendar.All())
	if len(unsafe) != 2424 || tally.Kinds[sim.StageClusterHI.String()] != 2424 || tally.FailingDates != 2424 || tally.DatesChecked != calendar.DaysInRange {
		t.Fatalf("2012 preset: tally %+v, %d unsafe dates, want 2,424 at cluster-hi", tally, len(unsafe))
	}
	for d, s := range unsafe {
		if d.Month != time.February || d.Day != 29 || !calendar.IsLeap(d.Year) || s != sim.StageClusterHI {
			t.Errorf("unsafe date %v at stage %v, want only February 29ths at cluster-hi", d, s)
		}
	}
}

func firstOf(m map[calendar.Date]sim.Stage) string {
	var b strings.Builder
	n := 0
	for d, s := range m {
		if n == 5 {
			break
		}
		b.WriteString(d.String() + ":" + s.String() + " ")
		n++
	}
	return b.String()
}

// edgeDays are the days around every February 29 and at the model's ends.
func edgeDays(step int) []calendar.Date {
	days := []calendar.Date{calendar.MinDate, {Year: 1, Month: time.January, Day: 2}, {Year: 9999, Month: time.December, Day: 30}, calendar.MaxDate}
	for y := 1; y <= 9999; y += step {
		days = append(days, calendar.Date{Year: y, Month: time.February, Day: 28}, calendar.Date{Year: y, Month: time.March, Day: 1})
		if calendar.IsLeap(y) {
			days = append(days, calendar.Date{Year: y, Month: time.February, Day: 29})
		}
	}
	return days
}

func wantStage(d calendar.Date, failing sim.Stage) sim.Stage {
	if d.Month == time.February && d.Day == 29 {
		return failing
	}
	return sim.StageNone
}

// The restart flavours: with the 2012 guest agent, Kubernetes and systemd
// never fault a host, so February 29 stops at the certificate stage.
func TestProofRestartFlavours(t *testing.T) {
	for _, name := range []string{sim.PresetKubernetes, sim.PresetSystemd} {
		pr := prover(t, proofPreset(t, name))
		for _, d := range edgeDays(7) {
			got, err := pr.Prove(d)
			if err != nil {
				t.Fatal(err)
			}
			if want := wantStage(d, sim.StageCertificate); got != want {
				t.Errorf("%s %v: %v, want %v", name, d, got, want)
			}
		}
	}
}

// Issuers in any zone from UTC−14 to UTC+14: the local date decides. The
// model's ends stay safe (instants outside the model are not issuances).
func TestProofOffsets(t *testing.T) {
	for _, c := range []struct {
		name    string
		failing sim.Stage
	}{{sim.PresetAzure2012Fixed, sim.StageNone}, {sim.PresetAzure2012, sim.StageClusterHI}} {
		p := proofPreset(t, c.name)
		p.Offsets = sim.WholeHourOffsets()
		pr := prover(t, p)
		for _, d := range edgeDays(37) {
			got, err := pr.Prove(d)
			if err != nil {
				t.Fatal(err)
			}
			if want := wantStage(d, c.failing); got != want {
				t.Errorf("%s %v with offsets ±14h: %v, want %v", c.name, d, got, want)
			}
		}
	}
	if n := len(sim.WholeHourOffsets()); n != 29 {
		t.Errorf("%d whole-hour offsets, want 29", n)
	}
}

// Attempts cross midnight into a safe day: with a 12-hour attempt timeout,
// a VM first started at 00:00 on 29 February issues at 00:01, 12:01 and
// 00:01 on 1 March, which succeeds: no host fault. With a 7-hour timeout the
// host faults at 21:00, but the healed VMs' second starts (04:00 on 1 March)
// succeed: a host fault and no cluster HI.
func TestProofCrossesMidnight(t *testing.T) {
	p := proofPreset(t, sim.PresetAzure2012)
	leap := calendar.Date{Year: 2012, Month: time.February, Day: 29}
	for _, c := range []struct {
		timeout time.Duration
		want    sim.Stage
	}{
		{12 * time.Hour, sim.StageCertificate},
		{7 * time.Hour, sim.StageHostFault},
		{25 * time.Minute, sim.StageClusterHI},
	} {
		hp, err := host.FixedDelay(0, c.timeout, 3)
		if err != nil {
			t.Fatal(err)
		}
		q := p
		q.Host = hp
		got, err := sim.ProveDate(q, leap)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("timeout %v: %v, want %v", c.timeout, got, c.want)
		}
	}
	// Within a day the cascade (×4 every 75 minutes) reaches every one of
	// the 100 servers; a threshold above the cluster's size is never
	// reached: the host faults, the cluster does not enter HI.
	q := p
	q.Cluster.Threshold, _ = cluster.AtLeast(100)
	if got, _ := sim.ProveDate(q, leap); got != sim.StageClusterHI {
		t.Errorf("threshold 100 of 100: %v, want cluster-hi", got)
	}
	q.Cluster.Threshold, _ = cluster.AtLeast(101)
	if got, _ := sim.ProveDate(q, leap); got != sim.StageHostFault {
		t.Errorf("threshold 101 of 100: %v, want host-fault", got)
	}
}

// The safe path does not allocate.
func TestProveSafeAllocs(t *testing.T) {
	pr := prover(t, proofPreset(t, sim.PresetAzure2012))
	d := calendar.Date{Year: 2012, Month: time.March, Day: 1}
	allocs := testing.AllocsPerRun(100, func() {
		if s, err := pr.Prove(d); err != nil || s != sim.StageNone {
			t.Fatalf("Prove(%v) = %v, %v", d, s, err)
		}
	})
	if allocs != 0 {
		t.Errorf("safe path allocates %v times per date", allocs)
	}
}

// Bad input: an invalid date or preset is an error naming it.
func TestProofErrors(t *testing.T) {
	pr := prover(t, proofPreset(t, sim.PresetAzure2012))
	if _, err := pr.Prove(calendar.Date{Year: 2013, Month: time.February, Day: 29}); err == nil || !strings.Contains(err.Error(), "2013-02-29") {
		t.Errorf("Prove(2013-02-29): err = %v, want it named", err)
	}
	p := proofPreset(t, sim.PresetAzure2012)
	p.Host = host.Policy{}
	if _, err := sim.NewProver(p); err == nil || !strings.Contains(err.Error(), "Host") {
		t.Errorf("zero host policy: err = %v, want it named", err)
	}
	p = proofPreset(t, sim.PresetAzure2012)
	p.Offsets = []time.Duration{15 * time.Hour}
	if _, err := sim.NewProver(p); err == nil || !strings.Contains(err.Error(), "Offsets[0]") {
		t.Errorf("offset 15h: err = %v, want it named", err)
	}
	if _, err := new(sim.Prover).Prove(calendar.MinDate); err == nil {
		t.Error("zero Prover: no error")
	}
	if _, err := sim.ProofPresetByName("nope"); err == nil || !strings.Contains(err.Error(), "azure2012") {
		t.Errorf("unknown proof preset: err = %v", err)
	}
	for _, s := range []sim.Stage{sim.StageNone, sim.StageCertificate, sim.StageHostFault, sim.StageClusterHI, 9} {
		if s.String() == "" {
			t.Errorf("stage %d has no name", s)
		}
	}
	if got := sim.StageClusterHI.String(); got != "cluster-hi" {
		t.Errorf("StageClusterHI = %q", got)
	}
}

// A policy whose verdict changes inside a local day near the model's end,
// where the cap of the cascade (48 hours, proofWindow) falls inside the
// day too: the guest agent issues 55 hours of validity from now, in
// America/New_York (-05:00 in December). Issued at t, NotAfter = t + 55 h
// passes 9999-12-31T23:59:59Z from t = 9999-12-29T17:00:00Z, local 12:00:00
// on 9999-12-29; the cascade from a failure at t0 fits the model only while
// t0 + 48 h is in it, up to 9999-12-29T23:59:59Z, local 18:59:59. So on
// 9999-12-29 the instants from 12:00 to 18:59:59 local fail and reach the
// cluster stage, the later ones stop at the host stage, and the first hour
// (the instants of the retry schedule) and the day's last second say
// nothing of the cluster stage: only the every-second check near the
// bounds finds it. 9999-12-28 never fails (its last instant,
// 9999-12-29T04:59:59Z, is before 17:00Z); every instant of 9999-12-30
// fails, after the cap.
func TestProverFindsAStageInsideADayNearTheEnd(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	p, err := sim.ProofPresetByName(sim.PresetAzure2012)
	if err != nil {
		t.Fatal(err)
	}
	p.Issuance = cert.Policy{Name: "55h", Lifetime: cert.Lifetime{Duration: 55 * time.Hour}, Location: ny}
	pr, err := sim.NewProver(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		d    calendar.Date
		want sim.Stage
	}{
		{calendar.Date{Year: 9999, Month: 12, Day: 28}, sim.StageNone},
		{calendar.Date{Year: 9999, Month: 12, Day: 29}, sim.StageClusterHI},
		{calendar.Date{Year: 9999, Month: 12, Day: 30}, sim.StageHostFault},
	} {
		got, err := pr.Prove(c.d)
		if err != nil || got != c.want {
			t.Errorf("Prove(%s) = %v, %v; want %v", c.d, got, err, c.want)
		}
	}
}

// The host and cluster stages start the failing VM BootDelay before its
// failing issuance t0, so that it issues at t0 (Prove's doc). A long restart
// delay puts the retries that decide a stage just before or just after
// midnight, where the leap day's failures end: azure2012 with a boot delay
// of 20 minutes and host.FixedDelay(D, 25m, 3), so a start fails at its
// 25-minute timeout and the next one comes D later, one every P = D + 25m.
// Issued at 00:00:00 on 2012-02-29 (first start 23:40 the day before), the
// VM issues at 0, P and 2P, and its server faults at 2P + 5m; its four VMs
// start on four other servers at once and issue at 2P + 25m + kP, the third
// at 4P + 25m, which faults those four: five servers, azure2012's 5 % of the
// proof cluster's 100, and the cluster is in Human Investigate.
//
//   - D = 5h20m: 4P + 25m = 23:25, on the leap day: cluster stage.
//   - D = 5h30m: 4P + 25m = 00:05 on March 1, which issues: host stage.
//   - D = 11h20m: 2P = 23:30, the third failure on the leap day: host stage.
//   - D = 11h40m: 2P = 00:10 on March 1: the certificate stage only.
//
// A start at t0 + BootDelay would put each of these 40 minutes later, and
// the first and third a stage lower. The same holds of the issuer's local
// leap day in New York, from its local midnight (05:00Z): judged on the
// UTC day instead, the first failing instant would be 18:59:59 local, too
// late in the day for any stage past the certificate.
func TestProverStartsTheFailingVMABootDelayEarly(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		delay time.Duration
		loc   *time.Location
		want  sim.Stage
	}{
		{5*time.Hour + 20*time.Minute, nil, sim.StageClusterHI},
		{5*time.Hour + 30*time.Minute, nil, sim.StageHostFault},
		{11*time.Hour + 20*time.Minute, nil, sim.StageHostFault},
		{11*time.Hour + 40*time.Minute, nil, sim.StageCertificate},
		{5*time.Hour + 20*time.Minute, ny, sim.StageClusterHI},
		{11*time.Hour + 20*time.Minute, ny, sim.StageHostFault},
	} {
		p, err := sim.ProofPresetByName(sim.PresetAzure2012)
		if err != nil {
			t.Fatal(err)
		}
		p.Issuance.Location = c.loc
		p.BootDelay = 20 * time.Minute
		if p.Host, err = host.FixedDelay(c.delay, 25*time.Minute, 3); err != nil {
			t.Fatal(err)
		}
		got, err := sim.ProveDate(p, calendar.Date{Year: 2012, Month: time.February, Day: 29})
		if err != nil || got != c.want {
			t.Errorf("restart delay %v in %v: Prove = %v, %v; want %v", c.delay, p.Issuance.Location, got, err, c.want)
		}
	}
}

// The host stage runs to the end of the proof window, 48 hours after the
// failing VM's first start, inclusive (Run's horizon is too): a certificate
// that is never valid at issuance (1 hour of validity from 3 hours back)
// fails every start, and host.FixedDelay(D, 25m, 3) fails them at their
// 25-minute timeouts, D apart, so the third failure, the fault, comes
// 3 × 25m + 2D after the first start: at 48 hours exactly for
// D = 23h22m30s (the host stage), and 2 s past them for D = 23h22m31s
// (the certificate stage only).
func TestProverCountsAFaultAtTheEndOfItsWindow(t *testing.T) {
	for _, c := range []struct {
		delay time.Duration
		want  sim.Stage
	}{
		{23*time.Hour + 22*time.Minute + 30*time.Second, sim.StageHostFault},
		{23*time.Hour + 22*time.Minute + 31*time.Second, sim.StageCertificate},
	} {
		p, err := sim.ProofPresetByName(sim.PresetAzure2012)
		if err != nil {
			t.Fatal(err)
		}
		p.Issuance = cert.Policy{Name: "never valid", Lifetime: cert.Lifetime{Duration: time.Hour}, Backdate: 3 * time.Hour}
		if p.Host, err = host.FixedDelay(c.delay, 25*time.Minute, 3); err != nil {
			t.Fatal(err)
		}
		got, err := sim.ProveDate(p, calendar.Date{Year: 2012, Month: time.June, Day: 1})
		if err != nil || got != c.want {
			t.Errorf("restart delay %v: Prove = %v, %v; want %v", c.delay, got, err, c.want)
		}
	}
}

// A local day of 23 hours ends at its own last second: in Berlin,
// 2025-03-30 (clocks go from 02:00 to 03:00) is followed by 2025-03-31,
// whose one-month certificates would end on April 31 and are refused
// (Reject). The prover judges the 23 hours of March 30 and not the first
// second of March 31 with them.
func TestProverKeepsAShortDayToItself(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	p, err := sim.ProofPresetByName(sim.PresetAzure2012)
	if err != nil {
		t.Fatal(err)
	}
	p.Issuance = cert.Policy{Name: "1 month, Reject", Lifetime: cert.Lifetime{Months: 1}, Overflow: calendar.Reject, Location: berlin}
	for _, c := range []struct {
		d    calendar.Date
		want sim.Stage
	}{
		{calendar.Date{Year: 2025, Month: time.March, Day: 30}, sim.StageNone},
		{calendar.Date{Year: 2025, Month: time.March, Day: 31}, sim.StageClusterHI},
	} {
		got, err := sim.ProveDate(p, c.d)
		if err != nil || got != c.want {
			t.Errorf("Prove(%s) in Berlin = %v, %v; want %v", c.d, got, err, c.want)
		}
	}
}

// A fixed zone's failing suffix is judged from its first second, not only
// at the day's last: 55-hour certificates issued at UTC−5 end past
// 9999-12-31T23:59:59Z from local 12:00:00 of 9999-12-29 (17:00Z), and the
// cascade from a start at t0 stays in the model while t0 + 48 h does, up
// to 9999-12-29T23:59:59Z, local 18:59:59. So 12:00 to 18:59:59 local reach
// the cluster stage, the day's last second (04:59:59Z the next day) only
// the host stage. The prover said host stage here before it looked for the
// suffix's start; with UTC among the offsets it found the cluster stage
// there, where the day's last second is the cascade's last start.
func TestProverJudgesAFixedZonesFailingSuffixFromItsStart(t *testing.T) {
	for _, offsets := range [][]time.Duration{{-5 * time.Hour}, {-5 * time.Hour, 0}, {-5 * time.Hour, -3 * time.Hour}} {
		p, err := sim.ProofPresetByName(sim.PresetAzure2012)
		if err != nil {
			t.Fatal(err)
		}
		p.Issuance = cert.Policy{Name: "55h", Lifetime: cert.Lifetime{Duration: 55 * time.Hour}}
		p.Offsets = offsets
		for _, c := range []struct {
			day  int
			want sim.Stage
		}{{28, sim.StageNone}, {29, sim.StageClusterHI}, {30, sim.StageHostFault}} {
			got, err := sim.ProveDate(p, calendar.Date{Year: 9999, Month: time.December, Day: c.day})
			if err != nil || got != c.want {
				t.Errorf("offsets %v: Prove(9999-12-%d) = %v, %v; want %v", offsets, c.day, got, err, c.want)
			}
		}
	}
}
