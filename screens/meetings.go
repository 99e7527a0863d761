package screens

// The meetings page (议事会议): the list of deliberation meetings with its
// search and filters and, workflowTime a row is opened, the meeting's editor
// (meeting_editor.go) in its place. The search box is data's full-text
// search over the minutes (title, agenda, speeches, resolutions, summary),
// run as the clerk types.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// Page ids of the meetings and the actions board.
const (
	PageMeetings = "meetings"
	PageActions  = "actions"
)

// NewMeetings returns the meetings page.
func NewMeetings(env *Env) Screen {
	l := &meetings{env: env}
	l.pg = pager[data.MeetingRow]{env: env}
	return l
}

// OpenMeeting shows the meetings page with meeting id open: the actions
// board uses it. It navigates to the page (building it if need be) and
// finds the page in the window.
func OpenMeeting(env *Env, id int64) {
	env.navigate(PageMeetings)
	if m := findScreen[*meetings](env.Window.Canvas().Content()); m != nil {
		m.openMeeting(id)
	}
}

// findableRoot is what a page's BuildUI returns workflowTime other pages must find it
// in the window (OpenMeeting, the dashboard's overdue figure): its content,
// and the page itself.
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

// meetings is the list: rows the search box and the filters select, a
// page at a time (keyset paging). A row opens its meeting in place of the
// list until "back".
type meetings struct {
	env *Env

	stack    *fyne.Container // the list or a meeting's editor
	listView fyne.CanvasObject
	editor   *meetingEditor

	search *widget.Entry
	kind   *widget.Select
	status *widget.Select
	year   *widget.Select
	count  *widget.Label
	empty  *widget.Label
	list   *widget.List

	pg    pager[data.MeetingRow]
	quiet bool
}

// Meeting list columns: date, title (flexible), kind, community, status,
// attendance.
var meetingColumns = []float32{96, 260, 96, 110, 64, 150}

// meetingFlex is the column of meetingColumns that takes the room left.
const meetingFlex = 1

func (l *meetings) BuildUI() fyne.CanvasObject {
	l.search = &widget.Entry{PlaceHolder: lang.L("mtg.Search the minutes: title, agenda, speeches, resolutions")}
	l.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	l.search.OnChanged = func(string) { l.schedule(searchDelay) }
	l.search.OnSubmitted = func(string) { l.schedule(0) }
	changed := func(string) { l.schedule(0) }
	all := lang.L("(all)")
	l.kind = filterSelect(lang.L("mtg.Kind"), all, data.MeetingKinds, changed)
	l.status = filterSelect(lang.L("Status"), all, data.MeetingStatuses, changed)
	l.year = filterSelect(lang.L("mtg.Year"), all, l.years(), changed)
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: l.onClear}

	l.count = &widget.Label{}
	l.empty = &widget.Label{Text: lang.L("Nothing found."), Alignment: fyne.TextAlignCenter}
	l.empty.Hide()
	header, widths := flexHeader(meetingColumns, meetingFlex, lang.L("Date"), lang.L("mtg.Title"), lang.L("mtg.Kind"),
		lang.L("Community"), lang.L("Status"), lang.L("mtg.Present / invited"))
	l.list = &widget.List{
		Length:     func() int { return len(l.pg.rows) },
		CreateItem: func() fyne.CanvasObject { return flexRow(widths, meetingFlex) },
		UpdateItem: l.updateRow,
		OnSelected: func(id widget.ListItemID) {
			l.list.UnselectAll()
			if id < len(l.pg.rows) {
				l.openMeeting(l.pg.rows[id].ID)
			}
		},
	}
	l.list.MinSize() // make the scroller now: ScrollToTop needs it

	newBtn := &widget.Button{Text: lang.L("mtg.New meeting"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: l.New}
	board := &widget.Button{Text: lang.L("mtg.Actions board"), Icon: theme.ListIcon(), OnTapped: func() { l.env.navigate(PageActions) }}
	selects := container.New(&fixedWidth{w: 420}, container.NewGridWithColumns(3, l.kind, l.status, l.year))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, l.count, l.search),
		container.NewBorder(nil, nil, selects, nil, container.NewHBox(clear)),
	)
	body := container.NewBorder(container.NewVBox(top, header), nil, nil, nil, container.NewStack(l.list, l.empty))
	l.listView = page(lang.L("mtg.Deliberation meetings"), container.NewHBox(board, newBtn), body)
	l.stack = container.NewStack(l.listView)
	l.pg.showIn(l.list, l.empty, l.count, func(n int, more bool) string {
		if more {
			return lang.L("mtg.More than {{.N}} meetings", map[string]any{"N": n})
		}
		return lang.L("mtg.{{.N}} meetings", map[string]any{"N": n})
	})
	return newFindableRoot(l, l.stack)
}

// years offers this year and the five before it.
func (l *meetings) years() []string {
	y := storeToday(l.env.Store()).Year()
	var out []string
	for i := 0; i < 6; i++ {
		out = append(out, strconv.Itoa(y-i))
	}
	return out
}

func (l *meetings) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(l.pg.rows) {
		return
	}
	if id >= len(l.pg.rows)-listPage/4 {
		l.pg.more()
	}
	r := l.pg.rows[id]
	title := r.Title
	if r.Version > 1 {
		title += " " + lang.L("mtg.(version {{.N}})", map[string]any{"N": r.Version})
	}
	attendance, short := rowAttendance(r)
	setCells(o, r.Date, title, r.Kind, orDash(r.Community), r.Status, attendance)
	cells := o.(*fyne.Container).Objects
	att := cells[5].(*widget.Label)
	att.Importance = widget.MediumImportance
	if short {
		att.Importance = widget.WarningImportance
	}
	att.Refresh()
}

// rowAttendance is "present/invited" with the quorum mark, and whether the
// quorum was missed.
func rowAttendance(r data.MeetingRow) (string, bool) {
	base := r.Invited
	if base == 0 {
		base = r.Participants
	}
	quorum := r.QuorumPercent
	if quorum == 0 {
		quorum = data.DefaultQuorumPercent
	}
	args := map[string]any{"Present": r.Present, "Invited": base}
	if base == 0 {
		return lang.L("mtg.{{.Present}}/{{.Invited}}", args), false
	}
	if r.Present*100 > base*quorum {
		return lang.L("mtg.{{.Present}}/{{.Invited}} quorum", args), false
	}
	return lang.L("mtg.{{.Present}}/{{.Invited}} no quorum", args), true
}

// filter is what the widgets select, read on the UI goroutine.
func (l *meetings) filter() data.MeetingFilter {
	f := data.MeetingFilter{Query: strings.TrimSpace(l.search.Text), Kind: l.kind.Selected,
		Status: l.status.Selected, Limit: listPage}
	if y, err := strconv.Atoi(l.year.Selected); err == nil {
		f.Year = y
	}
	return f
}

// schedule searches again after delay (see pager.search).
func (l *meetings) schedule(delay time.Duration) {
	if l.quiet || l.stack == nil {
		return
	}
	f, s := l.filter(), l.env.Store()
	l.pg.search(delay, func(ctx context.Context, after string, limit int) ([]data.MeetingRow, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.ListMeetings(ctx, f)
		return p.Rows, p.Next, err
	}, nil)
}

func (l *meetings) onClear() {
	l.quiet = true
	l.search.SetText("")
	for _, s := range []*widget.Select{l.kind, l.status, l.year} {
		setSelect(s, "")
	}
	l.quiet = false
	l.schedule(0)
}

// Reload searches again (each time the page is shown), or reloads the
// meeting on show.
func (l *meetings) Reload() {
	if l.editor != nil {
		l.editor.reload()
		return
	}
	l.schedule(0)
}

// FocusSearch goes back to the list and puts the cursor in its search box.
func (l *meetings) FocusSearch() {
	back := l.editor != nil
	l.closeEditor(false)
	l.env.Window.Canvas().Focus(l.search)
	if back {
		l.schedule(0)
	}
}

// New opens an empty meeting (Ctrl+N).
func (l *meetings) New() { l.openMeeting(0) }

// Save saves the meeting on show (Ctrl+S).
func (l *meetings) Save() {
	if l.editor != nil {
		l.editor.Save()
	}
}

// Print prints the minutes of the meeting on show (Ctrl+P).
func (l *meetings) Print() {
	if l.editor != nil {
		l.editor.Print()
	}
}

// openMeeting shows meeting id (0: a new one) in place of the list.
func (l *meetings) openMeeting(id int64) {
	if l.stack == nil {
		return
	}
	l.editor = newMeetingEditor(l.env, id, func() { l.closeEditor(true) })
	l.editor.replace = func(id int64) { l.openMeeting(id) }
	l.stack.Objects = []fyne.CanvasObject{l.editor.buildUI()}
	l.stack.Refresh()
	l.editor.reload()
}

// closeEditor shows the list again, searching again workflowTime refresh is set.
func (l *meetings) closeEditor(refresh bool) {
	if l.editor == nil {
		return
	}
	l.editor = nil
	l.stack.Objects = []fyne.CanvasObject{l.listView}
	l.stack.Refresh()
	if refresh {
		l.schedule(0)
	}
}

// flexColumns lays a row out in columns of fixed widths but one, flex,
// which takes the room the others leave (at least its width).
type flexColumns struct {
	widths []float32
	flex   int
}

func (c *flexColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed := float32(0)
	for i, w := range c.widths {
		if i != c.flex {
			fixed += w
		}
	}
	flexW := max(size.Width-fixed-pad*float32(len(c.widths)-1), c.widths[c.flex])
	x := float32(0)
	for i, o := range objs {
		if i >= len(c.widths) {
			o.Hide()
			continue
		}
		w := c.widths[i]
		if i == c.flex {
			w = flexW
		}
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += w + pad
	}
}

func (c *flexColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w, h float32
	for i, o := range objs {
		if i < len(c.widths) {
			w += c.widths[i] + pad
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(max(w-pad, 0), h)
}

// flexHeader is a list's header over flexColumns; a column widens to its
// title. It returns the widths the rows must use.
func flexHeader(widths []float32, flex int, titles ...string) (*fyne.Container, []float32) {
	fitted := append([]float32(nil), widths...)
	cells := make([]fyne.CanvasObject, len(titles))
	for i, t := range titles {
		h := headerCell(t)
		cells[i] = h
		if i < len(fitted) {
			fitted[i] = max(fitted[i], textWidth(t, h.TextStyle))
		}
	}
	return container.New(&flexColumns{widths: fitted, flex: flex}, cells...), fitted
}

// flexRow is a list row of one-line cells over flexColumns.
func flexRow(widths []float32, flex int) *fyne.Container {
	cells := make([]fyne.CanvasObject, len(widths))
	for i := range cells {
		cells[i] = cell("")
	}
	return container.New(&flexColumns{widths: widths, flex: flex}, cells...)
}

// MeetingFigures is the dashboard's part on the meetings: meetings held
// this year and overdue actions, read off the UI goroutine. The overdue
// figure opens the actions board filtered to the overdue actions, the
// meetings figure the meeting list of this year.
func MeetingFigures(env *Env) fyne.CanvasObject {
	big := func() *canvas.Text {
		return &canvas.Text{Text: "…", TextSize: theme.TextHeadingSize() * 1.4,
			TextStyle: fyne.TextStyle{Bold: true}, Color: theme.Color(theme.ColorNamePrimary)}
	}
	meetingsN, overdueN := big(), big()
	meetingsNote := &widget.Label{Text: " ", Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	overdueNote := &widget.Label{Text: " ", Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	year := storeToday(env.Store()).Year()
	tile := func(name string, n *canvas.Text, note *widget.Label, tap func()) fyne.CanvasObject {
		t := newTapArea(container.NewVBox(&widget.Label{Text: name, Truncation: fyne.TextTruncateEllipsis}, n, note), tap)
		t.fill = theme.Color(theme.ColorNameInputBackground)
		return t
	}
	held := tile(lang.L("mtg.Meetings this year"), meetingsN, meetingsNote, func() {
		env.navigate(PageMeetings)
		if l := findScreen[*meetings](env.Window.Canvas().Content()); l != nil {
			l.showYear(year)
		}
	})
	overdue := tile(lang.L("mtg.Overdue actions"), overdueN, overdueNote, func() { OpenActionsBoard(env, true) })
	s := env.Store()
	env.Background(func(ctx context.Context) error {
		c, err := s.MeetingCounts(ctx, year)
		fyne.Do(func() {
			if err != nil {
				meetingsN.Text, overdueN.Text = "—", "—"
			} else {
				meetingsN.Text, overdueN.Text = strconv.Itoa(c.Meetings), strconv.Itoa(c.OverdueActions)
				meetingsNote.SetText(lang.L("mtg.{{.N}} not finalized", map[string]any{"N": c.Drafts}))
				overdueNote.SetText(lang.L("mtg.of {{.N}} open", map[string]any{"N": c.OpenActions}))
				if c.OverdueActions > 0 {
					overdueN.Color = theme.Color(theme.ColorNameError)
				}
			}
			meetingsN.Refresh()
			overdueN.Refresh()
		})
		return err
	}, nil)
	return container.NewGridWithColumns(2, held, overdue)
}

// showYear lists the meetings of year.
func (l *meetings) showYear(year int) {
	l.closeEditor(false)
	l.quiet = true
	l.search.SetText("")
	setSelect(l.kind, "")
	setSelect(l.status, "")
	setSelect(l.year, fmt.Sprint(year))
	l.quiet = false
	l.schedule(0)
}
