package data_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestAgreementNumbering(t *testing.T) {
	f := newAgrFixture(t)
	next := func(t *testing.T, kind string) *data.Agreement {
		t.Helper()
		d := f.draft()
		d.Kind = kind
		return f.create(t, d)
	}
	expect := func(t *testing.T, a *data.Agreement, want string) {
		t.Helper()
		if a.Number != want {
			t.Errorf("number %q, want %q", a.Number, want)
		}
	}
	var second *data.Agreement
	t.Run("per kind", func(t *testing.T) {
		expect(t, next(t, data.AgreementCommission), "〔2026〕委字第001号")
		expect(t, next(t, data.AgreementProject), "〔2026〕项字第001号")
		second = next(t, data.AgreementCommission)
		expect(t, second, "〔2026〕委字第002号")
	})
	t.Run("deleted, never reused", func(t *testing.T) {
		if err := f.s.DeleteAgreement(f.ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		expect(t, next(t, data.AgreementCommission), "〔2026〕委字第003号")
	})
	t.Run("purged, never reused", func(t *testing.T) {
		a := next(t, data.AgreementCommission)
		expect(t, a, "〔2026〕委字第004号")
		for _, id := range []int64{second.ID, a.ID} {
			if id == a.ID {
				if err := f.s.DeleteAgreement(f.ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.s.Purge(f.ctx, "agreements", id); err != nil {
				t.Fatal(err)
			}
		}
		expect(t, next(t, data.AgreementCommission), "〔2026〕委字第005号")
	})
	t.Run("restored keeps its number", func(t *testing.T) {
		a := next(t, data.AgreementProject)
		if err := f.s.DeleteAgreement(f.ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Restore(f.ctx, "agreements", a.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Agreement(f.ctx, a.ID)
		if err != nil || got.Number != "〔2026〕项字第002号" {
			t.Errorf("number %q, %v", got.Number, err)
		}
	})
	t.Run("a new year starts at 1", func(t *testing.T) {
		f.s.Now = func() time.Time { return time.Date(2027, 1, 1, 8, 0, 0, 0, datatest.Epoch().Location()) }
		defer func() { f.s.Now = datatest.Epoch }()
		a := next(t, data.AgreementCommission)
		expect(t, a, "〔2027〕委字第001号")
		if a.Year != 2027 || a.Seq != 1 {
			t.Errorf("year %d seq %d", a.Year, a.Seq)
		}
		expect(t, next(t, data.AgreementProject), "〔2027〕项字第001号")
	})
	t.Run("back in the old year, the old sequence goes on", func(t *testing.T) {
		expect(t, next(t, data.AgreementCommission), "〔2026〕委字第006号")
	})
	t.Run("a number taken by an imported agreement is skipped", func(t *testing.T) {
		imported := &data.Agreement{Kind: data.AgreementCommission, Number: "〔2026〕委字第007号", Year: 2026, Seq: 7,
			Title: "旧系统导入", OrganizationID: f.org.ID, Status: data.AgreementDraft}
		if err := data.StoreDB(f.s).Session(&gorm.Session{SkipHooks: true}).Create(imported).Error; err != nil {
			t.Fatal(err)
		}
		expect(t, next(t, data.AgreementCommission), "〔2026〕委字第008号")
	})
	t.Run("configured pattern", func(t *testing.T) {
		if err := f.s.SaveAgreementNumberPattern(f.ctx, data.AgreementProject, "幸街项〔{年}〕{序号:4}号"); err != nil {
			t.Fatal(err)
		}
		expect(t, next(t, data.AgreementProject), "幸街项〔2026〕0003号")
		got, _ := f.s.AgreementNumberPattern(f.ctx, data.AgreementProject)
		if got != "幸街项〔{年}〕{序号:4}号" {
			t.Errorf("pattern %q", got)
		}
		if err := f.s.SaveAgreementNumberPattern(f.ctx, data.AgreementProject, ""); err != nil {
			t.Fatal(err)
		}
		expect(t, next(t, data.AgreementProject), "〔2026〕项字第004号")
	})
}

func TestAgreementNumberPattern(t *testing.T) {
	for _, tc := range []struct {
		pattern, want, key string
	}{
		{"〔{年}〕委字第{序号:3}号", "〔2026〕委字第007号", ""},
		{"WT-{year}-{seq:5}", "WT-2026-00007", ""},
		{"{年}{序号:1}", "20267", ""},
		{"委字第{序号}号", "", data.KeyNumberPatternTokens},
		{"〔{年}〕第号", "", data.KeyNumberPatternTokens},
		{"{年}{年}{序号}", "", data.KeyNumberPatternTokens},
		{"{年}-{编号}", "", data.KeyNumberPattern},
		{"{年}-{序号:0}", "", data.KeyNumberPattern},
		{"{年}-{序号", "", data.KeyNumberPattern},
		{"{年}}-{序号}", "", data.KeyNumberPattern},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			got, err := data.FormatAgreementNumber(tc.pattern, 2026, 7)
			if agrKey(err) != tc.key || got != tc.want {
				t.Errorf("got %q, %v; want %q, %s", got, err, tc.want, tc.key)
			}
		})
	}
	t.Run("the other kind's pattern is refused", func(t *testing.T) {
		s := datatest.MustOpen(t)
		err := s.SaveAgreementNumberPattern(t.Context(), data.AgreementProject, data.DefaultNumberPattern(data.AgreementCommission))
		if agrKey(err) != data.KeyNumberPatternShared {
			t.Errorf("err = %v", err)
		}
	})
}

func TestNextAgreementSeq(t *testing.T) {
	f := newAgrFixture(t)
	next := func(t *testing.T, kind string, year int) int64 {
		t.Helper()
		n, err := f.s.NextAgreementSeq(f.ctx, kind, year)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := next(t, data.AgreementCommission, 2026); got != 1 {
		t.Errorf("before any agreement: %d, want 1", got)
	}
	var last *data.Agreement
	for range 3 {
		d := f.draft()
		d.Kind = data.AgreementCommission
		last = f.create(t, d)
	}
	if err := f.s.DeleteAgreement(f.ctx, last.ID); err != nil {
		t.Fatal(err)
	}
	if got := next(t, data.AgreementCommission, 2026); got != 4 {
		t.Errorf("after three, one deleted: %d, want 4 (numbers are never given back)", got)
	}
	if got := next(t, data.AgreementProject, 2026); got != 1 {
		t.Errorf("the other kind: %d, want 1", got)
	}
	if got := next(t, data.AgreementCommission, 2027); got != 1 {
		t.Errorf("next year: %d, want 1", got)
	}
}
