package data_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// These tests are about the office server itself; they run under
// make test-pg (JIEDAO_TEST_PG) and skip otherwise.

func needServer(t *testing.T) {
	t.Helper()
	if !datatest.OnServer() {
		t.Skipf("needs a PostgreSQL server: set %s (make test-pg)", datatest.ServerEnv)
	}
}

func errKey(err error) string {
	var de *data.Error
	if errors.As(err, &de) {
		return de.Key
	}
	return fmt.Sprintf("not a data.Error: %v", err)
}

// TestServerRefusesForeignDatabase: a database with another program's
// tables is refused, and nothing is added to it.
func TestServerRefusesForeignDatabase(t *testing.T) {
	loc, db := datatest.EmptyServerDatabase(t)
	if _, err := db.Exec("CREATE TABLE customers (id integer PRIMARY KEY, name text)"); err != nil {
		t.Fatal(err)
	}
	_, err := data.Open(loc)
	if !errors.Is(err, data.ErrNotJiedao) || errKey(err) != data.KeyServerNotJiedao {
		t.Fatalf("open another program's database: %v (%s)", err, errKey(err))
	}
	var tables int
	if err := db.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 1 {
		t.Errorf("the database has %d tables after the refusal, want its 1", tables)
	}
}

// TestServerRefusesNewerRelease: a register a newer release migrated is
// refused (ErrNewerVersion) and left as it was.
func TestServerRefusesNewerRelease(t *testing.T) {
	loc, db := datatest.EmptyServerDatabase(t)
	s, err := data.Open(loc)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := db.Exec("INSERT INTO migrations (id) VALUES ('9999_future')"); err != nil {
		t.Fatal(err)
	}
	var before int
	db.QueryRow("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()").Scan(&before)
	_, err = data.Open(loc)
	if !errors.Is(err, data.ErrNewerVersion) || errKey(err) != data.KeyServerNewer {
		t.Fatalf("open a newer release's register: %v (%s)", err, errKey(err))
	}
	var after, migs int
	db.QueryRow("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()").Scan(&after)
	db.QueryRow("SELECT count(*) FROM migrations").Scan(&migs)
	if after != before || migs != data.SchemaVersion()+1 {
		t.Errorf("columns %d → %d, migrations %d: the register was changed", before, after, migs)
	}
}

// TestServerConnectErrors: each way of not getting in has its message,
// and none shows the password.
func TestServerConnectErrors(t *testing.T) {
	needServer(t)
	base, _ := url.Parse(datatest.ServerURL(t, datatest.MustOpen(t)))
	with := func(f func(u *url.URL)) string {
		u := *base
		f(&u)
		return u.String()
	}
	for _, tc := range []struct {
		name, loc, key string
	}{
		{"wrong password", with(func(u *url.URL) { u.User = url.UserPassword(u.User.Username(), "wrong-secret") }), data.KeyServerAuth},
		{"unknown user", with(func(u *url.URL) { u.User = url.UserPassword("nobody_here", "wrong-secret") }), data.KeyServerAuth},
		{"no such database", with(func(u *url.URL) { u.Path = "/jiedao_not_there" }), data.KeyServerNoDatabase},
		{"TLS refused", with(func(u *url.URL) {
			q := u.Query()
			q.Set("sslmode", "require")
			u.RawQuery = q.Encode()
		}), data.KeyServerTLS},
		{"unreachable", "postgres://u:wrong-secret@127.0.0.1:1/x?sslmode=disable", data.KeyServerUnreachable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := data.Open(tc.loc)
			if errKey(err) != tc.key {
				t.Fatalf("open: %v (%s), want %s", err, errKey(err), tc.key)
			}
			var de *data.Error
			errors.As(err, &de)
			if msg := data.Render(de.Key, "zh", de.Args) + data.Render(de.Key, "en", de.Args); contains(msg, "wrong-secret") || contains(msg, "{{") {
				t.Errorf("message: %s", msg)
			}
		})
	}
}

// TestServerFileOperations: what only a file has is refused or nothing on
// the server, with a message pointing to the server's own tools.
func TestServerFileOperations(t *testing.T) {
	needServer(t)
	s := datatest.MustOpen(t)
	ctx := context.Background()
	if _, err := s.Backup(ctx, t.TempDir()); errKey(err) != data.KeyServerBackup {
		t.Errorf("Backup: %v", err)
	}
	if p, err := s.AutoBackup(ctx); p != "" || err != nil {
		t.Errorf("AutoBackup: %q, %v", p, err)
	}
	if err := s.CheckIntegrity(ctx); err != nil {
		t.Errorf("CheckIntegrity: %v", err)
	}
	if s.BackupDir() != "" {
		t.Errorf("BackupDir: %q", s.BackupDir())
	}
	if _, err := data.RestoreFile(ctx, datatest.ServerURL(t, s), "x.db", datatest.Epoch()); errKey(err) != data.KeyServerRestore {
		t.Errorf("RestoreFile onto the server: %v", err)
	}
}

// TestServerTwoDesks: two desks open a new register at the same moment
// (the migrations run once), then write at once: every save is kept and
// the audit trail is one unbroken chain.
func TestServerTwoDesks(t *testing.T) {
	loc, db := datatest.EmptyServerDatabase(t)
	const desks, saves = 3, 15
	stores := make([]*data.Store, desks)
	var wg sync.WaitGroup
	errs := make([]error, desks)
	for i := range desks {
		wg.Go(func() { stores[i], errs[i] = data.Open(loc) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("desk %d: open: %v", i, err)
		}
		defer stores[i].Close()
	}
	var migs int
	db.QueryRow("SELECT count(*) FROM migrations").Scan(&migs)
	if migs != data.SchemaVersion() {
		t.Fatalf("%d migrations recorded, want %d", migs, data.SchemaVersion())
	}
	ctx := context.Background()
	first := data.Account{Login: "admin", Name: "管理员", Roles: strings.Join(datatest.FullRoles, ",")}
	if _, err := stores[0].CreateFirstAccount(ctx, first, datatest.Password); err != nil {
		t.Fatal(err)
	}
	bound := make([]*data.Store, desks)
	for i, s := range stores {
		var err error
		if bound[i], err = s.Login(ctx, "admin", datatest.Password); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range bound {
		wg.Go(func() {
			for k := range saves {
				o := data.Organization{Name: fmt.Sprintf("工位%d社工服务中心%d", i, k), Type: data.OrgTypeCommunity, Status: data.OrgActive}
				if _, err := s.CreateOrganization(ctx, &o); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("desk %d: save: %v", i, err)
		}
	}
	var orgs int
	db.QueryRow("SELECT count(*) FROM organizations").Scan(&orgs)
	if orgs != desks*saves {
		t.Errorf("%d organizations kept, want %d", orgs, desks*saves)
	}
	chain, err := bound[1].VerifyAudit(ctx)
	if err != nil {
		t.Fatalf("the audit chain: %v", err)
	}
	if chain.Entries < desks*saves {
		t.Errorf("the chain has %d entries, want at least %d", chain.Entries, desks*saves)
	}
}

// TestServerAgreementNumbers: two desks creating agreements at the same
// moment get different numbers, none given out twice or skipped.
func TestServerAgreementNumbers(t *testing.T) {
	needServer(t)
	f := newAgrFixture(t)
	other, err := data.Open(datatest.ServerURL(t, f.s))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	desk2, err := other.Login(f.ctx, datatest.FullLogin, datatest.Password)
	if err != nil {
		t.Fatal(err)
	}
	const each = 12
	numbers := make([][]string, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, s := range []*data.Store{f.s, desk2} {
		wg.Go(func() {
			for range each {
				a := f.draft()
				if err := s.CreateAgreement(f.ctx, a); err != nil {
					errs[i] = err
					return
				}
				numbers[i] = append(numbers[i], a.Number)
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("desk %d: %v", i, errs[i])
		}
		for _, n := range numbers[i] {
			if seen[n] {
				t.Errorf("number %s given out twice", n)
			}
			seen[n] = true
		}
	}
	if len(seen) != 2*each {
		t.Errorf("%d numbers, want %d", len(seen), 2*each)
	}
	seq, err := f.s.NextAgreementSeq(f.ctx, data.AgreementCommission, 2026)
	if err != nil || seq != 2*each+1 {
		t.Errorf("next sequence %d, %v; want %d (none skipped)", seq, err, 2*each+1)
	}
}

// TestTwoDesksNumberHouseholds: two desks (two Opens of one register, a
// file or the server) creating households without a number at the same
// moment each get new numbers, none given twice, and nothing fails.
func TestTwoDesksNumberHouseholds(t *testing.T) {
	s := datatest.MustOpen(t)
	other := datatest.As(t, datatest.MustOpenPath(t, s.Path()), datatest.FullLogin, datatest.FullRoles, nil, nil)
	ctx := context.Background()
	const each = 10
	numbers := make([][]string, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, desk := range []*data.Store{s, other} {
		wg.Go(func() {
			for k := range each {
				h := data.Household{Community: "幸福社区", Grid: "一网格", Address: fmt.Sprintf("幸福小区%d号楼%d室", i, k), Kind: "家庭户", ResidenceType: "户籍在此居住"}
				if err := desk.CreateHousehold(ctx, &h); err != nil {
					errs[i] = err
					return
				}
				numbers[i] = append(numbers[i], h.Number)
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("desk %d: %v", i, errs[i])
		}
		for _, n := range numbers[i] {
			if seen[n] {
				t.Errorf("household number %s given twice", n)
			}
			seen[n] = true
		}
	}
	if len(seen) != 2*each {
		t.Errorf("%d numbers, want %d", len(seen), 2*each)
	}
}

// TestWriteBesideReaders: while one desk's long write (an import, here a
// transaction held open) is under way, another desk reads without
// waiting and without seeing any of it; once it commits, all of it shows
// at once (on the file through WAL, on the server through MVCC).
func TestWriteBesideReaders(t *testing.T) {
	s := datatest.MustOpen(t)
	reader := datatest.As(t, datatest.MustOpenPath(t, s.Path()), datatest.FullLogin, datatest.FullRoles, nil, nil)
	ctx := context.Background()
	written, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- s.Tx(ctx, func(tx *data.Tx) error {
			for k := range 3 {
				h := data.Household{Number: fmt.Sprintf("H%03d", k), Community: "幸福社区", Address: fmt.Sprintf("幸福小区%d号", k), Kind: "家庭户", ResidenceType: "户籍在此居住"}
				if err := tx.Create(&h); err != nil {
					return err
				}
			}
			close(written)
			<-release
			return nil
		})
	}()
	<-written
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second) // far more than a read takes; a blocked one fails
	page, err := reader.SearchHouseholds(rctx, data.HouseholdFilter{})
	cancel()
	if err != nil || len(page.Rows) != 0 {
		t.Errorf("during the write: %v, %d households seen", err, len(page.Rows))
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if page, err := reader.SearchHouseholds(ctx, data.HouseholdFilter{}); err != nil || len(page.Rows) != 3 {
		t.Errorf("after the commit: %v, %d households", err, len(page.Rows))
	}
}
