package main

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"time"
)

// The pictures are hand-written SVG: two charts, each a few dozen lines, with
// no dependency to install and a byte-for-byte deterministic output (every
// loop runs over sorted data, never over a map). Both have a white
// background, a title that states the result, labelled axes and a legend.

// svgWriter writes SVG elements, remembering the first write error.
type svgWriter struct {
	w   *bufio.Writer
	err error
}

func newSVG(w io.Writer, width, height int) *svgWriter {
	s := &svgWriter{w: bufio.NewWriter(w)}
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`+"\n",
		width, height, width, height)
	s.printf(`<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	return s
}

func (s *svgWriter) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

// text writes a text element; attrs are extra attributes.
func (s *svgWriter) text(x, y float64, attrs, text string) {
	s.printf(`<text x="%.1f" y="%.1f"%s>%s</text>`+"\n", x, y, attrs, html.EscapeString(text))
}

func (s *svgWriter) close() error {
	s.printf("</svg>\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

const (
	colorFail    = "#c0392b"
	colorOK      = "#eef3ee"
	colorOutside = "#d0d0d0"
	colorGrid    = "#e4e4e4"
	colorAxis    = "#555555"
)

// writeFailureSVG draws, for each preset, the years of the proof's range as
// a grid: one row per century, one column per year of the century (00..99),
// a cell red where some issuance date of that year fails, pale where none
// does, grey for years outside the range. The leap-day pattern shows at a
// glance: every fourth column, the century column only every fourth row.
func writeFailureSVG(w io.Writer, res proveOutput) error {
	first, last := yearsOf(res)
	rows := last/100 - first/100 + 1
	const cellW, left, top, gapX, gapY, perRow = 4, 56, 70, 60, 70, 2
	cellH := max(3, min(24, 300/rows))
	gridW, gridH := 100*cellW, rows*cellH
	cols := min(len(res.Subjects), perRow)
	panelRows := (len(res.Subjects) + perRow - 1) / perRow
	width := max(left+cols*(gridW+gapX), 700)
	height := top + panelRows*(gridH+gapY) + 30
	s := newSVG(w, width, height)
	s.text(16, 24, ` font-size="16" font-weight="bold"`, "leapcheck prove: years with a failing issuance date")
	sub := fmt.Sprintf("%s..%s, %s", res.From, res.To, plural(res.DatesChecked, "issuance date"))
	if res.DatesChecked == 0 {
		sub = "no issuance dates checked (an empty shard)"
	}
	if res.Variant == variantOffsets {
		sub += ", issuers in every UTC offset -14h..+14h"
	}
	s.text(16, 44, ` fill="#333"`, sub)
	// Legend.
	lx := float64(width - 330)
	for i, l := range []struct{ color, label string }{{colorFail, "a date fails"}, {colorOK, "no date fails"}, {colorOutside, "not in range"}} {
		x := lx + float64(i)*110
		s.printf(`<rect x="%.0f" y="34" width="12" height="12" fill="%s" stroke="#999"/>`+"\n", x, l.color)
		s.text(x+16, 44, "", l.label)
	}
	for i, p := range res.Subjects {
		x0 := float64(left + (i%perRow)*(gridW+gapX))
		y0 := float64(top + (i/perRow)*(gridH+gapY) + 20)
		verdict := "ok"
		if !p.OK {
			verdict = "FAIL"
		}
		s.text(x0, y0-8, ` font-weight="bold"`, fmt.Sprintf("%s: %s failing, %s", p.Name, plural(p.FailingDates, "date"), verdict))
		s.printf(`<rect x="%.0f" y="%.0f" width="%d" height="%d" fill="%s"/>`+"\n", x0, y0, gridW, gridH, colorOK)
		// Years outside the range, in the first and last century rows.
		c0 := first / 100 * 100
		if n := first - c0; n > 0 {
			s.printf(`<rect x="%.0f" y="%.0f" width="%d" height="%d" fill="%s"/>`+"\n", x0, y0, n*cellW, cellH, colorOutside)
		}
		if n := 99 - last%100; n > 0 {
			s.printf(`<rect x="%.0f" y="%.0f" width="%d" height="%d" fill="%s"/>`+"\n",
				x0+float64((last%100+1)*cellW), y0+float64(gridH-cellH), n*cellW, cellH, colorOutside)
		}
		years := make([]int, 0, len(p.FailingByYear))
		for y, n := range p.FailingByYear {
			if n > 0 {
				years = append(years, y)
			}
		}
		slices.Sort(years)
		for _, y := range years {
			s.printf(`<rect x="%.0f" y="%.0f" width="%d" height="%d" fill="%s"><title>%04d: %s</title></rect>`+"\n",
				x0+float64(y%100*cellW), y0+float64((y/100-first/100)*cellH), cellW, cellH, colorFail, y, plural(p.FailingByYear[y], "failing date"))
		}
		s.printf(`<rect x="%.0f" y="%.0f" width="%d" height="%d" fill="none" stroke="%s"/>`+"\n", x0, y0, gridW, gridH, colorAxis)
		// Column ticks: the year of the century.
		for c := 0; c <= 100; c += 10 {
			x := x0 + float64(c*cellW)
			s.printf(`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s"/>`+"\n", x, y0+float64(gridH), x, y0+float64(gridH)+4, colorAxis)
			if c < 100 {
				s.text(x, y0+float64(gridH)+16, ` font-size="10" text-anchor="middle"`, fmt.Sprintf("%02d", c))
			}
		}
		s.text(x0+float64(gridW)/2, y0+float64(gridH)+30, ` font-size="11" text-anchor="middle" fill="#333"`, "year of the century →")
		// Row ticks: the century, at most about ten labels.
		step := max(1, (rows+9)/10)
		for r := 0; r < rows; r += step {
			y := y0 + float64(r*cellH) + float64(cellH)/2 + 4
			s.text(x0-6, y, ` font-size="10" text-anchor="end"`, fmt.Sprintf("%02d00", first/100+r))
		}
	}
	return s.close()
}

// yearsOf is the first and last year of the result's range (1..9999 when
// it is empty).
func yearsOf(res proveOutput) (first, last int) {
	first, last = 1, 9999
	if res.DatesChecked > 0 && len(res.From) >= 4 && len(res.To) >= 4 {
		fmt.Sscanf(res.From[:4], "%d", &first)
		fmt.Sscanf(res.To[:4], "%d", &last)
	}
	return first, last
}

// point is one step of a series drawn by writeSeriesSVG.
type point struct {
	At time.Time
	N  int
}

// seriesChart is a step chart of a count over time, such as servers in
// Human Investigate, with marked instants and an optional threshold line.
type seriesChart struct {
	title, subtitle string
	yLabel          string
	pts             []point // in time order
	from, to        time.Time
	maxY            int // the y axis goes at least this high (the cluster's size)
	threshold       int // a dashed line at this count, if > 0
	thresholdLabel  string
	marks           []mark
	bands           []band // shaded intervals, e.g. CA outages
	note            string // written across the plot, e.g. "0 servers in HI"
}

// band is a labelled, shaded interval on a seriesChart.
type band struct {
	from, to time.Time
	label    string
}

// mark is a labelled instant on a seriesChart.
type mark struct {
	at    time.Time
	label string
}

// tickSteps are the time-axis tick intervals, smallest first.
var tickSteps = []time.Duration{
	5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
	48 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
}

// niceStep is a step of 1, 2 or 5 times a power of ten giving at most about
// n ticks up to maxV.
func niceStep(maxV, n int) int {
	raw := float64(maxV) / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(max(raw, 1))))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return int(m * p)
		}
	}
	return int(10 * p)
}

// write draws the chart.
func (c seriesChart) write(w io.Writer) error {
	const width, height, left, right, top, bottom = 860, 440, 70, 30, 70, 60
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	maxN := max(c.maxY, c.threshold, 1)
	for _, p := range c.pts {
		maxN = max(maxN, p.N)
	}
	span := c.to.Sub(c.from)
	if span <= 0 {
		span = time.Hour
	}
	x := func(t time.Time) float64 { return left + pw*float64(t.Sub(c.from))/float64(span) }
	y := func(n int) float64 { return top + ph - ph*float64(n)/float64(maxN) }
	s := newSVG(w, width, height)
	s.text(left, 24, ` font-size="16" font-weight="bold"`, c.title)
	s.text(left, 44, ` fill="#333"`, c.subtitle)
	// Y grid and ticks.
	step := niceStep(maxN, 6)
	for n := 0; n <= maxN; n += step {
		s.printf(`<line x1="%d" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s"/>`+"\n", left, y(n), left+pw, y(n), colorGrid)
		s.text(left-8, y(n)+4, ` text-anchor="end"`, fmt.Sprint(n))
	}
	// X grid and ticks: the smallest step that gives at most 12 ticks.
	tstep := tickSteps[len(tickSteps)-1]
	for _, st := range tickSteps {
		if span/st <= 12 {
			tstep = st
			break
		}
	}
	first := c.from.Truncate(tstep)
	if first.Before(c.from) {
		first = first.Add(tstep)
	}
	for t := first; !t.After(c.to); t = t.Add(tstep) {
		s.printf(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%.0f" stroke="%s"/>`+"\n", x(t), top, x(t), top+ph, colorGrid)
		s.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="%s"/>`+"\n", x(t), top+ph, x(t), top+ph+5, colorAxis)
		label := t.UTC().Format("15:04")
		if t.UTC().Hour() == 0 && t.UTC().Minute() == 0 || tstep >= 24*time.Hour {
			label = t.UTC().Format("Jan 2")
		}
		s.text(x(t), top+ph+18, ` text-anchor="middle"`, label)
	}
	s.printf(`<rect x="%d" y="%d" width="%.0f" height="%.0f" fill="none" stroke="%s"/>`+"\n", left, top, pw, ph, colorAxis)
	s.text(left+pw/2, height-14, ` text-anchor="middle" fill="#333"`,
		fmt.Sprintf("time (UTC) from %s", c.from.UTC().Format("2006-01-02 15:04")))
	s.printf(`<text x="18" y="%.0f" text-anchor="middle" fill="#333" transform="rotate(-90 18 %.0f)">%s</text>`+"\n",
		top+ph/2, top+ph/2, html.EscapeString(c.yLabel))
	if c.threshold > 0 {
		s.printf(`<line x1="%d" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#7f8c8d" stroke-dasharray="6 4"/>`+"\n", left, y(c.threshold), left+pw, y(c.threshold))
		s.text(left+pw-4, y(c.threshold)-5, ` text-anchor="end" fill="#555" font-size="11"`, c.thresholdLabel)
	}
	for _, b := range c.bands {
		from, to := maxTime(b.from, c.from), b.to
		if to.After(c.to) {
			to = c.to
		}
		if !to.After(from) {
			continue
		}
		s.printf(`<rect x="%.1f" y="%d" width="%.1f" height="%.0f" fill="#f5b041" fill-opacity="0.35"><title>%s</title></rect>`+"\n",
			x(from), top, x(to)-x(from), ph, html.EscapeString(b.label))
		s.text(x(from)+4, top+ph-8, ` font-size="11" fill="#7e5109"`, b.label)
	}
	// The step line.
	path := fmt.Sprintf("M%.1f %.1f", x(c.from), y(0))
	last := 0
	for _, p := range c.pts {
		if p.At.Before(c.from) || p.At.After(c.to) {
			continue
		}
		path += fmt.Sprintf(" L%.1f %.1f L%.1f %.1f", x(p.At), y(last), x(p.At), y(p.N))
		last = p.N
	}
	path += fmt.Sprintf(" L%.1f %.1f", x(c.to), y(last))
	s.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5"/>`+"\n", path, colorFail)
	for i, m := range c.marks {
		if m.at.Before(c.from) || m.at.After(c.to) {
			continue
		}
		s.printf(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%.0f" stroke="#333" stroke-dasharray="4 3"/>`+"\n", x(m.at), top, x(m.at), top+ph)
		s.text(x(m.at)+4, float64(top+14+16*i), ` font-size="11"`, m.label)
	}
	if c.note != "" {
		s.text(left+pw/2, top+ph/3, ` text-anchor="middle" font-size="18" fill="#2e7d32"`, c.note)
	}
	return s.close()
}
