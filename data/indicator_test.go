package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// indicatorFixture is a register counted by hand on indicatorDay
// (2026-06-30; the store's today is 2026-11-25):
//
//	幸福社区 一网格, 户籍在此居住 (A):
//	  a1 男 2019-06-30  7 on the day (7th birthday)   → 7-17
//	  a2 女 2019-07-01  6 (7 tomorrow)                → 0-6
//	  a3 男 1966-06-30 60 (birthday)                  → 60+
//	  a4 女 1966-07-01 59                             → 18-59
//	  a5 女 1946-06-30 80 (birthday), 独居老人         → 80+, 65+, 60+
//	幸福社区 二网格, 流动人口 (B):
//	  b1 男 1990-01-01 36, 低保
//	  b2 女 1980-01-01 moved out 2026-05-01           → not counted
//	  b3 男 1985-01-01 41, 残疾人, moved out 2026-08-01 → counted
//	  b4 男 1995-01-01 moved in 2026-07-15            → not counted
//	  b5 女 2000-01-01 26, moved in 2026-03-01        → counted
//	和平社区 一网格, 户在人不在 (C):
//	  c1 男 1950-01-01 died 2026-06-30 (on the day)   → not counted
//	  c2 女 1955-01-01 71, 外出, 特困                  → counted
//	  c3 男 2010-01-01 16, moved to A on 2026-09-01   → counted in 和平社区
//	和平社区 二网格, 户籍在此居住 (D):
//	  d1 女 1970-01-01 moved out 2026-02-01           → D is not a household on the day
type indicatorFixture struct {
	*regFixture
	res map[string]*data.Resident
}

var indicatorDay = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

func newIndicatorFixture(t *testing.T) *indicatorFixture {
	g := &indicatorFixture{regFixture: newRegFixture(t), res: map[string]*data.Resident{}}
	a := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	b := g.household("幸福社区", "二网格", "幸福小区", "2", "201", data.ResidenceFloating)
	c := g.household("和平社区", "一网格", "和平里", "3", "301", data.ResidenceAway)
	d := g.household("和平社区", "二网格", "和平里", "4", "401", data.ResidenceLocal)
	seq := 0
	add := func(h *data.Household, key, birth, relation string, arrival string, tags ...string) {
		seq++
		sex := "1" // odd: a man
		if strings.Contains("a2 a4 a5 b2 b5 c2 d1", key) {
			sex = "2"
		}
		r := &data.Resident{HouseholdID: h.ID, Name: "居民" + key, IDNumber: regID("110101", strings.ReplaceAll(birth, "-", ""), "0"+string(rune('0'+seq%10))+sex),
			Relation: relation}
		for _, tag := range tags {
			rt := data.ResidentTag{Tag: tag}
			if tag == data.TagDisabled {
				rt.Category, rt.Grade = "肢体残疾", "二级"
			}
			r.Tags = append(r.Tags, rt)
		}
		var ev *data.ResidenceEvent
		if arrival != "" {
			ev = &data.ResidenceEvent{Kind: data.EventMoveIn, Date: arrival}
		}
		if _, err := g.s.AddResident(g.ctx, r, ev); err != nil {
			t.Fatalf("AddResident %s: %v", key, err)
		}
		g.res[key] = r
	}
	add(a, "a1", "2019-06-30", "孙子", "")
	add(a, "a2", "2019-07-01", "孙女", "")
	add(a, "a3", "1966-06-30", "户主", "")
	add(a, "a4", "1966-07-01", "配偶", "")
	add(a, "a5", "1946-06-30", "父母", "", data.TagAloneElderly)
	add(b, "b1", "1990-01-01", "户主", "", data.TagSubsistence)
	add(b, "b2", "1980-01-01", "配偶", "")
	add(b, "b3", "1985-01-01", "兄弟姐妹", "", data.TagDisabled)
	add(b, "b4", "1995-01-01", "其他", "2026-07-15")
	add(b, "b5", "2000-01-01", "其他", "2026-03-01")
	add(c, "c1", "1950-01-01", "户主", "")
	add(c, "c2", "1955-01-01", "配偶", "", data.TagDestitute)
	add(c, "c3", "2010-01-01", "孙子", "")
	add(d, "d1", "1970-01-01", "户主", "")
	event := func(key, kind, date string) {
		if err := g.s.RecordEvent(g.ctx, g.res[key].ID, &data.ResidenceEvent{Kind: kind, Date: date}); err != nil {
			t.Fatalf("%s %s: %v", kind, key, err)
		}
	}
	event("b2", data.EventMoveOut, "2026-05-01")
	event("b3", data.EventMoveOut, "2026-08-01")
	event("c1", data.EventDeath, "2026-06-30")
	event("d1", data.EventMoveOut, "2026-02-01")
	if err := g.s.MoveResident(g.ctx, g.res["c3"].ID, a.ID, "2026-09-01", ""); err != nil {
		t.Fatal(err)
	}
	c2 := g.res["c2"]
	got, err := g.s.Resident(g.ctx, c2.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Status = data.StatusAway
	if _, err := g.s.UpdateResident(g.ctx, &got); err != nil {
		t.Fatal(err)
	}
	return g
}

// counts returns each built-in indicator's value for community.
func (g *indicatorFixture) counts(t *testing.T, s *data.Store, day time.Time, community string) map[string]float64 {
	t.Helper()
	var cells []data.IndicatorCell
	for _, ind := range data.BuiltInIndicators() {
		cells = append(cells, data.IndicatorCell{Indicator: ind.Name, Community: community})
	}
	vs, err := s.CountIndicators(context.Background(), day, cells)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for i, c := range cells {
		out[c.Indicator] = vs[i]
	}
	return out
}

func expectCounts(t *testing.T, label string, got map[string]float64, want map[string]float64) {
	t.Helper()
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %s = %v, want %v", label, name, got[name], w)
		}
	}
}

func TestIndicatorCountsOnTheDay(t *testing.T) {
	g := newIndicatorFixture(t)
	expectCounts(t, "whole office", g.counts(t, g.s, indicatorDay, ""), map[string]float64{
		"户数": 3, "人口数": 10, "男性人口": 5, "女性人口": 5,
		"0-6岁人口": 1, "7-17岁人口": 2, "18-59岁人口": 4, "60岁以上人口": 3, "65岁以上人口": 2, "80岁以上人口": 1,
		"户籍人口": 7, "流动人口": 3, "人户分离人口": 2,
		"独居老人": 1, "空巢老人": 0, "低保对象": 1, "特困人员": 1, "残疾人": 1, "退役军人": 0, "留守儿童": 0,
	})
	expectCounts(t, "幸福社区", g.counts(t, g.s, indicatorDay, "幸福社区"), map[string]float64{
		"户数": 2, "人口数": 8, "7-17岁人口": 1, "人户分离人口": 0, "残疾人": 1,
	})
	expectCounts(t, "和平社区", g.counts(t, g.s, indicatorDay, "和平社区"), map[string]float64{
		"户数": 1, "人口数": 2, "7-17岁人口": 1, "特困人员": 1, "人户分离人口": 2,
	})
	// A day earlier the birthdays have not come (a1 is 6, a3 59, a5 79)
	// and c1 is alive (76).
	expectCounts(t, "the day before", g.counts(t, g.s, indicatorDay.AddDate(0, 0, -1), ""), map[string]float64{
		"人口数": 11, "0-6岁人口": 2, "7-17岁人口": 1, "60岁以上人口": 3, "80岁以上人口": 0, "65岁以上人口": 3,
	})
	// Today c3 lives in A, b3 has left and b4 has come.
	today := g.counts(t, g.s, datatest.Epoch(), "幸福社区")
	expectCounts(t, "today, 幸福社区", today, map[string]float64{"人口数": 9, "户数": 2, "残疾人": 0})
	st, err := g.s.Stats(g.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	whole := g.counts(t, g.s, datatest.Epoch(), "")
	if int(whole["人口数"]) != st.Residents.Count || int(whole["60岁以上人口"]) != st.Aged60.Count {
		t.Errorf("today 人口数 %v, 60+ %v; the dashboard says %d, %d", whole["人口数"], whole["60岁以上人口"], st.Residents.Count, st.Aged60.Count)
	}
}

func TestIndicatorCountsWithinScope(t *testing.T) {
	g := newIndicatorFixture(t)
	peace := datatest.As(t, g.s, "peace", []string{data.RoleCommunity}, []string{"和平社区"}, nil)
	expectCounts(t, "和平社区's worker, whole", g.counts(t, peace, indicatorDay, ""), map[string]float64{"人口数": 2, "户数": 1})
	// Another community is not one of theirs: named, it is refused, cell
	// by cell (the second cell here).
	_, err := peace.CountIndicators(g.ctx, indicatorDay, []data.IndicatorCell{{Indicator: "人口数"}, {Indicator: "人口数", Community: "幸福社区"}})
	var de *data.Error
	if !errors.As(err, &de) || de.Key != data.KeyIndicatorCommunity || de.Args["Cell"] != 1 {
		t.Errorf("和平社区's worker counts 幸福社区: %v", err)
	}
	grid := datatest.As(t, g.s, "grid2", []string{data.RoleGrid}, nil, []string{"幸福社区/二网格"})
	expectCounts(t, "幸福社区/二网格's worker", g.counts(t, grid, indicatorDay, ""), map[string]float64{"人口数": 3, "流动人口": 3, "户籍人口": 0})
	rows, _, err := peace.IndicatorResidents(g.ctx, indicatorDay, data.IndicatorCell{Indicator: "独居老人"}, 0)
	if err != nil || len(rows) != 0 {
		t.Errorf("和平社区's worker sees 独居老人 %v, %v; want none", rows, err)
	}
}

func TestIndicatorResidents(t *testing.T) {
	g := newIndicatorFixture(t)
	rows, _, err := g.s.IndicatorResidents(g.ctx, indicatorDay, data.IndicatorCell{Indicator: "7-17岁人口", Community: "和平社区"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "居民c3" || strings.Contains(rows[0].IDNumber, "2010") {
		t.Errorf("residents behind 7-17岁人口 of 和平社区: %+v; want c3 with a masked ID number", rows)
	}
	rows, total, err := g.s.IndicatorResidents(g.ctx, indicatorDay, data.IndicatorCell{Indicator: "人口数"}, 0)
	if err != nil || len(rows) != 10 || total != 10 {
		t.Errorf("人口数 lists %d of %d (%v), want 10", len(rows), total, err)
	}
	rows, total, err = g.s.IndicatorResidents(g.ctx, indicatorDay, data.IndicatorCell{Indicator: "人口数"}, 4)
	if err != nil || len(rows) != 4 || total != 10 || rows[0].Name != "居民a1" {
		t.Errorf("the first 4 of 人口数: %d of %d (%v), first %+v", len(rows), total, err, rows)
	}
}

func TestOwnIndicators(t *testing.T) {
	g := newIndicatorFixture(t)
	bad := &data.ReportIndicator{Name: "人口数", Unit: data.UnitResidents}
	if err := g.s.SaveIndicator(g.ctx, bad); !regIsKey(err, data.KeyIndicatorNameTaken) {
		t.Errorf("a built-in's name: %v", err)
	}
	bad = &data.ReportIndicator{Name: "倒置", Unit: data.UnitResidents, Filter: data.IndicatorFilter{AgeMin: 60, AgeMax: 18, HasAgeMax: true}}
	if err := g.s.SaveIndicator(g.ctx, bad); !regIsKey(err, data.KeyIndicatorAgeRange) {
		t.Errorf("ages 60 to 18: %v", err)
	}
	own := &data.ReportIndicator{Name: "幸福社区60岁以上女性", Unit: data.UnitResidents,
		Filter: data.IndicatorFilter{Community: "幸福社区", Sex: data.SexFemale, AgeMin: 60}}
	if err := g.s.SaveIndicator(g.ctx, own); err != nil {
		t.Fatal(err)
	}
	homes := &data.ReportIndicator{Name: "有老人的户", Unit: data.UnitHouseholds, Filter: data.IndicatorFilter{AgeMin: 60}}
	if err := g.s.SaveIndicator(g.ctx, homes); err != nil {
		t.Fatal(err)
	}
	vs, err := g.s.CountIndicators(g.ctx, indicatorDay, []data.IndicatorCell{
		{Indicator: own.Name}, {Indicator: own.Name, Community: "和平社区"}, {Indicator: homes.Name},
	})
	if err != nil {
		t.Fatal(err)
	}
	// a5 only (a4 is 59, c2 lives in 和平社区); households A and C.
	if vs[0] != 1 || vs[1] != 0 || vs[2] != 2 {
		t.Errorf("own indicators: %v, want [1 0 2]", vs)
	}
	cat, err := g.s.Indicators(g.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cat); n != len(data.BuiltInIndicators())+2 || !strings.Contains(cat[n-1].Definition(), "性别为女") && !strings.Contains(cat[n-2].Definition(), "性别为女") {
		t.Errorf("catalogue: %d indicators, the own ones %q, %q", n, cat[n-2].Definition(), cat[n-1].Definition())
	}
	if _, err := g.s.CountIndicators(g.ctx, indicatorDay, []data.IndicatorCell{{Indicator: "没有的指标"}}); !regIsKey(err, data.KeyIndicatorUnknown) {
		t.Errorf("an unknown indicator: %v", err)
	}
	viewer := datatest.As(t, g.s, "leader", []string{data.RoleViewer}, nil, nil)
	if err := viewer.SaveIndicator(g.ctx, &data.ReportIndicator{Name: "领导的", Unit: data.UnitResidents}); !regIsKey(err, data.KeyPermission) {
		t.Errorf("a viewer saves an indicator: %v", err)
	}
}

func TestBuiltInDefinitions(t *testing.T) {
	for _, ind := range data.BuiltInIndicators() {
		d := ind.Definition()
		if !strings.Contains(d, "截止日期") {
			t.Errorf("%s: %q does not say it counts on the as-of date", ind.Name, d)
		}
	}
	if d := data.BuiltInIndicators()[4].Definition(); !strings.Contains(d, "未满7周岁") {
		t.Errorf("0-6岁人口: %q", d)
	}
}

func TestReportTemplates(t *testing.T) {
	g := newRegFixture(t)
	tpl := &data.ReportTemplate{Name: "人口表.xlsx", Hash: "aa", Mappings: []data.ReportMapping{
		{Sheet: "表1", Cell: "B2", Indicator: "人口数"}, {Sheet: "表1", Cell: "B3", Indicator: "户数", Community: "幸福社区"}}}
	if err := g.s.SaveReportTemplate(g.ctx, tpl); err != nil {
		t.Fatal(err)
	}
	// The same form, and next period's (another hash, the same name).
	for _, hash := range []string{"aa", "bb"} {
		got, found, err := g.s.ReportTemplateFor(g.ctx, "人口表.xlsx", hash)
		if err != nil || !found || len(got.Mappings) != 2 || got.Mappings[1].Community != "幸福社区" {
			t.Errorf("hash %s: %+v, %v, %v", hash, got, found, err)
		}
	}
	if _, found, _ := g.s.ReportTemplateFor(g.ctx, "别的表.xlsx", "cc"); found {
		t.Error("another form found a mapping")
	}
	// Saved again for the new period: replaces, does not add.
	next := &data.ReportTemplate{Name: "人口表.xlsx", Hash: "bb", Mappings: []data.ReportMapping{{Sheet: "表1", Cell: "C2", Indicator: "人口数"}}}
	if err := g.s.SaveReportTemplate(g.ctx, next); err != nil {
		t.Fatal(err)
	}
	got, _, _ := g.s.ReportTemplateFor(g.ctx, "人口表.xlsx", "aa")
	if len(got.Mappings) != 1 || got.Mappings[0].Cell != "C2" {
		t.Errorf("after the new period's save: %+v", got)
	}
	if n := countReportTemplates(t, g.s); n != 1 {
		t.Errorf("%d templates stored, want 1", n)
	}
	bad := &data.ReportTemplate{Name: "x.xlsx", Hash: "dd", Mappings: []data.ReportMapping{{Sheet: "表1", Cell: "B2", Indicator: "没有"}}}
	if err := g.s.SaveReportTemplate(g.ctx, bad); !regIsKey(err, data.KeyIndicatorUnknown) {
		t.Errorf("an unknown indicator: %v", err)
	}
}

func countReportTemplates(t *testing.T, s *data.Store) int64 {
	var n int64
	if err := datatest.DB(t, s).Model(&data.ReportTemplate{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
