package screens

// The unsaved-changes guard: every way out of a changed form — 返回列表,
// 取消, another page in the navigation, Ctrl+F back to the list, closing
// the window — asks 保存 / 不保存 / 取消 first, so nothing typed is lost
// without a word. A changed form says "未保存" beside its title.

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Leaver is a page that may hold unsaved edits. The shell calls Leave
// before it shows another page or closes the window; proceed runs once
// the edits are saved or given up, and not at all when the user stays.
type Leaver interface {
	Leave(proceed func())
}

// Unsaved reports whether sc holds edits not saved yet (tests, the shell).
type Unsaved interface {
	Unsaved() bool
}

// askLeave asks what becomes of unsaved edits: 保存 runs save, which
// calls proceed only once the save succeeded; 不保存 runs discard, then
// proceed; 取消 (or Esc) keeps the user where they are.
func askLeave(env *Env, save func(), discard func(), proceed func()) {
	msg := &widget.Label{Text: lang.L("guard.The changes are not saved yet. Save them?"), Wrapping: fyne.TextWrapWord}
	var d *dialog.CustomDialog
	saveBtn := &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance}
	dropBtn := &widget.Button{Text: lang.L("guard.Don't save"), Icon: theme.DeleteIcon()}
	stayBtn := &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon()}
	d = dialog.NewCustomWithoutButtons(lang.L("guard.Unsaved changes"), msg, env.Window)
	saveBtn.OnTapped = func() { d.Hide(); save() }
	dropBtn.OnTapped = func() { d.Hide(); discard(); proceed() }
	stayBtn.OnTapped = d.Hide
	d.SetButtons([]fyne.CanvasObject{stayBtn, dropBtn, saveBtn})
	d.Resize(fyne.NewSize(440, 0))
	env.ShowDialog(d)
}

// unsavedMark is the "未保存" a changed form shows beside its title.
func unsavedMark() *widget.Label {
	l := &widget.Label{Text: lang.L("guard.Unsaved"), Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true}}
	l.Hide()
	return l
}

// titleWithMark puts mark beside title, keeping the title's room.
func titleWithMark(title fyne.CanvasObject, mark *widget.Label) fyne.CanvasObject {
	return container.NewHBox(title, container.NewCenter(mark), layout.NewSpacer())
}

// The record form's side of the guard.

// mark is the form's "未保存", made on first use.
func (f *recordForm) mark() *widget.Label {
	if f.unsaved == nil {
		f.unsaved = unsavedMark()
	}
	return f.unsaved
}

// setDirty records whether the form holds unsaved edits, and shows it.
func (f *recordForm) setDirty(dirty bool) {
	f.dirty = dirty
	if dirty {
		f.mark().Show()
	} else {
		f.mark().Hide()
	}
}

// Unsaved reports whether the form holds edits not saved yet.
func (f *recordForm) Unsaved() bool { return f.dirty && f.loaded }

// Leave runs proceed at once when the form is clean, else asks first
// (askLeave); 保存 leaves once the save succeeded, a refused save stays
// with its messages beside the fields.
func (f *recordForm) Leave(proceed func()) {
	if !f.Unsaved() || f.env == nil || f.saveFn == nil {
		proceed()
		return
	}
	askLeave(f.env, func() {
		f.leaving = proceed
		f.saveFn()
	}, func() { f.setDirty(false) }, proceed)
}

// afterSave follows a successful save: a leave that waited for the save
// goes on.
func (f *recordForm) afterSave() {
	if next := f.leaving; next != nil {
		f.leaving = nil
		next()
	}
}

// leaveThen is what a record page's "back" runs: the guard, then back.
func (f *recordForm) leaveThen(back func()) func() {
	return func() { f.Leave(back) }
}

// The guard of a form in a dialog: what its inputs held when it opened,
// compared when 取消 or Esc would close it.

// inputValues lists the values of the inputs under o, in order: entries,
// selects, checks, radio and check groups, through containers, scrolls,
// tabs and forms.
func inputValues(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case nil:
		case *numberField:
			out = append(out, x.value()) // a look at the whole number is no edit
		case *dateField:
			out = append(out, x.Text)
		case *widget.Entry:
			out = append(out, x.Text)
		case *widget.SelectEntry:
			out = append(out, x.Text)
		case *widget.Select:
			out = append(out, x.Selected)
		case *widget.Check:
			out = append(out, fmt.Sprint(x.Checked))
		case *widget.RadioGroup:
			out = append(out, x.Selected)
		case *widget.CheckGroup:
			out = append(out, strings.Join(x.Selected, "\x00"))
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(x.Content)
		case *container.AppTabs:
			for _, it := range x.Items {
				walk(it.Content)
			}
		case *widget.Form:
			for _, it := range x.Items {
				walk(it.Widget)
			}
		}
	}
	walk(o)
	return out
}

// changedSince reports whether the inputs under o hold other values than
// before.
func changedSince(o fyne.CanvasObject, before []string) bool {
	return !slices.Equal(inputValues(o), before)
}
