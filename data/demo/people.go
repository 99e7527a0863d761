package demo

import (
	"fmt"
	"time"

	"jiedao/data"
)

// member is a person as planned; finish turns it into a data.Resident.
type member struct {
	surname   string // "" for Uyghur, Mongolian and foreign names
	given     string
	second    string // after the middle dot: father's name or family name
	sex       string
	age       int
	relation  string
	origin    region // where the ID number was issued
	marital   string
	status    string
	leftChild bool // a child whose parents both live elsewhere
}

func (m *member) name() string {
	if m.second != "" {
		return m.given + "·" + m.second
	}
	return m.surname + m.given
}

// naming holds how a family's names are made.
type naming struct {
	eth       int
	mongolian bool // Mongolian personal names, no surname
}

// person makes someone of the given sex and age with a name in the family's
// style. surname is used by Han-style names; father is the given name of the
// father (Uyghur names carry it).
func (g *generator) person(nm naming, sex string, age int, surname, father string, origin region) member {
	m := member{sex: sex, age: age, origin: origin, status: data.StatusPresent, marital: "未婚"}
	male := sex == data.SexMale
	switch {
	case nm.eth == ethUyghur:
		if male {
			m.given = one(g.r, uyghurMale)
		} else {
			m.given = one(g.r, uyghurFemale)
		}
		if father == "" {
			father = one(g.r, uyghurMale)
		}
		m.second = father
	case nm.eth == ethForeign:
		if male {
			m.given = one(g.r, foreignMale)
		} else {
			m.given = one(g.r, foreignFemale)
		}
		m.surname, m.second = surname, surname // written after the dot
	case nm.mongolian:
		if male {
			m.given = one(g.r, mongolMale)
		} else {
			m.given = one(g.r, mongolFemale)
		}
	default:
		m.surname = surname
		m.given = g.givenName(male, g.today.Year()-age)
	}
	return m
}

// surname draws a surname for a new family line of the ethnic group.
func (g *generator) surname(nm naming) string {
	switch nm.eth {
	case ethForeign:
		return one(g.r, foreignFamily)
	case ethKorean:
		return one(g.r, []string{"金", "李", "朴", "崔", "郑", "姜", "赵"})
	case ethZhuang:
		if g.chance(0.6) {
			return one(g.r, []string{"覃", "韦", "黄", "莫", "蒙", "农", "陆"})
		}
	case ethHui:
		if g.chance(0.35) {
			return "马"
		}
	case ethManchu:
		if g.chance(0.4) {
			return one(g.r, []string{"关", "佟", "那", "金", "赵", "富", "肇", "伊"})
		}
	}
	return pick(g.r, g.surnames)
}

// givenName draws a given name in the fashion of the birth year.
func (g *generator) givenName(male bool, year int) string {
	switch {
	case year < 1960:
		if male {
			return one(g.r, givenMaleOld)
		}
		return one(g.r, givenFemaleOld)
	case year < 1985:
		if g.chance(0.75) {
			if male {
				return one(g.r, givenMaleMid)
			}
			return one(g.r, givenFemaleMid)
		}
	default:
		if g.chance(0.6) {
			if male {
				return one(g.r, givenMaleNew)
			}
			return one(g.r, givenFemaleNew)
		}
	}
	if male {
		return string([]rune{one(g.r, maleFirst), one(g.r, maleSecond)})
	}
	return string([]rune{one(g.r, femaleFirst), one(g.r, femaleSec)})
}

func (g *generator) sex(pMale float64) string {
	if g.chance(pMale) {
		return data.SexMale
	}
	return data.SexFemale
}

// bornHere is where someone of the family was born: locals in Beijing,
// migrants' children often in Beijing too.
func (g *generator) bornHere(origin region, local bool, age int) region {
	switch {
	case local && age >= 50 && g.chance(0.2):
		return pick(g.r, g.migrant) // came to Beijing long ago
	case local:
		return pick(g.r, g.beijing)
	case age < 12 && g.chance(0.35):
		return pick(g.r, g.beijing)
	}
	return origin
}

// couple makes husband and wife of about the husband's age.
func (g *generator) couple(nm naming, husbandAge int, origin region, local bool) (husband, wife member) {
	hs := g.surname(nm)
	husband = g.person(nm, data.SexMale, husbandAge, hs, "", g.bornHere(origin, local, husbandAge))
	wifeAge := max(20, husbandAge-g.between(-2, 5))
	ws := g.surname(nm)
	if nm.eth == ethForeign && g.chance(0.7) {
		ws = hs
	}
	wife = g.person(nm, data.SexFemale, wifeAge, ws, "", g.bornHere(origin, local, wifeAge))
	husband.marital, wife.marital = "已婚", "已婚"
	return husband, wife
}

// children makes n children of a mother of motherAge. Their relation is
// named from the head's side: 子/女, or grandchild relations.
func (g *generator) children(nm naming, n, motherAge int, surname, fatherGiven string, origin region, local bool) []member {
	var kids []member
	if motherAge < 20 {
		return nil
	}
	age := motherAge - g.between(min(22, motherAge), min(36, motherAge))
	for i := 0; i < n && age >= 0; i++ {
		k := g.person(nm, g.sex(0.52), age, surname, fatherGiven, g.bornHere(origin, local, age))
		kids = append(kids, k)
		age -= g.between(1, 7)
	}
	return kids
}

func childRelation(sex string) string {
	if sex == data.SexMale {
		return "子"
	}
	return "女"
}

// oldAge draws the age of an elderly person: many in their sixties and
// seventies, fewer beyond 80, a handful past 95.
func (g *generator) oldAge(min int) int {
	switch x := g.r.IntN(100); {
	case x < 55:
		return g.between(min, 72)
	case x < 82:
		return g.between(73, 80)
	case x < 97:
		return g.between(81, 90)
	default:
		return g.between(91, 101)
	}
}

// familyPlan is the people of a household as they are planned, the head
// first.
type familyPlan struct {
	nm          naming
	eth         int
	origin      region
	local       bool
	headHusband bool // of a couple at the head, the husband is the head
	ms          []member
}

// addCouple adds husband and wife, the head first.
func (p *familyPlan) addCouple(h, w member) {
	if p.headHusband {
		h.relation, w.relation = data.RelationHead, "配偶"
		p.ms = append(p.ms, h, w)
	} else {
		w.relation, h.relation = data.RelationHead, "配偶"
		p.ms = append(p.ms, w, h)
	}
}

// addKids adds children with their relation to the head.
func (p *familyPlan) addKids(kids []member, relation func(string) string) {
	for _, k := range kids {
		k.relation = relation(k.sex)
		p.ms = append(p.ms, k)
	}
}

// members plans the people of a household of template t. The head is
// first.
func (g *generator) members(t, eth int, origin region, local bool) []member {
	nm := naming{eth: eth, mongolian: eth == ethMongol && g.chance(0.5)}
	p := &familyPlan{nm: nm, eth: eth, origin: origin, local: local}
	p.headHusband = g.chance(0.7)
	switch t {
	case tSingleYoung:
		g.singleYoung(p)
	case tSingleOld:
		g.singleOld(p)
	case tCoupleYoung, tCoupleMiddle, tCoupleOld:
		g.coupleAlone(p, t)
	case tNuclear1, tNuclear2, tNuclear3, tThreeGen:
		g.nuclear(p, t)
	case tOldWithFamily:
		g.oldWithFamily(p)
	case tSkipGeneration:
		g.skipGeneration(p)
	case tSingleParent:
		g.singleParent(p)
	case tCollective:
		g.collective(p)
	}
	ms := p.ms
	if len(ms) > 6 {
		ms = ms[:6]
	}
	return ms
}

// born is where someone of the family aged age was born (bornHere).
func (g *generator) born(p *familyPlan, age int) region { return g.bornHere(p.origin, p.local, age) }

// singleYoung: a young adult living alone, more often a man among
// migrants.
func (g *generator) singleYoung(p *familyPlan) {
	age := g.between(20, 40)
	pMale := 0.5
	if !p.local {
		age, pMale = g.between(18, 45), 0.6
	}
	m := g.person(p.nm, g.sex(pMale), age, g.surname(p.nm), "", g.born(p, age))
	if age > 28 && g.chance(0.15) {
		m.marital = "离婚"
	}
	m.relation = data.RelationHead
	p.ms = append(p.ms, m)
}

// singleOld: an elderly person living alone, mostly a widow.
func (g *generator) singleOld(p *familyPlan) {
	age := g.oldAge(60)
	m := g.person(p.nm, g.sex(0.35), age, g.surname(p.nm), "", g.born(p, age))
	switch x := g.r.IntN(100); {
	case x < 75:
		m.marital = "丧偶"
	case x < 90:
		m.marital = "离婚"
	default:
		m.marital = "未婚"
	}
	m.relation = data.RelationHead
	p.ms = append(p.ms, m)
}

// coupleAlone: a young, middle-aged or old couple without children at
// home.
func (g *generator) coupleAlone(p *familyPlan, t int) {
	var age int
	switch t {
	case tCoupleYoung:
		age = g.between(23, 40)
	case tCoupleMiddle:
		age = g.between(45, 62)
	default:
		age = g.oldAge(62)
	}
	h, w := g.couple(p.nm, age, p.origin, p.local)
	p.addCouple(h, w)
}

// nuclear: a couple with one to three children and, in three
// generations, a parent or both parents of the head.
func (g *generator) nuclear(p *familyPlan, t int) {
	n, age := 1, g.between(26, 55)
	switch t {
	case tNuclear2:
		n = 2
	case tNuclear3:
		n = 3
	case tThreeGen:
		n, age = g.between(1, 2), g.between(28, 50)
	}
	h, w := g.couple(p.nm, age, p.origin, p.local)
	p.addCouple(h, w)
	surname := h.surname
	if g.chance(0.08) {
		surname = w.surname
	}
	p.addKids(g.children(p.nm, n, w.age, surname, h.given, p.origin, p.local), childRelation)
	if t == tThreeGen {
		g.headsParents(p)
	}
}

// headsParents adds a parent or both parents of the head.
func (g *generator) headsParents(p *familyPlan) {
	head := p.ms[0]
	fAge := min(100, head.age+g.between(24, 34))
	fSurname := head.surname
	fFather := ""
	if p.eth == ethUyghur {
		fSurname, fFather = "", head.second
	}
	father := g.person(p.nm, data.SexMale, fAge, fSurname, "", g.born(p, fAge))
	if p.eth == ethUyghur {
		father.given, father.second = fFather, one(g.r, uyghurMale)
	}
	if p.eth == ethForeign {
		father.second = head.second
	}
	mAge := max(head.age+20, fAge-g.between(-2, 5))
	mother := g.person(p.nm, data.SexFemale, mAge, g.surname(p.nm), "", g.born(p, mAge))
	father.relation, mother.relation = "父母", "父母"
	father.marital, mother.marital = "已婚", "已婚"
	switch x := g.r.IntN(100); {
	case x < 55:
		p.ms = append(p.ms, father, mother)
	case x < 75:
		father.marital = "丧偶"
		p.ms = append(p.ms, father)
	default:
		mother.marital = "丧偶"
		p.ms = append(p.ms, mother)
	}
}

// oldWithFamily: an elderly head (or couple), a married child, often with
// the child's spouse, and grandchildren.
func (g *generator) oldWithFamily(p *familyPlan) {
	h, w := g.couple(p.nm, g.between(60, 85), p.origin, p.local)
	if g.chance(0.25) {
		// Widowed: one of them is the household.
		if p.headHusband {
			h.marital, h.relation = "丧偶", data.RelationHead
			p.ms = append(p.ms, h)
		} else {
			w.marital, w.relation = "丧偶", data.RelationHead
			p.ms = append(p.ms, w)
		}
	} else {
		p.addCouple(h, w)
	}
	kid, inLaw, son := g.marriedChild(p, h, w)
	p.ms = append(p.ms, kid)
	if g.chance(0.85) {
		p.ms = append(p.ms, inLaw)
	} else {
		kid.marital = "离婚"
		p.ms[len(p.ms)-1] = kid
	}
	motherAge, surname, father := kid.age, kid.surname, kid.given
	if son {
		motherAge = inLaw.age
	} else {
		surname, father = inLaw.surname, inLaw.given
	}
	room := 6 - len(p.ms)
	grand := g.children(p.nm, min(room, g.between(1, 2)), motherAge, surname, father, p.origin, p.local)
	p.addKids(grand, grandchildRelation(son))
}

// marriedChild makes a son and his wife, or a daughter and her husband, of
// the couple h and w.
func (g *generator) marriedChild(p *familyPlan, h, w member) (kid, inLaw member, son bool) {
	mother := w
	childAge := max(22, mother.age-g.between(24, 34))
	son = g.chance(0.7)
	if son {
		kid = g.person(p.nm, data.SexMale, childAge, h.surname, h.given, g.born(p, childAge))
		inLaw = g.person(p.nm, data.SexFemale, max(20, childAge-g.between(-2, 4)), g.surname(p.nm), "", g.born(p, childAge))
		kid.relation, inLaw.relation = "子", "儿媳"
	} else {
		kid = g.person(p.nm, data.SexFemale, childAge, h.surname, h.given, g.born(p, childAge))
		inLaw = g.person(p.nm, data.SexMale, childAge+g.between(-1, 4), g.surname(p.nm), "", g.born(p, childAge))
		kid.relation, inLaw.relation = "女", "女婿"
	}
	kid.marital, inLaw.marital = "已婚", "已婚"
	return kid, inLaw, son
}

// grandchildRelation names grandchildren: a son's children 孙子/孙女, a
// daughter's 外孙子/外孙女.
func grandchildRelation(son bool) func(sex string) string {
	return func(sex string) string {
		switch {
		case son && sex == data.SexMale:
			return "孙子"
		case son:
			return "孙女"
		case sex == data.SexMale:
			return "外孙子"
		}
		return "外孙女"
	}
}

// skipGeneration: grandparents and their son's children, whose parents
// work away; half the time the son keeps his registration here.
func (g *generator) skipGeneration(p *familyPlan) {
	h, w := g.couple(p.nm, g.between(55, 78), p.origin, p.local)
	p.addCouple(h, w)
	childAge := max(24, w.age-g.between(24, 32))
	parent := g.person(p.nm, data.SexMale, childAge, h.surname, h.given, g.born(p, childAge))
	parent.relation, parent.marital = "子", "已婚"
	var kids []member
	for i := g.between(1, 2); i > 0; i-- {
		age := g.between(2, 15)
		k := g.person(p.nm, g.sex(0.52), age, parent.surname, parent.given, g.born(p, age))
		k.leftChild = true
		kids = append(kids, k)
	}
	p.addKids(kids, grandchildRelation(true))
	if g.chance(0.5) {
		// The parent keeps the registration here and works away.
		parent.status = data.StatusAway
		p.ms = append(p.ms, parent)
	}
}

// singleParent: a divorced or widowed parent, more often a mother, with
// one or two children.
func (g *generator) singleParent(p *familyPlan) {
	pMale := 0.25
	age := g.between(28, 55)
	m := g.person(p.nm, g.sex(pMale), age, g.surname(p.nm), "", g.born(p, age))
	m.relation = data.RelationHead
	if g.chance(0.8) {
		m.marital = "离婚"
	} else {
		m.marital = "丧偶"
	}
	p.ms = append(p.ms, m)
	motherAge := age
	if m.sex == data.SexMale {
		motherAge = age - g.between(0, 4)
	}
	father := ""
	if m.sex == data.SexMale {
		father = m.given
	}
	kids := g.children(p.nm, g.between(1, 2), motherAge, m.surname, father, p.origin, p.local)
	if len(kids) == 0 {
		kids = g.children(p.nm, 1, 40, m.surname, father, p.origin, p.local)
	}
	p.addKids(kids, childRelation)
}

// collective: a dormitory of unrelated adults from anywhere.
func (g *generator) collective(p *familyPlan) {
	n := g.between(2, 6)
	for i := 0; i < n; i++ {
		age := g.between(18, 45)
		o := pick(g.r, g.migrant)
		m := g.person(naming{eth: ethHan}, g.sex(0.7), age, pick(g.r, g.surnames), "", o)
		m.relation = data.RelationOther
		if i == 0 {
			m.relation = data.RelationHead
		}
		if age > 26 && g.chance(0.5) {
			m.marital = "已婚"
		}
		p.ms = append(p.ms, m)
	}
}

// renameFamily gives the head and everyone sharing the head's surname a new
// one.
func renameFamily(ms []member, surname string) {
	old := ms[0].surname
	for i := range ms {
		if ms[i].surname == old {
			ms[i].surname = surname
		}
	}
}

// idNumber makes a unique, valid ID number for someone born on birth.
func (g *generator) idNumber(origin region, birth time.Time, sex string, foreign bool) string {
	for {
		prefix := origin.code
		if foreign {
			// 2023 permanent residence ID: 9, the issuing province
			// (Beijing), the country's numeric code.
			prefix = "911" + one(g.r, foreignCountries)
		}
		d := 2 * g.r.IntN(5) // even: women
		if sex == data.SexMale {
			d++
		}
		seq := g.r.IntN(100)
		if seq == 0 && d == 0 {
			continue // 000 is not issued
		}
		first17 := fmt.Sprintf("%s%s%02d%d", prefix, birth.Format("20060102"), seq, d)
		n := first17 + string(data.IDCheckChar(first17))
		if _, dup := g.ids[n]; dup {
			continue
		}
		g.ids[n] = struct{}{}
		return n
	}
}

// birthDate draws a birth date of someone who is age years old today.
func (g *generator) birthDate(age int) time.Time {
	hi := g.today.AddDate(-age, 0, 0)
	lo := g.today.AddDate(-age-1, 0, 1)
	days := int(hi.Sub(lo).Hours()/24 + 0.5)
	return lo.AddDate(0, 0, g.r.IntN(days+1))
}

func (g *generator) mobile() string {
	return fmt.Sprintf("%s%08d", one(g.r, mobilePrefixes), g.r.IntN(100_000_000))
}

func (g *generator) landline() string {
	return fmt.Sprintf("010-%d%07d", one(g.r, []int{6, 8}), g.r.IntN(10_000_000))
}
