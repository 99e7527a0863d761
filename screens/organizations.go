package screens

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/sheet"
)

// PageOrganizations is the register of social organizations (社会组织).
const PageOrganizations = "organizations"

// NewOrganizations returns the organization list with its detail pages.
func NewOrganizations(env *Env) Screen {
	return &organizations{listFrame: newListFrame[*orgDetail](env), pg: pager[data.Organization]{env: env}}
}

// organizations is the register's list: organizations found by the search
// box (name, pinyin initials, credit code) and the type and status
// filters, a page at a time. Tapping a row opens the organization; the
// detail replaces the list until "back".
type organizations struct {
	listFrame[*orgDetail]

	orgType *widget.Select
	status  *widget.Select
	list    *widget.List

	pg pager[data.Organization]
}

// Organization list columns: name, credit code, type, status, legal
// representative, contact, phone; the service areas take the rest.
var orgColumns = flexLast(220, 170, 232, 48, 80, 80, 112)

func (o *organizations) BuildUI() fyne.CanvasObject {
	o.initSearch(o.env, lang.L("org.Name, pinyin initials (yg) or credit code"), o.find)
	o.orgType = filterSelect(lang.L("org.Organization type"), lang.L("(all)"), data.OrgTypes, o.changed)
	o.status = filterSelect(lang.L("Status"), lang.L("(all)"), data.OrgStatuses, o.changed)

	header, cols := headerRow(orgColumns, lang.L("org.field.name"), lang.L("org.field.uscc"), lang.L("org.field.type"),
		lang.L("Status"), lang.L("org.field.legalRep"), lang.L("org.field.contact"), lang.L("Phone"), lang.L("org.field.serviceAreas"))
	o.list = pagedList(&o.pg, func() fyne.CanvasObject { return newRow(cols) }, fillOrgRow,
		func(r data.Organization) { o.open(r.ID) })

	newBtn := &widget.Button{Text: lang.L("org.New organization"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: o.New}
	importBtn := &widget.Button{Text: lang.L("org.Import…"), Icon: theme.UploadIcon(), OnTapped: o.onImport}
	exportBtn := &widget.Button{Text: lang.L("Export"), Icon: theme.DocumentSaveIcon(), OnTapped: o.onExport}
	o.env.offer(CapOrgWrite, newBtn, importBtn)
	o.env.offer(CapExport, exportBtn)
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: o.onClear}
	filters := container.NewHBox(container.New(&fixedWidth{w: 360}, container.NewGridWithColumns(2, o.orgType, o.status)), clear)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, o.count, o.search),
		filters,
	)
	o.pg.showIn(o.list, o.empty, o.count, func(n int) (string, string) {
		return lang.L("org.{{.N}} organizations", map[string]any{"N": n}), lang.L("org.More than {{.N}} organizations", map[string]any{"N": n})
	})
	return o.setList(page(lang.L("org.Social organizations"), container.NewHBox(importBtn, exportBtn, newBtn),
		container.NewBorder(top, nil, nil, nil,
			container.NewBorder(header, nil, nil, nil, container.NewStack(o.list, o.empty)))))
}

func fillOrgRow(r data.Organization, obj fyne.CanvasObject) {
	setCells(obj, r.Name, orDash(r.USCC), r.Type, r.Status, r.LegalRep, r.Contact, r.Phone,
		strings.Join(r.ServiceAreas, "、"))
}

// filter is what the widgets ask for, read on the UI goroutine.
func (o *organizations) filter() data.OrganizationFilter {
	return data.OrganizationFilter{Query: strings.TrimSpace(o.search.Text), Type: o.orgType.Selected,
		Status: o.status.Selected, Limit: listPage}
}

// find searches again after delay (see pager.search).
func (o *organizations) find(delay time.Duration) {
	f, s := o.filter(), o.env.Store()
	o.pg.search(delay, func(ctx context.Context, after string, limit int) ([]data.Organization, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.ListOrganizations(ctx, f)
		return p.Rows, p.Next, err
	}, nil)
}

func (o *organizations) onClear() {
	o.setFilters(func() {
		o.search.SetText("")
		setSelect(o.orgType, "")
		setSelect(o.status, "")
	})
}

// New opens an empty organization form (Ctrl+N).
func (o *organizations) New() {
	if o.env.Can(CapOrgWrite) {
		o.open(0)
	}
}

// open shows organization id (0: a new one) in place of the list.
func (o *organizations) open(id int64) {
	o.showDetail(newOrgDetail(o.env, id, o.closeDetail))
}

// onExport writes the whole register to a spreadsheet in the data
// folder's exports and opens it.
func (o *organizations) onExport() {
	s := o.env.Store()
	path := outputPath(s, lang.L("org.organizations-file"), "xlsx")
	var rows int
	o.env.RunJob(lang.L("Exporting"), func(ctx context.Context, _ func(int, int)) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		n, err := sheet.ExportOrganizations(ctx, s, path)
		rows = n
		return err
	}, func(err error) {
		if Cancelled(err) {
			return
		}
		if err != nil {
			o.env.ShowError(err)
			return
		}
		showWritten(o.env, path, lang.L("Exported {{.N}} rows to {{.Path}}", map[string]any{"N": rows, "Path": path}))
	})
}

// onImport asks for a spreadsheet and checks it (importFile).
func (o *organizations) onImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			o.env.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		o.importFile(path)
	}, o.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv", ".XLSX", ".CSV", ".txt"}))
	d.Resize(dialogSize)
	o.env.ShowDialog(d)
}

// orgPreviewRows is how many invalid rows the import's preview lists; the
// report file has them all.
const orgPreviewRows = 8

// importFile checks path with a dry run, shows what it found and, when
// confirmed, imports it as a job. Nothing is written before the clerk
// confirms.
func (o *organizations) importFile(path string) {
	s := o.env.Store()
	var rep sheet.OrganizationReport
	o.env.RunJob(lang.L("org.Checking the file"), func(ctx context.Context, progress func(int, int)) error {
		var err error
		rep, err = sheet.ImportOrganizationsReport(ctx, s, path, sheet.ImportOptions{DryRun: true, Progress: progress})
		return err
	}, func(err error) {
		if err != nil {
			o.env.ShowError(err)
			return
		}
		o.showPreview(path, rep)
	})
}

// orgImportPreview is the dialog of a dry run's result, kept for tests.
type orgImportPreview struct {
	dialog *dialog.CustomDialog
	text   *widget.Label
	skip   *widget.Check
	ok     *widget.Button
	report *widget.Button
}

// showPreview shows a dry run's counts and first invalid rows, with the
// choice to import the valid rows only.
func (o *organizations) showPreview(path string, rep sheet.OrganizationReport) *orgImportPreview {
	p := &orgImportPreview{}
	summary := lang.L("org.{{.Rows}} rows: {{.Valid}} valid, {{.Invalid}} invalid.", map[string]any{
		"Rows": rep.Rows, "Valid": rep.Valid, "Invalid": rep.Invalid})
	if len(rep.Warnings) > 0 {
		summary += "\n" + lang.L("org.{{.N}} warnings to check (they do not stop the import).", map[string]any{"N": len(rep.Warnings)})
	}
	p.text = &widget.Label{Text: summary, Wrapping: fyne.TextWrapWord}
	var lines []string
	for i, pr := range rep.Problems {
		if i == orgPreviewRows {
			lines = append(lines, lang.L("org.… and {{.N}} more in the report.", map[string]any{"N": len(rep.Problems) - orgPreviewRows}))
			break
		}
		lines = append(lines, lang.L("org.Row {{.Row}}, {{.Column}} “{{.Value}}”: {{.Reason}}", map[string]any{
			"Row": pr.Row, "Column": pr.Column, "Value": pr.Value, "Reason": pr.Reason}))
	}
	for i, w := range rep.Warnings {
		if i == 3 {
			break
		}
		lines = append(lines, lang.L("org.Row {{.Row}}, {{.Column}} “{{.Value}}”: {{.Reason}}", map[string]any{
			"Row": w.Row, "Column": w.Column, "Value": w.Value, "Reason": w.Reason}))
	}
	details := &widget.Label{Text: strings.Join(lines, "\n"), Wrapping: fyne.TextWrapWord}
	p.skip = &widget.Check{Text: lang.L("org.Import the valid rows only")}
	p.report = &widget.Button{Text: lang.L("org.Save the report"), Icon: theme.DocumentSaveIcon(), OnTapped: func() {
		o.saveReport(rep.Report)
	}}
	content := container.NewVBox(p.text)
	if rep.Invalid > 0 {
		content.Add(container.NewHBox(p.skip, p.report))
	}
	body := container.NewBorder(content, nil, nil, nil, container.NewVScroll(details))
	p.dialog, p.ok = o.env.showFormDialog(lang.L("org.Import organizations"), lang.L("org.Import"), body, fyne.NewSize(720, 460), func() {
		if rep.Invalid > 0 && !p.skip.Checked {
			p.text.SetText(summary + "\n" + lang.L("org.Correct the file, or choose to import the valid rows only."))
			return
		}
		p.dialog.Hide()
		o.runImport(path, p.skip.Checked)
	}, nil)
	if rep.Valid == 0 {
		p.ok.Disable()
	}
	return p
}

// saveReport writes the invalid rows as CSV in the output folder and opens
// it.
func (o *organizations) saveReport(r sheet.Report) {
	s := o.env.Store()
	path := outputPath(s, lang.L("org.import-report"), "csv")
	o.env.Background(func(context.Context) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		return sheet.WriteReport(path, r)
	}, func(err error) {
		if err != nil {
			o.env.ShowError(err)
			return
		}
		if err := OpenFile(o.env.App, path); err != nil {
			o.env.ShowError(err)
		}
		o.env.status(lang.L("org.Report saved to {{.Path}}", map[string]any{"Path": path}))
	})
}

// runImport imports path as a job and reports what it did.
func (o *organizations) runImport(path string, skipInvalid bool) {
	s := o.env.Store()
	var rep sheet.OrganizationReport
	o.env.RunJob(lang.L("org.Importing"), func(ctx context.Context, progress func(int, int)) error {
		var err error
		rep, err = sheet.ImportOrganizationsReport(ctx, s, path, sheet.ImportOptions{SkipInvalid: skipInvalid, Progress: progress})
		return err
	}, func(err error) {
		if Cancelled(err) {
			return
		}
		if err != nil {
			if errors.Is(err, sheet.ErrInvalidRows) { // the file changed since the check
				o.showPreview(path, rep)
				return
			}
			o.env.ShowError(err)
			return
		}
		msg := lang.L("org.Imported: {{.Created}} new, {{.Updated}} updated, {{.Unchanged}} unchanged.", map[string]any{
			"Created": rep.Created, "Updated": rep.Updated, "Unchanged": rep.Unchanged})
		o.env.status(msg)
		o.env.ShowInfo(lang.L("org.Import organizations"), msg)
		o.schedule(0)
	})
}
