package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// isBlank reports whether r is white space or an invisible character that
// comes with pasted text (zero-width space, joiners, BOM…). Rosters are
// assembled by copying from web systems, Word and WeChat, which leave all
// of these behind.
func isBlank(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x1680, 0x3000,
		0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x202F, 0x205F, 0x00AD:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// isInvisible reports whether r shows nothing and means nothing inside a
// value: zero-width characters, the BOM, the soft hyphen, and NUL — debris
// of a broken export, which the office server's text cannot even hold
// (PostgreSQL refuses it), so a roster imports the same on both engines.
func isInvisible(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x0000:
		return true
	}
	return false
}

// cleanCell tidies one cell: invisible characters go wherever they are,
// blanks of every kind go at both ends, and a run of blanks inside (line
// breaks from Alt+Enter, ideographic and non-breaking spaces) becomes one
// space. Full-width digits and Latin letters become ASCII, so "３号楼" and
// "3号楼" are the same building; punctuation keeps its width, as "（" in an
// address is what the clerk meant.
func cleanCell(s string) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		switch {
		case isInvisible(r):
			continue
		case isBlank(r):
			pendingSpace = b.Len() > 0
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		if r >= 0xFF10 && r <= 0xFF5A && (r <= 0xFF19 || r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41) {
			r = toHalfWidth(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isPlainASCII reports whether s certainly needs no cleaning: no blank at
// either end, no control character, and none of the UTF-8 lead bytes of the
// characters cleanCell changes (C2: U+0085, U+00A0, U+00AD; E1: U+1680;
// E2: U+2000–U+206F; EF: the BOM and the full-width forms) nor the
// ideographic space (E3 80 80). Most cells — plain ASCII, or Chinese text,
// whose lead bytes are E3–E9 — pass, and are not copied.
func isPlainASCII(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == 0x7F:
			return false
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xEF:
			return false
		case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80:
			return false
		}
	}
	return true
}

// stripTextMarker drops the apostrophe Excel users type before a long
// number to keep it text ('110101…), which survives into CSV files and
// copies from other programs.
func stripTextMarker(s string) string {
	for _, p := range []string{"'", "‘", "’", "`"} {
		if strings.HasPrefix(s, p) {
			return strings.TrimLeft(s[len(p):], " ")
		}
	}
	return s
}

// numberText renders a numeric cell's stored value the way a clerk typed
// it: 1001, not 1001.0 or 1.001E3. Values beyond 15 significant digits were
// never exact in the spreadsheet, so they stay as stored.
func numberText(raw string) string {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return raw
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return raw
}

// lostDigits reports whether an ID number cell holds a number that a
// spreadsheet has rounded: a numeric cell with more than 15 digits, or one
// written in scientific notation (1.10101199003078E+17), which is what a
// CSV saved from such a cell contains. Excel keeps 15 significant digits,
// so the last three of an 18-digit ID number are gone and cannot be
// recovered from the file.
func lostDigits(s string, numeric bool) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if strings.ContainsAny(s, "eE") {
		mant, exp, ok := strings.Cut(strings.ToUpper(s), "E")
		if !ok {
			return false
		}
		exp = strings.TrimPrefix(exp, "+")
		if _, err := strconv.Atoi(exp); err != nil {
			return false
		}
		for _, c := range strings.Replace(mant, ".", "", 1) {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	if !numeric {
		return false
	}
	digits := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	return digits > 15 || strings.Contains(s, ".")
}

// date is a date read from a cell. Day is 0 when the cell gave only a year
// and month (出生年月).
type date struct {
	Year, Month, Day int
}

// String is the ISO form the data package stores: 2006-01-02, or 2006-01.
func (d date) String() string {
	if d.Day == 0 {
		return time.Date(d.Year, time.Month(d.Month), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// Excel's epochs. Serial 1 is 1900-01-01 in the 1900 system, which also
// counts the 29 February 1900 that never was (Lotus 1-2-3's bug, kept for
// compatibility), so from serial 61 on the epoch is 1899-12-30; Mac Excel's
// 1904 system counts from 1904-01-01 = 0.
var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// serialDate converts an Excel date serial (the time of day ignored).
func serialDate(serial float64, date1904 bool) (date, bool) {
	if math.IsNaN(serial) || serial < 1 || serial >= 2958466 {
		return date{}, false
	}
	days := int(math.Floor(serial))
	var t time.Time
	switch {
	case date1904:
		t = epoch1904.AddDate(0, 0, days)
	case days == 60:
		return date{}, false // 1900-02-29 does not exist
	case days < 60:
		t = epoch1900.AddDate(0, 0, days+1)
	default:
		t = epoch1900.AddDate(0, 0, days)
	}
	return date{t.Year(), int(t.Month()), t.Day()}, true
}

// parseDate reads a date cell: a serial from a numeric cell (or a text of
// up to five digits, which is a serial pasted as text), or text in the forms
// clerks write: 1990-01-02, 1990/1/2, 1990.1.2, 1990年1月2日, 19900102, and
// the year-month forms of a 出生年月 column (1990-01, 1990.1, 1990年1月,
// 199001). A time after the date ("1990-01-02 00:00:00") is ignored.
func parseDate(s string, numeric, date1904 bool) (date, bool) {
	s = stripTextMarker(cleanCell(s))
	switch {
	case s == "":
		return date{}, false
	case numeric:
		return numericDate(s, date1904)
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	if allDigits(s) {
		if len(s) <= 5 {
			v, _ := strconv.Atoi(s)
			return serialDate(float64(v), date1904)
		}
		return digitsDate(s)
	}
	parts, ok := dateParts(s)
	if !ok {
		return date{}, false
	}
	switch len(parts) {
	case 3:
		return makeDate(parts[0], parts[1], parts[2])
	case 2:
		return makeDate(parts[0], parts[1], 0)
	}
	return date{}, false
}

// numericDate reads a numeric cell: a serial, or yyyymmdd typed as a
// number.
func numericDate(s string, date1904 bool) (date, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return date{}, false
	}
	if v >= 1e7 && v < 1e8 && v == math.Trunc(v) {
		return digitsDate(strconv.FormatInt(int64(v), 10))
	}
	return serialDate(v, date1904)
}

// allDigits reports whether s is ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// dateParts splits a date written with separators (- / . 年 月 日 号) into
// its numbers; false for anything else, two separators in a row included
// (日 and 号 end a number, they do not separate).
func dateParts(s string) ([]int, bool) {
	var parts []int
	n, inNum := 0, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
			inNum = true
			if n > 9999 {
				return nil, false
			}
			continue
		case !isDateSeparator(r):
			return nil, false
		}
		if inNum {
			parts = append(parts, n)
		} else if r != '日' && r != '号' {
			return nil, false
		}
		n, inNum = 0, false
	}
	if inNum {
		parts = append(parts, n)
	}
	return parts, true
}

func isDateSeparator(r rune) bool {
	switch r {
	case '-', '/', '.', '年', '月', '日', '号':
		return true
	}
	return false
}

// digitsDate reads yyyymmdd or yyyymm.
func digitsDate(s string) (date, bool) {
	switch len(s) {
	case 8:
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:])
		return makeDate(y, m, d)
	case 6:
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:])
		return makeDate(y, m, 0)
	}
	return date{}, false
}

// makeDate checks that y-m-d is on the calendar (d 0: only y-m).
func makeDate(y, m, d int) (date, bool) {
	if y < 1800 || y > 9999 || m < 1 || m > 12 || d < 0 {
		return date{}, false
	}
	if d > 0 {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return date{}, false
		}
	}
	return date{y, m, d}, true
}
