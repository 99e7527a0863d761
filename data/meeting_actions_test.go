package data_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// at sets the store's clock to the day d (YYYY-MM-DD), 10:00 in China.
func at(s *data.Store, d string) {
	t, err := time.ParseInLocation(time.DateOnly, d, datatest.Epoch().Location())
	if err != nil {
		panic(err)
	}
	s.Now = func() time.Time { return t.Add(10 * time.Hour) }
}

func TestActionFollowUp(t *testing.T) {
	f := newMtgFixture(t)
	m := f.create(t, f.meeting("2026-11-20"))
	design, ask := m.Actions[0].ID, m.Actions[1].ID // deadlines 12-15 and 12-01

	states := func(t *testing.T, today string) map[int64]string {
		t.Helper()
		at(f.s, today)
		page, err := f.s.ListActions(f.ctx, data.ActionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]string{}
		for _, r := range page.Rows {
			out[r.ID] = r.State
		}
		return out
	}
	if s := states(t, "2026-11-25"); s[design] != data.ActionNotStarted || s[ask] != data.ActionNotStarted {
		t.Fatalf("states on 11-25: %v", s)
	}
	if s := states(t, "2026-12-02"); s[ask] != data.ActionOverdue || s[design] != data.ActionNotStarted {
		t.Fatalf("states on 12-02: %v", s)
	}
	c, err := f.s.MeetingCounts(f.ctx, 0)
	if err != nil || c.Year != 2026 || c.Meetings != 1 || c.Drafts != 1 || c.OpenActions != 2 || c.OverdueActions != 1 {
		t.Fatalf("MeetingCounts = %+v, %v", c, err)
	}

	t.Run("notes", func(t *testing.T) {
		at(f.s, "2026-12-02")
		if err := f.s.AddActionNote(f.ctx, design, &data.ActionNote{Text: "  "}); keyOf(err) != data.KeyActionNoteEmpty {
			t.Fatalf("empty note = %v", err)
		}
		if err := f.s.AddActionNote(f.ctx, design, &data.ActionNote{Text: "x", Date: "2026-12-03"}); keyOf(err) != data.KeyActionNoteFuture {
			t.Fatalf("future note = %v", err)
		}
		if err := f.s.AddActionNote(f.ctx, design, &data.ActionNote{Text: "已联系设计院", Date: "2026-11-28"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.AddActionNote(f.ctx, design, &data.ActionNote{Text: "设计院已现场勘察"}); err != nil {
			t.Fatal(err)
		}
		got := f.load(t, m.ID).Actions[0]
		if got.Status != data.ActionInProgress || len(got.Progress) != 2 || got.Progress[1].Date != "2026-12-02" || got.Progress[0].Operator != "李四" {
			t.Fatalf("after notes: %+v", got)
		}
	})

	t.Run("complete", func(t *testing.T) {
		at(f.s, "2026-12-05")
		if err := f.s.UpdateActionStatus(f.ctx, ask, data.ActionOverdue, ""); keyOf(err) != data.KeyActionStatus {
			t.Fatalf("set overdue = %v", err)
		}
		if err := f.s.UpdateActionStatus(f.ctx, ask, data.ActionDone, "2026-12-06"); keyOf(err) != data.KeyActionCompletedFuture {
			t.Fatalf("complete tomorrow = %v", err)
		}
		if err := f.s.UpdateActionStatus(f.ctx, ask, data.ActionDone, "2026-11-01"); keyOf(err) != data.KeyActionCompletedBefore {
			t.Fatalf("complete before the meeting = %v", err)
		}
		if err := f.s.UpdateActionStatus(f.ctx, ask, data.ActionDone, ""); err != nil {
			t.Fatal(err)
		}
		got := f.load(t, m.ID).Actions[1]
		if got.Status != data.ActionDone || got.CompletedDate != "2026-12-05" || got.State("2026-12-31") != data.ActionDone {
			t.Fatalf("completed: %+v", got)
		}
		if n := audits(t, f.s, "meeting_actions", ask); n != 1 {
			t.Errorf("%d audit entries", n)
		}
		// Reopening clears the date.
		if err := f.s.UpdateActionStatus(f.ctx, ask, data.ActionInProgress, "2026-12-01"); err != nil {
			t.Fatal(err)
		}
		if got := f.load(t, m.ID).Actions[1]; got.CompletedDate != "" {
			t.Errorf("reopened keeps %s", got.CompletedDate)
		}
		if err := f.s.UpdateActionStatus(f.ctx, ask, data.ActionDone, "2026-12-04"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("filters", func(t *testing.T) {
		at(f.s, "2026-12-20")
		for _, tc := range []struct {
			name string
			f    data.ActionFilter
			want []int64
		}{
			{"all", data.ActionFilter{}, []int64{ask, design}},
			{"overdue", data.ActionFilter{Overdue: true}, []int64{design}},
			{"status overdue", data.ActionFilter{Status: data.ActionOverdue}, []int64{design}},
			{"in progress leaves out overdue", data.ActionFilter{Status: data.ActionInProgress}, nil},
			{"done", data.ActionFilter{Status: data.ActionDone}, []int64{ask}},
			{"owner", data.ActionFilter{Owner: "物业"}, []int64{design}},
			{"meeting", data.ActionFilter{MeetingID: m.ID}, []int64{ask, design}},
			{"other meeting", data.ActionFilter{MeetingID: m.ID + 100}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				page, err := f.s.ListActions(f.ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, r := range page.Rows {
					got = append(got, r.ID)
				}
				if fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}
	})

	t.Run("carry", func(t *testing.T) {
		at(f.s, "2026-12-20")
		if err := f.s.FinalizeMeeting(f.ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		earlier := f.meeting("2026-11-01")
		earlier.Actions = nil
		earlier = f.create(t, earlier)
		if _, err := f.s.CarryAction(f.ctx, design, earlier.ID); keyOf(err) != data.KeyMeetingCarryTarget {
			t.Fatalf("carry into an earlier meeting = %v", err)
		}
		next := f.meeting("2027-01-10")
		next.Title, next.Actions, next.Resolutions = "3号楼加装电梯第二次议事会", nil, nil
		next = f.create(t, next)
		cont, err := f.s.CarryAction(f.ctx, design, next.ID)
		if err != nil {
			t.Fatalf("CarryAction: %v", err)
		}
		if _, err := f.s.CarryAction(f.ctx, design, next.ID); keyOf(err) != data.KeyActionCarried {
			t.Fatalf("carry twice = %v", err)
		}
		if err := f.s.AddActionNote(f.ctx, design, &data.ActionNote{Text: "x"}); keyOf(err) != data.KeyActionCarried {
			t.Fatalf("note on the carried = %v", err)
		}
		got := f.load(t, next.ID)
		if len(got.Actions) != 1 || got.Actions[0].ID != cont.ID || *got.Actions[0].CarriedFromID != design ||
			got.Actions[0].Status != data.ActionInProgress || got.Actions[0].Deadline != "2026-12-15" {
			t.Fatalf("continuation %+v", got.Actions)
		}
		item := got.Agenda[len(got.Agenda)-1]
		if item.CarriedActionID == nil || *item.CarriedActionID != cont.ID || !strings.Contains(item.Topic, "联系设计单位") ||
			!strings.Contains(item.Background, "设计院已现场勘察") || !strings.Contains(item.Background, "已逾期") {
			t.Fatalf("agenda item %+v", item)
		}
		old := f.load(t, m.ID).Actions[0]
		if old.CarriedToID == nil || *old.CarriedToID != cont.ID || len(old.Progress) != 2 {
			t.Fatalf("earlier action %+v", old)
		}
		chain, err := f.s.ActionChain(f.ctx, cont.ID)
		if err != nil || len(chain) != 2 || chain[0].ID != design || chain[1].ID != cont.ID || len(chain[0].Progress) != 2 {
			t.Fatalf("ActionChain = %v, %v", chain, err)
		}
		// The board lists the continuation only, unless asked.
		page, _ := f.s.ListActions(f.ctx, data.ActionFilter{Overdue: true})
		if len(page.Rows) != 1 || page.Rows[0].ID != cont.ID || page.Rows[0].MeetingDate != "2027-01-10" {
			t.Fatalf("overdue board %+v", page.Rows)
		}
		if page, _ := f.s.ListActions(f.ctx, data.ActionFilter{Overdue: true, IncludeCarried: true}); len(page.Rows) != 2 {
			t.Errorf("with carried: %d", len(page.Rows))
		}
		if c, _ := f.s.MeetingCounts(f.ctx, 2026); c.OverdueActions != 1 || c.Meetings != 2 {
			t.Errorf("counts %+v", c)
		}
		// Removing the continuation from the draft reopens the original.
		edit := f.load(t, next.ID)
		edit.Actions = nil
		if err := f.s.UpdateMeeting(f.ctx, &edit); err != nil {
			t.Fatal(err)
		}
		if old := f.load(t, m.ID).Actions[0]; old.CarriedToID != nil {
			t.Errorf("original still carried")
		}
		if got := f.load(t, next.ID); got.Agenda[len(got.Agenda)-1].CarriedActionID != nil {
			t.Errorf("agenda item still points at the removed action")
		}
	})
}

func TestActionPaging(t *testing.T) {
	f := newMtgFixture(t)
	m := f.meeting("2026-11-20")
	m.Resolutions, m.Actions = nil, nil
	for i := range 23 {
		a := data.Action{Task: fmt.Sprintf("任务%d", i), Owner: "居委会"}
		if i%4 != 0 {
			a.Deadline = fmt.Sprintf("2026-12-%02d", 1+i%7)
		}
		m.Actions = append(m.Actions, a)
	}
	f.create(t, m)
	var seen []string
	after := ""
	for pages := 0; ; pages++ {
		page, err := f.s.ListActions(f.ctx, data.ActionFilter{Limit: 5, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			d := r.Deadline
			if d == "" {
				d = "~"
			}
			seen = append(seen, fmt.Sprintf("%s/%08d", d, r.ID))
		}
		if page.Next == "" {
			break
		}
		after = page.Next
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	if len(seen) != 23 {
		t.Fatalf("%d actions over the pages", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Fatalf("order broken at %d: %s after %s", i, seen[i], seen[i-1])
		}
	}
}

func TestResolutionToAgreement(t *testing.T) {
	f := newMtgFixture(t)
	m := f.create(t, f.meeting("2026-11-20"))
	passed, failed := m.Resolutions[0].ID, m.Resolutions[1].ID
	if _, err := f.s.ResolutionToAgreement(f.ctx, passed, f.org.ID); keyOf(err) != data.KeyResolutionNotFinal {
		t.Fatalf("from a draft = %v", err)
	}
	if err := f.s.FinalizeMeeting(f.ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.ResolutionToAgreement(f.ctx, failed, f.org.ID); keyOf(err) != data.KeyResolutionNotPassed {
		t.Fatalf("from a failed resolution = %v", err)
	}
	if _, err := f.s.ResolutionToAgreement(f.ctx, passed, 9999); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("unknown organization = %v", err)
	}
	a, err := f.s.ResolutionToAgreement(f.ctx, passed, f.org.ID)
	if err != nil {
		t.Fatalf("ResolutionToAgreement: %v", err)
	}
	stored, err := f.s.Agreement(f.ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Kind != data.AgreementProject || stored.Status != data.AgreementDraft || stored.OrganizationID != f.org.ID ||
		!strings.HasPrefix(stored.Number, "〔2026〕") || stored.Purpose != m.Resolutions[0].Text ||
		!strings.Contains(stored.ProjectName, "加装电梯") || stored.Articles == "" {
		t.Fatalf("agreement %+v", stored)
	}
	r, err := f.s.ResolutionForAgreement(f.ctx, a.ID)
	if err != nil || r.ID != passed {
		t.Fatalf("ResolutionForAgreement = %v, %v", r.ID, err)
	}
	if got := f.load(t, m.ID).Resolutions[0]; got.AgreementID == nil || *got.AgreementID != a.ID {
		t.Errorf("resolution not linked")
	}
	if _, err := f.s.ResolutionToAgreement(f.ctx, passed, f.org.ID); keyOf(err) != data.KeyResolutionAgreement {
		t.Fatalf("twice = %v", err)
	}
	if _, err := f.s.ResolutionForAgreement(f.ctx, a.ID+100); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("unlinked agreement = %v", err)
	}
	// An amended version carries the link; the lookup finds the newest.
	v2, err := f.s.AmendMeeting(f.ctx, m.ID, "补充参会单位")
	if err != nil {
		t.Fatal(err)
	}
	if r, err := f.s.ResolutionForAgreement(f.ctx, a.ID); err != nil || r.MeetingID != v2.ID {
		t.Fatalf("after amending: %+v, %v", r, err)
	}
	// The draft cannot drop a resolution that has an agreement.
	v2.Resolutions = v2.Resolutions[1:]
	if err := f.s.UpdateMeeting(f.ctx, &v2); keyOf(err) != data.KeyResolutionAgreement {
		t.Fatalf("drop the resolution = %v", err)
	}
}
