package pdf

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/data/demo"
)

// demoStore is a register made by the demo generator (rare surnames, 𠮷,
// minority names, care tags, moved-out and deceased residents) plus the
// test family.
func demoStore(t *testing.T, households int) *data.Store {
	t.Helper()
	s := openTestStore(t)
	if _, err := demo.Generate(context.Background(), s, demo.Options{Households: households, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	addHousehold(t, s, familyHousehold(), family...)
	return s
}

type rawResident struct {
	Name, IDNumber, Phone, Community string
}

// activeResidents reads the residents a roster of everyone active lists.
func activeResidents(t *testing.T, s *data.Store, community string) []rawResident {
	t.Helper()
	var rs []rawResident
	q := datatest.DB(t, s).Table("residents r").Select("r.name, r.id_number, r.phone, h.community").
		Joins("JOIN households h ON h.id = r.household_id").
		Where("r.deleted_at IS NULL AND h.deleted_at IS NULL AND r.status IN ?", data.ActiveStatuses)
	if community != "" {
		q = q.Where("h.community = ?", community)
	}
	if err := q.Scan(&rs).Error; err != nil {
		t.Fatal(err)
	}
	return rs
}

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v %s", err, out)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil || !strings.Contains(string(out), "841.89 x 595.28") {
		t.Fatalf("not A4 landscape:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// keepSample copies the PDF at path to $JIEDAO_PDF_SAMPLE_DIR, to look at.
func keepSample(t *testing.T, path string) {
	if dir := os.Getenv("JIEDAO_PDF_SAMPLE_DIR"); dir != "" {
		b, _ := os.ReadFile(path)
		os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), b, 0o644)
	}
}

func TestRosterMasked(t *testing.T) {
	needPoppler(t)
	s := demoStore(t, 40)
	ctx := context.Background()
	old := rosterPage
	rosterPage = 7 // many store pages: the keyset paging is exercised
	defer func() { rosterPage = old }()

	path := filepath.Join(t.TempDir(), "花名册.pdf")
	var last [2]int
	calls := 0
	rows, err := Roster(ctx, s, data.ResidentFilter{}, RosterOptions{}, path, func(done, total int) {
		calls++
		last = [2]int{done, total}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := activeResidents(t, s, "")
	if rows != len(want) || rows < 60 {
		t.Fatalf("%d rows, %d active residents", rows, len(want))
	}
	if last != [2]int{rows, rows} || calls < rows/7 {
		t.Errorf("progress: %d calls, last %v", calls, last)
	}
	keepSample(t, path)
	n := pdfPages(t, path)
	if n < 3 {
		t.Fatalf("%d pages", n)
	}
	var all strings.Builder
	for p := 1; p <= n; p++ {
		pt := noSpace(pageText(t, path, p))
		all.WriteString(pt)
		for _, w := range []string{testOffice + "居民花名册", "筛选条件：状态：在住、外出", "打印日期：2026年11月25日",
			"序号", "户编号", "姓名", "公民身份号码", "关怀标签", "第" + strconv.Itoa(p) + "页共" + strconv.Itoa(n) + "页"} {
			if !strings.Contains(pt, w) {
				t.Errorf("page %d lacks %q", p, w)
			}
		}
	}
	text := all.String()
	for _, r := range want {
		if !strings.Contains(text, r.Name) {
			t.Errorf("%s not in the roster", r.Name)
		}
		if !strings.Contains(text, data.MaskID(r.IDNumber)) {
			t.Errorf("masked ID %s of %s not in the roster", data.MaskID(r.IDNumber), r.Name)
		}
		if strings.Contains(text, r.IDNumber) {
			t.Errorf("whole ID of %s printed", r.Name)
		}
		if r.Phone != "" && (strings.Contains(text, r.Phone) || !strings.Contains(text, data.MaskPhone(r.Phone))) {
			t.Errorf("phone of %s not masked", r.Name)
		}
	}
	for _, w := range []string{"𠮷星辰", "阿依古丽·买买提", "残疾人（肢体残疾二级）", "高龄老人", "合计：" + strconv.Itoa(rows) + "人", strconv.Itoa(rows)} {
		if !strings.Contains(text, w) {
			t.Errorf("roster lacks %q", w)
		}
	}
	if !strings.Contains(text, "·") {
		t.Error("no minority name with a middle dot")
	}

	// The print is in the audit log, masked.
	log, err := s.AuditLog(ctx, data.AuditFilter{Entity: "residents"})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range log {
		if e.Action == AuditActionPrint {
			var a rosterAudit
			if err := json.Unmarshal([]byte(e.After), &a); err != nil {
				t.Fatal(err)
			}
			found = a.Masked && a.Rows == rows && a.File == "花名册.pdf"
		}
	}
	if !found {
		t.Errorf("no audit entry for the roster: %+v", log)
	}
	if views := rosterViews(t, s); len(views) != 0 {
		t.Errorf("a masked roster read whole numbers: %+v", views)
	}
}

// rosterViews returns the audit entries of the roster's looks at whole
// numbers.
func rosterViews(t *testing.T, s *data.Store) []data.AuditEntry {
	t.Helper()
	log, err := s.AuditLog(context.Background(), data.AuditFilter{Action: data.ActionView, Entity: "residents"})
	if err != nil {
		t.Fatal(err)
	}
	return log
}

func TestRosterUnmaskedFiltered(t *testing.T) {
	needPoppler(t)
	s := demoStore(t, 30)
	ctx := context.Background()
	f := data.ResidentFilter{Community: "和平社区"}
	path := filepath.Join(t.TempDir(), "r.pdf")
	rows, err := Roster(ctx, s, f, RosterOptions{Unmasked: true, Title: "和平社区居民名单"}, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := activeResidents(t, s, "和平社区")
	if rows != len(want) || rows == 0 {
		t.Fatalf("%d rows, want %d", rows, len(want))
	}
	keepSample(t, path)
	text := noSpace(pageText(t, path, 0))
	for _, r := range want {
		if !strings.Contains(text, r.IDNumber) || !strings.Contains(text, r.Phone) {
			t.Errorf("numbers of %s not whole", r.Name)
		}
	}
	for p := 1; p <= pdfPages(t, path); p++ {
		if pt := noSpace(pageText(t, path, p)); !strings.Contains(pt, "和平社区居民名单") || !strings.Contains(pt, "社区：和平社区；状态：在住、外出") {
			t.Errorf("page %d: header lacks title or filter", p)
		}
	}
	// The whole numbers were read on purpose, and that is recorded: one
	// look per store page, together the residents printed.
	seen := 0
	for _, e := range rosterViews(t, s) {
		var v struct {
			Purpose string
			Count   int
		}
		if err := json.Unmarshal([]byte(e.After), &v); err != nil {
			t.Fatal(err)
		}
		if v.Purpose != rosterPurpose {
			t.Errorf("view entry %s: purpose %q", e.After, v.Purpose)
		}
		seen += v.Count
	}
	if seen != rows {
		t.Errorf("audit entries count %d residents viewed, %d printed", seen, rows)
	}
	// Nobody of another community.
	for _, r := range activeResidents(t, s, "") {
		if r.Community != "和平社区" && strings.Contains(text, r.IDNumber) {
			t.Errorf("%s of %s listed", r.Name, r.Community)
		}
	}
}

func TestRosterEmptyAndCancel(t *testing.T) {
	needPoppler(t)
	s := openTestStore(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.pdf")
	rows, err := Roster(ctx, s, data.ResidentFilter{Community: "无此社区"}, RosterOptions{}, path, nil)
	if err != nil || rows != 0 {
		t.Fatalf("%d rows, %v", rows, err)
	}
	if text := noSpace(pageText(t, path, 0)); !strings.Contains(text, "无符合条件的居民") || !strings.Contains(text, "第1页共1页") {
		t.Errorf("empty roster: %q", text)
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	other := filepath.Join(t.TempDir(), "c.pdf")
	if _, err := Roster(cctx, s, data.ResidentFilter{}, RosterOptions{}, other, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("a cancelled roster left a file")
	}
	if es, _ := os.ReadDir(filepath.Dir(other)); len(es) != 0 {
		t.Errorf("left behind: %v", es)
	}
}

// The roster's layout: nothing outside the text area, the column header on
// every page, rows in order.
func TestRosterLayout(t *testing.T) {
	s := demoStore(t, 25)
	d, rows, err := rosterDoc(context.Background(), s, data.ResidentFilter{IncludeInactive: true}, RosterOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkInside(t, d)
	if m := d.Missing(); len(m) > 0 {
		t.Errorf("missing characters %q", string(m))
	}
	next := 1
	for i, p := range d.pages {
		txt := opsText(p)
		if !strings.Contains(txt, "序号户编号姓名") {
			t.Errorf("page %d without the column header", i+1)
		}
		// 序号 is the first cell of each row: they come in order.
		for next <= rows && strings.Contains(txt, strconv.Itoa(next)) {
			next++
		}
	}
	if next != rows+1 {
		t.Errorf("rows in order up to %d of %d", next-1, rows)
	}
}

func TestFilterSummary(t *testing.T) {
	for _, c := range []struct {
		f        data.ResidentFilter
		unmasked bool
		want     string
	}{
		{data.ResidentFilter{}, false, "状态：在住、外出"},
		{data.ResidentFilter{IncludeInactive: true, Tag: data.TagVeryOld}, false, "状态：全部；关怀标签：高龄老人"},
		{data.ResidentFilter{Community: "幸福社区", Grid: "第一网格", ResidenceType: data.ResidenceFloating, Status: data.StatusAway, Sex: "女", AgeMin: 60, AgeMax: 79},
			false, "社区：幸福社区；网格：第一网格；居住类型：流动人口；状态：外出；性别：女；年龄：60–79 岁"},
		{data.ResidentFilter{AgeMin: 80}, false, "状态：在住、外出；年龄：80 岁及以上"},
		{data.ResidentFilter{Query: "张三"}, false, "查询“张三”；状态：在住、外出"},
		{data.ResidentFilter{Query: "11010519900307123X"}, false, "查询“110105********123X”；状态：在住、外出"},
		{data.ResidentFilter{Query: "11010519900307123X"}, true, "查询“11010519900307123X”；状态：在住、外出"},
		{data.ResidentFilter{Query: "13812345678"}, false, "查询“138****5678”；状态：在住、外出"},
		{data.ResidentFilter{Query: "123X"}, false, "查询“123X”；状态：在住、外出"},
	} {
		if got := FilterSummary(c.f, c.unmasked); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
}

// The table writer lays a table out exactly as Doc.Table does: page
// breaks, repeated header, a row taller than a page split between lines.
func TestTableWriterMatchesTable(t *testing.T) {
	cols := []Column{
		{Header: "序号", Width: 15, Align: Center},
		{Header: "姓名"},
		{Header: "住址", Weight: 2, Align: Left},
		{Header: "备注", Align: Right},
	}
	var rows [][]string
	for i := 1; i <= 90; i++ {
		rows = append(rows, []string{strconv.Itoa(i), "居民" + strconv.Itoa(i) + "号", strings.Repeat("朝阳路", i%7+1) + "号院", "行" + strconv.Itoa(i) + "末"})
	}
	rows = append(rows, []string{"91", "长", strings.Repeat("一行很长的备注文字，", 260), "末"}, []string{"92"})
	a := New(Options{})
	a.Paragraph("前言")
	a.Table(Table{Columns: cols, Rows: rows, Size: 9})
	b := New(Options{})
	b.Paragraph("前言")
	w := b.newTableWriter(Table{Columns: cols, Size: 9})
	for _, r := range rows {
		w.Row(r...)
	}
	if a.Pages() != b.Pages() || a.Pages() < 5 {
		t.Fatalf("%d pages, Doc.Table %d", b.Pages(), a.Pages())
	}
	for i := range a.pages {
		if !reflect.DeepEqual(a.pages[i].ops, b.pages[i].ops) {
			t.Errorf("page %d differs from Doc.Table's", i+1)
		}
	}
	checkInside(t, b)
}

// The total line after a roster never stands alone on the last page: the
// last row goes with it, under the repeated header.
func TestTableWriterLastRowTail(t *testing.T) {
	cols := []Column{{Header: "序号", Width: 20}, {Header: "姓名"}}
	alone := 0
	for n := 1; n <= 70; n++ {
		for _, keep := range []bool{false, true} {
			d := New(Options{})
			w := d.newTableWriter(Table{Columns: cols})
			for i := 1; i < n; i++ {
				w.Row(strconv.Itoa(i), "行")
			}
			tail := 0.0
			if keep {
				tail = 2 + d.lineHeight(Style{})
			}
			w.LastRow(tail, strconv.Itoa(n), "末行")
			d.Text("合计", Style{SpaceBefore: 2})
			last := opsText(d.pages[d.Pages()-1])
			ok := strings.HasPrefix(last, "序号姓名") && strings.Contains(last, "末行合计")
			switch {
			case !keep && !ok:
				alone++
			case keep && !ok:
				t.Errorf("%d rows: last page %q", n, last)
			}
			checkInside(t, d)
		}
	}
	if alone == 0 {
		t.Error("the total never fell alone on a page without LastRow: untested")
	}
}
