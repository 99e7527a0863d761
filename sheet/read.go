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
//
// The fields' ends are 16-bit: no cell is longer than maxCellBytes, and
// nFields of them fit in 64 KB (cellCap). That makes a record 80 bytes
// instead of 136, 56 MB less for a 1,000,000-row roster.
type record struct {
	row     int32           // the row number the spreadsheet shows
	numeric uint32          // bit f: the cell of field f was a number
	end     [nFields]uint16 // field f is buf[end[f-1]:end[f]]
	buf     string
}

func (r *record) get(f field) string {
	start := uint16(0)
	if f > 0 {
		start = r.end[f-1]
	}
	return r.buf[start:r.end[f]]
}

func (r *record) isNumeric(f field) bool { return r.numeric&(1<<f) != 0 }

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
		rec.end[f] = uint16(b.Len())
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
	flaws     readFlaws // cells too long or not UTF-8, by row
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
	f, err := openSheet(name, t.findHeader, t.noHeader)
	if err != nil {
		return nil, err
	}
	defer f.close()
	t.format, t.sheet = f.format, f.sheet
	if err := t.readRecords(ctx, f.src, progress); err != nil {
		return nil, err
	}
	return t, nil
}

// sheetFile is a spreadsheet file opened for reading the rows after its
// header.
type sheetFile struct {
	format string    // "XLSX", "CSV (UTF-8)", "CSV (GB18030)"…
	sheet  string    // the worksheet read (XLSX)
	src    rowSource // positioned after the header
	book   *xlsxBook // nil for CSV
}

func (f *sheetFile) close() {
	f.src.close()
	if f.book != nil {
		f.book.close()
	}
}

// openSheet opens a file, XLSX by its content and anything else as CSV,
// and reads down to the header findHeader accepts: in a workbook on the
// first visible worksheet that has one (then the hidden ones); noHeader is
// the error when none has.
// readRecords reads f's rows after the header into records: record makes
// one of a row's cells, false for a row that is not data (empty, the
// template's example). It stops at maxRows and when ctx is done.
func readRecords[R any](ctx context.Context, f *sheetFile, name string, record func(int, []cell) (R, bool)) ([]R, error) {
	var out []R
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		row, cells, err := f.src.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, readError(name, err)
		}
		if rec, ok := record(row, cells); ok {
			if len(out) == maxRows {
				return nil, readError(name, tooManyRows())
			}
			out = append(out, rec)
		}
	}
}

func openSheet(name string, findHeader func(rowSource) error, noHeader func() error) (*sheetFile, error) {
	isZip, err := looksLikeZip(name)
	if err != nil {
		return nil, err
	}
	if !isZip {
		c, err := openCSV(name)
		if err != nil {
			return nil, readError(name, err)
		}
		if err := findHeader(c); err != nil {
			c.close()
			return nil, err
		}
		return &sheetFile{format: "CSV (" + c.encoding + ")", src: c}, nil
	}
	book, err := openXLSX(name)
	if err != nil {
		return nil, readError(name, err)
	}
	sheet, src, err := findSheet(book, filepath.Base(name), findHeader, noHeader)
	if err != nil {
		book.close()
		return nil, err
	}
	return &sheetFile{format: "XLSX", sheet: sheet, src: src, book: book}, nil
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

// findSheet picks the first visible worksheet that has a header (see
// openSheet), and leaves its row source positioned after the header.
func findSheet(book *xlsxBook, name string, findHeader func(rowSource) error, noHeader func() error) (string, rowSource, error) {
	for _, hidden := range []bool{false, true} {
		for _, s := range book.sheets {
			if s.hidden != hidden {
				continue
			}
			src, err := book.rows(s)
			if err != nil {
				return "", nil, readError(name, err)
			}
			err = findHeader(src)
			if err == nil {
				return s.name, src, nil
			}
			src.close()
			if !errors.Is(err, errNoHeader) {
				return "", nil, err
			}
		}
	}
	return "", nil, noHeader()
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
		var dup error
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
				// A second column for the same field (姓名 twice, 电话
				// and 手机): reading one would drop the other's data.
				if dup == nil {
					dup = duplicateColumn(t.name, header[f], col[f], text, c)
				}
				continue
			}
			col[f], header[f] = c, text
			found++
		}
		if col[fName] >= 0 && found >= 2 && dup != nil {
			return dup
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
	var recs recordChunks
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
				progress(recs.count)
			}
		}
		row, cells, err := pf.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return readError(t.name, err)
		}
		numeric, empty := t.rowValues(row, cells, &vals)
		if empty || vals[fNotes] == exampleMarker {
			continue // the template's example row
		}
		if recs.count == maxRows {
			return readError(t.name, tooManyRows())
		}
		recs.add(pack(row, &vals, numeric))
	}
	t.records = recs.joined()
	if progress != nil {
		progress(len(t.records))
	}
	t.expandMerges(src.merges())
	return nil
}

// rowValues puts the cleaned cells of a row into vals, by field, and
// returns which were numbers (bit f) and whether all were empty. A date
// typed into a text column is kept readable, not as a serial. A flawed
// cell (too long, not UTF-8) is recorded in t.flaws and left empty.
func (t *table) rowValues(row int, cells []cell, vals *[nFields]string) (numeric uint32, empty bool) {
	empty = true
	for f := field(0); f < nFields; f++ {
		vals[f] = ""
		c := t.col[f]
		if c < 0 || c >= len(cells) {
			continue
		}
		if cells[c].flaw != flawNone {
			t.flaws.add(row, t.columnName(f), cells[c])
			empty = false
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
				if d, ok := parseDate(v, true, t.date1904); ok {
					v = d.String()
					numeric &^= 1 << f
				}
			}
		}
		vals[f] = v
	}
	return numeric, empty
}

// recordChunks collects records in chunks, joined once at the end: growing
// one slice to 300,000 records would copy (and make the collector scan)
// tens of megabytes again and again.
type recordChunks struct {
	full  [][]record
	cur   []record
	count int
}

const recordChunk = 8192

func (c *recordChunks) add(r record) {
	if len(c.cur) == recordChunk {
		c.full = append(c.full, c.cur)
		c.cur = nil
	}
	if c.cur == nil {
		c.cur = make([]record, 0, recordChunk)
	}
	c.cur = append(c.cur, r)
	c.count++
}

// joined returns every record, in order, in one slice.
func (c *recordChunks) joined() []record {
	out := make([]record, 0, c.count)
	for i, ch := range c.full {
		out = append(out, ch...)
		c.full[i] = nil // the collector may have it while the rest is copied
	}
	out = append(out, c.cur...)
	c.cur = nil
	return out
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
