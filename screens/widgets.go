package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// heading is a screen's title: bold and large.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText}
}

// subheading titles a part of a screen.
func subheading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
}

// errorLabel shows a validation message under a field; hidden while empty.
func errorLabel() *widget.Label {
	l := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	l.Hide()
	return l
}

// setError shows msg in l, or hides l when msg is "".
func setError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// page lays out a screen: its title with the screen's tools on the right,
// a rule, and the body filling the rest.
func page(title string, tools fyne.CanvasObject, body fyne.CanvasObject) fyne.CanvasObject {
	var right fyne.CanvasObject
	if tools != nil {
		right = container.NewCenter(tools)
	}
	top := container.NewBorder(nil, nil, nil, right, heading(title))
	return container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, body)
}

// findableRoot is what a page's BuildUI returns when other pages must find
// it in the window (OpenAgreement, OpenMeeting, the dashboard's overdue
// figure): its content, and the page itself, so that no registry shared by
// the shell is needed.
type findableRoot struct {
	widget.BaseWidget
	page    any
	content fyne.CanvasObject
}

func newFindableRoot(page any, content fyne.CanvasObject) *findableRoot {
	r := &findableRoot{page: page, content: content}
	r.ExtendBaseWidget(r)
	return r
}

func (r *findableRoot) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

// openPage shows page (building it if need be) and hands it to show, found
// in the window as a T.
func openPage[T any](env *Env, page string, show func(T)) {
	env.navigate(page)
	var none T
	if p := findScreen[T](env.Window.Canvas().Content()); any(p) != any(none) {
		show(p)
	}
}

// findScreen looks for the page of type T under o.
func findScreen[T any](o fyne.CanvasObject) T {
	var zero T
	switch x := o.(type) {
	case *findableRoot:
		if p, ok := x.page.(T); ok {
			return p
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if p := findScreen[T](c); any(p) != any(zero) {
				return p
			}
		}
	case *container.Scroll:
		return findScreen[T](x.Content)
	}
	return zero
}

// Background runs work off the UI goroutine (a write may wait behind an
// import holding the database) and then done, if not nil, on the UI
// goroutine with work's error. For work short enough to need no progress
// dialog; longer work uses RunJob.
func (e *Env) Background(work func(ctx context.Context) error, done func(error)) {
	e.Go(func() {
		err := work(e.ctx)
		if done != nil {
			fyne.DoAndWait(func() { done(err) })
		}
	})
}

// showWhen shows o when on, else hides it.
func showWhen(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// enableWhen enables o when on, else disables it; o is left alone when it
// cannot be disabled (a label).
func enableWhen(o fyne.CanvasObject, on bool) {
	if d, ok := o.(fyne.Disableable); ok {
		if on {
			d.Enable()
		} else {
			d.Disable()
		}
	}
}

// showMenu pops a menu of items up under the button at.
func showMenu(env *Env, at fyne.CanvasObject, items []*fyne.MenuItem) {
	c := fyne.CurrentApp().Driver().CanvasForObject(at)
	if c == nil {
		c = env.Window.Canvas()
	}
	widget.ShowPopUpMenuAtRelativePosition(fyne.NewMenu("", items...), c, fyne.NewPos(0, at.Size().Height), at)
}

// showClosable shows content in a dialog with a Close button, which Esc
// presses too.
func showClosable(env *Env, title string, content fyne.CanvasObject, size fyne.Size) *dialog.CustomDialog {
	d := dialog.NewCustom(title, lang.L("Close"), content, env.Window)
	d.Resize(size)
	env.ShowDialog(d)
	return d
}

// truncRunes is s cut to at most n characters, the last of them "…" when
// it was cut, for text where no label truncates it (a button, a select's
// option, a heading).
func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:max(n-1, 0)]) + "…"
}

// labelled puts a small label over an input.
func labelled(label string, input fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(&widget.Label{Text: label, Truncation: fyne.TextTruncateEllipsis}, input)
}

// fixedTools is a row's buttons in a box as wide as all of them, so that
// rows line up with their header whichever buttons a row hides.
func fixedTools(buttons ...fyne.CanvasObject) *fyne.Container {
	box := container.NewHBox(buttons...)
	return container.New(&fixedWidth{w: box.MinSize().Width}, box)
}

// toolRow is a table's row: its cells, then its buttons (fixedTools).
func toolRow(cells, tools *fyne.Container) *fyne.Container {
	return container.NewBorder(nil, nil, nil, tools, cells)
}

// toolRowParts are the cells and the buttons of a toolRow.
func toolRowParts(o fyne.CanvasObject) (cells, buttons *fyne.Container) {
	c := o.(*fyne.Container)
	return c.Objects[0].(*fyne.Container), c.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
}

// toolHeader is a header over toolRows: the titles, and room for the
// buttons tools makes.
func toolHeader(titles fyne.CanvasObject, tools *fyne.Container) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, container.New(&fixedWidth{w: tools.MinSize().Width}), titles)
}

// toolList is a list of n() toolRows of cells in cols and the buttons
// tools makes; update fills row id.
func toolList(n func() int, cols *columns, tools func() *fyne.Container, update func(id int, cells, buttons *fyne.Container)) *widget.List {
	return &widget.List{
		Length:     n,
		CreateItem: func() fyne.CanvasObject { return toolRow(newRow(cols), tools()) },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			cells, buttons := toolRowParts(o)
			update(id, cells, buttons)
		},
	}
}

// childTable is a record's tab listing one kind of its children (a
// meeting's participants, agenda items, resolutions, actions): the button
// adding one, their toolRows, and the note shown while there are none.
type childTable struct {
	list   *widget.List
	empty  *widget.Label
	addBtn *widget.Button
}

// initTable makes the button saying add (running onAdd), a toolList of
// n() rows (see toolList) and the note saying none.
func (c *childTable) initTable(add, none string, onAdd func(), n func() int, cols *columns, tools func() *fyne.Container, update func(id int, cells, buttons *fyne.Container)) {
	c.addBtn = &widget.Button{Text: add, Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: onAdd}
	c.list = toolList(n, cols, tools, update)
	c.empty = &widget.Label{Text: none, Alignment: fyne.TextAlignCenter}
}

// tableBody lays the tab out: top (its tools, the header…) over the rows,
// or the note.
func (c *childTable) tableBody(top ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(top...), nil, nil, nil, container.NewStack(c.list, c.empty))
}

// refreshTable shows the rows again, n of them, with the note when there
// are none; the add button, and the others given, work only while
// editable.
func (c *childTable) refreshTable(n int, editable bool, more ...*widget.Button) {
	showWhen(c.empty, n == 0)
	for _, b := range append([]*widget.Button{c.addBtn}, more...) {
		enableWhen(b, editable)
	}
	c.list.Refresh()
}
