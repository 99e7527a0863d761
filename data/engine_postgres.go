package data

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// serverInfo names a server's register in messages: host:port, the
// database and the user, never the password.
type serverInfo struct {
	loc      string // the URL without its password (Store.Path)
	server   string // host:port
	database string
	user     string
}

func (i serverInfo) args(kv ...any) map[string]any {
	m := map[string]any{"Server": i.server, "Database": i.database, "User": i.user, "Path": i.loc}
	for j := 0; j+1 < len(kv); j += 2 {
		m[kv[j].(string)] = kv[j+1]
	}
	return m
}

// parseServerURL checks a postgres:// URL: it must parse, name a host and
// a database, and have a known sslmode.
func parseServerURL(loc string) (serverInfo, error) {
	shown := RedactLocation(loc)
	bad := func(detail string) error {
		return &Error{Key: KeyServerURL, Args: map[string]any{"Location": shown, "Detail": detail}}
	}
	u, err := url.Parse(strings.TrimSpace(loc))
	if err != nil {
		return serverInfo{}, bad("URL")
	}
	if u.Hostname() == "" {
		return serverInfo{}, bad("host")
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" || strings.Contains(db, "/") {
		return serverInfo{}, bad("database")
	}
	switch mode := u.Query().Get("sslmode"); mode {
	case "", "disable", "allow", "prefer", "require", "verify-ca", "verify-full":
	default:
		return serverInfo{}, bad("sslmode=" + mode)
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	info := serverInfo{loc: shown, server: net.JoinHostPort(u.Hostname(), port), database: db}
	if u.User != nil {
		info.user = u.User.Username()
	}
	return info, nil
}

// serverLockTimeout is how long a statement waits for a row or table
// lock another desk holds before it gives up with ErrInUse, as SQLite's
// busy timeout does on one desk.
const serverLockTimeout = defaultBusyTimeout

// serverConnectTimeout bounds how long an unreachable server keeps the
// desk waiting before the message says so.
const serverConnectTimeout = 10 * time.Second

// serverDSN adds what every connection of the store needs to loc, unless
// the URL sets it: the lock timeout, a connect timeout, and the
// application's name in pg_stat_activity, so IT staff see the desks.
func serverDSN(loc string, lockTimeout time.Duration) string {
	u, err := url.Parse(strings.TrimSpace(loc))
	if err != nil {
		return loc
	}
	q := u.Query()
	set := func(k, v string) {
		if !q.Has(k) {
			q.Set(k, v)
		}
	}
	set("lock_timeout", fmt.Sprintf("%d", lockTimeout.Milliseconds()))
	set("connect_timeout", fmt.Sprintf("%d", int(serverConnectTimeout.Seconds())))
	set("application_name", "jiedao")
	u.RawQuery = q.Encode()
	return u.String()
}

// openServer is Open for a register on a PostgreSQL server. As with a
// file, the database is looked at before anything writes to it: another
// program's tables (ErrNotJiedao) and a newer release's migrations
// (ErrNewerVersion) are refused and left untouched; an empty database is
// a new register.
func openServer(loc string, o options) (*Store, error) {
	info, err := parseServerURL(loc)
	if err != nil {
		return nil, err
	}
	migs := o.migrations
	if migs == nil {
		migs = migrations()
	}
	busy := o.busyTimeout
	if busy == 0 {
		busy = serverLockTimeout
	}
	d := postgresDialect{info: info}
	s := &Store{engine: &engine{Now: o.now, path: info.loc, dialect: d, writer: make(chan struct{}, 1), known: migrationIDs(migs)}}
	if s.Now == nil {
		s.Now = time.Now
	}
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: serverDSN(loc, busy)}), &gorm.Config{
		Logger:         logger.Discard,
		NowFunc:        func() time.Time { return s.now() },
		TranslateError: true,
	})
	if err != nil {
		return nil, d.classifyOr(err)
	}
	s.db = db
	if s.sqlDB, err = db.DB(); err != nil {
		return nil, fmt.Errorf("data: open %s: %w", info.loc, err)
	}
	// A desk needs a few connections: the lists, a background job and
	// the check of the audit trail; the server has many desks.
	s.sqlDB.SetMaxOpenConns(8)
	s.sqlDB.SetMaxIdleConns(2)
	s.sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	ctx := context.Background()
	fi, err := inspectServer(ctx, db, info, migrationIDs(migs))
	if err != nil {
		_ = s.sqlDB.Close()
		return nil, err
	}
	storeOpened(s)
	if err := s.setUp(ctx, fi, migs); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// inspectServer decides, by reading only, whether the database may be
// used: no tables in its schema is a new register; tables without
// Jiedao's migrations are another program's; migrations this release
// does not know are a newer release's.
func inspectServer(ctx context.Context, db *gorm.DB, info serverInfo, known []string) (fileInfo, error) {
	d := postgresDialect{info: info}
	var tables []string
	err := db.WithContext(ctx).Raw(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).Scan(&tables).Error
	if err != nil {
		return fileInfo{}, d.classifyOr(err)
	}
	if len(tables) == 0 {
		return fileInfo{fresh: true}, nil
	}
	if !slices.Contains(tables, migrationTable) {
		return fileInfo{}, &Error{Key: KeyServerNotJiedao, Args: info.args("Tables", firstLines(tables, 5))}
	}
	var ids []string
	if err := db.WithContext(ctx).Raw("SELECT id FROM " + migrationTable + " ORDER BY id").Scan(&ids).Error; err != nil {
		return fileInfo{}, &Error{Key: KeyServerNotJiedao, Args: info.args(), Err: err}
	}
	if len(ids) > 0 && !slices.Contains(ids, known[0]) {
		return fileInfo{}, &Error{Key: KeyServerNotJiedao, Args: info.args()}
	}
	for _, id := range ids {
		if !slices.Contains(known, id) {
			return fileInfo{}, &Error{Key: KeyServerNewer, Args: info.args("Version", len(ids), "Known", len(known))}
		}
	}
	return fileInfo{fresh: len(ids) == 0, migrationIDs: ids}, nil
}

// postgresDialect is the office server.
type postgresDialect struct{ info serverInfo }

func (postgresDialect) name() string { return "postgres" }

// checkSession: MVCC needs nothing like SQLite's WAL check.
func (postgresDialect) checkSession(context.Context, *Store) error { return nil }

// backupBeforeUpgrade: the upgrade is one transaction, DDL included, so a
// failed one leaves the register exactly as it was; the server's own
// backups (pg_dump) are IT's.
func (postgresDialect) backupBeforeUpgrade(context.Context, *Store, int) (string, error) {
	return "", nil
}

// migrationLockKey is the advisory lock the migrations of a register take
// on its server ("JDO1", ApplicationID), with the register's schema as
// the second key (advisory locks are per database already), so two desks
// opening a new or older register at once migrate it one after the other
// and registers in other schemas do not wait for each other.
const migrationLockKey = int32(ApplicationID)

func (postgresDialect) lockMigrations(tx *gorm.DB) error {
	return tx.Exec("SELECT pg_advisory_xact_lock(?, (SELECT oid::int4 FROM pg_namespace WHERE nspname = current_schema()))", migrationLockKey).Error
}

// classifyOr is classify, or err with the server's name when it is none
// of those.
func (d postgresDialect) classifyOr(err error) error {
	if de := d.classify(err); de != nil {
		return de
	}
	var de *Error
	if errors.As(err, &de) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("data: server %s/%s: %w", d.info.server, d.info.database, err)
}

// classify maps what the server (or the way to it) said to the user's
// error: unreachable, wrong password, no such database, TLS refused or
// unverifiable, and another desk's lock held too long.
func (d postgresDialect) classify(err error) *Error {
	if err == nil {
		return nil
	}
	key := serverErrorKey(err)
	if key == "" {
		return nil
	}
	return &Error{Key: key, Args: d.info.args(), Err: err}
}

// serverErrorKey is the key of classify's error, or "".
func serverErrorKey(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01": // invalid_password
			return KeyServerAuth
		case "28000": // invalid_authorization_specification: pg_hba.conf
			if strings.Contains(pe.Message, "no encryption") {
				return KeyServerTLS // the server wants TLS and the URL said sslmode=disable
			}
			return KeyServerAuth
		case "3D000": // invalid_catalog_name
			return KeyServerNoDatabase
		case "55P03": // lock_not_available: lock_timeout
			return KeyServerBusy
		case "57P03", "53300": // cannot_connect_now, too_many_connections
			return KeyServerUnreachable
		}
		return ""
	}
	if isTLSError(err) {
		return KeyServerTLS
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.As(err, &oe) {
		return KeyServerUnreachable
	}
	return ""
}

// isTLSError reports whether err is the TLS handshake failing: the server
// refused TLS (sslmode=require against a server without it) or its
// certificate did not verify (verify-ca, verify-full).
func isTLSError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) ||
		errors.As(err, &rh) || strings.Contains(err.Error(), "server refused TLS connection")
}

// onServer reports whether the register is on the office server.
func (s *engine) onServer() bool {
	_, ok := s.dialect.(postgresDialect)
	return ok
}

// serverError is the error key for the store's server.
func (s *engine) serverError(key string) error {
	d, _ := s.dialect.(postgresDialect)
	return &Error{Key: key, Args: d.info.args()}
}
