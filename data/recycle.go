package data

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// recycleKinds lists every kind of record that can sit in the recycle bin,
// each with how the bin labels one. A new register adds its model here (it
// must embed Model); Delete refuses soft-deletable models missing from this
// list so that nothing vanishes into a bin nobody can list.
func recycleKinds() []recycleKind {
	return []recycleKind{
		kind(func(h *Household) string {
			addr := h.Address
			if addr == "" {
				addr = strings.Join(nonEmpty(h.Community, h.Estate, h.Building, h.Unit, h.Room), " ")
			}
			return strings.Join(nonEmpty(h.Number, addr), " ")
		}),
		kind(func(r *Resident) string {
			return strings.Join(nonEmpty(r.Name, MaskID(r.IDNumber)), " ")
		}),
		kind(func(o *Organization) string { return strings.Join(nonEmpty(o.Name, o.USCC), " ") }),
		kind(func(a *Agreement) string { return strings.Join(nonEmpty(a.Number, a.Title), " ") }),
		kind(func(f *AgreementAttachment) string { return f.FileName }),
		kind(func(m *Meeting) string { return strings.Join(nonEmpty(m.Date, m.Title), " ") }),
	}
}

// DeletedItem is one record in the recycle bin.
type DeletedItem struct {
	Entity    string // table name, as in audit entries
	ID        int64
	Label     string // what the user recognises it by
	DeletedAt time.Time
}

// recycleKind is one entry of recycleKinds.
type recycleKind struct {
	entity string // filled in by Store.recycleKind from the model's table
	new    func() any
	list   func(db *gorm.DB, entity string) ([]DeletedItem, error) // db carries the scope's condition
}

// model gives kind access to the Model every recyclable record embeds.
func (m *Model) model() *Model { return m }

// kind describes one recyclable model type T, labelled by label.
func kind[T any, PT interface {
	*T
	model() *Model
}](label func(PT) string) recycleKind {
	return recycleKind{
		new: func() any { return PT(new(T)) },
		list: func(db *gorm.DB, entity string) ([]DeletedItem, error) {
			var rows []T
			err := db.Unscoped().Where("deleted_at IS NOT NULL").Order("deleted_at DESC, id DESC").Find(&rows).Error
			if err != nil {
				return nil, fmt.Errorf("data: recycle bin: %s: %w", entity, err)
			}
			items := make([]DeletedItem, len(rows))
			for i := range rows {
				p := PT(&rows[i])
				m := p.model()
				items[i] = DeletedItem{Entity: entity, ID: m.ID, Label: label(p), DeletedAt: m.DeletedAt.Time}
			}
			return items, nil
		},
	}
}

// recycleKind finds the kind whose table is entity.
func (s *Store) recycleKind(entity string) (recycleKind, bool) {
	for _, k := range recycleKinds() {
		m, err := s.describe(k.new())
		if err == nil && m.entity == entity {
			k.entity = entity
			return k, true
		}
	}
	return recycleKind{}, false
}

// RecycleBin lists the deleted records the account may restore (see
// recycle_scope.go), most recently deleted first.
func (s *Store) RecycleBin(ctx context.Context) ([]DeletedItem, error) {
	if err := s.can("RecycleBin"); err != nil {
		return nil, err
	}
	var all []DeletedItem
	for _, k := range recycleKinds() {
		m, err := s.describe(k.new())
		if err != nil {
			return nil, err
		}
		cond, args, ok := s.who.binScope(s.db, m.entity)
		if !ok {
			continue
		}
		db := s.db.WithContext(ctx)
		if cond != "" {
			db = db.Where(cond, args...)
		}
		items, err := k.list(db, m.entity)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].DeletedAt.After(all[j].DeletedAt) })
	return all, nil
}

// Restore takes a record out of the recycle bin, audited: one the
// account may write; one outside its scope is ErrNotFound.
func (s *Store) Restore(ctx context.Context, entity string, id int64) error {
	if err := s.can("Restore"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		k, before, err := tx.loadDeleted(entity, id, false)
		if err != nil {
			return err
		}
		snap, err := snapshot(before)
		if err != nil {
			return err
		}
		if err := tx.db.Unscoped().Model(before).Update("deleted_at", nil).Error; err != nil {
			return fmt.Errorf("data: restore %s %d: %w", entity, id, err)
		}
		after := k.new()
		if err := first(tx.db, after, entity, id); err != nil {
			return err
		}
		return tx.Audit(ActionRestore, entity, id, snap, after)
	})
}

// Purge deletes a record in the recycle bin for good, with its
// associations (a resident's tags). The audit entry keeps the record, tags
// included, as JSON. It is the street manager's (permPurge), within what
// Restore may reach.
func (s *Store) Purge(ctx context.Context, entity string, id int64) error {
	if err := s.can("Purge"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		_, before, err := tx.loadDeleted(entity, id, true)
		if err != nil {
			return err
		}
		snap, err := snapshot(before)
		if err != nil {
			return err
		}
		if err := tx.db.Unscoped().Select(clause.Associations).Delete(before).Error; err != nil {
			return fmt.Errorf("data: purge %s %d: %w", entity, id, err)
		}
		return tx.Audit(ActionPurge, entity, id, snap, nil)
	})
}

// loadDeleted loads record id of entity from the recycle bin.
func (tx *Tx) loadDeleted(entity string, id int64, withAssociations bool) (recycleKind, any, error) {
	k, ok := tx.store.recycleKind(entity)
	if !ok {
		return recycleKind{}, nil, fmt.Errorf("data: %q has no recycle bin", entity)
	}
	cond, args, ok := tx.store.who.binScope(tx.db, entity)
	if !ok {
		return recycleKind{}, nil, tx.store.refusal(entityPerms[entity])
	}
	v := k.new()
	q := tx.db.Unscoped().Where("deleted_at IS NOT NULL")
	if cond != "" {
		q = q.Where(cond, args...) // outside the scope: not found
	}
	if withAssociations {
		q = q.Preload(clause.Associations)
	}
	err := q.First(v, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return recycleKind{}, nil, NotFound(entity, id)
	}
	if err != nil {
		return recycleKind{}, nil, fmt.Errorf("data: load deleted %s %d: %w", entity, id, err)
	}
	return k, v, nil
}

func nonEmpty(parts ...string) []string {
	out := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
