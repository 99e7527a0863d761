package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
}

// Open opens the database at path, creating it (and its folder) when the
// path does not exist or is an empty file, and upgrading it in place, after
// an automatic backup, when it comes from an earlier release.
//
// Before anything writes to an existing file, Open checks it: the header is
// read in Go, then SQLite checks the file through a read-only connection.
// A file that is not SQLite, not Jiedao's, from a newer release or damaged
// is refused with ErrNotSQLite, ErrNotJiedao, ErrNewerVersion or ErrCorrupt
// and left exactly as it was. A file locked by another program gives
// ErrInUse.
//
// The check reads the whole file once (PRAGMA quick_check); that costs about
// a second per few hundred megabytes, paid once at start-up.
func Open(path string) (*Store, error) {
	return open(path, options{})
}

func open(path string, o options) (*Store, error) {
	if path == "" {
		return nil, errors.New("data: open: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("data: open %s: %w", path, err)
	}
	migs := o.migrations
	if migs == nil {
		migs = migrations()
	}
	busy := o.busyTimeout
	if busy == 0 {
		busy = defaultBusyTimeout
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("data: create the database folder: %w", err)
	}

	ctx := context.Background()
	info, err := inspect(ctx, abs, checkOptions{known: migrationIDs(migs), busy: busy})
	if err != nil {
		return nil, err
	}

	s := &Store{Now: o.now, path: abs, writer: make(chan struct{}, 1), known: migrationIDs(migs)}
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
	// Every connection has its own page cache (cache_size), so keep the
	// pool small; SQLite has one writer at a time anyway.
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(4)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)

	if err := s.setUp(ctx, info, migs); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return s, nil
}

// setUp brings the schema up to date and loads what the store caches.
func (s *Store) setUp(ctx context.Context, info fileInfo, migs []*gormigrate.Migration) error {
	var mode string
	if err := s.db.WithContext(ctx).Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil {
		return classify(s.path, "open", err)
	}
	if !strings.EqualFold(mode, "wal") {
		// Without WAL, two Jiedao windows would block each other's
		// reads; something holds the file in another mode.
		return fileError(KeyDBInUse, s.path, fmt.Errorf("journal_mode is %q, not wal", mode))
	}

	applied := len(info.migrationIDs)
	var backup string
	if applied > 0 && applied < len(migs) {
		// An earlier release's file: keep a copy as it was before the
		// schema changes, so the upgrade can never lose data.
		name := fmt.Sprintf("%s-before-upgrade-v%d-%s", backupStem(s.path), applied, s.now().Format(stampLayout))
		var err error
		backup, err = s.vacuumInto(ctx, s.BackupDir(), name)
		if err != nil {
			return fileError(KeyDBUpgrade, s.path, err, "Backup", "—")
		}
	}
	if err := runMigrations(ctx, s.db, migs); err != nil {
		if errors.Is(err, gormigrate.ErrUnknownPastMigration) {
			return fileError(KeyDBNewer, s.path, err, "Version", applied, "Known", len(migs))
		}
		if de := classify(s.path, "migrate", err); errors.Is(de, ErrInUse) {
			return de
		}
		if backup == "" {
			return fmt.Errorf("data: initialise %s: %w", s.path, err)
		}
		return fileError(KeyDBUpgrade, s.path, err, "Backup", backup)
	}
	if backup != "" {
		err := s.Tx(ctx, func(tx *Tx) error {
			return tx.Audit(ActionUpgrade, EntityDatabase, 0,
				map[string]any{"version": applied},
				map[string]any{"version": len(migs), "backup": backup})
		})
		if err != nil {
			return err
		}
	}
	return s.loadOperator(ctx)
}

// readWriteDSN is the DSN of the store's pool. _pragma parameters run on
// every new connection, so each pooled connection gets them, not only the
// first. _txlock=immediate makes every transaction take the write lock at
// BEGIN, so a writer waits (busy_timeout) instead of failing when it
// upgrades from reading to writing under another writer.
func readWriteDSN(path string, busy time.Duration) string {
	return fileURI(path) + "?" + strings.Join([]string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busy.Milliseconds()),
		"_pragma=foreign_keys(1)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
		"_pragma=cache_size(-65536)", // 64 MiB
		"_pragma=temp_store(MEMORY)",
		"_txlock=immediate",
	}, "&")
}

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// header is what Open needs from the first 100 bytes of a database file
// (https://www.sqlite.org/fileformat.html#the_database_header).
type header struct {
	pageSize      int64
	pages         int64 // in-header database size, 0 when not valid
	userVersion   uint32
	applicationID uint32
}

// readHeader reads and sanity-checks the header of the file at path, of
// size bytes, in Go, before SQLite opens it. When live (a -wal file exists:
// the database is open elsewhere, or was not closed cleanly) the file's
// size is not checked against the header: a checkpoint in progress may
// have written page 1 before the pages that grow the file.
func readHeader(path string, size int64, live bool) (header, error) {
	f, err := os.Open(path)
	if err != nil {
		return header{}, fmt.Errorf("data: read %s: %w", path, err)
	}
	defer f.Close()
	buf := make([]byte, 100)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return header{}, fmt.Errorf("data: read %s: %w", path, err)
	}
	buf = buf[:n]
	if n < len(sqliteMagic) || !bytes.Equal(buf[:len(sqliteMagic)], []byte(sqliteMagic)) {
		return header{}, fileError(KeyDBNotSQLite, path, nil)
	}
	corrupt := func(detail string) error {
		return fileError(KeyDBCorrupt, path, nil, "Detail", detail)
	}
	if n < 100 {
		return header{}, corrupt("truncated header")
	}
	var h header
	h.pageSize = int64(binary.BigEndian.Uint16(buf[16:18]))
	if h.pageSize == 1 {
		h.pageSize = 65536
	}
	if h.pageSize < 512 || h.pageSize > 65536 || h.pageSize&(h.pageSize-1) != 0 {
		return header{}, corrupt(fmt.Sprintf("page size %d", h.pageSize))
	}
	if buf[18] < 1 || buf[18] > 2 || buf[19] < 1 || buf[19] > 2 {
		return header{}, corrupt(fmt.Sprintf("file format %d/%d", buf[18], buf[19]))
	}
	h.userVersion = binary.BigEndian.Uint32(buf[60:64])
	h.applicationID = binary.BigEndian.Uint32(buf[68:72])
	if live {
		return h, nil
	}
	if size%h.pageSize != 0 {
		return header{}, corrupt(fmt.Sprintf("file size %d is not a whole number of %d-byte pages", size, h.pageSize))
	}
	// The in-header page count is valid only when the change counter
	// matches version-valid-for (SQLite ≥ 3.7.0 keeps them in step).
	if binary.BigEndian.Uint32(buf[24:28]) == binary.BigEndian.Uint32(buf[92:96]) {
		h.pages = int64(binary.BigEndian.Uint32(buf[28:32]))
		if h.pages*h.pageSize > size {
			return header{}, corrupt(fmt.Sprintf("truncated: %d of %d pages", size/h.pageSize, h.pages))
		}
	}
	return h, nil
}

// checkOptions say how strictly inspect judges a file.
type checkOptions struct {
	known  []string      // migration IDs this release knows, in order
	busy   time.Duration // how long to wait for a lock
	backup bool          // a backup to restore: must be Jiedao's; full integrity_check
}

// fileInfo is what inspect learnt about a file it accepted.
type fileInfo struct {
	fresh        bool     // missing or empty: to be initialised
	migrationIDs []string // migrations applied, as recorded in the file
}

// inspect decides whether the file at path may be opened (or restored)
// without changing a byte of it. It reads the header in Go, then asks SQLite
// through a read-only connection. When no -wal file exists nobody has the
// database open, so the connection is immutable=1, which makes SQLite skip
// locking and never create -wal or -shm files beside the file.
func inspect(ctx context.Context, path string, o checkOptions) (fileInfo, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) && !o.backup {
		return fileInfo{fresh: true}, nil
	}
	if err != nil {
		return fileInfo{}, fmt.Errorf("data: %s: %w", path, err)
	}
	if st.IsDir() {
		return fileInfo{}, fmt.Errorf("data: %s is a folder, not a database file", path)
	}
	if st.Size() == 0 {
		if o.backup {
			return fileInfo{}, fileError(KeyDBNotSQLite, path, errors.New("empty file"))
		}
		return fileInfo{fresh: true}, nil
	}
	h, err := readHeader(path, st.Size(), exists(path+"-wal"))
	if err != nil {
		return fileInfo{}, err
	}
	known := len(o.known)
	if h.applicationID != 0 && h.applicationID != ApplicationID {
		return fileInfo{}, fileError(KeyDBNotJiedao, path, fmt.Errorf("application_id %#x", h.applicationID))
	}
	if h.applicationID == ApplicationID && int64(h.userVersion) > int64(known) {
		return fileInfo{}, fileError(KeyDBNewer, path, nil, "Version", h.userVersion, "Known", known)
	}
	return inspectSQL(ctx, path, o)
}

// inspectSQL is the part of inspect that needs SQLite.
func inspectSQL(ctx context.Context, path string, o checkOptions) (info fileInfo, err error) {
	db, err := openReadOnly(path, o.busy)
	if err != nil {
		return fileInfo{}, classify(path, "check", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = classify(path, "check", cerr)
		}
	}()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fileInfo{}, classify(path, "check", err)
	}
	defer conn.Close()

	if err := checkIntegrity(ctx, conn, path, o.backup); err != nil {
		return fileInfo{}, err
	}
	version, fresh, err := checkIdentity(ctx, conn, path, o)
	if err != nil || fresh {
		return fileInfo{fresh: fresh}, err
	}
	info.migrationIDs, err = checkMigrations(ctx, conn, path, o, version)
	if err != nil {
		return fileInfo{}, err
	}
	return info, nil
}

// checkIntegrity runs SQLite's quick check (the full integrity check for
// a backup) and refuses a damaged file.
func checkIntegrity(ctx context.Context, conn *sql.Conn, path string, backup bool) error {
	check := "PRAGMA quick_check"
	if backup {
		check = "PRAGMA integrity_check"
	}
	problems, err := queryStrings(ctx, conn, check)
	if err != nil {
		return classify(path, "check", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fileError(KeyDBCorrupt, path, nil, "Detail", firstLines(problems, 3))
	}
	return nil
}

// checkIdentity refuses another program's database and one of a newer
// release, and returns the schema version; fresh is an empty SQLite file,
// ours to fill (not as a backup).
func checkIdentity(ctx context.Context, conn *sql.Conn, path string, o checkOptions) (version int64, fresh bool, err error) {
	var appID int64
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, false, classify(path, "check", err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, false, classify(path, "check", err)
	}
	var tables int
	err = conn.QueryRowContext(ctx,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").Scan(&tables)
	if err != nil {
		return 0, false, classify(path, "check", err)
	}
	switch {
	case uint32(appID) == ApplicationID:
	case appID == 0 && tables == 0 && !o.backup:
		return version, true, nil
	default:
		return 0, false, fileError(KeyDBNotJiedao, path, fmt.Errorf("application_id %#x, %d tables", appID, tables))
	}
	if known := len(o.known); version > int64(known) {
		return 0, false, fileError(KeyDBNewer, path, nil, "Version", version, "Known", known)
	}
	return version, false, nil
}

// checkMigrations returns the migrations the file records, refusing one
// this release does not know (the file is then of a newer one).
func checkMigrations(ctx context.Context, conn *sql.Conn, path string, o checkOptions, version int64) ([]string, error) {
	var hasMigrations int
	err := conn.QueryRowContext(ctx,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", migrationTable).Scan(&hasMigrations)
	if err != nil {
		return nil, classify(path, "check", err)
	}
	if hasMigrations == 0 {
		return nil, nil
	}
	ids, err := queryStrings(ctx, conn, "SELECT id FROM "+migrationTable)
	if err != nil {
		return nil, classify(path, "check", err)
	}
	known := len(o.known)
	knownSet := make(map[string]bool, known)
	for _, id := range o.known {
		knownSet[id] = true
	}
	for _, id := range ids {
		if !knownSet[id] {
			return nil, fileError(KeyDBNewer, path, fmt.Errorf("unknown migration %q", id),
				"Version", max(int64(len(ids)), version), "Known", known)
		}
	}
	return ids, nil
}

// openReadOnly opens path for looking only. See inspect for immutable=1.
func openReadOnly(path string, busy time.Duration) (*sql.DB, error) {
	dsn := fileURI(path) + "?mode=ro"
	if !exists(path + "-wal") {
		dsn += "&immutable=1"
	}
	dsn += fmt.Sprintf("&_pragma=busy_timeout(%d)", busy.Milliseconds())
	db, err := sql.Open(sqlite.DriverName, dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// queryStrings returns the first column of every row of query.
func queryStrings(ctx context.Context, conn *sql.Conn, query string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// firstLines joins up to n of lines for an error message.
func firstLines(lines []string, n int) string {
	if len(lines) == 0 {
		return "no result"
	}
	if len(lines) > n {
		lines = append(lines[:n:n], "…")
	}
	return strings.Join(lines, "; ")
}
