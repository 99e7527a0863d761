package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// The window's doors: the login dialog, the first administrator of a
// register without accounts, and the forced change of password. None of
// them closes with Esc or a click beside it: the window has nothing to
// show until someone is logged in.

// loginDialog asks for a login name and password.
type loginDialog struct {
	dialog   dialog.Dialog
	login    *widget.Entry
	password *widget.Entry
	problem  *widget.Label
	ok       *widget.Button
}

// askLogin shows the login dialog; note, when not "", is said above the
// fields (why the login is asked again: a restore, a switch of user).
// A successful login goes on to the forced change of password where the
// account must change it, then to signedIn.
func (u *ui) askLogin(note string) *loginDialog {
	d := &loginDialog{
		login:    &widget.Entry{PlaceHolder: lang.L("login.Login name")},
		password: &widget.Entry{PlaceHolder: lang.L("login.Password"), Password: true},
		problem:  problemLabel(),
	}
	try := func() {
		if d.ok.Disabled() {
			return // a check under way (Enter pressed twice)
		}
		login, password := d.login.Text, d.password.Text
		d.ok.Disable()
		// argon2id takes 20–100 ms, more on a busy desk: off the UI
		// goroutine, so the dialog does not freeze.
		u.checkPassword(login, password, func(bound *data.Store, err error) {
			d.ok.Enable()
			if err != nil {
				// Unknown login and wrong password read the same
				// ("用户名或密码错误。"); a lock says the minutes left.
				d.problem.SetText(Message(err))
				d.password.SetText("")
				u.win.Canvas().Focus(d.password)
				return
			}
			d.dialog.Hide()
			u.afterLogin(bound, password)
		})
	}
	d.login.OnSubmitted = func(string) { u.win.Canvas().Focus(d.password) }
	d.password.OnSubmitted = func(string) { try() }
	d.ok = &widget.Button{Text: lang.L("login.Log in"), Importance: widget.HighImportance, OnTapped: try}
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(lang.L("login.Login name")), d.login,
		widget.NewLabel(lang.L("login.Password")), d.password)
	body := container.NewVBox()
	if note != "" {
		body.Add(&widget.Label{Text: note, Wrapping: fyne.TextWrapWord})
	}
	body.Add(form)
	body.Add(d.problem)
	body.Add(container.NewHBox(layout.NewSpacer(), d.ok))
	d.dialog = dialog.NewCustomWithoutButtons(lang.L("login.Log in to Jiedao"), body, u.win)
	d.dialog.Resize(fyne.NewSize(420, d.dialog.MinSize().Height))
	d.dialog.Show()
	u.win.Canvas().Focus(d.login)
	u.door = d.dialog
	u.lastLogin = d
	return d
}

// checkPassword logs login in on the base store in the background and
// calls done with the outcome on the UI goroutine.
func (u *ui) checkPassword(login, password string, done func(*data.Store, error)) {
	base := u.base
	u.env.Go(func() {
		bound, err := base.Login(context.Background(), login, password)
		fyne.Do(func() { done(bound, err) })
	})
}

// afterLogin asks for a new password where the account must change it (at
// its first login, after a reset), then signs in.
func (u *ui) afterLogin(bound *data.Store, password string) {
	must, err := bound.MustChangePassword(context.Background())
	if err != nil {
		u.askLogin(Message(err))
		return
	}
	if must {
		u.askNewPassword(bound, password, func() { u.signedIn(bound) })
		return
	}
	u.signedIn(bound)
}

// passwordDialog sets a new password: the current one (unless the caller
// knows it: the forced change right after the login), the new one twice.
type passwordDialog struct {
	dialog           dialog.Dialog
	current          *widget.Entry // nil when known
	password, repeat *widget.Entry
	passwordProblem  *widget.Label
	problem          *widget.Label
	ok               *widget.Button
}

// askNewPassword changes the password of bound's account. With known ""
// it asks for the current one and can be cancelled (the user menu);
// otherwise it is the forced change and cannot. done runs after the
// change.
func (u *ui) askNewPassword(bound *data.Store, known string, done func()) *passwordDialog {
	d := &passwordDialog{
		password:        &widget.Entry{Password: true},
		repeat:          &widget.Entry{Password: true},
		passwordProblem: problemLabel(),
		problem:         problemLabel(),
	}
	who, _ := bound.Who()
	form := container.New(layout.NewFormLayout())
	if known == "" {
		d.current = &widget.Entry{Password: true}
		form.Add(widget.NewLabel(lang.L("login.Current password")))
		form.Add(d.current)
	}
	form.Add(widget.NewLabel(lang.L("login.New password")))
	form.Add(container.NewVBox(d.password, d.passwordProblem))
	form.Add(widget.NewLabel(lang.L("login.Repeat it")))
	form.Add(d.repeat)
	// What ValidatePassword says appears beside the field as it is typed.
	d.password.OnChanged = func(pw string) { d.passwordProblem.SetText(passwordMessage(who.Login, pw)) }
	save := func() {
		if msg := passwordMessage(who.Login, d.password.Text); msg != "" {
			d.passwordProblem.SetText(msg)
			return
		}
		if d.password.Text != d.repeat.Text {
			d.problem.SetText(lang.L("login.The two passwords differ."))
			return
		}
		old := known
		if d.current != nil {
			old = d.current.Text
		}
		if err := bound.ChangePassword(context.Background(), old, d.password.Text); err != nil {
			d.problem.SetText(Message(err))
			return
		}
		d.dialog.Hide()
		if done != nil {
			done()
		}
	}
	d.repeat.OnSubmitted = func(string) { save() }
	d.ok = &widget.Button{Text: lang.L("login.Change password"), Importance: widget.HighImportance, OnTapped: save}
	buttons := container.NewHBox(layout.NewSpacer())
	intro := lang.L("login.Choose a new password of at least 8 characters.")
	if known != "" {
		intro = lang.L("login.Your password was set by an administrator. Choose your own before you start.")
	} else {
		buttons.Add(&widget.Button{Text: lang.L("Cancel"), OnTapped: func() { d.dialog.Hide() }})
	}
	buttons.Add(d.ok)
	body := container.NewVBox(&widget.Label{Text: intro, Wrapping: fyne.TextWrapWord}, form, d.problem, buttons)
	d.dialog = dialog.NewCustomWithoutButtons(lang.L("login.Change password"), body, u.win)
	d.dialog.Resize(fyne.NewSize(480, d.dialog.MinSize().Height))
	d.dialog.Show()
	u.lastPassword = d
	if d.current != nil {
		u.win.Canvas().Focus(d.current)
	} else {
		u.win.Canvas().Focus(d.password)
	}
	return d
}

// passwordMessage is ValidatePassword's message for pw, "" when it passes.
func passwordMessage(login, pw string) string {
	if err := data.ValidatePassword(login, pw); err != nil {
		return Message(err)
	}
	return ""
}

func problemLabel() *widget.Label {
	return &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
}

// fieldMessages splits a joined validation error by its Args["Field"].
func fieldMessages(err error) map[string]string {
	out := map[string]string{}
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		f := ""
		var de *data.Error
		if errors.As(err, &de) {
			f, _ = de.Args["Field"].(string)
		}
		if out[f] == "" {
			out[f] = Message(err)
		}
	}
	walk(err)
	return out
}
