package screens

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// orgDetail is one organization: its data in a form, its agreements and
// what it was contracted and paid each year. id 0 is a new organization.
// The credit code is checked as it is typed: a wrong code is said at once,
// and a pilot-area code whose check character does not follow the rule is
// a warning beside the field, which does not stop saving.
type orgDetail struct {
	env    *Env
	id     int64
	onBack func(refresh bool)

	o      data.Organization
	agrees []data.AgreementRow
	totals []data.OrganizationYear
	saved  bool // something was saved here: the list searches again

	title   *widget.Label
	summary *widget.Label
	delBtn  *widget.Button

	recordForm
	name      *widget.Entry
	uscc      *widget.Entry
	usccNote  *widget.Label // warnings about the code
	orgType   *widget.Select
	authority *widget.Entry
	legalRep  *widget.Entry
	contact   *widget.Entry
	phone     *widget.Entry
	address   *widget.Entry
	bank      *widget.Entry
	account   *widget.Entry
	areaOpts  []string        // the areas offered: the choices and any the organization has besides
	areaSel   []string        // the areas ticked
	areaGrid  *fyne.Container // one check per area
	status    *widget.Select
	notes     *widget.Entry

	tabs       *container.AppTabs
	infoTab    *container.TabItem
	agreeTab   *container.TabItem
	agreeList  *widget.List
	totalsList *widget.List
	noAgrees   *widget.Label
}

func newOrgDetail(env *Env, id int64, onBack func(refresh bool)) *orgDetail {
	return &orgDetail{env: env, id: id, onBack: onBack}
}

// Agreement columns: number, kind, title, status, amount, term; and the
// yearly totals: year, agreements, contracted, paid.
var (
	orgAgreementColumns = flexLast(220, 72, 300, 64, 130)
	orgTotalColumns     = flexLast(64, 80, 140)
)

func (d *orgDetail) buildUI() fyne.CanvasObject {
	d.delBtn = &widget.Button{Text: lang.L("org.Delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: d.onDelete}
	var header fyne.CanvasObject
	d.title, d.summary, header = detailHeader(d.leaveThen(func() { d.onBack(d.saved) }), d.delBtn, d.mark())
	d.infoTab = container.NewTabItemWithIcon(lang.L("org.Organization data"), theme.DocumentIcon(), d.buildForm())
	d.agreeTab = container.NewTabItemWithIcon(lang.L("org.Agreements"), theme.FileIcon(), d.buildAgreements())
	d.tabs = recordTabs(&d.recordForm, d.id == 0, d.infoTab, d.infoTab, d.agreeTab)
	showWhen(d.delBtn, d.id != 0)
	return detailLayout(d.tabs, header)
}

func (d *orgDetail) buildForm() fyne.CanvasObject {
	d.name = d.entry("")
	d.uscc = d.entry(lang.L("org.18 characters; lowercase and blanks are corrected"))
	d.uscc.OnChanged = func(s string) {
		d.onInput(s)
		d.checkUSCC(false)
	}
	d.usccNote = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	d.usccNote.Hide()
	d.orgType = d.choice(data.OrgTypes)
	d.authority = d.entry(lang.L("org.e.g. the district civil affairs bureau"))
	d.legalRep = d.entry("")
	d.contact = d.entry("")
	d.phone = d.entry(lang.L("placeholder.phone"))
	d.address = d.entry("")
	d.bank = d.entry("")
	d.account = d.entry("")
	d.areaOpts = slices.Clone(data.ServiceAreaChoices)
	d.status = d.choice(data.OrgStatuses)
	d.notes = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, OnChanged: d.onInput}
	d.notes.SetMinRowsVisible(3)

	f := func(name string, input fyne.CanvasObject) *formField {
		return newFormField(name, lang.L("org.field."+name), input)
	}
	name, uscc := f("name", d.name), f("uscc", d.uscc)
	uscc.hint = d.usccNote
	orgType, authority := f("type", d.orgType), f("authority", d.authority)
	legalRep, contact := f("legalRep", d.legalRep), f("contact", d.contact)
	phone, status := f("phone", d.phone), f("status", d.status)
	bank, account := f("bank", d.bank), f("account", d.account)
	address, notes := f("address", d.address), f("notes", d.notes)
	// The service areas wrap in a grid: a horizontal group of fifteen
	// would be wider than the window.
	d.areaGrid = container.NewGridWrap(fyne.NewSize(168, d.orgType.MinSize().Height), d.areaChecks()...)
	areas := f("serviceAreas", d.areaGrid)
	d.fields = []*formField{name, uscc, orgType, authority, legalRep, contact, phone, status, bank, account, address, areas, notes}

	d.initForm(d.env, d.Save)
	d.env.offer(CapOrgWrite, d.saveBtn) // a reader (领导, 社区) reads
	labelW := labelsWidth(80, d.fields...)
	body := container.NewVBox(
		fieldGrid(1, labelW, name),
		fieldGrid(2, labelW, uscc, orgType, authority, status, legalRep, contact, phone, bank, account),
		fieldGrid(1, labelW, address, areas, notes),
		d.general,
		container.NewHBox(d.saveBtn, d.savedNote),
	)
	return container.NewVScroll(container.NewPadded(body))
}

// areaChecks are one check per service area offered.
func (d *orgDetail) areaChecks() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, a := range d.areaOpts {
		a := a
		c := &widget.Check{Text: a}
		c.OnChanged = func(on bool) {
			if d.filling {
				return
			}
			sel := slices.DeleteFunc(slices.Clone(d.areaSel), func(s string) bool { return s == a })
			if on {
				sel = append(sel, a)
			}
			d.areaSel = sel
			d.markEdited()
		}
		out = append(out, c)
	}
	return out
}

// setAreas shows areas checked, adding any the choices lack (an import's
// own wording) so that saving keeps them.
func (d *orgDetail) setAreas(areas []string) {
	grid := d.areaGrid
	for _, a := range areas {
		if !slices.Contains(d.areaOpts, a) {
			d.areaOpts = append(d.areaOpts, a)
		}
	}
	if len(grid.Objects) != len(d.areaOpts) {
		grid.Objects = d.areaChecks()
	}
	d.areaSel = slices.Clone(areas)
	for _, o := range grid.Objects {
		c := o.(*widget.Check)
		c.SetChecked(slices.Contains(areas, c.Text))
	}
	grid.Refresh()
}

func (d *orgDetail) field(name string) *formField { return fieldNamed(d.fields, name) }

// checkUSCC says what is wrong with the code as typed. While typing
// (final false) a code shorter than 18 is not yet wrong.
func (d *orgDetail) checkUSCC(final bool) {
	f := d.field("uscc")
	code := data.NormalizeUSCC(d.uscc.Text)
	if code == "" {
		setError(f.err, "")
		d.showUSCCWarnings(nil)
		return
	}
	_, ws, err := data.ParseUSCC(code)
	var de *data.Error
	switch {
	case err == nil:
		setError(f.err, "")
		if t, ok := orgTypeWarning(code, d.orgType.Selected); ok {
			ws = append(ws, t)
		}
	case len([]rune(code)) < 18 && !final && asDataError(err, &de) && de.Key == data.KeyUSCCLength:
		setError(f.err, "")
	case asDataError(err, &de):
		setError(f.err, lang.L(de.Key, de.Args))
	}
	d.showUSCCWarnings(ws)
}

// typeWarning is the warning Validate gives for a code whose start does
// not fit the type, computed the same way for the form as it is typed.
func orgTypeWarning(code, typ string) (data.Warning, bool) {
	o := data.Organization{Name: "x", USCC: code, Type: typ}
	ws, _ := o.Validate()
	for _, w := range ws {
		if w.Key == data.KeyUSCCTypeWarning {
			return w, true
		}
	}
	return data.Warning{}, false
}

// asDataError reports whether err is a *data.Error itself (not one
// wrapped), and sets *de to it.
func asDataError(err error, de **data.Error) bool {
	e, ok := err.(*data.Error)
	if ok {
		*de = e
	}
	return ok
}

func (d *orgDetail) showUSCCWarnings(ws []data.Warning) {
	text := warningText(ws)
	d.usccNote.SetText(text)
	showWhen(d.usccNote, text != "")
}

func (d *orgDetail) buildAgreements() fyne.CanvasObject {
	aHeader, aCols := headerRow(orgAgreementColumns, lang.L("org.Agreement number"), lang.L("org.Kind"),
		lang.L("org.Agreement title"), lang.L("Status"), lang.L("org.Amount"), lang.L("org.Term"))
	d.agreeList = &widget.List{
		Length:     func() int { return len(d.agrees) },
		CreateItem: func() fyne.CanvasObject { return newRow(aCols) },
		OnSelected: func(id widget.ListItemID) {
			d.agreeList.UnselectAll()
			if id < len(d.agrees) {
				OpenAgreement(d.env, d.agrees[id].ID)
			}
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(d.agrees) {
				a := d.agrees[id]
				term := ""
				if a.TermStart != "" || a.EffectiveEnd != "" {
					term = a.TermStart + " – " + a.EffectiveEnd
				}
				amount := data.Yuan(a.Amount)
				if a.ParentID != nil { // a supplementary agreement: its change
					amount = data.Yuan(a.AmountChange)
					if a.AmountChange > 0 {
						amount = "+" + amount
					}
				}
				setCells(o, a.Number, a.Kind, a.Title, a.Status, amount, term)
			}
		},
	}
	tHeader, tCols := headerRow(orgTotalColumns, lang.L("org.Year"), lang.L("org.Agreements"), lang.L("org.Contracted"), lang.L("org.Paid"))
	d.totalsList = &widget.List{
		Length:     func() int { return len(d.totals) },
		CreateItem: func() fyne.CanvasObject { return newRow(tCols) },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(d.totals) {
				y := d.totals[id]
				setCells(o, strconv.Itoa(y.Year), strconv.Itoa(y.Agreements), data.Yuan(y.Contracted), data.Yuan(y.Paid))
			}
		},
	}
	d.noAgrees = &widget.Label{Text: lang.L("org.No agreements with this organization yet."), Alignment: fyne.TextAlignCenter}
	d.noAgrees.Hide()
	agreements := container.NewBorder(aHeader, nil, nil, nil, container.NewStack(d.agreeList, d.noAgrees))
	totals := container.NewBorder(container.NewVBox(subheading(lang.L("org.Contracted and paid per year")), tHeader), nil, nil, nil, d.totalsList)
	split := container.NewVSplit(agreements, totals)
	split.SetOffset(0.6)
	return split
}

// orgData is what reload reads off the UI goroutine.
type orgData struct {
	o      data.Organization
	agrees []data.AgreementRow
	totals []data.OrganizationYear
}

// orgAgreementsShown is how many agreements the detail lists; an
// organization with more is looked at in the agreement list.
const orgAgreementsShown = 200

// reload reads the organization, its agreements and totals again. The
// form keeps unsaved edits.
func (d *orgDetail) reload() {
	reloadDetail(d.env, &d.id, func(ctx context.Context, s *data.Store, id int64) (v orgData, err error) {
		if id == 0 {
			return v, nil
		}
		if v.o, err = s.Organization(ctx, id); err != nil {
			return v, err
		}
		p, err := s.ListAgreements(ctx, data.AgreementFilter{OrganizationID: id, Limit: orgAgreementsShown})
		if err != nil {
			return v, err
		}
		v.agrees = p.Rows
		v.totals, err = s.OrganizationTotals(ctx, id)
		return v, err
	}, d.show)
}

func (d *orgDetail) show(v orgData) {
	if d.id == 0 {
		d.title.SetText(lang.L("org.New organization"))
		d.summary.SetText(lang.L("org.Fill in the organization's data and save."))
		if !d.loaded {
			d.fill(data.Organization{Status: data.OrgActive})
		}
		return
	}
	d.o, d.agrees, d.totals = v.o, v.agrees, v.totals
	d.title.SetText(v.o.Name)
	d.summary.SetText(strings.Join(nonEmptyParts(v.o.USCC, v.o.Type, v.o.Status), " · "))
	if !d.dirty || !d.loaded {
		d.fill(v.o)
	}
	d.agreeTab.Text = lang.L("org.Agreements ({{.N}})", map[string]any{"N": len(d.agrees)})
	d.tabs.Refresh()
	showWhen(d.noAgrees, len(d.agrees) == 0)
	d.agreeList.Refresh()
	d.totalsList.Refresh()
}

func (d *orgDetail) fill(o data.Organization) {
	d.load(func() {
		d.name.SetText(o.Name)
		d.uscc.SetText(o.USCC)
		selectValue(d.orgType, o.Type)
		d.authority.SetText(o.Authority)
		d.legalRep.SetText(o.LegalRep)
		d.contact.SetText(o.Contact)
		d.phone.SetText(o.Phone)
		d.address.SetText(o.Address)
		d.bank.SetText(o.Bank)
		d.account.SetText(o.Account)
		d.setAreas(o.ServiceAreas)
		selectValue(d.status, o.Status)
		d.notes.SetText(o.Notes)
	})
	d.checkUSCC(true)
}

// values is the organization as the form has it.
func (d *orgDetail) values() data.Organization {
	o := d.o
	o.Name = d.name.Text
	o.USCC = d.uscc.Text
	o.Type = d.orgType.Selected
	o.Authority = d.authority.Text
	o.LegalRep = d.legalRep.Text
	o.Contact = d.contact.Text
	o.Phone = d.phone.Text
	o.Address = d.address.Text
	o.Bank = d.bank.Text
	o.Account = d.account.Text
	o.ServiceAreas = slices.Clone(d.areaSel)
	// In the order offered, not the order ticked.
	slices.SortStableFunc(o.ServiceAreas, func(a, b string) int {
		return slices.Index(d.areaOpts, a) - slices.Index(d.areaOpts, b)
	})
	o.Status = d.status.Selected
	o.Notes = d.notes.Text
	return o
}

// Save checks the form, showing each message under its field, and saves
// it when all is well; a refused form saves nothing (Ctrl+S). The code's
// warnings are shown and do not stop it.
func (d *orgDetail) Save() {
	v := d.values()
	check := v
	ws, err := check.Validate()
	if d.refused(d.env, err) {
		return
	}
	d.showUSCCWarnings(ws)
	s, isNew := d.env.Store(), d.id == 0
	d.store(d.env, func(ctx context.Context) error {
		var err error
		if isNew {
			ws, err = s.CreateOrganization(ctx, &v)
		} else {
			ws, err = s.UpdateOrganization(ctx, &v)
		}
		return err
	}, func() {
		d.saved = true
		d.loaded = false // fill with what was stored (normalized)
		d.env.status(lang.L("org.Organization {{.Name}} saved.", map[string]any{"Name": v.Name}))
		if isNew {
			d.id, d.o = v.ID, v
			d.tabs.EnableItem(d.agreeTab)
			d.delBtn.Show()
		}
		d.reload()
		d.showUSCCWarnings(ws)
	})
}

// onDelete moves the organization to the recycle bin after asking; the
// store refuses one that is party B of agreements, and says why.
func (d *orgDetail) onDelete() {
	if d.id == 0 {
		return
	}
	o := d.o
	msg := lang.L("org.Move “{{.Name}}” to the recycle bin?", map[string]any{"Name": o.Name})
	d.env.Confirm(lang.L("org.Delete"), msg, lang.L("org.Move to the recycle bin"), true, func() { d.delete(o) })
}

func (d *orgDetail) delete(o data.Organization) {
	s := d.env.Store()
	d.env.Background(func(ctx context.Context) error {
		return s.Delete(ctx, &o)
	}, func(err error) {
		if err != nil {
			d.env.ShowError(err)
			return
		}
		d.env.status(lang.L("org.{{.Name}} moved to the recycle bin.", map[string]any{"Name": o.Name}))
		d.onBack(true)
	})
}
