package data

import (
	"errors"
	"fmt"
	"strings"
)

// The writes of a household import besides its bulk inserts (BulkInserter).
// They leave no audit entry each: an import leaves one for everything it
// did (Tx.Audit, with the file and its counts), since 300,000 entries with
// each record's JSON would double the database for no reader. The import
// validates what it writes (Household.Validate, Resident.Validate) and
// matches it to the register first.

// HouseholdHead is a household and the resident who is to be its head.
type HouseholdHead struct {
	Household, Resident int64
}

// UpdateImportedHousehold saves every column of h (a stored household)
// but its head, which SetImportedHeads sets, its creation time and its
// recycle-bin state.
func (tx *Tx) UpdateImportedHousehold(h *Household) error {
	if err := tx.mayBulk("households"); err != nil {
		return err
	}
	if !tx.store.who.covers(h.Community, h.Grid) {
		return outOfScope(h.Community, h.Grid)
	}
	if err := tx.householdsInScope([]int64{h.ID}); err != nil {
		return err
	}
	err := tx.db.Model(h).Select("*").Omit("CreatedAt", "DeletedAt", "HeadID").Updates(h).Error
	if err != nil {
		return fmt.Errorf("data: update household %s: %w", h.Number, err)
	}
	return nil
}

// UpdateImportedResident saves every column of r (a stored resident) but
// its creation time and recycle-bin state; its care tags are not written
// (ReplaceImportedTags).
func (tx *Tx) UpdateImportedResident(r *Resident) error {
	if err := tx.mayBulk("residents"); err != nil {
		return err
	}
	if err := tx.residentsInScope([]int64{r.ID}); err != nil {
		return err
	}
	if err := tx.householdsInScope([]int64{r.HouseholdID}); err != nil {
		return err
	}
	return updateResidentColumns(tx.db, r)
}

// ReplaceImportedTags replaces the stored care tags of resident id by
// tags (their IDs and ResidentID are set).
func (tx *Tx) ReplaceImportedTags(id int64, tags []ResidentTag) error {
	if err := tx.mayBulk("resident_tags"); err != nil {
		return err
	}
	if err := tx.residentsInScope([]int64{id}); err != nil {
		return err
	}
	return replaceTags(tx.db, id, tags)
}

// SetImportedHeads makes each HouseholdHead's resident the head of its
// household, and the residents in formerHeads, stored heads a roster no
// longer lists, stop being 户主 (their relation becomes 其他, as SetHead
// does; their record stays).
func (tx *Tx) SetImportedHeads(heads []HouseholdHead, formerHeads []int64) error {
	if err := tx.mayBulk("households"); err != nil {
		return err
	}
	hh := make([]int64, len(heads))
	for i, h := range heads {
		hh[i] = h.Household
	}
	if err := errors.Join(tx.householdsInScope(hh), tx.residentsInScope(formerHeads)); err != nil {
		return err
	}
	now := tx.store.now()
	if len(formerHeads) > 0 {
		err := tx.db.Model(&Resident{}).Where("id IN ? AND relation = ?", formerHeads, RelationHead).
			Updates(map[string]any{"relation": RelationOther, "updated_at": now}).Error
		if err != nil {
			return fmt.Errorf("data: former heads of household: %w", err)
		}
	}
	if len(heads) == 0 {
		return nil
	}
	// One statement: a household's head is known only after its members
	// are inserted, and 100,000 single updates cost seconds.
	cases := make([]string, len(heads))
	args := make([]any, 0, 2*len(heads)+2)
	ids := make([]int64, len(heads))
	for i, h := range heads {
		cases[i] = "WHEN ? THEN ?"
		args = append(args, h.Household, h.Resident)
		ids[i] = h.Household
	}
	sql := "UPDATE households SET head_id = CASE id " + strings.Join(cases, " ") + " END, updated_at = ? WHERE id IN ?"
	args = append(args, now, ids)
	if err := tx.db.Exec(sql, args...).Error; err != nil {
		return fmt.Errorf("data: heads of household: %w", err)
	}
	return nil
}

// LastHouseholdNumber returns the largest household number of the form the
// store gives (year and a six-digit sequence, 2026000001) with year, in
// the recycle bin too; "" when there is none.
func (tx *Tx) LastHouseholdNumber(year string) (string, error) {
	return lastHouseholdNumber(tx.db, year)
}
