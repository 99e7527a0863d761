package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jiedao/data"
)

// The demonstration's accounts (`jiedao demo --password P` on a new
// database): one for each role over the whole street, one community worker
// sqNN per community (NN = 01, 02, … in the order the generator fills
// them) and one grid worker wgNNMM per grid (grid MM of community NN), all
// with the password P, so that a trainer can show what each role sees.

// AdminLogin is the demonstration's administrator, the register's first
// account (data.Store.CreateFirstAccount), and StreetLogin the street
// manager the households are generated as.
const (
	AdminLogin  = "admin"
	StreetLogin = "street"
)

// StaffAccounts are the accounts over the whole street besides the
// administrator: the street manager, the auditor and the leader.
func StaffAccounts() []data.Account {
	return []data.Account{
		{Login: StreetLogin, Name: "街道管理员", Roles: data.RoleStreet},
		{Login: "auditor", Name: "审计员", Roles: data.RoleAuditor},
		{Login: "leader", Name: "领导", Roles: data.RoleViewer},
	}
}

// ScopeAccounts are the community and grid workers of the communities and
// grids the register holds (data.Store.Communities), numbered in the order
// the generator fills the communities and grids, not by their names'
// order: 春晖社区 is sq01, its 第2网格 wg0102, its 第10网格 wg0110.
func ScopeAccounts(cs []data.CommunityGrids) []data.Account {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b data.CommunityGrids) int {
		return communityRank(a.Community) - communityRank(b.Community)
	})
	var out []data.Account
	for i, c := range cs {
		nn := fmt.Sprintf("%02d", i+1)
		out = append(out, data.Account{
			Login: "sq" + nn, Name: "社区工作者（" + c.Community + "）",
			Roles: data.RoleCommunity, Communities: c.Community,
		})
		grids := slices.Clone(c.Grids)
		slices.SortStableFunc(grids, func(a, b string) int { return gridNumber(a) - gridNumber(b) })
		for j, g := range grids {
			out = append(out, data.Account{
				Login: fmt.Sprintf("wg%s%02d", nn, j+1), Name: "网格员（" + c.Community + g + "）",
				Roles: data.RoleGrid, Grids: data.GridRef{Community: c.Community, Grid: g}.String(),
			})
		}
	}
	return out
}

// communityRank is a community's place in communityNames; one the
// generator does not make comes after them.
func communityRank(name string) int {
	for i, c := range communityNames {
		if c.name == name {
			return i
		}
	}
	return len(communityNames)
}

// gridNumber is N of the generator's "第N网格"; another name sorts first.
func gridNumber(g string) int {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(g, "第"), "网格"))
	if err != nil {
		return 0
	}
	return n
}

// CreateAccounts adds accounts, each with password (which must pass
// data.ValidatePassword for its login), through admin, a store bound to an
// administrator, in one audited transaction. Unlike
// data.Store.CreateAccount they need no password change at the first
// login: the demonstration's password is printed for everyone to use. They
// share one argon2id hash of the password, salt and all: the hash costs
// about 35 ms, and a large demonstration street has hundreds of grids.
func CreateAccounts(ctx context.Context, admin *data.Store, password string, accounts []data.Account) error {
	if err := admin.Can("CreateAccount"); err != nil {
		return err
	}
	for _, a := range accounts {
		if err := data.ValidatePassword(a.Login, password); err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
	}
	hash, err := data.HashPassword(password)
	if err != nil {
		return err
	}
	return admin.Tx(ctx, func(tx *data.Tx) error {
		for _, a := range accounts {
			a.PasswordHash = hash
			if err := tx.Create(&a); err != nil {
				return err
			}
		}
		return nil
	})
}
