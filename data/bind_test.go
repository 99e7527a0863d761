package data

import (
	"context"
	"testing"
)

// The internal tests' accounts (the package's own tests cannot use
// datatest, which imports data): testLogin has every role of the register
// over the whole street, as datatest.FullLogin has for the others.
const (
	testLogin    = "tester"
	testPassword = "test-passw0rd-街道"
)

// asTester returns s bound to testLogin, creating the account on first
// use (not audited: a fixture). A database without the accounts table (a
// test of an older release's file) stays unbound.
func asTester(t testing.TB, s *Store) *Store {
	t.Helper()
	if !s.db.Migrator().HasTable(&Account{}) {
		return s
	}
	var n int64
	if err := s.db.Model(&Account{}).Where("login = ?", testLogin).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		h, err := HashPassword(testPassword)
		if err != nil {
			t.Fatal(err)
		}
		a := Account{Login: testLogin, Name: testLogin, Roles: RoleAdmin + "," + RoleStreet + "," + RoleAuditor, PasswordHash: h}
		if err := s.db.Create(&a).Error; err != nil {
			t.Fatal(err)
		}
	}
	b, err := s.Login(context.Background(), testLogin, testPassword)
	if err != nil {
		t.Fatalf("log in as %s: %v", testLogin, err)
	}
	return b
}

// testOperator is how asTester's entries name their operator.
const testOperator = testLogin + "（" + testLogin + "）"

// legacyTx runs fn in a transaction of s with no account and no check,
// writing as the release before accounts did (its entries under the
// settings' operator): for tests of upgrades from that release's files.
func legacyTx(t testing.TB, s *Store, fn func(tx *Tx) error) {
	t.Helper()
	if err := s.runTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// testPermit is testLogin's leave to restore the database at path (see
// Store.RestorePermit), for restores of a closed store.
func testPermit(path string) RestorePermit { return RestorePermit{path: path, operator: testOperator} }
