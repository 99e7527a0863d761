package data_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"jiedao/data"
)

// TestRosterPages: the roster reads, page by page, the residents the list
// shows in its order, each with household and care tags, and stops at
// fn's error.
func TestRosterPages(t *testing.T) {
	g := newRegFixture(t)
	for i, c := range []string{"幸福社区", "和平社区", "幸福社区"} {
		h := g.household(c, "一网格", "幸福小区", "1", fmt.Sprintf("10%d", i+1), data.ResidenceLocal)
		for k, rel := range []string{"户主", "配偶", "子"} {
			g.resident(h, "张"+rel, regID("110101", fmt.Sprintf("198003%02d", i+1), fmt.Sprintf("0%d%d", i, k)), rel, "", data.TagVeteran)
		}
	}
	for _, tc := range []struct {
		name string
		f    data.ResidentFilter
	}{
		{"whole register", data.ResidentFilter{}},
		{"filtered", data.ResidentFilter{Community: "幸福社区"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			f.Limit = 100
			list, err := g.s.SearchResidents(g.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []int64
			for _, r := range list.Rows {
				want = append(want, r.ID)
			}
			pages := 0
			err = g.s.RosterPages(g.ctx, tc.f, 2, func(rows []data.RosterRow) error {
				pages++
				for _, r := range rows {
					got = append(got, r.Resident.ID)
					if r.Household.ID != r.Resident.HouseholdID || r.Household.Number == "" || r.Resident.IDNumber == "" ||
						len(r.Resident.Tags) != 1 || r.Resident.Tags[0].Tag != data.TagVeteran {
						t.Errorf("roster row %+v", r)
					}
				}
				return nil
			})
			if err != nil || !slices.Equal(got, want) || pages != (len(want)+1)/2 {
				t.Errorf("RosterPages: %v, %d pages of %v, want %v", err, pages, got, want)
			}
			stop := errors.New("stop")
			calls := 0
			err = g.s.RosterPages(g.ctx, tc.f, 2, func([]data.RosterRow) error { calls++; return stop })
			if !errors.Is(err, stop) || calls != 1 {
				t.Errorf("after fn's error: %v, %d calls", err, calls)
			}
		})
	}
	if !(data.ResidentFilter{Limit: 5, After: "x"}).Unfiltered() || (data.ResidentFilter{Community: "幸福社区"}).Unfiltered() {
		t.Error("Unfiltered")
	}
}
