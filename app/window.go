package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/screens"
)

// ui is the main window: navigation on the left, the current page, a
// status bar, the main menu and the keyboard shortcuts.
type ui struct {
	app  fyne.App
	win  fyne.Window
	env  *screens.Env
	opts Options

	base           *data.Store   // the store data.Open gave: logins go through it (session.go)
	door           dialog.Dialog // the login or first-start dialog on show, nil once signed in
	idle           *idleLock     // the idle lock of the signed-in account
	sessions       int           // logins so far in this run
	lastLogin      *loginDialog  // the last of each door dialog shown (tests)
	lastFirstAdmin *firstAdminDialog
	lastRecovery   *recoveryDialog
	lastPassword   *passwordDialog
	_              *loginDialog // the last login dialog shown (tests)

	pages     []pageDef
	built     map[string]screens.Screen
	views     map[string]fyne.CanvasObject
	current   string
	nav       *widget.List
	navSel    int
	reverting bool // the navigation goes back to the page that asked (navSelected)
	content   *fyne.Container

	statusPath     *widget.Label
	statusOperator *widget.Label
	statusMessage  *widget.Label
	statusMore     *widget.Button            // the whole message, when it is cut
	edit           map[string]*fyne.MenuItem // by action, see actions

	size        windowSize
	ime         *imeTracker   // nil where the input method needs no help (all but Windows)
	autoBackup  chan struct{} // closed when the start-up check and the day's automatic backup are done
	filled      bool          // the home page has shown its figures once (screens.Env.Filled)
	afterFilled func()        // what waits for that (whenFilled)
}

// pageDef is one entry of the navigation.
type pageDef struct {
	id    string
	title string
	icon  fyne.Resource
	make  func(*screens.Env) screens.Screen
}

func (u *ui) definePages() []pageDef {
	reg := screens.NewRegistry() // the dashboard's figures open the household list
	return u.allowedPages([]pageDef{
		{screens.PageHome, lang.L("Home"), theme.HomeIcon(), reg.Dashboard},
		{screens.PageHouseholds, lang.L("nav.households"), theme.AccountIcon(), reg.Households},
		{screens.PageOrganizations, lang.L("nav.organizations"), theme.StorageIcon(), screens.NewOrganizations},
		{screens.PageAgreements, lang.L("nav.agreements"), theme.DocumentIcon(), screens.NewAgreements},
		{screens.PageMeetings, lang.L("nav.meetings"), theme.MailComposeIcon(), screens.NewMeetings},
		{screens.PageActions, lang.L("nav.actions"), theme.ListIcon(), screens.NewActionsBoard},
		{screens.PageReports, lang.L("nav.reports"), theme.GridIcon(), screens.NewReports},
		{screens.PageVisits, lang.L("nav.visits"), theme.VisibilityIcon(), screens.NewVisitsBoard},
		{screens.PageRecycle, lang.L("Recycle bin"), theme.DeleteIcon(), screens.NewRecycleBin},
		{screens.PageAudit, lang.L("Audit log"), theme.HistoryIcon(), screens.NewAuditLog},
		{screens.PageAccounts, lang.L("acc.Accounts"), theme.LoginIcon(), screens.NewAccounts},
		{screens.PageSettings, lang.L("Settings"), theme.SettingsIcon(), screens.NewSettings},
	})
}

// Default window size: fits a 1366×768 laptop screen with the taskbar.
var defaultSize = fyne.NewSize(1200, 720)

// newUI builds the main window for s; the caller shows it. On an unbound
// store (data.Open's) the window shows its backdrop until openDoors' login;
// on a bound one (tests) it is built for that account at once.
func newUI(a fyne.App, s *data.Store, opts Options) *ui {
	if opts.Version == "" {
		opts.Version = Version
	}
	u := &ui{app: a, opts: opts, base: s}
	u.idle = newIdleLock(u)
	if opts.inline {
		u.idle.every = func(time.Duration, func()) func() { return func() {} } // tests call check
	}
	u.win = a.NewWindow(lang.L("Jiedao"))
	u.env = screens.NewEnv(a, u.win, s)
	if opts.inline {
		u.env.RunInline()
	}
	u.env.Version = opts.Version
	u.env.Navigate = u.navigate
	u.env.SettingsSaved = u.settingsSaved
	u.env.Backup = u.backup
	u.env.Restore = u.restore
	u.env.Status = u.setStatus
	u.env.Filled = u.firstScreenFilled

	u.size = windowSize{prefs: a.Preferences(), canvas: u.win.Canvas(), resized: u.idle.fit}
	u.win.Resize(u.size.load())
	u.win.SetOnClosed(u.size.save)
	u.win.SetCloseIntercept(u.closeRequested)
	u.registerShortcuts()
	if _, bound := s.Who(); bound {
		u.signedIn(s)
	} else {
		u.showBackdrop()
	}
	return u
}

// build (re)creates everything in the window from the current language
// and store: after a language change or a restore the pages are new.
func (u *ui) build() {
	// The language and looks are the office's settings, which need an
	// account to read.
	if st, err := u.env.Store().Settings(context.Background()); err == nil {
		if u.opts.Lang == "" && st.Language != "" {
			_ = SetupLanguage(st.Language) // validated when saved
		}
		applyLook(u.app, lookOf(st))
	}
	u.pages = u.definePages()
	u.built = map[string]screens.Screen{}
	u.views = map[string]fyne.CanvasObject{}
	u.navSel = -1
	u.nav = &widget.List{
		Length: func() int { return len(u.pages) },
		CreateItem: func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), &widget.Label{})
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Icon).SetResource(u.pages[id].icon)
			c.Objects[1].(*widget.Label).SetText(u.pages[id].title)
		},
		OnSelected: u.navSelected,
	}
	u.content = container.NewStack()
	u.statusPath = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	u.statusOperator = &widget.Label{}
	u.statusMessage = &widget.Label{Truncation: fyne.TextTruncateEllipsis, Alignment: fyne.TextAlignTrailing}
	// The path takes the room the others leave, and the message has a
	// fixed width, both cut with "…", so that neither can widen the
	// window.
	message := container.NewGridWrap(fyne.NewSize(statusWidth, u.statusMessage.MinSize().Height), u.statusMessage)
	// A message too long for its room is cut with "…"; this button, shown
	// then, opens the whole of it in a dialog.
	u.statusMore = &widget.Button{Icon: theme.InfoIcon(), Importance: widget.LowImportance, OnTapped: u.showStatus}
	u.statusMore.Hide()
	status := container.NewBorder(nil, nil, widget.NewIcon(theme.StorageIcon()),
		container.NewHBox(widget.NewSeparator(), widget.NewIcon(theme.AccountIcon()), u.statusOperator, widget.NewSeparator(), message, u.statusMore),
		u.statusPath)

	side := container.NewBorder(nil, nil, nil, widget.NewSeparator(), container.New(&navWidth{}, u.nav))
	body := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), status), side, nil, container.NewPadded(u.content))
	u.win.SetContent(container.New(&u.size, body))
	u.win.SetMainMenu(u.mainMenu())
	u.showSettings(u.settings())
}

// settings reads the settings for the title and status bar; on failure
// the window still opens, with the error in the status bar.
func (u *ui) settings() data.Settings {
	st, err := u.env.Store().Settings(context.Background())
	if err != nil {
		u.setStatus(Message(err))
	}
	return st
}

// showSettings puts the office name in the title and the database and
// operator in the status bar.
func (u *ui) showSettings(st data.Settings) {
	title := lang.L("Jiedao")
	if st.OfficeName != "" {
		title += " — " + st.OfficeName
	}
	u.win.SetTitle(title)
	u.statusPath.SetText(u.env.Store().Path())
	u.statusOperator.SetText(u.whoText())
}

func (u *ui) setStatus(msg string) {
	if u.statusMessage == nil {
		return // the backdrop before a login has no status bar
	}
	u.statusMessage.SetText(msg)
	if statusTooLong(msg) {
		u.statusMore.Show()
	} else {
		u.statusMore.Hide()
	}
}

// statusWidth is the room of the status bar's message.
const statusWidth = 420

// statusTooLong reports whether msg is cut in the status bar: wider than
// its room, or more than one line.
func statusTooLong(msg string) bool {
	if strings.Contains(msg, "\n") {
		return true
	}
	th := fyne.CurrentApp().Settings().Theme()
	size := th.Size(theme.SizeNameText)
	w := fyne.MeasureText(msg, size, fyne.TextStyle{}).Width
	return w > statusWidth-2*th.Size(theme.SizeNameInnerPadding)
}

// showStatus shows the whole of the status bar's message in a dialog.
func (u *ui) showStatus() {
	l := &widget.Label{Text: u.statusMessage.Text, Wrapping: fyne.TextWrapWord}
	d := dialog.NewCustom(lang.L("win.Message"), lang.L("OK"), l, u.win)
	d.Resize(fyne.NewSize(520, 0))
	u.env.ShowDialog(d)
}

// navSelected follows a click in the navigation: a page with unsaved
// edits asks first (screens.Leaver), and the navigation stays on it
// until the edits are saved or given up.
func (u *ui) navSelected(id widget.ListItemID) {
	if u.reverting {
		return
	}
	u.idle.touch()
	if id != u.navSel && u.unsaved() {
		u.reverting = true
		if u.navSel >= 0 {
			u.nav.Select(u.navSel)
		}
		u.reverting = false
		u.leave(func() { u.nav.Select(id) })
		return
	}
	u.navSel = id
	u.show(u.pages[id].id)
}

// closeRequested follows the window's close button: unsaved edits are
// asked about first.
func (u *ui) closeRequested() { u.leave(u.win.Close) }

// unsaved reports whether the page on show holds unsaved edits.
func (u *ui) unsaved() bool {
	sc, ok := u.currentScreen().(screens.Unsaved)
	return ok && sc.Unsaved()
}

// leave runs proceed once the page on show has no unsaved edits: at once,
// or after it asked 保存 / 不保存 / 取消 (not at all on 取消).
func (u *ui) leave(proceed func()) {
	if l, ok := u.currentScreen().(screens.Leaver); ok {
		l.Leave(proceed)
		return
	}
	proceed()
}

// navigate shows page id and selects it in the navigation.
func (u *ui) navigate(id string) {
	for i, p := range u.pages {
		if p.id != id {
			continue
		}
		if u.navSel == i {
			u.show(id) // Select would not call OnSelected again
		} else {
			u.nav.Select(i)
		}
		return
	}
}

// show makes page id the current one, building it the first time, and
// lets it reload its data.
func (u *ui) show(id string) {
	sc, ok := u.built[id]
	if !ok {
		for _, p := range u.pages {
			if p.id == id {
				sc = p.make(u.env)
				u.built[id] = sc
				u.views[id] = sc.BuildUI()
			}
		}
		if sc == nil {
			return
		}
	}
	u.current = id
	u.content.Objects = []fyne.CanvasObject{u.views[id]}
	u.content.Refresh()
	if r, ok := sc.(screens.Reloader); ok {
		r.Reload()
	}
	u.updateMenus()
}

// currentScreen is the page on show, or nil.
func (u *ui) currentScreen() screens.Screen { return u.built[u.current] }

// settingsSaved follows a save in the settings page: title, status bar,
// and, when the language changed, the whole window in the new language.
func (u *ui) settingsSaved(old, now data.Settings) {
	if now.Language != old.Language {
		pref := now.Language
		if pref == "" {
			pref = u.opts.Lang
		}
		if err := SetupLanguage(pref); err == nil {
			u.build()
			u.navigate(screens.PageSettings)
			u.setStatus(lang.L("Settings saved."))
		}
	}
	if lookOf(now) != lookOf(old) {
		applyLook(u.app, lookOf(now)) // at once: Fyne redraws every window
	}
	u.showSettings(now)
}

// applyLook makes the theme, variant and text size the settings choose
// the app's.
func applyLook(a fyne.App, l look) {
	if th, ok := a.Settings().Theme().(*jiedaoTheme); ok && th.look == l {
		return
	}
	a.Settings().SetTheme(newThemeFor(l))
}

// navWidth gives the navigation list the width of its widest entry (a
// List's own minimum is one narrow row).
type navWidth struct{}

func (navWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (navWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(170, objs[0].MinSize().Height)
}

// windowSize remembers the window's size in the preferences. It is also
// the layout of the window's content, which is how it hears of a resize
// (Fyne has no resize event).
type windowSize struct {
	prefs  fyne.Preferences
	canvas fyne.Canvas // its size is what Window.Resize takes; nil in tests
	last   fyne.Size   // the content's size, to notice a resize
	timer  *time.Timer
	// resized, when set, hears of every resize: the idle lock's cover
	// follows the window.
	resized func()
}

const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

func (w *windowSize) load() fyne.Size {
	wd := w.prefs.FloatWithFallback(prefWidth, float64(defaultSize.Width))
	ht := w.prefs.FloatWithFallback(prefHeight, float64(defaultSize.Height))
	if wd < 640 || ht < 480 { // a broken value must not hide the window
		return defaultSize
	}
	return fyne.NewSize(float32(wd), float32(ht))
}

// save writes the window's size. That is the canvas's, not the
// content's, which lacks the menu bar and padding: saving that would
// shrink the window a little at every start.
func (w *windowSize) save() {
	if w.timer != nil {
		w.timer.Stop()
	}
	size := w.last
	if w.canvas != nil {
		size = w.canvas.Size()
	}
	if size.Width >= 640 && size.Height >= 480 {
		w.prefs.SetFloat(prefWidth, float64(size.Width))
		w.prefs.SetFloat(prefHeight, float64(size.Height))
	}
}

func (w *windowSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
	if size == w.last {
		return
	}
	w.last = size
	if w.resized != nil {
		w.resized()
	}
	// Dragging a window edge resizes many times a second; write once it
	// settles.
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = time.AfterFunc(time.Second, func() { fyne.Do(w.save) })
}

func (w *windowSize) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// The editing actions: each has a shortcut and goes to the current page
// when it implements the matching screens interface.
const (
	actFind  = "find"
	actNew   = "new"
	actSave  = "save"
	actPrint = "print"
)

type actionDef struct {
	id    string
	label string
	key   fyne.KeyName
	icon  fyne.Resource
}

func actions() []actionDef {
	return []actionDef{
		{actFind, lang.L("Find"), fyne.KeyF, theme.SearchIcon()},
		{actNew, lang.L("New record"), fyne.KeyN, theme.ContentAddIcon()},
		{actSave, lang.L("Save"), fyne.KeyS, theme.DocumentSaveIcon()},
		{actPrint, lang.L("Print"), fyne.KeyP, theme.DocumentPrintIcon()},
	}
}

func shortcut(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// can reports whether the current page does action id.
func (u *ui) can(id string) bool {
	switch sc := u.currentScreen(); id {
	case actFind:
		_, ok := sc.(screens.Searcher)
		return ok
	case actNew:
		_, ok := sc.(screens.Creator)
		return ok && u.env.MayCreate(u.current)
	case actSave:
		_, ok := sc.(screens.Saver)
		return ok
	case actPrint:
		_, ok := sc.(screens.Printer)
		return ok
	}
	return false
}

// dispatch sends action id to the current page, if it does it.
func (u *ui) dispatch(id string) {
	if u.idle.locked || u.door != nil {
		return // the page is covered: no shortcut reaches it
	}
	u.idle.touch()
	sc := u.currentScreen()
	switch id {
	case actFind:
		if s, ok := sc.(screens.Searcher); ok {
			s.FocusSearch()
		}
	case actNew:
		if c, ok := sc.(screens.Creator); ok {
			c.New()
		}
	case actSave:
		if s, ok := sc.(screens.Saver); ok {
			s.Save()
		}
	case actPrint:
		if p, ok := sc.(screens.Printer); ok {
			p.Print()
		}
	}
}

// registerShortcuts puts the actions' shortcuts on the canvas. The Edit
// menu carries them too, and Fyne offers a key to the main menu before the
// focused widget, which is what makes Ctrl+S work while typing in a field;
// the canvas catches them where there is no main menu bar.
func (u *ui) registerShortcuts() {
	c := u.win.Canvas()
	for _, a := range actions() {
		id := a.id
		c.AddShortcut(shortcut(a.key), func(fyne.Shortcut) { u.dispatch(id) })
	}
	// Fyne 2.7 dialogs ignore Esc; the Env knows which one is on top.
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape && !u.idle.locked { // Esc must not close what the lock covers
			u.env.Escape()
		}
	})
}

func (u *ui) mainMenu() *fyne.MainMenu {
	// Quitting asks about unsaved edits first, as closing the window does.
	quit := fyne.NewMenuItem(lang.L("Quit"), func() { u.leave(u.app.Quit) })
	quit.IsQuit = true
	file := fyne.NewMenu(lang.L("File"))
	if u.env.Can(screens.CapBackup) { // backup and restore are the administrator's
		file.Items = append(file.Items,
			&fyne.MenuItem{Label: lang.L("Back up now"), Icon: theme.DocumentSaveIcon(), Action: u.backup},
			&fyne.MenuItem{Label: lang.L("Restore from backup…"), Icon: theme.HistoryIcon(), Action: u.restore},
			fyne.NewMenuItemSeparator())
	}
	file.Items = append(file.Items, quit)
	u.edit = map[string]*fyne.MenuItem{}
	var editItems []*fyne.MenuItem
	for _, a := range actions() {
		id := a.id
		it := &fyne.MenuItem{Label: a.label, Icon: a.icon, Shortcut: shortcut(a.key), Action: func() { u.dispatch(id) }}
		u.edit[id] = it
		editItems = append(editItems, it)
	}
	edit := fyne.NewMenu(lang.L("Edit"), editItems...)
	help := fyne.NewMenu(lang.L("Help"),
		&fyne.MenuItem{Label: lang.L("Keyboard shortcuts"), Action: u.showShortcuts},
		&fyne.MenuItem{Label: lang.L("About Jiedao"), Icon: theme.InfoIcon(), Action: u.showAbout},
	)
	return fyne.NewMainMenu(file, edit, u.signedInMenu(), help)
}

// updateMenus greys out the actions the current page does not do.
func (u *ui) updateMenus() {
	changed := false
	for id, it := range u.edit {
		if dis := !u.can(id); it.Disabled != dis {
			it.Disabled = dis
			changed = true
		}
	}
	if m := u.win.MainMenu(); changed && m != nil {
		m.Refresh()
	}
}
