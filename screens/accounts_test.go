package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestAccountsPage(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	newHousehold(t, s, "801") // a community and a grid to offer
	a := showScreen(t, e, NewAccounts(e).(*accounts))
	if len(a.all) != 1 || a.all[0].Login != datatest.FullLogin {
		t.Fatalf("accounts %+v", a.all)
	}
	// A new community worker: refused without a community, then made.
	test.Tap(a.add)
	f := a.form
	test.Type(f.login, "zhangsan")
	test.Type(f.name, "张三")
	test.Type(f.password, "first-passw0rd")
	f.roles.SetSelected([]string{lang.L("role." + data.RoleCommunity)})
	test.Tap(f.ok)
	e.Wait()
	if got := fieldNamed(f.fields, "communities").err.Text; got == "" {
		t.Fatalf("a community worker without a community: no message (general %q)", f.general.Text)
	}
	if len(f.communities.Options) == 0 {
		t.Fatal("no communities offered")
	}
	f.communities.SetSelected(f.communities.Options[:1])
	test.Tap(f.ok)
	e.Wait()
	if len(a.all) != 2 {
		t.Fatalf("after the save: %d accounts (problems %q)", len(a.all), f.general.Text)
	}
	var zs data.Account
	for _, acc := range a.all {
		if acc.Login == "zhangsan" {
			zs = acc
		}
	}
	if !zs.MustChange || zs.Communities != f.communities.Options[0] {
		t.Errorf("stored %+v", zs)
	}
	row := a.list.CreateItem()
	for i, acc := range a.all {
		if acc.Login == "zhangsan" {
			a.updateRow(i, row)
			a.list.Select(i)
		}
	}
	if got := strings.Join(texts(row), "|"); !strings.Contains(got, "张三") || !strings.Contains(got, zs.Communities) {
		t.Errorf("the row reads %q", got)
	}
	// Reset: a temporary password shown once, which logs in.
	var secret string
	a.onShown = func(s string) { secret = s }
	a.resetPassword()
	confirmTop(t, e)
	if secret == "" {
		t.Fatal("no temporary password shown")
	}
	if _, err := s.Login(ctx, "zhangsan", secret); err != nil {
		t.Errorf("the temporary password does not log in: %v", err)
	}
	e.Escape()
	// Disable.
	for i, acc := range a.all {
		if acc.Login == "zhangsan" {
			a.list.Select(i)
		}
	}
	a.disableAccount()
	confirmTop(t, e)
	if _, err := s.Login(ctx, "zhangsan", secret); err == nil {
		t.Error("a disabled account logs in")
	}
	// Editing its roles keeps it disabled; unticking 已停用 enables it.
	for i, acc := range a.all {
		if acc.Login == "zhangsan" {
			a.list.Select(i)
		}
	}
	test.Tap(a.edit)
	f = a.form
	if f.disabled == nil || !f.disabled.Checked {
		t.Fatal("the edit form does not say the account is disabled")
	}
	f.name.SetText("张三丰")
	test.Tap(f.ok)
	e.Wait()
	if _, err := s.Login(ctx, "zhangsan", secret); err == nil {
		t.Error("an edit enabled the disabled account")
	}
	for i, acc := range a.all {
		if acc.Login == "zhangsan" {
			a.list.Select(i)
		}
	}
	test.Tap(a.edit)
	a.form.disabled.SetChecked(false)
	test.Tap(a.form.ok)
	e.Wait()
	if _, err := s.Login(ctx, "zhangsan", secret); err != nil {
		t.Errorf("enabled again, the account does not log in: %v", err)
	}
	// A new recovery code for the administrator.
	secret = ""
	a.newRecoveryCode()
	confirmTop(t, e)
	if len(secret) < 20 {
		t.Errorf("recovery code %q", secret)
	}
}

// confirmTop taps the confirm button of the dialog on top.
func confirmTop(t *testing.T, e *Env) {
	t.Helper()
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	for _, label := range []string{lang.L("acc.Reset password"), lang.L("acc.Disable"), lang.L("acc.New recovery code")} {
		if b := findButtonOrNil(top, label); b != nil {
			test.Tap(b)
			e.Wait()
			return
		}
	}
	t.Fatalf("no confirm button in %q", texts(top))
}

func findButtonOrNil(o fyne.CanvasObject, text string) *widget.Button {
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}
