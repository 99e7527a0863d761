package data

// Residence events (户籍/居住变动): the history that explains a resident's
// status and household. Events are appended, never edited; a wrong one is
// answered by a 信息更正 event with a note. The status is the one the last
// status-changing event (by date, then by order of entry) leaves, so an
// event entered late with its real, earlier date does not overturn what
// happened after it. Between events a clerk may switch 在住 and 外出 by
// editing the resident; 迁出 and 死亡 come only from events.

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Event kinds.
const (
	EventMoveIn     = "迁入"
	EventMoveOut    = "迁出"
	EventBirth      = "出生"
	EventDeath      = "死亡"
	EventTransfer   = "户内变更" // moved to another household of the register
	EventCorrection = "信息更正"
)

// EventKinds lists the kinds in the order the forms offer them.
var EventKinds = []string{EventMoveIn, EventMoveOut, EventBirth, EventDeath, EventTransfer, EventCorrection}

// ResidenceEvent is one event in a resident's history. HouseholdID is the
// household the event happened in; for 户内变更 it is the household left and
// ToHouseholdID the one joined.
type ResidenceEvent struct {
	ID            int64     `gorm:"primaryKey" json:"id"`
	CreatedAt     time.Time `json:"createdAt"`
	ResidentID    int64     `gorm:"not null;index:idx_residence_events_resident,priority:1" json:"residentId"`
	HouseholdID   int64     `gorm:"not null;index:idx_residence_events_household,priority:1" json:"householdId"`
	ToHouseholdID *int64    `gorm:"index" json:"toHouseholdId,omitempty"`
	Kind          string    `gorm:"size:8;not null" json:"kind"`
	Date          string    `gorm:"size:10;not null;index:idx_residence_events_resident,priority:2;index:idx_residence_events_household,priority:2" json:"date"` // 2006-01-02
	Note          string    `json:"note"`
	Operator      string    `gorm:"size:64" json:"operator"`
}

// statusAfter returns the status an event of kind leaves; a correction
// leaves cur.
func statusAfter(kind, cur string) string {
	switch kind {
	case EventMoveIn, EventBirth, EventTransfer:
		return StatusPresent
	case EventMoveOut:
		return StatusMovedOut
	case EventDeath:
		return StatusDeceased
	}
	return cur
}

// StatusFromEvents returns the status a history leaves, starting from cur
// (the status before any event, e.g. as imported).
func StatusFromEvents(events []ResidenceEvent, cur string) string {
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b ResidenceEvent) int {
		if a.Date != b.Date {
			if a.Date < b.Date {
				return -1
			}
			return 1
		}
		return int(a.ID - b.ID)
	})
	for _, e := range sorted {
		cur = statusAfter(e.Kind, cur)
	}
	return cur
}

// checkEvent normalizes and checks an event's kind and date. A transfer
// is made by MoveResident only.
func checkEvent(e *ResidenceEvent, today time.Time, transfer bool) error {
	e.Note = cleanText(e.Note)
	if !slices.Contains(EventKinds, e.Kind) || (e.Kind == EventTransfer) != transfer {
		return &Error{Key: KeyInvalidEventKind, Args: map[string]any{"Field": "kind", "Record": RecordEvent, "Value": e.Kind}}
	}
	d, ok := parseDate(e.Date)
	if !ok {
		return &Error{Key: KeyInvalidDate, Args: map[string]any{"Field": "date", "Value": e.Date}}
	}
	e.Date = d
	if d > today.Format(time.DateOnly) {
		return &Error{Key: KeyInvalidEventFuture, Args: map[string]any{"Field": "date", "Value": d}}
	}
	return nil
}

// RecordEvent records an event (not a move: see MoveResident) of resident
// residentID and updates the resident's status from the history. A death
// ends the history: no status-changing event dated after it is accepted.
// A resident who leaves (迁出, 死亡) stops being the head of household.
func (s *Store) RecordEvent(ctx context.Context, residentID int64, e *ResidenceEvent) error {
	if err := s.can("RecordEvent"); err != nil {
		return err
	}
	if err := checkEvent(e, s.now(), false); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		r, history, err := loadHistory(tx.db, s.who, residentID)
		if err != nil {
			return err
		}
		latest := true // no status-changing event after this one
		for _, h := range history {
			if h.Kind == EventCorrection || e.Kind == EventCorrection {
				continue
			}
			if h.Kind == EventDeath && h.Date <= e.Date {
				return &Error{Key: KeyEventAfterDeath, Args: map[string]any{"Field": "date", "Name": r.Name, "Date": h.Date}}
			}
			if h.Date > e.Date {
				if e.Kind == EventDeath {
					return &Error{Key: KeyEventBeforeLast, Args: map[string]any{"Field": "date", "Date": e.Date, "Last": h.Date}}
				}
				latest = false
			}
		}
		e.ID, e.ResidentID, e.HouseholdID, e.ToHouseholdID = 0, r.ID, r.HouseholdID, nil
		e.Operator = s.Operator()
		if err := tx.Create(e); err != nil {
			return err
		}
		if !latest {
			return nil // history filled in; the present stays as it is
		}
		return tx.applyStatus(&r, statusAfter(e.Kind, r.Status))
	})
}

// applyStatus saves a resident's new status, audited, and clears the
// household's head when the resident left.
func (tx *Tx) applyStatus(r *Resident, status string) error {
	if status == r.Status {
		return nil
	}
	if err := tx.setColumns(r, map[string]any{"status": status}); err != nil {
		return err
	}
	if !slices.Contains(ActiveStatuses, status) {
		return clearHead(tx, r.HouseholdID, r.ID)
	}
	return nil
}

// MoveResident moves an active resident to another household of the
// register (户内变更) on date (2006-01-02), as one action: the same record
// changes household, so its history, tags and identity stay; the event
// names both households. A head of household leaves the old household
// headless and arrives with relation 其他; the clerk then sets the relation
// to the new head. The date may not be before the resident's last event.
func (s *Store) MoveResident(ctx context.Context, residentID, toHouseholdID int64, date, note string) error {
	if err := s.can("MoveResident"); err != nil {
		return err
	}
	e := &ResidenceEvent{Kind: EventTransfer, Date: date, Note: note}
	if err := checkEvent(e, s.now(), true); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		r, history, err := loadHistory(tx.db, s.who, residentID)
		if err != nil {
			return err
		}
		if !r.Active() {
			return &Error{Key: KeyResidentInactive, Args: map[string]any{"Name": r.Name, "Status": r.Status}}
		}
		var to Household
		if err := first(tx.db, &to, "households", toHouseholdID); err != nil {
			return err
		}
		if err := tx.inScope("households", toHouseholdID); err != nil {
			return err // a household outside the scope is not there
		}
		if to.ID == r.HouseholdID {
			return &Error{Key: KeyResidentSameHousehold, Args: map[string]any{"Name": r.Name, "Number": to.Number}}
		}
		if n := len(history); n > 0 && history[n-1].Date > e.Date {
			return &Error{Key: KeyEventBeforeLast, Args: map[string]any{"Field": "date", "Date": e.Date, "Last": history[n-1].Date}}
		}
		from := r.HouseholdID
		if err := clearHead(tx, from, r.ID); err != nil {
			return err
		}
		e.ResidentID, e.HouseholdID, e.ToHouseholdID, e.Operator = r.ID, from, &to.ID, s.Operator()
		if err := tx.Create(e); err != nil {
			return err
		}
		cols := map[string]any{"household_id": to.ID, "status": StatusPresent}
		if r.Relation == RelationHead {
			cols["relation"] = RelationOther
		}
		return tx.setColumns(&r, cols)
	})
}

// loadHistory loads a resident and their events by date.
func loadHistory(db *gorm.DB, p *principal, residentID int64) (Resident, []ResidenceEvent, error) {
	var r Resident
	if err := first(db, &r, "residents", residentID); err != nil {
		return r, nil, err
	}
	if err := scopeCheck(db, p, "residents", residentID); err != nil {
		return r, nil, err // outside the scope: not found
	}
	var history []ResidenceEvent
	if err := db.Where("resident_id = ?", residentID).Order("date, id").Find(&history).Error; err != nil {
		return r, nil, fmt.Errorf("data: history of resident %d: %w", residentID, err)
	}
	return r, history, nil
}

// TimelineEntry is one line of a household's event timeline.
type TimelineEntry struct {
	ResidenceEvent
	ResidentName string `json:"residentName"`
	FromNumber   string `json:"fromNumber"` // household numbers, for 户内变更
	ToNumber     string `json:"toNumber"`
}

// ResidentEvents returns a resident's history, oldest first.
func (s *Store) ResidentEvents(ctx context.Context, residentID int64) ([]ResidenceEvent, error) {
	if err := s.can("ResidentEvents"); err != nil {
		return nil, err
	}
	_, history, err := loadHistory(s.db.WithContext(ctx), s.who, residentID)
	return history, err
}

// HouseholdTimeline returns the events of a household — its members'
// events there, and moves into and out of it — oldest first.
func (s *Store) HouseholdTimeline(ctx context.Context, householdID int64) ([]TimelineEntry, error) {
	if err := s.can("HouseholdTimeline"); err != nil {
		return nil, err
	}
	if err := s.inScope(s.db.WithContext(ctx), "households", householdID); err != nil {
		return nil, err
	}
	var out []TimelineEntry
	err := s.db.WithContext(ctx).Raw(`SELECT e.*, r.name AS resident_name,
			hf.number AS from_number, COALESCE(ht.number, '') AS to_number
		FROM residence_events e
		JOIN residents r ON r.id = e.resident_id
		JOIN households hf ON hf.id = e.household_id
		LEFT JOIN households ht ON ht.id = e.to_household_id
		WHERE e.household_id = ? OR e.to_household_id = ?
		ORDER BY e.date, e.id`, householdID, householdID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("data: timeline of household %d: %w", householdID, err)
	}
	return out, nil
}
