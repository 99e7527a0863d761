package data_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestSettingsByRole: a street manager changes the office's settings only,
// an administrator every setting, others none.
func TestSettingsByRole(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	base := data.Settings{OfficeName: "幸福街道办事处", Address: "幸福路1号"}
	if err := s.SaveSettings(ctx, base); err != nil {
		t.Fatal(err)
	}
	street := datatest.As(t, s, "st", []string{data.RoleStreet}, nil, nil)
	admin := datatest.As(t, s, "ad", []string{data.RoleAdmin}, nil, nil)
	sq := datatest.As(t, s, "sq", []string{data.RoleCommunity}, []string{"幸福社区"}, nil)

	office := base
	office.OfficeName, office.LegalRep, office.Contact, office.Phone = "幸福街道办事处（新）", "王主任", "李科长", "13812345678"
	if err := street.SaveSettings(ctx, office); err != nil {
		t.Errorf("street manager cannot change the office's settings: %v", err)
	}
	for name, change := range map[string]func(*data.Settings){
		"language":  func(v *data.Settings) { v.Language = "en" },
		"theme":     func(v *data.Settings) { v.Theme = data.ThemeDark },
		"text size": func(v *data.Settings) { v.TextSize = data.TextLarge },
		"operator":  func(v *data.Settings) { v.Operator = "张三" },
	} {
		v := office
		change(&v)
		if err := street.SaveSettings(ctx, v); !errors.Is(err, data.ErrPermission) {
			t.Errorf("street manager changes the %s: %v", name, err)
		}
		if err := admin.SaveSettings(ctx, v); err != nil {
			t.Errorf("administrator cannot change the %s: %v", name, err)
		}
		if err := admin.SaveSettings(ctx, office); err != nil {
			t.Fatal(err)
		}
	}
	if err := sq.SaveSettings(ctx, office); !errors.Is(err, data.ErrPermission) {
		t.Errorf("community worker saves settings: %v", err)
	}
	if err := street.SaveAgreementNumberPattern(ctx, data.AgreementCommission, ""); err != nil {
		t.Errorf("street manager cannot set the agreement numbers: %v", err)
	}
	if err := sq.SaveAgreementNumberPattern(ctx, data.AgreementCommission, ""); !errors.Is(err, data.ErrPermission) {
		t.Errorf("community worker sets the agreement numbers: %v", err)
	}
	got, err := s.Settings(ctx)
	if err != nil || got != office {
		t.Errorf("settings %+v (%v), want %+v", got, err, office)
	}
}

// TestBackupRestoreAdminOnly: backing up, compacting and restoring are
// the administrator's; a restore by permit records the administrator.
func TestBackupRestoreAdminOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "jiedao.db")
	s := datatest.MustOpenPath(t, path)
	street := datatest.As(t, s, "st", []string{data.RoleStreet}, nil, nil)
	admin := datatest.As(t, s, "ad", []string{data.RoleAdmin}, nil, nil)
	for name, call := range map[string]func(*data.Store) error{
		"backup":  func(s *data.Store) error { _, err := s.Backup(ctx, ""); return err },
		"compact": func(s *data.Store) error { return s.Compact(ctx) },
		"permit":  func(s *data.Store) error { _, err := s.RestorePermit(); return err },
	} {
		if err := call(street); !errors.Is(err, data.ErrPermission) {
			t.Errorf("street manager's %s: %v", name, err)
		}
		if err := call(admin); err != nil {
			t.Errorf("administrator's %s: %v", name, err)
		}
	}
	backup, err := admin.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	permit, err := admin.RestorePermit()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := data.RestoreFileAs(ctx, data.RestorePermit{}, backup, datatest.Epoch()); !errors.Is(err, data.ErrNoAccount) {
		t.Errorf("restore without a permit: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := data.RestoreFileAs(ctx, permit, backup, datatest.Epoch()); err != nil {
		t.Fatal(err)
	}
	r := datatest.MustOpenPath(t, path)
	log, err := r.AuditLog(ctx, data.AuditFilter{Action: data.ActionRestoreFile, Limit: 1})
	if err != nil || len(log) != 1 || log[0].Operator != "ad（ad）" {
		t.Errorf("restore entry %+v (%v), want by ad（ad）", log, err)
	}
}
