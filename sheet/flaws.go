package sheet

import (
	"sort"

	"jiedao/data"
)

// readFlaws are the cells found flawed while a file was read (too long,
// not UTF-8): each makes its row invalid, and is the only problem reported
// for its cell (what the check would say of the cell's missing value is
// noise beside it).
type readFlaws struct {
	problems []Problem
	rows     map[int]bool
}

func (fl *readFlaws) add(row int, column string, c cell) {
	if fl.rows == nil {
		fl.rows = map[int]bool{}
	}
	fl.rows[row] = true
	fl.problems = append(fl.problems, flawProblem(row, column, c))
}

// merge returns ps without the problems of flawed cells, with the flaws'
// problems added.
func (fl *readFlaws) merge(ps []Problem) []Problem {
	if len(fl.problems) == 0 {
		return ps
	}
	type at struct {
		row    int
		column string
	}
	flawed := make(map[at]bool, len(fl.problems))
	for _, p := range fl.problems {
		flawed[at{p.Row, p.Column}] = true
	}
	out := ps[:0]
	for _, p := range ps {
		if !flawed[at{p.Row, p.Column}] {
			out = append(out, p)
		}
	}
	return append(out, fl.problems...)
}

// rowIndex returns the index of the record of row in rows sorted by row
// (rowOf gives a record's row), or -1.
func rowIndex(n int, rowOf func(i int) int, row int) int {
	i := sort.Search(n, func(i int) bool { return rowOf(i) >= row })
	if i < n && rowOf(i) == row {
		return i
	}
	return -1
}

// formulaWarning is the warning for a value that begins like a formula.
func formulaWarning(row int, column, value string) Problem {
	return Problem{Row: row, Column: column, Value: ClipValue(value, "zh"),
		Reason: data.Render(data.KeySheetFormulaLike, "zh", map[string]any{"Char": value[:1]})}
}

func duplicateColumn(file, first string, firstCol int, second string, secondCol int) error {
	return &data.Error{Key: data.KeySheetDuplicateColumn, Args: map[string]any{
		"File": file, "First": first, "FirstCol": columnLetters(firstCol), "Second": second, "SecondCol": columnLetters(secondCol)}}
}

func noRows(file string) error {
	return &data.Error{Key: data.KeySheetNoRows, Args: map[string]any{"File": file}}
}

// columnLetters returns the letters of 0-based column c (A, B, …, AA).
func columnLetters(c int) string {
	var b []byte
	for c++; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b)
}
