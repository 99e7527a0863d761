package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestOperatorAskedFirst runs on an unbound store, as the window opens one
// until its login lands: a bound store's operator is its account.
func TestOperatorAskedFirst(t *testing.T) {
	u, s := newTestUIOn(t, "en", datatest.MustOpenUnbound(t, filepath.Join(t.TempDir(), "jiedao.db")))
	ran := false
	p := u.requireOperator(func() { ran = true })
	if p == nil || ran {
		t.Fatal("no operator in the settings, yet nobody was asked")
	}
	ctx := context.Background()
	var de *data.Error
	if err := s.Create(ctx, &data.Household{Number: "H1"}); !errors.As(err, &de) || de.Key != data.KeyOperatorRequired {
		t.Errorf("a write without an operator: %v", err)
	}
	test.Tap(p.ok) // nothing typed
	if ran || p.problem.Text == "" {
		t.Errorf("an empty name was taken (problem %q)", p.problem.Text)
	}
	test.Type(p.name, "王芳")
	test.Tap(p.ok)
	if !ran || s.Operator() != "王芳" {
		t.Fatalf("after the name: ran %v, operator %q", ran, s.Operator())
	}
	if err := s.Create(ctx, &data.Household{Number: "H1"}); err != nil {
		t.Fatal(err)
	}
	log, _ := s.AuditLog(ctx, data.AuditFilter{Limit: 2})
	if len(log) != 2 || log[0].Operator != "王芳" || log[1].Operator != "王芳" || log[1].Entity != data.EntitySettings {
		t.Errorf("entries %+v", log)
	}
	if !shows(u.statusOperator, "王芳") {
		t.Error("the status bar does not show the operator")
	}
	// Clearing the name in the settings is refused now.
	st, _ := s.Settings(ctx)
	st.OfficeName, st.Operator = "东华门街道办事处", ""
	if err := s.SaveSettings(ctx, st); err == nil {
		t.Error("the settings cleared the operator")
	}
	// Asked once: the next start goes straight on.
	ran = false
	if p := u.requireOperator(func() { ran = true }); p != nil || !ran {
		t.Error("asked again with an operator set")
	}
}
