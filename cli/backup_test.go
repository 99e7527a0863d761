package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestDemoBackupRestore walks the office's scripted routine: fill a
// database, back it up, lose data, restore it.
func TestDemoBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "办事处 数据", "jiedao.db")

	code, stdout, stderr := runDemo(t, "demo", "--households", "20", "--seed", "7", "--db", db)
	if code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, db) {
		t.Errorf("demo output does not name the database: %q", stdout)
	}
	want := countHouseholds(t, db)
	if want != 20 {
		t.Fatalf("demo made %d households, want 20", want)
	}

	backups := filepath.Join(dir, "备份")
	code, stdout, stderr = jiedao(t, "backup", "--to", backups, "--db", db)
	if code != exitOK {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	backup := strings.TrimSpace(stdout)
	if filepath.Dir(backup) != backups {
		t.Fatalf("backup written to %q, want a file in %q", backup, backups)
	}

	withTestDB(t, db, func(tb testing.TB, s *data.Store) {
		// Lose the register, children first (foreign keys are on).
		for _, table := range []string{"resident_tags", "residence_events", "residents", "households"} {
			if err := datatest.DB(tb, s).Exec("DELETE FROM " + table).Error; err != nil {
				tb.Fatalf("delete from %s: %v", table, err)
			}
		}
	})
	if n := countHouseholds(t, db); n != 0 {
		t.Fatalf("households after delete: %d", n)
	}

	code, stdout, stderr = jiedao(t, "--lang", "en", "restore", backup, "--db", db)
	if code != exitOK {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	if n := countHouseholds(t, db); n != want {
		t.Fatalf("households after restore: %d, want %d", n, want)
	}
	if !strings.Contains(stdout, "Restored") {
		t.Errorf("restore output not in English: %q", stdout)
	}
}

func TestRestoreRefusesBadFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "demo", "--households", "3", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	bad := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(bad, []byte("not a database at all, just notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := jiedao(t, "restore", bad, "--db", db)
	if code != exitFail {
		t.Fatalf("restore of a bad file: exit %d, want %d", code, exitFail)
	}
	if stderr == "" {
		t.Fatal("no message for a refused restore")
	}
	if n := countHouseholds(t, db); n != 3 {
		t.Fatalf("database changed by a refused restore: %d households", n)
	}
}
