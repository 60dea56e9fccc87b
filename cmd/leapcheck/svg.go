package main

import (
	"fmt"
	"html"
	"io"
	"time"
)

// writeFailureSVG draws, for each preset, the years 1..9999 as a grid of
// 100 rows (centuries) by 100 columns (year of the century), a cell filled
// where some issuance date of that year fails. The leap-day pattern shows
// at a glance: every fourth column, with the century column filled only
// every fourth row.
func writeFailureSVG(w io.Writer, res proveResult) {
	const cell, gap, top, left = 3, 40, 50, 40
	grid := 100 * cell
	width := left + len(res.Presets)*(grid+gap)
	height := top + grid + 40
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", width, height)
	fmt.Fprintf(w, `<text x="%d" y="20" font-size="14">leapcheck prove: years with a failing issuance date, %s..%s</text>`+"\n", left, res.From, res.To)
	for i, p := range res.Presets {
		x0 := left + i*(grid+gap)
		fmt.Fprintf(w, `<text x="%d" y="%d">%s: %d failing dates</text>`+"\n", x0, top-8, html.EscapeString(p.Name), p.FailingDates)
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="%d" height="%d" fill="#f4f4f4" stroke="#999"/>`+"\n", x0, top, grid, grid)
		for y, n := range p.FailingByYear {
			if n == 0 {
				continue
			}
			fmt.Fprintf(w, `<rect x="%d" y="%d" width="%d" height="%d" fill="#c0392b"><title>%04d: %d</title></rect>`+"\n",
				x0+(y%100)*cell, top+(y/100)*cell, cell, cell, y, n)
		}
		fmt.Fprintf(w, `<text x="%d" y="%d" font-size="10">year of century 00..99 →, century 0..99 ↓</text>`+"\n", x0, top+grid+16)
	}
	fmt.Fprintln(w, `</svg>`)
}

// point is one step of a series drawn by writeSeriesSVG.
type point struct {
	At time.Time
	N  int
}

// writeSeriesSVG draws a step chart of a count over time, such as servers
// in Human Investigate.
func writeSeriesSVG(w io.Writer, title, yLabel string, pts []point, from, to time.Time, mark *time.Time, markLabel string) {
	const width, height, left, right, top, bottom = 800, 360, 60, 20, 40, 50
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	maxN := 1
	for _, p := range pts {
		maxN = max(maxN, p.N)
	}
	span := to.Sub(from)
	if span <= 0 {
		span = time.Hour
	}
	x := func(t time.Time) float64 { return left + pw*float64(t.Sub(from))/float64(span) }
	y := func(n int) float64 { return top + ph - ph*float64(n)/float64(maxN) }
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", width, height)
	fmt.Fprintf(w, `<text x="%d" y="22" font-size="14">%s</text>`+"\n", left, html.EscapeString(title))
	fmt.Fprintf(w, `<rect x="%d" y="%d" width="%.0f" height="%.0f" fill="none" stroke="#999"/>`+"\n", left, top, pw, ph)
	// Axes labels: 0 and max, start and end.
	fmt.Fprintf(w, `<text x="%d" y="%.1f" text-anchor="end">0</text>`+"\n", left-6, y(0)+4)
	fmt.Fprintf(w, `<text x="%d" y="%.1f" text-anchor="end">%d</text>`+"\n", left-6, y(maxN)+4, maxN)
	fmt.Fprintf(w, `<text x="14" y="%d" transform="rotate(-90 14 %d)">%s</text>`+"\n", top+int(ph/2), top+int(ph/2), html.EscapeString(yLabel))
	fmt.Fprintf(w, `<text x="%d" y="%d">%s</text>`+"\n", left, height-bottom+18, from.UTC().Format("2006-01-02 15:04Z"))
	fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", width-right, height-bottom+18, to.UTC().Format("2006-01-02 15:04Z"))
	// The step line.
	path := fmt.Sprintf("M%.1f %.1f", x(from), y(0))
	last := 0
	for _, p := range pts {
		if p.At.Before(from) || p.At.After(to) {
			continue
		}
		path += fmt.Sprintf(" L%.1f %.1f L%.1f %.1f", x(p.At), y(last), x(p.At), y(p.N))
		last = p.N
	}
	path += fmt.Sprintf(" L%.1f %.1f", x(to), y(last))
	fmt.Fprintf(w, `<path d="%s" fill="none" stroke="#c0392b" stroke-width="2"/>`+"\n", path)
	if mark != nil && !mark.Before(from) && !mark.After(to) {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.0f" stroke="#333" stroke-dasharray="4 3"/>`+"\n", x(*mark), top, x(*mark), float64(top)+ph)
		fmt.Fprintf(w, `<text x="%.1f" y="%d">%s</text>`+"\n", x(*mark)+4, top+14, html.EscapeString(markLabel))
	}
	fmt.Fprintln(w, `</svg>`)
}
