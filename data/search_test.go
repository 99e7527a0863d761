package data_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"jiedao/data"
)

// searchFixture is a small register with one resident for each kind of
// match, and distractors.
func searchFixture(t *testing.T) (*regFixture, map[string]*data.Resident) {
	g := newRegFixture(t)
	a := g.household("幸福社区", "一网格", "幸福小区", "3", "301", data.ResidenceLocal)
	b := g.household("和平社区", "二网格", "解放路", "12", "502", data.ResidenceFloating)
	c := g.household("和平社区", "二网格", "翠微苑", "7", "101", data.ResidenceSettled)
	rs := map[string]*data.Resident{}
	add := func(h *data.Household, name, idn, rel, phone string, tags ...string) {
		rs[name] = g.resident(h, name, idn, rel, phone, tags...)
	}
	add(a, "张三", regID("110101", "19900307", "123"), "户主", "13812345678")
	add(a, "张珊珊", regID("110101", "19920101", "022"), "配偶", "13987650000")
	add(a, "章山", regID("110102", "20150601", "011"), "子", "")
	add(b, "单田芳", regID("320102", "19340101", "011"), "户主", "010-65125678", data.TagDisabled)
	add(b, "曾志伟", regID("440301", "19530101", "031"), "其他", "")
	add(b, "解缙", regID("360102", "19690101", "051"), "其他", "")
	add(c, "𠮷田花子", regID("110105", "19850202", "042"), "户主", "")
	add(c, "仇英", regID("110105", "19870303", "071"), "配偶", "")
	add(c, "朴树", regID("110105", "19730303", "091"), "其他", "")
	return g, rs
}

func names(p data.ResidentPage) []string {
	var out []string
	for _, r := range p.Rows {
		out = append(out, r.Name)
	}
	return out
}

func TestSearchKinds(t *testing.T) {
	g, rs := searchFixture(t)
	zhang := rs["张三"]
	for _, tc := range []struct {
		name, query string
		want        []string // in order
	}{
		{"name prefix one character", "张", []string{"张三", "张珊珊"}},
		{"name whole", "张三", []string{"张三"}},
		{"name with blanks", " 张\u3000三 ", []string{"张三"}},
		{"name outside the BMP", "𠮷", []string{"𠮷田花子"}},
		{"name outside the BMP, longer", "𠮷田", []string{"𠮷田花子"}},
		{"pinyin initials", "zs", []string{"张三", "章山", "张珊珊"}},
		{"pinyin initials, uppercase", "ZSS", []string{"张珊珊"}},
		{"full pinyin", "zhangsan", []string{"张三"}},
		{"full pinyin prefix", "zhangs", []string{"张三", "章山", "张珊珊"}},
		{"initials of a heteronym surname", "zzw", []string{"曾志伟"}},
		{"heteronym 单 shan", "shantian", []string{"单田芳"}},
		{"heteronym 单 initials", "stf", []string{"单田芳"}},
		{"heteronym 曾 zeng", "zengz", []string{"曾志伟"}},
		{"heteronym 解 xie", "xiejin", []string{"解缙"}},
		{"heteronym 仇 qiu", "qiuy", []string{"仇英"}},
		{"heteronym 朴 piao", "piaoshu", []string{"朴树"}},
		{"pinyin of 𠮷", "jitian", []string{"𠮷田花子"}},
		{"ID whole", zhang.IDNumber, []string{"张三"}},
		{"ID whole, lowercase x and 15 digits", "110101900307123", []string{"张三"}},
		{"ID last 4", zhang.IDNumber[14:], []string{"张三"}},
		{"ID last 6", zhang.IDNumber[12:], []string{"张三"}},
		{"ID prefix", "11010220", []string{"章山"}},
		{"phone whole", "13812345678", []string{"张三"}},
		{"phone whole, typed with blanks", "138 1234 5678", []string{"张三"}},
		{"phone last 4", "5678", []string{"张三", "单田芳"}},
		{"landline whole", "010-65125678", []string{"单田芳"}},
		{"address two characters", "翠微", []string{"𠮷田花子", "仇英", "朴树"}},
		{"address one character", "苑", []string{"𠮷田花子", "仇英", "朴树"}},
		{"address inside", "放路12", []string{"单田芳", "曾志伟", "解缙"}},
		{"address long", "幸福小区3栋1单元301室", []string{"张三", "张珊珊", "章山"}},
		{"address long, no match", "幸福小区3栋1单元302室", nil},
		{"nothing", "zzz", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := g.s.SearchResidents(g.ctx, data.ResidentFilter{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(p); !slices.Equal(got, tc.want) {
				t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
			}
		})
	}
	t.Run("rows are masked", func(t *testing.T) {
		p, _ := g.s.SearchResidents(g.ctx, data.ResidentFilter{Query: "张三"})
		r := p.Rows[0]
		if r.IDNumber != data.MaskID(zhang.IDNumber) || r.Phone != "138****5678" || r.Age != 36 || r.Address != "幸福小区3栋1单元301室" {
			t.Errorf("%+v", r)
		}
	})
}

func TestSearchFilters(t *testing.T) {
	g, rs := searchFixture(t)
	if err := g.s.RecordEvent(g.ctx, rs["朴树"].ID, &data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    data.ResidentFilter
		want []string
	}{
		{"community", data.ResidentFilter{Community: "幸福社区"}, []string{"张三", "张珊珊", "章山"}},
		{"grid", data.ResidentFilter{Community: "和平社区", Grid: "二网格", Query: "翠"}, []string{"𠮷田花子", "仇英"}},
		{"residence type", data.ResidentFilter{ResidenceType: data.ResidenceFloating}, []string{"单田芳", "曾志伟", "解缙"}},
		{"moved out hidden", data.ResidentFilter{Query: "piao"}, nil},
		{"moved out included", data.ResidentFilter{Query: "piao", IncludeInactive: true}, []string{"朴树"}},
		{"status", data.ResidentFilter{Status: data.StatusMovedOut}, []string{"朴树"}},
		{"tag", data.ResidentFilter{Tag: data.TagDisabled}, []string{"单田芳"}},
		{"tag with query", data.ResidentFilter{Tag: data.TagDisabled, Query: "s"}, []string{"单田芳"}},
		{"高龄老人 computed", data.ResidentFilter{Tag: data.TagVeryOld}, []string{"单田芳"}},
		{"age range", data.ResidentFilter{AgeMin: 60, AgeMax: 79}, []string{"曾志伟"}},
		{"age 0–17", data.ResidentFilter{AgeMax: 17, HasAgeMax: true}, []string{"章山"}},
		{"sex", data.ResidentFilter{Sex: data.SexFemale, Community: "幸福社区"}, []string{"张珊珊"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := g.s.SearchResidents(g.ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			got := names(p)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSearchHouseholds(t *testing.T) {
	g, _ := searchFixture(t)
	for _, tc := range []struct {
		name string
		f    data.HouseholdFilter
		want []string // addresses
	}{
		{"all", data.HouseholdFilter{}, []string{"幸福小区3栋1单元301室", "解放路12栋1单元502室", "翠微苑7栋1单元101室"}},
		{"number prefix", data.HouseholdFilter{Query: "2026000002"}, []string{"解放路12栋1单元502室"}},
		{"address", data.HouseholdFilter{Query: "翠微"}, []string{"翠微苑7栋1单元101室"}},
		{"community", data.HouseholdFilter{Community: "和平社区"}, []string{"解放路12栋1单元502室", "翠微苑7栋1单元101室"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := g.s.SearchHouseholds(g.ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range p.Rows {
				got = append(got, r.Address)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("row", func(t *testing.T) {
		p, _ := g.s.SearchHouseholds(g.ctx, data.HouseholdFilter{Query: "幸福"})
		if len(p.Rows) != 1 {
			t.Fatalf("%d rows", len(p.Rows))
		}
		r := p.Rows[0]
		if r.HeadName != "张三" || r.Members != 3 || !strings.HasSuffix(r.HeadIDNumber, "123"+r.HeadIDNumber[17:]) || !strings.Contains(r.HeadIDNumber, "****") {
			t.Errorf("%+v", r)
		}
	})
}

// TestKeysetPaging pages through each kind of branch with small pages and
// checks the pages add up to the whole result: no gaps, no duplicates.
func TestKeysetPaging(t *testing.T) {
	g := newRegFixture(t)
	surnames := []string{"张", "章", "王", "单"}
	given := []string{"三", "珊", "山", "伟", "芳", "华", "明"}
	n := 0
	var all []int64
	for i := 0; i < 12; i++ {
		estate := []string{"幸福小区", "和平里", "幸福家园"}[i%3]
		h := g.household([]string{"幸福社区", "和平社区"}[i%2], "一网格", estate, fmt.Sprint(i%4+1), fmt.Sprint(100+i), data.ResidenceLocal)
		for j := 0; j < 1+i%4; j++ {
			name := surnames[(i+j)%4] + given[(i*3+j)%7] + given[j%7]
			rel := "子"
			if j == 0 {
				rel = "户主"
			}
			r := g.resident(h, name, regID("110101", fmt.Sprintf("19%02d0101", 50+n%50), fmt.Sprintf("%03d", 1+2*n)), rel, fmt.Sprintf("1381234%04d", n%7*1111))
			all = append(all, r.ID)
			if n%5 == 0 {
				cur, err := g.s.Resident(g.ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				cur.Tags = []data.ResidentTag{{Tag: data.TagSubsistence}}
				if _, err := g.s.UpdateResident(g.ctx, &cur); err != nil {
					t.Fatal(err)
				}
			}
			n++
		}
	}
	for _, q := range []data.ResidentFilter{
		{}, {Query: "张"}, {Query: "z"}, {Query: "zh"}, {Query: "s"}, {Query: "幸福"}, {Query: "福"}, {Query: "1111"},
		{Query: "110101"}, {Community: "和平社区"}, {Tag: data.TagSubsistence}, {Query: "1101"}, {Query: "1111"}, {AgeMin: 60}, {AgeMin: 30, AgeMax: 59}, {AgeMin: 70, Community: "和平社区"},
	} {
		t.Run(fmt.Sprintf("q=%q c=%q tag=%q", q.Query, q.Community, q.Tag), func(t *testing.T) {
			whole := q
			whole.Limit = 1000
			p, err := g.s.SearchResidents(g.ctx, whole)
			if err != nil {
				t.Fatal(err)
			}
			want := ids(p)
			if len(want) == 0 {
				t.Fatalf("fixture matches nothing")
			}
			if reflect.DeepEqual(q, data.ResidentFilter{}) {
				// No query and no filter: every resident of the fixture.
				if got, fixture := slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(all)); !slices.Equal(got, fixture) {
					t.Errorf("the whole list has %d residents, the fixture %d", len(got), len(fixture))
				}
			}
			for _, size := range []int{1, 2, 3, 7} {
				var got []int64
				f := q
				f.Limit = size
				for pages := 0; pages < 1000; pages++ {
					p, err := g.s.SearchResidents(g.ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, ids(p)...)
					if p.Next == "" {
						break
					}
					f.After = p.Next
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages of %d: %v, want %v", size, got, want)
				}
			}
		})
	}
	t.Run("households", func(t *testing.T) {
		for _, q := range []string{"", "幸福", "福"} {
			whole, _ := g.s.SearchHouseholds(g.ctx, data.HouseholdFilter{Query: q, Limit: 1000})
			var got []int64
			f := data.HouseholdFilter{Query: q, Limit: 2}
			for {
				p, err := g.s.SearchHouseholds(g.ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range p.Rows {
					got = append(got, r.ID)
				}
				if p.Next == "" {
					break
				}
				f.After = p.Next
			}
			var want []int64
			for _, r := range whole.Rows {
				want = append(want, r.ID)
			}
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%q: %v, want %v", q, got, want)
			}
		}
	})
}

func TestAddressIndexFollowsEdits(t *testing.T) {
	g, _ := searchFixture(t)
	p, _ := g.s.SearchHouseholds(g.ctx, data.HouseholdFilter{Query: "翠微"})
	if len(p.Rows) != 1 {
		t.Fatalf("%d rows", len(p.Rows))
	}
	h, err := g.s.Household(g.ctx, p.Rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	h.Address, h.Estate = "", "碧水湾"
	if err := g.s.UpdateHousehold(g.ctx, &h); err != nil {
		t.Fatal(err)
	}
	find := func(q string) []string {
		p, err := g.s.SearchResidents(g.ctx, data.ResidentFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return names(p)
	}
	check := func(t *testing.T) {
		if got := find("翠微"); got != nil {
			t.Errorf("old address still found: %v", got)
		}
		if got := find("碧水湾7栋"); len(got) != 3 {
			t.Errorf("new address: %v", got)
		}
		if got := find("幸福"); len(got) != 3 {
			t.Errorf("other household: %v", got)
		}
	}
	t.Run("after an edit", check)
	t.Run("after a head change", func(t *testing.T) {
		ms, _ := g.s.Members(g.ctx, h.ID, false)
		if err := g.s.SetHead(g.ctx, h.ID, ms[len(ms)-1].ID); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
	t.Run("after a rebuild", func(t *testing.T) {
		if err := g.s.ReindexAddresses(g.ctx); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
}

func TestSearchColumnsFollowEdits(t *testing.T) {
	g, rs := searchFixture(t)
	r, err := g.s.Resident(g.ctx, rs["张三"].ID)
	if err != nil {
		t.Fatal(err)
	}
	r.Name, r.Phone = "覃小明", "13900001111"
	if _, err := g.s.UpdateResident(g.ctx, &r); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"qinxiao", []string{"覃小明"}},
		{"qxm", []string{"覃小明"}},
		{"13900001111", []string{"覃小明"}},
		{"zhangsan", nil},
		{"13812345678", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			p, err := g.s.SearchResidents(g.ctx, data.ResidentFilter{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(p); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func ids(p data.ResidentPage) []int64 {
	var out []int64
	for _, r := range p.Rows {
		out = append(out, r.ID)
	}
	return out
}
