package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// restoreSetup makes a database holding H1 with a backup of that, then adds
// H2 after the backup, and closes it. The operator is testLogin's.
func restoreSetup(t *testing.T) (dbPath, backup string) {
	t.Helper()
	ctx := context.Background()
	dbPath = filepath.Join(t.TempDir(), "jiedao.db")
	s := mustOpenWith(t, dbPath, options{})
	defer s.Close()
	if err := s.SaveOperator(ctx, "李四"); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, &Household{Number: "H1"}); err != nil {
		t.Fatal(err)
	}
	backup, err := s.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, &Household{Number: "H2"}); err != nil {
		t.Fatal(err)
	}
	return dbPath, backup
}

// trailOf opens a copy of the database at path and returns its
// households, its audit trail oldest first, and what VerifyAudit says.
func trailOf(t *testing.T, path string) (numbers []string, trail []AuditEntry, verr error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s := mustOpenWith(t, cp, options{})
	defer s.Close()
	if err := s.db.Model(&Household{}).Order("number").Pluck("number", &numbers).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.db.Order("id").Find(&trail).Error; err != nil {
		t.Fatal(err)
	}
	_, verr = s.VerifyAudit(context.Background())
	return numbers, trail, verr
}

// checkRestored checks the restored database at dbPath: its chain, its
// households, the actions of its trail and what the restore entry says it
// carried.
func checkRestored(t *testing.T, dbPath string, numbers, actions []string, carried string) {
	t.Helper()
	got, trail, verr := trailOf(t, dbPath)
	if verr != nil {
		t.Fatalf("restored chain: %v", verr)
	}
	if !slices.Equal(got, numbers) {
		t.Errorf("households %v, want %v", got, numbers)
	}
	if got := actionsOf(trail); !slices.Equal(got, actions) {
		t.Errorf("trail %v, want %v", got, actions)
	}
	if last := trail[len(trail)-1]; !strings.Contains(last.After, carried) {
		t.Errorf("restore entry %+v, want %s", last, carried)
	}
}

func actionsOf(trail []AuditEntry) []string {
	var out []string
	for _, e := range trail {
		out = append(out, e.Action+" "+e.Entity)
	}
	return out
}

func TestRestoreCarriesLaterEntries(t *testing.T) {
	ctx := context.Background()
	dbPath, backup := restoreSetup(t)
	_, before, _ := trailOf(t, dbPath)
	when := testClock.Add(2 * time.Hour)
	safety, err := RestoreFileAs(ctx, testPermit(dbPath), backup, when)
	if err != nil {
		t.Fatal(err)
	}
	numbers, trail, verr := trailOf(t, dbPath)
	if verr != nil {
		t.Fatalf("restored chain: %v", verr)
	}
	if !slices.Equal(numbers, []string{"H1"}) {
		t.Errorf("restored households %v", numbers)
	}
	want := []string{"update settings", "create households", "backup database", "create households", "restore_file database"}
	if got := actionsOf(trail); !slices.Equal(got, want) {
		t.Fatalf("restored trail %v, want %v", got, want)
	}
	// The entries written after the backup kept their place and hash.
	for i := range before {
		if trail[i].Seq != before[i].Seq || trail[i].Hash != before[i].Hash {
			t.Errorf("entry %d: seq %d hash %.8s, was %d %.8s", i, trail[i].Seq, trail[i].Hash, before[i].Seq, before[i].Hash)
		}
	}
	r := trail[len(trail)-1]
	if r.Operator != testOperator || !r.At.Equal(when) || !strings.Contains(r.Before, filepath.Base(safety)) ||
		!strings.Contains(r.After, `"carried":{"entries":2,"from":3,"rechained":0}`) {
		t.Errorf("restore entry %+v", r)
	}
	for _, suffix := range []string{".restoring", ".restoring-wal", ".restoring-shm", "-wal"} {
		if exists(dbPath + suffix) {
			t.Errorf("%s left behind", suffix)
		}
	}
}

func TestRestoreKeepsHistoryLinear(t *testing.T) {
	// The office restores an old backup, works on, then restores a later
	// backup: the first restore carried everything, so the later backup's
	// chain is a part of the database's, and the rest follows on.
	ctx := context.Background()
	dbPath, first := restoreSetup(t)
	s := mustOpenWith(t, dbPath, options{})
	if err := s.Create(ctx, &Household{Number: "H3"}); err != nil {
		t.Fatal(err)
	}
	later, err := s.Backup(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := RestoreFileAs(ctx, testPermit(dbPath), first, testClock.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	s = mustOpenWith(t, dbPath, options{})
	if err := s.Create(ctx, &Household{Number: "H4"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := RestoreFileAs(ctx, testPermit(dbPath), later, testClock.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, dbPath, []string{"H1", "H2", "H3"},
		[]string{"update settings", "create households", "backup database", "create households", "create households",
			"backup database", "restore_file database", "create households", "restore_file database"},
		`"carried":{"entries":3,"from":6,"rechained":0}`)
}

func TestRestoreOfAnotherBranch(t *testing.T) {
	// A backup whose chain parted from the database's (a copy of an older
	// backup was worked on elsewhere): the database's entries since the
	// parting are carried, chained anew after the backup's head.
	ctx := context.Background()
	dbPath, backup := restoreSetup(t)
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "jiedao.db")
	if err := os.WriteFile(elsewhere, b, 0o600); err != nil {
		t.Fatal(err)
	}
	o := mustOpenWith(t, elsewhere, options{})
	if err := o.Create(ctx, &Household{Number: "X1"}); err != nil {
		t.Fatal(err)
	}
	branch, err := o.Backup(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	if _, err := RestoreFileAs(ctx, testPermit(dbPath), branch, testClock.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, dbPath, []string{"H1", "X1"},
		[]string{"update settings", "create households", "create households", "backup database", "create households", "restore_file database"},
		`"carried":{"entries":2,"from":3,"rechained":2}`)
}

// TestRestoreInterrupted stops a restore after each step: the database is
// then the old one, untouched and without a restore entry, or the new one
// with it; never a restored database without its entry.
func TestRestoreInterrupted(t *testing.T) {
	ctx := context.Background()
	steps := []string{restoreChecked, restoreSaved, restoreCopied, restoreOpened, restoreCarried,
		restoreRecorded, restoreClosed, restoreCleared, restoreReplaced}
	stop := errors.New("stopped")
	for i, name := range steps {
		t.Run(name, func(t *testing.T) {
			dbPath, backup := restoreSetup(t)
			_, err := restoreFile(ctx, dbPath, backup, testClock.Add(time.Hour), "", func(s string) error {
				if s == name {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) {
				t.Fatalf("restore = %v, want the stop", err)
			}
			numbers, trail, verr := trailOf(t, dbPath)
			if verr != nil {
				t.Fatalf("chain: %v", verr)
			}
			restored := trail[len(trail)-1].Action == ActionRestoreFile
			replaced := i == len(steps)-1
			switch {
			case replaced && (!restored || !slices.Equal(numbers, []string{"H1"})):
				t.Errorf("after the rename: households %v, trail %v", numbers, actionsOf(trail))
			case !replaced && (restored || !slices.Equal(numbers, []string{"H1", "H2"})):
				t.Errorf("before the rename: households %v, trail %v", numbers, actionsOf(trail))
			}
			for _, suffix := range []string{".restoring", ".restoring-wal", ".restoring-shm"} {
				if exists(dbPath + suffix) {
					t.Errorf("%s left behind", suffix)
				}
			}
			// And the next try succeeds.
			if _, err := RestoreFileAs(ctx, testPermit(dbPath), backup, testClock.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if _, trail, verr := trailOf(t, dbPath); verr != nil || trail[len(trail)-1].Action != ActionRestoreFile {
				t.Errorf("second restore: %v, %v", actionsOf(trail), verr)
			}
		})
	}
}

func TestBackupsBelongToTheirDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func(name string, day time.Time) *Store {
		s := mustOpenWith(t, filepath.Join(dir, name), options{now: func() time.Time { return day }})
		t.Cleanup(func() { s.Close() })
		return s
	}
	a := open("jiedao.db", testClock)
	b := open("东华门.db", testClock)
	// A backup of jiedao.db of the old naming (all were jiedao-…), today.
	legacy := filepath.Join(a.BackupDir(), "jiedao-20261125-080000.db")
	if _, err := a.vacuumInto(ctx, a.BackupDir(), "jiedao-20261125-080000"); err != nil {
		t.Fatal(err)
	}
	if made, err := a.AutoBackup(ctx); err != nil || made != "" {
		t.Errorf("jiedao.db: AutoBackup = %q, %v; its legacy backup of today counts", made, err)
	}
	made, err := b.AutoBackup(ctx)
	if err != nil || filepath.Base(made) != "东华门-20261125-101500.db" {
		t.Errorf("东华门.db: AutoBackup = %q, %v; want its own backup", made, err)
	}
	if again, err := b.AutoBackup(ctx); err != nil || again != "" {
		t.Errorf("东华门.db again: %q, %v", again, err)
	}
	for _, tt := range []struct {
		s    *Store
		file string
		own  bool
	}{
		{a, legacy, true},
		{a, made, false},
		{b, made, true},
		{b, legacy, false},
		{a, "jiedao-before-restore-20261125-101500.db", true},
		{b, "东华门-before-upgrade-v5-20261125-101500-2.db", true},
		{a, "jiedao-b-20261125-101500.db", false},
		{a, "notes.db", false},
	} {
		if got := tt.s.IsOwnBackup(tt.file); got != tt.own {
			t.Errorf("%s: IsOwnBackup(%s) = %v", filepath.Base(tt.s.Path()), filepath.Base(tt.file), got)
		}
	}
	// Rotation of one database leaves the other's backups alone.
	for d := 1; d <= 10; d++ {
		day := testClock.AddDate(0, 0, d)
		a.Now = func() time.Time { return day }
		if _, err := a.AutoBackup(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if !exists(made) {
		t.Error("jiedao.db's rotation removed 东华门.db's backup")
	}
	if exists(legacy) {
		t.Error("jiedao.db's rotation kept a legacy backup 10 days old") // it is its own, so rotated
	}
}

func TestBackupAndEntryAgree(t *testing.T) {
	// A backup whose entry cannot be written (here: the head of the audit
	// chain is gone, so nothing can be appended) leaves no file either.
	ctx := context.Background()
	s := mustOpenWith(t, filepath.Join(t.TempDir(), "jiedao.db"), options{})
	defer s.Close()
	var head struct {
		ID, Seq int64
		Hash    string
	}
	if err := s.db.Raw("SELECT id, seq, hash FROM audit_chain").Scan(&head).Error; err != nil {
		t.Fatal(err)
	}
	tamper(t, s, "DELETE FROM audit_chain")
	dir := t.TempDir()
	_, err := s.Backup(ctx, dir)
	var de *Error
	if !errors.As(err, &de) || de.Key != KeyAuditNoHead {
		t.Fatalf("Backup = %v, want %s", err, KeyAuditNoHead)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
	var n int64
	s.db.Model(&AuditEntry{}).Count(&n)
	if n != 0 {
		t.Errorf("%d entries", n)
	}
	if err := s.db.Exec("INSERT INTO audit_chain (id, seq, hash) VALUES (?, ?, ?)", head.ID, head.Seq, head.Hash).Error; err != nil {
		t.Fatal(err)
	}
	createTriggersAgain(t, s)
	if p, err := s.Backup(ctx, dir); err != nil || !exists(p) {
		t.Errorf("with the chain's head back: %q, %v", p, err)
	}
}
