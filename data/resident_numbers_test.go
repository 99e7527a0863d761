package data_test

import (
	"encoding/json"
	"slices"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestWholeNumbers: whole numbers are read only with a purpose, each read
// leaves one audit entry naming the operator, the residents found, how
// many, the fields and the purpose, and the lists stay masked.
func TestWholeNumbers(t *testing.T) {
	if !slices.ContainsFunc(data.Messages, func(m data.Message) bool { return m.Key == "audit.action."+data.ActionView }) {
		t.Error("ActionView has no message")
	}
	g := newRegFixture(t)
	if err := g.s.SaveSettings(g.ctx, data.Settings{OfficeName: "幸福街道办事处", Operator: "李四"}); err != nil {
		t.Fatal(err)
	}
	h := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	a := g.resident(h, "张三", regID("110101", "19800101", "001"), "户主", "13812345678")
	b := g.resident(h, "李梅", regID("110101", "19820202", "002"), "配偶", "")

	if _, err := g.s.WholeNumbers(g.ctx, []int64{a.ID}, ""); err == nil {
		t.Error("WholeNumbers without a purpose: no error")
	}
	for _, tc := range []struct {
		name string
		ids  []int64
		want map[int64]data.ResidentNumbers
	}{
		{"none", nil, map[int64]data.ResidentNumbers{}},
		{"two and a missing one", []int64{b.ID, a.ID, 999999}, map[int64]data.ResidentNumbers{
			a.ID: {IDNumber: a.IDNumber, Phone: "13812345678"},
			b.ID: {IDNumber: b.IDNumber},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := g.s.AuditLog(g.ctx, data.AuditFilter{Action: data.ActionView})
			if err != nil {
				t.Fatal(err)
			}
			got, err := g.s.WholeNumbers(g.ctx, tc.ids, "print roster")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("WholeNumbers = %v, want %v", got, tc.want)
			}
			for id, w := range tc.want {
				if got[id] != w {
					t.Errorf("resident %d: %+v, want %+v", id, got[id], w)
				}
			}
			log, err := g.s.AuditLog(g.ctx, data.AuditFilter{Action: data.ActionView})
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.ids) == 0 {
				if len(log) != len(before) {
					t.Errorf("no residents asked for, %d audit entries written", len(log)-len(before))
				}
				return
			}
			if len(log) != len(before)+1 {
				t.Fatalf("%d view entries, want %d", len(log), len(before)+1)
			}
			e := log[0] // newest first
			if e.Operator != datatest.FullOperator || e.Entity != "residents" {
				t.Errorf("entry %+v: want operator %s (the account), entity residents", e, datatest.FullOperator)
			}
			var v struct {
				Purpose   string
				Fields    []string
				Residents []int64
				Count     int
			}
			if err := json.Unmarshal([]byte(e.After), &v); err != nil {
				t.Fatal(err)
			}
			wantIDs := []int64{a.ID, b.ID}
			slices.Sort(wantIDs)
			if v.Purpose != "print roster" || v.Count != 2 || !slices.Equal(v.Residents, wantIDs) ||
				!slices.Equal(v.Fields, []string{"idNumber", "phone"}) {
				t.Errorf("entry after = %s", e.After)
			}
		})
	}

	// The list still shows masked numbers.
	p, err := g.s.SearchResidents(g.ctx, data.ResidentFilter{Query: "张三"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 1 || p.Rows[0].IDNumber != data.MaskID(a.IDNumber) || p.Rows[0].Phone != data.MaskPhone("13812345678") {
		t.Errorf("list rows %+v: want masked numbers", p.Rows)
	}
}

// TestCareTags: the stored tags of the residents asked for, in the order
// given; residents without tags are left out.
func TestCareTags(t *testing.T) {
	g := newRegFixture(t)
	h := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	a := g.resident(h, "张三", regID("110101", "19800101", "001"), "户主", "", data.TagDisabled, data.TagVeteran)
	b := g.resident(h, "李梅", regID("110101", "19820202", "002"), "配偶", "")
	c := g.resident(h, "张小", regID("110101", "20100303", "003"), "子", "", data.TagSubsistence)
	got, err := g.s.CareTags(g.ctx, []int64{a.ID, b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[a.ID]) != 2 {
		t.Fatalf("CareTags = %+v, want two tags of %d only", got, a.ID)
	}
	if x := got[a.ID][0]; x.Tag != data.TagDisabled || x.Category != "肢体残疾" || x.Grade != "二级" {
		t.Errorf("first tag %+v", x)
	}
	if got[a.ID][1].Tag != data.TagVeteran {
		t.Errorf("second tag %+v", got[a.ID][1])
	}
	if _, ok := got[c.ID]; ok {
		t.Errorf("resident %d not asked for is in %+v", c.ID, got)
	}
	if none, err := g.s.CareTags(g.ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("CareTags(nil) = %v, %v", none, err)
	}
}
