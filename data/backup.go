package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
)

// stampLayout dates backup file names: jiedao-20261125-101500.db.
const stampLayout = "20060102-150405"

// Rotation of automatic backups (see AutoBackup).
const (
	keepDaily  = 7
	keepWeekly = 4
)

// backupStem is the database's name without its extension, which its
// backups' names begin with: "jiedao" for jiedao.db, so that two
// databases in one folder have backups of their own (and the backups of
// jiedao.db from before this rule, all named jiedao-…, are still its own).
func backupStem(dbPath string) string {
	base := filepath.Base(dbPath)
	if stem := strings.TrimSuffix(base, filepath.Ext(base)); stem != "" {
		return stem
	}
	return base
}

// backupPattern matches the names Backup gives the backups of the
// database stem, and only those: copies made before an upgrade or a
// restore are named differently and never pruned.
func backupPattern(stem string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(stem) + `-(\d{8}-\d{6})(?:-\d+)?\.db$`)
}

// ownCopyPattern matches every copy of the database stem Jiedao makes:
// backups and the copies saved before an upgrade or a restore.
func ownCopyPattern(stem string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(stem) +
		`-(?:\d{8}-\d{6}|before-restore-\d{8}-\d{6}|before-upgrade-v\d+-\d{8}-\d{6})(?:-\d+)?\.db$`)
}

// BackupDir is the default backup folder: "backups" beside the database.
// A register on the office server has no folder: "".
func (s *Store) BackupDir() string {
	if s.onServer() {
		return ""
	}
	return filepath.Join(filepath.Dir(s.path), "backups")
}

// IsOwnBackup reports whether the file at path is named as a copy of this
// database: one of its backups (<name>-20261125-101500.db for <name>.db)
// or the copy saved before an upgrade or a restore. The restore dialog
// offers only these.
func (s *Store) IsOwnBackup(path string) bool {
	return ownCopyPattern(backupStem(s.path)).MatchString(filepath.Base(path))
}

// Backup writes a consistent copy of the database to dir (BackupDir() when
// dir is ""), named after the database and the store's clock
// (jiedao-20261125-101500.db for jiedao.db), and returns its path. The copy
// is made with VACUUM INTO, which reads one snapshot while others keep
// writing, and is checked with integrity_check before it gets its name, so
// a file with a backup's name is a good backup.
//
// The backup and its audit entry agree: the file takes its name inside the
// transaction that writes the entry, and is removed again when that
// transaction fails, so a failure leaves neither (only a crash between the
// rename and the commit could leave the file alone).
func (s *Store) Backup(ctx context.Context, dir string) (string, error) {
	if err := s.can("Backup"); err != nil {
		return "", err
	}
	return s.backup(ctx, dir)
}

// backup is Backup without the account check: the daily AutoBackup runs
// for whoever is logged in. A register on the office server is backed up
// by the server (KeyServerBackup).
func (s *Store) backup(ctx context.Context, dir string) (string, error) {
	if s.onServer() {
		return "", s.serverError(KeyServerBackup)
	}
	if dir == "" {
		dir = s.BackupDir()
	}
	final, err := freeName(dir, backupStem(s.path)+"-"+s.now().Format(stampLayout))
	if err != nil {
		return "", err
	}
	tmp := final + ".partial"
	err = vacuumCopy(ctx, s.sqlDB, tmp, func(ctx context.Context, tmp string) error {
		_, err := inspectSQL(ctx, tmp, checkOptions{known: s.known, busy: defaultBusyTimeout, backup: true})
		return err
	})
	if err != nil {
		return "", fileError(KeyBackupFailed, final, err)
	}
	renamed := false
	err = s.runTx(ctx, func(tx *Tx) error {
		if err := tx.Audit(ActionBackup, EntityDatabase, 0, nil, map[string]any{"path": final}); err != nil {
			return err
		}
		if err := os.Rename(tmp, final); err != nil {
			return fileError(KeyBackupFailed, final, err)
		}
		renamed = true
		if err := syncDir(dir); err != nil {
			return fileError(KeyBackupFailed, final, err)
		}
		return nil
	})
	if err != nil {
		_ = os.Remove(tmp)
		if renamed {
			_ = os.Remove(final)
		}
		return "", err
	}
	return final, nil
}

// freeName makes dir and returns dir/base.db, or base-2.db, … when taken.
func freeName(dir, base string) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fileError(KeyBackupFailed, dir, err)
	}
	final := filepath.Join(dir, base+".db")
	for i := 2; exists(final); i++ {
		final = filepath.Join(dir, fmt.Sprintf("%s-%d.db", base, i))
	}
	return final, nil
}

// vacuumInto copies the database to dir/base.db (base-2.db, … if taken)
// through a temporary name, checks the copy and returns its path.
func (s *Store) vacuumInto(ctx context.Context, dir, base string) (string, error) {
	final, err := freeName(dir, base)
	if err != nil {
		return "", err
	}
	err = vacuumTo(ctx, s.sqlDB, final, func(ctx context.Context, tmp string) error {
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
	if err := vacuumCopy(ctx, db, tmp, check); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(final))
}

// vacuumCopy writes a compacted copy of db to tmp, flushes it to disk and
// checks it; on failure it leaves no file at tmp.
func vacuumCopy(ctx context.Context, db *sql.DB, tmp string, check func(ctx context.Context, tmp string) error) error {
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
	return nil
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

// AutoBackup makes the day's backup in BackupDir unless one of this
// database with today's date (by s.Now) is already there, then prunes the
// folder: of this database's backups as Backup names them (another
// database's in the same folder are not looked at), it keeps the newest of each of the last 7 days that have
// one, and, older than those, the newest of each of the 4 ISO weeks before.
// It returns the new backup's path, or "" when none was due.
func (s *Store) AutoBackup(ctx context.Context) (string, error) {
	if err := s.can("AutoBackup"); err != nil {
		return "", err
	}
	if s.onServer() {
		return "", nil // the server's backups are IT's (pg_dump)
	}
	now := s.now()
	dir := s.BackupDir()
	stem := backupStem(s.path)
	backups, err := listBackups(dir, stem, now.Location())
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
		if made, err = s.backup(ctx, dir); err != nil {
			return "", err
		}
		if backups, err = listBackups(dir, stem, now.Location()); err != nil {
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

// listBackups lists the backups of the database stem in dir newest
// first, marking which the rotation keeps.
func listBackups(dir, stem string, loc *time.Location) ([]backupFile, error) {
	backupName := backupPattern(stem)
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
