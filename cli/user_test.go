package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// Passwords of the accounts these tests make.
const (
	adminPassword  = "幸福社区-2026-admin"
	workerPassword = "春晖社区-2026-work"
)

// want checks an exit code and that out holds every one of wants.
func want(t *testing.T, what string, code, wantCode int, out string, wants ...string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("%s: exit %d, want %d; output %q", what, code, wantCode, out)
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s: %q missing from %q", what, w, out)
		}
	}
}

// recoveryCode is the code `user add` printed for the first admin.
func recoveryCode(t *testing.T, stdout string) string {
	t.Helper()
	m := regexp.MustCompile(`恢复码（只显示这一次）：(\S+)`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no recovery code in %q", stdout)
	}
	return m[1]
}

// TestFirstAccountOnANewFile: on a path without a file only version, help,
// demo and user add run; a first user add without the admin role makes no
// file; one with it makes the register and prints the recovery code, and
// the account then logs in.
func TestFirstAccountOnANewFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "office", "jiedao.db")
	code, stdout, stderr := jiedaoWith(t, scriptEnv("", adminPassword), nil, "user", "add", "wangfang", "--name", "王芳", "--role", "street", "--db", db)
	want(t, "first account without admin", code, exitFail, stdout+stderr, "第一个账户必须具有系统管理员角色（admin）。")
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a refused first account made %s", db)
	}
	code, stdout, stderr = jiedaoWith(t, scriptEnv("", adminPassword), nil, "user", "add", "wangfang", "--name", "王芳", "--role", "admin,street", "--db", db)
	want(t, "first account", code, exitOK, stdout+stderr, "已创建账户 wangfang（王芳）：系统管理员、街道管理员", "jiedao user recover wangfang --code")
	recoveryCode(t, stdout)
	code, stdout, stderr = jiedaoWith(t, scriptEnv("wangfang", adminPassword), nil, "user", "list", "--db", db)
	want(t, "user list as the first admin", code, exitOK, stdout+stderr, "wangfang\t王芳\tadmin,street\t全街道\t正常")
	// A second first account is an ordinary one: it needs a login.
	code, _, stderr = jiedaoWith(t, scriptEnv("", adminPassword), nil, "user", "add", "li", "--name", "李四", "--role", "admin", "--db", db)
	want(t, "a second account without a login", code, exitFail, stderr, "请用 --user 用户名")
}

// TestNoAccountsYet: on a register without accounts — a new empty file, or
// one written before accounts, with households — every subcommand but
// version, help, demo and user add says how to make the first account,
// with the command, and exits 1.
func TestNoAccountsYet(t *testing.T) {
	dir := t.TempDir()
	empty := newRegisterWithout(t, filepath.Join(dir, "empty.db"), false)
	old := newRegisterWithout(t, filepath.Join(dir, "旧 版本.db"), true)
	roster := filepath.Join(dir, "花名册.csv")
	if err := os.WriteFile(roster, []byte("户编号,地址,姓名\r\nH9,幸福路1号,张三\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{empty, old} {
		for _, args := range [][]string{
			{"export", "households", "-o", filepath.Join(dir, "a.xlsx")},
			{"export", "households", "-o", filepath.Join(dir, "a.xlsx"), "--unmasked", "--reason", "上级核查"},
			{"print", "household", "H1", "-o", filepath.Join(dir, "a.pdf")},
			{"import", "households", roster},
			{"backup"},
			{"restore", filepath.Join(dir, "backup.db")},
			{"audit", "verify"},
			{"user", "list"},
			{"user", "reset", "admin"},
			{"user", "recover", "admin", "--code", "ABCD"},
		} {
			code, stdout, stderr := jiedao(t, append(args, "--db", db)...)
			want(t, strings.Join(args[:min(2, len(args))], " ")+" on "+filepath.Base(db), code, exitFail, stderr,
				"这个数据库还没有账户。请先创建第一个系统管理员", "jiedao user add admin --name 姓名 --role admin --db "+quoteArg(db))
			if stdout != "" {
				t.Errorf("%v printed %q", args, stdout)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.xlsx")); !os.IsNotExist(err) {
		t.Error("an export was written without an account")
	}
	// demo puts no accounts with a published password into an existing
	// register: its first administrator comes first.
	code, stdout, stderr := jiedao(t, "demo", "--households", "3", "--password", adminPassword, "--db", old)
	want(t, "demo into the old register", code, exitFail, stderr, "jiedao user add admin --name 姓名 --role admin --db "+quoteArg(old))
	if stdout != "" {
		t.Errorf("demo into the old register printed %q", stdout)
	}
	// user add makes the first admin of the old register (so demo made
	// none), which keeps its households.
	code, stdout, stderr = jiedaoWith(t, scriptEnv("", adminPassword), nil, "user", "add", "zhaomin", "--name", "赵敏", "--role", "admin", "--db", old)
	want(t, "first admin of the old register", code, exitOK, stdout+stderr, "已创建账户 zhaomin（赵敏）")
	if n := countHouseholds(t, old); n != 1 {
		t.Errorf("the old register holds %d households after its first account, want 1", n)
	}
	code, _, stderr = jiedaoWith(t, scriptEnv("zhaomin", adminPassword), nil, "backup", "--db", old)
	want(t, "backup as the old register's admin", code, exitOK, stderr)
}

// newRegisterWithout makes a register without accounts at path, as a new
// desk or the release before accounts leaves it; withHousehold adds a
// household H1, the data an upgraded register already holds.
func newRegisterWithout(t *testing.T, path string, withHousehold bool) string {
	t.Helper()
	tb := &scopedTB{TB: t}
	defer tb.cleanup()
	s := datatest.MustOpenUnbound(tb, path)
	if withHousehold {
		h := data.Household{Number: "H1", Community: "春晖社区", Grid: "第1网格", Address: "幸福路1号"}
		if err := datatest.DB(tb, s).Create(&h).Error; err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestLoginFromTheCommandLine: the account comes from --user or
// JIEDAO_USER, the password from JIEDAO_PASSWORD or the terminal; a wrong
// password and an unknown login get the same message; the fifth wrong
// password locks the account; a script without a password or an account is
// told what to set.
func TestLoginFromTheCommandLine(t *testing.T) {
	db := accountsRegister(t)
	backup := []string{"backup", "--db", db}

	code, stdout, stderr := jiedaoWith(t, scriptEnv("wangfang", adminPassword), nil, backup...)
	want(t, "JIEDAO_USER and JIEDAO_PASSWORD", code, exitOK, stdout+stderr)
	code, _, stderr = jiedaoWith(t, scriptEnv("zhangsan", adminPassword), nil, append([]string{"--user", "wangfang"}, backup...)...)
	want(t, "--user before JIEDAO_USER", code, exitOK, stderr)
	code, _, stderr = jiedaoWith(t, scriptEnv("", adminPassword), nil, append(backup, "--user", "WangFang")...)
	want(t, "--user after the subcommand, in capitals", code, exitOK, stderr)

	typed := &fakeTerminal{isTerminal: true, typed: []string{adminPassword}}
	code, _, stderr = jiedaoWith(t, map[string]string{envUser: "wangfang"}, typed, backup...)
	want(t, "password typed", code, exitOK, stderr)
	if len(typed.prompts) != 1 || typed.prompts[0] != "wangfang 的密码：" {
		t.Errorf("prompts %q", typed.prompts)
	}

	code, _, stderr = jiedaoWith(t, map[string]string{envUser: "wangfang"}, nil, backup...)
	want(t, "no password, no terminal", code, exitFail, stderr, "请在环境变量 JIEDAO_PASSWORD 中给出密码")
	code, _, stderr = jiedaoWith(t, map[string]string{envPassword: adminPassword}, nil, backup...)
	want(t, "no account", code, exitFail, stderr, "请用 --user 用户名（或环境变量 JIEDAO_USER）")

	code, stdout, wrong := jiedaoWith(t, scriptEnv("wangfang", "not-the-password"), nil, backup...)
	want(t, "wrong password", code, exitFail, wrong, "jiedao: 用户名或密码错误。")
	code, _, unknown := jiedaoWith(t, scriptEnv("nobody", adminPassword), nil, backup...)
	want(t, "unknown login", code, exitFail, unknown)
	if wrong != unknown {
		t.Errorf("a wrong password says %q, an unknown login %q: a guesser learns which logins exist", wrong, unknown)
	}
	if strings.Contains(stdout+wrong, "not-the-password") {
		t.Error("the password was printed")
	}
	for range data.LockoutFailures - 2 {
		jiedaoWith(t, scriptEnv("wangfang", "not-the-password"), nil, backup...)
	}
	code, _, stderr = jiedaoWith(t, scriptEnv("wangfang", "not-the-password"), nil, backup...)
	want(t, "the fifth wrong password", code, exitFail, stderr, "账户已锁定，请", "分钟后再试。")
	code, _, stderr = jiedaoWith(t, scriptEnv("wangfang", adminPassword), nil, backup...)
	want(t, "the right password while locked", code, exitFail, stderr, "账户已锁定")

	code, _, stderr = jiedaoWith(t, scriptEnv("wangfang", adminPassword), nil, "--lang", "en", "export", "households", "-o", filepath.Join(t.TempDir(), "a.xlsx"), "--db", db)
	want(t, "locked, in English", code, exitFail, stderr, "The account is locked")
}

// accountsRegister is a new register whose first admin is wangfang
// (admin and auditor, adminPassword), with a community worker zhangsan of
// 春晖社区 who has set his own password (workerPassword).
func accountsRegister(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "jiedao.db")
	code, _, stderr := jiedaoWith(t, scriptEnv("", adminPassword), nil, "user", "add", "wangfang", "--name", "王芳", "--role", "admin,auditor", "--db", db)
	if code != exitOK {
		t.Fatalf("first admin: %s", stderr)
	}
	env := scriptEnv("wangfang", adminPassword)
	env[envNewPassword] = "临时-密码-2026"
	code, _, stderr = jiedaoWith(t, env, nil, "user", "add", "zhangsan", "--name", "张三", "--role", "community", "--community", "春晖社区", "--db", db)
	if code != exitOK {
		t.Fatalf("user add zhangsan: %s", stderr)
	}
	term := &fakeTerminal{isTerminal: true, typed: []string{workerPassword, workerPassword}}
	code, _, stderr = jiedaoWith(t, map[string]string{envUser: "zhangsan", envPassword: "临时-密码-2026"}, term, "export", "households", "-o", filepath.Join(t.TempDir(), "a.xlsx"), "--db", db)
	if code != exitOK {
		t.Fatalf("zhangsan's first login: %s", stderr)
	}
	return db
}

// TestUserCommands: an administrator adds, lists, resets and disables
// accounts; an account created or reset by an administrator changes its
// password at its first login (a script is refused until then); the
// recovery code sets a new password once; a community worker may not
// manage accounts; bad roles and grids are bad usage that lists the roles.
func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	code, stdout, stderr := jiedaoWith(t, scriptEnv("", adminPassword), nil, "user", "add", "wangfang", "--name", "王芳", "--role", "admin", "--db", db)
	want(t, "first admin", code, exitOK, stderr)
	rc := recoveryCode(t, stdout)
	admin := scriptEnv("wangfang", adminPassword)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown role", []string{"--role", "boss"}, "“boss”不是角色；可选 admin、street、community、grid、viewer、auditor。"},
		{"no role", nil, "user add 须用 --role 给出角色"},
		{"grid without its community", []string{"--role", "grid", "--grid", "第1网格"}, "网格“第1网格”须写成“社区/网格”。"},
	} {
		code, stdout, stderr := jiedaoWith(t, admin, nil, append([]string{"user", "add", "x1", "--name", "某人", "--db", db}, tc.args...)...)
		want(t, tc.name, code, exitUsage, stderr, tc.want, "用法：")
		if stdout != "" {
			t.Errorf("%s: stdout %q", tc.name, stdout)
		}
	}
	code, _, stderr = jiedaoWith(t, admin, nil, "user", "add", "wg1", "--name", "李四", "--role", "grid", "--db", db)
	want(t, "grid worker without a grid", code, exitFail, stderr, "网格")

	// A grid worker of two grids, named 社区/网格; the password is asked
	// twice when JIEDAO_NEW_PASSWORD is not set.
	typed := &fakeTerminal{isTerminal: true, typed: []string{"临时-密码-2026", "临时-密码-2026"}}
	code, stdout, stderr = jiedaoWith(t, admin, typed, "user", "add", "lisi", "--name", "李四", "--role", "grid",
		"--grid", "春晖社区/第1网格,和平社区/第1网格", "--db", db)
	want(t, "user add lisi", code, exitOK, stdout+stderr, "已创建账户 lisi（李四）：网格员、春晖社区/第1网格,和平社区/第1网格")
	if len(typed.prompts) != 2 || typed.prompts[0] != "lisi 的新密码：" || typed.prompts[1] != "再输入一次：" {
		t.Errorf("prompts %q", typed.prompts)
	}
	mismatch := &fakeTerminal{isTerminal: true, typed: []string{"临时-密码-2026", "临时-密码-2027"}}
	code, _, stderr = jiedaoWith(t, admin, mismatch, "user", "add", "zhaoliu", "--name", "赵六", "--role", "viewer", "--db", db)
	want(t, "passwords differ", code, exitFail, stderr, "两次输入的密码不一致。")
	code, _, stderr = jiedaoWith(t, admin, nil, "user", "add", "zhaoliu", "--name", "赵六", "--role", "viewer", "--db", db)
	want(t, "no new password, no terminal", code, exitFail, stderr, "JIEDAO_NEW_PASSWORD")

	code, stdout, stderr = jiedaoWith(t, admin, nil, "user", "list", "--db", db)
	want(t, "user list", code, exitOK, stdout+stderr, "用户名\t姓名\t角色\t范围\t状态\n",
		"lisi\t李四\tgrid\t春晖社区/第1网格,和平社区/第1网格\t须修改密码\n", "wangfang\t王芳\tadmin\t全街道\t正常\n")

	// lisi must change the temporary password: a script is refused, a
	// terminal asks for the new one and the job goes on.
	lisi := scriptEnv("lisi", "临时-密码-2026")
	code, _, stderr = jiedaoWith(t, lisi, nil, "export", "households", "-o", filepath.Join(dir, "a.xlsx"), "--db", db)
	want(t, "a temporary password in a script", code, exitFail, stderr, "账户 lisi 须先修改密码")
	change := &fakeTerminal{isTerminal: true, typed: []string{workerPassword, workerPassword}}
	code, stdout, stderr = jiedaoWith(t, lisi, change, "export", "households", "-o", filepath.Join(dir, "a.xlsx"), "--db", db)
	want(t, "the first login changes the password", code, exitOK, stdout+stderr, "须先设置新密码", "a.xlsx: 0")
	code, _, stderr = jiedaoWith(t, scriptEnv("lisi", workerPassword), nil, "user", "list", "--db", db)
	want(t, "a grid worker lists accounts", code, exitFail, stderr, "您的角色（网格员）无权管理账户。")

	// Reset: a temporary password, to change at the next login.
	code, stdout, stderr = jiedaoWith(t, admin, nil, "user", "reset", "lisi", "--db", db)
	want(t, "user reset", code, exitOK, stdout+stderr, "lisi 的临时密码（下次登录时须修改）：")
	temp := stdout[strings.LastIndex(stdout, "：")+len("："):]
	temp = strings.TrimSpace(temp)
	code, _, stderr = jiedaoWith(t, scriptEnv("lisi", workerPassword), nil, "export", "households", "-o", filepath.Join(dir, "b.xlsx"), "--db", db)
	want(t, "the old password after a reset", code, exitFail, stderr, "用户名或密码错误。")
	code, _, stderr = jiedaoWith(t, scriptEnv("lisi", temp), nil, "export", "households", "-o", filepath.Join(dir, "b.xlsx"), "--db", db)
	want(t, "the temporary password in a script", code, exitFail, stderr, "须先修改密码")

	// Disable: the login is refused like a wrong password.
	code, stdout, stderr = jiedaoWith(t, admin, nil, "user", "disable", "lisi", "--db", db)
	want(t, "user disable", code, exitOK, stdout+stderr, "已停用账户 lisi")
	code, _, stderr = jiedaoWith(t, scriptEnv("lisi", temp), nil, "export", "households", "-o", filepath.Join(dir, "c.xlsx"), "--db", db)
	want(t, "a disabled account", code, exitFail, stderr, "用户名或密码错误。")
	code, _, stderr = jiedaoWith(t, admin, nil, "user", "disable", "wangfang", "--db", db)
	want(t, "disable the last admin", code, exitFail, stderr, "最后一个可用的系统管理员")
	code, _, stderr = jiedaoWith(t, admin, nil, "user", "reset", "nobody", "--db", db)
	want(t, "reset an unknown login", code, exitFail, stderr, "nobody")

	// Recover: the code sets a new password, once; no login needed.
	const newAdmin = "新的-管理员-密码"
	code, stdout, stderr = jiedaoWith(t, map[string]string{envPassword: newAdmin}, nil, "user", "recover", "wangfang", "--code", rc, "--db", db)
	want(t, "user recover", code, exitOK, stdout+stderr, "已为 wangfang 设置新密码")
	code, _, stderr = jiedaoWith(t, scriptEnv("wangfang", newAdmin), nil, "user", "list", "--db", db)
	want(t, "the recovered password", code, exitOK, stderr)
	code, _, stderr = jiedaoWith(t, map[string]string{envPassword: "又一个-新-密码"}, nil, "user", "recover", "wangfang", "--code", rc, "--db", db)
	want(t, "the code a second time", code, exitFail, stderr, "恢复码不正确或已使用。")
	code, _, stderr = jiedaoWith(t, nil, nil, "user", "recover", "wangfang", "--db", db)
	want(t, "recover without a code", code, exitUsage, stderr, "--code")
	code, _, stderr = jiedaoWith(t, admin, nil, "user", "frobnicate", "--db", db)
	want(t, "an unknown action", code, exitUsage, stderr, "add、list、reset、disable 或 recover")
}
