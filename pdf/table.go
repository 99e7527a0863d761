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
	// Middle centres the body cells' text vertically in rows made taller
	// by other cells (a name beside the room for a signature).
	Middle bool
}

const (
	cellPadX  = 1.5 // mm
	cellPadY  = 1.0
	ruleWidth = 0.15
)

// tableRow is a laid-out row: the lines of each cell.
type tableRow struct {
	cells  [][]row
	h      float64
	middle []bool // per cell: centred vertically (Column.Middle)
}

// Table adds t.
func (d *Doc) Table(t Table) {
	if len(t.Columns) == 0 {
		return
	}
	w := d.newTableWriter(t)
	rows := make([]tableRow, 0, len(t.Rows)+1)
	// A header taller than a third of the page is not repeated: it would
	// crowd out the rows. It becomes an ordinary first row.
	if w.head != nil && w.head.h > (d.bot-d.top)/3 {
		rows = append(rows, *w.head)
		w.head, w.headH = nil, 0
	}
	for _, r := range t.Rows {
		rows = append(rows, w.layout(r, w.st, false))
	}
	if len(rows) == 0 {
		w.begin()
	}
	for _, r := range rows {
		w.place(r, 0) // the first starts where the header and it fit
	}
}

// tableWriter places a table's rows one at a time: Doc.Table, and tables
// too long to hold as strings (the roster), fed a row at a time with
// nothing kept of a row once it is placed. Rows that do not fit move to
// the next page, a row taller than the room left is split between its
// lines, and the header is repeated on every page.
type tableWriter struct {
	d     *Doc
	cols  []Column
	xs    []float64
	st    Style
	head  *tableRow
	headH float64
	fresh bool // nothing but the header on this page yet
	begun bool
}

func (d *Doc) newTableWriter(t Table) *tableWriter {
	w := &tableWriter{d: d, cols: t.Columns, xs: d.colEdges(t.Columns), st: Style{Size: t.Size, LineSpacing: 1.3}}
	hs := make([]string, len(t.Columns))
	hasHead := false
	for j, c := range t.Columns {
		hs[j] = c.Header
		hasHead = hasHead || c.Header != ""
	}
	if hasHead {
		hst := w.st
		hst.Face, hst.Align = SansBold, Center
		h := w.layout(hs, hst, true)
		w.head, w.headH = &h, h.h
	}
	return w
}

// layout lays out one row's cells, in st or (body rows) in their
// column's alignment.
func (w *tableWriter) layout(texts []string, st Style, header bool) tableRow {
	var tr tableRow
	for j := range w.cols {
		var s string
		if j < len(texts) {
			s = texts[j]
		}
		cst := st
		if !header {
			cst.Align = w.cols[j].Align
		}
		lines := w.d.lines(s, cst, w.xs[j+1]-w.xs[j]-2*cellPadX)
		var h float64
		for _, l := range lines {
			h += l.h
		}
		tr.cells = append(tr.cells, lines)
		tr.middle = append(tr.middle, !header && w.cols[j].Middle)
		tr.h = math.Max(tr.h, h+2*cellPadY)
	}
	return tr
}

func (w *tableWriter) putHead() {
	if w.head != nil {
		w.d.put(w.d.cellsRow(*w.head, w.xs, w.head.h))
	}
	w.fresh = true
}

// begin places the header where it and first mm of the first row fit.
// The first row calls it; call it directly for a table that may have no
// rows.
func (w *tableWriter) begin(first ...float64) {
	if w.begun {
		return
	}
	w.begun = true
	h := w.headH
	if len(first) > 0 {
		h += first[0]
	}
	w.d.need(h)
	w.putHead()
}

// Row adds one row.
func (w *tableWriter) Row(texts ...string) { w.LastRow(0, texts...) }

// LastRow adds the table's last row and keeps it on a page with the tail mm
// that follow the table (a total line), so that they never stand alone at
// the top of a page without the table.
func (w *tableWriter) LastRow(tail float64, texts ...string) {
	w.place(w.layout(texts, w.st, false), tail)
}

// place places a laid-out row, on a page with the tail mm after it.
func (w *tableWriter) place(r tableRow, tail float64) {
	d := w.d
	first := r.h // the first row starts whole unless taller than a page
	if first > d.bot-d.top-w.headH && len(r.cells) > 0 && len(r.cells[0]) > 0 {
		first = math.Min(first, r.cells[0][0].h+2*cellPadY)
	}
	w.begin(first)
	if avail := d.bot - d.y; tail > 0 && !w.fresh && r.h <= avail+eps && r.h+tail > avail+eps && r.h+tail <= d.bot-d.top-w.headH+eps {
		d.newPage()
		w.putHead()
	}
	for {
		avail := d.bot - d.y
		if r.h <= avail+eps {
			d.put(d.cellsRow(r, w.xs, r.h))
			w.fresh = false
			return
		}
		if !w.fresh && r.h <= d.bot-d.top-w.headH+eps {
			d.newPage()
			w.putHead()
			continue
		}
		part, rest := splitRow(r, avail)
		if part.h == 0 {
			if w.fresh { // not even one line fits on an empty page: let it overflow
				d.put(d.cellsRow(r, w.xs, r.h))
				w.fresh = false
				return
			}
			d.newPage()
			w.putHead()
			continue
		}
		d.put(d.cellsRow(part, w.xs, avail))
		d.newPage()
		w.putHead()
		r = rest
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
	part.middle, rest.middle = r.middle, r.middle
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
		if j < len(r.middle) && r.middle[j] {
			var th float64
			for _, l := range lines {
				th += l.h
			}
			y += math.Max(h-2*cellPadY-th, 0) / 2
		}
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
