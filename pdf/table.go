package pdf

import "math"

// Table is a ruled grid of text. Cells wrap by the same rules as body
// text; "\n" in a cell starts a new line. Rows that do not fit move to the
// next page, a row taller than the room left is split between its lines,
// and the header row is repeated at the top of every page the table
// continues on.
type Table struct {
	Columns []Column
	Rows    [][]string // a row shorter than Columns gets empty cells; extra cells are ignored
	Size    float64    // font size in points; zero: the body size
}

// Column is one table column. Its width is Width mm when given, otherwise
// a share (Weight, default 1) of the width the fixed columns leave; when
// the widths do not add up to the text width the table is scaled to fit
// (fixed columns narrower than the text leave the table narrower).
type Column struct {
	Header string // printed in Sans Bold, centred; no header row when all are empty
	Width  float64
	Weight float64
	Align  Align // of the body cells
}

const (
	cellPadX  = 1.5 // mm
	cellPadY  = 1.0
	ruleWidth = 0.15
)

// tableRow is a laid-out row: the lines of each cell.
type tableRow struct {
	cells [][]row
	h     float64
}

// Table adds t.
func (d *Doc) Table(t Table) {
	n := len(t.Columns)
	if n == 0 {
		return
	}
	xs := d.colEdges(t.Columns)
	st := Style{Size: t.Size, LineSpacing: 1.3}
	layout := func(texts []string, st Style, header bool) tableRow {
		var tr tableRow
		for j := 0; j < n; j++ {
			var s string
			if j < len(texts) {
				s = texts[j]
			}
			cst := st
			if !header {
				cst.Align = t.Columns[j].Align
			}
			lines := d.lines(s, cst, xs[j+1]-xs[j]-2*cellPadX)
			var h float64
			for _, l := range lines {
				h += l.h
			}
			tr.cells = append(tr.cells, lines)
			tr.h = math.Max(tr.h, h+2*cellPadY)
		}
		return tr
	}

	var head *tableRow
	for _, c := range t.Columns {
		if c.Header != "" {
			hs := make([]string, n)
			for j, c := range t.Columns {
				hs[j] = c.Header
			}
			hst := st
			hst.Face, hst.Align = SansBold, Center
			h := layout(hs, hst, true)
			head = &h
			break
		}
	}
	rows := make([]tableRow, 0, len(t.Rows)+1)
	// A header taller than a third of the page is not repeated: it would
	// crowd out the rows. It becomes an ordinary first row.
	if head != nil && head.h > (d.bot-d.top)/3 {
		rows = append(rows, *head)
		head = nil
	}
	var headH float64
	if head != nil {
		headH = head.h
	}
	putHead := func() {
		if head != nil {
			d.put(d.cellsRow(*head, xs, head.h))
		}
	}
	for _, r := range t.Rows {
		rows = append(rows, layout(r, st, false))
	}

	// Start where the header and the first row fit; a first row taller
	// than a page can only start where its first line fits.
	first := 0.0
	if len(rows) > 0 {
		first = rows[0].h
		if first > d.bot-d.top-headH && len(rows[0].cells) > 0 && len(rows[0].cells[0]) > 0 {
			first = math.Min(first, rows[0].cells[0][0].h+2*cellPadY)
		}
	}
	d.need(headH + first)
	putHead()
	fresh := true // nothing but the header on this page yet
	for _, r := range rows {
		for {
			avail := d.bot - d.y
			if r.h <= avail+eps {
				d.put(d.cellsRow(r, xs, r.h))
				fresh = false
				break
			}
			if !fresh && r.h <= d.bot-d.top-headH+eps {
				d.newPage()
				putHead()
				fresh = true
				continue
			}
			part, rest := splitRow(r, avail)
			if part.h == 0 {
				if fresh { // not even one line fits on an empty page: let it overflow
					d.put(d.cellsRow(r, xs, r.h))
					fresh = false
					break
				}
				d.newPage()
				putHead()
				fresh = true
				continue
			}
			d.put(d.cellsRow(part, xs, avail))
			d.newPage()
			putHead()
			fresh = true
			r = rest
		}
	}
}

// colEdges returns the x of each column edge, from 0 to the table width.
func (d *Doc) colEdges(cols []Column) []float64 {
	var fixed, weights float64
	for _, c := range cols {
		if c.Width > 0 {
			fixed += c.Width
		} else {
			weights += weight(c)
		}
	}
	ws := make([]float64, len(cols))
	var total float64
	for i, c := range cols {
		if c.Width > 0 {
			ws[i] = c.Width
		} else if weights > 0 {
			ws[i] = math.Max(d.w-fixed, 0) * weight(c) / weights
		}
		total += ws[i]
	}
	scale := 1.0
	if total > d.w || (weights > 0 && total > 0) {
		scale = d.w / total
	}
	xs := make([]float64, len(cols)+1)
	for i := range cols {
		xs[i+1] = xs[i] + ws[i]*scale
	}
	return xs
}

func weight(c Column) float64 {
	if c.Weight > 0 {
		return c.Weight
	}
	return 1
}

// splitRow cuts a row so that its first part fits in h mm: each cell keeps
// the lines that fit, the rest go to the second part.
func splitRow(r tableRow, h float64) (part, rest tableRow) {
	room := h - 2*cellPadY
	for _, lines := range r.cells {
		k, used := 0, 0.0
		for k < len(lines) && used+lines[k].h <= room+eps {
			used += lines[k].h
			k++
		}
		part.cells = append(part.cells, lines[:k])
		rest.cells = append(rest.cells, lines[k:])
		if k > 0 {
			part.h = math.Max(part.h, used+2*cellPadY)
		}
		var rh float64
		for _, l := range lines[k:] {
			rh += l.h
		}
		rest.h = math.Max(rest.h, rh+2*cellPadY)
	}
	return part, rest
}

// cellsRow draws one row (or the part of one on a page) h mm tall: the
// cell text and the rules around every cell.
func (d *Doc) cellsRow(r tableRow, xs []float64, h float64) row {
	var ops []op
	for j, lines := range r.cells {
		y := cellPadY
		for _, l := range lines {
			ops = appendRow(ops, l, xs[j]+cellPadX, y, 0)
			y += l.h
		}
	}
	w := xs[len(xs)-1]
	ops = append(ops,
		op{kind: opLine, x: 0, y: 0, x2: w, y2: 0, w: ruleWidth},
		op{kind: opLine, x: 0, y: h, x2: w, y2: h, w: ruleWidth})
	for _, x := range xs {
		ops = append(ops, op{kind: opLine, x: x, y: 0, x2: x, y2: h, w: ruleWidth})
	}
	return row{h: h, ops: ops}
}
