package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// operatorPrompt is the dialog that asks who is at the desk.
type operatorPrompt struct {
	dialog  dialog.Dialog
	name    *widget.Entry
	problem *widget.Label
	ok      *widget.Button
}

// requireOperator makes the window's store refuse every write while no
// operator is named (data.Store.RequireOperator): until accounts exist,
// every audit entry names the person at the desk, and the window asks for
// that name on the first run, in a dialog that closes only with one. Then
// (at once when the settings name someone) it runs then, which may be nil:
// the start-up's automatic backup waits for the name. It returns the
// dialog, or nil when none was needed.
func (u *ui) requireOperator(then func()) *operatorPrompt {
	s := u.env.Store()
	s.RequireOperator()
	done := func() {
		if then != nil {
			then()
		}
	}
	if s.Operator() != "" {
		done()
		return nil
	}
	p := &operatorPrompt{
		name:    &widget.Entry{PlaceHolder: lang.L("Your name")},
		problem: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord},
	}
	save := func() {
		if err := s.SaveOperator(context.Background(), p.name.Text); err != nil {
			p.problem.SetText(Message(err))
			return
		}
		p.dialog.Hide()
		u.showSettings(u.settings())
		done()
	}
	p.name.OnSubmitted = func(string) { save() }
	p.ok = &widget.Button{Text: lang.L("OK"), Importance: widget.HighImportance, OnTapped: save}
	intro := &widget.Label{Text: lang.L("Jiedao records who makes every change, print and export. Enter your name to start; it can be changed under Settings."),
		Wrapping: fyne.TextWrapWord}
	body := container.NewVBox(intro, p.name, p.problem, container.NewHBox(layout.NewSpacer(), p.ok))
	// Not through Env.ShowDialog: Esc must not close it.
	p.dialog = dialog.NewCustomWithoutButtons(lang.L("Who is at the desk?"), body, u.win)
	p.dialog.Resize(fyne.NewSize(460, p.dialog.MinSize().Height))
	p.dialog.Show()
	u.win.Canvas().Focus(p.name)
	return p
}
