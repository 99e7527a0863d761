// Package datatest opens real, throw-away Jiedao databases for tests.
package datatest

import (
	"path/filepath"
	"testing"
	"time"

	"jiedao/data"
)

// Epoch is the fixed time the clock of every store from MustOpen shows:
// 2026-11-25 10:15:00 in China Standard Time, whatever the machine's zone.
func Epoch() time.Time {
	return time.Date(2026, 11, 25, 10, 15, 0, 0, time.FixedZone("CST", 8*60*60))
}

// MustOpen opens a new database in a temporary folder, with its clock
// fixed at Epoch, and closes it when the test ends. The store is bound to
// the account FullLogin (admin, street manager and auditor over the whole
// street, password Password), created if missing.
func MustOpen(tb testing.TB) *data.Store {
	tb.Helper()
	return MustOpenPath(tb, filepath.Join(tb.TempDir(), "jiedao.db"))
}

// MustOpenPath is MustOpen for the database at path, new or existing
// (FullLogin is added to an existing one that lacks it). For a register
// without accounts use MustOpenUnbound.
func MustOpenPath(tb testing.TB, path string) *data.Store {
	tb.Helper()
	s, err := data.Open(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	s.Now = Epoch
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close %s: %v", path, err)
		}
	})
	return As(tb, s, FullLogin, FullRoles, nil, nil)
}

// MustOpenUnbound is MustOpenPath without an account: the store Open
// returns, for tests of first start, login and upgrade. Nothing is added
// to the register.
func MustOpenUnbound(tb testing.TB, path string) *data.Store {
	tb.Helper()
	s, err := data.Open(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	s.Now = Epoch
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close %s: %v", path, err)
		}
	})
	return s
}

// Bind returns s, a store the test opened (and closes) itself, bound to
// FullLogin (created if missing).
func Bind(tb testing.TB, s *data.Store) *data.Store {
	tb.Helper()
	return As(tb, s, FullLogin, FullRoles, nil, nil)
}

// RestorePermit is FullLogin's leave to restore the database at path
// (data.Store.RestorePermit): the database is opened, logged in to, and
// closed again, as a restore wants it.
func RestorePermit(tb testing.TB, path string) data.RestorePermit {
	tb.Helper()
	s, err := data.Open(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer s.Close()
	p, err := Bind(tb, s).RestorePermit()
	if err != nil {
		tb.Fatalf("restore permit for %s: %v", path, err)
	}
	return p
}
