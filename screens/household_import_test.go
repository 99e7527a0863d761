package screens

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/pdf"
	"jiedao/sheet"
)

var rosterHeader = []string{"户编号", "社区", "网格", "地址", "居住类型", "姓名", "身份证号", "与户主关系", "联系电话"}

// rosterFile writes rows under rosterHeader to an XLSX file, every cell
// as text.
func rosterFile(t *testing.T, rows ...[]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range append([][]string{rosterHeader}, rows...) {
		for j, v := range r {
			c, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", c, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "花名册.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// goodRoster is two households, three people.
func goodRoster() [][]string {
	return [][]string{
		{"H001", "春晖社区", "第1网格", "春晖小区1栋1单元101室", data.ResidenceLocal, "赵一", validID("11010119800101011"), data.RelationHead, "13812345678"},
		{"H001", "春晖社区", "第1网格", "春晖小区1栋1单元101室", data.ResidenceLocal, "钱二", validID("11010119820202022"), "配偶", ""},
		{"H002", "春晖社区", "第2网格", "春晖小区2栋1单元202室", data.ResidenceLocal, "孙三", validID("11010119900303033"), data.RelationHead, ""},
	}
}

// registerCounts is the numbers of households, residents and audit
// entries: what an import may change.
func registerCounts(t *testing.T, s *data.Store) [3]int64 {
	t.Helper()
	var c [3]int64
	for i, m := range []any{&data.Household{}, &data.Resident{}, &data.AuditEntry{}} {
		if err := datatest.DB(t, s).Unscoped().Model(m).Count(&c[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// previewOf opens the list and checks path, returning the preview.
func previewOf(t *testing.T, e *Env, path string) (*households, *householdImport) {
	t.Helper()
	l := openList(t, e)
	imp := l.importFile(path)
	e.Wait()
	if imp.content == nil {
		t.Fatalf("no preview; report %+v", imp.report)
	}
	return l, imp
}

func TestImportPreviewShowsInvalidRowAndImportsNothing(t *testing.T) {
	e, s := newTestEnv(t)
	rows := goodRoster()
	rows[1][6] = "110101198202020220" // wrong check character
	before := registerCounts(t, s)
	_, imp := previewOf(t, e, rosterFile(t, rows...))

	if imp.report.Invalid != 1 || len(imp.report.Problems) == 0 {
		t.Fatalf("report %+v", imp.report)
	}
	p := imp.report.Problems[0]
	shown := strings.Join(texts(imp.content), "\n")
	for _, want := range []string{"3", p.Column, p.Value, p.Reason} {
		if !strings.Contains(shown, want) {
			t.Errorf("the preview lacks %q:\n%s", want, shown)
		}
	}
	if !imp.importBtn.Disabled() {
		t.Error("import is enabled although a row is invalid")
	}
	test.Tap(imp.importBtn)
	e.Wait()
	if after := registerCounts(t, s); after != before {
		t.Errorf("the preview changed the register: %v → %v", before, after)
	}
	imp.skip.SetChecked(true)
	if imp.importBtn.Disabled() {
		t.Error("import stays disabled with \"skip invalid rows\" ticked")
	}

	// The full report, as the clerk saves it.
	out := filepath.Join(t.TempDir(), "report.csv")
	if err := sheet.WriteReport(out, imp.report); err != nil {
		t.Fatal(err)
	}
}

func TestImportAddsHouseholds(t *testing.T) {
	e, s := newTestEnv(t)
	l, imp := previewOf(t, e, rosterFile(t, goodRoster()...))
	if fc := imp.report.Forecast; fc.HouseholdsNew != 2 || fc.ResidentsNew != 3 {
		t.Errorf("forecast %+v", fc)
	}
	shown := texts(imp.content)
	if !slices.Contains(shown, "2") || !slices.Contains(shown, "3") {
		t.Errorf("the preview does not show the counts: %q", shown)
	}
	if imp.importBtn.Disabled() {
		t.Fatalf("import disabled: %s", imp.note.Text)
	}
	test.Tap(imp.importBtn)
	e.Wait()

	if c := registerCounts(t, s); c[0] != 2 || c[1] != 3 {
		t.Fatalf("households, residents, audit entries: %v", c)
	}
	var names []string
	for _, r := range l.peoplePg.rows {
		names = append(names, r.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"孙三", "赵一", "钱二"}) {
		t.Errorf("the list shows %v after the import", names)
	}
	var n int64
	datatest.DB(t, s).Model(&data.AuditEntry{}).Where("action = ?", sheet.AuditActionImport).Count(&n)
	if n != 1 {
		t.Errorf("%d import audit entries", n)
	}

	// The same file again: nothing to do, and the preview says so.
	_, again := previewOf(t, e, imp.path)
	if !again.importBtn.Disabled() || again.report.Forecast.ResidentsUnchanged != 3 {
		t.Errorf("second preview: %+v, import enabled %v", again.report.Forecast, !again.importBtn.Disabled())
	}
}

func TestImportCancelLeavesRegisterUnchanged(t *testing.T) {
	e, s := newTestEnv(t)
	h := newHousehold(t, s, "901")
	addResident(t, s, h, "周九", validID("11010119700909099"), data.RelationHead)
	before := registerCounts(t, s)
	_, imp := previewOf(t, e, rosterFile(t, goodRoster()...))
	cancelled := false
	imp.testProgress = func(done, total int, cancel context.CancelFunc) {
		if total > 0 && done > 0 && !cancelled {
			cancelled = true // after the check, before anything is written
			cancel()
		}
	}
	test.Tap(imp.importBtn)
	e.Wait()
	if !cancelled {
		t.Fatal("the import reported no progress to cancel at")
	}
	if after := registerCounts(t, s); after != before {
		t.Errorf("a cancelled import changed the register: %v → %v", before, after)
	}
}

// overlayWidgets are the widgets of the dialog on top.
func overlayWidgets(t *testing.T, e *Env) []fyne.CanvasObject {
	t.Helper()
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	return test.LaidOutObjects(top)
}

func TestExportMaskedOrUnmaskedIsAudited(t *testing.T) {
	id := validID("11010119800101001")
	for _, unmasked := range []bool{false, true} {
		name := "masked"
		if unmasked {
			name = "unmasked"
		}
		t.Run(name, func(t *testing.T) {
			e, s := newTestEnv(t)
			h := newHousehold(t, s, "101")
			addResident(t, s, h, "张三", id, data.RelationHead)
			l := openList(t, e)

			l.onExport()
			var radio *widget.RadioGroup
			for _, o := range overlayWidgets(t, e) {
				if r, ok := o.(*widget.RadioGroup); ok {
					radio = r
				}
			}
			if radio == nil || radio.Selected != radio.Options[0] {
				t.Fatalf("no masked/unmasked choice, or not masked by default: %+v", radio)
			}
			if unmasked {
				radio.SetSelected(radio.Options[1])
				for _, o := range overlayWidgets(t, e) {
					if r, ok := o.(*widget.SelectEntry); ok {
						r.SetText("上级核查")
					}
				}
				test.Tap(dangerOrHighButton(t, e)) // Export
				// Confirmation, saying it is audited.
				if shown := strings.Join(texts(e.Window.Canvas().Overlays().Top()), " "); !strings.Contains(shown, "audit") && !strings.Contains(shown, "审计") {
					t.Errorf("the confirmation does not say the export is audited: %s", shown)
				}
			}
			test.Tap(dangerOrHighButton(t, e))
			e.Wait()

			files, _ := filepath.Glob(filepath.Join(DocumentsDir(), outputFolder, "*.xlsx"))
			if len(files) != 1 {
				t.Fatalf("exports: %v", files)
			}
			x, err := excelize.OpenFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			rows, _ := x.GetRows(x.GetSheetName(x.GetActiveSheetIndex()))
			var all strings.Builder
			for _, r := range rows {
				all.WriteString(strings.Join(r, "|") + "\n")
			}
			if whole := strings.Contains(all.String(), id); whole != unmasked {
				t.Errorf("whole ID number in the file: %v, want %v\n%s", whole, unmasked, all.String())
			}
			var entries []data.AuditEntry
			datatest.DB(t, s).Where("action = ?", sheet.AuditActionExport).Find(&entries)
			if len(entries) != 1 {
				t.Fatalf("%d export audit entries", len(entries))
			}
			var after struct{ Masked bool }
			if err := json.Unmarshal([]byte(entries[0].After), &after); err != nil || after.Masked == unmasked {
				t.Errorf("audit entry %s: masked should be %v (%v)", entries[0].After, !unmasked, err)
			}
		})
	}
}

func TestPrintRosterOfListedResidents(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	e, s, l := listOneOfThree(t)
	l.onPrintRoster()
	e.Wait()

	files, _ := filepath.Glob(filepath.Join(DocumentsDir(), outputFolder, "*.pdf"))
	if len(files) != 1 {
		t.Fatalf("prints: %v", files)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", files[0], "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	if !strings.Contains(text, "张三") || strings.Contains(text, "王五") || strings.Contains(text, "李四") {
		t.Errorf("the roster should list 张三 only:\n%s", text)
	}
	if strings.Contains(text, validID("11010119800101001")) {
		t.Errorf("the roster shows a whole ID number:\n%s", text)
	}
	var n int64
	datatest.DB(t, s).Model(&data.AuditEntry{}).Where("action = ?", pdf.AuditActionPrint).Count(&n)
	if n != 1 {
		t.Errorf("%d print audit entries", n)
	}
}

// TestImportPreviewShowsFormulaWarning: a name that begins like a formula
// is a warning the preview shows; the row stays valid and importable.
func TestImportPreviewShowsFormulaWarning(t *testing.T) {
	e, _ := newTestEnv(t)
	rows := goodRoster()
	rows[2][5] = `=HYPERLINK("http://x","点我")`
	_, imp := previewOf(t, e, rosterFile(t, rows...))
	if imp.report.Invalid != 0 || len(imp.report.Warnings) != 1 {
		t.Fatalf("report %+v", imp.report)
	}
	shown := strings.Join(texts(imp.content), "\n")
	for _, want := range []string{"1 warnings to check", "Row 4", `=HYPERLINK("http://x","点我")`, "公式"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the preview lacks %q:\n%s", want, shown)
		}
	}
	if imp.importBtn.Disabled() {
		t.Error("a warning disables the import")
	}
}

// TestUnmaskedExportAsksWhy: the reason field is off for a masked export;
// an unmasked one without a reason says what is missing and writes
// nothing.
func TestUnmaskedExportAsksWhy(t *testing.T) {
	e, s := newTestEnv(t)
	h := newHousehold(t, s, "101")
	addResident(t, s, h, "张三", validID("11010119800101001"), data.RelationHead)
	l := openList(t, e)
	l.onExport()
	var radio *widget.RadioGroup
	var reason *widget.SelectEntry
	for _, o := range overlayWidgets(t, e) {
		switch w := o.(type) {
		case *widget.RadioGroup:
			radio = w
		case *widget.SelectEntry:
			reason = w
		}
	}
	if radio == nil || reason == nil || !reason.Disabled() {
		t.Fatalf("radio %v, reason %v: the reason is off while masked", radio, reason)
	}
	radio.SetSelected(radio.Options[1])
	if reason.Disabled() {
		t.Fatal("the reason stays off for an unmasked export")
	}
	test.Tap(dangerOrHighButton(t, e)) // Export, without a reason
	shown := strings.Join(texts(e.Window.Canvas().Overlays().Top()), " ")
	if !strings.Contains(shown, "用途") && !strings.Contains(shown, "reason") {
		t.Errorf("no word of the missing reason: %s", shown)
	}
	e.Wait()
	if files, _ := filepath.Glob(filepath.Join(DocumentsDir(), outputFolder, "*.xlsx")); len(files) != 0 {
		t.Errorf("exported without a reason: %v", files)
	}
}
