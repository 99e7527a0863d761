package data

// The bridge between a resolution and the agreement made from it: a
// passed resolution of finalized minutes becomes a draft 项目协议, and the
// agreement finds its resolution.

import (
	"context"
	"fmt"
	"strings"
)

// ResolutionToAgreement makes a draft 项目协议 from a passed resolution of
// finalized minutes, with organization orgID as party B (it must be
// 正常), through CreateAgreement — so the number and the checks are the
// agreements' own. Title and project name come from the meeting, the
// purpose is the resolution's text, the notes name the meeting. The
// resolution records the agreement (ResolutionForAgreement finds it from
// the agreement's side). A resolution gets one agreement
// (KeyResolutionAgreement).
func (s *Store) ResolutionToAgreement(ctx context.Context, resolutionID, orgID int64) (Agreement, error) {
	if err := s.can("ResolutionToAgreement"); err != nil {
		return Agreement{}, err
	}
	var a Agreement
	err := s.Tx(ctx, func(tx *Tx) error {
		var r Resolution
		if err := first(tx.db, &r, "meeting_resolutions", resolutionID); err != nil {
			return err
		}
		m, err := loadMeeting(tx.db, r.MeetingID)
		if err != nil {
			return err
		}
		if err := newest(tx.db, &m); err != nil {
			return err
		}
		if r.AgreementID != nil {
			var existing Agreement
			tx.db.Unscoped().Select("number").Where("id = ?", *r.AgreementID).Limit(1).Find(&existing)
			return &Error{Key: KeyResolutionAgreement, Args: map[string]any{"Seq": r.Seq, "Number": existing.Number}}
		}
		if !m.Frozen() {
			return meetingErr(KeyResolutionNotFinal, &m)
		}
		if !r.Outcome(&m).Passed {
			return &Error{Key: KeyResolutionNotPassed, Args: map[string]any{"Seq": r.Seq}}
		}
		project := strings.TrimSpace(strings.TrimSuffix(m.Title, "会议"))
		project = strings.TrimSuffix(strings.TrimSuffix(project, "议事会"), "协商")
		a = Agreement{
			Kind:           AgreementProject,
			OrganizationID: orgID,
			ProjectName:    truncRunes(project, 128),
			Title:          truncRunes(project+AgreementProject, 128),
			Purpose:        truncRunes(r.Text, 2000),
			Place:          truncRunes(m.Community, 256),
			Notes:          fmt.Sprintf("依据%s%s（第%d版）第%d项决议。", m.Date, m.Title, m.Version, r.Seq),
		}
		if err := a.Validate(); err != nil {
			return err
		}
		// CreateAgreement's own steps, inside this transaction so the
		// link and the agreement are written together.
		if err := tx.insertAgreement(&a); err != nil {
			return err
		}
		before := r
		r.AgreementID = &a.ID
		if err := tx.db.Model(&r).UpdateColumn("agreement_id", a.ID).Error; err != nil {
			return fmt.Errorf("data: resolution %d: %w", r.ID, err)
		}
		return tx.Audit(ActionUpdate, "meeting_resolutions", r.ID, before, r)
	})
	return a, err
}

// ResolutionForAgreement returns the resolution agreement agreementID was
// made from — in the newest version of its meeting — or ErrNotFound.
func (s *Store) ResolutionForAgreement(ctx context.Context, agreementID int64) (Resolution, error) {
	if err := s.can("ResolutionForAgreement"); err != nil {
		return Resolution{}, err
	}
	var rs []Resolution
	err := s.db.WithContext(ctx).Table("meeting_resolutions r").Select("r.*").
		Joins("JOIN meetings m ON m.id = r.meeting_id AND m.deleted_at IS NULL").
		Where("r.agreement_id = ?", agreementID).
		Order("m.superseded_by_id IS NOT NULL, m.version DESC").Limit(1).Find(&rs).Error
	if err != nil {
		return Resolution{}, fmt.Errorf("data: resolution of agreement %d: %w", agreementID, err)
	}
	if len(rs) == 0 {
		return Resolution{}, NotFound("meeting_resolutions", agreementID)
	}
	return rs[0], nil
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
