package sheet

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"jiedao/data"
)

// headerSearchRows is how far down a roster the header row is looked for:
// rosters often start with a title ("XX社区居民花名册"), a date line or a
// two-level header.
const headerSearchRows = 20

// record is one data row of a roster, reduced to the fields this package
// knows. The values are cleaned (cleanCell) and packed into one string: a
// 300,000-row roster is held in memory between reading and writing (rows
// of a household need not be adjacent, and nothing is written before every
// row has been checked), and one allocation per row instead of one per
// cell keeps that to about a hundred megabytes.
type record struct {
	row     int32           // the row number the spreadsheet shows
	numeric uint32          // bit f: the cell of field f was a number
	end     [nFields]uint32 // field f is buf[end[f-1]:end[f]]
	buf     string
}

func (r *record) get(f field) string {
	start := uint32(0)
	if f > 0 {
		start = r.end[f-1]
	}
	return r.buf[start:r.end[f]]
}

func (r *record) isNumeric(f field) bool { return r.numeric&(1<<f) != 0 }

func (r *record) isEmpty() bool { return len(r.buf) == 0 }

// pack builds a record from field values.
func pack(row int, vals *[nFields]string, numeric uint32) record {
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	var b strings.Builder
	b.Grow(n)
	rec := record{row: int32(row), numeric: numeric}
	for f, v := range vals {
		b.WriteString(v)
		rec.end[f] = uint32(b.Len())
	}
	rec.buf = b.String()
	return rec
}

// set replaces one field's value (used to fill merged cells).
func (r *record) set(f field, v string, numeric bool) {
	var vals [nFields]string
	for g := field(0); g < nFields; g++ {
		vals[g] = r.get(g)
	}
	vals[f] = v
	bits := r.numeric &^ (1 << f)
	if numeric {
		bits |= 1 << f
	}
	*r = pack(int(r.row), &vals, bits)
}

// table is a roster as read from a file.
type table struct {
	name      string          // the file's base name
	format    string          // "XLSX", "CSV (UTF-8)", "CSV (GB18030)"…
	sheet     string          // the worksheet read (XLSX)
	headerRow int             // the row number of the header
	col       [nFields]int    // the column of each field, -1 when absent
	header    [nFields]string // the header text as the file spells it
	ignored   []string        // header cells that name no known field
	date1904  bool
	records   []record
}

// has reports whether the roster has a column for f.
func (t *table) has(f field) bool { return t.col[f] >= 0 }

// columnName is how a report names field f's column: as the file's header
// spells it, or the template's header when the file has no such column.
func (t *table) columnName(f field) string {
	if t.header[f] != "" {
		return t.header[f]
	}
	return columns[f].header
}

// readTable reads a roster: XLSX by its content (a zip), anything else as
// CSV. progress, when not nil, is called with the number of rows read so
// far every few thousand rows.
func readTable(ctx context.Context, name string, progress func(rows int)) (*table, error) {
	t := &table{name: filepath.Base(name)}
	var src rowSource
	isZip, err := looksLikeZip(name)
	if err != nil {
		return nil, err
	}
	if isZip {
		book, err := openXLSX(name)
		if err != nil {
			return nil, readError(name, err)
		}
		defer book.close()
		t.format = "XLSX"
		src, err = t.findSheet(book)
		if err != nil {
			return nil, err
		}
	} else {
		c, err := openCSV(name)
		if err != nil {
			return nil, readError(name, err)
		}
		t.format = "CSV (" + c.encoding + ")"
		src = c
		if err := t.findHeader(src); err != nil {
			c.close()
			return nil, err
		}
	}
	defer src.close()
	if err := t.readRecords(ctx, src, progress); err != nil {
		return nil, err
	}
	return t, nil
}

// looksLikeZip reports whether the file starts like a zip archive (an
// XLSX), whatever its name says: clerks rename files.
func looksLikeZip(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, readError(name, err)
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if n >= 2 && head[0] == 0xD0 && head[1] == 0xCF {
		// An OLE2 file: the old .xls format, or an encrypted .xlsx.
		return false, &data.Error{Key: data.KeySheetOldXLS, Args: map[string]any{"File": filepath.Base(name)}}
	}
	return n == 4 && string(head) == "PK\x03\x04", nil
}

// findSheet picks the first visible worksheet that has a roster header,
// and leaves its row source positioned after the header.
func (t *table) findSheet(book *xlsxBook) (rowSource, error) {
	for _, hidden := range []bool{false, true} {
		for _, s := range book.sheets {
			if s.hidden != hidden {
				continue
			}
			src, err := book.rows(s)
			if err != nil {
				return nil, readError(t.name, err)
			}
			err = t.findHeader(src)
			if err == nil {
				t.sheet = s.name
				return src, nil
			}
			src.close()
			if !errors.Is(err, errNoHeader) {
				return nil, err
			}
		}
	}
	return nil, t.noHeader()
}

func (t *table) noHeader() error {
	return noHeader(t.name, "姓名", "“身份证号”“户编号”“地址”")
}

// findHeader reads rows until one names the name column and at least one
// other known column.
func (t *table) findHeader(src rowSource) error {
	for {
		row, cells, err := src.next()
		if err == io.EOF || err == nil && row > headerSearchRows {
			return t.noHeader()
		}
		if err != nil {
			return readError(t.name, err)
		}
		var col [nFields]int
		for f := range col {
			col[f] = -1
		}
		found := 0
		var ignored []string
		var header [nFields]string
		for c, cl := range cells {
			text := cleanCell(cl.value)
			if text == "" {
				continue
			}
			f, ok := lookupHeader(text)
			if !ok {
				ignored = append(ignored, text)
				continue
			}
			if col[f] >= 0 {
				// A second column for the same field (电话 and 手机):
				// the first one is read.
				ignored = append(ignored, text)
				continue
			}
			col[f], header[f] = c, text
			found++
		}
		if col[fName] >= 0 && found >= 2 {
			t.headerRow, t.col, t.header, t.ignored = row, col, header, ignored
			t.date1904 = src.date1904()
			wanted := make([]bool, 0, 32)
			for _, c := range col {
				if c < 0 {
					continue
				}
				for len(wanted) <= c {
					wanted = append(wanted, false)
				}
				wanted[c] = true
			}
			src.want(wanted)
			return nil
		}
	}
}

// readRecords reads the data rows after the header, drops the empty ones
// and expands merged cells.
func (t *table) readRecords(ctx context.Context, src rowSource, progress func(int)) error {
	var vals [nFields]string
	// Records are collected in chunks and joined once at the end: growing
	// one slice to 300,000 records would copy (and make the collector
	// scan) tens of megabytes again and again.
	const chunkSize = 8192
	var chunks [][]record
	cur := make([]record, 0, chunkSize)
	count := 0
	// Rows are parsed ahead in another goroutine while this one cleans
	// and packs them.
	pf := newPrefetchRows(src)
	defer pf.stop()
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil && n > 0 {
				progress(count)
			}
		}
		row, cells, err := pf.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return readError(t.name, err)
		}
		var numeric uint32
		empty := true
		for f := field(0); f < nFields; f++ {
			vals[f] = ""
			c := t.col[f]
			if c < 0 || c >= len(cells) {
				continue
			}
			v := cleanCell(cells[c].value)
			if v == "" {
				continue
			}
			empty = false
			switch cells[c].kind {
			case cellNumber:
				numeric |= 1 << f
			case cellDate:
				numeric |= 1 << f
				if f != fBirth {
					// A date typed into a text column: keep it
					// readable, not as a serial.
					if d, ok := parseDate(v, true, t.date1904); ok {
						v = d.String()
						numeric &^= 1 << f
					}
				}
			}
			vals[f] = v
		}
		if empty || vals[fNotes] == exampleMarker {
			continue // the template's example row
		}
		if len(cur) == chunkSize {
			chunks = append(chunks, cur)
			cur = make([]record, 0, chunkSize)
		}
		cur = append(cur, pack(row, &vals, numeric))
		count++
	}
	chunks = append(chunks, cur)
	t.records = make([]record, 0, count)
	for _, c := range chunks {
		t.records = append(t.records, c...)
	}
	if progress != nil {
		progress(len(t.records))
	}
	t.expandMerges(src.merges())
	return nil
}

// expandMerges gives every cell of a merged range the value of its
// top-left cell, which is where the spreadsheet keeps it: a household's
// number and address merged down over its members' rows belong to each of
// them. Rows that were empty in the file stay dropped, and a range whose
// top-left cell is in a column we do not read has nothing to give.
func (t *table) expandMerges(ranges []cellRange) {
	if len(ranges) == 0 || len(t.records) == 0 {
		return
	}
	fieldOf := map[int]field{}
	for f := field(0); f < nFields; f++ {
		if c := t.col[f]; c >= 0 {
			fieldOf[c] = f
		}
	}
	find := func(row int) int {
		i := sort.Search(len(t.records), func(i int) bool { return int(t.records[i].row) >= row })
		if i < len(t.records) && int(t.records[i].row) == row {
			return i
		}
		return -1
	}
	for _, m := range ranges {
		if m.r2 <= t.headerRow {
			continue
		}
		src, ok := fieldOf[m.c1]
		if !ok {
			continue
		}
		top := find(m.r1)
		if top < 0 {
			continue
		}
		val, num := t.records[top].get(src), t.records[top].isNumeric(src)
		if val == "" {
			continue
		}
		for c := m.c1; c <= m.c2; c++ {
			f, ok := fieldOf[c]
			if !ok {
				continue
			}
			// Records are sorted by row: walk from the top row down.
			for i := top; i < len(t.records) && int(t.records[i].row) <= m.r2; i++ {
				if t.records[i].get(f) == "" {
					t.records[i].set(f, val, num)
				}
			}
		}
	}
}
