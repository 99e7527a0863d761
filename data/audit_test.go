package data_test

import (
	"context"
	"fmt"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestAuditLogFilterAndPaging(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	var ids []int64
	for i := range 5 {
		h := &data.Household{Number: fmt.Sprintf("H%d", i)}
		if err := s.Create(ctx, h); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, h.ID)
	}
	err := s.Tx(ctx, func(tx *data.Tx) error {
		return tx.Audit("print", "agreements", 7, nil, map[string]string{"file": "a.pdf"})
	})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		f    data.AuditFilter
		want []string // "entity/id" newest first
	}{
		{"all", data.AuditFilter{}, []string{"agreements/7", "households/5", "households/4", "households/3", "households/2", "households/1"}},
		{"action", data.AuditFilter{Action: "print"}, []string{"agreements/7"}},
		{"action and entity", data.AuditFilter{Action: data.ActionCreate, Entity: "households", Limit: 1}, []string{"households/5"}},
		{"entity", data.AuditFilter{Entity: "households"}, []string{"households/5", "households/4", "households/3", "households/2", "households/1"}},
		{"record", data.AuditFilter{Entity: "households", EntityID: ids[2]}, []string{"households/3"}},
		{"first page", data.AuditFilter{Entity: "households", Limit: 2}, []string{"households/5", "households/4"}},
		{"next page", data.AuditFilter{Entity: "households", Limit: 2, BeforeID: 4}, []string{"households/3", "households/2"}},
		{"last page", data.AuditFilter{Entity: "households", Limit: 2, BeforeID: 2}, []string{"households/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, err := s.AuditLog(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range log {
				got = append(got, fmt.Sprintf("%s/%d", e.Entity, e.EntityID))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("custom entry", func(t *testing.T) {
		log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: "agreements"})
		if len(log) != 1 || log[0].Action != "print" || log[0].Before != "" || log[0].After != `{"file":"a.pdf"}` {
			t.Errorf("entry = %+v", log)
		}
	})
}
