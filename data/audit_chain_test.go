package data

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// chainStore opens a new store with n households created, so n audit
// entries with IDs and places 1…n.
func chainStore(t *testing.T, n int) *Store {
	t.Helper()
	s := mustOpenWith(t, filepath.Join(t.TempDir(), "jiedao.db"), options{})
	t.Cleanup(func() { s.Close() })
	for i := range n {
		if err := s.Create(context.Background(), &Household{Number: fmt.Sprintf("H%03d", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// tamper runs stmts on the store's database with the audit triggers (and
// the unique index on seq) dropped, as someone with the file and an SQLite
// shell could.
func tamper(t *testing.T, s *Store, stmts ...string) {
	t.Helper()
	drop := []string{"DROP INDEX idx_audit_entries_seq"}
	for _, name := range []string{"audit_entries_append", "audit_entries_advance", "audit_entries_no_update",
		"audit_entries_no_delete", "audit_chain_no_delete", "audit_chain_follows"} {
		drop = append(drop, "DROP TRIGGER "+name)
	}
	for _, stmt := range append(drop, stmts...) {
		if err := s.db.Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// rehash recomputes entry id's hash after its content was changed, as a
// careful tamperer would.
func rehash(t *testing.T, s *Store, id int64) {
	t.Helper()
	var e AuditEntry
	if err := s.db.First(&e, id).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.db.Exec("UPDATE audit_entries SET hash = ? WHERE id = ?", e.chainHash(), id).Error; err != nil {
		t.Fatal(err)
	}
}

func TestAuditChainFindsTampering(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		plant func(t *testing.T, s *Store)
		key   string
		args  map[string]any
	}{
		{"intact", func(*testing.T, *Store) {}, "", nil},
		{"entry edited", func(t *testing.T, s *Store) {
			tamper(t, s, "UPDATE audit_entries SET operator = '张三' WHERE id = 3")
		}, KeyAuditChanged, map[string]any{"ID": int64(3), "Seq": int64(3)}},
		{"entry edited, its hash recomputed", func(t *testing.T, s *Store) {
			tamper(t, s, `UPDATE audit_entries SET "after" = '{}' WHERE id = 3`)
			rehash(t, s, 3)
		}, KeyAuditChanged, map[string]any{"ID": int64(3), "Seq": int64(3)}},
		{"last entry edited, its hash recomputed", func(t *testing.T, s *Store) {
			tamper(t, s, `UPDATE audit_entries SET "after" = '{}' WHERE id = 5`)
			rehash(t, s, 5)
		}, KeyAuditChanged, map[string]any{"ID": int64(5), "Seq": int64(5)}},
		{"first entry edited", func(t *testing.T, s *Store) {
			tamper(t, s, "UPDATE audit_entries SET entity_id = 9 WHERE id = 1")
		}, KeyAuditChanged, map[string]any{"ID": int64(1), "Seq": int64(1)}},
		{"middle entry deleted", func(t *testing.T, s *Store) {
			tamper(t, s, "DELETE FROM audit_entries WHERE id = 3")
		}, KeyAuditRemoved, map[string]any{"From": int64(3), "To": int64(3), "ID": int64(4), "Seq": int64(4)}},
		{"first entries deleted", func(t *testing.T, s *Store) {
			tamper(t, s, "DELETE FROM audit_entries WHERE id <= 2")
		}, KeyAuditRemoved, map[string]any{"From": int64(1), "To": int64(2), "ID": int64(3), "Seq": int64(3)}},
		{"last entry deleted", func(t *testing.T, s *Store) {
			tamper(t, s, "DELETE FROM audit_entries WHERE id = 5")
		}, KeyAuditTruncated, map[string]any{"From": int64(5), "To": int64(5)}},
		{"every entry deleted", func(t *testing.T, s *Store) {
			tamper(t, s, "DELETE FROM audit_entries")
		}, KeyAuditTruncated, map[string]any{"From": int64(1), "To": int64(5)}},
		{"last entries deleted, IDs reused", func(t *testing.T, s *Store) {
			tamper(t, s, "DELETE FROM audit_entries WHERE id >= 4",
				"UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_entries'")
			createTriggersAgain(t, s)
			if err := s.Create(ctx, &Household{Number: "H100"}); err != nil {
				t.Fatal(err)
			}
		}, KeyAuditRemoved, map[string]any{"From": int64(4), "To": int64(5), "ID": int64(4), "Seq": int64(6)}},
		{"entry added after the head", func(t *testing.T, s *Store) {
			e := AuditEntry{At: testClock, Operator: "x", Action: ActionCreate, Entity: "households", EntityID: 1}
			if err := appendAudit(s.db, &e); err != nil {
				t.Fatal(err)
			}
			// The head is put back as it was.
			var five AuditEntry
			s.db.Where("seq = 5").First(&five)
			tamper(t, s, fmt.Sprintf("UPDATE audit_chain SET seq = 5, hash = '%s'", five.Hash))
		}, KeyAuditInserted, map[string]any{"ID": int64(6), "Seq": int64(6)}},
		{"entry inserted in a taken place", func(t *testing.T, s *Store) {
			var two AuditEntry
			s.db.Where("seq = 2").First(&two)
			e := AuditEntry{At: testClock, Operator: "x", Action: ActionCreate, Entity: "households", EntityID: 1,
				Seq: 3, PrevHash: two.Hash}
			e.Hash = e.chainHash()
			tamper(t, s)
			if err := s.db.Create(&e).Error; err != nil {
				t.Fatal(err)
			}
		}, KeyAuditInserted, map[string]any{"ID": int64(6), "Seq": int64(3)}},
		{"entries swapped", func(t *testing.T, s *Store) {
			tamper(t, s,
				"UPDATE audit_entries SET id = 100 WHERE id = 2",
				"UPDATE audit_entries SET id = 2 WHERE id = 3",
				"UPDATE audit_entries SET id = 3 WHERE id = 100")
		}, KeyAuditReordered, map[string]any{"ID": int64(3), "Seq": int64(2), "After": int64(2)}},
		{"head deleted", func(t *testing.T, s *Store) {
			tamper(t, s, "DELETE FROM audit_chain")
		}, KeyAuditNoHead, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := chainStore(t, 5)
			tt.plant(t, s)
			got, err := s.VerifyAudit(ctx)
			if tt.key == "" {
				if err != nil || got.Entries != 5 || len(got.Head) != 64 || got.Chained != 0 {
					t.Fatalf("VerifyAudit = %+v, %v; want 5 entries, intact", got, err)
				}
				return
			}
			var de *Error
			if !errors.As(err, &de) || de.Key != tt.key || !errors.Is(err, ErrAuditBroken) {
				t.Fatalf("VerifyAudit = %+v, %v; want %s", got, err, tt.key)
			}
			if tt.args != nil && fmt.Sprint(de.Args) != fmt.Sprint(tt.args) {
				t.Errorf("args %v, want %v", de.Args, tt.args)
			}
			// The file says the same, read-only.
			s.Close()
			_, ferr := VerifyAuditFile(ctx, s.Path())
			if ferr == nil || ferr.Error() != err.Error() {
				t.Errorf("VerifyAuditFile = %v, want %v", ferr, err)
			}
		})
	}
}

// createTriggersAgain puts the triggers back after tamper, so the store
// writes as it always does.
func createTriggersAgain(t *testing.T, s *Store) {
	t.Helper()
	if err := createAuditTriggers(s.db); err != nil {
		t.Fatal(err)
	}
}

func TestAuditTriggersRefuse(t *testing.T) {
	s := chainStore(t, 3)
	var two AuditEntry
	if err := s.db.Where("seq = 2").First(&two).Error; err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE audit_entries SET operator = 'x' WHERE id = 2",
		"DELETE FROM audit_entries WHERE id = 3",
		"DELETE FROM audit_entries",
		"DELETE FROM audit_chain",
		"UPDATE audit_chain SET seq = 2, hash = '" + two.Hash + "'",
		"UPDATE audit_chain SET seq = 4, hash = 'x'",
		"INSERT INTO audit_chain (id, seq, hash) VALUES (2, 0, '')",
		// An entry that does not follow the head: in a taken place, or
		// after the head but naming another predecessor.
		`INSERT INTO audit_entries (at, operator, action, entity, entity_id, "before", "after", seq, prev_hash, hash)
			VALUES ('2026-01-01', 'x', 'create', 'households', 1, '', '', 3, '` + two.Hash + `', 'x')`,
		`INSERT INTO audit_entries (at, operator, action, entity, entity_id, "before", "after", seq, prev_hash, hash)
			VALUES ('2026-01-01', 'x', 'create', 'households', 1, '', '', 4, '` + two.Hash + `', 'x')`,
	} {
		if err := s.db.Exec(stmt).Error; err == nil {
			t.Errorf("%s: not refused", strings.Fields(stmt)[0]+" "+strings.Fields(stmt)[1])
		}
	}
	if got, err := s.VerifyAudit(context.Background()); err != nil || got.Entries != 3 {
		t.Errorf("after the refusals: %+v, %v", got, err)
	}
}

func TestAuditChainSurvivesPurge(t *testing.T) {
	ctx := context.Background()
	s := chainStore(t, 2)
	h := &Household{Number: "H900"}
	if err := s.Create(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := s.Purge(ctx, "households", h.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.VerifyAudit(ctx)
	if err != nil || got.Entries != 5 {
		t.Errorf("after a purge: %+v, %v", got, err)
	}
}

func TestUpgradeChainsExistingEntries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jiedao.db")
	// A database of the release before the chain, with three entries and
	// the audit table as that release made it.
	old := mustOpenWith(t, path, options{migrations: migrations()[:5]})
	for _, stmt := range []string{
		"ALTER TABLE audit_entries DROP COLUMN seq",
		"ALTER TABLE audit_entries DROP COLUMN prev_hash",
		"ALTER TABLE audit_entries DROP COLUMN hash",
	} {
		if err := old.db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		err := old.db.Exec(`INSERT INTO audit_entries (at, operator, action, entity, entity_id, "before", "after")
			VALUES (?, '', 'create', 'households', ?, '', '{}')`, testClock.Add(123456789), i+1).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s := mustOpenWith(t, path, options{})
	defer s.Close()
	got, err := s.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The three, the chain's own entry, and the upgrade's.
	if got.Entries != 5 || got.Chained != 3 || !got.ChainedAt.Equal(testClock) {
		t.Errorf("VerifyAudit = %+v", got)
	}
	log, err := s.AuditLog(ctx, AuditFilter{Action: ActionChain})
	if err != nil || len(log) != 1 {
		t.Fatalf("chain entry: %+v, %v", log, err)
	}
	e := log[0]
	if e.Seq != 4 || e.Entity != EntityAuditTrail || e.Operator == "" ||
		!strings.Contains(e.After, `"chained":3`) || !strings.Contains(e.After, `"from":4`) ||
		!strings.Contains(e.After, `"migration":"0006_audit_chain"`) {
		t.Errorf("chain entry %+v", e)
	}
	// An entry of the old release, cut to the microsecond.
	var first AuditEntry
	s.db.First(&first, 1)
	if first.Seq != 1 || first.PrevHash != "" || first.At.Nanosecond()%1000 != 0 {
		t.Errorf("first entry %+v", first)
	}
}
