package pdf

import (
	"path/filepath"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestBatchPrintsAreAudited: the window prints agreements in batches
// through PrintAgreements; each file written leaves an entry, the combined
// file one with every agreement in it.
func TestBatchPrintsAreAudited(t *testing.T) {
	f, _ := batchFixture(t, 3)
	ids, err := AgreementBatchIDs(f.ctx, f.s, data.AgreementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	prints := func() []data.AuditEntry {
		log, err := f.s.AuditLog(f.ctx, data.AuditFilter{Action: AuditActionPrint})
		if err != nil {
			t.Fatal(err)
		}
		return log
	}
	if _, err := PrintAgreements(f.ctx, f.s, ids, AgreementBatchOptions{Dir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if log := prints(); len(log) != 3 {
		t.Fatalf("one file each: %d entries, want 3", len(log))
	}
	if _, err := PrintAgreements(f.ctx, f.s, ids, AgreementBatchOptions{Path: filepath.Join(t.TempDir(), "all.pdf")}); err != nil {
		t.Fatal(err)
	}
	log := prints()
	if len(log) != 4 {
		t.Fatalf("one file: %d entries, want 4", len(log))
	}
	e := log[0]
	if e.Entity != "agreements" || e.EntityID != 0 || e.Operator != datatest.FullOperator ||
		!strings.Contains(e.After, `"records":3`) || !strings.Contains(e.After, `"file":"all.pdf"`) {
		t.Errorf("entry %+v", e)
	}
	// A Doc made without the store is not recorded.
	d, err := MinutesDoc(f.ctx, nil, &data.Meeting{Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile(filepath.Join(t.TempDir(), "m.pdf")); err != nil {
		t.Fatal(err)
	}
	if n := len(prints()); n != 4 {
		t.Errorf("%d entries after an unrecorded document", n)
	}
}
