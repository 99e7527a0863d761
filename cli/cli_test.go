package cli

import (
	"bytes"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// testVersion is the version the tests give Run, as main gives the one
// the build set.
const testVersion = "1.2.3-test"

// jiedao runs the command line as a script would and returns its exit code
// and output, logged in as datatest's FullLogin (admin, street manager and
// auditor: JIEDAO_USER and JIEDAO_PASSWORD), without a terminal. A test
// that gets as far as opening the window fails.
func jiedao(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return jiedaoWith(t, scriptEnv(datatest.FullLogin, datatest.Password), nil, args...)
}

// scriptEnv is the environment of a script logged in as login.
func scriptEnv(login, password string) map[string]string {
	return map[string]string{envUser: login, envPassword: password}
}

// jiedaoWith is jiedao with the environment environ (nothing else of the
// process's) and the terminal term (nil: none).
func jiedaoWith(t *testing.T, environ map[string]string, term terminal, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	openWindow := func(dbPath, lang string) error {
		t.Errorf("the window was opened on %s", dbPath)
		return nil
	}
	if term == nil {
		term = &fakeTerminal{}
	}
	code = run(args, &out, &errb, testVersion, openWindow, func(k string) string { return environ[k] }, term)
	return code, out.String(), errb.String()
}

// fakeTerminal is a terminal that types typed, a line per prompt; with
// interactive false it is standard input from a file or a pipe.
type fakeTerminal struct {
	isTerminal bool
	typed      []string
	prompts    []string
}

func (f *fakeTerminal) interactive() bool { return f.isTerminal }

func (f *fakeTerminal) readPassword(prompt string) (string, error) {
	f.prompts = append(f.prompts, prompt)
	if len(f.typed) == 0 {
		return "", io.EOF
	}
	line := f.typed[0]
	f.typed = f.typed[1:]
	return line, nil
}

// runDemo runs `jiedao demo` args with --password datatest.Password, as
// into a new file, and adds datatest's FullLogin to the register it makes,
// so that jiedao's later calls log in.
func runDemo(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	code, stdout, stderr = jiedao(t, append(args, "--password", datatest.Password)...)
	if code != exitOK {
		return code, stdout, stderr
	}
	if i := slices.Index(args, "--db"); i >= 0 && i+1 < len(args) {
		withTestDB(t, args[i+1], func(testing.TB, *data.Store) {})
	} else {
		t.Fatalf("runDemo without --db: %q", args)
	}
	return code, stdout, stderr
}

// scopedTB is a test whose cleanups run when its helper is done rather
// than when the test ends.
type scopedTB struct {
	testing.TB
	cleanups []func()
}

func (tb *scopedTB) Cleanup(f func()) { tb.cleanups = append(tb.cleanups, f) }

func (tb *scopedTB) cleanup() {
	for i := len(tb.cleanups) - 1; i >= 0; i-- {
		tb.cleanups[i]()
	}
}

// withTestDB opens the database at path and calls fn with it; the store
// and the test connections fn asks datatest.DB for are closed when fn
// returns, not when the test ends: the scripted routines run the command
// line between looks at the rows, and a restore refuses a database that
// another connection has open.
func withTestDB(t *testing.T, path string, fn func(tb testing.TB, s *data.Store)) {
	t.Helper()
	tb := &scopedTB{TB: t}
	defer tb.cleanup()
	fn(tb, datatest.MustOpenPath(tb, path))
}

// countRows counts the stored rows of model in the database at path.
func countRows(t *testing.T, path string, model any) int64 {
	t.Helper()
	var n int64
	withTestDB(t, path, func(tb testing.TB, s *data.Store) {
		if err := datatest.DB(tb, s).Model(model).Count(&n).Error; err != nil {
			tb.Fatal(err)
		}
	})
	return n
}

func countHouseholds(t *testing.T, path string) int64 {
	t.Helper()
	return countRows(t, path, &data.Household{})
}

func countOrganizations(t *testing.T, path string) int64 {
	t.Helper()
	return countRows(t, path, &data.Organization{})
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"unknown subcommand", []string{"frobnicate"}},
		{"bad global flag", []string{"--nope"}},
		{"bad subcommand flag", []string{"version", "--nope"}},
		{"demo without a number", []string{"demo", "--households", "many"}},
		{"demo with zero households", []string{"demo", "--households", "0"}},
		{"restore without a file", []string{"restore"}},
		{"restore with two files", []string{"restore", "a.db", "b.db"}},
		{"backup with a stray argument", []string{"backup", "extra"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := jiedao(t, append([]string{"--lang", "en"}, tc.args...)...)
			if code != exitUsage {
				t.Fatalf("exit code %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, "jiedao demo --households N --seed S") {
				t.Fatalf("usage not printed:\n%s", stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := jiedao(t, "version")
	if code != exitOK || !strings.HasPrefix(stdout, "街道通 Jiedao "+testVersion) {
		t.Fatalf("exit %d, output %q", code, stdout)
	}
}

// TestNoDisplay: without a display the window cannot open; jiedao says so
// and lists the subcommands instead of crashing in GLFW.
func TestNoDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("always has a display")
	}
	code, _, stderr := jiedao(t, "--db", filepath.Join(t.TempDir(), "j.db"))
	if code != exitFail || !strings.Contains(stderr, "DISPLAY") || !strings.Contains(stderr, "jiedao version") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want bool
	}{
		{"linux", nil, false},
		{"linux", map[string]string{"DISPLAY": ":0"}, true},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{"windows", nil, true},
		{"darwin", nil, true},
	} {
		if got := hasDisplay(tc.goos, func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("hasDisplay(%s, %v) = %v", tc.goos, tc.env, got)
		}
	}
}

// TestFileProblemsSaid: a script's log says what was wrong with a file,
// in the chosen language, and the job exits 1.
func TestFileProblemsSaid(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "--db", db, "demo", "--households", "3", "--seed", "1"); code != exitOK {
		t.Fatalf("demo: %d\n%s", code, stderr)
	}
	noFolder := filepath.Join(dir, "没有这个文件夹")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"roster missing", []string{"import", "households", filepath.Join(dir, "花名册.xlsx")}, "找不到文件 " + filepath.Join(dir, "花名册.xlsx") + "。"},
		{"roster missing, in English", []string{"--lang", "en", "import", "households", filepath.Join(dir, "花名册.xlsx")}, "The file " + filepath.Join(dir, "花名册.xlsx") + " does not exist."},
		{"folder missing", []string{"export", "households", "-o", filepath.Join(noFolder, "a.xlsx")}, "文件夹 " + noFolder + " 不存在"},
		{"household unknown", []string{"print", "household", "H404", "-o", filepath.Join(dir, "a.pdf")}, "找不到住户 H404。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := jiedao(t, append([]string{"--db", db}, tc.args...)...)
			if code != exitFail || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tc.want)
			}
			if strings.Contains(stderr, "no such file") || strings.Contains(stderr, "record not found") {
				t.Errorf("the system's words leak: %q", stderr)
			}
		})
	}
}

// TestWantsConsole: on Windows, the window's own flags alone open the
// window without tying it to the console it was started from; anything
// else prints there.
func TestWantsConsole(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--lang", "en"}, false},
		{[]string{"--db", `C:\街道\jiedao.db`, "--lang=zh"}, false},
		{[]string{"-db=x.db", "-lang", "en"}, false},
		{[]string{"version"}, true},
		{[]string{"--lang", "en", "import", "households", "a.xlsx"}, true},
		{[]string{"--db", "x.db", "backup"}, true},
		{[]string{"--help"}, true},
		{[]string{"-h"}, true},
		{[]string{"--nope"}, true},
	} {
		if got := wantsConsole(tc.args); got != tc.want {
			t.Errorf("wantsConsole(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
