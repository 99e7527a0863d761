package data

// Seeding: the calls that fill a new database with a generated register
// (package demo, `jiedao demo`). The generator plans households, residents,
// organizations, agreements and meetings itself and writes most of them
// through the store's ordinary methods, as a clerk would; these are the few
// things it needs that a clerk never does — to know that a register is
// still empty, to insert thousands of new rows a transaction at full speed,
// and to date minutes as an office would have signed them off in the past.

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RegisterIsEmpty reports whether the household register has never held a
// row: no household and no resident, also none in the recycle bin.
// households is how many households it holds, deleted ones included (0
// when it is empty), for the message that refuses to seed it.
func (tx *Tx) RegisterIsEmpty() (empty bool, households int64, err error) {
	if err := tx.db.Unscoped().Model(&Household{}).Count(&households).Error; err != nil {
		return false, 0, fmt.Errorf("data: count households: %w", err)
	}
	if households > 0 {
		return false, households, nil
	}
	var residents int64
	if err := tx.db.Unscoped().Model(&Resident{}).Count(&residents).Error; err != nil {
		return false, 0, fmt.Errorf("data: count residents: %w", err)
	}
	return residents == 0, 0, nil
}

// OrganizationRegisterIsEmpty reports whether no organization and no
// agreement has ever been stored: none live and none in the recycle bin.
func (s *Store) OrganizationRegisterIsEmpty(ctx context.Context) (bool, error) {
	if err := s.can("OrganizationRegisterIsEmpty"); err != nil {
		return false, err
	}
	for _, m := range []any{&Organization{}, &Agreement{}} {
		var n int64
		if err := s.db.WithContext(ctx).Unscoped().Model(m).Count(&n).Error; err != nil {
			return false, fmt.Errorf("data: count organizations: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// MeetingRegisterIsEmpty reports whether no meeting has ever been stored:
// none live and none in the recycle bin.
func (s *Store) MeetingRegisterIsEmpty(ctx context.Context) (bool, error) {
	if err := s.can("MeetingRegisterIsEmpty"); err != nil {
		return false, err
	}
	var n int64
	if err := s.db.WithContext(ctx).Unscoped().Model(&Meeting{}).Count(&n).Error; err != nil {
		return false, fmt.Errorf("data: count meetings: %w", err)
	}
	return n == 0, nil
}

// newRowsPerInsert is how many rows one INSERT of InsertNew carries,
// measured on the demo generator (120,000 households, 2 cores): the driver
// binds parameters in time quadratic in their number and SQLite parses
// each statement anew, so large statements lose: 20 rows beat 5, 40, 80
// and 150 (150 was 40% slower).
const newRowsPerInsert = 20

// InsertNew inserts rows, a slice of new records of one model (their IDs
// zero), in statements of a few rows each, and sets their IDs. It checks
// the transaction's context between statements and returns its error when
// it is done. Associations (such as Resident.Tags) are not written: insert
// them as rows of their own once their parents have IDs.
//
// The models' hooks run, so the residents' search columns and the address
// index stay right exactly as for rows a clerk enters. No audit entry is
// written per row: the caller audits what it inserted as a whole (the demo
// generator, one entry per run).
func (tx *Tx) InsertNew(rows any) error {
	v := reflect.ValueOf(rows)
	if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Struct {
		return fmt.Errorf("data: insert new rows: need a slice of models, got %T", rows)
	}
	m, err := tx.store.describe(reflect.New(v.Type().Elem()).Interface())
	if err != nil {
		return err
	}
	if err := tx.mayBulk(m.entity); err != nil {
		return err
	}
	if err := tx.newRowsInScope(rows); err != nil {
		return err
	}
	for i := range v.Len() {
		if _, zero := m.pk.ValueOf(context.Background(), v.Index(i)); !zero {
			return fmt.Errorf("data: insert new %s: row %d already has an ID", m.entity, i)
		}
	}
	db := tx.db.Omit(clause.Associations)
	if isSQLite(db) {
		// OR FAIL: a failing row does not undo the statement's earlier
		// rows, so SQLite keeps no statement journal (a copy of every
		// page the statement touches, 15-20% of the demo generator's
		// time). Any failure rolls back the whole transaction anyway.
		db = db.Clauses(clause.Insert{Modifier: "OR FAIL"})
	}
	db = db.Session(&gorm.Session{}) // reusable: each Create starts from here
	ctx := tx.db.Statement.Context
	for i := 0; i < v.Len(); i += newRowsPerInsert {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := v.Slice(i, min(i+newRowsPerInsert, v.Len()))
		p := reflect.New(batch.Type())
		p.Elem().Set(batch) // shares the rows, so their IDs are set
		if err := db.Create(p.Interface()).Error; err != nil {
			return fmt.Errorf("data: insert new %s: %w", m.entity, err)
		}
	}
	return nil
}

// SetHeadsOfNewHouseholds makes each household with an ID from firstID to
// lastID that has no head yet headed by its first member whose relation is
// 户主, in one statement. It is for households just inserted in this
// transaction (InsertNew) with their members: the transaction holds the
// write lock, so no other household in the range lacks a head.
func (tx *Tx) SetHeadsOfNewHouseholds(firstID, lastID int64) error {
	err := tx.db.Exec(`UPDATE households SET head_id = (
			SELECT MIN(r.id) FROM residents r
			WHERE r.household_id = households.id AND r.relation = ?)
		WHERE id BETWEEN ? AND ? AND head_id IS NULL`,
		RelationHead, firstID, lastID).Error
	if err != nil {
		return fmt.Errorf("data: set heads of households %d to %d: %w", firstID, lastID, err)
	}
	return nil
}

// CommunityAdults returns up to limit active residents of community's
// households who are minAge or older on the store's day, in the order they
// were registered (by ID): the people a meeting's resident representatives
// are drawn from. Their tags are not loaded.
func (s *Store) CommunityAdults(ctx context.Context, community string, minAge, limit int) ([]Resident, error) {
	if err := s.can("CommunityAdults"); err != nil {
		return nil, err
	}
	y, m, d := s.now().Date()
	bornBy := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(-minAge, 0, 0).Format(time.DateOnly)
	var rs []Resident
	q := s.db.WithContext(ctx).Table("residents r").Select("r.*").
		Joins("JOIN households h ON h.id = r.household_id AND h.deleted_at IS NULL").
		Where("h.community = ? AND r.deleted_at IS NULL AND r.status IN ? AND r.birth_date <= ?", community, ActiveStatuses, bornBy)
	if cond, args := s.who.householdScope(s.db, "h"); cond != "" {
		q = q.Where(cond, args...)
	}
	err := q.Order("r.id").Limit(limit).Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("data: adults of %s: %w", community, err)
	}
	return rs, nil
}

// BackdateMeetingSignOff records that by finalized meeting id's minutes at
// finalized and, when published is not nil, published them at *published:
// the marks an office would have left on minutes signed off in the past,
// for a generated register. FinalizeMeeting and PublishMeeting record the
// operator at the desk and the present moment, which for a year of
// generated minutes would be the generation's minute and, on a new
// database, no one (the minutes would print "已定稿：—").
//
// Only the marks change: the minutes' content, their updated time and the
// audit log are left alone (the log keeps the truth: the entries of
// FinalizeMeeting and PublishMeeting, by the operator, at the time they
// ran). The meeting must already be finalized, and published when
// published is given; otherwise it returns ErrNotFound.
func (s *Store) BackdateMeetingSignOff(ctx context.Context, id int64, by string, finalized time.Time, published *time.Time) error {
	if err := s.can("BackdateMeetingSignOff"); err != nil {
		return err
	}
	cols := map[string]any{"finalized_at": finalized, "finalized_by": by}
	statuses := []string{MeetingFinal, MeetingPublished}
	if published != nil {
		cols["published_at"], cols["published_by"] = *published, by
		statuses = []string{MeetingPublished}
	}
	return s.Tx(ctx, func(tx *Tx) error {
		m, err := meetingOf(tx.db, id)
		if err != nil {
			return err
		}
		if err := s.who.meetingWrite(&m); err != nil {
			return err
		}
		// UpdateColumns: no hooks and no updated_at — only the marks.
		res := tx.db.Model(&Meeting{}).Where("id = ? AND status IN ?", id, statuses).UpdateColumns(cols)
		if res.Error != nil {
			return fmt.Errorf("data: sign-off of meeting %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return NotFound("meetings", id)
		}
		return nil
	})
}
