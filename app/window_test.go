package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/screens"
)

// newTestUI builds the main window headless, in Chinese, on a new store.
func newTestUI(t *testing.T, language string) (*ui, *data.Store) {
	t.Helper()
	return newTestUIOn(t, language, datatest.MustOpen(t))
}

// newTestUIOn is newTestUI on the store s: an unbound one (datatest.
// MustOpenUnbound) is what the window opens until its login lands.
func newTestUIOn(t *testing.T, language string, s *data.Store) (*ui, *data.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	if err := SetupLanguage(language); err != nil {
		t.Fatal(err)
	}
	u := newUI(a, s, Options{DBPath: s.Path(), Lang: language, Now: datatest.Epoch, Version: "1.2.3", inline: true})
	t.Cleanup(func() {
		u.env.Close()
		u.env.Wait()
	})
	u.win.Show()
	u.env.Wait()
	return u, s
}

// visibleTexts lists the text shown under o: hidden objects and their
// children are skipped.
func visibleTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func shows(o fyne.CanvasObject, text string) bool {
	for _, s := range visibleTexts(o) {
		if strings.Contains(s, text) {
			return true
		}
	}
	return false
}

func TestWindowBuilds(t *testing.T) {
	u, s := newTestUI(t, "zh")
	if got := u.win.Title(); got != "街道通" {
		t.Errorf("title %q, want 街道通", got)
	}
	if u.current != screens.PageHome {
		t.Errorf("opens on %q, want the home page", u.current)
	}
	content := u.win.Canvas().Content()
	for _, want := range []string{"首页", "回收站", "操作日志", "设置", s.Path(), "tester · 系统管理员、街道管理员、审计员", "欢迎使用街道通", "载入演示数据"} {
		if !shows(content, want) {
			t.Errorf("window does not show %q; it shows %q", want, visibleTexts(content))
		}
	}
	menu := u.win.MainMenu()
	if menu == nil || len(menu.Items) != 4 || menu.Items[0].Label != "文件" || menu.Items[2].Label != "用户" || menu.Items[3].Label != "帮助" {
		t.Fatalf("main menu %+v", menu)
	}
}

func TestWindowInEnglish(t *testing.T) {
	u, _ := newTestUI(t, "en")
	content := u.win.Canvas().Content()
	for _, want := range []string{"Home", "Recycle bin", "Audit log", "Settings", "Welcome to Jiedao"} {
		if !shows(content, want) {
			t.Errorf("window does not show %q", want)
		}
	}
	if got := u.win.Title(); got != "Jiedao" {
		t.Errorf("title %q", got)
	}
}

func TestNavigation(t *testing.T) {
	u, _ := newTestUI(t, "zh")
	pages := []string{screens.PageHouseholds, screens.PageOrganizations, screens.PageAgreements, screens.PageMeetings,
		screens.PageActions, screens.PageReports, screens.PageVisits, screens.PageRecycle, screens.PageAudit, screens.PageAccounts, screens.PageSettings, screens.PageHome}
	for i, want := range pages {
		u.nav.Select(i + 1)
		if i == len(pages)-1 {
			u.nav.Select(0)
		}
		u.env.Wait()
		if u.current != want {
			t.Fatalf("selected %s, showing %s", want, u.current)
		}
		if got := u.content.Objects[0]; got != u.views[want] {
			t.Fatalf("%s: content is not the page's view", want)
		}
	}
	// A page can send the user elsewhere (the welcome page → settings).
	u.env.Navigate(screens.PageSettings)
	if u.current != screens.PageSettings || !shows(u.content, "街道办事处全称") {
		t.Fatalf("Navigate(settings) shows %s", u.current)
	}
	// The Edit menu follows the page: settings can save, not search.
	if u.edit[actSave].Disabled || !u.edit[actFind].Disabled {
		t.Errorf("settings: save disabled %v, find disabled %v", u.edit[actSave].Disabled, u.edit[actFind].Disabled)
	}
}

// entry returns the settings field whose label is label.
func settingsEntry(t *testing.T, u *ui, label string) *widget.Entry {
	t.Helper()
	var found *widget.Entry
	var walk func(o fyne.CanvasObject, next bool)
	walk = func(o fyne.CanvasObject, _ bool) {
		c, ok := o.(*fyne.Container)
		if !ok {
			if w, ok := o.(fyne.Widget); ok {
				if _, isEntry := o.(*widget.Entry); !isEntry {
					for _, ch := range test.WidgetRenderer(w).Objects() {
						walk(ch, false)
					}
				}
			}
			return
		}
		for i, ch := range c.Objects {
			if l, ok := ch.(*widget.Label); ok && l.Text == label && i+1 < len(c.Objects) {
				if box, ok := c.Objects[i+1].(*fyne.Container); ok {
					if e, ok := box.Objects[0].(*widget.Entry); ok {
						found = e
						return
					}
				}
			}
			walk(ch, false)
		}
	}
	walk(u.views[screens.PageSettings], false)
	if found == nil {
		t.Fatalf("no field %q in settings", label)
	}
	return found
}

func TestSettingsSaveAndReload(t *testing.T) {
	u, s := newTestUI(t, "zh")
	// The operator of a release before accounts has no field any more,
	// and a save keeps it.
	if err := s.SaveOperator(context.Background(), "王芳"); err != nil {
		t.Fatal(err)
	}
	u.navigate(screens.PageSettings)
	test.Type(settingsEntry(t, u, "街道办事处全称"), "北京市东城区东华门街道办事处")
	test.Type(settingsEntry(t, u, "地址"), "东华门大街 1 号")
	test.Type(settingsEntry(t, u, "联系电话"), "010-65123456")
	test.Type(settingsEntry(t, u, "自动锁定（分钟）"), "15")
	// Ctrl+S, as the window dispatches it.
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcut(fyne.KeyS))
	u.env.Wait()

	got, err := s.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := data.Settings{OfficeName: "北京市东城区东华门街道办事处", Address: "东华门大街 1 号", Phone: "010-65123456", Operator: "王芳", IdleLock: "15"}
	if got != want {
		t.Fatalf("saved %+v, want %+v", got, want)
	}
	if title := u.win.Title(); title != "街道通 — 北京市东城区东华门街道办事处" {
		t.Errorf("title %q", title)
	}
	if got.IdleLockMinutes() != 15 {
		t.Errorf("idle lock %d minutes", got.IdleLockMinutes())
	}

	// A new window on the same store shows what was saved.
	u2 := newUI(test.NewTempApp(t), s, Options{DBPath: s.Path(), Lang: "zh", inline: true})
	t.Cleanup(func() { u2.env.Close(); u2.env.Wait() })
	u2.env.Wait()
	u2.navigate(screens.PageSettings)
	if e := settingsEntry(t, u2, "联系电话"); e.Text != "010-65123456" {
		t.Errorf("reloaded phone %q", e.Text)
	}
	if !shows(u2.content, "北京市东城区东华门街道办事处") {
		// Entries render their text as canvas.Text too.
		t.Error("reloaded form does not show the office name")
	}
}

func TestSettingsInvalidPhone(t *testing.T) {
	u, s := newTestUI(t, "zh")
	u.navigate(screens.PageSettings)
	test.Type(settingsEntry(t, u, "街道办事处全称"), "东华门街道办事处")
	phone := settingsEntry(t, u, "联系电话")
	test.Type(phone, "12345")
	// Enter in the last field saves too.
	last := settingsEntry(t, u, "自动锁定（分钟）")
	last.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	u.env.Wait()

	want := data.Render(data.KeyInvalidPhone, "zh", nil)
	if !shows(u.views[screens.PageSettings], want) {
		t.Errorf("the phone message %q is not shown; the page shows %q", want, visibleTexts(u.views[screens.PageSettings]))
	}
	if f := u.win.Canvas().Focused(); f != phone {
		t.Errorf("focus on %T, want the phone field", f)
	}
	got, err := s.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != (data.Settings{}) {
		t.Errorf("invalid settings were saved: %+v", got)
	}
	if u.win.Title() != "街道通" {
		t.Errorf("title changed to %q", u.win.Title())
	}

	// Corrected, it saves, and the message goes.
	phone.SetText("13812345678")
	u.dispatch(actSave)
	u.env.Wait()
	if shows(u.views[screens.PageSettings], want) {
		t.Error("the phone message stays after a good save")
	}
	if got, _ := s.Settings(context.Background()); got.Phone != "13812345678" {
		t.Errorf("phone saved as %q", got.Phone)
	}
}

func TestLanguageSwitch(t *testing.T) {
	u, s := newTestUI(t, "")
	if err := s.SaveSettings(context.Background(), data.Settings{OfficeName: "东华门街道办事处"}); err != nil {
		t.Fatal(err)
	}
	u.navigate(screens.PageSettings)
	u.settingsSaved(data.Settings{}, data.Settings{OfficeName: "东华门街道办事处", Language: "en"})
	t.Cleanup(func() { _ = SetupLanguage("zh") })
	if u.current != screens.PageSettings {
		t.Errorf("after the switch the window shows %s", u.current)
	}
	if !shows(u.win.Canvas().Content(), "Recycle bin") || !shows(u.win.Canvas().Content(), "Street office (full name)") {
		t.Error("window is not in English after choosing English")
	}
	if got := u.win.Title(); got != "Jiedao — 东华门街道办事处" {
		t.Errorf("title %q", got)
	}
}

func TestEscapeClosesDialog(t *testing.T) {
	u, _ := newTestUI(t, "zh")
	u.showShortcuts()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("shortcuts dialog not shown")
	}
	if !shows(u.win.Canvas().Overlays().Top(), "Ctrl+S") {
		t.Error("shortcuts dialog does not list Ctrl+S")
	}
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Esc left %T open", top)
	}
	if u.env.Escape() {
		t.Error("Escape with no dialog reported closing one")
	}
}

func TestWindowSizeRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	w := &windowSize{prefs: a.Preferences()}
	if got := w.load(); got != defaultSize {
		t.Errorf("first size %v, want %v", got, defaultSize)
	}
	w.Layout(nil, fyne.NewSize(1000, 650))
	w.save()
	if got := (&windowSize{prefs: a.Preferences()}).load(); got != fyne.NewSize(1000, 650) {
		t.Errorf("remembered %v", got)
	}
	a.Preferences().SetFloat(prefWidth, 10)
	if got := (&windowSize{prefs: a.Preferences()}).load(); got != defaultSize {
		t.Errorf("a broken size gives %v", got)
	}
}

func TestAbout(t *testing.T) {
	u, _ := newTestUI(t, "zh")
	u.showAbout()
	top := u.win.Canvas().Overlays().Top()
	if top == nil || !shows(top, "版本 1.2.3") {
		t.Fatalf("about dialog does not show the version")
	}
}

func TestBackupFromMenu(t *testing.T) {
	u, s := newTestUI(t, "zh")
	u.backup()
	u.env.Wait()
	top := u.win.Canvas().Overlays().Top()
	if top == nil || !shows(top, "备份完成") {
		t.Fatalf("no backup-done dialog; overlays %v", top)
	}
	log, err := s.AuditLog(context.Background(), data.AuditFilter{Entity: data.EntityDatabase})
	if err != nil || len(log) == 0 || log[0].Action != data.ActionBackup {
		t.Fatalf("no backup in the audit log: %v %+v", err, log)
	}
}

func TestRestoreFromBackup(t *testing.T) {
	u, s := newTestUI(t, "zh")
	ctx := context.Background()
	if err := s.SaveSettings(ctx, data.Settings{OfficeName: "甲街道办事处"}); err != nil {
		t.Fatal(err)
	}
	backup, err := s.Backup(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSettings(ctx, data.Settings{OfficeName: "乙街道办事处"}); err != nil {
		t.Fatal(err)
	}

	// A file that is not a backup is refused and changes nothing.
	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(bad, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	u.runRestore(bad)
	u.env.Wait()
	if u.env.Store() != s {
		t.Fatal("a refused restore replaced the store")
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || !shows(top, "不是数据库文件") {
		t.Errorf("refused restore: no message")
	}
	u.env.Escape()

	u.runRestore(backup)
	u.env.Wait()
	fresh := u.base
	if fresh == s {
		t.Fatal("store not replaced after the restore")
	}
	t.Cleanup(func() { fresh.Close() })
	// The restored register has its own accounts: the window asks for a
	// login, saying how the restore went, and shows nothing before it.
	if u.door == nil || u.lastLogin == nil || len(u.pages) != 0 {
		t.Fatalf("no login after the restore (door %v, pages %d)", u.door, len(u.pages))
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || !shows(top, "已从") {
		t.Errorf("the login does not say the data was restored: %q", visibleTexts(top))
	}
	login := u.lastLogin
	test.Type(login.login, datatest.FullLogin)
	test.Type(login.password, datatest.Password)
	test.Tap(login.ok)
	u.env.Wait()
	got, err := u.env.Store().Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.OfficeName != "甲街道办事处" {
		t.Errorf("after restore the office is %q", got.OfficeName)
	}
	if title := u.win.Title(); title != "街道通 — 甲街道办事处" {
		t.Errorf("title %q after restore", title)
	}
	if u.current != screens.PageHome {
		t.Errorf("after restore the window shows %s", u.current)
	}
}
