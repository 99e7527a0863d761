package data

import (
	"context"
	"fmt"
	"strings"
)

// What a large import does to the database around its writes, so that
// writing 300,000 residents takes seconds: the registry's secondary
// indexes dropped and built again at the end, and a smaller page cache.
// Both are SQLite's business; on another database the work simply runs.

// secondaryIndex is an index WithoutSecondaryIndexes drops and builds again.
type secondaryIndex struct{ Name, SQL string }

// WithoutSecondaryIndexes runs fn with the non-unique indexes of the
// registry's tables (households, residents, resident_tags) dropped, then
// builds them again from their definitions; fn is told how many were
// dropped, and rebuilt, when not nil, is called with each index's name
// after it is built. Unique indexes stay: they enforce the rules.
//
// Inserting into ten indexes row by row costs a third of the write time
// of a large import, building them once at the end a few seconds; an index
// the import only appends to (appendOnly) is kept. Dropping and building
// happen inside tx, so a failed or cancelled import gets the indexes back
// with the rollback, and other connections never see them missing. When
// fn fails the indexes are not built: tx is to be rolled back.
func (tx *Tx) WithoutSecondaryIndexes(fn func(dropped int) error, rebuilt func(name string)) error {
	dropped, err := tx.dropSecondaryIndexes()
	if err != nil {
		return err
	}
	if err := fn(len(dropped)); err != nil {
		return err
	}
	for _, i := range dropped {
		if err := tx.db.Exec(i.SQL).Error; err != nil {
			return fmt.Errorf("data: rebuild index %s: %w", i.Name, err)
		}
		if rebuilt != nil {
			rebuilt(i.Name)
		}
	}
	return nil
}

// dropSecondaryIndexes drops the registry's non-unique indexes an import
// does not only append to (SQLite only) and returns them.
func (tx *Tx) dropSecondaryIndexes() ([]secondaryIndex, error) {
	idx, err := tx.secondaryIndexes()
	if err != nil {
		return nil, err
	}
	dropped := idx[:0]
	for _, i := range idx {
		if appendOnly(i.SQL) {
			continue
		}
		if err := tx.db.Exec(`DROP INDEX "` + strings.ReplaceAll(i.Name, `"`, `""`) + `"`).Error; err != nil {
			return nil, fmt.Errorf("data: drop index %s: %w", i.Name, err)
		}
		dropped = append(dropped, i)
	}
	return dropped, nil
}

// secondaryIndexes lists the non-unique indexes of the registry's tables
// (SQLite only).
func (tx *Tx) secondaryIndexes() ([]secondaryIndex, error) {
	if !isSQLite(tx.db) {
		return nil, nil
	}
	var idx []secondaryIndex
	err := tx.db.Raw(`SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND tbl_name IN ('residents', 'households', 'resident_tags')
		AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`).Scan(&idx).Error
	if err != nil {
		return nil, fmt.Errorf("data: list indexes: %w", err)
	}
	return idx, nil
}

// appendOnly reports whether an import only ever appends to an index, so
// that keeping it costs less than building it again: one led by
// deleted_at (NULL in every new row, so ordered by rowid, or not in a
// partial index of the deleted rows at all), by household_id
// (new residents arrive household after household, in ID order) or the
// care tags' (tag, resident_id) (a handful of tags, residents in ID order).
func appendOnly(indexSQL string) bool {
	open := strings.IndexByte(indexSQL, '(')
	if open < 0 {
		return false
	}
	// The columns: up to the closing parenthesis (a partial index's
	// WHERE follows it).
	cols, _, _ := strings.Cut(indexSQL[open+1:], ")")
	first, _, _ := strings.Cut(cols, ",")
	first = strings.Trim(strings.TrimSpace(first), "`\"")
	switch first {
	case "deleted_at", "household_id":
		return true
	case "tag":
		return strings.Contains(cols, "resident_id")
	}
	return false
}

// smallPageCache is the page cache, in KiB, of a large import's connection.
const smallPageCache = 16384

// WithSmallPageCache runs fn with tx's connection on a 16 MiB page cache
// and puts the store's back afterwards (SQLite only). The lookups of a
// second import read the residents in file order, the inserts append and
// the index rebuild sorts: none rereads much, and the store's 64 MiB per
// connection added to the import's peak memory (566 MB for importing
// 300,000 rows again).
func (tx *Tx) WithSmallPageCache(fn func() error) error {
	size, err := tx.pageCache()
	if err != nil || size == 0 {
		return fn()
	}
	if err := tx.db.Exec(fmt.Sprintf("PRAGMA cache_size = %d", -smallPageCache)).Error; err != nil {
		return fn()
	}
	defer func() {
		// Even when the import was cancelled: the connection goes back
		// to the store's pool.
		tx.db.WithContext(context.Background()).Exec(fmt.Sprintf("PRAGMA cache_size = %d", size))
	}()
	return fn()
}

// pageCache is the cache_size of tx's connection (negative: KiB), 0 off
// SQLite.
func (tx *Tx) pageCache() (int, error) {
	if !isSQLite(tx.db) {
		return 0, nil
	}
	var size int
	if err := tx.db.Raw("PRAGMA cache_size").Scan(&size).Error; err != nil {
		return 0, fmt.Errorf("data: page cache: %w", err)
	}
	return size, nil
}
