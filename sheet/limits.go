package sheet

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"jiedao/data"
)

// What an import reads is bounded, so that no file — damaged, or built to
// harm — can make Jiedao use gigabytes of memory or minutes of time before
// it says what is wrong (issue 13; the figures measured are in
// docs/BENCHMARKS.md, "Import limits and peak memory"). They are variables
// only so that the tests can lower them (limitsForTest).
var (
	// maxPartBytes bounds what one part of a workbook (a worksheet, the
	// shared strings) unpacks to. The 300,000-row roster's worksheet is
	// 575 MB of XML (1.9 KB a row, every column filled); 4 GiB holds
	// maxRows rows of that size.
	maxPartBytes int64 = 4 << 30
	// maxRatio and ratioFloor: a part over ratioFloor that unpacks to more
	// than maxRatio times its packed size is a zip bomb. Rosters pack
	// 20–25× (the 300,000-row roster: 575 MB in 25.8 MB); the bombs of
	// issue 13 pack 1,000×.
	maxRatio   int64 = 200
	ratioFloor int64 = 64 << 20
	// maxCellBytes bounds one cell: see cellCap.
	maxCellBytes = cellCap
	// maxRows bounds the data rows of one file (Excel itself stops at
	// 1,048,576 a sheet).
	maxRows = 2_000_000
	// maxTextRun bounds the character data the XML scanner holds between
	// two tags; longer text (a 512 MiB cell, a gigabyte of white space) is
	// counted and dropped, keeping its first maxCellBytes. maxTagBytes
	// bounds one tag.
	maxTextRun  = 1 << 20
	maxTagBytes = 1 << 20
	// maxCSVLine bounds one line of a CSV file: encoding/csv holds a whole
	// record, so a longer line refuses the file. A shorter cell over
	// maxCellBytes is its row's problem.
	maxCSVLine = 16 << 20
)

// cellCap is the longest cell an import reads: a longer cell is a problem
// of its row, and only its first bytes are kept. The longest value the
// register keeps is 256 characters (an address; data.Household.Validate),
// 768 bytes of Chinese in UTF-8; 2 KiB (682 Chinese characters) is well
// over that, so no cell a clerk typed or pasted reaches it, and the
// nFields cells of a row fit the 16-bit ends of a record (read.go).
const cellCap = 2 << 10

// A row's cells fit a record's 16-bit ends (the build fails otherwise).
var _ [1<<16 - 1 - cellCap*int(nFields)]struct{}

// limitError is a limit a file went over, said as the data package's
// message (readError adds the file's name).
type limitError struct {
	key  string
	args map[string]any
}

func (e *limitError) Error() string {
	return fmt.Sprintf("sheet: %s %v", e.key, e.args)
}

// asLimit returns the *data.Error of a limit file went over, or nil.
func asLimit(file string, err error) error {
	var le *limitError
	if !errors.As(err, &le) {
		return nil
	}
	args := map[string]any{"File": file}
	for k, v := range le.args {
		args[k] = v
	}
	return &data.Error{Key: le.key, Args: args}
}

// excelRows is the last row of a worksheet (ECMA-376 and Excel, WPS
// alike): a row numbered beyond it is not in any workbook they made.
const excelRows = 1 << 20

// maxSheetRow is the last row number a worksheet may use: the data rows
// and the rows above the header, and no more than Excel's last row. A
// sheet past that is refused as soon as its rows (or its dimension) say
// so, when at most a million rows are held rather than two.
func maxSheetRow() int { return min(maxRows+headerSearchRows, excelRows) }

func tooManyRows() error {
	return &limitError{key: data.KeySheetTooManyRows, args: map[string]any{"Max": maxRows}}
}

// tooManySheetRows is tooManyRows for a worksheet, whose limit is
// maxSheetRow.
func tooManySheetRows() error {
	return &limitError{key: data.KeySheetTooManyRows, args: map[string]any{"Max": min(maxRows, excelRows)}}
}

// byteSize says a size the way the messages do: 4 GB, 16 MB, 4 KB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// clipChars is how many characters of a value a report or a message
// quotes.
const clipChars = 64

// ClipValue shortens a value quoted in a report or a message: its first 64
// characters and "…（共 N 字）" (in English "… (N characters)"). A value
// of 64 characters or fewer is returned as it is.
func ClipValue(v, language string) string {
	return clipCount(v, utf8.RuneCountInString(v), language)
}

// clipCount is ClipValue for a value of n characters of which v holds the
// first ones (a cell kept only in part).
func clipCount(v string, n int, language string) string {
	if n <= clipChars && utf8.RuneCountInString(v) == n {
		return v
	}
	i, k := 0, 0
	for i < len(v) && k < clipChars {
		_, size := utf8.DecodeRuneInString(v[i:])
		i += size
		k++
	}
	if language == "en" {
		return fmt.Sprintf("%s… (%d characters)", v[:i], n)
	}
	return fmt.Sprintf("%s…（共 %d 字）", v[:i], n)
}

// keepPrefix returns the first bytes of b, at most max and cut at a
// character's start.
func keepPrefix(b []byte, max int) []byte {
	if len(b) <= max {
		return b
	}
	i := max
	for i > 0 && !utf8.RuneStart(b[i]) {
		i--
	}
	return b[:i]
}

// cellFlaw is what is wrong with a cell as read, which makes its row
// invalid whatever the column.
type cellFlaw uint8

const (
	flawNone     cellFlaw = iota
	flawLong              // over maxCellBytes; value holds its first bytes, chars its length
	flawEncoding          // not UTF-8; value has U+FFFD for the bad bytes
)

// flawProblem is the row problem of a flawed cell, in Chinese (the
// report's language), with the value clipped.
func flawProblem(row int, column string, c cell) Problem {
	p := Problem{Row: row, Column: column}
	switch c.flaw {
	case flawLong:
		p.Value = clipCount(c.value, int(c.chars), "zh")
		p.Reason = data.Render(data.KeySheetCellTooLong, "zh", map[string]any{"N": c.chars, "Max": maxCellBytes})
	default:
		p.Value = ClipValue(c.value, "zh")
		p.Reason = data.Render(data.KeySheetCellEncoding, "zh", nil)
	}
	return p
}

// clipProblems clips the values problems quote (before the flaws'
// problems, already clipped, are added).
func clipProblems(ps []Problem) {
	for i := range ps {
		if len(ps[i].Value) > clipChars {
			ps[i].Value = ClipValue(ps[i].Value, "zh")
		}
	}
}

// formulaLead reports whether a value begins as Excel and WPS read a
// formula (=, +, -, @) or with a tab or carriage return, which they drop
// before reading one.
func formulaLead(v string) bool {
	return v != "" && strings.IndexByte("=+-@\t\r", v[0]) >= 0
}

// formulaLike reports whether an imported value is one to warn of: it
// begins like a formula (formulaLead) and is not a number written as text
// ("-", "-5", "+86 138 0000 0000"), which Excel reads as a number or as
// text, never as code.
func formulaLike(v string) bool {
	if !formulaLead(v) {
		return false
	}
	for _, c := range v[1:] {
		if !(c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
			return true
		}
	}
	return false
}

// importMemoryLimit is the Go runtime's soft memory limit while an import
// runs (debug.SetMemoryLimit, as GOMEMLIMIT sets it). An import holds
// every row until it has checked them all: about 440 MB live for a
// 1,000,000-row roster. Left to itself the collector lets the heap grow
// to twice what is live before it collects, and the process peaked at
// 1,053 MB; under this limit it collects sooner as the heap nears it. The
// 300,000-row roster (≈ 330 MB of heap at its peak) stays below it and
// runs as fast as before. A lower limit set by the user is kept.
const importMemoryLimit = 448 << 20

// boundMemory lowers the soft memory limit to importMemoryLimit for the
// import and returns what puts the previous one back.
func boundMemory() (restore func()) {
	prev := debug.SetMemoryLimit(-1)
	if prev <= importMemoryLimit {
		return func() {}
	}
	debug.SetMemoryLimit(importMemoryLimit)
	return func() { debug.SetMemoryLimit(prev) }
}
