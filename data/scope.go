package data

import (
	"errors"
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

// CheckImport reports whether the account may import rosters (street
// managers; community workers, into their communities): ErrPermission if
// not. The household import asks first, so that a refused import reads
// no file; each row is then checked against the scope (Covers).
func (s *Store) CheckImport() error { return s.can("CheckImport") }

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

// entityPerms is the permission a write of a table's rows needs, through
// the generic calls (Create, Update, Delete) and the recycle bin. A table
// not named here is not written through them by any account but one that
// may change every setting: accounts and settings have methods of their
// own, which check.
var entityPerms = map[string]perm{
	"households": permRegisterWrite, "residents": permRegisterWrite, "resident_tags": permRegisterWrite,
	"residence_events": permRegisterWrite,
	"organizations":    permOrgWrite, "agreements": permOrgWrite, "agreement_milestones": permOrgWrite,
	"agreement_indicators": permOrgWrite, "agreement_payments": permOrgWrite, "agreement_evaluations": permOrgWrite,
	"agreement_attachments": permOrgWrite,
	"meetings":              permMeetingWrite, "meeting_participants": permMeetingWrite, "meeting_agenda_items": permMeetingWrite,
	"meeting_speeches": permMeetingWrite, "meeting_resolutions": permMeetingWrite, "meeting_actions": permMeetingWrite,
	"meeting_action_notes": permMeetingWrite,
	EntityAccounts:         permAccounts,
	"visits":               permRegisterWrite, "care_tier_overrides": permRegisterWrite, "care_events": permRegisterWrite,
	"visit_intensifications": permOfficeSetting,
}

// tablePerm is what writing entity's rows through the generic calls needs.
func tablePerm(entity string) perm {
	if need, ok := entityPerms[entity]; ok {
		return need
	}
	return permSettings
}

// mayWrite checks that the account may write v, a row of entity as it is
// to be (new, or changed): the table's permission, and the scope of
// households, residents and meetings and of the rows that belong to them
// (KeyOutOfScope outside it).
func (tx *Tx) mayWrite(entity string, v any) error {
	p := tx.store.who
	if p == nil {
		return tx.store.unboundAllowed()
	}
	if need := tablePerm(entity); !p.may(need) {
		return tx.store.refusal(need)
	}
	if p.unscoped() {
		return nil
	}
	if m, ok := v.(*Meeting); ok {
		return p.meetingWriteTo(m.Community)
	}
	if err := tx.ownerInScope(v); err != nil {
		if errors.Is(err, ErrNotFound) {
			return outOfScope("", "")
		}
		return err
	}
	return nil
}

// mayChange checks that the account may change or delete before, the
// stored row id of entity: as mayWrite, but a row outside what the
// account may see is ErrNotFound, so that its existence is not revealed.
func (tx *Tx) mayChange(entity string, id int64, before any) error {
	p := tx.store.who
	if p == nil {
		return tx.store.unboundAllowed()
	}
	if need := tablePerm(entity); !p.may(need) {
		return tx.store.refusal(need)
	}
	if p.unscoped() {
		return nil
	}
	var err error
	switch r := before.(type) {
	case *Household:
		if !p.covers(r.Community, r.Grid) {
			err = NotFound(entity, id)
		}
	case *Meeting:
		err = p.meetingWrite(r)
	default:
		err = tx.ownerInScope(before)
	}
	if errors.Is(err, ErrNotFound) {
		return NotFound(entity, id)
	}
	return err
}

// ownerInScope checks the scope of the record v belongs to: a resident's
// household, a tag's or an event's resident, a meeting part's meeting.
// ErrNotFound when it lies outside what the account reads, KeyOutOfScope
// when it may only be read.
func (tx *Tx) ownerInScope(v any) error {
	p := tx.store.who
	meeting := func(id int64) error {
		m, err := meetingOf(tx.db, id)
		if err != nil {
			return err
		}
		return p.meetingWrite(&m)
	}
	switch r := v.(type) {
	case *Household:
		if !p.covers(r.Community, r.Grid) {
			return outOfScope(r.Community, r.Grid)
		}
	case *Resident:
		return scopeCheck(tx.db, p, "households", r.HouseholdID)
	case *ResidentTag:
		return scopeCheck(tx.db, p, "residents", r.ResidentID)
	case *ResidenceEvent:
		return scopeCheck(tx.db, p, "residents", r.ResidentID)
	case *Participant:
		return meeting(r.MeetingID)
	case *AgendaItem:
		return meeting(r.MeetingID)
	case *Resolution:
		return meeting(r.MeetingID)
	case *Action:
		return meeting(r.MeetingID)
	case *Speech:
		var ids []int64
		if err := tx.db.Table("meeting_agenda_items").Where("id = ?", r.AgendaItemID).Pluck("meeting_id", &ids).Error; err != nil || len(ids) == 0 {
			return errors.Join(err, NotFound("meeting_agenda_items", r.AgendaItemID))
		}
		return meeting(ids[0])
	case *ActionNote:
		var ids []int64
		if err := tx.db.Table("meeting_actions").Where("id = ?", r.ActionID).Pluck("meeting_id", &ids).Error; err != nil || len(ids) == 0 {
			return errors.Join(err, NotFound("meeting_actions", r.ActionID))
		}
		return meeting(ids[0])
	case *Visit: // the visits' records are the resident's (visit_store.go)
		return residentInScope(tx.db, p, r.ResidentID)
	case *CareTierOverride:
		return residentInScope(tx.db, p, r.ResidentID)
	case *CareEvent:
		return residentInScope(tx.db, p, r.ResidentID)
	}
	return nil
}
