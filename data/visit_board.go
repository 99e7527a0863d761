package data

// The visits board: every tracked person in the account's scope (and the
// filter's community, grid and visitor) with their tier, last visit and
// next due day, and the dashboard's monthly figures per community. One
// SQL statement finds the candidates (active residents with a care tag,
// old enough for an age-only rule, or with a tier set by hand); the tier
// and the due day are then computed in Go by the rules (visit_tiers.go).

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Due states of a board row.
const (
	DueOverdue  = "overdue"   // the due day has passed
	DueNever    = "never"     // never visited: due now
	DueThisWeek = "this_week" // due from today to Sunday
	DueLater    = "later"
)

// VisitFilter selects the board's rows. Empty fields select all (within
// the scope). AsOf is the day the states are computed for (zero: today).
type VisitFilter struct {
	Community, Grid string
	Visitor         string // the login of the last visit's visitor
	State           string // one of the Due states, "" all
	ResidentID      int64
	AsOf            time.Time
}

// VisitDue is one row of the board.
type VisitDue struct {
	ResidentID, HouseholdID int64
	Name, Sex, BirthDate    string
	Age                     int
	Phone                   string // masked unless whole numbers were asked for and allowed
	Address                 string
	Community, Grid         string
	Tags                    []string
	Tier                    string
	TierReason              string // the reason of a tier set by hand, "" computed
	LastVisit               string // ISO day, "" never
	LastVisitor             string
	LastVisitorLogin        string
	LastProblems            int      // checklist items 有问题 at the last visit
	LastFlags               []string // the items found 需关注 or 有问题 then: 居家安全有问题
	Due                     string
	State                   string
}

// VisitBoard is what Store.VisitBoard answers.
type VisitBoard struct {
	AsOf, WeekStart, WeekEnd string
	Rows                     []VisitDue
}

// Counts returns how many rows are in each state.
func (b VisitBoard) Counts() map[string]int {
	m := map[string]int{}
	for _, r := range b.Rows {
		m[r.State]++
	}
	return m
}

// VisitBoard returns the tracked people of f, overdue first, then never
// visited, due this week and later, each by due day, grid and name.
func (s *Store) VisitBoard(ctx context.Context, f VisitFilter) (VisitBoard, error) {
	if err := s.can("VisitBoard"); err != nil {
		return VisitBoard{}, err
	}
	return s.board(ctx, f, false, true)
}

// VisitPlan is VisitBoard for a printed plan: phone numbers are whole
// when the account may see them (a visit plan is carried on foot to call
// ahead), and then the printing is audited with the residents listed.
func (s *Store) VisitPlan(ctx context.Context, f VisitFilter) (VisitBoard, bool, error) {
	if err := s.can("VisitPlan"); err != nil {
		return VisitBoard{}, false, err
	}
	whole := s.allow(permUnmask) == nil
	b, err := s.board(ctx, f, whole, true)
	if err != nil || !whole || len(b.Rows) == 0 {
		return b, whole, err
	}
	ids := make([]int64, len(b.Rows))
	for i, r := range b.Rows {
		ids[i] = r.ResidentID
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		return tx.Audit(ActionView, EntityVisitPlan, 0, nil, map[string]any{
			"community": f.Community, "grid": f.Grid, "week": b.WeekStart, "residents": ids, "field": FieldPhone,
		})
	})
	return b, whole, err
}

// candidate is a resident the board considers.
type candidate struct {
	ID, HouseholdID             int64
	Name, Sex, BirthDate, Phone string
	Address, Community, Grid    string
}

// board computes the rows; sorted orders them as the board shows them
// (the dashboard's rates need no order).
func (s *Store) board(ctx context.Context, f VisitFilter, whole, sorted bool) (VisitBoard, error) {
	db := s.db.WithContext(ctx)
	asOf := f.AsOf
	if asOf.IsZero() {
		asOf = s.now()
	}
	today := isoDay(asOf)
	mon, sun := WeekOf(asOf)
	out := VisitBoard{AsOf: today, WeekStart: mon, WeekEnd: sun}
	rules, err := loadVisitRules(db)
	if err != nil {
		return out, err
	}
	cands, err := s.candidates(db, f, rules, asOf)
	if err != nil || len(cands) == 0 {
		return out, err
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	facts, err := loadVisitFacts(db, ids, today)
	if err != nil {
		return out, err
	}
	ins, err := loadIntensifications(db, addDays(today, -400))
	if err != nil {
		return out, err
	}
	for _, c := range cands {
		row, ok := facts.row(c, rules, ins, asOf, whole)
		if !ok || f.Visitor != "" && row.LastVisitorLogin != f.Visitor || f.State != "" && row.State != f.State {
			continue
		}
		out.Rows = append(out.Rows, row)
	}
	if sorted {
		order := map[string]int{DueOverdue: 0, DueNever: 1, DueThisWeek: 2, DueLater: 3}
		slices.SortStableFunc(out.Rows, func(a, b VisitDue) int {
			return cmp.Or(order[a.State]-order[b.State], strings.Compare(a.Due, b.Due),
				strings.Compare(a.Grid, b.Grid), strings.Compare(a.Name, b.Name))
		})
	}
	return out, nil
}

// candidates are the active residents of f's community and grid in the
// scope whom some rule could track.
func (s *Store) candidates(db *gorm.DB, f VisitFilter, rules VisitRules, asOf time.Time) ([]candidate, error) {
	var w where
	w.add("r.deleted_at IS NULL AND h.deleted_at IS NULL AND r.status IN ?", ActiveStatuses)
	if sc, args := s.who.householdScope(db, "h"); sc != "" {
		w.add(sc, args...)
	}
	if c := cleanText(f.Community); c != "" {
		w.add("h.community = ?", c)
	}
	if g := cleanText(f.Grid); g != "" {
		w.add("h.grid = ?", g)
	}
	if f.ResidentID != 0 {
		w.add("r.id = ?", f.ResidentID)
	}
	ors := []string{"EXISTS (SELECT 1 FROM resident_tags t WHERE t.resident_id = r.id)",
		"EXISTS (SELECT 1 FROM care_tier_overrides o WHERE o.resident_id = r.id AND o.deleted_at IS NULL)"}
	var orArgs []any
	minAge := -1
	for _, rule := range rules.Rules {
		if len(rule.Tags) == 0 && (minAge < 0 || rule.MinAge < minAge) {
			minAge = rule.MinAge
		}
	}
	if minAge >= 0 {
		ors = append(ors, "(r.birth_date <> '' AND r.birth_date <= ?)")
		orArgs = append(orArgs, BirthDateBound(minAge, asOf))
	}
	w.add("("+strings.Join(ors, " OR ")+")", orArgs...)
	var cands []candidate
	err := db.Raw(`SELECT r.id, r.household_id, r.name, r.sex, r.birth_date, r.phone, h.address, h.community, h.grid
		FROM residents r JOIN households h ON h.id = r.household_id
		WHERE `+w.sql()+` ORDER BY h.community, h.grid, r.id`, w.args...).Scan(&cands).Error
	if err != nil {
		return nil, fmt.Errorf("data: visit board: %w", err)
	}
	return cands, nil
}

// visitFacts are the tags, overrides, last visits and events of the
// candidates.
type visitFacts struct {
	tags      map[int64][]string
	overrides map[int64]CareTierOverride
	last      map[int64]Visit
	events    map[int64]string
}

func loadVisitFacts(db *gorm.DB, ids []int64, today string) (visitFacts, error) {
	vf := visitFacts{tags: map[int64][]string{}, overrides: map[int64]CareTierOverride{},
		last: map[int64]Visit{}, events: map[int64]string{}}
	for start := 0; start < len(ids); start += lookupBatch {
		chunk := ids[start:min(start+lookupBatch, len(ids))]
		if err := vf.load(db, chunk, today); err != nil {
			return vf, fmt.Errorf("data: visit board: %w", err)
		}
	}
	return vf, nil
}

func (vf *visitFacts) load(db *gorm.DB, ids []int64, today string) error {
	var tags []ResidentTag
	if err := db.Where("resident_id IN ?", ids).Order("id").Find(&tags).Error; err != nil {
		return err
	}
	for _, t := range tags {
		vf.tags[t.ResidentID] = append(vf.tags[t.ResidentID], t.Tag)
	}
	var ovs []CareTierOverride
	if err := db.Where("resident_id IN ?", ids).Find(&ovs).Error; err != nil {
		return err
	}
	for _, o := range ovs {
		vf.overrides[o.ResidentID] = o
	}
	var vs []Visit
	err := db.Raw(`SELECT v.* FROM visits v JOIN (SELECT resident_id, MAX(date) AS d FROM visits
		WHERE deleted_at IS NULL AND resident_id IN ? AND date <= ? GROUP BY resident_id) m
		ON m.resident_id = v.resident_id AND m.d = v.date
		WHERE v.deleted_at IS NULL ORDER BY v.resident_id, v.time, v.id`, ids, today).Scan(&vs).Error
	if err != nil {
		return err
	}
	for _, v := range vs {
		vf.last[v.ResidentID] = v // the latest of the day comes last
	}
	var evs []struct {
		ResidentID int64
		D          string
	}
	err = db.Raw(`SELECT resident_id, MAX(date) AS d FROM care_events WHERE deleted_at IS NULL AND resident_id IN ? AND date <= ?
		GROUP BY resident_id`, ids, today).Scan(&evs).Error
	if err != nil {
		return err
	}
	for _, e := range evs {
		vf.events[e.ResidentID] = e.D
	}
	return nil
}

// row computes c's board row; false when c is not tracked.
func (vf *visitFacts) row(c candidate, rules VisitRules, ins []Intensification, asOf time.Time, whole bool) (VisitDue, bool) {
	r := Resident{BirthDate: c.BirthDate}
	for _, t := range vf.tags[c.ID] {
		r.Tags = append(r.Tags, ResidentTag{Tag: t})
	}
	age := r.Age(asOf)
	tags := r.CareTags(asOf)
	row := VisitDue{ResidentID: c.ID, HouseholdID: c.HouseholdID, Name: c.Name, Sex: c.Sex, BirthDate: c.BirthDate,
		Age: age, Address: c.Address, Community: c.Community, Grid: c.Grid, Tags: tags}
	row.Phone = MaskPhone(c.Phone)
	if whole {
		row.Phone = c.Phone
	}
	if o, ok := vf.overrides[c.ID]; ok {
		row.Tier, row.TierReason = o.Tier, o.Reason
	} else {
		row.Tier = rules.TierOf(age, tags)
	}
	if row.Tier == "" {
		return row, false
	}
	if v, ok := vf.last[c.ID]; ok {
		row.LastVisit, row.LastVisitor, row.LastVisitorLogin = v.Date, v.Visitor, v.VisitorLogin
		row.LastProblems, _ = v.ProblemCount()
		for _, c := range v.Checks() {
			if c.Result == CheckWatch || c.Result == CheckProblem {
				row.LastFlags = append(row.LastFlags, c.Item+c.Result)
			}
		}
	}
	today := isoDay(asOf)
	_, sun := WeekOf(asOf)
	row.Due = rules.NextDue(DueInput{Tier: row.Tier, Community: c.Community, LastVisit: row.LastVisit, LastEvent: vf.events[c.ID]}, ins, today)
	switch {
	case row.LastVisit == "":
		row.State = DueNever
	case row.Due < today:
		row.State = DueOverdue
	case row.Due <= sun:
		row.State = DueThisWeek
	default:
		row.State = DueLater
	}
	return row, true
}

// CommunityVisitRate is the dashboard's line of one community for a
// month: the people tracked, how many of them were visited in the month,
// and how many are overdue or were never visited today.
type CommunityVisitRate struct {
	Community                        string
	Tracked, Visited, Overdue, Never int
}

// Rate is the share visited, 0–1 (0 with nobody tracked).
func (c CommunityVisitRate) Rate() float64 {
	if c.Tracked == 0 {
		return 0
	}
	return float64(c.Visited) / float64(c.Tracked)
}

// VisitRates returns the current month's figures per community in the
// scope, by community name.
func (s *Store) VisitRates(ctx context.Context) ([]CommunityVisitRate, error) {
	if err := s.can("VisitRates"); err != nil {
		return nil, err
	}
	b, err := s.board(ctx, VisitFilter{}, false, false)
	if err != nil {
		return nil, err
	}
	month := b.AsOf[:8] + "01"
	ids := make([]int64, len(b.Rows))
	for i, r := range b.Rows {
		ids[i] = r.ResidentID
	}
	visited := map[int64]bool{}
	db := s.db.WithContext(ctx)
	for start := 0; start < len(ids); start += lookupBatch {
		var got []int64
		err := db.Model(&Visit{}).Distinct("resident_id").
			Where("resident_id IN ? AND date >= ? AND date <= ?", ids[start:min(start+lookupBatch, len(ids))], month, b.AsOf).
			Pluck("resident_id", &got).Error
		if err != nil {
			return nil, fmt.Errorf("data: visit rates: %w", err)
		}
		for _, id := range got {
			visited[id] = true
		}
	}
	var out []CommunityVisitRate
	for _, r := range b.Rows {
		if !slices.ContainsFunc(out, func(c CommunityVisitRate) bool { return c.Community == r.Community }) {
			out = append(out, CommunityVisitRate{Community: r.Community})
		}
	}
	by := make(map[string]*CommunityVisitRate, len(out))
	for i := range out {
		by[out[i].Community] = &out[i]
	}
	for _, r := range b.Rows {
		c := by[r.Community]
		c.Tracked++
		if visited[r.ResidentID] {
			c.Visited++
		}
		switch r.State {
		case DueOverdue:
			c.Overdue++
		case DueNever:
			c.Never++
		}
	}
	slices.SortFunc(out, func(a, b CommunityVisitRate) int { return strings.Compare(a.Community, b.Community) })
	return out, nil
}

// jsonText is v as JSON text.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("data: %w", err)
	}
	return string(b), nil
}
