package screens

// Importing a household roster (花名册) from the household list. A roster
// is checked in full before anything is written, because clerks bring
// spreadsheets with hundreds of mistakes and an import that half-applies
// cannot be undone by hand: the file is first read as a dry run (a job with
// progress and cancel), the preview says what the import would create,
// change and leave alone and shows the first invalid rows with their
// reasons (the whole list can be saved as a CSV to fix the file by), and
// only then does the clerk import — all or nothing, or the valid rows when
// they tick "skip invalid rows". The import is one transaction in package
// sheet: cancelled or failed, it leaves the register as it was.

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/sheet"
)

// previewProblems is how many invalid rows the preview lists; the saved
// report has them all.
const previewProblems = 50

// householdImport is one import: the file, its dry run's report and the
// preview dialog.
type householdImport struct {
	env  *Env
	path string
	done func(sheet.Report) // after a real import that applied something

	report    sheet.Report // the dry run's
	result    sheet.Report // the import's
	dlg       dialog.Dialog
	content   fyne.CanvasObject
	skip      *widget.Check
	importBtn *widget.Button
	note      *widget.Label

	// testProgress, when set, sees the import's progress and may cancel
	// it (tests cancel an import at a known point).
	testProgress func(done, total int, cancel context.CancelFunc)
}

// onImport explains what a roster is, offers the template, and asks for
// the file to import.
func (h *households) onImport() {
	msg := &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("hh.intro")}
	var d dialog.Dialog
	template := &widget.Button{Text: lang.L("hh.Download template…"), Icon: theme.DownloadIcon(), OnTapped: func() {
		d.Hide()
		h.onTemplate()
	}}
	choose := &widget.Button{Text: lang.L("hh.Choose file…"), Icon: theme.FolderOpenIcon(), Importance: widget.HighImportance, OnTapped: func() {
		d.Hide()
		h.chooseRoster()
	}}
	cancel := &widget.Button{Text: lang.L("Cancel"), OnTapped: func() { d.Hide() }}
	content := container.NewBorder(nil, container.NewHBox(template, layout.NewSpacer(), cancel, choose), nil, nil, msg)
	d = dialog.NewCustomWithoutButtons(lang.L("hh.Import households"), content, h.env.Window)
	d.Resize(fyne.NewSize(560, 260))
	h.env.ShowDialog(d)
}

// chooseRoster asks for an XLSX or CSV file and previews its import.
func (h *households) chooseRoster() {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			h.env.ShowError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		_ = r.Close()
		h.importFile(path)
	}, h.env.Window)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv", ".XLSX", ".CSV"}))
	startInDocuments(fd)
	fd.Resize(dialogSize)
	h.env.ShowDialog(fd)
}

// onTemplate saves a blank roster template where the clerk chooses.
func (h *households) onTemplate() {
	saveAs(h.env, lang.L("hh.household-template")+".xlsx", ".xlsx", func(path string) {
		if err := sheet.WriteHouseholdTemplate(path); err != nil {
			h.env.ShowError(err)
			return
		}
		h.env.status(lang.L("hh.Template saved to {{.Path}}", map[string]any{"Path": path}))
		if err := OpenFile(h.env.App, path); err != nil {
			h.env.ShowError(err)
		}
	})
}

// importFile checks the roster at path (a dry run, as a job) and shows its
// preview; the list reloads after an import.
func (h *households) importFile(path string) *householdImport {
	imp := &householdImport{env: h.env, path: path, done: func(sheet.Report) {
		h.staleCommunities = true // the file may bring new communities
		h.closeDetail(false)
		h.schedule(0)
	}}
	imp.check()
	return imp
}

// check runs the dry run and then shows the preview.
func (imp *householdImport) check() {
	s, path := imp.env.Store(), imp.path
	imp.env.RunJob(lang.L("hh.Checking {{.File}}", map[string]any{"File": filepath.Base(path)}),
		func(ctx context.Context, progress func(int, int)) error {
			rep, err := sheet.ImportHouseholds(ctx, s, path, sheet.ImportOptions{DryRun: true, Progress: progress})
			imp.report = rep
			return err
		}, func(err error) {
			if Cancelled(err) {
				return
			}
			if err != nil {
				imp.env.ShowError(err)
				return
			}
			imp.showPreview()
		})
}

// showPreview shows what the import would do and asks to go ahead.
func (imp *householdImport) showPreview() {
	r := imp.report
	fc := r.Forecast
	summary := &widget.Label{Text: lang.L("hh.{{.Rows}} rows: {{.Valid}} valid, {{.Invalid}} invalid",
		map[string]any{"Rows": r.Rows, "Valid": r.Valid, "Invalid": r.Invalid}), TextStyle: fyne.TextStyle{Bold: true}}
	n := strconv.Itoa
	countGrid := container.NewGridWithColumns(5,
		&widget.Label{}, headerCell(lang.L("hh.New")), headerCell(lang.L("hh.Changed")), headerCell(lang.L("hh.Unchanged")), headerCell(lang.L("hh.Invalid")),
		headerCell(lang.L("Households")), cell(n(fc.HouseholdsNew)), cell(n(fc.HouseholdsChanged)), cell(n(fc.HouseholdsUnchanged)), cell(n(fc.HouseholdsInvalid)),
		headerCell(lang.L("Residents")), cell(n(fc.ResidentsNew)), cell(n(fc.ResidentsChanged)), cell(n(fc.ResidentsUnchanged)), cell(n(r.Invalid)),
	)
	parts := []fyne.CanvasObject{summary, countGrid}
	if len(r.IgnoredColumns) > 0 {
		parts = append(parts, &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance,
			Text: lang.L("hh.Columns not imported: {{.Columns}}", map[string]any{"Columns": strings.Join(r.IgnoredColumns, "、")})})
	}
	if len(r.Warnings) > 0 {
		parts = append(parts, warningsLabel(r.Warnings))
	}
	var body fyne.CanvasObject
	if len(r.Problems) > 0 {
		shown := min(len(r.Problems), previewProblems)
		title := lang.L("hh.Invalid rows")
		if shown < len(r.Problems) {
			title = lang.L("hh.Invalid rows (first {{.N}} of {{.Total}} problems)", map[string]any{"N": shown, "Total": len(r.Problems)})
		}
		save := &widget.Button{Text: lang.L("hh.Save full report…"), Icon: theme.DocumentSaveIcon(), OnTapped: imp.onSaveReport}
		parts = append(parts, container.NewBorder(nil, nil, nil, save, subheading(title)))
		header, cols := headerRow(flexLast(56, 120, 180), lang.L("hh.Row"), lang.L("hh.Column"), lang.L("hh.Value"), lang.L("hh.Reason"))
		rows := make([]fyne.CanvasObject, shown)
		for i, p := range r.Problems[:shown] {
			row := newRow(cols)
			setCells(row, n(p.Row), p.Column, p.Value, p.Reason)
			rows[i] = row
		}
		body = container.NewBorder(header, nil, nil, nil, container.NewVScroll(container.NewVBox(rows...)))
	}
	imp.skip = &widget.Check{Text: lang.L("hh.Skip invalid rows and import the valid ones"), OnChanged: func(bool) { imp.updateButtons() }}
	if r.Invalid == 0 {
		imp.skip.Hide()
	}
	imp.note = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	imp.importBtn = &widget.Button{Text: lang.L("hh.Import"), Icon: theme.UploadIcon(), Importance: widget.HighImportance, OnTapped: imp.onImport}
	cancel := &widget.Button{Text: lang.L("Cancel"), OnTapped: func() { imp.dlg.Hide() }}
	bottom := container.NewVBox(imp.skip, imp.note, container.NewHBox(layout.NewSpacer(), cancel, imp.importBtn))
	imp.updateButtons()
	imp.content = container.NewBorder(container.NewVBox(parts...), bottom, nil, nil, body)
	imp.dlg = dialog.NewCustomWithoutButtons(lang.L("hh.Import {{.File}}", map[string]any{"File": r.File}), imp.content, imp.env.Window)
	size := fyne.NewSize(860, 300)
	if body != nil {
		size.Height = 600
	}
	imp.dlg.Resize(size)
	imp.env.ShowDialog(imp.dlg)
}

// updateButtons enables "import" when there is something valid to import
// and no invalid row stands in the way (unless they are to be skipped).
func (imp *householdImport) updateButtons() {
	r, fc := imp.report, imp.report.Forecast
	note := ""
	switch {
	case r.Valid == 0:
		note = lang.L("hh.No row is valid: nothing can be imported. Correct the file and import it again.")
	case r.Invalid > 0 && !imp.skip.Checked:
		note = lang.L("hh.An import is all or nothing: correct the invalid rows, or tick the box to import the valid rows only.")
	case fc.HouseholdsNew+fc.HouseholdsChanged+fc.ResidentsNew+fc.ResidentsChanged == 0:
		note = lang.L("hh.Every valid row is already in the register as it is: importing changes nothing.")
	}
	setError(imp.note, note)
	if note != "" {
		imp.importBtn.Disable()
	} else {
		imp.importBtn.Enable()
	}
}

// onSaveReport saves every problem as CSV (row, column, value, reason).
func (imp *householdImport) onSaveReport() {
	base := strings.TrimSuffix(imp.report.File, filepath.Ext(imp.report.File))
	saveAs(imp.env, base+"-"+lang.L("hh.problems")+".csv", ".csv", func(path string) {
		if err := sheet.WriteReport(path, imp.report); err != nil {
			imp.env.ShowError(err)
			return
		}
		imp.env.status(lang.L("hh.Report saved to {{.Path}}", map[string]any{"Path": path}))
	})
}

// onImport imports the file as a job; cancelled, the register is as it
// was.
func (imp *householdImport) onImport() {
	imp.dlg.Hide()
	s, path, skip := imp.env.Store(), imp.path, imp.skip.Checked
	hook := imp.testProgress
	imp.env.RunJob(lang.L("hh.Importing {{.File}}", map[string]any{"File": filepath.Base(path)}),
		func(ctx context.Context, progress func(int, int)) error {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			p := progress
			if hook != nil {
				p = func(d, t int) {
					progress(d, t)
					hook(d, t, cancel)
				}
			}
			rep, err := sheet.ImportHouseholds(ctx, s, path, sheet.ImportOptions{SkipInvalid: skip, Progress: p})
			imp.result = rep
			return err
		}, imp.imported)
}

// imported tells how the import ended and reloads the list.
func (imp *householdImport) imported(err error) {
	switch {
	case Cancelled(err):
		imp.env.status(lang.L("hh.Import cancelled: nothing was changed."))
		imp.env.ShowInfo(lang.L("hh.Import cancelled"), lang.L("hh.Import cancelled: nothing was changed."))
		return
	case errors.Is(err, sheet.ErrInvalidRows):
		imp.env.ShowError(errors.New(lang.L("hh.Some rows are invalid, so nothing was imported. Check the file again to see them.")))
		return
	case err != nil:
		imp.env.ShowError(err)
		return
	}
	r := imp.result
	msg := lang.L("hh.Imported from {{.File}}: {{.HC}} households created, {{.HU}} changed; {{.RC}} residents created, {{.RU}} changed, {{.RN}} unchanged.",
		map[string]any{"File": r.File, "HC": r.HouseholdsCreated, "HU": r.HouseholdsUpdated,
			"RC": r.ResidentsCreated, "RU": r.ResidentsUpdated, "RN": r.ResidentsUnchanged})
	if r.Invalid > 0 {
		msg += "\n" + lang.L("hh.{{.N}} invalid rows were skipped.", map[string]any{"N": r.Invalid})
	}
	imp.env.status(msg)
	imp.env.ShowInfo(lang.L("hh.Import done"), msg)
	if imp.done != nil {
		imp.done(r)
	}
}

// previewWarnings is how many warnings the preview quotes (a value that
// begins like a formula, an unusual region code); the dry run and the
// command line list them all.
const previewWarnings = 5

// warningsLabel says how many warnings an import has, and the first ones.
func warningsLabel(ws []sheet.Problem) *widget.Label {
	lines := []string{lang.L("hh.{{.N}} warnings to check (they do not stop the import):", map[string]any{"N": len(ws)})}
	for _, w := range ws[:min(len(ws), previewWarnings)] {
		lines = append(lines, lang.L("hh.Row {{.Row}}, {{.Column}} “{{.Value}}”: {{.Reason}}", map[string]any{
			"Row": w.Row, "Column": w.Column, "Value": w.Value, "Reason": w.Reason}))
	}
	return &widget.Label{Text: strings.Join(lines, "\n"), Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
}
