package screens

// The visits board (关爱走访): the people the tier rules track in the
// account's scope, filtered by community, grid, state and "my visits",
// overdue first. Each row records a visit (visit_form.go) or prints the
// person's blank form; the page prints the grid's weekly plan. The board
// is one read (data.VisitBoard: a grid's hundreds, a street's thousands),
// listed in a virtual list.

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/pdf"
)

// PageVisits is the visits board's page id.
const PageVisits = "visits"

// NewVisitsBoard returns the visits board.
func NewVisitsBoard(env *Env) Screen { return &visitsBoard{env: env} }

// OpenVisitsBoard shows the board filtered to community (all when "") and
// state (a data.Due state, all when ""): the dashboard's figures use it.
func OpenVisitsBoard(env *Env, community, state string) {
	openPage(env, PageVisits, func(b *visitsBoard) { b.show(community, state) })
}

type visitsBoard struct {
	env *Env

	communities []data.CommunityGrids
	rows        []data.VisitDue

	community, grid, state *widget.Select
	mine                   *widget.Check
	list                   *widget.List
	count, empty           *widget.Label
	filters                *fyne.Container
	built, setting         bool
}

// visitColumns: state, due, name, tier, community and grid, address,
// phone, last visit (the address takes the rest).
var visitColumns = flexAt(5, 64, 106, 84, 82, 150, 150, 116, 106)

// dueStates are the states offered by the state filter, in the board's
// order.
var dueStates = []string{data.DueOverdue, data.DueNever, data.DueThisWeek, data.DueLater}

func dueStateName(st string) string { return lang.L("visit.state." + st) }

func (b *visitsBoard) BuildUI() fyne.CanvasObject {
	b.community = filterSelect(lang.L("Community"), lang.L("(all)"), nil, func(string) { b.communityChanged() })
	b.grid = filterSelect(lang.L("Grid"), lang.L("(all)"), nil, func(string) { b.changed() })
	names := make([]string, len(dueStates))
	for i, st := range dueStates {
		names[i] = dueStateName(st)
	}
	b.state = filterSelect(lang.L("Status"), lang.L("(all)"), names, func(string) { b.changed() })
	b.mine = &widget.Check{Text: lang.L("visit.My visits"), OnChanged: func(bool) { b.changed() }}
	b.count = &widget.Label{}
	b.empty = &widget.Label{Text: lang.L("visit.Nobody to visit here."), Alignment: fyne.TextAlignCenter}
	b.empty.Hide()
	header, cols := headerRow(visitColumns, lang.L("Status"), lang.L("visit.Due"), lang.L("Name"), lang.L("visit.Tier"),
		lang.L("visit.Community and grid"), lang.L("Address"), lang.L("Phone"), lang.L("visit.Last visit"))
	b.list = toolList(func() int { return len(b.rows) }, cols, b.rowButtons, b.updateRow)
	plan := &widget.Button{Text: lang.L("visit.Print the week's plan"), Icon: theme.DocumentPrintIcon(), OnTapped: b.onPrintPlan}
	settings := &widget.Button{Text: lang.L("visit.Visit settings…"), Icon: theme.SettingsIcon(), OnTapped: func() { showVisitSettings(b.env, b.Reload) }}
	refresh := newTipButton(theme.ViewRefreshIcon(), "tip.Refresh", b.Reload)
	b.filters = container.NewBorder(nil, nil,
		container.NewHBox(container.New(&fixedWidth{w: 150}, b.community), container.New(&fixedWidth{w: 120}, b.grid),
			container.New(&fixedWidth{w: 120}, b.state), b.mine),
		container.NewHBox(b.count, refresh))
	body := container.NewBorder(container.NewVBox(b.filters, toolHeader(header, b.rowButtons())), nil, nil, nil,
		container.NewStack(b.list, b.empty))
	b.built = true
	return newFindableRoot(b, page(lang.L("visit.Care visits"), container.NewHBox(settings, plan), body))
}

func (b *visitsBoard) rowButtons() *fyne.Container {
	record := &widget.Button{Text: lang.L("visit.Record"), Icon: theme.ContentAddIcon(), Importance: widget.LowImportance}
	form := &widget.Button{Text: lang.L("visit.Form"), Icon: theme.DocumentPrintIcon(), Importance: widget.LowImportance}
	return fixedTools(record, form)
}

func (b *visitsBoard) updateRow(id int, cells, buttons *fyne.Container) {
	if id >= len(b.rows) {
		return
	}
	r := b.rows[id]
	last := lang.L("visit.Never")
	if r.LastVisit != "" {
		last = r.LastVisit // who made it: the resident's visits
	}
	tier := r.Tier
	if r.TierReason != "" {
		tier += "*"
	}
	setCells(cells, dueStateName(r.State), r.Due, r.Name, tier, r.Community+" "+r.Grid, r.Address, r.Phone, last)
	l := cells.Objects[0].(*widget.Label)
	l.Importance = widget.MediumImportance
	switch r.State {
	case data.DueOverdue:
		l.Importance = widget.DangerImportance
	case data.DueNever:
		l.Importance = widget.WarningImportance
	}
	l.Refresh()
	buttons.Objects[0].(*widget.Button).OnTapped = func() { ShowVisitForm(b.env, r.ResidentID, r.Name, b.Reload) }
	buttons.Objects[1].(*widget.Button).OnTapped = func() { printVisitForm(b.env, r.ResidentID, r.Name) }
}

// Reload reads the communities and the board again; the shell calls it
// each time the page is shown.
func (b *visitsBoard) Reload() {
	if !b.built {
		return
	}
	s, f := b.env.Store(), b.filter()
	b.env.Background(func(ctx context.Context) error {
		cs, err := s.Communities(ctx)
		if err != nil {
			return err
		}
		board, err := s.VisitBoard(ctx, f)
		if err != nil {
			return err
		}
		fyne.Do(func() {
			b.communities = cs
			b.setOptions()
			b.rows = board.Rows
			b.count.SetText(lang.L("visit.{{.N}} people", map[string]any{"N": len(b.rows)}))
			showWhen(b.empty, len(b.rows) == 0)
			b.list.Refresh()
			b.filters.Refresh() // the count's width changed
		})
		return nil
	}, b.env.ShowError)
}

// setOptions fills the community and grid filters from the register.
func (b *visitsBoard) setOptions() {
	b.setting = true
	defer func() { b.setting = false }()
	var cs, gs []string
	for _, c := range b.communities {
		cs = append(cs, c.Community)
		if c.Community == b.selected(b.community) {
			gs = c.Grids
		}
	}
	b.community.Options = append([]string{lang.L("(all)")}, cs...)
	b.grid.Options = append([]string{lang.L("(all)")}, gs...)
	if g := b.selected(b.grid); g != "" && !slices.Contains(gs, g) {
		b.grid.ClearSelected()
	}
	b.community.Refresh()
	b.grid.Refresh()
}

// selected is a filter's choice, "" for all (filterSelect clears it).
func (b *visitsBoard) selected(s *widget.Select) string { return s.Selected }

func (b *visitsBoard) filter() data.VisitFilter {
	f := data.VisitFilter{Community: b.selected(b.community), Grid: b.selected(b.grid)}
	if i := slices.Index(b.state.Options, b.state.Selected); i > 0 {
		f.State = dueStates[i-1]
	}
	if b.mine.Checked {
		if a, ok := b.env.Store().Who(); ok {
			f.Visitor = a.Login
		}
	}
	return f
}

func (b *visitsBoard) communityChanged() {
	if b.setting {
		return
	}
	b.grid.ClearSelected()
	b.setOptions()
	b.Reload()
}

func (b *visitsBoard) changed() {
	if !b.setting {
		b.Reload()
	}
}

// show sets the filters to community and state and lists.
func (b *visitsBoard) show(community, state string) {
	b.setting = true
	setSelect(b.community, community)
	b.grid.ClearSelected()
	name := ""
	if state != "" {
		name = dueStateName(state)
	}
	setSelect(b.state, name)
	b.mine.SetChecked(false)
	b.setting = false
	b.Reload()
}

// onPrintPlan prints the week's plan of the filters' community and grid
// and opens it.
func (b *visitsBoard) onPrintPlan() {
	s, f := b.env.Store(), b.filter()
	f.State, f.Visitor = "", ""
	path := outputPath(s, lang.L("visit-plan"), "pdf")
	var n int
	b.env.RunJob(lang.L("Printing"), func(ctx context.Context, _ func(int, int)) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		var err error
		n, err = pdf.VisitPlan(ctx, s, f, storeToday(s), path)
		return err
	}, func(err error) {
		if Cancelled(err) {
			return
		}
		if err != nil {
			b.env.ShowError(err)
			return
		}
		showWritten(b.env, path, lang.L("win.PDF saved: {{.Path}}", map[string]any{"Path": path})+fmt.Sprintf(" (%d)", n))
	})
}

// printVisitForm prints resident id's blank visit form and opens it.
func printVisitForm(env *Env, id int64, name string) {
	s := env.Store()
	path := outputPath(s, lang.L("visit-form")+"-"+name, "pdf")
	env.RunJob(lang.L("Printing"), func(ctx context.Context, _ func(int, int)) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		return pdf.VisitForm(ctx, s, id, path)
	}, func(err error) {
		if Cancelled(err) {
			return
		}
		if err != nil {
			env.ShowError(err)
			return
		}
		showWritten(env, path, lang.L("win.PDF saved: {{.Path}}", map[string]any{"Path": path}))
	})
}
