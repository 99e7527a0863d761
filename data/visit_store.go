package data

// The store's visit methods: recording a visit (and the follow-up action
// its referral makes), a resident's visits, the tier rules, a tier set by
// hand, intensifications and major events. Writes check the account's
// permission first and the resident's scope inside the transaction (a
// resident outside is ErrNotFound), and are audited.

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Entities of the visits' audit entries (their tables).
const (
	EntityVisits           = "visits"
	EntityTierOverrides    = "care_tier_overrides"
	EntityIntensifications = "visit_intensifications"
	EntityCareEvents       = "care_events"
	EntityVisitPlan        = "visit_plan" // a printed plan with whole phone numbers
)

// visitor is the account recording a visit: its audit name and login
// (on an unbound store the settings' operator, else the system's user, as
// the audit trail names them).
func (s *Store) visitor() (name, login string) {
	if s.who == nil {
		if op := s.Operator(); op != "" {
			return op, ""
		}
		return SystemUser(), ""
	}
	return s.who.auditName(), s.who.login
}

// RecordVisit validates v against the store's clock and records it as a
// visit by the bound account (Visitor and VisitorLogin are set here; an
// unbound store keeps a Visitor given, as the demo names its grid workers). A
// referral creates a follow-up action on the actions board (督办事项, not
// started, owned by ReferralOwner), linked both ways: v.ActionID and the
// action's VisitID.
func (s *Store) RecordVisit(ctx context.Context, v *Visit) error {
	if err := s.can("RecordVisit"); err != nil {
		return err
	}
	if err := v.Validate(s.now()); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.recordVisit(v) })
}

// RecordVisit is Store.RecordVisit inside a transaction (an import);
// the caller has validated v.
func (tx *Tx) RecordVisit(v *Visit) error {
	if err := tx.store.can("RecordVisit"); err != nil {
		return err
	}
	if err := v.Validate(tx.store.now()); err != nil {
		return err
	}
	return tx.recordVisit(v)
}

func (tx *Tx) recordVisit(v *Visit) error {
	if err := tx.inScope("residents", v.ResidentID); err != nil {
		return err
	}
	var r Resident
	if err := first(tx.db, &r, "residents", v.ResidentID); err != nil {
		return err
	}
	v.ID, v.ActionID = 0, nil
	if v.Visitor == "" || tx.store.who != nil {
		v.Visitor, v.VisitorLogin = tx.store.visitor()
	}
	if err := tx.db.Create(v).Error; err != nil {
		return fmt.Errorf("data: record visit: %w", err)
	}
	if v.Referral != "" {
		holder, err := visitActionsMeeting(tx, v.Date[:4])
		if err != nil {
			return err
		}
		a := Action{
			MeetingID: holder,
			Task:      "关爱走访转办（" + r.Name + "，" + v.Date + "）：" + v.Referral,
			Owner:     v.ReferralOwner, Deadline: v.ReferralDeadline, Status: ActionNotStarted, VisitID: &v.ID,
		}
		if err := tx.db.Create(&a).Error; err != nil {
			return fmt.Errorf("data: record visit: action: %w", err)
		}
		if err := tx.Audit(ActionCreate, "meeting_actions", a.ID, nil, a); err != nil {
			return err
		}
		v.ActionID = &a.ID
		if err := tx.db.Model(v).UpdateColumn("action_id", a.ID).Error; err != nil {
			return fmt.Errorf("data: record visit: action: %w", err)
		}
	}
	return tx.Audit(ActionCreate, EntityVisits, v.ID, nil, v)
}

// Visits returns resident id's visits, newest first.
func (s *Store) Visits(ctx context.Context, residentID int64) ([]Visit, error) {
	if err := s.can("Visits"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	if err := s.inScope(db, "residents", residentID); err != nil {
		return nil, err
	}
	var vs []Visit
	if err := db.Where("resident_id = ?", residentID).Order("date DESC, time DESC, id DESC").Find(&vs).Error; err != nil {
		return nil, fmt.Errorf("data: visits of %d: %w", residentID, err)
	}
	return vs, nil
}

// Visit returns the visit with id (ErrNotFound outside the scope).
func (s *Store) Visit(ctx context.Context, id int64) (Visit, error) {
	if err := s.can("Visit"); err != nil {
		return Visit{}, err
	}
	db := s.db.WithContext(ctx)
	var v Visit
	if err := first(db, &v, EntityVisits, id); err != nil {
		return v, err
	}
	if err := s.inScope(db, "residents", v.ResidentID); err != nil {
		return Visit{}, NotFound(EntityVisits, id)
	}
	return v, nil
}

// VisitRules returns the office's tier rules and cadences (the defaults
// until saved).
func (s *Store) VisitRules(ctx context.Context) (VisitRules, error) {
	if err := s.can("VisitRules"); err != nil {
		return VisitRules{}, err
	}
	return loadVisitRules(s.db.WithContext(ctx))
}

func loadVisitRules(db *gorm.DB) (VisitRules, error) {
	v, _, err := getSetting(db, visitRulesKey)
	if err != nil {
		return VisitRules{}, err
	}
	return parseVisitRules(v)
}

// SaveVisitRules validates and saves the tier rules, audited.
func (s *Store) SaveVisitRules(ctx context.Context, r VisitRules) error {
	if err := s.can("SaveVisitRules"); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	b, err := jsonText(r)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.putSetting(visitRulesKey, b) })
}

// SetCareTier sets resident id's tier by hand with a reason (required),
// or with tier "" goes back to the rules' tier. Audited, scoped.
func (s *Store) SetCareTier(ctx context.Context, residentID int64, tier, reason string) error {
	if err := s.can("SetCareTier"); err != nil {
		return err
	}
	tier, reason = cleanText(tier), cleanText(reason)
	if tier != "" && !slices.Contains(Tiers, tier) {
		return &Error{Key: KeyVisitTier, Args: map[string]any{"Field": "tier", "Value": tier}}
	}
	if tier != "" && reason == "" {
		return &Error{Key: KeyVisitTierReason, Args: map[string]any{"Field": "reason"}}
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if err := tx.inScope("residents", residentID); err != nil {
			return err
		}
		var cur CareTierOverride
		err := tx.db.Where("resident_id = ?", residentID).Limit(1).Find(&cur).Error
		if err != nil {
			return fmt.Errorf("data: care tier: %w", err)
		}
		if tier == "" {
			if cur.ID == 0 {
				return nil
			}
			if err := tx.db.Unscoped().Delete(&cur).Error; err != nil {
				return fmt.Errorf("data: care tier: %w", err)
			}
			return tx.Audit(ActionPurge, EntityTierOverrides, cur.ID, cur, nil)
		}
		before := cur
		name, _ := s.visitor()
		next := CareTierOverride{ResidentID: residentID, Tier: tier, Reason: reason, SetBy: name}
		next.ID, next.CreatedAt = cur.ID, cur.CreatedAt
		if err := tx.db.Save(&next).Error; err != nil {
			return fmt.Errorf("data: care tier: %w", err)
		}
		var b any
		if before.ID != 0 {
			b = before
		}
		return tx.Audit(ActionUpdate, EntityTierOverrides, next.ID, b, next)
	})
}

// CareTier is resident id's tier as the rules and a tier set by hand give
// it today: the tier ("" not tracked), and the override when there is one.
func (s *Store) CareTier(ctx context.Context, residentID int64) (string, *CareTierOverride, error) {
	if err := s.can("CareTier"); err != nil {
		return "", nil, err
	}
	db := s.db.WithContext(ctx)
	if err := s.inScope(db, "residents", residentID); err != nil {
		return "", nil, err
	}
	var o CareTierOverride
	if err := db.Where("resident_id = ?", residentID).Limit(1).Find(&o).Error; err != nil {
		return "", nil, fmt.Errorf("data: care tier: %w", err)
	}
	if o.ID != 0 {
		return o.Tier, &o, nil
	}
	rules, err := loadVisitRules(db)
	if err != nil {
		return "", nil, err
	}
	var r Resident
	if err := db.Preload("Tags").First(&r, residentID).Error; err != nil {
		return "", nil, NotFound("residents", residentID)
	}
	now := s.now()
	return rules.TierOf(r.Age(now), r.CareTags(now)), nil, nil
}

// AddIntensification validates and saves a temporary intensification,
// audited. It is the office's: the office-settings permission.
func (s *Store) AddIntensification(ctx context.Context, in *Intensification) error {
	if err := s.can("AddIntensification"); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	in.ID = 0
	return s.Tx(ctx, func(tx *Tx) error {
		if err := tx.db.Create(in).Error; err != nil {
			return fmt.Errorf("data: intensification: %w", err)
		}
		return tx.Audit(ActionCreate, EntityIntensifications, in.ID, nil, in)
	})
}

// Intensifications returns the intensifications whose window ends on or
// after since (ISO; "" all), by start.
func (s *Store) Intensifications(ctx context.Context, since string) ([]Intensification, error) {
	if err := s.can("Intensifications"); err != nil {
		return nil, err
	}
	return loadIntensifications(s.db.WithContext(ctx), since)
}

func loadIntensifications(db *gorm.DB, since string) ([]Intensification, error) {
	var out []Intensification
	if err := db.Where("to_date >= ?", since).Order("from_date, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("data: intensifications: %w", err)
	}
	return out, nil
}

// RecordCareEvent records a major event of a tracked resident (date today
// when empty; not in the future), audited, scoped.
func (s *Store) RecordCareEvent(ctx context.Context, e *CareEvent) error {
	if err := s.can("RecordCareEvent"); err != nil {
		return err
	}
	e.What = cleanText(e.What)
	today := isoDay(s.now())
	if e.Date == "" {
		e.Date = today
	}
	iso, ok := parseDate(e.Date)
	switch {
	case !ok:
		return &Error{Key: KeyInvalidDate, Args: map[string]any{"Field": "date", "Value": e.Date}}
	case iso > today:
		return &Error{Key: KeyVisitFuture, Args: map[string]any{"Field": "date", "Date": iso}}
	case e.What == "":
		return &Error{Key: KeyInvalidRequired, Args: map[string]any{"Field": "what"}}
	}
	e.Date = iso
	return s.Tx(ctx, func(tx *Tx) error {
		if err := tx.inScope("residents", e.ResidentID); err != nil {
			return err
		}
		e.ID = 0
		e.Operator, _ = s.visitor()
		if err := tx.db.Create(e).Error; err != nil {
			return fmt.Errorf("data: care event: %w", err)
		}
		return tx.Audit(ActionCreate, EntityCareEvents, e.ID, nil, e)
	})
}

// visitActionScope is the condition on meeting_actions a that keeps the
// actions of visits outside the account's scope off the actions board
// ("" for the whole street).
func (s *Store) visitActionScope(db *gorm.DB) (string, []any) {
	sc, args := s.who.householdScope(db, "vh")
	if sc == "" {
		return "", nil
	}
	return `(a.visit_id IS NULL OR a.visit_id IN (SELECT v.id FROM visits v
		JOIN residents vr ON vr.id = v.resident_id JOIN households vh ON vh.id = vr.household_id WHERE ` + sc + `))`, args
}

// MeetingKindVisits is the kind of the meeting record that holds the
// actions of visits' referrals, one per year. Actions belong to a meeting
// (meeting_actions.meeting_id is NOT NULL and a foreign key, on both
// engines), and making it nullable would rebuild the table on SQLite with
// the foreign keys off, which a migration's transaction cannot do; so a
// visit's action sits in this holder, which the meetings list and the
// dashboard's meeting count leave out, while the actions board lists its
// actions like any other, labelled by their visit (Action.VisitID).
const MeetingKindVisits = "关爱走访"

// visitActionsMeeting returns the ID of year's holder, made when missing.
func visitActionsMeeting(tx *Tx, year string) (int64, error) {
	var m Meeting
	err := tx.db.Where("kind = ? AND date = ?", MeetingKindVisits, year+"-01-01").Limit(1).Find(&m).Error
	if err != nil {
		return 0, fmt.Errorf("data: visits' actions: %w", err)
	}
	if m.ID != 0 {
		return m.ID, nil
	}
	m = Meeting{Title: "关爱走访转办事项（" + year + "年）", Kind: MeetingKindVisits, Date: year + "-01-01", Status: MeetingFinal,
		Summary: "本记录汇集关爱走访中转办的督办事项，不是会议。"}
	if err := tx.db.Create(&m).Error; err != nil {
		return 0, fmt.Errorf("data: visits' actions: %w", err)
	}
	return m.ID, tx.Audit(ActionCreate, "meetings", m.ID, nil, m)
}

// Visits is Store.Visits inside a transaction (an import checks the
// visits it would repeat).
func (tx *Tx) Visits(residentID int64) ([]Visit, error) {
	if err := tx.inScope("residents", residentID); err != nil {
		return nil, err
	}
	var vs []Visit
	if err := tx.db.Where("resident_id = ?", residentID).Order("date DESC, time DESC, id DESC").Find(&vs).Error; err != nil {
		return nil, fmt.Errorf("data: visits of %d: %w", residentID, err)
	}
	return vs, nil
}

// residentInScope is mayWrite's check of a visit's (or a tier's, an
// event's) resident, for the generic Create, Update and Delete.
func residentInScope(db *gorm.DB, p *principal, residentID int64) error {
	return scopeCheck(db, p, "residents", residentID) // not found outside the scope, as for residents
}
