package pdf

import (
	"math"
	"sort"
)

// Columns lays blocks out side by side in equal columns 10 mm apart (the
// two parties' signature blocks) and keeps them on one page. Each fn draws
// on its own scratch Doc.
func (d *Doc) Columns(fns ...func(b *Doc)) {
	if len(fns) == 0 {
		return
	}
	const gap = 10.0
	cw := (d.w - gap*float64(len(fns)-1)) / float64(len(fns))
	cols := make([]column, len(fns))
	var total float64
	for i, fn := range fns {
		s := d.scratch(cw)
		if fn != nil {
			fn(s)
		}
		c := column{x: float64(i) * (cw + gap), rows: s.rows()}
		for _, r := range c.rows {
			c.tops = append(c.tops, c.h)
			c.h += r.h
		}
		cols[i] = c
		total = math.Max(total, c.h)
	}
	merged := mergeColumns(cols, columnCuts(cols, total))
	if d.y+total > d.bot+eps && !d.empty() {
		d.newPage()
	}
	d.place(merged, never)
}

// column is one laid-out block of Columns: its rows, where each starts,
// and its height.
type column struct {
	x    float64
	rows []row
	tops []float64
	h    float64
}

// cutsRows reports whether a page break at y falls between rows in c (or
// below it).
func (c column) cutsRows(y float64) bool {
	if y >= c.h-eps {
		return true
	}
	for _, t := range c.tops {
		if math.Abs(t-y) < eps {
			return true
		}
	}
	return false
}

// columnCuts returns where a page break may fall in columns total mm
// tall: between rows in every column at once; 0 and total included, in
// order.
func columnCuts(cols []column, total float64) []float64 {
	cuts := []float64{0}
	seen := map[float64]bool{}
	for _, c := range cols {
		for _, t := range c.tops {
			if t <= eps || t >= total-eps || seen[t] {
				continue
			}
			all := true
			for _, other := range cols {
				all = all && other.cutsRows(t)
			}
			if all {
				seen[t] = true
				cuts = append(cuts, t)
			}
		}
	}
	sort.Float64s(cuts)
	return append(cuts, total)
}

// mergeColumns joins the columns' rows into the rows between cuts, each
// column's ops moved to its x.
func mergeColumns(cols []column, cuts []float64) []row {
	merged := make([]row, len(cuts)-1)
	for i := range merged {
		merged[i].h = cuts[i+1] - cuts[i]
	}
	for _, c := range cols {
		for k, r := range c.rows {
			i := sort.Search(len(cuts)-1, func(i int) bool { return cuts[i+1] > c.tops[k]+eps })
			if i >= len(merged) {
				i = len(merged) - 1
			}
			for _, o := range r.ops {
				o.x += c.x
				o.y += c.tops[k] - cuts[i]
				o.y2 += c.tops[k] - cuts[i]
				if o.kind == opLine {
					o.x2 += c.x
				}
				merged[i].ops = append(merged[i].ops, o)
			}
		}
	}
	return merged
}
