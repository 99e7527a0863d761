package sheet

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// The readers take any bytes without panicking, and say what is wrong with
// a file as a *data.Error the user can read. The seeds run in every
// `go test`; fuzz longer with
//
//	go test ./sheet -run '^$' -fuzz FuzzReadCSV -fuzztime 60s
//	go test ./sheet -run '^$' -fuzz FuzzReadXLSX -fuzztime 60s

// readAny reads b as a household roster and as an organization register.
func readAny(t *testing.T, b []byte, name string) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tab, err := readTable(ctx, path, nil)
	checkReadError(t, err)
	if err == nil {
		for i := 1; i < len(tab.records); i++ {
			if tab.records[i].row <= tab.records[i-1].row {
				t.Fatalf("rows out of order: %d after %d", tab.records[i].row, tab.records[i-1].row)
			}
		}
		for _, p := range tab.flaws.problems {
			if len([]rune(p.Value)) > clipChars+32 {
				t.Fatalf("a flawed cell quoted whole: %d characters", len([]rune(p.Value)))
			}
		}
	}
	_, err = readOrgTable(ctx, path)
	checkReadError(t, err)
}

func checkReadError(t *testing.T, err error) {
	t.Helper()
	var de *data.Error
	if err != nil && !errors.As(err, &de) {
		t.Fatalf("an error the user cannot read: %T %v", err, err)
	}
}

func FuzzReadCSV(f *testing.F) {
	dir := f.TempDir()
	for _, enc := range []string{"utf8", "utf8bom", "gb18030"} {
		b, err := os.ReadFile(csvFileIn(f, dir, cleanRoster(), enc))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("姓名\t身份证号\t地址\r\n张伟\t" + idZhang + "\t\"幸福\n小区\"\r\n"))
	f.Add([]byte("姓名;身份证号\n\"张\"\"伟\";" + idZhang + "\n李\xff娜;" + idLi + "\n"))
	f.Add([]byte("\xff\xfe" + "\x53\x59\x0d\x54"))
	f.Add([]byte("姓名,姓名,身份证号\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 0 && b[0] == 'P' {
			return // "PK": FuzzReadXLSX's
		}
		readAny(t, b, "roster.csv")
	})
}

func FuzzReadXLSX(f *testing.F) {
	withLimitsF(f)
	dir := f.TempDir()
	rows := asAny(cleanRoster())
	rows[2][6] = 42.5 // a number where a name goes
	seeds := []string{xlsxFileIn(f, dir, "clean.xlsx", rows, func(x *excelize.File) {
		_ = x.MergeCell("Sheet1", "A2", "A4")
	})}
	for _, m := range []struct {
		name string
		make func(string) error
	}{
		{"cell.xlsx", func(p string) error { return hugeCellXLSX(p, 5000, 0) }},
		{"space.xlsx", func(p string) error { return whitespaceXLSX(p, 3000, 0) }},
		{"rows.xlsx", func(p string) error { return manyRowsXLSX(p, 20, true) }},
		{"lie.xlsx", func(p string) error { return whitespaceXLSX(p, 3000, 100) }},
	} {
		path := filepath.Join(dir, m.name)
		if err := m.make(path); err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, path)
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
			return // FuzzReadCSV's
		}
		readAny(t, b, "roster.xlsx")
	})
}

// withLimitsF keeps a fuzzed workbook small: a part may unpack to 16 MB.
func withLimitsF(f *testing.F) {
	old := maxPartBytes
	maxPartBytes = 16 << 20
	f.Cleanup(func() { maxPartBytes = old })
}

// csvFileIn and xlsxFileIn are csvFile and xlsxFile for a fuzz target.
func csvFileIn(f *testing.F, dir string, rows [][]string, enc string) string {
	path := csvFile(f, rows, enc)
	dst := filepath.Join(dir, filepath.Base(path))
	if err := os.Rename(path, dst); err != nil {
		f.Fatal(err)
	}
	return dst
}

func xlsxFileIn(f *testing.F, dir, name string, rows [][]any, extra func(*excelize.File)) string {
	path := xlsxFile(f, rows, extra)
	dst := filepath.Join(dir, name)
	if err := os.Rename(path, dst); err != nil {
		f.Fatal(err)
	}
	return dst
}
