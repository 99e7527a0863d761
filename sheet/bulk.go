package sheet

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

	"jiedao/data"
)

// bulkInserter writes many new rows of one model inside the import's
// transaction, faster than GORM's Create and with the same result.
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
// schema (a field the data package adds is written too), values are bound
// as GORM binds them, CreatedAt and UpdatedAt get the store's clock, and
// the model's hooks run in GORM's order — BeforeSave, BeforeCreate, then
// AfterCreate, AfterSave — so the registry's derived search columns and
// address index stay right (the households' AfterSave, which writes the
// address index a statement per household, is replaced by
// data.IndexNewAddresses, which writes a round's addresses in one
// statement). Where any of that cannot be reproduced (another database, a
// serializer or a database-side default) it falls back to GORM's Create.
type bulkInserter struct {
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

// GORM's hook interfaces (gorm.io/gorm/callbacks), as GORM checks them.
type (
	beforeSaver   interface{ BeforeSave(*gorm.DB) error }
	beforeCreator interface{ BeforeCreate(*gorm.DB) error }
	afterCreator  interface{ AfterCreate(*gorm.DB) error }
	afterSaver    interface{ AfterSave(*gorm.DB) error }
)

// newBulkInserter prepares inserts of model (a pointer to a zero value).
func newBulkInserter(db *gorm.DB, model any) (*bulkInserter, error) {
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(model); err != nil {
		return nil, err
	}
	b := &bulkInserter{db: db, hookDB: db.Session(&gorm.Session{NewDB: true}), sch: stmt.Schema, now: db.NowFunc()}
	b.raw = db.Dialector.Name() == "sqlite" && stmt.Schema.PrioritizedPrimaryField != nil
	for _, f := range stmt.Schema.Fields {
		if f.DBName == "" || !f.Creatable {
			continue
		}
		if f.Serializer != nil || f.HasDefaultValue && !f.PrimaryKey ||
			(f.AutoCreateTime > 0 || f.AutoUpdateTime > 0) && f.FieldType != reflect.TypeOf(time.Time{}) {
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
	// The next ID: after the largest in the table and the largest ever
	// handed out (sqlite_sequence remembers those of deleted rows).
	var maxID, seq int64
	if err := db.Raw(`SELECT COALESCE(MAX(id), 0) FROM "` + stmt.Schema.Table + `"`).Scan(&maxID).Error; err != nil {
		return nil, err
	}
	if err := db.Raw("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = ?", stmt.Schema.Table).Scan(&seq).Error; err != nil {
		return nil, err
	}
	b.nextID = max(maxID, seq) + 1
	return b, nil
}

// reserve hands out n consecutive IDs for rows the caller inserts later
// with their IDs set (only when raw).
func (b *bulkInserter) reserve(n int) int64 {
	first := b.nextID
	b.nextID += int64(n)
	return first
}

// insertRows writes rows (a slice of the model's struct type); rows
// without an ID get the next ones.
func insertRows[T any](b *bulkInserter, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	if !b.raw {
		for chunk := range slices.Chunk(rows, b.per) {
			if err := b.db.Create(&chunk).Error; err != nil {
				return err
			}
		}
		return nil
	}
	ctx := b.db.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	now := b.now
	pk := b.sch.PrioritizedPrimaryField
	for chunk := range slices.Chunk(rows, b.per) {
		b.vals = b.vals[:0]
		for i := range chunk {
			v := any(&chunk[i])
			rv := reflect.ValueOf(v).Elem()
			// The before-hooks see the row as GORM's Create shows a new
			// row to them: without an ID (a reserved one is put back
			// after them).
			id := b.nextID
			if pv, zero := pk.ValueOf(ctx, rv); !zero {
				id = reflect.ValueOf(pv).Int()
				if err := pk.Set(ctx, rv, int64(0)); err != nil {
					return err
				}
			} else {
				b.nextID++
			}
			if h, ok := v.(beforeSaver); ok {
				if err := h.BeforeSave(b.hookDB); err != nil {
					return err
				}
			}
			if h, ok := v.(beforeCreator); ok {
				if err := h.BeforeCreate(b.hookDB); err != nil {
					return err
				}
			}
			if err := pk.Set(ctx, rv, id); err != nil {
				return err
			}
			for _, f := range b.fields {
				if f.AutoCreateTime > 0 || f.AutoUpdateTime > 0 {
					if _, zero := f.ValueOf(ctx, rv); zero {
						if err := f.Set(ctx, rv, now); err != nil {
							return err
						}
					}
				}
				val, _ := f.ValueOf(ctx, rv)
				if dv, ok := val.(driver.Valuer); ok {
					var err error
					if val, err = dv.Value(); err != nil {
						return err
					}
				}
				if rv := reflect.ValueOf(val); rv.Kind() == reflect.Pointer {
					// *int64 and the like: NULL, or what they point to.
					if rv.IsNil() {
						val = nil
					} else {
						val = rv.Elem().Interface()
					}
				}
				b.vals = append(b.vals, val)
			}
		}
		if err := b.exec(len(chunk)); err != nil {
			return err
		}
	}
	if hs, ok := any(rows).([]data.Household); ok {
		// A household's only after-hook writes its address to the
		// address index, one statement each; this is the same in one
		// statement for the round.
		return data.IndexNewAddresses(b.db, hs)
	}
	// After every row is in, as GORM's Create of a slice does (one
	// INSERT, then the hooks): for households that keeps the address
	// index's writes together, and FTS5 writes its pending terms out only
	// when a later statement opens a savepoint — which every multi-row
	// INSERT does. Interleaved, 120,000 households made as many tiny index
	// segments and merges, 3–6 s of an import.
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
func (b *bulkInserter) exec(n int) error {
	st := b.stmts[n]
	if st == nil {
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
		// No context: the driver would start a goroutine per statement to
		// watch it. The import checks its context between rounds.
		var err error
		if st, err = b.db.Statement.ConnPool.PrepareContext(context.Background(), q.String()); err != nil {
			return fmt.Errorf("insert into %s: %w", b.sch.Table, err)
		}
		if b.stmts == nil {
			b.stmts = map[int]*sql.Stmt{}
		}
		b.stmts[n] = st
	}
	if _, err := st.Exec(b.vals[:n*len(b.fields)]...); err != nil {
		return fmt.Errorf("insert into %s: %w", b.sch.Table, err)
	}
	return nil
}

// close releases the prepared statements. The transaction would release
// them when it ends; an import's inserters are done before its audit entry
// and index rebuild are written.
func (b *bulkInserter) close() {
	for n, st := range b.stmts {
		st.Close()
		delete(b.stmts, n)
	}
}
