package data

import (
	"context"
	"io"
	"os"
	"path/filepath"
)

// WriteAudited writes a printed document or an export to path and records
// it in the audit trail as action on entity id (0 for many records), with
// after() as the entry's "after": what was written and how many records,
// known once write is done. As with WriteFileAtomic, write fills a
// temporary file beside path, which is synced and closed, so no one sees
// half a file; then the file takes its name inside the transaction that
// writes the entry, so a failure leaves neither the file nor the entry
// (only a crash between the rename and the commit could leave the file
// alone), and an older file at path as it was. write runs before the
// transaction and keeps no one waiting.
func (s *Store) WriteAudited(ctx context.Context, path string, write func(w io.Writer) error, action, entity string, id int64, after func() any) (err error) {
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
	return s.Tx(ctx, func(tx *Tx) error {
		if err := tx.Audit(action, entity, id, nil, after()); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return writeError(path, err)
		}
		return nil
	})
}
