package data

import (
	"slices"
	"strings"
)

// principal is the account a bound Store runs as: its roles and its scope,
// as they were at Login (a change to the account takes effect at the next
// login).
type principal struct {
	id          int64
	login, name string
	roles       []string
	communities []string  // community scope
	grids       []GridRef // grid scope
}

func newPrincipal(a Account) *principal {
	return &principal{
		id: a.ID, login: a.Login, name: a.Name,
		roles: a.RoleList(), communities: a.CommunityList(), grids: a.GridList(),
	}
}

func (p *principal) auditName() string { return auditName(p.name, p.login) }

func (p *principal) has(role string) bool { return slices.Contains(p.roles, role) }

// Who is the account a bound store runs as (its ID, login, name, roles and
// scope as at Login), and false for an unbound store.
func (s *Store) Who() (Account, bool) {
	if s.who == nil {
		return Account{}, false
	}
	gs := make([]string, len(s.who.grids))
	for i, g := range s.who.grids {
		gs[i] = g.String()
	}
	return Account{
		ID: s.who.id, Login: s.who.login, Name: s.who.name,
		Roles:       strings.Join(s.who.roles, ","),
		Communities: strings.Join(s.who.communities, ","),
		Grids:       strings.Join(gs, ","),
	}, true
}

// as is s bound to p, sharing s's engine.
func (s *Store) as(p *principal) *Store { return &Store{engine: s.engine, who: p} }
