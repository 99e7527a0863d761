package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// BulkModel is a registry row an import writes in bulk.
type BulkModel interface {
	Household | Resident | ResidentTag
}

// BulkInserter writes many new rows of one model inside a transaction,
// faster than GORM's Create and with the same result. The rows are not
// audited one by one: the import that writes them leaves one entry for
// all of them (Tx.Audit).
//
// Measured on the SQLite driver (pure Go), per resident row: GORM's Create
// spends about half its time building the statement, scanning RETURNING
// and converting values, and the driver compiles every statement's text
// anew. So rows go in through one prepared multi-row INSERT per model,
// compiled once and run again with each batch's values (the driver Jiedao
// carries in third_party/go-sqlite keeps a prepared statement compiled;
// see JIEDAO.md there), with the IDs assigned up front after the largest
// ever used (the tables are AUTOINCREMENT) instead of read back. Compiling
// the text was two fifths of the write time of 300,000 residents.
//
// What GORM would do for the model is kept: the columns are the model's
// schema (a field added to the model is written too), values are bound as
// GORM binds them, CreatedAt and UpdatedAt get the store's clock, and the
// model's hooks run in GORM's order — BeforeSave, BeforeCreate, then
// AfterCreate, AfterSave — so the registry's derived search columns and
// address index stay right (the households' AfterSave, which writes the
// address index a statement per household, is replaced by
// IndexNewAddresses, which writes a round's addresses in one statement).
// Where any of that cannot be reproduced (another database, a serializer
// or a database-side default) it falls back to GORM's Create.
type BulkInserter[T BulkModel] struct {
	tx     *Tx // for the scope of the rows (newRowsInScope)
	db     *gorm.DB
	hookDB *gorm.DB
	sch    *schema.Schema
	fields []*schema.Field
	table  string // quoted
	per    int    // rows per statement
	nextID int64
	now    time.Time // CreatedAt and UpdatedAt of every row
	raw    bool      // false: GORM's Create
	vals   []any     // a statement's values, row after row
	stmts  map[int]*sql.Stmt
}

// preparedRows is how many rows one prepared INSERT carries; 50 to 100
// measured the same, 20 and 200 slower.
const preparedRows = 64

// maxParams bounds the parameters of one INSERT where GORM's Create is
// used (off SQLite): the SQLite driver binds them in quadratic time.
// 24-column residents: 8–14 rows a statement cost the same, 40 rows 40%
// more, 150 rows twice as much.
const maxParams = 256

// GORM's hook interfaces (gorm.io/gorm/callbacks), as GORM checks them.
type (
	beforeSaver   interface{ BeforeSave(*gorm.DB) error }
	beforeCreator interface{ BeforeCreate(*gorm.DB) error }
	afterCreator  interface{ AfterCreate(*gorm.DB) error }
	afterSaver    interface{ AfterSave(*gorm.DB) error }
)

// NewBulkInserter prepares inserts of T in tx. Close it when done.
func NewBulkInserter[T BulkModel](tx *Tx) (*BulkInserter[T], error) {
	db := tx.db
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(new(T)); err != nil {
		return nil, fmt.Errorf("data: bulk insert: %w", err)
	}
	if err := tx.mayBulk(stmt.Schema.Table); err != nil {
		return nil, err
	}
	b := &BulkInserter[T]{tx: tx, db: db, hookDB: db.Session(&gorm.Session{NewDB: true}), sch: stmt.Schema, now: db.NowFunc()}
	b.raw = isSQLite(db) && stmt.Schema.PrioritizedPrimaryField != nil
	for _, f := range stmt.Schema.Fields {
		if f.DBName == "" || !f.Creatable {
			continue
		}
		if !bindsAsGORM(f) {
			b.raw = false
		}
		b.fields = append(b.fields, f)
	}
	b.per = max(1, maxParams/len(b.fields))
	if !b.raw {
		return b, nil
	}
	b.per = preparedRows
	b.table = `"` + stmt.Schema.Table + `"`
	next, err := nextRowID(db, stmt.Schema.Table)
	if err != nil {
		return nil, err
	}
	b.nextID = next
	return b, nil
}

// bindsAsGORM reports whether the bulk path writes field f as GORM's
// Create would: not through a serializer, without a database-side default
// (the primary key aside), and with an automatic time only on a time.Time.
func bindsAsGORM(f *schema.Field) bool {
	autoTime := f.AutoCreateTime > 0 || f.AutoUpdateTime > 0
	return f.Serializer == nil && (!f.HasDefaultValue || f.PrimaryKey) &&
		(!autoTime || f.FieldType == reflect.TypeOf(time.Time{}))
}

// nextRowID is the ID after the largest in table and the largest ever
// handed out (sqlite_sequence remembers those of deleted rows).
func nextRowID(db *gorm.DB, table string) (int64, error) {
	var maxID, seq int64
	if err := db.Raw(`SELECT COALESCE(MAX(id), 0) FROM "` + table + `"`).Scan(&maxID).Error; err != nil {
		return 0, fmt.Errorf("data: bulk insert into %s: %w", table, err)
	}
	if err := db.Raw("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = ?", table).Scan(&seq).Error; err != nil {
		return 0, fmt.Errorf("data: bulk insert into %s: %w", table, err)
	}
	return max(maxID, seq) + 1, nil
}

// ReservesIDs reports whether the inserter hands out IDs before inserting
// (Reserve); otherwise Insert learns them from the database, as GORM's
// Create does.
func (b *BulkInserter[T]) ReservesIDs() bool { return b.raw }

// Reserve hands out n consecutive IDs, the first of which it returns, for
// rows the caller inserts later with their IDs set. Only when ReservesIDs.
func (b *BulkInserter[T]) Reserve(n int) int64 {
	first := b.nextID
	b.nextID += int64(n)
	return first
}

// Insert writes rows; rows without an ID get the next ones, which are set
// in rows.
func (b *BulkInserter[T]) Insert(rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	if err := b.tx.newRowsInScope(any(rows)); err != nil {
		return err
	}
	if !b.raw {
		for chunk := range slices.Chunk(rows, b.per) {
			if err := b.db.Create(&chunk).Error; err != nil {
				return fmt.Errorf("data: insert into %s: %w", b.sch.Table, err)
			}
		}
		return nil
	}
	ctx := b.db.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	for chunk := range slices.Chunk(rows, b.per) {
		b.vals = b.vals[:0]
		for i := range chunk {
			if err := b.bindRow(ctx, &chunk[i]); err != nil {
				return fmt.Errorf("data: insert into %s: %w", b.sch.Table, err)
			}
		}
		if err := b.exec(len(chunk)); err != nil {
			return err
		}
	}
	if err := b.afterHooks(rows); err != nil {
		return fmt.Errorf("data: insert into %s: %w", b.sch.Table, err)
	}
	return nil
}

// bindRow gives row its ID, runs its before-hooks, fills its timestamps
// and appends its values to the statement's.
func (b *BulkInserter[T]) bindRow(ctx context.Context, row *T) error {
	rv := reflect.ValueOf(row).Elem()
	id, err := b.takeID(ctx, rv)
	if err != nil {
		return err
	}
	if err := beforeHooks(any(row), b.hookDB); err != nil {
		return err
	}
	if err := b.sch.PrioritizedPrimaryField.Set(ctx, rv, id); err != nil {
		return err
	}
	for _, f := range b.fields {
		val, err := b.value(ctx, f, rv)
		if err != nil {
			return err
		}
		b.vals = append(b.vals, val)
	}
	return nil
}

// takeID returns the row's ID — its own, or the next one — and leaves the
// row without one: the before-hooks see it as GORM's Create shows a new
// row to them (the ID is put back after them).
func (b *BulkInserter[T]) takeID(ctx context.Context, rv reflect.Value) (int64, error) {
	pk := b.sch.PrioritizedPrimaryField
	pv, zero := pk.ValueOf(ctx, rv)
	if zero {
		id := b.nextID
		b.nextID++
		return id, nil
	}
	return reflect.ValueOf(pv).Int(), pk.Set(ctx, rv, int64(0))
}

// beforeHooks runs v's BeforeSave and BeforeCreate, in GORM's order.
func beforeHooks(v any, db *gorm.DB) error {
	if h, ok := v.(beforeSaver); ok {
		if err := h.BeforeSave(db); err != nil {
			return err
		}
	}
	if h, ok := v.(beforeCreator); ok {
		return h.BeforeCreate(db)
	}
	return nil
}

// value is field f of the row as GORM binds it: an automatic time that is
// unset gets the store's clock, a driver.Valuer its Value, a pointer NULL
// or what it points to.
func (b *BulkInserter[T]) value(ctx context.Context, f *schema.Field, rv reflect.Value) (any, error) {
	if f.AutoCreateTime > 0 || f.AutoUpdateTime > 0 {
		if _, zero := f.ValueOf(ctx, rv); zero {
			if err := f.Set(ctx, rv, b.now); err != nil {
				return nil, err
			}
		}
	}
	val, _ := f.ValueOf(ctx, rv)
	if dv, ok := val.(driver.Valuer); ok {
		var err error
		if val, err = dv.Value(); err != nil {
			return nil, err
		}
	}
	if p := reflect.ValueOf(val); p.Kind() == reflect.Pointer {
		// *int64 and the like: NULL, or what they point to.
		if p.IsNil() {
			return nil, nil
		}
		return p.Elem().Interface(), nil
	}
	return val, nil
}

// afterHooks runs the rows' AfterCreate and AfterSave after every row is
// in, as GORM's Create of a slice does (one INSERT, then the hooks): for
// households that keeps the address index's writes together, and FTS5
// writes its pending terms out only when a later statement opens a
// savepoint — which every multi-row INSERT does. Interleaved, 120,000
// households made as many tiny index segments and merges, 3–6 s of an
// import.
func (b *BulkInserter[T]) afterHooks(rows []T) error {
	if hs, ok := any(rows).([]Household); ok {
		// A household's only after-hook writes its address to the
		// address index, one statement each; this is the same in one
		// statement for the round.
		return IndexNewAddresses(b.db, hs)
	}
	for i := range rows {
		v := any(&rows[i])
		if h, ok := v.(afterCreator); ok {
			if err := h.AfterCreate(b.hookDB); err != nil {
				return err
			}
		}
		if h, ok := v.(afterSaver); ok {
			if err := h.AfterSave(b.hookDB); err != nil {
				return err
			}
		}
	}
	return nil
}

// exec writes the n rows in b.vals as one INSERT, through the statement
// prepared for n rows (every full batch shares one; the last, shorter
// batch gets its own).
func (b *BulkInserter[T]) exec(n int) error {
	st := b.stmts[n]
	if st == nil {
		// No context: the driver would start a goroutine per statement to
		// watch it. The import checks its context between rounds.
		var err error
		if st, err = b.db.Statement.ConnPool.PrepareContext(context.Background(), b.insertSQL(n)); err != nil {
			return fmt.Errorf("data: insert into %s: %w", b.sch.Table, err)
		}
		if b.stmts == nil {
			b.stmts = map[int]*sql.Stmt{}
		}
		b.stmts[n] = st
	}
	if _, err := st.Exec(b.vals[:n*len(b.fields)]...); err != nil {
		return fmt.Errorf("data: insert into %s: %w", b.sch.Table, err)
	}
	return nil
}

// insertSQL is the INSERT of n rows of the model's columns.
func (b *BulkInserter[T]) insertSQL(n int) string {
	var q strings.Builder
	q.WriteString("INSERT INTO " + b.table + " (")
	for k, f := range b.fields {
		if k > 0 {
			q.WriteByte(',')
		}
		q.WriteString(`"` + f.DBName + `"`)
	}
	q.WriteString(") VALUES ")
	row := "(" + strings.Repeat("?,", len(b.fields)-1) + "?)"
	for r := range n {
		if r > 0 {
			q.WriteByte(',')
		}
		q.WriteString(row)
	}
	return q.String()
}

// Close releases the prepared statements. The transaction would release
// them when it ends; an import's inserters are done before its audit entry
// and index rebuild are written.
func (b *BulkInserter[T]) Close() {
	for n, st := range b.stmts {
		st.Close()
		delete(b.stmts, n)
	}
}
