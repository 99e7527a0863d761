package sheet

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
)

// Problem is one thing wrong with one row: the row number the spreadsheet
// shows (the header is row 1 when it is the first row), the column as the
// file's header names it, the cell's value and the reason, in Chinese (the
// report is for the clerk who fixes the file).
type Problem struct {
	Row    int
	Column string
	Value  string
	Reason string
}

// Report is what an import found and did. Rows counts the data rows (empty
// rows are not counted); a row is invalid when it has at least one
// Problem, and Valid + Invalid = Rows.
type Report struct {
	File   string // the file's name
	Format string // XLSX, CSV (UTF-8), CSV (GB18030)…
	Sheet  string // the worksheet read, for XLSX
	// HeaderRow is the row the column headers were found in.
	HeaderRow int
	// IgnoredColumns are header cells that name no column the register
	// keeps; their data was not imported.
	IgnoredColumns []string

	Rows, Valid, Invalid int
	Problems             []Problem // by row
	// Warnings are things to check that do not stop a row (an unusual
	// region code, a 15-digit ID number upgraded to 18).
	Warnings []Problem

	// Forecast is what the import would do with the valid rows, as a dry
	// run finds it (the GUI's preview); a real import leaves it zero and
	// reports what it did below.
	Forecast Forecast

	// What a real import did. Applied is false for a dry run and for an
	// import that was refused or failed (then nothing changed).
	Applied            bool
	HouseholdsCreated  int
	HouseholdsUpdated  int
	ResidentsCreated   int
	ResidentsUpdated   int
	ResidentsUnchanged int
}

// Forecast counts, for a dry run, the households and residents the file
// would create, change or leave as they are. Invalid households are those
// the file gives that would not be written at all (the household itself is
// invalid, or every one of its rows is); invalid rows are Report.Invalid.
type Forecast struct {
	HouseholdsNew, HouseholdsChanged, HouseholdsUnchanged, HouseholdsInvalid int
	ResidentsNew, ResidentsChanged, ResidentsUnchanged                       int
}

// Summary is the first line a dry run prints: "N rows: X valid, Y invalid".
func (r Report) Summary() string {
	return fmt.Sprintf("%d rows: %d valid, %d invalid", r.Rows, r.Valid, r.Invalid)
}

// WriteText prints the summary, then every problem and then every warning
// ("提示："), one per line, as the command line shows a dry run.
func (r Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, r.Summary())
	for _, p := range r.Problems {
		fmt.Fprintf(bw, "第 %d 行 %s「%s」：%s\n", p.Row, p.Column, p.Value, p.Reason)
	}
	for _, p := range r.Warnings {
		fmt.Fprintf(bw, "提示：第 %d 行 %s「%s」：%s\n", p.Row, p.Column, p.Value, p.Reason)
	}
	return bw.Flush()
}

// sortProblems orders problems by row, keeping the order found within a
// row.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Row < ps[j].Row })
}

// WriteReport writes the report's problems as CSV with the header
// row,column,value,reason — in UTF-8 with a byte order mark, which is how
// Excel recognises UTF-8 (without it, Chinese Excel reads the file as GBK
// and shows garbage).
func WriteReport(path string, r Report) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("sheet: report: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("sheet: report: %w", cerr)
		}
	}()
	bw := bufio.NewWriter(f)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return fmt.Errorf("sheet: report: %w", err)
	}
	w := csv.NewWriter(bw)
	w.UseCRLF = true // what Excel writes and expects on Windows
	if err := w.Write([]string{"row", "column", "value", "reason"}); err != nil {
		return fmt.Errorf("sheet: report: %w", err)
	}
	for _, p := range r.Problems {
		if err := w.Write([]string{strconv.Itoa(p.Row), csvSafe(p.Column), csvSafe(p.Value), csvSafe(p.Reason)}); err != nil {
			return fmt.Errorf("sheet: report: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("sheet: report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sheet: report: %w", err)
	}
	return nil
}

// csvSafe keeps a value that Excel would run as a formula (=, +, -, @,
// tab or carriage return first; see formulaLead) as text when the report is opened: a value from a roster is data,
// never code. Everything else is written exactly as read.
func csvSafe(v string) string {
	if formulaLead(v) {
		return "'" + v
	}
	return v
}
