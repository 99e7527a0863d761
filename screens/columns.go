package screens

// Columns: the one layout of the screens' tables and lists. A list's
// header and its rows share one, so that they line up.

import (
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columns lays a row out in columns of fixed widths but one, flex, which
// takes the room the others leave: at least its own width, and at least
// what its content needs. Objects beyond the columns are hidden.
type columns struct {
	widths []float32
	flex   int
}

// flexAt is columns of widths whose column flex takes the room left, at
// least widths[flex].
func flexAt(flex int, widths ...float32) *columns {
	return &columns{widths: widths, flex: flex}
}

// flexLast is columns of widths and, after them, one more that takes the
// room left (the address, the details…).
func flexLast(widths ...float32) *columns {
	return &columns{widths: append(slices.Clone(widths), 0), flex: len(widths)}
}

// flexLastAtLeast is flexLast whose last column keeps least: the
// household list's address, which a narrow window must not squeeze away
// (the fixed columns give way first, see shrinkTo).
func flexLastAtLeast(least float32, widths ...float32) *columns {
	c := flexLast(widths...)
	c.widths[c.flex] = least
	return c
}

// fixed is the width of the columns but the flexible one, with the padding
// between all of them.
func (c *columns) fixed() float32 {
	sum := theme.Padding() * float32(max(len(c.widths)-1, 0))
	for i, w := range c.widths {
		if i != c.flex {
			sum += w
		}
	}
	return sum
}

// least is the narrowest the flexible column gets in objs.
func (c *columns) least(objs []fyne.CanvasObject) float32 {
	if c.flex < 0 || c.flex >= len(c.widths) {
		return 0
	}
	w := c.widths[c.flex]
	if c.flex < len(objs) {
		w = max(w, objs[c.flex].MinSize().Width)
	}
	return w
}

// shrinkTo is how far the fixed columns give way in a narrow window:
// down to this share of their width, so that a list never forces the
// window wider than a 1280 px screen (the organization list asked for
// 1141 px of page, the actions board 1150, with the navigation beside
// them more than the screen).
const shrinkTo = 0.6

// scale is the share of their widths the fixed columns get in width.
func (c *columns) scale(width float32, objs []fyne.CanvasObject) float32 {
	pads := theme.Padding() * float32(max(len(c.widths)-1, 0))
	sum := c.fixed() - pads
	if sum <= 0 {
		return 1
	}
	room := width - pads - c.least(objs)
	return min(1, max(shrinkTo, room/sum))
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	k := c.scale(size.Width, objs)
	fixed := (c.fixed()-pad*float32(max(len(c.widths)-1, 0)))*k + pad*float32(max(len(c.widths)-1, 0))
	rest := max(size.Width-fixed, c.least(objs))
	x := float32(0)
	for i, o := range objs {
		if i >= len(c.widths) {
			o.Hide()
			continue
		}
		w := c.widths[i]
		if k < 1 {
			w = float32(math.Round(float64(w * k))) // whole pixels
		}
		if i == c.flex {
			w = rest
		}
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += w + pad
	}
}

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	pads := theme.Padding() * float32(max(len(c.widths)-1, 0))
	return fyne.NewSize((c.fixed()-pads)*shrinkTo+pads+c.least(objs), h)
}

// row lays objs out in the columns.
func (c *columns) row(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(c, objs...)
}

// headerRow is a list's header of titles over the columns c: a fixed
// column widens to its title (English titles are longer than Chinese). It
// returns the columns the rows must use.
func headerRow(c *columns, titles ...string) (*fyne.Container, *columns) {
	fitted := &columns{widths: slices.Clone(c.widths), flex: c.flex}
	cells := make([]fyne.CanvasObject, len(titles))
	for i, t := range titles {
		h := headerCell(t)
		cells[i] = h
		if i < len(fitted.widths) && i != fitted.flex {
			fitted.widths[i] = max(fitted.widths[i], textWidth(t, h.TextStyle))
		}
	}
	return fitted.row(cells...), fitted
}

// newRow is a list row of one-line cells, one per column.
func newRow(c *columns) *fyne.Container {
	cells := make([]fyne.CanvasObject, len(c.widths))
	for i := range cells {
		cells[i] = cell("")
	}
	return c.row(cells...)
}

// setCells writes texts in the row's labels, in order ("" for a label
// beyond them); a cell that is not a label (a button, a select) keeps its
// place in the order and is left alone.
func setCells(o fyne.CanvasObject, texts ...string) {
	for i, c := range o.(*fyne.Container).Objects {
		t := ""
		if i < len(texts) {
			t = texts[i]
		}
		if l, ok := c.(*widget.Label); ok {
			l.SetText(t)
		}
	}
}

// cell is a one-line label for a column: too long a text ends in "…".
func cell(text string) *widget.Label {
	return &widget.Label{Text: text, Truncation: fyne.TextTruncateEllipsis}
}

// headerCell is a bold column title.
func headerCell(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
}

// textWidth is the width a label needs to show text whole (a truncating
// label's MinSize is only its "…").
func textWidth(text string, style fyne.TextStyle) float32 {
	return fyne.MeasureText(text, theme.TextSize(), style).Width + 2*theme.InnerPadding() + 2*theme.Padding()
}
