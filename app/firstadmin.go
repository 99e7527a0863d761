package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/screens"
)

// firstAdminDialog asks for the register's first account, a system
// administrator, on a register without accounts (a new one, or one from
// the release before accounts).
type firstAdminDialog struct {
	dialog                        dialog.Dialog
	login, name, password, repeat *widget.Entry
	loginProblem, nameProblem     *widget.Label
	passwordProblem, problem      *widget.Label
	ok                            *widget.Button
}

// askFirstAdmin shows the dialog; the display name is prefilled with the
// settings' operator, the name the register's entries were made under
// until now. Then the recovery code is shown, then the login follows.
func (u *ui) askFirstAdmin() *firstAdminDialog {
	d := &firstAdminDialog{
		login:           &widget.Entry{PlaceHolder: "admin"},
		name:            &widget.Entry{PlaceHolder: lang.L("login.张三")},
		password:        &widget.Entry{Password: true},
		repeat:          &widget.Entry{Password: true},
		loginProblem:    problemLabel(),
		nameProblem:     problemLabel(),
		passwordProblem: problemLabel(),
		problem:         problemLabel(),
	}
	d.name.SetText(u.base.Operator())
	d.password.OnChanged = func(pw string) { d.passwordProblem.SetText(passwordMessage(d.login.Text, pw)) }
	save := func() { u.createFirstAdmin(d) }
	d.repeat.OnSubmitted = func(string) { save() }
	d.ok = &widget.Button{Text: lang.L("login.Create the administrator"), Importance: widget.HighImportance, OnTapped: save}
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(lang.L("login.Login name")), container.NewVBox(d.login, d.loginProblem),
		widget.NewLabel(lang.L("login.Display name")), container.NewVBox(d.name, d.nameProblem),
		widget.NewLabel(lang.L("login.Password")), container.NewVBox(d.password, d.passwordProblem),
		widget.NewLabel(lang.L("login.Repeat it")), d.repeat)
	intro := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: lang.L("login.This register has no accounts yet. Create the first system administrator: it creates the other accounts and gives them their roles.")}
	body := container.NewVBox(intro, form, d.problem, container.NewHBox(layout.NewSpacer(), d.ok))
	d.dialog = dialog.NewCustomWithoutButtons(lang.L("login.First system administrator"), body, u.win)
	d.dialog.Resize(fyne.NewSize(560, d.dialog.MinSize().Height))
	d.dialog.Show()
	u.win.Canvas().Focus(d.login)
	u.door = d.dialog
	u.lastFirstAdmin = d
	return d
}

// createFirstAdmin checks the dialog's fields, each problem beside its
// field, and creates the account.
func (u *ui) createFirstAdmin(d *firstAdminDialog) {
	for _, l := range []*widget.Label{d.loginProblem, d.nameProblem, d.passwordProblem, d.problem} {
		l.SetText("")
	}
	if msg := passwordMessage(d.login.Text, d.password.Text); msg != "" {
		d.passwordProblem.SetText(msg)
		return
	}
	if d.password.Text != d.repeat.Text {
		d.problem.SetText(lang.L("login.The two passwords differ."))
		return
	}
	code, err := u.base.CreateFirstAdmin(context.Background(), d.login.Text, d.name.Text, d.password.Text)
	if err != nil {
		msgs := fieldMessages(err)
		d.loginProblem.SetText(msgs["login"])
		d.nameProblem.SetText(msgs["name"])
		d.passwordProblem.SetText(msgs["password"])
		for f, m := range msgs {
			if f != "login" && f != "name" && f != "password" {
				d.problem.SetText(m)
			}
		}
		return
	}
	d.dialog.Hide()
	u.showRecoveryCode(data.NormalizeLogin(d.login.Text), code, func() { u.askLogin("") })
}

// recoveryDialog shows the one-time recovery code. It closes only with
// "我已妥善保管" after the box saying so is ticked: a click beside it or
// Esc must not lose the code by accident.
type recoveryDialog struct {
	dialog dialog.Dialog
	code   string
	kept   *widget.Check
	done   *widget.Button
	print  *widget.Button
	copy   *widget.Button
}

func (u *ui) showRecoveryCode(login, code string, then func()) *recoveryDialog {
	d := &recoveryDialog{code: code}
	codeText := &widget.Label{Text: code, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter, Selectable: true}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("login.This is the one-time recovery code of {{.Login}}. With it a forgotten password can be set again (jiedao user recover). It is shown only now: print it or copy it, and keep it safe, away from this computer.",
		map[string]any{"Login": login})}
	d.print = &widget.Button{Text: lang.L("Print"), OnTapped: func() { screens.ShowRecoverySheet(u.env, login, code) }}
	d.copy = &widget.Button{Text: lang.L("login.Copy"), OnTapped: func() {
		u.app.Clipboard().SetContent(code)
		u.setStatus(lang.L("login.The recovery code was copied."))
	}}
	d.done = &widget.Button{Text: lang.L("login.I have kept it safe"), Importance: widget.HighImportance, OnTapped: func() {
		d.dialog.Hide()
		then()
	}}
	d.done.Disable()
	d.kept = widget.NewCheck(lang.L("login.I have printed or copied the code and put it away safely."), func(on bool) {
		if on {
			d.done.Enable()
		} else {
			d.done.Disable()
		}
	})
	body := container.NewVBox(intro, codeText, container.NewHBox(layout.NewSpacer(), d.print, d.copy, layout.NewSpacer()),
		d.kept, container.NewHBox(layout.NewSpacer(), d.done))
	d.dialog = dialog.NewCustomWithoutButtons(lang.L("login.Recovery code"), body, u.win)
	d.dialog.Resize(fyne.NewSize(560, d.dialog.MinSize().Height))
	d.dialog.Show()
	u.door = d.dialog
	u.lastRecovery = d
	return d
}
