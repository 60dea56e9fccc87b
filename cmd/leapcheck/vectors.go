package main

import (
	"bufio"
	"io"
	"strconv"

	"github.com/leapcheck/leapcheck/models/calendar"
)

const vectorsUsage = `usage: leapcheck vectors KIND [--from DATE --to DATE] [--n N --overflow POLICY]

Prints tab-separated reference vectors from the calendar model, one line per
day (every day 0001-01-01..9999-12-31 unless --from/--to), so that date code in
other languages can be tested against it. A first line starting with '#' names
the columns.

Kinds:
  civil        date, day number (days since 1970-01-01), ISO weekday (1=Mon..7=Sun),
               day of year, ISO week-based year, ISO week, leap year (0/1), days in month
  add-years    date, n, date + n years under --overflow (ERR where the model errors)
  add-months   date, n, date + n months under --overflow (ERR where the model errors)

Examples:
  leapcheck vectors civil > civil.tsv
  leapcheck vectors civil --from 2012-02-27 --to 2012-03-02
  leapcheck vectors add-years --n 1 --overflow reject --from 2012-01-01 --to 2012-12-31
  leapcheck vectors add-months --n -1 --overflow clamp
`

func runVectors(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("vectors", vectorsUsage, stderr)
	var from, to dateFlag
	fs.Var(&from, "from", "first date, YYYY-MM-DD (default 0001-01-01)")
	fs.Var(&to, "to", "last date, YYYY-MM-DD (default 9999-12-31)")
	n := fs.Int("n", 1, "years or months to add (add-years, add-months)")
	overflow := fs.String("overflow", "", "policy for a day the target month lacks: clamp, roll or reject (add-years, add-months)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usagef("want exactly one KIND (civil, add-years or add-months), got %q", pos)
	}
	r, err := rangeOf(from, to)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	switch kind := pos[0]; kind {
	case "civil":
		writeCivil(w, r)
	case "add-years", "add-months":
		if *overflow == "" {
			return usagef("%s needs --overflow clamp, roll or reject", kind)
		}
		o, err := calendar.ParseOverflow(*overflow)
		if err != nil {
			return usagef("--overflow: %v", err)
		}
		add := calendar.Date.AddYears
		if kind == "add-months" {
			add = calendar.Date.AddMonths
		}
		writeAdd(w, r, kind, *n, o, add)
	default:
		return usagef("unknown kind %q: want civil, add-years or add-months", kind)
	}
	return w.Flush()
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
		if res, err := add(d, n, o); err != nil {
			buf = append(buf, "ERR"...)
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
