package data

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Audit actions. The UI names them with the Messages keys
// "audit.action.<action>".
const (
	ActionCreate      = "create"
	ActionUpdate      = "update"
	ActionDelete      = "delete"  // to the recycle bin
	ActionRestore     = "restore" // from the recycle bin
	ActionPurge       = "purge"   // gone for good
	ActionBackup      = "backup"
	ActionUpgrade     = "upgrade"      // schema migrated; After names the backup
	ActionRestoreFile = "restore_file" // database replaced by a backup
	ActionPrint       = "print"        // a document printed to a file
	ActionExport      = "export"       // records written to a file
	ActionChain       = "chain"        // the hash chain begins (see migrateAuditChain)
)

// Entities that are not tables. Table-backed entities are named by their
// table ("households"); the UI names them with "audit.entity.<entity>".
const (
	EntityDatabase = "database"
	EntitySettings = "settings"
)

// AuditEntry is one line of the audit trail: who did what to which record,
// when, with the record as JSON before and after ("" when there is none).
// Entries are only ever appended, each to the head of a hash chain (Seq,
// PrevHash, Hash; see chainHash), and triggers refuse to change or delete
// one (see migrateAuditChain).
type AuditEntry struct {
	ID       int64     `gorm:"primaryKey" json:"id"`
	At       time.Time `gorm:"not null;index" json:"at"`
	Operator string    `gorm:"size:64;not null" json:"operator"`
	Action   string    `gorm:"size:16;not null" json:"action"`
	Entity   string    `gorm:"size:64;not null" json:"entity"`
	EntityID int64     `gorm:"not null" json:"entityId"`
	Before   string    `gorm:"not null" json:"before"`
	After    string    `gorm:"not null" json:"after"`
	// Seq is the entry's place in the chain: 1, 2, 3 … without gaps. The
	// ID is the row's key and need not be: PostgreSQL's sequences skip
	// numbers on a rollback, and a restore carries entries in with new IDs.
	Seq      int64  `gorm:"not null;default:0" json:"seq"`
	PrevHash string `gorm:"size:64;not null;default:''" json:"prevHash"` // the previous entry's Hash; "" for the first
	Hash     string `gorm:"size:64;not null;default:''" json:"hash"`     // chainHash of this entry
}

// Audit appends an audit entry inside the transaction, so it is kept
// exactly when the change is. before and after are stored as JSON; nil
// means "none".
func (tx *Tx) Audit(action, entity string, id int64, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return fmt.Errorf("data: audit %s %s %d: before: %w", action, entity, id, err)
	}
	a, err := auditJSON(after)
	if err != nil {
		return fmt.Errorf("data: audit %s %s %d: after: %w", action, entity, id, err)
	}
	op, err := tx.auditOperator()
	if err != nil {
		return err
	}
	e := AuditEntry{
		At:       tx.store.now(),
		Operator: op,
		Action:   action,
		Entity:   entity,
		EntityID: id,
		Before:   b,
		After:    a,
	}
	if err := appendAudit(tx.db, &e); err != nil {
		return fmt.Errorf("data: audit %s %s %d: %w", action, entity, id, err)
	}
	return nil
}

// snapshot freezes v as JSON now, for a "before" that the change itself
// would otherwise alter (GORM writes DeletedAt back into the deleted value).
func snapshot(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("data: snapshot %T: %w", v, err)
	}
	return b, nil
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AuditFilter selects audit entries, newest first. Zero fields do not
// filter. Limit defaults to 100 and is at most 1000. For the next page pass
// the ID of the last entry seen as BeforeID (keyset paging: every page costs
// the same however deep). The audit screen builds one from its filters.
type AuditFilter struct {
	// Login keeps the entries of one account: their operator is
	// "张三（login）" (Account.AuditName). Entries from before accounts
	// have no login and are never selected by it.
	Login    string
	Action   string // one of the Action constants
	Entity   string // a table ("households") or EntityDatabase, EntitySettings, EntityAccounts
	EntityID int64
	// From and To bound the entry's time: From <= At < To, so that a day
	// picked in the window is [its 00:00, the next day's 00:00) in local
	// time. Zero means open.
	From, To time.Time
	// ViewsOnly keeps the looks at whole personal numbers (ActionView:
	// the eye button, printing and exporting whole numbers), whatever
	// Action says.
	ViewsOnly bool
	Limit     int
	BeforeID  int64
}

// AuditLog returns the entries f selects, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if err := s.can("AuditLog"); err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	q := auditWhere(s.db.WithContext(ctx).Model(&AuditEntry{}), f)
	var out []AuditEntry
	if err := q.Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("data: audit log: %w", err)
	}
	return out, nil
}

// auditWhere adds f's conditions to q.
func auditWhere(q *gorm.DB, f AuditFilter) *gorm.DB {
	action := f.Action
	if f.ViewsOnly {
		action = ActionView
	}
	if f.Login != "" {
		// The login is the operator's tail between full-width brackets;
		// LIKE's wildcards in it (a login may hold "_") are escaped.
		q = q.Where(`operator LIKE ? ESCAPE '\'`, "%（"+likeEscape(f.Login)+"）")
	}
	if action != "" {
		q = q.Where("action = ?", action)
	}
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	// SQLite keeps a time as text with the desk's offset at the time of
	// writing ("2026-12-07 09:52:45+08:00"); julianday compares instants
	// whatever the offset. PostgreSQL's timestamptz compares as it is.
	at, bound := "at", "?"
	if isSQLite(q) {
		at, bound = "julianday(at)", "julianday(?)"
	}
	if !f.From.IsZero() {
		q = q.Where(at+" >= "+bound, f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where(at+" < "+bound, f.To.UTC())
	}
	if f.BeforeID > 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	return q
}
