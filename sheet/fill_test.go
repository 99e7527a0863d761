package sheet

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jiedao/data"
	"jiedao/data/datatest"
)

// fillRegister is a small register: 幸福社区 has a household of three
// (one 80, one 36, one 5), 和平社区 one of one (70).
func fillRegister(t *testing.T) *data.Store {
	t.Helper()
	s := datatest.MustOpen(t)
	ctx := context.Background()
	add := func(community string, people ...[2]string) {
		h := &data.Household{Community: community, Grid: "一网格", Address: community + "1号", ResidenceType: data.ResidenceLocal}
		if err := s.CreateHousehold(ctx, h); err != nil {
			t.Fatal(err)
		}
		for i, p := range people {
			rel := "户主"
			if i > 0 {
				rel = "其他"
			}
			if _, err := s.AddResident(ctx, &data.Resident{HouseholdID: h.ID, Name: p[0], IDNumber: idNum(p[1]), Relation: rel}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	add("幸福社区", [2]string{"老王", "11010119460101001"}, [2]string{"小张", "11010119900101002"}, [2]string{"小小", "11010120210101003"})
	add("和平社区", [2]string{"老李", "11010119560101004"})
	return s
}

// fillTemplate writes a form as a superior sends it: a title merged over
// A1:C1 in bold, 户数 and 人口数 rows, a total =SUM(B2:B3) with a number
// format, column widths, and a second sheet with text of its own.
func fillTemplate(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const s = "Sheet1"
	if err := f.SetSheetName(s, "基本情况"); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue("基本情况", "A1", "社区基本情况统计表"))
	must(f.MergeCell("基本情况", "A1", "C1"))
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	must(err)
	must(f.SetCellStyle("基本情况", "A1", "A1", bold))
	must(f.SetCellValue("基本情况", "A2", "60岁以上"))
	must(f.SetCellValue("基本情况", "A3", "0-6岁"))
	must(f.SetCellValue("基本情况", "A4", "合计"))
	must(f.SetCellFormula("基本情况", "B4", "SUM(B2:B3)"))
	num, err := f.NewStyle(&excelize.Style{NumFmt: 3, Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}}})
	must(err)
	must(f.SetCellStyle("基本情况", "B2", "B4", num))
	must(f.SetColWidth("基本情况", "A", "A", 24))
	must(f.SetColWidth("基本情况", "B", "C", 13.5))
	_, err = f.NewSheet("填报说明")
	must(err)
	must(f.SetCellValue("填报说明", "A1", "请于每月5日前报送。"))
	must(f.SaveAs(path))
}

func writeMap(t *testing.T, dir, text string) string {
	t.Helper()
	p := filepath.Join(dir, "map.csv")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var fillDay = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func TestFillKeepsTheTemplate(t *testing.T) {
	s := fillRegister(t)
	dir := t.TempDir()
	tpl := filepath.Join(dir, "基本情况表.xlsx")
	fillTemplate(t, tpl)
	rows, err := ReadMapping(writeMap(t, dir, "\xEF\xBB\xBFsheet,cell,indicator,community\n"+
		"基本情况,B2,60岁以上人口,\n基本情况,B3,0-6岁人口,\n基本情况,C2,60岁以上人口,和平社区\n"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "filled.xlsx")
	rec, err := Fill(context.Background(), s, FillRequest{Template: tpl, Rows: rows, AsOf: fillDay, Detail: true, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sh = "基本情况"
	// The values, as numbers.
	for cell, want := range map[string]string{"B2": "2", "B3": "1", "C2": "1"} {
		v, _ := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType(sh, cell)
		if v != want || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s = %q (type %v), want the number %s", cell, v, typ, want)
		}
	}
	// The form as it was: merge, styles, formula, widths, other sheet.
	merges, _ := f.GetMergeCells(sh)
	if len(merges) != 1 || merges[0].GetStartAxis() != "A1" || merges[0].GetEndAxis() != "C1" {
		t.Errorf("merged cells %v, want A1:C1", merges)
	}
	if formula, _ := f.GetCellFormula(sh, "B4"); formula != "SUM(B2:B3)" {
		t.Errorf("B4's formula is %q", formula)
	}
	if id, _ := f.GetCellStyle(sh, "A1"); id == 0 {
		t.Error("the title lost its style")
	} else if st, _ := f.GetStyle(id); st.Font == nil || !st.Font.Bold || st.Font.Size != 16 {
		t.Errorf("the title's style is %+v", st.Font)
	}
	if id, _ := f.GetCellStyle(sh, "B2"); id == 0 {
		t.Error("B2 lost its number format")
	} else if st, _ := f.GetStyle(id); st.NumFmt != 3 || len(st.Border) != 1 {
		t.Errorf("B2's style: format %d, borders %v", st.NumFmt, st.Border)
	}
	if w, _ := f.GetColWidth(sh, "A"); w != 24 {
		t.Errorf("column A is %v wide, want 24", w)
	}
	if w, _ := f.GetColWidth(sh, "C"); w != 13.5 {
		t.Errorf("column C is %v wide, want 13.5", w)
	}
	if v, _ := f.GetCellValue("填报说明", "A1"); v != "请于每月5日前报送。" {
		t.Errorf("the second sheet says %q", v)
	}
	if v, _ := f.GetCellValue(sh, "A2"); v != "60岁以上" {
		t.Errorf("A2, not mapped, is %q", v)
	}
	// The window's view of the form: the merged title once.
	tp, err := OpenTemplate(out)
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Close()
	grid, err := tp.Grid(sh, 4, 3)
	if err != nil || grid[0][0] != "社区基本情况统计表" || grid[0][1] != "" || grid[1][1] != "2" || grid[3][0] != "合计" {
		t.Errorf("grid %q, %v", grid, err)
	}
	// The detail sheet explains each cell.
	detail, err := f.GetRows(DetailSheet)
	if err != nil || len(detail) != 5 {
		t.Fatalf("明细: %v, %v", detail, err)
	}
	if d := detail[4]; d[1] != "C2" || d[2] != "60岁以上人口" || !strings.Contains(d[3], "年满60周岁") || d[4] != "和平社区" || d[5] != "1" {
		t.Errorf("明细's C2 line: %q", d)
	}
	// Audited: who, the template, the day, where.
	log, err := s.AuditLog(context.Background(), data.AuditFilter{Action: data.ActionReport})
	if err != nil || len(log) != 1 {
		t.Fatalf("audit: %v, %v", log, err)
	}
	for _, want := range []string{`"template":"基本情况表.xlsx"`, `"asOf":"2026-11-01"`, `"file":"` + out + `"`, rec.Hash} {
		if !strings.Contains(log[0].After, want) {
			t.Errorf("audit entry %s lacks %s", log[0].After, want)
		}
	}
	if log[0].Operator == "" {
		t.Error("the audit entry names no one")
	}
}

func TestFillRefusesBadRows(t *testing.T) {
	s := fillRegister(t)
	dir := t.TempDir()
	tpl := filepath.Join(dir, "表.xlsx")
	fillTemplate(t, tpl)
	rows, err := ReadMapping(writeMap(t, dir, "sheet,cell,indicator,community\n"+
		"基本情况,B2,人口数,\n"+ // line 2: fine
		"没有的表,B2,人口数,\n"+ // 3: sheet
		"基本情况,B99X,人口数,\n"+ // 4: cell
		"基本情况,B3,没有的指标,\n"+ // 5: indicator
		"基本情况,C3,人口数,火星社区\n"+ // 6: community
		"基本情况,B2,户数,\n"+ // 7: B2 twice
		"基本情况,B1,户数,\n")) // 8: inside the title's merge A1:C1
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.xlsx")
	_, err = Fill(context.Background(), s, FillRequest{Template: tpl, Rows: rows, AsOf: fillDay, Out: out})
	want := map[int]string{3: data.KeyReportRowSheet, 4: data.KeyReportRowCell, 5: data.KeyReportRowIndicator,
		6: data.KeyReportRowCommunity, 7: data.KeyReportRowTwice, 8: data.KeyReportRowMerged}
	got := map[int]string{}
	for _, e := range unjoin(err) {
		var de *data.Error
		if errors.As(e, &de) {
			got[de.Args["Row"].(int)] = de.Key
		}
	}
	for line, key := range want {
		if got[line] != key {
			t.Errorf("line %d: %q, want %s (all: %v)", line, got[line], key, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors on lines %v, want %v", got, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a file was written: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	log, _ := s.AuditLog(context.Background(), data.AuditFilter{Action: data.ActionReport})
	if len(log) != 0 {
		t.Errorf("a refused fill was audited: %v", log)
	}
}

func TestFillCommunityOutsideScope(t *testing.T) {
	s := fillRegister(t)
	peace := datatest.As(t, s, "peace", []string{data.RoleCommunity}, []string{"和平社区"}, nil)
	dir := t.TempDir()
	tpl := filepath.Join(dir, "表.xlsx")
	fillTemplate(t, tpl)
	rows := []MapRow{{Line: 2, Sheet: "基本情况", Cell: "B2", Indicator: "人口数", Community: "幸福社区"}}
	_, err := Fill(context.Background(), peace, FillRequest{Template: tpl, Rows: rows, AsOf: fillDay, Out: filepath.Join(dir, "o.xlsx")})
	var de *data.Error
	if !errors.As(err, &de) || de.Key != data.KeyReportRowCommunity {
		t.Errorf("a community outside the account's: %v", err)
	}
	rows[0].Community = ""
	out := filepath.Join(dir, "o.xlsx")
	if _, err := Fill(context.Background(), peace, FillRequest{Template: tpl, Rows: rows, AsOf: fillDay, Out: out}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("基本情况", "B2"); v != "1" {
		t.Errorf("和平社区's worker's whole office is %s people, want 1", v)
	}
}

func TestReadMappingErrors(t *testing.T) {
	for _, tc := range []struct{ text, key string }{
		{"sheet,cell,indicator\nA,B1,人口数\n", data.KeyReportMapHeader},
		{"表,单元格,指标,社区\n", data.KeyReportMapHeader},
		{"sheet,cell,indicator,community\n基本情况,B2,人口数\n", data.KeyReportMapColumns},
		{"sheet,cell,indicator,community\n\n", data.KeyReportMapEmpty},
	} {
		_, err := ParseMapping("map.csv", []byte(tc.text))
		var de *data.Error
		if !errors.As(err, &de) || de.Key != tc.key {
			t.Errorf("%q: %v, want %s", tc.text, err, tc.key)
		}
	}
}

func TestReadMappingGB18030(t *testing.T) {
	text := "sheet,cell,indicator,community\n基本情况,B2,60岁以上人口,幸福社区\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseMapping("map.csv", []byte(gbk))
	if err != nil || len(rows) != 1 || rows[0].Sheet != "基本情况" || rows[0].Indicator != "60岁以上人口" || rows[0].Community != "幸福社区" || rows[0].Line != 2 {
		t.Errorf("a mapping saved by Excel in GBK: %+v, %v", rows, err)
	}
}

// unjoin lists the errors errors.Join made, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}
