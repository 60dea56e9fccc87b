package renew_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/stretchr/testify/assert"
)

// TestKindNames pins the name of the first and the last value of every
// kind the model prints (as their doc comments give them), and the
// fallback for the values next to them and beyond: a kind one past the
// last must print as a number, not index past its table of names.
func TestKindNames(t *testing.T) {
	for _, c := range []struct {
		v    fmt.Stringer
		want string
	}{
		{renew.FractionOfLifetime, "fraction"},
		{renew.EveryRun, "every-run"},
		{renew.TriggerKind(0), "TriggerKind(0)"},
		{renew.EveryRun + 1, fmt.Sprintf("TriggerKind(%d)", renew.EveryRun+1)},
		{renew.TriggerKind(255), "TriggerKind(255)"},
		{renew.NewOrder, "new order"},
		{renew.ARIRenewal, "ARI renewal"},
		{renew.RequestKind(0), "RequestKind(0)"},
		{renew.ARIRenewal + 1, fmt.Sprintf("RequestKind(%d)", renew.ARIRenewal+1)},
		{renew.PerExactSet, "exact-set"},
		{renew.PerAccountNewOrders, "account-new-orders"},
		{renew.LimitScope(0), "LimitScope(0)"},
		{renew.PerAccountNewOrders + 1, fmt.Sprintf("LimitScope(%d)", renew.PerAccountNewOrders+1)},
		{renew.KindAttempt, "attempt"},
		{renew.KindHostDown, "host-down"},
		{renew.EventKind(0), "EventKind(0)"},
		{renew.KindHostDown + 1, fmt.Sprintf("EventKind(%d)", renew.KindHostDown+1)},
		{renew.Boot, "boot"},
		{renew.Refused, "refused"},
		{renew.ClientEventKind(0), "ClientEventKind(0)"},
		{renew.Refused + 1, fmt.Sprintf("ClientEventKind(%d)", renew.Refused+1)},
		{renew.Truncate, "truncate"},
		{renew.After, "after"},
		{renew.Comparison(0), "Comparison(0)"},
		{renew.After + 1, fmt.Sprintf("Comparison(%d)", renew.After+1)},
		{renew.Lapse, "lapse"},
		{renew.ScheduleError, "schedule-error"},
		{renew.FailureKind(0), "FailureKind(0)"},
		{renew.ScheduleError + 1, fmt.Sprintf("FailureKind(%d)", renew.ScheduleError+1)},
		{renew.Continuous, "continuous"},
		{renew.Every, "every"},
		{renew.Every + 1, fmt.Sprintf("ScheduleKind(%d)", renew.Every+1)},
		{renew.Skip, "skip"},
		{renew.Roll, "roll"},
		{renew.SystemdDST, "systemd"},
		{renew.CronDST, "cron"},
		{renew.DSTRule(0), "DSTRule(0)"},
		{renew.CronDST + 1, fmt.Sprintf("DSTRule(%d)", renew.CronDST+1)},
	} {
		assert.Equal(t, c.want, c.v.String())
	}
}

// TestRateLimitText pins how a limit prints its durations: whole days as
// "Nd", a day and more as days and the rest, under a day as Go prints it
// without zero units.
func TestRateLimitText(t *testing.T) {
	for _, c := range []struct {
		count  int
		period time.Duration
		want   string
	}{
		{1, renew.Day, "l: 1 per 1d, 1 every 1d"},
		{1, renew.Day - time.Second, "l: 1 per 23h59m59s, 1 every 23h59m59s"},
		{2, renew.Day + 2*time.Hour, "l: 2 per 1d2h, 1 every 13h"},
		{5, 7 * renew.Day, "l: 5 per 7d, 1 every 1d9h36m"},
	} {
		assert.Equal(t, c.want, renew.RateLimit{Name: "l", Scope: renew.PerExactSet, Count: c.count, Period: c.period}.String())
	}
	assert.Equal(t, "no limit", renew.RateLimit{}.String())
}

// TestEventText checks a timeline line names its service (service 0 is a
// service, -1 the CA) and shows a detail only when there is one.
func TestEventText(t *testing.T) {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	svc := renew.Event{At: at, Kind: renew.KindAttempt, Service: 0}.String()
	assert.Contains(t, svc, "svc 0")
	assert.NotContains(t, svc, "(")
	ca := renew.Event{At: at, Kind: renew.KindOutageStart, Service: -1, Detail: "until 2026-06-02T00:00:00Z"}.String()
	assert.Contains(t, ca, " ca ")
	assert.NotContains(t, ca, "svc")
	assert.Contains(t, ca, "(until 2026-06-02T00:00:00Z)")
}
