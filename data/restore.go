package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/glebarez/sqlite"
)

// The steps of RestoreFile, in order, as its hook names them (tests fail
// or stop a restore at each one).
const (
	restoreChecked  = "checked"  // the backup was checked
	restoreSaved    = "saved"    // the current database was copied to the safety copy
	restoreCopied   = "copied"   // the backup was copied beside the database
	restoreOpened   = "opened"   // the copy was opened (and upgraded)
	restoreCarried  = "carried"  // the later entries were carried in, inside the transaction
	restoreRecorded = "recorded" // the transaction with the restore entry committed
	restoreClosed   = "closed"   // the copy was closed, its WAL folded in
	restoreCleared  = "cleared"  // the old database's -wal and -shm were removed
	restoreReplaced = "replaced" // the copy took the database's name
)

// RestoreFile replaces the database at dbPath with the backup, for a
// store that is closed. It checks the backup first (CheckBackup) and does
// nothing when that fails. Otherwise it saves the current database to
// <backups>/<name>-before-restore-<now>.db (returned as safetyCopy; ""
// when there was no database) and writes a fresh copy of the backup beside
// dbPath. That copy is opened (a backup from an earlier release is upgraded
// as Open does), the audit entries the current database has beyond the
// backup's — those written after the backup was made — are carried into
// it, and the restore is recorded after them, in one transaction. Only
// then are the old -wal and -shm files removed (a stale WAL would be
// replayed into the new file) and the copy renamed over dbPath, so the
// database is, whenever the restore stops, either the old one or the new
// one with its restore entry, never a mix. The entries name the replaced
// database's operator (else the system's user). ErrInUse means another
// program has the database open.
//
// RestoreFile checks no account: it is the restore of a register opened
// without one (see Store.unboundAllowed), and is refused like every other
// unbound call once accounts are required — but onto a path where no
// database is yet, which needs none. With accounts, an
// administrator's bound store gives a RestorePermit before it is closed,
// and RestoreFileAs restores with it.
func RestoreFile(ctx context.Context, dbPath, backup string, now time.Time) (safetyCopy string, err error) {
	// Where there is no register yet (a new desk taking the office's
	// backup) there is nothing to protect and no account to ask: the
	// backup brings its own. A register that exists needs a permit.
	if st, serr := os.Stat(dbPath); serr == nil && st.Size() > 0 {
		if err := (*Store)(nil).unboundAllowed(); err != nil {
			return "", err
		}
	}
	return restoreFile(ctx, dbPath, backup, now, "", nil)
}

// RestorePermit is an administrator's leave to replace the register with
// a backup. A restore needs the store closed, so the permit is taken from
// the bound store first (Store.RestorePermit), and names the database and
// the account, whose name the restore's audit entry records.
type RestorePermit struct {
	path     string
	operator string
}

// RestorePermit gives the bound account's leave to restore its database
// from a backup (permBackup: administrators). Close the store, then call
// RestoreFileAs.
func (s *Store) RestorePermit() (RestorePermit, error) {
	if err := s.can("RestorePermit"); err != nil {
		return RestorePermit{}, err
	}
	p := RestorePermit{path: s.path, operator: SystemUser()}
	if s.who != nil {
		p.operator = s.who.auditName()
	}
	return p, nil
}

// RestoreFileAs is RestoreFile of the permit's database, by the permit's
// account. A zero permit is ErrNoAccount.
func RestoreFileAs(ctx context.Context, p RestorePermit, backup string, now time.Time) (safetyCopy string, err error) {
	if p.path == "" {
		return "", &Error{Key: KeyAccountRequired}
	}
	return restoreFile(ctx, p.path, backup, now, p.operator, nil)
}

// restoreFile is RestoreFile with the restore's operator ("": the
// replaced database's) and a hook called after each step (the restore…
// constants); an error from it stops the restore there.
func restoreFile(ctx context.Context, dbPath, backup string, now time.Time, operator string, step func(string) error) (safetyCopy string, err error) {
	at := func(name string) error {
		if step == nil {
			return nil
		}
		return step(name)
	}
	if err := restorableLocation(dbPath); err != nil {
		return "", err
	}
	if dbPath, err = filepath.Abs(dbPath); err != nil {
		return "", fmt.Errorf("data: restore: %w", err)
	}
	if backup, err = filepath.Abs(backup); err != nil {
		return "", fmt.Errorf("data: restore: %w", err)
	}
	if dbPath == backup {
		return "", fmt.Errorf("data: restore: %s is the database itself", backup)
	}
	if err := CheckBackup(ctx, backup); err != nil {
		return "", err
	}
	if err := at(restoreChecked); err != nil {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(dbPath), "backups")
	if st, err := os.Stat(dbPath); err == nil && st.Size() > 0 {
		safetyCopy, err = saveBeforeRestore(ctx, dbPath, dir, now)
		if err != nil {
			return "", err
		}
	}
	if err := at(restoreSaved); err != nil {
		return safetyCopy, err
	}
	tmp := dbPath + ".restoring"
	removeRestoring(tmp)
	if err := prepareRestore(ctx, tmp, backup, safetyCopy, now, operator, at); err != nil {
		removeRestoring(tmp)
		return safetyCopy, err
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			removeRestoring(tmp)
			return safetyCopy, fileError(KeyRestoreFile, backup, err)
		}
	}
	if err := at(restoreCleared); err != nil {
		removeRestoring(tmp)
		return safetyCopy, err
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		removeRestoring(tmp)
		return safetyCopy, fileError(KeyRestoreFile, backup, err)
	}
	if err := at(restoreReplaced); err != nil {
		return safetyCopy, err
	}
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return safetyCopy, fileError(KeyRestoreFile, backup, err)
	}
	return safetyCopy, nil
}

// removeRestoring removes what a restore left at tmp.
func removeRestoring(tmp string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal", ".partial"} {
		_ = os.Remove(tmp + suffix)
	}
}

// prepareRestore makes tmp the database the restore puts in place: a
// fresh copy of the backup, made by SQLite from a read-only connection (a
// plain file copy could miss a WAL beside the backup), opened as a store,
// with the entries of the replaced database (its safety copy) carried in
// and the restore recorded, then closed and flushed to disk.
func prepareRestore(ctx context.Context, tmp, backup, safetyCopy string, now time.Time, operator string, at func(string) error) error {
	src, err := openReadOnly(backup, defaultBusyTimeout)
	if err != nil {
		return fileError(KeyRestoreFile, backup, err)
	}
	err = vacuumTo(ctx, src, tmp, func(ctx context.Context, tmp string) error {
		_, err := inspectSQL(ctx, tmp, checkOptions{known: knownIDs(), busy: defaultBusyTimeout, backup: true})
		return err
	})
	if cerr := src.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fileError(KeyRestoreFile, backup, err)
	}
	if err := at(restoreCopied); err != nil {
		return err
	}
	s, err := open(tmp, options{now: func() time.Time { return now }})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			s.Close()
		}
	}()
	if err := at(restoreOpened); err != nil {
		return err
	}
	old := readReplaced(ctx, safetyCopy)
	defer old.close()
	if operator == "" {
		operator = old.operator
	}
	s.setOperator(operator)
	err = s.runTx(ctx, func(tx *Tx) error {
		carried, err := tx.carryEntries(old)
		if err != nil {
			return err
		}
		if err := at(restoreCarried); err != nil {
			return err
		}
		return tx.Audit(ActionRestoreFile, EntityDatabase, 0,
			map[string]any{"safetyCopy": safetyCopy, "head": old.head},
			map[string]any{"backup": backup, "carried": carried})
	})
	if err != nil {
		return err
	}
	if err := at(restoreRecorded); err != nil {
		return err
	}
	closed = true
	if err := s.Close(); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return fileError(KeyRestoreFile, backup, err)
	}
	return at(restoreClosed)
}

// saveBeforeRestore copies the database at dbPath to the backup folder
// before RestoreFile replaces it, and makes sure nobody has it open: the
// last connection to close removes the -wal file, so one still there after
// ours closed belongs to another open connection.
func saveBeforeRestore(ctx context.Context, dbPath, dir string, now time.Time) (string, error) {
	final, err := freeName(dir, backupStem(dbPath)+"-before-restore-"+now.Format(stampLayout))
	if err != nil {
		return "", err
	}
	db, err := sql.Open(sqlite.DriverName, fileURI(dbPath)+
		fmt.Sprintf("?_pragma=busy_timeout(%d)", defaultBusyTimeout.Milliseconds()))
	if err != nil {
		return "", classify(dbPath, "open", err)
	}
	db.SetMaxOpenConns(1)
	verr := vacuumTo(ctx, db, final, func(context.Context, string) error { return nil })
	if cerr := db.Close(); cerr != nil && verr == nil {
		verr = cerr
	}
	if verr != nil {
		switch code := sqliteCode(verr); {
		case code == sqliteBusy || code == sqliteLocked:
			return "", fileError(KeyDBInUse, dbPath, verr)
		case code == sqliteCorrupt || code == sqliteNotADB:
			// SQLite cannot read it, which may be why it is being
			// replaced. Nothing can have it open usefully, so its
			// bytes (and a WAL's) are the copy.
			for _, suffix := range []string{"", "-wal"} {
				if !exists(dbPath + suffix) {
					continue
				}
				if err := copyFile(dbPath+suffix, final+suffix); err != nil {
					return "", fileError(KeyBackupFailed, final, err)
				}
			}
			return final, nil
		default:
			return "", fileError(KeyBackupFailed, final, verr)
		}
	}
	if exists(dbPath + "-wal") {
		_ = os.Remove(final)
		return "", fileError(KeyDBInUse, dbPath, errors.New("another connection has the database open"))
	}
	return final, nil
}

// copyFile copies a closed file byte for byte, durably.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// restorableLocation refuses to restore onto what is not a database file
// on this computer: the office server, where other desks work on the
// register and the server's own tools restore it (pg_restore), a file on
// a network share, a URL Jiedao does not speak.
func restorableLocation(dbPath string) error {
	if IsServerURL(dbPath) {
		info, err := parseServerURL(dbPath)
		if err != nil {
			return err
		}
		return &Error{Key: KeyServerRestore, Args: info.args()}
	}
	return CheckLocation(dbPath)
}
