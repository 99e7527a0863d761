package data

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// WriteFileAtomic writes a document or export to path so that no one ever
// sees half of it: write fills a temporary file in path's folder, which is
// synced; then beforeRename, when given, runs (the audit entry of an export
// of personal data, which must exist before the file does), and only then
// does the file take its name, replacing an older one. On any failure the
// temporary file is removed and an older file at path is left as it was.
//
// The temporary file is hidden and named as Jiedao's
// (.<name>.jiedao-<digits>.tmp), and held — open, and locked where the
// system has flock — until it has its name, so that what a killed write
// left in the folder is removed by the next one (RemoveTempFiles) and a
// live one of another process is not, even while beforeRename waits for
// the database.
func WriteFileAtomic(path string, write func(w io.Writer) error, beforeRename func() error) (err error) {
	_, _ = RemoveTempFiles(filepath.Dir(path))
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+tempMark+"*.tmp")
	if err != nil {
		return writeError(path, err)
	}
	holdTemp(tmp)
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return writeError(path, err)
	}
	if beforeRename != nil {
		if err = beforeRename(); err != nil {
			return err
		}
	}
	if err = renameTemp(tmp, path); err != nil {
		return writeError(path, err)
	}
	return nil
}

// ReadFileError says why the file at path could not be read, in the
// user's terms: it does not exist, Jiedao may not read it, or (with the
// cause attached) anything else. Errors that already speak to the user
// (*Error) and cancellations pass through.
func ReadFileError(path string, err error) error {
	var de *Error
	switch {
	case errors.As(err, &de), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Key: KeyFileNotFound, Args: map[string]any{"Path": path}}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Key: KeyFileDenied, Args: map[string]any{"Path": path}}
	}
	return &Error{Key: KeyFileUnreadable, Args: map[string]any{"Path": path}, Err: err}
}

// writeError says why path could not be written, in the user's terms: its
// folder is missing, or Jiedao may not write there (on Windows also when
// the file is open in another program, such as a PDF viewer); else that it
// could not be saved, with the cause.
func writeError(path string, err error) error {
	args := map[string]any{"Path": path, "Folder": filepath.Dir(path)}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Key: KeyFileNoFolder, Args: args}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Key: KeyFileWriteDenied, Args: args}
	}
	return &Error{Key: KeyFileWrite, Args: args, Err: err}
}

// tempMark is in the name of every temporary file Jiedao writes beside a
// file it saves, before the random digits: ".<name>.jiedao-<digits>.tmp".
const tempMark = ".jiedao-"

// ourTemp matches those names, and no other program's.
var ourTemp = regexp.MustCompile(`^\..+\.jiedao-\d+\.tmp$`)

// RemoveTempFiles removes from dir the temporary files of WriteFileAtomic
// that a killed write left (a document or export never gets its name, and
// only this hidden file remains), and returns their paths. One another
// process is still writing stays: it holds a lock on it (Linux, macOS), or
// has it open, which Windows will not delete. The window runs it on the
// folder its own documents go to at every start; WriteFileAtomic on the
// folder it writes to.
func RemoveTempFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("data: temporary files in %s: %w", dir, err)
	}
	var removed []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !ourTemp.MatchString(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if removeUnlessHeld(p) {
			removed = append(removed, p)
		}
	}
	return removed, nil
}
