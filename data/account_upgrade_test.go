package data

import (
	"context"
	"path/filepath"
	"testing"
)

// TestUpgradeToAccounts: a register made by the release before accounts
// (six migrations, an operator in the settings, entries under that name)
// opens with no account; the first admin takes the operator's name, and
// the audit chain, old entries and new, verifies.
func TestUpgradeToAccounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jiedao.db")
	old := mustOpenWith(t, path, options{migrations: migrations()[:6]})
	old.setOperator("赵敏") // as that release saved it, with no account
	legacyTx(t, old, func(tx *Tx) error {
		v := Settings{Operator: "赵敏"}
		if err := saveSettingRows(tx, v); err != nil {
			return err
		}
		return tx.Audit(ActionUpdate, EntitySettings, 0, nil, v)
	})
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s := mustOpenUnbound(t, path, options{})
	defer s.Close()
	if has, err := s.HasAccounts(ctx); err != nil || has {
		t.Fatalf("HasAccounts after the upgrade = %v, %v", has, err)
	}
	if _, err := s.CreateFirstAdmin(ctx, "zhaomin", "", "幸福社区2026!"); err != nil {
		t.Fatal(err)
	}
	b, err := s.Login(ctx, "zhaomin", "幸福社区2026!")
	if err != nil {
		t.Fatal(err)
	}
	if who, _ := b.Who(); who.Name != "赵敏" {
		t.Errorf("the first admin's name %q, want the settings' operator", who.Name)
	}
	var log []AuditEntry // the admin may not read the log: read it directly
	err = b.db.Order("id DESC").Limit(10).Find(&log).Error
	if err != nil || len(log) < 3 {
		t.Fatalf("audit log %+v, %v", log, err)
	}
	if log[0].Operator != "赵敏（zhaomin）" || log[0].Entity != EntityAccounts {
		t.Errorf("the first admin's entry %+v", log[0])
	}
	if log[len(log)-1].Operator != "赵敏" {
		t.Errorf("the old release's entry now names %q", log[len(log)-1].Operator)
	}
	if _, err := verifyAudit(b.db.WithContext(ctx)); err != nil {
		t.Errorf("the upgraded chain: %v", err)
	}
}
