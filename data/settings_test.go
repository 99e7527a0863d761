package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestSettingsRoundTrip(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()

	first, err := s.FirstRun(ctx)
	if err != nil || !first {
		t.Fatalf("FirstRun on a new database = %v, %v", first, err)
	}
	if got := s.Operator(); got != "" {
		t.Errorf("Operator before setup = %q", got)
	}
	want := data.Settings{
		OfficeName: "幸福街道办事处", Address: "幸福路100号", LegalRep: "王五",
		Contact: "赵六", Phone: "010-65123456", Operator: "李四", Language: "zh",
	}
	in := want
	in.OfficeName = "  " + in.OfficeName + "\t" // trimmed on save
	in.Phone = "(010) 6512 3456"                // saved in canonical form
	if err := s.SaveSettings(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("Settings = %+v, want %+v", got, want)
	}
	if s.Operator() != "李四" {
		t.Errorf("Operator = %q", s.Operator())
	}
	if first, _ := s.FirstRun(ctx); first {
		t.Error("FirstRun after saving settings")
	}

	t.Run("audited", func(t *testing.T) {
		log, _ := s.AuditLog(ctx, data.AuditFilter{Entity: data.EntitySettings})
		if len(log) != 1 || log[0].Action != data.ActionUpdate ||
			!strings.Contains(log[0].Before, `"officeName":""`) || !strings.Contains(log[0].After, `"officeName":"幸福街道办事处"`) {
			t.Errorf("audit = %+v", log)
		}
	})
	t.Run("operator survives reopening", func(t *testing.T) {
		path := s.Path()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s2 := datatest.MustOpenPath(t, path)
		if s2.Operator() != "李四" {
			t.Errorf("Operator after reopen = %q", s2.Operator())
		}
	})
}

func TestFirstRunWithHouseholds(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	h := &data.Household{Number: "H1"}
	if err := s.Create(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, h); err != nil {
		t.Fatal(err)
	}
	if first, err := s.FirstRun(ctx); err != nil || first {
		t.Errorf("FirstRun with a (deleted) household = %v, %v", first, err)
	}
}

func TestSaveSettingsInvalid(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	err := s.SaveSettings(ctx, data.Settings{OfficeName: "   ", Phone: "12345"})
	if !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("SaveSettings = %v, want ErrInvalid", err)
	}
	got, _ := s.Settings(ctx)
	if got != (data.Settings{}) {
		t.Errorf("invalid settings saved: %+v", got)
	}
	if log, _ := s.AuditLog(ctx, data.AuditFilter{}); len(log) != 0 {
		t.Errorf("invalid save audited: %+v", log)
	}
}

func TestSettingsValidate(t *testing.T) {
	ok := data.Settings{OfficeName: "幸福街道办事处"}
	with := func(f func(*data.Settings)) data.Settings { v := ok; f(&v); return v }
	tests := []struct {
		name  string
		v     data.Settings
		key   string // "" for valid
		field string
	}{
		{"minimal", ok, "", ""},
		{"office name missing", data.Settings{}, data.KeyInvalidRequired, "officeName"},
		{"office name blank", with(func(v *data.Settings) { v.OfficeName = " \t" }), data.KeyInvalidRequired, "officeName"},
		{"office name 64 chars", with(func(v *data.Settings) { v.OfficeName = strings.Repeat("街", 64) }), "", ""},
		{"office name 65 chars", with(func(v *data.Settings) { v.OfficeName = strings.Repeat("街", 65) }), data.KeyInvalidTooLong, "officeName"},
		{"address too long", with(func(v *data.Settings) { v.Address = strings.Repeat("路", 257) }), data.KeyInvalidTooLong, "address"},
		{"operator too long", with(func(v *data.Settings) { v.Operator = strings.Repeat("a", 65) }), data.KeyInvalidTooLong, "operator"},
		{"mobile", with(func(v *data.Settings) { v.Phone = "13812345678" }), "", ""},
		{"mobile 19x", with(func(v *data.Settings) { v.Phone = "19912345678" }), "", ""},
		{"landline 3-digit area", with(func(v *data.Settings) { v.Phone = "010-65123456" }), "", ""},
		{"landline 4-digit area", with(func(v *data.Settings) { v.Phone = "0755-8123456" }), "", ""},
		{"landline extension", with(func(v *data.Settings) { v.Phone = "0755-8123456-801" }), "", ""},
		{"mobile too short", with(func(v *data.Settings) { v.Phone = "1381234567" }), data.KeyInvalidPhone, "phone"},
		{"mobile 12x", with(func(v *data.Settings) { v.Phone = "12812345678" }), data.KeyInvalidPhone, "phone"},
		{"landline local part starting with 1", with(func(v *data.Settings) { v.Phone = "0755-1234567" }), data.KeyInvalidPhone, "phone"},
		{"landline without area code", with(func(v *data.Settings) { v.Phone = "12345678" }), data.KeyInvalidPhone, "phone"},
		{"letters", with(func(v *data.Settings) { v.Phone = "010-ABCDEFGH" }), data.KeyInvalidPhone, "phone"},
		{"language en", with(func(v *data.Settings) { v.Language = "en" }), "", ""},
		{"language fr", with(func(v *data.Settings) { v.Language = "fr" }), data.KeyInvalidLanguage, "language"},
		{"theme dark", with(func(v *data.Settings) { v.Theme = data.ThemeDark }), "", ""},
		{"theme system", with(func(v *data.Settings) { v.Theme = data.ThemeSystem }), "", ""},
		{"theme light is the default", with(func(v *data.Settings) { v.Theme = "light" }), data.KeyInvalidTheme, "theme"},
		{"text large", with(func(v *data.Settings) { v.TextSize = data.TextLarge }), "", ""},
		{"text xlarge", with(func(v *data.Settings) { v.TextSize = data.TextXLarge }), "", ""},
		{"text huge", with(func(v *data.Settings) { v.TextSize = "huge" }), data.KeyInvalidTextSize, "textSize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate()
			if tt.key == "" {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			var e *data.Error
			if !errors.As(err, &e) {
				t.Fatalf("Validate = %v, want a *data.Error", err)
			}
			if e.Key != tt.key || e.Args["Field"] != tt.field {
				t.Errorf("Validate = key %q field %v, want %q %q", e.Key, e.Args["Field"], tt.key, tt.field)
			}
			if !errors.Is(err, data.ErrInvalid) {
				t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
			}
		})
	}
	t.Run("all problems reported", func(t *testing.T) {
		err := data.Settings{Phone: "x", Language: "fr"}.Validate()
		for _, key := range []string{data.KeyInvalidRequired, data.KeyInvalidPhone, data.KeyInvalidLanguage} {
			if !errors.Is(err, &data.Error{Key: key}) {
				t.Errorf("%v lacks %s", err, key)
			}
		}
	})
}
