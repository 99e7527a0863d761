package datatest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for creating and dropping test databases

	"jiedao/data"
)

// ServerEnv names the environment variable that points the tests at a
// PostgreSQL server: a URL whose user may create databases, such as
// postgres://jiedao@127.0.0.1:5432/postgres?sslmode=disable
// (build/pg-test.sh starts a throwaway one and sets it). Unset, every
// store is a SQLite file in the test's temporary folder.
const ServerEnv = "JIEDAO_TEST_PG"

// OnServer reports whether MustOpen's stores are on a PostgreSQL server.
func OnServer() bool { return os.Getenv(ServerEnv) != "" }

// SkipOnServer skips a test that is about the database file (a backup
// file, the lock, leftovers beside the file, a restore of a file, a
// process killed mid-write) when the tests run against the server, where
// there is no such file; why says what the test is about.
func SkipOnServer(tb testing.TB, why string) {
	tb.Helper()
	if OnServer() {
		tb.Skipf("about the database file (%s): no such file on PostgreSQL", why)
	}
}

// serverMode is how each test gets a register of its own on the server:
// a fresh schema in the server's database, migrated by Open (the
// default), or with JIEDAO_TEST_PG_MODE=template a database of its own
// cloned from one migrated once (CREATE DATABASE … TEMPLATE). Measured
// with build/pg-test.sh on the 2-core machine (docs/BENCHMARKS.md, "The
// office server"), a whole MustOpen — make the register, open it, log in,
// close, drop it — took 0.69–0.78 s with a schema and 0.93–1.02 s with a
// cloned database: CREATE DATABASE copies and logs every page of the
// template (≈ 0.35 s) and DROP DATABASE checkpoints, while the
// migrations themselves take ≈ 0.3 s.
var serverMode = os.Getenv("JIEDAO_TEST_PG_MODE") // "template", else a schema

// server is the admin connection of the test binary, opened once.
var server struct {
	once     sync.Once
	db       *sql.DB
	base     *url.URL
	mu       sync.Mutex // ensureTemplate
	template string
	err      error
	n        atomic.Int64
}

// urls maps a server store's Path (its URL without the password) to the
// URL it was opened with, for DB's second connection.
var urls sync.Map

// serverStore opens a new, empty register on the server for tb, and
// drops it when tb ends (after the store is closed: cleanups run last
// registered first).
func serverStore(tb testing.TB) (*data.Store, string) {
	tb.Helper()
	server.once.Do(connectServer)
	if server.err != nil {
		tb.Fatalf("datatest: %s: %v", ServerEnv, server.err)
	}
	name := fmt.Sprintf("jt_%d_%d", os.Getpid(), server.n.Add(1))
	u := *server.base
	q := u.Query()
	var drop string
	if serverMode != "template" {
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		exec(tb, `CREATE SCHEMA "`+name+`"`)
		drop = `DROP SCHEMA "` + name + `" CASCADE`
	} else {
		if err := ensureTemplate(); err != nil {
			tb.Fatalf("datatest: the template register: %v", err)
		}
		u.Path = "/" + name
		exec(tb, `CREATE DATABASE "`+name+`" TEMPLATE "`+server.template+`"`)
		drop = `DROP DATABASE IF EXISTS "` + name + `"`
	}
	tb.Cleanup(func() { dropAfterClose(tb, name, drop) })
	loc := u.String()
	s, err := data.Open(loc)
	if err != nil {
		tb.Fatalf("open %s: %v", name, err)
	}
	urls.Store(s.Path(), loc)
	return s, loc
}

func connectServer() {
	loc := os.Getenv(ServerEnv)
	u, err := url.Parse(loc)
	if err != nil {
		server.err = err
		return
	}
	server.base = u
	db, err := sql.Open("pgx", loc)
	if err != nil {
		server.err = err
		return
	}
	db.SetMaxOpenConns(2)
	server.db = db
	server.err = db.Ping()
}

// ensureTemplate makes, once per test binary, the database every test's
// is a copy of: migrated to this release's schema and otherwise empty.
func ensureTemplate() error {
	server.mu.Lock()
	defer server.mu.Unlock()
	if server.template != "" {
		return nil
	}
	name := fmt.Sprintf("jt_%d_template", os.Getpid())
	if _, err := server.db.Exec(`CREATE DATABASE "` + name + `"`); err != nil {
		return err
	}
	u := *server.base
	u.Path = "/" + name
	s, err := data.Open(u.String())
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	server.template = name
	return nil
}

// dropAfterClose drops a test's database or schema. A database cannot be
// dropped while a connection to it is open, and a closed pool's server
// processes take a moment to go: their connections are ended first.
func dropAfterClose(tb testing.TB, name, drop string) {
	if !strings.HasPrefix(drop, "DROP DATABASE") {
		exec(tb, drop)
		return
	}
	var err error
	for range 50 {
		_, _ = server.db.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name)
		if _, err = server.db.Exec(drop); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Errorf("datatest: %s: %v", drop, err)
}

func exec(tb testing.TB, stmt string) {
	tb.Helper()
	if _, err := server.db.Exec(stmt); err != nil {
		tb.Fatalf("datatest: %s: %v", stmt, err)
	}
}

// EmptyServerDatabase makes an empty database on the test server, not
// even migrated, for tests of what Open finds on a server (another
// program's tables, a newer release) and of copying into a server; it is
// dropped when tb ends. It returns the database's URL (with the password,
// when the server's has one) and an admin connection to it, closed before
// the drop. The test is skipped unless OnServer.
func EmptyServerDatabase(tb testing.TB) (string, *sql.DB) {
	tb.Helper()
	if !OnServer() {
		tb.Skipf("needs a PostgreSQL server: set %s (make test-pg)", ServerEnv)
	}
	server.once.Do(connectServer)
	if server.err != nil {
		tb.Fatalf("datatest: %s: %v", ServerEnv, server.err)
	}
	name := fmt.Sprintf("jt_%d_%d", os.Getpid(), server.n.Add(1))
	exec(tb, `CREATE DATABASE "`+name+`"`)
	u := *server.base
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		db.Close()
		dropAfterClose(tb, name, `DROP DATABASE IF EXISTS "`+name+`"`)
	})
	return u.String(), db
}

// ServerURL is the URL (with its password) that the server store s was
// opened with by MustOpen, for a test that opens the same register again
// as another desk would.
func ServerURL(tb testing.TB, s *data.Store) string {
	tb.Helper()
	loc, ok := urls.Load(s.Path())
	if !ok {
		tb.Fatalf("datatest: %s was not opened by MustOpen", s.Path())
	}
	return loc.(string)
}

// KeptServerStore opens the register named name on the test server, kept
// from one run to the next (benchmarks' large registers, which take
// minutes to make): when it is missing, fill makes it, in a database of
// another name that takes name only once fill has succeeded, so a run cut
// short leaves nothing half made under that name. The store is unbound,
// its clock at Epoch, and is closed when tb ends. The test is skipped
// unless OnServer.
func KeptServerStore(tb testing.TB, name string, fill func(s *data.Store) error) *data.Store {
	tb.Helper()
	if !OnServer() {
		tb.Skipf("needs a PostgreSQL server: set %s (make test-pg)", ServerEnv)
	}
	server.once.Do(connectServer)
	if server.err != nil {
		tb.Fatalf("datatest: %s: %v", ServerEnv, server.err)
	}
	var n int
	if err := server.db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	u := *server.base
	if n == 0 {
		tmp := name + "_making"
		dropAfterClose(tb, tmp, `DROP DATABASE IF EXISTS "`+tmp+`"`)
		exec(tb, `CREATE DATABASE "`+tmp+`"`)
		u.Path = "/" + tmp
		s, err := data.Open(u.String())
		if err != nil {
			tb.Fatal(err)
		}
		s.Now = Epoch
		err = fill(s)
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			tb.Fatalf("datatest: make %s: %v", name, err)
		}
		for range 50 { // the closed pool's connections take a moment to go
			_, _ = server.db.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", tmp)
			if _, err = server.db.Exec(`ALTER DATABASE "` + tmp + `" RENAME TO "` + name + `"`); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil {
			tb.Fatalf("datatest: rename %s: %v", tmp, err)
		}
	}
	u.Path = "/" + name
	s, err := data.Open(u.String())
	if err != nil {
		tb.Fatalf("open %s: %v", name, err)
	}
	urls.Store(s.Path(), u.String())
	s.Now = Epoch
	tb.Cleanup(func() { s.Close() })
	return s
}
