package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// reportFixture makes a demo register and a blank form with a title,
// two sheets and a total formula.
func reportFixture(t *testing.T) (dir, db, tpl string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "demo", "--households", "20", "--seed", "7", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetCellValue("Sheet1", "A1", "人口统计")
	_ = f.MergeCell("Sheet1", "A1", "B1")
	_ = f.SetCellFormula("Sheet1", "B4", "SUM(B2:B3)")
	_, _ = f.NewSheet("说明")
	tpl = filepath.Join(dir, "模板.xlsx")
	if err := f.SaveAs(tpl); err != nil {
		t.Fatal(err)
	}
	return dir, db, tpl
}

func TestReportFill(t *testing.T) {
	dir, db, tpl := reportFixture(t)
	m := filepath.Join(dir, "map.csv")
	if err := os.WriteFile(m, []byte("sheet,cell,indicator,community\nSheet1,B2,男性人口,\nSheet1,B3,女性人口,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "填好的.xlsx")
	code, stdout, stderr := jiedao(t, "report", "fill", tpl, "--map", m, "--as-of", "2026-06-30", "--detail", "-o", out, "--db", db)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, out) || !strings.Contains(stdout, "2026-06-30") {
		t.Errorf("stdout %q", stdout)
	}
	var want []float64
	withTestDB(t, db, func(tb testing.TB, s *data.Store) {
		var err error
		want, err = s.CountIndicators(context.Background(), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
			[]data.IndicatorCell{{Indicator: "男性人口"}, {Indicator: "女性人口"}})
		if err != nil {
			tb.Fatal(err)
		}
	})
	if want[0] == 0 || want[1] == 0 {
		t.Fatalf("the demo register has %v men and women", want)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, cell := range []string{"B2", "B3"} {
		if v, _ := f.GetCellValue("Sheet1", cell); v != strconv.Itoa(int(want[i])) {
			t.Errorf("%s = %s, want %v", cell, v, want[i])
		}
	}
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "Sheet1,说明,明细" {
		t.Errorf("sheets %v", sheets)
	}
}

func TestReportFillErrors(t *testing.T) {
	dir, db, tpl := reportFixture(t)
	m := filepath.Join(dir, "map.csv")
	if err := os.WriteFile(m, []byte("sheet,cell,indicator,community\nSheet1,B2,人口数,\nSheet9,B2,人口数,\nSheet1,B3,人口总数,\nSheet1,ZZZ0,人口数,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.xlsx")
	code, _, stderr := jiedao(t, "report", "fill", tpl, "--map", m, "-o", out, "--db", db, "--lang", "zh")
	if code != exitFail {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	for _, want := range []string{"第 3 行", "Sheet9", "第 4 行", "人口总数", "第 5 行", "ZZZ0", "未写入"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "第 2 行") {
		t.Errorf("the good line 2 is reported:\n%s", stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s was written", out)
	}
	for _, args := range [][]string{
		{"report", "fill", tpl, "-o", out},
		{"report", "fill", tpl, "--map", m},
		{"report", "fill", "--map", m, "-o", out},
		{"report", "fill", tpl, "--map", m, "-o", out, "--as-of", "2026-13-01"},
		{"report"},
		{"report", "sums"},
	} {
		if code, _, _ := jiedao(t, append(args, "--db", db)...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestReportIndicators(t *testing.T) {
	_, db, _ := reportFixture(t)
	code, stdout, stderr := jiedao(t, "report", "indicators", "--db", db, "--lang", "zh")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(data.BuiltInIndicators()) {
		t.Errorf("%d lines, want %d:\n%s", len(lines), len(data.BuiltInIndicators()), stdout)
	}
	for _, want := range []string{"户数\t户\t内置\t", "80岁以上人口\t人\t内置\t", "年满80周岁", "留守儿童"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
}
