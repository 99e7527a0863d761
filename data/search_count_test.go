package data_test

import (
	"context"
	"slices"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/data/demo"
)

// TestCountMatchesSearch holds CountResidents and CountHouseholds to the
// rows the searches list page after page, for each kind of query and
// filter, on demo data.
func TestCountMatchesSearch(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, s, demo.Options{Households: 150, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Communities(ctx)
	if err != nil || len(cs) == 0 || len(cs[0].Grids) == 0 {
		t.Fatalf("communities %v, %v", cs, err)
	}
	var some data.ResidentRow
	p, _ := s.SearchResidents(ctx, data.ResidentFilter{Limit: 40})
	some = p.Rows[len(p.Rows)-1]
	c, g := cs[0].Community, cs[0].Grids[0]
	residents := map[string]data.ResidentFilter{
		"all":               {},
		"community":         {Community: c},
		"grid":              {Community: c, Grid: g},
		"floating":          {ResidenceType: data.ResidenceFloating},
		"tag":               {Tag: data.TagAloneElderly},
		"80+":               {Tag: data.TagVeryOld},
		"women 60+":         {Sex: data.SexFemale, AgeMin: 60},
		"0-4":               {AgeMax: 4, HasAgeMax: true},
		"moved out":         {Status: data.StatusMovedOut},
		"with history":      {IncludeInactive: true},
		"surname":           {Query: string([]rune(some.Name)[:1])},
		"name and grid":     {Query: string([]rune(some.Name)[:1]), Community: c},
		"pinyin initial":    {Query: "z"},
		"pinyin":            {Query: "zhang"},
		"ID tail":           {Query: "12"},
		"digits":            {Query: "1101"},
		"address 1 char":    {Query: "区"},
		"address 2 chars":   {Query: string([]rune(some.Address)[:2])},
		"address and age":   {Query: string([]rune(some.Address)[:2]), AgeMin: 18},
		"nothing":           {Query: "qqqqq"},
		"tag and community": {Tag: data.TagDisabled, Community: c},
	}
	nonZero := 0
	for name, f := range residents {
		t.Run("residents/"+name, func(t *testing.T) {
			want := 0
			p := f
			p.Limit = 37
			for {
				page, err := s.SearchResidents(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				want += len(page.Rows)
				if page.Next == "" {
					break
				}
				p.After = page.Next
			}
			got, err := s.CountResidents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("counted %d, the search lists %d", got, want)
			}
			if got > 0 {
				nonZero++
			}
		})
	}
	if nonZero < len(residents)*2/3 {
		t.Errorf("only %d of %d filters select anyone: the demo data does not exercise them", nonZero, len(residents))
	}
	households := map[string]data.HouseholdFilter{
		"all":       {},
		"community": {Community: c},
		"grid":      {Community: c, Grid: g},
		"number":    {Query: some.HouseholdNumber[:6]},
		"address":   {Query: string([]rune(some.Address)[:2])},
		"floating":  {ResidenceType: data.ResidenceFloating},
	}
	for name, f := range households {
		t.Run("households/"+name, func(t *testing.T) {
			want := 0
			p := f
			p.Limit = 23
			for {
				page, err := s.SearchHouseholds(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				want += len(page.Rows)
				if page.Next == "" {
					break
				}
				p.After = page.Next
			}
			got, err := s.CountHouseholds(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if got != want || (name == "all" && got != 150) {
				t.Errorf("counted %d, the search lists %d", got, want)
			}
		})
	}
	// Communities: every community and grid of a live household, once.
	var pairs []struct{ Community, Grid string }
	data.StoreDB(s).Model(&data.Household{}).Distinct("community", "grid").Scan(&pairs)
	n := 0
	for _, c := range cs {
		n += len(c.Grids)
		if !slices.IsSorted(c.Grids) {
			t.Errorf("grids of %s not sorted: %v", c.Community, c.Grids)
		}
	}
	if n != len(pairs) {
		t.Errorf("%d grids listed, %d in the households", n, len(pairs))
	}
}
