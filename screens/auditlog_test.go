package screens

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestAuditLogReadable: the log names the account, the action in words,
// the record by its name and the changed field by its label; a look at
// whole numbers is found by the filter with its reason; the check of the
// chain shows on the page; the export holds what the filter selects.
func TestAuditLogReadable(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	h := newHousehold(t, s, "601")
	r := addResident(t, s, h, "王五", validID("11010119800101601"), data.RelationHead)
	if _, err := s.Unmask(ctx, "residents", r.ID, data.FieldIDNumber, "核实身份"); err != nil {
		t.Fatal(err)
	}
	h.Phone = "13812345678"
	if err := s.UpdateHousehold(ctx, &h); err != nil {
		t.Fatal(err)
	}
	e.SetStore(datatest.As(t, s, "shenji", []string{data.RoleAuditor}, nil, nil))
	a := NewAuditLog(e).(*auditLog)
	showScreen(t, e, a)
	if len(a.lines) < 3 {
		t.Fatalf("%d lines", len(a.lines))
	}
	row := a.list.CreateItem()
	a.updateRow(0, row) // the newest: the household's phone
	got := strings.Join(texts(row), "|")
	for _, want := range []string{datatest.FullLogin, h.Number} {
		if !strings.Contains(got, want) {
			t.Errorf("the newest row %q lacks %q", got, want)
		}
	}
	for _, bad := range []string{"{", "#", "13812345678"} {
		if strings.Contains(got, bad) {
			t.Errorf("the newest row %q shows %q", got, bad)
		}
	}
	// Looks at personal data only.
	a.bar.views.SetChecked(true)
	test.Tap(a.bar.apply)
	e.Wait()
	if len(a.lines) != 1 || a.lines[0].Entry.Action != data.ActionView {
		t.Fatalf("views only: %d lines", len(a.lines))
	}
	a.updateRow(0, row)
	if got := strings.Join(texts(row), "|"); !strings.Contains(got, "核实身份") || !strings.Contains(got, "王五") {
		t.Errorf("the look reads %q", got)
	}
	// A bad date is said, and the list stays.
	a.bar.from.SetText("12月7日")
	test.Tap(a.bar.apply)
	if a.bar.problem.Text == "" || !a.filter.ViewsOnly {
		t.Errorf("a bad date: %q", a.bar.problem.Text)
	}
	a.bar.from.SetText("")
	// The chain's check.
	test.Tap(a.bar.check)
	e.Wait()
	if !a.verify.Visible() || a.verify.Importance != widget.SuccessImportance {
		t.Errorf("verify: %q", a.verify.Text)
	}
	// The export holds the filtered entries.
	path := filepath.Join(t.TempDir(), "log.xlsx")
	a.bar.exportTo(e.Store(), a.filter, path)
	e.Wait()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("操作日志")
	if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "核实身份") {
		t.Errorf("exported %q", rows)
	}
}
