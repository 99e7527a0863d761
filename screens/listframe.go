package screens

// The frame of the register pages (households, organizations, agreements,
// meetings and the actions board): a search box that lists again as the
// clerk types — after a pause (searchDelay), or at once on Enter — the
// count and "Nothing found." over a list that a pager fills a page at a
// time, and, where a row opens a record, the record's page in place of the
// list until "back", with the shell's reload, Ctrl+F and Ctrl+S going to
// whichever is on show.

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchDelay is how long the list waits after a keystroke before it
// searches: a clerk typing "zhangsan" starts one search, not eight.
const searchDelay = 150 * time.Millisecond

// listPage is how many rows one query fetches; more load as the list
// scrolls near the end (keyset paging).
const listPage = 100

// listSearch is a list's search box, its count and its "Nothing found.",
// and the search itself, run again whenever a filter changes. Its
// Reload and FocusSearch serve a page that is only a list.
type listSearch struct {
	env    *Env
	search *widget.Entry
	count  *widget.Label
	empty  *widget.Label
	find   func(delay time.Duration) // lists again with what the widgets select
	built  bool                      // the page is built: before, there is nothing to list into
	quiet  bool                      // filters are being set by code: no search per change
}

// initSearch makes the search box (saying placeholder), the count and the
// empty note; find is the page's search.
func (l *listSearch) initSearch(env *Env, placeholder string, find func(delay time.Duration)) {
	l.env, l.find = env, find
	l.search = &widget.Entry{PlaceHolder: placeholder, OnChanged: l.typed, OnSubmitted: l.changed}
	l.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	l.count = &widget.Label{}
	l.empty = &widget.Label{Text: lang.L("Nothing found."), Alignment: fyne.TextAlignCenter}
	l.empty.Hide()
}

// schedule lists again after delay (see pager.search), unless the filters
// are being set by code or the page is not built yet.
func (l *listSearch) schedule(delay time.Duration) {
	if l.quiet || !l.built {
		return
	}
	l.find(delay)
}

// typed follows a keystroke in a filter's text: list again once the clerk
// pauses.
func (l *listSearch) typed(string) { l.schedule(searchDelay) }

// changed follows a filter chosen (or Enter): list again now.
func (l *listSearch) changed(string) { l.schedule(0) }

// setFilters sets the filters with set, without a search per change, and
// then lists once.
func (l *listSearch) setFilters(set func()) {
	l.quiet = true
	set()
	l.quiet = false
	l.schedule(0)
}

// Reload lists again (the shell calls it each time the page is shown).
func (l *listSearch) Reload() { l.schedule(0) }

// FocusSearch puts the cursor in the search box (Ctrl+F).
func (l *listSearch) FocusSearch() { l.env.Window.Canvas().Focus(l.search) }

// recordPage is the page of one record that a list opens in its place.
type recordPage interface {
	comparable
	buildUI() fyne.CanvasObject
	// Leave asks about unsaved edits before the page closes (Leaver).
	Leave(proceed func())
	// reload reads the record again; the form keeps unsaved edits.
	reload()
	// Save saves the form on show (Ctrl+S).
	Save()
}

// detailHeader is the top of a record's page: "back to the list", the
// record's title and summary line, and tools (nil: none) on the right.
// mark is the form's "未保存", shown beside the title.
func detailHeader(onBack func(), tools fyne.CanvasObject, mark *widget.Label) (title, summary *widget.Label, header fyne.CanvasObject) {
	title = heading("")
	summary = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	back := &widget.Button{Text: lang.L("Back to the list"), Icon: theme.NavigateBackIcon(), OnTapped: onBack}
	var right fyne.CanvasObject
	if tools != nil {
		right = container.NewCenter(tools)
	}
	return title, summary, container.NewBorder(nil, nil, container.NewCenter(back), right, container.NewVBox(titleWithMark(title, mark), summary))
}

// recordTabs are the tabs of a record's page, in order. formTab holds the
// form f, which its messages bring forward; a new record (not saved yet)
// shows it and has the other tabs disabled.
func recordTabs(f *recordForm, isNew bool, formTab *container.TabItem, items ...*container.TabItem) *container.AppTabs {
	tabs := container.NewAppTabs(items...)
	f.focusTab = func() { tabs.Select(formTab) }
	if isNew {
		tabs.Select(formTab)
		for _, t := range items {
			if t != formTab {
				tabs.DisableItem(t)
			}
		}
	}
	return tabs
}

// detailLayout lays a record's page out: top (its header…) over a rule,
// and the tabs filling the rest.
func detailLayout(tabs *container.AppTabs, top ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(append(top, widget.NewSeparator())...), nil, nil, nil, tabs)
}

// listFrame is a list page whose rows open their record (D) in place of
// the list until "back".
type listFrame[D recordPage] struct {
	listSearch
	stack    *fyne.Container // the list, or the record on show
	listView fyne.CanvasObject
	detail   D // the record on show; the zero D while the list is
	// closing, when set, runs as the record's page closes.
	closing func(d D)
}

func newListFrame[D recordPage](env *Env) listFrame[D] {
	return listFrame[D]{listSearch: listSearch{env: env}}
}

// setList makes view the list the frame shows, and returns the stack it
// shows it in (what the page's BuildUI returns, or wraps).
func (f *listFrame[D]) setList(view fyne.CanvasObject) *fyne.Container {
	f.listView = view
	f.stack = container.NewStack(view)
	f.built = true
	return f.stack
}

// showing reports whether a record is on show.
func (f *listFrame[D]) showing() bool {
	var none D
	return f.detail != none
}

// Reload lists again, or reloads the record on show (the shell calls it
// each time the page is shown).
func (f *listFrame[D]) Reload() {
	if f.showing() {
		f.detail.reload()
		return
	}
	f.schedule(0)
}

// FocusSearch goes back to the list and puts the cursor in its search box
// (Ctrl+F).
func (f *listFrame[D]) FocusSearch() {
	back := f.showing()
	f.Leave(func() {
		f.closeDetail(false)
		f.listSearch.FocusSearch()
		if back {
			f.schedule(0)
		}
	})
}

// Leave asks the record on show about its unsaved edits before the page
// goes (Leaver); the list itself has none.
func (f *listFrame[D]) Leave(proceed func()) {
	if f.showing() {
		f.detail.Leave(proceed)
		return
	}
	proceed()
}

// Unsaved reports whether the record on show holds unsaved edits.
func (f *listFrame[D]) Unsaved() bool {
	if u, ok := any(f.detail).(Unsaved); ok && f.showing() {
		return u.Unsaved()
	}
	return false
}

// Save saves the record on show (Ctrl+S).
func (f *listFrame[D]) Save() {
	if f.showing() {
		f.detail.Save()
	}
}

// showDetail shows d in place of the list and reads its record.
func (f *listFrame[D]) showDetail(d D) {
	if f.stack == nil {
		return
	}
	f.detail = d
	f.stack.Objects = []fyne.CanvasObject{d.buildUI()}
	f.stack.Refresh()
	d.reload()
}

// closeDetail shows the list again, listing again when refresh is set
// (the record may have changed).
func (f *listFrame[D]) closeDetail(refresh bool) {
	if !f.showing() {
		return
	}
	if f.closing != nil {
		f.closing(f.detail)
	}
	var none D
	f.detail = none
	f.stack.Objects = []fyne.CanvasObject{f.listView}
	f.stack.Refresh()
	if refresh {
		f.schedule(0)
	}
}

// pagedList is a list of p's rows: made is a new row, fill shows a row's
// record in it, and tapping a row opens its record (when open is set).
// The page after the rows held is fetched as the end comes into view.
func pagedList[R any](p *pager[R], made func() fyne.CanvasObject, fill func(r R, o fyne.CanvasObject), open func(r R)) *widget.List {
	list := &widget.List{
		Length:     func() int { return len(p.rows) },
		CreateItem: made,
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.rows) {
				return
			}
			if id >= len(p.rows)-listPage/4 {
				p.more()
			}
			fill(p.rows[id], o)
		},
	}
	if open != nil {
		list.OnSelected = func(id widget.ListItemID) {
			list.UnselectAll()
			if id < len(p.rows) {
				open(p.rows[id])
			}
		}
	}
	// A List has no scroller until its renderer exists, and ScrollToTop on
	// it would crash: MinSize makes the renderers now.
	list.MinSize()
	return list
}
