package sheet

import (
	"context"
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"jiedao/data"
)

// bulkInserter writes many new rows of one model inside the import's
// transaction, faster than GORM's Create and with the same result.
//
// Measured on the SQLite driver (glebarez, pure Go), per resident row:
// GORM's Create spends about half its time building the statement,
// scanning RETURNING and converting values; of the rest, the driver
// prepares every statement anew (there is no statement cache) and binds
// parameters in time quadratic in their number, copying each text into C
// memory. So rows go in as multi-row INSERTs sent straight to the
// transaction's connection, with the text and integer values written as
// SQL literals (for SQLite a string literal needs only its quotes doubled;
// a value with a NUL byte, a time or anything else is still a parameter),
// and with the IDs assigned up front after the largest ever used (the
// tables are AUTOINCREMENT) instead of read back. 300,000 residents take
// about a third of the time Create takes.
//
// What GORM would do for the model is kept: the columns are the model's
// schema (a field the data package adds is written too), CreatedAt and
// UpdatedAt get the store's clock, and the model's hooks run in GORM's
// order — BeforeSave, BeforeCreate, then AfterCreate, AfterSave — so the
// registry's derived search columns and address index stay right (the
// households' AfterSave, which writes the address index a statement per
// household, is replaced by data.IndexNewAddresses, which writes a
// round's addresses in one statement). Where any
// of that cannot be reproduced (another database, a serializer or a
// database-side default) it falls back to GORM's Create.
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
	args   []any
	sql    []byte
	vals   []any // a statement's values, row after row
	used   []int // the fields of a statement's columns
}

// literalRows is how many rows an INSERT with literal values carries; 10
// to 25 measured the same.
const literalRows = 20

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
	var cols []string
	for _, f := range stmt.Schema.Fields {
		if f.DBName == "" || !f.Creatable {
			continue
		}
		if f.Serializer != nil || f.HasDefaultValue && !f.PrimaryKey ||
			(f.AutoCreateTime > 0 || f.AutoUpdateTime > 0) && f.FieldType != reflect.TypeOf(time.Time{}) {
			b.raw = false
		}
		cols = append(cols, `"`+f.DBName+`"`)
		b.fields = append(b.fields, f)
	}
	b.per = max(1, maxParams/len(cols))
	if !b.raw {
		return b, nil
	}
	b.per = literalRows
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

// exec writes the n rows in b.vals as one INSERT. A column that is NULL in
// every row (deleted_at, an empty head) is left out — its value is NULL
// either way (a column with a default sends the model to GORM instead,
// see newBulkInserter) — and the statement is that much shorter to parse.
func (b *bulkInserter) exec(n int) error {
	nf := len(b.fields)
	b.sql = append(b.sql[:0], "INSERT INTO "...)
	b.sql = append(b.sql, b.table...)
	b.sql = append(b.sql, " ("...)
	used := b.used[:0]
	for k, f := range b.fields {
		for r := 0; r < n; r++ {
			if b.vals[r*nf+k] != nil {
				if len(used) > 0 {
					b.sql = append(b.sql, ',')
				}
				b.sql = append(b.sql, '"')
				b.sql = append(b.sql, f.DBName...)
				b.sql = append(b.sql, '"')
				used = append(used, k)
				break
			}
		}
	}
	b.used = used
	b.sql = append(b.sql, ") VALUES "...)
	b.args = b.args[:0]
	for r := 0; r < n; r++ {
		if r > 0 {
			b.sql = append(b.sql, ',')
		}
		b.sql = append(b.sql, '(')
		for j, k := range used {
			if j > 0 {
				b.sql = append(b.sql, ',')
			}
			val := b.vals[r*nf+k]
			var ok bool
			if b.sql, ok = appendLiteral(b.sql, val); !ok {
				b.sql = append(b.sql, '?')
				b.args = append(b.args, val)
			}
		}
		b.sql = append(b.sql, ')')
	}
	// No context: the driver would start a goroutine per statement to
	// watch it. The import checks its context between rounds.
	if _, err := b.db.Statement.ConnPool.ExecContext(context.Background(), string(b.sql), b.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", b.sch.Table, err)
	}
	return nil
}

// sqliteTime is how the SQLite driver (glebarez) writes a time.Time by
// default; a time written as a literal here reads back the same as one the
// driver wrote.
const sqliteTime = "2006-01-02 15:04:05.999999999-07:00"

// appendLiteral writes v as an SQLite literal: a string in single quotes
// with its quotes doubled (SQLite knows no other escape inside a string
// literal), an integer in decimal, a bool as 0 or 1, a time as the driver
// formats it, nil as NULL. It reports false for anything else (pointers,
// floats, a string holding a NUL byte, which would end the statement's
// text), which the caller binds as a parameter instead.
func appendLiteral(dst []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(dst, "NULL"...), true
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return dst, false
		}
		dst = append(dst, '\'')
		for {
			i := strings.IndexByte(x, '\'')
			if i < 0 {
				break
			}
			dst = append(dst, x[:i+1]...)
			dst = append(dst, '\'')
			x = x[i+1:]
		}
		dst = append(dst, x...)
		return append(dst, '\''), true
	case int64:
		return strconv.AppendInt(dst, x, 10), true
	case int:
		return strconv.AppendInt(dst, int64(x), 10), true
	case int32:
		return strconv.AppendInt(dst, int64(x), 10), true
	case bool:
		if x {
			return append(dst, '1'), true
		}
		return append(dst, '0'), true
	case time.Time:
		dst = append(dst, '\'')
		dst = x.AppendFormat(dst, sqliteTime)
		return append(dst, '\''), true
	}
	return dst, false
}
