package screens

// The agreement's content tab: the form of the agreement (or of a
// supplementary agreement: what changes), with its tables of payments and
// performance indicators and what they add up to. Only a draft is edited;
// a supplementary agreement's project, place and term are its parent's.

import (
	"fmt"
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

// Milestone columns: seq, share, amount, condition, note (the rest),
// planned date, remove.
var milestoneColumns = flexAt(4, 64, 64, 130, 150, 80, 120, 36)

// Indicator columns: seq, name, target (the rest), weight, remove.
var indicatorColumns = flexAt(2, 48, 220, 80, 64, 36)

func (d *agreementDetail) buildForm() fyne.CanvasObject {
	fields := d.buildFields()
	byName := func(name string) *formField { return fieldNamed(fields, name) }
	d.buildTables()
	d.fields = append(fields, d.msTable.field, d.inTable.field)
	labelW := labelsWidth(90, d.fields...)
	grid := func(cols int, names ...string) fyne.CanvasObject {
		fs := make([]*formField, len(names))
		for i, n := range names {
			fs[i] = byName(n)
		}
		return fieldGrid(cols, labelW, fs...)
	}

	d.mainOnly = container.NewVBox(
		grid(2, "projectName", "targetGroup", "place", "fundingSource", "termStart", "termEnd", "amount", "copies"),
		grid(1, "purpose", "serviceContent"),
	)
	d.suppOnly = container.NewVBox(
		grid(2, "amountChange", "newTermEnd"),
		grid(1, "changes"),
	)
	d.suppOnly.Hide()
	d.lockNote = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	d.lockNote.Hide()
	d.initForm(d.env, d.Save)
	d.env.offer(CapOrgWrite, d.saveBtn) // a reader (领导, 社区) reads and prints
	body := container.NewVBox(
		d.lockNote,
		grid(2, "kind", "organizationId"),
		grid(1, "title"),
		d.mainOnly,
		d.suppOnly,
		subheading(lang.L("agr.Payments")),
		d.msTable.field.cell(),
		subheading(lang.L("agr.Performance indicators")),
		d.inTable.field.cell(),
		widget.NewSeparator(),
		grid(1, "notes", "articles"),
		d.general,
		container.NewHBox(d.saveBtn, d.savedNote),
	)
	return container.NewVScroll(container.NewPadded(body))
}

// buildFields makes the form's inputs and their fields, in the order the
// store names them in its messages' Field.
func (d *agreementDetail) buildFields() []*formField {
	edited := func(string) { d.edited() }
	entry := func(placeholder string) *widget.Entry {
		return &widget.Entry{PlaceHolder: placeholder, OnChanged: edited}
	}
	multi := func(rows int) *widget.Entry {
		e := &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, OnChanged: edited}
		e.SetMinRowsVisible(rows)
		return e
	}
	date := lang.L("agr.e.g. 2027-01-01")
	d.kindLabel = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	d.fTitle = entry(lang.L("agr.Left empty: the project name and the kind"))
	d.org = newPartyPicker(d.env, lang.L("agr.Choose party B…"), false, func(int64, string) { d.edited() })
	d.project = entry("")
	d.purpose = multi(2)
	d.service = multi(4)
	d.target = entry("")
	d.place = entry("")
	dateIn := func(placeholder string) *dateField {
		e := newDateField("", placeholder)
		e.OnChanged = edited
		return e
	}
	d.termStart = dateIn(date)
	d.termEnd = dateIn(date)
	d.amount = entry(lang.L("agr.Yuan, e.g. 360000 or 360,000.00"))
	d.amount.OnChanged = func(string) {
		d.edited()
		d.showCapitals()
	}
	d.capitals = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	d.funding = entry(lang.L("agr.e.g. street office budget"))
	d.copies = entry(strconv.Itoa(data.DefaultCopies))
	d.changes = multi(4)
	d.amountChange = entry(lang.L("agr.Yuan; negative for a decrease"))
	d.newTermEnd = dateIn(lang.L("agr.Left empty: unchanged"))
	d.notes = multi(2)
	d.articles = multi(8)
	d.articles.PlaceHolder = lang.L("agr.Left empty: the articles of the kind's template (settings)")

	f := newFormField
	amount := f("amount", lang.L("agr.Amount (yuan)"), d.amount)
	amount.hint = d.capitals
	articles := f("articles", lang.L("agr.Articles"), d.articles)
	articles.hint = &widget.Label{Text: lang.L("agr.Each article starts with its heading in 【】 on a line of its own; placeholders such as {{.Example}} are filled in when printed.",
		map[string]any{"Example": "{{.乙方}}"}),
		Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	return []*formField{
		f("kind", lang.L("agr.Kind"), d.kindLabel),
		f("title", lang.L("agr.Title"), d.fTitle),
		f("organizationId", lang.L("agr.Party B"), d.org.button),
		f("projectName", lang.L("agr.Project name"), d.project),
		f("targetGroup", lang.L("agr.Target group"), d.target),
		f("place", lang.L("agr.Place"), d.place),
		f("termStart", lang.L("agr.Term from"), d.termStart),
		f("termEnd", lang.L("agr.Term to"), d.termEnd),
		amount,
		f("fundingSource", lang.L("agr.Funding source"), d.funding),
		f("copies", lang.L("agr.Copies"), d.copies),
		f("purpose", lang.L("agr.Purpose"), d.purpose),
		f("serviceContent", lang.L("agr.Service content and scope"), d.service),
		f("changes", lang.L("agr.What changes"), d.changes),
		f("amountChange", lang.L("agr.Change of amount (yuan)"), d.amountChange),
		f("newTermEnd", lang.L("agr.New end of term"), d.newTermEnd),
		f("notes", lang.L("agr.Internal notes"), d.notes),
		articles,
	}
}

// buildTables makes the payments and indicators tables, each a field of
// the form (the store's messages about them go under them).
func (d *agreementDetail) buildTables() {
	d.msTable = d.newFormTable("milestones", lang.L("agr.Payments"), lang.L("agr.Add a payment"), func() {
		d.addMilestone(data.Milestone{Condition: data.ConditionSigned})
	}, milestoneColumns, lang.L("agr.No."), lang.L("agr.Share %"), lang.L("agr.or amount (yuan)"),
		lang.L("agr.Condition"), lang.L("agr.Condition note"), lang.L("agr.Planned date"), "")
	d.inTable = d.newFormTable("indicators", lang.L("agr.Performance indicators"), lang.L("agr.Add an indicator"), func() {
		d.addIndicator(data.Indicator{})
	}, indicatorColumns, lang.L("agr.No."), lang.L("agr.Indicator"), lang.L("agr.Target"), lang.L("agr.Weight"), "")
}

// formTable is one of the form's tables (the payments, the indicators): a
// field of the form with its rows under a header, an add button and the
// line of what the rows add up to.
type formTable struct {
	field *formField
	box   *fyne.Container
	sum   *widget.Label
	add   *widget.Button
}

// newFormTable makes the table field name (labelled label) of rows in cols
// under titles; its add button says addText and adds a row with add (an
// edit).
func (d *agreementDetail) newFormTable(name, label, addText string, add func(), cols *columns, titles ...string) *formTable {
	t := &formTable{box: container.NewVBox(), sum: &widget.Label{}}
	t.add = &widget.Button{Text: addText, Icon: theme.ContentAddIcon(), OnTapped: func() {
		add()
		d.edited()
	}}
	header, _ := headerRow(cols, titles...)
	t.field = newFormField(name, label, container.NewVBox(header, t.box, container.NewBorder(nil, nil, t.add, nil, t.sum)))
	return t
}

// edited marks the form changed (not while fill sets it) and updates the
// sums.
func (d *agreementDetail) edited() {
	if d.markEdited() {
		d.showSums()
	}
}

// showCapitals writes the amount in Chinese capitals under it.
func (d *agreementDetail) showCapitals() {
	v, err := data.ParseYuan(d.amount.Text)
	if err != nil || v <= 0 {
		d.capitals.SetText("")
		return
	}
	d.capitals.SetText(data.YuanCapitals(v))
}

// tableRow is what a row of the form's tables has besides its inputs: the
// row laid out, its number and its remove button.
type tableRow struct {
	box    *fyne.Container
	seq    *widget.Label
	remove *tipButton
}

// milestoneRow is one row of the payments table of the form.
type milestoneRow struct {
	tableRow
	share     *widget.Entry
	amount    *widget.Entry
	condition *widget.Select
	note      *widget.Entry
	planned   *dateField
	paid      data.Milestone // the stored row, for the payments tab
}

// indicatorRow is one row of the indicators table of the form.
type indicatorRow struct {
	tableRow
	name   *widget.Entry
	target *widget.Entry
	weight *widget.Entry
}

// addTableRow lays a new row of inputs out in cols under box, between its
// number and its remove button (which calls remove). set fills the inputs,
// which is not an edit.
func (d *agreementDetail) addTableRow(box *fyne.Container, cols *columns, remove func(), set func(), inputs ...fyne.CanvasObject) tableRow {
	r := tableRow{seq: &widget.Label{}}
	r.remove = newTipButton(theme.DeleteIcon(), "tip.Remove the row", remove)
	filling := d.filling
	d.filling = true
	set()
	d.filling = filling
	r.box = cols.row(slices.Concat([]fyne.CanvasObject{r.seq}, inputs, []fyne.CanvasObject{r.remove})...)
	box.Add(r.box)
	return r
}

// rowsChanged renumbers the tables' rows and makes a new one as editable
// as the form.
func (d *agreementDetail) rowsChanged() {
	d.renumber()
	d.setRowEditable(d.editable)
}

// removeTableRow takes row out of box, an edit.
func (d *agreementDetail) removeTableRow(box, row *fyne.Container) {
	box.Remove(row)
	d.renumber()
	d.edited()
}

// dropRow is rows without r.
func dropRow[R comparable](rows []R, r R) []R {
	if i := slices.Index(rows, r); i >= 0 {
		return slices.Delete(rows, i, i+1)
	}
	return rows
}

func (d *agreementDetail) addMilestone(m data.Milestone) {
	edited := func(string) { d.edited() }
	r := &milestoneRow{
		share:     &widget.Entry{PlaceHolder: "%", OnChanged: edited},
		amount:    &widget.Entry{OnChanged: edited},
		condition: &widget.Select{Options: data.MilestoneConditions, PlaceHolder: choose(), OnChanged: edited},
		note:      &widget.Entry{PlaceHolder: lang.L("agr.When the condition is “other”"), OnChanged: edited},
		planned:   newDateField("", lang.L("agr.e.g. 2027-01-01")),
		paid:      m,
	}
	r.planned.OnChanged = edited
	r.tableRow = d.addTableRow(d.msTable.box, milestoneColumns, func() {
		d.msRows = dropRow(d.msRows, r)
		d.removeTableRow(d.msTable.box, r.box)
	}, func() {
		if m.Share > 0 {
			r.share.SetText(strconv.Itoa(m.Share))
		} else if m.Amount != 0 {
			r.amount.SetText(yuanInput(m.Amount))
		}
		selectValue(r.condition, m.Condition)
		r.note.SetText(m.ConditionNote)
		r.planned.SetText(m.PlannedDate)
	}, r.share, r.amount, r.condition, r.note, r.planned)
	d.msRows = append(d.msRows, r)
	d.rowsChanged()
}

func (d *agreementDetail) addIndicator(in data.Indicator) {
	edited := func(string) { d.edited() }
	r := &indicatorRow{
		name:   &widget.Entry{PlaceHolder: lang.L("agr.e.g. service users' satisfaction"), OnChanged: edited},
		target: &widget.Entry{PlaceHolder: lang.L("agr.e.g. at least 90%"), OnChanged: edited},
		weight: &widget.Entry{OnChanged: edited},
	}
	r.tableRow = d.addTableRow(d.inTable.box, indicatorColumns, func() {
		d.inRows = dropRow(d.inRows, r)
		d.removeTableRow(d.inTable.box, r.box)
	}, func() {
		r.name.SetText(in.Name)
		r.target.SetText(in.Target)
		if in.Weight != 0 {
			r.weight.SetText(strconv.Itoa(in.Weight))
		}
	}, r.name, r.target, r.weight)
	d.inRows = append(d.inRows, r)
	d.rowsChanged()
}

func (d *agreementDetail) renumber() {
	for i, r := range d.msRows {
		r.seq.SetText(lang.L("agr.Payment {{.N}}", map[string]any{"N": i + 1}))
	}
	for i, r := range d.inRows {
		r.seq.SetText(strconv.Itoa(i + 1))
	}
}

// showSums shows what the payments and the weights add up to, as data's
// Validate reckons them (shares turned into amounts, rounding included).
func (d *agreementDetail) showSums() {
	v, bad := d.values()
	check := v
	_ = check.Validate() // normalizes the copy: shares become amounts
	d.showPaymentSum(check, len(bad) > 0)
	weights := 0
	for _, in := range check.Indicators {
		weights += in.Weight
	}
	d.inTable.sum.Importance = widget.SuccessImportance
	if weights != 100 {
		d.inTable.sum.Importance = widget.WarningImportance
	}
	d.inTable.sum.SetText(lang.L("agr.Weights add up to {{.Sum}} of 100", map[string]any{"Sum": weights}))
	if len(check.Indicators) == 0 {
		d.inTable.sum.Importance = widget.LowImportance
		d.inTable.sum.SetText(lang.L("agr.No indicators yet."))
	}
}

// showPaymentSum shows what the payments of check (the form's values as
// Validate normalized them) add up to; unreadable says a row's text is
// not a value.
func (d *agreementDetail) showPaymentSum(check data.Agreement, unreadable bool) {
	total := check.Total()
	var sum int64
	for _, m := range check.Milestones {
		sum += m.Amount
	}
	// A payment entered as a share shows the amount it comes to.
	for i, r := range d.msRows {
		ph := ""
		if i < len(check.Milestones) && check.Milestones[i].Share > 0 && check.Milestones[i].Amount > 0 {
			ph = data.Yuan(check.Milestones[i].Amount)
		}
		if r.amount.PlaceHolder != ph {
			r.amount.SetPlaceHolder(ph)
		}
	}
	msText := lang.L("agr.Payments add up to {{.Sum}} of {{.Total}}", map[string]any{"Sum": data.Yuan(sum), "Total": data.Yuan(total)})
	d.msTable.sum.Importance = widget.SuccessImportance
	if sum != total || unreadable {
		d.msTable.sum.Importance = widget.WarningImportance
	}
	if len(check.Milestones) == 0 {
		msText, d.msTable.sum.Importance = lang.L("agr.No payments yet."), widget.LowImportance
	}
	d.msTable.sum.SetText(msText)
}

// yuanInput writes fen as a form shows an amount: 360000.00 (no ¥, no
// separators, so it reads back as typed).
func yuanInput(fen int64) string {
	neg := ""
	if fen < 0 {
		neg, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", neg, fen/100, fen%100)
}

// formReader reads a form's texts as values, collecting the messages of
// those that are none.
type formReader struct{ bad []error }

// money reads an amount of yuan ("" is 0).
func (r *formReader) money(field, text string) int64 {
	t := strings.TrimSpace(text)
	if t == "" {
		return 0
	}
	v, err := data.ParseYuan(t)
	if err != nil {
		r.bad = append(r.bad, inputError(field, "agr.“{{.Value}}” is not an amount of money.", map[string]any{"Value": t}))
	}
	return v
}

// whole reads a whole number ("" is 0); key and args word the message of
// one that is not.
func (r *formReader) whole(field, text, key string, args map[string]any) int {
	if text == "" {
		return 0
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		a := map[string]any{"Value": text}
		for k, v := range args {
			a[k] = v
		}
		r.bad = append(r.bad, inputError(field, key, a))
	}
	return n
}

// values is the agreement as the form has it, and the fields whose text
// could not be read.
func (d *agreementDetail) values() (data.Agreement, []error) {
	a := d.a
	a.Milestones, a.Indicators = nil, nil
	a.Evaluations, a.Attachments = nil, nil
	if d.id == 0 {
		a.Kind = d.kind
	}
	var r formReader
	a.Title = d.fTitle.Text
	a.OrganizationID = d.org.id
	a.ProjectName = d.project.Text
	a.Purpose = d.purpose.Text
	a.ServiceContent = d.service.Text
	a.TargetGroup = d.target.Text
	a.Place = d.place.Text
	a.TermStart = d.termStart.Text
	a.TermEnd = d.termEnd.Text
	a.FundingSource = d.funding.Text
	a.Notes = d.notes.Text
	a.Articles = d.articles.Text
	a.Changes = d.changes.Text
	a.NewTermEnd = d.newTermEnd.Text
	if a.IsSupplement() {
		a.AmountChange = r.money("amountChange", d.amountChange.Text)
	} else {
		a.Amount = r.money("amount", d.amount.Text)
	}
	a.Copies = r.whole("copies", strings.TrimSpace(d.copies.Text), "agr.“{{.Value}}” is not a whole number.", nil)
	for i, row := range d.msRows {
		m := data.Milestone{Condition: row.condition.Selected, ConditionNote: row.note.Text, PlannedDate: row.planned.Text}
		m.Share = r.whole("milestones", strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(row.share.Text), "%")),
			"agr.Payment {{.N}}: “{{.Value}}” is not a whole percentage.", map[string]any{"N": i + 1})
		if m.Share == 0 {
			m.Amount = r.money("milestones", row.amount.Text)
		}
		a.Milestones = append(a.Milestones, m)
	}
	for i, row := range d.inRows {
		in := data.Indicator{Name: row.name.Text, Target: row.target.Text}
		in.Weight = r.whole("indicators", strings.TrimSpace(row.weight.Text),
			"agr.Indicator {{.N}}: “{{.Value}}” is not a whole number.", map[string]any{"N": i + 1})
		a.Indicators = append(a.Indicators, in)
	}
	return a, r.bad
}

// fill puts a in the form and makes it editable or read-only as data's
// rules say: only a draft is edited.
func (d *agreementDetail) fill(a data.Agreement) {
	d.load(func() {
		d.kindLabel.SetText(a.Kind)
		d.fTitle.SetText(a.Title)
		name := ""
		if a.OrganizationID != 0 {
			name = d.orgName(a)
		}
		d.org.set(a.OrganizationID, name)
		d.project.SetText(a.ProjectName)
		d.purpose.SetText(a.Purpose)
		d.service.SetText(a.ServiceContent)
		d.target.SetText(a.TargetGroup)
		d.place.SetText(a.Place)
		d.termStart.SetText(a.TermStart)
		d.termEnd.SetText(a.TermEnd)
		d.amount.SetText(yuanOrEmpty(a.Amount))
		d.amountChange.SetText(yuanOrEmpty(a.AmountChange))
		d.funding.SetText(a.FundingSource)
		d.copies.SetText("")
		if a.Copies != 0 {
			d.copies.SetText(strconv.Itoa(a.Copies))
		}
		d.changes.SetText(a.Changes)
		d.newTermEnd.SetText(a.NewTermEnd)
		d.notes.SetText(a.Notes)
		d.articles.SetText(a.Articles)
		d.fillTables(a)
		showWhen(d.mainOnly, !a.IsSupplement())
		showWhen(d.suppOnly, a.IsSupplement())
		d.setEditable(d.editable)
		d.showLock(a)
		d.showCapitals()
	})
	d.showSums()
}

// yuanOrEmpty is yuanInput of fen, or "" for none.
func yuanOrEmpty(fen int64) string {
	if fen == 0 {
		return ""
	}
	return yuanInput(fen)
}

// fillTables puts a's payments and indicators in the form's tables.
func (d *agreementDetail) fillTables(a data.Agreement) {
	d.msRows, d.inRows = nil, nil
	d.msTable.box.RemoveAll()
	d.inTable.box.RemoveAll()
	d.editable = d.id == 0 || a.Status == data.AgreementDraft
	for _, m := range a.Milestones {
		d.addMilestone(m)
	}
	for _, in := range a.Indicators {
		d.addIndicator(in)
	}
}

// showLock says why a's content cannot be edited, if it cannot.
func (d *agreementDetail) showLock(a data.Agreement) {
	switch {
	case a.Frozen():
		d.lockNote.SetText(lang.L("agr.This agreement is signed: its content no longer changes. A change is made by a supplementary agreement."))
	case a.Status == data.AgreementPending:
		d.lockNote.SetText(lang.L("agr.This agreement is awaiting signature: its content is locked so that what is signed is what was printed. Return it to draft to edit it."))
	}
	showWhen(d.lockNote, a.Frozen() || a.Status == data.AgreementPending)
}

// orgName is party B's name as the agreement shows it.
func (d *agreementDetail) orgName(a data.Agreement) string {
	if a.PartyB != nil && a.PartyB.Name != "" {
		return a.PartyB.Name
	}
	if d.org.id == a.OrganizationID && d.org.name != "" {
		return d.org.name
	}
	return fmt.Sprintf("#%d", a.OrganizationID)
}

func (d *agreementDetail) setEditable(on bool) {
	entries := []fyne.CanvasObject{d.fTitle, d.purpose, d.service, d.changes, d.amountChange, d.newTermEnd, d.notes, d.articles, d.copies}
	locked := []fyne.CanvasObject{d.project, d.target, d.place, d.termStart, d.termEnd, d.amount, d.funding}
	for _, e := range entries {
		enableWhen(e, on)
	}
	// A supplementary agreement's project, place and term are its
	// parent's.
	for _, e := range locked {
		enableWhen(e, on && !d.a.IsSupplement())
	}
	enableWhen(d.org.button, on && !d.a.IsSupplement())
	showWhen(d.msTable.add, on)
	showWhen(d.inTable.add, on)
	showWhen(d.saveBtn, on)
	d.setRowEditable(on)
}

func (d *agreementDetail) setRowEditable(on bool) {
	for _, r := range d.msRows {
		for _, o := range []fyne.CanvasObject{r.share, r.amount, r.note, r.planned, r.condition} {
			enableWhen(o, on)
		}
		showWhen(r.remove, on)
	}
	for _, r := range d.inRows {
		for _, e := range []*widget.Entry{r.name, r.target, r.weight} {
			enableWhen(e, on)
		}
		showWhen(r.remove, on)
	}
}
