package screens

// The agreements page (协议): the list of commissioning and project
// agreements with its filters, and in its place, when a row is opened, the
// agreement's detail (agreement_detail.go). Everything the rules say —
// what may be edited, which status may follow which, what sums must hold —
// is package data's; the page asks and shows the answer.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// PageAgreements is the agreements page (协议).
const PageAgreements = "agreements"

// NewAgreements returns the agreements page.
func NewAgreements(env *Env) Screen {
	return &agreements{listFrame: newListFrame[*agreementDetail](env), pg: pager[data.AgreementRow]{env: env}}
}

// OpenAgreement shows the agreements page with agreement id open: the
// dashboard's reminders use it.
func OpenAgreement(env *Env, id int64) {
	openPage(env, PageAgreements, func(a *agreements) { a.openAgreement(id) })
}

// agreements is the list: rows the search box and filters select, a page
// at a time (keyset paging). A row opens its agreement in place of the
// list until "back".
type agreements struct {
	listFrame[*agreementDetail]

	kind      *widget.Select
	status    *widget.Select
	year      *widget.Select
	org       *partyPicker
	minAmount *widget.Entry
	maxAmount *widget.Entry
	ending    *widget.Entry
	filterErr *widget.Label
	list      *widget.List
	newBtn    *widget.Button
	batchBtn  *widget.Button

	pg pager[data.AgreementRow]
}

// agreementColumns: number, title (the rest), party B, amount, term,
// status.
var agreementColumns = flexAt(1, 200, 80, 200, 116, 180, 56)

func (a *agreements) BuildUI() fyne.CanvasObject {
	a.initSearch(a.env, lang.L("agr.Number, title, project or party B"), a.find)
	all := lang.L("(all)")
	a.kind = filterSelect(lang.L("agr.Kind"), all, data.AgreementKinds, a.changed)
	a.status = filterSelect(lang.L("Status"), all, data.AgreementStatuses, a.changed)
	a.year = filterSelect(lang.L("agr.Year"), all, a.years(), a.changed)
	a.org = newPartyPicker(a.env, lang.L("agr.Party B"), true, func(int64, string) { a.schedule(0) })
	a.minAmount = &widget.Entry{PlaceHolder: lang.L("from"), OnChanged: a.typed}
	a.maxAmount = &widget.Entry{PlaceHolder: lang.L("to"), OnChanged: a.typed}
	a.ending = &widget.Entry{PlaceHolder: lang.L("agr.days"), OnChanged: a.typed}
	a.filterErr = errorLabel()
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: a.onClear}

	cols := *agreementColumns
	cols.widths = append([]float32(nil), cols.widths...)
	for _, st := range data.AgreementStatuses { // the status column fits the longest status
		cols.widths[5] = max(cols.widths[5], textWidth(st, fyne.TextStyle{}))
	}
	header, fitted := headerRow(&cols, lang.L("agr.Number"), lang.L("agr.Title"), lang.L("agr.Party B"),
		lang.L("agr.Amount"), lang.L("agr.Term"), lang.L("Status"))
	header.Objects[3].(*widget.Label).Alignment = fyne.TextAlignTrailing
	a.list = pagedList(&a.pg, func() fyne.CanvasObject {
		row := newRow(fitted)
		row.Objects[3].(*widget.Label).Alignment = fyne.TextAlignTrailing
		return row
	}, a.fillRow, func(r data.AgreementRow) { a.openAgreement(r.ID) })

	a.newBtn = &widget.Button{Text: lang.L("agr.New agreement"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: a.New}
	a.batchBtn = &widget.Button{Text: lang.L("agr.Print the list…"), Icon: theme.DocumentPrintIcon(), OnTapped: a.onBatchMenu}
	a.env.offer(CapOrgWrite, a.newBtn)
	a.env.offer(CapPrint, a.batchBtn)

	small := func(e *widget.Entry, w float32) fyne.CanvasObject {
		return container.New(&fixedWidth{w: w}, e)
	}
	amounts := container.NewHBox(&widget.Label{Text: lang.L("agr.Amount (yuan)")}, small(a.minAmount, 86),
		&widget.Label{Text: "–"}, small(a.maxAmount, 86),
		&widget.Label{Text: lang.L("agr.Ending within")}, small(a.ending, 64))
	selects := container.New(&fixedWidth{w: 440}, container.NewGridWithColumns(4, a.kind, a.status, a.year, a.org.button))
	// The row scrolls rather than widening the window when a language's
	// labels are longer than it.
	filters := container.NewBorder(nil, nil, selects, nil, container.NewHScroll(amounts))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(a.count, clear), a.search),
		filters,
		a.filterErr,
	)
	a.pg.showIn(a.list, a.empty, a.count, func(n int) (string, string) {
		return lang.L("agr.{{.N}} agreements", map[string]any{"N": n}), lang.L("agr.More than {{.N}} agreements", map[string]any{"N": n})
	})
	stack := a.setList(page(lang.L("nav.agreements"), container.NewHBox(a.batchBtn, a.newBtn),
		container.NewBorder(container.NewVBox(top, header), nil, nil, nil, container.NewStack(a.list, a.empty))))
	return newFindableRoot(a, stack)
}

// years offers the years of numbers: from five years ago to next year.
func (a *agreements) years() []string {
	y := storeToday(a.env.Store()).Year()
	var out []string
	for i := y + 1; i >= y-5; i-- {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

func (a *agreements) fillRow(r data.AgreementRow, o fyne.CanvasObject) {
	amount := data.Yuan(r.Amount)
	if r.IsSupplement() {
		amount = signedYuan(r.AmountChange)
	}
	end := r.EffectiveEnd
	if end == "" {
		end = r.TermEnd
	}
	setCells(o, r.Number, r.Title, r.OrganizationName, amount, termText(r.TermStart, end), r.Status)
	st := o.(*fyne.Container).Objects[5].(*widget.Label)
	st.Importance = agreementStatusImportance(r.Status)
	st.Refresh()
}

// termText writes a term "2027-01-01 – 2027-12-31", or what is known of
// it.
func termText(start, end string) string {
	if start == "" && end == "" {
		return "—"
	}
	return orDash(start) + " – " + orDash(end)
}

// signedYuan writes a change of amount with its sign: "+¥1,000.00".
func signedYuan(fen int64) string {
	if fen > 0 {
		return "+" + data.Yuan(fen)
	}
	return data.Yuan(fen)
}

// agreementStatusImportance colours a status: drafts grey, awaiting
// signature in warning colour, terminated red.
func agreementStatusImportance(status string) widget.Importance {
	switch status {
	case data.AgreementDraft:
		return widget.LowImportance
	case data.AgreementPending:
		return widget.WarningImportance
	case data.AgreementSigned, data.AgreementInProgress:
		return widget.HighImportance
	case data.AgreementAccepted:
		return widget.SuccessImportance
	case data.AgreementTerminated:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// filter is the widgets' filter, without paging, and a message when a
// filter's text cannot be read (that filter is then left out).
func (a *agreements) filter() (data.AgreementFilter, string) {
	f := data.AgreementFilter{Query: strings.TrimSpace(a.search.Text), Kind: a.kind.Selected, Status: a.status.Selected}
	if y, err := strconv.Atoi(a.year.Selected); err == nil {
		f.Year = y
	}
	f.OrganizationID = a.org.id
	var bad []string
	if t := strings.TrimSpace(a.minAmount.Text); t != "" {
		if v, err := data.ParseYuan(t); err == nil && v >= 0 {
			f.MinAmount = v
		} else {
			bad = append(bad, lang.L("agr.The lowest amount is not an amount of money."))
		}
	}
	if t := strings.TrimSpace(a.maxAmount.Text); t != "" {
		if v, err := data.ParseYuan(t); err == nil && v > 0 {
			f.MaxAmount = v
		} else {
			bad = append(bad, lang.L("agr.The highest amount is not an amount of money."))
		}
	}
	if t := strings.TrimSpace(a.ending.Text); t != "" {
		if n, err := strconv.Atoi(t); err == nil && n > 0 && n <= 3660 {
			f.EndingWithin = n
		} else {
			bad = append(bad, lang.L("agr.“Ending within” takes a number of days."))
		}
	}
	return f, strings.Join(bad, " ")
}

// find lists again after delay (see pager.search).
func (a *agreements) find(delay time.Duration) {
	f, bad := a.filter()
	setError(a.filterErr, bad)
	s := a.env.Store()
	a.pg.search(delay, func(ctx context.Context, after string, limit int) ([]data.AgreementRow, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.ListAgreements(ctx, f)
		return p.Rows, p.Next, err
	}, nil)
}

func (a *agreements) onClear() {
	a.setFilters(func() {
		a.search.SetText("")
		for _, s := range []*widget.Select{a.kind, a.status, a.year} {
			setSelect(s, "")
		}
		a.org.set(0, "")
		for _, e := range []*widget.Entry{a.minAmount, a.maxAmount, a.ending} {
			e.SetText("")
		}
	})
}

// New asks which kind of agreement to draft, then opens its empty form
// (Ctrl+N).
func (a *agreements) New() {
	if !a.env.Can(CapOrgWrite) {
		return
	}
	items := make([]*fyne.MenuItem, 0, len(data.AgreementKinds))
	for _, k := range data.AgreementKinds {
		items = append(items, fyne.NewMenuItem(lang.L("agr.New {{.Kind}}", map[string]any{"Kind": k}), func() { a.newAgreement(k) }))
	}
	showMenu(a.env, a.newBtn, items)
}

// newAgreement opens an empty form for a draft of kind.
func (a *agreements) newAgreement(kind string) {
	a.showDetail(newAgreementDetail(a.env, a, 0, kind))
}

// Print prints the agreement on show (Ctrl+P), or offers the list's batch
// print.
func (a *agreements) Print() {
	if a.showing() {
		a.detail.Print()
		return
	}
	a.onBatchMenu()
}

// openAgreement shows agreement id in place of the list.
func (a *agreements) openAgreement(id int64) {
	a.showDetail(newAgreementDetail(a.env, a, id, ""))
}

// partyPicker is a searchable choice of party B: a button naming the
// organization chosen that opens a dialog with a search box over the
// register (name, pinyin initials, credit code). The list has hundreds of
// organizations at most, so a page of the search is all it shows.
type partyPicker struct {
	env      *Env
	button   *widget.Button
	label    string // the button's text while nothing is chosen
	filter   bool   // a list filter: "(all)" clears it; any status is offered
	id       int64
	name     string
	onChange func(id int64, name string)
}

func newPartyPicker(env *Env, label string, filter bool, onChange func(int64, string)) *partyPicker {
	p := &partyPicker{env: env, label: label, filter: filter, onChange: onChange}
	p.button = &widget.Button{Text: label, Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText,
		Alignment: widget.ButtonAlignLeading, OnTapped: p.open}
	return p
}

// set shows organization id (0: none) without calling onChange.
func (p *partyPicker) set(id int64, name string) {
	p.id, p.name = id, name
	text := p.label
	if id != 0 {
		text = name
	}
	p.button.SetText(truncRunes(text, 28))
}

func (p *partyPicker) choose(id int64, name string) {
	p.set(id, name)
	if p.onChange != nil {
		p.onChange(id, name)
	}
}

// pickerColumns: the name (the rest), the credit code, the status.
var pickerColumns = flexAt(0, 80, 170, 80)

// open shows the search dialog.
func (p *partyPicker) open() {
	var rows []data.Organization
	gen := 0
	search := &widget.Entry{PlaceHolder: lang.L("agr.Name, pinyin initials or credit code")}
	note := &widget.Label{Importance: widget.LowImportance}
	var d Dialog
	list := &widget.List{
		Length: func() int { return len(rows) },
		CreateItem: func() fyne.CanvasObject {
			return newRow(pickerColumns)
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(rows) {
				setCells(o, rows[id].Name, orDash(rows[id].USCC), rows[id].Status)
			}
		},
	}
	list.OnSelected = func(id widget.ListItemID) {
		if id < len(rows) {
			p.choose(rows[id].ID, rows[id].Name)
			d.Hide()
		}
	}
	find := func(q string) {
		gen++
		g := gen
		s := p.env.Store()
		f := data.OrganizationFilter{Query: q, Limit: 200}
		if !p.filter {
			f.Status = data.OrgActive // no new agreement with another
		}
		p.env.Background(func(ctx context.Context) error {
			page, err := s.ListOrganizations(ctx, f)
			fyne.Do(func() {
				if g != gen || err != nil {
					return
				}
				rows = page.Rows
				list.UnselectAll()
				list.Refresh()
				switch {
				case len(rows) == 0:
					note.SetText(lang.L("Nothing found."))
				case page.Next != "":
					note.SetText(lang.L("agr.Showing the first {{.N}}; type more to narrow.", map[string]any{"N": len(rows)}))
				default:
					note.SetText("")
				}
			})
			return err
		}, p.env.ShowError)
	}
	search.OnChanged = find
	var tools []fyne.CanvasObject
	if p.filter || p.id != 0 {
		clearText := lang.L("agr.No organization")
		if p.filter {
			clearText = lang.L("(all)")
		}
		tools = append(tools, &widget.Button{Text: clearText, Importance: widget.LowImportance, OnTapped: func() {
			p.choose(0, "")
			d.Hide()
		}})
	}
	top := container.NewVBox(search, note)
	content := container.NewBorder(top, container.NewHBox(tools...), nil, nil, list)
	d = showClosable(p.env, lang.L("agr.Choose party B"), content, fyne.NewSize(620, 480))
	find("")
	p.env.Window.Canvas().Focus(search)
}

// fileSize writes a file size in B, KB or MB.
func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
