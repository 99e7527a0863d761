package data

// Counting indicators: every cell of a form in one pass over the register.
// A form asks for up to hundreds of (indicator, community) pairs; counting
// each in SQL would be hundreds of scans of 300,000 residents. Instead the
// households of the scope are read once (community, grid, residence type),
// the residents once (household, sex, birth date, status), the care tags
// once when an indicator needs them, and the residence events only of the
// residents whose history changes after the as-of date; each resident is
// then tested against each indicator in Go and counted for its community
// and the whole scope. The SQL is plain SELECTs with equality and range
// conditions, the same on SQLite and PostgreSQL; ages are computed in Go.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// IndicatorCell is one count asked for: an indicator in a community, or
// with Community "" in the whole of the account's scope.
type IndicatorCell struct {
	Indicator string `json:"indicator"`
	Community string `json:"community,omitempty"`
}

// CountIndicators returns the value of each cell on the as-of date (a day;
// its time is ignored), within the account's scope, in the order of cells.
// An indicator not in the catalogue is KeyIndicatorUnknown. A community
// that has no household in the scope (a typo, another worker's) is
// KeyIndicatorCommunity with the cell's index as Args["Cell"], one error
// for each such cell, joined: the scan that counts has read the scope's
// communities, so checking there costs nothing more (a separate SELECT
// DISTINCT of the communities took 0.4 s on the benchmark register). The
// counts are whole numbers; a computed indicator may give a fraction (a
// rate).
func (s *Store) CountIndicators(ctx context.Context, asOf time.Time, cells []IndicatorCell) ([]float64, error) {
	if err := s.can("CountIndicators"); err != nil {
		return nil, err
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	sc, err := s.indicatorScan(ctx, asOf, cat, cells, nil)
	if err != nil {
		return nil, err
	}
	var unknown []error
	for i, c := range cells {
		if _, ok := sc.cIndex[c.Community]; c.Community != "" && !ok {
			unknown = append(unknown, &Error{Key: KeyIndicatorCommunity, Args: map[string]any{"Community": c.Community, "Cell": i}})
		}
	}
	if len(unknown) > 0 {
		return nil, errors.Join(unknown...)
	}
	return sc.values(cells)
}

// IndicatorResidents lists the residents a cell counts on the as-of date,
// masked as the resident list is: what stands behind a filled value. For
// a household indicator they are the residents that made their households
// count. At most limit rows come (0: all), the first registered, in
// household order; total is how many there are (人口数 of a street is
// 300,000 — a window shows the first thousands and says how many more).
// A computed indicator has no such list (KeyIndicatorNotTraceable).
func (s *Store) IndicatorResidents(ctx context.Context, asOf time.Time, cell IndicatorCell, limit int) (rows []ResidentRow, total int, err error) {
	if err := s.can("IndicatorResidents"); err != nil {
		return nil, 0, err
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return nil, 0, err
	}
	ind, ok := cat[cell.Indicator]
	if !ok {
		return nil, 0, unknownIndicator(cell.Indicator)
	}
	if ind.computed != nil {
		return nil, 0, &Error{Key: KeyIndicatorNotTraceable, Args: map[string]any{"Name": cell.Indicator}}
	}
	var ids []int64
	if _, err := s.indicatorScan(ctx, asOf, cat, []IndicatorCell{cell}, &ids); err != nil {
		return nil, 0, err
	}
	slices.Sort(ids)
	total = len(ids)
	if limit > 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	rows, err = residentRowsByID(s.db.WithContext(ctx), ids, day(asOf))
	return rows, total, err
}

func unknownIndicator(name string) error {
	return &Error{Key: KeyIndicatorUnknown, Args: map[string]any{"Name": name}}
}

// day is t's calendar date at midnight UTC (the date the clerk means,
// whatever the zone).
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// scanHousehold is one household of the scope as the count needs it.
type scanHousehold struct {
	community int32 // index into indicatorCounter.communities
	grid      string
	residence uint8 // bit of its residence type (residenceBit)
}

// scanResident is one resident belonging to a household on the day.
type scanResident struct {
	id        int64
	household int32 // index into households
	female    bool
	away      bool  // 外出
	age       int16 // on the day; -1 unknown
}

// indicatorCounter holds what was read and what was counted.
type indicatorCounter struct {
	asOf        time.Time
	households  []scanHousehold
	hIndex      map[int64]int32
	communities []string
	cIndex      map[string]int32

	inds           []*ReportIndicator // the filter indicators asked for
	iIndex         map[string]int     // name → index into inds
	tags           map[int64]uint16   // resident → bits of its care tags (tagBit)
	counts         [][]int            // by indicator, [0] the whole scope, [1+c] community c
	seen           [][]bool           // household indicators: by indicator, household counted
	computedValues map[string]map[string]float64
	cat            map[string]ReportIndicator
}

// indicatorScan counts the cells' indicators on asOf. With ids set (one
// cell), it collects the residents the cell counts instead.
func (s *Store) indicatorScan(ctx context.Context, asOf time.Time, cat map[string]ReportIndicator, cells []IndicatorCell, ids *[]int64) (*indicatorCounter, error) {
	db := s.db.WithContext(ctx)
	sc := &indicatorCounter{asOf: day(asOf), cat: cat, iIndex: map[string]int{}, computedValues: map[string]map[string]float64{}}
	needTags, err := sc.resolve(s, cells)
	if err != nil {
		return nil, err
	}
	named := slices.ContainsFunc(cells, func(c IndicatorCell) bool { return c.Community != "" })
	if len(sc.inds) == 0 && !named {
		return sc, nil
	}
	if err := sc.readHouseholds(db, s.who); err != nil {
		return nil, fmt.Errorf("data: indicators: households: %w", err)
	}
	if len(sc.inds) == 0 {
		return sc, nil // the communities only, to check the cells'
	}
	if needTags {
		if err := sc.readTags(db); err != nil {
			return nil, fmt.Errorf("data: indicators: tags: %w", err)
		}
	}
	sc.counts = make([][]int, len(sc.inds))
	sc.seen = make([][]bool, len(sc.inds))
	for i, ind := range sc.inds {
		sc.counts[i] = make([]int, 1+len(sc.communities))
		if ind.Unit == UnitHouseholds {
			sc.seen[i] = make([]bool, len(sc.households))
		}
	}
	var m *cellMatch
	if ids != nil {
		m = &cellMatch{ind: sc.iIndex[cells[0].Indicator], community: -1, ids: ids}
		if cells[0].Community != "" {
			c, ok := sc.cIndex[cells[0].Community]
			if !ok {
				return sc, nil // no household of the scope there: no one
			}
			m.community = c
		}
	}
	if err := sc.readResidents(db, m); err != nil {
		return nil, fmt.Errorf("data: indicators: residents: %w", err)
	}
	return sc, nil
}

// resolve finds the cells' indicators in the catalogue: the filter ones
// to count in the pass, the computed ones counted here. It reports whether
// an indicator needs the care tags.
func (sc *indicatorCounter) resolve(s *Store, cells []IndicatorCell) (needTags bool, err error) {
	for _, c := range cells {
		ind, ok := sc.cat[c.Indicator]
		if !ok {
			return false, unknownIndicator(c.Indicator)
		}
		_, counted := sc.iIndex[c.Indicator]
		_, computed := sc.computedValues[c.Indicator]
		switch {
		case counted || computed:
		case ind.computed != nil:
			v, err := ind.computed.count(indicatorQuery{store: s, asOf: sc.asOf})
			if err != nil {
				return false, fmt.Errorf("data: indicator %s: %w", ind.Name, err)
			}
			sc.computedValues[c.Indicator] = v
		default:
			sc.iIndex[c.Indicator] = len(sc.inds)
			sc.inds = append(sc.inds, &ind)
			needTags = needTags || ind.Filter.Tag != "" && ind.Filter.Tag != TagVeryOld
		}
	}
	return needTags, nil
}

// cellMatch collects the residents of one cell.
type cellMatch struct {
	ind       int
	community int32 // -1 the whole scope
	ids       *[]int64
}

// readHouseholds reads the households of the scope.
func (sc *indicatorCounter) readHouseholds(db *gorm.DB, who *principal) error {
	sc.hIndex, sc.cIndex = map[int64]int32{}, map[string]int32{}
	q := "SELECT id, community, grid, residence_type FROM households WHERE " + noIndex(db, "deleted_at") + " IS NULL"
	var args []any
	if cond, a := who.householdScope(db, ""); cond != "" {
		q += " AND " + cond
		args = a
	}
	return scanRows(db, q, args, func(scan func(...any) error) error {
		var id int64
		var community, grid, residence string
		if err := scan(&id, &community, &grid, &residence); err != nil {
			return err
		}
		c, ok := sc.cIndex[community]
		if !ok {
			c = int32(len(sc.communities))
			sc.communities = append(sc.communities, community)
			sc.cIndex[community] = c
		}
		sc.hIndex[id] = int32(len(sc.households))
		sc.households = append(sc.households, scanHousehold{community: c, grid: grid, residence: residenceBit(residence)})
		return nil
	})
}

// residenceBit is the bit of a residence type (0 for none of the list).
func residenceBit(t string) uint8 {
	if i := slices.Index(ResidenceTypes, t); i >= 0 {
		return 1 << i
	}
	return 0
}

// tagBit is the bit of a stored care tag (0 for none of the list).
func tagBit(t string) uint16 {
	if i := slices.Index(CareTags, t); i >= 0 {
		return 1 << i
	}
	return 0
}

// readTags reads every care tag (the groups are small beside the
// register; residents not counted are simply never looked up).
func (sc *indicatorCounter) readTags(db *gorm.DB) error {
	sc.tags = map[int64]uint16{}
	return scanRows(db, "SELECT resident_id, tag FROM resident_tags", nil, func(scan func(...any) error) error {
		var id int64
		var tag sql.RawBytes
		if err := scan(&id, &tag); err != nil {
			return err
		}
		sc.tags[id] |= tagBit(string(tag))
		return nil
	})
}

// readResidents reads the residents who belong to a household on the day
// and counts each (or, with m, collects those of m's cell).
func (sc *indicatorCounter) readResidents(db *gorm.DB, m *cellMatch) error {
	asOf := sc.asOf.Format(time.DateOnly)
	history, err := readHistories(db, asOf)
	if err != nil {
		return err
	}
	today := packedDate(asOf)
	visit := func(r scanResident, householdID int64) {
		h, ok := sc.hIndex[householdID]
		if !ok {
			return // outside the scope, or in the recycle bin
		}
		r.household = h
		sc.count(r, m)
	}
	row := func(scan func(...any) error) error {
		var r scanResident
		var hid int64
		var birth sql.RawBytes
		var flags int
		if err := scan(&r.id, &hid, &flags, &birth); err != nil {
			return err
		}
		r.female, r.away, r.age = flags&1 != 0, flags&2 != 0, ageOnPacked(birth, today)
		if st, ok := history[r.id]; ok {
			if !st.active {
				return nil
			}
			hid = st.household
		}
		visit(r, hid)
		return nil
	}
	// Sex and status come as the bits of one integer, birth dates as raw
	// bytes: the driver's cost per column (a Go string for each text) is
	// most of a scan's time in Go.
	cols := "SELECT id, household_id, CASE WHEN sex = ? THEN 1 ELSE 0 END + CASE WHEN status = ? THEN 2 ELSE 0 END, birth_date FROM residents WHERE " +
		noIndex(db, "deleted_at") + " IS NULL"
	if err := scanRows(db, cols+" AND status IN ?", []any{SexFemale, StatusAway, ActiveStatuses}, row); err != nil {
		return err
	}
	// Those who left since the day but belonged on it.
	var back []int64
	for id, st := range history {
		if st.active && !st.activeNow {
			back = append(back, id)
		}
	}
	slices.Sort(back)
	for chunk := range slices.Chunk(back, lookupBatch) {
		if err := scanRows(db, cols+" AND id IN ?", []any{SexFemale, StatusAway, chunk}, row); err != nil {
			return err
		}
	}
	return nil
}

// ageOnPacked is the age in whole years on the day today (packed
// YYYYMMDD) of someone born on birth (2006-01-02), -1 when birth is not a
// date: the difference of the packed dates in ten-thousands, which is
// AgeOn's rule, 29 February included (a year older on 1 March).
func ageOnPacked(birth []byte, today int64) int16 {
	if len(birth) != 10 || birth[4] != '-' || birth[7] != '-' {
		return -1
	}
	var b int64
	for _, c := range birth {
		if c >= '0' && c <= '9' {
			b = b*10 + int64(c-'0')
		} else if c != '-' {
			return -1
		}
	}
	if b > today {
		return -1
	}
	return int16((today - b) / 10000)
}

// count adds a resident to each indicator it matches.
func (sc *indicatorCounter) count(r scanResident, m *cellMatch) {
	h := &sc.households[r.household]
	var tags uint16
	if sc.tags != nil {
		tags = sc.tags[r.id]
	}
	for i, ind := range sc.inds {
		if m != nil && i != m.ind {
			continue
		}
		if !sc.matches(&ind.Filter, r, h, tags) {
			continue
		}
		if m != nil {
			if m.community < 0 || h.community == m.community {
				*m.ids = append(*m.ids, r.id)
			}
			continue
		}
		if seen := sc.seen[i]; seen != nil {
			if seen[r.household] {
				continue
			}
			seen[r.household] = true
		}
		sc.counts[i][0]++
		sc.counts[i][1+h.community]++
	}
}

// matches tests one resident (of household h, with care tags tags)
// against a filter.
func (sc *indicatorCounter) matches(f *IndicatorFilter, r scanResident, h *scanHousehold, tags uint16) bool {
	switch {
	case f.Community != "" && sc.communities[h.community] != f.Community,
		f.Grid != "" && h.grid != f.Grid,
		f.Sex != "" && (f.Sex == SexFemale) != r.female,
		f.Status != "" && (f.Status == StatusAway) != r.away:
		return false
	}
	if len(f.ResidenceTypes) > 0 {
		var want uint8
		for _, t := range f.ResidenceTypes {
			want |= residenceBit(t)
		}
		if h.residence&want == 0 {
			return false
		}
	}
	if f.hasAge() {
		min := f.AgeMin
		if f.Tag == TagVeryOld {
			min = max(min, AgeVeryOld)
		}
		if r.age < 0 || int(r.age) < min || f.HasAgeMax && int(r.age) > f.AgeMax {
			return false
		}
	}
	if f.Tag != "" && f.Tag != TagVeryOld && tags&tagBit(f.Tag) == 0 {
		return false
	}
	return true
}

// values returns each cell's value from the counts.
func (sc *indicatorCounter) values(cells []IndicatorCell) ([]float64, error) {
	out := make([]float64, len(cells))
	for k, c := range cells {
		if v, ok := sc.computedValues[c.Indicator]; ok {
			out[k] = v[c.Community]
			continue
		}
		i, ok := sc.iIndex[c.Indicator]
		if !ok {
			return nil, unknownIndicator(c.Indicator)
		}
		if c.Community == "" {
			out[k] = float64(sc.counts[i][0])
		} else if ci, ok := sc.cIndex[c.Community]; ok {
			out[k] = float64(sc.counts[i][1+ci])
		}
	}
	return out, nil
}

// dayState is where a resident with a changing history belonged on the day.
type dayState struct {
	active    bool  // belonged to a household on the day
	household int64 // which
	activeNow bool  // belongs now (their last event leaves them in)
}

// historyKinds are the events that change whether and where a resident
// belongs (a correction changes neither).
var historyKinds = []string{EventMoveIn, EventBirth, EventMoveOut, EventDeath, EventTransfer}

// readHistories reads the residents whose history changes after asOf and
// says where each belonged on asOf: after the last event on or before it;
// with none, before the first event after it (there before a move-out, a
// death or a transfer; not yet there before a move-in or a birth).
func readHistories(db *gorm.DB, asOf string) (map[int64]dayState, error) {
	out := map[int64]dayState{}
	q := "SELECT resident_id, household_id, to_household_id, kind, date FROM residence_events WHERE kind IN ? AND resident_id IN " +
		"(SELECT resident_id FROM residence_events WHERE date > ? AND kind IN ?) ORDER BY resident_id, date, id"
	var cur int64
	var st dayState
	var decided bool
	flush := func() {
		if cur != 0 {
			out[cur] = st
		}
	}
	err := scanRows(db, q, []any{historyKinds, asOf, historyKinds}, func(scan func(...any) error) error {
		var rid, hid int64
		var to sql.NullInt64
		var kind, date string
		if err := scan(&rid, &hid, &to, &kind, &date); err != nil {
			return err
		}
		if rid != cur {
			flush()
			cur, st, decided = rid, dayState{}, false
		}
		in := kind == EventMoveIn || kind == EventBirth || kind == EventTransfer
		target := hid
		if kind == EventTransfer && to.Valid {
			target = to.Int64
		}
		st.activeNow = in
		if date <= asOf {
			st.active, st.household = in, target
			decided = true
			return nil
		}
		if !decided {
			// The first event after the day: what held before it.
			st.active, st.household = !(kind == EventMoveIn || kind == EventBirth), hid
			decided = true
		}
		return nil
	})
	flush()
	return out, err
}

// residentRowsByID loads the residents' list rows, masked, in household
// order.
func residentRowsByID(db *gorm.DB, ids []int64, today time.Time) ([]ResidentRow, error) {
	var out []ResidentRow
	for chunk := range slices.Chunk(ids, lookupBatch) {
		var rows []struct {
			ResidentRow
			RawID, RawPhone string
		}
		err := db.Raw("SELECT "+residentColumns+" FROM residents r JOIN households h ON h.id = r.household_id WHERE r.id IN ?", chunk).
			Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("data: indicator residents: %w", err)
		}
		for _, r := range rows {
			row := r.ResidentRow
			row.IDNumber, row.Phone = MaskID(r.RawID), MaskPhone(r.RawPhone)
			row.Age = AgeOn(row.BirthDate, today)
			out = append(out, row)
		}
	}
	slices.SortFunc(out, func(a, b ResidentRow) int {
		if a.HouseholdNumber != b.HouseholdNumber {
			if a.HouseholdNumber < b.HouseholdNumber {
				return -1
			}
			return 1
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}
