package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestTierOf checks the default rules on the cases the provincial rules
// name, and the edge of 80 (the birthday itself counts).
func TestTierOf(t *testing.T) {
	r := data.DefaultVisitRules()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		age  int
		tags []string
		want string
	}{
		{"80 living alone", 80, []string{data.TagAloneElderly}, data.TierSpecial},
		{"79 living alone", 79, []string{data.TagAloneElderly}, data.TierPriority},
		{"disabled elderly", 66, []string{data.TagDisabled}, data.TierSpecial},
		{"disabled young", 30, []string{data.TagDisabled}, data.TierGeneral},
		{"empty nest 70", 70, []string{data.TagEmptyNest}, data.TierPriority},
		{"85 with family", 85, nil, data.TierPriority},
		{"left-behind child", 9, []string{data.TagLeftBehind}, data.TierGeneral},
		{"重点关注 tag", 40, []string{data.TagSpecialNotice}, data.TierPriority},
		{"nobody", 45, nil, ""},
		{"unknown age", -1, nil, ""},
	} {
		if got := r.TierOf(c.age, c.tags); got != c.want {
			t.Errorf("%s: tier %q, want %q", c.name, got, c.want)
		}
	}
	bad := data.VisitRules{Rules: []data.TierRule{{Tier: "最高", Tags: []string{"富豪"}, MinAge: 200}}}
	err := bad.Validate()
	for _, key := range []string{data.KeyVisitTier, data.KeyInvalidChoice, data.KeyVisitRuleAge, data.KeyVisitCadence} {
		if !hasKey(err, key) {
			t.Errorf("bad rules: no %s in %v", key, err)
		}
	}
}

func hasKey(err error, key string) bool {
	var found bool
	var walk func(error)
	walk = func(e error) {
		var de *data.Error
		if errors.As(e, &de) && de.Key == key {
			found = true
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return found
}

// TestNextDue checks due days across an intensification's boundaries:
// before it opens, on its first and last day, after it closes, another
// tier's and another community's, and a major event.
func TestNextDue(t *testing.T) {
	r := data.DefaultVisitRules()
	heat := []data.Intensification{{From: "2026-07-10", To: "2026-07-20", Tier: data.TierPriority, Days: 3}}
	for _, c := range []struct {
		name string
		in   data.DueInput
		ins  []data.Intensification
		want string
	}{
		{"never visited is due today", data.DueInput{Tier: data.TierGeneral}, nil, "2026-07-01"},
		{"untracked has no due day", data.DueInput{LastVisit: "2026-06-01"}, nil, ""},
		{"weekly", data.DueInput{Tier: data.TierSpecial, LastVisit: "2026-06-28"}, nil, "2026-07-05"},
		{"monthly", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-06-15"}, nil, "2026-07-15"},
		{"quarterly", data.DueInput{Tier: data.TierGeneral, LastVisit: "2026-06-15"}, nil, "2026-09-13"},
		{"visited long before: due as the window opens", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-07-01"}, heat, "2026-07-10"},
		{"visited the day before it opens", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-07-09"}, heat, "2026-07-12"},
		{"visited inside", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-07-14"}, heat, "2026-07-17"},
		{"gap ends on the last day", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-07-17"}, heat, "2026-07-20"},
		{"gap ends after the window: normal cadence", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-07-18"}, heat, "2026-08-17"},
		{"visited after it closed", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-07-21"}, heat, "2026-08-20"},
		{"other tier untouched", data.DueInput{Tier: data.TierGeneral, LastVisit: "2026-07-14"}, heat, "2026-10-12"},
		{"other community untouched", data.DueInput{Tier: data.TierPriority, Community: "和平社区", LastVisit: "2026-07-14"},
			[]data.Intensification{{From: "2026-07-10", To: "2026-07-20", Tier: data.TierPriority, Days: 3, Community: "幸福社区"}}, "2026-08-13"},
		{"its community shortened", data.DueInput{Tier: data.TierPriority, Community: "幸福社区", LastVisit: "2026-07-14"},
			[]data.Intensification{{From: "2026-07-10", To: "2026-07-20", Tier: data.TierPriority, Days: 3, Community: "幸福社区"}}, "2026-07-17"},
		{"cadence longer than the normal one does not lengthen", data.DueInput{Tier: data.TierSpecial, LastVisit: "2026-07-14"},
			[]data.Intensification{{From: "2026-07-10", To: "2026-07-30", Tier: data.TierSpecial, Days: 10}}, "2026-07-21"},
		{"major event: within a day", data.DueInput{Tier: data.TierSpecial, LastVisit: "2026-06-28", LastEvent: "2026-06-30"}, nil, "2026-07-01"},
		{"event before the last visit: handled", data.DueInput{Tier: data.TierSpecial, LastVisit: "2026-06-30", LastEvent: "2026-06-29"}, nil, "2026-07-07"},
		{"no event rule for the tier", data.DueInput{Tier: data.TierPriority, LastVisit: "2026-06-15", LastEvent: "2026-06-30"}, nil, "2026-07-15"},
	} {
		if got := r.NextDue(c.in, c.ins, "2026-07-01"); got != c.want {
			t.Errorf("%s: due %q, want %q", c.name, got, c.want)
		}
	}
}

func TestIntensificationValidate(t *testing.T) {
	in := data.Intensification{From: "2026-07-20", To: "2026/07/10", Tier: "x", Days: 0}
	err := in.Validate()
	for _, key := range []string{data.KeyVisitWindowOrder, data.KeyVisitTier, data.KeyVisitIntensifyDays, data.KeyInvalidRequired} {
		if !hasKey(err, key) {
			t.Errorf("no %s in %v", key, err)
		}
	}
}

func TestVisitValidate(t *testing.T) {
	now := datatest.Epoch()
	ok := func() data.Visit {
		v := data.Visit{ResidentID: 1, Date: "2026-11-25", Time: "09:30", Method: data.VisitInPerson, Met: true}
		for _, item := range data.CheckItems {
			v.SetCheck(item, data.CheckNormal, "")
		}
		return v
	}
	v := ok()
	if err := v.Validate(now); err != nil {
		t.Fatalf("a good visit: %v", err)
	}
	for _, c := range []struct {
		name  string
		edit  func(v *data.Visit)
		field string
		key   string
	}{
		{"no date", func(v *data.Visit) { v.Date = "" }, "date", data.KeyInvalidRequired},
		{"bad date", func(v *data.Visit) { v.Date = "2026-02-30" }, "date", data.KeyInvalidDate},
		{"later today", func(v *data.Visit) { v.Time = "11:00" }, "date", data.KeyVisitFuture},
		{"tomorrow", func(v *data.Visit) { v.Date, v.Time = "2026-11-26", "" }, "date", data.KeyVisitFuture},
		{"bad time", func(v *data.Visit) { v.Time = "25:00" }, "time", data.KeyInvalidTime},
		{"bad method", func(v *data.Visit) { v.Method = "写信" }, "method", data.KeyVisitMethod},
		{"item missing in person", func(v *data.Visit) { v.Safety = "" }, "safety", data.KeyVisitCheckMissing},
		{"bad result", func(v *data.Visit) { v.Health = "很好" }, "health", data.KeyVisitCheckResult},
		{"referral without owner", func(v *data.Visit) { v.Referral = "申请助餐" }, "referralOwner", data.KeyVisitReferralOwner},
		{"deadline before the visit", func(v *data.Visit) {
			v.Referral, v.ReferralOwner, v.ReferralDeadline = "申请助餐", "民政专干", "2026-11-01"
		}, "referralDeadline", data.KeyVisitDeadlineBefore},
		{"owner without referral", func(v *data.Visit) { v.ReferralOwner = "民政专干" }, "referral", data.KeyInvalidRequired},
	} {
		v := ok()
		c.edit(&v)
		got := regKeys(v.Validate(now))
		if got[c.field] != c.key {
			t.Errorf("%s: %s has %q, want %q (all: %v)", c.name, c.field, got[c.field], c.key, got)
		}
	}
	// By phone, an unanswered item is no error.
	v = ok()
	v.Method, v.Safety = data.VisitPhone, ""
	if err := v.Validate(now); err != nil {
		t.Errorf("phone visit without safety: %v", err)
	}
}

// visitRegister is newMatrixRegister's street with care tags: the
// resident of 幸福一 is 80+ and lives alone (特别关注), 幸福二's is 66 and
// disabled (特别关注), 和平's 40 without tags but for 低保 (一般关注).
func visitRegister(t *testing.T) *matrixRegister {
	t.Helper()
	m := newMatrixRegister(t)
	ctx := context.Background()
	set := func(key, birth string, tags ...string) {
		r, err := m.s.Resident(ctx, m.res[key])
		if err != nil {
			t.Fatal(err)
		}
		r.IDNumber = regID("110101", birth, r.IDNumber[14:17])
		r.BirthDate = ""
		for _, tag := range tags {
			rt := data.ResidentTag{Tag: tag}
			if tag == data.TagDisabled {
				rt.Category, rt.Grade = "智力残疾", "二级"
			}
			r.Tags = append(r.Tags, rt)
		}
		if _, err := m.s.UpdateResident(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	set("幸福一", "19400101", data.TagAloneElderly)
	set("幸福二", "19600505", data.TagDisabled)
	set("和平", "19860606", data.TagSubsistence)
	return m
}

func goodVisit(resident int64, date string) *data.Visit {
	v := &data.Visit{ResidentID: resident, Date: date, Time: "09:00", Method: data.VisitInPerson, Met: true}
	for _, item := range data.CheckItems {
		v.SetCheck(item, data.CheckNormal, "")
	}
	return v
}

// TestVisitBoard records visits as a grid worker and reads the board as
// it and as the street: states, scope, the referral's action linked both
// ways and on the actions board, the dashboard's rates.
func TestVisitBoard(t *testing.T) {
	ctx := context.Background()
	m := visitRegister(t)
	grid := m.accounts[data.RoleGrid]

	// The grid worker visits 幸福一 today with a referral.
	v := goodVisit(m.res["幸福一"], "2026-11-24")
	v.Health, v.HealthNote = data.CheckProblem, "腿脚不便"
	v.Referral, v.ReferralOwner, v.ReferralDeadline = "申请居家助餐", "民政专干", "2026-12-01"
	if err := grid.RecordVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	if v.ActionID == nil || v.Visitor != "m-grid（m-grid）" || v.VisitorLogin != "m-grid" {
		t.Fatalf("visit: action %v, visitor %q %q", v.ActionID, v.Visitor, v.VisitorLogin)
	}
	// It may not record one outside its grid.
	if err := grid.RecordVisit(ctx, goodVisit(m.res["和平"], "2026-11-24")); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a visit outside the grid: %v, want not found", err)
	}
	// The action is on the board, linked back, and follows up as any.
	page, err := m.s.ListActions(ctx, data.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 1 || page.Rows[0].VisitID == nil || *page.Rows[0].VisitID != v.ID || page.Rows[0].Owner != "民政专干" {
		t.Fatalf("actions board: %+v", page.Rows)
	}
	if err := m.s.AddActionNote(ctx, *v.ActionID, &data.ActionNote{Text: "已联系助餐点"}); err != nil {
		t.Fatalf("note on a visit's action: %v", err)
	}
	// The community worker of 和平社区 does not see it.
	other := datatest.As(t, m.s, "hp", []string{data.RoleCommunity}, []string{"和平社区"}, nil)
	if page, err := other.ListActions(ctx, data.ActionFilter{}); err != nil || len(page.Rows) != 0 {
		t.Errorf("another community sees %d actions (%v)", len(page.Rows), err)
	}
	mc, err := m.s.MeetingCounts(ctx, 0)
	if err != nil || mc.OpenActions != 1 {
		t.Errorf("meeting counts: %+v %v", mc, err)
	}

	// Board as the street: 幸福一 visited (due next Tuesday, weekly),
	// 幸福二 and 和平 never visited.
	b, err := m.s.VisitBoard(ctx, data.VisitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, r := range b.Rows {
		states[r.Name] = r.State + " " + r.Tier + " " + r.Due
	}
	want := map[string]string{
		"居民幸福一": data.DueLater + " " + data.TierSpecial + " 2026-12-01",
		"居民幸福二": data.DueNever + " " + data.TierSpecial + " 2026-11-25",
		"居民和平":  data.DueNever + " " + data.TierGeneral + " 2026-11-25",
	}
	if len(states) != len(want) {
		t.Errorf("board: %v", states)
	}
	for k, w := range want {
		if states[k] != w {
			t.Errorf("%s: %q, want %q", k, states[k], w)
		}
	}
	// As of next Monday, the visit is due this week; a week later overdue.
	for asOf, st := range map[string]string{"2026-11-30": data.DueThisWeek, "2026-12-08": data.DueOverdue} {
		day, _ := time.ParseInLocation(time.DateOnly, asOf, datatest.Epoch().Location())
		b, err := m.s.VisitBoard(ctx, data.VisitFilter{AsOf: day, ResidentID: m.res["幸福一"]})
		if err != nil || len(b.Rows) != 1 || b.Rows[0].State != st {
			t.Errorf("as of %s: %+v %v, want %s", asOf, b.Rows, err, st)
		}
	}
	// The grid worker sees its grid only; by visitor, its visits.
	gb, err := grid.VisitBoard(ctx, data.VisitFilter{})
	if err != nil || len(gb.Rows) != 1 || gb.Rows[0].Name != "居民幸福一" || gb.Rows[0].Phone == "13812345670" {
		t.Errorf("grid board: %+v %v", gb.Rows, err)
	}
	vb, _ := m.s.VisitBoard(ctx, data.VisitFilter{Visitor: "m-grid"})
	if len(vb.Rows) != 1 {
		t.Errorf("by visitor: %d rows", len(vb.Rows))
	}
	// A tier by hand needs a reason, wins over the rules, is audited.
	if err := m.s.SetCareTier(ctx, m.res["和平"], data.TierSpecial, ""); !hasKey(err, data.KeyVisitTierReason) {
		t.Errorf("tier without reason: %v", err)
	}
	if err := m.s.SetCareTier(ctx, m.res["和平"], data.TierSpecial, "独自照顾重病家属"); err != nil {
		t.Fatal(err)
	}
	tier, o, err := m.s.CareTier(ctx, m.res["和平"])
	if err != nil || tier != data.TierSpecial || o == nil || o.Reason != "独自照顾重病家属" {
		t.Errorf("care tier: %q %+v %v", tier, o, err)
	}
	log, _ := m.s.AuditLog(ctx, data.AuditFilter{Entity: data.EntityTierOverrides})
	if len(log) != 1 {
		t.Errorf("tier audit entries: %d", len(log))
	}

	// Rates this month: 3 tracked in two communities; 幸福 1 of 2 visited.
	rates, err := m.s.VisitRates(ctx)
	if err != nil || len(rates) != 2 {
		t.Fatalf("rates: %+v %v", rates, err)
	}
	for _, r := range rates {
		switch r.Community {
		case "幸福社区":
			if r.Tracked != 2 || r.Visited != 1 || r.Never != 1 {
				t.Errorf("幸福社区: %+v", r)
			}
		case "和平社区":
			if r.Tracked != 1 || r.Visited != 0 || r.Never != 1 {
				t.Errorf("和平社区: %+v", r)
			}
		}
	}
	// The viewer may read the board but not record a visit.
	if err := m.accounts[data.RoleViewer].RecordVisit(ctx, goodVisit(m.res["幸福二"], "2026-11-24")); !errors.Is(err, data.ErrPermission) {
		t.Errorf("viewer records a visit: %v", err)
	}
}

// TestVisitIntensifyAndEvent: an intensification and a major event move
// the board's due days; the stored rules change the cadence.
func TestVisitIntensifyAndEvent(t *testing.T) {
	ctx := context.Background()
	m := visitRegister(t)
	if err := m.s.RecordVisit(ctx, goodVisit(m.res["和平"], "2026-11-20")); err != nil {
		t.Fatal(err)
	}
	due := func() string {
		b, err := m.s.VisitBoard(ctx, data.VisitFilter{ResidentID: m.res["和平"]})
		if err != nil || len(b.Rows) != 1 {
			t.Fatalf("board: %+v %v", b.Rows, err)
		}
		return b.Rows[0].Due
	}
	if d := due(); d != "2027-02-18" {
		t.Errorf("quarterly due %s", d)
	}
	in := data.Intensification{From: "2026-11-22", To: "2026-12-31", Tier: data.TierGeneral, Days: 7, Reason: "寒潮"}
	if err := m.s.AddIntensification(ctx, &in); err != nil {
		t.Fatal(err)
	}
	if d := due(); d != "2026-11-27" {
		t.Errorf("intensified due %s", d)
	}
	r := data.DefaultVisitRules()
	r.Cadences[2] = data.TierCadence{Tier: data.TierGeneral, Days: 5, EventDays: 1}
	if err := m.s.SaveVisitRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	if d := due(); d != "2026-11-25" {
		t.Errorf("5-day cadence due %s", d)
	}
	if err := m.s.RecordCareEvent(ctx, &data.CareEvent{ResidentID: m.res["和平"], Date: "2026-11-21", What: "摔倒住院"}); err != nil {
		t.Fatal(err)
	}
	if d := due(); d != "2026-11-22" {
		t.Errorf("after an event due %s", d)
	}
	if err := m.accounts[data.RoleGrid].SaveVisitRules(ctx, r); !errors.Is(err, data.ErrPermission) {
		t.Errorf("grid worker saves rules: %v", err)
	}
}

// TestVisitScope: a visit outside the account's scope is not found, read
// one by one or a resident's list, and a community worker sees the visits
// of its communities.
func TestVisitScope(t *testing.T) {
	ctx := context.Background()
	m := visitRegister(t)
	v := goodVisit(m.res["和平"], "2026-11-24")
	if err := m.s.RecordVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	grid := m.accounts[data.RoleGrid]
	if _, err := grid.Visit(ctx, v.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a visit outside the grid: %v", err)
	}
	if _, err := grid.Visits(ctx, m.res["和平"]); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("visits of a resident outside the grid: %v", err)
	}
	if err := grid.SetCareTier(ctx, m.res["和平"], data.TierSpecial, "理由"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a tier outside the grid: %v", err)
	}
	hp := datatest.As(t, m.s, "hp2", []string{data.RoleCommunity}, []string{"和平社区"}, nil)
	got, err := hp.Visit(ctx, v.ID)
	if err != nil || got.ResidentID != m.res["和平"] {
		t.Errorf("the community worker's visit: %+v %v", got, err)
	}
	b, err := hp.VisitBoard(ctx, data.VisitFilter{})
	if err != nil || len(b.Rows) != 1 || b.Rows[0].LastVisit != "2026-11-24" {
		t.Errorf("the community worker's board: %+v %v", b.Rows, err)
	}
	log, _ := m.s.AuditLog(ctx, data.AuditFilter{Entity: data.EntityVisits})
	if len(log) != 1 || log[0].Action != data.ActionCreate {
		t.Errorf("visit audit entries: %+v", log)
	}
}

// TestVisitGenericWrite: the store's generic Create is held to the same
// scope as RecordVisit.
func TestVisitGenericWrite(t *testing.T) {
	ctx := context.Background()
	m := visitRegister(t)
	grid := m.accounts[data.RoleGrid]
	if err := grid.Create(ctx, goodVisit(m.res["和平"], "2026-11-24")); !errors.Is(err, data.ErrPermission) {
		t.Errorf("a visit outside the grid through Create: %v", err)
	}
	if err := grid.Create(ctx, goodVisit(m.res["幸福一"], "2026-11-24")); err != nil {
		t.Errorf("a visit inside the grid through Create: %v", err)
	}
	if err := m.accounts[data.RoleViewer].Create(ctx, goodVisit(m.res["幸福一"], "2026-11-24")); !errors.Is(err, data.ErrPermission) {
		t.Errorf("the viewer's Create: %v", err)
	}
}
