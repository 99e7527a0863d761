package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// Store is the database: every read and write of the registers goes
// through it. It is safe for concurrent use.
//
// The Store that Open returns is unbound: it runs as no account, and may
// only do what needs none (see methodRules: HasAccounts, Login,
// CreateFirstAdmin, Recover, Path, Close …). Login returns a Store bound to
// an account, sharing the same database, writer and clock; every other
// method checks the account's roles and scope (access.go).
type Store struct {
	*engine
	who *principal // nil: unbound
}

// engine is what every Store of one Open shares: the connection pool, the
// writer's turn, the clock and the cached settings.
type engine struct {
	// Now is the store's clock: audit times, timestamps, backup names,
	// lockouts. Open sets it to time.Now; tests replace it before use.
	Now func() time.Time

	path    string  // the file, or the server's URL without its password
	dialect dialect // the engine's answers: sqliteDialect or postgresDialect
	db      *gorm.DB
	sqlDB   *sql.DB
	// writer admits one write transaction of this process at a time, so
	// a long import makes a save wait (or give up with its context)
	// instead of failing with SQLITE_BUSY after busy_timeout. Other
	// processes are kept in order by SQLite's lock and busy_timeout.
	writer chan struct{}
	known  []string // migration IDs of the schema this store runs

	mu               sync.Mutex
	operator         string
	operatorRequired bool // see RequireOperator
}

// Path is the absolute path of the database file, or for a register on
// the office server its URL without the password.
func (s *Store) Path() string { return s.path }

// Close closes the database. The last connection to close folds the WAL
// back into the file and removes the -wal and -shm files.
func (s *Store) Close() error {
	storeClosed(s)
	if err := s.sqlDB.Close(); err != nil {
		return fmt.Errorf("data: close %s: %w", s.path, err)
	}
	return nil
}

func (s *engine) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Operator is the name of the person at the desk, from the settings, as
// recorded in audit entries. It is "" when no name has been saved: audit
// entries then record the system's user (SystemUser), unless the store
// requires an operator (RequireOperator) and refuses to write; the UI
// shows the message "audit.operator.unset" (未设置) for it. It is cached
// at Open and updated by SaveSettings and SaveOperator, so another
// process's change shows after reopening.
func (s *Store) Operator() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.operator
}

func (s *Store) setOperator(name string) {
	s.mu.Lock()
	s.operator = name
	s.mu.Unlock()
}

// Tx is one write transaction. Its methods read and write through the
// transaction's own handle, so they see the same snapshot; the handle stays
// inside data, where the account's scope and the SQL dialect are decided.
type Tx struct {
	db    *gorm.DB
	store *Store
}

// Tx runs fn in one transaction: fn's error (or a panic) rolls it all back,
// including its audit entries. Do not call Store write methods from fn (they
// would wait for fn's transaction to end); use tx.Create, tx.Update,
// tx.Delete and tx.Audit instead. A database locked by another program for
// longer than busy_timeout gives ErrInUse, a read-only file or folder
// ErrReadOnly, a damaged one ErrCorrupt.
func (s *Store) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	if err := s.can("Tx"); err != nil {
		return err
	}
	return s.runTx(ctx, fn)
}

// runTx is Tx without the account check, for what runs before or without
// a login: Open's upgrade, the first account, a restore's copy.
func (s *Store) runTx(ctx context.Context, fn func(tx *Tx) error) error {
	select {
	case s.writer <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("data: waiting to write: %w", ctx.Err())
	}
	defer func() { <-s.writer }()

	err := s.db.WithContext(ctx).Transaction(func(gtx *gorm.DB) error {
		return fn(&Tx{db: gtx, store: s})
	})
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("data: transaction: %w (%v)", ctx.Err(), err)
	}
	if de := s.dialect.classify(err); de != nil {
		return de // busy (ErrInUse), read-only (ErrReadOnly), damaged (ErrCorrupt), the server's
	}
	return err
}

// Create inserts v (a pointer to a model) and audits it.
func (s *Store) Create(ctx context.Context, v any) error {
	if err := s.can("Create"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.Create(v) })
}

// Update saves every column of v (a pointer to a model with its ID set)
// and audits the change with the row as it was before. CreatedAt and
// DeletedAt are left as stored; associations (such as Resident.Tags) are
// not written — change those inside Tx.
func (s *Store) Update(ctx context.Context, v any) error {
	if err := s.can("Update"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.Update(v) })
}

// Delete moves v (a pointer to a model with its ID set) to the recycle bin
// and audits it. Models without DeletedAt are deleted for good, audited as
// ActionPurge.
func (s *Store) Delete(ctx context.Context, v any) error {
	if err := s.can("Delete"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.Delete(v) })
}

// Create inserts v (with its associations, as GORM does) and audits it.
func (tx *Tx) Create(v any) error {
	m, err := tx.store.describe(v)
	if err != nil {
		return err
	}
	if err := tx.mayWrite(m.entity, v); err != nil {
		return err
	}
	if err := tx.db.Create(v).Error; err != nil {
		return fmt.Errorf("data: create %s: %w", m.entity, err)
	}
	id, err := m.id(v)
	if err != nil {
		return err
	}
	return tx.Audit(ActionCreate, m.entity, id, nil, v)
}

// Update is Store.Update inside a transaction.
func (tx *Tx) Update(v any) error {
	m, err := tx.store.describe(v)
	if err != nil {
		return err
	}
	id, err := m.id(v)
	if err != nil {
		return err
	}
	before := m.new()
	if err := first(tx.db, before, m.entity, id); err != nil {
		return err
	}
	if err := tx.mayChange(m.entity, id, before); err != nil {
		return err
	}
	if err := tx.mayWrite(m.entity, v); err != nil {
		return err
	}
	err = tx.db.Model(v).Select("*").Omit("CreatedAt", "DeletedAt", clause.Associations).Updates(v).Error
	if err != nil {
		return fmt.Errorf("data: update %s %d: %w", m.entity, id, err)
	}
	after := m.new()
	if err := first(tx.db, after, m.entity, id); err != nil {
		return err
	}
	return tx.Audit(ActionUpdate, m.entity, id, before, after)
}

// Delete is Store.Delete inside a transaction.
func (tx *Tx) Delete(v any) error {
	m, err := tx.store.describe(v)
	if err != nil {
		return err
	}
	id, err := m.id(v)
	if err != nil {
		return err
	}
	if m.soft {
		if _, ok := tx.store.recycleKind(m.entity); !ok {
			// Otherwise the record would vanish into a bin nobody
			// can list.
			return fmt.Errorf("data: delete %s: not in the recycle bin's kinds (recycle.go)", m.entity)
		}
	}
	before := m.new()
	if err := first(tx.db, before, m.entity, id); err != nil {
		return err
	}
	if err := tx.mayChange(m.entity, id, before); err != nil {
		return err
	}
	action := ActionDelete
	if !m.soft {
		action = ActionPurge
	}
	snap, err := snapshot(before)
	if err != nil {
		return err
	}
	if err := tx.db.Delete(before).Error; err != nil {
		return fmt.Errorf("data: delete %s %d: %w", m.entity, id, err)
	}
	return tx.Audit(action, m.entity, id, snap, nil)
}

// first loads the live (not deleted) row id into dst, or returns ErrNotFound
// (saying whether the row is in the recycle bin: see missing).
func first(db *gorm.DB, dst any, entity string, id int64) error {
	err := db.First(dst, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return missing(db, dst, entity, "id", id)
	}
	if err != nil {
		return fmt.Errorf("data: load %s %d: %w", entity, id, err)
	}
	return nil
}

// NotFound is the error for a missing record of entity (a table) with id
// (its ID, or the number the user gave: a household or agreement number,
// a credit code). The key is "error.not_found.<entity>" where there is a
// message naming that kind of record, else "error.not_found"; errors.Is(err,
// ErrNotFound) holds for both.
func NotFound(entity string, id any) error {
	key := KeyNotFound
	if _, ok := LookupMessage(KeyNotFound + "." + entity); ok {
		key = KeyNotFound + "." + entity
	}
	return &Error{Key: key, Args: map[string]any{"Entity": entity, "ID": id}, Err: gorm.ErrRecordNotFound}
}

// modelInfo is what the store needs to know about a model type.
type modelInfo struct {
	entity string // table name, as audit entries and the recycle bin name it
	typ    reflect.Type
	pk     *schema.Field
	soft   bool // has gorm.DeletedAt
}

var deletedAtType = reflect.TypeOf(gorm.DeletedAt{})

// describe parses v's model (GORM caches the parse).
func (s *Store) describe(v any) (modelInfo, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return modelInfo{}, fmt.Errorf("data: need a pointer to a model, got %T", v)
	}
	stmt := &gorm.Statement{DB: s.db}
	if err := stmt.Parse(v); err != nil {
		return modelInfo{}, fmt.Errorf("data: %T is not a model: %w", v, err)
	}
	sch := stmt.Schema
	pk := sch.PrioritizedPrimaryField
	if pk == nil {
		return modelInfo{}, fmt.Errorf("data: %T has no primary key", v)
	}
	switch pk.FieldType.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
	default:
		return modelInfo{}, fmt.Errorf("data: %T: the store needs an integer primary key", v)
	}
	deletedAt := sch.LookUpField("DeletedAt")
	return modelInfo{
		entity: sch.Table,
		typ:    rv.Elem().Type(),
		pk:     pk,
		soft:   deletedAt != nil && deletedAt.FieldType == deletedAtType,
	}, nil
}

func (m modelInfo) new() any { return reflect.New(m.typ).Interface() }

// id reads v's primary key.
func (m modelInfo) id(v any) (int64, error) {
	val, zero := m.pk.ValueOf(context.Background(), reflect.ValueOf(v).Elem())
	if zero {
		return 0, NotFound(m.entity, 0)
	}
	rv := reflect.ValueOf(val)
	switch rv.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return int64(rv.Uint()), nil
	}
	return 0, fmt.Errorf("data: %s: primary key %T is not an integer", m.entity, val)
}
