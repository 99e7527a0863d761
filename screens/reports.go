package screens

// 报表: a superior's blank form filled from the register. The clerk opens
// the form (XLSX) as it came, sees its sheets as a grid of their first
// rows and columns, clicks a cell and picks an indicator and a community
// (or the whole office); the mapping is saved with the form (by its file
// name and content hash) and found again when next period's form is
// opened. Filling writes a copy with the counts on the as-of date (the
// form itself is never changed); every filled cell can be explained by
// the residents behind it, masked as the list masks them. The office's own
// indicators are defined on the second tab (reports_indicators.go).

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/sheet"
)

// PageReports is the report forms' page id.
const PageReports = "reports"

// reportGridRows and reportGridCols are how much of a sheet the grid
// shows: a district's forms put their figures in the first screenful.
const reportGridRows, reportGridCols = 40, 16

// reports is the report forms' page.
type reports struct {
	env *Env

	// The form open, its grid and mapping (nil tpl: none yet).
	tpl      *sheet.Template
	path     string
	cells    [][]string
	mappings []sheet.MapRow
	sheet    string
	selected string // the cell clicked, "B3"

	catalogue   []data.ReportIndicator
	communities []string

	file      *widget.Label
	sheets    *widget.Select
	grid      *widget.Table
	cellLabel *widget.Label
	indicator *widget.Select
	community *widget.Select
	define    *widget.Label
	mapList   *widget.List
	asOf      *dateField
	detail    *widget.Check
	assign    *widget.Button
	clear     *widget.Button
	behind    *widget.Button
	save      *widget.Button
	fill      *widget.Button

	own *ownIndicators
}

// NewReports returns the report forms' page.
func NewReports(env *Env) Screen {
	r := &reports{env: env}
	r.own = newOwnIndicators(env, func() { r.Reload() })
	return r
}

func (r *reports) BuildUI() fyne.CanvasObject {
	open := &widget.Button{Text: lang.L("rp.Open form…"), Icon: theme.FolderOpenIcon(), OnTapped: r.onOpen}
	r.save = &widget.Button{Text: lang.L("rp.Save mapping"), Icon: theme.DocumentSaveIcon(), OnTapped: r.onSave}
	r.fill = &widget.Button{Text: lang.L("rp.Fill and save…"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: r.onFill}
	r.asOf = newDateField(storeToday(r.env.Store()).Format(time.DateOnly), lang.L("rp.As of"))
	r.detail = &widget.Check{Text: lang.L("rp.With the 明细 sheet"), Checked: true}
	r.file = &widget.Label{Text: lang.L("rp.No form open. Open the blank form the district sent (.xlsx)."), Truncation: fyne.TextTruncateEllipsis}
	r.sheets = &widget.Select{PlaceHolder: lang.L("rp.Sheet"), OnChanged: r.showSheet}

	r.grid = widget.NewTable(r.gridSize, func() fyne.CanvasObject { return cell("") }, r.gridCell)
	r.grid.OnSelected = r.onCell
	r.grid.SetColumnWidth(0, 44)
	for c := 1; c <= reportGridCols; c++ {
		r.grid.SetColumnWidth(c, 110)
	}

	r.cellLabel = &widget.Label{Text: lang.L("rp.Click a cell of the form."), TextStyle: fyne.TextStyle{Bold: true}}
	r.indicator = &widget.Select{PlaceHolder: lang.L("rp.Indicator"), OnChanged: func(string) { r.showDefinition() }}
	r.community = &widget.Select{PlaceHolder: lang.L("rp.Whole office")}
	r.define = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	r.assign = &widget.Button{Text: lang.L("rp.Fill this cell with it"), Icon: theme.ContentAddIcon(), OnTapped: r.onAssign}
	r.clear = &widget.Button{Text: lang.L("rp.Leave this cell blank"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: r.onUnassign}
	r.behind = &widget.Button{Text: lang.L("rp.Residents behind this cell…"), Icon: theme.AccountIcon(), OnTapped: r.onBehind}
	r.mapList = &widget.List{
		Length:     func() int { return len(r.mappings) },
		CreateItem: func() fyne.CanvasObject { return cell("") },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(r.mappings) {
				o.(*widget.Label).SetText(r.mappingText(r.mappings[id]))
			}
		},
		OnSelected: func(id widget.ListItemID) {
			if id < len(r.mappings) {
				r.jumpTo(r.mappings[id])
			}
		},
	}
	side := container.NewBorder(
		container.NewVBox(r.cellLabel, r.indicator, r.community, r.define,
			container.NewHBox(r.assign, r.clear), r.behind, widget.NewSeparator(),
			&widget.Label{Text: lang.L("rp.Cells filled from the register"), TextStyle: fyne.TextStyle{Bold: true}}),
		nil, nil, nil, r.mapList)
	split := container.NewHSplit(container.NewBorder(container.NewBorder(nil, nil, nil, r.sheets, r.file), nil, nil, nil, r.grid), side)
	split.Offset = 0.68
	tools := container.NewHBox(&widget.Label{Text: lang.L("rp.As of")},
		container.NewGridWrap(fyne.NewSize(150, r.asOf.MinSize().Height), r.asOf), r.detail, open, r.save, r.fill)
	r.enable()
	tabs := container.NewAppTabs(
		container.NewTabItem(lang.L("rp.Forms"), split),
		container.NewTabItem(lang.L("rp.Own indicators"), r.own.buildUI()))
	return page(lang.L("nav.reports"), tools, tabs)
}

// Reload reads the catalogue and the communities of the account again.
func (r *reports) Reload() {
	s := r.env.Store()
	var cat []data.ReportIndicator
	var names []string
	r.env.Background(func(ctx context.Context) error {
		var err error
		if cat, err = s.Indicators(ctx); err != nil {
			return err
		}
		comms, err := s.Communities(ctx)
		for _, c := range comms {
			names = append(names, c.Community)
		}
		return err
	}, func(err error) {
		if err != nil {
			r.env.ShowError(err)
			return
		}
		r.catalogue, r.communities = cat, names
		r.indicator.Options = r.indicatorNames()
		r.indicator.Refresh()
		r.community.Options = append([]string{lang.L("rp.Whole office")}, names...)
		r.community.Refresh()
		r.own.show(cat, names)
	})
}

func (r *reports) indicatorNames() []string {
	names := make([]string, len(r.catalogue))
	for i, ind := range r.catalogue {
		names[i] = ind.Name
	}
	return names
}

// enable greys what needs a form, or a cell.
func (r *reports) enable() {
	open := r.tpl != nil
	for _, o := range []fyne.Disableable{r.save, r.fill, r.sheets} {
		if open {
			o.Enable()
		} else {
			o.Disable()
		}
	}
	picked := open && r.selected != ""
	for _, o := range []fyne.Disableable{r.assign, r.indicator, r.community} {
		if picked {
			o.Enable()
		} else {
			o.Disable()
		}
	}
	if m := r.mappingAt(r.sheet, r.selected); picked && m >= 0 {
		r.clear.Enable()
		r.behind.Enable()
	} else {
		r.clear.Disable()
		r.behind.Disable()
	}
}

// onOpen asks for a form.
func (r *reports) onOpen() {
	fd := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			r.env.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		_ = rc.Close()
		r.openForm(path)
	}, r.env.Window)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".XLSX"}))
	startInDocuments(fd)
	fd.Resize(dialogSize)
	r.env.ShowDialog(fd)
}

// openForm opens the form at path and the mapping saved for it.
func (r *reports) openForm(path string) {
	s := r.env.Store()
	var tpl *sheet.Template
	var saved data.ReportTemplate
	var found bool
	r.env.Background(func(ctx context.Context) error {
		var err error
		if tpl, err = sheet.OpenTemplate(path); err != nil {
			return err
		}
		saved, found, err = s.ReportTemplateFor(ctx, tpl.Name, tpl.Hash)
		return err
	}, func(err error) {
		if err != nil {
			if tpl != nil {
				_ = tpl.Close()
			}
			r.env.ShowError(err)
			return
		}
		if r.tpl != nil {
			_ = r.tpl.Close()
		}
		r.tpl, r.path, r.mappings, r.selected = tpl, path, nil, ""
		for i, m := range saved.Mappings {
			r.mappings = append(r.mappings, sheet.MapRow{Line: i + 1, Sheet: m.Sheet, Cell: m.Cell, Indicator: m.Indicator, Community: m.Community})
		}
		msg := lang.L("rp.{{.File}}: no mapping yet; click a cell to choose what fills it.", map[string]any{"File": tpl.Name})
		if found {
			msg = lang.L("rp.{{.File}}: the mapping saved on {{.Date}} is used ({{.N}} cells).",
				map[string]any{"File": tpl.Name, "Date": FormatDate(saved.UpdatedAt.Local()), "N": len(saved.Mappings)})
		}
		r.file.SetText(msg)
		r.sheets.Options = tpl.Sheets
		r.sheets.SetSelected(tpl.Sheets[0]) // shows it
		r.mapList.Refresh()
		r.enable()
	})
}

// showSheet shows a sheet of the form in the grid.
func (r *reports) showSheet(name string) {
	if r.tpl == nil {
		return
	}
	cells, err := r.tpl.Grid(name, reportGridRows, reportGridCols)
	if err != nil {
		r.env.ShowError(err)
		return
	}
	r.sheet, r.cells, r.selected = name, cells, ""
	r.grid.UnselectAll()
	r.grid.Refresh()
	r.showCell()
}

func (r *reports) gridSize() (int, int) {
	if r.cells == nil {
		return 0, 0
	}
	return reportGridRows + 1, reportGridCols + 1
}

// gridCell writes one cell of the grid: the column letters and row
// numbers as headers, a mapped cell as its indicator in brackets.
func (r *reports) gridCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.TextStyle = fyne.TextStyle{}
	l.Importance = widget.MediumImportance
	switch {
	case id.Row == 0 && id.Col == 0:
		l.SetText("")
	case id.Row == 0:
		l.TextStyle.Bold = true
		l.SetText(columnLetters(id.Col))
	case id.Col == 0:
		l.TextStyle.Bold = true
		l.SetText(strconv.Itoa(id.Row))
	default:
		ref := columnLetters(id.Col) + strconv.Itoa(id.Row)
		if m := r.mappingAt(r.sheet, ref); m >= 0 {
			l.Importance = widget.HighImportance
			l.SetText("【" + r.mappings[m].Indicator + "】")
			return
		}
		l.SetText(r.cells[id.Row-1][id.Col-1])
	}
}

// columnLetters is the letters of column n (1 is A).
func columnLetters(n int) string {
	s := ""
	for ; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}

// onCell follows a click in the grid.
func (r *reports) onCell(id widget.TableCellID) {
	if id.Row == 0 || id.Col == 0 {
		return
	}
	r.selected = columnLetters(id.Col) + strconv.Itoa(id.Row)
	// A merged range is filled in its first cell, the one Excel shows.
	if start, inside := r.tpl.MergedInto(r.sheet, r.selected); inside {
		r.selected = start
	}
	r.showCell()
}

// showCell shows the selected cell's text and mapping beside the grid.
func (r *reports) showCell() {
	defer r.enable()
	if r.selected == "" {
		r.cellLabel.SetText(lang.L("rp.Click a cell of the form."))
		return
	}
	r.cellLabel.SetText(lang.L("rp.Cell {{.Sheet}}!{{.Cell}}", map[string]any{"Sheet": r.sheet, "Cell": r.selected}))
	if m := r.mappingAt(r.sheet, r.selected); m >= 0 {
		r.indicator.SetSelected(r.mappings[m].Indicator)
		r.setCommunity(r.mappings[m].Community)
	}
	r.showDefinition()
}

func (r *reports) setCommunity(c string) {
	if c == "" {
		r.community.SetSelected(lang.L("rp.Whole office"))
		return
	}
	if !slices.Contains(r.community.Options, c) {
		r.community.Options = append(r.community.Options, c)
	}
	r.community.SetSelected(c)
}

// pickedCommunity is the community chosen, "" for the whole office.
func (r *reports) pickedCommunity() string {
	if c := r.community.Selected; c != lang.L("rp.Whole office") {
		return c
	}
	return ""
}

func (r *reports) showDefinition() {
	for _, ind := range r.catalogue {
		if ind.Name == r.indicator.Selected {
			r.define.SetText(ind.Definition())
			return
		}
	}
	r.define.SetText("")
}

// mappingAt is the index of the mapping of sheet!ref, -1 for none.
func (r *reports) mappingAt(sheetName, ref string) int {
	return slices.IndexFunc(r.mappings, func(m sheet.MapRow) bool { return m.Sheet == sheetName && m.Cell == ref })
}

func (r *reports) mappingText(m sheet.MapRow) string {
	c := m.Community
	if c == "" {
		c = lang.L("rp.Whole office")
	}
	return fmt.Sprintf("%s!%s  ←  %s · %s", m.Sheet, m.Cell, m.Indicator, c)
}

// onAssign maps the selected cell to the indicator and community picked.
func (r *reports) onAssign() {
	if r.indicator.Selected == "" {
		r.env.ShowInfo(lang.L("rp.Indicator"), lang.L("rp.Choose the indicator that fills the cell."))
		return
	}
	m := sheet.MapRow{Sheet: r.sheet, Cell: r.selected, Indicator: r.indicator.Selected, Community: r.pickedCommunity()}
	if i := r.mappingAt(r.sheet, r.selected); i >= 0 {
		r.mappings[i] = m
	} else {
		r.mappings = append(r.mappings, m)
	}
	r.renumber()
}

// onUnassign leaves the selected cell as the form has it.
func (r *reports) onUnassign() {
	if i := r.mappingAt(r.sheet, r.selected); i >= 0 {
		r.mappings = slices.Delete(r.mappings, i, i+1)
	}
	r.renumber()
}

// renumber gives the mappings their places (the Line a problem names)
// and shows them.
func (r *reports) renumber() {
	for i := range r.mappings {
		r.mappings[i].Line = i + 1
	}
	r.grid.Refresh()
	r.mapList.Refresh()
	r.enable()
}

func (r *reports) jumpTo(m sheet.MapRow) {
	if m.Sheet != r.sheet {
		r.sheets.SetSelected(m.Sheet)
	}
	r.selected = m.Cell
	r.showCell()
}

// onSave keeps the mapping with the form, for next period.
func (r *reports) onSave() {
	s, t := r.env.Store(), r.templateRecord()
	r.env.Background(func(ctx context.Context) error { return s.SaveReportTemplate(ctx, &t) }, func(err error) {
		if err != nil {
			r.env.ShowError(err)
			return
		}
		r.env.status(lang.L("rp.Mapping of {{.File}} saved ({{.N}} cells).", map[string]any{"File": t.Name, "N": len(t.Mappings)}))
	})
}

func (r *reports) templateRecord() data.ReportTemplate {
	t := data.ReportTemplate{Name: r.tpl.Name, Hash: r.tpl.Hash}
	for _, m := range r.mappings {
		t.Mappings = append(t.Mappings, data.ReportMapping{Sheet: m.Sheet, Cell: m.Cell, Indicator: m.Indicator, Community: m.Community})
	}
	return t
}

// day is the as-of date typed, or false (and the user told).
func (r *reports) day() (time.Time, bool) {
	d, ok := typedDate(r.asOf.Text)
	if !ok {
		r.env.ShowInfo(lang.L("rp.As of"), lang.L("rp.Type the as-of date, such as 2026-12-31."))
	}
	return d, ok
}

// onFill asks where the filled form goes and fills it.
func (r *reports) onFill() {
	day, ok := r.day()
	if !ok {
		return
	}
	if len(r.mappings) == 0 {
		r.env.ShowInfo(lang.L("rp.Fill and save…"), lang.L("rp.No cell is mapped yet: click a cell and choose its indicator."))
		return
	}
	base := strings.TrimSuffix(r.tpl.Name, filepath.Ext(r.tpl.Name))
	saveAs(r.env, fmt.Sprintf("%s-%s.xlsx", base, day.Format("20060102")), ".xlsx", func(path string) { r.fillTo(path, day) })
}

// fillTo fills the form into path.
func (r *reports) fillTo(path string, day time.Time) {
	s := r.env.Store()
	req := sheet.FillRequest{Template: r.path, Rows: slices.Clone(r.mappings), AsOf: day, Detail: r.detail.Checked, Out: path}
	var rec data.ReportFill
	r.env.RunJob(lang.L("rp.Filling the form"), func(ctx context.Context, progress func(int, int)) error {
		var err error
		rec, err = sheet.Fill(ctx, s, req)
		return err
	}, func(err error) {
		if err != nil {
			r.env.ShowError(joinedMessage(err))
			return
		}
		showWritten(r.env, path, lang.L("rp.{{.N}} cells filled as of {{.Date}}: {{.Path}}",
			map[string]any{"N": rec.Cells, "Date": rec.AsOf, "Path": path}))
	})
}

// joinedMessage makes the problems errors.Join gathered (a mapping's
// rows) one error whose message lists each on a line.
func joinedMessage(err error) error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	var lines []string
	for _, e := range j.Unwrap() {
		lines = append(lines, Message(e))
	}
	return fmt.Errorf("%s", strings.Join(lines, "\n"))
}

// onBehind lists the residents the selected cell counts on the as-of date.
func (r *reports) onBehind() {
	i := r.mappingAt(r.sheet, r.selected)
	day, ok := r.day()
	if i < 0 || !ok {
		return
	}
	m, s := r.mappings[i], r.env.Store()
	var rows []data.ResidentRow
	var total int
	r.env.Background(func(ctx context.Context) error {
		var err error
		rows, total, err = s.IndicatorResidents(ctx, day, data.IndicatorCell{Indicator: m.Indicator, Community: m.Community}, reportResidentsShown)
		return err
	}, func(err error) {
		if err != nil {
			r.env.ShowError(err)
			return
		}
		r.showResidents(m, day, rows, total)
	})
}

// reportResidentsShown is how many residents the list behind a cell
// shows: a community's 人口数 runs to tens of thousands, which no one
// reads on screen (the household list, filtered, exports them all).
const reportResidentsShown = 2000

// showResidents shows the residents behind a cell, numbers masked.
func (r *reports) showResidents(m sheet.MapRow, day time.Time, rows []data.ResidentRow, total int) {
	header, cols := headerRow(personColumns, lang.L("Name"), lang.L("Sex"), lang.L("Age"),
		lang.L("ID number"), lang.L("Phone"), lang.L("Relation (short)"), lang.L("Status"),
		lang.L("Household number"), lang.L("Community"), lang.L("Grid"), lang.L("Address"))
	list := &widget.List{
		Length:     func() int { return len(rows) },
		CreateItem: func() fyne.CanvasObject { return newRow(cols) },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(rows) {
				fillPersonRow(rows[id], o)
			}
		},
	}
	title := lang.L("rp.{{.Indicator}} · {{.Community}} on {{.Date}}: {{.N}} residents", map[string]any{
		"Indicator": m.Indicator, "Community": r.mappingCommunity(m), "Date": FormatDate(day), "N": total})
	more := &widget.Label{Importance: widget.LowImportance}
	if total > len(rows) {
		more.SetText(lang.L("rp.The first {{.N}} are shown.", map[string]any{"N": len(rows)}))
	}
	var d dialog.Dialog
	closeBtn := &widget.Button{Text: lang.L("Close"), OnTapped: func() { d.Hide() }}
	body := container.NewBorder(header, container.NewHBox(more, layout.NewSpacer(), closeBtn), nil, nil, list)
	d = dialog.NewCustomWithoutButtons(title, body, r.env.Window)
	d.Resize(dialogSize)
	r.env.ShowDialog(d)
}

func (r *reports) mappingCommunity(m sheet.MapRow) string {
	if m.Community == "" {
		return lang.L("rp.Whole office")
	}
	return m.Community
}
