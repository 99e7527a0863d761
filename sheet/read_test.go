package sheet

import (
	"archive/zip"
	"context"
	"errors"
	"jiedao/data"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCleanCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"张三", "张三"},
		{"  张三  ", "张三"},
		{"\u00a0张三\u3000", "张三"},
		{"\u200b张\u200d三\ufeff", "张三"},
		{"幸福小区\n3栋", "幸福小区 3栋"},
		{"幸福小区 \u3000 3栋", "幸福小区 3栋"},
		{"１１０１０１", "110101"},
		{"ＡＢｃ", "ABc"},
		{"（北区）", "（北区）"}, // punctuation keeps its width
		{"\t\r\n", ""},
		{"plain", "plain"},
		{"a\x00b", "ab"}, // NUL: debris, and PostgreSQL cannot store it
	} {
		if got := cleanCell(c.in); got != c.want {
			t.Errorf("cleanCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in       string
		numeric  bool
		date1904 bool
		want     string
		ok       bool
	}{
		{"32875", true, false, "1990-01-02", true}, // 1900 system serial
		{"31413", true, true, "1990-01-02", true},  // 1904 system serial
		{"32875.75", true, false, "1990-01-02", true},
		{"59", true, false, "1900-02-28", true},
		{"61", true, false, "1900-03-01", true},
		{"60", true, false, "", false}, // Lotus' 1900-02-29
		{"19900102", true, false, "1990-01-02", true},
		{"1990-01-02", false, false, "1990-01-02", true},
		{"1990/1/2", false, false, "1990-01-02", true},
		{"1990.1.2", false, false, "1990-01-02", true},
		{"1990年1月2日", false, false, "1990-01-02", true},
		{"19900102", false, false, "1990-01-02", true},
		{"１９９０年１月２日", false, false, "1990-01-02", true},
		{"'1990-01-02", false, false, "1990-01-02", true},
		{"1990-01-02 00:00:00", false, false, "1990-01-02", true},
		{"1990-01-02T00:00:00Z", false, false, "1990-01-02", true},
		{"1990年1月", false, false, "1990-01", true},
		{"1990.01", false, false, "1990-01", true},
		{"199001", false, false, "1990-01", true},
		{"32875", false, false, "1990-01-02", true}, // a serial pasted as text
		{"1990-02-30", false, false, "", false},
		{"1990--02", false, false, "", false},
		{"不详", false, false, "", false},
		{"1990-13-01", false, false, "", false},
	} {
		d, ok := parseDate(c.in, c.numeric, c.date1904)
		if ok != c.ok || ok && d.String() != c.want {
			t.Errorf("parseDate(%q, %v, %v) = %v %v, want %q %v", c.in, c.numeric, c.date1904, d, ok, c.want, c.ok)
		}
	}
}

func TestLookupHeader(t *testing.T) {
	for _, c := range []struct {
		in   string
		want field
	}{
		{"身份证号", fID}, {"身份证号码", fID}, {"公民身份号码", fID}, {"证件号码", fID},
		{" 身 份 证 号 ", fID}, {"*身份证号", fID}, {"身份证号（18位）", fID},
		{"姓　　名", fName}, {"名字", fName}, {"户号", fNumber}, {"户编号", fNumber},
		{"所属社区", fCommunity}, {"所属网格", fGrid}, {"现住址", fAddress}, {"居住地址", fAddress},
		{"手机", fPhone}, {"电话", fPhone}, {"手机号码", fPhone}, {"出生年月", fBirth},
		{"出生日期(yyyy-mm-dd)", fBirth}, {"关系", fRelation}, {"学历", fEducation},
		{"职业", fEmployer}, {"户籍地", fRegistered}, {"状态", fStatus}, {"标签", fTags},
		{"关怀标签", fTags}, {"楼号", fBuilding}, {"门牌号", fRoom}, {"户别", fKind},
		{"人户状态", fResidenceType}, {"住房", fHousing}, {"备注", fNotes}, {"小区", fEstate}, {"单元", fUnit},
	} {
		got, ok := lookupHeader(c.in)
		if !ok || got != c.want {
			t.Errorf("lookupHeader(%q) = %v %v, want %v", c.in, got, ok, c.want)
		}
	}
	if _, ok := lookupHeader("序号"); ok {
		t.Error("序号 should not be a known column")
	}
}

func TestLostDigits(t *testing.T) {
	for _, c := range []struct {
		in      string
		numeric bool
		want    bool
	}{
		{"1.10101199003078E+17", false, true},
		{"1.10101199003078e+17", true, true},
		{"110101199003078000", true, true},
		{"110101199003078000", false, false}, // text: the checksum decides
		{"110101900307123", true, false},     // 15 digits are exact
		{"11010119900307123X", false, false},
		{"张三", false, false},
		{"E", false, false},
	} {
		if got := lostDigits(c.in, c.numeric); got != c.want {
			t.Errorf("lostDigits(%q, %v) = %v", c.in, c.numeric, got)
		}
	}
}

// TestReadXLSXMessy reads a roster with everything real ones have: a
// title row, headers in another order under other names with padding,
// merged household cells, full-width digits, a lowercase x, an apostrophe,
// invisible blanks, a numeric ID cell and dates as serials and text.
func TestReadXLSXMessy(t *testing.T) {
	rows := [][]any{
		{"幸福社区居民花名册（2026年）"},
		{"序号", " 姓 名 ", "公民身份号码", "户号", "现住址", "出生年月日", "联系电话", "所属社区"},
		{1, "张伟", "１１０１０１１９８００３０７１２３" + idZhang[17:], "H001", "幸福小区3栋2单元301室", 29287.0, "\u00a013812345678\u200b", "幸福社区"},
		{2, "李娜\u3000", "'" + idLi, nil, nil, "1982/5/12", 13912345678, nil},
		{3, "张小明", strings.ToLower(idWithX), nil, nil, "2010年1月1日", nil, nil},
		{nil, nil, nil, nil, nil, nil, nil, nil}, // empty row
		{4, "王芳", 1.10101195001010e17, "H002", "幸福小区5栋", "19500101", nil, "幸福社区"},
	}
	path := xlsxFile(t, rows, func(f *excelize.File) {
		for _, m := range [][2]string{{"A1", "H1"}, {"D3", "D5"}, {"E3", "E5"}, {"H3", "H5"}} {
			if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Sheet1", "F3", "F3", style)
	})
	tab, err := readTable(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tab.headerRow != 2 || tab.format != "XLSX" {
		t.Errorf("header row %d, format %s", tab.headerRow, tab.format)
	}
	if len(tab.ignored) != 1 || tab.ignored[0] != "序号" {
		t.Errorf("ignored = %q", tab.ignored)
	}
	if len(tab.records) != 4 {
		t.Fatalf("%d records, want 4 (the empty row dropped)", len(tab.records))
	}
	r := tab.records
	for i, want := range []int32{3, 4, 5, 7} {
		if r[i].row != want {
			t.Errorf("record %d: row %d, want %d", i, r[i].row, want)
		}
	}
	for _, c := range []struct {
		rec  int
		f    field
		want string
	}{
		{0, fName, "张伟"},
		{0, fID, idZhang}, // full-width digits
		{0, fPhone, "13812345678"},
		{1, fName, "李娜"},
		{1, fID, "'" + idLi}, // the apostrophe goes when the ID is read
		{1, fNumber, "H001"}, // merged
		{2, fNumber, "H001"},
		{2, fAddress, "幸福小区3栋2单元301室"},
		{2, fCommunity, "幸福社区"},
		{1, fPhone, "13912345678"},
		{3, fNumber, "H002"},
	} {
		if got := r[c.rec].get(c.f); got != c.want {
			t.Errorf("record %d %s = %q, want %q", c.rec, columns[c.f].header, got, c.want)
		}
	}
	if !r[1].isNumeric(fPhone) || r[0].isNumeric(fPhone) {
		t.Error("numeric flags of the phone cells are wrong")
	}
	if d, ok := parseDate(r[0].get(fBirth), r[0].isNumeric(fBirth), tab.date1904); !ok || d.String() != "1980-03-07" {
		t.Errorf("serial birth date = %v %v", d, ok)
	}
	if !lostDigits(r[3].get(fID), r[3].isNumeric(fID)) {
		t.Errorf("numeric ID %q not detected as rounded", r[3].get(fID))
	}
}

func TestReadXLSX1904(t *testing.T) {
	rows := [][]any{{"姓名", "身份证号", "出生日期"}, {"张伟", idZhang, 27825.0}}
	path := xlsxFile(t, rows, func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	})
	tab, err := readTable(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !tab.date1904 {
		t.Fatal("date1904 not read")
	}
	rec := tab.records[0]
	d, ok := parseDate(rec.get(fBirth), rec.isNumeric(fBirth), tab.date1904)
	if !ok || d.String() != "1980-03-07" {
		t.Errorf("1904 serial 27825 = %v %v, want 1980-03-07", d, ok)
	}
}

// TestReadXLSXStream reads a file written by excelize's StreamWriter
// (inline strings, as the export and the benchmark roster are).
func TestReadXLSXStream(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"姓名", "身份证号", "备注"})
	sw.SetRow("A2", []any{"A&B <C>", idZhang, "第一行\n第二行"})
	sw.SetRow("A4", []any{"𠮷野", idLi, 42})
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	tab, err := readTable(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.records) != 2 || tab.records[1].row != 4 {
		t.Fatalf("records %+v", tab.records)
	}
	if got := tab.records[0].get(fName); got != "A&B <C>" {
		t.Errorf("escaped name = %q", got)
	}
	if got := tab.records[0].get(fNotes); got != "第一行 第二行" {
		t.Errorf("notes = %q", got)
	}
	if got := tab.records[1].get(fName); got != "𠮷野" {
		t.Errorf("non-BMP name = %q", got)
	}
	if got := tab.records[1].get(fNotes); got != "42" || !tab.records[1].isNumeric(fNotes) {
		t.Errorf("numeric notes = %q", got)
	}
}

func TestReadCSVEncodings(t *testing.T) {
	rows := [][]string{
		{"姓名", "身份证号码", "手机", "出生日期"},
		{" 张伟\u00a0", "'" + idZhang, "13812345678", "1980.3.7"},
		{"李娜", idLi, "", "1982年5月12日"},
	}
	for _, enc := range []string{"utf8", "utf8bom", "gb18030"} {
		t.Run(enc, func(t *testing.T) {
			path := csvFile(t, rows, enc)
			tab, err := readTable(context.Background(), path, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"utf8": "CSV (UTF-8)", "utf8bom": "CSV (UTF-8)", "gb18030": "CSV (GB18030)"}[enc]
			if tab.format != want {
				t.Errorf("format %s, want %s", tab.format, want)
			}
			if len(tab.records) != 2 {
				t.Fatalf("%d records", len(tab.records))
			}
			if got := tab.records[0].get(fName); got != "张伟" {
				t.Errorf("name = %q", got)
			}
			if got := tab.records[1].get(fName); got != "李娜" {
				t.Errorf("name = %q", got)
			}
			if got := tab.records[0].get(fID); got != "'"+idZhang {
				t.Errorf("id = %q", got)
			}
		})
	}
}

// TestReadCSVRowNumbers: row numbers are Excel's, counting blank lines and
// not counting the line breaks inside a quoted cell.
func TestReadCSVRowNumbers(t *testing.T) {
	content := "姓名,身份证号,备注\r\n" +
		"张伟," + idZhang + ",\"两行\r\n备注\"\r\n" +
		"\r\n" +
		"李娜," + idLi + ",\r\n" +
		"王芳,1.10101195001010E+17,\r\n"
	path := filepath.Join(t.TempDir(), "r.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := readTable(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []int32
	for _, r := range tab.records {
		got = append(got, r.row)
	}
	if len(got) != 3 || got[0] != 2 || got[1] != 4 || got[2] != 5 {
		t.Errorf("rows %v, want [2 4 5]", got)
	}
	if !lostDigits(tab.records[2].get(fID), false) {
		t.Error("scientific-notation ID in CSV not detected")
	}
}

func TestReadTabSeparated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.txt")
	os.WriteFile(path, []byte("姓名\t身份证号\n张伟\t"+idZhang+"\n"), 0o644)
	tab, err := readTable(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.records) != 1 || tab.records[0].get(fID) != idZhang {
		t.Errorf("records %+v", tab.records)
	}
}

// TestReadFileProblems: each way a file can fail to be a roster is said
// in the user's terms (a *data.Error with its key and arguments), in
// both languages.
func TestReadFileProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		path   string
		key    string
		args   map[string]any
		zh, en string
	}{
		{"missing", filepath.Join(dir, "花名册.xlsx"), data.KeyFileNotFound, map[string]any{"Path": filepath.Join(dir, "花名册.xlsx")},
			"找不到文件", "does not exist"},
		{"old xls", write("old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}), data.KeySheetOldXLS, map[string]any{"File": "old.xls"},
			"另存为 .xlsx", "Save it in Excel as .xlsx"},
		{"damaged xlsx", write("坏.xlsx", append([]byte("PK\x03\x04"), make([]byte, 64)...)), data.KeySheetDamaged, map[string]any{"File": "坏.xlsx"},
			"可能已损坏", "may be damaged"},
		{"no header", csvFile(t, [][]string{{"a", "b"}, {"1", "2"}}, "utf8"), data.KeySheetNoHeader, map[string]any{"Required": "姓名", "Rows": headerSearchRows},
			"找不到表头", "no header row"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readTable(context.Background(), tc.path, nil)
			var de *data.Error
			if !errors.As(err, &de) || de.Key != tc.key {
				t.Fatalf("err = %v, want key %s", err, tc.key)
			}
			for k, v := range tc.args {
				if de.Args[k] != v {
					t.Errorf("%s = %v, want %v", k, de.Args[k], v)
				}
			}
			if zh := data.Render(de.Key, "zh", de.Args); !strings.Contains(zh, tc.zh) {
				t.Errorf("zh: %q", zh)
			}
			if en := data.Render(de.Key, "en", de.Args); !strings.Contains(en, tc.en) {
				t.Errorf("en: %q", en)
			}
		})
	}
	if _, err := readTable(context.Background(), filepath.Join(dir, "old.xls"), nil); !errors.Is(err, ErrOldXLS) {
		t.Errorf("errors.Is(%v, ErrOldXLS) = false", err)
	}
}

// TestReadHandWrittenXLSX reads a package written by hand the ways other
// programs write them: a namespace prefix, rows and cells without
// references, shared strings with rich-text and phonetic runs, CDATA, a
// formula with its cached text, entities and OOXML escapes, a custom
// Chinese date format, a 1904 workbook, merged cells, relationships with
// absolute targets.
func TestReadHandWrittenXLSX(t *testing.T) {
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<x:workbookPr date1904="1"/><x:sheets><x:sheet name="封面" sheetId="2" r:id="rId9"/><x:sheet name="花名册" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/cover.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/worksheets/cover.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明：本册共 2 人</t></is></c></row></sheetData></worksheet>`,
		"xl/sharedStrings.xml": `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<si><t>姓名</t></si>` +
			`<si><r><t>身份证</t></r><r><rPr><b/></rPr><t>号码</t></r></si>` +
			`<si><t>王芳</t><rPh sb="0" eb="2"><t>ワンファン</t></rPh></si>` +
			`<si><t xml:space="preserve"> 出生日期 </t></si>` +
			`<si><t>A&amp;B_x000D_小区</t></si>` +
			`<si><t>地址</t></si><si><t>备注</t></si></sst>`,
		"xl/styles.xml": `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
			`<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
			`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>5</x:v></x:c><x:c t="s"><x:v>6</x:v></x:c></x:row>` +
			`<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[` + idWang + `]]></x:t></x:is></x:c>` +
			`<x:c s="1"><x:v>16802</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c>` +
			`<x:c t="str"><x:f>"注"&amp;"一"</x:f><x:v>注一 &lt;b&gt;</x:v></x:c></x:row>` +
			`<!-- a comment --><x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t>伟</x:t></x:r></x:is></x:c>` +
			`<x:c r="B4" t="inlineStr"><x:is><x:t>` + idZhang + `</x:t></x:is></x:c><x:c r="C4" s="1"/></x:row>` +
			`</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="D2:D4"/></x:mergeCells></x:worksheet>`,
	}
	path := filepath.Join(t.TempDir(), "hand.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	tab, err := readTable(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tab.sheet != "花名册" || !tab.date1904 || len(tab.records) != 2 {
		t.Fatalf("sheet %q, 1904 %v, %d records", tab.sheet, tab.date1904, len(tab.records))
	}
	r0, r1 := tab.records[0], tab.records[1]
	for _, c := range []struct{ got, want string }{
		{r0.get(fName), "王芳"}, // without the phonetic run
		{r0.get(fID), idWang}, // CDATA
		{r0.get(fAddress), "A&B 小区"},
		{r0.get(fNotes), "注一 <b>"},
		{r1.get(fName), "张伟"}, // rich text runs
		{r1.get(fID), idZhang},
		{r1.get(fAddress), "A&B 小区"}, // merged D2:D4
		{tab.header[fID], "身份证号码"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if r1.row != 4 {
		t.Errorf("second record row %d, want 4", r1.row)
	}
	d, ok := parseDate(r0.get(fBirth), r0.isNumeric(fBirth), tab.date1904)
	if !ok || d.String() != "1950-01-01" {
		t.Errorf("1904 serial with a Chinese date format: %v %v", d, ok)
	}
}
