package screens

// One agreement: its content in a form (editable while a draft), its
// payments, indicators and evaluations, attachments and history, with the
// workflow's buttons. The form shows package data's messages beside the
// fields they are about; the workflow's buttons are those NextStatuses
// allows, and a transition data refuses is shown with data's message.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// agreementDetail is one agreement (id 0: a new draft of kind).
type agreementDetail struct {
	env  *Env
	list *agreements
	id   int64
	kind string

	a           data.Agreement // as loaded
	parent      *data.Agreement
	supplements []data.Agreement
	audit       []data.AuditEntry
	source      *agrSource
	dirty       bool // unsaved edits: a reload keeps them
	loaded      bool
	filling     bool
	editable    bool

	title   *widget.Label
	summary *widget.Label
	actions *fyne.Container
	saveBtn *widget.Button

	tabs        *container.AppTabs
	contentTab  *container.TabItem
	paymentsTab *container.TabItem
	evalTab     *container.TabItem
	filesTab    *container.TabItem
	historyTab  *container.TabItem

	// The form.
	fields       []*formField
	kindLabel    *widget.Label
	fTitle       *widget.Entry
	org          *agrOrgPicker
	project      *widget.Entry
	purpose      *widget.Entry
	service      *widget.Entry
	target       *widget.Entry
	place        *widget.Entry
	termStart    *widget.Entry
	termEnd      *widget.Entry
	amount       *widget.Entry
	capitals     *widget.Label
	funding      *widget.Entry
	copies       *widget.Entry
	changes      *widget.Entry
	amountChange *widget.Entry
	newTermEnd   *widget.Entry
	notes        *widget.Entry
	articles     *widget.Entry
	mainOnly     *fyne.Container // fields of an agreement, hidden on a supplement
	suppOnly     *fyne.Container // fields of a supplementary agreement
	lockNote     *widget.Label
	general      *widget.Label
	saved        *widget.Label

	msField  *formField
	msRows   []*agrMilestoneRow
	msBox    *fyne.Container
	msSum    *widget.Label
	msAdd    *widget.Button
	inField  *formField
	inRows   []*agrIndicatorRow
	inBox    *fyne.Container
	inSum    *widget.Label
	inAdd    *widget.Button
	payBox   *fyne.Container
	payTotal *widget.Label
	evalBox  *fyne.Container
	filesBox *fyne.Container
	histBox  *fyne.Container
}

func newAgreementDetail(env *Env, list *agreements, id int64, kind string) *agreementDetail {
	return &agreementDetail{env: env, list: list, id: id, kind: kind}
}

// Milestone columns: seq, share, amount, condition, note (rest), planned
// date, remove.
var agrMilestoneColumns = []float32{64, 64, 130, 150, -1, 120, 36}

// Indicator columns: seq, name, target (rest), weight, remove.
var agrIndicatorColumns = []float32{48, 220, -1, 64, 36}

func (d *agreementDetail) buildUI() fyne.CanvasObject {
	d.title = heading("")
	d.summary = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	back := &widget.Button{Text: lang.L("Back to the list"), Icon: theme.NavigateBackIcon(), OnTapped: d.onBack}
	d.actions = container.NewHBox()
	header := container.NewBorder(nil, nil, container.NewCenter(back), nil, container.NewVBox(d.title, d.summary))

	d.contentTab = container.NewTabItemWithIcon(lang.L("agr.Content"), theme.DocumentIcon(), d.buildForm())
	d.paymentsTab = container.NewTabItemWithIcon(lang.L("agr.Payments"), theme.ListIcon(), d.buildPayments())
	d.evalTab = container.NewTabItemWithIcon(lang.L("agr.Indicators and evaluations"), theme.ConfirmIcon(), d.buildEvaluations())
	d.filesTab = container.NewTabItemWithIcon(lang.L("agr.Attachments"), theme.FileIcon(), d.buildFiles())
	d.historyTab = container.NewTabItemWithIcon(lang.L("agr.History"), theme.HistoryIcon(), d.buildHistory())
	d.tabs = container.NewAppTabs(d.contentTab, d.paymentsTab, d.evalTab, d.filesTab, d.historyTab)
	if d.id == 0 {
		for _, t := range []*container.TabItem{d.paymentsTab, d.evalTab, d.filesTab, d.historyTab} {
			d.tabs.DisableItem(t)
		}
	}
	top := container.NewVBox(header, container.NewHScroll(d.actions), widget.NewSeparator())
	return container.NewBorder(top, nil, nil, nil, d.tabs)
}

func (d *agreementDetail) buildForm() fyne.CanvasObject {
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
	d.org = newAgrOrgPicker(d.env, lang.L("agr.Choose party B…"), false, func(int64, string) { d.edited() })
	d.project = entry("")
	d.purpose = multi(2)
	d.service = multi(4)
	d.target = entry("")
	d.place = entry("")
	d.termStart = entry(date)
	d.termEnd = entry(date)
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
	d.newTermEnd = entry(lang.L("agr.Left empty: unchanged"))
	d.notes = multi(2)
	d.articles = multi(8)
	d.articles.PlaceHolder = lang.L("agr.Left empty: the articles of the kind's template (settings)")

	f := func(name, label string, input fyne.CanvasObject) *formField {
		return newFormField(name, label, input)
	}
	kind := f("kind", lang.L("agr.Kind"), d.kindLabel)
	title := f("title", lang.L("agr.Title"), d.fTitle)
	org := f("organizationId", lang.L("agr.Party B"), d.org.button)
	project := f("projectName", lang.L("agr.Project name"), d.project)
	target := f("targetGroup", lang.L("agr.Target group"), d.target)
	place := f("place", lang.L("agr.Place"), d.place)
	start := f("termStart", lang.L("agr.Term from"), d.termStart)
	end := f("termEnd", lang.L("agr.Term to"), d.termEnd)
	amount := f("amount", lang.L("agr.Amount (yuan)"), d.amount)
	amount.hint = d.capitals
	funding := f("fundingSource", lang.L("agr.Funding source"), d.funding)
	copies := f("copies", lang.L("agr.Copies"), d.copies)
	purpose := f("purpose", lang.L("agr.Purpose"), d.purpose)
	service := f("serviceContent", lang.L("agr.Service content and scope"), d.service)
	changes := f("changes", lang.L("agr.What changes"), d.changes)
	amountChange := f("amountChange", lang.L("agr.Change of amount (yuan)"), d.amountChange)
	newEnd := f("newTermEnd", lang.L("agr.New end of term"), d.newTermEnd)
	notes := f("notes", lang.L("agr.Internal notes"), d.notes)
	articles := f("articles", lang.L("agr.Articles"), d.articles)
	articles.hint = &widget.Label{Text: lang.L("agr.Each article starts with its heading in 【】 on a line of its own; placeholders such as {{.Example}} are filled in when printed.",
		map[string]any{"Example": "{{.乙方}}"}),
		Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}

	d.msAdd = &widget.Button{Text: lang.L("agr.Add a payment"), Icon: theme.ContentAddIcon(), OnTapped: func() {
		d.addMilestone(data.Milestone{Condition: data.ConditionSigned})
		d.edited()
	}}
	d.msSum = &widget.Label{}
	d.msBox = container.NewVBox()
	msHeader, _ := agrHeaderRow(agrMilestoneColumns, lang.L("agr.No."), lang.L("agr.Share %"), lang.L("agr.or amount (yuan)"),
		lang.L("agr.Condition"), lang.L("agr.Condition note"), lang.L("agr.Planned date"), "")
	msTable := container.NewVBox(msHeader, d.msBox, container.NewBorder(nil, nil, d.msAdd, nil, d.msSum))
	d.msField = newFormField("milestones", lang.L("agr.Payments"), msTable)

	d.inAdd = &widget.Button{Text: lang.L("agr.Add an indicator"), Icon: theme.ContentAddIcon(), OnTapped: func() {
		d.addIndicator(data.Indicator{})
		d.edited()
	}}
	d.inSum = &widget.Label{}
	d.inBox = container.NewVBox()
	inHeader, _ := agrHeaderRow(agrIndicatorColumns, lang.L("agr.No."), lang.L("agr.Indicator"), lang.L("agr.Target"), lang.L("agr.Weight"), "")
	inTable := container.NewVBox(inHeader, d.inBox, container.NewBorder(nil, nil, d.inAdd, nil, d.inSum))
	d.inField = newFormField("indicators", lang.L("agr.Performance indicators"), inTable)

	d.fields = []*formField{kind, title, org, project, target, place, start, end, amount, funding, copies, purpose, service,
		changes, amountChange, newEnd, notes, articles, d.msField, d.inField}
	labelW := labelsWidth(90, d.fields...)

	d.mainOnly = container.NewVBox(
		fieldGrid(2, labelW, project, target, place, funding, start, end, amount, copies),
		fieldGrid(1, labelW, purpose, service),
	)
	d.suppOnly = container.NewVBox(
		fieldGrid(2, labelW, amountChange, newEnd),
		fieldGrid(1, labelW, changes),
	)
	d.suppOnly.Hide()
	d.lockNote = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	d.lockNote.Hide()
	d.general = errorLabel()
	d.saved = &widget.Label{Importance: widget.SuccessImportance}
	d.saveBtn = &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: d.Save}
	body := container.NewVBox(
		d.lockNote,
		fieldGrid(2, labelW, kind, org),
		fieldGrid(1, labelW, title),
		d.mainOnly,
		d.suppOnly,
		subheading(lang.L("agr.Payments")),
		d.msField.cell(),
		subheading(lang.L("agr.Performance indicators")),
		d.inField.cell(),
		widget.NewSeparator(),
		fieldGrid(1, labelW, notes, articles),
		d.general,
		container.NewHBox(d.saveBtn, d.saved),
	)
	return container.NewVScroll(container.NewPadded(body))
}

// edited marks the form changed (not while fill sets it) and updates the
// sums.
func (d *agreementDetail) edited() {
	if d.filling {
		return
	}
	d.dirty = true
	d.saved.SetText("")
	d.showSums()
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

// agrMilestoneRow is one row of the payments table of the form.
type agrMilestoneRow struct {
	box       *fyne.Container
	seq       *widget.Label
	share     *widget.Entry
	amount    *widget.Entry
	condition *widget.Select
	note      *widget.Entry
	planned   *widget.Entry
	remove    *widget.Button
	paid      data.Milestone // the stored row, for the payments tab
}

func (d *agreementDetail) addMilestone(m data.Milestone) {
	edited := func(string) { d.edited() }
	r := &agrMilestoneRow{
		seq:       &widget.Label{},
		share:     &widget.Entry{PlaceHolder: "%", OnChanged: edited},
		amount:    &widget.Entry{OnChanged: edited},
		condition: &widget.Select{Options: data.MilestoneConditions, PlaceHolder: choose(), OnChanged: edited},
		note:      &widget.Entry{PlaceHolder: lang.L("agr.When the condition is “other”"), OnChanged: edited},
		planned:   &widget.Entry{PlaceHolder: lang.L("agr.e.g. 2027-01-01"), OnChanged: edited},
		paid:      m,
	}
	r.remove = &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { d.removeMilestone(r) }}
	filling := d.filling
	d.filling = true
	if m.Share > 0 {
		r.share.SetText(strconv.Itoa(m.Share))
	} else if m.Amount != 0 {
		r.amount.SetText(agrYuanInput(m.Amount))
	}
	selectValue(r.condition, m.Condition)
	r.note.SetText(m.ConditionNote)
	r.planned.SetText(m.PlannedDate)
	d.filling = filling
	r.box = container.New(&agrFlexColumns{widths: agrMilestoneColumns}, r.seq, r.share, r.amount, r.condition, r.note, r.planned, r.remove)
	d.msRows = append(d.msRows, r)
	d.msBox.Add(r.box)
	d.renumber()
	d.setRowEditable(d.editable)
}

func (d *agreementDetail) removeMilestone(r *agrMilestoneRow) {
	for i, x := range d.msRows {
		if x == r {
			d.msRows = append(d.msRows[:i], d.msRows[i+1:]...)
			break
		}
	}
	d.msBox.Remove(r.box)
	d.renumber()
	d.edited()
}

// agrIndicatorRow is one row of the indicators table of the form.
type agrIndicatorRow struct {
	box    *fyne.Container
	seq    *widget.Label
	name   *widget.Entry
	target *widget.Entry
	weight *widget.Entry
	remove *widget.Button
}

func (d *agreementDetail) addIndicator(in data.Indicator) {
	edited := func(string) { d.edited() }
	r := &agrIndicatorRow{
		seq:    &widget.Label{},
		name:   &widget.Entry{PlaceHolder: lang.L("agr.e.g. service users' satisfaction"), OnChanged: edited},
		target: &widget.Entry{PlaceHolder: lang.L("agr.e.g. at least 90%"), OnChanged: edited},
		weight: &widget.Entry{OnChanged: edited},
	}
	r.remove = &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { d.removeIndicator(r) }}
	filling := d.filling
	d.filling = true
	r.name.SetText(in.Name)
	r.target.SetText(in.Target)
	if in.Weight != 0 {
		r.weight.SetText(strconv.Itoa(in.Weight))
	}
	d.filling = filling
	r.box = container.New(&agrFlexColumns{widths: agrIndicatorColumns}, r.seq, r.name, r.target, r.weight, r.remove)
	d.inRows = append(d.inRows, r)
	d.inBox.Add(r.box)
	d.renumber()
	d.setRowEditable(d.editable)
}

func (d *agreementDetail) removeIndicator(r *agrIndicatorRow) {
	for i, x := range d.inRows {
		if x == r {
			d.inRows = append(d.inRows[:i], d.inRows[i+1:]...)
			break
		}
	}
	d.inBox.Remove(r.box)
	d.renumber()
	d.edited()
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
	d.msSum.Importance = widget.SuccessImportance
	if sum != total || len(bad) > 0 {
		d.msSum.Importance = widget.WarningImportance
	}
	if len(check.Milestones) == 0 {
		msText, d.msSum.Importance = lang.L("agr.No payments yet."), widget.LowImportance
	}
	d.msSum.SetText(msText)
	weights := 0
	for _, in := range check.Indicators {
		weights += in.Weight
	}
	d.inSum.Importance = widget.SuccessImportance
	if weights != 100 {
		d.inSum.Importance = widget.WarningImportance
	}
	d.inSum.SetText(lang.L("agr.Weights add up to {{.Sum}} of 100", map[string]any{"Sum": weights}))
	if len(check.Indicators) == 0 {
		d.inSum.Importance = widget.LowImportance
		d.inSum.SetText(lang.L("agr.No indicators yet."))
	}
}

// agrYuanInput writes fen as a form shows an amount: 360000.00 (no ¥, no
// separators, so it reads back as typed).
func agrYuanInput(fen int64) string {
	neg := ""
	if fen < 0 {
		neg, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", neg, fen/100, fen%100)
}

// agrInputError is a message about a form field's text that is not even a
// value (an amount that is not a number): data's Validate never sees it.
func agrInputError(field, key string, args map[string]any) error {
	a := map[string]any{"Field": field}
	for k, v := range args {
		a[k] = v
	}
	return &data.Error{Key: key, Args: a}
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
	var bad []error
	money := func(field, text string) int64 {
		t := strings.TrimSpace(text)
		if t == "" {
			return 0
		}
		v, err := data.ParseYuan(t)
		if err != nil {
			bad = append(bad, agrInputError(field, "agr.“{{.Value}}” is not an amount of money.", map[string]any{"Value": t}))
		}
		return v
	}
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
		a.AmountChange = money("amountChange", d.amountChange.Text)
	} else {
		a.Amount = money("amount", d.amount.Text)
	}
	a.Copies = 0
	if t := strings.TrimSpace(d.copies.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			bad = append(bad, agrInputError("copies", "agr.“{{.Value}}” is not a whole number.", map[string]any{"Value": t}))
		}
		a.Copies = n
	}
	for i, r := range d.msRows {
		m := data.Milestone{Condition: r.condition.Selected, ConditionNote: r.note.Text, PlannedDate: r.planned.Text}
		if t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.share.Text), "%")); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil {
				bad = append(bad, agrInputError("milestones", "agr.Payment {{.N}}: “{{.Value}}” is not a whole percentage.", map[string]any{"N": i + 1, "Value": t}))
			}
			m.Share = n
		}
		if m.Share == 0 {
			m.Amount = money("milestones", r.amount.Text)
		}
		a.Milestones = append(a.Milestones, m)
	}
	for i, r := range d.inRows {
		in := data.Indicator{Name: r.name.Text, Target: r.target.Text}
		if t := strings.TrimSpace(r.weight.Text); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil {
				bad = append(bad, agrInputError("indicators", "agr.Indicator {{.N}}: “{{.Value}}” is not a whole number.", map[string]any{"N": i + 1, "Value": t}))
			}
			in.Weight = n
		}
		a.Indicators = append(a.Indicators, in)
	}
	return a, bad
}

// fill puts a in the form and makes it editable or read-only as data's
// rules say: only a draft is edited.
func (d *agreementDetail) fill(a data.Agreement) {
	d.filling = true
	defer func() { d.filling = false }()
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
	d.amount.SetText("")
	if a.Amount != 0 {
		d.amount.SetText(agrYuanInput(a.Amount))
	}
	d.amountChange.SetText("")
	if a.AmountChange != 0 {
		d.amountChange.SetText(agrYuanInput(a.AmountChange))
	}
	d.funding.SetText(a.FundingSource)
	d.copies.SetText("")
	if a.Copies != 0 {
		d.copies.SetText(strconv.Itoa(a.Copies))
	}
	d.changes.SetText(a.Changes)
	d.newTermEnd.SetText(a.NewTermEnd)
	d.notes.SetText(a.Notes)
	d.articles.SetText(a.Articles)
	d.msRows, d.inRows = nil, nil
	d.msBox.RemoveAll()
	d.inBox.RemoveAll()
	d.editable = d.id == 0 || a.Status == data.AgreementDraft
	for _, m := range a.Milestones {
		d.addMilestone(m)
	}
	for _, in := range a.Indicators {
		d.addIndicator(in)
	}
	if a.IsSupplement() {
		d.mainOnly.Hide()
		d.suppOnly.Show()
	} else {
		d.mainOnly.Show()
		d.suppOnly.Hide()
	}
	d.setEditable(d.editable)
	switch {
	case a.Frozen():
		d.lockNote.SetText(lang.L("agr.This agreement is signed: its content no longer changes. A change is made by a supplementary agreement."))
		d.lockNote.Show()
	case a.Status == data.AgreementPending:
		d.lockNote.SetText(lang.L("agr.This agreement is awaiting signature: its content is locked so that what is signed is what was printed. Return it to draft to edit it."))
		d.lockNote.Show()
	default:
		d.lockNote.Hide()
	}
	showFieldErrors(d.fields, d.general, nil)
	d.showCapitals()
	d.filling = false
	d.showSums()
	d.dirty = false
	d.loaded = true
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
	entries := []*widget.Entry{d.fTitle, d.purpose, d.service, d.changes, d.amountChange, d.newTermEnd, d.notes, d.articles, d.copies}
	locked := []*widget.Entry{d.project, d.target, d.place, d.termStart, d.termEnd, d.amount, d.funding}
	for _, e := range entries {
		agrEnable(e, on)
	}
	// A supplementary agreement's project, place and term are its
	// parent's.
	for _, e := range locked {
		agrEnable(e, on && !d.a.IsSupplement())
	}
	agrEnable(d.org.button, on && !d.a.IsSupplement())
	agrShow(d.msAdd, on)
	agrShow(d.inAdd, on)
	agrShow(d.saveBtn, on)
	d.setRowEditable(on)
}

func (d *agreementDetail) setRowEditable(on bool) {
	for _, r := range d.msRows {
		for _, e := range []*widget.Entry{r.share, r.amount, r.note, r.planned} {
			agrEnable(e, on)
		}
		agrEnable(r.condition, on)
		agrShow(r.remove, on)
	}
	for _, r := range d.inRows {
		for _, e := range []*widget.Entry{r.name, r.target, r.weight} {
			agrEnable(e, on)
		}
		agrShow(r.remove, on)
	}
}

func agrEnable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func agrShow(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// Save checks the form, each message beside its field, and saves it when
// data accepts it (Ctrl+S). A refused form saves nothing and keeps what
// was typed.
func (d *agreementDetail) Save() {
	if !d.editable {
		return
	}
	v, bad := d.values()
	check := v
	err := errors.Join(append(bad, check.Validate())...)
	if input, first := showFieldErrors(d.fields, d.general, err); input {
		d.tabs.Select(d.contentTab)
		d.focus(first)
		return
	}
	s, isNew := d.env.Store(), d.id == 0
	d.saveBtn.Disable()
	d.env.Background(func(ctx context.Context) error {
		if isNew {
			return s.CreateAgreement(ctx, &v)
		}
		return s.UpdateAgreement(ctx, &v)
	}, func(err error) {
		d.saveBtn.Enable()
		if err != nil {
			if input, first := showFieldErrors(d.fields, d.general, err); input {
				d.tabs.Select(d.contentTab)
				d.focus(first)
			} else {
				d.env.ShowError(err)
			}
			return
		}
		d.dirty = false
		d.saved.SetText(lang.L("Saved."))
		d.env.status(lang.L("agr.Agreement {{.Number}} saved.", map[string]any{"Number": v.Number}))
		if isNew {
			d.id = v.ID
			for _, t := range []*container.TabItem{d.paymentsTab, d.evalTab, d.filesTab, d.historyTab} {
				d.tabs.EnableItem(t)
			}
		}
		d.reload()
	})
}

func (d *agreementDetail) focus(f *formField) {
	if f == nil {
		return
	}
	if fo, ok := f.input.(fyne.Focusable); ok {
		if w, ok := f.input.(fyne.Disableable); ok && w.Disabled() {
			return
		}
		d.env.Window.Canvas().Focus(fo)
	}
}

func (d *agreementDetail) onBack() {
	if d.list != nil {
		d.list.closeDetail(true)
	}
}

// agreementView is what reload reads off the UI goroutine.
type agreementView struct {
	a           data.Agreement
	orgName     string
	parent      *data.Agreement
	supplements []data.Agreement
	audit       []data.AuditEntry
	office      string
	source      *agrSource // the meeting resolution the agreement carries out
}

// agrSource is the resolution an agreement was started from
// (ResolutionToAgreement): the decision, the contract and the report back
// to a later meeting are one chain, walkable from either end.
type agrSource struct {
	meetingID int64
	text      string
}

// reload reads the agreement, its supplements and its audit entries
// again. The form keeps unsaved edits.
func (d *agreementDetail) reload() {
	s, id := d.env.Store(), d.id
	d.env.Background(func(ctx context.Context) error {
		var v agreementView
		if id != 0 {
			var err error
			if v.a, err = s.Agreement(ctx, id); err != nil {
				return err
			}
			if o, err := s.Organization(ctx, v.a.OrganizationID); err == nil {
				v.orgName = o.Name
			}
			if v.a.ParentID != nil {
				p, err := s.Agreement(ctx, *v.a.ParentID)
				if err != nil {
					return err
				}
				v.parent = &p
			} else if v.supplements, err = s.Supplements(ctx, id); err != nil {
				return err
			}
			if v.audit, err = s.AuditLog(ctx, data.AuditFilter{Entity: "agreements", EntityID: id, Limit: 200}); err != nil {
				return err
			}
			if r, err := s.ResolutionForAgreement(ctx, id); err == nil {
				if m, err := s.Meeting(ctx, r.MeetingID); err == nil {
					v.source = &agrSource{meetingID: m.ID, text: lang.L("agr.Resolution {{.Seq}} of {{.Date}} {{.Meeting}}: {{.Text}}",
						map[string]any{"Seq": r.Seq, "Date": m.Date, "Meeting": m.Title, "Text": r.Text})}
				}
			} else if !errors.Is(err, data.ErrNotFound) {
				return err
			}
		}
		fyne.Do(func() {
			if d.id == id {
				d.show(v)
			}
		})
		return nil
	}, d.env.ShowError)
}

func (d *agreementDetail) show(v agreementView) {
	if d.id == 0 {
		d.title.SetText(lang.L("agr.New {{.Kind}}", map[string]any{"Kind": d.kind}))
		d.summary.SetText(lang.L("agr.Fill in the agreement and save it as a draft; it gets its number when saved."))
		if !d.loaded {
			d.a = data.Agreement{Kind: d.kind, Status: data.AgreementDraft, Copies: data.DefaultCopies}
			d.fill(d.a)
		}
		d.showActions()
		return
	}
	d.a, d.parent, d.supplements, d.audit, d.source = v.a, v.parent, v.supplements, v.audit, v.source
	if v.orgName != "" && d.org.id != v.a.OrganizationID {
		d.org.set(v.a.OrganizationID, v.orgName)
	} else if v.orgName != "" && !d.dirty {
		d.org.name = v.orgName
	}
	d.title.SetText(agrEllipsis(v.a.Number+"  "+v.a.Title, 60))
	party := v.orgName
	if v.a.PartyB != nil && v.a.PartyB.Name != "" {
		party = v.a.PartyB.Name
	}
	amount, end := data.Effective(v.a, v.supplements)
	parts := []string{v.a.Kind, v.a.Status, party}
	if v.a.IsSupplement() {
		parts = append(parts, lang.L("agr.Change of amount {{.Amount}}", map[string]any{"Amount": agrSigned(v.a.AmountChange)}))
	} else {
		parts = append(parts, data.Yuan(amount), agrTerm(v.a.TermStart, end))
	}
	d.summary.SetText(strings.Join(parts, " · "))
	if !d.dirty || !d.loaded {
		if !d.dirty {
			d.org.set(v.a.OrganizationID, party)
		}
		d.fill(v.a)
	}
	d.showActions()
	d.showPayments()
	d.showEvaluations()
	d.showFiles()
	d.showHistory()
}

// showActions puts the buttons the agreement allows now in the header:
// one per status NextStatuses offers, a supplementary agreement on a
// signed one, delete while not signed, print and save.
func (d *agreementDetail) showActions() {
	var objs []fyne.CanvasObject
	if d.id != 0 {
		for _, to := range data.NextStatuses(&d.a) {
			objs = append(objs, d.transitionButton(to))
		}
		if !d.a.IsSupplement() && (d.a.Status == data.AgreementSigned || d.a.Status == data.AgreementInProgress) {
			objs = append(objs, &widget.Button{Text: lang.L("agr.Supplementary agreement…"), Icon: theme.ContentAddIcon(), OnTapped: d.onSupplement})
		}
		if d.parent != nil {
			pid := d.parent.ID
			objs = append(objs, &widget.Button{Text: lang.L("agr.Open {{.Number}}", map[string]any{"Number": d.parent.Number}),
				Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: func() { d.list.openAgreement(pid) }})
		}
		if !d.a.Frozen() {
			objs = append(objs, &widget.Button{Text: lang.L("agr.Delete"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: d.onDelete})
		}
	}
	objs = append(objs, layout.NewSpacer(),
		&widget.Button{Text: lang.L("Print"), Icon: theme.DocumentPrintIcon(), OnTapped: d.Print})
	if d.editable {
		objs = append(objs, &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: d.Save})
	}
	d.actions.Objects = objs
	d.actions.Refresh()
}

// transitionName is what the button taking an agreement to status to
// says.
func transitionName(to string) string {
	switch to {
	case data.AgreementPending:
		return lang.L("agr.Submit for signature")
	case data.AgreementDraft:
		return lang.L("agr.Return to draft")
	case data.AgreementSigned:
		return lang.L("agr.Record the signing…")
	case data.AgreementInProgress:
		return lang.L("agr.Start performance")
	case data.AgreementAccepted:
		return lang.L("agr.Accept…")
	case data.AgreementTerminated:
		return lang.L("agr.Terminate…")
	}
	return to
}

func (d *agreementDetail) transitionButton(to string) *widget.Button {
	b := &widget.Button{Text: transitionName(to), OnTapped: func() { d.onTransition(to) }}
	switch to {
	case data.AgreementPending, data.AgreementSigned, data.AgreementInProgress, data.AgreementAccepted:
		b.Importance = widget.HighImportance
		b.Icon = theme.NavigateNextIcon()
	case data.AgreementTerminated:
		b.Importance = widget.DangerImportance
		b.Icon = theme.CancelIcon()
	default:
		b.Icon = theme.NavigateBackIcon()
	}
	return b
}

// Table tabs. They are short (a few payments, evaluations, files), so
// they are boxes rebuilt at each reload rather than virtual lists.

func (d *agreementDetail) buildPayments() fyne.CanvasObject {
	d.payTotal = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	d.payBox = container.NewVBox()
	return container.NewBorder(d.payTotal, nil, nil, nil, container.NewVScroll(d.payBox))
}

// Payment columns: seq, condition, planned date, amount, paid date, paid
// amount, note (rest), button.
var agrPaymentColumns = []float32{60, 130, 100, 120, 100, 120, -1, 130}

func (d *agreementDetail) showPayments() {
	header, widths := agrHeaderRow(agrPaymentColumns, lang.L("agr.No."), lang.L("agr.Condition"), lang.L("agr.Planned date"),
		lang.L("agr.Amount"), lang.L("agr.Paid on"), lang.L("agr.Paid"), lang.L("agr.Note"), "")
	rows := []fyne.CanvasObject{header}
	var planned, paid int64
	for _, m := range d.a.Milestones {
		planned += m.Amount
		paid += m.PaidAmount
		cond := m.Condition
		if m.ConditionNote != "" {
			cond += "（" + m.ConditionNote + "）"
		}
		paidAmount := ""
		if m.PaidDate != "" {
			paidAmount = data.Yuan(m.PaidAmount)
		}
		row := agrNewRow(widths[:len(widths)-1])
		agrSetCells(row, lang.L("agr.Payment {{.N}}", map[string]any{"N": m.Seq}), cond, orDash(m.PlannedDate),
			data.Yuan(m.Amount), orDash(m.PaidDate), paidAmount, m.PaymentNote)
		row.Objects[3].(*widget.Label).Alignment = fyne.TextAlignTrailing
		row.Objects[5].(*widget.Label).Alignment = fyne.TextAlignTrailing
		m := m
		btn := &widget.Button{Text: lang.L("agr.Record payment…"), Icon: theme.DocumentCreateIcon(), OnTapped: func() { d.onPayment(m) }}
		agrEnable(btn, d.a.Frozen())
		row.Objects = append(row.Objects, btn)
		row.Layout = &agrFlexColumns{widths: widths}
		rows = append(rows, row)
	}
	if len(d.a.Milestones) == 0 {
		rows = append(rows, &widget.Label{Text: lang.L("agr.No payments yet."), Importance: widget.LowImportance})
	} else if !d.a.Frozen() {
		rows = append(rows, &widget.Label{Text: lang.L("agr.Payments are recorded once the agreement is signed."), Importance: widget.LowImportance})
	}
	d.payTotal.SetText(lang.L("agr.Paid {{.Paid}} of {{.Planned}}", map[string]any{"Paid": data.Yuan(paid), "Planned": data.Yuan(planned)}))
	d.payBox.Objects = rows
	d.payBox.Refresh()
	d.paymentsTab.Text = lang.L("agr.Payments ({{.N}})", map[string]any{"N": len(d.a.Milestones)})
	d.tabs.Refresh()
}

func (d *agreementDetail) buildEvaluations() fyne.CanvasObject {
	d.evalBox = container.NewVBox()
	return container.NewVScroll(d.evalBox)
}

// Evaluation columns: date, stage, evaluator, total, conclusion; notes
// take the rest.
var agrEvaluationColumns = []float32{100, 90, 180, 70, 70, -1}

func (d *agreementDetail) showEvaluations() {
	objs := []fyne.CanvasObject{subheading(lang.L("agr.Performance indicators"))}
	inHeader, inW := agrHeaderRow([]float32{48, 260, -1, 64}, lang.L("agr.No."), lang.L("agr.Indicator"), lang.L("agr.Target"), lang.L("agr.Weight"))
	objs = append(objs, inHeader)
	for _, in := range d.a.Indicators {
		row := agrNewRow(inW)
		agrSetCells(row, strconv.Itoa(in.Seq), in.Name, in.Target, strconv.Itoa(in.Weight))
		objs = append(objs, row)
	}
	if len(d.a.Indicators) == 0 {
		objs = append(objs, &widget.Label{Text: lang.L("agr.No indicators yet."), Importance: widget.LowImportance})
	}
	add := &widget.Button{Text: lang.L("agr.Add an evaluation…"), Icon: theme.ContentAddIcon(), OnTapped: d.onEvaluation}
	agrEnable(add, !d.a.IsSupplement() && (d.a.Status == data.AgreementSigned || d.a.Status == data.AgreementInProgress))
	objs = append(objs, widget.NewSeparator(),
		container.NewBorder(nil, nil, subheading(lang.L("agr.Evaluations")), container.NewCenter(add)))
	evHeader, evW := agrHeaderRow(agrEvaluationColumns, lang.L("agr.Date"), lang.L("agr.Stage"), lang.L("agr.Evaluator"),
		lang.L("agr.Score"), lang.L("agr.Conclusion"), lang.L("agr.Note"))
	objs = append(objs, evHeader)
	for _, e := range d.a.Evaluations {
		row := agrNewRow(evW)
		agrSetCells(row, e.Date, e.Stage, e.Evaluator, strconv.FormatFloat(e.Total, 'f', -1, 64), e.Conclusion, e.Notes)
		objs = append(objs, row)
	}
	if len(d.a.Evaluations) == 0 {
		objs = append(objs, &widget.Label{Text: lang.L("agr.No evaluations yet."), Importance: widget.LowImportance})
	}
	d.evalBox.Objects = objs
	d.evalBox.Refresh()
	d.evalTab.Text = lang.L("agr.Indicators and evaluations ({{.N}})", map[string]any{"N": len(d.a.Evaluations)})
	d.tabs.Refresh()
}

func (d *agreementDetail) buildFiles() fyne.CanvasObject {
	d.filesBox = container.NewVBox()
	return container.NewVScroll(d.filesBox)
}

// Attachment columns: kind, name (rest), size, SHA-256, buttons.
var agrFileColumns = []float32{90, -1, 80, 250, 190}

func (d *agreementDetail) showFiles() {
	add := &widget.Button{Text: lang.L("agr.Add a file…"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: d.onAddFile}
	header, widths := agrHeaderRow(agrFileColumns, lang.L("agr.File kind"), lang.L("agr.File"), lang.L("agr.Size"), "SHA-256", "")
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, nil, add, &widget.Label{Text: lang.L("agr.The signed scan (PDF, JPG or PNG) is needed before the signing is recorded."),
			Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}),
		header,
	}
	for _, f := range d.a.Attachments {
		f := f
		row := agrNewRow(widths[:len(widths)-1])
		agrSetCells(row, f.Kind, f.FileName, agrHumanSize(f.Size), f.SHA256)
		open := &widget.Button{Text: lang.L("agr.Open"), Icon: theme.FileIcon(), OnTapped: func() { d.onOpenFile(f) }}
		del := &widget.Button{Text: lang.L("agr.Delete"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { d.onDeleteFile(f) }}
		row.Objects = append(row.Objects, container.NewHBox(open, del))
		row.Layout = &agrFlexColumns{widths: widths}
		objs = append(objs, row)
	}
	if len(d.a.Attachments) == 0 {
		objs = append(objs, &widget.Label{Text: lang.L("agr.No files yet."), Importance: widget.LowImportance})
	}
	d.filesBox.Objects = objs
	d.filesBox.Refresh()
	d.filesTab.Text = lang.L("agr.Attachments ({{.N}})", map[string]any{"N": len(d.a.Attachments)})
	d.tabs.Refresh()
}

func (d *agreementDetail) buildHistory() fyne.CanvasObject {
	d.histBox = container.NewVBox()
	return container.NewVScroll(d.histBox)
}

// History columns: time, operator, action; the details take the rest.
var agrHistoryColumns = []float32{190, 110, 90, -1}

func (d *agreementDetail) showHistory() {
	var objs []fyne.CanvasObject
	if src := d.source; src != nil {
		objs = append(objs, subheading(lang.L("agr.Meeting resolution")))
		t := newTapArea(&widget.Label{Text: src.text, Wrapping: fyne.TextWrapWord}, func() { OpenMeeting(d.env, src.meetingID) })
		t.tight = true
		objs = append(objs, t)
	}
	if !d.a.IsSupplement() {
		objs = append(objs, subheading(lang.L("agr.Supplementary agreements")))
		supHeader, supW := agrHeaderRow([]float32{230, -1, 130, 110, 70}, lang.L("agr.Number"), lang.L("agr.Title"),
			lang.L("agr.Change of amount"), lang.L("agr.New end of term"), lang.L("Status"))
		objs = append(objs, supHeader)
		for _, s := range d.supplements {
			id := s.ID
			row := agrNewRow(supW)
			agrSetCells(row, s.Number, s.Title, agrSigned(s.AmountChange), orDash(s.NewTermEnd), s.Status)
			t := newTapArea(row, func() { d.list.openAgreement(id) })
			t.tight = true
			objs = append(objs, t)
		}
		if len(d.supplements) == 0 {
			objs = append(objs, &widget.Label{Text: lang.L("agr.None."), Importance: widget.LowImportance})
		}
	}
	objs = append(objs, subheading(lang.L("agr.Changes recorded")))
	header, widths := agrHeaderRow(agrHistoryColumns, lang.L("agr.Time"), lang.L("agr.Operator"), lang.L("agr.Action"), lang.L("agr.Status after"))
	objs = append(objs, header)
	for _, e := range d.audit {
		op := e.Operator
		if op == "" {
			op = lang.L("audit.operator.unset")
		}
		row := agrNewRow(widths)
		agrSetCells(row, FormatDateTime(e.At.Local()), op, actionName(e.Action), agrAuditStatus(e))
		objs = append(objs, row)
	}
	d.histBox.Objects = objs
	d.histBox.Refresh()
}

// agrAuditStatus is the status an audit entry left the agreement in, read
// from its after-image ("" when there is none).
func agrAuditStatus(e data.AuditEntry) string {
	const key = `"status":"`
	i := strings.Index(e.After, key)
	if i < 0 {
		return ""
	}
	rest := e.After[i+len(key):]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}
