package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

var testClock = time.Date(2026, 11, 25, 10, 15, 0, 0, time.FixedZone("CST", 8*60*60))

// withV2 is this release's migrations plus one more, standing for a later
// release that adds a column.
func withV2() []*gormigrate.Migration {
	return append(migrations(), &gormigrate.Migration{
		ID: "9002_test_floor",
		Migrate: func(tx *gorm.DB) error {
			return tx.Exec("ALTER TABLE households ADD COLUMN floor INTEGER NOT NULL DEFAULT 0").Error
		},
	})
}

func mustOpenWith(t *testing.T, path string, o options) *Store {
	t.Helper()
	if o.now == nil {
		o.now = func() time.Time { return testClock }
	}
	s, err := open(path, o)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return asTester(t, s)
}

// mustOpenUnbound is mustOpenWith without an account: the store open
// returns, for tests of what an unbound store may do.
func mustOpenUnbound(t *testing.T, path string, o options) *Store {
	t.Helper()
	if o.now == nil {
		o.now = func() time.Time { return testClock }
	}
	s, err := open(path, o)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return s
}

func TestUpgradeBacksUpFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	ctx := context.Background()

	// A database as the first release left it: only the first migration.
	v1 := mustOpenWith(t, path, options{migrations: migrations()[:1]})
	// Without hooks: today's models may keep tables (search indexes)
	// that later migrations create.
	if err := v1.db.Session(&gorm.Session{SkipHooks: true}).Create(&Household{Number: "H1", Address: "幸福路1号"}).Error; err != nil {
		t.Fatal(err)
	}
	if err := v1.Close(); err != nil {
		t.Fatal(err)
	}

	v2 := mustOpenWith(t, path, options{migrations: withV2()})
	defer v2.Close()

	t.Run("data survives", func(t *testing.T) {
		var h Household
		if err := v2.db.First(&h, "number = ?", "H1").Error; err != nil {
			t.Fatal(err)
		}
		if h.Address != "幸福路1号" {
			t.Errorf("address = %q", h.Address)
		}
		var floor int
		if err := v2.db.Raw("SELECT floor FROM households WHERE id = ?", h.ID).Scan(&floor).Error; err != nil {
			t.Errorf("new column missing: %v", err)
		}
	})
	t.Run("version stamped", func(t *testing.T) {
		var v int
		v2.db.Raw("PRAGMA user_version").Scan(&v)
		if v != len(withV2()) {
			t.Errorf("user_version = %d, want %d", v, len(withV2()))
		}
	})
	wantBackup := filepath.Join(v2.BackupDir(), "jiedao-before-upgrade-v1-20261125-101500.db")
	t.Run("backup made", func(t *testing.T) {
		info, err := inspect(ctx, wantBackup, checkOptions{known: migrationIDs(migrations()), busy: time.Second, backup: true})
		if err != nil {
			t.Fatalf("backup: %v", err)
		}
		if !slices.Equal(info.migrationIDs, migrationIDs(migrations()[:1])) {
			t.Errorf("backup has migrations %v, want the v1 ones", info.migrationIDs)
		}
		db, err := sql.Open("sqlite", fileURI(wantBackup)+"?mode=ro&immutable=1")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT count(*) FROM households WHERE number = 'H1'").Scan(&n); err != nil || n != 1 {
			t.Errorf("household in backup: %d, %v", n, err)
		}
	})
	t.Run("audited", func(t *testing.T) {
		log, err := v2.AuditLog(ctx, AuditFilter{Entity: EntityDatabase})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].Action != ActionUpgrade || !strings.Contains(log[0].After, filepath.Base(wantBackup)) {
			t.Errorf("audit = %+v", log)
		}
	})
	t.Run("older release refuses the upgraded file", func(t *testing.T) {
		v2.Close()
		before, _ := os.ReadFile(path)
		_, err := open(path, options{})
		if !errors.Is(err, ErrNewerVersion) {
			t.Fatalf("open = %v, want ErrNewerVersion", err)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Error("file changed")
		}
	})
}

func TestUpgradeFailureRollsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	ctx := context.Background()
	v1 := mustOpenWith(t, path, options{})
	if err := v1.Create(ctx, &Household{Number: "H1"}); err != nil {
		t.Fatal(err)
	}
	v1.Close()

	broken := append(migrations(), &gormigrate.Migration{
		ID: "9002_broken",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Exec("ALTER TABLE households ADD COLUMN floor INTEGER").Error; err != nil {
				return err
			}
			return errors.New("half way")
		},
	})
	_, err := open(path, options{migrations: broken, now: func() time.Time { return testClock }})
	if !errors.Is(err, &Error{Key: KeyDBUpgrade}) {
		t.Fatalf("open = %v, want %s", err, KeyDBUpgrade)
	}
	s := mustOpenWith(t, path, options{})
	defer s.Close()
	var v int
	s.db.Raw("PRAGMA user_version").Scan(&v)
	if v != len(migrations()) {
		t.Errorf("user_version = %d after a failed upgrade", v)
	}
	if s.db.Migrator().HasColumn(&Household{}, "floor") {
		t.Error("the failed migration's column stayed")
	}
}

func TestOpenInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	mustOpenWith(t, path, options{}).Close()

	// Another program holds the file with an exclusive lock.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, stmt := range []string{"PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE", "INSERT INTO settings (key, value) VALUES ('x', 'y')"} {
		if _, err := conn.ExecContext(context.Background(), stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	s, err := open(path, options{busyTimeout: 100 * time.Millisecond})
	if err == nil {
		s.Close()
		t.Fatal("open succeeded on a locked file")
	}
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("open = %v, want ErrInUse", err)
	}
}

func TestMigrationList(t *testing.T) {
	seen := map[string]bool{}
	for i, m := range migrations() {
		if m.ID == "" || m.Migrate == nil {
			t.Errorf("migration %d incomplete", i)
		}
		if seen[m.ID] {
			t.Errorf("duplicate migration ID %s", m.ID)
		}
		seen[m.ID] = true
		if len(m.ID) < 5 || m.ID[4] != '_' {
			t.Errorf("migration ID %q is not NNNN_topic", m.ID)
		}
	}
	if SchemaVersion() != len(migrations()) {
		t.Errorf("SchemaVersion = %d", SchemaVersion())
	}
}

func TestFileURI(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/tmp/jiedao.db", "file:///tmp/jiedao.db"},
		{"/tmp/a b/街道?#%.db", "file:///tmp/a%20b/%E8%A1%97%E9%81%93%3F%23%25.db"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := fileURI(tt.path); got != tt.want {
				t.Errorf("fileURI(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}
