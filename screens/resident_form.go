package screens

import (
	"context"
	"errors"
	"slices"
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

// residentForm adds a member to a household or edits one, in a dialog.
// Every message shows under its field in the user's language, and a form
// with any refused field saves nothing. An ID number already active in
// another household is refused with that household named, and the form
// offers to move the person here instead.
type residentForm struct {
	d       *householdDetail
	r       data.Resident // as loaded; ID 0 for a newcomer
	arrival string        // a newcomer's event: 迁入 or 出生

	fields      []*formField
	name        *widget.Entry
	idNumber    *widget.Entry
	idField     *numberField // idNumber, masked until its eye button
	phoneField  *numberField
	idHint      *widget.Label
	sex         *widget.Select
	birthDate   *dateField
	ethnicity   *widget.Select
	relation    *widget.Select
	education   *widget.Select
	political   *widget.Select
	marital     *widget.Select
	status      *widget.Select
	phone       *widget.Entry
	employer    *widget.Entry
	regAddress  *widget.Entry
	tags        *widget.CheckGroup
	disCategory *widget.Select
	disGrade    *widget.Select
	notes       *widget.Entry
	eventKind   *widget.Select
	eventDate   *dateField
	eventNote   *widget.Entry
	general     *widget.Label
	warning     *widget.Label
	moveHere    *widget.Button // offered when the ID number is active elsewhere

	dlg *dialog.CustomDialog
	ok  *widget.Button
}

// noEvent is the newcomer's event choice for "already living here, just
// not registered yet".
func noEvent() string { return lang.L("None (already living here)") }

func newResidentForm(d *householdDetail, r data.Resident, arrival string) *residentForm {
	return &residentForm{d: d, r: r, arrival: arrival}
}

// settableTags are the care tags a clerk can set: 高龄老人 is computed.
func settableTags() []string {
	var out []string
	for _, t := range data.CareTags {
		if t != data.TagVeryOld {
			out = append(out, t)
		}
	}
	return out
}

func (f *residentForm) buildUI() fyne.CanvasObject {
	isNew := f.r.ID == 0
	f.name = &widget.Entry{}
	f.idNumber = &widget.Entry{PlaceHolder: lang.L("18 characters; an old 15-digit number is converted")}
	f.idHint = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	f.idNumber.OnChanged = func(string) { f.onIDChanged() }
	f.sex = &widget.Select{Options: data.Sexes, PlaceHolder: lang.L("From the ID number")}
	f.birthDate = newDateField("", lang.L("From the ID number"))
	f.ethnicity = &widget.Select{Options: data.EthnicGroups, PlaceHolder: choose()}
	relations := data.Relations
	if !isNew && f.r.Relation != data.RelationHead {
		relations = slices.DeleteFunc(slices.Clone(relations), func(s string) bool { return s == data.RelationHead })
	}
	f.relation = &widget.Select{Options: relations, PlaceHolder: choose()}
	f.education = &widget.Select{Options: data.Educations, PlaceHolder: choose()}
	f.political = &widget.Select{Options: data.PoliticalStatuses, PlaceHolder: choose()}
	f.marital = &widget.Select{Options: data.MaritalStatuses, PlaceHolder: choose()}
	f.status = &widget.Select{Options: data.ActiveStatuses, PlaceHolder: choose()}
	f.phone = &widget.Entry{PlaceHolder: lang.L("placeholder.phone")}
	f.employer = &widget.Entry{}
	f.regAddress = &widget.Entry{}
	f.tags = &widget.CheckGroup{Options: settableTags(), Horizontal: true}
	f.disCategory = &widget.Select{Options: data.DisabilityCategories, PlaceHolder: lang.L("Category of disability")}
	f.disGrade = &widget.Select{Options: data.DisabilityGrades, PlaceHolder: lang.L("Grade")}
	f.tags.OnChanged = func([]string) { f.showDisability() }
	f.notes = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord}
	f.notes.SetMinRowsVisible(2)
	f.general = errorLabel()
	f.warning = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	f.warning.Hide()
	f.moveHere = &widget.Button{Icon: theme.MailForwardIcon(), Importance: widget.WarningImportance}
	f.moveHere.Hide()

	field := func(name string, input fyne.CanvasObject) *formField {
		return newFormField(name, lang.L("field."+name), input)
	}
	f.idField = newNumberField(f.d.env, "residents", data.FieldIDNumber, f.idNumber)
	f.phoneField = newNumberField(f.d.env, "residents", data.FieldPhone, f.phone)
	name, id := field("name", f.name), field("idNumber", f.idField)
	id.hint = f.idHint
	id.after = f.moveHere
	sex, birth := field("sex", f.sex), field("birthDate", f.birthDate)
	ethnicity, relation := field("ethnicity", f.ethnicity), field("relation", f.relation)
	education, political := field("education", f.education), field("political", f.political)
	marital, status := field("marital", f.marital), field("status", f.status)
	phone, employer := field("phone", f.phoneField), field("employer", f.employer)
	regAddress := field("registeredAddress", f.regAddress)
	tags := field("tags", container.NewVBox(f.tags, container.NewHBox(f.disCategory, f.disGrade)))
	notes := field("notes", f.notes)
	f.fields = []*formField{name, id, sex, birth, ethnicity, relation, education, political, marital, status, phone, employer, regAddress, tags, notes}

	labelW := labelsWidth(96, f.fields...)
	left := []*formField{name, id, sex, birth, ethnicity, relation, education, political, marital, phone, employer}
	if !isNew {
		left = append(left, status)
	}
	parts := []fyne.CanvasObject{fieldGrid(2, labelW, left...), fieldGrid(1, labelW, regAddress, tags, notes)}
	last := f.regAddress
	if isNew {
		f.eventKind = &widget.Select{Options: []string{data.EventMoveIn, data.EventBirth, noEvent()}, PlaceHolder: choose()}
		f.eventKind.SetSelected(f.arrival)
		f.eventDate = newDateField(storeToday(f.d.env.Store()).Format(time.DateOnly), "2006-01-02")
		f.eventNote = &widget.Entry{PlaceHolder: lang.L("E.g. where from")}
		kind, date, note := newFormField("kind", lang.L("Event"), f.eventKind), field("date", f.eventDate), newFormField("note", lang.L("Note"), f.eventNote)
		f.fields = append(f.fields, kind, date, note)
		parts = append(parts, widget.NewSeparator(), subheading(lang.L("Registration")),
			fieldGrid(2, labelW, kind, date), fieldGrid(1, labelW, note))
		f.eventKind.OnChanged = func(k string) {
			if k == noEvent() {
				f.eventDate.Disable()
				f.eventNote.Disable()
			} else {
				f.eventDate.Enable()
				f.eventNote.Enable()
			}
		}
		last = f.eventNote
	}
	last.OnSubmitted = func(string) { f.save() }
	parts = append(parts, f.general, f.warning)
	f.fill()
	return container.NewVScroll(container.NewVBox(parts...))
}

// fill puts the resident in the form.
func (f *residentForm) fill() {
	r := f.r
	f.name.SetText(r.Name)
	f.idField.set(r.ID, r.IDNumber)
	selectValue(f.sex, r.Sex)
	f.birthDate.SetText(r.BirthDate)
	if r.Ethnicity == "" && r.ID == 0 {
		r.Ethnicity = data.EthnicGroups[0]
	}
	selectValue(f.ethnicity, r.Ethnicity)
	selectValue(f.relation, r.Relation)
	if r.ID != 0 && r.Relation == data.RelationHead {
		f.relation.Disable() // SetHead changes who is head
	}
	selectValue(f.education, r.Education)
	selectValue(f.political, r.Political)
	selectValue(f.marital, r.Marital)
	selectValue(f.status, r.Status)
	if r.ID != 0 && !r.Active() {
		f.status.Options = []string{r.Status}
		selectValue(f.status, r.Status)
		f.status.Disable() // 迁出 and 死亡 come from events
	}
	f.phoneField.set(r.ID, r.Phone)
	f.employer.SetText(r.Employer)
	f.regAddress.SetText(r.RegisteredAddress)
	var tags []string
	for _, t := range r.Tags {
		tags = append(tags, t.Tag)
		if t.Tag == data.TagDisabled {
			selectValue(f.disCategory, t.Category)
			selectValue(f.disGrade, t.Grade)
		}
	}
	f.tags.SetSelected(tags)
	f.notes.SetText(r.Notes)
	f.showDisability()
}

func (f *residentForm) showDisability() {
	if slices.Contains(f.tags.Selected, data.TagDisabled) {
		f.disCategory.Show()
		f.disGrade.Show()
	} else {
		f.disCategory.Hide()
		f.disGrade.Hide()
	}
}

// onIDChanged tells, as the number is typed, what it says (sex, birth
// date, province) or what is wrong with it, once it is long enough.
func (f *residentForm) onIDChanged() {
	if id := f.field("idNumber"); id != nil {
		setError(id.err, "") // about the number as it was
	}
	f.moveHere.Hide()
	if f.idField != nil && f.idField.masked {
		f.idHint.Hide() // 110101********123X says nothing to check
		return
	}
	n := data.NormalizeIDNumber(f.idNumber.Text)
	if l := len([]rune(n)); l != 15 && l != 18 {
		f.idHint.SetText("")
		f.idHint.Hide()
		return
	}
	id, ws, err := data.ParseIDNumber(n, storeToday(f.d.env.Store()))
	if err != nil {
		f.idHint.Importance = widget.DangerImportance
		f.idHint.SetText(Message(err))
	} else {
		f.idHint.Importance = widget.LowImportance
		text := lang.L("{{.Sex}}, born {{.Date}}, {{.Province}}", map[string]any{
			"Sex": id.Sex, "Date": FormatDate(id.BirthDate), "Province": id.Province})
		if w := warningText(ws); w != "" {
			text += "\n" + w
		}
		f.idHint.SetText(text)
	}
	f.idHint.Show()
}

// hideIDHint hides the note under the ID number when a message about it
// is shown, which would only repeat it.
func (f *residentForm) hideIDHint() {
	if id := f.field("idNumber"); id != nil && id.err.Visible() {
		f.idHint.Hide()
	}
}

func (f *residentForm) field(name string) *formField { return fieldNamed(f.fields, name) }

// values is the resident as the form has it.
func (f *residentForm) values() data.Resident {
	r := f.r
	r.HouseholdID = f.d.id
	r.Name = f.name.Text
	r.IDNumber = f.idField.value()
	r.Sex = f.sex.Selected
	r.BirthDate = f.birthDate.Text
	r.Ethnicity = f.ethnicity.Selected
	r.Relation = f.relation.Selected
	r.Education = f.education.Selected
	r.Political = f.political.Selected
	r.Marital = f.marital.Selected
	r.Status = f.status.Selected
	r.Phone = f.phoneField.value()
	r.Employer = f.employer.Text
	r.RegisteredAddress = f.regAddress.Text
	r.Notes = f.notes.Text
	old := map[string]data.ResidentTag{}
	for _, t := range f.r.Tags {
		old[t.Tag] = t
	}
	r.Tags = nil
	for _, tag := range f.tags.Selected {
		t := old[tag] // keeps the detail of a tag kept
		t.ID, t.ResidentID, t.Tag = 0, r.ID, tag
		if tag == data.TagDisabled {
			t.Category, t.Grade = f.disCategory.Selected, f.disGrade.Selected
		}
		r.Tags = append(r.Tags, t)
	}
	return r
}

// event is the newcomer's arrival event, or nil.
func (f *residentForm) event() *data.ResidenceEvent {
	if f.eventKind == nil || f.eventKind.Selected == noEvent() || f.eventKind.Selected == "" {
		return nil
	}
	return &data.ResidenceEvent{Kind: f.eventKind.Selected, Date: f.eventDate.Text, Note: f.eventNote.Text}
}

// show opens the form in a dialog; closed runs when it closes.
func (f *residentForm) show(closed func()) {
	title := lang.L("Edit {{.Name}}", map[string]any{"Name": f.r.Name})
	confirm := lang.L("Save")
	if f.r.ID == 0 {
		title = lang.L("Register a move-in")
		if f.arrival == data.EventBirth {
			title = lang.L("Register a birth")
		}
		confirm = lang.L("Add member")
	}
	content := f.buildUI()
	f.dlg, f.ok = f.d.env.showFormDialog(title, confirm, content, fyne.NewSize(920, 640), f.save, closed)
	f.d.env.Window.Canvas().Focus(f.name)
}

// save checks the form and saves it (the confirm button, Ctrl+S, Enter in
// the last field). The store checks again; its messages go under the
// fields too.
func (f *residentForm) save() {
	r := f.values()
	ev := f.event()
	f.moveHere.Hide()
	f.warning.Hide()
	check := r
	check.Tags = slices.Clone(r.Tags)
	_, err := check.Validate(storeToday(f.d.env.Store()))
	if input, first := showFieldErrors(f.fields, f.general, err); input {
		f.hideIDHint()
		focusField(f.d.env, first)
		return
	}
	s := f.d.env.Store()
	var warnings []data.Warning
	f.ok.Disable()
	f.d.env.Background(func(ctx context.Context) error {
		var err error
		if r.ID == 0 {
			warnings, err = s.AddResident(ctx, &r, ev)
		} else {
			warnings, err = s.UpdateResident(ctx, &r)
		}
		return err
	}, func(err error) {
		f.ok.Enable()
		if err != nil {
			input, first := showFieldErrors(f.fields, f.general, err)
			if !input {
				f.d.env.ShowError(err)
				return
			}
			f.hideIDHint()
			f.offerMove(err)
			focusField(f.d.env, first)
			return
		}
		msg := lang.L("{{.Name}} saved.", map[string]any{"Name": r.Name})
		if w := warningText(warnings); w != "" {
			msg += " " + w
		}
		f.dlg.Hide()
		f.d.changed(msg)
	})
}

// offerMove offers, when err says the ID number is active in another
// household, to move that person here (户内变更) instead of adding them
// twice.
func (f *residentForm) offerMove(err error) {
	var de *data.Error
	for _, e := range flatten(err) {
		if errors.As(e, &de) && de.Key == data.KeyResidentDuplicate {
			break
		}
		de = nil
	}
	if de == nil {
		return
	}
	rid, _ := de.Args["ResidentID"].(int64)
	hid, _ := de.Args["HouseholdID"].(int64)
	if rid == 0 || hid == f.d.id {
		return
	}
	args := map[string]any{"Name": de.Args["Name"], "Number": de.Args["Number"]}
	f.moveHere.SetText(lang.L("Move {{.Name}} from household {{.Number}} to this one", args))
	f.moveHere.OnTapped = func() {
		date := storeToday(f.d.env.Store()).Format(time.DateOnly)
		if ev := f.event(); ev != nil && strings.TrimSpace(ev.Date) != "" {
			date = ev.Date
		}
		msg := lang.L("Move {{.Name}} from household {{.Number}} to this household on {{.Date}}? Their history goes with them.",
			map[string]any{"Name": de.Args["Name"], "Number": de.Args["Number"], "Date": date})
		f.d.env.Confirm(lang.L("Move to this household"), msg, lang.L("Move here"), false, func() {
			s, to := f.d.env.Store(), f.d.id
			f.d.env.Background(func(ctx context.Context) error {
				return s.MoveResident(ctx, rid, to, date, "")
			}, func(err error) {
				if err != nil {
					f.d.env.ShowError(err)
					return
				}
				f.dlg.Hide()
				f.d.changed(lang.L("{{.Name}} moved to this household.", args))
			})
		})
	}
	f.moveHere.Show()
}

// onEvent records an event (迁出, 死亡, 信息更正) of member r, asking its
// date and a note.
func (d *householdDetail) onEvent(r data.Resident, kind string) {
	date := newDateField(storeToday(d.env.Store()).Format(time.DateOnly), "2006-01-02")
	note := &widget.Entry{PlaceHolder: eventNoteHint(kind)}
	dateF, noteF := newFormField("date", lang.L("field.date"), date), newFormField("note", lang.L("Note"), note)
	general := errorLabel()
	fields := []*formField{dateF, noteF}
	var dlg *dialog.CustomDialog
	var ok *widget.Button
	save := func() {
		ev := data.ResidenceEvent{Kind: kind, Date: date.Text, Note: note.Text}
		if kind == data.EventCorrection && strings.TrimSpace(ev.Note) == "" {
			showFieldErrors(fields, general, &data.Error{Key: data.KeyInvalidRequired, Args: map[string]any{"Field": "note"}})
			d.env.Window.Canvas().Focus(note)
			return
		}
		s := d.env.Store()
		submit(d.env, ok, func(err error) bool {
			input, first := showFieldErrors(fields, general, err)
			if input {
				focusField(d.env, first)
			}
			return input
		}, func(ctx context.Context) error {
			return s.RecordEvent(ctx, r.ID, &ev)
		}, func() {
			dlg.Hide()
			d.changed(lang.L("{{.Kind}} of {{.Name}} recorded.", map[string]any{"Kind": kind, "Name": r.Name}))
		})
	}
	note.OnSubmitted = func(string) { save() }
	content := container.NewVBox(
		&widget.Label{Text: lang.L("{{.Name}}, ID number {{.ID}}", map[string]any{"Name": r.Name, "ID": r.IDNumber})},
		fieldGrid(1, 80, dateF, noteF), general)
	title := lang.L("{{.Kind}}: {{.Name}}", map[string]any{"Kind": kind, "Name": r.Name})
	dlg, ok = d.env.showFormDialog(title, lang.L("Record event"), content, fyne.NewSize(520, 0), save, nil)
	d.env.Window.Canvas().Focus(note)
}

func eventNoteHint(kind string) string {
	switch kind {
	case data.EventMoveOut:
		return lang.L("E.g. where to")
	case data.EventDeath:
		return lang.L("E.g. death certificate number")
	case data.EventCorrection:
		return lang.L("What was corrected, and why")
	}
	return ""
}

// moveTarget is a household a member can be moved to.
type moveTarget struct {
	id      int64
	number  string
	address string
	who     string // the head, or the person whose name matched
}

// onMove moves member r to another household, picked by search: the
// household number, its address, or the name (or ID, phone) of someone
// living there.
func (d *householdDetail) onMove(r data.Resident) {
	var chosen *moveTarget
	// The households found: a newer search drops what an older found, and
	// the search waits for the clerk's pause, as a list page's does.
	found := &pager[moveTarget]{env: d.env, counted: func(int, bool, bool) {}}
	search := &widget.Entry{PlaceHolder: lang.L("Household number, address, or a member's name")}
	search.ActionItem = widget.NewIcon(theme.SearchIcon())
	picked := &widget.Label{Text: lang.L("Pick the household to move to."), Wrapping: fyne.TextWrapWord}
	list := &widget.List{
		Length:     func() int { return len(found.rows) },
		CreateItem: func() fyne.CanvasObject { return newRow(flexLast(100, 90)) },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(found.rows) {
				t := found.rows[id]
				setCells(o, t.number, t.who, t.address)
			}
		},
	}
	list.OnSelected = func(id widget.ListItemID) {
		if id < len(found.rows) {
			t := found.rows[id]
			chosen = &t
			picked.SetText(lang.L("Move to household {{.Number}}, {{.Address}}", map[string]any{"Number": t.number, "Address": t.address}))
		}
	}
	found.shown = func(bool) {
		chosen = nil
		list.UnselectAll()
		list.Refresh()
		picked.SetText(lang.L("Pick the household to move to."))
	}
	s, self := d.env.Store(), d.id
	search.OnChanged = func(q string) {
		found.search(searchDelay, func(ctx context.Context, _ string, _ int) ([]moveTarget, string, error) {
			targets, err := findTargets(ctx, s, q, self)
			return targets, "", err
		}, nil)
	}
	date := newDateField(storeToday(s).Format(time.DateOnly), "2006-01-02")
	note := &widget.Entry{}
	dateF, noteF := newFormField("date", lang.L("field.date"), date), newFormField("note", lang.L("Note"), note)
	general := errorLabel()
	fields := []*formField{dateF, noteF}
	var dlg *dialog.CustomDialog
	var ok *widget.Button
	save := func() {
		if chosen == nil {
			setError(general, lang.L("Pick the household to move to."))
			return
		}
		to, dt, nt := chosen.id, date.Text, note.Text
		submit(d.env, ok, func(err error) bool {
			input, _ := showFieldErrors(fields, general, err)
			return input
		}, func(ctx context.Context) error {
			return s.MoveResident(ctx, r.ID, to, dt, nt)
		}, func() {
			dlg.Hide()
			d.changed(lang.L("{{.Name}} moved to household {{.Number}}.", map[string]any{"Name": r.Name, "Number": chosen.number}))
		})
	}
	top := container.NewVBox(
		&widget.Label{Text: lang.L("Move {{.Name}} (with their history and care groups) to another household of the register.", map[string]any{"Name": r.Name}), Wrapping: fyne.TextWrapWord},
		search)
	bottom := container.NewVBox(picked, fieldGrid(2, 80, dateF, noteF), general)
	content := container.NewBorder(top, bottom, nil, nil, list)
	title := lang.L("Move {{.Name}} to another household", map[string]any{"Name": r.Name})
	dlg, ok = d.env.showFormDialog(title, lang.L("Move"), content, fyne.NewSize(760, 560), save, found.clear)
	d.env.Window.Canvas().Focus(search)
}

// findTargets finds households to move someone to: by number and
// address, and by their members' names, ID numbers and phones; not self.
func findTargets(ctx context.Context, s *data.Store, q string, self int64) ([]moveTarget, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	var out []moveTarget
	seen := map[int64]bool{self: true}
	add := func(t moveTarget) {
		if !seen[t.id] {
			seen[t.id] = true
			out = append(out, t)
		}
	}
	hp, err := s.SearchHouseholds(ctx, data.HouseholdFilter{Query: q, Limit: 30})
	if err != nil {
		return nil, err
	}
	for _, h := range hp.Rows {
		add(moveTarget{id: h.ID, number: h.Number, address: h.Address, who: h.HeadName})
	}
	rp, err := s.SearchResidents(ctx, data.ResidentFilter{Query: q, Limit: 30})
	if err != nil {
		return nil, err
	}
	for _, r := range rp.Rows {
		add(moveTarget{id: r.HouseholdID, number: r.HouseholdNumber, address: r.Address, who: r.Name})
	}
	return out, nil
}
