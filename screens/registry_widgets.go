package screens

// Small pieces the screens share: a tappable area for the dashboard's
// figures and a table's rows, a proportional bar, filter selects, the
// communities and grids for the filters, counting by paging for lists that
// have no SQL count, and a fixed-width box.

import (
	"context"
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
		if !slices.Contains(s.Options, v) {
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
	if !slices.Contains(s.Options, v) {
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

// warningText renders the ID number's warnings for the user.
func warningText(ws []data.Warning) string {
	var out []string
	for _, w := range ws {
		out = append(out, lang.L(w.Key, w.Args))
	}
	return strings.Join(out, "\n")
}

// orDash is s, or "—" when s is empty, for cells that would look broken
// empty.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
