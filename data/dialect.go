package data

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// dialect is what differs between the two engines a register can live in,
// decided once at Open: a SQLite file on one desk (sqliteDialect) or the
// office's PostgreSQL server, shared by every desk (postgresDialect). The
// models, the migrations and nearly every query are the same on both;
// what is not is answered here or, where a query differs, behind
// isSQLite(db) beside the query itself.
//
// The SQLite-specific pieces of data and their answer on PostgreSQL (plain
// PostgreSQL 12 SQL, no extension, so KingbaseES and openGauss serve too):
//
//   - PRAGMA application_id / user_version (the file's identity and
//     version, migrate.go): the migrations table alone; a database whose
//     tables are not Jiedao's is refused untouched (inspectServer).
//   - sqlite_master (integrity.go, audit_carry.go): information_schema,
//     in the connection's schema (current_schema()).
//   - PRAGMA journal_mode = WAL (open.go, setUp): no equivalent needed;
//     readers never block writers under MVCC.
//   - busy_timeout / SQLITE_BUSY: lock_timeout on every connection; a
//     lock not had in time (55P03) is ErrInUse, as SQLITE_BUSY is.
//   - BEGIN IMMEDIATE (_txlock): READ COMMITTED transactions; what must
//     be one at a time across desks takes a row lock (the audit chain's
//     head: SELECT … FOR UPDATE in appendAudit) or an advisory lock (the
//     migrations, runMigrations).
//   - VACUUM INTO (backup.go, the backup before an upgrade): the upgrade
//     runs in one transaction, DDL included, so a failed one leaves the
//     register as it was; backups of a server are the server's (pg_dump)
//     and Backup says so (KeyServerBackup); AutoBackup has nothing to do.
//   - RestoreFile over the file (restore.go): refused for a server
//     (KeyServerRestore).
//   - PRAGMA quick_check / integrity_check, the header and freelist checks
//     (integrity.go): the server checks its own pages; CheckIntegrity has
//     no file to read and returns nil.
//   - leftovers beside the file, the lock file, the foreign-file checks of
//     a path (leftovers.go, files*.go): no file, nothing to do.
//   - FTS5 tables household_grams and meeting_grams (search_address.go,
//     meeting_search.go): the address branch falls back to ILIKE over the
//     address and the meetings' to strpos over the app-maintained key
//     column (containsSQL): the same results, without an index yet (a
//     character-pair table with a B-tree is the plan; no pg_trgm).
//   - json_each for long IN lists (import_lookup.go): plain IN ?.
//   - INSERT OR FAIL, sqlite_sequence and prepared multi-row inserts
//     (bulk.go, seed.go): GORM's batched Create and the sequences.
//   - VACUUM (Compact): VACUUM (ANALYZE), so that the planner has the
//     statistics right after bulk work.
//   - instr: strpos (containsSQL).
//   - LIKE: case-insensitive for ASCII on SQLite, case-sensitive on
//     PostgreSQL, so likeSQL writes ILIKE there; ESCAPE '\' on both.
//   - A comparison used as a number ((sex = ?) * 10⁸) and CAST of text
//     that is no number: spelt out with CASE and NULLIF
//     (packedSexBirthSQL); an untyped ? where a column wants an integer:
//     CAST(? AS BIGINT).
//   - Read-then-write counters (agreement numbers): one upsert …
//     RETURNING, the same SQL on both (SQLite 3.35+).
//   - NUL in text: PostgreSQL cannot store it; the importer drops it.
//   - Ordering: Chinese lists sort by the app-maintained pinyin columns
//     (ASCII), never by the database's collation of Chinese; create the
//     database with LC_COLLATE 'C' (README, "Office server") so ties and
//     mixed text order as SQLite's BINARY does.
//   - Dates: stored as ISO text (YYYY-MM-DD) and compared as text on both;
//     no strftime, julianday or date() anywhere.
type dialect interface {
	// name is GORM's name of the dialect: "sqlite" or "postgres".
	name() string
	// checkSession checks what the store's rules need of the opened
	// database (SQLite: the journal is WAL).
	checkSession(ctx context.Context, s *Store) error
	// backupBeforeUpgrade keeps a copy of a register of an earlier
	// release before its schema changes, and returns where ("" when the
	// engine's transaction is the safeguard).
	backupBeforeUpgrade(ctx context.Context, s *Store, applied int) (string, error)
	// classify is the user's error for what the engine said, or nil.
	classify(err error) *Error
	// lockMigrations, inside the migrations' transaction, waits for any
	// other desk migrating the same register.
	lockMigrations(tx *gorm.DB) error
}

// sqliteDialect is the single file on one desk.
type sqliteDialect struct{ path string }

func (sqliteDialect) name() string { return "sqlite" }

func (d sqliteDialect) checkSession(ctx context.Context, s *Store) error {
	var mode string
	if err := s.db.WithContext(ctx).Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil {
		return classify(d.path, "open", err)
	}
	if !strings.EqualFold(mode, "wal") {
		// Without WAL, two Jiedao windows would block each other's
		// reads; something holds the file in another mode.
		return fileError(KeyDBInUse, d.path, fmt.Errorf("journal_mode is %q, not wal", mode))
	}
	return nil
}

func (d sqliteDialect) backupBeforeUpgrade(ctx context.Context, s *Store, applied int) (string, error) {
	// An earlier release's file: keep a copy as it was before the schema
	// changes, so the upgrade can never lose data.
	name := fmt.Sprintf("%s-before-upgrade-v%d-%s", backupStem(d.path), applied, s.now().Format(stampLayout))
	return s.vacuumInto(ctx, s.BackupDir(), name)
}

func (d sqliteDialect) classify(err error) *Error { return classifySQLite(d.path, err) }

// lockMigrations: the migrations' transaction is BEGIN IMMEDIATE, which
// holds the file's write lock already.
func (sqliteDialect) lockMigrations(*gorm.DB) error { return nil }

// containsSQL is the condition that the text column col contains the
// bound string, taken as it is (no pattern characters): instr on SQLite,
// strpos on PostgreSQL.
func containsSQL(db *gorm.DB, col string) string {
	if isSQLite(db) {
		return "instr(" + col + ", ?) > 0"
	}
	return "strpos(" + col + ", ?) > 0"
}

// likeSQL is "col LIKE ? ESCAPE '\'", matching ASCII letters in either
// case on both engines as SQLite's LIKE does: ILIKE on PostgreSQL, whose
// LIKE tells cases apart. Chinese characters have no case on either.
func likeSQL(db *gorm.DB, col string) string {
	if isSQLite(db) {
		return col + ` LIKE ? ESCAPE '\'`
	}
	return col + ` ILIKE ? ESCAPE '\'`
}

// packedSexBirthSQL is the statistics' packed column, S·10⁸ + YYYYMMDD
// (stats.go): on SQLite a comparison is 0 or 1 and a cast of text that is
// no number 0; PostgreSQL needs both spelt out.
func packedSexBirthSQL(db *gorm.DB) string {
	if isSQLite(db) {
		return "(sex = ?) * 100000000 + CAST(replace(birth_date, '-', '') AS INTEGER)"
	}
	return "CASE WHEN sex = ? THEN 100000000 ELSE 0 END + COALESCE(CAST(NULLIF(replace(birth_date, '-', ''), '') AS INTEGER), 0)"
}

// What lockNumbering serialises: the second key of the advisory lock
// (the first is ApplicationID, as the migrations'; their second key is a
// schema's OID, never this small).
const (
	numberingHouseholds int32 = 1
)

// lockNumbering makes the desks that give out numbers of one kind (from
// the largest number so far) on the office server do so one transaction
// at a time: pg_advisory_xact_lock, released when the transaction ends.
// Nothing on SQLite, where a write transaction holds the file's lock.
func lockNumbering(db *gorm.DB, what int32) error {
	if isSQLite(db) {
		return nil
	}
	return db.Exec("SELECT pg_advisory_xact_lock(?, ?)", int32(ApplicationID), what).Error
}
