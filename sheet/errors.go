package sheet

import (
	"context"
	"errors"
	"io/fs"
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

// readError says what stopped a file at path from being read: missing, not
// allowed, a damaged workbook, or (with the cause attached) anything else.
// (The CSV reader takes stray quotes as text, so a CSV file reads unless
// the disk fails.)
func readError(path string, err error) error {
	file := filepath.Base(path)
	var de *data.Error
	switch {
	case errors.As(err, &de), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, fs.ErrNotExist):
		return &data.Error{Key: data.KeyFileNotFound, Args: map[string]any{"Path": path}}
	case errors.Is(err, fs.ErrPermission):
		return &data.Error{Key: data.KeyFileDenied, Args: map[string]any{"Path": path}}
	case errors.Is(err, errNotXLSX):
		return &data.Error{Key: data.KeySheetDamaged, Args: map[string]any{"File": file}, Err: err}
	}
	return &data.Error{Key: data.KeyFileUnreadable, Args: map[string]any{"Path": path}, Err: err}
}
