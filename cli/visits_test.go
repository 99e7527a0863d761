package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jiedao/data"
)

// visitsRegister is two communities that both have 第1网格, an elderly
// person living alone in each.
func visitsRegister(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jiedao.db")
	withTestDB(t, path, func(tb testing.TB, s *data.Store) {
		ctx := context.Background()
		for i, c := range []string{"幸福社区", "和平社区"} {
			h := data.Household{Community: c, Grid: "第1网格", Address: c + "1号楼101", ResidenceType: data.ResidenceLocal}
			if err := s.CreateHousehold(ctx, &h); err != nil {
				tb.Fatal(err)
			}
			first17 := "11010119400101" + []string{"011", "022"}[i]
			r := data.Resident{HouseholdID: h.ID, Name: []string{"赵奶奶", "钱爷爷"}[i], IDNumber: first17 + string(data.IDCheckChar(first17)),
				Relation: data.RelationHead, Phone: "1391234567" + string(rune('1'+i)), Tags: []data.ResidentTag{{Tag: data.TagAloneElderly}}}
			if _, err := s.AddResident(ctx, &r, nil); err != nil {
				tb.Fatal(err)
			}
		}
	})
	return path
}

func TestVisitsPlanAndDue(t *testing.T) {
	db := visitsRegister(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "计划.pdf")
	code, _, stderr := jiedao(t, "visits", "plan", "--grid", "第1网格", "-o", plan, "--db", db, "--lang", "zh")
	if code != exitUsage || !strings.Contains(stderr, "幸福社区") || !strings.Contains(stderr, "和平社区") {
		t.Errorf("an ambiguous grid: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(plan); err == nil {
		t.Error("an ambiguous grid wrote a plan")
	}
	code, stdout, stderr := jiedao(t, "visits", "plan", "--community", "和平社区", "--grid", "第1网格", "--week", "2026-11-25", "-o", plan, "--db", db)
	if code != exitOK || !strings.Contains(stdout, ": 1") {
		t.Fatalf("plan: exit %d %s %s", code, stdout, stderr)
	}
	if out, err := exec.Command("pdftotext", "-layout", plan, "-").Output(); err != nil ||
		!strings.Contains(string(out), "钱爷爷") || strings.Contains(string(out), "赵奶奶") || !strings.Contains(string(out), "2026-11-23 至 2026-11-29") {
		t.Errorf("plan text (%v):\n%s", err, out)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"visits", "plan", "--grid", "第9网格", "-o", plan}, exitFail},
		{[]string{"visits", "plan", "--community", "和平社区", "-o", plan}, exitUsage},
		{[]string{"visits", "plan", "--community", "和平社区", "--grid", "第1网格"}, exitUsage},
		{[]string{"visits", "due", "--as-of", "2026-13-01", "-o", "x.xlsx"}, exitUsage},
		{[]string{"visits", "walk"}, exitUsage},
		{[]string{"visits", "due", "--community", "无此社区", "-o", filepath.Join(dir, "x.xlsx")}, exitFail},
	} {
		if code, _, stderr := jiedao(t, append(c.args, "--db", db)...); code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, stderr)
		}
	}
	due := filepath.Join(dir, "应访.xlsx")
	if code, stdout, stderr := jiedao(t, "visits", "due", "--as-of", "2026-11-25", "-o", due, "--db", db); code != exitOK || !strings.Contains(stdout, ": 2") {
		t.Errorf("due: exit %d %s %s", code, stdout, stderr)
	}
}

func TestImportVisitsCommand(t *testing.T) {
	db := visitsRegister(t)
	dir := t.TempDir()
	first17 := "11010119400101011"
	id := first17 + string(data.IDCheckChar(first17))
	csv := filepath.Join(dir, "走访.csv")
	content := "身份证号,姓名,走访日期,走访方式,是否见到本人,身体状况,经济状况,赡养照料,居家安全,服务需求\n" +
		id + ",赵奶奶,2026-11-20,上门,是,正常,正常,正常,正常,正常\n" +
		id + ",赵奶奶,2026-11-21,飞鸽传书,是,正常,正常,正常,正常,正常\n"
	if err := os.WriteFile(csv, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.csv")
	code, stdout, _ := jiedao(t, "import", "visits", csv, "--dry-run", "--report", report, "--db", db)
	if code != exitFail || !strings.Contains(stdout, "第 3 行") {
		t.Errorf("dry run: exit %d %s", code, stdout)
	}
	if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), "飞鸽传书") {
		t.Errorf("report: %v %s", err, b)
	}
	if code, _, _ := jiedao(t, "import", "visits", csv, "--db", db); code != exitFail || countRows(t, db, &data.Visit{}) != 0 {
		t.Errorf("import with a bad row: exit %d, %d visits", code, countRows(t, db, &data.Visit{}))
	}
	if code, stdout, stderr := jiedao(t, "import", "visits", csv, "--skip-invalid", "--db", db); code != exitOK || countRows(t, db, &data.Visit{}) != 1 {
		t.Errorf("skip invalid: exit %d %s %s", code, stdout, stderr)
	}
}
