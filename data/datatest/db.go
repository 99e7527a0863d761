package datatest

import (
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"jiedao/data"
)

// conns holds the one test connection opened per store (DB), so a test
// that asks again gets the same handle.
var conns sync.Map // *data.Store → *gorm.DB

// DB is a second, separate GORM connection to s's database, for tests that
// look at the stored rows directly or plant a state the store would refuse
// to make (a damaged row, a deleted table). The store itself hands out no
// database handle: every read and write of the application goes through
// its methods. The connection sees what s has committed, uses s's clock for
// timestamps, and is closed when the test ends.
func DB(tb testing.TB, s *data.Store) *gorm.DB {
	tb.Helper()
	if db, ok := conns.Load(s); ok {
		return db.(*gorm.DB)
	}
	db := open(tb, s)
	if got, loaded := conns.LoadOrStore(s, db); loaded {
		closeDB(tb, db)
		return got.(*gorm.DB)
	}
	tb.Cleanup(func() {
		conns.Delete(s)
		closeDB(tb, db)
	})
	return db
}

// open opens a test connection to s's database; the caller closes it.
func open(tb testing.TB, s *data.Store) *gorm.DB {
	tb.Helper()
	if data.IsServerURL(s.Path()) {
		return openServer(tb, s)
	}
	p := filepath.ToSlash(s.Path())
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x → /C:/x, as SQLite's URI rules want
	}
	u := url.URL{Scheme: "file", Path: p}
	dsn := u.String() + "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		Logger:         logger.Discard,
		NowFunc:        func() time.Time { return now(s) },
		TranslateError: true,
	})
	if err != nil {
		tb.Fatalf("datatest: open a test connection to %s: %v", s.Path(), err)
	}
	return db
}

// openServer is open for a store on the server.
func openServer(tb testing.TB, s *data.Store) *gorm.DB {
	tb.Helper()
	loc, ok := urls.Load(s.Path())
	if !ok {
		tb.Fatalf("datatest: %s was not opened by MustOpen", s.Path())
	}
	db, err := gorm.Open(postgres.Open(loc.(string)), &gorm.Config{
		Logger:         logger.Discard,
		NowFunc:        func() time.Time { return now(s) },
		TranslateError: true,
	})
	if err != nil {
		tb.Fatalf("datatest: open a test connection to %s: %v", s.Path(), err)
	}
	return db
}

func now(s *data.Store) time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func closeDB(tb testing.TB, db *gorm.DB) {
	sqlDB, err := db.DB()
	if err == nil {
		err = sqlDB.Close()
	}
	if err != nil {
		tb.Errorf("datatest: close the test connection: %v", err)
	}
}
