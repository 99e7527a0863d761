package screens

import (
	"context"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// dashboard is the home page: the office, what needs attention in the
// agreements (terms ending, payments due, evaluations missing), the
// register's figures — by residence type, age, care group, community and
// grid, and a population pyramid — and when the data was last backed up.
// Every figure opens the household list filtered to what it counts, every
// reminder its agreement. Before the office is set up it shows the welcome
// page instead.
type dashboard struct {
	env *Env
	reg *Registry

	stack   *fyne.Container // holds summary or the welcome page
	summary fyne.CanvasObject
	welcome fyne.CanvasObject

	office     *widget.Label
	address    *widget.Label
	lastBackup *widget.Label
	figures    *fyne.Container // rebuilt from the figures at each reload
	scroll     *container.Scroll
	stats      data.Stats // the figures on show
	last       counts     // all that is on show, for "show all"
	loading    bool       // a reload is under way: another waits for it
	again      bool       // reload once more when it is done
	expanded   map[string]bool
	allRemind  bool // every reminder is shown, not only the first few
}

// NewDashboard returns the home page on its own; the shell uses
// Registry.Dashboard so that its figures open the list.
func NewDashboard(env *Env) Screen {
	return NewRegistry().Dashboard(env)
}

func (d *dashboard) BuildUI() fyne.CanvasObject {
	d.office = heading("")
	d.address = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	d.lastBackup = &widget.Label{Importance: widget.LowImportance}

	backup := &widget.Button{Text: lang.L("Back up now"), Icon: theme.DocumentSaveIcon(), OnTapped: d.onBackup}
	settings := &widget.Button{Text: lang.L("Office details"), Icon: theme.SettingsIcon(), OnTapped: func() { d.env.navigate(PageSettings) }}
	// Only what the account's roles allow is offered: backups are the
	// administrator's, the office details the administrator's and the
	// street manager's; the last backup is read from the audit trail.
	tools := container.NewHBox()
	if d.env.Can(CapAudit) {
		tools.Add(d.lastBackup)
	}
	if d.env.Can(CapBackup) {
		tools.Add(backup)
	}
	if d.env.Can(CapSettings) || d.env.Can(CapOfficeSettings) {
		tools.Add(settings)
	}

	d.figures = container.NewVBox()
	d.scroll = container.NewVScroll(d.figures)
	d.summary = container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, container.NewCenter(tools), d.office), d.address, widget.NewSeparator()),
		nil, nil, nil,
		d.scroll,
	)
	d.welcome = newWelcome(d.env, d.reg, d.Reload).buildUI()
	d.stack = container.NewStack(d.summary)
	return d.stack
}

// counts is what the dashboard shows, read off the UI goroutine.
type counts struct {
	first      bool
	settings   data.Settings
	stats      data.Stats
	lastBackup data.AuditEntry // ID 0: never
	reminders  []data.AgreementReminder
}

// Reload reads the figures again; the shell calls it each time the page
// is shown, and the welcome page after loading demo data.
// The figures on show stay until the new ones are in (on a large register
// the statistics take a while).
func (d *dashboard) Reload() {
	if d.loading {
		d.again = true
		return
	}
	d.loading = true
	if len(d.figures.Objects) == 0 {
		d.figures.Objects = []fyne.CanvasObject{&widget.Label{Text: lang.L("Counting…"), Importance: widget.LowImportance}}
		d.figures.Refresh()
	}
	s := d.env.Store()
	d.env.Background(func(ctx context.Context) error {
		c, err := loadCounts(ctx, s, storeCan(s))
		fyne.Do(func() {
			if err == nil {
				d.show(c)
			}
		})
		return err
	}, func(err error) {
		d.loading = false
		d.env.firstFilled()
		d.env.ShowError(err)
		if d.again {
			d.again = false
			d.Reload()
		}
	})
}

func loadCounts(ctx context.Context, s *data.Store, can func(Capability) bool) (counts, error) {
	var c counts
	var err error
	if c.first, err = s.FirstRun(ctx); err != nil {
		return c, err
	}
	if c.settings, err = s.Settings(ctx); err != nil {
		return c, err
	}
	if c.first {
		return c, nil
	}
	if c.stats, err = s.Stats(ctx, ""); err != nil {
		return c, err
	}
	if !can(CapOrgRead) { // a grid worker's dashboard has no agreements
		return c, nil
	}
	if c.reminders, err = s.AgreementReminders(ctx, data.DefaultReminderDays); err != nil {
		return c, err
	}
	if !can(CapAudit) {
		return c, nil
	}
	// The audit trail records every backup of this database, whoever made
	// it (the window, the command line, the daily automatic one).
	backups, err := s.AuditLog(ctx, data.AuditFilter{Action: data.ActionBackup, Limit: 1})
	if err != nil {
		return c, fmt.Errorf("last backup: %w", err)
	}
	if len(backups) > 0 {
		c.lastBackup = backups[0]
	}
	return c, nil
}

func (d *dashboard) show(c counts) {
	if c.first {
		d.stack.Objects = []fyne.CanvasObject{d.welcome}
		d.stack.Refresh()
		return
	}
	d.stack.Objects = []fyne.CanvasObject{d.summary}
	name := c.settings.OfficeName
	if name == "" {
		name = lang.L("Office name not set")
	}
	d.office.SetText(name)
	d.address.SetText(c.settings.Address)
	if c.settings.Address == "" {
		d.address.Hide()
	} else {
		d.address.Show()
	}
	when := lang.L("Never")
	if c.lastBackup.ID != 0 {
		when = FormatDateTime(c.lastBackup.At.Local())
	}
	d.lastBackup.SetText(lang.L("Last backup") + lang.X("label.separator", ": ") + when)
	d.stats = c.stats
	d.last = c
	d.figures.Objects = append(d.reminderPanel(c.reminders), d.buildFigures(c.stats)...)
	d.figures.Refresh()
	d.stack.Refresh()
	benchMark("dashboard filled")
}

// open shows the list behind fig.
func (d *dashboard) open(fig data.Figure) {
	if d.reg != nil {
		d.reg.open(d.env, fig)
	}
}

// buildFigures lays the figures out: tiles with the totals and shares,
// then two columns — residence types, age bands and care groups on the
// left, the pyramid and the communities on the right.
func (d *dashboard) buildFigures(st data.Stats) []fyne.CanvasObject {
	total := st.Residents.Count
	tiles := container.NewGridWithColumns(5,
		d.tile(lang.L("Households"), st.Households, ""),
		d.tile(lang.L("Residents"), st.Residents, ""),
		d.tile(lang.L("Aged 60 and over"), st.Aged60, lang.L("Aging rate {{.Share}}", map[string]any{"Share": formatShare(st.AgingRate60())})),
		d.tile(lang.L("Aged 65 and over"), st.Aged65, lang.L("Aging rate {{.Share}}", map[string]any{"Share": formatShare(st.AgingRate65())})),
		d.tile(lang.L("Floating population"), st.Floating, lang.L("{{.Share}} of residents", map[string]any{"Share": formatShare(st.FloatingRate())})),
	)

	left := container.NewVBox(
		subheading(lang.L("By residence type")),
		d.residenceTable(st),
		subheading(lang.L("Age bands")),
		d.bars(st.AgeBands, ageBandLabels(), total, colorBar),
		subheading(lang.L("Care groups")),
		d.bars(st.Tags, nil, total, colorBar),
	)
	right := container.NewVBox(
		subheading(lang.L("Population pyramid")),
		newPyramid(st.Pyramid, d.open),
		subheading(lang.L("Communities and grids")),
		d.communityTable(st),
	)
	return []fyne.CanvasObject{tiles, MeetingFigures(d.env), VisitFigures(d.env), container.NewGridWithColumns(2, left, right)}
}

// ageBandLabels are the age bands' names in the user's language, in the
// order of Stats.AgeBands.
func ageBandLabels() []string {
	return []string{lang.L("Aged 0–6"), lang.L("Aged 7–17"), lang.L("Aged 18–59"), lang.L("Aged 60–79"), lang.L("Aged 80 and over")}
}

// tile is a total with its name and a note (a share), opening its list.
func (d *dashboard) tile(name string, fig data.Figure, note string) fyne.CanvasObject {
	count := &canvas.Text{Text: fmt.Sprint(fig.Count), TextSize: theme.TextHeadingSize() * 1.4,
		TextStyle: fyne.TextStyle{Bold: true}, Color: theme.Color(theme.ColorNamePrimary)}
	objs := []fyne.CanvasObject{&widget.Label{Text: name, Truncation: fyne.TextTruncateEllipsis}, count}
	if note != "" {
		objs = append(objs, &widget.Label{Text: note, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis})
	} else {
		objs = append(objs, &widget.Label{Text: " "})
	}
	t := newTapArea(container.NewVBox(objs...), func() { d.open(fig) })
	t.fill = theme.Color(theme.ColorNameInputBackground)
	return t
}

// countCell is a count that opens its list.
func (d *dashboard) countCell(fig data.Figure) fyne.CanvasObject {
	l := &widget.Label{Text: fmt.Sprint(fig.Count), Alignment: fyne.TextAlignTrailing}
	t := newTapArea(l, func() { d.open(fig) })
	t.tight = true
	return t
}

// figureColumns are the widths of the name and the two counts of the
// residence-type and community tables.
var figureColumns = []float32{150, 110, 110}

// countHeader is a column title over counts, aligned with them.
func countHeader(text string) *widget.Label {
	l := headerCell(text)
	l.Alignment = fyne.TextAlignTrailing
	return l
}

// residenceTable: households and residents of each residence type.
func (d *dashboard) residenceTable(st data.Stats) fyne.CanvasObject {
	rows := []fyne.CanvasObject{container.New(&columns{widths: figureColumns},
		headerCell(lang.L("Residence type")), countHeader(lang.L("Households")), countHeader(lang.L("Residents")), layout.NewSpacer())}
	for i, hf := range st.HouseholdsByResidence {
		rows = append(rows, container.New(&columns{widths: figureColumns},
			cell(hf.Label), d.countCell(hf), d.countCell(st.ResidentsByResidence[i]), layout.NewSpacer()))
	}
	return container.NewVBox(rows...)
}

// communityTable: households and residents of each community; a
// community's grids show when its "grids" button is pressed (a large
// office has hundreds).
func (d *dashboard) communityTable(st data.Stats) fyne.CanvasObject {
	rows := []fyne.CanvasObject{container.New(&columns{widths: figureColumns},
		headerCell(lang.L("Community")), countHeader(lang.L("Households")), countHeader(lang.L("Residents")), layout.NewSpacer())}
	if d.expanded == nil {
		d.expanded = map[string]bool{}
	}
	for _, c := range st.Communities {
		name := c.Community
		if name == "" {
			name = lang.L("(no community)")
		}
		grids := container.NewVBox()
		toggle := &widget.Button{Text: lang.L("{{.N}} grids", map[string]any{"N": len(c.Grids)}),
			Importance: widget.LowImportance, Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText}
		show := func(open bool) {
			d.expanded[c.Community] = open
			if !open {
				grids.Objects = nil
				toggle.SetIcon(theme.MenuDropDownIcon())
			} else {
				grids.Objects = d.gridRows(c.Grids)
				toggle.SetIcon(theme.MenuDropUpIcon())
			}
			grids.Refresh()
		}
		toggle.OnTapped = func() { show(!d.expanded[c.Community]) }
		show(d.expanded[c.Community])
		rows = append(rows, container.New(&columns{widths: figureColumns},
			&widget.Label{Text: name, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
			d.countCell(c.Households), d.countCell(c.Residents), container.NewHBox(toggle)), grids)
	}
	return container.NewVBox(rows...)
}

// gridRows are the rows of a community's grids.
func (d *dashboard) gridRows(grids []data.GridStats) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, g := range grids {
		name := g.Grid
		if name == "" {
			name = lang.L("(no grid)")
		}
		rows = append(rows, container.New(&columns{widths: figureColumns},
			cell("　"+name), d.countCell(g.Households), d.countCell(g.Residents), layout.NewSpacer()))
	}
	return rows
}

// bars draws figures as horizontal bars of their share of total, each
// opening its list. labels, when not nil, replace the figures' labels.
func (d *dashboard) bars(figs []data.Figure, labels []string, total int, fill color.Color) fyne.CanvasObject {
	most := 1
	for _, f := range figs {
		most = max(most, f.Count)
	}
	var rows []fyne.CanvasObject
	for i, f := range figs {
		label := f.Label
		if i < len(labels) {
			label = labels[i]
		}
		text := fmt.Sprintf("%d (%s)", f.Count, formatShare(data.Share(f.Count, total)))
		bar := newBar(float32(f.Count)/float32(most), fill, text, false)
		row := container.New(&columns{widths: []float32{110}}, cell(label), bar)
		t := newTapArea(row, func() { d.open(f) })
		t.tight = true
		rows = append(rows, t)
	}
	return container.NewVBox(rows...)
}

func (d *dashboard) onBackup() {
	if d.env.Backup != nil {
		d.env.Backup()
	}
}

// remindersShown is how many reminders the dashboard lists before "show
// all": enough for a normal week, few enough to leave the figures in view.
const remindersShown = 6

// reminderPanel lists what needs attention in the agreements, most urgent
// (earliest date) first; each line opens its agreement. Nothing shows when
// nothing is due.
func (d *dashboard) reminderPanel(reminders []data.AgreementReminder) []fyne.CanvasObject {
	if len(reminders) == 0 {
		return nil
	}
	title := subheading(lang.L("dash.Agreements needing attention ({{.N}})", map[string]any{"N": len(reminders)}))
	rows := []fyne.CanvasObject{title}
	for i, r := range reminders {
		if i == remindersShown && !d.allRemind {
			more := &widget.Button{Text: lang.L("dash.Show all {{.N}}", map[string]any{"N": len(reminders)}), Importance: widget.LowImportance,
				Icon: theme.MenuDropDownIcon(), OnTapped: func() {
					d.allRemind = true
					d.show(d.last)
				}}
			rows = append(rows, container.NewHBox(more))
			break
		}
		rows = append(rows, d.reminderRow(r))
	}
	rows = append(rows, widget.NewSeparator())
	return []fyne.CanvasObject{container.NewVBox(rows...)}
}

// reminderRow is one reminder in data's words, with an icon saying how
// urgent it is.
func (d *dashboard) reminderRow(r data.AgreementReminder) fyne.CanvasObject {
	key, args := r.Message()
	icon := theme.InfoIcon()
	importance := widget.MediumImportance
	switch r.Kind {
	case data.ReminderMilestoneOverdue, data.ReminderEnded:
		icon, importance = theme.ErrorIcon(), widget.DangerImportance
	case data.ReminderEvaluationMissing:
		icon, importance = theme.WarningIcon(), widget.WarningImportance
	}
	text := &widget.Label{Text: lang.L(key, args), Importance: importance, Truncation: fyne.TextTruncateEllipsis}
	id := r.AgreementID
	t := newTapArea(container.NewBorder(nil, nil, widget.NewIcon(icon), nil, text), func() { OpenAgreement(d.env, id) })
	t.tight = true
	return t
}
