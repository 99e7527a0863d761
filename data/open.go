package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// defaultBusyTimeout is how long a connection waits for another writer (in
// this or another Jiedao process) before giving up with ErrInUse.
const defaultBusyTimeout = 5 * time.Second

// options are the knobs tests turn; Open uses the zero value.
type options struct {
	migrations  []*gormigrate.Migration // nil: migrations()
	busyTimeout time.Duration           // 0: defaultBusyTimeout
	now         func() time.Time        // nil: time.Now
	mustExist   bool                    // OpenExisting: a missing file is ErrNoDatabase
	fsType      fsTypeFunc              // nil: localFSType (tests fake a network share)
}

// Open opens the database at path, creating it (and its folder) when the
// path does not exist or is an empty file, and upgrading it in place, after
// an automatic backup, when it comes from an earlier release.
//
// Before anything writes to an existing file, Open checks it: the header
// (and its freelist) is read in Go, then SQLite reads the identity, the
// schema and the migrations through a read-only connection. A file that is
// not SQLite, not Jiedao's, from a newer release or visibly damaged is
// refused with ErrNotSQLite, ErrNotJiedao, ErrNewerVersion or ErrCorrupt
// and left exactly as it was. Open does not read the whole file: damage
// deeper in it is for Store.CheckIntegrity to find.
//
// A database with nothing to migrate is opened without taking the write
// lock, so a command that only reads runs beside another process's import.
// A lock that cannot be had within the busy timeout (5 s) gives ErrInUse
// (key KeyDBBusy), a read-only file or folder ErrReadOnly. Leftovers of a
// backup, restore or export that was killed are removed (RemoveLeftovers).
func Open(path string) (*Store, error) {
	return open(path, options{})
}

// OpenExisting is Open for a database that must already be there, for
// the commands that are not meant to start a new register: a path where
// there is no file gives ErrNoDatabase and creates nothing. An empty file
// is still a new register, as with Open.
func OpenExisting(path string) (*Store, error) {
	return open(path, options{mustExist: true})
}

func open(path string, o options) (s *Store, err error) {
	if IsServerURL(path) {
		return openServer(path, o)
	}
	fsType := o.fsType
	if fsType == nil {
		fsType = localFSType
	}
	if err := checkLocation(path, fsType); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("data: open %s: %w", path, err)
	}
	// No panic of the driver or the migrations leaves the package: the
	// caller gets an error saying which file, with the stack for its
	// crash log.
	defer func() {
		if r := recover(); r != nil {
			if s != nil && s.engine != nil && s.sqlDB != nil {
				_ = s.Close()
			}
			s, err = nil, fileError(KeyDBOpen, abs, &PanicError{Value: r, Stack: debug.Stack()})
		}
	}()
	migs := o.migrations
	if migs == nil {
		migs = migrations()
	}
	busy := o.busyTimeout
	if busy == 0 {
		busy = defaultBusyTimeout
	}
	if err := prepareFile(abs, o.mustExist); err != nil {
		return nil, err
	}

	ctx := context.Background()
	info, err := inspect(ctx, abs, checkOptions{known: migrationIDs(migs), busy: busy})
	if err != nil {
		return nil, err
	}
	// The file is ours: what a killed backup or restore left beside it
	// can go (unless another process may still be writing it).
	_, _ = RemoveLeftovers(abs)

	s = &Store{engine: &engine{Now: o.now, path: abs, dialect: sqliteDialect{path: abs}, writer: make(chan struct{}, 1), known: migrationIDs(migs)}}
	if s.Now == nil {
		s.Now = time.Now
	}
	db, err := gorm.Open(sqlite.Open(readWriteDSN(abs, busy)), &gorm.Config{
		Logger: logger.Discard,
		// The store's clock stamps CreatedAt, UpdatedAt and DeletedAt,
		// so tests that fix Now get fixed timestamps too.
		NowFunc: func() time.Time { return s.now() },
		// Unique and foreign-key violations come back as
		// gorm.ErrDuplicatedKey / gorm.ErrForeignKeyViolated, the same
		// on PostgreSQL.
		TranslateError: true,
	})
	if err != nil {
		return nil, classify(abs, "open", err)
	}
	s.db = db
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("data: open %s: %w", abs, err)
	}
	s.sqlDB = sqlDB
	storeOpened(s)
	// Every connection has its own page cache (cache_size), so keep the
	// pool small; SQLite has one writer at a time anyway.
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(4)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)

	if err := s.setUp(ctx, info, migs); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// prepareFile makes sure there is a file at path for SQLite to open: a
// missing one is an error when mustExist, else it is created empty (a new
// register), readable by its owner only, in a folder made the same way.
// SQLite gives the -wal and -shm files the database file's permissions.
func prepareFile(path string, mustExist bool) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("data: %s is a folder, not a database file", path)
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fileError(KeyDBOpen, path, err)
	case mustExist:
		return fileError(KeyDBNotFound, path, nil)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fileWriteError(path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil // another process made it a moment ago
	}
	if err != nil {
		return fileWriteError(path, err)
	}
	return f.Close()
}

// setUp brings the schema up to date and loads what the store caches.
func (s *Store) setUp(ctx context.Context, info fileInfo, migs []*gormigrate.Migration) error {
	if err := s.dialect.checkSession(ctx, s); err != nil {
		return err
	}
	if pending(info, migs) {
		if err := s.migrate(ctx, info, migs); err != nil {
			return err
		}
	}
	return s.loadOperator(ctx)
}

// pending reports whether the file lacks a migration of migs. When it
// lacks none, Open takes no write lock.
func pending(info fileInfo, migs []*gormigrate.Migration) bool {
	if info.fresh {
		return true
	}
	for _, m := range migs {
		if !slices.Contains(info.migrationIDs, m.ID) {
			return true
		}
	}
	return false
}

// migrate initialises a new file or upgrades an earlier release's, with
// a backup first in the second case.
func (s *Store) migrate(ctx context.Context, info fileInfo, migs []*gormigrate.Migration) error {
	applied := len(info.migrationIDs)
	var backup string
	if applied > 0 && applied < len(migs) {
		var err error
		backup, err = s.dialect.backupBeforeUpgrade(ctx, s, applied)
		if err != nil {
			return fileError(KeyDBUpgrade, s.path, err, "Backup", "—")
		}
	}
	// The upgrade's audit entry is written in the migrations'
	// transaction: a file is never upgraded without one.
	var audit func(tx *gorm.DB) error
	if backup != "" {
		audit = func(gtx *gorm.DB) error {
			return (&Tx{db: gtx, store: s}).Audit(ActionUpgrade, EntityDatabase, 0,
				map[string]any{"version": applied},
				map[string]any{"version": len(migs), "backup": backup})
		}
	}
	err := runMigrations(ctx, s.db, migs, audit)
	if err == nil {
		return nil
	}
	if errors.Is(err, gormigrate.ErrUnknownPastMigration) {
		return fileError(KeyDBNewer, s.path, err, "Version", applied, "Known", len(migs))
	}
	if de := s.dialect.classify(err); de != nil && (errors.Is(de, ErrInUse) || errors.Is(de, ErrReadOnly)) {
		return de
	}
	if backup == "" {
		return fmt.Errorf("data: initialise %s: %w", s.path, err)
	}
	return fileError(KeyDBUpgrade, s.path, err, "Backup", backup)
}

// pageCacheKiB is the page cache of each of the store's connections, in
// KiB (PRAGMA cache_size). Measured side by side on 120,000 households
// (docs/BENCHMARKS.md, "Start-up and memory"): 16 MiB searches as fast as
// 64 MiB did (8 MiB made the phone-tail search 2.5× slower), the
// dashboard's scans read each page once and gain nothing from a larger
// cache, and the search benchmark's peak RSS fell from 150 to 68 MB.
const pageCacheKiB = 16384

// readWriteDSN is the DSN of the store's pool. _pragma parameters run on
// every new connection, so each pooled connection gets them, not only the
// first. _txlock=immediate makes every transaction take the write lock at
// BEGIN, so a writer waits (busy_timeout) instead of failing when it
// upgrades from reading to writing under another writer. Reads outside a
// transaction take no write lock; setting journal_mode to WAL on a file
// already in WAL takes none either.
func readWriteDSN(path string, busy time.Duration) string {
	return fileURI(path) + "?" + strings.Join([]string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busy.Milliseconds()),
		"_pragma=foreign_keys(1)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
		fmt.Sprintf("_pragma=cache_size(%d)", -pageCacheKiB),
		"_pragma=temp_store(MEMORY)",
		"_txlock=immediate",
	}, "&")
}
