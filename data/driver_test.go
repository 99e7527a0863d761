package data_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // the driver Jiedao carries (third_party/go-sqlite)
)

// The SQLite driver is carried in third_party/go-sqlite with changes for
// speed (see its JIEDAO.md): a prepared statement keeps its compiled form
// and runs again for each Exec; rows read the columns' declared types once.
// These tests hold the changes to what database/sql promises.

func openRaw(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "driver.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER, at TEXT, note TEXT)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestDriver(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 25, 10, 15, 0, 0, time.FixedZone("CST", 8*3600))

	t.Run("many executions, each with its own values", func(t *testing.T) {
		db := openRaw(t)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		st, err := tx.Prepare(`INSERT INTO t (name, n, at, note) VALUES (?, ?, ?, ?), (?, ?, ?, ?)`)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 500 {
			var note any = fmt.Sprintf("it's %d", i)
			if i%7 == 0 {
				note = nil
			}
			if _, err := st.Exec(fmt.Sprintf("𠮷%d", 2*i), int64(i), at, note, fmt.Sprintf("单%d", 2*i+1), int64(-i), at.Add(time.Duration(i)*time.Second), "x\x00y"); err != nil {
				t.Fatalf("execution %d: %v", i, err)
			}
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		var count int
		var sum int64
		if err := db.QueryRow(`SELECT COUNT(*), SUM(n) FROM t`).Scan(&count, &sum); err != nil {
			t.Fatal(err)
		}
		if count != 1000 || sum != 0 {
			t.Errorf("%d rows, sum %d; want 1000, 0", count, sum)
		}
		var name, atText string
		var note sql.NullString
		if err := db.QueryRow(`SELECT name, at, note FROM t WHERE n = 13`).Scan(&name, &atText, &note); err != nil {
			t.Fatal(err)
		}
		if name != "𠮷26" || note.String != "it's 13" || !strings.HasPrefix(atText, "2026-11-25") {
			t.Errorf("row 13 read back as %q %q %q", name, atText, note.String)
		}
		if err := db.QueryRow(`SELECT note FROM t WHERE n = 14`).Scan(&note); err != nil || note.Valid {
			t.Errorf("row 14's note: %v %v, want NULL", note, err)
		}
		if err := db.QueryRow(`SELECT note FROM t WHERE n = -3`).Scan(&note); err != nil || note.String != "x\x00y" {
			t.Errorf("a text with a NUL byte read back as %q (%v)", note.String, err)
		}
	})

	t.Run("a failed execution leaves the statement usable", func(t *testing.T) {
		db := openRaw(t)
		st, err := db.Prepare(`INSERT INTO t (name, n) VALUES (?, ?)`)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.Exec("张三", 1); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Exec("张三", 2); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
			t.Fatalf("second 张三: %v, want a UNIQUE constraint error", err)
		}
		if _, err := st.Exec("李四", 3); err != nil {
			t.Fatalf("after the failure: %v", err)
		}
		var names string
		if err := db.QueryRow(`SELECT group_concat(name || n, ',') FROM t`).Scan(&names); err != nil {
			t.Fatal(err)
		}
		if names != "张三1,李四3" {
			t.Errorf("rows %q", names)
		}
	})

	t.Run("a prepared text of several statements runs them all each time", func(t *testing.T) {
		db := openRaw(t)
		st, err := db.Prepare(`INSERT INTO t (name, n) VALUES (?, 1); UPDATE t SET n = n + 10`)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for _, name := range []string{"a", "b"} {
			if _, err := st.Exec(name); err != nil {
				t.Fatal(err)
			}
		}
		var names string
		if err := db.QueryRow(`SELECT group_concat(name || n, ',') FROM t`).Scan(&names); err != nil {
			t.Fatal(err)
		}
		if names != "a21,b11" {
			t.Errorf("rows %q, want a21,b11", names)
		}
	})

	t.Run("numbered and named parameters", func(t *testing.T) {
		db := openRaw(t)
		st, err := db.Prepare(`INSERT INTO t (name, n, note) VALUES (?2, ?1, :note)`)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for i, name := range []string{"甲", "乙"} {
			if _, err := st.Exec(i, name, sql.Named("note", "注"+name)); err != nil {
				t.Fatal(err)
			}
		}
		var rows string
		if err := db.QueryRow(`SELECT group_concat(name || n || note, ',') FROM t`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != "甲0注甲,乙1注乙" {
			t.Errorf("rows %q", rows)
		}
	})

	t.Run("declared DATETIME columns read back as times, TEXT as text, row after row", func(t *testing.T) {
		db := openRaw(t)
		if _, err := db.Exec(`CREATE TABLE d (id INTEGER PRIMARY KEY, at DATETIME, note TEXT)`); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if _, err := db.Exec(`INSERT INTO d (at, note) VALUES (?, ?)`, at.Add(time.Duration(i)*time.Hour), "2026-11-25 10:15:00"); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := db.Query(`SELECT note, at FROM d ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		i := 0
		for ; rows.Next(); i++ {
			var note, when any
			if err := rows.Scan(&note, &when); err != nil {
				t.Fatal(err)
			}
			tm, ok := when.(time.Time)
			if _, text := note.(string); !text || !ok || !tm.Equal(at.Add(time.Duration(i)*time.Hour)) {
				t.Errorf("row %d: note %T %v, at %T %v", i, note, note, when, when)
			}
		}
		if err := rows.Err(); err != nil || i != 3 {
			t.Errorf("%d rows, %v", i, err)
		}
	})

	t.Run("a rolled back transaction leaves nothing", func(t *testing.T) {
		db := openRaw(t)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		st, err := tx.Prepare(`INSERT INTO t (name) VALUES (?)`)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 10 {
			if _, err := st.Exec(fmt.Sprint(i)); err != nil {
				t.Fatal(err)
			}
		}
		// The statement is still open: Rollback closes it.
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM t`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d rows after rollback (%v)", n, err)
		}
	})
}
