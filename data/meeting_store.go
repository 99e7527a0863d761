package data

// The store's side of the meetings: saving a meeting with its children,
// loading, deletion and the version chain. The workflow (finalize,
// publish, amend) is meeting_workflow.go, the follow-up of actions
// meeting_actions.go, the resolution's agreement meeting_agreement.go.
//
// Children are saved with their meeting. Participants, agenda items and
// speeches are content: an update replaces them. Resolutions and actions
// are matched by ID, because other records point at them — an agreement
// at its resolution, a later meeting's action at the one it continues,
// progress notes at their action — and an update that dropped their IDs
// would cut those links.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// meetingContent is what finalizing freezes: the minutes' own fields.
type meetingContent struct {
	Title, Kind, Community, Date, StartTime, EndTime, Place, Convener, Host, Recorder, Summary string
	Invited, QuorumPercent, Version                                                            int
}

func (m *Meeting) content() meetingContent {
	return meetingContent{m.Title, m.Kind, m.Community, m.Date, m.StartTime, m.EndTime, m.Place, m.Convener,
		m.Host, m.Recorder, m.Summary, m.Invited, m.QuorumPercent, m.Version}
}

func meetingErr(key string, m *Meeting, args ...any) error {
	a := map[string]any{"Title": m.Title, "Status": m.Status, "Version": m.Version}
	for i := 0; i+1 < len(args); i += 2 {
		a[fmt.Sprint(args[i])] = args[i+1]
	}
	return &Error{Key: key, Args: a}
}

// BeforeUpdate refuses a change of finalized minutes however it is
// attempted — UpdateMeeting refuses first, but a generic Store.Update of
// the row lands here. The workflow's columns (status, who and when,
// SupersededByID) still change.
func (m *Meeting) BeforeUpdate(tx *gorm.DB) error {
	if m.ID == 0 {
		return nil
	}
	var stored Meeting
	err := tx.Session(&gorm.Session{NewDB: true}).Unscoped().Where("id = ?", m.ID).Limit(1).Find(&stored).Error
	if err != nil {
		return fmt.Errorf("data: meeting %d: %w", m.ID, err)
	}
	if stored.ID != 0 && stored.Frozen() && stored.content() != m.content() {
		return meetingErr(KeyMeetingFrozen, &stored)
	}
	return nil
}

// AfterUpdate keeps the version chain whole when an amended draft comes
// back from the recycle bin: its previous version is superseded again —
// unless another amendment has replaced it meanwhile, which refuses the
// restore.
func (m *Meeting) AfterUpdate(tx *gorm.DB) error {
	if m.ID == 0 {
		return nil
	}
	db := tx.Session(&gorm.Session{NewDB: true})
	var row struct {
		PreviousID *int64
		DeletedAt  *time.Time
	}
	if err := db.Raw("SELECT previous_id, deleted_at FROM meetings WHERE id = ?", m.ID).Scan(&row).Error; err != nil {
		return fmt.Errorf("data: meeting %d: %w", m.ID, err)
	}
	if row.PreviousID == nil || row.DeletedAt != nil {
		return nil
	}
	res := db.Exec("UPDATE meetings SET superseded_by_id = ? WHERE id = ? AND superseded_by_id IS NULL", m.ID, *row.PreviousID)
	if res.Error != nil {
		return fmt.Errorf("data: meeting %d: %w", m.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		var prev Meeting
		if err := db.Unscoped().Where("id = ?", *row.PreviousID).Limit(1).Find(&prev).Error; err != nil {
			return fmt.Errorf("data: meeting %d: %w", m.ID, err)
		}
		if prev.SupersededByID != nil && *prev.SupersededByID != m.ID {
			var newer Meeting
			db.Unscoped().Select("version").Where("id = ?", *prev.SupersededByID).Limit(1).Find(&newer)
			return meetingErr(KeyMeetingSuperseded, &prev, "Newer", newer.Version)
		}
	}
	return nil
}

// loadMeeting loads a live meeting with its children in order.
func loadMeeting(db *gorm.DB, id int64) (Meeting, error) {
	var m Meeting
	bySeq := func(db *gorm.DB) *gorm.DB { return db.Order("seq, id") }
	err := db.
		Preload("Participants", bySeq).
		Preload("Agenda", bySeq).
		Preload("Agenda.Speeches", bySeq).
		Preload("Resolutions", bySeq).
		Preload("Actions", bySeq).
		Preload("Actions.Progress", func(db *gorm.DB) *gorm.DB { return db.Order("date, id") }).
		First(&m, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return m, missing(db, &m, "meetings", "id", id)
	}
	if err != nil {
		return m, fmt.Errorf("data: load meeting %d: %w", id, err)
	}
	return m, nil
}

// Meeting returns the meeting with id and everything in it, each list in
// its order. Superseded versions are returned too (see MeetingVersions).
func (s *Store) Meeting(ctx context.Context, id int64) (Meeting, error) {
	if err := s.can("Meeting"); err != nil {
		return Meeting{}, err
	}
	m, err := loadMeeting(s.db.WithContext(ctx), id)
	if err == nil {
		err = s.who.meetingRead(&m)
	}
	if err != nil {
		return Meeting{}, err
	}
	return m, nil
}

// checkLinks refuses participants linked to organizations or residents
// that are not (or no longer) in the registers.
func checkLinks(db *gorm.DB, m *Meeting) error {
	p := problems{record: RecordMeeting}
	for _, pt := range m.Participants {
		for _, l := range []struct {
			entity string
			id     *int64
			model  any
		}{{"organizations", pt.OrganizationID, &Organization{}}, {"residents", pt.ResidentID, &Resident{}}} {
			if l.id == nil {
				continue
			}
			var n int64
			if err := db.Model(l.model).Where("id = ?", *l.id).Count(&n).Error; err != nil {
				return fmt.Errorf("data: meeting links: %w", err)
			}
			if n == 0 {
				p.add("participants", KeyMeetingLink, map[string]any{"Seq": pt.Seq, "Name": pt.Name, "Entity": l.entity, "ID": *l.id})
			}
		}
	}
	return p.err()
}

// CreateMeeting validates a new meeting (Validate) and adds it with its
// children, as a draft of version 1, audited. Links between records that
// only the store makes (carried actions, agreements, versions) are not
// taken from m.
func (s *Store) CreateMeeting(ctx context.Context, m *Meeting) error {
	if err := s.can("CreateMeeting"); err != nil {
		return err
	}
	m.Model = Model{}
	m.Status, m.Version, m.PreviousID, m.SupersededByID, m.AmendReason = MeetingDraft, 1, nil, nil, ""
	m.FinalizedAt, m.FinalizedBy, m.PublishedAt, m.PublishedBy = nil, "", nil, ""
	if err := m.Validate(); err != nil {
		return err
	}
	if err := s.who.meetingWriteTo(m.Community); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if err := checkLinks(tx.db, m); err != nil {
			return err
		}
		for i := range m.Agenda {
			m.Agenda[i].CarriedActionID = nil
		}
		for i := range m.Resolutions {
			m.Resolutions[i].AgreementID = nil
		}
		for i := range m.Actions {
			m.Actions[i].CarriedFromID, m.Actions[i].CarriedToID, m.Actions[i].Progress = nil, nil, nil
		}
		return tx.insertMeeting(m, nil)
	})
}

// insertMeeting inserts m with its children (IDs zeroed), links actions
// to resolutions by ResolutionSeq (or, for a copy, through resIDs, old
// resolution ID → Seq), indexes it and audits it.
func (tx *Tx) insertMeeting(m *Meeting, resSeq map[int64]int) error {
	if resSeq == nil {
		// IDs of resolutions as given (a copy of another meeting): the
		// action keeps pointing at the same entry of the list, or none.
		resSeq = map[int64]int{}
		for i, r := range m.Resolutions {
			if r.ID != 0 {
				resSeq[r.ID] = i + 1
			}
		}
	}
	m.ID = 0
	for i := range m.Participants {
		m.Participants[i].ID, m.Participants[i].MeetingID = 0, 0
	}
	for i := range m.Agenda {
		m.Agenda[i].ID, m.Agenda[i].MeetingID = 0, 0
		for j := range m.Agenda[i].Speeches {
			m.Agenda[i].Speeches[j].ID, m.Agenda[i].Speeches[j].AgendaItemID = 0, 0
		}
	}
	for i := range m.Resolutions {
		m.Resolutions[i].ID, m.Resolutions[i].MeetingID = 0, 0
	}
	for i := range m.Actions {
		a := &m.Actions[i]
		if a.ResolutionSeq == 0 && a.ResolutionID != nil {
			a.ResolutionSeq = resSeq[*a.ResolutionID]
		}
		a.ResolutionID = nil
		a.ID, a.MeetingID = 0, 0
		for j := range a.Progress {
			a.Progress[j].ID, a.Progress[j].ActionID = 0, 0
		}
	}
	if err := tx.db.Create(m).Error; err != nil {
		return fmt.Errorf("data: create meeting: %w", err)
	}
	if err := linkActions(tx.db, m); err != nil {
		return err
	}
	if err := indexMeeting(tx.db, m.ID); err != nil {
		return err
	}
	after, err := loadMeeting(tx.db, m.ID)
	if err != nil {
		return err
	}
	*m = after
	return tx.Audit(ActionCreate, "meetings", m.ID, nil, after)
}

// linkActions points actions saved with a ResolutionSeq at that
// resolution of m.
func linkActions(db *gorm.DB, m *Meeting) error {
	for i := range m.Actions {
		a := &m.Actions[i]
		if a.ResolutionSeq <= 0 || a.ResolutionSeq > len(m.Resolutions) {
			continue
		}
		rid := m.Resolutions[a.ResolutionSeq-1].ID
		a.ResolutionID = &rid
		if err := db.Model(&Action{}).Where("id = ?", a.ID).Update("resolution_id", rid).Error; err != nil {
			return fmt.Errorf("data: meeting %d: actions: %w", m.ID, err)
		}
	}
	return nil
}

// newest refuses a meeting that a newer version replaces.
func newest(db *gorm.DB, m *Meeting) error {
	if m.SupersededByID == nil {
		return nil
	}
	var newer Meeting
	if err := db.Unscoped().Select("id", "version").Where("id = ?", *m.SupersededByID).Limit(1).Find(&newer).Error; err != nil {
		return fmt.Errorf("data: meeting %d: %w", m.ID, err)
	}
	return meetingErr(KeyMeetingSuperseded, m, "Newer", newer.Version)
}

// UpdateMeeting validates a draft and saves it with its children (see the
// file comment). Finalized minutes are refused with KeyMeetingFrozen
// (amend them instead), a superseded version with KeyMeetingSuperseded.
// The status, version chain and workflow records are kept as stored; so
// are the links only the store makes (a resolution's agreement, a carried
// action's chain) and the actions' progress notes.
func (s *Store) UpdateMeeting(ctx context.Context, m *Meeting) error {
	if err := s.can("UpdateMeeting"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		before, err := loadMeeting(tx.db, m.ID)
		if err != nil {
			return err
		}
		if err := s.who.meetingWrite(&before); err != nil {
			return err
		}
		if err := s.who.meetingWriteTo(m.Community); err != nil {
			return err // moved to a community outside the scope
		}
		if err := newest(tx.db, &before); err != nil {
			return err
		}
		if before.Frozen() {
			return meetingErr(KeyMeetingFrozen, &before)
		}
		m.Model, m.Status, m.Version, m.PreviousID, m.SupersededByID = before.Model, before.Status, before.Version, before.PreviousID, before.SupersededByID
		m.FinalizedAt, m.FinalizedBy, m.PublishedAt, m.PublishedBy = nil, "", nil, ""
		if err := m.Validate(); err != nil {
			return err
		}
		if m.PreviousID != nil && m.AmendReason == "" {
			return &Error{Key: KeyMeetingAmendReason, Args: map[string]any{"Field": "amendReason"}}
		}
		if err := checkLinks(tx.db, m); err != nil {
			return err
		}
		err = tx.db.Model(m).Select("*").Omit("CreatedAt", "DeletedAt", clause.Associations).Updates(m).Error
		if err != nil {
			return fmt.Errorf("data: update meeting %d: %w", m.ID, err)
		}
		if err := replaceMeetingChildren(tx.db, m, &before); err != nil {
			return err
		}
		if err := indexMeeting(tx.db, m.ID); err != nil {
			return err
		}
		after, err := loadMeeting(tx.db, m.ID)
		if err != nil {
			return err
		}
		*m = after
		return tx.Audit(ActionUpdate, "meetings", m.ID, before, after)
	})
}

// DeleteMeeting moves a draft to the recycle bin; finalized minutes are
// refused (KeyMeetingDeleteFinal). Deleting an amended draft makes the
// version it amended the newest again.
func (s *Store) DeleteMeeting(ctx context.Context, id int64) error {
	if err := s.can("DeleteMeeting"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var m Meeting
		if err := first(tx.db, &m, "meetings", id); err != nil {
			return err
		}
		if err := s.who.meetingWrite(&m); err != nil {
			return err
		}
		if m.Frozen() {
			return meetingErr(KeyMeetingDeleteFinal, &m)
		}
		if err := newest(tx.db, &m); err != nil {
			return err
		}
		var carried int64
		if err := tx.db.Model(&Action{}).Where("meeting_id = ? AND carried_from_id IS NOT NULL", id).Count(&carried).Error; err != nil {
			return fmt.Errorf("data: delete meeting %d: %w", id, err)
		}
		if err := tx.Delete(&m); err != nil {
			return err
		}
		if m.PreviousID != nil {
			err := tx.db.Model(&Meeting{}).Where("id = ? AND superseded_by_id = ?", *m.PreviousID, id).
				UpdateColumn("superseded_by_id", nil).Error
			if err != nil {
				return fmt.Errorf("data: delete meeting %d: %w", id, err)
			}
		}
		return nil
	})
}

// MeetingVersions returns every version of the meeting id belongs to,
// oldest first, without their children.
func (s *Store) MeetingVersions(ctx context.Context, id int64) ([]Meeting, error) {
	if err := s.can("MeetingVersions"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var m Meeting
	if err := first(db, &m, "meetings", id); err != nil {
		return nil, err
	}
	if err := s.who.meetingRead(&m); err != nil {
		return nil, err
	}
	for m.PreviousID != nil {
		var prev Meeting
		if err := first(db, &prev, "meetings", *m.PreviousID); err != nil {
			return nil, err
		}
		m = prev
	}
	out := []Meeting{m}
	for m.SupersededByID != nil && len(out) < 1000 {
		var next Meeting
		if err := first(db, &next, "meetings", *m.SupersededByID); err != nil {
			return nil, err
		}
		m = next
		out = append(out, m)
	}
	return out, nil
}
