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
	"strings"
	"time"

	"github.com/glebarez/sqlite"
)

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
	// The in-header page count is valid only when the change counter
	// matches version-valid-for (SQLite ≥ 3.7.0 keeps them in step).
	if binary.BigEndian.Uint32(buf[24:28]) == binary.BigEndian.Uint32(buf[92:96]) {
		h.pages = int64(binary.BigEndian.Uint32(buf[28:32]))
	}
	if d := checkFreelist(f, h, buf, live); d != "" {
		return header{}, corrupt(d)
	}
	if live {
		return h, nil
	}
	if size%h.pageSize != 0 {
		return header{}, corrupt(fmt.Sprintf("file size %d is not a whole number of %d-byte pages", size, h.pageSize))
	}
	if h.pages*h.pageSize > size {
		return header{}, corrupt(fmt.Sprintf("truncated: %d of %d pages", size/h.pageSize, h.pages))
	}
	return h, nil
}

// maxTrunks bounds the walk of the freelist: a trunk page lists up to
// pageSize/4-2 free pages, so even a 4 GiB file with half its pages free
// has a few hundred trunks; more means a loop.
const maxTrunks = 1 << 16

// checkFreelist compares the header's count of free pages with the
// freelist it heads, reading only the freelist's trunk pages (a few pages
// even on a large file, where quick_check reads all of them), and
// returns what is wrong, or "". Page 1 alone is self-consistent even while
// a WAL holds newer pages, but the trunk pages on disk may be older than
// the WAL's, so a disagreement there is left to SQLite and to the full
// check (Store.CheckIntegrity).
func checkFreelist(f *os.File, h header, buf []byte, live bool) string {
	trunk := int64(binary.BigEndian.Uint32(buf[32:36]))
	count := int64(binary.BigEndian.Uint32(buf[36:40]))
	switch {
	case (trunk == 0) != (count == 0):
		return fmt.Sprintf("freelist of %d pages starting at page %d", count, trunk)
	case h.pages > 0 && (trunk > h.pages || count >= h.pages):
		return fmt.Sprintf("freelist of %d pages starting at page %d in a file of %d pages", count, trunk, h.pages)
	}
	if live {
		return ""
	}
	var seen int64
	page := make([]byte, 8)
	for i := 0; trunk != 0; i++ {
		if i == maxTrunks {
			return "freelist loops"
		}
		if _, err := f.ReadAt(page, (trunk-1)*h.pageSize); err != nil {
			return "" // past the end: the size checks or SQLite say so
		}
		seen += 1 + int64(binary.BigEndian.Uint32(page[4:8]))
		trunk = int64(binary.BigEndian.Uint32(page[0:4]))
	}
	if seen != count {
		return fmt.Sprintf("freelist count %d, but the freelist has %d pages", count, seen)
	}
	return ""
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

// inspectSQL is the part of inspect that needs SQLite. For a database to
// open it reads the schema and the migrations table, a few pages. Reading
// the whole file (PRAGMA quick_check) took 0.37–0.51 s of the 0.45–0.50 s
// `print agreement` took on a 182 MB register (120,000 households), at
// every start of every subcommand and of the window; without it Open
// takes 3 ms there and the whole command 0.05 s. So that check runs after
// the window shows (Store.CheckIntegrity). A backup to restore still gets
// the full integrity_check before it replaces anything.
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

	if o.backup {
		if err := checkIntegrity(ctx, conn, path, "PRAGMA integrity_check", KeyDBCorrupt); err != nil {
			return fileInfo{}, err
		}
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

// checkIntegrity runs check (PRAGMA quick_check or integrity_check) and
// refuses a damaged file with an error of key.
func checkIntegrity(ctx context.Context, conn *sql.Conn, path, check, key string) error {
	problems, err := queryStrings(ctx, conn, check)
	if err != nil {
		de := classify(path, "check", err)
		if errors.Is(de, ErrCorrupt) {
			return fileError(key, path, err, "Detail", err.Error())
		}
		return de
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fileError(key, path, nil, "Detail", firstLines(problems, 3))
	}
	return nil
}

// CheckIntegrity reads the whole database file and returns ErrCorrupt
// (with key KeyDBDamaged and what SQLite found as Args["Detail"]) when
// SQLite finds it damaged (PRAGMA quick_check). Open checks only the
// header, the identity and the schema, so that opening does not read the
// whole file: this is the full check, which the window runs in the
// background once it shows, before the day's automatic backup. It reads
// through a connection of its own, beside the store's writers (WAL), and
// stops when ctx is cancelled. It took 0.37–0.51 s on a 182 MB register.
func (s *Store) CheckIntegrity(ctx context.Context) (err error) {
	if s.onServer() {
		return nil // the server checks its own pages; there is no file to read
	}
	// A connection of its own, not one of the pool's: a pooled one would
	// keep up to cache_size (16 MiB) of the pages read in its cache.
	db, err := sql.Open(sqlite.DriverName, fileURI(s.path)+"?mode=ro"+
		fmt.Sprintf("&_pragma=busy_timeout(%d)", defaultBusyTimeout.Milliseconds()))
	if err != nil {
		return classify(s.path, "check", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = classify(s.path, "check", cerr)
		}
	}()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return classify(s.path, "check", err)
	}
	defer conn.Close()
	return checkIntegrity(ctx, conn, s.path, "PRAGMA quick_check", KeyDBDamaged)
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
