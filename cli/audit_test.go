package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestAuditVerify(t *testing.T) {
	tests := []struct {
		name   string
		plant  []string // run with the triggers dropped
		code   int
		stdout string
	}{
		{"intact", nil, exitOK, "entries, chain intact"},
		{"entry edited", []string{"UPDATE audit_entries SET operator = '张三' WHERE id = 2"}, exitFail,
			"entry No. 2 (ID 2) is not as it was written"},
		{"middle entry deleted", []string{"DELETE FROM audit_entries WHERE id = 2"}, exitFail,
			"entries No. 2 to 2 were removed (before ID 3)"},
		{"last entry deleted", []string{"DELETE FROM audit_entries WHERE id = (SELECT max(id) FROM audit_entries)"}, exitFail,
			"the last entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "jiedao.db")
			if code, _, stderr := runDemo(t, "demo", "--households", "3", "--db", db); code != exitOK {
				t.Fatalf("demo: %s", stderr)
			}
			if tt.plant != nil {
				withTestDB(t, db, func(tb testing.TB, s *data.Store) {
					g := datatest.DB(tb, s)
					for _, stmt := range append([]string{"DROP TRIGGER audit_entries_no_update", "DROP TRIGGER audit_entries_no_delete"}, tt.plant...) {
						if err := g.Exec(stmt).Error; err != nil {
							tb.Fatalf("%s: %v", stmt, err)
						}
					}
				})
			}
			code, stdout, stderr := jiedao(t, "--lang", "en", "audit", "verify", "--db", db)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, tt.code, tt.stdout)
			}
		})
	}
}

func TestAuditVerifyUsageAndFailures(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := jiedao(t, "audit", "--db", filepath.Join(dir, "x.db")); code != exitUsage {
		t.Errorf("audit without verify: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := jiedao(t, "audit", "check", "--db", filepath.Join(dir, "x.db")); code != exitUsage {
		t.Errorf("audit check: exit %d, want %d", code, exitUsage)
	}
	code, stdout, stderr := jiedao(t, "audit", "verify", "--db", filepath.Join(dir, "missing.db"))
	if code != exitFail || stdout != "" || stderr == "" {
		t.Errorf("missing database: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
