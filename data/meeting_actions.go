package data

// The follow-up of a meeting's actions (督办事项): progress notes, status,
// carrying an action into a later meeting, and the chain it makes.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// loadAction loads an action with its meeting (without children) and
// refuses it when the meeting is superseded: follow-up goes on in the
// newest version.
func loadAction(db *gorm.DB, p *principal, id int64) (Action, Meeting, error) {
	var a Action
	if err := first(db, &a, "meeting_actions", id); err != nil {
		return a, Meeting{}, err
	}
	var m Meeting
	if err := first(db, &m, "meetings", a.MeetingID); err != nil {
		return a, m, err
	}
	// An action is written as its meeting is (meeting_scope.go); one
	// the account may not read is not there.
	if err := p.meetingWrite(&m); err != nil {
		if errors.Is(err, ErrNotFound) {
			err = NotFound("meeting_actions", id)
		}
		return a, m, err
	}
	if m.Superseded() {
		return a, m, meetingErr(KeyActionSupersededNote, &m)
	}
	return a, m, nil
}

// AddActionNote adds a progress note to action id, dated n.Date (today
// when empty; not in the future), by the operator, audited. An action
// carried into a later meeting is followed up there (KeyActionCarried). A
// first note moves a 未开始 action to 进行中.
func (s *Store) AddActionNote(ctx context.Context, actionID int64, n *ActionNote) error {
	if err := s.can("AddActionNote"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		a, _, err := loadAction(tx.db, s.who, actionID)
		if err != nil {
			return err
		}
		if a.Carried() {
			return &Error{Key: KeyActionCarried, Args: map[string]any{"Task": a.Task}}
		}
		if err := n.Validate(isoDay(s.now())); err != nil {
			return err
		}
		n.ID, n.ActionID, n.Operator, n.CreatedAt = 0, actionID, s.Operator(), s.now()
		if err := tx.db.Create(n).Error; err != nil {
			return fmt.Errorf("data: action %d: note: %w", actionID, err)
		}
		if err := tx.Audit(ActionCreate, "meeting_action_notes", n.ID, nil, n); err != nil {
			return err
		}
		if a.Status == ActionNotStarted {
			return tx.setActionStatus(&a, ActionInProgress, "")
		}
		return nil
	})
}

// setActionStatus writes an action's status and completion date, audited.
func (tx *Tx) setActionStatus(a *Action, status, completed string) error {
	before := *a
	a.Status, a.CompletedDate = status, completed
	if err := tx.db.Model(a).Select("status", "completed_date").Updates(a).Error; err != nil {
		return fmt.Errorf("data: action %d: %w", a.ID, err)
	}
	return tx.Audit(ActionUpdate, "meeting_actions", a.ID, before, a)
}

// UpdateActionStatus sets action id's stored status (未开始, 进行中,
// 已完成; 已逾期 is computed and refused). Completing records completed
// (today when empty; neither in the future nor before the meeting); any
// other status clears it. A carried action is followed up in the later
// meeting (KeyActionCarried).
func (s *Store) UpdateActionStatus(ctx context.Context, actionID int64, status, completed string) error {
	if err := s.can("UpdateActionStatus"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		a, m, err := loadAction(tx.db, s.who, actionID)
		if err != nil {
			return err
		}
		if a.Carried() {
			return &Error{Key: KeyActionCarried, Args: map[string]any{"Task": a.Task}}
		}
		status = cleanText(status)
		if !slices.Contains(ActionStatuses, status) {
			return &Error{Key: KeyActionStatus, Args: map[string]any{"Field": "status", "Value": status}}
		}
		today := isoDay(s.now())
		completed = cleanText(completed)
		if status != ActionDone {
			completed = ""
		} else if completed == "" {
			completed = today
		} else if iso, ok := parseDate(completed); !ok {
			return &Error{Key: KeyInvalidDate, Args: map[string]any{"Field": "completedDate", "Value": completed}}
		} else if completed = iso; iso > today {
			return &Error{Key: KeyActionCompletedFuture, Args: map[string]any{"Field": "completedDate", "Date": iso}}
		} else if iso < m.Date {
			return &Error{Key: KeyActionCompletedBefore, Args: map[string]any{"Field": "completedDate", "Date": iso, "Meeting": m.Date}}
		}
		return tx.setActionStatus(&a, status, completed)
	})
}

// CarryAction puts action id on the agenda of a later meeting, a draft
// dated after the action's own: a new action there continues it
// (CarriedFromID; same task, owner, deadline and status), and an agenda
// item reports on it with the history so far. The earlier action gets
// CarriedToID and is followed up no more; both keep their notes. It
// returns the new action.
func (s *Store) CarryAction(ctx context.Context, actionID, toMeetingID int64) (Action, error) {
	if err := s.can("CarryAction"); err != nil {
		return Action{}, err
	}
	var out Action
	err := s.Tx(ctx, func(tx *Tx) error {
		a, from, err := loadAction(tx.db, s.who, actionID)
		if err != nil {
			return err
		}
		if a.Carried() {
			return &Error{Key: KeyActionCarried, Args: map[string]any{"Task": a.Task}}
		}
		to, err := carryTarget(tx, &from, toMeetingID)
		if err != nil {
			return err
		}
		var notes []ActionNote
		if err := tx.db.Where("action_id = ?", a.ID).Order("date, id").Find(&notes).Error; err != nil {
			return fmt.Errorf("data: carry action %d: %w", actionID, err)
		}
		before, err := snapshot(&to)
		if err != nil {
			return err
		}
		next := Action{
			MeetingID: to.ID, Seq: len(to.Actions) + 1, Task: a.Task, Owner: a.Owner, Deadline: a.Deadline,
			Status: a.Status, CompletedDate: a.CompletedDate, CarriedFromID: &a.ID,
		}
		if err := tx.db.Create(&next).Error; err != nil {
			return fmt.Errorf("data: carry action %d: %w", actionID, err)
		}
		var bg strings.Builder
		fmt.Fprintf(&bg, "%s会议（%s）确定的督办事项，责任人：%s", from.Date, from.Title, a.Owner)
		if a.Deadline != "" {
			fmt.Fprintf(&bg, "，完成时限：%s", a.Deadline)
		}
		fmt.Fprintf(&bg, "，当前状态：%s。", a.State(isoDay(s.now())))
		for _, n := range notes {
			fmt.Fprintf(&bg, "\n%s：%s", n.Date, n.Text)
		}
		item := AgendaItem{MeetingID: to.ID, Seq: len(to.Agenda) + 1, Topic: "督办事项：" + firstLine(a.Task, 100), Background: bg.String(), CarriedActionID: &next.ID}
		if err := tx.db.Create(&item).Error; err != nil {
			return fmt.Errorf("data: carry action %d: %w", actionID, err)
		}
		if err := tx.db.Model(&a).UpdateColumn("carried_to_id", next.ID).Error; err != nil {
			return fmt.Errorf("data: carry action %d: %w", actionID, err)
		}
		if err := indexMeeting(tx.db, to.ID); err != nil {
			return err
		}
		after, err := loadMeeting(tx.db, to.ID)
		if err != nil {
			return err
		}
		if err := tx.Audit(ActionUpdate, "meetings", to.ID, before, after); err != nil {
			return err
		}
		carried := a
		carried.CarriedToID = &next.ID
		if err := tx.Audit(ActionUpdate, "meeting_actions", a.ID, a, carried); err != nil {
			return err
		}
		out = next
		return nil
	})
	return out, err
}

// carryTarget loads the meeting an action of from is carried into: one
// the account writes, a later draft, not from itself.
func carryTarget(tx *Tx, from *Meeting, id int64) (Meeting, error) {
	to, err := loadMeeting(tx.db, id)
	if err != nil {
		return to, err
	}
	if err := tx.store.who.meetingWrite(&to); err != nil {
		return to, err
	}
	if to.Frozen() || to.Superseded() || to.Date <= from.Date || to.ID == from.ID {
		return to, &Error{Key: KeyMeetingCarryTarget, Args: map[string]any{"Field": "meetingId", "Title": to.Title, "Status": to.Status, "Date": to.Date, "From": from.Date}}
	}
	return to, nil
}

// ActionChain returns the actions action id continues and is continued
// by, earliest meeting first, id's included.
func (s *Store) ActionChain(ctx context.Context, actionID int64) ([]Action, error) {
	if err := s.can("ActionChain"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	load := func(id int64) (Action, error) {
		var a Action
		err := db.Preload("Progress", func(db *gorm.DB) *gorm.DB { return db.Order("date, id") }).First(&a, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return a, NotFound("meeting_actions", id)
		}
		return a, err
	}
	a, err := load(actionID)
	if err != nil {
		return nil, err
	}
	readable := func(a Action) (bool, error) {
		m, err := meetingOf(db, a.MeetingID)
		if err != nil {
			return false, err
		}
		return s.who.readsMeeting(m.Community), nil
	}
	if ok, err := readable(a); err != nil {
		return nil, err
	} else if !ok {
		return nil, NotFound("meeting_actions", actionID)
	}
	for n := 0; a.CarriedFromID != nil && n < 1000; n++ {
		if a, err = load(*a.CarriedFromID); err != nil {
			return nil, err
		}
	}
	out := []Action{a}
	for len(out) < 1000 && a.CarriedToID != nil {
		if a, err = load(*a.CarriedToID); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	// The chain may pass through meetings of other communities: those
	// links are left out.
	kept := out[:0]
	for _, a := range out {
		if ok, err := readable(a); err != nil {
			return nil, err
		} else if ok {
			kept = append(kept, a)
		}
	}
	return kept, nil
}

func firstLine(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	r := []rune(strings.TrimSpace(s))
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return string(r)
}
