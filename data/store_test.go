package data_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestAuditTrail walks one household through its life and checks the
// audit entry each step leaves, with the record before and after.
func TestAuditTrail(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	if err := s.SaveSettings(ctx, data.Settings{OfficeName: "幸福街道办事处", Operator: "李四"}); err != nil {
		t.Fatal(err)
	}
	h := &data.Household{Number: "H1", Address: "幸福路1号"}

	type snap struct {
		ID      *int64  `json:"id"`
		Address *string `json:"address"`
	}
	steps := []struct {
		action       string
		do           func() error
		before       string // address in Before, "" for none
		after        string // address in After, "" for none
		wantNoBefore bool
		wantNoAfter  bool
	}{
		{data.ActionCreate, func() error { return s.Create(ctx, h) }, "", "幸福路1号", true, false},
		{data.ActionUpdate, func() error { h.Address = "幸福路2号"; return s.Update(ctx, h) }, "幸福路1号", "幸福路2号", false, false},
		{data.ActionDelete, func() error { return s.Delete(ctx, h) }, "幸福路2号", "", false, true},
		{data.ActionRestore, func() error { return s.Restore(ctx, "households", h.ID) }, "幸福路2号", "幸福路2号", false, false},
		{data.ActionDelete, func() error { return s.Delete(ctx, h) }, "幸福路2号", "", false, true},
		{data.ActionPurge, func() error { return s.Purge(ctx, "households", h.ID) }, "幸福路2号", "", false, true},
	}
	for i, st := range steps {
		t.Run(st.action, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			log, err := s.AuditLog(ctx, data.AuditFilter{Entity: "households", EntityID: h.ID, Limit: 1})
			if err != nil || len(log) != 1 {
				t.Fatalf("audit log: %v, %v", log, err)
			}
			e := log[0]
			if e.Action != st.action || e.Entity != "households" || e.EntityID != h.ID || e.Operator != datatest.FullOperator {
				t.Errorf("step %d: entry %+v", i, e)
			}
			if !e.At.Equal(datatest.Epoch()) {
				t.Errorf("At = %v, want the store's clock", e.At)
			}
			check := func(which, js, wantAddr string, wantNone bool) {
				if wantNone {
					if js != "" {
						t.Errorf("%s = %s, want none", which, js)
					}
					return
				}
				var v snap
				if err := json.Unmarshal([]byte(js), &v); err != nil {
					t.Fatalf("%s is not JSON: %v: %s", which, err, js)
				}
				if v.ID == nil || *v.ID != h.ID || v.Address == nil || *v.Address != wantAddr {
					t.Errorf("%s = %s, want address %q", which, js, wantAddr)
				}
			}
			check("Before", e.Before, st.before, st.wantNoBefore)
			check("After", e.After, st.after, st.wantNoAfter)
		})
	}
	t.Run("deleted before is the live row", func(t *testing.T) {
		log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: "households", EntityID: h.ID})
		for _, e := range log {
			if e.Action != data.ActionDelete {
				continue
			}
			var v struct {
				DeletedAt *string `json:"deletedAt"`
			}
			json.Unmarshal([]byte(e.Before), &v)
			if v.DeletedAt != nil {
				t.Errorf("delete's Before already deleted: %s", e.Before)
			}
		}
	})
}

func TestUpdateKeepsCreatedAt(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	h := &data.Household{Number: "H1"}
	if err := s.Create(ctx, h); err != nil {
		t.Fatal(err)
	}
	later := datatest.Epoch().AddDate(0, 0, 1)
	s.Now = func() time.Time { return later }
	// A form builds a fresh value with only the ID and fields.
	if err := s.Update(ctx, &data.Household{Model: data.Model{ID: h.ID}, Number: "H1", Address: "新地址"}); err != nil {
		t.Fatal(err)
	}
	var got data.Household
	if err := data.StoreDB(s).First(&got, h.ID).Error; err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(datatest.Epoch()) || !got.UpdatedAt.Equal(later) || got.Address != "新地址" {
		t.Errorf("after update: created %v updated %v address %q", got.CreatedAt, got.UpdatedAt, got.Address)
	}
}

func TestWritesOfMissingRecords(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	gone := &data.Household{Number: "H1"}
	if err := s.Create(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	live := &data.Household{Number: "H2"}
	if err := s.Create(ctx, live); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
	}{
		{"update unsaved", func() error { return s.Update(ctx, &data.Household{Number: "X"}) }},
		{"update unknown id", func() error { return s.Update(ctx, &data.Household{Model: data.Model{ID: 999}}) }},
		{"update deleted", func() error { return s.Update(ctx, gone) }},
		{"delete deleted", func() error { return s.Delete(ctx, gone) }},
		{"restore live", func() error { return s.Restore(ctx, "households", live.ID) }},
		{"purge live", func() error { return s.Purge(ctx, "households", live.ID) }},
		{"restore unknown id", func() error { return s.Restore(ctx, "households", 999) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, data.ErrNotFound) {
				t.Errorf("got %v, want ErrNotFound", err)
			}
		})
	}
}

func TestWritesRejectNonModels(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	tests := []struct {
		name string
		v    any
	}{
		{"nil", nil},
		{"struct value", data.Household{}},
		{"pointer to int", new(int)},
		{"nil pointer", (*data.Household)(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Create(ctx, tt.v); err == nil {
				t.Error("Create accepted it")
			}
		})
	}
}

func TestDuplicateKeyIsPortable(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	if err := s.Create(ctx, &data.Household{Number: "H1"}); err != nil {
		t.Fatal(err)
	}
	err := s.Create(ctx, &data.Household{Number: "H1"})
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		t.Errorf("duplicate number: %v, want gorm.ErrDuplicatedKey", err)
	}
}

// note is a soft-deletable model that recycle.go does not know.
type note struct {
	data.Model
	Text string
}

func TestDeleteKinds(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	t.Run("soft delete outside the recycle bin refused", func(t *testing.T) {
		if err := data.StoreDB(s).AutoMigrate(&note{}); err != nil {
			t.Fatal(err)
		}
		n := &note{Text: "x"}
		if err := s.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, n); err == nil {
			t.Error("Delete hid a record the recycle bin cannot list")
		}
		var count int64
		data.StoreDB(s).Model(&note{}).Count(&count)
		if count != 1 {
			t.Errorf("%d notes visible, want 1", count)
		}
	})
	t.Run("model without DeletedAt is purged, audited", func(t *testing.T) {
		h := &data.Household{Number: "H1"}
		if err := s.Create(ctx, h); err != nil {
			t.Fatal(err)
		}
		r := &data.Resident{HouseholdID: h.ID, Name: "张三", Tags: []data.ResidentTag{{Tag: "低保"}}}
		if err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		tag := &r.Tags[0]
		if err := s.Delete(ctx, tag); err != nil {
			t.Fatal(err)
		}
		var count int64
		data.StoreDB(s).Unscoped().Model(&data.ResidentTag{}).Count(&count)
		if count != 0 {
			t.Errorf("%d tags left", count)
		}
		log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: "resident_tags", EntityID: tag.ID})
		if len(log) != 1 || log[0].Action != data.ActionPurge || !strings.Contains(log[0].Before, "低保") {
			t.Errorf("audit = %+v", log)
		}
	})
}
