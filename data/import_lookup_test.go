package data_test

import (
	"slices"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// importReads are the lookups of import_lookup.go and
// import_organizations.go, through the store or a transaction.
type importReads struct {
	storedHouseholds func([]string) ([]data.StoredHousehold, error)
	byIDNumber       func([]string) ([]data.IDNumberMatch, error)
	households       func([]int64) ([]data.Household, error)
	residents        func([]int64) ([]data.Resident, error)
	holdingUSCC      func(string) (data.Organization, bool, error)
	named            func(string, int) ([]data.Organization, error)
}

// TestImportLookups: the store and a transaction read the same: households
// by number with the recycle bin's, records by ID number with the history,
// households and residents by ID without the recycle bin's, organizations
// by code with the recycle bin's and by name without.
func TestImportLookups(t *testing.T) {
	g := newRegFixture(t)
	ctx := g.ctx
	live := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	binned := g.household("幸福社区", "一网格", "幸福小区", "1", "102", data.ResidenceLocal)
	head := g.resident(live, "张伟", regID("110101", "19800307", "011"), "户主", "", data.TagVeteran)
	left := g.resident(live, "李娜", regID("110101", "19820512", "022"), "配偶", "")
	if err := g.s.RecordEvent(ctx, left.ID, &data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2025-01-01"}); err != nil {
		t.Fatal(err)
	}
	back := g.resident(binned, "李娜", left.IDNumber, "户主", "")
	for _, v := range []any{back, binned} {
		if err := g.s.Delete(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	org := data.Organization{Name: "阳光社工服务中心", USCC: uscc("52110101MJ0000001"), Type: data.OrgTypeService, Status: data.OrgActive, Bank: "工行", Account: "0200000001"}
	gone := data.Organization{Name: "夕阳红服务社", USCC: uscc("52110101MJ0000002"), Type: data.OrgTypeService, Status: data.OrgActive, Bank: "工行", Account: "0200000002"}
	for _, o := range []*data.Organization{&org, &gone} {
		if _, err := g.s.CreateOrganization(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.s.Delete(ctx, &gone); err != nil {
		t.Fatal(err)
	}

	check := func(t *testing.T, rd importReads) {
		hs, err := rd.storedHouseholds([]string{"nope", live.Number, binned.Number})
		if err != nil || len(hs) != 2 {
			t.Fatalf("StoredHouseholds: %v %+v", err, hs)
		}
		slices.SortFunc(hs, func(a, b data.StoredHousehold) int { return int(a.ID - b.ID) })
		if want := []data.StoredHousehold{{ID: live.ID, Number: live.Number}, {ID: binned.ID, Number: binned.Number, InRecycleBin: true}}; !slices.Equal(hs, want) {
			t.Errorf("StoredHouseholds: %+v, want %+v", hs, want)
		}

		ms, err := rd.byIDNumber([]string{regID("110101", "19900101", "033"), left.IDNumber, head.IDNumber})
		want := []data.IDNumberMatch{{Index: 2, ID: head.ID, HouseholdID: live.ID, Active: true}, {Index: 1, ID: left.ID, HouseholdID: live.ID}}
		if err != nil || !slices.Equal(ms, want) {
			t.Errorf("ResidentsByIDNumber: %v %+v, want %+v (the binned household's %d left out)", err, ms, want, back.ID)
		}

		got, err := rd.households([]int64{live.ID, binned.ID})
		if err != nil || len(got) != 1 || got[0].Number != live.Number {
			t.Errorf("HouseholdsByID: %v %+v", err, got)
		}
		rs, err := rd.residents([]int64{head.ID, back.ID})
		if err != nil || len(rs) != 1 || len(rs[0].Tags) != 1 || rs[0].Tags[0].Tag != data.TagVeteran {
			t.Errorf("ResidentsByID: %v %+v", err, rs)
		}

		for _, tc := range []struct {
			code  string
			id    int64
			found bool
		}{{org.USCC, org.ID, true}, {gone.USCC, gone.ID, true}, {uscc("52110101MJ0000003"), 0, false}} {
			o, found, err := rd.holdingUSCC(tc.code)
			if err != nil || found != tc.found || o.ID != tc.id {
				t.Errorf("OrganizationHoldingUSCC(%s): %v %v %d, want %v %d", tc.code, err, found, o.ID, tc.found, tc.id)
			}
		}
		if os, err := rd.named(org.Name, 2); err != nil || len(os) != 1 || os[0].ID != org.ID {
			t.Errorf("OrganizationsNamed(%s): %v %+v", org.Name, err, os)
		}
		if os, err := rd.named(gone.Name, 2); err != nil || len(os) != 0 {
			t.Errorf("OrganizationsNamed(%s), in the recycle bin: %v %+v", gone.Name, err, os)
		}
	}
	t.Run("store", func(t *testing.T) {
		s := g.s
		check(t, importReads{
			storedHouseholds: func(n []string) ([]data.StoredHousehold, error) { return s.StoredHouseholds(ctx, n) },
			byIDNumber:       func(ids []string) ([]data.IDNumberMatch, error) { return s.ResidentsByIDNumber(ctx, ids) },
			households:       func(ids []int64) ([]data.Household, error) { return s.HouseholdsByID(ctx, ids) },
			residents:        func(ids []int64) ([]data.Resident, error) { return s.ResidentsByID(ctx, ids) },
			holdingUSCC:      func(c string) (data.Organization, bool, error) { return s.OrganizationHoldingUSCC(ctx, c) },
			named:            func(n string, l int) ([]data.Organization, error) { return s.OrganizationsNamed(ctx, n, l) },
		})
	})
	t.Run("transaction", func(t *testing.T) {
		err := g.s.Tx(ctx, func(tx *data.Tx) error {
			check(t, importReads{tx.StoredHouseholds, tx.ResidentsByIDNumber, tx.HouseholdsByID,
				tx.ResidentsByID, tx.OrganizationHoldingUSCC, tx.OrganizationsNamed})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// uscc completes 17 characters with their check character.
func uscc(first17 string) string { return first17 + string(data.USCCCheckChar(first17)) }

// TestImportedWrites: an import's updates, heads and numbers, unaudited.
func TestImportedWrites(t *testing.T) {
	g := newRegFixture(t)
	ctx := g.ctx
	h := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	old := g.resident(h, "张伟", regID("110101", "19800307", "011"), "户主", "", data.TagVeteran)
	next := g.resident(h, "李娜", regID("110101", "19820512", "022"), "配偶", "")
	entries := func() int {
		log, err := g.s.AuditLog(ctx, data.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(log)
	}
	audited := entries()
	var last string
	err := g.s.Tx(ctx, func(tx *data.Tx) error {
		hh, r := *h, *next
		hh.Notes, hh.HeadID = "改", nil
		r.Phone = "13912345678"
		if err := tx.UpdateImportedHousehold(&hh); err != nil {
			return err
		}
		if err := tx.UpdateImportedResident(&r); err != nil {
			return err
		}
		if err := tx.ReplaceImportedTags(next.ID, []data.ResidentTag{{Tag: data.TagSubsistence}}); err != nil {
			return err
		}
		if err := tx.SetImportedHeads([]data.HouseholdHead{{Household: h.ID, Resident: next.ID}}, []int64{old.ID}); err != nil {
			return err
		}
		var err error
		last, err = tx.LastHouseholdNumber(datatest.Epoch().Format("2006"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if last != h.Number {
		t.Errorf("LastHouseholdNumber = %q, want %q", last, h.Number)
	}
	gotH, _ := g.s.Household(ctx, h.ID)
	if gotH.Notes != "改" || gotH.HeadID == nil || *gotH.HeadID != next.ID {
		t.Errorf("household: notes %q head %v, want 改 and %d", gotH.Notes, gotH.HeadID, next.ID)
	}
	gotOld, _ := g.s.Resident(ctx, old.ID)
	gotNext, _ := g.s.Resident(ctx, next.ID)
	if gotOld.Relation != data.RelationOther || len(gotOld.Tags) != 1 {
		t.Errorf("former head: relation %q tags %+v", gotOld.Relation, gotOld.Tags)
	}
	if gotNext.Phone != "13912345678" || gotNext.PhoneTail != "5678" || len(gotNext.Tags) != 1 || gotNext.Tags[0].Tag != data.TagSubsistence {
		t.Errorf("updated resident: %+v", gotNext)
	}
	if n := entries(); n != audited {
		t.Errorf("%d audit entries after the import's writes, want %d", n, audited)
	}
}
