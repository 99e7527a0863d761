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
// fixed at Epoch, and closes it when the test ends.
func MustOpen(tb testing.TB) *data.Store {
	tb.Helper()
	return MustOpenPath(tb, filepath.Join(tb.TempDir(), "jiedao.db"))
}

// MustOpenPath is MustOpen for the database at path, new or existing.
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
	return s
}
