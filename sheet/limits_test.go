package sheet

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
)

// limits are the bounds of limits.go, for a test to lower.
type limits struct {
	part, ratio, floor   int64
	cell, rows, run, csv int
}

// withLimits sets the bounds for the test and puts them back after it;
// the fields left zero keep their values.
func withLimits(t *testing.T, l limits) {
	t.Helper()
	old := limits{maxPartBytes, maxRatio, ratioFloor, maxCellBytes, maxRows, maxTextRun, maxCSVLine}
	t.Cleanup(func() {
		maxPartBytes, maxRatio, ratioFloor = old.part, old.ratio, old.floor
		maxCellBytes, maxRows, maxTextRun, maxCSVLine = old.cell, old.rows, old.run, old.csv
	})
	set := func(dst *int, v int) {
		if v != 0 {
			*dst = v
		}
	}
	set64 := func(dst *int64, v int64) {
		if v != 0 {
			*dst = v
		}
	}
	set64(&maxPartBytes, l.part)
	set64(&maxRatio, l.ratio)
	set64(&ratioFloor, l.floor)
	set(&maxCellBytes, l.cell)
	set(&maxRows, l.rows)
	set(&maxTextRun, l.run)
	set(&maxCSVLine, l.csv)
}

// dryRun imports path as a dry run into a new register.
func dryRun(t *testing.T, path string) (Report, error) {
	t.Helper()
	return ImportHouseholds(context.Background(), newStore(t), path, ImportOptions{DryRun: true})
}

// wantKey fails unless err is a *data.Error with key; it returns it.
func wantKey(t *testing.T, err error, key string) *data.Error {
	t.Helper()
	var de *data.Error
	if !errors.As(err, &de) || de.Key != key {
		t.Fatalf("err = %v, want %s", err, key)
	}
	return de
}

// oneProblem fails unless rep has exactly one problem, at row and column,
// with a reason from key; it returns it.
func oneProblem(t *testing.T, rep Report, row int, column, reasonPart string) Problem {
	t.Helper()
	if len(rep.Problems) != 1 {
		t.Fatalf("problems = %+v, want one", rep.Problems)
	}
	p := rep.Problems[0]
	if p.Row != row || p.Column != column || !strings.Contains(p.Reason, reasonPart) {
		t.Fatalf("problem = %+v, want row %d, column %s, reason with %q", p, row, column, reasonPart)
	}
	return p
}

func TestClipValue(t *testing.T) {
	short := strings.Repeat("街", 64)
	if got := ClipValue(short, "zh"); got != short {
		t.Errorf("64 characters clipped: %q", got)
	}
	long := strings.Repeat("街", 64) + "道通"
	if got, want := ClipValue(long, "zh"), short+"…（共 66 字）"; got != want {
		t.Errorf("zh = %q, want %q", got, want)
	}
	if got, want := ClipValue(long, "en"), short+"… (66 characters)"; got != want {
		t.Errorf("en = %q, want %q", got, want)
	}
}

// TestLongCellCSV: a 10 MB field (issue 13) is a problem of its row, which
// quotes 64 characters of it and its length; the other row is valid.
func TestLongCellCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.csv")
	if err := longFieldCSV(path, 10<<20); err != nil {
		t.Fatal(err)
	}
	rep, err := dryRun(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 5 || rep.Valid != 4 || rep.Invalid != 1 {
		t.Errorf("rows %d, valid %d, invalid %d; want 5, 4, 1", rep.Rows, rep.Valid, rep.Invalid)
	}
	p := oneProblem(t, rep, 2, "姓名", "单元格过长")
	if want := strings.Repeat("A", 64) + "…（共 10485760 字）"; p.Value != want {
		t.Errorf("value = %.100q, want %q", p.Value, want)
	}
	var out strings.Builder
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if out.Len() > 1000 {
		t.Errorf("the dry run printed %d bytes", out.Len())
	}
}

// TestCSVLineTooLong: a line over maxCSVLine refuses the file, naming the
// line.
func TestCSVLineTooLong(t *testing.T) {
	withLimits(t, limits{csv: 64 << 10})
	path := filepath.Join(t.TempDir(), "line.csv")
	if err := longFieldCSV(path, 100<<10); err != nil {
		t.Fatal(err)
	}
	_, err := dryRun(t, path)
	de := wantKey(t, err, data.KeySheetLineTooLong)
	if de.Args["Row"] != 2 {
		t.Errorf("args = %v, want Row 2", de.Args)
	}
}

// TestLongCellXLSX: a shared string over maxCellBytes, kept whole by the
// scanner or dropped past maxTextRun, is its row's problem with its length.
func TestLongCellXLSX(t *testing.T) {
	for _, tt := range []struct {
		name string
		n    int64
	}{{"in the buffer", 100 << 10}, {"past the text run", 3 << 20}} {
		t.Run(tt.name, func(t *testing.T) {
			withLimits(t, limits{run: 1 << 20})
			path := filepath.Join(t.TempDir(), "cell.xlsx")
			if err := hugeCellXLSX(path, tt.n, 0); err != nil {
				t.Fatal(err)
			}
			rep, err := dryRun(t, path)
			if err != nil {
				t.Fatal(err)
			}
			p := oneProblem(t, rep, 2, "姓名", "单元格过长")
			if rep.Invalid != 1 {
				t.Errorf("invalid %d", rep.Invalid)
			}
			if !strings.HasSuffix(p.Value, "…（共 "+strconv.Itoa(int(tt.n))+" 字）") {
				t.Errorf("value = %q", p.Value)
			}
		})
	}
}

// TestBombs: the workbooks of issue 13, small: a part that unpacks to a
// thousand times its size is refused when it is opened, whether the zip's
// directory says so or lies about it; over maxPartBytes likewise.
func TestBombs(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		make func(path string) error
		key  string
	}{
		{"huge cell", func(p string) error { return hugeCellXLSX(p, 4<<20, 0) }, data.KeySheetBomb},
		{"huge cell, lying directory", func(p string) error { return hugeCellXLSX(p, 4<<20, 1000) }, ""},
		{"white space", func(p string) error { return whitespaceXLSX(p, 4<<20, 0) }, data.KeySheetBomb},
		{"white space, lying directory", func(p string) error { return whitespaceXLSX(p, 4<<20, 1000) }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			withLimits(t, limits{floor: 1 << 20})
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".xlsx")
			if err := tt.make(path); err != nil {
				t.Fatal(err)
			}
			_, err := dryRun(t, path)
			var de *data.Error
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *data.Error", err)
			}
			// A lying directory is caught by archive/zip (the part is
			// longer than it says: damaged) or by the count (a bomb).
			if tt.key != "" && de.Key != tt.key || tt.key == "" && de.Key != data.KeySheetBomb && de.Key != data.KeySheetDamaged {
				t.Errorf("key = %s (%v)", de.Key, err)
			}
		})
	}
	t.Run("over the size", func(t *testing.T) {
		withLimits(t, limits{part: 1 << 20})
		path := filepath.Join(dir, "rows.xlsx")
		if err := manyRowsXLSX(path, 20000, false); err != nil {
			t.Fatal(err)
		}
		_, err := dryRun(t, path)
		wantKey(t, err, data.KeySheetTooLarge)
	})
	t.Run("white space without the ratio", func(t *testing.T) {
		// Between tags, white space is dropped as it is read: the row
		// before it imports.
		withLimits(t, limits{ratio: 1 << 40, run: 64 << 10})
		path := filepath.Join(dir, "space.xlsx")
		if err := whitespaceXLSX(path, 4<<20, 0); err != nil {
			t.Fatal(err)
		}
		rep, err := dryRun(t, path)
		if err != nil || rep.Valid != 1 {
			t.Fatalf("err %v, %+v", err, rep)
		}
	})
}

// TestTooManyRows: rows over maxRows refuse the file, XLSX (whether its
// dimension says so first or not) and CSV.
func TestTooManyRows(t *testing.T) {
	withLimits(t, limits{rows: 50})
	dir := t.TempDir()
	for _, dim := range []bool{true, false} {
		path := filepath.Join(dir, "rows.xlsx")
		if err := manyRowsXLSX(path, 51, dim); err != nil {
			t.Fatal(err)
		}
		_, err := dryRun(t, path)
		if de := wantKey(t, err, data.KeySheetTooManyRows); de.Args["Max"] != 50 {
			t.Errorf("args = %v", de.Args)
		}
		if err := manyRowsXLSX(path, 50, dim); err != nil {
			t.Fatal(err)
		}
		if _, err := dryRun(t, path); err != nil {
			t.Errorf("50 rows: %v", err)
		}
	}
	rows := [][]string{{"姓名", "身份证号"}}
	for i := 0; i < 51; i++ {
		rows = append(rows, []string{"张伟", idZhang})
	}
	_, err := dryRun(t, csvFile(t, rows, "utf8"))
	wantKey(t, err, data.KeySheetTooManyRows)
	_, err = ImportOrganizationsReport(context.Background(), newStore(t), csvFile(t, orgRows(51), "utf8"), ImportOptions{DryRun: true})
	wantKey(t, err, data.KeySheetTooManyRows)
}

func orgRows(n int) [][]string {
	rows := [][]string{{"名称", "统一社会信用代码"}}
	for i := 0; i < n; i++ {
		rows = append(rows, []string{"幸福社工" + strconv.Itoa(i), ""})
	}
	return rows
}

// TestDuplicateHeaders: two columns for one field are refused, naming both
// (the second was dropped and its rows reported valid).
func TestDuplicateHeaders(t *testing.T) {
	for _, tt := range []struct {
		header                   []string
		first, fcol, second, col string
	}{
		{[]string{"姓名", "姓名", "身份证号", "身份证号"}, "姓名", "A", "姓名", "B"},
		{[]string{"姓名", "电话", "身份证号", "手机"}, "电话", "B", "手机", "D"},
	} {
		path := csvFile(t, [][]string{tt.header, {"张伟", "李娜", idZhang, idLi}}, "utf8")
		_, err := dryRun(t, path)
		de := wantKey(t, err, data.KeySheetDuplicateColumn)
		a := de.Args
		if a["First"] != tt.first || a["FirstCol"] != tt.fcol || a["Second"] != tt.second || a["SecondCol"] != tt.col {
			t.Errorf("%v: args %v", tt.header, a)
		}
		msg := data.Render(de.Key, "zh", de.Args)
		if !strings.Contains(msg, "“"+tt.first+"”（"+tt.fcol+" 列）") || !strings.Contains(msg, "“"+tt.second+"”（"+tt.col+" 列）") {
			t.Errorf("message %q", msg)
		}
	}
	path := csvFile(t, [][]string{{"名称", "名称", "统一社会信用代码"}, {"甲", "乙", ""}}, "utf8")
	_, err := ImportOrganizationsReport(context.Background(), newStore(t), path, ImportOptions{DryRun: true})
	wantKey(t, err, data.KeySheetDuplicateColumn)
}

// TestInvalidUTF8Row: bytes that are not UTF-8 in one row of a UTF-8 file
// make that row invalid, not the file unreadable.
func TestInvalidUTF8Row(t *testing.T) {
	rows := cleanRoster()
	rows[4][3] = "幸福\xff\xfe小区" // 王芳's address
	path := csvFile(t, rows, "utf8")
	rep, err := dryRun(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "CSV (UTF-8)" || rep.Valid != 4 || rep.Invalid != 1 {
		t.Errorf("format %s, valid %d, invalid %d", rep.Format, rep.Valid, rep.Invalid)
	}
	p := oneProblem(t, rep, 5, "地址", "UTF-8")
	if p.Value != "幸福\uFFFD小区" {
		t.Errorf("value %q", p.Value)
	}
	// A file in GB18030 is still read as GB18030.
	rep, err = dryRun(t, csvFile(t, cleanRoster(), "gb18030"))
	if err != nil || rep.Format != "CSV (GB18030)" || rep.Invalid != 0 {
		t.Errorf("GB18030: %v %+v", err, rep)
	}
}

// TestHeaderOnly: a header and nothing under it is "no data rows".
func TestHeaderOnly(t *testing.T) {
	_, err := dryRun(t, csvFile(t, [][]string{rosterHeader}, "utf8"))
	de := wantKey(t, err, data.KeySheetNoRows)
	if msg := data.Render(de.Key, "zh", de.Args); !strings.HasSuffix(msg, "文件中没有数据行。") {
		t.Errorf("message %q", msg)
	}
	_, err = dryRun(t, xlsxFile(t, asAny([][]string{rosterHeader}), nil))
	wantKey(t, err, data.KeySheetNoRows)
}

// TestPartReaderCounts: what a part unpacks to is counted as it is read,
// whatever the zip's directory said: past the limit, or past the ratio
// once over its floor, reading stops with the limit's error.
func TestPartReaderCounts(t *testing.T) {
	withLimits(t, limits{floor: 1 << 20})
	for _, tt := range []struct {
		packed, limit int64
		key           string
	}{{1000, 1 << 30, data.KeySheetBomb}, {1 << 30, 512 << 10, data.KeySheetTooLarge}, {1 << 30, 1 << 30, ""}} {
		p := &partReader{rc: io.NopCloser(bytes.NewReader(make([]byte, 2<<20))), part: "xl/worksheets/sheet1.xml", packed: tt.packed, limit: tt.limit}
		n, err := io.Copy(io.Discard, p)
		if tt.key == "" {
			if err != nil || n != 2<<20 {
				t.Errorf("%+v: read %d, %v", tt, n, err)
			}
			continue
		}
		var le *limitError
		if !errors.As(err, &le) || le.key != tt.key || n > 1<<20+32<<10 {
			t.Errorf("%+v: read %d, %v; want %s within the first MB", tt, n, err, tt.key)
		}
	}
}
