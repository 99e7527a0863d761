package screens

// The participants tab: who was invited and who came. Participants are
// added by hand or picked from the registers — a resident found by data's
// resident search, an organization from the organization register — and
// then linked to it. The attendance is chosen in the row itself, since on
// the day it is ticked for everyone; the quorum line above the table
// follows it.

import (
	"context"
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

type participantsTab struct {
	d *meetingEditor

	quorum *widget.Label
	childTable
	residents *widget.Button
	orgs      *widget.Button

	picker  *regPicker    // the register picker shown last (tests)
	dlgName *widget.Entry // the participant form on show (tests)
	dlgOK   *widget.Button
	dlgMsg  *widget.Label
}

// Participant columns: seq, name, category, unit (the rest, at least
// 160), attendance, phone, note.
var participantColumns = flexAt(3, 36, 100, 110, 160, 110, 120, 120)

func (t *participantsTab) build() fyne.CanvasObject {
	t.quorum = &widget.Label{Wrapping: fyne.TextWrapWord}
	t.residents = &widget.Button{Text: lang.L("mtg.From the residents…"), Icon: theme.AccountIcon(), OnTapped: t.onPickResidents}
	t.orgs = &widget.Button{Text: lang.L("mtg.From the organizations…"), Icon: theme.HomeIcon(), OnTapped: t.onPickOrganizations}
	signIn := &widget.Button{Text: lang.L("mtg.Print the sign-in sheet"), Icon: theme.DocumentPrintIcon(),
		OnTapped: func() { saveMeetingDoc(t.d.env, t.d.m, signInDoc()) }}
	header, cols := headerRow(participantColumns, "#", lang.L("Name"), lang.L("mtg.Category"),
		lang.L("mtg.Unit"), lang.L("mtg.Attendance"), lang.L("Phone"), lang.L("Note"))
	t.initTable(lang.L("mtg.Add participant"), lang.L("mtg.No participants yet."), func() { t.edit(-1) },
		func() int { return len(t.d.m.Participants) }, cols, t.rowButtons, t.updateRow)
	t.list.CreateItem = func() fyne.CanvasObject {
		cells := newRow(cols)
		cells.Objects[4] = &widget.Select{Options: data.Attendances}
		return toolRow(cells, t.rowButtons())
	}
	tools := container.NewBorder(nil, nil, container.NewHBox(t.addBtn, t.residents, t.orgs), container.NewHBox(signIn))
	return t.tableBody(tools, t.quorum, toolHeader(header, t.rowButtons()))
}

func (t *participantsTab) rowButtons() *fyne.Container {
	edit := newTipButton(theme.DocumentCreateIcon(), "tip.Edit", nil)
	remove := newTipButton(theme.DeleteIcon(), "tip.Delete", nil)
	return fixedTools(edit, remove)
}

func (t *participantsTab) updateRow(id int, row, buttons *fyne.Container) {
	ps := t.d.m.Participants
	if id >= len(ps) {
		return
	}
	p := ps[id]
	name := p.Name
	if p.ResidentID != nil || p.OrganizationID != nil {
		name += " *" // linked to a register
	}
	setCells(row, strconv.Itoa(id+1), name, p.Category, p.Unit, "", p.Phone, p.Note)
	att := row.Objects[4].(*widget.Select)
	att.OnChanged = nil
	att.SetSelected(p.Attendance)
	enableWhen(att, !t.d.readOnly)
	att.OnChanged = func(v string) {
		if v == p.Attendance {
			return
		}
		t.setAttendance(id, p, v)
	}
	edit, remove := toolButton(buttons.Objects[0]), toolButton(buttons.Objects[1])
	edit.OnTapped = func() { t.edit(id) }
	remove.OnTapped = func() { t.remove(id, p) }
	showWhen(edit, !t.d.readOnly)
	showWhen(remove, !t.d.readOnly)
}

func (t *participantsTab) refresh() {
	m := &t.d.m
	args := map[string]any{"Present": m.Present(), "Base": m.QuorumBase(), "Needed": m.QuorumNeeded(), "Percent": m.Quorum()}
	switch {
	case m.QuorumBase() == 0:
		t.quorum.SetText(lang.L("mtg.No one invited yet."))
		t.quorum.Importance = widget.MediumImportance
	case m.HasQuorum():
		t.quorum.SetText(lang.L("mtg.{{.Present}} of {{.Base}} present; the quorum is {{.Needed}} (more than {{.Percent}}%): reached.", args))
		t.quorum.Importance = widget.SuccessImportance
	default:
		t.quorum.SetText(lang.L("mtg.{{.Present}} of {{.Base}} present; the quorum is {{.Needed}} (more than {{.Percent}}%): not reached.", args))
		t.quorum.Importance = widget.WarningImportance
	}
	t.quorum.Refresh()
	t.refreshTable(len(m.Participants), !t.d.readOnly, t.residents, t.orgs)
}

func (t *participantsTab) setAttendance(i int, p data.Participant, v string) {
	t.d.saveChildren(func(m *data.Meeting) {
		if i < len(m.Participants) && m.Participants[i].ID == p.ID {
			m.Participants[i].Attendance = v
		}
	}, func(err error) {
		if err != nil {
			t.d.env.ShowError(err)
			t.list.Refresh()
		}
	})
}

func (t *participantsTab) remove(i int, p data.Participant) {
	msg := lang.L("mtg.Remove {{.Name}} from the participants?", map[string]any{"Name": p.Name})
	t.d.confirmRemove(lang.L("mtg.Remove participant"), msg, func(m *data.Meeting) {
		m.Participants = dropAt(m.Participants, i, func(x data.Participant) bool { return x.ID == p.ID })
	})
}

// edit opens the participant form for row i (-1: a new participant).
func (t *participantsTab) edit(i int) {
	var p data.Participant
	if i >= 0 && i < len(t.d.m.Participants) {
		p = t.d.m.Participants[i]
	} else {
		p = data.Participant{Attendance: data.AttendPresent, Category: data.CategoryResidentRep}
	}
	name := &widget.Entry{Text: p.Name}
	category := &widget.Select{Options: data.ParticipantCategories, PlaceHolder: choose()}
	selectValue(category, p.Category)
	unit := &widget.Entry{Text: p.Unit, PlaceHolder: lang.L("mtg.Unit or organization, as printed")}
	attendance := &widget.Select{Options: data.Attendances}
	selectValue(attendance, p.Attendance)
	phone := &widget.Entry{Text: p.Phone, PlaceHolder: lang.L("placeholder.phone")}
	note := &widget.Entry{Text: p.Note}
	msg := errorLabel()
	link := &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	switch {
	case p.ResidentID != nil:
		link.SetText(lang.L("mtg.Linked to a resident of the register."))
	case p.OrganizationID != nil:
		link.SetText(lang.L("mtg.Linked to an organization of the register."))
	default:
		link.Hide()
	}
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: lang.L("Name"), Widget: name},
		{Text: lang.L("mtg.Category"), Widget: category},
		{Text: lang.L("mtg.Unit"), Widget: unit},
		{Text: lang.L("mtg.Attendance"), Widget: attendance},
		{Text: lang.L("Phone"), Widget: phone},
		{Text: lang.L("Note"), Widget: note},
	}}
	content := container.NewVBox(form, link, msg)
	save := func(c *childDialog) {
		v := p
		v.Name, v.Category, v.Unit, v.Attendance, v.Phone, v.Note = name.Text, category.Selected, unit.Text, attendance.Selected, phone.Text, note.Text
		v.Seq = seqOf(i, len(t.d.m.Participants))
		check := v
		c.save(check.Validate(), func(m *data.Meeting) { m.Participants = putAt(m.Participants, i, v) },
			lang.L("mtg.{{.Name}} saved in the participants.", map[string]any{"Name": v.Name}))
	}
	c := t.d.editChild(i, lang.L("mtg.Add participant"), lang.L("mtg.Edit participant"), content, fyne.NewSize(520, 0), msg, save, func() {
		t.dlgName, t.dlgOK, t.dlgMsg = nil, nil, nil
	})
	phone.OnSubmitted = func(string) { save(c) }
	note.OnSubmitted = func(string) { save(c) }
	t.dlgName, t.dlgOK, t.dlgMsg = name, c.ok, msg
	t.d.env.Window.Canvas().Focus(name)
}

// addLinked adds participants picked from a register, those already on
// the list left out; done gets how many were added.
func (t *participantsTab) addLinked(ps []data.Participant, done func(added int, err error)) {
	var fresh []data.Participant
	for _, p := range ps {
		if !t.hasLink(p) {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 {
		done(0, nil)
		return
	}
	t.d.saveChildren(func(m *data.Meeting) {
		m.Participants = append(m.Participants, fresh...)
	}, func(err error) { done(len(fresh), err) })
}

func (t *participantsTab) hasLink(p data.Participant) bool {
	for _, q := range t.d.m.Participants {
		if p.ResidentID != nil && q.ResidentID != nil && *p.ResidentID == *q.ResidentID {
			return true
		}
		if p.ResidentID == nil && p.OrganizationID != nil && q.OrganizationID != nil && *p.OrganizationID == *q.OrganizationID && p.Name == q.Name {
			return true
		}
	}
	return false
}

// residentParticipant is a resident of the register as a participant: a
// residents' representative from their community.
func residentParticipant(r data.ResidentRow) data.Participant {
	id := r.ID
	return data.Participant{Name: r.Name, Category: data.CategoryResidentRep, Unit: r.Community,
		ResidentID: &id, Attendance: data.AttendPresent}
}

// orgParticipant is an organization as a participant: its contact (or
// legal representative) for the organization.
func orgParticipant(o data.Organization) data.Participant {
	id := o.ID
	name := o.Contact
	if name == "" {
		name = o.LegalRep
	}
	if name == "" {
		name = o.Name
	}
	return data.Participant{Name: name, Category: data.CategorySocialOrg, Unit: o.Name, OrganizationID: &id,
		Attendance: data.AttendPresent, Phone: o.Phone}
}

func (t *participantsTab) onPickResidents() {
	s := t.d.env.Store()
	t.picker = showRegPicker(t.d.env, lang.L("mtg.Add participants from the residents"),
		lang.L("Name, pinyin (zs, zhangsan), ID number or its last 4–6, phone, address"),
		func(ctx context.Context, q string) ([]regPickItem, error) {
			if strings.TrimSpace(q) == "" {
				return nil, nil
			}
			p, err := s.SearchResidents(ctx, data.ResidentFilter{Query: q, Limit: 30})
			var items []regPickItem
			for _, r := range p.Rows {
				age := ""
				if r.Age >= 0 {
					age = lang.L("mtg.{{.N}} years", map[string]any{"N": r.Age})
				}
				items = append(items, regPickItem{
					label: strings.Join(nonEmptyParts(r.Name, r.Sex, age, r.IDNumber), " · "),
					note:  strings.Join(nonEmptyParts(r.Community, r.Address), " "),
					value: r,
				})
			}
			return items, err
		},
		func(it regPickItem, done func(string)) {
			r := it.value.(data.ResidentRow)
			t.addLinked([]data.Participant{residentParticipant(r)}, func(n int, err error) {
				done(t.pickedMessage(r.Name, n, err))
			})
		})
}

func (t *participantsTab) onPickOrganizations() {
	s := t.d.env.Store()
	t.picker = showRegPicker(t.d.env, lang.L("mtg.Add participants from the organizations"), lang.L("mtg.Name, pinyin initials or credit code"),
		findActiveOrganizations(s),
		func(it regPickItem, done func(string)) {
			o := it.value.(data.Organization)
			t.addLinked([]data.Participant{orgParticipant(o)}, func(n int, err error) {
				done(t.pickedMessage(o.Name, n, err))
			})
		})
}

func (t *participantsTab) pickedMessage(name string, added int, err error) string {
	switch {
	case err != nil:
		text, _ := inputMessages(err)
		return text
	case added == 0:
		return lang.L("mtg.{{.Name}} is already a participant.", map[string]any{"Name": name})
	}
	return lang.L("mtg.{{.Name}} added.", map[string]any{"Name": name})
}

func nonEmptyParts(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// findActiveOrganizations finds the active organizations matching a
// search, for a register picker.
func findActiveOrganizations(s *data.Store) func(ctx context.Context, q string) ([]regPickItem, error) {
	return func(ctx context.Context, q string) ([]regPickItem, error) {
		p, err := s.ListOrganizations(ctx, data.OrganizationFilter{Query: q, Status: data.OrgActive, Limit: 30})
		var items []regPickItem
		for _, o := range p.Rows {
			items = append(items, regPickItem{label: o.Name, note: strings.Join(nonEmptyParts(o.Type, o.Contact, o.Phone), " · "), value: o})
		}
		return items, err
	}
}

// regPickItem is one row of a register picker.
type regPickItem struct {
	label, note string
	value       any
}

// regPicker is a dialog with a search box over a register; tapping a row
// calls onPick, which reports back a message (added, or why not). It
// stays open so that several can be picked in a row.
type regPicker struct {
	search *widget.Entry
	list   *widget.List
	found  pager[regPickItem]
	note   *widget.Label
	dlg    dialog.Dialog
}

func showRegPicker(env *Env, title, placeholder string, find func(ctx context.Context, q string) ([]regPickItem, error),
	onPick func(it regPickItem, done func(msg string))) *regPicker {
	p := &regPicker{}
	p.search = &widget.Entry{PlaceHolder: placeholder}
	p.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.note = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance,
		Text: lang.L("mtg.Tap a row to add it; the dialog stays open for more.")}
	p.list = &widget.List{
		Length: func() int { return len(p.found.rows) },
		CreateItem: func() fyne.CanvasObject {
			return container.NewVBox(&widget.Label{Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}},
				&widget.Label{Truncation: fyne.TextTruncateEllipsis, Importance: widget.LowImportance})
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(p.found.rows) {
				c := o.(*fyne.Container)
				c.Objects[0].(*widget.Label).SetText(p.found.rows[id].label)
				c.Objects[1].(*widget.Label).SetText(p.found.rows[id].note)
			}
		},
	}
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.found.rows) {
			onPick(p.found.rows[id], func(msg string) { p.note.SetText(msg) })
		}
	}
	// The search waits for the typing pause and drops an older search's
	// rows, as a list page's does; a failure is said in the note.
	p.found = pager[regPickItem]{env: env, shown: func(bool) { p.list.Refresh() }, counted: func(int, bool, bool) {},
		failed: func(err error) { p.note.SetText(Message(err)) }}
	run := func(delay time.Duration) {
		q := p.search.Text
		p.found.search(delay, func(ctx context.Context, _ string, _ int) ([]regPickItem, string, error) {
			items, err := find(ctx, q)
			return items, "", err
		}, nil)
	}
	p.search.OnChanged = func(string) { run(searchDelay) }
	p.search.OnSubmitted = func(string) { run(0) }
	content := container.NewBorder(container.NewVBox(p.search, p.note), nil, nil, nil, p.list)
	p.dlg = showClosable(env, title, content, fyne.NewSize(640, 520))
	env.Window.Canvas().Focus(p.search)
	run(0)
	return p
}
