package data_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"jiedao/data"
)

// attendees makes a meeting with present, absent (缺席), leave (请假) and
// observer (列席) participants.
func attendees(present, absent, leave, observers int) *data.Meeting {
	m := &data.Meeting{Title: "加装电梯协商议事会", Kind: data.MeetingConsult, Date: "2026-11-20"}
	add := func(n int, att, cat string) {
		for range n {
			m.Participants = append(m.Participants, data.Participant{
				Name: fmt.Sprintf("居民%c", '甲'+rune(len(m.Participants))), Category: cat, Attendance: att,
			})
		}
	}
	add(present, data.AttendPresent, data.CategoryResidentRep)
	add(absent, data.AttendAbsent, data.CategoryResidentRep)
	add(leave, data.AttendLeave, data.CategoryResidentRep)
	add(observers, data.AttendObserver, data.CategoryObserver)
	return m
}

func TestResolutionOutcome(t *testing.T) {
	tests := []struct {
		name                             string
		present, absent, invited, obs    int
		quorum                           int
		rule                             string
		forV, against, abstain, eligible int
		passed, hasQuorum                bool
		needed                           int
	}{
		{name: "majority passes", present: 9, absent: 1, rule: data.RuleMajority, forV: 5, against: 4, passed: true, hasQuorum: true, needed: 5},
		{name: "tie fails", present: 8, absent: 2, forV: 4, against: 4, passed: false, hasQuorum: true, needed: 5},
		{name: "abstentions count against the majority of those present", present: 9, forV: 4, against: 1, abstain: 4, passed: false, hasQuorum: true, needed: 5},
		{name: "abstentions with enough for", present: 9, forV: 5, abstain: 4, passed: true, hasQuorum: true, needed: 5},
		{name: "two thirds exactly", present: 9, rule: data.RuleTwoThirds, forV: 6, against: 3, passed: true, hasQuorum: true, needed: 6},
		{name: "two thirds one short", present: 9, rule: data.RuleTwoThirds, forV: 5, against: 4, passed: false, hasQuorum: true, needed: 6},
		{name: "two thirds of ten needs seven", present: 10, rule: data.RuleTwoThirds, forV: 7, against: 3, passed: true, hasQuorum: true, needed: 7},
		{name: "two thirds of ten, six fail", present: 10, rule: data.RuleTwoThirds, forV: 6, against: 4, passed: false, hasQuorum: true, needed: 7},
		{name: "no quorum: half is not more than half", present: 5, absent: 5, forV: 5, passed: false, hasQuorum: false, needed: 3},
		{name: "quorum with one more", present: 6, absent: 4, forV: 4, passed: true, hasQuorum: true, needed: 4},
		{name: "invited base larger than the list", present: 6, invited: 15, forV: 6, passed: false, hasQuorum: false, needed: 4},
		{name: "quorum percent two thirds", present: 6, absent: 3, quorum: 66, forV: 6, passed: true, hasQuorum: true, needed: 4},
		{name: "quorum percent two thirds missed", present: 6, absent: 4, quorum: 66, forV: 6, passed: false, hasQuorum: false, needed: 4},
		{name: "observers neither count nor vote", present: 5, absent: 4, obs: 10, forV: 3, against: 2, passed: true, hasQuorum: true, needed: 3},
		{name: "lower eligible", present: 9, eligible: 7, forV: 4, against: 3, passed: true, hasQuorum: true, needed: 4},
		{name: "not voting counts against", present: 9, forV: 4, passed: false, hasQuorum: true, needed: 5},
		{name: "nobody present", absent: 5, passed: false, hasQuorum: false, needed: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := attendees(tc.present, tc.absent, 0, tc.obs)
			m.Invited, m.QuorumPercent = tc.invited, tc.quorum
			r := data.Resolution{Text: "同意", Rule: tc.rule, For: tc.forV, Against: tc.against, Abstain: tc.abstain, Eligible: tc.eligible}
			if err := r.CheckVotes(m); err != nil {
				t.Fatalf("CheckVotes: %v", err)
			}
			o := r.Outcome(m)
			if o.Passed != tc.passed || o.Quorum != tc.hasQuorum || o.NoQuorum == tc.hasQuorum || o.Needed != tc.needed {
				t.Errorf("outcome %+v; want passed %v, quorum %v, needed %d", o, tc.passed, tc.hasQuorum, tc.needed)
			}
			if o.Present != tc.present {
				t.Errorf("present %d, want %d", o.Present, tc.present)
			}
		})
	}
}

func TestResolutionVotesRefused(t *testing.T) {
	tests := []struct {
		name     string
		r        data.Resolution
		key      string
		inText   []string
		present  int
		observer int
	}{
		{name: "votes exceed those present", present: 7, r: data.Resolution{For: 5, Against: 2, Abstain: 1}, key: data.KeyResolutionVotes, inText: []string{"8", "7"}},
		{name: "not voting counted", present: 7, r: data.Resolution{For: 5, Against: 2, NotVoting: 1}, key: data.KeyResolutionVotes, inText: []string{"8", "7"}},
		{name: "observers cannot vote", present: 3, observer: 5, r: data.Resolution{For: 4}, key: data.KeyResolutionVotes, inText: []string{"4", "3"}},
		{name: "votes exceed the lowered eligible", present: 9, r: data.Resolution{For: 6, Against: 2, Eligible: 7}, key: data.KeyResolutionVotes, inText: []string{"8", "7"}},
		{name: "eligible above present", present: 5, r: data.Resolution{For: 3, Eligible: 6}, key: data.KeyResolutionEligible, inText: []string{"6", "5"}},
		{name: "negative", present: 5, r: data.Resolution{For: -1}, key: data.KeyResolutionNegative},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := attendees(tc.present, 2, 0, tc.observer)
			tc.r.Text, tc.r.Seq = "同意方案", 1
			m.Resolutions = []data.Resolution{tc.r}
			err := m.Validate()
			var e *data.Error
			if !errors.As(err, &e) || e.Key != tc.key || !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("Validate = %v, want %s", err, tc.key)
			}
			msg := data.Render(e.Key, "zh", e.Args)
			for _, s := range tc.inText {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q does not name %s", msg, s)
				}
			}
			if en := data.Render(e.Key, "en", e.Args); strings.Contains(en, "<no value>") || en == e.Key {
				t.Errorf("English message %q", en)
			}
		})
	}
}

func TestMeetingValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(m *data.Meeting)
		field  string
		key    string
		verify func(t *testing.T, m *data.Meeting)
	}{
		{name: "valid with defaults", edit: func(m *data.Meeting) {}, verify: func(t *testing.T, m *data.Meeting) {
			if m.Status != data.MeetingDraft || m.Version != 1 || m.QuorumPercent != 50 || m.Participants[0].Seq != 1 || m.Participants[2].Seq != 3 {
				t.Errorf("defaults: %+v", m)
			}
		}},
		{name: "title required", edit: func(m *data.Meeting) { m.Title = "  " }, field: "title", key: data.KeyInvalidRequired},
		{name: "kind from the list", edit: func(m *data.Meeting) { m.Kind = "茶话会" }, field: "kind", key: data.KeyInvalidChoice},
		{name: "date required", edit: func(m *data.Meeting) { m.Date = "" }, field: "date", key: data.KeyInvalidDate + "|" + data.KeyInvalidRequired},
		{name: "date real", edit: func(m *data.Meeting) { m.Date = "2026-02-30" }, field: "date", key: data.KeyInvalidDate},
		{name: "date as clerks write it", edit: func(m *data.Meeting) { m.Date = "2026年3月5日" }, verify: func(t *testing.T, m *data.Meeting) {
			if m.Date != "2026-03-05" {
				t.Errorf("date %q", m.Date)
			}
		}},
		{name: "times normalized", edit: func(m *data.Meeting) { m.StartTime, m.EndTime = "9：30", "11点" }, verify: func(t *testing.T, m *data.Meeting) {
			if m.StartTime != "09:30" || m.EndTime != "11:00" {
				t.Errorf("times %q %q", m.StartTime, m.EndTime)
			}
		}},
		{name: "time invalid", edit: func(m *data.Meeting) { m.StartTime = "25:00" }, field: "startTime", key: data.KeyInvalidTime},
		{name: "start before end", edit: func(m *data.Meeting) { m.StartTime, m.EndTime = "15:00", "14:30" }, field: "endTime", key: data.KeyMeetingTimeOrder},
		{name: "start equal end", edit: func(m *data.Meeting) { m.StartTime, m.EndTime = "15:00", "15:00" }, field: "endTime", key: data.KeyMeetingTimeOrder},
		{name: "invited below the list", edit: func(m *data.Meeting) { m.Invited = 2 }, field: "invited", key: data.KeyMeetingInvited},
		{name: "invited equal to the list, observers aside", edit: func(m *data.Meeting) {
			m.Participants = append(m.Participants, data.Participant{Name: "街道干部", Category: data.CategoryObserver})
			m.Invited = 3
		}},
		{name: "quorum percent 100", edit: func(m *data.Meeting) { m.QuorumPercent = 100 }, field: "quorumPercent", key: data.KeyMeetingQuorumPercent},
		{name: "quorum percent negative", edit: func(m *data.Meeting) { m.QuorumPercent = -5 }, field: "quorumPercent", key: data.KeyMeetingQuorumPercent},
		{name: "category from the list", edit: func(m *data.Meeting) { m.Participants[0].Category = "嘉宾" }, field: "participants", key: data.KeyInvalidChoice},
		{name: "attendance from the list", edit: func(m *data.Meeting) { m.Participants[0].Attendance = "迟到" }, field: "participants", key: data.KeyInvalidChoice},
		{name: "participant name required", edit: func(m *data.Meeting) { m.Participants[1].Name = "\u200b " }, field: "participants", key: data.KeyInvalidRequired},
		{name: "names normalized", edit: func(m *data.Meeting) {
			m.Participants[0].Name = " 王　小明 "
			m.Participants[1].Name = "阿依古丽 • 买买提"
			m.Host = "李\u200b四"
		}, verify: func(t *testing.T, m *data.Meeting) {
			if m.Participants[0].Name != "王小明" || m.Participants[1].Name != "阿依古丽·买买提" || m.Host != "李四" {
				t.Errorf("names %q %q %q", m.Participants[0].Name, m.Participants[1].Name, m.Host)
			}
		}},
		{name: "observer category means observer attendance", edit: func(m *data.Meeting) {
			m.Participants[0].Category = data.CategoryObserver
		}, verify: func(t *testing.T, m *data.Meeting) {
			if m.Participants[0].Attendance != data.AttendObserver || m.Present() != 1 {
				t.Errorf("attendance %q, present %d", m.Participants[0].Attendance, m.Present())
			}
		}},
		{name: "phone checked", edit: func(m *data.Meeting) { m.Participants[0].Phone = "12345" }, field: "participants", key: data.KeyInvalidPhone},
		{name: "agenda topic required", edit: func(m *data.Meeting) { m.Agenda = []data.AgendaItem{{Topic: ""}} }, field: "agenda", key: data.KeyInvalidRequired},
		{name: "speaker required", edit: func(m *data.Meeting) {
			m.Agenda = []data.AgendaItem{{Topic: "加装电梯", Speeches: []data.Speech{{Summary: "同意"}}}}
		}, field: "speeches", key: data.KeyInvalidRequired},
		{name: "resolution text required", edit: func(m *data.Meeting) { m.Resolutions = []data.Resolution{{For: 1}} }, field: "resolutions", key: data.KeyInvalidRequired},
		{name: "rule from the list", edit: func(m *data.Meeting) { m.Resolutions = []data.Resolution{{Text: "同意", Rule: "全票"}} }, field: "resolutions", key: data.KeyInvalidChoice},
		{name: "action owner required", edit: func(m *data.Meeting) { m.Actions = []data.Action{{Task: "报价"}} }, field: "actions", key: data.KeyInvalidRequired},
		{name: "action overdue is not stored", edit: func(m *data.Meeting) {
			m.Actions = []data.Action{{Task: "报价", Owner: "物业", Status: data.ActionOverdue}}
		}, field: "actions", key: data.KeyActionStatus},
		{name: "action deadline real", edit: func(m *data.Meeting) {
			m.Actions = []data.Action{{Task: "报价", Owner: "物业", Deadline: "2026-13-01"}}
		}, field: "actions", key: data.KeyInvalidDate},
		{name: "action resolution seq out of range", edit: func(m *data.Meeting) {
			m.Actions = []data.Action{{Task: "报价", Owner: "物业", ResolutionSeq: 3}}
		}, field: "actions", key: data.KeyActionResolution},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := attendees(2, 1, 0, 0)
			tc.edit(m)
			err := m.Validate()
			if tc.key == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if tc.verify != nil {
					tc.verify(t, m)
				}
				return
			}
			errs := data.FieldErrors(err)[tc.field]
			if len(errs) == 0 {
				t.Fatalf("Validate = %v, want %s on %s", err, tc.key, tc.field)
			}
			if !strings.Contains("|"+tc.key+"|", "|"+errs[0].Key+"|") {
				t.Errorf("key %s, want %s", errs[0].Key, tc.key)
			}
		})
	}
}

func TestActionState(t *testing.T) {
	tests := []struct {
		name string
		a    data.Action
		want string
	}{
		{"before the deadline", data.Action{Status: data.ActionInProgress, Deadline: "2026-11-30"}, data.ActionInProgress},
		{"on the deadline", data.Action{Status: data.ActionNotStarted, Deadline: "2026-11-25"}, data.ActionNotStarted},
		{"after the deadline", data.Action{Status: data.ActionInProgress, Deadline: "2026-11-24"}, data.ActionOverdue},
		{"done late is done", data.Action{Status: data.ActionDone, Deadline: "2026-01-01", CompletedDate: "2026-02-01"}, data.ActionDone},
		{"no deadline", data.Action{Status: data.ActionNotStarted}, data.ActionNotStarted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.State("2026-11-25"); got != tc.want {
				t.Errorf("State = %s, want %s", got, tc.want)
			}
		})
	}
}
