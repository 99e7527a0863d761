package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"jiedao/data"
)

// csvRows reads a CSV file as rows of text cells.
type csvRows struct {
	f        *os.File
	r        *csv.Reader
	cells    []cell
	row      int    // the spreadsheet row of the last record
	endLine  int    // the file line the last record ended on
	encoding string // the encoding the file was read in
}

// Text encodings a CSV file can come in. Chinese Excel saves "CSV" in the
// system's ANSI code page, GBK, which GB18030 contains; "CSV UTF-8" has a
// BOM; other programs write UTF-8 without one; "Unicode text" is UTF-16
// with tabs.
const (
	encUTF8    = "UTF-8"
	encGB18030 = "GB18030"
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
)

// openCSV opens a CSV (or tab-separated) file, working out its encoding:
// a BOM decides; otherwise a file that is valid UTF-8 throughout is UTF-8
// (GB18030 text of any length is almost never valid UTF-8) and anything
// else is GB18030.
func openCSV(name string) (*csvRows, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	enc, bomLen, err := sniffEncoding(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(int64(bomLen), io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	var r io.Reader = bufio.NewReaderSize(f, 256<<10)
	switch enc {
	case encGB18030:
		r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	case encUTF16LE:
		r = transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case encUTF16BE:
		r = transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	}
	br := bufio.NewReaderSize(&lineLimit{r: r}, 64<<10)
	delim := sniffDelimiter(br)
	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.FieldsPerRecord = -1 // rows end early when their last cells are empty
	cr.LazyQuotes = true    // a stray quote in an address is not a reason to stop
	cr.ReuseRecord = true
	return &csvRows{f: f, r: cr, encoding: enc}, nil
}

// lineLimit refuses a line longer than maxCSVLine: encoding/csv holds a
// whole record in memory, however long.
type lineLimit struct {
	r    io.Reader
	line int // the line being read, from 1
	n    int // its bytes so far
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	b := p[:n]
	if l.line == 0 {
		l.line = 1
	}
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.n += len(b)
			break
		}
		if l.n+i > maxCSVLine {
			break
		}
		l.line++
		l.n, b = 0, b[i+1:]
	}
	if l.n > maxCSVLine || len(b) > 0 && bytes.IndexByte(b, '\n') >= 0 {
		return n, &limitError{key: data.KeySheetLineTooLong, args: map[string]any{"Row": l.line, "Max": byteSize(int64(maxCSVLine))}}
	}
	return n, err
}

// sniffEncoding reads the file once to decide its encoding and the length
// of its BOM.
func sniffEncoding(f *os.File) (enc string, bomLen int, err error) {
	br := bufio.NewReaderSize(f, 256<<10)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return encUTF8, 3, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return encUTF16LE, 2, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return encUTF16BE, 2, nil
	}
	// Validate the whole file in chunks, carrying an incomplete rune at a
	// chunk's end over to the next.
	buf := make([]byte, 256<<10)
	carry := 0
	var u utf8Tally
	for {
		n, rerr := io.ReadFull(br, buf[carry:])
		n += carry
		chunk := buf[:n]
		if rerr == nil {
			// Hold back a rune cut at the chunk's end.
			cut, i := 0, n-1
			for i > 0 && n-i < utf8.UTFMax && !utf8.RuneStart(chunk[i]) {
				i--
			}
			if !utf8.FullRune(chunk[i:]) {
				cut = n - i
			}
			u.add(chunk[:n-cut])
			carry = copy(buf, chunk[n-cut:])
			continue
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			u.add(chunk)
			return u.encoding(), 0, nil
		}
		return "", 0, rerr
	}
}

// utf8Tally counts, over a file, the characters of UTF-8 beyond ASCII and
// the bytes that are not UTF-8.
type utf8Tally struct{ multi, bad int }

func (u *utf8Tally) add(b []byte) {
	if utf8.Valid(b) {
		for _, c := range b {
			if c >= 0xC0 {
				u.multi++
			}
		}
		return
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			u.bad++
		case size > 1:
			u.multi++
		}
		b = b[size:]
	}
}

// encoding decides: UTF-8 when every byte is, or when bytes that are not
// are few beside the characters that are (at least 4 to 1) — a UTF-8
// roster with one damaged row, whose row is then reported (flawEncoding);
// GB18030 otherwise. GB18030 text is almost never valid UTF-8: of the
// 6,763 characters of GB2312, 930 (one in seven) happen to read as a UTF-8
// character, the rest as bad bytes, so Chinese text in GB18030 tallies
// about 1 to 6 the other way.
func (u *utf8Tally) encoding() string {
	if u.bad == 0 || u.multi >= 4*u.bad {
		return encUTF8
	}
	return encGB18030
}

// sniffDelimiter picks comma, tab or semicolon by which occurs most in the
// first line outside quotes.
func sniffDelimiter(br *bufio.Reader) rune {
	line, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	counts := map[byte]int{}
	inQuote := false
	for _, c := range line {
		switch {
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == ',' || c == '\t' || c == ';'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{'\t', ';'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

func (r *csvRows) want([]bool)         {}
func (r *csvRows) merges() []cellRange { return nil }
func (r *csvRows) date1904() bool      { return false }
func (r *csvRows) close() error        { return r.f.Close() }

// next returns the next record. Its row number is what Excel shows when it
// opens the file: every record is one row, even one whose quoted cell spans
// lines, and a blank line is an empty row (which encoding/csv skips, so the
// count comes from the line numbers).
func (r *csvRows) next() (int, []cell, error) {
	for {
		rec, err := r.r.Read()
		if err == io.EOF {
			return 0, nil, io.EOF
		}
		if err != nil {
			return 0, nil, err
		}
		start, _ := r.r.FieldPos(0)
		r.row += start - r.endLine
		r.endLine = start
		for _, v := range rec {
			r.endLine += strings.Count(v, "\n")
		}
		r.cells = r.cells[:0]
		empty := true
		for _, v := range rec {
			r.cells = append(r.cells, r.cell(v))
			if v != "" {
				empty = false
			}
		}
		if !empty {
			return r.row, r.cells, nil
		}
	}
}

// cell is a CSV cell with its flaw: too long (only its start is kept), or
// bytes that are not UTF-8 in a file read as UTF-8.
func (r *csvRows) cell(v string) cell {
	if len(v) > maxCellBytes {
		kept := string(keepPrefix([]byte(v[:maxCellBytes+utf8.UTFMax]), maxCellBytes))
		return cell{value: kept, flaw: flawLong, chars: int32(min(utf8.RuneCountInString(v), math.MaxInt32))}
	}
	if r.encoding == encUTF8 && !utf8.ValidString(v) {
		return cell{value: strings.ToValidUTF8(v, "\uFFFD"), flaw: flawEncoding}
	}
	return cell{value: v}
}
