package demo

import (
	"context"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestScopeAccounts: community workers are numbered in the generator's
// order of the communities, grid workers in the grids' numeric order
// (第10网格 after 第2网格), whatever order the register lists them in.
func TestScopeAccounts(t *testing.T) {
	got := ScopeAccounts([]data.CommunityGrids{
		{Community: "和平社区", Grids: []string{"第10网格", "第1网格", "第2网格"}},
		{Community: "春晖社区", Grids: []string{"第1网格"}},
	})
	want := []struct{ login, scope string }{
		{"sq01", "春晖社区"}, {"wg0101", "春晖社区/第1网格"},
		{"sq02", "和平社区"}, {"wg0201", "和平社区/第1网格"}, {"wg0202", "和平社区/第2网格"}, {"wg0203", "和平社区/第10网格"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d accounts: %+v", len(got), got)
	}
	for i, w := range want {
		a := got[i]
		if a.Login != w.login || a.Communities+a.Grids != w.scope || a.Validate() != nil {
			t.Errorf("account %d: %+v, want %s over %s", i, a, w.login, w.scope)
		}
	}
}

// TestCreateAccounts: the accounts log in with the password and need no
// change; an administrator's store is required, and a password the rules
// refuse is refused before anything is written.
func TestCreateAccounts(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	const pw = "演示-密码-2026"
	if err := CreateAccounts(ctx, s, "123456", StaffAccounts()); err == nil {
		t.Error("a common password was accepted")
	}
	street := datatest.As(t, s, "s1", []string{data.RoleStreet}, nil, nil)
	if err := CreateAccounts(ctx, street, pw, StaffAccounts()); err == nil {
		t.Error("a street manager created accounts")
	}
	if err := CreateAccounts(ctx, s, pw, StaffAccounts()); err != nil {
		t.Fatal(err)
	}
	for _, a := range StaffAccounts() {
		b, err := s.Login(ctx, a.Login, pw)
		if err != nil {
			t.Fatalf("%s: %v", a.Login, err)
		}
		if must, err := b.MustChangePassword(ctx); err != nil || must {
			t.Errorf("%s must change its password: %v %v", a.Login, must, err)
		}
	}
}
