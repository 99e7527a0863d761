package data

// Saving an edited draft's children over the stored ones (see
// meeting_store.go's comment): participants, agenda items and speeches are
// replaced; resolutions and actions are matched by ID, so that what points
// at them — an agreement, a later meeting's continuation, progress notes —
// keeps pointing at them.

import (
	"fmt"

	"gorm.io/gorm"
)

// replaceMeetingChildren writes m's children over before's.
func replaceMeetingChildren(db *gorm.DB, m, before *Meeting) error {
	w := childWriter{db: db, m: m}
	if err := w.participants(); err != nil {
		return err
	}
	keptRes, err := w.resolutions(before.Resolutions)
	if err != nil {
		return err
	}
	keptAct, err := w.actions(before.Actions, keptRes)
	if err != nil {
		return err
	}
	return w.agenda(before.Agenda, keptAct)
}

// childWriter writes the children of meeting m.
type childWriter struct {
	db *gorm.DB
	m  *Meeting
}

func (w childWriter) fail(what string, err error) error {
	return fmt.Errorf("data: meeting %d: %s: %w", w.m.ID, what, err)
}

// participants replaces the stored participants.
func (w childWriter) participants() error {
	m := w.m
	if err := w.db.Where("meeting_id = ?", m.ID).Delete(&Participant{}).Error; err != nil {
		return w.fail("participants", err)
	}
	for i := range m.Participants {
		m.Participants[i].ID, m.Participants[i].MeetingID = 0, m.ID
	}
	if len(m.Participants) > 0 {
		if err := w.db.Create(&m.Participants).Error; err != nil {
			return w.fail("participants", err)
		}
	}
	return nil
}

// resolutions updates the stored resolutions m keeps (by ID; each keeps
// its agreement), adds the new ones and drops the others, which their
// actions then no longer name. A resolution an agreement was made from is
// not dropped (KeyResolutionAgreement). It returns the IDs kept.
func (w childWriter) resolutions(stored []Resolution) (map[int64]bool, error) {
	m := w.m
	byID := map[int64]Resolution{}
	for _, r := range stored {
		byID[r.ID] = r
	}
	kept := map[int64]bool{}
	for i := range m.Resolutions {
		r := &m.Resolutions[i]
		r.MeetingID = m.ID
		if old, ok := byID[r.ID]; ok && r.ID != 0 && !kept[r.ID] {
			kept[r.ID] = true
			r.AgreementID = old.AgreementID
			err := w.db.Model(r).Select("seq", "text", "rule", "votes_for", "votes_against", "votes_abstain", "votes_not_voting", "eligible").Updates(r).Error
			if err != nil {
				return nil, w.fail("resolutions", err)
			}
			continue
		}
		r.ID, r.AgreementID = 0, nil
		if err := w.db.Create(r).Error; err != nil {
			return nil, w.fail("resolutions", err)
		}
	}
	var drop []int64
	for _, r := range stored {
		if kept[r.ID] {
			continue
		}
		if r.AgreementID != nil {
			var a Agreement
			w.db.Unscoped().Select("number").Where("id = ?", *r.AgreementID).Limit(1).Find(&a)
			return nil, &Error{Key: KeyResolutionAgreement, Args: map[string]any{"Field": "resolutions", "Seq": r.Seq, "Number": a.Number}}
		}
		drop = append(drop, r.ID)
	}
	if len(drop) > 0 {
		if err := w.db.Model(&Action{}).Where("resolution_id IN ?", drop).Update("resolution_id", nil).Error; err != nil {
			return nil, w.fail("actions", err)
		}
		if err := w.db.Where("id IN ?", drop).Delete(&Resolution{}).Error; err != nil {
			return nil, w.fail("resolutions", err)
		}
	}
	return kept, nil
}

// actions updates the stored actions m keeps (by ID; their chain and
// notes are the store's), adds the new ones, points each at its
// resolution (one of keptRes, or by ResolutionSeq) and drops the others.
// An action carried into a later meeting is not dropped
// (KeyActionCarried). It returns the IDs kept.
func (w childWriter) actions(stored []Action, keptRes map[int64]bool) (map[int64]bool, error) {
	m := w.m
	byID := map[int64]Action{}
	for _, a := range stored {
		byID[a.ID] = a
	}
	kept := map[int64]bool{}
	for i := range m.Actions {
		a := &m.Actions[i]
		a.MeetingID = m.ID
		if a.ResolutionSeq > 0 {
			rid := m.Resolutions[a.ResolutionSeq-1].ID
			a.ResolutionID = &rid
		} else if a.ResolutionID != nil && !keptRes[*a.ResolutionID] {
			a.ResolutionID = nil
		}
		if old, ok := byID[a.ID]; ok && a.ID != 0 && !kept[a.ID] {
			kept[a.ID] = true
			a.CarriedFromID, a.CarriedToID, a.Progress = old.CarriedFromID, old.CarriedToID, old.Progress
			err := w.db.Model(a).Select("seq", "resolution_id", "task", "owner", "deadline", "status", "completed_date").Updates(a).Error
			if err != nil {
				return nil, w.fail("actions", err)
			}
			continue
		}
		a.ID, a.CarriedFromID, a.CarriedToID, a.Progress = 0, nil, nil, nil
		if err := w.db.Create(a).Error; err != nil {
			return nil, w.fail("actions", err)
		}
	}
	var drop []int64
	for _, a := range stored {
		if !kept[a.ID] {
			if a.CarriedToID != nil {
				return nil, &Error{Key: KeyActionCarried, Args: map[string]any{"Field": "actions", "Seq": a.Seq, "Task": a.Task}}
			}
			drop = append(drop, a.ID)
		}
	}
	return kept, w.dropActions(drop)
}

// dropActions deletes the actions ids with their notes. The earlier
// action a dropped continuation came from is open again at its own
// meeting.
func (w childWriter) dropActions(ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if err := w.db.Model(&Action{}).Where("carried_to_id IN ?", ids).Update("carried_to_id", nil).Error; err != nil {
		return w.fail("actions", err)
	}
	if err := w.db.Where("action_id IN ?", ids).Delete(&ActionNote{}).Error; err != nil {
		return w.fail("actions", err)
	}
	if err := w.db.Where("id IN ?", ids).Delete(&Action{}).Error; err != nil {
		return w.fail("actions", err)
	}
	return nil
}

// agenda replaces the stored agenda items and their speeches; an item may
// report on one of this meeting's actions, one of keptAct.
func (w childWriter) agenda(stored []AgendaItem, keptAct map[int64]bool) error {
	m := w.m
	var itemIDs []int64
	for _, it := range stored {
		itemIDs = append(itemIDs, it.ID)
	}
	if len(itemIDs) > 0 {
		if err := w.db.Where("agenda_item_id IN ?", itemIDs).Delete(&Speech{}).Error; err != nil {
			return w.fail("speeches", err)
		}
		if err := w.db.Where("id IN ?", itemIDs).Delete(&AgendaItem{}).Error; err != nil {
			return w.fail("agenda", err)
		}
	}
	for i := range m.Agenda {
		it := &m.Agenda[i]
		it.ID, it.MeetingID = 0, m.ID
		if it.CarriedActionID != nil && !keptAct[*it.CarriedActionID] {
			it.CarriedActionID = nil
		}
		for j := range it.Speeches {
			it.Speeches[j].ID, it.Speeches[j].AgendaItemID = 0, 0
		}
		if err := w.db.Create(it).Error; err != nil {
			return w.fail("agenda", err)
		}
	}
	return nil
}
