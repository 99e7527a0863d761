package data

// The store's household methods. Each write is one transaction (Store.Tx)
// with its audit entries; validation happens first, inside it, so a refused
// write changes nothing.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"gorm.io/gorm"
)

// CreateHousehold validates h (see Household.Validate), gives it the next
// free number when Number is empty (the year and a six-digit sequence,
// 2026000001), and inserts it. HeadID is ignored: a household gets its head
// by AddResident with relation 户主 or by SetHead.
func (s *Store) CreateHousehold(ctx context.Context, h *Household) error {
	if err := s.can("CreateHousehold"); err != nil {
		return err
	}
	if err := h.Validate(); err != nil {
		return err
	}
	h.HeadID = nil
	return s.Tx(ctx, func(tx *Tx) error {
		if h.Number == "" {
			n, err := nextHouseholdNumber(tx.db, s.now().Format("2006"))
			if err != nil {
				return err
			}
			h.Number = n
		} else if err := numberFree(tx.db, h.Number, 0); err != nil {
			return err
		}
		return tx.Create(h)
	})
}

// UpdateHousehold validates h and saves it. HeadID is kept as stored:
// change it with SetHead.
func (s *Store) UpdateHousehold(ctx context.Context, h *Household) error {
	if err := s.can("UpdateHousehold"); err != nil {
		return err
	}
	if err := h.Validate(); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var cur Household
		if err := first(tx.db, &cur, "households", h.ID); err != nil {
			return err
		}
		if h.Number == "" {
			h.Number = cur.Number
		}
		if err := numberFree(tx.db, h.Number, h.ID); err != nil {
			return err
		}
		h.HeadID = cur.HeadID
		return tx.Update(h)
	})
}

// numberFree refuses a household number another household uses (also one
// in the recycle bin: restoring it would collide).
func numberFree(db *gorm.DB, number string, self int64) error {
	var n int64
	err := db.Unscoped().Model(&Household{}).Where("number = ? AND id <> ?", number, self).Count(&n).Error
	if err != nil {
		return fmt.Errorf("data: household number: %w", err)
	}
	if n > 0 {
		return &Error{Key: KeyHouseholdNumberTaken, Args: map[string]any{"Field": "number", "Number": number}}
	}
	return nil
}

// nextHouseholdNumber returns year followed by one more than the largest
// six-digit sequence used with that year.
func nextHouseholdNumber(db *gorm.DB, year string) (string, error) {
	last, err := lastHouseholdNumber(db, year)
	if err != nil {
		return "", err
	}
	seq := 0
	if last != "" {
		seq, _ = strconv.Atoi(last[4:])
	}
	return fmt.Sprintf("%s%06d", year, seq+1), nil
}

// lastHouseholdNumber returns the largest number of nextHouseholdNumber's
// form with year, "" when there is none.
//
// In a write transaction on the office server it first waits for any
// other desk's transaction that is numbering households (an advisory
// lock held until the transaction ends), so that two desks creating
// households at once do not both take the largest number plus one; on
// SQLite the write transaction holds the file's lock already.
func lastHouseholdNumber(db *gorm.DB, year string) (string, error) {
	if err := lockNumbering(db, numberingHouseholds); err != nil {
		return "", fmt.Errorf("data: household number: %w", err)
	}
	var last string
	err := db.Unscoped().Model(&Household{}).
		Where("number >= ? AND number < ?", year+"000000", year+"999999~").
		Where("length(number) = 10").
		Order("number DESC").Limit(1).Pluck("number", &last).Error
	if err != nil {
		return "", fmt.Errorf("data: household number: %w", err)
	}
	return last, nil
}

// Household returns the household with id.
func (s *Store) Household(ctx context.Context, id int64) (Household, error) {
	if err := s.can("Household"); err != nil {
		return Household{}, err
	}
	var h Household
	if err := first(s.db.WithContext(ctx), &h, "households", id); err != nil {
		return h, err
	}
	if !s.who.covers(h.Community, h.Grid) {
		return Household{}, NotFound("households", id)
	}
	s.who.maskHousehold(&h)
	return h, nil
}

// HouseholdByNumber returns the household with number (户编号).
func (s *Store) HouseholdByNumber(ctx context.Context, number string) (Household, error) {
	if err := s.can("HouseholdByNumber"); err != nil {
		return Household{}, err
	}
	var h Household
	err := s.db.WithContext(ctx).Where("number = ?", number).First(&h).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return h, missing(s.db.WithContext(ctx), &h, "households", "number", number)
	}
	if err != nil {
		return h, fmt.Errorf("data: household %s: %w", number, err)
	}
	if !s.who.covers(h.Community, h.Grid) {
		return Household{}, NotFound("households", number)
	}
	s.who.maskHousehold(&h)
	return h, nil
}

// Members returns the residents of a household with their tags: the head
// first, then in the order they were registered. Moved-out and deceased
// members are included only when withHistory is set (the form shows them
// greyed, the printed form lists them under changes).
func (s *Store) Members(ctx context.Context, householdID int64, withHistory bool) ([]Resident, error) {
	if err := s.can("Members"); err != nil {
		return nil, err
	}
	if err := s.inScope(s.db.WithContext(ctx), "households", householdID); err != nil {
		return nil, err
	}
	h, err := s.Household(ctx, householdID)
	if err != nil {
		return nil, err
	}
	head := int64(0)
	if h.HeadID != nil {
		head = *h.HeadID
	}
	q := s.db.WithContext(ctx).Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Where("household_id = ?", householdID)
	if !withHistory {
		q = q.Where("status IN ?", ActiveStatuses)
	}
	var rs []Resident
	if err := q.Order("id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("data: members of household %d: %w", householdID, err)
	}
	for i := range rs {
		s.who.maskResident(&rs[i])
	}
	slices.SortStableFunc(rs, func(a, b Resident) int {
		if (a.ID == head) != (b.ID == head) {
			if a.ID == head {
				return -1
			}
			return 1
		}
		return 0
	})
	return rs, nil
}

// SetHead makes an active member the head of their household: their
// relation becomes 户主, and the former head's relation becomes 其他 (the
// clerk then records what it is to the new head).
func (s *Store) SetHead(ctx context.Context, householdID, residentID int64) error {
	if err := s.can("SetHead"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var h Household
		if err := first(tx.db, &h, "households", householdID); err != nil {
			return err
		}
		if err := tx.inScope("households", householdID); err != nil {
			return err
		}
		var r Resident
		if err := first(tx.db, &r, "residents", residentID); err != nil {
			return err
		}
		if r.HouseholdID != householdID || !r.Active() {
			return &Error{Key: KeyResidentNotMember, Args: map[string]any{"Name": r.Name}}
		}
		if h.HeadID != nil && *h.HeadID != residentID {
			var old Resident
			err := tx.db.Where("id = ? AND household_id = ?", *h.HeadID, householdID).Limit(1).Find(&old).Error
			if err != nil {
				return fmt.Errorf("data: set head: %w", err)
			}
			if old.ID != 0 && old.Relation == RelationHead {
				if err := tx.setColumns(&old, map[string]any{"relation": RelationOther}); err != nil {
					return err
				}
			}
		}
		if r.Relation != RelationHead {
			if err := tx.setColumns(&r, map[string]any{"relation": RelationHead}); err != nil {
				return err
			}
		}
		return tx.setColumns(&h, map[string]any{"head_id": residentID})
	})
}

// setColumns updates some columns of a loaded record (Household or
// Resident) and audits it with the record before and after.
func (tx *Tx) setColumns(v any, cols map[string]any) error {
	m, err := tx.store.describe(v)
	if err != nil {
		return err
	}
	id, err := m.id(v)
	if err != nil {
		return err
	}
	// The record as loaded must be the account's to change (SetHead,
	// events and moves check first; this is the last word).
	if err := tx.mayChange(m.entity, id, v); err != nil {
		return err
	}
	before, err := snapshot(v)
	if err != nil {
		return err
	}
	if err := tx.db.Model(v).Updates(cols).Error; err != nil {
		return fmt.Errorf("data: update %s %d: %w", m.entity, id, err)
	}
	after := m.new()
	if err := first(tx.db, after, m.entity, id); err != nil {
		return err
	}
	return tx.Audit(ActionUpdate, m.entity, id, before, after)
}
