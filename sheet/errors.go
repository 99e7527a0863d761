package sheet

import (
	"errors"
	"path/filepath"

	"jiedao/data"
)

// What is wrong with a file handed to an import is said in the user's
// terms, as a *data.Error the UI translates (and the command line prints
// in the chosen language); errors.Is matches these sentinels by key.
var (
	// ErrInvalidRows is returned by a real import that applied nothing
	// because rows were invalid (and SkipInvalid was not set).
	ErrInvalidRows error = &data.Error{Key: data.KeySheetInvalidRows}
	// ErrOldXLS is returned for Excel 97–2003 (.xls) and password-
	// protected workbooks, which this package cannot read.
	ErrOldXLS error = &data.Error{Key: data.KeySheetOldXLS}
	// errNoHeader: no row of a sheet looks like a roster header.
	errNoHeader error = &data.Error{Key: data.KeySheetNoHeader}
)

func invalidRows(file string, n int) error {
	return &data.Error{Key: data.KeySheetInvalidRows, Args: map[string]any{"File": file, "N": n}}
}

func noHeader(file, required, others string) error {
	return &data.Error{Key: data.KeySheetNoHeader, Args: map[string]any{
		"File": file, "Rows": headerSearchRows, "Required": required, "Others": others}}
}

// readError says what stopped a file at path from being read: a damaged
// workbook, or what data.ReadFileError says (missing, not allowed, or
// anything else with its cause). (The CSV reader takes stray quotes as
// text, so a CSV file reads unless the disk fails.)
func readError(path string, err error) error {
	if le := asLimit(filepath.Base(path), err); le != nil {
		return le
	}
	if errors.Is(err, errNotXLSX) {
		return &data.Error{Key: data.KeySheetDamaged, Args: map[string]any{"File": filepath.Base(path)}, Err: err}
	}
	return data.ReadFileError(path, err)
}
