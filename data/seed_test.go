package data_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// seedInsert inserts rows with Tx.InsertNew in a transaction of their own.
func seedInsert(t *testing.T, s *data.Store, rows any) {
	t.Helper()
	if err := s.Tx(context.Background(), func(tx *data.Tx) error { return tx.InsertNew(rows) }); err != nil {
		t.Fatalf("InsertNew: %v", err)
	}
}

// seedIDNumber is a valid ID number of someone born on birth (20060102).
func seedIDNumber(birth string, seq int) string {
	first17 := fmt.Sprintf("110101%s%03d", birth, seq)
	return first17 + string(data.IDCheckChar(first17))
}

func TestRegisterIsEmpty(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		plant     func(t *testing.T, s *data.Store)
		wantEmpty bool
		wantN     int64
	}{
		{"a new database", func(*testing.T, *data.Store) {}, true, 0},
		{"a household", func(t *testing.T, s *data.Store) {
			if err := s.CreateHousehold(ctx, &data.Household{Community: "幸福社区", Address: "幸福路1号", ResidenceType: data.ResidenceLocal}); err != nil {
				t.Fatal(err)
			}
		}, false, 1},
		{"a household in the recycle bin", func(t *testing.T, s *data.Store) {
			h := &data.Household{Community: "幸福社区", Address: "幸福路1号", ResidenceType: data.ResidenceLocal}
			if err := s.CreateHousehold(ctx, h); err != nil {
				t.Fatal(err)
			}
			if err := s.Delete(ctx, h); err != nil {
				t.Fatal(err)
			}
		}, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := datatest.MustOpen(t)
			tc.plant(t, s)
			var empty bool
			var n int64
			err := s.Tx(ctx, func(tx *data.Tx) error {
				var err error
				empty, n, err = tx.RegisterIsEmpty()
				return err
			})
			if err != nil || empty != tc.wantEmpty || n != tc.wantN {
				t.Errorf("RegisterIsEmpty = %v, %d, %v; want %v, %d", empty, n, err, tc.wantEmpty, tc.wantN)
			}
		})
	}
}

func TestOrganizationAndMeetingRegistersAreEmpty(t *testing.T) {
	ctx := context.Background()
	org := func(t *testing.T, s *data.Store) *data.Organization {
		o := &data.Organization{Name: "阳光社工服务中心", Type: data.OrgTypeCommunity, Status: data.OrgActive}
		if err := s.Create(ctx, o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, tc := range []struct {
		name               string
		plant              func(t *testing.T, s *data.Store)
		wantOrgs, wantMtgs bool
	}{
		{"a new database", func(*testing.T, *data.Store) {}, true, true},
		{"an organization", func(t *testing.T, s *data.Store) { org(t, s) }, false, true},
		{"an organization in the recycle bin", func(t *testing.T, s *data.Store) {
			if err := s.Delete(ctx, org(t, s)); err != nil {
				t.Fatal(err)
			}
		}, false, true},
		{"a meeting in the recycle bin", func(t *testing.T, s *data.Store) {
			m := &data.Meeting{Title: "议事会", Kind: data.MeetingConsult, Community: "幸福社区", Date: "2026-11-20"}
			if err := s.CreateMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteMeeting(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
		}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := datatest.MustOpen(t)
			tc.plant(t, s)
			if got, err := s.OrganizationRegisterIsEmpty(ctx); err != nil || got != tc.wantOrgs {
				t.Errorf("OrganizationRegisterIsEmpty = %v, %v; want %v", got, err, tc.wantOrgs)
			}
			if got, err := s.MeetingRegisterIsEmpty(ctx); err != nil || got != tc.wantMtgs {
				t.Errorf("MeetingRegisterIsEmpty = %v, %v; want %v", got, err, tc.wantMtgs)
			}
		})
	}
}

// insertNewFixture inserts 45 households (more than one statement
// carries, so they take several), the last on an estate named with a
// character outside the BMP, and two residents, the first with a tag.
func insertNewFixture(t *testing.T) (*data.Store, []data.Household) {
	t.Helper()
	s := datatest.MustOpen(t)
	hs := make([]data.Household, 45)
	for i := range hs {
		hs[i] = data.Household{Number: fmt.Sprintf("2026%06d", i+1), Community: "幸福社区", Estate: "幸福小区", Building: "3", Unit: "1",
			Room: fmt.Sprint(101 + i), Kind: data.HouseholdFamily, ResidenceType: data.ResidenceLocal}
		hs[i].Address = data.ComposeAddress(hs[i].Estate, hs[i].Building, hs[i].Unit, hs[i].Room)
	}
	hs[44].Estate, hs[44].Address = "𠮷祥家园", data.ComposeAddress("𠮷祥家园", "3", "1", "145")
	seedInsert(t, s, hs)
	for i, h := range hs {
		if h.ID == 0 || i > 0 && h.ID != hs[i-1].ID+1 {
			t.Fatalf("household %d has ID %d after %d", i, h.ID, hs[max(i-1, 0)].ID)
		}
	}
	rs := []data.Resident{
		{HouseholdID: hs[0].ID, Name: "单田芳", IDNumber: seedIDNumber("19800101", 11), Phone: "13812345678", Relation: data.RelationHead, Status: data.StatusPresent,
			Tags: []data.ResidentTag{{Tag: data.TagVeteran}}}, // not written: an association
		{HouseholdID: hs[44].ID, Name: "欧阳娜娜", IDNumber: seedIDNumber("19900101", 22), Relation: data.RelationHead, Status: data.StatusPresent},
	}
	seedInsert(t, s, rs)
	return s, hs
}

// The hooks ran: search finds the residents and the addresses.
func TestInsertNewRunsHooks(t *testing.T) {
	ctx := context.Background()
	s, hs := insertNewFixture(t)
	for _, q := range []string{"stf", "ouyang", "5678", "单田芳"} {
		page, err := s.SearchResidents(ctx, data.ResidentFilter{Query: q})
		if err != nil || len(page.Rows) != 1 {
			t.Errorf("SearchResidents(%q) = %d rows, %v; want 1", q, len(page.Rows), err)
		}
	}
	page, err := s.SearchHouseholds(ctx, data.HouseholdFilter{Query: "𠮷祥"})
	if err != nil || len(page.Rows) != 1 || page.Rows[0].ID != hs[44].ID {
		t.Errorf("SearchHouseholds(𠮷祥) = %+v, %v; want household %d", page.Rows, err, hs[44].ID)
	}
}

func TestInsertNewWritesNoAssociationsNorAuditEntries(t *testing.T) {
	s, _ := insertNewFixture(t)
	var tags int64
	if err := datatest.DB(t, s).Model(&data.ResidentTag{}).Count(&tags).Error; err != nil || tags != 0 {
		t.Errorf("%d tags stored (%v), want 0", tags, err)
	}
	es, err := s.AuditLog(context.Background(), data.AuditFilter{})
	if err != nil || len(es) != 0 {
		t.Errorf("%d audit entries (%v), want none", len(es), err)
	}
}

func TestInsertNewRefusals(t *testing.T) {
	ctx := context.Background()
	s, hs := insertNewFixture(t)
	for _, tc := range []struct {
		name string
		rows any
	}{
		{"not a slice", data.Household{Community: "幸福社区"}},
		{"not models", []int{1, 2}},
		{"a row with an ID", []data.Household{{Model: data.Model{ID: 900}, Community: "幸福社区"}}},
	} {
		err := s.Tx(ctx, func(tx *data.Tx) error { return tx.InsertNew(tc.rows) })
		if err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if n, err := s.CountHouseholds(ctx, data.HouseholdFilter{}); err != nil || n != len(hs) {
		t.Errorf("%d households (%v) after the refusals, want %d", n, err, len(hs))
	}
}

// A cancelled context stops InsertNew, and its transaction is rolled back.
func TestInsertNewCancelled(t *testing.T) {
	ctx := context.Background()
	s, hs := insertNewFixture(t)
	cctx, cancel := context.WithCancel(ctx)
	more := slices.Clone(hs)
	for i := range more {
		more[i].ID, more[i].Number = 0, fmt.Sprintf("2027%06d", i+1)
	}
	err := s.Tx(cctx, func(tx *data.Tx) error {
		cancel()
		return tx.InsertNew(more)
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want cancelled", err)
	}
	if n, err := s.CountHouseholds(ctx, data.HouseholdFilter{}); err != nil || n != len(hs) {
		t.Errorf("%d households (%v), want %d", n, err, len(hs))
	}
}

func TestSetHeadsOfNewHouseholds(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	hs := make([]data.Household, 4)
	for i := range hs {
		hs[i] = data.Household{Number: fmt.Sprintf("2026%06d", i+1), Community: "幸福社区", Address: fmt.Sprintf("幸福路%d号", i+1), ResidenceType: data.ResidenceLocal}
	}
	seedInsert(t, s, hs)
	member := func(h int, name, relation string) data.Resident {
		return data.Resident{HouseholdID: hs[h].ID, Name: name, Relation: relation, Status: data.StatusPresent}
	}
	rs := []data.Resident{
		// Before the range: left alone.
		member(0, "赵一", data.RelationHead),
		member(1, "钱子", "子"), member(1, "钱二", data.RelationHead), member(1, "钱三", data.RelationHead),
		// No 户主: stays without a head.
		member(2, "孙子", "子"),
		// 李五 is head already.
		member(3, "李四", data.RelationHead), member(3, "李五", data.RelationHead),
	}
	seedInsert(t, s, rs)
	if err := datatest.DB(t, s).Model(&data.Household{}).Where("id = ?", hs[3].ID).Update("head_id", rs[6].ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(tx *data.Tx) error { return tx.SetHeadsOfNewHouseholds(hs[1].ID, hs[3].ID) }); err != nil {
		t.Fatal(err)
	}
	for i, want := range []*int64{nil, &rs[2].ID, nil, &rs[6].ID} {
		h, err := s.Household(ctx, hs[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if (h.HeadID == nil) != (want == nil) || want != nil && *h.HeadID != *want {
			t.Errorf("household %d: head %v, want %v", i, h.HeadID, want)
		}
	}
}

func TestCommunityAdults(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t) // today is 2026-11-25
	hs := []data.Household{
		{Number: "2026000001", Community: "幸福社区", Address: "幸福路1号", ResidenceType: data.ResidenceLocal},
		{Number: "2026000002", Community: "和平社区", Address: "和平路1号", ResidenceType: data.ResidenceLocal},
		{Number: "2026000003", Community: "幸福社区", Address: "幸福路3号", ResidenceType: data.ResidenceLocal}, // in the recycle bin
	}
	seedInsert(t, s, hs)
	person := func(h int, name, birth, status string) data.Resident {
		return data.Resident{HouseholdID: hs[h].ID, Name: name, BirthDate: birth, Status: status}
	}
	rs := []data.Resident{
		person(0, "甲", "1960-03-01", data.StatusPresent),
		person(0, "乙", "2015-03-01", data.StatusPresent),  // a child
		person(0, "丙", "2001-11-25", data.StatusAway),     // 25 today
		person(0, "丁", "2001-11-26", data.StatusPresent),  // 25 tomorrow
		person(0, "戊", "1970-01-01", data.StatusMovedOut), // history
		person(0, "己", "1970-01-01", data.StatusDeceased), // history
		person(1, "庚", "1970-01-01", data.StatusPresent),  // another community
		person(2, "辛", "1970-01-01", data.StatusPresent),  // a deleted household
		person(0, "壬", "1950-06-01", data.StatusPresent),
	}
	seedInsert(t, s, rs)
	if err := datatest.DB(t, s).Model(&data.Household{}).Where("id = ?", hs[2].ID).Update("deleted_at", datatest.Epoch()).Error; err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		community     string
		minAge, limit int
		want          []string
	}{
		{"幸福社区", 25, 60, []string{"甲", "丙", "壬"}},
		{"幸福社区", 25, 2, []string{"甲", "丙"}},
		{"幸福社区", 60, 60, []string{"甲", "壬"}},
		{"和平社区", 25, 60, []string{"庚"}},
		{"光明社区", 25, 60, nil},
	} {
		got, err := s.CommunityAdults(ctx, tc.community, tc.minAge, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range got {
			names = append(names, r.Name)
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("CommunityAdults(%s, %d, %d) = %v, want %v", tc.community, tc.minAge, tc.limit, names, tc.want)
		}
	}
}

// marks are who finalized and published m, and when.
func marks(m data.Meeting) string {
	at := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%s %s %s %s", m.FinalizedBy, at(m.FinalizedAt), m.PublishedBy, at(m.PublishedAt))
}

// checkMarks checks that m was finalized by by at finalized and, when
// published is not nil, published by by then; else not published.
func checkMarks(t *testing.T, m data.Meeting, by string, finalized time.Time, published *time.Time) {
	t.Helper()
	if m.FinalizedAt == nil || !m.FinalizedAt.Equal(finalized) || m.FinalizedBy != by {
		t.Errorf("finalized by %q at %v, want %s at %v", m.FinalizedBy, m.FinalizedAt, by, finalized)
	}
	switch {
	case published == nil && m.PublishedAt != nil:
		t.Errorf("published at %v", m.PublishedAt)
	case published != nil && (m.PublishedAt == nil || !m.PublishedAt.Equal(*published) || m.PublishedBy != by):
		t.Errorf("published by %q at %v, want %s at %v", m.PublishedBy, m.PublishedAt, by, published)
	}
}

func TestBackdateMeetingSignOff(t *testing.T) {
	f := newMtgFixture(t)
	draft := f.create(t, f.meeting("2026-11-02"))
	final := f.create(t, f.meeting("2026-11-03"))
	published := f.create(t, f.meeting("2026-11-04"))
	for _, id := range []int64{final.ID, published.ID} {
		if err := f.s.FinalizeMeeting(f.ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.s.PublishMeeting(f.ctx, published.ID); err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ptr := func(v time.Time) *time.Time { return &v }
	for _, tc := range []struct {
		name      string
		id        int64
		finalized time.Time
		published *time.Time
		refused   bool
	}{
		{"finalized minutes", final.ID, at("2026-11-04 17:30:00"), nil, false},
		{"published minutes", published.ID, at("2026-11-05 17:30:00"), ptr(at("2026-11-06 09:30:00")), false},
		{"a draft", draft.ID, at("2026-11-03 17:30:00"), nil, true},
		{"publication of minutes not published", final.ID, at("2026-11-04 17:30:00"), ptr(at("2026-11-05 09:30:00")), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.load(t, tc.id)
			entries := audits(t, f.s, "meetings", tc.id)
			err := f.s.BackdateMeetingSignOff(f.ctx, tc.id, "钱明", tc.finalized, tc.published)
			after := f.load(t, tc.id)
			if audits(t, f.s, "meetings", tc.id) != entries || !after.UpdatedAt.Equal(before.UpdatedAt) || after.Status != before.Status {
				t.Errorf("not only the marks changed: %+v → %+v", before, after)
			}
			if tc.refused {
				if !errors.Is(err, data.ErrNotFound) {
					t.Errorf("err = %v, want not found", err)
				}
				if marks(after) != marks(before) {
					t.Errorf("a refused call changed the marks: %+v", after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkMarks(t, after, "钱明", tc.finalized, tc.published)
		})
	}
}
