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
// known once write is done. The file is first written whole under a name
// of its own beside path (WriteFileAtomic), so no one sees half of it;
// then it takes its name inside the transaction that writes the entry, so
// a failure leaves neither the file nor the entry (only a crash between the
// rename and the commit could leave the file alone), and an older file at
// path as it was. write runs before the transaction and keeps no one
// waiting.
func (s *Store) WriteAudited(ctx context.Context, path string, write func(w io.Writer) error, action, entity string, id int64, after func() any) error {
	if err := s.can("WriteAudited"); err != nil {
		return err
	}
	if err := s.allow(filePerm(action, entity)); err != nil {
		return err
	}
	staged, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.staged")
	if err != nil {
		return writeError(path, err)
	}
	staged.Close()
	name := staged.Name()
	defer os.Remove(name) // gone once renamed; else a leftover
	if err := WriteFileAtomic(name, write, nil); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if err := tx.Audit(action, entity, id, nil, after()); err != nil {
			return err
		}
		if err := os.Rename(name, path); err != nil {
			return writeError(path, err)
		}
		return nil
	})
}

// filePerm is what writing a file audited as action on entity needs: the
// audit trail's printouts and exports are the auditor's; other printing
// and exporting need those permissions (the records printed were read
// through the scope already).
func filePerm(action, entity string) perm {
	if entity == EntityAuditTrail {
		return permAudit
	}
	switch action {
	case ActionPrint:
		return permPrint
	case ActionExport:
		return permExport
	}
	return permSignedIn
}
