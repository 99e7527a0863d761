package screens

// The meetings page (议事会议): the list of deliberation meetings with its
// search and filters and, when a row is opened, the meeting's editor
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
	return &meetings{listFrame: newListFrame[*meetingEditor](env), pg: pager[data.MeetingRow]{env: env}}
}

// OpenMeeting shows the meetings page with meeting id open: the actions
// board uses it.
func OpenMeeting(env *Env, id int64) {
	openPage(env, PageMeetings, func(l *meetings) { l.openMeeting(id) })
}

// meetings is the list: rows the search box and the filters select, a
// page at a time (keyset paging). A row opens its meeting in place of the
// list until "back".
type meetings struct {
	listFrame[*meetingEditor]

	kind   *widget.Select
	status *widget.Select
	year   *widget.Select
	list   *widget.List

	pg pager[data.MeetingRow]
}

// Meeting list columns: date, title (the rest, at least 260), kind,
// community, status, attendance.
var meetingColumns = flexAt(1, 96, 260, 96, 110, 64, 150)

func (l *meetings) BuildUI() fyne.CanvasObject {
	l.initSearch(l.env, lang.L("mtg.Search the minutes: title, agenda, speeches, resolutions"), l.find)
	all := lang.L("(all)")
	l.kind = filterSelect(lang.L("mtg.Kind"), all, data.MeetingKinds, l.changed)
	l.status = filterSelect(lang.L("Status"), all, data.MeetingStatuses, l.changed)
	l.year = filterSelect(lang.L("mtg.Year"), all, l.years(), l.changed)
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: l.onClear}

	header, cols := headerRow(meetingColumns, lang.L("Date"), lang.L("mtg.Title"), lang.L("mtg.Kind"),
		lang.L("Community"), lang.L("Status"), lang.L("mtg.Present / invited"))
	l.list = pagedList(&l.pg, func() fyne.CanvasObject { return newRow(cols) }, l.fillRow,
		func(r data.MeetingRow) { l.openMeeting(r.ID) })

	newBtn := &widget.Button{Text: lang.L("mtg.New meeting"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: l.New}
	l.env.offer(CapMeetingWrite, newBtn)
	board := &widget.Button{Text: lang.L("mtg.Actions board"), Icon: theme.ListIcon(), OnTapped: func() { l.env.navigate(PageActions) }}
	selects := container.New(&fixedWidth{w: 420}, container.NewGridWithColumns(3, l.kind, l.status, l.year))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, l.count, l.search),
		container.NewBorder(nil, nil, selects, nil, container.NewHBox(clear)),
	)
	body := container.NewBorder(container.NewVBox(top, header), nil, nil, nil, container.NewStack(l.list, l.empty))
	l.pg.showIn(l.list, l.empty, l.count, func(n int) (string, string) {
		return lang.L("mtg.{{.N}} meetings", map[string]any{"N": n}), lang.L("mtg.More than {{.N}} meetings", map[string]any{"N": n})
	})
	return newFindableRoot(l, l.setList(page(lang.L("mtg.Deliberation meetings"), container.NewHBox(board, newBtn), body)))
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

func (l *meetings) fillRow(r data.MeetingRow, o fyne.CanvasObject) {
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

// find searches again after delay (see pager.search).
func (l *meetings) find(delay time.Duration) {
	f, s := l.filter(), l.env.Store()
	l.pg.search(delay, func(ctx context.Context, after string, limit int) ([]data.MeetingRow, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.ListMeetings(ctx, f)
		return p.Rows, p.Next, err
	}, nil)
}

func (l *meetings) onClear() { l.setFilters(l.clearFilters) }

// clearFilters empties the search box and the filters.
func (l *meetings) clearFilters() {
	l.search.SetText("")
	for _, s := range []*widget.Select{l.kind, l.status, l.year} {
		setSelect(s, "")
	}
}

// New opens an empty meeting (Ctrl+N).
func (l *meetings) New() {
	if l.env.Can(CapMeetingWrite) {
		l.openMeeting(0)
	}
}

// Print prints the minutes of the meeting on show (Ctrl+P).
func (l *meetings) Print() {
	if l.showing() {
		l.detail.Print()
	}
}

// openMeeting shows meeting id (0: a new one) in place of the list.
func (l *meetings) openMeeting(id int64) {
	ed := newMeetingEditor(l.env, id, func() { l.closeDetail(true) })
	ed.replace = l.openMeeting
	l.showDetail(ed)
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
		openPage(env, PageMeetings, func(l *meetings) { l.showYear(year) })
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
	l.closeDetail(false)
	l.setFilters(func() {
		l.clearFilters()
		setSelect(l.year, fmt.Sprint(year))
	})
}
