package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/screens"
)

// newUnboundUI opens the window as Run does: on data.Open's store, with
// the doors (first administrator or login) in front.
func newUnboundUI(t *testing.T, s *data.Store) *ui {
	t.Helper()
	u, _ := newTestUIOn(t, "zh", s)
	u.openDoors()
	return u
}

func TestFirstStartMakesTheAdministrator(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	// A register from the release before accounts had an operator, in
	// its settings.
	old, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := datatest.DB(t, old).Exec("INSERT INTO settings (key, value) VALUES ('operator', '王芳')").Error; err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	s := datatest.MustOpenUnbound(t, path)
	u := newUnboundUI(t, s)
	if len(u.pages) != 0 || shows(u.win.Canvas().Content(), "住户") {
		t.Fatal("the window shows pages before anyone logged in")
	}
	d, ok := u.door.(interface{ Hide() })
	if !ok || d == nil {
		t.Fatal("no first-administrator dialog")
	}
	fa := u.lastFirstAdmin
	if fa.name.Text != "王芳" {
		t.Errorf("display name %q, want the settings' operator", fa.name.Text)
	}
	test.Type(fa.login, "admin")
	test.Type(fa.password, "123456")
	if !strings.Contains(fa.passwordProblem.Text, "至少") {
		t.Errorf("a short password: %q beside the field", fa.passwordProblem.Text)
	}
	fa.password.SetText("")
	test.Type(fa.password, "jiedao")
	if fa.passwordProblem.Text == "" {
		t.Error("a common password passes")
	}
	fa.password.SetText("正确的密码-2026")
	test.Type(fa.repeat, "另一个密码-2026")
	test.Tap(fa.ok)
	if ok, _ := s.HasAccounts(context.Background()); ok {
		t.Fatal("created with two different passwords")
	}
	fa.repeat.SetText("正确的密码-2026")
	test.Tap(fa.ok)
	if ok, _ := s.HasAccounts(context.Background()); !ok {
		t.Fatalf("no account (problems %q %q %q)", fa.loginProblem.Text, fa.passwordProblem.Text, fa.problem.Text)
	}
	// The recovery code cannot be waved away: its button waits for the
	// box to be ticked.
	rc := u.lastRecovery
	if rc == nil || len(rc.code) < 20 || !shows(u.win.Canvas().Overlays().Top(), rc.code) {
		t.Fatal("no recovery code shown")
	}
	if !rc.done.Disabled() {
		t.Error("我已妥善保管 can be tapped before the box is ticked")
	}
	u.env.Escape()
	if u.win.Canvas().Overlays().Top() == nil || u.lastLogin != nil {
		t.Fatal("Esc closed the recovery code")
	}
	// 打印 writes the sheet, before anyone is logged in.
	t.Setenv("XDG_DOCUMENTS_DIR", t.TempDir())
	test.Tap(rc.print)
	u.env.Wait()
	if top := u.win.Canvas().Overlays().Top(); top == nil || !shows(top, "恢复码已保存为") {
		t.Fatalf("打印: %q", visibleTexts(top))
	}
	u.env.Escape() // the saved-file dialog; the code stays
	test.Tap(rc.copy)
	if got := u.app.Clipboard().Content(); got != rc.code {
		t.Errorf("复制 put %q on the clipboard", got)
	}
	test.Tap(rc.kept)
	test.Tap(rc.done)
	if u.lastLogin == nil {
		t.Fatal("no login after the recovery code")
	}
	login(t, u, "admin", "正确的密码-2026")
	if !shows(u.statusOperator, "王芳 · 系统管理员") {
		t.Errorf("status bar %q", u.statusOperator.Text)
	}
	// An administrator sees accounts and settings, not the register.
	var ids []string
	for _, p := range u.pages {
		ids = append(ids, p.id)
	}
	if got := strings.Join(ids, ","); got != "accounts,settings" {
		t.Errorf("the administrator's pages: %s", got)
	}
	// The recovery code works (the command line's recover).
	if err := s.Recover(context.Background(), "admin", rc.code, "新的密码-2027"); err != nil {
		t.Errorf("the code shown does not recover: %v", err)
	}
}

// login types login and password into the login dialog on show.
func login(t *testing.T, u *ui, name, password string) {
	t.Helper()
	d := u.lastLogin
	d.login.SetText(name)
	d.password.SetText(password)
	test.Tap(d.ok)
	u.env.Wait()
}

func TestLoginRefusals(t *testing.T) {
	s := datatest.MustOpenUnbound(t, filepath.Join(t.TempDir(), "jiedao.db"))
	datatest.As(t, s, "zhangsan", []string{data.RoleCommunity}, []string{"和平里社区"}, nil)
	u := newUnboundUI(t, s)
	login(t, u, "nobody", datatest.Password)
	unknown := u.lastLogin.problem.Text
	login(t, u, "zhangsan", "wrong-password")
	wrong := u.lastLogin.problem.Text
	if unknown != "用户名或密码错误。" || wrong != unknown {
		t.Errorf("unknown login %q, wrong password %q", unknown, wrong)
	}
	if u.lastLogin.password.Text != "" {
		t.Error("the wrong password stays in the field")
	}
	for range data.LockoutFailures - 1 {
		login(t, u, "zhangsan", "wrong-password")
	}
	if got := u.lastLogin.problem.Text; !strings.Contains(got, "锁定") || !strings.Contains(got, "10 分钟") {
		t.Errorf("after five wrong passwords: %q", got)
	}
	login(t, u, "zhangsan", datatest.Password) // right, but locked
	if len(u.pages) != 0 {
		t.Error("a locked account logged in")
	}
}

func TestForcedPasswordChangeAndSwitchUser(t *testing.T) {
	s := datatest.MustOpenUnbound(t, filepath.Join(t.TempDir(), "jiedao.db"))
	admin := datatest.As(t, s, "admin", []string{data.RoleAdmin}, nil, nil)
	ctx := context.Background()
	if err := admin.CreateAccount(ctx, &data.Account{Login: "lisi", Name: "李四", Roles: data.RoleViewer}, "first-passw0rd"); err != nil {
		t.Fatal(err)
	}
	u := newUnboundUI(t, s)
	login(t, u, "lisi", "first-passw0rd")
	pd := u.lastPassword
	if pd == nil || len(u.pages) != 0 {
		t.Fatal("no forced change of password at the first login")
	}
	u.env.Escape()
	test.Type(pd.password, "first-passw0rd-2")
	test.Type(pd.repeat, "first-passw0rd-2")
	test.Tap(pd.ok)
	if len(u.pages) == 0 {
		t.Fatalf("not signed in after the change: %q", pd.problem.Text)
	}
	if !shows(u.statusOperator, "李四 · 领导") {
		t.Errorf("status %q", u.statusOperator.Text)
	}
	for _, p := range u.pages {
		if p.id == screens.PageSettings || p.id == screens.PageAccounts || p.id == screens.PageAudit || p.id == screens.PageRecycle {
			t.Errorf("a viewer is offered %s", p.id)
		}
	}
	u.navigate(screens.PageHouseholds)
	u.env.Wait()
	if u.current != screens.PageHouseholds || !u.edit[actNew].Disabled {
		t.Errorf("a viewer's households: page %s, 新建 in the Edit menu enabled", u.current)
	}
	if m, _ := u.env.Store().MustChangePassword(ctx); m {
		t.Error("still must change")
	}
	// Switch user: back to the login, nothing of the pages left.
	u.switchUser()
	if len(u.pages) != 0 || u.lastLogin == nil {
		t.Fatal("switch user did not go back to the login")
	}
	if _, bound := u.env.Store().Who(); bound {
		t.Error("the window keeps the last account's store")
	}
	login(t, u, "admin", datatest.Password)
	if !shows(u.statusOperator, "admin · 系统管理员") {
		t.Errorf("status %q", u.statusOperator.Text)
	}
	// 用户 → 修改密码…: the current password first.
	u.changeOwnPassword()
	pd = u.lastPassword
	test.Type(pd.current, "not-my-password")
	test.Type(pd.password, "admin-passw0rd-2")
	test.Type(pd.repeat, "admin-passw0rd-2")
	test.Tap(pd.ok)
	if pd.problem.Text != "当前密码不正确。" {
		t.Errorf("a wrong current password: %q", pd.problem.Text)
	}
	pd.current.SetText(datatest.Password)
	test.Tap(pd.ok)
	if _, err := s.Login(ctx, "admin", "admin-passw0rd-2"); err != nil {
		t.Errorf("the new password does not log in: %v", err)
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stays open")
	}
}

// fakeClock is the idle lock's clock in tests.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestIdleLock(t *testing.T) {
	u, s := newTestUI(t, "zh")
	clock := &fakeClock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.Local)}
	u.idle.now = clock.now
	u.idle.systemIdle = func() (time.Duration, bool) { return 0, false }
	u.idle.start()
	ctx := context.Background()
	st, _ := s.Settings(ctx)
	st.OfficeName, st.IdleLock = "东华门街道办事处", "5"
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	clock.t = clock.t.Add(4 * time.Minute)
	u.idle.check()
	if u.idle.locked {
		t.Fatal("locked before the settings' five minutes")
	}
	// Activity (a page change) starts the count again.
	u.navigate(screens.PageHouseholds)
	u.env.Wait()
	u.showShortcuts() // a dialog the lock must cover and keep
	shortcuts := u.win.Canvas().Overlays().Top()
	clock.t = clock.t.Add(2 * time.Minute)
	u.idle.check()
	if u.idle.locked {
		t.Fatal("locked though the user moved to another page two minutes ago")
	}
	clock.t = clock.t.Add(5 * time.Minute)
	u.idle.check()
	if !u.idle.locked || u.idle.cover == nil || !u.idle.cover.Visible() {
		t.Fatal("not locked after five idle minutes")
	}
	if u.idle.cover.Size() != u.win.Canvas().Size() {
		t.Errorf("the cover is %v, the window %v", u.idle.cover.Size(), u.win.Canvas().Size())
	}
	u.win.Resize(fyne.NewSize(1300, 760)) // the cover follows the window
	if u.idle.cover.Size() != u.win.Canvas().Size() {
		t.Errorf("after a resize the cover is %v, the window %v", u.idle.cover.Size(), u.win.Canvas().Size())
	}
	// A shortcut does not reach the covered page, nor does Esc.
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !u.idle.locked || u.win.Canvas().Overlays().Top() != u.idle.cover {
		t.Error("Esc reached what the lock covers")
	}
	u.dispatch(actNew)
	if u.win.Canvas().Overlays().Top() != u.idle.cover {
		t.Error("Ctrl+N opened something over the lock")
	}
	test.Type(u.idle.password, "wrong")
	test.Tap(u.idle.unlock)
	if !u.idle.locked || u.idle.problem.Text != "用户名或密码错误。" {
		t.Fatalf("a wrong password: locked %v, %q", u.idle.locked, u.idle.problem.Text)
	}
	test.Type(u.idle.password, datatest.Password)
	test.Tap(u.idle.unlock)
	if u.idle.locked || u.win.Canvas().Overlays().Top() != shortcuts {
		t.Fatal("the right password did not unlock back to the dialog the lock covered")
	}
	if u.current != screens.PageHouseholds {
		t.Errorf("after unlocking the window shows %s", u.current)
	}
}
