package data

import (
	"slices"

	"gorm.io/gorm"
)

// The import's writes (import_writes.go, BulkInserter, InsertNew) are
// Tx methods that any signed-in account's transaction could call, so they
// check too: the permission to import (or to write the table, for the
// demo generator's inserts), and for an account with a scope that every
// household written lies in it. The importer has already made each row
// outside the scope a row problem; these checks are the last word, and
// for an account of the whole street they cost nothing (no query).

// mayBulk checks that the account may insert or import rows of entity.
func (tx *Tx) mayBulk(entity string) error {
	p := tx.store.who
	if p == nil {
		return tx.store.unboundAllowed()
	}
	if p.may(permImport) || p.may(tablePerm(entity)) {
		return nil
	}
	return tx.store.refusal(permImport)
}

// householdsInScope checks that the stored households ids lie in the
// account's scope: KeyOutOfScope if one does not.
func (tx *Tx) householdsInScope(ids []int64) error {
	p := tx.store.who
	if p.unscoped() || len(ids) == 0 {
		return nil
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for chunk := range slices.Chunk(ids, lookupBatch) {
		var hs []struct {
			ID              int64
			Community, Grid string
		}
		cond, arg := idList(tx.db, "id", chunk)
		if err := tx.db.Raw("SELECT id, community, grid FROM households WHERE "+cond, arg).Scan(&hs).Error; err != nil {
			return err
		}
		if len(hs) != len(chunk) {
			return outOfScope("", "") // a household that is not there is not the account's
		}
		for _, h := range hs {
			if !p.covers(h.Community, h.Grid) {
				return outOfScope(h.Community, h.Grid)
			}
		}
	}
	return nil
}

// newRowsInScope checks rows about to be inserted: households by their
// community and grid, residents by their households (stored, or inserted
// earlier in the transaction), tags by their residents.
func (tx *Tx) newRowsInScope(rows any) error {
	p := tx.store.who
	if p.unscoped() {
		return nil
	}
	var hh []int64
	switch rs := rows.(type) {
	case []Household:
		for i := range rs {
			if !p.covers(rs[i].Community, rs[i].Grid) {
				return outOfScope(rs[i].Community, rs[i].Grid)
			}
		}
	case []Resident:
		for i := range rs {
			hh = append(hh, rs[i].HouseholdID)
		}
	case []ResidentTag:
		var ids []int64
		for i := range rs {
			ids = append(ids, rs[i].ResidentID)
		}
		return tx.residentsInScope(ids)
	}
	return tx.householdsInScope(hh)
}

// residentsInScope checks that the stored residents ids lie in the
// account's scope.
func (tx *Tx) residentsInScope(ids []int64) error {
	if tx.store.who.unscoped() || len(ids) == 0 {
		return nil
	}
	var hh []int64
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for chunk := range slices.Chunk(ids, lookupBatch) {
		cond, arg := idList(tx.db, "id", chunk)
		var got []int64
		if err := tx.db.Session(&gorm.Session{NewDB: true}).Raw("SELECT household_id FROM residents WHERE "+cond, arg).Scan(&got).Error; err != nil {
			return err
		}
		if len(got) != len(chunk) {
			return outOfScope("", "")
		}
		hh = append(hh, got...)
	}
	return tx.householdsInScope(hh)
}
