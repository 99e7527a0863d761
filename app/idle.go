package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// idleLock covers the window after the settings' idle minutes without
// input (data.Settings.IdleLockMinutes, 10 by default) until the account's
// password is typed again. The page stays as it was under the cover,
// unsaved edits included: nothing is lost by a lock.
//
// Fyne tells a program of no input event as such, so idleness is seen two
// ways: where the system says how long since its last input (Windows,
// systemIdle), that; and everywhere, a change in what the window shows
// (the focused field and its text, the dialog on top, the page, the
// shell's own actions: navigation, menus, shortcuts) counts as activity.
// The check runs every checkEvery on the UI goroutine. In tests, every and
// now are replaced and the test calls check itself: no real timer touches
// a widget there (Fyne's test driver runs fyne.Do on the calling
// goroutine).
type idleLock struct {
	u *ui

	now        func() time.Time
	systemIdle func() (time.Duration, bool)
	every      func(d time.Duration, f func()) (stop func())

	stopTicks  func()
	lastActive time.Time
	lastSeen   string // fingerprint of what the window showed
	actions    int    // the shell's actions, counted by touch

	locked   bool
	cover    *widget.PopUp
	password *widget.Entry
	problem  *widget.Label
	unlock   *widget.Button
}

// checkEvery is how often idleness is looked at: a lock comes at most this
// late.
const checkEvery = 15 * time.Second

func newIdleLock(u *ui) *idleLock {
	return &idleLock{u: u, now: time.Now, systemIdle: systemIdle, every: realTicker}
}

// realTicker calls f on the UI goroutine every d until stop.
func realTicker(d time.Duration, f func()) func() {
	t := time.NewTicker(d)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				fyne.Do(f)
			case <-done:
				return
			}
		}
	}()
	return func() { t.Stop(); close(done) }
}

// start begins watching after a login.
func (l *idleLock) start() {
	l.stop()
	l.lastActive = l.now()
	l.lastSeen = l.fingerprint()
	l.stopTicks = l.every(checkEvery, l.check)
}

// stop ends the watch (sign-out, quit).
func (l *idleLock) stop() {
	if l.stopTicks != nil {
		l.stopTicks()
		l.stopTicks = nil
	}
}

// touch records an action of the shell's (navigation, menu, shortcut).
func (l *idleLock) touch() { l.actions++ }

// minutes is the settings' idle lock.
func (l *idleLock) minutes() int {
	st, err := l.u.env.Store().Settings(context.Background())
	if err != nil {
		return 10
	}
	return st.IdleLockMinutes()
}

// check locks the window when it has been idle for the settings' minutes.
func (l *idleLock) check() {
	if l.locked {
		return
	}
	now := l.now()
	if seen := l.fingerprint(); seen != l.lastSeen {
		l.lastSeen, l.lastActive = seen, now
	}
	idle := now.Sub(l.lastActive)
	if sys, ok := l.systemIdle(); ok && sys < idle {
		idle = sys
	}
	if idle >= time.Duration(l.minutes())*time.Minute {
		l.lockNow()
	}
}

// fingerprint sums up what the window shows that input changes.
func (l *idleLock) fingerprint() string {
	c := l.u.win.Canvas()
	f := fmt.Sprintf("%s|%d|%p|%p", l.u.current, l.actions, c.Focused(), c.Overlays().Top())
	if e, ok := c.Focused().(*widget.Entry); ok {
		f += fmt.Sprintf("|%d|%d|%d", len(e.Text), e.CursorRow, e.CursorColumn)
	}
	return f
}

// lockNow covers the window until the password is typed again.
func (l *idleLock) lockNow() {
	if l.locked {
		return
	}
	l.locked = true
	who, _ := l.u.env.Store().Who()
	l.password = &widget.Entry{Password: true, PlaceHolder: lang.L("login.Password")}
	l.problem = problemLabel()
	l.unlock = &widget.Button{Text: lang.L("login.Unlock"), Importance: widget.HighImportance, OnTapped: l.tryUnlock}
	l.password.OnSubmitted = func(string) { l.tryUnlock() }
	switchBtn := &widget.Button{Text: lang.L("login.Switch user…"), OnTapped: func() {
		l.hideCover()
		l.u.switchUser()
	}}
	title := &widget.Label{Text: lang.L("login.Jiedao is locked"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText, Alignment: fyne.TextAlignCenter}
	note := &widget.Label{Text: lang.L("login.{{.Name}} is logged in. Type the password to go on.", map[string]any{"Name": who.Name}), Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	form := container.NewVBox(title, note, l.password, l.problem, container.NewHBox(switchBtn, layout.NewSpacer(), l.unlock))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground)) // opaque: nothing of the page shows through
	c := l.u.win.Canvas()
	l.cover = widget.NewModalPopUp(container.NewStack(bg, container.NewCenter(container.NewGridWrap(fyne.NewSize(380, form.MinSize().Height), form))), c)
	l.cover.Resize(c.Size())
	l.cover.Show()
	c.Focus(l.password)
}

// tryUnlock checks the password with a login of the same account: a wrong
// one counts towards the account's lockout like any other.
func (l *idleLock) tryUnlock() {
	if l.unlock.Disabled() {
		return // a check under way
	}
	who, _ := l.u.env.Store().Who()
	l.unlock.Disable()
	l.u.checkPassword(who.Login, l.password.Text, func(_ *data.Store, err error) {
		l.unlock.Enable()
		if err != nil {
			l.problem.SetText(Message(err))
			l.password.SetText("")
			return
		}
		l.hideCover()
		l.start()
	})
}

// fit keeps the cover as large as the window (after a resize).
func (l *idleLock) fit() {
	if l.cover != nil {
		l.cover.Resize(l.u.win.Canvas().Size())
	}
}

func (l *idleLock) hideCover() {
	if l.cover != nil {
		l.cover.Hide()
		l.cover = nil
	}
	l.locked = false
}
