package data_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/glebarez/go-sqlite" // the "sqlite" driver, for building odd files

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestOpenPragmas(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	sqlDB, err := data.StoreDB(s).DB()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"journal_mode":   "wal",
		"foreign_keys":   "1",
		"busy_timeout":   "5000",
		"synchronous":    "2", // FULL
		"cache_size":     fmt.Sprint(-data.PageCacheKiB),
		"temp_store":     "2", // MEMORY
		"application_id": fmt.Sprint(data.ApplicationID),
		"user_version":   fmt.Sprint(data.SchemaVersion()),
	}
	// Hold several connections at once so the pool must open new ones:
	// each must have the pragmas, not only the first.
	var conns []*sql.Conn
	for i := range 3 {
		c, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
		for name, w := range want {
			t.Run(fmt.Sprintf("conn%d/%s", i, name), func(t *testing.T) {
				var got string
				if err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != w {
					t.Errorf("PRAGMA %s = %s, want %s", name, got, w)
				}
			})
		}
	}
	if len(conns) != 3 {
		t.Fatalf("%d connections", len(conns))
	}
}

func TestOpenCreatesFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "jiedao.db")
	s := datatest.MustOpenPath(t, path)
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

// TestOpenInitialises covers the files Open may take over: none, an empty
// file, and an SQLite file with no tables and no application_id.
func TestOpenInitialises(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
	}{
		{"missing", func(*testing.T, string) {}},
		{"empty file", func(t *testing.T, path string) { writeFile(t, path, nil) }},
		{"empty sqlite", func(t *testing.T, path string) {
			rawExec(t, path, "CREATE TABLE t (x)", "DROP TABLE t")
		}},
		{"path with odd characters", func(*testing.T, string) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.name == "path with odd characters" {
				dir = filepath.Join(dir, "街道 #1 ?100%")
			}
			path := filepath.Join(dir, "jiedao.db")
			tt.make(t, path)
			s := datatest.MustOpenPath(t, path)
			if err := s.Create(context.Background(), &data.Household{Number: "H1"}); err != nil {
				t.Fatal(err)
			}
			if got := pragmaInt(t, s, "user_version"); got != int64(data.SchemaVersion()) {
				t.Errorf("user_version = %d, want %d", got, data.SchemaVersion())
			}
		})
	}
}

// TestOpenRefuses checks every kind of file Open must not touch: it is
// refused with the right error and stays byte for byte as it was, with no
// -wal, -shm or -journal file left beside it.
func TestOpenRefuses(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"text file", func(t *testing.T, path string) {
			writeFile(t, path, []byte("户编号,地址\nH1,幸福路1号\n"))
		}, data.ErrNotSQLite},
		{"short file", func(t *testing.T, path string) { writeFile(t, path, []byte("SQLite")) }, data.ErrNotSQLite},
		{"pdf", func(t *testing.T, path string) {
			writeFile(t, path, append([]byte("%PDF-1.7\n"), make([]byte, 4096)...))
		}, data.ErrNotSQLite},
		{"other program's database", func(t *testing.T, path string) {
			rawExec(t, path, "CREATE TABLE contacts (name TEXT)", "INSERT INTO contacts VALUES ('x')")
		}, data.ErrNotJiedao},
		{"other application_id", func(t *testing.T, path string) {
			rawExec(t, path, "PRAGMA application_id = 1234", "CREATE TABLE t (x)", "DROP TABLE t")
		}, data.ErrNotJiedao},
		{"newer user_version", func(t *testing.T, path string) {
			makeJiedao(t, path, 3)
			rawExec(t, path, fmt.Sprintf("PRAGMA user_version = %d", data.SchemaVersion()+1))
		}, data.ErrNewerVersion},
		{"unknown migration", func(t *testing.T, path string) {
			makeJiedao(t, path, 3)
			rawExec(t, path, "INSERT INTO migrations (id) VALUES ('9999_from_the_future')")
		}, data.ErrNewerVersion},
		{"truncated to whole pages", func(t *testing.T, path string) {
			makeJiedao(t, path, 300)
			truncate(t, path, func(size, page int64) int64 { return size / page / 2 * page })
		}, data.ErrCorrupt},
		{"truncated mid-page", func(t *testing.T, path string) {
			makeJiedao(t, path, 300)
			truncate(t, path, func(size, page int64) int64 { return size - 100 })
		}, data.ErrCorrupt},
		{"truncated header", func(t *testing.T, path string) {
			makeJiedao(t, path, 3)
			truncate(t, path, func(int64, int64) int64 { return 60 })
		}, data.ErrCorrupt},
		{"garbage pages", func(t *testing.T, path string) {
			makeJiedao(t, path, 300)
			scribble(t, path, func(size, page int64) (int64, int64) { return 2 * page, size - 2*page })
		}, data.ErrCorrupt},
		{"garbage schema page", func(t *testing.T, path string) {
			makeJiedao(t, path, 3)
			scribble(t, path, func(size, page int64) (int64, int64) { return 100, page - 100 })
		}, data.ErrCorrupt},
		{"wrong freelist count", func(t *testing.T, path string) {
			// quick_check reports this as a row, not as an error;
			// Open finds it in the header.
			makeJiedao(t, path, 3)
			patch(t, path, 36, []byte{0, 0, 0, 5})
		}, data.ErrCorrupt},
		{"freelist count one short", func(t *testing.T, path string) {
			// Open walks the freelist's trunk pages to find this.
			makeJiedao(t, path, 300)
			rawExec(t, path, "DELETE FROM households")
			b := make([]byte, 4)
			readAt(t, path, 36, b)
			if n := binary.BigEndian.Uint32(b); n < 2 {
				t.Fatalf("freelist of %d pages; the test needs more", n)
			} else {
				binary.BigEndian.PutUint32(b, n-1)
			}
			patch(t, path, 36, b)
		}, data.ErrCorrupt},
		{"bad page size", func(t *testing.T, path string) {
			makeJiedao(t, path, 3)
			patch(t, path, 16, []byte{0x03, 0x00})
		}, data.ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jiedao.db")
			tt.make(t, path)
			before := fingerprint(t, path)

			s, err := data.Open(path)
			if err == nil {
				s.Close()
				t.Fatalf("Open accepted the file")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open: %v, want %v", err, tt.want)
			}
			var de *data.Error
			if !errors.As(err, &de) || de.Args["Path"] != path {
				t.Errorf("error %#v does not name the file", err)
			}
			if after := fingerprint(t, path); after != before {
				t.Errorf("file changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestCheckIntegrity: damage deep in the data, with the header, schema
// and migrations intact, is not looked for by Open (which would read the
// whole file at every start) but found by the full check.
func TestCheckIntegrity(t *testing.T) {
	ctx := context.Background()
	t.Run("healthy", func(t *testing.T) {
		s := datatest.MustOpen(t)
		if err := s.Create(ctx, &data.Household{Number: "H1"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckIntegrity(ctx); err != nil {
			t.Errorf("CheckIntegrity = %v", err)
		}
	})
	t.Run("one garbage page in the data", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "jiedao.db")
		makeJiedao(t, path, 300)
		scribble(t, path, func(size, page int64) (int64, int64) { return size / page / 2 * page, page })
		s := datatest.MustOpenPath(t, path)
		err := s.CheckIntegrity(ctx)
		if !errors.Is(err, data.ErrCorrupt) {
			t.Fatalf("CheckIntegrity = %v, want ErrCorrupt", err)
		}
		var de *data.Error
		if !errors.As(err, &de) || de.Key != data.KeyDBDamaged || de.Args["Path"] != path || de.Args["Detail"] == "" {
			t.Errorf("error %#v: want KeyDBDamaged naming the file and what is wrong", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		s := datatest.MustOpen(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.CheckIntegrity(cctx); !errors.Is(err, context.Canceled) {
			t.Errorf("CheckIntegrity = %v, want context.Canceled", err)
		}
	})
}

func TestTwoStoresOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jiedao.db")
	a := datatest.MustOpenPath(t, path)
	b := datatest.MustOpenPath(t, path)
	ctx := context.Background()

	const perStore = 60
	var wg sync.WaitGroup
	errs := make(chan error, 2*perStore)
	for i, s := range []*data.Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range perStore {
				h := &data.Household{Number: fmt.Sprintf("S%d-%03d", i, j)}
				if err := s.Create(ctx, h); err != nil {
					errs <- err
					return
				}
				// Update reads before it writes: the case where a
				// deferred transaction would fail with SQLITE_BUSY
				// instead of waiting for the other store.
				h.Address = fmt.Sprintf("幸福路%d号", j)
				if err := s.Update(ctx, h); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent create: %v", err)
	}
	for i, s := range []*data.Store{a, b} {
		var n int64
		if err := data.StoreDB(s).Model(&data.Household{}).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 2*perStore {
			t.Errorf("store %d sees %d households, want %d", i, n, 2*perStore)
		}
		var addressed int64
		data.StoreDB(s).Model(&data.Household{}).Where("address <> ''").Count(&addressed)
		if addressed != 2*perStore {
			t.Errorf("store %d sees %d updated households, want %d", i, addressed, 2*perStore)
		}
		log, err := s.AuditLog(ctx, data.AuditFilter{Entity: "households", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 4*perStore {
			t.Errorf("store %d sees %d audit entries, want %d", i, len(log), 4*perStore)
		}
	}
}

func TestTxRollsBack(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.Tx(ctx, func(tx *data.Tx) error {
		if err := tx.Create(&data.Household{Number: "H1"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx = %v, want boom", err)
	}
	var n int64
	data.StoreDB(s).Model(&data.Household{}).Count(&n)
	if n != 0 {
		t.Errorf("%d households after rollback", n)
	}
	log, _ := s.AuditLog(ctx, data.AuditFilter{})
	if len(log) != 0 {
		t.Errorf("%d audit entries after rollback", len(log))
	}
}

func TestTxCancelled(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := s.Tx(ctx, func(tx *data.Tx) error { ran = true; return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Tx = %v, want context.Canceled", err)
	}
	if ran {
		t.Error("fn ran under a cancelled context")
	}
	if err := s.Create(ctx, &data.Household{Number: "H1"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Create = %v, want context.Canceled", err)
	}
}

// --- helpers ---

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// rawExec runs statements on path through a plain SQLite connection,
// bypassing the store, to build files the store would never write.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// makeJiedao makes a Jiedao database with n households and closes it.
func makeJiedao(t *testing.T, path string, n int) {
	t.Helper()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s = datatest.Bind(t, s)
	err = s.Tx(context.Background(), func(tx *data.Tx) error {
		for i := range n {
			h := &data.Household{Number: fmt.Sprintf("H%05d", i), Address: fmt.Sprintf("幸福路%d号 这是一段让页面变多的地址文字", i)}
			if err := tx.Create(h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func pageSize(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 18)
	if _, err := f.ReadAt(b, 0); err != nil {
		t.Fatal(err)
	}
	return int64(binary.BigEndian.Uint16(b[16:]))
}

func truncate(t *testing.T, path string, to func(size, page int64) int64) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, to(st.Size(), pageSize(t, path))); err != nil {
		t.Fatal(err)
	}
}

// scribble overwrites n bytes from off with random bytes.
func scribble(t *testing.T, path string, where func(size, page int64) (off, n int64)) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	off, n := where(st.Size(), pageSize(t, path))
	if n <= 0 {
		t.Fatalf("file of %d bytes too small to scribble on", st.Size())
	}
	r := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, n)
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	patch(t, path, off, junk)
}

func readAt(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func patch(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// fingerprint is the file's sha256 plus which side files exist beside it.
func fingerprint(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	fp := hex.EncodeToString(sum[:])
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			fp += " +" + suffix
		}
	}
	return fp
}

func pragmaInt(t *testing.T, s *data.Store, name string) int64 {
	t.Helper()
	var v int64
	if err := data.StoreDB(s).Raw("PRAGMA " + name).Scan(&v).Error; err != nil {
		t.Fatal(err)
	}
	return v
}
