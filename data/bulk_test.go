package data_test

import (
	"context"
	"fmt"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func bulkHousehold(n int) data.Household {
	return data.Household{Number: fmt.Sprintf("B%03d", n), Community: "幸福社区", Grid: "一网格",
		Estate: "幸福小区", Building: "1", Address: fmt.Sprintf("幸福小区1号楼 %d室 'A'", n),
		Kind: "家庭户", ResidenceType: "户籍在此居住", Housing: "自有", Notes: "备注\x00后"}
}

func bulkResident(hh int64, n int) data.Resident {
	return data.Resident{HouseholdID: hh, Name: fmt.Sprintf("𠮷野%d", n), Sex: "男", BirthDate: "1980-03-07",
		Ethnicity: "汉族", Relation: "户主", Phone: "13812345678", Status: "在住", Notes: "it's"}
}

// inserter prepares bulk inserts of T in tx, closed when the test ends
// (the transaction is over by then; Close only releases the statements).
func inserter[T data.BulkModel](t *testing.T, tx *data.Tx) *data.BulkInserter[T] {
	t.Helper()
	b, err := data.NewBulkInserter[T](tx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// TestBulkInsertMatchesCreate: rows the bulk inserter writes (a full
// prepared batch and a shorter last one) read back column for column as
// the rows GORM's Create writes, text outside the BMP, quotes, a NUL byte,
// NULLs and times included.
func TestBulkInsertMatchesCreate(t *testing.T) {
	datatest.SkipOnServer(t, "SQLite's prepared multi-row INSERT; the server takes GORM's Create")
	s := datatest.MustOpen(t)
	ctx := context.Background()
	rows := 64 + 3                              // a full prepared INSERT (preparedRows) and a shorter one
	compared := []int{0, 1, rows - 2, rows - 1} // from the full batch and from the last one
	var viaCreate, viaBulk []int64
	err := s.Tx(ctx, func(tx *data.Tx) error {
		bh := inserter[data.Household](t, tx)
		br := inserter[data.Resident](t, tx)
		if !bh.ReservesIDs() || !br.ReservesIDs() {
			t.Fatalf("the registry's models fell back to GORM's Create (households %v, residents %v)", bh.ReservesIDs(), br.ReservesIDs())
		}
		hs := make([]data.Household, rows)
		for k := range hs {
			hs[k] = bulkHousehold(k)
		}
		if err := bh.Insert(hs); err != nil {
			return err
		}
		rs := make([]data.Resident, rows)
		for k := range rs {
			rs[k] = bulkResident(hs[k].ID, k)
		}
		if err := br.Insert(rs); err != nil {
			return err
		}
		for k := range rs {
			viaBulk = append(viaBulk, hs[k].ID, rs[k].ID)
		}
		for _, k := range compared {
			h := bulkHousehold(k)
			h.Number += "C" // unique
			if err := tx.Create(&h); err != nil {
				return err
			}
			r := bulkResident(h.ID, k)
			if err := tx.Create(&r); err != nil {
				return err
			}
			viaCreate = append(viaCreate, h.ID, r.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db := datatest.DB(t, s)
	row := func(table string, id int64) map[string]any {
		var m map[string]any
		if err := db.Table(table).Where("id = ?", id).Take(&m).Error; err != nil {
			t.Fatal(err)
		}
		delete(m, "id")
		return m
	}
	for c, k := range compared {
		hb, hc := row("households", viaBulk[2*k]), row("households", viaCreate[2*c])
		hb["number"], hc["number"] = nil, nil
		if fmt.Sprint(hb) != fmt.Sprint(hc) {
			t.Errorf("household %d written in bulk:\n%v\nby Create:\n%v", k, hb, hc)
		}
		rb, rc := row("residents", viaBulk[2*k+1]), row("residents", viaCreate[2*c+1])
		rb["household_id"], rc["household_id"] = nil, nil
		if fmt.Sprint(rb) != fmt.Sprint(rc) {
			t.Errorf("resident %d written in bulk:\n%v\nby Create:\n%v", k, rb, rc)
		}
	}
	// The values themselves, not only their sameness.
	var got data.Resident
	if err := db.First(&got, viaBulk[2*(rows-1)+1]).Error; err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("𠮷野%d", rows-1); got.Name != want || got.Notes != "it's" || got.NamePinyin == "" || got.CreatedAt.IsZero() {
		t.Errorf("bulk resident read back as %+v", got)
	}
	var h data.Household
	if err := db.First(&h, viaBulk[0]).Error; err != nil {
		t.Fatal(err)
	}
	if h.Notes != "备注\x00后" || h.Address != "幸福小区1号楼 0室 'A'" {
		t.Errorf("bulk household read back as %q %q", h.Address, h.Notes)
	}
	// The address index has the households written in bulk.
	page, err := s.SearchHouseholds(ctx, data.HouseholdFilter{Query: "30室"})
	if err != nil || len(page.Rows) != 1 || page.Rows[0].ID != viaBulk[2*30] {
		t.Errorf("address search for a household written in bulk: %v %+v", err, page.Rows)
	}
}

// TestBulkInsertReserve: reserved IDs come after every ID ever handed out,
// a purged household's too, and rows inserted with them keep them; rows
// without one take the next.
func TestBulkInsertReserve(t *testing.T) {
	datatest.SkipOnServer(t, "IDs reserved ahead in the file (ReservesIDs is SQLite's)")
	s := datatest.MustOpen(t)
	ctx := context.Background()
	gone := bulkHousehold(900)
	if err := s.CreateHousehold(ctx, &gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, &gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Purge(ctx, "households", gone.ID); err != nil {
		t.Fatal(err)
	}
	var reserved, next int64
	err := s.Tx(ctx, func(tx *data.Tx) error {
		bh := inserter[data.Household](t, tx)
		reserved = bh.Reserve(2)
		hs := []data.Household{bulkHousehold(1), bulkHousehold(2), bulkHousehold(3)}
		hs[0].ID, hs[1].ID = reserved+1, reserved
		if err := bh.Insert(hs); err != nil {
			return err
		}
		next = hs[2].ID
		bt := inserter[data.ResidentTag](t, tx)
		br := inserter[data.Resident](t, tx)
		rs := []data.Resident{bulkResident(reserved, 1)}
		if err := br.Insert(rs); err != nil {
			return err
		}
		return bt.Insert([]data.ResidentTag{{ResidentID: rs[0].ID, Tag: data.TagSubsistence}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if reserved <= gone.ID || next != reserved+2 {
		t.Errorf("reserved %d after the purged %d; the next row got %d", reserved, gone.ID, next)
	}
	h, err := s.HouseholdByNumber(ctx, "B002")
	if err != nil || h.ID != reserved {
		t.Errorf("B002: %v, ID %d, want %d", err, h.ID, reserved)
	}
	page, err := s.SearchResidents(ctx, data.ResidentFilter{Tag: data.TagSubsistence})
	if err != nil || len(page.Rows) != 1 || page.Rows[0].HouseholdID != reserved {
		t.Errorf("the tag written in bulk: %v %+v", err, page.Rows)
	}
}
