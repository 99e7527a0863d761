package screens

// Small pieces the household registry's screens share: a tappable area for
// the dashboard's figures, a proportional bar, filter selects, form fields
// with their messages, the communities and grids for the filters, and
// counting by paging for lists that have no SQL count.

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// tapArea makes its content clickable: the dashboard's figures open the
// list they count. It highlights under the mouse and shows a hand cursor.
type tapArea struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onTap   func()
	bg      *canvas.Rectangle
	fill    color.Color // the background when not hovered; nil: none
	tight   bool        // no padding around the content (rows of a table)
}

func newTapArea(content fyne.CanvasObject, onTap func()) *tapArea {
	t := &tapArea{content: content, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	t.bg = &canvas.Rectangle{FillColor: t.fill, CornerRadius: theme.InputRadiusSize()}
	if t.tight {
		return widget.NewSimpleRenderer(container.NewStack(t.bg, t.content))
	}
	return widget.NewSimpleRenderer(container.NewStack(t.bg, container.NewPadded(t.content)))
}

func (t *tapArea) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

func (t *tapArea) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (t *tapArea) MouseIn(*desktop.MouseEvent) {
	if t.bg != nil {
		t.bg.FillColor = theme.Color(theme.ColorNameHover)
		t.bg.Refresh()
	}
}

func (t *tapArea) MouseMoved(*desktop.MouseEvent) {}

func (t *tapArea) MouseOut() {
	if t.bg != nil {
		t.bg.FillColor = t.fill
		t.bg.Refresh()
	}
}

// barLayout draws objs[0] (a rectangle) as frac of the width, starting at
// the left or, with fromRight, at the right edge, and objs[1] (the count)
// just beyond its end.
type barLayout struct {
	frac      float32
	fromRight bool
}

func (b *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	bar, text := objs[0], objs[1]
	ts := text.MinSize()
	pad := theme.Padding()
	w := max((size.Width-ts.Width-pad)*b.frac, 0)
	if b.frac > 0 {
		w = max(w, 2) // one person still shows
	}
	h := size.Height * 0.7
	bar.Resize(fyne.NewSize(w, h))
	text.Resize(ts)
	if b.fromRight {
		bar.Move(fyne.NewPos(size.Width-w, (size.Height-h)/2))
		text.Move(fyne.NewPos(size.Width-w-pad-ts.Width, (size.Height-ts.Height)/2))
	} else {
		bar.Move(fyne.NewPos(0, (size.Height-h)/2))
		text.Move(fyne.NewPos(w+pad, (size.Height-ts.Height)/2))
	}
}

func (b *barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	ts := objs[1].MinSize()
	return fyne.NewSize(ts.Width+theme.Padding()+2, ts.Height)
}

// newBar is a bar of frac of the width with the count beside it.
func newBar(frac float32, fill color.Color, count string, fromRight bool) *fyne.Container {
	rect := &canvas.Rectangle{FillColor: fill}
	text := &canvas.Text{Text: count, Color: theme.Color(theme.ColorNameForeground), TextSize: theme.TextSize()}
	return container.New(&barLayout{frac: frac, fromRight: fromRight}, rect, text)
}

// Chart colours: men and women in the pyramid, and the other bars.
var (
	colorMale   = color.NRGBA{R: 0x3b, G: 0x7d, B: 0xd8, A: 0xff}
	colorFemale = color.NRGBA{R: 0xe0, G: 0x5a, B: 0x7a, A: 0xff}
	colorBar    = color.NRGBA{R: 0x2e, G: 0x9e, B: 0x8f, A: 0xff}
)

// formatShare writes a share as a percentage with one decimal.
func formatShare(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }

// filterSelect is a select for one filter of a list: its placeholder names
// the filter, and its first option, all (e.g. "(all)"), clears it so that
// the name shows again. onChange gets the chosen value, "" for all.
func filterSelect(name, all string, options []string, onChange func(string)) *widget.Select {
	s := &widget.Select{PlaceHolder: name, Options: append([]string{all}, options...)}
	s.OnChanged = func(v string) {
		if v == all {
			s.ClearSelected() // calls OnChanged("")
			return
		}
		onChange(v)
	}
	return s
}

// setSelect shows v in a filter select without calling its OnChanged. A
// value not among the options (the communities may not be read yet) is
// added to them.
func setSelect(s *widget.Select, v string) {
	fn := s.OnChanged
	s.OnChanged = nil
	if v == "" {
		s.ClearSelected()
	} else {
		if !contains(s.Options, v) {
			s.Options = append(s.Options, v)
		}
		s.SetSelected(v)
	}
	s.OnChanged = fn
}

// selectValue shows v in a form's select, or nothing when v is "" (Select's
// SetSelected ignores a value not among its options).
func selectValue(s *widget.Select, v string) {
	if v == "" {
		s.ClearSelected()
		return
	}
	if !contains(s.Options, v) {
		// A value from an import or an older list: keep it choosable
		// rather than lose it on the next save.
		s.Options = append(s.Options, v)
	}
	s.SetSelected(v)
}

// communityList is the communities of the register and the grids of each,
// sorted, for the filters and the household form.
type communityList struct {
	names []string
	grids map[string][]string
}

// allGrids is every grid name of every community, once.
func (c communityList) allGrids() []string {
	seen := map[string]bool{}
	var out []string
	for _, gs := range c.grids {
		for _, g := range gs {
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	sort.Strings(out)
	return out
}

// loadCommunities reads the communities and grids in use.
func loadCommunities(ctx context.Context, s *data.Store) (communityList, error) {
	cs, err := s.Communities(ctx)
	if err != nil {
		return communityList{}, err
	}
	c := communityList{grids: map[string][]string{}}
	for _, x := range cs {
		c.names = append(c.names, x.Community)
		c.grids[x.Community] = x.Grids
	}
	return c, nil
}

// countLimit is where counting by paging stops: beyond it a list says
// "more than 5000", which is all a clerk needs to know to narrow the
// search. (The register's lists count in SQL, data.CountResidents; the
// other registers' lists count by paging.)
const countLimit = 5000

// countPage is the page size used for counting.
const countPage = 1000

// countByPaging adds up the rows of page after page, stopping at the last
// page or once countLimit is reached; it reports whether more remain.
func countByPaging(page func(after string) (rows int, next string, err error)) (int, bool, error) {
	n, after := 0, ""
	for {
		rows, next, err := page(after)
		if err != nil {
			return n, false, err
		}
		n += rows
		if next == "" {
			return n, false, nil
		}
		if n >= countLimit {
			return n, true, nil
		}
		after = next
	}
}

// storeToday is the store's today: what ages and ID numbers are checked
// against (tests fix the store's clock).
func storeToday(s *data.Store) time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// formField is one field of a registry form: its widget, its label and
// the line under it for its message. name is the JSON name data's errors
// carry in Args["Field"].
type formField struct {
	name  string
	label string
	input fyne.CanvasObject
	err   *widget.Label
	hint  *widget.Label     // optional: a note under the input
	after fyne.CanvasObject // optional: under the message (an action it offers)
}

func newFormField(name, label string, input fyne.CanvasObject) *formField {
	return &formField{name: name, label: label, input: input, err: errorLabel()}
}

// cell lays the field out: the input with its message under it.
func (f *formField) cell() fyne.CanvasObject {
	objs := []fyne.CanvasObject{f.input}
	if f.hint != nil {
		objs = append(objs, f.hint)
	}
	objs = append(objs, f.err)
	if f.after != nil {
		objs = append(objs, f.after)
	}
	return container.NewVBox(objs...)
}

// fixedWidth gives its content a minimum width of w, whatever the content
// asks: form labels get one width so that the inputs of a column line up,
// and a row of selects whose placeholders are long (in English) is cut
// with "…" instead of widening the window.
type fixedWidth struct{ w float32 }

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.w, h)
}

// fieldGrid lays fields out as label–input pairs in cols columns, every
// label labelW wide. Each row is as tall as its own fields (a message
// under one field does not stretch every row).
func fieldGrid(cols int, labelW float32, fields ...*formField) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	var row []fyne.CanvasObject
	for i, f := range fields {
		label := &widget.Label{Text: f.label, Alignment: fyne.TextAlignTrailing, Truncation: fyne.TextTruncateEllipsis}
		row = append(row, container.NewBorder(nil, nil,
			container.NewVBox(container.New(&fixedWidth{w: labelW}, label)),
			nil, f.cell()))
		if len(row) == cols || i == len(fields)-1 {
			for len(row) < cols {
				row = append(row, layout.NewSpacer())
			}
			rows = append(rows, container.NewGridWithColumns(cols, row...))
			row = nil
		}
	}
	return container.NewVBox(rows...)
}

// choose is the placeholder of a form's select.
func choose() string { return lang.L("(choose)") }

// showFieldErrors puts the messages in err under the fields they name and
// the rest in general. It reports whether err was about the input (every
// part a *data.Error); anything else the caller shows in a dialog.
func showFieldErrors(fields []*formField, general *widget.Label, err error) (input bool, first *formField) {
	for _, f := range fields {
		setError(f.err, "")
	}
	setError(general, "")
	if err == nil {
		return false, nil
	}
	byField := map[string]*formField{}
	for _, f := range fields {
		byField[f.name] = f
	}
	msgs := map[*formField][]string{}
	var rest []string
	input = true
	for _, e := range flatten(err) {
		var de *data.Error
		if !errors.As(e, &de) {
			input = false
			continue
		}
		name, _ := de.Args["Field"].(string)
		if f := byField[name]; f != nil {
			msgs[f] = append(msgs[f], lang.L(de.Key, de.Args))
			if first == nil {
				first = f
			}
			continue
		}
		rest = append(rest, Message(de))
	}
	for f, m := range msgs {
		setError(f.err, strings.Join(m, "\n"))
	}
	setError(general, strings.Join(rest, "\n"))
	return input, first
}

// warningText renders the ID number's warnings for the user.
func warningText(ws []data.Warning) string {
	var out []string
	for _, w := range ws {
		out = append(out, lang.L(w.Key, w.Args))
	}
	return strings.Join(out, "\n")
}

// headerRow is a list's header of titles over columns of at least widths:
// a column widens to its title (English titles are longer than Chinese).
// It returns the widths the rows must use.
func headerRow(widths []float32, titles ...string) (*fyne.Container, []float32) {
	fitted := slices.Clone(widths)
	cells := make([]fyne.CanvasObject, len(titles))
	for i, t := range titles {
		h := headerCell(t)
		cells[i] = h
		if i < len(fitted) {
			fitted[i] = max(fitted[i], textWidth(t, h.TextStyle))
		}
	}
	return container.New(&columns{widths: fitted}, cells...), fitted
}

// textWidth is the width a label needs to show text whole (a truncating
// label's MinSize is only its "…").
func textWidth(text string, style fyne.TextStyle) float32 {
	return fyne.MeasureText(text, theme.TextSize(), style).Width + 2*theme.InnerPadding() + 2*theme.Padding()
}

// labelsWidth is the width of the widest of the fields' labels, at least
// least and at most 180, so a form's columns line up in any language.
func labelsWidth(least float32, fields ...*formField) float32 {
	w := least
	for _, f := range fields {
		w = max(w, textWidth(f.label, fyne.TextStyle{}))
	}
	return min(w, 180)
}

// orDash is s, or "—" when s is empty, for cells that would look broken
// empty.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
