package data

import "gorm.io/gorm"

// Who may empty the recycle bin of what. A record goes back (Restore) to
// whoever may write it: the table's permission (entityPerms) and, for
// households, residents and meetings, the account's scope — a community
// worker restores their communities' households and meetings, a grid
// worker their grids' households. The bin lists exactly those. Deleting
// for good (Purge) destroys what nothing can bring back, so it is the
// street manager's alone (permPurge), as the office answers for the
// register; a community worker restores, or asks the street.

// binScope is the condition on entity's table (no alias) that keeps the
// rows of the recycle bin p may restore; ok is false when p may restore
// none of entity's.
func (p *principal) binScope(db *gorm.DB, entity string) (cond string, args []any, ok bool) {
	if p == nil {
		return "", nil, true // unbound: see Store.unboundAllowed
	}
	if need, listed := entityPerms[entity]; listed && !p.may(need) {
		return "", nil, false
	}
	if p.unscoped() {
		return "", nil, true
	}
	switch entity {
	case "households":
		cond, args = p.householdScope(db, "")
	case "residents":
		c, a := p.householdScope(db, "h")
		// The household may be in the bin too: its scope still counts.
		cond, args = "household_id IN (SELECT h.id FROM households h WHERE "+c+")", a
	case "meetings":
		cond = "1 = 0"
		if p.has(RoleCommunity) && len(p.communities) > 0 {
			cond, args = "community IN ?", []any{p.communities}
		}
	}
	return cond, args, true
}
