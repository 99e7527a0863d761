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
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// PageAgreements is the agreements page (协议).
const PageAgreements = "agreements"

// NewAgreements returns the agreements page.
func NewAgreements(env *Env) Screen {
	a := &agreements{env: env}
	a.pg = pager[data.AgreementRow]{env: env}
	return a
}

// OpenAgreement shows the agreements page with agreement id open: the
// dashboard's reminders use it. It navigates to the page (building it if
// need be) and finds the page in the window.
func OpenAgreement(env *Env, id int64) {
	env.navigate(PageAgreements)
	if a := findAgreements(env.Window.Canvas().Content()); a != nil {
		a.openAgreement(id)
	}
}

// agreementsRoot is what the page's BuildUI returns: its content, and the
// page itself, so that OpenAgreement finds it among the window's objects
// without a registry shared by the shell.
type agreementsRoot struct {
	widget.BaseWidget
	page    *agreements
	content fyne.CanvasObject
}

func (r *agreementsRoot) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

// findAgreements looks for the agreements page under o.
func findAgreements(o fyne.CanvasObject) *agreements {
	switch x := o.(type) {
	case *agreementsRoot:
		return x.page
	case *fyne.Container:
		for _, c := range x.Objects {
			if a := findAgreements(c); a != nil {
				return a
			}
		}
	case *container.Scroll:
		return findAgreements(x.Content)
	}
	return nil
}

// agreements is the list: rows the search box and filters select, a page
// at a time (keyset paging). A row opens its agreement in place of the
// list until "back".
type agreements struct {
	env *Env

	stack    *fyne.Container // the list or an agreement's detail
	listView fyne.CanvasObject
	detail   *agreementDetail

	search    *widget.Entry
	kind      *widget.Select
	status    *widget.Select
	year      *widget.Select
	org       *agrOrgPicker
	minAmount *widget.Entry
	maxAmount *widget.Entry
	ending    *widget.Entry
	filterErr *widget.Label
	count     *widget.Label
	empty     *widget.Label
	list      *widget.List
	newBtn    *widget.Button
	batchBtn  *widget.Button

	pg    pager[data.AgreementRow]
	quiet bool
}

// agrListColumns: number, party B, amount, term, status; the title
// takes what is left (agrFlexColumns puts it second).
var agrListColumns = []float32{200, -1, 200, 116, 180, 56}

func (a *agreements) BuildUI() fyne.CanvasObject {
	a.search = &widget.Entry{PlaceHolder: lang.L("agr.Number, title, project or party B")}
	a.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	a.search.OnChanged = func(string) { a.schedule(searchDelay) }
	a.search.OnSubmitted = func(string) { a.schedule(0) }

	changed := func(string) { a.schedule(0) }
	all := lang.L("(all)")
	a.kind = filterSelect(lang.L("agr.Kind"), all, data.AgreementKinds, changed)
	a.status = filterSelect(lang.L("Status"), all, data.AgreementStatuses, changed)
	a.year = filterSelect(lang.L("agr.Year"), all, a.years(), changed)
	a.org = newAgrOrgPicker(a.env, lang.L("agr.Party B"), true, func(int64, string) { a.schedule(0) })
	typed := func(string) { a.schedule(searchDelay) }
	a.minAmount = &widget.Entry{PlaceHolder: lang.L("from"), OnChanged: typed}
	a.maxAmount = &widget.Entry{PlaceHolder: lang.L("to"), OnChanged: typed}
	a.ending = &widget.Entry{PlaceHolder: lang.L("agr.days"), OnChanged: typed}
	a.filterErr = errorLabel()
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: a.onClear}

	a.count = &widget.Label{}
	a.empty = &widget.Label{Text: lang.L("Nothing found."), Alignment: fyne.TextAlignCenter}
	a.empty.Hide()
	cols := append([]float32(nil), agrListColumns...)
	for _, st := range data.AgreementStatuses { // the status column fits the longest status
		cols[len(cols)-1] = max(cols[len(cols)-1], textWidth(st, fyne.TextStyle{}))
	}
	header, widths := agrHeaderRow(cols, lang.L("agr.Number"), lang.L("agr.Title"), lang.L("agr.Party B"),
		lang.L("agr.Amount"), lang.L("agr.Term"), lang.L("Status"))
	header.Objects[3].(*widget.Label).Alignment = fyne.TextAlignTrailing
	a.list = &widget.List{
		Length: func() int { return len(a.pg.rows) },
		CreateItem: func() fyne.CanvasObject {
			row := agrNewRow(widths)
			row.Objects[3].(*widget.Label).Alignment = fyne.TextAlignTrailing
			return row
		},
		UpdateItem: a.updateRow,
		OnSelected: func(id widget.ListItemID) {
			a.list.UnselectAll()
			if id < len(a.pg.rows) {
				a.openAgreement(a.pg.rows[id].ID)
			}
		},
	}
	a.list.MinSize() // make the scroller now: ScrollToTop needs it

	a.newBtn = &widget.Button{Text: lang.L("agr.New agreement"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: a.New}
	a.batchBtn = &widget.Button{Text: lang.L("agr.Print the list…"), Icon: theme.DocumentPrintIcon(), OnTapped: a.onBatchMenu}

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
	a.listView = page(lang.L("nav.agreements"), container.NewHBox(a.batchBtn, a.newBtn),
		container.NewBorder(container.NewVBox(top, header), nil, nil, nil, container.NewStack(a.list, a.empty)))
	a.stack = container.NewStack(a.listView)
	a.pg.showIn(a.list, a.empty, a.count, func(n int, more bool) string {
		if more {
			return lang.L("agr.More than {{.N}} agreements", map[string]any{"N": n})
		}
		return lang.L("agr.{{.N}} agreements", map[string]any{"N": n})
	})
	root := &agreementsRoot{page: a, content: a.stack}
	root.ExtendBaseWidget(root)
	return root
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

func (a *agreements) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(a.pg.rows) {
		return
	}
	if id >= len(a.pg.rows)-listPage/4 {
		a.pg.more()
	}
	r := a.pg.rows[id]
	amount := data.Yuan(r.Amount)
	if r.IsSupplement() {
		amount = agrSigned(r.AmountChange)
	}
	end := r.EffectiveEnd
	if end == "" {
		end = r.TermEnd
	}
	agrSetCells(o, r.Number, r.Title, r.OrganizationName, amount, agrTerm(r.TermStart, end), r.Status)
	st := o.(*fyne.Container).Objects[5].(*widget.Label)
	st.Importance = agrStatusImportance(r.Status)
	st.Refresh()
}

// agrTerm writes a term "2027-01-01 – 2027-12-31", or what is known of it.
func agrTerm(start, end string) string {
	if start == "" && end == "" {
		return "—"
	}
	return orDash(start) + " – " + orDash(end)
}

// agrSigned writes a change of amount with its sign: "+¥1,000.00".
func agrSigned(fen int64) string {
	if fen > 0 {
		return "+" + data.Yuan(fen)
	}
	return data.Yuan(fen)
}

// agrStatusImportance colours a status: drafts grey, awaiting signature
// in warning colour, terminated red.
func agrStatusImportance(status string) widget.Importance {
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

// schedule lists again after delay (see pager.search).
func (a *agreements) schedule(delay time.Duration) {
	if a.quiet || a.stack == nil {
		return
	}
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
	a.quiet = true
	a.search.SetText("")
	for _, s := range []*widget.Select{a.kind, a.status, a.year} {
		setSelect(s, "")
	}
	a.org.set(0, "")
	for _, e := range []*widget.Entry{a.minAmount, a.maxAmount, a.ending} {
		e.SetText("")
	}
	a.quiet = false
	a.schedule(0)
}

// Reload lists again (the shell calls it each time the page is shown), or
// reloads the agreement on show.
func (a *agreements) Reload() {
	if a.detail != nil {
		a.detail.reload()
		return
	}
	a.schedule(0)
}

// FocusSearch goes back to the list and puts the cursor in its search box
// (Ctrl+F).
func (a *agreements) FocusSearch() {
	back := a.detail != nil
	a.closeDetail(false)
	a.env.Window.Canvas().Focus(a.search)
	if back {
		a.schedule(0)
	}
}

// New asks which kind of agreement to draft, then opens its empty form
// (Ctrl+N).
func (a *agreements) New() {
	items := make([]*fyne.MenuItem, 0, len(data.AgreementKinds))
	for _, k := range data.AgreementKinds {
		items = append(items, fyne.NewMenuItem(lang.L("agr.New {{.Kind}}", map[string]any{"Kind": k}), func() { a.newAgreement(k) }))
	}
	agrShowMenu(a.env, a.newBtn, items)
}

// newAgreement opens an empty form for a draft of kind.
func (a *agreements) newAgreement(kind string) {
	a.showDetail(newAgreementDetail(a.env, a, 0, kind))
}

// Save saves the agreement on show (Ctrl+S).
func (a *agreements) Save() {
	if a.detail != nil {
		a.detail.Save()
	}
}

// Print prints the agreement on show (Ctrl+P), or offers the list's batch
// print.
func (a *agreements) Print() {
	if a.detail != nil {
		a.detail.Print()
		return
	}
	a.onBatchMenu()
}

// openAgreement shows agreement id in place of the list.
func (a *agreements) openAgreement(id int64) {
	a.showDetail(newAgreementDetail(a.env, a, id, ""))
}

func (a *agreements) showDetail(d *agreementDetail) {
	if a.stack == nil {
		return
	}
	a.detail = d
	a.stack.Objects = []fyne.CanvasObject{d.buildUI()}
	a.stack.Refresh()
	d.reload()
}

// closeDetail shows the list again, listing again when refresh is set.
func (a *agreements) closeDetail(refresh bool) {
	if a.detail == nil {
		return
	}
	a.detail = nil
	a.stack.Objects = []fyne.CanvasObject{a.listView}
	a.stack.Refresh()
	if refresh {
		a.schedule(0)
	}
}

// agrShowMenu pops a menu up under the button at.
func agrShowMenu(env *Env, at fyne.CanvasObject, items []*fyne.MenuItem) {
	c := fyne.CurrentApp().Driver().CanvasForObject(at)
	if c == nil {
		c = env.Window.Canvas()
	}
	widget.ShowPopUpMenuAtRelativePosition(fyne.NewMenu("", items...), c, fyne.NewPos(0, at.Size().Height), at)
}

// agrFlexColumns lays a row out in columns of fixed widths but one, whose
// width is -1: it takes what the others leave (at least 80).
type agrFlexColumns struct{ widths []float32 }

func (c *agrFlexColumns) fixed() (sum float32, flex int) {
	flex = -1
	pad := theme.Padding()
	for i, w := range c.widths {
		if w < 0 {
			flex = i
			continue
		}
		sum += w
	}
	return sum + pad*float32(max(len(c.widths)-1, 0)), flex
}

func (c *agrFlexColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sum, _ := c.fixed()
	rest := max(size.Width-sum, 80)
	x := float32(0)
	for i, o := range objs {
		w := rest
		if i < len(c.widths) && c.widths[i] >= 0 {
			w = c.widths[i]
		}
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += w + theme.Padding()
	}
}

func (c *agrFlexColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	sum, _ := c.fixed()
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(sum+80, h)
}

// agrHeaderRow is a list header over flexible columns; fixed columns widen
// to their titles.
func agrHeaderRow(widths []float32, titles ...string) (*fyne.Container, []float32) {
	fitted := append([]float32(nil), widths...)
	cells := make([]fyne.CanvasObject, len(titles))
	for i, t := range titles {
		h := headerCell(t)
		cells[i] = h
		if i < len(fitted) && fitted[i] >= 0 {
			fitted[i] = max(fitted[i], textWidth(t, h.TextStyle))
		}
	}
	return container.New(&agrFlexColumns{widths: fitted}, cells...), fitted
}

// agrNewRow is a list row of one-line cells in flexible columns.
func agrNewRow(widths []float32) *fyne.Container {
	cells := make([]fyne.CanvasObject, len(widths))
	for i := range cells {
		cells[i] = cell("")
	}
	return container.New(&agrFlexColumns{widths: widths}, cells...)
}

func agrSetCells(o fyne.CanvasObject, texts ...string) {
	for i, c := range o.(*fyne.Container).Objects {
		t := ""
		if i < len(texts) {
			t = texts[i]
		}
		if l, ok := c.(*widget.Label); ok {
			l.SetText(t)
		}
	}
}

// agrOrgPicker is a searchable choice of party B: a button naming the
// organization chosen that opens a dialog with a search box over the
// register (name, pinyin initials, credit code). The list has hundreds of
// organizations at most, so a page of the search is all it shows.
type agrOrgPicker struct {
	env      *Env
	button   *widget.Button
	label    string // the button's text while nothing is chosen
	filter   bool   // a list filter: "(all)" clears it; any status is offered
	id       int64
	name     string
	onChange func(id int64, name string)
}

func newAgrOrgPicker(env *Env, label string, filter bool, onChange func(int64, string)) *agrOrgPicker {
	p := &agrOrgPicker{env: env, label: label, filter: filter, onChange: onChange}
	p.button = &widget.Button{Text: label, Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText,
		Alignment: widget.ButtonAlignLeading, OnTapped: p.open}
	return p
}

// set shows organization id (0: none) without calling onChange.
func (p *agrOrgPicker) set(id int64, name string) {
	p.id, p.name = id, name
	text := p.label
	if id != 0 {
		text = name
	}
	p.button.SetText(agrEllipsis(text, 28))
}

func (p *agrOrgPicker) choose(id int64, name string) {
	p.set(id, name)
	if p.onChange != nil {
		p.onChange(id, name)
	}
}

// agrEllipsis cuts s to n characters with "…" (a button does not
// truncate).
func agrEllipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// open shows the search dialog.
func (p *agrOrgPicker) open() {
	var rows []data.Organization
	gen := 0
	search := &widget.Entry{PlaceHolder: lang.L("agr.Name, pinyin initials or credit code")}
	note := &widget.Label{Importance: widget.LowImportance}
	var d Dialog
	list := &widget.List{
		Length: func() int { return len(rows) },
		CreateItem: func() fyne.CanvasObject {
			return container.New(&agrFlexColumns{widths: []float32{-1, 170, 80}}, cell(""), cell(""), cell(""))
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(rows) {
				agrSetCells(o, rows[id].Name, orDash(rows[id].USCC), rows[id].Status)
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
	cd := newAgrDialog(p.env, lang.L("agr.Choose party B"), content, fyne.NewSize(620, 480))
	d = cd
	cd.Show()
	find("")
	p.env.Window.Canvas().Focus(search)
}

// agrDialog is a custom dialog with a Close button that Esc closes.
type agrDialog struct {
	Dialog
}

func newAgrDialog(env *Env, title string, content fyne.CanvasObject, size fyne.Size) *agrDialog {
	d := dialog.NewCustom(title, lang.L("agr.Close"), content, env.Window)
	d.Resize(size)
	x := env.pushEscape(d.Hide)
	d.SetOnClosed(func() { env.popEscape(x) })
	return &agrDialog{Dialog: d}
}

// agrHumanSize writes a file size in B, KB or MB.
func agrHumanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
