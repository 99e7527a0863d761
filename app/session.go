package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/screens"
)

// The session: who is logged in. The window opens on the store data.Open
// gave (base, unbound); every screen works on the store Login returned
// (env's), bound to the account, whose roles and scope the data layer
// applies. Until a login lands the window shows only a backdrop.

// openDoors starts the session: the first administrator on a register
// without accounts, else the login.
func (u *ui) openDoors() { u.openDoorsWith("") }

// openDoorsWith is openDoors with a note above the login (a restore's
// outcome).
func (u *ui) openDoorsWith(note string) {
	has, err := u.base.HasAccounts(context.Background())
	switch {
	case err != nil:
		u.askLogin(Message(err))
	case !has:
		u.askFirstAdmin()
	default:
		u.askLogin(note)
	}
}

// signedIn makes bound the window's store and builds the window for its
// account: the pages its roles allow, its name in the status bar. The
// first login of the run also starts the check and the daily backup.
func (u *ui) signedIn(bound *data.Store) {
	u.door = nil
	u.env.SetStore(bound)
	u.build()
	u.navigate(u.firstPage())
	u.idle.start()
	if u.sessions++; u.sessions == 1 {
		if u.current != screens.PageHome {
			// No dashboard to wait for (an administrator's or an
			// auditor's window): the checks may start now.
			u.firstScreenFilled()
		}
		u.whenFilled(u.startChecks)
	}
}

// firstPage is the home page where the account may see it, else the
// first page of its navigation.
func (u *ui) firstPage() string {
	if len(u.pages) == 0 || u.env.PageAllowed(screens.PageHome) {
		return screens.PageHome
	}
	return u.pages[0].id
}

// switchUser goes back to the login dialog, once the page on show has no
// unsaved edits (screens.Leaver asks 保存 / 不保存 / 取消).
func (u *ui) switchUser() {
	u.leave(func() {
		u.signOut()
		u.askLogin("")
	})
}

// signOut puts the window back on the unbound store behind the backdrop:
// nothing of the last account's pages stays built.
func (u *ui) signOut() {
	u.idle.stop()
	u.env.SetStore(u.base)
	u.showBackdrop()
}

// showBackdrop is what the window shows while nobody is logged in: the
// program's name, nothing of the register, no menus but Quit.
func (u *ui) showBackdrop() {
	u.pages, u.built, u.views, u.current = nil, map[string]screens.Screen{}, map[string]fyne.CanvasObject{}, ""
	u.content = container.NewStack()
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	icon := canvas.NewImageFromResource(u.app.Icon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(96, 96))
	name := &widget.Label{Text: lang.L("Jiedao"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText, Alignment: fyne.TextAlignCenter}
	u.win.SetContent(container.NewStack(bg, container.NewCenter(container.NewVBox(icon, name))))
	quit := fyne.NewMenuItem(lang.L("Quit"), u.app.Quit)
	quit.IsQuit = true
	u.edit = map[string]*fyne.MenuItem{}
	u.win.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu(lang.L("File"), quit)))
}

// signedInMenu is the user menu: change password, lock, switch user.
func (u *ui) signedInMenu() *fyne.Menu {
	return fyne.NewMenu(lang.L("login.User"),
		&fyne.MenuItem{Label: lang.L("login.Change password…"), Icon: theme.AccountIcon(), Action: u.changeOwnPassword},
		&fyne.MenuItem{Label: lang.L("login.Lock now"), Icon: theme.VisibilityOffIcon(), Action: u.idle.lockNow},
		&fyne.MenuItem{Label: lang.L("login.Switch user…"), Icon: theme.LogoutIcon(), Action: u.switchUser},
	)
}

// changeOwnPassword asks for the current password and a new one.
func (u *ui) changeOwnPassword() {
	u.askNewPassword(u.env.Store(), "", func() {
		u.setStatus(lang.L("login.Your password was changed."))
	})
}

// whoText is the status bar's account, "张三 · 社区工作者".
func (u *ui) whoText() string {
	if t := u.env.WhoText(); t != "" {
		return t
	}
	return lang.L("login.Not logged in")
}

// allowedPages keeps the pages the account's roles allow.
func (u *ui) allowedPages(all []pageDef) []pageDef {
	var out []pageDef
	for _, p := range all {
		if u.env.PageAllowed(p.id) {
			out = append(out, p)
		}
	}
	return out
}
