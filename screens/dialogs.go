package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// escape is one thing Esc undoes: closing a dialog or cancelling a job.
// Fyne 2.7 dialogs do not close on Esc by themselves, so the Env keeps a
// stack of them and the shell sends Esc to the top one.
type escape struct{ fn func() }

func (e *Env) pushEscape(fn func()) *escape {
	x := &escape{fn: fn}
	e.mu.Lock()
	e.escapes = append(e.escapes, x)
	e.mu.Unlock()
	return x
}

func (e *Env) popEscape(x *escape) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.escapes) - 1; i >= 0; i-- {
		if e.escapes[i] == x {
			e.escapes = append(e.escapes[:i], e.escapes[i+1:]...)
			return
		}
	}
}

// Escape closes the dialog shown last with ShowDialog, or cancels the
// running job, and reports whether there was one. The shell calls it when
// Esc is pressed.
func (e *Env) Escape() bool {
	e.mu.Lock()
	var x *escape
	if n := len(e.escapes); n > 0 {
		x = e.escapes[n-1]
	}
	e.mu.Unlock()
	if x == nil {
		return false
	}
	x.fn()
	return true
}

// Dialog is what ShowDialog needs of a dialog; dialog.Dialog and
// *dialog.FileDialog have it.
type Dialog interface {
	Show()
	Hide()
	SetOnClosed(func())
}

// ShowDialog shows d so that Esc closes it (as its dismiss button would).
func (e *Env) ShowDialog(d Dialog) {
	x := e.pushEscape(d.Hide)
	d.SetOnClosed(func() { e.popEscape(x) })
	d.Show()
}

// ShowError tells the user about err in their language. A cancelled job
// is not an error and shows nothing.
func (e *Env) ShowError(err error) {
	if err == nil || Cancelled(err) {
		return
	}
	e.ShowDialog(dialog.NewError(errors.New(Message(err)), e.Window))
}

// ShowInfo shows a message with an OK button.
func (e *Env) ShowInfo(title, msg string) {
	e.ShowDialog(dialog.NewInformation(title, msg, e.Window))
}

// Confirm asks before something that cannot be undone in one click; the
// confirm button says what will happen (e.g. "彻底删除") and is red when
// danger is set.
func (e *Env) Confirm(title, msg, confirm string, danger bool, onYes func()) {
	d := dialog.NewConfirm(title, msg, func(yes bool) {
		if yes {
			onYes()
		}
	}, e.Window)
	d.SetConfirmText(confirm)
	d.SetDismissText(lang.L("Cancel"))
	if danger {
		d.SetConfirmImportance(widget.DangerImportance)
	}
	e.ShowDialog(d)
}

// dialogSize is a comfortable size for file dialogs on a 1366×768 screen.
var dialogSize = fyne.NewSize(900, 600)
