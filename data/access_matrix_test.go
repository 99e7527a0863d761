package data_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// matrixRegister is a street of two communities: 幸福社区 (grids 一网格 and
// 二网格, a household each) and 和平社区 (one household), a resident in
// each household, and one account of each role; the community worker
// has 幸福社区, the grid worker 幸福社区/一网格.
type matrixRegister struct {
	s        *data.Store
	ids      map[string]int64 // household by grid: "幸福一", "幸福二", "和平"
	res      map[string]int64 // resident likewise
	accounts map[string]*data.Store
}

func newMatrixRegister(t *testing.T) *matrixRegister {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	m := &matrixRegister{s: s, ids: map[string]int64{}, res: map[string]int64{}, accounts: map[string]*data.Store{}}
	for i, h := range []struct{ key, community, grid, id string }{
		{"幸福一", "幸福社区", "一网格", regID("110101", "19800101", "001")},
		{"幸福二", "幸福社区", "二网格", regID("110101", "19820202", "002")},
		{"和平", "和平社区", "一网格", regID("110101", "19830303", "003")},
	} {
		hh := data.Household{Community: h.community, Grid: h.grid, Address: "幸福路" + string(rune('1'+i)) + "号", ResidenceType: data.ResidenceLocal}
		if err := s.CreateHousehold(ctx, &hh); err != nil {
			t.Fatal(err)
		}
		r := data.Resident{HouseholdID: hh.ID, Name: "居民" + h.key, IDNumber: h.id, Relation: "户主", Phone: "1381234567" + string(rune('0'+i))}
		if _, err := s.AddResident(ctx, &r, nil); err != nil {
			t.Fatal(err)
		}
		m.ids[h.key], m.res[h.key] = hh.ID, r.ID
	}
	for _, a := range []struct {
		role        string
		communities []string
		grids       []string
	}{
		{data.RoleAdmin, nil, nil}, {data.RoleStreet, nil, nil}, {data.RoleCommunity, []string{"幸福社区"}, nil},
		{data.RoleGrid, nil, []string{"幸福社区/一网格"}}, {data.RoleViewer, nil, nil}, {data.RoleAuditor, nil, nil},
	} {
		m.accounts[a.role] = datatest.As(t, s, "m-"+a.role, []string{a.role}, a.communities, a.grids)
	}
	return m
}

// TestRoleMatrix runs the role matrix of issue 14 against the store's
// methods: for each role, what it may do, what is refused with
// ErrPermission, and how many residents and households it sees.
func TestRoleMatrix(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	calls := map[string]func(s *data.Store) error{
		"search": func(s *data.Store) error { _, err := s.SearchResidents(ctx, data.ResidentFilter{}); return err },
		"write": func(s *data.Store) error {
			h := data.Household{Community: "幸福社区", Grid: "一网格", Address: "新地址", ResidenceType: data.ResidenceLocal}
			return s.CreateHousehold(ctx, &h)
		},
		"unmask": func(s *data.Store) error {
			_, err := s.Unmask(ctx, "residents", m.res["幸福一"], data.FieldIDNumber, "核实身份")
			return err
		},
		"export": func(s *data.Store) error {
			return s.RosterPages(ctx, data.ResidentFilter{}, 10, func([]data.RosterRow) error { return nil })
		},
		"orgRead":  func(s *data.Store) error { _, err := s.ListOrganizations(ctx, data.OrganizationFilter{}); return err },
		"orgWrite": func(s *data.Store) error { _, err := s.CreateOrganization(ctx, &data.Organization{}); return err },
		"meetings": func(s *data.Store) error { _, err := s.ListMeetings(ctx, data.MeetingFilter{}); return err },
		"stats":    func(s *data.Store) error { _, err := s.Stats(ctx, ""); return err },
		"audit":    func(s *data.Store) error { _, err := s.AuditLog(ctx, data.AuditFilter{}); return err },
		"accounts": func(s *data.Store) error { _, err := s.ListAccounts(ctx); return err },
		"backup":   func(s *data.Store) error { _, err := s.Backup(ctx, t.TempDir()); return err },
	}
	// allowed[role] lists the calls the role may make; every other is
	// refused. (orgWrite with an empty organization is allowed past the
	// permission and fails its validation: not ErrPermission.)
	allowed := map[string][]string{
		data.RoleAdmin:     {"accounts", "backup"},
		data.RoleStreet:    {"search", "write", "unmask", "export", "orgRead", "orgWrite", "meetings", "stats"},
		data.RoleCommunity: {"search", "write", "unmask", "export", "orgRead", "meetings", "stats"},
		data.RoleGrid:      {"search", "write", "unmask", "export", "meetings", "stats"},
		data.RoleViewer:    {"search", "orgRead", "meetings", "stats"},
		data.RoleAuditor:   {"audit"},
	}
	for role, s := range m.accounts {
		for name, call := range calls {
			err := call(s)
			want := slices.Contains(allowed[role], name)
			refused := errors.Is(err, data.ErrPermission)
			if want == refused {
				t.Errorf("%s %s: %v (want allowed %v)", role, name, err, want)
			}
		}
	}
}

// TestScope: each account sees, counts, reads, unmasks and writes only its
// part of the street.
func TestScope(t *testing.T) {
	ctx := context.Background()
	m := newMatrixRegister(t)
	seen := map[string]int{data.RoleStreet: 3, data.RoleViewer: 3, data.RoleCommunity: 2, data.RoleGrid: 1}
	for role, want := range seen {
		s := m.accounts[role]
		page, err := s.SearchResidents(ctx, data.ResidentFilter{})
		if err != nil || len(page.Rows) != want {
			t.Errorf("%s: search %d rows, %v; want %d", role, len(page.Rows), err, want)
		}
		if n, err := s.CountResidents(ctx, data.ResidentFilter{Query: "居民"}); err != nil || n != want {
			t.Errorf("%s: count %d, %v; want %d", role, n, err, want)
		}
		hp, err := s.SearchHouseholds(ctx, data.HouseholdFilter{})
		if err != nil || len(hp.Rows) != want {
			t.Errorf("%s: households %d, %v; want %d", role, len(hp.Rows), err, want)
		}
		st, err := s.Stats(ctx, "")
		if err != nil || st.Residents.Count != want {
			t.Errorf("%s: stats count %d, %v; want %d", role, st.Residents.Count, err, want)
		}
		rows := 0
		if role != data.RoleViewer {
			if err := s.RosterPages(ctx, data.ResidentFilter{}, 10, func(rs []data.RosterRow) error { rows += len(rs); return nil }); err != nil || rows != want {
				t.Errorf("%s: roster %d rows, %v; want %d", role, rows, err, want)
			}
		}
	}
	for _, role := range []string{data.RoleCommunity, data.RoleGrid} {
		s := m.accounts[role]
		if _, err := s.Household(ctx, m.ids["和平"]); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("%s: a household outside: %v", role, err)
		}
		if _, err := s.Resident(ctx, m.res["和平"]); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("%s: a resident outside: %v", role, err)
		}
		if _, err := s.Unmask(ctx, "residents", m.res["和平"], data.FieldIDNumber, "核实身份"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("%s: unmask outside: %v", role, err)
		}
		h := data.Household{Community: "和平社区", Grid: "一网格", Address: "和平路9号", ResidenceType: data.ResidenceLocal}
		if err := s.CreateHousehold(ctx, &h); keyOf(err) != data.KeyOutOfScope {
			t.Errorf("%s: a household created outside: %v", role, err)
		}
		got, err := s.Household(ctx, m.ids["幸福一"])
		if err != nil {
			t.Fatalf("%s: own household: %v", role, err)
		}
		got.Community = "和平社区"
		if err := s.UpdateHousehold(ctx, &got); keyOf(err) != data.KeyOutOfScope {
			t.Errorf("%s: a household moved out of the scope: %v", role, err)
		}
		if cs, err := s.Communities(ctx); err != nil || len(cs) != 1 || cs[0].Community != "幸福社区" {
			t.Errorf("%s: communities %+v, %v", role, cs, err)
		}
		nums, err := s.WholeNumbers(ctx, []int64{m.res["幸福一"], m.res["和平"]}, "print")
		if err != nil || len(nums) != 1 {
			t.Errorf("%s: whole numbers %v, %v; want only the own resident's", role, nums, err)
		}
	}
	if _, err := m.accounts[data.RoleGrid].Household(ctx, m.ids["幸福二"]); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("grid: the other grid's household: %v", err)
	}
	// Unmask: the number, and a view entry naming account, field, reason.
	s := m.accounts[data.RoleCommunity]
	if _, err := s.Unmask(ctx, "residents", m.res["幸福一"], data.FieldIDNumber, ""); keyOf(err) != data.KeyReasonRequired {
		t.Errorf("unmask without a reason: %v", err)
	}
	id, err := s.Unmask(ctx, "residents", m.res["幸福一"], data.FieldIDNumber, "其他：低保复核")
	if err != nil || id != regID("110101", "19800101", "001") {
		t.Fatalf("unmask: %q, %v", id, err)
	}
	aud := datatest.As(t, m.s, "m-"+data.RoleAuditor, []string{data.RoleAuditor}, nil, nil)
	log, err := aud.AuditLog(ctx, data.AuditFilter{Action: data.ActionView, Limit: 1})
	if err != nil || len(log) != 1 || log[0].Operator != "m-community（m-community）" || log[0].EntityID != m.res["幸福一"] ||
		log[0].After != `{"field":"idNumber","reason":"其他：低保复核"}` {
		t.Errorf("view entry %+v, %v", log, err)
	}
}

// TestUnboundRefused: a store opened without an account answers every
// register method with ErrNoAccount (请先登录); what needs no account runs.
func TestUnboundRefused(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpenUnbound(t, t.TempDir()+"/j.db")
	for name, call := range map[string]func() error{
		"search":   func() error { _, err := s.SearchResidents(ctx, data.ResidentFilter{}); return err },
		"create":   func() error { return s.Create(ctx, &data.Household{Number: "H1"}) },
		"settings": func() error { _, err := s.Settings(ctx); return err },
		"audit":    func() error { _, err := s.AuditLog(ctx, data.AuditFilter{}); return err },
		"tx":       func() error { return s.Tx(ctx, func(*data.Tx) error { return nil }) },
		"restore":  func() error { _, err := data.RestoreFile(ctx, s.Path(), s.Path()+".bak", datatest.Epoch()); return err },
	} {
		if err := call(); !errors.Is(err, data.ErrNoAccount) {
			t.Errorf("unbound %s: %v, want ErrNoAccount", name, err)
		}
	}
	if has, err := s.HasAccounts(ctx); err != nil || has {
		t.Errorf("HasAccounts unbound: %v %v", has, err)
	}
	if m := data.Render(data.KeyAccountRequired, "zh", nil); !strings.HasPrefix(m, "请先登录") {
		t.Errorf("message %q", m)
	}
}
