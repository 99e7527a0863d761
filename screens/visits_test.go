package screens

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"jiedao/data"
)

// visitPeople registers two people the tiers track: 孙奶奶 (87, living
// alone) in 幸福社区 and 周大爷 (70, empty nest) in 和平社区.
func visitPeople(t *testing.T, s *data.Store) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	out := map[string]int64{}
	for i, p := range []struct{ name, community, birth, tag string }{
		{"孙奶奶", "幸福社区", "19390303", data.TagAloneElderly},
		{"周大爷", "和平社区", "19560606", data.TagEmptyNest},
	} {
		h := data.Household{Community: p.community, Grid: "第1网格", Address: p.community + "2号楼", ResidenceType: data.ResidenceLocal}
		if err := s.CreateHousehold(ctx, &h); err != nil {
			t.Fatal(err)
		}
		first17 := "110101" + p.birth + []string{"021", "031"}[i]
		r := data.Resident{HouseholdID: h.ID, Name: p.name, IDNumber: first17 + string(data.IDCheckChar(first17)),
			Relation: data.RelationHead, Tags: []data.ResidentTag{{Tag: p.tag}}}
		if _, err := s.AddResident(ctx, &r, nil); err != nil {
			t.Fatal(err)
		}
		out[p.name] = r.ID
	}
	return out
}

// TestVisitsBoard lists the tracked people, filters by the dashboard's
// figure, and records a visit through the form: refused without the
// checklist (the dialog stays, the message under the item), then saved
// with a referral, which lands on the actions board.
func TestVisitsBoard(t *testing.T) {
	e, s := newTestEnv(t)
	ids := visitPeople(t, s)
	board := NewVisitsBoard(e).(*visitsBoard)
	e.Navigate = func(page string) {
		if page == PageVisits {
			e.Window.SetContent(board.BuildUI())
		}
	}
	e.Navigate(PageVisits)
	board.Reload()
	e.Wait()
	if len(board.rows) != 2 || board.rows[0].State != data.DueNever {
		t.Fatalf("board rows: %+v", board.rows)
	}
	if !hasText(board.list, "孙奶奶") || !hasText(board.list, data.TierSpecial) {
		t.Errorf("the list shows %v", shownTexts(board.list))
	}
	OpenVisitsBoard(e, "和平社区", "")
	e.Wait()
	if len(board.rows) != 1 || board.rows[0].Name != "周大爷" {
		t.Fatalf("filtered to 和平社区: %+v", board.rows)
	}

	f := newVisitForm(e, ids["孙奶奶"])
	saved := 0
	f.show(e, "visit", "save", test.NewWindow(nil).Canvas().Size(), func() { f.save(e, func() { saved++ }) })
	f.save(e, func() { saved++ })
	e.Wait()
	if saved != 0 || fieldErr(t, f.fields, "health") == "" {
		t.Fatalf("an unanswered checklist was saved (%d) or not said: %q", saved, fieldErr(t, f.fields, "health"))
	}
	for i := range data.CheckItems {
		f.results[i].SetSelected(data.CheckNormal)
	}
	f.results[3].SetSelected(data.CheckProblem)
	f.checkNotes[3].SetText("燃气软管老化")
	f.referral.SetText("更换燃气软管")
	f.owner.SetText("物业服务中心")
	f.time.SetText("09:30")
	f.save(e, func() { saved++ })
	e.Wait()
	if saved != 1 {
		t.Fatalf("the visit was not saved: %v", f.general.Text)
	}
	vs, err := s.Visits(context.Background(), ids["孙奶奶"])
	if err != nil || len(vs) != 1 || vs[0].Safety != data.CheckProblem || vs[0].ActionID == nil {
		t.Fatalf("stored: %+v %v", vs, err)
	}
	OpenVisitsBoard(e, "", data.DueNever)
	e.Wait()
	if len(board.rows) != 1 || board.rows[0].Name != "周大爷" {
		t.Errorf("never visited: %+v", board.rows)
	}
	// The dashboard's panel: one of two visited this month.
	figures := VisitFigures(e)
	e.Wait()
	e.Window.SetContent(figures)
	if !hasText(figures, "50.0%") || !hasText(figures, "1 / 2") {
		t.Errorf("visit figures: %v", shownTexts(figures))
	}
}

// TestVisitSettingsSave changes a cadence through the settings dialog
// and refuses a cadence that is not a number, the dialog staying open.
func TestVisitSettingsSave(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	rules, _ := s.VisitRules(ctx)
	v := newVisitSettings(e, rules, nil, nil)
	v.show()
	v.days[1].SetText("十四")
	v.save()
	e.Wait()
	if fieldErr(t, v.form.fields, "cadences:"+data.TierPriority) == "" {
		t.Error("a cadence in words was not refused")
	}
	v.days[1].SetText("14")
	v.event[0].SetText("2")
	v.save()
	e.Wait()
	got, err := s.VisitRules(ctx)
	if err != nil || got.Cadence(data.TierPriority).Days != 14 || got.Cadence(data.TierSpecial).EventDays != 2 {
		t.Errorf("saved rules: %+v %v", got.Cadences, err)
	}
}
