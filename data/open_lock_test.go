package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// holdWriteLock takes the write lock of the database at path on a
// connection of its own, as an import in another process does (BEGIN
// IMMEDIATE and a write), until the test ends.
func holdWriteLock(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"BEGIN IMMEDIATE", "UPDATE settings SET value = value WHERE 0"} {
		if _, err := conn.ExecContext(context.Background(), stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	t.Cleanup(func() {
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		db.Close()
	})
}

// TestOpenBesideAWriter: while another connection holds the write lock
// (an import running), a database with nothing to migrate opens at once
// and reads; only a write waits for the lock, and gives ErrInUse (key
// KeyDBBusy) when it cannot have it in time. Before, opening ran the
// migrations' transaction and panicked in gormigrate.
func TestOpenBesideAWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jiedao.db")
	s := mustOpenWith(t, path, options{})
	if err := s.Create(ctx, &Household{Number: "H1"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	holdWriteLock(t, path)

	// The lock is held throughout: had Open asked for it, it would fail.
	s, err := open(path, options{busyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatalf("open beside a writer: %v", err)
	}
	defer s.Close()
	s = asTester(t, s) // a login only reads
	var n int64
	if err := s.db.Model(&Household{}).Count(&n).Error; err != nil || n != 1 {
		t.Errorf("read beside a writer: %d households, %v", n, err)
	}
	err = s.Create(ctx, &Household{Number: "H2"})
	var de *Error
	if !errors.Is(err, ErrInUse) || !errors.As(err, &de) || de.Key != KeyDBBusy || de.Args["Path"] != path {
		t.Fatalf("write beside a writer = %v, want KeyDBBusy naming the file", err)
	}
	if got := Render(KeyDBBusy, "zh", de.Args); !strings.Contains(got, "正被另一个程序写入（可能正在导入），请稍后再试") {
		t.Errorf("message %q", got)
	}
}

// TestOpenToMigrateBesideAWriter: a file that does need its migrations
// (an earlier release's, or a new one) cannot have them while another
// connection writes: ErrInUse, no panic, the file as it was.
func TestOpenToMigrateBesideAWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	mustOpenWith(t, path, options{migrations: migrations()[:3]}).Close()
	holdWriteLock(t, path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := open(path, options{busyTimeout: 200 * time.Millisecond, now: func() time.Time { return testClock }})
	if err == nil {
		s.Close()
		t.Fatal("migrated under another writer's lock")
	}
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("open = %v, want ErrInUse", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the file changed")
	}
}

// TestOpenRecoversPanics: a panic below Open (here a migration's) comes
// back as an error naming the file, with the stack for the crash log.
func TestOpenRecoversPanics(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	migs := append(migrations(), &gormigrate.Migration{ID: "9003_test_panic", Migrate: func(*gorm.DB) error {
		panic("a bug in a migration")
	}})
	s, err := open(path, options{migrations: migs})
	if err == nil {
		s.Close()
		t.Fatal("open succeeded")
	}
	var de *Error
	var pe *PanicError
	if !errors.As(err, &de) || de.Key != KeyDBOpen || de.Args["Path"] != path || !errors.As(err, &pe) {
		t.Fatalf("open = %#v, want KeyDBOpen with a PanicError", err)
	}
	if !strings.Contains(string(pe.Stack), "open_lock_test.go") {
		t.Errorf("the stack does not show where:\n%s", pe.Stack)
	}
	if openHere(path) {
		t.Error("the failed store still counts as open")
	}
}

// TestOpenExisting: a path with no file is refused without making the file
// or its folder; an empty file is a new register.
func TestOpenExisting(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo", "jiedao.db")
	s, err := OpenExisting(missing)
	if err == nil {
		s.Close()
		t.Fatal("OpenExisting made a database")
	}
	var de *Error
	if !errors.Is(err, ErrNoDatabase) || !errors.As(err, &de) || de.Args["Path"] != missing {
		t.Fatalf("OpenExisting = %v, want ErrNoDatabase naming the file", err)
	}
	if got := Render(KeyDBNotFound, "zh", de.Args); !strings.HasPrefix(got, "找不到数据库文件 "+missing) {
		t.Errorf("message %q", got)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("folder made: %v", err)
	}
	empty := filepath.Join(dir, "new.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = OpenExisting(empty)
	if err != nil {
		t.Fatalf("OpenExisting of an empty file: %v", err)
	}
	s.Close()
}

// TestPrivateFiles: the database Open makes, and its folder, are its
// owner's alone, whatever the umask; SQLite gives the -wal and -shm files
// the database's mode.
func TestPrivateFiles(t *testing.T) {
	if os.PathSeparator == '\\' {
		t.Skip("Windows: the folders' ACLs decide")
	}
	path := filepath.Join(t.TempDir(), "office", "jiedao.db")
	s := mustOpenWith(t, path, options{})
	defer s.Close()
	for p, want := range map[string]os.FileMode{
		filepath.Dir(path): 0o700 | os.ModeDir, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600,
	} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, st.Mode(), want)
		}
	}
}

// TestReadOnlyMessages: writing a database the process may not write is
// said as such. As root (these tests' usual user) permissions do not
// bite, so the driver's error is made directly, through a read-only
// connection, and mapped; the chmod case runs for other users.
func TestReadOnlyMessages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	mustOpenWith(t, path, options{}).Close()
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, werr := db.Exec("UPDATE settings SET value = value")
	var se *gosqlite.Error
	if !errors.As(werr, &se) || se.Code()&0xff != sqliteReadOnly {
		t.Fatalf("write on a read-only connection: %v", werr)
	}
	got := classify(path, "write", werr)
	var de *Error
	if !errors.Is(got, ErrReadOnly) || !errors.As(got, &de) || de.Args["Path"] != path {
		t.Fatalf("classify = %v, want ErrReadOnly naming the file", got)
	}
	if msg := Render(KeyDBReadOnly, "zh", de.Args); msg != "无法写入数据库文件 "+path+"：文件或文件夹是只读的。" {
		t.Errorf("message %q", msg)
	}
	if err := fileWriteError(path, os.ErrPermission); !errors.Is(err, ErrReadOnly) {
		t.Errorf("fileWriteError(permission) = %v", err)
	}

	t.Run("chmod", func(t *testing.T) {
		if os.Geteuid() == 0 || os.PathSeparator == '\\' {
			t.Skip("root writes read-only files and folders")
		}
		dir := filepath.Join(t.TempDir(), "ro")
		ro := filepath.Join(dir, "jiedao.db")
		mustOpenWith(t, ro, options{}).Close()
		if err := os.Chmod(ro, 0o400); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700); os.Chmod(ro, 0o600) })
		s, err := open(ro, options{})
		if err == nil {
			err = s.Create(context.Background(), &Household{Number: "H1"})
			s.Close()
		}
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("a read-only database = %v, want ErrReadOnly", err)
		}
		s, err = open(filepath.Join(dir, "new.db"), options{})
		if err == nil {
			s.Close()
		}
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("a new database in a read-only folder = %v, want ErrReadOnly", err)
		}
	})
}
