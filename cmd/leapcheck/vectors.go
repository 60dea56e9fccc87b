package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/leapcheck/leapcheck/models/calendar"
)

const vectorsUsage = `usage: leapcheck vectors civil [--from DATE] [--to DATE]
       leapcheck vectors add-years|add-months --overflow POLICY [--n N] [--from DATE] [--to DATE]

Prints tab-separated reference vectors from the calendar model, one line per
day (every day 0001-01-01..9999-12-31 unless --from/--to: about 3.7 million
lines, 88 MB for add-years, so send it to a file), so that date code in other
languages can be tested against it. A first line starting with '#' names the
columns.

Kinds:
  civil        date, day number (days since 1970-01-01), ISO weekday (1=Mon..7=Sun),
               day of year, ISO week-based year, ISO week, leap year (0/1), days in month
  add-years    date, n, date + n years under --overflow, where the model has no
               answer ERR:no-such-day (reject, the day does not exist in the target
               month) or ERR:out-of-range (the result is outside 0001..9999)
  add-months   the same for n months

Examples:
  leapcheck vectors civil > civil.tsv
  leapcheck vectors civil --from 2012-02-27 --to 2012-03-02
  leapcheck vectors add-years --n 1 --overflow reject --from 2012-02-27 --to 2012-03-01
  leapcheck vectors add-months --n -1 --overflow clamp > add-months-clamp.tsv
`

func runVectors(args []string, stdout, stderr io.Writer) error {
	c := newCommand("vectors", vectorsUsage, stdout)
	fs := c.fs
	var from, to dateFlag
	fs.Var(&from, "from", "first `DATE`, YYYY-MM-DD (default 0001-01-01)")
	fs.Var(&to, "to", "last `DATE`, YYYY-MM-DD (default 9999-12-31)")
	n := intFlag{v: 1, min: -120000, max: 120000}
	fs.Var(&n, "n", "`N` years or months to add (add-years, add-months; default 1)")
	overflow := fs.String("overflow", "", "`POLICY` for a day the target month lacks: clamp, roll or reject (add-years, add-months)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		if len(pos) == 0 {
			return usagef("want a KIND: civil, add-years or add-months")
		}
		return usagef("want one KIND, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	r, err := rangeOf(from, to)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	switch kind := pos[0]; kind {
	case "civil":
		for _, f := range []string{"n", "overflow"} {
			if flagPassed(fs, f) {
				return usagef("--%s applies to add-years and add-months, not civil", f)
			}
		}
		writeCivil(w, r)
	case "add-years", "add-months":
		if *overflow == "" {
			return usagef("%s needs --overflow clamp, roll or reject", kind)
		}
		o, err := calendar.ParseOverflow(*overflow)
		if err != nil {
			return usagef("--overflow %q: want clamp, roll or reject", *overflow)
		}
		add := calendar.Date.AddYears
		if kind == "add-months" {
			add = calendar.Date.AddMonths
		}
		writeAdd(w, r, kind, n.v, o, add)
	default:
		return usagef("unknown kind %q: want civil, add-years or add-months", kind)
	}
	if err := w.Flush(); err != nil {
		return &ioError{fmt.Sprintf("writing the vectors: %v", err)}
	}
	return nil
}

func writeCivil(w *bufio.Writer, r calendar.Range) {
	w.WriteString("# date\tday_number\tiso_weekday\tyear_day\tiso_year\tiso_week\tleap\tdays_in_month\n")
	buf := make([]byte, 0, 64)
	for n, d := range r.DayNumbers() {
		y, wk := d.ISOWeek()
		buf = append(buf[:0], d.String()...)
		buf = appendField(buf, n)
		buf = appendField(buf, int64(d.ISOWeekday()))
		buf = appendField(buf, int64(d.YearDay()))
		buf = appendField(buf, int64(y))
		buf = appendField(buf, int64(wk))
		leap := int64(0)
		if calendar.IsLeap(d.Year) {
			leap = 1
		}
		buf = appendField(buf, leap)
		buf = appendField(buf, int64(calendar.DaysIn(d.Year, d.Month)))
		buf = append(buf, '\n')
		w.Write(buf)
	}
}

func writeAdd(w *bufio.Writer, r calendar.Range, kind string, n int, o calendar.Overflow,
	add func(calendar.Date, int, calendar.Overflow) (calendar.Date, error)) {
	w.WriteString("# date\tn\tresult (" + kind + ", overflow " + o.String() + ")\n")
	buf := make([]byte, 0, 32)
	for d := range r.Days() {
		buf = append(buf[:0], d.String()...)
		buf = appendField(buf, int64(n))
		buf = append(buf, '\t')
		if res, err := add(d, n, o); errors.Is(err, calendar.ErrNoSuchDay) {
			buf = append(buf, "ERR:no-such-day"...)
		} else if err != nil {
			buf = append(buf, "ERR:out-of-range"...)
		} else {
			buf = append(buf, res.String()...)
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
}

func appendField(buf []byte, v int64) []byte {
	return strconv.AppendInt(append(buf, '\t'), v, 10)
}
