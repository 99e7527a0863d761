package data

// The minutes' workflow: finalizing (草稿 → 已定稿), publishing (→ 已公示)
// and amending finalized minutes into a new draft version.

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm/clause"
)

// transition moves meeting id from one status to the next, recording who
// and when.
func (s *Store) transition(ctx context.Context, id int64, from, to string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		m, err := loadMeeting(tx.db, id)
		if err != nil {
			return err
		}
		if err := s.who.meetingWrite(&m); err != nil {
			return err
		}
		if err := newest(tx.db, &m); err != nil {
			return err
		}
		if m.Status != from {
			return &Error{Key: KeyMeetingTransition, Args: map[string]any{"Title": m.Title, "From": m.Status, "To": to}}
		}
		before, err := snapshot(&m)
		if err != nil {
			return err
		}
		if to == MeetingFinal {
			// What was saved as a draft is checked again: the rules may
			// have been tightened since, and finalized minutes must hold.
			check := m
			if err := check.Validate(); err != nil {
				return err
			}
			if err := checkLinks(tx.db, &m); err != nil {
				return err
			}
		}
		now, op := s.now(), s.Operator()
		cols := []string{"status", "updated_at"}
		switch to {
		case MeetingFinal:
			m.FinalizedAt, m.FinalizedBy = &now, op
			cols = append(cols, "finalized_at", "finalized_by")
		case MeetingPublished:
			m.PublishedAt, m.PublishedBy = &now, op
			cols = append(cols, "published_at", "published_by")
		}
		m.Status = to
		if err := tx.db.Model(&m).Select(cols).Omit(clause.Associations).Updates(&m).Error; err != nil {
			return fmt.Errorf("data: meeting %d: %s → %s: %w", id, from, to, err)
		}
		after, err := loadMeeting(tx.db, id)
		if err != nil {
			return err
		}
		return tx.Audit(ActionUpdate, "meetings", id, before, after)
	})
}

// FinalizeMeeting freezes a draft's minutes (草稿 → 已定稿), recording the
// operator and the time. Other statuses are refused with
// KeyMeetingTransition; a meeting that no longer validates with
// FieldErrors.
func (s *Store) FinalizeMeeting(ctx context.Context, id int64) error {
	if err := s.can("FinalizeMeeting"); err != nil {
		return err
	}
	return s.transition(ctx, id, MeetingDraft, MeetingFinal)
}

// PublishMeeting records that the finalized minutes' outcome was posted
// (已定稿 → 已公示), with who and when.
func (s *Store) PublishMeeting(ctx context.Context, id int64) error {
	if err := s.can("PublishMeeting"); err != nil {
		return err
	}
	return s.transition(ctx, id, MeetingFinal, MeetingPublished)
}

// AmendMeeting makes a new draft version of finalized minutes, for a
// correction: a copy of everything (children, actions with their notes,
// links), Version+1, PreviousID and the reason; the version amended gets
// SupersededByID and stays readable as it was. Only the newest version is
// amended; a draft is edited instead (KeyMeetingAmendDraft). It returns
// the new version.
func (s *Store) AmendMeeting(ctx context.Context, id int64, reason string) (Meeting, error) {
	if err := s.can("AmendMeeting"); err != nil {
		return Meeting{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Meeting{}, &Error{Key: KeyMeetingAmendReason, Args: map[string]any{"Field": "reason"}}
	}
	var out Meeting
	err := s.Tx(ctx, func(tx *Tx) error {
		old, err := loadMeeting(tx.db, id)
		if err != nil {
			return err
		}
		if err := s.who.meetingWrite(&old); err != nil {
			return err
		}
		if err := newest(tx.db, &old); err != nil {
			return err
		}
		if !old.Frozen() {
			return meetingErr(KeyMeetingAmendDraft, &old)
		}
		before, err := snapshot(&old)
		if err != nil {
			return err
		}
		m, resSeq, carried := amendedCopy(&old, reason)
		if err := tx.insertMeeting(&m, resSeq); err != nil {
			return err
		}
		if err := tx.relinkAmended(&old, &m, carried); err != nil {
			return fmt.Errorf("data: amend meeting %d: %w", id, err)
		}
		if err := tx.db.Model(&Meeting{}).Where("id = ?", id).UpdateColumn("superseded_by_id", m.ID).Error; err != nil {
			return fmt.Errorf("data: amend meeting %d: %w", id, err)
		}
		after, err := loadMeeting(tx.db, id)
		if err != nil {
			return err
		}
		if err := tx.Audit(ActionUpdate, "meetings", id, before, after); err != nil {
			return err
		}
		out, err = loadMeeting(tx.db, m.ID)
		return err
	})
	return out, err
}

// amendedCopy is the new draft version of finalized minutes old: a copy
// of everything, numbered after it, with the reason. resSeq tells its
// actions' resolutions by their number (old resolution ID → Seq), carried
// its agenda items that report on one of its actions (agenda index →
// action Seq), links that insertMeeting and relinkAmended make again for
// the copy's new IDs.
func amendedCopy(old *Meeting, reason string) (m Meeting, resSeq map[int64]int, carried map[int]int) {
	m = old.Clone()
	m.Model = Model{}
	m.Status, m.Version, m.PreviousID, m.SupersededByID, m.AmendReason = MeetingDraft, old.Version+1, &old.ID, nil, reason
	m.FinalizedAt, m.FinalizedBy, m.PublishedAt, m.PublishedBy = nil, "", nil, ""
	resSeq = map[int64]int{}
	for _, r := range old.Resolutions {
		resSeq[r.ID] = r.Seq
	}
	actSeq := map[int64]int{}
	for _, a := range old.Actions {
		actSeq[a.ID] = a.Seq
	}
	carried = map[int]int{}
	for i, it := range m.Agenda {
		if it.CarriedActionID != nil {
			carried[i] = actSeq[*it.CarriedActionID]
			m.Agenda[i].CarriedActionID = nil
		}
	}
	return m, resSeq, carried
}

// relinkAmended points the inserted copy m's agenda items back at its own
// actions (carried, as amendedCopy returns it), and a later meeting's
// continuation of one of old's actions at the copy's, so the chain runs
// through the newest version.
func (tx *Tx) relinkAmended(old, m *Meeting, carried map[int]int) error {
	for i, seq := range carried {
		if seq < 1 || seq > len(m.Actions) {
			continue
		}
		if err := tx.db.Model(&AgendaItem{}).Where("id = ?", m.Agenda[i].ID).Update("carried_action_id", m.Actions[seq-1].ID).Error; err != nil {
			return err
		}
	}
	for i, a := range old.Actions {
		if a.CarriedToID == nil || i >= len(m.Actions) {
			continue
		}
		if err := tx.db.Model(&Action{}).Where("id = ?", *a.CarriedToID).Update("carried_from_id", m.Actions[i].ID).Error; err != nil {
			return err
		}
	}
	return nil
}
