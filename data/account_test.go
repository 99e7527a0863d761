package data_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestPasswordHashProduction(t *testing.T) {
	data.ForceProductionParams(t.Cleanup)
	h, err := data.HashPassword("幸福社区2026!")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q: want argon2id m=19456,t=2,p=1", h)
	}
	parts := strings.Split(h, "$")
	if len(parts) != 6 || len(parts[4]) != 22 || len(parts[5]) != 43 { // 16-byte salt, 32-byte key, base64 raw
		t.Errorf("hash %q: salt or key of the wrong length", h)
	}
	h2, _ := data.HashPassword("幸福社区2026!")
	if h2 == h {
		t.Error("two hashes of one password are equal: no random salt")
	}
	if !data.CheckPassword(h, "幸福社区2026!") || data.CheckPassword(h, "幸福社区2026") {
		t.Error("CheckPassword does not tell the password from another")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=2,p=1$AAAA$BBBB", "plain"} {
		if data.CheckPassword(bad, "") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		login, pw, key string
	}{
		{"zhangsan", "short7!", data.KeyPasswordShort},
		{"zhangsan", "ZhangSan", data.KeyPasswordIsLogin},
		{"wang", "12345678", data.KeyPasswordCommon},
		{"wang", "Jiedao123", data.KeyPasswordCommon},
		{"wang", "qwerty123", data.KeyPasswordCommon},
		{"wang", "街道通的密码很长", ""},
	} {
		err := data.ValidatePassword(tc.login, tc.pw)
		var de *data.Error
		switch {
		case tc.key == "" && err != nil:
			t.Errorf("%q: %v", tc.pw, err)
		case tc.key != "" && (!errors.As(err, &de) || de.Key != tc.key):
			t.Errorf("%q: %v, want %s", tc.pw, err, tc.key)
		case err != nil && strings.Contains(err.Error(), tc.pw):
			t.Errorf("the error %q names the password", err)
		}
	}
}

// TestFirstAdminAndLogin: a new register has no accounts; the first admin
// takes the settings' operator as its name, gets a recovery code, and
// logs in; entries name the account.
func TestFirstAdminAndLogin(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	s0, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if has, err := s0.HasAccounts(ctx); err != nil || has {
		t.Fatalf("HasAccounts on a new register = %v, %v", has, err)
	}
	// Nothing of the register is written without an account; an
	// operator saved by the release before accounts is there already.
	if err := s0.SaveOperator(ctx, "王芳"); !errors.Is(err, data.ErrNoAccount) {
		t.Fatalf("SaveOperator without an account: %v", err)
	}
	if err := datatest.DB(t, s0).Exec("INSERT INTO settings (key, value) VALUES ('operator', '王芳')").Error; err != nil {
		t.Fatal(err)
	}
	if err := s0.Close(); err != nil {
		t.Fatal(err)
	}
	s := datatest.MustOpenUnbound(t, path)
	if _, err := s.CreateFirstAccount(ctx, data.Account{Login: "x", Roles: data.RoleStreet}, "幸福社区2026!"); keyOf(err) != data.KeyFirstNeedsAdmin {
		t.Errorf("first account without admin: %v", err)
	}
	code, err := s.CreateFirstAdmin(ctx, "WangFang", "", "幸福社区2026!")
	if err != nil || len(code) != 24 {
		t.Fatalf("CreateFirstAdmin: %q, %v", code, err)
	}
	if _, err := s.CreateFirstAdmin(ctx, "other", "", "幸福社区2026!"); keyOf(err) != data.KeyAccountsExist {
		t.Errorf("a second first admin: %v", err)
	}
	b, err := s.Login(ctx, "wangfang", "幸福社区2026!")
	if err != nil {
		t.Fatal(err)
	}
	who, ok := b.Who()
	if !ok || who.Name != "王芳" || who.Login != "wangfang" || !who.HasRole(data.RoleAdmin) {
		t.Errorf("Who = %+v, %v", who, ok)
	}
	if _, ok := s.Who(); ok {
		t.Error("Login bound the unbound store too")
	}
	for _, bad := range [][2]string{{"wangfang", "wrong-password"}, {"nobody", "幸福社区2026!"}} {
		_, err := s.Login(ctx, bad[0], bad[1])
		if keyOf(err) != data.KeyLoginFailed || data.Render(data.KeyLoginFailed, "zh", nil) != "用户名或密码错误。" {
			t.Errorf("login %s: %v", bad[0], err)
		}
	}
	if err := b.SaveSettings(ctx, data.Settings{OfficeName: "幸福街道办事处"}); err != nil {
		t.Fatal(err)
	}
	log := auditTail(t, b, 1)
	if log[0].Operator != "王芳（wangfang）" {
		t.Errorf("entry operator %q, want the account", log[0].Operator)
	}
	if name, login := data.ParseOperator(log[0].Operator); name != "王芳" || login != "wangfang" {
		t.Errorf("ParseOperator = %q, %q", name, login)
	}

	// Recovery: the code works once.
	if err := s.Recover(ctx, "wangfang", "AAAA-AAAA-AAAA-AAAA-AAAA", "新的密码很安全啊"); keyOf(err) != data.KeyRecoveryFailed {
		t.Errorf("a wrong code: %v", err)
	}
	if err := s.Recover(ctx, "wangfang", strings.ToLower(strings.ReplaceAll(code, "-", "")), "新的密码很安全啊"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "wangfang", "新的密码很安全啊"); err != nil {
		t.Errorf("login with the recovered password: %v", err)
	}
	if err := s.Recover(ctx, "wangfang", code, "又一个新的密码啊"); keyOf(err) != data.KeyRecoveryFailed {
		t.Errorf("the code used twice: %v", err)
	}
}

// TestLockout: five wrong passwords within ten minutes lock the account
// for ten minutes, whatever the password; the lock is audited.
func TestLockout(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpenUnbound(t, filepath.Join(t.TempDir(), "j.db"))
	now := datatest.Epoch()
	s.Now = func() time.Time { return now }
	if _, err := s.CreateFirstAdmin(ctx, "admin", "管理员", "幸福社区2026!"); err != nil {
		t.Fatal(err)
	}
	// Four wrong, then eleven minutes: the window starts again.
	for range 4 {
		if _, err := s.Login(ctx, "admin", "wrong-one"); keyOf(err) != data.KeyLoginFailed {
			t.Fatalf("wrong password: %v", err)
		}
	}
	now = now.Add(11 * time.Minute)
	for i := range 5 {
		_, err := s.Login(ctx, "admin", "wrong-one")
		want := data.KeyLoginFailed
		if i == 4 {
			want = data.KeyLoginLocked
		}
		if keyOf(err) != want {
			t.Fatalf("wrong password %d: %v, want %s", i+1, err, want)
		}
	}
	now = now.Add(9 * time.Minute)
	_, err := s.Login(ctx, "admin", "幸福社区2026!")
	if keyOf(err) != data.KeyLoginLocked || !strings.Contains(err.Error(), "1 分钟") {
		t.Errorf("the right password while locked: %v", err)
	}
	now = now.Add(time.Minute)
	b, err := s.Login(ctx, "admin", "幸福社区2026!")
	if err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	log, err := datatest.As(t, b, "audit-reader", []string{data.RoleAuditor}, nil, nil).AuditLog(ctx, data.AuditFilter{Action: data.ActionLocked})
	if err != nil || len(log) != 1 || log[0].Operator != "管理员（admin）" {
		t.Errorf("lock entries %+v, %v", log, err)
	}
	for _, e := range auditTail(t, b, 20) {
		if strings.Contains(e.Before+e.After, "wrong-one") || strings.Contains(e.Before+e.After, "argon2") {
			t.Errorf("an entry holds a password or a hash: %+v", e)
		}
	}
}

// TestAccountManagement: an admin creates, lists, resets and disables
// accounts; the last admin stays.
func TestAccountManagement(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpenUnbound(t, filepath.Join(t.TempDir(), "j.db"))
	if _, err := s.CreateFirstAdmin(ctx, "admin", "管理员", "幸福社区2026!"); err != nil {
		t.Fatal(err)
	}
	admin, err := s.Login(ctx, "admin", "幸福社区2026!")
	if err != nil {
		t.Fatal(err)
	}
	a := data.Account{Login: "sq01", Name: "李社工", Roles: data.RoleCommunity, Communities: "幸福社区"}
	if err := admin.CreateAccount(ctx, &a, "社区的初始密码啊"); err != nil {
		t.Fatal(err)
	}
	if err := admin.CreateAccount(ctx, &data.Account{Login: "SQ01", Name: "x", Roles: data.RoleViewer}, "社区的初始密码啊"); keyOf(err) != data.KeyLoginTaken {
		t.Errorf("a taken login: %v", err)
	}
	if err := admin.CreateAccount(ctx, &data.Account{Login: "wg", Name: "x", Roles: data.RoleGrid, Grids: "第一网格"}, "社区的初始密码啊"); keyOf(err) != data.KeyInvalidGridRef {
		t.Errorf("a grid without its community: %v", err)
	}
	list, err := admin.ListAccounts(ctx)
	if err != nil || len(list) != 2 || list[1].Login != "sq01" || !list[1].MustChange {
		t.Fatalf("ListAccounts = %+v, %v", list, err)
	}
	sq, err := s.Login(ctx, "sq01", "社区的初始密码啊")
	if err != nil {
		t.Fatal(err)
	}
	if must, err := sq.MustChangePassword(ctx); err != nil || !must {
		t.Errorf("MustChangePassword after creation = %v, %v", must, err)
	}
	if err := sq.ChangePassword(ctx, "not-it-at-all", "我自己的新密码呀"); keyOf(err) != data.KeyWrongPassword {
		t.Errorf("change with a wrong password: %v", err)
	}
	if err := sq.ChangePassword(ctx, "社区的初始密码啊", "我自己的新密码呀"); err != nil {
		t.Fatal(err)
	}
	if must, _ := sq.MustChangePassword(ctx); must {
		t.Error("MustChange after the change")
	}
	temp, err := admin.ResetPassword(ctx, "sq01")
	if err != nil || len(temp) != 12 {
		t.Fatalf("ResetPassword: %q, %v", temp, err)
	}
	if _, err := s.Login(ctx, "sq01", temp); err != nil {
		t.Errorf("login with the temporary password: %v", err)
	}
	if err := admin.DisableAccount(ctx, "sq01"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "sq01", temp); keyOf(err) != data.KeyLoginFailed {
		t.Errorf("login of a disabled account: %v", err)
	}
	if err := admin.DisableAccount(ctx, "admin"); keyOf(err) != data.KeyLastAdmin {
		t.Errorf("disabling the last admin: %v", err)
	}
	for _, e := range auditTail(t, admin, 20) {
		if strings.Contains(e.Before+e.After, temp) || strings.Contains(e.Before+e.After, "社区的初始密码啊") || strings.Contains(e.Before+e.After, "argon2") {
			t.Errorf("an entry holds a password or a hash: %+v", e)
		}
	}
}

// auditTail is the last n entries, newest first.
func auditTail(t *testing.T, s *data.Store, n int) []data.AuditEntry {
	t.Helper()
	aud := datatest.As(t, s, "audit-reader", []string{data.RoleAuditor}, nil, nil)
	log, err := aud.AuditLog(context.Background(), data.AuditFilter{Limit: n})
	if err != nil || len(log) == 0 {
		t.Fatalf("audit log: %v, %v", log, err)
	}
	return log
}
