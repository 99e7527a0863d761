package sheet

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
)

// visitStore is cleanRoster's register: 王芳 (76, alone and disabled:
// 特别关注, 第二网格), 张伟 (veteran) and 张小明 (left behind) 一般关注.
func visitStore(t *testing.T) *data.Store {
	t.Helper()
	s := newStore(t)
	mustImport(t, s, csvFile(t, cleanRoster(), "utf8"), ImportOptions{})
	return s
}

var visitHeader = []string{"身份证号", "姓名", "走访日期", "走访时间", "走访方式", "是否见到本人",
	"身体状况", "身体状况说明", "经济状况", "赡养照料", "居家安全", "服务需求", "转办事项", "责任人", "走访人"}

func visitRows() [][]string {
	return [][]string{
		visitHeader,
		{idWang, "王芳", "2026-11-20", "9:30", "入户", "是", "需关注", "血压偏高", "正常", "正常", "有问题", "正常", "更换燃气软管", "物业", "李网格"},
		{idZhang, "张伟", "2026/11/18", "", "电话", "是", "正常", "", "正常", "正常", "", "正常", "", "", ""},
	}
}

func TestImportVisits(t *testing.T) {
	ctx := context.Background()
	s := visitStore(t)
	rows := visitRows()
	bad := append(append([][]string{}, rows...),
		[]string{idLi, "李娜", "2026-11-19", "", "写信", "是", "", "", "", "", "", "", "", "", ""},                       // bad method
		[]string{idNum("11010119700101999"), "无名", "2026-11-19", "", "电话", "否", "", "", "", "", "", "", "", "", ""}, // not in the register
		[]string{idZhangS, "张晓明", "2026-11-19", "", "电话", "否", "", "", "", "", "", "", "", "", ""},                  // wrong name
		[]string{idWang, "王芳", "2026-12-20", "", "电话", "否", "", "", "", "", "", "", "", "", ""},                     // in the future
	)
	path := csvFile(t, bad, "gb18030")
	// A dry run reports every bad row and writes nothing.
	rep, err := ImportVisits(ctx, s, path, ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 6 || rep.Invalid != 4 || rep.Valid != 2 || rep.Applied {
		t.Fatalf("dry run: %+v", rep.Report)
	}
	reasons := map[int]string{}
	for _, p := range rep.Problems {
		reasons[p.Row] += p.Column + ":" + p.Reason
	}
	for row, want := range map[int]string{4: "走访方式", 5: "登记中没有", 6: "姓名与登记不符", 7: "晚于现在"} {
		if !strings.Contains(reasons[row], want) {
			t.Errorf("row %d: %q, want %q", row, reasons[row], want)
		}
	}
	if n := visitCount(t, s); n != 0 {
		t.Fatalf("a dry run wrote %d visits", n)
	}
	// All or nothing.
	if _, err := ImportVisits(ctx, s, path, ImportOptions{}); !errors.Is(err, ErrInvalidRows) {
		t.Fatalf("import with invalid rows: %v", err)
	}
	if n := visitCount(t, s); n != 0 {
		t.Fatalf("a refused import wrote %d visits", n)
	}
	// The valid rows, and again: nothing more.
	rep, err = ImportVisits(ctx, s, path, ImportOptions{SkipInvalid: true})
	if err != nil || rep.Created != 2 || !rep.Applied {
		t.Fatalf("skip invalid: %+v %v", rep, err)
	}
	rep, err = ImportVisits(ctx, s, path, ImportOptions{SkipInvalid: true})
	if err != nil || rep.Created != 0 || rep.Unchanged != 2 {
		t.Fatalf("again: created %d unchanged %d %v", rep.Created, rep.Unchanged, err)
	}
	if n := visitCount(t, s); n != 2 {
		t.Errorf("%d visits stored, want 2", n)
	}
	// 王芳's visit: synonyms read, the referral on the actions board.
	b, err := s.VisitBoard(ctx, data.VisitFilter{Grid: "第二网格"})
	if err != nil || len(b.Rows) != 1 {
		t.Fatalf("board: %+v %v", b.Rows, err)
	}
	vs, _ := s.Visits(ctx, b.Rows[0].ResidentID)
	if len(vs) != 1 || vs[0].Method != data.VisitInPerson || vs[0].Time != "09:30" || vs[0].Safety != data.CheckProblem ||
		vs[0].ActionID == nil || !strings.Contains(vs[0].Notes, "李网格") {
		t.Errorf("王芳's visit: %+v", vs)
	}
	if b.Rows[0].Tier != data.TierSpecial || b.Rows[0].Due != "2026-11-27" {
		t.Errorf("王芳 on the board: %+v", b.Rows[0])
	}
}

// TestImportVisitsXLSX: dates and times as numbers, and the scope: a grid
// worker of 第一网格 cannot import 王芳's visit.
func TestImportVisitsXLSX(t *testing.T) {
	ctx := context.Background()
	s := visitStore(t)
	rows := [][]any{
		{"公民身份号码", "走访日期", "走访时间", "走访方式", "是否见到本人"},
		{idZhang, 46346.0, 0.375, "上门", "否"}, // 2026-11-20 09:00
		{idWang, "2026-11-20", nil, "电话", "是"},
	}
	path := xlsxFile(t, rows, nil)
	grid := datatest.As(t, s, "g1", []string{data.RoleGrid}, nil, []string{"幸福社区/第一网格"})
	rep, err := ImportVisits(ctx, grid, path, ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1 || rep.Invalid != 1 || !strings.Contains(rep.Problems[0].Reason, "管辖范围") {
		t.Fatalf("grid worker's import: %+v", rep)
	}
	b, _ := s.VisitBoard(ctx, data.VisitFilter{Grid: "第一网格"})
	for _, r := range b.Rows {
		if r.Name == "张伟" {
			vs, _ := s.Visits(ctx, r.ResidentID)
			if len(vs) != 1 || vs[0].Date != "2026-11-20" || vs[0].Time != "09:00" || vs[0].Met || vs[0].VisitorLogin != "g1" {
				t.Errorf("张伟's visit: %+v", vs)
			}
		}
	}
}

func visitCount(t *testing.T, s *data.Store) int64 {
	t.Helper()
	var n int64
	if err := datatest.DB(t, s).Model(&data.Visit{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestExportVisitsDue(t *testing.T) {
	ctx := context.Background()
	s := visitStore(t)
	if _, err := ImportVisits(ctx, s, csvFile(t, visitRows(), "utf8"), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/due.xlsx"
	n, err := ExportVisitsDue(ctx, s, path, data.VisitFilter{Community: "幸福社区"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetRows(dueSheet)
	// 王芳 due 11-27 (this week), 张小明 never visited; 张伟 visited by
	// phone 11-18, quarterly: not due.
	if n != 2 || len(got) < 3 {
		t.Fatalf("%d rows: %v", n, got)
	}
	text := ""
	for _, r := range got {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"从未走访", "本周应访", "王芳", "张小明", "010-****3456", "2026-11-27", "共 2 人"} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "张伟") || strings.Contains(text, "010-65123456") {
		t.Errorf("export:\n%s", text)
	}
}
