package screens

// Forms: the fields of a record's form and of a dialog, each with its
// message under it; the one way a record's page saves its form
// (recordForm.saveForm) and reads its record again (reloadDetail). Every
// rule is package data's: a form asks Validate first, to show the
// messages beside the fields, and the store decides.

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// formField is one field of a form: its widget, its label and
// the line under it for its message. name is the JSON name data's errors
// carry in Args["Field"].
type formField struct {
	name  string
	label string
	input fyne.CanvasObject
	err   *widget.Label
	hint  *widget.Label     // optional: a note under the input
	after fyne.CanvasObject // optional: under the message (an action it offers)
}

func newFormField(name, label string, input fyne.CanvasObject) *formField {
	return &formField{name: name, label: label, input: input, err: errorLabel()}
}

// cell lays the field out: the input with its message under it.
func (f *formField) cell() fyne.CanvasObject {
	objs := []fyne.CanvasObject{f.input}
	if f.hint != nil {
		objs = append(objs, f.hint)
	}
	objs = append(objs, f.err)
	if f.after != nil {
		objs = append(objs, f.after)
	}
	return container.NewVBox(objs...)
}

// fieldGrid lays fields out as label–input pairs in cols columns, every
// label labelW wide. Each row is as tall as its own fields (a message
// under one field does not stretch every row).
func fieldGrid(cols int, labelW float32, fields ...*formField) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	var row []fyne.CanvasObject
	for i, f := range fields {
		label := &widget.Label{Text: f.label, Alignment: fyne.TextAlignTrailing, Truncation: fyne.TextTruncateEllipsis}
		row = append(row, container.NewBorder(nil, nil,
			container.NewVBox(container.New(&fixedWidth{w: labelW}, label)),
			nil, f.cell()))
		if len(row) == cols || i == len(fields)-1 {
			for len(row) < cols {
				row = append(row, layout.NewSpacer())
			}
			rows = append(rows, container.NewGridWithColumns(cols, row...))
			row = nil
		}
	}
	return container.NewVBox(rows...)
}

// choose is the placeholder of a form's select.
func choose() string { return lang.L("(choose)") }

// showFieldErrors puts the messages in err under the fields they name and
// the rest in general. It reports whether err was about the input (every
// part a *data.Error); anything else the caller shows in a dialog.
func showFieldErrors(fields []*formField, general *widget.Label, err error) (input bool, first *formField) {
	for _, f := range fields {
		setError(f.err, "")
	}
	setError(general, "")
	if err == nil {
		return false, nil
	}
	byField := map[string]*formField{}
	for _, f := range fields {
		byField[f.name] = f
	}
	msgs := map[*formField][]string{}
	var rest []string
	input = true
	for _, e := range flatten(err) {
		var de *data.Error
		if !errors.As(e, &de) {
			input = false
			continue
		}
		name, _ := de.Args["Field"].(string)
		if f := byField[name]; f != nil {
			msgs[f] = append(msgs[f], lang.L(de.Key, de.Args))
			if first == nil {
				first = f
			}
			continue
		}
		rest = append(rest, Message(de))
	}
	for f, m := range msgs {
		setError(f.err, strings.Join(m, "\n"))
	}
	setError(general, strings.Join(rest, "\n"))
	return input, first
}

// labelsWidth is the width of the widest of the fields' labels, at least
// least and at most 180, so a form's columns line up in any language.
func labelsWidth(least float32, fields ...*formField) float32 {
	w := least
	for _, f := range fields {
		w = max(w, textWidth(f.label, fyne.TextStyle{}))
	}
	return min(w, 180)
}

// fieldNamed is the field of fields called name, or nil.
func fieldNamed(fields []*formField, name string) *formField {
	for _, f := range fields {
		if f.name == name {
			return f
		}
	}
	return nil
}

// focusField puts the cursor in f's input, if it takes one and is not
// disabled.
func focusField(env *Env, f *formField) {
	if f == nil {
		return
	}
	fo, ok := f.input.(fyne.Focusable)
	if !ok {
		return
	}
	if w, ok := f.input.(fyne.Disableable); ok && w.Disabled() {
		return
	}
	env.Window.Canvas().Focus(fo)
}

// inputError is a message about a field's text that is not even a value
// (an amount that is not a number): data's Validate never sees it.
func inputError(field, key string, args map[string]any) error {
	a := map[string]any{"Field": field}
	for k, v := range args {
		a[k] = v
	}
	return &data.Error{Key: key, Args: a}
}

// submit runs write off the UI goroutine with button disabled, then done
// on success. A failure goes to refused, which shows data's refusal of
// the input and reports whether it was one; anything else is shown in a
// dialog.
func submit(env *Env, button *widget.Button, refused func(error) bool, write func(ctx context.Context) error, done func()) {
	button.Disable()
	env.Background(write, func(err error) {
		button.Enable()
		if err != nil {
			if !refused(err) {
				env.ShowError(err)
			}
			return
		}
		done()
	})
}

// recordForm is the form of a record's page: its fields with their
// messages, the line for the messages no field takes, the save button
// with "Saved." beside it, and focusTab, which brings the form into view
// (its tab). dirty, loaded and filling follow the edits, so that a reload
// keeps what the clerk typed and what load puts in is no edit.
type recordForm struct {
	fields    []*formField
	general   *widget.Label
	saveBtn   *widget.Button
	savedNote *widget.Label
	focusTab  func()
	env       *Env
	saveFn    func()        // what 保存 runs (the page's Save)
	unsaved   *widget.Label // "未保存" beside the title (mark)
	leaving   func()        // a leave waiting for the save to succeed

	dirty   bool // unsaved edits: a reload keeps them
	loaded  bool // the form was filled once
	filling bool // load is setting the fields: not an edit
}

// initForm makes the form's message line, save button (running save) and
// its note.
func (f *recordForm) initForm(env *Env, save func()) {
	f.env, f.saveFn = env, save
	f.general = errorLabel()
	f.savedNote = &widget.Label{Importance: widget.SuccessImportance}
	f.saveBtn = &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: save}
}

// markEdited records an edit of the clerk's and reports it; a change load
// makes is none.
func (f *recordForm) markEdited() bool {
	if f.filling {
		return false
	}
	f.setDirty(true)
	f.savedNote.SetText("")
	return true
}

// onInput follows a change of one of the form's inputs.
func (f *recordForm) onInput(string) { f.markEdited() }

// entry is a one-line input of the form, saying placeholder while empty.
func (f *recordForm) entry(placeholder string) *widget.Entry {
	return &widget.Entry{PlaceHolder: placeholder, OnChanged: f.onInput}
}

// choice is a select of the form among options.
func (f *recordForm) choice(options []string) *widget.Select {
	return &widget.Select{Options: options, PlaceHolder: choose(), OnChanged: f.onInput}
}

// load puts a record in the form with set: the messages go, and the form
// is as stored.
func (f *recordForm) load(set func()) {
	f.filling = true
	defer func() { f.filling = false }()
	set()
	showFieldErrors(f.fields, f.general, nil)
	f.setDirty(false)
	f.loaded = true
}

// refused shows err's messages beside the fields when err is about the
// input, with the form in view and the cursor in the first field named,
// and reports whether it was; no error clears the messages.
func (f *recordForm) refused(env *Env, err error) bool {
	input, first := showFieldErrors(f.fields, f.general, err)
	if err != nil {
		f.leaving = nil // a refused save stays on the form
	}
	if !input {
		return false
	}
	tellRefusal(env, err)
	if f.focusTab != nil {
		f.focusTab()
	}
	focusField(env, first)
	return true
}

// saveForm saves the form as every record's page does. checked is what
// data's Validate (and the reading of the texts) says of the form's
// values: input it refuses is shown beside its fields and nothing is
// saved. Otherwise store saves (see store).
func (f *recordForm) saveForm(env *Env, checked error, write func(ctx context.Context) error, done func()) {
	if f.refused(env, checked) {
		return
	}
	f.store(env, write, done)
}

// store writes the record off the UI goroutine; the store's refusal is
// shown as Validate's would be. Once saved the form is clean, says
// "Saved.", and done runs.
func (f *recordForm) store(env *Env, write func(ctx context.Context) error, done func()) {
	submit(env, f.saveBtn, func(err error) bool { return f.refused(env, err) }, write, func() {
		f.setDirty(false)
		f.savedNote.SetText(lang.L("Saved."))
		done()
		f.afterSave()
	})
}

// reloadDetail reads what a record's page shows off the UI goroutine with
// read and shows it, unless the page went on to another record meanwhile
// (id points at the page's record); a failure is shown in a dialog.
func reloadDetail[V any](env *Env, id *int64, read func(ctx context.Context, s *data.Store, id int64) (V, error), show func(V)) {
	s, want := env.Store(), *id
	env.Background(func(ctx context.Context) error {
		v, err := read(ctx, s, want)
		if err != nil {
			return err
		}
		fyne.Do(func() {
			if *id == want {
				show(v)
			}
		})
		return nil
	}, env.ShowError)
}

// tellRefusal says in the status bar why a save was refused — the first
// reason, with the field it is about — besides the messages beside the
// fields, so a refusal is never silent even when its field is out of
// view (scrolled away, on a row of a table).
func tellRefusal(env *Env, err error) {
	for _, e := range flatten(err) {
		env.status(lang.L("guard.Not saved: {{.Reason}}", map[string]any{"Reason": Message(e)}))
		return
	}
}

// dialogForm is a form in a dialog that stays open when data refuses its
// input, with data's message beside the field it is about.
type dialogForm struct {
	fields  []*formField
	general *widget.Label
	dialog  *dialog.CustomDialog
	ok      *widget.Button
}

func (f *dialogForm) content() fyne.CanvasObject {
	f.general = errorLabel()
	return container.NewVBox(fieldGrid(1, labelsWidth(90, f.fields...), f.fields...), f.general)
}

// show opens the form in a dialog whose confirm button runs onConfirm.
func (f *dialogForm) show(env *Env, title, confirm string, size fyne.Size, onConfirm func()) {
	f.dialog, f.ok = env.showFormDialog(title, confirm, container.NewVScroll(f.content()), size, onConfirm, nil)
}

// refuse shows err's messages beside the fields.
func (f *dialogForm) refuse(err error) { showFieldErrors(f.fields, f.general, err) }

// run does work off the UI goroutine; when data refuses the input, its
// messages go beside the fields and the dialog stays open, else the
// dialog closes and done runs.
func (f *dialogForm) run(env *Env, work func(ctx context.Context) error, done func()) {
	submit(env, f.ok, func(err error) bool {
		input, _ := showFieldErrors(f.fields, f.general, err)
		return input
	}, work, func() {
		f.dialog.Hide()
		done()
	})
}
