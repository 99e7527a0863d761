package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"time"

	"github.com/glebarez/sqlite"
)

// stampLayout dates backup file names: jiedao-20261125-101500.db.
const stampLayout = "20060102-150405"

// Rotation of automatic backups (see AutoBackup).
const (
	keepDaily  = 7
	keepWeekly = 4
)

// backupName matches the names Backup gives, and only those: backups made
// before an upgrade or a restore are named differently and never pruned.
var backupName = regexp.MustCompile(`^jiedao-(\d{8}-\d{6})(?:-\d+)?\.db$`)

// BackupDir is the default backup folder: "backups" beside the database.
func (s *Store) BackupDir() string {
	return filepath.Join(filepath.Dir(s.path), "backups")
}

// Backup writes a consistent copy of the database to dir (BackupDir() when
// dir is ""), named after the store's clock (jiedao-20261125-101500.db), and
// returns its path. The copy is made with VACUUM INTO, which reads one
// snapshot while others keep writing, and is checked with integrity_check
// before it gets its name, so a file with a backup's name is a good backup.
func (s *Store) Backup(ctx context.Context, dir string) (string, error) {
	if dir == "" {
		dir = s.BackupDir()
	}
	path, err := s.vacuumInto(ctx, dir, "jiedao-"+s.now().Format(stampLayout))
	if err != nil {
		return "", err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		return tx.Audit(ActionBackup, EntityDatabase, 0, nil, map[string]any{"path": path})
	})
	if err != nil {
		return path, err
	}
	return path, nil
}

// vacuumInto copies the database to dir/base.db (base-2.db, … if taken)
// through a temporary name, checks the copy and returns its path.
func (s *Store) vacuumInto(ctx context.Context, dir, base string) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fileError(KeyBackupFailed, dir, err)
	}
	final := filepath.Join(dir, base+".db")
	for i := 2; exists(final); i++ {
		final = filepath.Join(dir, fmt.Sprintf("%s-%d.db", base, i))
	}
	err := vacuumTo(ctx, s.sqlDB, final, func(ctx context.Context, tmp string) error {
		_, err := inspectSQL(ctx, tmp, checkOptions{known: s.known, busy: defaultBusyTimeout, backup: true})
		return err
	})
	if err != nil {
		return "", fileError(KeyBackupFailed, final, err)
	}
	return final, nil
}

// knownIDs are the migration IDs of this release.
func knownIDs() []string { return migrationIDs(migrations()) }

// vacuumTo writes a compacted copy of db to final: VACUUM INTO a temporary
// file beside it, flush it to disk, check it, then rename it into place.
// A crash or failure leaves no file named final.
func vacuumTo(ctx context.Context, db *sql.DB, final string, check func(ctx context.Context, tmp string) error) error {
	tmp := final + ".partial"
	_ = os.Remove(tmp) // a leftover of an earlier crash; VACUUM INTO refuses existing files
	fail := func(err error) error {
		_ = os.Remove(tmp)
		return err
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%v)", ctx.Err(), err)
		}
		return fail(fmt.Errorf("vacuum into %s: %w", tmp, err))
	}
	if err := syncFile(tmp); err != nil {
		return fail(err)
	}
	if err := check(ctx, tmp); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fail(err)
	}
	return syncDir(filepath.Dir(final))
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

// syncDir makes a rename in dir durable. Windows cannot open folders for
// syncing, and NTFS journals renames itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// AutoBackup makes the day's backup in BackupDir unless one with today's
// date (by s.Now) is already there, then prunes the folder: of the backups
// Backup names, it keeps the newest of each of the last 7 days that have
// one, and, older than those, the newest of each of the 4 ISO weeks before.
// It returns the new backup's path, or "" when none was due.
func (s *Store) AutoBackup(ctx context.Context) (string, error) {
	now := s.now()
	dir := s.BackupDir()
	backups, err := listBackups(dir, now.Location())
	if err != nil {
		return "", err
	}
	due := true
	for _, b := range backups {
		if sameDay(b.at, now) {
			due = false
			break
		}
	}
	var made string
	if due {
		if made, err = s.Backup(ctx, dir); err != nil {
			return "", err
		}
		if backups, err = listBackups(dir, now.Location()); err != nil {
			return made, err
		}
	}
	var errs []error
	for _, b := range backups {
		if !b.keep {
			if err := os.Remove(b.path); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return made, fmt.Errorf("data: prune backups: %w", err)
	}
	return made, nil
}

type backupFile struct {
	path string
	at   time.Time
	keep bool
}

// listBackups lists dir's backups newest first, marking which the rotation
// keeps.
func listBackups(dir string, loc *time.Location) ([]backupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("data: list backups: %w", err)
	}
	var out []backupFile
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		at, err := time.ParseInLocation(stampLayout, m[1], loc)
		if err != nil {
			continue // not ours after all
		}
		out = append(out, backupFile{path: filepath.Join(dir, e.Name()), at: at})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].at.Equal(out[j].at) {
			return out[i].at.After(out[j].at)
		}
		return out[i].path > out[j].path
	})
	markKept(out)
	return out, nil
}

// markKept applies the rotation to backups sorted newest first.
func markKept(backups []backupFile) {
	days := map[string]bool{}
	var oldestDay time.Time
	for i := range backups {
		b := &backups[i]
		d := b.at.Format("20060102")
		if days[d] {
			continue
		}
		if len(days) == keepDaily {
			break
		}
		days[d] = true
		b.keep = true
		oldestDay = startOfDay(b.at)
	}
	weeks := map[[2]int]bool{}
	for i := range backups {
		b := &backups[i]
		if !b.at.Before(oldestDay) || len(weeks) == keepWeekly {
			continue
		}
		y, w := b.at.ISOWeek()
		if weeks[[2]int{y, w}] {
			continue
		}
		weeks[[2]int{y, w}] = true
		b.keep = true
	}
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func sameDay(a, b time.Time) bool {
	b = b.In(a.Location())
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// CheckBackup checks that path is a Jiedao database this release can open
// and that SQLite finds nothing wrong in it (integrity_check), without
// changing the file. Errors are ErrNotSQLite, ErrNotJiedao, ErrNewerVersion
// or ErrCorrupt.
func CheckBackup(ctx context.Context, path string) error {
	_, err := inspect(ctx, path, checkOptions{known: knownIDs(), busy: defaultBusyTimeout, backup: true})
	return err
}

// RestoreFile replaces the database at dbPath with the backup, for a
// store that is closed. It checks the backup first (CheckBackup) and does
// nothing when that fails. Otherwise it saves the current database to
// <backups>/jiedao-before-restore-<now>.db (returned as safetyCopy; "" when
// there was no database), writes a fresh copy of the backup beside dbPath,
// removes the old -wal and -shm files (a stale WAL would be replayed into
// the new file) and renames the copy over dbPath, so the database is
// either the old one or the new one, never a mix. The restored database
// records the restore in its audit trail; a backup from an earlier release
// is upgraded as Open does. ErrInUse means another program has the database
// open.
func RestoreFile(ctx context.Context, dbPath, backup string, now time.Time) (safetyCopy string, err error) {
	dbPath, err = filepath.Abs(dbPath)
	if err != nil {
		return "", fmt.Errorf("data: restore: %w", err)
	}
	backup, err = filepath.Abs(backup)
	if err != nil {
		return "", fmt.Errorf("data: restore: %w", err)
	}
	if dbPath == backup {
		return "", fmt.Errorf("data: restore: %s is the database itself", backup)
	}
	if err := CheckBackup(ctx, backup); err != nil {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(dbPath), "backups")
	if st, err := os.Stat(dbPath); err == nil && st.Size() > 0 {
		safetyCopy, err = saveBeforeRestore(ctx, dbPath, dir, now)
		if err != nil {
			return "", err
		}
	}

	// A fresh copy of the backup, made by SQLite from a read-only
	// connection: a plain file copy could miss a WAL beside the backup.
	tmpFinal := dbPath + ".restoring"
	src, err := openReadOnly(backup, defaultBusyTimeout)
	if err != nil {
		return safetyCopy, fileError(KeyRestoreFile, backup, err)
	}
	err = vacuumTo(ctx, src, tmpFinal, func(ctx context.Context, tmp string) error {
		_, err := inspectSQL(ctx, tmp, checkOptions{known: knownIDs(), busy: defaultBusyTimeout, backup: true})
		return err
	})
	if cerr := src.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmpFinal)
		return safetyCopy, fileError(KeyRestoreFile, backup, err)
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			_ = os.Remove(tmpFinal)
			return safetyCopy, fileError(KeyRestoreFile, backup, err)
		}
	}
	if err := os.Rename(tmpFinal, dbPath); err != nil {
		_ = os.Remove(tmpFinal)
		return safetyCopy, fileError(KeyRestoreFile, backup, err)
	}
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return safetyCopy, fileError(KeyRestoreFile, backup, err)
	}

	s, err := open(dbPath, options{now: func() time.Time { return now }})
	if err != nil {
		return safetyCopy, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		return tx.Audit(ActionRestoreFile, EntityDatabase, 0,
			map[string]any{"safetyCopy": safetyCopy},
			map[string]any{"backup": backup})
	})
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return safetyCopy, err
}

// saveBeforeRestore copies the database at dbPath to the backup folder
// before RestoreFile replaces it, and makes sure nobody has it open: the
// last connection to close removes the -wal file, so one still there after
// ours closed belongs to another open connection.
func saveBeforeRestore(ctx context.Context, dbPath, dir string, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fileError(KeyBackupFailed, dir, err)
	}
	base := "jiedao-before-restore-" + now.Format(stampLayout)
	final := filepath.Join(dir, base+".db")
	for i := 2; exists(final); i++ {
		final = filepath.Join(dir, fmt.Sprintf("%s-%d.db", base, i))
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
