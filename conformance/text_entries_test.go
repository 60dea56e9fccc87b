package conformance

import (
	"time"

	"github.com/golang-module/carbon/v2"
	"github.com/leapcheck/leapcheck/props"
)

func dateTimeFormat(f func(time.Time) (string, error)) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyDateTimeFormat(f, vo, opts...)
	}
}

func dateTimeParse(f func(string) (time.Time, error)) func(props.VerifyOptions, ...props.Option) error {
	return func(vo props.VerifyOptions, opts ...props.Option) error {
		return props.VerifyDateTimeParse(f, vo, opts...)
	}
}

// textEntries are the rows for RFC 3339 date-time text.
func textEntries() []entry {
	const cb = "github.com/golang-module/carbon/v2"
	return []entry{
		{"std", "t.Format(time.RFC3339Nano)", "DateTimeFormat", "", true,
			dateTimeFormat(func(t time.Time) (string, error) { return t.Format(time.RFC3339Nano), nil })},
		{"std", "t.UTC().Format(time.RFC3339Nano)", "DateTimeFormat", "", true,
			dateTimeFormat(func(t time.Time) (string, error) { return t.UTC().Format(time.RFC3339Nano), nil })},
		{"std", "time.Parse(time.RFC3339, s)", "DateTimeParse", "", true,
			dateTimeParse(func(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) })},
		{cb, "carbon.Parse(s).StdTime()", "DateTimeParse", "", true,
			dateTimeParse(func(s string) (time.Time, error) {
				c := carbon.Parse(s)
				return c.StdTime(), c.Error
			})},
	}
}
