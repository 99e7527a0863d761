package sheet

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// Values that Excel and WPS would run as formulas (issue 13).
const (
	formulaCmd  = `=cmd|' /C calc'!A0`
	formulaLink = `=HYPERLINK("http://x","点我")`
)

// quotePrefixOf returns the value of a cell and whether its style has
// quotePrefix.
func quotePrefixOf(t *testing.T, f *excelize.File, sheet, ref string) (string, bool) {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	xf := f.Styles.CellXfs.Xf[id]
	return v, xf.QuotePrefix != nil && *xf.QuotePrefix
}

// checkQuoted fails when a cell of any sheet of the workbook at path
// begins like a formula without quotePrefix, or a cell has a formula.
func checkQuoted(t *testing.T, path string) (quoted int) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
					t.Errorf("%s!%s has a formula %q", sh, ref, fm)
				}
				if !formulaLead(v) {
					continue
				}
				if _, q := quotePrefixOf(t, f, sh, ref); !q {
					t.Errorf("%s!%s %q has no quotePrefix", sh, ref, v)
				}
				quoted++
			}
		}
	}
	return quoted
}

// TestExportQuotesFormulas: names, addresses and notes that begin like a
// formula import with a warning, export as text with quotePrefix and the
// same value, and import again unchanged; a value that is a number
// written as text ("-") keeps its value too.
func TestExportQuotesFormulas(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	rows := cleanRoster()
	rows[1][6] = formulaCmd  // 张伟's name
	rows[4][3] = formulaLink // 王芳's household's address
	rows[5][3] = formulaLink
	rows[4][6] = "@王芳"
	rows[5][6] = "-王五"
	path := csvFile(t, rows, "utf8")
	rep, err := dryRun(t, path)
	if err != nil {
		t.Fatal(err)
	}
	warned := map[string]bool{}
	for _, w := range rep.Warnings {
		if strings.Contains(w.Reason, "公式") {
			warned[w.Value] = true
		}
	}
	for _, v := range []string{formulaCmd, formulaLink, "@王芳", "-王五"} {
		if !warned[v] {
			t.Errorf("no warning for %q: %+v", v, rep.Warnings)
		}
	}
	if rep.Invalid != 0 {
		t.Fatalf("invalid rows: %+v", rep.Problems)
	}
	mustImport(t, s, path, ImportOptions{})

	out := filepath.Join(t.TempDir(), "export.xlsx")
	if _, err := ExportHouseholds(ctx, s, out, data.ResidentFilter{}, ExportOptions{Unmasked: true, Reason: "上级核查"}); err != nil {
		t.Fatal(err)
	}
	if n := checkQuoted(t, out); n < 5 { // two addresses of 王芳's household, three names
		t.Errorf("%d cells quoted, want at least 5", n)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := map[string]bool{}
	all, _ := f.GetRows(rosterSheet)
	for r, row := range all {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			got, q := quotePrefixOf(t, f, rosterSheet, ref)
			if got != v {
				t.Errorf("%s: %q read back as %q", ref, v, got)
			}
			if q != formulaLead(v) {
				t.Errorf("%s %q: quotePrefix %v", ref, v, q)
			}
			found[v] = true
		}
	}
	for _, v := range []string{formulaCmd, formulaLink, "@王芳", "-王五", idZhang, "13812345678"} {
		if !found[v] {
			t.Errorf("the export lost %q", v)
		}
	}
	// The ID column keeps its text format under quotePrefix's neighbours.
	again, err := ImportHouseholds(ctx, s, out, ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if fc := again.Forecast; fc.ResidentsUnchanged != 5 || fc.ResidentsChanged != 0 || fc.ResidentsNew != 0 {
		t.Errorf("the export imported again changes something: %+v", fc)
	}
}

// TestReportQuotesFormulas: the row report (CSV) puts an apostrophe before
// a value, or a column name, that begins like a formula.
func TestReportQuotesFormulas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.csv")
	rep := Report{Problems: []Problem{
		{Row: 2, Column: "=列", Value: formulaCmd, Reason: "x"},
		{Row: 3, Column: "联系电话", Value: "\t=1+1", Reason: "y"},
		{Row: 4, Column: "姓名", Value: "张伟", Reason: "z"},
	}}
	if err := WriteReport(path, rep); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"2,'=列,'" + formulaCmd, "3,联系电话,'\t=1+1,y", "4,姓名,张伟,z"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

// TestOrganizationExportQuotesFormulas: the organization export likewise.
func TestOrganizationExportQuotesFormulas(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	rows := [][]string{
		{"组织名称", "统一社会信用代码", "组织类型", "登记机关", "法人", "联系人", "电话", "住所", "开户银行", "银行账号", "服务领域", "状态", "备注"},
		{formulaLink, uscc("52110101MJ0000012"), "社会服务机构", "东城区民政局", "-张三", "李四", "13800000000", formulaCmd, "工商银行", "6222000011112222", "养老", "正常", "+备注"},
	}
	path := csvFile(t, rows, "utf8")
	rep := importOrgs(t, s, path, ImportOptions{})
	if rep.Invalid != 0 {
		t.Fatalf("invalid: %+v", rep.Problems)
	}
	if len(rep.Warnings) < 4 {
		t.Errorf("warnings %+v, want one for each of the four values", rep.Warnings)
	}
	out := filepath.Join(t.TempDir(), "orgs.xlsx")
	if _, err := ExportOrganizations(ctx, s, out); err != nil {
		t.Fatal(err)
	}
	if n := checkQuoted(t, out); n != 4 {
		t.Errorf("%d cells quoted, want 4", n)
	}
}

// TestTemplatesQuoted: nothing in the templates begins like a formula
// without quotePrefix.
func TestTemplatesQuoted(t *testing.T) {
	dir := t.TempDir()
	for name, write := range map[string]func(string) error{
		"households.xlsx": WriteHouseholdTemplate, "organizations.xlsx": WriteOrganizationTemplate,
	} {
		path := filepath.Join(dir, name)
		if err := write(path); err != nil {
			t.Fatal(err)
		}
		checkQuoted(t, path)
	}
}
