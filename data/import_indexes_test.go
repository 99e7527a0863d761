package data

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// openImportTest opens a new database for the tests of import_indexes.go,
// which look at the transaction's own connection.
func openImportTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "jiedao.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return asTester(t, s)
}

// TestAppendOnly: which of the registry's indexes an import keeps rather
// than rebuilds.
func TestAppendOnly(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		keep bool
	}{
		{"CREATE INDEX `idx_residents_deleted_at` ON `residents`(`deleted_at`)", true},
		{"CREATE INDEX idx_residents_deleted ON residents (deleted_at) WHERE deleted_at IS NOT NULL", true},
		{"CREATE INDEX `idx_residents_household_id` ON `residents`(`household_id`)", true},
		{"CREATE INDEX `idx_resident_tags_tag_resident` ON `resident_tags`(`tag`,`resident_id`)", true},
		{"CREATE INDEX `idx_residents_name` ON `residents`(`name`)", false},
		{"CREATE INDEX idx_residents_birth_date ON residents (birth_date)", false},
		{"CREATE INDEX idx_x ON residents (name) WHERE deleted_at IS NULL", false},
	} {
		if got := appendOnly(tc.sql); got != tc.keep {
			t.Errorf("%s: keep %v, want %v", tc.sql, got, tc.keep)
		}
	}
}

// indexes lists the registry's secondary indexes as tx sees them, by name.
func indexes(t *testing.T, tx *Tx) []secondaryIndex {
	t.Helper()
	idx, err := tx.secondaryIndexes()
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(idx, func(a, b secondaryIndex) int { return strings.Compare(a.Name, b.Name) })
	return idx
}

// storedIndexes is indexes in a transaction of its own.
func storedIndexes(t *testing.T, s *Store) []secondaryIndex {
	t.Helper()
	var idx []secondaryIndex
	if err := s.Tx(context.Background(), func(tx *Tx) error { idx = indexes(t, tx); return nil }); err != nil {
		t.Fatal(err)
	}
	return idx
}

// TestWithoutSecondaryIndexes: fn runs without the indexes an import does
// not only append to; they are built again after it, exactly as they
// were, or come back with the rollback when fn fails.
func TestWithoutSecondaryIndexes(t *testing.T) {
	s := openImportTest(t)
	before := storedIndexes(t, s)
	kept := 0
	for _, i := range before {
		if appendOnly(i.SQL) {
			kept++
		}
	}
	if kept == 0 || kept == len(before) {
		t.Fatalf("of %d indexes %d are kept: the test shows nothing", len(before), kept)
	}
	failed := errors.New("the import failed")
	for _, tc := range []struct {
		name string
		err  error
	}{{"written", nil}, {"failed", failed}} {
		t.Run(tc.name, func(t *testing.T) {
			var rebuilt []string
			err := s.Tx(context.Background(), func(tx *Tx) error {
				err := tx.WithoutSecondaryIndexes(func(dropped int) error {
					if got := len(indexes(t, tx)); got != kept || dropped != len(before)-kept {
						t.Errorf("during fn: %d indexes, %d dropped; want %d and %d", got, dropped, kept, len(before)-kept)
					}
					return tc.err
				}, func(name string) { rebuilt = append(rebuilt, name) })
				if got := indexes(t, tx); tc.err == nil && !slices.Equal(got, before) {
					t.Errorf("after WithoutSecondaryIndexes:\n%q\nwant\n%q", got, before)
				}
				return err
			})
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if want := len(before) - kept; tc.err == nil && len(rebuilt) != want || tc.err != nil && len(rebuilt) != 0 {
				t.Errorf("rebuilt %q", rebuilt)
			}
			if got := storedIndexes(t, s); !slices.Equal(got, before) {
				t.Errorf("after the transaction:\n%q\nwant\n%q", got, before)
			}
		})
	}
}

// TestWithSmallPageCache: fn runs on a 16 MiB page cache, and the
// connection has the store's again afterwards, also when fn fails.
func TestWithSmallPageCache(t *testing.T) {
	s := openImportTest(t)
	failed := errors.New("the import failed")
	for _, want := range []error{nil, failed} {
		err := s.Tx(context.Background(), func(tx *Tx) error {
			err := tx.WithSmallPageCache(func() error {
				if size, err := tx.pageCache(); err != nil || size != -smallPageCache {
					t.Errorf("cache_size %d (%v) during fn, want %d", size, err, -smallPageCache)
				}
				return want
			})
			if size, err := tx.pageCache(); err != nil || size != -pageCacheKiB {
				t.Errorf("cache_size %d (%v) afterwards; the store sets %d", size, err, -pageCacheKiB)
			}
			return err
		})
		if !errors.Is(err, want) {
			t.Errorf("err = %v, want %v", err, want)
		}
	}
}
