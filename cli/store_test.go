package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/data/demo"
)

// holdWriteLock takes the database's write lock on a test connection, as
// an import in another Jiedao process does, until the test ends.
func holdWriteLock(t *testing.T, path string) {
	t.Helper()
	s := datatest.MustOpenPath(t, path)
	tx := datatest.DB(t, s).Begin() // the test connection's BEGIN is IMMEDIATE
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	if err := tx.Exec("UPDATE settings SET value = value WHERE 0").Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
}

// TestBesideAWriter: while another process writes (holds the lock for
// longer than the busy timeout), a subcommand that only reads does its
// job, and one that must write — a print or an export, whose audit entry
// is written before the file is kept — says the database is being written,
// leaves no file and exits 1. Before, every one of them panicked and exited 2. The
// reliability suite (internal/reliability) runs every subcommand so,
// beside a lock held by another process.
func TestBesideAWriter(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "demo", "--households", strconv.Itoa(demo.MinHouseholdsForAgreements), "--seed", "4", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	roster := filepath.Join(dir, "花名册.xlsx")
	if code, _, stderr := jiedao(t, "export", "households", "-o", roster, "--unmasked", "--reason", "核实身份", "--db", db); code != exitOK {
		t.Fatalf("export: %s", stderr)
	}
	var number string
	withTestDB(t, db, func(tb testing.TB, s *data.Store) {
		var a data.Agreement
		if err := datatest.DB(tb, s).First(&a).Error; err != nil {
			tb.Fatal(err)
		}
		number = a.Number
	})
	holdWriteLock(t, db)
	outputs := []string{filepath.Join(dir, "协议.pdf"), filepath.Join(dir, "e.xlsx")}
	t.Cleanup(func() {
		for _, f := range outputs {
			if _, err := os.Stat(f); err == nil {
				t.Errorf("%s was kept without its audit entry", f)
			}
		}
	})

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a print is audited", []string{"print", "agreement", number, "-o", filepath.Join(dir, "协议.pdf")}, exitFail,
			"数据库文件 " + db + " 正被另一个程序写入（可能正在导入），请稍后再试。"},
		{"a dry run reads", []string{"import", "households", roster, "--dry-run"}, exitOK, ""},
		{"an export is audited", []string{"export", "households", "-o", filepath.Join(dir, "e.xlsx")}, exitFail,
			"数据库文件 " + db + " 正被另一个程序写入（可能正在导入），请稍后再试。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := jiedao(t, append(tc.args, "--db", db)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d; stderr %q, want %q; stdout %q", code, tc.code, stderr, tc.want, stdout)
			}
			if strings.Contains(stderr, "database is locked") {
				t.Errorf("the driver's words reach the user: %q", stderr)
			}
			if strings.Contains(stderr, "panic") {
				t.Errorf("panicked: %s", stderr)
			}
		})
	}
}

// TestMissingDatabase: a --db that names no file is refused by every
// subcommand that reads a register, which creates nothing; demo makes it.
func TestMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo", "jiedao.db")
	roster := filepath.Join(dir, "花名册.csv")
	if err := os.WriteFile(roster, []byte("户编号,地址\r\nH1,幸福路1号\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"print", "household", "H1", "-o", filepath.Join(dir, "a.pdf")},
		{"print", "agreement", "[2026]委字第001号", "-o", filepath.Join(dir, "a.pdf")},
		{"export", "households", "-o", filepath.Join(dir, "a.xlsx")},
		{"export", "minutes", "1", "-o", filepath.Join(dir, "a.docx")},
		{"import", "households", roster},
		{"import", "households", roster, "--dry-run"},
		{"backup"},
	} {
		t.Run(strings.Join(args[:min(2, len(args))], " "), func(t *testing.T) {
			code, _, stderr := jiedao(t, append(args, "--db", db)...)
			if want := "找不到数据库文件 " + db; code != exitFail || !strings.Contains(stderr, want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, want)
			}
			if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
				t.Fatalf("%s made the folder", args[0])
			}
		})
	}
	if code, _, stderr := runDemo(t, "demo", "--households", "2", "--db", db); code != exitOK {
		t.Errorf("demo into a new file: exit %d: %s", code, stderr)
	}
}

// TestCrashLogged: a panic below Run — here in the window, whose event
// loop runs on Run's goroutine — is written to a crash log in the data
// folder and said in the user's language; the exit code is 1, not Go's 2.
func TestCrashLogged(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the data folder is found through XDG_DATA_HOME")
	}
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	t.Setenv("DISPLAY", ":0")
	var out, errb strings.Builder
	code := Run([]string{"--db", filepath.Join(t.TempDir(), "j.db")}, &out, &errb, testVersion, func(_, lang string) error {
		households := strings.Fields(lang) // none: lang is ""
		_ = households[0]                  // a bug
		return nil
	})
	if code != exitFail {
		t.Errorf("exit %d, want %d", code, exitFail)
	}
	logs, _ := filepath.Glob(filepath.Join(home, "jiedao", "logs", "crash-*.log"))
	if len(logs) != 1 {
		t.Fatalf("crash logs %v; stderr %s", logs, errb.String())
	}
	if want := "街道通出现内部错误，操作没有完成。详细情况已写入 " + logs[0]; !strings.Contains(errb.String(), want) {
		t.Errorf("stderr %q, want %q", errb.String(), want)
	}
	b, err := os.ReadFile(logs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{testVersion, "index out of range", "store_test.go"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("crash log lacks %q:\n%s", want, b)
		}
	}

	// A panic data caught and returned is logged the same way.
	c := &env{stdout: &out, stderr: &errb, version: testVersion, logDir: t.TempDir()}
	errb.Reset()
	if code := c.fail(&data.Error{Key: data.KeyDBOpen, Args: map[string]any{"Path": "/x.db"},
		Err: &data.PanicError{Value: "boom", Stack: []byte("goroutine 1")}}); code != exitFail {
		t.Errorf("fail = %d", code)
	}
	if logs, _ := filepath.Glob(filepath.Join(c.logDir, "crash-*.log")); len(logs) != 1 || !strings.Contains(errb.String(), logs[0]) {
		t.Errorf("logs %v, stderr %q", logs, errb.String())
	}
}

// TestPrivateFiles: what the command line creates — the database and its
// folder, backups, exports — is readable by its owner only.
func TestPrivateFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the folders' ACLs decide")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "office", "jiedao.db")
	if code, _, stderr := runDemo(t, "demo", "--households", "3", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	code, stdout, stderr := jiedao(t, "backup", "--db", db)
	if code != exitOK {
		t.Fatalf("backup: %s", stderr)
	}
	backup := strings.TrimSpace(stdout)
	export := filepath.Join(dir, "导出", "花名册.xlsx")
	if err := os.MkdirAll(filepath.Dir(export), 0o755); err != nil { // as the screens make it
		t.Fatal(err)
	}
	if code, _, stderr := jiedao(t, "export", "households", "-o", export, "--db", db); code != exitOK {
		t.Fatalf("export: %s", stderr)
	}
	for p, want := range map[string]os.FileMode{
		filepath.Dir(db): os.ModeDir | 0o700, db: 0o600,
		filepath.Dir(backup): os.ModeDir | 0o700, backup: 0o600,
		filepath.Dir(export): os.ModeDir | 0o700, export: 0o600,
	} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, st.Mode(), want)
		}
	}
}
