package data_test

import (
	"context"
	"fmt"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestMeetingSearch(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	mk := func(title, date, kind string, agenda data.AgendaItem, res, summary string) int64 {
		m := &data.Meeting{Title: title, Kind: kind, Date: date, Summary: summary, Agenda: []data.AgendaItem{agenda}}
		if res != "" {
			m.Resolutions = []data.Resolution{{Text: res}}
		}
		if err := s.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	lift := mk("幸福小区加装电梯协商会", "2026-03-10", data.MeetingConsult, data.AgendaItem{Topic: "电梯选址"}, "", "")
	park := mk("停车管理议事会", "2026-05-02", data.MeetingResidents,
		data.AgendaItem{Topic: "夜间停车", Speeches: []data.Speech{{Speaker: "物业张经理", Summary: "建议增设充电桩20个"}}}, "", "")
	canteen := mk("老年食堂选址", "2025-09-15", data.MeetingJoint,
		data.AgendaItem{Topic: "食堂", Background: "辖区80岁以上老人312人", Proposals: "利用原社区活动中心一层"}, "同意在活动中心一层开办老年食堂", "会议要求加快垃圾分类宣传")

	tests := []struct {
		name string
		f    data.MeetingFilter
		want []int64
	}{
		{"two characters in a title", data.MeetingFilter{Query: "加装"}, []int64{lift}},
		{"one character", data.MeetingFilter{Query: "梯"}, []int64{lift}},
		{"three characters in a speech", data.MeetingFilter{Query: "充电桩"}, []int64{park}},
		{"long fragment verified", data.MeetingFilter{Query: "增设充电桩20个"}, []int64{park}},
		{"long fragment not contiguous", data.MeetingFilter{Query: "增设充电桩30个"}, nil},
		{"in background", data.MeetingFilter{Query: "80岁以上"}, []int64{canteen}},
		{"in proposals", data.MeetingFilter{Query: "活动中心"}, []int64{canteen}},
		{"in a resolution", data.MeetingFilter{Query: "开办老年"}, []int64{canteen}},
		{"in the summary", data.MeetingFilter{Query: "垃圾分类"}, []int64{canteen}},
		{"speaker", data.MeetingFilter{Query: "张经理"}, []int64{park}},
		{"blanks and punctuation ignored", data.MeetingFilter{Query: " 停车，管理 "}, []int64{park}},
		{"shared pair", data.MeetingFilter{Query: "议事"}, []int64{park}},
		{"no match", data.MeetingFilter{Query: "消防"}, nil},
		{"punctuation only", data.MeetingFilter{Query: "，。"}, nil},
		{"all, latest first", data.MeetingFilter{}, []int64{park, lift, canteen}},
		{"year", data.MeetingFilter{Year: 2025}, []int64{canteen}},
		{"kind", data.MeetingFilter{Kind: data.MeetingConsult}, []int64{lift}},
		{"status", data.MeetingFilter{Status: data.MeetingFinal}, nil},
		{"query and year", data.MeetingFilter{Query: "会", Year: 2026}, []int64{park, lift}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.ListMeetings(ctx, tc.f)
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

	t.Run("update reindexes", func(t *testing.T) {
		m, err := s.Meeting(ctx, lift)
		if err != nil {
			t.Fatal(err)
		}
		m.Title = "幸福小区适老化改造协商会"
		if err := s.UpdateMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"加装": 0, "适老化": 1, "电梯选址": 1} {
			page, _ := s.ListMeetings(ctx, data.MeetingFilter{Query: q})
			if len(page.Rows) != want {
				t.Errorf("%s: %d rows, want %d", q, len(page.Rows), want)
			}
		}
	})

	t.Run("paging", func(t *testing.T) {
		for i := range 7 {
			mk(fmt.Sprintf("垃圾分类推进会%d", i), "2026-06-01", data.MeetingOther, data.AgendaItem{Topic: "分类"}, "", "")
		}
		var got []int64
		after := ""
		for range 10 {
			page, err := s.ListMeetings(ctx, data.MeetingFilter{Query: "垃圾", Limit: 3, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Rows {
				got = append(got, r.ID)
			}
			if after = page.Next; after == "" {
				break
			}
		}
		if len(got) != 8 || got[7] != canteen {
			t.Fatalf("pages gave %v", got)
		}
		for i := 1; i < 7; i++ {
			if got[i] >= got[i-1] {
				t.Fatalf("same-day order %v", got)
			}
		}
	})

	t.Run("reindex", func(t *testing.T) {
		if err := s.ReindexMeetings(ctx); err != nil {
			t.Fatal(err)
		}
		page, _ := s.ListMeetings(ctx, data.MeetingFilter{Query: "充电"})
		if len(page.Rows) != 1 || page.Rows[0].ID != park {
			t.Errorf("after reindex: %v", page.Rows)
		}
	})

	t.Run("row counts", func(t *testing.T) {
		m := &data.Meeting{Title: "计数", Kind: data.MeetingOther, Date: "2024-01-01",
			Participants: []data.Participant{{Name: "甲"}, {Name: "乙", Attendance: data.AttendAbsent}, {Name: "丙", Category: data.CategoryObserver}},
			Resolutions:  []data.Resolution{{Text: "同意", For: 1}},
			Actions:      []data.Action{{Task: "a", Owner: "b"}, {Task: "c", Owner: "d", Status: data.ActionDone}}}
		if err := s.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
		page, _ := s.ListMeetings(ctx, data.MeetingFilter{Year: 2024})
		if len(page.Rows) != 1 {
			t.Fatal(page.Rows)
		}
		r := page.Rows[0]
		if r.Participants != 2 || r.Present != 1 || r.Resolutions != 1 || r.OpenActions != 1 {
			t.Errorf("counts %+v", r)
		}
	})
}
