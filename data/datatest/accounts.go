package datatest

import (
	"context"
	"strings"
	"testing"

	"jiedao/data"
)

// Password is the password of every account the helpers create.
const Password = "test-passw0rd-街道"

// FullLogin is the account MustOpen binds its store to: admin, street
// manager and auditor, over the whole street, so that a test that is not
// about permissions may do everything.
const FullLogin = "tester"

// FullRoles are FullLogin's roles.
var FullRoles = []string{data.RoleAdmin, data.RoleStreet, data.RoleAuditor}

// As returns a store bound to the account login (sharing s's database),
// creating the account first when it is missing, with the roles and the
// scope given (grids as "社区/网格") and the password Password. An existing
// account is logged in as it is. Test binaries hash passwords cheaply
// (see data.HashPassword), so creating many accounts is fast.
func As(tb testing.TB, s *data.Store, login string, roles []string, communities, grids []string) *data.Store {
	tb.Helper()
	ensureAccount(tb, s, data.Account{
		Login: login, Name: login, Roles: strings.Join(roles, ","),
		Communities: strings.Join(communities, ","), Grids: strings.Join(grids, ","),
	})
	b, err := s.Login(context.Background(), login, Password)
	if err != nil {
		tb.Fatalf("datatest: log in as %s: %v", login, err)
	}
	return b
}

// ensureAccount inserts a, with Password, through a test connection
// closed at once (so that nothing holds the file, as a restore wants; not
// audited: a fixture, not an act of the test) when its login is not there.
func ensureAccount(tb testing.TB, s *data.Store, a data.Account) {
	tb.Helper()
	db := open(tb, s)
	defer closeDB(tb, db)
	var n int64
	if err := db.Model(&data.Account{}).Where("login = ?", a.Login).Count(&n).Error; err != nil {
		tb.Fatalf("datatest: look up account %s: %v", a.Login, err)
	}
	if n > 0 {
		return
	}
	if err := a.Validate(); err != nil {
		tb.Fatalf("datatest: account %s: %v", a.Login, err)
	}
	h, err := data.HashPassword(Password)
	if err != nil {
		tb.Fatal(err)
	}
	a.PasswordHash = h
	if err := db.Create(&a).Error; err != nil {
		tb.Fatalf("datatest: create account %s: %v", a.Login, err)
	}
}

// FullOperator is how audit entries written through MustOpen's store name
// their operator: FullLogin's Account.AuditName.
const FullOperator = FullLogin + "（" + FullLogin + "）"
