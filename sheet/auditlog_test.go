package sheet

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestAuditLogExport(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	o := exampleOrganization()
	o.Notes, o.LegalRep = "", "张三"
	if _, err := s.CreateOrganization(ctx, &o); err != nil {
		t.Fatal(err)
	}
	o.LegalRep = "李四"
	if _, err := s.UpdateOrganization(ctx, &o); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "日志.xlsx")
	n, err := WriteAuditLog(ctx, s, data.AuditFilter{Entity: "organizations"}, "zh", path)
	if err != nil || n != 2 {
		t.Fatalf("wrote %d rows: %v", n, err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(auditSheet)
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %q: %v", rows, err)
	}
	if strings.Join(rows[0], ",") != strings.Join(auditHeaders, ",") {
		t.Errorf("header %q", rows[0])
	}
	newest := strings.Join(rows[1], "|")
	for _, want := range []string{"法定代表人：张三 → 李四", "幸福社区养老服务中心", datatest.FullLogin, "年"} {
		if !strings.Contains(newest, want) {
			t.Errorf("the newest row %q lacks %q", newest, want)
		}
	}
	if strings.Contains(newest, "legalRep") {
		t.Errorf("an English key in %q", newest)
	}
	// The export is recorded, with its rows.
	log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: data.EntityAuditTrail, Limit: 1})
	if len(log) != 1 || log[0].Action != AuditActionExport || !strings.Contains(log[0].After, `"rows":2`) {
		t.Errorf("the export is not recorded: %+v", log)
	}
}
