package data_test

import (
	"context"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestAuditFilter selects entries by account, action, record kind and
// record, time range and looks at whole numbers, as the audit screen's
// filters do.
func TestAuditFilter(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	// "a_b" would match "axb" if LIKE's "_" were not escaped.
	ab := datatest.As(t, s, "a_b", []string{data.RoleStreet}, nil, nil)
	axb := datatest.As(t, s, "axb", []string{data.RoleStreet}, nil, nil)
	aud := datatest.As(t, s, "aud", []string{data.RoleAuditor}, nil, nil)
	day1 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	day2 := day1.AddDate(0, 0, 1)
	at := func(tm time.Time) { s.Now = func() time.Time { return tm } }

	at(day1)
	h1 := data.Household{Community: "幸福社区", Grid: "一网格", Address: "幸福路1号", ResidenceType: data.ResidenceLocal}
	if err := ab.CreateHousehold(ctx, &h1); err != nil {
		t.Fatal(err)
	}
	at(day2)
	h2 := data.Household{Community: "幸福社区", Grid: "一网格", Address: "幸福路2号", ResidenceType: data.ResidenceLocal, Phone: "13812345678"}
	if err := axb.CreateHousehold(ctx, &h2); err != nil {
		t.Fatal(err)
	}
	if _, err := ab.Unmask(ctx, "households", h2.ID, data.FieldPhone, "核实身份"); err != nil {
		t.Fatal(err)
	}

	type want struct {
		login, action string
		id            int64
	}
	for _, c := range []struct {
		name string
		f    data.AuditFilter
		want []want
	}{
		{"login", data.AuditFilter{Login: "a_b"}, []want{{"a_b", data.ActionView, h2.ID}, {"a_b", data.ActionCreate, h1.ID}}},
		{"login other", data.AuditFilter{Login: "axb"}, []want{{"axb", data.ActionCreate, h2.ID}}},
		{"no such login", data.AuditFilter{Login: "a"}, nil},
		{"action", data.AuditFilter{Action: data.ActionCreate, Entity: "households"}, []want{{"axb", data.ActionCreate, h2.ID}, {"a_b", data.ActionCreate, h1.ID}}},
		{"record", data.AuditFilter{Entity: "households", EntityID: h2.ID}, []want{{"a_b", data.ActionView, h2.ID}, {"axb", data.ActionCreate, h2.ID}}},
		{"views only", data.AuditFilter{ViewsOnly: true, Action: data.ActionCreate}, []want{{"a_b", data.ActionView, h2.ID}}},
		// day1 in the desk's time, given as a UTC instant: the offsets differ, the instants count.
		{"day one", data.AuditFilter{Entity: "households", From: day1.Add(-9 * time.Hour).UTC(), To: day1.Add(15 * time.Hour).UTC()}, []want{{"a_b", data.ActionCreate, h1.ID}}},
		{"from day two", data.AuditFilter{Entity: "households", From: day2}, []want{{"a_b", data.ActionView, h2.ID}, {"axb", data.ActionCreate, h2.ID}}},
		// Stored as "…09:00+08:00", bounded by "…01:00Z" and "…02:00Z": text would not compare.
		{"an hour in UTC", data.AuditFilter{Entity: "households", From: day2.UTC(), To: day2.Add(time.Hour).UTC()}, []want{{"a_b", data.ActionView, h2.ID}, {"axb", data.ActionCreate, h2.ID}}},
		{"to exclusive", data.AuditFilter{Entity: "households", To: day2}, []want{{"a_b", data.ActionCreate, h1.ID}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			log, err := aud.AuditLog(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, e := range log {
				_, login := data.ParseOperator(e.Operator)
				got = append(got, want{login, e.Action, e.EntityID})
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}
