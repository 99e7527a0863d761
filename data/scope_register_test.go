package data_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestRecycleBinScope: the bin lists what the account may restore; a
// record outside the scope is not found; only the street manager purges.
func TestRecycleBinScope(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	// In the bin: the households of 幸福社区/二网格 and 和平社区, and the
	// resident of 幸福社区/一网格.
	for _, v := range []any{
		&data.Household{Model: data.Model{ID: m.ids["幸福二"]}}, &data.Household{Model: data.Model{ID: m.ids["和平"]}},
		&data.Resident{Model: data.Model{ID: m.res["幸福一"]}},
	} {
		if err := m.s.Delete(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	bin := func(s *data.Store) []string {
		t.Helper()
		items, err := s.RecycleBin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			for k, id := range m.ids {
				if it.Entity == "households" && it.ID == id {
					out = append(out, k)
				}
			}
			for k, id := range m.res {
				if it.Entity == "residents" && it.ID == id {
					out = append(out, "居民"+k)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	sq, wg := m.accounts[data.RoleCommunity], m.accounts[data.RoleGrid]
	for name, c := range map[string]struct {
		s    *data.Store
		want []string
	}{
		"street":    {m.accounts[data.RoleStreet], []string{"和平", "居民幸福一", "幸福二"}},
		"community": {sq, []string{"居民幸福一", "幸福二"}},
		"grid":      {wg, []string{"居民幸福一"}},
		"viewer":    {m.accounts[data.RoleViewer], nil},
		"admin":     {m.accounts[data.RoleAdmin], nil},
	} {
		if got := bin(c.s); !slices.Equal(got, c.want) {
			t.Errorf("%s's recycle bin %v, want %v", name, got, c.want)
		}
	}
	if err := sq.Restore(ctx, "households", m.ids["和平"]); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker restores another community's household: %v", err)
	}
	if err := wg.Restore(ctx, "households", m.ids["幸福二"]); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("grid worker restores another grid's household: %v", err)
	}
	if err := m.accounts[data.RoleViewer].Restore(ctx, "households", m.ids["幸福二"]); !errors.Is(err, data.ErrPermission) {
		t.Errorf("viewer restores: %v", err)
	}
	if err := sq.Purge(ctx, "households", m.ids["幸福二"]); !errors.Is(err, data.ErrPermission) {
		t.Errorf("community worker purges: %v", err)
	}
	if err := sq.Restore(ctx, "households", m.ids["幸福二"]); err != nil {
		t.Errorf("community worker cannot restore their community's household: %v", err)
	}
	if err := m.accounts[data.RoleStreet].Purge(ctx, "households", m.ids["和平"]); err != nil {
		t.Errorf("street manager cannot purge: %v", err)
	}
}

// TestGenericWriteScope: Create, Update and Delete check the model's
// permission and the scope; a record outside it is not found.
func TestGenericWriteScope(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	sq, wg := m.accounts[data.RoleCommunity], m.accounts[data.RoleGrid]
	other, err := m.s.Household(ctx, m.ids["和平"])
	if err != nil {
		t.Fatal(err)
	}
	other.Notes = "改"
	if err := sq.Update(ctx, &other); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker updates another community's household: %v", err)
	}
	if err := sq.Delete(ctx, &data.Resident{Model: data.Model{ID: m.res["和平"]}}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("community worker deletes another community's resident: %v", err)
	}
	if err := wg.Delete(ctx, &data.Household{Model: data.Model{ID: m.ids["幸福二"]}}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("grid worker deletes another grid's household: %v", err)
	}
	own, err := sq.Household(ctx, m.ids["幸福一"])
	if err != nil {
		t.Fatal(err)
	}
	own.Community = "和平社区"
	if err := sq.Update(ctx, &own); keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker moves a household out of their community: %v", err)
	}
	if err := sq.Create(ctx, &data.Resident{HouseholdID: m.ids["和平"], Name: "新人", Relation: "其他"}); keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker adds a resident to another community's household: %v", err)
	}
	acct := data.Account{Login: "sneaky", Name: "sneaky", Roles: data.RoleAdmin}
	if err := sq.Create(ctx, &acct); !errors.Is(err, data.ErrPermission) {
		t.Errorf("community worker creates an account through Create: %v", err)
	}
	if err := m.accounts[data.RoleViewer].Delete(ctx, &data.Household{Model: data.Model{ID: m.ids["幸福一"]}}); !errors.Is(err, data.ErrPermission) {
		t.Errorf("viewer deletes: %v", err)
	}
	if got, _ := m.s.Household(ctx, m.ids["和平"]); got.Notes == "改" {
		t.Error("another community's household changed")
	}
}

// TestRegisterReadScope: the register's other reads keep to the scope;
// a record outside it by ID is not found.
func TestRegisterReadScope(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	for _, k := range []string{"幸福一", "和平"} {
		r, err := m.s.Resident(ctx, m.res[k])
		if err != nil {
			t.Fatal(err)
		}
		r.Tags = []data.ResidentTag{{Tag: data.TagSubsistence}}
		if _, err := m.s.UpdateResident(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	sq := m.accounts[data.RoleCommunity]
	all := []int64{m.res["幸福一"], m.res["幸福二"], m.res["和平"]}
	tags, err := sq.CareTags(ctx, all)
	if err != nil || len(tags) != 1 || tags[m.res["幸福一"]] == nil {
		t.Errorf("community worker's care tags %v (%v), want 幸福一's only", tags, err)
	}
	if _, err := sq.ResidentEvents(ctx, m.res["和平"]); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("ResidentEvents outside the scope: %v", err)
	}
	if _, err := sq.HouseholdTimeline(ctx, m.ids["和平"]); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("HouseholdTimeline outside the scope: %v", err)
	}
	if err := sq.SetHead(ctx, m.ids["和平"], m.res["和平"]); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("SetHead outside the scope: %v", err)
	}
	if err := sq.MoveResident(ctx, m.res["幸福一"], m.ids["和平"], "2026-11-01", ""); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("MoveResident into another community: %v", err)
	}
	if err := sq.RecordEvent(ctx, m.res["和平"], &data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2026-11-01"}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("RecordEvent outside the scope: %v", err)
	}
	if rs, err := sq.CommunityAdults(ctx, "和平社区", 18, 10); err != nil || len(rs) != 0 {
		t.Errorf("CommunityAdults of another community: %d (%v)", len(rs), err)
	}
	if rs, err := sq.CommunityAdults(ctx, "幸福社区", 18, 10); err != nil || len(rs) != 2 {
		t.Errorf("CommunityAdults of their community: %d (%v), want 2", len(rs), err)
	}
	hs, err := sq.HouseholdsByID(ctx, []int64{m.ids["幸福一"], m.ids["幸福二"], m.ids["和平"]})
	if err != nil || len(hs) != 2 {
		t.Errorf("HouseholdsByID: %d (%v), want 2", len(hs), err)
	}
	rs, err := m.accounts[data.RoleGrid].ResidentsByID(ctx, all)
	if err != nil || len(rs) != 1 || rs[0].ID != m.res["幸福一"] {
		t.Errorf("grid worker's ResidentsByID: %v (%v), want 幸福一's", rs, err)
	}
	// The import's lookups: what is outside is found, and marked.
	stored, err := m.s.Household(ctx, m.ids["和平"])
	if err != nil {
		t.Fatal(err)
	}
	sh, err := sq.StoredHouseholds(ctx, []string{stored.Number})
	if err != nil || len(sh) != 1 || !sh[0].OutOfScope {
		t.Errorf("StoredHouseholds outside the scope: %+v (%v), want it marked", sh, err)
	}
	r, err := m.s.Resident(ctx, m.res["和平"])
	if err != nil {
		t.Fatal(err)
	}
	own, err := m.s.Resident(ctx, m.res["幸福一"])
	if err != nil {
		t.Fatal(err)
	}
	ms, err := sq.ResidentsByIDNumber(ctx, []string{r.IDNumber, own.IDNumber})
	if err != nil || len(ms) != 2 {
		t.Fatalf("ResidentsByIDNumber: %+v (%v)", ms, err)
	}
	for _, x := range ms {
		if x.OutOfScope != (x.ID == r.ID) {
			t.Errorf("ResidentsByIDNumber marks %+v", x)
		}
	}
	if ms, _ := datatest.As(t, m.s, "street-2", []string{data.RoleStreet}, nil, nil).ResidentsByIDNumber(ctx, []string{r.IDNumber}); len(ms) != 1 || ms[0].OutOfScope {
		t.Errorf("street manager's lookup %+v", ms)
	}
}

// TestImportWritesScope: the import's own writes check the permission and
// the scope themselves, whoever calls them in a transaction.
func TestImportWritesScope(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	sq, wg := m.accounts[data.RoleCommunity], m.accounts[data.RoleGrid]
	err := sq.Tx(ctx, func(tx *data.Tx) error {
		return tx.InsertNew([]data.Household{{Number: "X1", Community: "和平社区", Address: "和平路", ResidenceType: data.ResidenceLocal}})
	})
	if keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker inserts a household of another community: %v", err)
	}
	err = sq.Tx(ctx, func(tx *data.Tx) error {
		b, err := data.NewBulkInserter[data.Resident](tx)
		if err != nil {
			return err
		}
		defer b.Close()
		return b.Insert([]data.Resident{{HouseholdID: m.ids["和平"], Name: "新人", Relation: "其他"}})
	})
	if keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker bulk-inserts into another community's household: %v", err)
	}
	other, err := m.s.Household(ctx, m.ids["和平"])
	if err != nil {
		t.Fatal(err)
	}
	other.Community = "幸福社区"
	err = sq.Tx(ctx, func(tx *data.Tx) error { return tx.UpdateImportedHousehold(&other) })
	if keyOf(err) != data.KeyOutOfScope {
		t.Errorf("community worker takes another community's household over by import: %v", err)
	}
	err = wg.Tx(ctx, func(tx *data.Tx) error {
		_, err := data.NewBulkInserter[data.Household](tx)
		return err
	})
	if err != nil {
		t.Errorf("grid worker (who writes households) cannot prepare an insert: %v", err)
	}
	err = m.accounts[data.RoleViewer].Tx(ctx, func(tx *data.Tx) error {
		return tx.SetImportedHeads([]data.HouseholdHead{{Household: m.ids["幸福一"], Resident: m.res["幸福一"]}}, nil)
	})
	if !errors.Is(err, data.ErrPermission) {
		t.Errorf("viewer sets heads through the import: %v", err)
	}
	if got, _ := m.s.Household(ctx, m.ids["和平"]); got.Community != "和平社区" {
		t.Errorf("another community's household changed: %+v", got)
	}
}

// TestWriteAuditedPermission: printing needs the permission to print,
// exporting the permission to export, the audit trail's files the
// auditor's.
func TestWriteAuditedPermission(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	dir := t.TempDir()
	write := func(s *data.Store, name, action, entity string) error {
		return s.WriteAudited(ctx, dir+"/"+name, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err },
			action, entity, 0, func() any { return map[string]any{"file": name} })
	}
	for _, c := range []struct {
		role, action, entity string
		ok                   bool
	}{
		{data.RoleViewer, data.ActionPrint, "households", true},
		{data.RoleViewer, data.ActionExport, "residents", false},
		{data.RoleAuditor, data.ActionPrint, "households", false},
		{data.RoleAuditor, data.ActionExport, data.EntityAuditTrail, true},
		{data.RoleStreet, data.ActionExport, data.EntityAuditTrail, false},
		{data.RoleGrid, data.ActionExport, "residents", true},
	} {
		err := write(m.accounts[c.role], c.role+c.action+".pdf", c.action, c.entity)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, data.ErrPermission)) {
			t.Errorf("%s %s %s: %v, want allowed %v", c.role, c.action, c.entity, err, c.ok)
		}
	}
}

// TestLeaderReadsMasked: a leader (viewer) reads records with their ID and
// phone numbers masked; a street manager reads them whole (to edit them).
func TestLeaderReadsMasked(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	whole, err := m.accounts[data.RoleStreet].Resident(ctx, m.res["幸福一"])
	if err != nil {
		t.Fatal(err)
	}
	v := m.accounts[data.RoleViewer]
	r, err := v.Resident(ctx, m.res["幸福一"])
	if err != nil || r.IDNumber != data.MaskID(whole.IDNumber) || r.Phone != data.MaskPhone(whole.Phone) || r.IDNumber == whole.IDNumber {
		t.Errorf("leader reads %q %q (%v), want masked %q", r.IDNumber, r.Phone, err, data.MaskID(whole.IDNumber))
	}
	ms, err := v.Members(ctx, m.ids["幸福一"], true)
	if err != nil || len(ms) != 1 || ms[0].IDNumber == whole.IDNumber {
		t.Errorf("leader's members %+v (%v)", ms, err)
	}
}

// TestRosterPagesWholeOnlyToStreet: the rows an export reads carry whole
// numbers only for an account that may export them.
func TestRosterPagesWholeOnlyToStreet(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	ids := func(s *data.Store) []string {
		t.Helper()
		var out []string
		err := s.RosterPages(ctx, data.ResidentFilter{}, 10, func(rows []data.RosterRow) error {
			for _, r := range rows {
				out = append(out, r.Resident.IDNumber)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	whole := ids(m.accounts[data.RoleStreet])
	sq := ids(m.accounts[data.RoleCommunity])
	if len(whole) != 3 || len(sq) != 2 {
		t.Fatalf("street %v, community %v", whole, sq)
	}
	for _, id := range sq {
		if slices.Contains(whole, id) || !strings.Contains(id, "*") {
			t.Errorf("community worker's export row has %q, want it masked", id)
		}
	}
}
