package data_test

import (
	"context"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestSmokeRegistry(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	h := &data.Household{Community: "幸福社区", Estate: "幸福小区", Building: "3", Unit: "2", Room: "301", ResidenceType: data.ResidenceLocal}
	if err := s.CreateHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	t.Log(h.Number, h.Address)
	r := &data.Resident{HouseholdID: h.ID, Name: "单 田芳", IDNumber: "11010519491231002x", Relation: "户主", Phone: "138 1234 5678"}
	w, err := s.AddResident(ctx, r, nil)
	t.Log(w, err, r.NamePinyin, r.NameInitials, r.IDTail, r.PhoneTail, r.Sex, r.BirthDate)
	for _, q := range []string{"", "单", "shan", "st", "002X", "5678", "幸福", "小区3", "区", "13812345678"} {
		p, err := s.SearchResidents(ctx, data.ResidentFilter{Query: q})
		t.Log(q, len(p.Rows), err)
	}
	st, err := s.SearchHouseholds(ctx, data.HouseholdFilter{Query: "幸福"})
	t.Log(st, err)
}
