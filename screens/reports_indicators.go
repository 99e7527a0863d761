package screens

// The office's own indicators: a name and a filter made with the
// household list's controls (community, grid, residence type, care group,
// sex, age range, status), counted in residents or in households. The
// built-in ones are listed beside them, read-only, with their definitions.

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// ownIndicators is the second tab of the report forms' page.
type ownIndicators struct {
	env     *Env
	onSaved func()

	all     []data.ReportIndicator
	editing int64 // the ID of the own indicator in the form; 0 a new one

	list      *widget.List
	name      *widget.Entry
	unit      *widget.RadioGroup
	community *widget.Select
	grid      *widget.Entry
	residence *widget.CheckGroup
	tag       *widget.Select
	sex       *widget.Select
	status    *widget.Select
	ageMin    *widget.Entry
	ageMax    *widget.Entry
	note      *widget.Entry
	define    *widget.Label
	save      *widget.Button
	remove    *widget.Button
}

func newOwnIndicators(env *Env, onSaved func()) *ownIndicators {
	return &ownIndicators{env: env, onSaved: onSaved}
}

func (o *ownIndicators) buildUI() fyne.CanvasObject {
	o.list = &widget.List{
		Length:     func() int { return len(o.all) },
		CreateItem: func() fyne.CanvasObject { return cell("") },
		UpdateItem: func(id widget.ListItemID, c fyne.CanvasObject) {
			if id < len(o.all) {
				ind := o.all[id]
				kind := lang.L("indicator.builtin")
				switch {
				case ind.Computed():
					kind = lang.L("indicator.computed")
				case !ind.BuiltIn:
					kind = lang.L("indicator.own")
				}
				c.(*widget.Label).SetText(ind.Name + "（" + kind + "）")
			}
		},
		OnSelected: func(id widget.ListItemID) {
			if id < len(o.all) {
				o.edit(o.all[id])
			}
		},
	}
	changed := func(string) { o.preview() }
	o.name = &widget.Entry{PlaceHolder: lang.L("rp.Name of the indicator"), OnChanged: changed}
	o.unit = &widget.RadioGroup{Options: []string{data.UnitResidents, data.UnitHouseholds}, Horizontal: true, Required: true,
		Selected: data.UnitResidents, OnChanged: changed}
	o.community = filterSelect(lang.L("Community"), lang.L("(all)"), nil, changed)
	o.grid = &widget.Entry{PlaceHolder: lang.L("Grid"), OnChanged: changed}
	o.residence = &widget.CheckGroup{Options: data.ResidenceTypes, Horizontal: true, OnChanged: func([]string) { o.preview() }}
	o.tag = filterSelect(lang.L("Care group"), lang.L("(all)"), data.CareTags, changed)
	o.sex = filterSelect(lang.L("Sex"), lang.L("(all)"), data.Sexes, changed)
	o.status = filterSelect(lang.L("Status"), lang.L("(all)"), data.ActiveStatuses, changed)
	o.ageMin = &widget.Entry{PlaceHolder: lang.L("from"), OnChanged: changed}
	o.ageMax = &widget.Entry{PlaceHolder: lang.L("to"), OnChanged: changed}
	o.note = &widget.Entry{PlaceHolder: lang.L("rp.Note (what the filter does not say)"), OnChanged: changed}
	o.define = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	o.save = &widget.Button{Text: lang.L("rp.Save indicator"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: o.onSave}
	o.remove = &widget.Button{Text: lang.L("rp.Delete indicator"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: o.onDelete}
	newBtn := &widget.Button{Text: lang.L("rp.New indicator"), Icon: theme.ContentAddIcon(), OnTapped: o.onNew}
	ages := container.NewHBox(
		container.NewGridWrap(fyne.NewSize(64, o.ageMin.MinSize().Height), o.ageMin), &widget.Label{Text: "–"},
		container.NewGridWrap(fyne.NewSize(64, o.ageMax.MinSize().Height), o.ageMax))
	form := widget.NewForm(
		widget.NewFormItem(lang.L("rp.Name"), o.name),
		widget.NewFormItem(lang.L("rp.Counts"), o.unit),
		widget.NewFormItem(lang.L("Community"), container.NewGridWithColumns(2, o.community, o.grid)),
		widget.NewFormItem(lang.L("Residence type"), o.residence),
		widget.NewFormItem(lang.L("rp.Care group, sex, status"), container.NewGridWithColumns(3, o.tag, o.sex, o.status)),
		widget.NewFormItem(lang.L("Age"), ages),
		widget.NewFormItem(lang.L("rp.Note"), o.note),
	)
	right := container.NewBorder(nil, container.NewHBox(newBtn, o.remove, o.save), nil, nil,
		container.NewVScroll(container.NewVBox(form, o.define)))
	split := container.NewHSplit(o.list, right)
	split.Offset = 0.28
	o.onNew()
	return split
}

// show lists the catalogue (after a reload).
func (o *ownIndicators) show(cat []data.ReportIndicator, communities []string) {
	o.all = cat
	o.community.Options = append([]string{lang.L("(all)")}, communities...)
	o.community.Refresh()
	o.list.Refresh()
}

// onNew empties the form for a new indicator.
func (o *ownIndicators) onNew() {
	o.list.UnselectAll()
	o.fillForm(data.ReportIndicator{Unit: data.UnitResidents})
	o.editing = 0
	o.setEditable(true)
}

// edit shows an indicator: an own one to change, a built-in one to read.
func (o *ownIndicators) edit(ind data.ReportIndicator) {
	o.fillForm(ind)
	o.editing = ind.ID
	o.setEditable(!ind.BuiltIn)
}

func (o *ownIndicators) fillForm(ind data.ReportIndicator) {
	f := ind.Filter
	o.name.SetText(ind.Name)
	o.unit.SetSelected(orUnit(ind.Unit))
	setSelect(o.community, f.Community)
	o.grid.SetText(f.Grid)
	o.residence.SetSelected(f.ResidenceTypes)
	setSelect(o.tag, f.Tag)
	setSelect(o.sex, f.Sex)
	setSelect(o.status, f.Status)
	o.ageMin.SetText(ageText(f.AgeMin, f.AgeMin > 0))
	o.ageMax.SetText(ageText(f.AgeMax, f.HasAgeMax))
	o.note.SetText(ind.Note)
	o.define.SetText(ind.Definition())
}

func orUnit(u string) string {
	if u == "" {
		return data.UnitResidents
	}
	return u
}

func ageText(n int, set bool) string {
	if !set {
		return ""
	}
	return strconv.Itoa(n)
}

func (o *ownIndicators) setEditable(on bool) {
	for _, w := range []fyne.Disableable{o.name, o.unit, o.community, o.grid, o.residence, o.tag, o.sex, o.status,
		o.ageMin, o.ageMax, o.note, o.save} {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if on && o.editing != 0 {
		o.remove.Enable()
	} else {
		o.remove.Disable()
	}
}

// indicator is the indicator the form describes; a typed age that is not
// a number is ok false.
func (o *ownIndicators) indicator() (data.ReportIndicator, bool) {
	ind := data.ReportIndicator{ID: o.editing, Name: strings.TrimSpace(o.name.Text), Unit: o.unit.Selected,
		Note: strings.TrimSpace(o.note.Text)}
	f := &ind.Filter
	f.Community, f.Grid = o.community.Selected, strings.TrimSpace(o.grid.Text)
	f.ResidenceTypes = append([]string(nil), o.residence.Selected...)
	f.Tag, f.Sex, f.Status = o.tag.Selected, o.sex.Selected, o.status.Selected
	ok := true
	if t := strings.TrimSpace(o.ageMin.Text); t != "" {
		n, err := strconv.Atoi(t)
		f.AgeMin, ok = n, err == nil
	}
	if t := strings.TrimSpace(o.ageMax.Text); t != "" {
		n, err := strconv.Atoi(t)
		f.AgeMax, f.HasAgeMax, ok = n, true, ok && err == nil
	}
	return ind, ok
}

// preview shows what the indicator being edited counts.
func (o *ownIndicators) preview() {
	if o.define == nil {
		return
	}
	if ind, ok := o.indicator(); ok {
		o.define.SetText(ind.Definition())
	} else {
		o.define.SetText(lang.L("rp.Type the ages as whole numbers."))
	}
}

func (o *ownIndicators) onSave() {
	ind, ok := o.indicator()
	if !ok {
		o.env.ShowInfo(lang.L("Age"), lang.L("rp.Type the ages as whole numbers."))
		return
	}
	s := o.env.Store()
	o.env.Background(func(ctx context.Context) error { return s.SaveIndicator(ctx, &ind) }, func(err error) {
		if err != nil {
			o.env.ShowError(err)
			return
		}
		o.editing = ind.ID
		o.env.status(lang.L("rp.Indicator {{.Name}} saved.", map[string]any{"Name": ind.Name}))
		o.onSaved()
	})
}

func (o *ownIndicators) onDelete() {
	id, name := o.editing, o.name.Text
	o.env.Confirm(lang.L("rp.Delete indicator"), lang.L("rp.Delete the indicator {{.Name}}? Forms mapped to it will report it unknown.",
		map[string]any{"Name": name}), lang.L("rp.Delete indicator"), true, func() {
		s := o.env.Store()
		o.env.Background(func(ctx context.Context) error { return s.DeleteIndicator(ctx, id) }, func(err error) {
			if err != nil {
				o.env.ShowError(err)
				return
			}
			o.onNew()
			o.onSaved()
		})
	})
}
