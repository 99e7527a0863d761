package data

// Whole ID and phone numbers, and the residents' care tags, for documents
// that list residents a page at a time (the printed roster). The lists
// carry masked numbers; a whole number is read on purpose, and the look is
// recorded in the audit trail in the same transaction that reads it.

import (
	"context"
	"errors"
	"fmt"
)

// ActionView is the audit action of a look at whole personal numbers
// (entity "residents"): who, which residents and how many, which fields,
// for what.
const ActionView = "view"

// personalMessages name ActionView in the audit log.
var personalMessages = []Message{
	{"audit.action." + ActionView, "查看完整号码", "Whole numbers viewed"},
}

// ResidentNumbers are a resident's whole ID and phone number.
type ResidentNumbers struct {
	IDNumber string `json:"idNumber"`
	Phone    string `json:"phone"`
}

// numbersView is the audit entry of WholeNumbers.
type numbersView struct {
	Purpose   string   `json:"purpose"`
	Fields    []string `json:"fields"`
	Residents []int64  `json:"residents"`
	Count     int      `json:"count"`
}

// WholeNumbers returns the whole ID and phone numbers of the residents ids
// (those that exist), by resident, and records the look: an audit entry
// (ActionView, entity "residents") with the store's Operator, the
// residents found and how many, the fields and purpose ("print roster"),
// written in the transaction that reads them. Nothing is read or recorded
// for no ids; a look without a purpose is refused.
func (s *Store) WholeNumbers(ctx context.Context, ids []int64, purpose string) (map[int64]ResidentNumbers, error) {
	if err := s.can("WholeNumbers"); err != nil {
		return nil, err
	}
	if purpose == "" {
		return nil, errors.New("data: whole numbers: no purpose given")
	}
	out := map[int64]ResidentNumbers{}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.Tx(ctx, func(tx *Tx) error {
		var rows []struct {
			ID       int64
			IDNumber string
			Phone    string
		}
		q, args := "SELECT r.id, r.id_number, r.phone FROM residents r JOIN households h ON h.id = r.household_id WHERE r.id IN ?", []any{ids}
		if cond, a := tx.store.who.householdScope(tx.db, "h"); cond != "" {
			q, args = q+" AND "+cond, append(args, a...)
		}
		err := tx.db.Raw(q+" ORDER BY r.id", args...).Scan(&rows).Error
		if err != nil {
			return err
		}
		view := numbersView{Purpose: purpose, Fields: []string{"idNumber", "phone"}, Residents: make([]int64, len(rows)), Count: len(rows)}
		for i, r := range rows {
			out[r.ID] = ResidentNumbers{IDNumber: r.IDNumber, Phone: r.Phone}
			view.Residents[i] = r.ID
		}
		return tx.Audit(ActionView, "residents", 0, nil, view)
	})
	if err != nil {
		return nil, fmt.Errorf("data: whole numbers: %w", err)
	}
	return out, nil
}

// CareTags returns the stored care tags of the residents ids, each
// resident's in the order they were given, by resident; residents without
// tags are left out. (高龄老人 is not stored: it follows from the birth
// date.)
func (s *Store) CareTags(ctx context.Context, ids []int64) (map[int64][]ResidentTag, error) {
	if err := s.can("CareTags"); err != nil {
		return nil, err
	}
	out := map[int64][]ResidentTag{}
	if len(ids) == 0 {
		return out, nil
	}
	var tags []ResidentTag
	q := s.db.WithContext(ctx).Where("resident_id IN ?", ids)
	if cond, args := s.who.householdScope(s.db, "h"); cond != "" {
		// Residents outside the scope have no tags to this account.
		q = q.Where("resident_id IN (SELECT r.id FROM residents r JOIN households h ON h.id = r.household_id WHERE "+cond+")", args...)
	}
	err := q.Order("resident_id, id").Find(&tags).Error
	if err != nil {
		return nil, fmt.Errorf("data: care tags: %w", err)
	}
	for _, t := range tags {
		out[t.ResidentID] = append(out[t.ResidentID], t)
	}
	return out, nil
}
