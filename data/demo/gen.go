package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"jiedao/data"
)

// generator makes households one at a time. It holds all the state of a
// run, so the same seed, count and day give the same register.
type generator struct {
	r     *rand.Rand
	today time.Time // the store's day, at midnight UTC

	surnames                         weighted[string]
	beijing                          weighted[region]
	migrant                          weighted[region]
	comm                             []*community
	localTemplates, migrantTemplates weighted[templateWeight]
	commPick                         weighted[*community]
	ids                              map[string]struct{} // ID numbers given out
	n                                int                 // households made so far
	nextSpecial                      int                 // index into showcase
	dotShown                         bool                // a name with a middle dot was made
}

// community hands out addresses in its estates in order (building by
// building, as a register is written up) and groups them into grids.
type community struct {
	name, prefix string
	weight       int

	estate              int // index of the current estate
	estateName          string
	buildings, building int
	units, unit         int
	floors, floor       int
	doors, door         int
	freshBuilding       bool
	grid                int // current grid number
	gridHouseholds      int // households in the current grid so far
}

// family is one household as planned, before it is written.
type family struct {
	h       data.Household
	members []data.Resident // members[0] is the head
	events  []event
}

// event is a residence event of members[member] (迁出 or 死亡): it explains
// the member's status, as the store records it.
type event struct {
	member           int
	kind, date, note string
}

func newGenerator(seed int64, total int, today time.Time) *generator {
	y, m, d := today.Date()
	g := &generator{
		// PCG with both halves of its state from the seed; the second
		// constant keeps seed 0 from being a degenerate state.
		r:     rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9E3779B97F4A7C15)),
		today: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		ids:   make(map[string]struct{}, total*3),
	}
	names := make([]string, len(surnameWeights))
	byName := map[string]int{}
	for i, s := range surnameWeights {
		names[i] = s.s
		byName[s.s] = s.w
	}
	g.surnames = newWeighted(names, func(s string) int { return byName[s] })
	g.beijing = newWeighted(beijingRegions, func(r region) int { return r.w })
	g.migrant = newWeighted(migrantRegions, func(r region) int { return r.w })

	// Small registers get four communities, larger ones six; sizes differ
	// as they do in a real street.
	k := len(communityNames)
	if total < 500 {
		k = 4
	}
	for i := 0; i < k; i++ {
		c := &community{
			name:   communityNames[i].name,
			prefix: communityNames[i].estatePrefix,
			weight: 8 + g.r.IntN(8),
			estate: -1,
			grid:   1,
		}
		g.comm = append(g.comm, c)
	}
	tw := func(t templateWeight) int { return t.w }
	g.localTemplates = newWeighted(localTemplates, tw)
	g.migrantTemplates = newWeighted(migrantTemplates, tw)
	g.commPick = newWeighted(g.comm, func(c *community) int { return c.weight })
	return g
}

func pick[T any](r *rand.Rand, w weighted[T]) T {
	x := r.IntN(w.cum[len(w.cum)-1])
	i, _ := slices.BinarySearch(w.cum, x+1)
	return w.values[i]
}

func one[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// between returns a uniform integer in [lo, hi].
func (g *generator) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

// Household templates.
const (
	tSingleYoung = iota
	tSingleOld
	tCoupleYoung
	tCoupleMiddle
	tCoupleOld
	tNuclear1
	tNuclear2
	tNuclear3
	tThreeGen       // couple, children and a parent or two of the head
	tOldWithFamily  // elderly head, a married child, grandchildren
	tSkipGeneration // grandparents and grandchildren; the parents work away
	tSingleParent
	tCollective
)

type templateWeight struct{ t, w int }

var (
	localTemplates = []templateWeight{
		{tSingleYoung, 8}, {tSingleOld, 10}, {tCoupleYoung, 8}, {tCoupleMiddle, 6}, {tCoupleOld, 12},
		{tNuclear1, 22}, {tNuclear2, 11}, {tNuclear3, 1}, {tThreeGen, 10}, {tOldWithFamily, 6},
		{tSkipGeneration, 2}, {tSingleParent, 3}, {tCollective, 1},
	}
	migrantTemplates = []templateWeight{
		{tSingleYoung, 33}, {tCoupleYoung, 22}, {tNuclear1, 24}, {tNuclear2, 9}, {tThreeGen, 2},
		{tSingleParent, 2}, {tCollective, 8},
	}
)

// ethnic groups with their own naming or origin.
const (
	ethHan = iota
	ethHui
	ethManchu
	ethMongol
	ethUyghur
	ethKorean
	ethZhuang
	ethForeign
)

var ethnicNames = map[int]string{
	ethHan: "汉族", ethHui: "回族", ethManchu: "满族", ethMongol: "蒙古族",
	ethUyghur: "维吾尔族", ethKorean: "朝鲜族", ethZhuang: "壮族", ethForeign: "",
}

// household makes the next household.
func (g *generator) household() family {
	g.n++
	c := pick(g.r, g.commPick)

	// Residence type first: it decides who lives here.
	residence := g.residenceType()
	local := residence == data.ResidenceLocal || residence == data.ResidenceAway
	eth := g.ethnicity(residence, local)
	origin := g.origin(eth, local)
	t := g.template(eth, local)

	h := data.Household{Kind: data.HouseholdFamily, ResidenceType: residence}
	if t == tCollective {
		h.Kind = data.HouseholdCollective
	}
	g.address(c, &h)
	// The store's own numbering (see data.Store.CreateHousehold): the
	// year and a sequence, so households added later continue it.
	h.Number = fmt.Sprintf("%04d%06d", g.today.Year(), g.n)
	ms := g.members(t, eth, origin, local)

	// The showcase surnames go into every register of some size, early
	// and about one every 47 households (the first Han family from the
	// 13th household on, and so on), to the head and the head's family.
	if g.nextSpecial < len(showcase) && g.n >= 13+47*g.nextSpecial && eth == ethHan {
		renameFamily(ms, showcase[g.nextSpecial])
		g.nextSpecial++
	}
	return g.finish(h, ms, eth, origin, local)
}

// residenceType draws whether the household is registered here and lives
// here.
func (g *generator) residenceType() string {
	switch x := g.r.IntN(100); {
	case x < 68:
		return data.ResidenceLocal
	case x < 76:
		return data.ResidenceAway
	case x < 92:
		return data.ResidenceSettled
	}
	return data.ResidenceFloating
}

// ethnicity draws the family's ethnic group, and makes sure that a
// register of some size has a name with a middle dot early.
func (g *generator) ethnicity(residence string, local bool) int {
	eth := ethHan
	switch x := g.r.IntN(1000); {
	case x < 20:
		eth = ethHui
	case x < 38:
		eth = ethManchu
	case x < 44:
		eth = ethMongol
	case x < 49:
		eth = ethKorean
	case x < 53:
		eth = ethZhuang
	case x < 53+4 && !local:
		eth = ethUyghur
	case x < 53+4+2 && residence == data.ResidenceSettled:
		eth = ethForeign
	}
	// A name with a middle dot, early in every register of some size.
	if !g.dotShown && g.n >= 31 && !local {
		eth = ethUyghur
	}
	g.dotShown = g.dotShown || eth == ethUyghur || eth == ethForeign
	return eth
}

// origin draws where the family's ID numbers and registered address are
// from.
func (g *generator) origin(eth int, local bool) region {
	switch {
	case eth == ethUyghur:
		return one(g.r, uyghurRegions)
	case eth == ethMongol && !local:
		return one(g.r, mongolRegions)
	case eth == ethKorean && !local:
		return one(g.r, koreanRegions)
	case eth == ethZhuang && !local:
		return one(g.r, zhuangRegions)
	case eth == ethHui && !local && g.chance(0.3):
		return one(g.r, huiRegions)
	case local:
		return pick(g.r, g.beijing)
	}
	return pick(g.r, g.migrant)
}

// template draws the household's make-up; a collective household is
// always Han.
func (g *generator) template(eth int, local bool) int {
	templates := g.localTemplates
	if !local {
		templates = g.migrantTemplates
	}
	t := pick(g.r, templates).t
	if eth != ethHan && t == tCollective {
		t = tCoupleYoung
	}
	return t
}

// address gives the household the community's next free room.
func (g *generator) address(c *community, h *data.Household) {
	for {
		switch {
		case c.estate < 0:
			g.newEstate(c)
		case c.nextRoom():
		case c.building < c.buildings:
			c.building++
			g.newBuilding(c)
		default:
			g.newEstate(c)
		}
		// Some rooms are empty, shops or offices.
		if !g.chance(0.08) {
			break
		}
	}
	// A grid (网格) is a few hundred households; grids follow buildings.
	if c.freshBuilding && c.gridHouseholds >= 300 {
		c.grid++
		c.gridHouseholds = 0
	}
	c.freshBuilding = false
	c.gridHouseholds++
	h.Community = c.name
	h.Grid = fmt.Sprintf("第%d网格", c.grid)
	h.Estate = c.estateName
	h.Building = strconv.Itoa(c.building)
	h.Unit = strconv.Itoa(c.unit)
	h.Room = strconv.Itoa(c.floor*100 + c.door)
	h.Address = data.ComposeAddress(h.Estate, h.Building, h.Unit, h.Room)
}

// newEstate moves the community on to its next estate. Names run through
// the suffixes, then phases (春晖小区, 春晖北里, …, 春晖小区二期).
func (g *generator) newEstate(c *community) {
	c.estate++
	k := c.estate
	c.estateName = c.prefix + estateSuffixes[k%len(estateSuffixes)]
	if p := k / len(estateSuffixes); p < len(estatePhases) {
		c.estateName += estatePhases[p]
	} else {
		c.estateName += fmt.Sprintf("%d期", p+1)
	}
	c.buildings = g.between(4, 24)
	c.building = 1
	g.newBuilding(c)
}

// newBuilding starts the current building: old walk-ups have 5-6 floors,
// newer towers 11-28.
func (g *generator) newBuilding(c *community) {
	if g.chance(0.55) {
		c.units, c.floors, c.doors = g.between(2, 6), g.between(5, 6), g.between(2, 3)
	} else {
		c.units, c.floors, c.doors = g.between(1, 3), g.between(11, 28), g.between(2, 4)
	}
	c.unit, c.floor, c.door = 1, 1, 1
	c.freshBuilding = true
}

// nextRoom moves to the next room of the building; false when it is full.
func (c *community) nextRoom() bool {
	switch {
	case c.door < c.doors:
		c.door++
	case c.floor < c.floors:
		c.floor, c.door = c.floor+1, 1
	case c.unit < c.units:
		c.unit, c.floor, c.door = c.unit+1, 1, 1
	default:
		return false
	}
	return true
}
