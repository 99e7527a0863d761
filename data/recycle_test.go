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

func TestRecycleBin(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	h := &data.Household{Number: "H1", Estate: "幸福小区", Building: "3栋", Room: "101"}
	r := &data.Resident{Name: "张三", IDNumber: "11010519491231002X", Tags: []data.ResidentTag{{Tag: "低保"}}}
	keep := &data.Household{Number: "H2", Address: "幸福路2号"}
	for _, v := range []any{h, keep} {
		if err := s.Create(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	r.HouseholdID = h.ID
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}

	// Delete the household first, then the resident an hour later.
	if err := s.Delete(ctx, h); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return datatest.Epoch().Add(time.Hour) }
	if err := s.Delete(ctx, r); err != nil {
		t.Fatal(err)
	}

	t.Run("list", func(t *testing.T) {
		bin, err := s.RecycleBin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []data.DeletedItem{
			{Entity: "residents", ID: r.ID, Label: "张三 110105********002X", DeletedAt: datatest.Epoch().Add(time.Hour)},
			{Entity: "households", ID: h.ID, Label: "H1 幸福小区 3栋 101", DeletedAt: datatest.Epoch()},
		}
		if len(bin) != len(want) {
			t.Fatalf("bin = %+v, want %+v", bin, want)
		}
		for i := range want {
			g, w := bin[i], want[i]
			if g.Entity != w.Entity || g.ID != w.ID || g.Label != w.Label || !g.DeletedAt.Equal(w.DeletedAt) {
				t.Errorf("bin[%d] = %+v, want %+v", i, g, w)
			}
		}
	})
	t.Run("hidden from reads", func(t *testing.T) {
		var n int64
		data.StoreDB(s).Model(&data.Household{}).Count(&n)
		if n != 1 {
			t.Errorf("%d households visible, want 1", n)
		}
	})
	t.Run("restore", func(t *testing.T) {
		if err := s.Restore(ctx, "households", h.ID); err != nil {
			t.Fatal(err)
		}
		var got data.Household
		if err := data.StoreDB(s).First(&got, h.ID).Error; err != nil {
			t.Fatalf("restored household not visible: %v", err)
		}
		bin, _ := s.RecycleBin(ctx)
		if len(bin) != 1 || bin[0].Entity != "residents" {
			t.Errorf("bin after restore = %+v", bin)
		}
	})
	t.Run("purge", func(t *testing.T) {
		if err := s.Purge(ctx, "residents", r.ID); err != nil {
			t.Fatal(err)
		}
		var n int64
		data.StoreDB(s).Unscoped().Model(&data.Resident{}).Where("id = ?", r.ID).Count(&n)
		if n != 0 {
			t.Error("purged resident still in the table")
		}
		data.StoreDB(s).Model(&data.ResidentTag{}).Where("resident_id = ?", r.ID).Count(&n)
		if n != 0 {
			t.Error("purged resident's tags still there")
		}
		bin, _ := s.RecycleBin(ctx)
		if len(bin) != 0 {
			t.Errorf("bin after purge = %+v", bin)
		}
		log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: "residents", EntityID: r.ID, Limit: 1})
		if len(log) != 1 || log[0].Action != data.ActionPurge || !contains(log[0].Before, "低保") {
			t.Errorf("purge audit does not keep the tags: %+v", log)
		}
	})
	t.Run("unknown entity", func(t *testing.T) {
		err := s.Restore(ctx, "nonsense", 1)
		if err == nil || errors.Is(err, data.ErrNotFound) {
			t.Errorf("Restore(nonsense) = %v", err)
		}
	})
}

func contains(s, sub string) bool { return len(sub) > 0 && strings.Contains(s, sub) }
