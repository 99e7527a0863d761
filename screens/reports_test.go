package screens

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// reportsRegister adds two communities: 幸福社区 with an 80-year-old and a
// child, 和平社区 with a 70-year-old.
func reportsRegister(t *testing.T, s *data.Store) {
	t.Helper()
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
			first17 := p[1]
			if _, err := s.AddResident(ctx, &data.Resident{HouseholdID: h.ID, Name: p[0],
				IDNumber: first17 + string(data.IDCheckChar(first17)), Relation: rel}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	add("幸福社区", [2]string{"王老太", "11010119460101002"}, [2]string{"王小宝", "11010120210101001"})
	add("和平社区", [2]string{"李大爷", "11010119560101003"})
}

// reportsForm writes a blank form: a title, labels in column A and a
// second sheet.
func reportsForm(t *testing.T, dir string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetCellValue("Sheet1", "A1", "人口情况表")
	_ = f.MergeCell("Sheet1", "A1", "C1")
	_ = f.SetCellValue("Sheet1", "A2", "总人口")
	_ = f.SetCellValue("Sheet1", "A3", "60岁以上")
	_, _ = f.NewSheet("说明")
	path := filepath.Join(dir, "人口情况表.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// mapCell clicks a cell and fills it with an indicator and community.
func mapCell(r *reports, row, col int, indicator, community string) {
	r.grid.Select(widget.TableCellID{Row: row, Col: col})
	r.indicator.SetSelected(indicator)
	r.setCommunity(community)
	r.onAssign()
}

func TestReportsMapFillAndReuse(t *testing.T) {
	e, s := newTestEnv(t)
	reportsRegister(t, s)
	dir := t.TempDir()
	form := reportsForm(t, dir)
	r := showScreen(t, e, NewReports(e).(*reports))
	r.openForm(form)
	e.Wait()
	if !slices.Equal(r.sheets.Options, []string{"Sheet1", "说明"}) || r.sheet != "Sheet1" {
		t.Fatalf("sheets %v, showing %q", r.sheets.Options, r.sheet)
	}
	if r.cells[0][0] != "人口情况表" || r.cells[2][0] != "60岁以上" {
		t.Errorf("the grid shows %q, %q", r.cells[0][0], r.cells[2][0])
	}
	if !r.assign.Disabled() {
		t.Error("a cell can be filled before one is clicked")
	}
	// The title is merged over A1:C1: a click on B1 is a click on A1.
	r.grid.Select(widget.TableCellID{Row: 1, Col: 2})
	if r.selected != "A1" {
		t.Errorf("a click in the merged title selects %s", r.selected)
	}
	mapCell(r, 2, 2, "人口数", "")         // B2
	mapCell(r, 3, 2, "60岁以上人口", "和平社区") // B3
	mapCell(r, 3, 2, "60岁以上人口", "")     // B3 again: replaced
	if len(r.mappings) != 2 || r.mappings[1].Cell != "B3" || r.mappings[1].Community != "" {
		t.Fatalf("mappings %+v", r.mappings)
	}
	if got := texts(r.grid); !slices.Contains(got, "【人口数】") {
		t.Errorf("the grid does not mark the mapped cell: %q", got)
	}
	r.onSave()
	e.Wait()

	// Filled into a copy, the counts as numbers.
	out := filepath.Join(dir, "已填.xlsx")
	r.asOf.SetText("2026-11-01")
	day, _ := r.day()
	r.fillTo(out, day)
	e.Wait()
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"B2": "3", "B3": "2"} {
		if v, _ := f.GetCellValue("Sheet1", cell); v != want {
			t.Errorf("%s = %q, want %s", cell, v, want)
		}
	}
	if idx, _ := f.GetSheetIndex("明细"); idx < 0 {
		t.Error("no 明细 sheet")
	}

	// Next period: the mapping comes back with the form.
	again := showScreen(t, e, NewReports(e).(*reports))
	again.openForm(form)
	e.Wait()
	if len(again.mappings) != 2 || again.mappings[0].Indicator != "人口数" || again.mappings[1].Cell != "B3" {
		t.Errorf("reopened, the mapping is %+v", again.mappings)
	}
	if !strings.Contains(again.file.Text, "2") {
		t.Errorf("the form's line says %q", again.file.Text)
	}
}

func TestReportsResidentsBehindACell(t *testing.T) {
	e, s := newTestEnv(t)
	reportsRegister(t, s)
	r := showScreen(t, e, NewReports(e).(*reports))
	r.openForm(reportsForm(t, t.TempDir()))
	e.Wait()
	mapCell(r, 3, 2, "60岁以上人口", "幸福社区")
	r.asOf.SetText("2026-11-01")
	r.onBehind()
	e.Wait()
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no list of residents")
	}
	got := strings.Join(texts(top), " ")
	if !strings.Contains(got, "王老太") || strings.Contains(got, "李大爷") || strings.Contains(got, "王小宝") {
		t.Errorf("residents behind 60岁以上人口 of 幸福社区: %s", got)
	}
	if strings.Contains(got, "19460101") {
		t.Errorf("the ID number is shown whole: %s", got)
	}
}

func TestReportsOwnIndicator(t *testing.T) {
	e, s := newTestEnv(t)
	reportsRegister(t, s)
	r := showScreen(t, e, NewReports(e).(*reports))
	o := r.own
	o.name.SetText("高龄女性")
	setSelect(o.sex, data.SexFemale)
	o.ageMin.SetText("80")
	o.preview()
	if !strings.Contains(o.define.Text, "性别为女") || !strings.Contains(o.define.Text, "年满80周岁") {
		t.Errorf("the definition reads %q", o.define.Text)
	}
	o.onSave()
	e.Wait()
	if !slices.Contains(r.indicator.Options, "高龄女性") {
		t.Errorf("the forms' indicators %v lack the new one", r.indicator.Options)
	}
	vs, err := s.CountIndicators(context.Background(), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), []data.IndicatorCell{{Indicator: "高龄女性"}})
	if err != nil || vs[0] != 1 {
		t.Errorf("高龄女性 = %v, %v; want 1 (王老太)", vs, err)
	}
	// A built-in one is shown, not edited.
	o.edit(data.BuiltInIndicators()[1])
	if !o.save.Disabled() || !o.name.Disabled() {
		t.Error("a built-in indicator can be edited")
	}
	o.ageMin.SetText("八十")
	o.preview()
	if !strings.Contains(o.define.Text, "整数") && !strings.Contains(o.define.Text, "whole numbers") {
		t.Errorf("a typed age that is not a number: %q", o.define.Text)
	}
}
