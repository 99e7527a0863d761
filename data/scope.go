package data

import (
	"strings"

	"gorm.io/gorm"
)

// Scope: which households (and so residents) an account may see and
// write. Street managers, leaders, admins and auditors have the whole
// street; a community worker the households of their communities; a grid
// worker those of their grids (a "社区/网格" pair, since grid names repeat
// across communities); an account with both, either. The scope is one
// more condition on households' community and grid, in the SQL of every
// query: on 300,000 residents the list's first page stays an index range
// read (see docs/BENCHMARKS.md), because the condition only filters the
// rows the branch's index yields (noIndex), and the dashboard's scan reads
// fewer rows, not more.

// unscoped reports whether p sees the whole street: no community or grid
// role, or also a role over all of it.
func (p *principal) unscoped() bool {
	if p == nil {
		return true
	}
	if p.has(RoleStreet) || p.has(RoleViewer) {
		return true
	}
	return !p.has(RoleCommunity) && !p.has(RoleGrid)
}

// householdScope is the condition on the households table under alias
// (e.g. "h", or "" for none) that keeps p's households, or "" for the
// whole street.
func (p *principal) householdScope(db *gorm.DB, alias string) (string, []any) {
	if p.unscoped() {
		return "", nil
	}
	col := func(c string) string {
		if alias != "" {
			c = alias + "." + c
		}
		return noIndex(db, c)
	}
	var ors []string
	var args []any
	if p.has(RoleCommunity) && len(p.communities) > 0 {
		ors = append(ors, col("community")+" IN ?")
		args = append(args, p.communities)
	}
	if p.has(RoleGrid) {
		for _, g := range p.grids {
			ors = append(ors, "("+col("community")+" = ? AND "+col("grid")+" = ?)")
			args = append(args, g.Community, g.Grid)
		}
	}
	if len(ors) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// covers reports whether a household in community and grid lies in p's
// scope.
func (p *principal) covers(community, grid string) bool {
	if p.unscoped() {
		return true
	}
	if p.has(RoleCommunity) {
		for _, c := range p.communities {
			if c == community {
				return true
			}
		}
	}
	if p.has(RoleGrid) {
		for _, g := range p.grids {
			if g.Community == community && g.Grid == grid {
				return true
			}
		}
	}
	return false
}

// Covers reports whether the bound account's scope includes a household
// in community and grid: what an import asks of each row (a row outside
// is the row problem KeyOutOfScope). An unbound store covers everything.
func (s *Store) Covers(community, grid string) bool {
	if err := s.can("Covers"); err != nil {
		return false
	}
	return s.who.covers(community, grid)
}

// Covers is Store.Covers inside a transaction.
func (tx *Tx) Covers(community, grid string) bool { return tx.store.who.covers(community, grid) }

// outOfScope is the error of a write outside the scope.
func outOfScope(community, grid string) error {
	return &Error{Key: KeyOutOfScope, Args: map[string]any{"Community": community, "Grid": grid}}
}

// inScope checks that the record id of entity ("households", "residents")
// lies in the account's scope; outside it is ErrNotFound, so that its
// existence is not revealed. Other entities are not scoped by households.
func (tx *Tx) inScope(entity string, id int64) error {
	return scopeCheck(tx.db, tx.store.who, entity, id)
}

func scopeCheck(db *gorm.DB, p *principal, entity string, id int64) error {
	if p.unscoped() {
		return nil
	}
	var hq string
	switch entity {
	case "households":
		hq = "SELECT community, grid FROM households WHERE id = ?"
	case "residents":
		hq = "SELECT h.community, h.grid FROM residents r JOIN households h ON h.id = r.household_id WHERE r.id = ?"
	default:
		return nil
	}
	var rows []struct{ Community, Grid string }
	if err := db.Raw(hq, id).Scan(&rows).Error; err != nil {
		return err
	}
	if len(rows) == 0 || !p.covers(rows[0].Community, rows[0].Grid) {
		return NotFound(entity, id)
	}
	return nil
}

// inScope is scopeCheck for a read outside a transaction.
func (s *Store) inScope(db *gorm.DB, entity string, id int64) error {
	return scopeCheck(db, s.who, entity, id)
}

// entityPerms is the permission a write of a table's rows needs (tables
// not named need only an account: their callers check, as the settings'
// and accounts' own methods do).
var entityPerms = map[string]perm{
	"households": permRegisterWrite, "residents": permRegisterWrite, "resident_tags": permRegisterWrite,
	"residence_events": permRegisterWrite,
	"organizations":    permOrgWrite, "agreements": permOrgWrite, "agreement_milestones": permOrgWrite,
	"agreement_indicators": permOrgWrite, "agreement_payments": permOrgWrite, "agreement_evaluations": permOrgWrite,
	"agreement_attachments": permOrgWrite,
	"meetings":              permMeetingWrite, "meeting_participants": permMeetingWrite, "meeting_agenda_items": permMeetingWrite,
	"meeting_speeches": permMeetingWrite, "meeting_resolutions": permMeetingWrite, "meeting_actions": permMeetingWrite,
	"meeting_action_notes": permMeetingWrite,
	"visits":               permRegisterWrite, "care_tier_overrides": permRegisterWrite, "care_events": permRegisterWrite,
	"visit_intensifications": permOfficeSetting,
}

// mayWrite checks that the account may write v (a row of entity, as it
// is or as it is to be): the table's permission, and for households and
// residents the scope (KeyOutOfScope).
func (tx *Tx) mayWrite(entity string, v any) error {
	p := tx.store.who
	if p == nil {
		return tx.store.unboundAllowed()
	}
	if need, ok := entityPerms[entity]; ok && !p.may(need) {
		return tx.store.refusal(need)
	}
	if p.unscoped() {
		return nil
	}
	switch r := v.(type) {
	case *Household:
		if !p.covers(r.Community, r.Grid) {
			return outOfScope(r.Community, r.Grid)
		}
	case *Resident:
		if err := scopeCheck(tx.db, p, "households", r.HouseholdID); err != nil {
			return outOfScope("", "")
		}
	case *Visit: // the visits' records are the resident's (visit_store.go)
		return residentInScope(tx.db, p, r.ResidentID)
	case *CareTierOverride:
		return residentInScope(tx.db, p, r.ResidentID)
	case *CareEvent:
		return residentInScope(tx.db, p, r.ResidentID)
	}
	return nil
}
