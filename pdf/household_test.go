package pdf

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

const testOffice = "北京市朝阳区某某街道办事处"

// testID returns a valid ID number: region, birth date (yyyymmdd) and a
// sequence whose last digit gives the sex.
func testID(region, birth string, seq int, female bool) string {
	if (seq%2 == 1) == female { // the last digit of the sequence: odd for men
		seq++
	}
	first := fmt.Sprintf("%s%s%03d", region, birth, seq%1000)
	return first + string(data.IDCheckChar(first))
}

type testMember struct {
	name, relation, id, ethnicity, phone string
	tags                                 []data.ResidentTag
	movedIn                              string // 迁入 date, or ""
	movedOut                             string // 迁出 date, or ""
}

// addHousehold registers a household and its members through the store.
func addHousehold(t testing.TB, s *data.Store, h data.Household, members ...testMember) data.Household {
	t.Helper()
	ctx := context.Background()
	if err := s.CreateHousehold(ctx, &h); err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		r := &data.Resident{HouseholdID: h.ID, Name: m.name, IDNumber: m.id, Relation: m.relation,
			Ethnicity: m.ethnicity, Phone: m.phone, Tags: m.tags}
		var arrival *data.ResidenceEvent
		if m.movedIn != "" {
			arrival = &data.ResidenceEvent{Kind: data.EventMoveIn, Date: m.movedIn, Note: "随户迁入"}
		}
		if _, err := s.AddResident(ctx, r, arrival); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if m.movedOut != "" {
			if err := s.RecordEvent(ctx, r.ID, &data.ResidenceEvent{Kind: data.EventMoveOut, Date: m.movedOut, Note: "迁往外省"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	h, err := s.Household(ctx, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func openTestStore(t testing.TB) *data.Store {
	t.Helper()
	s := datatest.MustOpen(t)
	if err := s.SaveSettings(context.Background(), data.Settings{OfficeName: testOffice, Operator: "张科员"}); err != nil {
		t.Fatal(err)
	}
	return s
}

// family is a household with a head outside the BMP (𠮷), a minority
// name with a middle dot, a disabled member, one aged over 80 and one who
// moved out.
var family = []testMember{
	{name: "𠮷星辰", relation: "户主", id: testID("110105", "19440307", 11, false), ethnicity: "汉族", phone: "13812345678",
		tags: []data.ResidentTag{{Tag: data.TagVeteran}}, movedIn: "1998-05-01"},
	{name: "阿依古丽·买买提", relation: "配偶", id: testID("650102", "19500612", 22, true), ethnicity: "维吾尔族", phone: "010-65001234",
		tags: []data.ResidentTag{{Tag: data.TagDisabled, Category: "肢体残疾", Grade: "二级"}}, movedIn: "1998-05-01"},
	{name: "王小明", relation: "子", id: testID("110105", "19780101", 33, false), ethnicity: "汉族"},
	{name: "李离开", relation: "女", id: testID("110105", "19800202", 44, true), ethnicity: "汉族", movedIn: "2001-01-01", movedOut: "2020-09-30"},
}

func familyHousehold() data.Household {
	return data.Household{Community: "幸福社区", Grid: "第一网格", Estate: "幸福小区", Building: "3", Unit: "2", Room: "301",
		ResidenceType: data.ResidenceLocal, Housing: "自有", Phone: "13812345678", Notes: "老人行动不便，上门走访请提前电话联系。"}
}

// bigHousehold has enough members for the form to run over a page.
func bigHousehold(n int) []testMember {
	ms := make([]testMember, n)
	for i := range ms {
		rel := "其他"
		if i == 0 {
			rel = "户主"
		}
		ms[i] = testMember{name: "集体" + strconv.Itoa(i+1) + "号", relation: rel,
			id: testID("110105", fmt.Sprintf("19%02d0101", 60+i%40), 100+2*i, i%2 == 1), ethnicity: "汉族",
			phone: fmt.Sprintf("139%08d", i), movedIn: "2020-01-01"}
	}
	return ms
}

// writeForm writes d and checks that everything lies inside the page:
// the body in the text area, the footers in the bottom margin.
func writeForm(t *testing.T, d *Doc) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	c := *d
	c.pages = nil
	for pi, p := range d.pages {
		q := &page{rows: p.rows}
		for _, o := range p.ops {
			if o.kind == opText && o.y > d.bot {
				if o.x < d.x0-0.05 || o.x > d.x0+d.w || o.y > d.ph-5 {
					t.Errorf("page %d: footer %q at %.1f, %.1f", pi+1, o.text, o.x, o.y)
				}
				continue
			}
			q.ops = append(q.ops, o)
		}
		c.pages = append(c.pages, q)
	}
	checkInside(t, &c)
	keepSample(t, path)
	return path
}

func TestHouseholdForms(t *testing.T) {
	needPoppler(t)
	s := openTestStore(t)
	ctx := context.Background()
	a := addHousehold(t, s, familyHousehold(), family...)
	b := addHousehold(t, s, data.Household{Community: "幸福社区", Grid: "第二网格", Address: "幸福小区5栋1单元101室",
		ResidenceType: data.ResidenceFloating, Housing: "租赁"},
		testMember{name: "欧阳娜娜", relation: "户主", id: testID("310101", "19950815", 55, true), ethnicity: "汉族"})
	c := addHousehold(t, s, data.Household{Community: "和平社区", Grid: "第三网格", Address: "和平路88号职工宿舍",
		Kind: data.HouseholdCollective, ResidenceType: data.ResidenceSettled, Housing: "单位宿舍"}, bigHousehold(40)...)

	var calls [][2]int
	d, err := HouseholdForms(ctx, s, []int64{a.ID, b.ID, c.ID}, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(calls) != "[[1 3] [2 3] [3 3]]" {
		t.Errorf("progress %v", calls)
	}
	if m := d.Missing(); len(m) > 0 {
		t.Errorf("missing characters %q", string(m))
	}
	path := writeForm(t, d)
	// A and B one page each; C (40 members, 40 events) runs over three.
	if d.Pages() != 5 {
		t.Fatalf("%d pages, want 1 + 1 + 3", d.Pages())
	}
	// Household A: everything on its one page.
	p1 := noSpace(pageText(t, path, 1))
	want := []string{"住户登记表", testOffice, "2026年11月25日", a.Number, "幸福社区", "第一网格", "幸福小区3栋2单元301室",
		"家庭户", data.ResidenceLocal, "自有", "13812345678", "老人行动不便", "在册人数", "3人",
		"高龄老人", "退役军人", "残疾人（肢体残疾二级）", "维吾尔族", "010-65001234",
		"迁出", "李离开", "迁往外省", "张科员", "登记人", "户主签字", "日期", "户编号：" + a.Number, "第1页共1页"}
	for _, m := range family[:3] {
		want = append(want, m.name, m.id)
	}
	for _, w := range want {
		if !strings.Contains(p1, w) {
			t.Errorf("page 1 lacks %q", w)
		}
	}
	if !strings.Contains(p1, "户主"+"𠮷星辰") && !strings.Contains(p1, "𠮷星辰户主") {
		t.Errorf("head of household not printed beside 户主")
	}
	if strings.Contains(p1, family[3].id) {
		t.Errorf("moved-out member listed among the members")
	}
	for _, other := range []string{b.Number, c.Number, "欧阳娜娜"} {
		if strings.Contains(p1, other) {
			t.Errorf("page 1 holds %q of another household", other)
		}
	}

	// Household B alone on page 2.
	p2 := noSpace(pageText(t, path, 2))
	for _, w := range []string{b.Number, "欧阳娜娜", testID("310101", "19950815", 55, true), data.ResidenceFloating, "户主签字", "第1页共1页"} {
		if !strings.Contains(p2, w) {
			t.Errorf("page 2 lacks %q", w)
		}
	}
	if strings.Contains(p2, a.Number) || strings.Contains(p2, c.Number) {
		t.Errorf("page 2 holds another household")
	}

	// Household C over pages 3 to 5, every page with its household number
	// and page within the household, the table headers repeated, every
	// member once, and the signature block with the end of the form.
	var pc []string
	for p := 3; p <= 5; p++ {
		s := noSpace(pageText(t, path, p))
		pc = append(pc, s)
		if !strings.Contains(s, "户编号："+c.Number) || !strings.Contains(s, fmt.Sprintf("第%d页共3页", p-2)) {
			t.Errorf("page %d: household number or page within the household missing", p)
		}
		if strings.Contains(s, a.Number) || strings.Contains(s, b.Number) {
			t.Errorf("page %d holds another household", p)
		}
	}
	if !strings.Contains(pc[1], "公民身份号码") || !strings.Contains(pc[2], "经办人") {
		t.Errorf("table header not repeated on a continuation page")
	}
	for _, m := range bigHousehold(40) {
		if n := strings.Count(strings.Join(pc, ""), m.id); n != 1 {
			t.Errorf("%s's ID printed %d times", m.name, n)
		}
	}
	if strings.Contains(pc[0]+pc[1], "户主签字") || !strings.Contains(pc[2], "户主签字") {
		t.Errorf("signature block not on the last page of household C")
	}
	p4 := pc[2]
	// Each household's last page: the whole signature block with the
	// declaration and some of the form above it.
	for _, p := range []string{p1, p2, p4} {
		for _, w := range []string{"以上登记信息经本户核对", "登记人：", "户主签字：", "日期：", "经办人"} {
			if !strings.Contains(p, w) {
				t.Errorf("last page of a form lacks %q", w)
			}
		}
	}
}

// opsText is the text of a page as laid out.
func opsText(p *page) string {
	var b strings.Builder
	for _, o := range p.ops {
		switch o.kind {
		case opText:
			b.WriteString(o.text)
		case opGlyph:
			b.WriteRune(o.r)
		}
	}
	return noSpace(b.String())
}

// Whatever the length of the form, the signature block is whole on the
// last page and never alone there: some rows of the events table, under
// their header, come with it.
func TestHouseholdFormSignatureNeverAlone(t *testing.T) {
	carried := 0
	// Forms of 4 members and 0–80 events, and of 1–60 members and 1 event.
	type size struct{ members, events int }
	var sizes []size
	for n := 0; n <= 80; n++ {
		sizes = append(sizes, size{4, n})
	}
	for m := 1; m <= 60; m++ {
		sizes = append(sizes, size{m, 1})
	}
	for _, sz := range sizes {
		n := sz.events
		f := &householdForm{office: testOffice, printed: datatest.Epoch(),
			h: data.Household{Number: "2026000001", Community: "幸福社区", Address: "幸福小区1栋", Kind: data.HouseholdFamily, ResidenceType: data.ResidenceLocal}}
		for i := 0; i < sz.members; i++ {
			f.members = append(f.members, data.Resident{Name: "成员" + strconv.Itoa(i), Relation: "子", IDNumber: testID("110105", "19900101", 10+2*i, false),
				Sex: "男", BirthDate: "1990-01-01", Ethnicity: "汉族", Status: data.StatusPresent})
		}
		for i := 0; i < n; i++ {
			f.events = append(f.events, data.TimelineEntry{ResidenceEvent: data.ResidenceEvent{Date: "2020-01-01", Kind: data.EventMoveIn,
				Note: "事件" + strconv.Itoa(i) + "末"}, ResidentName: "成员0"})
		}
		if trial := New(formOptions()); !trial.layoutHouseholdForm(f, 0) {
			carried++
			t.Logf("%+v: signature block taken to the next page with the last rows", sz)
		}
		d := New(formOptions())
		sp := d.addHouseholdForm(f)
		d.formFooters([]formSpan{sp})
		if sp.first != 0 || sp.end != d.Pages() {
			t.Fatalf("%+v: span %+v of %d pages", sz, sp, d.Pages())
		}
		for i := 0; i < d.Pages()-1; i++ {
			if strings.Contains(opsText(d.pages[i]), "户主签字") {
				t.Errorf("%+v: signature on page %d of %d", sz, i+1, d.Pages())
			}
		}
		last := opsText(d.pages[d.Pages()-1])
		for _, w := range []string{"以上登记信息经本户核对", "登记人：", "户主签字：", "日期："} {
			if !strings.Contains(last, w) {
				t.Errorf("%+v: last page lacks %q", sz, w)
			}
		}
		if !strings.Contains(last, "经办人") {
			t.Errorf("%+v: signature block without the events table on its page", sz)
		}
		if n > 0 && !strings.Contains(last, "事件"+strconv.Itoa(n-1)+"末") {
			t.Errorf("%+v: the last event is not on the signature page", sz)
		}
		for i := 0; i < n; i++ {
			all := ""
			for _, p := range d.pages {
				all += opsText(p)
			}
			if c := strings.Count(all, "事件"+strconv.Itoa(i)+"末"); c != 1 {
				t.Fatalf("%+v: event %d printed %d times", sz, i, c)
			}
		}
		c := *d
		c.pages = nil
		for _, p := range d.pages {
			q := &page{rows: p.rows}
			for _, o := range p.ops {
				if o.y <= d.bot {
					q.ops = append(q.ops, o)
				}
			}
			c.pages = append(c.pages, q)
		}
		checkInside(t, &c)
	}
	if carried == 0 {
		t.Error("no form length put the signature alone on a page: the carry path is untested")
	}
}

func TestPrintHousehold(t *testing.T) {
	needPoppler(t)
	s := openTestStore(t)
	ctx := context.Background()
	a := addHousehold(t, s, familyHousehold(), family...)
	path := filepath.Join(t.TempDir(), "户.pdf")
	// Typed with full-width digits and blanks, as clerks paste it.
	full := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, a.Number)
	if err := PrintHousehold(ctx, s, " "+full+" ", path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v %s", err, out)
	}
	if !strings.Contains(string(out), "Pages:           1") || !strings.Contains(string(out), "595.") {
		t.Errorf("not one A4 portrait page:\n%s", out)
	}
	if s := noSpace(pageText(t, path, 0)); !strings.Contains(s, a.Number) || !strings.Contains(s, "𠮷星辰") {
		t.Errorf("form lacks the household")
	}

	err = PrintHousehold(ctx, s, "2099999999", filepath.Join(t.TempDir(), "x.pdf"))
	var de *data.Error
	if !errors.Is(err, data.ErrNotFound) || !errors.As(err, &de) {
		t.Errorf("unknown number: %v", err)
	}
	if _, err := HouseholdForms(ctx, s, []int64{a.ID, 987654}, nil); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

func TestHouseholdFormsCancel(t *testing.T) {
	s := openTestStore(t)
	a := addHousehold(t, s, familyHousehold(), family...)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := HouseholdForms(ctx, s, []int64{a.ID, a.ID, a.ID}, func(done, total int) {
		n = done
		cancel()
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancelled after %d forms: %v", n, err)
	}
}

func TestHouseholdIDs(t *testing.T) {
	s := openTestStore(t)
	var want []int64
	for i := 0; i < 3; i++ {
		h := familyHousehold()
		h.Room = strconv.Itoa(101 + i)
		want = append(want, addHousehold(t, s, h).ID)
	}
	addHousehold(t, s, data.Household{Community: "和平社区", Address: "和平路1号", ResidenceType: data.ResidenceLocal})
	got, err := HouseholdIDs(context.Background(), s, data.HouseholdFilter{Community: "幸福社区"})
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
}

// BenchmarkHouseholdForm lays out and writes the form of one household of
// three members and four events: one "print" from the household screen,
// fonts already parsed.
func BenchmarkHouseholdForm(b *testing.B) {
	s := openTestStore(b)
	ctx := context.Background()
	a := addHousehold(b, s, familyHousehold(), family...)
	if _, err := HouseholdForms(ctx, s, []int64{a.ID}, nil); err != nil { // parse the fonts once
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d, err := HouseholdForms(ctx, s, []int64{a.ID}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}
