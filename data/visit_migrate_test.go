package data

import (
	"context"
	"path/filepath"
	"testing"
)

// TestUpgradeToVisits: a register of the release before visits (seven
// migrations, its actions table without visit_id) gains the visits'
// tables and the column, and a visit's referral lands on the board.
func TestUpgradeToVisits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jiedao.db")
	old := mustOpenWith(t, path, options{migrations: migrations()[:7]})
	// 0004 made the actions table from today's model: take the column
	// away again, as the older release's file has it.
	for _, stmt := range []string{"DROP INDEX IF EXISTS idx_meeting_actions_visit_id", "ALTER TABLE meeting_actions DROP COLUMN visit_id"} {
		if err := old.db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	h := Household{Community: "幸福社区", Grid: "第1网格", Address: "幸福路1号", ResidenceType: ResidenceLocal}
	if err := old.CreateHousehold(ctx, &h); err != nil {
		t.Fatal(err)
	}
	first17 := "11010119500101055"
	r := Resident{HouseholdID: h.ID, Name: "钱奶奶", IDNumber: first17 + string(IDCheckChar(first17)), Relation: RelationHead, Tags: []ResidentTag{{Tag: TagEmptyNest}}}
	if _, err := old.AddResident(ctx, &r, nil); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s := mustOpenWith(t, path, options{})
	defer s.Close()
	if !s.db.Migrator().HasColumn(&Action{}, "VisitID") || !s.db.Migrator().HasTable(&Visit{}) {
		t.Fatal("the upgrade made no visits")
	}
	v := Visit{ResidentID: r.ID, Date: "2026-11-20", Method: VisitPhone, Met: true, Referral: "申请助餐", ReferralOwner: "居委会"}
	if err := s.RecordVisit(ctx, &v); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListActions(ctx, ActionFilter{})
	if err != nil || len(page.Rows) != 1 || page.Rows[0].VisitID == nil || *page.Rows[0].VisitID != v.ID {
		t.Errorf("the upgraded board: %+v %v", page.Rows, err)
	}
}
