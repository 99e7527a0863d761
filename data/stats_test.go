package data_test

import (
	"testing"

	"jiedao/data"
)

func TestStats(t *testing.T) {
	g := newRegFixture(t)
	// Epoch is 2026-11-25.
	a := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	b := g.household("幸福社区", "二网格", "幸福小区", "2", "201", data.ResidenceFloating)
	c := g.household("和平社区", "一网格", "和平里", "3", "301", data.ResidenceSettled)
	g.resident(a, "甲", regID("110101", "19400101", "011"), "户主", "", data.TagAloneElderly) // 86, man
	g.resident(a, "乙", regID("110101", "19610601", "022"), "配偶", "", data.TagSubsistence)  // 65, woman
	g.resident(a, "丙", regID("110101", "20230101", "031"), "孙子", "")                       // 3, man
	g.resident(b, "丁", regID("110101", "19900101", "041"), "户主", "")                       // 36, man
	g.resident(b, "戊", regID("110101", "20100101", "042"), "女", "")                        // 16, woman
	g.resident(c, "己", regID("110101", "19661126", "051"), "户主", "", data.TagSubsistence)  // 59 (60 tomorrow), man
	gone := g.resident(c, "庚", regID("110101", "19500101", "061"), "配偶", "")               // moved out: not counted
	if err := g.s.RecordEvent(g.ctx, gone.ID, &data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}

	st, err := g.s.Stats(g.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, f data.Figure, want int) {
		t.Run(name, func(t *testing.T) {
			if f.Count != want {
				t.Errorf("count %d, want %d", f.Count, want)
			}
			// The figure's filter lists exactly what it counts.
			switch {
			case f.Residents != nil:
				rf := *f.Residents
				rf.Limit = 1000
				p, err := g.s.SearchResidents(g.ctx, rf)
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Rows) != f.Count {
					t.Errorf("filter %+v lists %d, figure says %d", rf, len(p.Rows), f.Count)
				}
			case f.Households != nil:
				hf := *f.Households
				hf.Limit = 1000
				p, err := g.s.SearchHouseholds(g.ctx, hf)
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Rows) != f.Count {
					t.Errorf("filter %+v lists %d, figure says %d", hf, len(p.Rows), f.Count)
				}
			default:
				t.Errorf("figure without a filter")
			}
		})
	}
	check("households", st.Households, 3)
	check("residents", st.Residents, 6)
	for i, want := range []int{1, 0, 1, 1} {
		check("households "+data.ResidenceTypes[i], st.HouseholdsByResidence[i], want)
	}
	for i, want := range []int{3, 0, 1, 2} {
		check("residents "+data.ResidenceTypes[i], st.ResidentsByResidence[i], want)
	}
	for i, want := range []int{1, 1, 2, 1, 1} {
		check("age band "+st.AgeBands[i].Label, st.AgeBands[i], want)
	}
	check("60+", st.Aged60, 2)
	check("65+", st.Aged65, 2)
	check("floating", st.Floating, 2)
	t.Run("rates", func(t *testing.T) {
		if st.AgingRate60() != 2.0/6 || st.AgingRate65() != 2.0/6 || st.FloatingRate() != 2.0/6 {
			t.Errorf("rates %v %v %v", st.AgingRate60(), st.AgingRate65(), st.FloatingRate())
		}
	})
	for _, f := range st.Tags {
		want := map[string]int{data.TagAloneElderly: 1, data.TagSubsistence: 2, data.TagVeryOld: 1}[f.Label]
		check("tag "+f.Label, f, want)
	}
	t.Run("communities and grids", func(t *testing.T) {
		if len(st.Communities) != 2 || st.Communities[0].Community != "和平社区" || len(st.Communities[1].Grids) != 2 {
			t.Fatalf("%+v", st.Communities)
		}
	})
	for _, c := range st.Communities {
		check("community households "+c.Community, c.Households, map[string]int{"和平社区": 1, "幸福社区": 2}[c.Community])
		check("community residents "+c.Community, c.Residents, map[string]int{"和平社区": 1, "幸福社区": 5}[c.Community])
		for _, gr := range c.Grids {
			check("grid residents "+c.Community+gr.Grid, gr.Residents, map[string]int{"和平社区一网格": 1, "幸福社区一网格": 3, "幸福社区二网格": 2}[c.Community+gr.Grid])
		}
	}
	for _, band := range st.Pyramid {
		wantM := map[string]int{"0–4": 1, "35–39": 1, "55–59": 1, "85–89": 1}[band.Label]
		wantF := map[string]int{"15–19": 1, "65–69": 1}[band.Label]
		check("pyramid male "+band.Label, band.Male, wantM)
		check("pyramid female "+band.Label, band.Female, wantF)
	}
	t.Run("one community", func(t *testing.T) {
		one, err := g.s.Stats(g.ctx, "和平社区")
		if err != nil {
			t.Fatal(err)
		}
		if one.Residents.Count != 1 || one.Households.Count != 1 || one.Residents.Residents.Community != "和平社区" {
			t.Errorf("%+v", one.Residents)
		}
	})
}
