package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/demo"
)

// TestExportImportRoundTrip moves a register from one office file to
// another through the spreadsheet subcommands, as IT staff script it.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from.db"), newRegister(t, filepath.Join(dir, "to.db"))
	if code, _, stderr := runDemo(t, "demo", "--households", "8", "--seed", "5", "--db", from); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	xlsx := filepath.Join(dir, "花名册 导出.xlsx")
	if code, _, stderr := jiedao(t, "export", "households", "-o", xlsx, "--unmasked", "--reason", "上级核查", "--db", from); code != exitOK {
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

// newRegister makes a new register at path (a missing one the subcommands
// refuse) with datatest's FullLogin to log in as, and returns path.
func newRegister(t *testing.T, path string) string {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	withTestDB(t, path, func(testing.TB, *data.Store) {})
	return path
}

// TestOrganizationsRoundTrip moves the organization register from one
// office file to another, and imports the export back into its own file
// (nothing changes).
func TestOrganizationsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from.db"), newRegister(t, filepath.Join(dir, "to.db"))
	// The demo adds organizations from demo.MinHouseholdsForAgreements on.
	if code, _, stderr := runDemo(t, "demo", "--households", strconv.Itoa(demo.MinHouseholdsForAgreements), "--seed", "5", "--db", from); code != exitOK {
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
	db := newRegister(t, filepath.Join(dir, "jiedao.db"))
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

// TestImportBadFiles: a header-only file, duplicate headers and a 10 MB
// field (issue 13): each says what is wrong in Chinese and exits 1, and a
// value quoted is clipped; a formula-like name is a warning the dry run
// prints.
func TestImportBadFiles(t *testing.T) {
	dir := t.TempDir()
	db := newRegister(t, filepath.Join(dir, "jiedao.db"))
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	id := "11010119800307123"
	id += string(data.IDCheckChar(id))
	row := "," + id + ",H1,幸福社区,幸福小区3栋,户籍在此居住\r\n"
	header := "姓名,身份证号,户编号,社区,地址,居住类型\r\n"
	for _, tt := range []struct {
		name, content, stderr string
	}{
		{"header.csv", header, "header.csv：文件中没有数据行。"},
		{"dup.csv", "姓名,姓名,身份证号,身份证号\r\n张伟,李娜," + id + "," + id + "\r\n", "“姓名”（A 列）和“姓名”（B 列）"},
	} {
		code, stdout, stderr := jiedao(t, "import", "households", write(tt.name, tt.content), "--dry-run", "--db", db)
		if code != exitFail || !strings.Contains(stderr, tt.stderr) || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.name, code, stdout, stderr, exitFail, tt.stderr)
		}
	}
	long := write("long.csv", header+strings.Repeat("张", 10<<20/3)+row)
	code, stdout, stderr := jiedao(t, "import", "households", long, "--dry-run", "--db", db)
	if code != exitFail || !strings.Contains(stdout, "…（共 3495253 字）") || len(stdout) > 2000 {
		t.Errorf("10 MB field: exit %d, stdout %.300q (%d bytes), stderr %q", code, stdout, len(stdout), stderr)
	}
	code, stdout, _ = jiedao(t, "import", "households", write("formula.csv", header+"=cmd|' /C calc'!A0"+row), "--dry-run", "--db", db)
	if code != exitOK || !strings.Contains(stdout, "提示：第 2 行 姓名「=cmd|' /C calc'!A0」") || !strings.Contains(stdout, "公式") {
		t.Errorf("formula-like name: exit %d, stdout %q", code, stdout)
	}
}
