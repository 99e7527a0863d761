package screens

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/pdf"
)

// PrintHousehold writes the registration form (住户登记表) of household
// householdID to path as a PDF: package pdf's form. It is a variable so
// that another engine (or a test) can stand in; while it is nil, printing
// tells the user it is not available.
var PrintHousehold = printHouseholdForm

func printHouseholdForm(ctx context.Context, s *data.Store, householdID int64, path string) error {
	doc, err := pdf.HouseholdForms(ctx, s, []int64{householdID}, nil)
	if err != nil {
		return err
	}
	return doc.WriteFile(path)
}

// householdDetail is one household: its data in a form, its members, its
// event timeline and the actions on them. id 0 is a new household, whose
// members can be added once it is saved.
type householdDetail struct {
	env         *Env
	id          int64
	onBack      func()
	communities communityList // offered in the form

	h        data.Household // as loaded, or the new one
	members  []data.Resident
	timeline []data.TimelineEntry

	householdSaved bool // the household's data was saved here

	title   *widget.Label
	summary *widget.Label

	recordForm
	number     *widget.Entry
	kind       *widget.Select
	community  *widget.SelectEntry
	grid       *widget.SelectEntry
	estate     *widget.Entry
	building   *widget.Entry
	unit       *widget.Entry
	room       *widget.Entry
	address    *widget.Entry
	residence  *widget.Select
	housing    *widget.Select
	phone      *widget.Entry
	phoneField *numberField // phone, masked until its eye button
	notes      *widget.Entry

	tabs         *container.AppTabs
	infoTab      *container.TabItem
	membersTab   *container.TabItem
	timelineTab  *container.TabItem
	memberList   *widget.List
	timelineList *widget.List
	history      *widget.Check
	noMembers    *widget.Label

	form       *residentForm // the member form on show, for Ctrl+S
	memberCols *columns      // the members table's columns
}

// newHouseholdDetail is household id's page (0: a new household), its
// form offering communities.
func newHouseholdDetail(env *Env, id int64, communities communityList, onBack func()) *householdDetail {
	return &householdDetail{env: env, id: id, communities: communities, onBack: onBack}
}

// setCommunities offers the register's communities and grids in the form
// (the list reads them once for its filters).
func (d *householdDetail) setCommunities(c communityList) {
	d.communities = c
	d.community.SetOptions(c.names)
	d.grid.SetOptions(c.allGrids())
}

// Member columns: name, relation, sex, birth date, age, ID number,
// phone, status; the care tags take the rest before the buttons.
var memberColumns = flexLast(90, 72, 44, 96, 44, 170, 112, 44)

// Timeline columns: date, kind, name, operator; the details take the rest.
var timelineColumns = flexLast(110, 72, 90, 90)

func (d *householdDetail) buildUI() fyne.CanvasObject {
	printBtn := &widget.Button{Text: lang.L("Print"), Icon: theme.DocumentPrintIcon(), OnTapped: d.Print}
	d.env.offer(CapPrint, printBtn)
	var header fyne.CanvasObject
	d.title, d.summary, header = detailHeader(d.leaveThen(d.onBack), printBtn, d.mark())
	d.infoTab = container.NewTabItemWithIcon(lang.L("Household data"), theme.DocumentIcon(), d.buildForm())
	d.membersTab = container.NewTabItemWithIcon(lang.L("Members"), theme.AccountIcon(), d.buildMembers())
	d.timelineTab = container.NewTabItemWithIcon(lang.L("Event timeline"), theme.HistoryIcon(), d.buildTimeline())
	d.tabs = recordTabs(&d.recordForm, d.id == 0, d.infoTab, d.membersTab, d.infoTab, d.timelineTab)
	return detailLayout(d.tabs, header)
}

func (d *householdDetail) buildForm() fyne.CanvasObject {
	d.number = d.entry(lang.L("Left empty, one is given on saving"))
	d.kind = d.choice(data.HouseholdKinds)
	d.community = widget.NewSelectEntry(nil)
	d.community.OnChanged = d.onInput
	d.grid = widget.NewSelectEntry(nil)
	d.grid.OnChanged = d.onInput
	d.estate = d.entry(lang.L("Estate or road"))
	d.building = d.entry("")
	d.unit = d.entry("")
	d.room = d.entry("")
	d.address = d.entry(lang.L("Left empty, made of estate, building, unit and room"))
	d.residence = d.choice(data.ResidenceTypes)
	d.housing = d.choice(data.Housings)
	d.phone = d.entry(lang.L("placeholder.phone"))
	d.notes = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, OnChanged: d.onInput}
	d.notes.SetMinRowsVisible(3)
	d.phone.OnSubmitted = func(string) { d.saveHousehold() }

	f := func(name string, input fyne.CanvasObject) *formField {
		return newFormField(name, lang.L("field."+name), input)
	}
	number, kind := f("number", d.number), f("kind", d.kind)
	community, grid := f("community", d.community), f("grid", d.grid)
	estate, building := f("estate", d.estate), f("building", d.building)
	unit, room := f("unit", d.unit), f("room", d.room)
	residence, housing := f("residenceType", d.residence), f("housing", d.housing)
	d.phoneField = newNumberField(d.env, "households", data.FieldPhone, d.phone)
	phone, address, notes := f("phone", d.phoneField), f("address", d.address), f("notes", d.notes)
	d.fields = []*formField{number, kind, community, grid, estate, building, unit, room, address, residence, housing, phone, notes}
	d.setCommunities(d.communities)

	d.initForm(d.env, d.saveHousehold)
	// A reader (领导) sees the household; nothing offers to change it.
	d.env.offer(CapRegisterWrite, d.saveBtn, d.savedNote)
	labelW := labelsWidth(80, d.fields...)
	body := container.NewVBox(
		fieldGrid(2, labelW, number, kind, community, grid, estate, building, unit, room, residence, housing, phone),
		fieldGrid(1, labelW, address, notes),
		d.general,
		container.NewHBox(d.saveBtn, d.savedNote),
	)
	return container.NewVScroll(container.NewPadded(body))
}

func (d *householdDetail) buildMembers() fyne.CanvasObject {
	moveIn := &widget.Button{Text: lang.L("Register a move-in"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance,
		OnTapped: func() { d.onAddMember(data.EventMoveIn) }}
	birth := &widget.Button{Text: lang.L("Register a birth"), Icon: theme.ContentAddIcon(),
		OnTapped: func() { d.onAddMember(data.EventBirth) }}
	d.history = &widget.Check{Text: lang.L("Show moved-out and deceased members"), OnChanged: func(bool) { d.reload() }}
	d.memberList = &widget.List{
		Length:     func() int { return len(d.members) },
		CreateItem: d.createMemberRow,
		UpdateItem: d.updateMemberRow,
	}
	d.noMembers = &widget.Label{Text: lang.L("No members yet: register a move-in or a birth."), Alignment: fyne.TextAlignCenter}
	d.noMembers.Hide()
	// An empty box as wide as a row's buttons keeps the columns in line.
	spacer := container.New(&fixedWidth{w: d.memberButtons().MinSize().Width})
	titles, cols := headerRow(memberColumns, lang.L("Name"), lang.L("Relation (short)"), lang.L("Sex"),
		lang.L("Birth date"), lang.L("Age"), lang.L("ID number"), lang.L("Phone"), lang.L("Status"), lang.L("Care groups"))
	d.memberCols = cols
	header := container.NewBorder(nil, nil, nil, spacer, titles)
	d.env.offer(CapRegisterWrite, moveIn, birth)
	tools := container.NewBorder(nil, nil, container.NewHBox(moveIn, birth), nil, container.NewHBox(d.history))
	return container.NewBorder(container.NewVBox(tools, header), nil, nil, nil, container.NewStack(d.memberList, d.noMembers))
}

// memberButtons are a member row's buttons.
func (d *householdDetail) memberButtons() *fyne.Container {
	edit := &widget.Button{Text: lang.L("Edit"), Icon: theme.DocumentCreateIcon()}
	more := &widget.Button{Text: lang.L("Events…"), Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText}
	d.env.offer(CapRegisterWrite, edit, more)
	return container.NewHBox(edit, more)
}

func (d *householdDetail) createMemberRow() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, d.memberButtons(), newRow(d.memberCols))
}

func (d *householdDetail) updateMemberRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(d.members) {
		return
	}
	r := d.members[id]
	c := o.(*fyne.Container)
	row, buttons := c.Objects[0].(*fyne.Container), c.Objects[1].(*fyne.Container)
	age := ""
	if a := r.Age(storeToday(d.env.Store())); a >= 0 {
		age = strconv.Itoa(a)
	}
	birth := r.BirthDate
	// The list masks the numbers; the member form's eye button shows one
	// whole, with a reason, recorded.
	texts := []string{r.Name, r.Relation, r.Sex, birth, age, data.MaskID(r.IDNumber), data.MaskPhone(r.Phone), r.Status,
		strings.Join(r.CareTags(storeToday(d.env.Store())), "、")}
	for i, t := range texts {
		l := row.Objects[i].(*widget.Label)
		l.Importance = widget.MediumImportance
		if !r.Active() {
			l.Importance = widget.LowImportance
		}
		l.SetText(t)
	}
	edit, more := buttons.Objects[0].(*widget.Button), buttons.Objects[1].(*widget.Button)
	edit.OnTapped = func() { d.onEditMember(r) }
	more.OnTapped = func() { d.showMemberMenu(r, more) }
}

// showMemberMenu offers the events that can happen to member r.
func (d *householdDetail) showMemberMenu(r data.Resident, at fyne.CanvasObject) {
	var items []*fyne.MenuItem
	if r.Active() {
		items = append(items,
			fyne.NewMenuItem(lang.L("Register a move-out…"), func() { d.onEvent(r, data.EventMoveOut) }),
			fyne.NewMenuItem(lang.L("Register a death…"), func() { d.onEvent(r, data.EventDeath) }),
			fyne.NewMenuItem(lang.L("Move to another household…"), func() { d.onMove(r) }),
		)
		if d.h.HeadID == nil || *d.h.HeadID != r.ID {
			items = append(items, fyne.NewMenuItem(lang.L("Make head of household"), func() { d.onSetHead(r) }))
		}
		items = append(items, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("visit.Record visit…"), func() { ShowVisitForm(d.env, r.ID, r.Name, nil) }),
			fyne.NewMenuItem(lang.L("visit.Open visits"), func() { ShowVisits(d.env, r.ID, r.Name) }),
			fyne.NewMenuItemSeparator())
	}
	items = append(items, fyne.NewMenuItem(lang.L("Record a correction…"), func() { d.onEvent(r, data.EventCorrection) }))
	showMenu(d.env, at, items)
}

func (d *householdDetail) buildTimeline() fyne.CanvasObject {
	header, cols := headerRow(timelineColumns, lang.L("Date"), lang.L("Event"), lang.L("Name"),
		lang.L("Operator"), lang.L("Note"))
	d.timelineList = &widget.List{
		Length:     func() int { return len(d.timeline) },
		CreateItem: func() fyne.CanvasObject { return newRow(cols) },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(d.timeline) {
				e := d.timeline[id]
				setCells(o, e.Date, e.Kind, e.ResidentName, orDash(e.Operator), d.eventDetails(e))
			}
		},
	}
	return container.NewBorder(header, nil, nil, nil, d.timelineList)
}

// eventDetails is the note of an event, with where a move went.
func (d *householdDetail) eventDetails(e data.TimelineEntry) string {
	var parts []string
	if e.Kind == data.EventTransfer {
		parts = append(parts, lang.L("From household {{.From}} to {{.To}}", map[string]any{"From": e.FromNumber, "To": e.ToNumber}))
	}
	if e.Note != "" {
		parts = append(parts, e.Note)
	}
	return strings.Join(parts, "；")
}

// detailData is what reload reads off the UI goroutine.
type detailData struct {
	h        data.Household
	members  []data.Resident
	timeline []data.TimelineEntry
}

// reload reads the household, its members and its timeline again. The
// form keeps unsaved edits.
func (d *householdDetail) reload() {
	withHistory := d.history.Checked
	reloadDetail(d.env, &d.id, func(ctx context.Context, s *data.Store, id int64) (v detailData, err error) {
		if id == 0 {
			return v, nil
		}
		if v.h, err = s.Household(ctx, id); err != nil {
			return v, err
		}
		if v.members, err = s.Members(ctx, id, withHistory); err != nil {
			return v, err
		}
		v.timeline, err = s.HouseholdTimeline(ctx, id)
		return v, err
	}, d.show)
}

func (d *householdDetail) show(v detailData) {
	if d.id == 0 {
		d.title.SetText(lang.L("New household"))
		d.summary.SetText(lang.L("Fill in the household's data and save; then add its members."))
		if !d.dirty || !d.loaded {
			d.fill(data.Household{Kind: data.HouseholdFamily, ResidenceType: data.ResidenceLocal})
		}
		return
	}
	d.h, d.members, d.timeline = v.h, v.members, v.timeline
	d.title.SetText(lang.L("Household {{.Number}}", map[string]any{"Number": v.h.Number}))
	parts := []string{v.h.Community + " " + v.h.Grid, v.h.Address, v.h.ResidenceType}
	if head := d.head(); head != "" {
		parts = append([]string{lang.L("Head: {{.Name}}", map[string]any{"Name": head})}, parts...)
	}
	d.summary.SetText(strings.Join(parts, " · "))
	if !d.dirty || !d.loaded {
		d.fill(v.h)
	}
	active := 0
	for _, m := range d.members {
		if m.Active() {
			active++
		}
	}
	d.membersTab.Text = lang.L("Members ({{.N}})", map[string]any{"N": active})
	d.timelineTab.Text = lang.L("Event timeline ({{.N}})", map[string]any{"N": len(d.timeline)})
	d.tabs.Refresh()
	showWhen(d.noMembers, len(d.members) == 0)
	d.memberList.Refresh()
	d.timelineList.Refresh()
}

// head is the name of the head of household, or "".
func (d *householdDetail) head() string {
	if d.h.HeadID == nil {
		return ""
	}
	for _, m := range d.members {
		if m.ID == *d.h.HeadID {
			return m.Name
		}
	}
	return ""
}

// fill puts h in the form.
func (d *householdDetail) fill(h data.Household) {
	d.load(func() {
		d.number.SetText(h.Number)
		selectValue(d.kind, h.Kind)
		d.community.SetText(h.Community)
		d.grid.SetText(h.Grid)
		d.estate.SetText(h.Estate)
		d.building.SetText(h.Building)
		d.unit.SetText(h.Unit)
		d.room.SetText(h.Room)
		d.address.SetText(h.Address)
		selectValue(d.residence, h.ResidenceType)
		selectValue(d.housing, h.Housing)
		d.phoneField.set(h.ID, h.Phone)
		d.notes.SetText(h.Notes)
	})
}

// values is the household as the form has it.
func (d *householdDetail) values() data.Household {
	h := d.h
	h.Number = d.number.Text
	h.Kind = d.kind.Selected
	h.Community = d.community.Text
	h.Grid = d.grid.Text
	h.Estate = d.estate.Text
	h.Building = d.building.Text
	h.Unit = d.unit.Text
	h.Room = d.room.Text
	h.Address = d.address.Text
	h.ResidenceType = d.residence.Selected
	h.Housing = d.housing.Selected
	h.Phone = d.phoneField.value()
	h.Notes = d.notes.Text
	return h
}

// Save saves the member form when one is open, else the household
// (Ctrl+S).
func (d *householdDetail) Save() {
	if d.form != nil {
		d.form.save()
		return
	}
	d.saveHousehold()
}

// saveHousehold checks the form, showing each message under its field,
// and saves it when all is well. A refused form saves nothing.
func (d *householdDetail) saveHousehold() {
	v := d.values()
	check := v
	s, isNew := d.env.Store(), d.id == 0
	d.saveForm(d.env, check.Validate(), func(ctx context.Context) error {
		if isNew {
			return s.CreateHousehold(ctx, &v)
		}
		return s.UpdateHousehold(ctx, &v)
	}, func() {
		d.householdSaved = true
		d.env.status(lang.L("Household {{.Number}} saved.", map[string]any{"Number": v.Number}))
		if isNew {
			d.id = v.ID
			d.h = v
			d.tabs.EnableItem(d.membersTab)
			d.tabs.EnableItem(d.timelineTab)
			d.tabs.Select(d.membersTab)
		}
		d.reload()
	})
}

// Print writes the household's registration form and opens it (Ctrl+P).
func (d *householdDetail) Print() {
	if d.id == 0 {
		d.env.ShowInfo(lang.L("Print"), lang.L("Save the household before printing it."))
		return
	}
	if PrintHousehold == nil {
		d.env.ShowInfo(lang.L("Print"), lang.L("Printing the household registration form is not available yet."))
		return
	}
	s, id, number := d.env.Store(), d.id, d.h.Number
	path := outputPath(s, lang.L("household-form")+"-"+number, "pdf")
	d.env.RunJob(lang.L("Printing"), func(ctx context.Context, _ func(int, int)) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		return PrintHousehold(ctx, s, id, path)
	}, func(err error) {
		if err != nil {
			d.env.ShowError(err)
			return
		}
		showWritten(d.env, path, lang.L("win.PDF saved: {{.Path}}", map[string]any{"Path": path}))
	})
}

// onAddMember opens the member form for a newcomer, arriving by kind
// (迁入 or 出生).
func (d *householdDetail) onAddMember(kind string) {
	d.openForm(newResidentForm(d, data.Resident{HouseholdID: d.id}, kind))
}

func (d *householdDetail) onEditMember(r data.Resident) {
	d.openForm(newResidentForm(d, r, ""))
}

func (d *householdDetail) openForm(f *residentForm) {
	d.form = f
	f.show(func() {
		if d.form == f {
			d.form = nil
		}
	})
}

// changed follows any change to the members: read everything again.
func (d *householdDetail) changed(msg string) {
	if msg != "" {
		d.env.status(msg)
	}
	d.reload()
}

// onSetHead makes r the head after asking.
func (d *householdDetail) onSetHead(r data.Resident) {
	msg := lang.L("Make {{.Name}} the head of household? The present head's relation becomes “other”; correct it afterwards.", map[string]any{"Name": r.Name})
	d.env.Confirm(lang.L("Make head of household"), msg, lang.L("Make head of household"), false, func() {
		s, hid := d.env.Store(), d.id
		d.env.Background(func(ctx context.Context) error {
			return s.SetHead(ctx, hid, r.ID)
		}, func(err error) {
			if err != nil {
				d.env.ShowError(err)
				return
			}
			d.changed(lang.L("{{.Name}} is now the head of household.", map[string]any{"Name": r.Name}))
		})
	})
}

// showFormDialog shows a form in a dialog whose confirm button does not
// close it, so a refused form stays open with its messages. Esc and
// Cancel close it; onClosed runs after.
func (e *Env) showFormDialog(title, confirm string, content fyne.CanvasObject, size fyne.Size, onConfirm func(), onClosed func()) (*dialog.CustomDialog, *widget.Button) {
	d := dialog.NewCustomWithoutButtons(title, content, e.Window)
	ok := &widget.Button{Text: confirm, Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: onConfirm}
	// 取消 and Esc ask before they drop what was typed (guard.go).
	before := inputValues(content)
	leave := func() {
		if !changedSince(content, before) {
			d.Hide()
			return
		}
		askLeave(e, onConfirm, func() {}, d.Hide)
	}
	cancel := &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon(), OnTapped: leave}
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(size)
	x := e.pushEscape(leave)
	d.SetOnClosed(func() {
		e.popEscape(x)
		if onClosed != nil {
			onClosed()
		}
	})
	d.Show()
	return d, ok
}
