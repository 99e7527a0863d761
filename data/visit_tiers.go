package data

// Care tiers (关爱等级) and due dates. A resident's tier is computed from
// the register's care tags and age by rules the office can edit (stored in
// the settings table as JSON under one key, so a change needs no
// migration), unless it was set by hand with a reason (CareTierOverride).
// Each tier has a cadence in days; temporary intensifications (heat
// waves, holidays, epidemics) shorten a tier's cadence between two dates;
// a major event in a person's life (a fall, a bereavement) makes a
// special-tier visit due within the tier's event window.
//
// The due date is computed in Go from the last visit (NextDue), not in
// SQL: the rules are a handful, the tracked people of a grid hundreds,
// and one function then answers the board, the plan, the export and the
// dashboard alike.

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Tiers, from the most to the least frequently visited.
const (
	TierSpecial  = "特别关注"
	TierPriority = "重点关注"
	TierGeneral  = "一般关注"
)

// Tiers are the tiers in order of priority.
var Tiers = []string{TierSpecial, TierPriority, TierGeneral}

// TierRule puts a resident in Tier when they are at least MinAge years
// old (0: any age) and carry at least one of Tags (none: any tags,
// including none). TagCategories narrows a tag to some of its categories
// ("残疾人": "智力残疾"): empty means every category.
type TierRule struct {
	Tier   string   `json:"tier"`
	MinAge int      `json:"minAge"`
	Tags   []string `json:"tags"`
}

// TierCadence is how often a tier is visited: every Days days, and within
// EventDays days of a major event (0: no such rule for the tier).
type TierCadence struct {
	Tier      string `json:"tier"`
	Days      int    `json:"days"`
	EventDays int    `json:"eventDays"`
}

// VisitRules are the office's tier rules and cadences.
type VisitRules struct {
	Rules    []TierRule    `json:"rules"`
	Cadences []TierCadence `json:"cadences"`
}

// DefaultVisitRules follow the provincial rules the national guidance
// (民政部等九部门, 2022) points to: 80+ living alone, disabled elderly
// (dementia is certified as an intellectual or mental disability, so the
// 残疾人 tag covers it) at least weekly and within 24 hours of a major
// event; the other elderly in difficulty monthly; anyone else the office
// looks after quarterly.
func DefaultVisitRules() VisitRules {
	return VisitRules{
		Rules: []TierRule{
			{Tier: TierSpecial, MinAge: AgeVeryOld, Tags: []string{TagAloneElderly}},
			{Tier: TierSpecial, MinAge: 60, Tags: []string{TagDisabled}},
			{Tier: TierPriority, MinAge: 60, Tags: []string{TagAloneElderly, TagEmptyNest, TagSubsistence, TagDestitute}},
			{Tier: TierPriority, MinAge: AgeVeryOld},
			{Tier: TierPriority, Tags: []string{TagSpecialNotice, TagDestitute}},
			{Tier: TierGeneral, Tags: []string{TagAloneElderly, TagEmptyNest, TagSubsistence, TagDisabled, TagVeteran, TagLeftBehind}},
		},
		Cadences: []TierCadence{
			{Tier: TierSpecial, Days: 7, EventDays: 1},
			{Tier: TierPriority, Days: 30},
			{Tier: TierGeneral, Days: 90},
		},
	}
}

// Validate checks the rules: known tiers and tags, ages 0–150, a cadence
// of 1–366 days for every tier, event windows 0–30 days.
func (r VisitRules) Validate() error {
	var errs []error
	for i, rule := range r.Rules {
		if !slices.Contains(Tiers, rule.Tier) {
			errs = append(errs, &Error{Key: KeyVisitTier, Args: map[string]any{"Field": "rules", "Seq": i + 1, "Value": rule.Tier}})
		}
		if rule.MinAge < 0 || rule.MinAge > 150 {
			errs = append(errs, &Error{Key: KeyVisitRuleAge, Args: map[string]any{"Field": "rules", "Seq": i + 1, "Value": rule.MinAge}})
		}
		for _, t := range rule.Tags {
			if !slices.Contains(CareTags, t) {
				errs = append(errs, &Error{Key: KeyInvalidChoice, Args: map[string]any{"Field": "rules", "Seq": i + 1, "Value": t}})
			}
		}
	}
	for _, tier := range Tiers {
		c, ok := r.cadence(tier)
		if !ok || c.Days < 1 || c.Days > 366 {
			errs = append(errs, &Error{Key: KeyVisitCadence, Args: map[string]any{"Field": "cadences", "Tier": tier, "Value": c.Days}})
		}
		if c.EventDays < 0 || c.EventDays > 30 {
			errs = append(errs, &Error{Key: KeyVisitEventDays, Args: map[string]any{"Field": "cadences", "Tier": tier, "Value": c.EventDays}})
		}
	}
	return errors.Join(errs...)
}

func (r VisitRules) cadence(tier string) (TierCadence, bool) {
	for _, c := range r.Cadences {
		if c.Tier == tier {
			return c, true
		}
	}
	return TierCadence{Tier: tier}, false
}

// Cadence is tier's cadence (zero when the tier has none).
func (r VisitRules) Cadence(tier string) TierCadence {
	c, _ := r.cadence(tier)
	return c
}

// TierOf is the tier the rules give a resident aged age (-1: unknown) with
// tags on the day, "" when no rule matches (the resident is not
// tracked). The most frequent tier of any matching rule wins.
func (r VisitRules) TierOf(age int, tags []string) string {
	best := len(Tiers)
	for _, rule := range r.Rules {
		if rule.MinAge > 0 && age < rule.MinAge {
			continue
		}
		if len(rule.Tags) > 0 && !slices.ContainsFunc(rule.Tags, func(t string) bool { return slices.Contains(tags, t) }) {
			continue
		}
		if i := slices.Index(Tiers, rule.Tier); i >= 0 && i < best {
			best = i
		}
	}
	if best == len(Tiers) {
		return ""
	}
	return Tiers[best]
}

// visitRulesKey is the settings row holding the rules as JSON.
const visitRulesKey = "visit_rules"

// parseVisitRules reads the stored JSON; "" is the defaults.
func parseVisitRules(s string) (VisitRules, error) {
	if s == "" {
		return DefaultVisitRules(), nil
	}
	var r VisitRules
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return DefaultVisitRules(), fmt.Errorf("data: visit rules: %w", err)
	}
	return r, nil
}

// Intensification (临时加密走访) makes tier Tier visited every Days days
// from From to To (both included), in Community or (empty) the whole
// street: a heat wave, the Spring Festival, an epidemic.
type Intensification struct {
	Model
	From      string `gorm:"column:from_date;size:10;not null" json:"from"` // "from" and "to" are SQL words
	To        string `gorm:"column:to_date;size:10;not null;index" json:"to"`
	Tier      string `gorm:"size:16;not null" json:"tier"`
	Days      int    `gorm:"not null" json:"days"`
	Community string `gorm:"size:64" json:"community"`
	Reason    string `gorm:"size:128;not null" json:"reason"`
}

func (Intensification) TableName() string { return "visit_intensifications" }

// Validate checks an intensification: dates in order, a known tier, 1–90
// days, a reason.
func (in *Intensification) Validate() error {
	var errs []error
	in.From, in.To, in.Reason, in.Community = cleanText(in.From), cleanText(in.To), cleanText(in.Reason), cleanText(in.Community)
	for _, f := range []struct {
		name string
		v    *string
	}{{"from", &in.From}, {"to", &in.To}} {
		iso, ok := parseDate(*f.v)
		if !ok {
			errs = append(errs, &Error{Key: KeyInvalidDate, Args: map[string]any{"Field": f.name, "Value": *f.v}})
			continue
		}
		*f.v = iso
	}
	if len(errs) == 0 && in.To < in.From {
		errs = append(errs, &Error{Key: KeyVisitWindowOrder, Args: map[string]any{"Field": "to", "From": in.From, "To": in.To}})
	}
	if !slices.Contains(Tiers, in.Tier) {
		errs = append(errs, &Error{Key: KeyVisitTier, Args: map[string]any{"Field": "tier", "Value": in.Tier}})
	}
	if in.Days < 1 || in.Days > 90 {
		errs = append(errs, &Error{Key: KeyVisitIntensifyDays, Args: map[string]any{"Field": "days", "Value": in.Days}})
	}
	if in.Reason == "" {
		errs = append(errs, &Error{Key: KeyInvalidRequired, Args: map[string]any{"Field": "reason"}})
	}
	return errors.Join(errs...)
}

// CareTierOverride is a tier set by hand for one resident, with the reason
// and who set it (audited). It wins over the rules until cleared.
type CareTierOverride struct {
	Model
	ResidentID int64  `gorm:"not null;uniqueIndex" json:"residentId"`
	Tier       string `gorm:"size:16;not null" json:"tier"`
	Reason     string `gorm:"size:256;not null" json:"reason"`
	SetBy      string `gorm:"size:128" json:"setBy"`
}

func (CareTierOverride) TableName() string { return "care_tier_overrides" }

// CareEvent is a major event in a tracked person's life (a fall, a stay
// in hospital, a bereavement, a disaster at home) that makes a visit due
// within the tier's event window (TierCadence.EventDays).
type CareEvent struct {
	Model
	ResidentID int64  `gorm:"not null;index" json:"residentId"`
	Date       string `gorm:"size:10;not null" json:"date"`
	What       string `gorm:"size:256;not null" json:"what"`
	Operator   string `gorm:"size:128" json:"operator"`
}

func (CareEvent) TableName() string { return "care_events" }

// addDays is the ISO day n days after day (an ISO date).
func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// DueInput is what a due date depends on.
type DueInput struct {
	Tier      string
	Community string
	LastVisit string // ISO day, "" never visited
	// LastEvent is the latest major event's day, "" none.
	LastEvent string
}

// NextDue is the day the next visit of a person is due, today when they
// were never visited: the last visit plus the tier's cadence, shortened by
// any intensification of their tier (and community) whose window it
// reaches — within the window, the first day the gap exceeds its days, but
// not before the window opens — and by a major event after the last visit
// (the event's day plus the tier's event window).
func (r VisitRules) NextDue(in DueInput, ins []Intensification, today string) string {
	if in.Tier == "" {
		return ""
	}
	if in.LastVisit == "" {
		return today
	}
	c := r.Cadence(in.Tier)
	days := c.Days
	if days <= 0 {
		days = 90
	}
	due := addDays(in.LastVisit, days)
	for _, x := range ins {
		if x.Tier != in.Tier || x.Community != "" && x.Community != in.Community {
			continue
		}
		d := addDays(in.LastVisit, x.Days)
		if d < x.From {
			d = x.From
		}
		if d <= x.To && d < due {
			due = d
		}
	}
	if c.EventDays > 0 && in.LastEvent != "" && in.LastEvent >= in.LastVisit {
		if d := addDays(in.LastEvent, c.EventDays); d < due {
			due = d
		}
	}
	return due
}

// WeekOf returns the Monday and the Sunday of the week of day (ISO).
func WeekOf(day time.Time) (monday, sunday string) {
	wd := int(day.Weekday()+6) % 7 // Monday 0
	m := day.AddDate(0, 0, -wd)
	return isoDay(m), isoDay(m.AddDate(0, 0, 6))
}
