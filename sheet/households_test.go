package sheet

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestImportClean(t *testing.T) {
	s := newStore(t)
	path := xlsxFile(t, asAny(cleanRoster()), nil)
	rep := mustImport(t, s, path, ImportOptions{})
	if rep.Rows != 5 || rep.Valid != 5 || rep.Invalid != 0 || !rep.Applied {
		t.Fatalf("report %+v", rep)
	}
	if rep.HouseholdsCreated != 2 || rep.ResidentsCreated != 5 {
		t.Errorf("created %d households, %d residents", rep.HouseholdsCreated, rep.ResidentsCreated)
	}
	h, err := s.HouseholdByNumber(context.Background(), "H001")
	if err != nil {
		t.Fatal(err)
	}
	if h.Community != "幸福社区" || h.Grid != "第一网格" || h.ResidenceType != data.ResidenceLocal || h.Housing != "自有" || h.Kind != data.HouseholdFamily {
		t.Errorf("household %+v", h)
	}
	rs := residentsByID(t, s)
	if h.HeadID == nil || *h.HeadID != rs[idZhang].ID {
		t.Errorf("head %v, want 张伟 (%d)", h.HeadID, rs[idZhang].ID)
	}
	wang := rs[idWang]
	if len(wang.Tags) != 2 {
		t.Fatalf("王芳's tags %+v", wang.Tags)
	}
	for _, tg := range wang.Tags {
		if tg.Tag == data.TagDisabled && (tg.Category != "肢体残疾" || tg.Grade != "二级") {
			t.Errorf("disability %+v", tg)
		}
	}
	if w := rs[idWangW]; w.Status != data.StatusAway || w.BirthDate != "1975-11-11" || w.Sex != "男" {
		t.Errorf("王五 %+v", w)
	}
	if rs[idWang].Phone != "010-65123456" {
		t.Errorf("phone %q", rs[idWang].Phone)
	}
	// The registry's derived search columns and address index were kept
	// (the models' hooks ran).
	page, err := s.SearchResidents(context.Background(), data.ResidentFilter{Query: "zw"})
	if err != nil || len(page.Rows) != 1 || page.Rows[0].Name != "张伟" {
		t.Errorf("pinyin search: %v %+v", err, page.Rows)
	}
	page, err = s.SearchResidents(context.Background(), data.ResidentFilter{Query: idWang[len(idWang)-4:]})
	if err != nil || len(page.Rows) == 0 || page.Rows[0].Name != "王芳" {
		t.Errorf("ID tail search: %v %+v", err, page.Rows)
	}
	hp, err := s.SearchHouseholds(context.Background(), data.HouseholdFilter{Query: "5栋"})
	if err != nil || len(hp.Rows) != 1 || hp.Rows[0].Number != "H002" {
		t.Errorf("address search: %v %+v", err, hp.Rows)
	}
	if !rs[idZhang].CreatedAt.Equal(datatest.Epoch()) {
		t.Errorf("created at %v, want the store's clock", rs[idZhang].CreatedAt)
	}
	// One audit entry for the import, with the file and the counts.
	log, err := s.AuditLog(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var imports int
	for _, e := range log {
		if e.Action == AuditActionImport {
			imports++
			if !strings.Contains(e.After, `"file":"roster.xlsx"`) || !strings.Contains(e.After, `"residentsCreated":5`) {
				t.Errorf("audit after = %s", e.After)
			}
		}
	}
	if imports != 1 || len(log) != 1 {
		t.Errorf("%d audit entries, %d imports; want exactly one", len(log), imports)
	}
}

// TestImportMessy imports every kind of mess, in XLSX and in each CSV
// encoding, and checks what was stored.
func TestImportMessy(t *testing.T) {
	header := []string{"序号", "姓　名", "证件号码", "户号", "所属社区", "居住地址", "人户状态", "手机号码", "出生年月", "关系", "性别", "民族", "学历", "政治面貌", "婚姻状况"}
	rows := [][]string{
		header,
		{"1", "\u200b张伟 ", "１１０１０１１９８００３０７１２３" + idZhang[17:], "'H001", "幸福社区", "幸福小区3栋\u00a0", "人户一致", "138 1234 5678", "1980.3.7", "本人", "男性", "汉", "本科", "党员", "已婚"},
		{"2", "李娜", "'" + idLi, "H001", "幸福社区", "幸福小区3栋", "人户一致", "１３９１２３４５６７８", "1982年5月", "妻子", "女", "汉族", "大专", "群众", "初婚"},
		{"3", "张小明", strings.ToLower(idWithX), "H001", "幸福社区", "幸福小区3栋", "人户一致", "", "19900101", "儿子", "", "汉族", "", "", ""},
		{"4", "阿依古丽 • 买买提", " " + idWang + "\u3000", "H002", "幸福社区", "幸福小区5栋", "流动", "", "1950/1/1", "户主", "", "维吾尔", "文盲", "", "丧偶"},
	}
	check := func(t *testing.T, s *data.Store) {
		rs := residentsByID(t, s)
		if len(rs) != 4 {
			t.Fatalf("%d residents", len(rs))
		}
		z := rs[idZhang]
		if z.Name != "张伟" || z.Phone != "13812345678" || z.Relation != data.RelationHead || z.Ethnicity != "汉族" ||
			z.Education != "大学本科" || z.Political != "中共党员" || z.Marital != "已婚" || z.BirthDate != "1980-03-07" {
			t.Errorf("张伟 %+v", z)
		}
		l := rs[idLi]
		if l.Phone != "13912345678" || l.Relation != "配偶" || l.Education != "大学专科" || l.Marital != "已婚" {
			t.Errorf("李娜 %+v", l)
		}
		if x, ok := rs[idWithX]; !ok || x.Relation != "子" || x.Sex == "" {
			t.Errorf("lowercase-x ID: %+v (ok %v)", x, ok)
		}
		w := rs[idWang]
		if w.Name != "阿依古丽·买买提" || w.Ethnicity != "维吾尔族" || w.Education != "未上过学" {
			t.Errorf("阿依古丽 %+v", w)
		}
		h, err := s.HouseholdByNumber(context.Background(), "H001")
		if err != nil {
			t.Fatal(err)
		}
		if h.Address != "幸福小区3栋" || h.ResidenceType != data.ResidenceLocal {
			t.Errorf("household %+v", h)
		}
		h2, _ := s.HouseholdByNumber(context.Background(), "H002")
		if h2.ResidenceType != data.ResidenceFloating {
			t.Errorf("H002 %+v", h2)
		}
	}
	for _, kind := range []string{"xlsx", "utf8", "utf8bom", "gb18030"} {
		t.Run(kind, func(t *testing.T) {
			var path string
			if kind == "xlsx" {
				path = xlsxFile(t, asAny(rows), nil)
			} else {
				path = csvFile(t, rows, kind)
			}
			s := newStore(t)
			rep, err := ImportHouseholds(context.Background(), s, path, ImportOptions{})
			if err != nil {
				t.Fatalf("%v\n%+v", err, rep.Problems)
			}
			if rep.Valid != 4 {
				t.Fatalf("report %+v", rep)
			}
			check(t, s)
		})
	}
}

// TestImportMergedAndSerials: household cells merged down over members,
// birth dates as serials in a 1904 workbook.
func TestImportMergedAndSerials(t *testing.T) {
	for _, is1904 := range []bool{false, true} {
		t.Run(fmt.Sprint("date1904=", is1904), func(t *testing.T) {
			serial := 29287.0 // 1980-03-07
			if is1904 {
				serial -= 1462
			}
			rows := [][]any{
				{"户编号", "社区", "地址", "居住类型", "姓名", "身份证号", "出生日期", "与户主关系"},
				{"H001", "幸福社区", "幸福小区3栋2单元301室", "户籍在此居住", "张伟", idZhang, serial, "户主"},
				{nil, nil, nil, nil, "李娜", idLi, nil, "配偶"},
				{nil, nil, nil, nil, "张小明", idZhangS, nil, "子"},
			}
			path := xlsxFile(t, rows, func(f *excelize.File) {
				for _, col := range []string{"A", "B", "C", "D"} {
					if err := f.MergeCell("Sheet1", col+"2", col+"4"); err != nil {
						t.Fatal(err)
					}
				}
				style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
				f.SetCellStyle("Sheet1", "G2", "G2", style)
				if is1904 {
					f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &is1904})
				}
			})
			s := newStore(t)
			rep := mustImport(t, s, path, ImportOptions{})
			if rep.HouseholdsCreated != 1 || rep.ResidentsCreated != 3 {
				t.Fatalf("report %+v", rep)
			}
			var n int64
			datatest.DB(t, s).Model(&data.Resident{}).Where("household_id = (SELECT id FROM households WHERE number = 'H001')").Count(&n)
			if n != 3 {
				t.Errorf("%d members in H001, want 3", n)
			}
		})
	}
}

// TestImportInvalidRows: the all-or-nothing rule, the report and its CSV.
func TestImportInvalidRows(t *testing.T) {
	rows := cleanRoster()
	rows[2][7] = idLi[:17] + "0" // wrong check character (row 3)
	rows[4][10] = "火星族"          // not an ethnic group (row 5)
	rows = append(rows, []string{"H003", "幸福社区", "", "幸福小区9栋", "户籍在此居住", "", "赵六", "1.10101199003078E+17", "", "", "", "户主", "", "", ""})
	path := csvFile(t, rows, "utf8bom")
	s := newStore(t)
	before := counts(t, s)

	rep, err := ImportHouseholds(context.Background(), s, path, ImportOptions{})
	if !errors.Is(err, ErrInvalidRows) {
		t.Fatalf("err = %v, want ErrInvalidRows", err)
	}
	if rep.Applied || rep.Rows != 6 || rep.Invalid != 3 || rep.Valid != 3 {
		t.Errorf("report %+v", rep)
	}
	if after := counts(t, s); after != before {
		t.Errorf("counts %v → %v: an invalid row must apply nothing", before, after)
	}
	want := map[int]string{3: "身份证号", 5: "民族", 7: "身份证号"}
	for _, p := range rep.Problems {
		if col, ok := want[p.Row]; !ok || col != p.Column {
			t.Errorf("unexpected problem %+v", p)
		}
		delete(want, p.Row)
	}
	if len(want) > 0 {
		t.Errorf("problems missing for rows %v: %+v", want, rep.Problems)
	}
	for _, p := range rep.Problems {
		if p.Row == 7 && !strings.Contains(p.Reason, "文本") {
			t.Errorf("scientific-notation ID reason %q should ask for a text column", p.Reason)
		}
		if p.Row == 5 && p.Value != "火星族" {
			t.Errorf("value %q", p.Value)
		}
	}

	// The report file.
	out := filepath.Join(t.TempDir(), "report.csv")
	if err := WriteReport(out, rep); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "\uFEFFrow,column,value,reason\r\n") {
		t.Errorf("report starts %q", raw[:min(len(raw), 40)])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(rep.Problems) {
		t.Fatalf("%d report lines for %d problems", len(recs), len(rep.Problems))
	}
	if recs[1][0] != "3" || recs[1][1] != "身份证号" || recs[1][2] != idLi[:17]+"0" || !strings.Contains(recs[1][3], "校验位") {
		t.Errorf("first report line %q", recs[1])
	}

	// Dry run: the same report, nothing written, no error.
	rep2, err := ImportHouseholds(context.Background(), s, path, ImportOptions{DryRun: true})
	if err != nil || rep2.Invalid != 3 || rep2.Summary() != "6 rows: 3 valid, 3 invalid" {
		t.Errorf("dry run: %v %s", err, rep2.Summary())
	}
	var text strings.Builder
	rep2.WriteText(&text)
	if !strings.HasPrefix(text.String(), "6 rows: 3 valid, 3 invalid\n第 3 行") {
		t.Errorf("text report:\n%s", text.String())
	}

	// Import the valid rows.
	rep3 := mustImport(t, s, path, ImportOptions{SkipInvalid: true})
	if !rep3.Applied || rep3.ResidentsCreated != 3 || rep3.Invalid != 3 {
		t.Errorf("skip invalid: %+v", rep3)
	}
	rs := residentsByID(t, s)
	if _, ok := rs[idLi]; ok || len(rs) != 3 {
		t.Errorf("stored %d residents; 李娜 (invalid) must not be one", len(rs))
	}
}

func TestImportDryRunChangesNothing(t *testing.T) {
	s := newStore(t)
	path := xlsxFile(t, asAny(cleanRoster()), nil)
	before := counts(t, s)
	rep, err := ImportHouseholds(context.Background(), s, path, ImportOptions{DryRun: true})
	if err != nil || rep.Valid != 5 || rep.Applied || rep.ResidentsCreated != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	if after := counts(t, s); after != before {
		t.Errorf("dry run changed counts %v → %v", before, after)
	}
}

// TestImportTwice: the second import of the same file changes nothing.
func TestImportTwice(t *testing.T) {
	for _, withNumbers := range []bool{true, false} {
		t.Run(fmt.Sprint("numbers=", withNumbers), func(t *testing.T) {
			rows := cleanRoster()
			if !withNumbers {
				for _, r := range rows[1:] {
					r[0] = "" // grouped by address and head
				}
			}
			path := xlsxFile(t, asAny(rows), nil)
			s := newStore(t)
			first := mustImport(t, s, path, ImportOptions{})
			if first.HouseholdsCreated != 2 || first.ResidentsCreated != 5 {
				t.Fatalf("first import %+v", first)
			}
			snap := residentsByID(t, s)
			c1 := counts(t, s)
			second := mustImport(t, s, path, ImportOptions{})
			if second.HouseholdsCreated+second.HouseholdsUpdated+second.ResidentsCreated+second.ResidentsUpdated != 0 || second.ResidentsUnchanged != 5 {
				t.Errorf("second import %+v", second)
			}
			if c2 := counts(t, s); c2 != c1 {
				t.Errorf("counts (households, residents, tags, audit) %v → %v", c1, c2)
			}
			for id, r := range residentsByID(t, s) {
				if !r.UpdatedAt.Equal(snap[id].UpdatedAt) || r.HouseholdID != snap[id].HouseholdID {
					t.Errorf("%s touched", r.Name)
				}
			}
			if !withNumbers {
				var nums []string
				datatest.DB(t, s).Model(&data.Household{}).Order("number").Pluck("number", &nums)
				if len(nums) != 2 || nums[0] != "2026000001" || nums[1] != "2026000002" {
					t.Errorf("generated numbers %v", nums)
				}
			}
		})
	}
}

// TestImportUpdates: a corrected file updates what changed, keeps what the
// file leaves empty, and replaces the head.
func TestImportUpdates(t *testing.T) {
	s := newStore(t)
	mustImport(t, s, xlsxFile(t, asAny(cleanRoster()), nil), ImportOptions{})
	rows := cleanRoster()
	rows[2][12] = "13700000000" // 李娜's new phone
	rows[3][12] = ""            // 张小明: still no phone
	rows[1][5] = ""             // housing empty: keep 自有
	rows[2][11] = "户主"          // 李娜 becomes head …
	rows[1][11] = "配偶"          // … and 张伟 her spouse
	rep := mustImport(t, s, xlsxFile(t, asAny(rows), nil), ImportOptions{})
	if rep.ResidentsUpdated != 2 || rep.ResidentsUnchanged != 3 || rep.HouseholdsUpdated != 0 {
		t.Errorf("report %+v", rep)
	}
	rs := residentsByID(t, s)
	if rs[idLi].Phone != "13700000000" || rs[idLi].Relation != data.RelationHead || rs[idZhang].Relation != "配偶" {
		t.Errorf("李娜 %+v / 张伟 %+v", rs[idLi], rs[idZhang])
	}
	h, _ := s.HouseholdByNumber(context.Background(), "H001")
	if h.HeadID == nil || *h.HeadID != rs[idLi].ID || h.Housing != "自有" {
		t.Errorf("household %+v", h)
	}
}

// TestImportPersonElsewhere: an ID number active in another household is
// refused with that household named.
func TestImportPersonElsewhere(t *testing.T) {
	s := newStore(t)
	mustImport(t, s, xlsxFile(t, asAny(cleanRoster()), nil), ImportOptions{})
	rows := [][]string{rosterHeader,
		{"H009", "幸福社区", "", "和平里1号", "户籍在此居住", "", "李娜", idLi, "", "", "", "户主", "", "", ""},
		{"H009", "幸福社区", "", "和平里1号", "户籍在此居住", "", "李娜", idLi, "", "", "", "户主", "", "", ""},
	}
	rep, err := ImportHouseholds(context.Background(), s, csvFile(t, rows, "utf8"), ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Invalid != 2 || len(rep.Problems) < 2 {
		t.Fatalf("report %+v", rep)
	}
	if !strings.Contains(rep.Problems[0].Reason, "H001") {
		t.Errorf("reason %q should name household H001", rep.Problems[0].Reason)
	}
	if !strings.Contains(rep.Problems[len(rep.Problems)-1].Reason, "第 2 行") {
		t.Errorf("duplicate in the file: %+v", rep.Problems)
	}
}

// TestImportConflictingHouseholdRows: rows of one household that disagree.
func TestImportConflictingHouseholdRows(t *testing.T) {
	rows := cleanRoster()
	rows[3][1] = "和平社区"
	rep, _ := ImportHouseholds(context.Background(), newStore(t), csvFile(t, rows, "utf8"), ImportOptions{DryRun: true})
	if rep.Invalid != 1 || rep.Problems[0].Row != 4 || rep.Problems[0].Column != "社区" || !strings.Contains(rep.Problems[0].Reason, "第 2 行") {
		t.Errorf("%+v", rep.Problems)
	}
}

// TestImportCancel: a cancelled import leaves the database as it was,
// even when it is cancelled after batches were written.
func TestImportCancel(t *testing.T) {
	const round = 50
	rows := [][]string{rosterHeader}
	for i := 0; i < 6*round; i++ {
		first17 := fmt.Sprintf("110101198001%02d%03d", 1+i%28, i)
		rows = append(rows, []string{fmt.Sprintf("H%04d", i), "幸福社区", "", fmt.Sprintf("幸福小区%d号", i), "户籍在此居住", "", "张三", idNum(first17), "", "", "", "户主", "", "", ""})
	}
	path := csvFile(t, rows, "utf8")
	s := newStore(t)
	before := counts(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := false
	_, err := ImportHouseholds(ctx, s, path, ImportOptions{round: round, Progress: func(done, total int) {
		// Cancel once rounds have been written (the progress passed
		// the checking quarter and two rounds).
		if total > 0 && done >= total/4+2*round*3/4 && !cancelled {
			cancelled = true
			cancel()
		}
	}})
	if !cancelled {
		t.Fatal("progress never reached the writing phase")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if after := counts(t, s); after != before {
		t.Errorf("counts %v → %v after cancel", before, after)
	}
}

// TestImportGroupsByAddressAndHead: without household numbers, rows group
// by address and head; two households at one address stay two.
func TestImportGroupsByAddressAndHead(t *testing.T) {
	rows := [][]string{
		{"社区", "地址", "居住类型", "姓名", "身份证号", "与户主关系"},
		{"幸福社区", "集体宿舍1号", "外来常住", "张伟", idZhang, "户主"},
		{"幸福社区", "集体宿舍1号", "外来常住", "李娜", idLi, "配偶"},
		{"幸福社区", "集体宿舍1号", "外来常住", "王芳", idWang, "户主"},
		{"幸福社区", "集体宿舍1号", "外来常住", "王五", idWangW, "子"},
	}
	s := newStore(t)
	rep := mustImport(t, s, csvFile(t, rows, "gb18030"), ImportOptions{})
	if rep.HouseholdsCreated != 2 {
		t.Fatalf("%+v", rep)
	}
	rs := residentsByID(t, s)
	if rs[idZhang].HouseholdID != rs[idLi].HouseholdID || rs[idWang].HouseholdID != rs[idWangW].HouseholdID || rs[idZhang].HouseholdID == rs[idWang].HouseholdID {
		t.Errorf("grouping wrong: %d %d %d %d", rs[idZhang].HouseholdID, rs[idLi].HouseholdID, rs[idWang].HouseholdID, rs[idWangW].HouseholdID)
	}
}

func TestImportProgress(t *testing.T) {
	var calls [][2]int
	mustImport(t, newStore(t), xlsxFile(t, asAny(cleanRoster()), nil), ImportOptions{Progress: func(d, n int) {
		calls = append(calls, [2]int{d, n})
	}})
	last := calls[len(calls)-1]
	if last != [2]int{5, 5} {
		t.Errorf("last progress %v, want [5 5]; all %v", last, calls)
	}
	prev := 0
	for _, c := range calls {
		if c[1] > 0 {
			if c[0] < prev {
				t.Errorf("progress went back: %v", calls)
			}
			prev = c[0]
		}
	}
}

// TestImportTextSurvives: values with quotes, SQL look-alikes and
// characters outside the BMP are stored exactly (the bulk insert writes
// text as SQL literals); a NUL byte is dropped (cleanCell), on SQLite as on
// PostgreSQL, which cannot store it.
func TestImportTextSurvives(t *testing.T) {
	notes := []string{
		`O'Neil's "note"`,
		`'); DROP TABLE residents; --`,
		"a\x00b",
		"''''",
	}
	rows := [][]string{{"户编号", "社区", "地址", "居住类型", "姓名", "身份证号", "备注"}}
	ids := []string{idZhang, idLi, idWang, idWangW}
	for i, n := range notes {
		rows = append(rows, []string{"H1", "幸福社区", "幸福小区1号", "户籍在此居住", "𠮷野" + fmt.Sprint(i), ids[i], n})
	}
	s := newStore(t)
	// CSV: XML (XLSX) cannot carry a NUL byte.
	mustImport(t, s, csvFile(t, rows, "utf8"), ImportOptions{})
	rs := residentsByID(t, s)
	for i, id := range ids {
		if r := rs[id]; r.Notes != cleanCell(notes[i]) || r.Name != "𠮷野"+fmt.Sprint(i) {
			t.Errorf("stored %q %q, want %q", r.Name, r.Notes, notes[i])
		}
	}
}

// indexList is the schema's index definitions.
func indexList(t testing.TB, s *data.Store) []string {
	t.Helper()
	var sqls []string
	q := "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name"
	if datatest.OnServer() {
		q = "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"
	}
	if err := datatest.DB(t, s).Raw(q).Scan(&sqls).Error; err != nil {
		t.Fatal(err)
	}
	return sqls
}

// bigRoster is n one-person households.
func bigRoster(n int) [][]string {
	rows := [][]string{rosterHeader}
	for i := 0; i < n; i++ {
		first17 := fmt.Sprintf("110101198001%02d%03d", 1+i%28, i%1000)
		if i >= 1000 {
			first17 = fmt.Sprintf("110102198002%02d%03d", 1+i%28, i%1000)
		}
		rows = append(rows, []string{fmt.Sprintf("H%04d", i), "幸福社区", "", fmt.Sprintf("幸福小区%d号", i), "户籍在此居住", "", "张三", idNum(first17), "", "", "", "户主", "", "低保", ""})
	}
	return rows
}

// TestImportBulkPath: a large import drops the secondary indexes and builds
// them again — the schema ends exactly as it was, search works; a
// cancelled one gets them back with the rollback.
func TestImportBulkPath(t *testing.T) {
	path := csvFile(t, bigRoster(300), "utf8")
	s := newStore(t)
	before := indexList(t, s)

	ctx, cancel := context.WithCancel(context.Background())
	_, err := ImportHouseholds(ctx, s, path, ImportOptions{bulk: 100, round: 50, Progress: func(done, total int) {
		if total > 0 && done > total/2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if got := indexList(t, s); !slices.Equal(got, before) {
		t.Errorf("indexes after a cancelled bulk import:\n%q\nwant\n%q", got, before)
	}

	var phases []string
	rep := mustImport(t, s, path, ImportOptions{bulk: 100, round: 50, trace: func(p string) { phases = append(phases, p) }})
	if rep.ResidentsCreated != 300 {
		t.Fatalf("%+v", rep)
	}
	// On the office server the indexes stay (import_indexes.go drops them
	// on SQLite only), and the index list must still end as it began.
	if !datatest.OnServer() && !slices.ContainsFunc(phases, func(p string) bool { return strings.HasPrefix(p, "index ") }) {
		t.Errorf("phases %v: the bulk path did not rebuild indexes", phases)
	}
	if got := indexList(t, s); !slices.Equal(got, before) {
		t.Errorf("indexes after a bulk import:\n%q\nwant\n%q", got, before)
	}
	page, err := s.SearchResidents(context.Background(), data.ResidentFilter{Tag: data.TagSubsistence, Limit: 500})
	if err != nil || len(page.Rows) != 300 {
		t.Errorf("search by tag after bulk import: %v, %d rows", err, len(page.Rows))
	}
	hp, err := s.SearchHouseholds(context.Background(), data.HouseholdFilter{Query: "小区299"})
	if err != nil || len(hp.Rows) != 1 {
		t.Errorf("address search after bulk import: %v %+v", err, hp.Rows)
	}
	var heads int64
	datatest.DB(t, s).Model(&data.Household{}).Where("head_id IS NOT NULL").Count(&heads)
	if heads != 300 {
		t.Errorf("%d households with a head, want 300", heads)
	}
}

// TestImportForecast: a dry run says what the import would create, change
// and leave as it is, on an empty register and after a first import.
func TestImportForecast(t *testing.T) {
	s := newStore(t)
	dry := func(rows [][]string) Forecast {
		t.Helper()
		rep, err := ImportHouseholds(context.Background(), s, xlsxFile(t, asAny(rows), nil), ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		return rep.Forecast
	}
	if got, want := dry(cleanRoster()), (Forecast{HouseholdsNew: 2, ResidentsNew: 5}); got != want {
		t.Errorf("empty register: %+v, want %+v", got, want)
	}
	mustImport(t, s, xlsxFile(t, asAny(cleanRoster()), nil), ImportOptions{})
	if got, want := dry(cleanRoster()), (Forecast{HouseholdsUnchanged: 2, ResidentsUnchanged: 5}); got != want {
		t.Errorf("same file again: %+v, want %+v", got, want)
	}
	rows := cleanRoster()
	rows[2][12] = "13700000000" // 李娜's new phone
	rows[4][5] = "公租房"          // H002's housing
	rows[5][7] = "123"          // 王五: invalid, and with him H002
	got := dry(rows)
	want := Forecast{HouseholdsUnchanged: 1, HouseholdsInvalid: 0, HouseholdsChanged: 1,
		ResidentsChanged: 1, ResidentsUnchanged: 3}
	if got != want {
		t.Errorf("corrected file: %+v, want %+v", got, want)
	}
}

// TestImportScope: a community worker imports into their communities
// only. A row for another community, for a household number stored there
// or for a person registered there is a row problem "不在您的管辖范围内"
// with its row number, and the import stays all-or-nothing; a grid worker
// may not import.
func TestImportScope(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	elsewhere := data.Household{Number: "H009", Community: "和平社区", Grid: "一网格", Address: "和平路9号", ResidenceType: data.ResidenceLocal}
	if err := s.CreateHousehold(ctx, &elsewhere); err != nil {
		t.Fatal(err)
	}
	const idThere = "110101197001010016"
	if _, err := s.AddResident(ctx, &data.Resident{HouseholdID: elsewhere.ID, Name: "赵和平", IDNumber: idThere, Relation: "户主"}, nil); err != nil {
		t.Fatal(err)
	}
	sq := datatest.As(t, s, "sq01", []string{data.RoleCommunity}, []string{"幸福社区"}, nil)

	rows := cleanRoster()
	rows = append(rows,
		[]string{"H003", "和平社区", "一网格", "和平路3号", "户籍在此居住", "", "钱七", "110101199003070011", "", "", "", "户主", "", "", ""},
		[]string{"H009", "幸福社区", "第一网格", "幸福路9号", "户籍在此居住", "", "孙八", "110101199104080016", "", "", "", "户主", "", "", ""},
		[]string{"H010", "幸福社区", "第一网格", "幸福路10号", "户籍在此居住", "", "赵和平", idThere, "", "", "", "户主", "", "", ""},
	)
	path := xlsxFile(t, asAny(rows), nil)
	before := counts(t, s)
	rep, err := ImportHouseholds(ctx, sq, path, ImportOptions{})
	if !errors.Is(err, ErrInvalidRows) {
		t.Fatalf("err = %v, want ErrInvalidRows; problems %+v", err, rep.Problems)
	}
	if after := counts(t, s); after != before || rep.Applied {
		t.Errorf("counts %v → %v, applied %v: an import with a row outside the scope must write nothing", before, after, rep.Applied)
	}
	want := map[int]string{7: "社区", 8: "户编号", 9: "身份证号"}
	for _, p := range rep.Problems {
		col, ok := want[p.Row]
		if !ok || col != p.Column || !strings.Contains(p.Reason, "不在您的管辖范围内") {
			t.Errorf("unexpected problem %+v", p)
		}
		delete(want, p.Row)
	}
	if len(want) > 0 {
		t.Errorf("problems missing for rows %v: %+v", want, rep.Problems)
	}
	if en := data.Render(data.KeyOutOfScope, "en", nil); !strings.Contains(en, "outside your area") && !strings.Contains(en, "Outside your area") {
		t.Errorf("en message %q", en)
	}

	// Skipping the invalid rows imports the community's own.
	rep, err = ImportHouseholds(ctx, sq, path, ImportOptions{SkipInvalid: true})
	if err != nil || rep.HouseholdsCreated != 2 || rep.ResidentsCreated != 5 {
		t.Errorf("skipping: %+v (%v)", rep, err)
	}
	if h, err := s.HouseholdByNumber(ctx, "H009"); err != nil || h.Community != "和平社区" || h.Address != "和平路9号" {
		t.Errorf("another community's household changed: %+v (%v)", h, err)
	}

	wg := datatest.As(t, s, "wg0101", []string{data.RoleGrid}, nil, []string{"幸福社区/第一网格"})
	if _, err := ImportHouseholds(ctx, wg, path, ImportOptions{DryRun: true}); !errors.Is(err, data.ErrPermission) {
		t.Errorf("grid worker imports: %v", err)
	}
}
