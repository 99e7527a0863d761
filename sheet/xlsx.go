package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// The XLSX reader. excelize writes our files (template, export), but its
// row iterator resolves every cell through the style and number-format
// machinery and takes about four minutes for a 300,000-row roster, and it
// can only give merged ranges by loading the whole worksheet into memory.
// Reading needs much less: the cell's stored value, whether it is a number
// (an ID number stored as a number has lost digits) and whether its format
// is a date (a serial), the workbook's date system, and the merged ranges.
// So this file reads the package directly and streams the worksheet.

// cellKind says what a cell held in the file.
type cellKind uint8

const (
	cellText   cellKind = iota
	cellNumber          // a numeric cell; value is the stored number
	cellDate            // a numeric cell with a date format; value is the serial
)

// cell is one cell as read: its value (a number as stored, text as is) and
// kind.
type cell struct {
	value string
	kind  cellKind
	flaw  cellFlaw
	chars int32 // for flawLong: the cell's length in characters (int32 keeps a cell 24 bytes)
}

// cellRange is a merged range: rows 1-based as the spreadsheet shows them,
// columns 0-based.
type cellRange struct {
	r1, c1, r2, c2 int
}

// rowSource is a spreadsheet read row by row.
type rowSource interface {
	// next returns the next row that has cells: its number as the
	// spreadsheet shows it and its cells by 0-based column (the slice is
	// reused by the following call). It returns io.EOF after the last.
	next() (int, []cell, error)
	// want limits the cells next returns to the columns marked true; the
	// others come back empty. Reading skips the work for them.
	want(cols []bool)
	// merges returns the merged ranges; complete after next gave io.EOF.
	merges() []cellRange
	// date1904 reports whether serial dates count from 1904.
	date1904() bool
	close() error
}

// xlsxBook is an open XLSX package.
type xlsxBook struct {
	zr        *zip.ReadCloser
	files     map[string]*zip.File
	is1904    bool
	sheets    []xlsxSheet
	sstPath   string
	sst       []string     // loaded on first use
	sstFlaw   map[int]cell // the flaw (and length) of shared strings that have one
	sstLoaded bool
	dateStyle []bool // by cell style (xf) index: the number format is a date
}

type xlsxSheet struct {
	name, part string
	hidden     bool
}

var errNotXLSX = errors.New("not an XLSX workbook")

// openXLSX opens the package and reads the small parts: workbook, its
// relationships and the styles. Shared strings are read when a sheet is.
func openXLSX(name string) (*xlsxBook, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotXLSX, err)
	}
	b := &xlsxBook{zr: zr, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		b.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if err := b.readWorkbook(); err != nil {
		zr.Close()
		return nil, err
	}
	return b, nil
}

func (b *xlsxBook) close() error { return b.zr.Close() }

// open opens a part by its path in the package; zip names are
// case-sensitive but some writers disagree with their own relationships
// about case, so fall back to a case-insensitive match.
func (b *xlsxBook) open(part string) (io.ReadCloser, error) {
	f, ok := b.files[part]
	if !ok {
		for n, g := range b.files {
			if strings.EqualFold(n, part) {
				f, ok = g, true
				break
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w: part %s is missing", errNotXLSX, part)
	}
	limit := maxPartBytes
	if !isBigPart(part) {
		limit = smallPartBytes
	}
	size, packed := int64(f.UncompressedSize64), int64(f.CompressedSize64)
	if err := checkPartSize(part, size, packed, limit); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &partReader{rc: rc, part: part, packed: packed, limit: limit}, nil
}

// relationships reads the .rels part of part: Id → target part path, and
// the first target of each relationship type (by the type's last segment).
func (b *xlsxBook) relationships(part string) (byID, byType map[string]string, err error) {
	dir, file := path.Split(part)
	relsPart := dir + "_rels/" + file + ".rels"
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
			Type   string `xml:"Type,attr"`
			Mode   string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if err := b.decode(relsPart, &rels); err != nil {
		return nil, nil, err
	}
	byID, byType = map[string]string{}, map[string]string{}
	for _, r := range rels.Rel {
		if r.Mode == "External" {
			continue
		}
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		byID[r.ID] = t
		kind := r.Type[strings.LastIndexByte(r.Type, '/')+1:]
		if _, seen := byType[kind]; !seen {
			byType[kind] = t
		}
	}
	return byID, byType, nil
}

// decode unmarshals a small part with encoding/xml.
func (b *xlsxBook) decode(part string, v any) error {
	rc, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("%w: %s: %w", errNotXLSX, part, err)
	}
	return nil
}

func (b *xlsxBook) readWorkbook() error {
	_, top, err := b.relationships("")
	if err != nil {
		return err
	}
	wbPart := top["officeDocument"]
	if wbPart == "" {
		wbPart = "xl/workbook.xml"
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decode(wbPart, &wb); err != nil {
		return err
	}
	b.is1904 = wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")
	byID, byType, err := b.relationships(wbPart)
	if err != nil {
		return err
	}
	for _, s := range wb.Sheets {
		var id string
		for _, a := range s.Attrs {
			// r:id, whatever the prefix and namespace (transitional or
			// strict OOXML).
			if a.Name.Local == "id" {
				id = a.Value
			}
		}
		part := byID[id]
		if part == "" {
			continue
		}
		b.sheets = append(b.sheets, xlsxSheet{name: s.Name, part: part, hidden: s.State != "" && s.State != "visible"})
	}
	if len(b.sheets) == 0 {
		return fmt.Errorf("%w: no worksheets", errNotXLSX)
	}
	b.sstPath = byType["sharedStrings"]
	if st := byType["styles"]; st != "" {
		if err := b.readStyles(st); err != nil {
			return err
		}
	}
	return nil
}

// readStyles records which cell formats show a date, so that a number in
// such a cell is read as a serial date.
func (b *xlsxBook) readStyles(part string) error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := b.decode(part, &st); err != nil {
		return err
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	b.dateStyle = make([]bool, len(st.Xfs))
	for i, xf := range st.Xfs {
		if code, ok := custom[xf.NumFmtID]; ok {
			b.dateStyle[i] = isDateFormat(code)
		} else {
			b.dateStyle[i] = isBuiltinDateFormat(xf.NumFmtID)
		}
	}
	return nil
}

// isBuiltinDateFormat reports whether a built-in number format is a date or
// time: 14–22 and 45–47 everywhere, 27–36 and 50–58 in the East Asian
// editions (yyyy"年"m"月"d"日" and friends).
func isBuiltinDateFormat(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// isDateFormat reports whether a custom format code shows a date or time:
// it has a y, m, d, h or s outside quoted text, escapes and [brackets]
// ([Red], [$-804], [DBNum1]).
func isDateFormat(code string) bool {
	// Only the first section matters for positive numbers.
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal
		case c == ';':
			return false
		default:
			switch c | 0x20 {
			case 'y', 'm', 'd', 'h', 's', 'e':
				return !strings.EqualFold(code, "general")
			}
		}
	}
	return false
}

// sharedStrings loads the shared string table. Phonetic runs (rPh, the
// furigana Japanese Excel adds) are not part of the text.
func (b *xlsxBook) sharedStrings() ([]string, error) {
	if b.sstLoaded {
		return b.sst, nil
	}
	b.sstLoaded = true
	if b.sstPath == "" {
		return nil, nil
	}
	rc, err := b.open(b.sstPath)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := newXMLScanner(rc)
	var buf []byte
	inT, phonetic, extra := false, 0, 0
	for sc.next() {
		k := sc.kind()
		if inT && phonetic == 0 {
			buf = sc.appendText(buf)
			if k == tagCDATA {
				buf = append(buf, sc.cdata()...)
			}
			buf, extra = capCell(buf, extra+sc.dropped)
		}
		if k != tagStart && k != tagEnd && k != tagEmpty {
			continue
		}
		switch string(sc.name()) {
		case "si":
			switch k {
			case tagStart:
				buf, extra = buf[:0], 0
			case tagEnd:
				b.addShared(unescapeOOXML(buf), extra)
			case tagEmpty:
				b.sst = append(b.sst, "")
			}
		case "t":
			inT = k == tagStart
		case "rPh":
			if k == tagStart {
				phonetic++
			} else if k == tagEnd {
				phonetic--
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errNotXLSX, b.sstPath, err)
	}
	return b.sst, nil
}

// xlsxRows streams the rows of one worksheet.
type xlsxRows struct {
	book   *xlsxBook
	rc     io.ReadCloser
	sc     *xmlScanner
	sst    []string
	cells  []cell
	wanted []bool
	ranges []cellRange
	row    int
	done   bool
	arena  []byte // the values of the current row's cells, back to back
	spans  []span
	v, is  []byte // fastCell's scratch
}

func (b *xlsxBook) rows(s xlsxSheet) (*xlsxRows, error) {
	sst, err := b.sharedStrings()
	if err != nil {
		return nil, err
	}
	rc, err := b.open(s.part)
	if err != nil {
		return nil, err
	}
	// Inflate ahead in another goroutine (see prefetch.go).
	ar := newAsyncReader(rc)
	return &xlsxRows{book: b, rc: ar, sc: newXMLScanner(ar), sst: sst}, nil
}

func (r *xlsxRows) want(cols []bool)    { r.wanted = cols }
func (r *xlsxRows) merges() []cellRange { return r.ranges }
func (r *xlsxRows) date1904() bool      { return r.book.is1904 }
func (r *xlsxRows) close() error        { return r.rc.Close() }

func (r *xlsxRows) next() (int, []cell, error) {
	sc := r.sc
	for !r.done && sc.next() {
		k := sc.kind()
		if k == tagCDATA || k == tagOther {
			continue
		}
		switch string(sc.name()) {
		case "row":
			if k == tagEnd {
				continue
			}
			if err := r.startRow(); err != nil {
				return 0, nil, err
			}
			if k == tagEmpty {
				continue
			}
			if err := r.readCells(); err != nil {
				return 0, nil, err
			}
			if len(r.cells) > 0 {
				return r.row, r.cells, nil
			}
		case "sheetData":
			if k == tagEnd {
				r.readMerges()
				r.done = true
			}
		case "mergeCell":
			r.addMerge()
		case "dimension":
			if err := r.checkDimension(); err != nil {
				return 0, nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return 0, nil, fmt.Errorf("%w: %w", errNotXLSX, err)
	}
	return 0, nil, io.EOF
}

// startRow takes the number of the <row> just read (its r, or the one
// after the last) and refuses a row past maxSheetRow.
func (r *xlsxRows) startRow() error {
	r.row++
	if v, ok := r.sc.attr("r"); ok {
		if n, err := strconv.Atoi(string(v)); err == nil && n > 0 {
			r.row = n
		}
	}
	if r.row > maxSheetRow() {
		return tooManySheetRows()
	}
	r.cells = r.cells[:0]
	return nil
}

// checkDimension reads the sheet's extent as its writer recorded it: a
// sheet that says it goes beyond maxSheetRow is refused before its rows
// are read (rows are checked as well: the extent can be wrong).
func (r *xlsxRows) checkDimension() error {
	ref, ok := r.sc.attr("ref")
	if !ok {
		return nil
	}
	_, last, _ := strings.Cut(string(ref), ":")
	if _, n, ok := cellRef(last); ok && n > maxSheetRow() {
		return tooManySheetRows()
	}
	return nil
}

// readMerges reads the rest of the worksheet for its merged ranges, which
// come after the cell data.
func (r *xlsxRows) readMerges() {
	sc := r.sc
	for sc.next() {
		if k := sc.kind(); (k == tagStart || k == tagEmpty) && sc.is("mergeCell") {
			r.addMerge()
		}
	}
}

func (r *xlsxRows) addMerge() {
	ref, ok := r.sc.attr("ref")
	if !ok {
		return
	}
	a, b, ok := strings.Cut(string(ref), ":")
	if !ok {
		return
	}
	c1, r1, ok1 := cellRef(a)
	c2, r2, ok2 := cellRef(b)
	if !ok1 || !ok2 || r1 == 0 || r2 == 0 {
		return
	}
	r.ranges = append(r.ranges, cellRange{r1: min(r1, r2), c1: min(c1, c2), r2: max(r1, r2), c2: max(c1, c2)})
}

// cellState is where readCells is in a row: the current cell's column,
// type and style, and whether it is inside the cell, its value <v>, an
// inline string's text <t> and a phonetic run <rPh>, whose text is not
// the cell's.
type cellState struct {
	col              int
	inCell, inV, inT bool
	phonetic         int
	typ, style       []byte
	v, is            []byte // the value and the inline string's text so far
	extra            int    // characters of the value not kept (see maxCellBytes)
}

// collect appends the character data before the current tag (of kind k),
// and a CDATA tag's content, to the value or the text being read.
func (st *cellState) collect(sc *xmlScanner, k int) {
	var dst *[]byte
	switch {
	case st.inV:
		dst = &st.v
	case st.inT && st.phonetic == 0:
		dst = &st.is
	default:
		return
	}
	*dst = sc.appendText(*dst)
	if k == tagCDATA {
		*dst = append(*dst, sc.cdata()...)
	}
	*dst, st.extra = capCell(*dst, st.extra+sc.dropped)
}

// readCells reads the cells of the current row up to </row>.
func (r *xlsxRows) readCells() error {
	sc := r.sc
	st := cellState{col: -1}
	r.arena, r.spans = r.arena[:0], r.spans[:0]
	for sc.next() {
		k := sc.kind()
		st.collect(sc, k)
		if k == tagCDATA || k == tagOther {
			continue
		}
		if r.cellTag(&st, k) {
			r.finishRow()
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%w: %w", errNotXLSX, err)
	}
	r.finishRow()
	return nil
}

// cellTag takes the current tag (of kind k) of a row into st; true at
// </row>.
func (r *xlsxRows) cellTag(st *cellState, k int) bool {
	switch string(r.sc.name()) {
	case "c":
		r.cellBoundary(st, k)
	case "v":
		st.inV = k == tagStart
	case "t":
		st.inT = k == tagStart
	case "rPh":
		if k == tagStart {
			st.phonetic++
		} else if k == tagEnd {
			st.phonetic--
		}
	case "row":
		return k == tagEnd
	}
	return false
}

// cellBoundary handles a <c> tag: the end of a cell stores it; a start
// reads its attributes and, for the common shapes, the whole cell
// (fastCell).
func (r *xlsxRows) cellBoundary(st *cellState, k int) {
	if k == tagEnd {
		if st.inCell {
			r.setCell(st.col, st.typ, st.style, st.v, st.is, st.extra)
		}
		st.inCell = false
		return
	}
	st.col++
	ref, t, style := r.sc.cellAttrs()
	if ref != nil {
		if c, _, ok := cellRefBytes(ref); ok {
			st.col = c
		}
	}
	// The attribute slices point into the scanner's buffer, which the
	// next tag may overwrite: keep copies (short, reused).
	st.typ, st.style = append(st.typ[:0], t...), append(st.style[:0], style...)
	st.v, st.is, st.extra = st.v[:0], st.is[:0], 0
	st.inCell = k == tagStart
	if st.inCell && r.fastCell(st.col, st.typ, st.style) {
		st.inCell = false
	}
}

// Openings and closings of the two cell shapes nearly every writer uses:
// <c …><v>42</v></c> and <c … t="inlineStr"><is><t>text</t></is></c>.
var (
	endCell     = []byte("</c>")
	vOpen       = []byte("<v>")
	vClose      = []byte("</v>")
	isOpen      = []byte("<is><t>")
	isOpenSpace = []byte(`<is><t xml:space="preserve">`)
	isClose     = []byte("</t></is>")
)

// fastCell reads the content of the <c> just opened when it is one of the
// two common shapes, without tokenizing it tag by tag (six tags a cell,
// the most of the reading time); it reports false, consuming nothing, for
// anything else (formulas, rich text, phonetic runs, CDATA, prefixes, a
// cell cut by the buffer's end), which the general path reads.
func (r *xlsxRows) fastCell(col int, typ, style []byte) bool {
	inner, ok := r.sc.upTo(endCell)
	if !ok {
		return false
	}
	var val []byte
	isV := false
	switch {
	case bytes.HasPrefix(inner, vOpen) && bytes.HasSuffix(inner, vClose):
		val, isV = inner[len(vOpen):len(inner)-len(vClose)], true
	case bytes.HasPrefix(inner, isOpen) && bytes.HasSuffix(inner, isClose):
		val = inner[len(isOpen) : len(inner)-len(isClose)]
	case bytes.HasPrefix(inner, isOpenSpace) && bytes.HasSuffix(inner, isClose):
		val = inner[len(isOpenSpace) : len(inner)-len(isClose)]
	default:
		return false
	}
	inline := string(typ) == "inlineStr"
	if isV == inline || bytes.IndexByte(val, '<') >= 0 {
		return false // a shape the type does not go with, or more markup
	}
	if inline {
		r.is = unescapeXML(r.is[:0], val)
		r.setCell(col, typ, style, nil, r.is, 0)
	} else {
		r.v = unescapeXML(r.v[:0], val)
		r.setCell(col, typ, style, r.v, nil, 0)
	}
	r.sc.skip(len(inner) + len(endCell))
	return true
}

// span is a cell whose value is in the row's arena.
type span struct {
	col        int
	start, end int
}

// finishRow turns the row's arena into one string and gives each cell its
// part of it: one allocation per row instead of one per cell.
func (r *xlsxRows) finishRow() {
	if len(r.spans) == 0 {
		return
	}
	all := string(r.arena)
	for _, sp := range r.spans {
		r.cells[sp.col].value = all[sp.start:sp.end]
	}
}

// setCell stores a cell's value by its type (the t attribute).
// extra counts the characters of the value that were not kept.
func (r *xlsxRows) setCell(col int, typ, style, v, is []byte, extra int) {
	if col < 0 || col > 16383 {
		return
	}
	if r.wanted != nil && (col >= len(r.wanted) || !r.wanted[col]) {
		return
	}
	c, raw, ok := r.cellValue(typ, style, v, is)
	if !ok {
		return
	}
	if raw != nil {
		c.flaw, raw, c.chars = flawOf(raw, extra)
	}
	r.putCell(col, c, raw)
}

// cellValue reads a cell by its type: the cell with its value when that is
// a shared string or a boolean, or with the raw value to copy; false for a
// cell with nothing in it.
func (r *xlsxRows) cellValue(typ, style, v, is []byte) (c cell, raw []byte, ok bool) {
	switch string(typ) {
	case "s":
		i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
		if err != nil || i < 0 || i >= len(r.sst) {
			return c, nil, false
		}
		c.value = r.sst[i]
		if f, ok := r.book.sstFlaw[i]; ok {
			c.flaw, c.chars = f.flaw, f.chars
		}
	case "inlineStr":
		raw = unescapeOOXML(is)
	case "str", "e", "d":
		// A formula's text result, an error (#N/A), an ISO 8601 date.
		raw = unescapeOOXML(v)
	case "b":
		c.value = "FALSE"
		if string(v) == "1" {
			c.value = "TRUE"
		}
	default:
		raw, c.kind = v, r.numberKind(style)
	}
	return c, raw, c.value != "" || len(raw) > 0
}

// numberKind is a number's kind by its cell style: a date when the style's
// format is one.
func (r *xlsxRows) numberKind(style []byte) cellKind {
	if st, err := strconv.Atoi(string(style)); err == nil && st < len(r.book.dateStyle) && r.book.dateStyle[st] {
		return cellDate
	}
	return cellNumber
}

// putCell stores cell c at col, its raw value (when not nil) copied into
// the row's arena.
func (r *xlsxRows) putCell(col int, c cell, raw []byte) {
	for len(r.cells) < col {
		r.cells = append(r.cells, cell{})
	}
	if len(r.cells) == col {
		r.cells = append(r.cells, c)
	} else {
		r.cells[col] = c
	}
	if raw != nil {
		start := len(r.arena)
		r.arena = append(r.arena, raw...)
		r.spans = append(r.spans, span{col, start, len(r.arena)})
	}
}
