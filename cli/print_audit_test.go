package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestEveryPrintAndExportIsAudited runs each print and export of the
// command line and checks the entry it leaves: what was printed, the
// file, how many records, and who.
func TestEveryPrintAndExportIsAudited(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "demo", "--households", "30", "--seed", "2", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	var h data.Household
	var a data.Agreement
	var m data.Meeting
	withTestDB(t, db, func(tb testing.TB, s *data.Store) {
		g := datatest.DB(tb, s)
		for _, err := range []error{g.Order("id").First(&h).Error, g.Order("id").First(&a).Error, g.Order("id").First(&m).Error} {
			if err != nil {
				tb.Fatal(err)
			}
		}
	})
	meeting := fmt.Sprint(m.ID)
	tests := []struct {
		args     []string // before -o FILE
		file     string
		action   string
		entity   string
		id       int64
		document string
		records  float64
	}{
		{[]string{"print", "household", h.Number}, "h.pdf", data.ActionPrint, "households", h.ID, "住户登记表", 1},
		{[]string{"print", "agreement", a.Number}, "a.pdf", data.ActionPrint, "agreements", a.ID, "agreement", 1},
		{[]string{"print", "minutes", meeting}, "m.pdf", data.ActionPrint, "meetings", m.ID, "minutes", 1},
		{[]string{"print", "signin", meeting}, "s.pdf", data.ActionPrint, "meetings", m.ID, "signin", 1},
		{[]string{"print", "notice", meeting}, "n.pdf", data.ActionPrint, "meetings", m.ID, "notice", 1},
		{[]string{"export", "minutes", meeting}, "m.docx", data.ActionExport, "meetings", m.ID, "minutes.docx", 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[:2], " "), func(t *testing.T) {
			out := filepath.Join(dir, tt.file)
			if code, _, stderr := jiedao(t, append(tt.args, "-o", out, "--db", db)...); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var e data.AuditEntry
			withTestDB(t, db, func(tb testing.TB, s *data.Store) {
				if err := datatest.DB(tb, s).Order("id DESC").First(&e).Error; err != nil {
					tb.Fatal(err)
				}
			})
			var after map[string]any
			if err := json.Unmarshal([]byte(e.After), &after); err != nil {
				t.Fatalf("after %q: %v", e.After, err)
			}
			if e.Action != tt.action || e.Entity != tt.entity || e.EntityID != tt.id || e.Operator == "" ||
				after["document"] != tt.document || after["file"] != tt.file || after["records"] != tt.records {
				t.Errorf("entry %s %s %d by %q: %v", e.Action, e.Entity, e.EntityID, e.Operator, after)
			}
		})
	}
	t.Run("the household form names the households and says the numbers are whole", func(t *testing.T) {
		var e data.AuditEntry
		withTestDB(t, db, func(tb testing.TB, s *data.Store) {
			datatest.DB(tb, s).Where("action = ? AND entity = ?", data.ActionPrint, "households").First(&e)
		})
		if !strings.Contains(e.After, `"numbers":["`+h.Number+`"]`) || !strings.Contains(e.After, `"masked":false`) {
			t.Errorf("entry %s", e.After)
		}
	})
	if code, stdout, _ := jiedao(t, "--lang", "en", "audit", "verify", "--db", db); code != exitOK {
		t.Errorf("verify after the prints: %s", stdout)
	}
}
