package data

// The store's resident methods. "One person, one active record": an ID
// number may be on any number of moved-out or deceased records (history),
// but on only one active (在住/外出) record; a second one is refused with
// KeyResidentDuplicate naming the household it is in, so the clerk can
// move the person instead (MoveResident keeps their history).

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// AddResident validates r against the store's clock (see
// Resident.Validate) and adds it, with its tags, to household
// r.HouseholdID. A resident with relation 户主 becomes the head when the
// household has no active head, and is refused with KeyHouseholdHasHead
// otherwise. arrival, when not nil, is recorded in the same transaction
// (迁入 or 出生, usually; its resident and household are filled in) and
// sets the status. It returns the ID number's warnings.
func (s *Store) AddResident(ctx context.Context, r *Resident, arrival *ResidenceEvent) ([]Warning, error) {
	if err := s.can("AddResident"); err != nil {
		return nil, err
	}
	today := s.now()
	warnings, err := r.Validate(today)
	if err != nil {
		return warnings, err
	}
	if arrival != nil {
		if err := checkEvent(arrival, today, false); err != nil {
			return warnings, err
		}
		r.Status = statusAfter(arrival.Kind, r.Status)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		var h Household
		if err := first(tx.db, &h, "households", r.HouseholdID); err != nil {
			return err
		}
		if r.Active() {
			if err := activeElsewhere(tx.db, r.IDNumber, 0); err != nil {
				return err
			}
		}
		becomesHead := false
		if r.Relation == RelationHead && r.Active() {
			head, err := activeHead(tx.db, &h)
			if err != nil {
				return err
			}
			if head != nil {
				return &Error{Key: KeyHouseholdHasHead, Args: map[string]any{"Field": "relation", "Name": head.Name}}
			}
			becomesHead = true
		}
		r.ID = 0
		if err := tx.Create(r); err != nil {
			return err
		}
		if arrival != nil {
			arrival.ID, arrival.ResidentID, arrival.HouseholdID, arrival.ToHouseholdID = 0, r.ID, r.HouseholdID, nil
			arrival.Operator = s.Operator()
			if err := tx.Create(arrival); err != nil {
				return err
			}
		}
		if becomesHead {
			return tx.setColumns(&h, map[string]any{"head_id": r.ID})
		}
		return nil
	})
	return warnings, err
}

// UpdateResident validates r and saves it with its tags (the stored tags
// are replaced by r.Tags). The household and the historical statuses are
// not changed here: a move is MoveResident, and 迁出/死亡 are recorded with
// RecordEvent; between 在住 and 外出 the status may be edited. The relation
// 户主 is set with SetHead.
func (s *Store) UpdateResident(ctx context.Context, r *Resident) ([]Warning, error) {
	if err := s.can("UpdateResident"); err != nil {
		return nil, err
	}
	warnings, err := r.Validate(s.now())
	if err != nil {
		return warnings, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		var before Resident
		if err := tx.db.Preload("Tags").First(&before, r.ID).Error; err != nil {
			return NotFound("residents", r.ID)
		}
		r.HouseholdID = before.HouseholdID
		if r.Status != before.Status && !(before.Active() && r.Active()) {
			return &Error{Key: KeyEventStatusByEvent, Args: map[string]any{"Field": "status"}}
		}
		if (r.Relation == RelationHead) != (before.Relation == RelationHead) {
			r.Relation = before.Relation // SetHead changes who is head
		}
		if r.Active() {
			if err := activeElsewhere(tx.db, r.IDNumber, r.ID); err != nil {
				return err
			}
		}
		if err := updateResidentColumns(tx.db, r); err != nil {
			return err
		}
		if err := replaceTags(tx.db, r.ID, r.Tags); err != nil {
			return err
		}
		var after Resident
		if err := tx.db.Preload("Tags").First(&after, r.ID).Error; err != nil {
			return fmt.Errorf("data: update resident %d: %w", r.ID, err)
		}
		if !after.Active() {
			if err := clearHead(tx, after.HouseholdID, after.ID); err != nil {
				return err
			}
		}
		return tx.Audit(ActionUpdate, "residents", r.ID, before, after)
	})
	return warnings, err
}

// updateResidentColumns saves every column of r but CreatedAt, DeletedAt
// and its tags.
func updateResidentColumns(db *gorm.DB, r *Resident) error {
	err := db.Model(r).Select("*").Omit("CreatedAt", "DeletedAt", "Tags").Updates(r).Error
	if err != nil {
		return fmt.Errorf("data: update resident %d: %w", r.ID, err)
	}
	return nil
}

// replaceTags replaces the stored care tags of resident id by tags, whose
// IDs and ResidentID it sets.
func replaceTags(db *gorm.DB, id int64, tags []ResidentTag) error {
	if err := db.Where("resident_id = ?", id).Delete(&ResidentTag{}).Error; err != nil {
		return fmt.Errorf("data: update resident %d: tags: %w", id, err)
	}
	for i := range tags {
		tags[i].ID, tags[i].ResidentID = 0, id
	}
	if len(tags) == 0 {
		return nil
	}
	if err := db.Create(&tags).Error; err != nil {
		return fmt.Errorf("data: update resident %d: tags: %w", id, err)
	}
	return nil
}

// Resident returns the resident with id, with tags.
func (s *Store) Resident(ctx context.Context, id int64) (Resident, error) {
	if err := s.can("Resident"); err != nil {
		return Resident{}, err
	}
	if err := s.inScope(s.db.WithContext(ctx), "residents", id); err != nil {
		return Resident{}, err
	}
	var r Resident
	err := s.db.WithContext(ctx).Preload("Tags").First(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return r, missing(s.db.WithContext(ctx), &r, "residents", "id", id)
	}
	if err != nil {
		return r, fmt.Errorf("data: load resident %d: %w", id, err)
	}
	s.who.maskResident(&r)
	return r, nil
}

// activeElsewhere returns KeyResidentDuplicate when another active record
// (not self) has idNumber.
func activeElsewhere(db *gorm.DB, idNumber string, self int64) error {
	var row struct {
		ID          int64
		Name        string
		HouseholdID int64
		Number      string
		Address     string
	}
	err := db.Raw(`SELECT r.id, r.name, r.household_id, h.number, h.address
		FROM residents r JOIN households h ON h.id = r.household_id
		WHERE r.id_number = ? AND r.id <> ? AND r.deleted_at IS NULL AND r.status IN ?
		LIMIT 1`, idNumber, self, ActiveStatuses).Scan(&row).Error
	if err != nil {
		return fmt.Errorf("data: check ID number: %w", err)
	}
	if row.ID == 0 {
		return nil
	}
	return &Error{Key: KeyResidentDuplicate, Args: map[string]any{
		"Field": "idNumber", "IDNumber": idNumber, "Name": row.Name,
		"Number": row.Number, "Address": row.Address,
		"ResidentID": row.ID, "HouseholdID": row.HouseholdID,
	}}
}

// activeHead returns the household's head when it is an active member.
func activeHead(db *gorm.DB, h *Household) (*Resident, error) {
	if h.HeadID == nil {
		return nil, nil
	}
	var head Resident
	err := db.Where("id = ? AND household_id = ?", *h.HeadID, h.ID).Limit(1).Find(&head).Error
	if err != nil {
		return nil, fmt.Errorf("data: head of household %d: %w", h.ID, err)
	}
	if head.ID == 0 || !slices.Contains(ActiveStatuses, head.Status) {
		return nil, nil
	}
	return &head, nil
}

// clearHead empties the head of householdID when it is residentID, who has
// left (moved, moved out, died).
func clearHead(tx *Tx, householdID, residentID int64) error {
	var h Household
	if err := first(tx.db, &h, "households", householdID); err != nil {
		return err
	}
	if h.HeadID == nil || *h.HeadID != residentID {
		return nil
	}
	return tx.setColumns(&h, map[string]any{"head_id": nil})
}
