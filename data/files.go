package data

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes a document or export to path so that no one ever
// sees half of it: write fills a temporary file in path's folder, which is
// synced and closed; then beforeRename, when given, runs (the audit entry of
// an export of personal data, which must exist before the file does), and
// only then does the file take its name, replacing an older one. On any
// failure the temporary file is removed and an older file at path is left
// as it was.
func WriteFileAtomic(path string, write func(w io.Writer) error, beforeRename func() error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return writeError(path, err)
	}
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
	if err = tmp.Close(); err != nil {
		return writeError(path, err)
	}
	if beforeRename != nil {
		if err = beforeRename(); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
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
