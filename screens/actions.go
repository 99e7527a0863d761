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
	b := &actionsBoard{env: env}
	b.pg = pager[data.ActionRow]{env: env}
	return b
}

// OpenActionsBoard shows the actions board, filtered to the overdue
// actions workflowTime overdue is set: the dashboard's figure uses it.
func OpenActionsBoard(env *Env, overdue bool) {
	env.navigate(PageActions)
	if b := findScreen[*actionsBoard](env.Window.Canvas().Content()); b != nil {
		b.showOverdue(overdue)
	}
}

type actionsBoard struct {
	env *Env

	owner   *widget.Entry
	status  *widget.Select
	overdue *widget.Check
	count   *widget.Label
	empty   *widget.Label
	list    *widget.List
	widths  []float32
	built   bool

	pg    pager[data.ActionRow]
	quiet bool
}

// Board columns: deadline, state, task (flexible), owner, meeting, last
// progress.
var boardColumns = []float32{96, 72, 160, 110, 180, 140}

const boardFlex = 2

func (b *actionsBoard) BuildUI() fyne.CanvasObject {
	b.owner = &widget.Entry{PlaceHolder: lang.L("mtg.Owner (person or unit)")}
	b.owner.ActionItem = widget.NewIcon(theme.SearchIcon())
	b.owner.OnChanged = func(string) { b.schedule(searchDelay) }
	b.owner.OnSubmitted = func(string) { b.schedule(0) }
	b.status = filterSelect(lang.L("Status"), lang.L("(all)"), data.ActionStates, func(string) { b.schedule(0) })
	b.overdue = &widget.Check{Text: lang.L("mtg.Overdue only"), OnChanged: func(on bool) {
		if on {
			b.status.Disable()
		} else {
			b.status.Enable()
		}
		b.schedule(0)
	}}
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: b.onClear}
	b.count = &widget.Label{}
	b.empty = &widget.Label{Text: lang.L("Nothing found."), Alignment: fyne.TextAlignCenter}
	b.empty.Hide()
	header, widths := flexHeader(boardColumns, boardFlex, lang.L("mtg.Deadline"), lang.L("Status"), lang.L("mtg.Task"),
		lang.L("mtg.Owner"), lang.L("mtg.Meeting"), lang.L("mtg.Latest progress"))
	b.widths = widths
	spacer := container.New(&fixedWidth{w: b.rowButtons().MinSize().Width})
	b.list = &widget.List{
		Length: func() int { return len(b.pg.rows) },
		CreateItem: func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, b.rowButtons(), flexRow(b.widths, boardFlex))
		},
		UpdateItem: b.updateRow,
	}
	b.list.MinSize()
	filters := container.NewBorder(nil, nil,
		container.NewHBox(container.New(&fixedWidth{w: 240}, b.owner), container.New(&fixedWidth{w: 130}, b.status), b.overdue, clear),
		b.count)
	body := container.NewBorder(container.NewVBox(filters, container.NewBorder(nil, nil, nil, spacer, header)), nil, nil, nil,
		container.NewStack(b.list, b.empty))
	meetingsBtn := &widget.Button{Text: lang.L("mtg.Deliberation meetings"), Icon: theme.NavigateBackIcon(), OnTapped: func() { b.env.navigate(PageMeetings) }}
	b.pg.showIn(b.list, b.empty, b.count, func(n int, more bool) string {
		if more {
			return lang.L("mtg.More than {{.N}} actions", map[string]any{"N": n})
		}
		return lang.L("mtg.{{.N}} actions", map[string]any{"N": n})
	})
	b.built = true
	return newFindableRoot(b, page(lang.L("mtg.Actions board"), meetingsBtn, body))
}

func (b *actionsBoard) rowButtons() *fyne.Container {
	progress := &widget.Button{Text: lang.L("mtg.Progress…"), Icon: theme.HistoryIcon(), Importance: widget.LowImportance}
	open := &widget.Button{Text: lang.L("mtg.Open meeting"), Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance}
	return fixedTools(progress, open)
}

func (b *actionsBoard) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(b.pg.rows) {
		return
	}
	if id >= len(b.pg.rows)-listPage/4 {
		b.pg.more()
	}
	r := b.pg.rows[id]
	c := o.(*fyne.Container)
	row, buttons := c.Objects[0].(*fyne.Container), toolsIn(c)
	latest := ""
	if n := len(r.Progress); n > 0 {
		latest = r.Progress[n-1].Date + " " + firstLineOf(r.Progress[n-1].Text)
	}
	task := firstLineOf(r.Task)
	if r.CarriedFromID != nil {
		task = lang.L("mtg.(continued)") + " " + task
	}
	setCells(row, orDash(r.Deadline), r.State, task, r.Owner, r.MeetingDate+" "+r.MeetingTitle, latest)
	l := row.Objects[1].(*widget.Label)
	l.Importance = stateImportance(r.State)
	l.Refresh()
	progress, open := buttons.Objects[0].(*widget.Button), buttons.Objects[1].(*widget.Button)
	progress.OnTapped = func() { showProgress(b.env, r.Action, r.MeetingDate, func() { b.schedule(0) }) }
	open.OnTapped = func() { OpenMeeting(b.env, r.MeetingID) }
	enableWhen(progress, !r.Carried())
}

func (b *actionsBoard) filter() data.ActionFilter {
	return data.ActionFilter{Owner: strings.TrimSpace(b.owner.Text), Status: b.status.Selected,
		Overdue: b.overdue.Checked, Limit: listPage}
}

// schedule lists again after delay (see pager.search).
func (b *actionsBoard) schedule(delay time.Duration) {
	if b.quiet || !b.built {
		return
	}
	f, s := b.filter(), b.env.Store()
	b.pg.search(delay, func(ctx context.Context, after string, limit int) ([]data.ActionRow, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.ListActions(ctx, f)
		return p.Rows, p.Next, err
	}, nil)
}

func (b *actionsBoard) onClear() {
	b.quiet = true
	b.owner.SetText("")
	setSelect(b.status, "")
	b.overdue.SetChecked(false)
	b.quiet = false
	b.schedule(0)
}

// showOverdue sets the filters to the overdue actions (or clears them).
func (b *actionsBoard) showOverdue(on bool) {
	b.quiet = true
	b.owner.SetText("")
	setSelect(b.status, "")
	b.overdue.SetChecked(on)
	b.quiet = false
	b.schedule(0)
}

// Reload lists again each time the page is shown.
func (b *actionsBoard) Reload() { b.schedule(0) }

// FocusSearch puts the cursor in the owner filter.
func (b *actionsBoard) FocusSearch() { b.env.Window.Canvas().Focus(b.owner) }
