package sheet

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/csv"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The files of issue 13 that once made an import take gigabytes: made here
// at any size, small in the tests and at full size by
//
//	go test ./sheet -run TestWriteImportInputs -inputs DIR -timeout 30m
//
// which build/import-limits.sh runs before measuring each import's peak
// memory (docs/BENCHMARKS.md, "Import limits and peak memory").
var inputsDir = flag.String("inputs", "", "TestWriteImportInputs: write the full-size inputs of issue 13 to this folder")

// bombPart is a part of a hand-made workbook: its name and what writes
// its content.
type bombPart struct {
	name  string
	write func(w io.Writer) error
	// lie, when not zero, is the unpacked size the zip's directory claims.
	lie uint64
}

// bombWorkbook writes a minimal workbook of one sheet whose XML sheet
// writes, with shared strings sst (none when nil).
func bombWorkbook(path string, sheet func(w io.Writer) error, sst func(w io.Writer) error, lie uint64) error {
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	wbRels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if sst != nil {
		wbRels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	wbRels += `</Relationships>`
	wb := `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	parts := []bombPart{
		{name: "_rels/.rels", write: text(rels)},
		{name: "xl/workbook.xml", write: text(wb)},
		{name: "xl/_rels/workbook.xml.rels", write: text(wbRels)},
		{name: "xl/worksheets/sheet1.xml", write: sheet, lie: lie},
	}
	if sst != nil {
		parts = append(parts, bombPart{name: "xl/sharedStrings.xml", write: sst, lie: lie})
	}
	return writeZip(path, parts)
}

// writeZip writes parts deflated; a part with lie set is written raw with
// that unpacked size in the zip's directory.
func writeZip(path string, parts []bombPart) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, p := range parts {
		if p.lie != 0 {
			if err := writeLyingPart(zw, p); err != nil {
				return err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := p.write(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// writeLyingPart deflates p into a temporary file and copies it in raw,
// its directory entry claiming p.lie bytes unpacked.
func writeLyingPart(zw *zip.Writer, p bombPart) error {
	tmp, err := os.CreateTemp("", "jiedao-bomb-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	fw, _ := flate.NewWriter(tmp, flate.BestCompression)
	crc := crc32.NewIEEE()
	if err := p.write(io.MultiWriter(fw, crc)); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	size, _ := tmp.Seek(0, io.SeekCurrent)
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(size), UncompressedSize64: p.lie})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, tmp)
	return err
}

const sheetOpen = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`

// headerRow is a roster header of two known columns, inline.
var headerRow = `<row r="1">` + inline("A1", "姓名") + inline("B1", "身份证号") + inline("C1", "户编号") +
	inline("D1", "社区") + inline("E1", "地址") + inline("F1", "居住类型") + `</row>`

// inline is an inline string cell.
func inline(ref, v string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>`
}

// hhCell is the cells of row r from the household number on: one
// household of everyone.
func hhCell(r int) string {
	n := strconv.Itoa(r)
	return inline("C"+n, "H1") + inline("D"+n, "幸福社区") + inline("E"+n, "幸福小区3栋") + inline("F"+n, "户籍在此居住")
}

// repeat writes s n times.
func repeat(w io.Writer, s string, n int64) error {
	chunk := strings.Repeat(s, max(1, int(min(n, int64(1<<20/max(1, len(s)))))))
	per := int64(len(chunk) / len(s))
	for n > 0 {
		k := min(n, per)
		if _, err := io.WriteString(w, chunk[:k*int64(len(s))]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// hugeCellXLSX is a roster with one data row whose name cell is a shared
// string of n characters ("A"): issue 13's 512 MiB cell at n = 512 Mi.
func hugeCellXLSX(path string, n int64, lie uint64) error {
	sheet := func(w io.Writer) error {
		_, err := io.WriteString(w, sheetOpen+`<sheetData>`+headerRow+
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>`+idZhang+`</t></is></c>`+hhCell(2)+`</row></sheetData></worksheet>`)
		return err
	}
	sst := func(w io.Writer) error {
		if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>`); err != nil {
			return err
		}
		if err := repeat(w, "A", n); err != nil {
			return err
		}
		_, err := io.WriteString(w, `</t></si></sst>`)
		return err
	}
	return bombWorkbook(path, sheet, sst, lie)
}

// whitespaceXLSX is a roster of one row followed by n bytes of white
// space inside the sheet data: issue 13's 1 GiB of white space.
func whitespaceXLSX(path string, n int64, lie uint64) error {
	sheet := func(w io.Writer) error {
		if _, err := io.WriteString(w, sheetOpen+`<sheetData>`+headerRow+
			`<row r="2"><c r="A2" t="inlineStr"><is><t>张伟</t></is></c><c r="B2" t="inlineStr"><is><t>`+idZhang+`</t></is></c>`+hhCell(2)+`</row>`); err != nil {
			return err
		}
		if err := repeat(w, " ", n); err != nil {
			return err
		}
		_, err := io.WriteString(w, `</sheetData></worksheet>`)
		return err
	}
	return bombWorkbook(path, sheet, nil, lie)
}

// manyRowsXLSX is a roster of n data rows of a name and an ID number;
// with dimension, the sheet says its extent first, as Excel writes it.
func manyRowsXLSX(path string, n int, dimension bool) error {
	sheet := func(w io.Writer) error {
		head := sheetOpen
		if dimension {
			head += fmt.Sprintf(`<dimension ref="A1:F%d"/>`, n+1)
		}
		if _, err := io.WriteString(w, head+`<sheetData>`+headerRow); err != nil {
			return err
		}
		for i := 2; i <= n+1; i++ {
			// The ID number repeats, which the check reports, but only
			// after the rows are read.
			if _, err := fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>张伟</t></is></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c>%s</row>`, i, i, i, idZhang, hhCell(i)); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sheetData></worksheet>`)
		return err
	}
	return bombWorkbook(path, sheet, nil, 0)
}

// longFieldCSV is cleanRoster (five rows) whose first name is n
// characters.
func longFieldCSV(path string, n int) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	rows := cleanRoster()
	rows[1][6] = strings.Repeat("A", n)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// TestWriteImportInputs writes the full-size inputs of issue 13 to
// -inputs DIR (skipped without it).
func TestWriteImportInputs(t *testing.T) {
	if *inputsDir == "" {
		t.Skip("-inputs DIR not given")
	}
	dir := *inputsDir
	steps := []struct {
		name string
		make func(path string) error
	}{
		{"cell-512MiB.xlsx", func(p string) error { return hugeCellXLSX(p, 512<<20, 0) }},
		{"cell-512MiB-lying.xlsx", func(p string) error { return hugeCellXLSX(p, 512<<20, 4096) }},
		{"whitespace-1GiB.xlsx", func(p string) error { return whitespaceXLSX(p, 1<<30, 0) }},
		{"whitespace-1GiB-lying.xlsx", func(p string) error { return whitespaceXLSX(p, 1<<30, 4096) }},
		{"rows-3M.xlsx", func(p string) error { return manyRowsXLSX(p, 3_000_000, true) }},
		{"rows-3M-nodimension.xlsx", func(p string) error { return manyRowsXLSX(p, 3_000_000, false) }},
		{"field-10MB.csv", func(p string) error { return longFieldCSV(p, 10<<20) }},
		{"roster-300k.xlsx", func(p string) error { return makeRoster(p, benchRows) }},
		{"roster-1M.csv", func(p string) error { return makeRosterCSV(p, 1_000_000) }},
	}
	for _, s := range steps {
		path := filepath.Join(dir, s.name)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := s.make(path + ".tmp"); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if err := os.Rename(path+".tmp", path); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
}
