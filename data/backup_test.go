package data_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestBackup(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	if err := s.Create(ctx, &data.Household{Number: "H1"}); err != nil {
		t.Fatal(err)
	}
	path, err := s.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(filepath.Dir(s.Path()), "backups", "jiedao-20261125-101500.db")
	if path != want || s.BackupDir() != filepath.Dir(want) {
		t.Errorf("Backup = %s (dir %s), want %s", path, s.BackupDir(), want)
	}
	t.Run("passes CheckBackup", func(t *testing.T) {
		if err := data.CheckBackup(ctx, path); err != nil {
			t.Error(err)
		}
	})
	t.Run("has the data", func(t *testing.T) {
		b := datatest.MustOpenPath(t, copyOf(t, path))
		var n int64
		data.StoreDB(b).Model(&data.Household{}).Count(&n)
		if n != 1 {
			t.Errorf("backup has %d households", n)
		}
	})
	t.Run("audited", func(t *testing.T) {
		log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: data.EntityDatabase})
		if len(log) != 1 || log[0].Action != data.ActionBackup || !strings.Contains(log[0].After, "jiedao-20261125-101500.db") {
			t.Errorf("audit = %+v", log)
		}
	})
	t.Run("same second gets a new name", func(t *testing.T) {
		again, err := s.Backup(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if again == path || !exists(path) || !exists(again) {
			t.Errorf("second backup %s replaced %s", again, path)
		}
	})
	t.Run("other folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "U盘")
		p, err := s.Backup(ctx, dir)
		if err != nil || filepath.Dir(p) != dir {
			t.Errorf("Backup(%s) = %s, %v", dir, p, err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		dir := t.TempDir()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Backup(cctx, dir); !errors.Is(err, context.Canceled) {
			t.Errorf("Backup = %v, want context.Canceled", err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("cancelled backup left %v", entries)
		}
	})
}

func TestAutoBackupRotation(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	loc := datatest.Epoch().Location()
	start := time.Date(2026, 1, 1, 10, 15, 0, 0, loc) // a Thursday
	const days = 58                                   // through Friday 27 February
	for d := range days {
		day := start.AddDate(0, 0, d)
		s.Now = func() time.Time { return day }
		made, err := s.AutoBackup(ctx)
		if err != nil {
			t.Fatalf("%s: %v", day.Format(time.DateOnly), err)
		}
		if made == "" {
			t.Fatalf("%s: no backup made", day.Format(time.DateOnly))
		}
		// Later the same day nothing is due.
		s.Now = func() time.Time { return day.Add(7 * time.Hour) }
		if again, err := s.AutoBackup(ctx); err != nil || again != "" {
			t.Fatalf("%s: second AutoBackup = %q, %v", day.Format(time.DateOnly), again, err)
		}
	}

	var got []string
	entries, err := os.ReadDir(s.BackupDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		got = append(got, strings.TrimSuffix(strings.TrimPrefix(e.Name(), "jiedao-"), "-101500.db"))
	}
	slices.Sort(got)
	want := []string{
		// Newest of each of 4 ISO weeks before the daily ones.
		"20260201", // week 5: Sunday
		"20260208", // week 6
		"20260215", // week 7
		"20260220", // week 8, up to the day before the dailies
		// The last 7 days.
		"20260221", "20260222", "20260223", "20260224", "20260225", "20260226", "20260227",
	}
	if !slices.Equal(got, want) {
		t.Errorf("kept %v\nwant %v", got, want)
	}
	t.Run("other files untouched", func(t *testing.T) {
		keep := filepath.Join(s.BackupDir(), "jiedao-before-upgrade-v1-20250101-000000.db")
		mine := filepath.Join(s.BackupDir(), "notes.txt")
		writeFile(t, keep, []byte("x"))
		writeFile(t, mine, []byte("x"))
		day := start.AddDate(0, 0, days)
		s.Now = func() time.Time { return day }
		if _, err := s.AutoBackup(ctx); err != nil {
			t.Fatal(err)
		}
		if !exists(keep) || !exists(mine) {
			t.Error("AutoBackup removed a file it did not make")
		}
	})
}

func TestCheckBackup(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"text", func(t *testing.T, p string) { writeFile(t, p, []byte("hello")) }, data.ErrNotSQLite},
		{"empty", func(t *testing.T, p string) { writeFile(t, p, nil) }, data.ErrNotSQLite},
		{"empty sqlite", func(t *testing.T, p string) { rawExec(t, p, "CREATE TABLE t (x)", "DROP TABLE t") }, data.ErrNotJiedao},
		{"other program", func(t *testing.T, p string) { rawExec(t, p, "CREATE TABLE t (x)") }, data.ErrNotJiedao},
		{"newer", func(t *testing.T, p string) {
			makeJiedao(t, p, 1)
			rawExec(t, p, fmt.Sprintf("PRAGMA user_version = %d", data.SchemaVersion()+1))
		}, data.ErrNewerVersion},
		{"corrupt", func(t *testing.T, p string) {
			makeJiedao(t, p, 300)
			scribble(t, p, func(size, page int64) (int64, int64) { return 3 * page, page })
		}, data.ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "backup.db")
			tt.make(t, p)
			before := fingerprint(t, p)
			if err := data.CheckBackup(ctx, p); !errors.Is(err, tt.want) {
				t.Errorf("CheckBackup = %v, want %v", err, tt.want)
			}
			if fingerprint(t, p) != before {
				t.Error("CheckBackup changed the file")
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		if err := data.CheckBackup(ctx, filepath.Join(t.TempDir(), "nope.db")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("CheckBackup = %v, want not exist", err)
		}
	})
}

func TestRestoreFile(t *testing.T) {
	ctx := context.Background()
	when := datatest.Epoch().Add(2 * time.Hour)

	// setup makes a database holding H1 with a backup of that, then adds
	// H2 after the backup, and closes it.
	setup := func(t *testing.T) (dbPath, backup string) {
		dbPath = filepath.Join(t.TempDir(), "jiedao.db")
		s, err := data.Open(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = datatest.Epoch
		defer s.Close()
		s = datatest.Bind(t, s)
		if err := s.Create(ctx, &data.Household{Number: "H1"}); err != nil {
			t.Fatal(err)
		}
		if backup, err = s.Backup(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, &data.Household{Number: "H2"}); err != nil {
			t.Fatal(err)
		}
		return dbPath, backup
	}
	numbers := func(t *testing.T, path string) []string {
		s := datatest.MustOpenPath(t, copyOf(t, path))
		var out []string
		if err := data.StoreDB(s).Model(&data.Household{}).Order("number").Pluck("number", &out).Error; err != nil {
			t.Fatal(err)
		}
		return out
	}

	t.Run("replaces the data", func(t *testing.T) {
		dbPath, backup := setup(t)
		safety, err := data.RestoreFileAs(ctx, datatest.RestorePermit(t, dbPath), backup, when)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(filepath.Dir(dbPath), "backups", "jiedao-before-restore-20261125-121500.db"); safety != want {
			t.Errorf("safety copy %s, want %s", safety, want)
		}
		if got := numbers(t, safety); !slices.Equal(got, []string{"H1", "H2"}) {
			t.Errorf("safety copy has %v", got)
		}
		if got := numbers(t, dbPath); !slices.Equal(got, []string{"H1"}) {
			t.Errorf("restored database has %v", got)
		}
		for _, suffix := range []string{"-wal", "-shm", ".restoring"} {
			if exists(dbPath + suffix) {
				t.Errorf("%s left behind", suffix)
			}
		}
		s := datatest.MustOpenPath(t, dbPath)
		log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: data.EntityDatabase, Limit: 1})
		if len(log) != 1 || log[0].Action != data.ActionRestoreFile || !log[0].At.Equal(when) {
			t.Errorf("restore not audited: %+v", log)
		}
	})
	t.Run("no database yet", func(t *testing.T) {
		_, backup := setup(t)
		dbPath := filepath.Join(t.TempDir(), "new", "jiedao.db")
		os.MkdirAll(filepath.Dir(dbPath), 0o750)
		safety, err := data.RestoreFile(ctx, dbPath, backup, when)
		if err != nil || safety != "" {
			t.Fatalf("RestoreFile = %q, %v", safety, err)
		}
		if got := numbers(t, dbPath); !slices.Equal(got, []string{"H1"}) {
			t.Errorf("restored database has %v", got)
		}
	})

	bad := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"not a database", func(t *testing.T, p string) { writeFile(t, p, []byte("not a database")) }, data.ErrNotSQLite},
		{"other program", func(t *testing.T, p string) { rawExec(t, p, "CREATE TABLE t (x)") }, data.ErrNotJiedao},
		{"corrupt", func(t *testing.T, p string) {
			makeJiedao(t, p, 300)
			scribble(t, p, func(size, page int64) (int64, int64) { return 3 * page, page })
		}, data.ErrCorrupt},
	}
	for _, tt := range bad {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			dbPath, _ := setup(t)
			badPath := filepath.Join(t.TempDir(), "bad.db")
			tt.make(t, badPath)
			before := fingerprint(t, dbPath)
			safety, err := data.RestoreFileAs(ctx, datatest.RestorePermit(t, dbPath), badPath, when)
			if !errors.Is(err, tt.want) {
				t.Errorf("RestoreFile = %v, want %v", err, tt.want)
			}
			if safety != "" {
				t.Errorf("safety copy %s made for a refused restore", safety)
			}
			if fingerprint(t, dbPath) != before {
				t.Error("database changed")
			}
		})
	}
	t.Run("refuses while open", func(t *testing.T) {
		dbPath, backup := setup(t)
		permit := datatest.RestorePermit(t, dbPath)
		s := datatest.MustOpenPath(t, dbPath)
		_, err := data.RestoreFileAs(ctx, permit, backup, when)
		if !errors.Is(err, data.ErrInUse) {
			t.Errorf("RestoreFile = %v, want ErrInUse", err)
		}
		var n int64
		data.StoreDB(s).Model(&data.Household{}).Count(&n)
		if n != 2 {
			t.Errorf("open database has %d households, want 2", n)
		}
		if m, _ := filepath.Glob(filepath.Join(s.BackupDir(), "jiedao-before-restore-*")); len(m) != 0 {
			t.Errorf("left %v", m)
		}
	})
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// copyOf copies a closed database file to a temporary folder, so a test
// can open it without changing the original.
func copyOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(path))
	writeFile(t, p, b)
	return p
}
