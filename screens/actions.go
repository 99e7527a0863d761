package screens

// The actions board (督办台账): the follow-up actions of every meeting in
// one list, earliest deadline first, filtered by owner and state —
// 已逾期 included, which data computes from the deadline and the store's
// clock. Each row names the meeting it came from and opens it; progress
// and completion are recorded in place.

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// NewActionsBoard returns the actions board.
func NewActionsBoard(env *Env) Screen {
	return &actionsBoard{listSearch: listSearch{env: env}, pg: pager[data.ActionRow]{env: env}}
}

// OpenActionsBoard shows the actions board, filtered to the overdue
// actions when overdue is set: the dashboard's figure uses it.
func OpenActionsBoard(env *Env, overdue bool) {
	openPage(env, PageActions, func(b *actionsBoard) { b.showOverdue(overdue) })
}

// actionsBoard's search box is the owner filter; its Reload lists again
// and its FocusSearch goes to the owner (listSearch's).
type actionsBoard struct {
	listSearch

	status  *widget.Select
	overdue *widget.Check
	list    *widget.List

	pg pager[data.ActionRow]
}

// Board columns: deadline, state, task (the rest, at least 160), owner,
// meeting, last progress.
var boardColumns = flexAt(2, 96, 72, 160, 110, 180, 140)

func (b *actionsBoard) BuildUI() fyne.CanvasObject {
	b.initSearch(b.env, lang.L("mtg.Owner (person or unit)"), b.find)
	b.status = filterSelect(lang.L("Status"), lang.L("(all)"), data.ActionStates, b.changed)
	b.overdue = &widget.Check{Text: lang.L("mtg.Overdue only"), OnChanged: func(on bool) {
		enableWhen(b.status, !on)
		b.schedule(0)
	}}
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: b.onClear}
	header, cols := headerRow(boardColumns, lang.L("mtg.Deadline"), lang.L("Status"), lang.L("mtg.Task"),
		lang.L("mtg.Owner"), lang.L("mtg.Meeting"), lang.L("mtg.Latest progress"))
	b.list = pagedList(&b.pg, func() fyne.CanvasObject { return toolRow(newRow(cols), b.rowButtons()) }, b.fillRow, nil)
	filters := container.NewBorder(nil, nil,
		container.NewHBox(container.New(&fixedWidth{w: 240}, b.search), container.New(&fixedWidth{w: 130}, b.status), b.overdue, clear),
		b.count)
	body := container.NewBorder(container.NewVBox(filters, toolHeader(header, b.rowButtons())), nil, nil, nil,
		container.NewStack(b.list, b.empty))
	meetingsBtn := &widget.Button{Text: lang.L("mtg.Deliberation meetings"), Icon: theme.NavigateBackIcon(), OnTapped: func() { b.env.navigate(PageMeetings) }}
	b.pg.showIn(b.list, b.empty, b.count, func(n int) (string, string) {
		return lang.L("mtg.{{.N}} actions", map[string]any{"N": n}), lang.L("mtg.More than {{.N}} actions", map[string]any{"N": n})
	})
	b.built = true
	return newFindableRoot(b, page(lang.L("mtg.Actions board"), meetingsBtn, body))
}

func (b *actionsBoard) rowButtons() *fyne.Container {
	progress := &widget.Button{Text: lang.L("mtg.Progress…"), Icon: theme.HistoryIcon(), Importance: widget.LowImportance}
	open := &widget.Button{Text: lang.L("mtg.Open meeting"), Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance}
	return fixedTools(progress, open)
}

func (b *actionsBoard) fillRow(r data.ActionRow, o fyne.CanvasObject) {
	row, buttons := toolRowParts(o)
	latest := ""
	if n := len(r.Progress); n > 0 {
		latest = r.Progress[n-1].Date + " " + firstLineOf(r.Progress[n-1].Text)
	}
	task := firstLineOf(r.Task)
	if r.CarriedFromID != nil {
		task = lang.L("mtg.(continued)") + " " + task
	}
	from := r.MeetingDate + " " + r.MeetingTitle
	if r.VisitID != nil {
		from = lang.L("visit.From a care visit") // its meeting only holds it (data.MeetingKindVisits)
	}
	setCells(row, orDash(r.Deadline), r.State, task, r.Owner, from, latest)
	l := row.Objects[1].(*widget.Label)
	l.Importance = stateImportance(r.State)
	l.Refresh()
	progress, open := buttons.Objects[0].(*widget.Button), buttons.Objects[1].(*widget.Button)
	progress.OnTapped = func() { showProgress(b.env, r.Action, r.MeetingDate, func() { b.schedule(0) }) }
	open.OnTapped = func() { OpenMeeting(b.env, r.MeetingID) }
	open.SetText(lang.L("mtg.Open meeting"))
	if r.VisitID != nil {
		open.SetText(lang.L("visit.Open visit"))
		open.OnTapped = func() { openVisitOf(b.env, *r.VisitID) }
	}
	enableWhen(progress, !r.Carried())
}

func (b *actionsBoard) filter() data.ActionFilter {
	return data.ActionFilter{Owner: strings.TrimSpace(b.search.Text), Status: b.status.Selected,
		Overdue: b.overdue.Checked, Limit: listPage}
}

// find lists again after delay (see pager.search).
func (b *actionsBoard) find(delay time.Duration) {
	f, s := b.filter(), b.env.Store()
	b.pg.search(delay, func(ctx context.Context, after string, limit int) ([]data.ActionRow, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.ListActions(ctx, f)
		return p.Rows, p.Next, err
	}, nil)
}

func (b *actionsBoard) onClear() { b.showOverdue(false) }

// showOverdue sets the filters to the overdue actions (or clears them).
func (b *actionsBoard) showOverdue(on bool) {
	b.setFilters(func() {
		b.search.SetText("")
		setSelect(b.status, "")
		b.overdue.SetChecked(on)
	})
}
