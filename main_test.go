package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/demo"
)

// jiedao runs the command line as a script would and returns its exit code
// and output.
func jiedao(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
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
	if code != exitOK || !strings.HasPrefix(stdout, "街道通 Jiedao "+version) {
		t.Fatalf("exit %d, output %q", code, stdout)
	}
}

// TestDemoBackupRestore walks the office's scripted routine: fill a
// database, back it up, lose data, restore it.
func TestDemoBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "办事处 数据", "jiedao.db")

	code, stdout, stderr := jiedao(t, "demo", "--households", "20", "--seed", "7", "--db", db)
	if code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, db) {
		t.Errorf("demo output does not name the database: %q", stdout)
	}
	want := countHouseholds(t, db)
	if want != 20 {
		t.Fatalf("demo made %d households, want 20", want)
	}

	backups := filepath.Join(dir, "备份")
	code, stdout, stderr = jiedao(t, "backup", "--to", backups, "--db", db)
	if code != exitOK {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	backup := strings.TrimSpace(stdout)
	if filepath.Dir(backup) != backups {
		t.Fatalf("backup written to %q, want a file in %q", backup, backups)
	}

	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	// Lose the register, children first (foreign keys are on).
	for _, table := range []string{"resident_tags", "residence_events", "residents", "households"} {
		if err := s.DB().Exec("DELETE FROM " + table).Error; err != nil {
			t.Fatalf("delete from %s: %v", table, err)
		}
	}
	s.Close()
	if n := countHouseholds(t, db); n != 0 {
		t.Fatalf("households after delete: %d", n)
	}

	code, stdout, stderr = jiedao(t, "--lang", "en", "restore", backup, "--db", db)
	if code != exitOK {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	if n := countHouseholds(t, db); n != want {
		t.Fatalf("households after restore: %d, want %d", n, want)
	}
	if !strings.Contains(stdout, "Restored") {
		t.Errorf("restore output not in English: %q", stdout)
	}
}

func TestRestoreRefusesBadFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := jiedao(t, "demo", "--households", "3", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	bad := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(bad, []byte("not a database at all, just notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := jiedao(t, "restore", bad, "--db", db)
	if code != exitFail {
		t.Fatalf("restore of a bad file: exit %d, want %d", code, exitFail)
	}
	if stderr == "" {
		t.Fatal("no message for a refused restore")
	}
	if n := countHouseholds(t, db); n != 3 {
		t.Fatalf("database changed by a refused restore: %d households", n)
	}
}

func countHouseholds(t *testing.T, path string) int64 {
	t.Helper()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int64
	if err := s.DB().Model(&data.Household{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPrintHousehold(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := jiedao(t, "demo", "--households", "5", "--seed", "3", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var h data.Household
	if err := s.DB().Order("id").First(&h).Error; err != nil {
		t.Fatal(err)
	}
	var head data.Resident
	if err := s.DB().First(&head, *h.HeadID).Error; err != nil {
		t.Fatal(err)
	}
	s.Close()

	out := filepath.Join(dir, "住户登记表 "+h.Number+".pdf")
	code, stdout, stderr := jiedao(t, "print", "household", h.Number, "-o", out, "--db", db)
	if code != exitOK {
		t.Fatalf("print: exit %d: %s", code, stderr)
	}
	if strings.TrimSpace(stdout) != out {
		t.Errorf("print output %q, want the file name", stdout)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Skipf("pdftotext: %v", err) // poppler-utils missing; make test installs it
	}
	plain := strings.Join(strings.Fields(string(text)), "")
	for _, want := range []string{"住户登记表", h.Number, head.Name, head.IDNumber} {
		if !strings.Contains(plain, want) {
			t.Errorf("the form lacks %q", want)
		}
	}

	code, _, stderr = jiedao(t, "print", "household", "9999999999", "-o", filepath.Join(dir, "x.pdf"), "--db", db)
	if code != exitFail || stderr == "" {
		t.Errorf("unknown household: exit %d, message %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a PDF was written for an unknown household")
	}
	if code, _, _ := jiedao(t, "print", "household", h.Number); code != exitUsage {
		t.Errorf("print without -o: exit %d, want %d", code, exitUsage)
	}
}

// TestExportImportRoundTrip moves a register from one office file to
// another through the spreadsheet subcommands, as IT staff script it.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from.db"), filepath.Join(dir, "to.db")
	if code, _, stderr := jiedao(t, "demo", "--households", "8", "--seed", "5", "--db", from); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	xlsx := filepath.Join(dir, "花名册 导出.xlsx")
	if code, _, stderr := jiedao(t, "export", "households", "-o", xlsx, "--unmasked", "--db", from); code != exitOK {
		t.Fatalf("export: %s", stderr)
	}
	report := filepath.Join(dir, "report.csv")
	code, stdout, stderr := jiedao(t, "import", "households", xlsx, "--dry-run", "--report", report, "--db", to)
	if code != exitOK {
		t.Fatalf("dry run: exit %d: %s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "rows:") && !strings.Contains(stdout, "行") {
		t.Errorf("dry run prints no summary: %q", stdout)
	}
	if n := countHouseholds(t, to); n != 0 {
		t.Fatalf("dry run imported %d households", n)
	}
	if code, _, stderr := jiedao(t, "import", "households", xlsx, "--db", to); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	if n, want := countHouseholds(t, to), countHouseholds(t, from); n != want {
		t.Fatalf("imported %d households, want %d", n, want)
	}
	tmpl := filepath.Join(dir, "模板.xlsx")
	if code, _, stderr := jiedao(t, "template", "households", "-o", tmpl); code != exitOK {
		t.Fatalf("template: %s", stderr)
	}
	if code, _, _ := jiedao(t, "import", "meetings", xlsx, "--db", to); code != exitUsage {
		t.Errorf("import of an unknown register: exit %d, want %d", code, exitUsage)
	}
}

func countOrganizations(t *testing.T, path string) int64 {
	t.Helper()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int64
	if err := s.DB().Model(&data.Organization{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOrganizationsRoundTrip moves the organization register from one
// office file to another, and imports the export back into its own file
// (nothing changes).
func TestOrganizationsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from.db"), filepath.Join(dir, "to.db")
	// The demo adds organizations from demo.MinHouseholdsForAgreements on.
	if code, _, stderr := jiedao(t, "demo", "--households", strconv.Itoa(demo.MinHouseholdsForAgreements), "--seed", "5", "--db", from); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	want := countOrganizations(t, from)
	if want == 0 {
		t.Fatal("the demo made no organizations")
	}
	xlsx := filepath.Join(dir, "社会组织 导出.xlsx")
	code, stdout, stderr := jiedao(t, "export", "organizations", "-o", xlsx, "--db", from)
	if code != exitOK || strings.TrimSpace(stdout) != fmt.Sprintf("%s: %d", xlsx, want) {
		t.Fatalf("export: exit %d, %q %s", code, stdout, stderr)
	}
	code, stdout, stderr = jiedao(t, "--lang", "en", "import", "organizations", xlsx, "--db", from)
	if code != exitOK || !strings.Contains(stdout, "0 created, 0 updated") {
		t.Fatalf("import into the same register: exit %d: %s%s", code, stdout, stderr)
	}
	code, stdout, stderr = jiedao(t, "import", "organizations", xlsx, "--dry-run", "--db", to)
	if code != exitOK || countOrganizations(t, to) != 0 {
		t.Fatalf("dry run: exit %d, %d organizations: %s%s", code, countOrganizations(t, to), stdout, stderr)
	}
	code, stdout, stderr = jiedao(t, "--lang", "en", "import", "organizations", xlsx, "--db", to)
	if code != exitOK || !strings.Contains(stdout, fmt.Sprintf("%d created", want)) {
		t.Fatalf("import: exit %d: %s%s", code, stdout, stderr)
	}
	if n := countOrganizations(t, to); n != want {
		t.Fatalf("imported %d organizations, want %d", n, want)
	}
	tmpl := filepath.Join(dir, "社会组织模板.xlsx")
	if code, _, stderr := jiedao(t, "template", "organizations", "-o", tmpl); code != exitOK {
		t.Fatalf("template: %s", stderr)
	}
	if code, _, _ := jiedao(t, "export", "organizations", "-o", xlsx, "--unmasked", "--db", from); code != exitUsage {
		t.Errorf("export organizations --unmasked: exit %d, want %d", code, exitUsage)
	}
}

// TestImportOrganizationsInvalidRow: a dry run of a file with a bad row
// exits 1, prints the row and writes it to the report; nothing changes.
func TestImportOrganizationsInvalidRow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	good := "52110101MJ0000011"
	good += string(data.USCCCheckChar(good))
	csvPath := filepath.Join(dir, "社会组织.csv")
	content := "名称,统一社会信用代码,类型\r\n" +
		"阳光养老服务中心," + good + ",社会服务机构\r\n" +
		"坏代码中心,52110101MJ000001,社会服务机构\r\n"
	if err := os.WriteFile(csvPath, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "问题行.csv")
	code, stdout, stderr := jiedao(t, "import", "organizations", csvPath, "--dry-run", "--report", report, "--db", db)
	if code != exitFail {
		t.Fatalf("dry run with an invalid row: exit %d, want %d: %s%s", code, exitFail, stdout, stderr)
	}
	if !strings.Contains(stdout, "2 rows: 1 valid, 1 invalid") || !strings.Contains(stdout, "第 3 行") {
		t.Errorf("dry run output %q", stdout)
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(b), "\uFEFF")), "\r\n")
	if len(lines) != 2 || lines[0] != "row,column,value,reason" ||
		!strings.HasPrefix(lines[1], "3,统一社会信用代码,52110101MJ000001,统一社会信用代码应为18位") {
		t.Errorf("report %q", lines)
	}
	if n := countOrganizations(t, db); n != 0 {
		t.Fatalf("dry run stored %d organizations", n)
	}
	// Without --dry-run: refused whole, exit 1.
	if code, _, _ := jiedao(t, "import", "organizations", csvPath, "--db", db); code != exitFail {
		t.Errorf("import with an invalid row: exit %d, want %d", code, exitFail)
	}
	if n := countOrganizations(t, db); n != 0 {
		t.Fatalf("refused import stored %d organizations", n)
	}
	code, _, stderr = jiedao(t, "import", "organizations", csvPath, "--skip-invalid", "--db", db)
	if code != exitOK || countOrganizations(t, db) != 1 {
		t.Fatalf("--skip-invalid: exit %d, %d organizations: %s", code, countOrganizations(t, db), stderr)
	}
	for _, args := range [][]string{
		{"import", "meetings", csvPath, "--db", db},
		{"export", "meetings", "-o", filepath.Join(dir, "x.xlsx"), "--db", db},
		{"template", "meetings", "-o", filepath.Join(dir, "x.xlsx")},
		{"import", "organizations", "--db", db},
		{"export", "organizations", "--db", db},
		{"print", "meeting", "1", "-o", filepath.Join(dir, "x.pdf"), "--db", db},
		{"export", "minutes", "-o", filepath.Join(dir, "x.docx"), "--db", db},
	} {
		if code, _, _ := jiedao(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestMeetingDocuments prints a demo meeting's minutes, sign-in sheet and
// notice and exports its minutes to Word; an unknown meeting fails with
// exit 1 and writes nothing.
func TestMeetingDocuments(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := jiedao(t, "demo", "--households", "30", "--seed", "2", "--db", db); code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		want string // in the document's text
	}{
		{[]string{"print", "minutes", "1"}, "一、会议基本情况"},
		{[]string{"print", "signin", "1"}, "签到表"},
		{[]string{"print", "notice", "1"}, "公示"},
	} {
		t.Run(tc.args[1], func(t *testing.T) {
			out := filepath.Join(dir, "2026年第1次协商议事会议 "+tc.args[1]+".pdf")
			code, stdout, stderr := jiedao(t, append(tc.args, "-o", out, "--db", db)...)
			if code != exitOK || !strings.Contains(stdout, out) {
				t.Fatalf("exit %d, stdout %q: %s", code, stdout, stderr)
			}
			text, err := exec.Command("pdftotext", out, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(strings.Fields(string(text)), ""); !strings.Contains(s, tc.want) {
				t.Errorf("%s lacks %q:\n%s", out, tc.want, text)
			}
		})
	}
	docx := filepath.Join(dir, "纪要.docx")
	if code, _, stderr := jiedao(t, "export", "minutes", "1", "-o", docx, "--db", db); code != exitOK {
		t.Fatalf("export minutes: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(docx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("export minutes wrote no .docx (%v)", err)
	}
	missing := filepath.Join(dir, "missing.pdf")
	if code, _, _ := jiedao(t, "print", "minutes", "9999", "-o", missing, "--db", db); code != exitFail {
		t.Errorf("unknown meeting: exit %d, want %d", code, exitFail)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("unknown meeting left a file: %v", err)
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
	if code, _, stderr := jiedao(t, "--db", db, "demo", "--households", "3", "--seed", "1"); code != exitOK {
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
		{"household unknown", []string{"print", "household", "H404", "-o", filepath.Join(dir, "a.pdf")}, "找不到住户 H404，它可能已被删除。"},
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
