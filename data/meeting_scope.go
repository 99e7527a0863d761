package data

import (
	"slices"
	"strings"

	"gorm.io/gorm"
)

// The scope of meetings. A meeting may belong to a community (Meeting.
// Community) or to the street as a whole (""). The role matrix gives a
// community worker their communities' meetings to read and write and a
// grid worker meetings to read; so a scoped account reads the meetings of
// the communities of its scope (a grid worker's: the communities its
// grids lie in) and the street's own meetings, which concern every
// community (a street-wide 议事会 whose actions a community follows up),
// and writes only those of its own communities: a street meeting is the
// street office's to keep. A meeting outside what an account reads is
// ErrNotFound; one it reads but may not write is KeyOutOfScope.

// meetingCommunities are the communities whose meetings p reads, or nil
// with all true for the whole street.
func (p *principal) meetingCommunities() (cs []string, all bool) {
	if p.unscoped() {
		return nil, true
	}
	if p.has(RoleCommunity) {
		cs = append(cs, p.communities...)
	}
	if p.has(RoleGrid) {
		for _, g := range p.grids {
			if !slices.Contains(cs, g.Community) {
				cs = append(cs, g.Community)
			}
		}
	}
	return cs, false
}

// meetingScope is the condition on the meetings table under alias that
// keeps the meetings p reads, or "" for all of them.
func (p *principal) meetingScope(db *gorm.DB, alias string) (string, []any) {
	cs, all := p.meetingCommunities()
	if all {
		return "", nil
	}
	col := noIndex(db, alias+".community")
	if len(cs) == 0 {
		return col + " = ''", nil
	}
	return "(" + col + " = '' OR " + col + " IN ?)", []any{cs}
}

// readsMeeting reports whether p reads the meetings of community.
func (p *principal) readsMeeting(community string) bool {
	cs, all := p.meetingCommunities()
	return all || community == "" || slices.Contains(cs, community)
}

// writesMeeting reports whether p writes the meetings of community: the
// whole street's account any, a community worker their communities'.
func (p *principal) writesMeeting(community string) bool {
	if p.unscoped() {
		return true
	}
	return community != "" && p.has(RoleCommunity) && slices.Contains(p.communities, community)
}

// meetingRead checks that m may be read: ErrNotFound if not.
func (p *principal) meetingRead(m *Meeting) error {
	if !p.readsMeeting(m.Community) {
		return NotFound("meetings", m.ID)
	}
	return nil
}

// meetingWrite checks that m, as stored, may be written: ErrNotFound if
// it may not even be read, KeyOutOfScope if it may only be read.
func (p *principal) meetingWrite(m *Meeting) error {
	if err := p.meetingRead(m); err != nil {
		return err
	}
	if !p.writesMeeting(m.Community) {
		return outOfScope(m.Community, "")
	}
	return nil
}

// meetingWriteTo checks that a meeting may be saved with community (new,
// or moved there): KeyOutOfScope if not.
func (p *principal) meetingWriteTo(community string) error {
	if !p.writesMeeting(strings.TrimSpace(community)) {
		return outOfScope(community, "")
	}
	return nil
}

// meetingOf is the community of meeting id (deleted ones included), for
// the rows that belong to a meeting.
func meetingOf(db *gorm.DB, id int64) (Meeting, error) {
	var ms []Meeting
	if err := db.Unscoped().Select("id", "community").Where("id = ?", id).Limit(1).Find(&ms).Error; err != nil {
		return Meeting{}, err
	}
	if len(ms) == 0 {
		return Meeting{}, NotFound("meetings", id)
	}
	return ms[0], nil
}
