package data

// Figures for the dashboard (首页). Every figure carries the filter of the
// list behind it, so clicking a number opens exactly the rows it counts.
//
// The population is the active residents (在住 and 外出) of households not
// in the recycle bin; ages are on the store's today. The figures come from
// two plain scans (households, active residents) aggregated in Go and the
// care groups counted in SQL:
// with about 1,400 (community, grid, residence type) groups, SQLite's
// GROUP BY sorts every row through a temporary B-tree and took 5–7 s on the
// 300,000-resident benchmark register; the scans take about a second.
// Dashboards call it off the UI goroutine.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Figure is one number on the dashboard and the list it stands for.
// Exactly one of Residents and Households is set.
type Figure struct {
	Label      string           `json:"label"`
	Count      int              `json:"count"`
	Residents  *ResidentFilter  `json:"residents,omitempty"`
	Households *HouseholdFilter `json:"households,omitempty"`
}

// Share returns part/whole, or 0 when whole is 0.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// PyramidBand is one five-year band of the population pyramid.
type PyramidBand struct {
	Label  string `json:"label"` // "0–4" … "95–99", "100+"
	Male   Figure `json:"male"`
	Female Figure `json:"female"`
}

// GridStats counts one grid of a community.
type GridStats struct {
	Grid       string `json:"grid"`
	Households Figure `json:"households"`
	Residents  Figure `json:"residents"`
}

// CommunityStats counts one community and its grids.
type CommunityStats struct {
	Community  string      `json:"community"`
	Households Figure      `json:"households"`
	Residents  Figure      `json:"residents"`
	Grids      []GridStats `json:"grids"`
}

// Stats are the dashboard's figures.
type Stats struct {
	Today      string `json:"today"`      // the day ages are computed on
	Households Figure `json:"households"` // all households
	Residents  Figure `json:"residents"`  // active residents

	HouseholdsByResidence []Figure `json:"householdsByResidence"` // in ResidenceTypes order
	ResidentsByResidence  []Figure `json:"residentsByResidence"`

	AgeBands []Figure `json:"ageBands"` // 0–6, 7–17, 18–59, 60–79, 80+
	Aged60   Figure   `json:"aged60"`   // 60 and older
	Aged65   Figure   `json:"aged65"`   // 65 and older
	Floating Figure   `json:"floating"` // residents of 流动人口 households

	Tags        []Figure         `json:"tags"` // in CareTags order, 高龄老人 computed
	Communities []CommunityStats `json:"communities"`
	Pyramid     []PyramidBand    `json:"pyramid"` // youngest first
}

// AgingRate60 and AgingRate65 are the shares of residents 60+ and 65+.
func (st Stats) AgingRate60() float64 { return Share(st.Aged60.Count, st.Residents.Count) }

// AgingRate65 is the share of residents 65 and older.
func (st Stats) AgingRate65() float64 { return Share(st.Aged65.Count, st.Residents.Count) }

// FloatingRate is the floating population's share of the residents.
func (st Stats) FloatingRate() float64 { return Share(st.Floating.Count, st.Residents.Count) }

// ageCuts are the ages at which a segment starts: the union of the age
// bands' and the pyramid's boundaries. Segment i holds ages from
// ageCuts[i-1] (0 for i = 0) to ageCuts[i]-1; the last is 100+.
var ageCuts = func() []int {
	cuts := []int{7, 18, 60, 65, 80}
	for a := 5; a <= 100; a += 5 {
		cuts = append(cuts, a)
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}()

// Stats computes the dashboard's figures, for one community or (with
// community "") for all.
func (s *Store) Stats(ctx context.Context, community string) (Stats, error) {
	if err := s.can("Stats"); err != nil {
		return Stats{}, err
	}
	db := s.db.WithContext(ctx)
	today := s.now()
	sc := statsScan{scope: s.who}
	if err := sc.households(db, community); err != nil {
		return Stats{Today: today.Format(time.DateOnly)}, fmt.Errorf("data: stats: households: %w", err)
	}
	if err := sc.residents(db, today); err != nil {
		return Stats{Today: today.Format(time.DateOnly)}, fmt.Errorf("data: stats: residents: %w", err)
	}
	if err := sc.careGroups(db, community); err != nil {
		return Stats{Today: today.Format(time.DateOnly)}, fmt.Errorf("data: stats: tags: %w", err)
	}
	st := statsFigures(today, community)
	sc.count(&st)
	return st, nil
}

// statsGroup is what a household is counted by.
type statsGroup struct{ community, grid, residenceType string }

// statsScan is what Stats reads from the register before it counts.
type statsScan struct {
	scope          *principal // the account whose scope applies
	groups         []statsGroup
	householdsIn   []int         // by group
	householdGroup map[int64]int // household → group
	counts         []int         // active residents by [group][sex][age segment]
	tags           map[string]int
}

// statsSegments is how many age segments ageCuts make.
var statsSegments = len(ageCuts) + 1

// households reads each household's (community, grid, residence type)
// group.
func (sc *statsScan) households(db *gorm.DB, community string) error {
	groupIndex := map[statsGroup]int{}
	sc.householdGroup = map[int64]int{}
	hq := "SELECT id, community, grid, residence_type FROM households WHERE " + noIndex(db, "deleted_at") + " IS NULL"
	hargs := []any{}
	if community != "" {
		hq += " AND community = ?"
		hargs = append(hargs, community)
	}
	if cond, args := sc.scope.householdScope(db, ""); cond != "" {
		hq += " AND " + cond
		hargs = append(hargs, args...)
	}
	return scanRows(db, hq, hargs, func(scan func(...any) error) error {
		var id int64
		var g statsGroup
		if err := scan(&id, &g.community, &g.grid, &g.residenceType); err != nil {
			return err
		}
		i, ok := groupIndex[g]
		if !ok {
			i = len(sc.groups)
			sc.groups = append(sc.groups, g)
			groupIndex[g] = i
			sc.householdsIn = append(sc.householdsIn, 0)
		}
		sc.householdGroup[id] = i
		sc.householdsIn[i]++
		return nil
	})
}

// residents counts the active residents by group, sex and age segment.
// The bounds are birth dates: born on or before bounds[i] means at least
// ageCuts[i] years old today. Each row comes as two integers — the
// household, and the sex and birth date packed as S·10⁸ + YYYYMMDD —
// because the driver's cost per text column (a Go string each) was most
// of the time of this scan.
func (sc *statsScan) residents(db *gorm.DB, today time.Time) error {
	bounds := make([]int64, len(ageCuts))
	for i, c := range ageCuts {
		bounds[i] = packedDate(BirthDateBound(c, today))
	}
	nseg := statsSegments
	// Locals, not sc's fields, in the loop over every resident.
	counts, householdGroup := make([]int, len(sc.groups)*2*nseg), sc.householdGroup
	sc.counts = counts
	return scanRows(db, "SELECT household_id, "+packedSexBirthSQL(db)+" FROM residents WHERE "+
		noIndex(db, "deleted_at")+" IS NULL AND status IN (?, ?)", []any{SexFemale, StatusPresent, StatusAway}, func(scan func(...any) error) error {
		var hid, packed int64
		if err := scan(&hid, &packed); err != nil {
			return err
		}
		g, ok := householdGroup[hid]
		if !ok {
			return nil
		}
		sx, birth := int(packed/100000000), packed%100000000
		seg := 0
		for seg < len(bounds) && birth <= bounds[seg] {
			seg++
		}
		counts[(g*2+sx)*nseg+seg]++
		return nil
	})
}

// careGroups counts the care groups in SQL, the tags in the order of
// their index.
func (sc *statsScan) careGroups(db *gorm.DB, community string) error {
	sc.tags = map[string]int{}
	tq := "SELECT t.tag, count(*) FROM resident_tags t CROSS JOIN residents r CROSS JOIN households h" +
		" WHERE r.id = t.resident_id AND " + noIndex(db, "r.deleted_at") + " IS NULL AND r.status IN (?, ?)" +
		" AND h.id = r.household_id AND " + noIndex(db, "h.deleted_at") + " IS NULL"
	targs := []any{StatusPresent, StatusAway}
	if community != "" {
		tq += " AND h.community = ?"
		targs = append(targs, community)
	}
	if cond, args := sc.scope.householdScope(db, "h"); cond != "" {
		tq += " AND " + cond
		targs = append(targs, args...)
	}
	return scanRows(db, tq+" GROUP BY t.tag", targs, func(scan func(...any) error) error {
		var tag string
		var n int
		if err := scan(&tag, &n); err != nil {
			return err
		}
		sc.tags[tag] = n
		return nil
	})
}

// statsAgeBands are the dashboard's age bands; max -1 is open.
var statsAgeBands = []struct {
	label    string
	min, max int
}{{"0–6岁", 0, 6}, {"7–17岁", 7, 17}, {"18–59岁", 18, 59}, {"60–79岁", 60, 79}, {"80岁及以上", 80, -1}}

// statsFigures are the dashboard's figures with their filters and no
// counts yet, all within community ("" for all).
func statsFigures(today time.Time, community string) Stats {
	rf := func(mod func(*ResidentFilter)) *ResidentFilter {
		f := ResidentFilter{Community: community}
		if mod != nil {
			mod(&f)
		}
		return &f
	}
	hf := func(mod func(*HouseholdFilter)) *HouseholdFilter {
		f := HouseholdFilter{Community: community}
		if mod != nil {
			mod(&f)
		}
		return &f
	}
	st := Stats{Today: today.Format(time.DateOnly)}
	st.Households = Figure{Label: "户数", Households: hf(nil)}
	st.Residents = Figure{Label: "人数", Residents: rf(nil)}
	for _, t := range ResidenceTypes {
		st.HouseholdsByResidence = append(st.HouseholdsByResidence,
			Figure{Label: t, Households: hf(func(f *HouseholdFilter) { f.ResidenceType = t })})
		st.ResidentsByResidence = append(st.ResidentsByResidence,
			Figure{Label: t, Residents: rf(func(f *ResidentFilter) { f.ResidenceType = t })})
	}
	for _, b := range statsAgeBands {
		st.AgeBands = append(st.AgeBands, Figure{Label: b.label, Residents: rf(func(f *ResidentFilter) { ageRange(f, b.min, b.max) })})
	}
	st.Aged60 = Figure{Label: "60岁及以上", Residents: rf(func(f *ResidentFilter) { f.AgeMin = 60 })}
	st.Aged65 = Figure{Label: "65岁及以上", Residents: rf(func(f *ResidentFilter) { f.AgeMin = 65 })}
	st.Floating = Figure{Label: ResidenceFloating, Residents: rf(func(f *ResidentFilter) { f.ResidenceType = ResidenceFloating })}
	for a := 0; a <= 100; a += 5 {
		label, max := fmt.Sprintf("%d–%d", a, a+4), a+4
		if a == 100 {
			label, max = "100+", -1
		}
		st.Pyramid = append(st.Pyramid, PyramidBand{
			Label:  label,
			Male:   Figure{Label: SexMale, Residents: rf(func(f *ResidentFilter) { f.Sex = SexMale; ageRange(f, a, max) })},
			Female: Figure{Label: SexFemale, Residents: rf(func(f *ResidentFilter) { f.Sex = SexFemale; ageRange(f, a, max) })},
		})
	}
	for _, t := range CareTags {
		st.Tags = append(st.Tags, Figure{Label: t, Residents: rf(func(f *ResidentFilter) { f.Tag = t })})
	}
	return st
}

// count adds what was read to st's figures.
func (sc *statsScan) count(st *Stats) {
	places := statsPlaces{comm: map[string]*CommunityStats{}, grid: map[[2]string]*GridStats{}}
	for gi, g := range sc.groups {
		n := sc.householdsIn[gi]
		st.Households.Count += n
		if i := slices.Index(ResidenceTypes, g.residenceType); i >= 0 {
			st.HouseholdsByResidence[i].Count += n
		}
		places.community(g.community).Households.Count += n
		places.gridOf(g.community, g.grid).Households.Count += n
	}
	for i, n := range sc.counts {
		if n == 0 {
			continue
		}
		seg, sx, g := i%statsSegments, i/statsSegments%2, sc.groups[i/statsSegments/2]
		st.Residents.Count += n
		if i := slices.Index(ResidenceTypes, g.residenceType); i >= 0 {
			st.ResidentsByResidence[i].Count += n
		}
		if g.residenceType == ResidenceFloating {
			st.Floating.Count += n
		}
		places.community(g.community).Residents.Count += n
		places.gridOf(g.community, g.grid).Residents.Count += n
		st.countAges(seg, sx, n)
	}
	for i := range st.Tags {
		f := &st.Tags[i]
		if f.Label == TagVeryOld {
			f.Count = st.AgeBands[len(st.AgeBands)-1].Count
		}
		if n, ok := sc.tags[f.Label]; ok {
			f.Count = n
		}
	}
	st.Communities = places.sorted()
}

// countAges adds n residents of age segment seg and sex sx (0 male) to
// the age bands, the 60+ and 65+ figures and the pyramid.
func (st *Stats) countAges(seg, sx, n int) {
	lo := 0 // the youngest age of the segment
	if seg > 0 {
		lo = ageCuts[seg-1]
	}
	for i, b := range statsAgeBands {
		if lo >= b.min && (b.max < 0 || lo <= b.max) {
			st.AgeBands[i].Count += n
		}
	}
	if lo >= 60 {
		st.Aged60.Count += n
	}
	if lo >= 65 {
		st.Aged65.Count += n
	}
	band := &st.Pyramid[min(lo/5, len(st.Pyramid)-1)]
	if sx == 0 {
		band.Male.Count += n
	} else {
		band.Female.Count += n
	}
}

// statsPlaces are the communities and grids the figures are counted in.
type statsPlaces struct {
	comm map[string]*CommunityStats
	grid map[[2]string]*GridStats
}

func (p statsPlaces) community(c string) *CommunityStats {
	if cs, ok := p.comm[c]; ok {
		return cs
	}
	cs := &CommunityStats{Community: c,
		Households: Figure{Label: c, Households: &HouseholdFilter{Community: c}},
		Residents:  Figure{Label: c, Residents: &ResidentFilter{Community: c}}}
	p.comm[c] = cs
	return cs
}

func (p statsPlaces) gridOf(c, g string) *GridStats {
	if gs, ok := p.grid[[2]string{c, g}]; ok {
		return gs
	}
	gs := &GridStats{Grid: g,
		Households: Figure{Label: g, Households: &HouseholdFilter{Community: c, Grid: g}},
		Residents:  Figure{Label: g, Residents: &ResidentFilter{Community: c, Grid: g}}}
	p.grid[[2]string{c, g}] = gs
	return gs
}

// sorted returns the communities by name, each with its grids by name.
func (p statsPlaces) sorted() []CommunityStats {
	names := make([]string, 0, len(p.comm))
	for c := range p.comm {
		names = append(names, c)
	}
	slices.Sort(names)
	var out []CommunityStats
	for _, c := range names {
		cs := p.comm[c]
		for k, gs := range p.grid {
			if k[0] == c {
				cs.Grids = append(cs.Grids, *gs)
			}
		}
		slices.SortFunc(cs.Grids, func(a, b GridStats) int { return strings.Compare(a.Grid, b.Grid) })
		out = append(out, *cs)
	}
	return out
}

// packedDate is a 2006-01-02 date as the integer 20060102 (0 for "" — a
// missing birth date sorts before every bound, as the text did).
func packedDate(d string) int64 {
	var n int64
	for i := 0; i < len(d); i++ {
		if c := d[i]; c >= '0' && c <= '9' {
			n = n*10 + int64(c-'0')
		}
	}
	return n
}

// ageRange sets a filter's age bounds; max -1 means open.
func ageRange(f *ResidentFilter, lo, hi int) {
	f.AgeMin = lo
	if hi >= 0 {
		f.AgeMax, f.HasAgeMax = hi, true
	}
}

// scanRows runs a query and calls row for each result row with a scan
// function (database/sql's, without GORM's per-row reflection).
func scanRows(db *gorm.DB, query string, args []any, row func(scan func(...any) error) error) error {
	rows, err := db.Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
