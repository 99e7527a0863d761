package data_test

import (
	"errors"
	"slices"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestMeetingScope: a community worker reads their community's meetings
// and the street's, writes only their community's; a grid worker reads
// the meetings of their grids' community and the street's; neither sees
// another community's, whose IDs answer as not found.
func TestMeetingScope(t *testing.T) {
	f := newMtgFixture(t)
	mk := func(community string) *data.Meeting {
		m := f.meeting("2026-11-20")
		m.Community = community
		return f.create(t, m)
	}
	own, other, street := mk("幸福社区"), mk("和平社区"), mk("")
	sq := datatest.As(t, f.s, "sq-xf", []string{data.RoleCommunity}, []string{"幸福社区"}, nil)
	wg := datatest.As(t, f.s, "wg-xf1", []string{data.RoleGrid}, nil, []string{"幸福社区/一网格"})
	wgOther := datatest.As(t, f.s, "wg-hp1", []string{data.RoleGrid}, nil, []string{"和平社区/一网格"})

	listed := func(s *data.Store) []int64 {
		t.Helper()
		page, err := s.ListMeetings(f.ctx, data.MeetingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range page.Rows {
			ids = append(ids, r.ID)
		}
		slices.Sort(ids)
		return ids
	}
	for name, c := range map[string]struct {
		s    *data.Store
		want []int64
	}{
		"community": {sq, []int64{own.ID, street.ID}},
		"grid":      {wg, []int64{own.ID, street.ID}},
		"other":     {wgOther, []int64{other.ID, street.ID}},
		"street":    {f.s, []int64{own.ID, other.ID, street.ID}},
	} {
		if got := listed(c.s); !slices.Equal(got, c.want) {
			t.Errorf("%s lists %v, want %v", name, got, c.want)
		}
		if counts, err := c.s.MeetingCounts(f.ctx, 2026); err != nil || counts.Meetings != len(c.want) || counts.OpenActions != 2*len(c.want) {
			t.Errorf("%s counts %+v (%v), want %d meetings and %d open actions", name, counts, err, len(c.want), 2*len(c.want))
		}
		acts, err := c.s.ListActions(f.ctx, data.ActionFilter{})
		if err != nil || len(acts.Rows) != 2*len(c.want) {
			t.Errorf("%s lists %d actions (%v), want %d", name, len(acts.Rows), err, 2*len(c.want))
		}
	}

	// Reading another community's meeting, its versions, its actions.
	if _, err := sq.Meeting(f.ctx, other.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker reads another community's meeting: %v", err)
	}
	if _, err := wg.MeetingVersions(f.ctx, other.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("grid worker reads another community's versions: %v", err)
	}
	if _, err := sq.ActionChain(f.ctx, other.Actions[0].ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker reads another community's action: %v", err)
	}
	if _, err := sq.Meeting(f.ctx, street.ID); err != nil {
		t.Errorf("community worker cannot read the street's meeting: %v", err)
	}

	// Writing.
	m := f.meeting("2026-11-21")
	m.Community = "和平社区"
	if err := sq.CreateMeeting(f.ctx, m); keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker creates a meeting of another community: %v", err)
	}
	m = f.meeting("2026-11-21")
	if err := sq.CreateMeeting(f.ctx, m); err != nil {
		t.Errorf("community worker cannot create their community's meeting: %v", err)
	}
	upd := f.load(t, own.ID)
	upd.Community = "和平社区"
	if err := sq.UpdateMeeting(f.ctx, &upd); keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker moves a meeting out of their community: %v", err)
	}
	upd = f.load(t, other.ID)
	upd.Title = "改"
	if err := sq.UpdateMeeting(f.ctx, &upd); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker updates another community's meeting: %v", err)
	}
	upd = f.load(t, street.ID)
	upd.Title = "改"
	if err := sq.UpdateMeeting(f.ctx, &upd); keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker updates the street's meeting: %v", err)
	}
	if err := sq.DeleteMeeting(f.ctx, other.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker deletes another community's meeting: %v", err)
	}
	if err := sq.FinalizeMeeting(f.ctx, other.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker finalizes another community's meeting: %v", err)
	}
	if err := sq.UpdateActionStatus(f.ctx, other.Actions[0].ID, data.ActionInProgress, ""); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker updates another community's action: %v", err)
	}
	if err := sq.AddActionNote(f.ctx, other.Actions[0].ID, &data.ActionNote{Text: "进展"}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker notes another community's action: %v", err)
	}
	if err := sq.UpdateActionStatus(f.ctx, own.Actions[0].ID, data.ActionInProgress, ""); err != nil {
		t.Errorf("community worker cannot update their community's action: %v", err)
	}
	if err := wg.UpdateActionStatus(f.ctx, own.Actions[0].ID, data.ActionDone, ""); !errors.Is(err, data.ErrPermission) {
		t.Errorf("grid worker writes an action: %v", err)
	}
	if got := f.load(t, other.ID); got.Title == "改" || got.Status != data.MeetingDraft {
		t.Errorf("another community's meeting changed: %+v", got)
	}
}
