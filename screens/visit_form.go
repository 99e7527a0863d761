package screens

// The visit form: a dialog that records one visit of a resident (from the
// visits board and from the resident's detail). The visitor is the
// account logged in; data validates (Visit.Validate) and its messages go
// beside the fields, the dialog staying open with what was typed.

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// visitForm is the dialog's inputs.
type visitForm struct {
	dialogForm
	resident int64

	date, deadline        *dateField
	time, referral, owner *widget.Entry
	notes                 *widget.Entry
	method                *widget.Select
	met                   *widget.Check
	results               []*widget.RadioGroup // by data.CheckItems
	checkNotes            []*widget.Entry
}

// ShowVisitForm opens the form for resident id (named name); saved runs
// after a visit is recorded.
func ShowVisitForm(env *Env, id int64, name string, saved func()) {
	f := newVisitForm(env, id)
	title := lang.L("visit.Record a visit: {{.Name}}", map[string]any{"Name": name})
	f.show(env, title, lang.L("Save"), fyne.NewSize(760, 640), func() { f.save(env, saved) })
}

func newVisitForm(env *Env, id int64) *visitForm {
	now := storeToday(env.Store())
	f := &visitForm{resident: id}
	f.date = newDateField(now.Format("2006-01-02"), "2026-01-31")
	f.time = &widget.Entry{Text: now.Format("15:04"), PlaceHolder: "09:30"}
	f.method = &widget.Select{Options: data.VisitMethods, Selected: data.VisitInPerson}
	f.met = &widget.Check{Text: lang.L("visit.Met the resident"), Checked: true}
	f.fields = []*formField{
		newFormField("date", lang.L("visit.Date"), f.date),
		newFormField("time", lang.L("visit.Time"), f.time),
		newFormField("method", lang.L("visit.Method"), f.method),
		newFormField("met", "", f.met),
	}
	names := []string{"health", "economy", "care", "safety", "needs"}
	for i := range data.CheckItems {
		rg := &widget.RadioGroup{Options: data.CheckResults, Horizontal: true}
		note := &widget.Entry{PlaceHolder: lang.L("visit.Note")}
		if data.CheckItems[i] == data.CheckSafety {
			note.PlaceHolder = lang.L("visit.Water, power, gas, heating")
		}
		f.results, f.checkNotes = append(f.results, rg), append(f.checkNotes, note)
		f.fields = append(f.fields, newFormField(names[i], lang.L("visit.item."+names[i]),
			container.NewBorder(nil, nil, rg, nil, note)))
	}
	f.referral = &widget.Entry{PlaceHolder: lang.L("visit.What to hand on (becomes an action)")}
	f.owner = &widget.Entry{PlaceHolder: lang.L("visit.Who follows it up")}
	f.deadline = newDateField("", lang.L("visit.Deadline (optional)"))
	f.notes = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord}
	f.notes.SetMinRowsVisible(2)
	f.fields = append(f.fields,
		newFormField("referral", lang.L("visit.Referral"), f.referral),
		newFormField("referralOwner", lang.L("visit.Referral owner"), f.owner),
		newFormField("referralDeadline", lang.L("visit.Referral deadline"), f.deadline),
		newFormField("notes", lang.L("visit.Notes"), f.notes),
	)
	return f
}

// visit is the visit the inputs describe.
func (f *visitForm) visit() *data.Visit {
	v := &data.Visit{ResidentID: f.resident, Date: f.date.Text, Time: f.time.Text, Method: f.method.Selected,
		Met: f.met.Checked, Referral: f.referral.Text, ReferralOwner: f.owner.Text, ReferralDeadline: f.deadline.Text,
		Notes: f.notes.Text}
	for i, item := range data.CheckItems {
		v.SetCheck(item, f.results[i].Selected, f.checkNotes[i].Text)
	}
	return v
}

func (f *visitForm) save(env *Env, saved func()) {
	v, s := f.visit(), env.Store()
	f.run(env, func(ctx context.Context) error { return s.RecordVisit(ctx, v) }, func() {
		msg := lang.L("visit.Visit recorded.")
		if v.ActionID != nil {
			msg = lang.L("visit.Visit recorded; the referral is on the actions board.")
		}
		if env.Status != nil {
			env.Status(msg)
		}
		if saved != nil {
			saved()
		}
	})
}
