package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// mtgFixture is a store with the office set up, an organization and a
// resident to link participants to.
type mtgFixture struct {
	*agrFixture
	resident data.Resident
}

func newMtgFixture(t *testing.T) *mtgFixture {
	t.Helper()
	f := &mtgFixture{agrFixture: newAgrFixture(t)}
	h := &data.Household{Community: "幸福社区", Estate: "幸福小区", Building: "3", Unit: "2", Room: "301", ResidenceType: data.ResidenceTypes[0]}
	if err := f.s.Create(f.ctx, h); err != nil {
		t.Fatal(err)
	}
	f.resident = data.Resident{HouseholdID: h.ID, Name: "王小明", IDNumber: "11010519491231002X"}
	if _, err := f.s.AddResident(f.ctx, &f.resident, nil); err != nil {
		t.Fatal(err)
	}
	return f
}

// meeting is a complete draft: 9 residents' representatives (7 present,
// 1 absent, 1 on leave), an observer, an agenda item with two speeches,
// two resolutions (one passes, one fails) and two actions.
func (f *mtgFixture) meeting(date string) *data.Meeting {
	m := &data.Meeting{
		Title: "幸福小区3号楼加装电梯协商议事会", Kind: data.MeetingConsult, Community: "幸福社区", Date: date,
		StartTime: "14:30", EndTime: "16:30", Place: "幸福社区居委会二楼会议室", Convener: "幸福社区居委会",
		Host: "赵红", Recorder: "钱明", Summary: "会议就3号楼加装电梯方案进行了协商。",
	}
	rid, oid := f.resident.ID, f.org.ID
	m.Participants = []data.Participant{
		{Name: "王小明", Category: data.CategoryResidentRep, Unit: "3号楼2单元", ResidentID: &rid},
		{Name: "孙丽", Category: data.CategoryResidentRep},
		{Name: "周强", Category: data.CategoryResidentRep},
		{Name: "吴芳", Category: data.CategoryResidentRep},
		{Name: "郑伟", Category: data.CategoryOwners},
		{Name: "冯军", Category: data.CategoryProperty, Unit: "幸福物业"},
		{Name: "陈静", Category: data.CategorySocialOrg, Unit: "阳光社会工作服务中心", OrganizationID: &oid},
		{Name: "褚亮", Category: data.CategoryResidentRep, Attendance: data.AttendAbsent},
		{Name: "卫兰", Category: data.CategoryResidentRep, Attendance: data.AttendLeave},
		{Name: "蒋涛", Category: data.CategoryObserver, Unit: "幸福街道城建科"},
	}
	m.Agenda = []data.AgendaItem{{
		Topic: "3号楼加装电梯方案", Background: "3号楼共18户，其中老年住户11户。", Proposals: "采用贴墙式方案，费用按楼层分摊。",
		Speeches: []data.Speech{{Speaker: "王小明", Summary: "支持加装，希望尽快施工。"}, {Speaker: "孙丽", Summary: "一楼住户担心采光，建议补偿。"}},
	}}
	m.Resolutions = []data.Resolution{
		{Text: "同意3号楼采用贴墙式方案加装电梯。", For: 6, Against: 1},
		{Text: "一楼住户不分摊费用。", Rule: data.RuleTwoThirds, For: 4, Against: 2, Abstain: 1},
	}
	m.Actions = []data.Action{
		{Task: "联系设计单位出具施工图", Owner: "幸福物业", Deadline: "2026-12-15", ResolutionSeq: 1},
		{Task: "征求一楼住户意见", Owner: "孙丽", Deadline: "2026-12-01"},
	}
	return m
}

func (f *mtgFixture) create(t *testing.T, m *data.Meeting) *data.Meeting {
	t.Helper()
	if err := f.s.CreateMeeting(f.ctx, m); err != nil {
		t.Fatalf("CreateMeeting: %v", err)
	}
	return m
}

func (f *mtgFixture) load(t *testing.T, id int64) data.Meeting {
	t.Helper()
	m, err := f.s.Meeting(f.ctx, id)
	if err != nil {
		t.Fatalf("Meeting %d: %v", id, err)
	}
	return m
}

func keyOf(err error) string {
	var e *data.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

func audits(t *testing.T, s *data.Store, entity string, id int64) int {
	t.Helper()
	es, err := s.AuditLog(context.Background(), data.AuditFilter{Entity: entity, EntityID: id})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestCreateMeeting(t *testing.T) {
	f := newMtgFixture(t)
	m := f.create(t, f.meeting("2026-11-20"))
	got := f.load(t, m.ID)
	if got.Status != data.MeetingDraft || got.Version != 1 || len(got.Participants) != 10 || got.Participants[9].Name != "蒋涛" ||
		len(got.Agenda) != 1 || len(got.Agenda[0].Speeches) != 2 || got.Agenda[0].Speeches[1].Speaker != "孙丽" ||
		len(got.Resolutions) != 2 || len(got.Actions) != 2 {
		t.Fatalf("loaded %+v", got)
	}
	if got.Actions[0].ResolutionID == nil || *got.Actions[0].ResolutionID != got.Resolutions[0].ID || got.Actions[1].ResolutionID != nil {
		t.Errorf("action links %v %v", got.Actions[0].ResolutionID, got.Actions[1].ResolutionID)
	}
	if got.Present() != 7 || got.QuorumBase() != 9 || !got.HasQuorum() {
		t.Errorf("present %d of %d", got.Present(), got.QuorumBase())
	}
	if o := got.Resolutions[0].Outcome(&got); !o.Passed {
		t.Errorf("resolution 1: %+v", o)
	}
	if o := got.Resolutions[1].Outcome(&got); o.Passed || o.Needed != 5 {
		t.Errorf("resolution 2: %+v", o)
	}
	if n := audits(t, f.s, "meetings", m.ID); n != 1 {
		t.Errorf("%d audit entries", n)
	}

	t.Run("links checked", func(t *testing.T) {
		bad := f.meeting("2026-11-21")
		missing := int64(9999)
		bad.Participants[1].OrganizationID = &missing
		bad.Participants[2].ResidentID = &missing
		err := f.s.CreateMeeting(f.ctx, bad)
		if errs := data.FieldErrors(err)["participants"]; len(errs) != 2 || errs[0].Key != data.KeyMeetingLink {
			t.Fatalf("CreateMeeting = %v", err)
		}
	})
	t.Run("deleted organization is not a link", func(t *testing.T) {
		o := &data.Organization{Name: "临时志愿队", Type: data.OrgTypeCommunity}
		if _, err := f.s.CreateOrganization(f.ctx, o); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Delete(f.ctx, o); err != nil {
			t.Fatal(err)
		}
		bad := f.meeting("2026-11-21")
		bad.Participants[1].OrganizationID = &o.ID
		if err := f.s.CreateMeeting(f.ctx, bad); keyOf(err) != data.KeyMeetingLink {
			t.Fatalf("CreateMeeting = %v", err)
		}
	})
	t.Run("votes that do not add up refused", func(t *testing.T) {
		bad := f.meeting("2026-11-21")
		bad.Resolutions[0].Against = 3 // 6 + 3 > 7 present
		if err := f.s.CreateMeeting(f.ctx, bad); keyOf(err) != data.KeyResolutionVotes {
			t.Fatalf("CreateMeeting = %v", err)
		}
	})
}

func TestUpdateMeeting(t *testing.T) {
	f := newMtgFixture(t)
	m := f.create(t, f.meeting("2026-11-20"))
	edit := f.load(t, m.ID)
	res1, act1 := edit.Resolutions[0].ID, edit.Actions[0].ID
	if err := f.s.AddActionNote(f.ctx, act1, &data.ActionNote{Text: "已联系两家设计院"}); err != nil {
		t.Fatal(err)
	}
	edit.Title = "3号楼加装电梯议事会"
	edit.Participants = edit.Participants[:8] // drops 卫兰 and the observer
	edit.Resolutions = []data.Resolution{edit.Resolutions[0], {Text: "成立加装电梯自管小组。", For: 7}}
	edit.Actions = []data.Action{edit.Actions[0], {Task: "推选自管小组成员", Owner: "郑伟", ResolutionSeq: 2}}
	edit.Agenda = append(edit.Agenda, data.AgendaItem{Topic: "自管小组"})
	if err := f.s.UpdateMeeting(f.ctx, &edit); err != nil {
		t.Fatalf("UpdateMeeting: %v", err)
	}
	got := f.load(t, m.ID)
	if got.Title != "3号楼加装电梯议事会" || len(got.Participants) != 8 || len(got.Agenda) != 2 || got.Agenda[1].Seq != 2 {
		t.Fatalf("updated %+v", got)
	}
	if got.Resolutions[0].ID != res1 || got.Actions[0].ID != act1 || len(got.Actions[0].Progress) != 1 {
		t.Errorf("resolution/action identity lost: %d %d, notes %d", got.Resolutions[0].ID, got.Actions[0].ID, len(got.Actions[0].Progress))
	}
	if got.Actions[1].ResolutionID == nil || *got.Actions[1].ResolutionID != got.Resolutions[1].ID {
		t.Errorf("new action not linked to the new resolution")
	}
	if n := audits(t, f.s, "meetings", m.ID); n != 2 {
		t.Errorf("%d audit entries", n)
	}
	t.Run("invalid keeps the stored", func(t *testing.T) {
		bad := f.load(t, m.ID)
		bad.Title = ""
		if err := f.s.UpdateMeeting(f.ctx, &bad); keyOf(err) != data.KeyInvalidRequired {
			t.Fatalf("UpdateMeeting = %v", err)
		}
		if f.load(t, m.ID).Title == "" {
			t.Error("stored title lost")
		}
	})
}

func TestMeetingWorkflow(t *testing.T) {
	f := newMtgFixture(t)
	m := f.create(t, f.meeting("2026-11-20"))

	if err := f.s.PublishMeeting(f.ctx, m.ID); keyOf(err) != data.KeyMeetingTransition {
		t.Fatalf("publish a draft = %v", err)
	}
	if _, err := f.s.AmendMeeting(f.ctx, m.ID, "更正"); keyOf(err) != data.KeyMeetingAmendDraft {
		t.Fatalf("amend a draft = %v", err)
	}
	f.s.Now = func() time.Time { return datatest.Epoch().Add(time.Hour) }
	if err := f.s.FinalizeMeeting(f.ctx, m.ID); err != nil {
		t.Fatalf("FinalizeMeeting: %v", err)
	}
	final := f.load(t, m.ID)
	if final.Status != data.MeetingFinal || final.FinalizedBy != "李四" || final.FinalizedAt == nil || !final.FinalizedAt.Equal(datatest.Epoch().Add(time.Hour)) {
		t.Fatalf("finalized: %s by %q at %v", final.Status, final.FinalizedBy, final.FinalizedAt)
	}
	if err := f.s.FinalizeMeeting(f.ctx, m.ID); keyOf(err) != data.KeyMeetingTransition {
		t.Fatalf("finalize twice = %v", err)
	}

	t.Run("frozen", func(t *testing.T) {
		edit := f.load(t, m.ID)
		edit.Summary = "改写"
		if err := f.s.UpdateMeeting(f.ctx, &edit); keyOf(err) != data.KeyMeetingFrozen {
			t.Fatalf("UpdateMeeting = %v", err)
		}
		if err := f.s.Update(f.ctx, &edit); keyOf(err) != data.KeyMeetingFrozen {
			t.Fatalf("generic Update = %v", err)
		}
		if err := f.s.DeleteMeeting(f.ctx, m.ID); keyOf(err) != data.KeyMeetingDeleteFinal {
			t.Fatalf("DeleteMeeting = %v", err)
		}
		if got := f.load(t, m.ID); got.Summary != f.meeting("").Summary {
			t.Errorf("summary changed to %q", got.Summary)
		}
	})

	if err := f.s.PublishMeeting(f.ctx, m.ID); err != nil {
		t.Fatalf("PublishMeeting: %v", err)
	}
	if p := f.load(t, m.ID); p.Status != data.MeetingPublished || p.PublishedBy != "李四" || p.PublishedAt == nil {
		t.Fatalf("published: %+v", p)
	}

	t.Run("amend", func(t *testing.T) {
		if _, err := f.s.AmendMeeting(f.ctx, m.ID, " "); keyOf(err) != data.KeyMeetingAmendReason {
			t.Fatalf("amend without reason = %v", err)
		}
		v2, err := f.s.AmendMeeting(f.ctx, m.ID, "第二项决议票数记录有误")
		if err != nil {
			t.Fatalf("AmendMeeting: %v", err)
		}
		old := f.load(t, m.ID)
		if v2.Version != 2 || v2.Status != data.MeetingDraft || v2.PreviousID == nil || *v2.PreviousID != m.ID ||
			old.SupersededByID == nil || *old.SupersededByID != v2.ID || old.Status != data.MeetingPublished {
			t.Fatalf("v2: version %d %s previous %v; old superseded by %v", v2.Version, v2.Status, v2.PreviousID, old.SupersededByID)
		}
		if len(v2.Participants) != 10 || len(v2.Agenda[0].Speeches) != 2 || len(v2.Resolutions) != 2 || len(v2.Actions) != 2 ||
			v2.Actions[0].ResolutionID == nil || *v2.Actions[0].ResolutionID != v2.Resolutions[0].ID || v2.Participants[0].ResidentID == nil {
			t.Fatalf("copy incomplete: %+v", v2)
		}
		for _, op := range []struct {
			name string
			err  error
		}{
			{"amend the old", func() error { _, err := f.s.AmendMeeting(f.ctx, m.ID, "再改"); return err }()},
			{"update the old", func() error { o := f.load(t, m.ID); return f.s.UpdateMeeting(f.ctx, &o) }()},
			{"note on the old", f.s.AddActionNote(f.ctx, old.Actions[0].ID, &data.ActionNote{Text: "x"})},
		} {
			if k := keyOf(op.err); k != data.KeyMeetingSuperseded && k != data.KeyActionSupersededNote {
				t.Errorf("%s = %v", op.name, op.err)
			}
		}
		v2.Resolutions[1].For, v2.Resolutions[1].Against, v2.Resolutions[1].Abstain = 5, 1, 1
		if err := f.s.UpdateMeeting(f.ctx, &v2); err != nil {
			t.Fatalf("update v2: %v", err)
		}
		if got := f.load(t, v2.ID); !got.Resolutions[1].Outcome(&got).Passed {
			t.Error("corrected resolution does not pass")
		}
		if got := f.load(t, m.ID); got.Resolutions[1].For != 4 {
			t.Error("old version changed")
		}
		vs, err := f.s.MeetingVersions(f.ctx, v2.ID)
		if err != nil || len(vs) != 2 || vs[0].ID != m.ID || vs[1].ID != v2.ID {
			t.Fatalf("MeetingVersions = %v, %v", vs, err)
		}
		page, err := f.s.ListMeetings(f.ctx, data.MeetingFilter{})
		if err != nil || len(page.Rows) != 1 || page.Rows[0].ID != v2.ID {
			t.Fatalf("list shows %v, %v", page.Rows, err)
		}
		if page, _ := f.s.ListMeetings(f.ctx, data.MeetingFilter{AllVersions: true}); len(page.Rows) != 2 {
			t.Errorf("all versions: %d", len(page.Rows))
		}

		// Deleting the amendment draft makes the old version the newest
		// again; restoring it supersedes it again.
		if err := f.s.DeleteMeeting(f.ctx, v2.ID); err != nil {
			t.Fatalf("delete v2: %v", err)
		}
		if got := f.load(t, m.ID); got.SupersededByID != nil {
			t.Fatalf("old still superseded")
		}
		bin, _ := f.s.RecycleBin(f.ctx)
		if len(bin) != 1 || bin[0].Entity != "meetings" || bin[0].ID != v2.ID {
			t.Fatalf("recycle bin %+v", bin)
		}
		if err := f.s.Restore(f.ctx, "meetings", v2.ID); err != nil {
			t.Fatalf("Restore: %v", err)
		}
		if got := f.load(t, m.ID); got.SupersededByID == nil || *got.SupersededByID != v2.ID {
			t.Fatalf("restore did not supersede again")
		}
		if err := f.s.FinalizeMeeting(f.ctx, v2.ID); err != nil {
			t.Fatalf("finalize v2: %v", err)
		}
	})
}

func TestDeleteMeeting(t *testing.T) {
	f := newMtgFixture(t)
	m := f.create(t, f.meeting("2026-11-20"))
	if err := f.s.DeleteMeeting(f.ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Meeting(f.ctx, m.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("deleted meeting loads: %v", err)
	}
	if page, _ := f.s.ListMeetings(f.ctx, data.MeetingFilter{Query: "加装"}); len(page.Rows) != 0 {
		t.Errorf("deleted meeting found")
	}
	if err := f.s.Restore(f.ctx, "meetings", m.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.load(t, m.ID); len(got.Participants) != 10 {
		t.Errorf("restored without children")
	}
	if page, _ := f.s.ListMeetings(f.ctx, data.MeetingFilter{Query: "加装"}); len(page.Rows) != 1 {
		t.Errorf("restored meeting not found")
	}
}

func TestMeetingOrdinal(t *testing.T) {
	f := newMtgFixture(t)
	ordinal := func(t *testing.T, m *data.Meeting) int {
		t.Helper()
		n, err := f.s.MeetingOrdinal(f.ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Created out of date order: the ordinal follows the date, then the ID.
	nov := f.create(t, f.meeting("2026-11-20"))
	mar := f.create(t, f.meeting("2026-03-02"))
	nov2 := f.create(t, f.meeting("2026-11-20"))
	last := f.create(t, f.meeting("2025-12-30"))
	other := f.meeting("2026-01-05")
	other.Kind = data.MeetingHearing
	f.create(t, other)
	for _, tt := range []struct {
		m    *data.Meeting
		want int
	}{{mar, 1}, {nov, 2}, {nov2, 3}, {last, 1}, {other, 1}} {
		if got := ordinal(t, tt.m); got != tt.want {
			t.Errorf("%s (ID %d): %d, want %d", tt.m.Date, tt.m.ID, got, tt.want)
		}
	}
	// An amended version takes its place; the old version keeps it too.
	if err := f.s.FinalizeMeeting(f.ctx, mar.ID); err != nil {
		t.Fatal(err)
	}
	amended, err := f.s.AmendMeeting(f.ctx, mar.ID, "更正参会人员")
	if err != nil {
		t.Fatal(err)
	}
	old := f.load(t, mar.ID)
	if got := ordinal(t, &amended); got != 1 {
		t.Errorf("amended version of the first meeting: %d, want 1", got)
	}
	if a, o := ordinal(t, &amended), ordinal(t, &old); a != o {
		t.Errorf("amended version %d, the version it replaced %d: want the same place", a, o)
	}
	if got := ordinal(t, &data.Meeting{Kind: data.MeetingConsult}); got != 0 {
		t.Errorf("no date: %d, want 0", got)
	}
}

// TestMeetingClone: a clone's lists, nested ones too, are its own.
func TestMeetingClone(t *testing.T) {
	m := data.Meeting{
		Title:        "议事会",
		Participants: []data.Participant{{Name: "张三"}},
		Agenda:       []data.AgendaItem{{Topic: "电梯", Speeches: []data.Speech{{Speaker: "李四"}}}},
		Resolutions:  []data.Resolution{{Text: "同意"}},
		Actions:      []data.Action{{Task: "施工", Progress: []data.ActionNote{{Text: "开工"}}}},
	}
	c := m.Clone()
	c.Title = "改"
	c.Participants[0].Name = "改"
	c.Agenda[0].Speeches[0].Speaker = "改"
	c.Resolutions[0].Text = "改"
	c.Actions[0].Progress[0].Text = "改"
	if m.Title != "议事会" || m.Participants[0].Name != "张三" || m.Agenda[0].Speeches[0].Speaker != "李四" ||
		m.Resolutions[0].Text != "同意" || m.Actions[0].Progress[0].Text != "开工" {
		t.Errorf("changing the clone changed the meeting: %+v", m)
	}
}
