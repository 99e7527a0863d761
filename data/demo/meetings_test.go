package demo

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// loadMeetings loads every meeting Generate wrote (all versions) with its
// children; not the record holding the visits' referrals, which is no
// meeting (data.MeetingKindVisits).
func loadMeetings(t testing.TB, s *data.Store) []data.Meeting {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	if err := datatest.DB(t, s).Model(&data.Meeting{}).Where("kind <> ?", data.MeetingKindVisits).Order("id").Pluck("id", &ids).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]data.Meeting, len(ids))
	for i, id := range ids {
		m, err := s.Meeting(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = m
	}
	return out
}

func TestGenerateMeetings(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	sum := generate(t, s, 60, 3)
	ms := loadMeetings(t, s)
	if sum.Meetings == 0 || sum.Meetings != len(ms) {
		t.Fatalf("summary says %d meetings, stored %d", sum.Meetings, len(ms))
	}
	today := datatest.Epoch().Format("2006-01-02")
	tally := meetingTally{statuses: map[string]int{}, states: map[string]int{}}
	for i := range ms {
		m := &ms[i]
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Title, err)
		}
		checkSignOff(t, m, today)
		tally.add(m, today)
	}
	tally.check(t)
	c, err := s.MeetingCounts(ctx, 0)
	if err != nil || c.Meetings == 0 || c.OverdueActions == 0 {
		t.Errorf("MeetingCounts = %+v, %v", c, err)
	}
	page, err := s.ListMeetings(ctx, data.MeetingFilter{Query: "加装"})
	if err != nil || len(page.Rows) == 0 {
		t.Errorf("search 加装: %v, %v", page.Rows, err)
	}
	var a data.Agreement
	if err := datatest.DB(t, s).Where("kind = ?", data.AgreementProject).Order("id DESC").First(&a).Error; err != nil {
		t.Fatal(err)
	}
	if r, err := s.ResolutionForAgreement(ctx, a.ID); err != nil || !strings.Contains(a.Notes, "决议") {
		t.Errorf("agreement %s from resolution %d: %v", a.Number, r.ID, err)
	}

	// Running again adds none.
	if n, _, err := generateMeetings(ctx, s, 3, true); err != nil || n != 0 {
		t.Errorf("second run wrote %d: %v", n, err)
	}
}

// checkSignOff: minutes are signed off by the recorder after the meeting,
// published after that, all before today.
func checkSignOff(t *testing.T, m *data.Meeting, today string) {
	t.Helper()
	if m.Status != data.MeetingDraft {
		if m.FinalizedBy != m.Recorder || m.FinalizedAt == nil || m.FinalizedAt.Format("2006-01-02") <= m.Date || m.FinalizedAt.Format("2006-01-02") >= today {
			t.Errorf("%s (%s): finalized by %q at %v", m.Title, m.Date, m.FinalizedBy, m.FinalizedAt)
		}
	}
	if m.Status == data.MeetingPublished {
		if m.PublishedBy != m.Recorder || m.PublishedAt == nil || m.FinalizedAt == nil || !m.PublishedAt.After(*m.FinalizedAt) || m.PublishedAt.Format("2006-01-02") >= today {
			t.Errorf("%s (%s): published by %q at %v", m.Title, m.Date, m.PublishedBy, m.PublishedAt)
		}
	}
}

// meetingTally counts what the generated meetings show.
type meetingTally struct {
	statuses map[string]int // of the latest versions
	states   map[string]int // of their actions not carried on
	passed, failed, noQuorum, linkedResidents, linkedOrgs,
	amended, carried, withAgreement int
}

func (c *meetingTally) add(m *data.Meeting, today string) {
	if m.SupersededByID == nil {
		c.statuses[m.Status]++
	}
	if m.PreviousID != nil {
		c.amended++
	}
	if !m.HasQuorum() && len(m.Resolutions) > 0 {
		c.noQuorum++
	}
	for _, p := range m.Participants {
		if p.ResidentID != nil {
			c.linkedResidents++
		}
		if p.OrganizationID != nil {
			c.linkedOrgs++
		}
	}
	for _, r := range m.Resolutions {
		if r.Outcome(m).Passed {
			c.passed++
		} else {
			c.failed++
		}
		if r.AgreementID != nil && m.SupersededByID == nil {
			c.withAgreement++
		}
	}
	for _, a := range m.Actions {
		if a.CarriedFromID != nil {
			c.carried++
		}
		if m.SupersededByID == nil && !a.Carried() {
			c.states[a.State(today)]++
		}
	}
}

// check: every status and action state, votes passed and failed, one
// meeting without quorum, one amended, one action carried, one agreement,
// participants linked to residents and organizations.
func (c meetingTally) check(t *testing.T) {
	t.Helper()
	for _, st := range data.MeetingStatuses {
		if c.statuses[st] == 0 {
			t.Errorf("no meeting %s: %v", st, c.statuses)
		}
	}
	for _, st := range data.ActionStates {
		if c.states[st] == 0 {
			t.Errorf("no action %s: %v", st, c.states)
		}
	}
	if c.passed == 0 || c.failed == 0 || c.noQuorum != 1 || c.amended != 1 || c.carried != 1 || c.withAgreement != 1 || c.linkedResidents == 0 || c.linkedOrgs == 0 {
		t.Errorf("passed %d, failed %d, without quorum %d, amended %d, carried %d, agreements %d, linked residents %d, organizations %d",
			c.passed, c.failed, c.noQuorum, c.amended, c.carried, c.withAgreement, c.linkedResidents, c.linkedOrgs)
	}
}

func TestGenerateMeetingsDeterministic(t *testing.T) {
	fingerprint := func(seed int64) string {
		s := datatest.MustOpen(t)
		generate(t, s, 25, seed)
		var b strings.Builder
		for _, m := range loadMeetings(t, s) {
			fmt.Fprintf(&b, "%s %s %s %s v%d %s\n", m.Date, m.StartTime, m.Title, m.Status, m.Version, m.Host)
			for _, p := range m.Participants {
				fmt.Fprintf(&b, " %s/%s/%s", p.Name, p.Category, p.Attendance)
			}
			for _, r := range m.Resolutions {
				fmt.Fprintf(&b, " [%d %d %d %d]", r.For, r.Against, r.Abstain, r.NotVoting)
			}
			for _, a := range m.Actions {
				fmt.Fprintf(&b, " {%s %s %s}", a.Deadline, a.Status, a.CompletedDate)
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	a, b := fingerprint(8), fingerprint(8)
	if a != b {
		t.Errorf("same seed, different meetings:\n%s\n---\n%s", a, b)
	}
	if a == fingerprint(9) {
		t.Error("seeds 8 and 9 give the same meetings")
	}
}

func TestGenerateMeetingsSmallRegister(t *testing.T) {
	s := datatest.MustOpen(t)
	sum := generate(t, s, 3, 1)
	if sum.Meetings == 0 {
		t.Fatal("no meetings")
	}
	for _, m := range loadMeetings(t, s) {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Title, err)
		}
	}
}
