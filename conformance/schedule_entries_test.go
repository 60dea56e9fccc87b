package conformance

import (
	"time"

	"github.com/leapcheck/leapcheck/models/renew"
	"github.com/leapcheck/leapcheck/props"
	"github.com/robfig/cron/v3"
)

// cronNext is robfig/cron's parsed schedule's Next: the first activation
// strictly after t, in t's location for a spec without CRON_TZ (the check
// hands it UTC instants). It returns the zero time when no activation is
// found within five years.
func cronNext(spec string) props.NextRunFunc {
	s, err := cron.ParseStandard(spec)
	return func(t time.Time) (time.Time, error) {
		if err != nil {
			return time.Time{}, err
		}
		return s.Next(t), nil
	}
}

func nextRun(s renew.Schedule, bound props.RunBound, f props.NextRunFunc) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyNextRun(s, bound, f, vo, opts...)
	}
}

// scheduleEntries are the rows for schedule libraries: the next run of a
// cron expression against renew.Schedule.NextRun.
func scheduleEntries() []entry {
	const rc = "github.com/robfig/cron/v3"
	return []entry{
		{rc, `cron.ParseStandard("0 0,12 * * *").Next(t)`, "NextRun", "daily 00:00,12:00, After", true,
			nextRun(renew.DailyAt(0, 12*time.Hour), props.After, cronNext("0 0,12 * * *"))},
		{rc, `cron.ParseStandard("0 0 31 * *").Next(t)`, "NextRun", "monthly on the 31st (skip), After", true,
			nextRun(renew.MonthlyOn(31, renew.Skip), props.After, cronNext("0 0 31 * *"))},
		{rc, `cron.ParseStandard("30 3 1 * *").Next(t)`, "NextRun", "monthly on the 1st at 03:30, After", true,
			nextRun(renew.Schedule{Kind: renew.Monthly, Day: 1, Overflow: renew.Skip, Times: []time.Duration{3*time.Hour + 30*time.Minute}}, props.After, cronNext("30 3 1 * *"))},
		{rc, `cron.ParseStandard("0 0 29 2 *").Next(t)`, "NextRun", "yearly on February 29 (skip), After", true,
			nextRun(renew.YearlyOn(time.February, 29, renew.Skip), props.After, cronNext("0 0 29 2 *"))},
	}
}
