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

// members plans the people of a household of template t. The head is
// first.
func (g *generator) members(t, eth int, origin region, local bool) []member {
	nm := naming{eth: eth, mongolian: eth == ethMongol && g.chance(0.5)}
	var ms []member
	headHusband := g.chance(0.7)
	addCouple := func(h, w member) {
		if headHusband {
			h.relation, w.relation = data.RelationHead, "配偶"
			ms = append(ms, h, w)
		} else {
			w.relation, h.relation = data.RelationHead, "配偶"
			ms = append(ms, w, h)
		}
	}
	addKids := func(kids []member, relation func(string) string) {
		for _, k := range kids {
			k.relation = relation(k.sex)
			ms = append(ms, k)
		}
	}

	switch t {
	case tSingleYoung:
		age := g.between(20, 40)
		pMale := 0.5
		if !local {
			age, pMale = g.between(18, 45), 0.6
		}
		p := g.person(nm, g.sex(pMale), age, g.surname(nm), "", g.bornHere(origin, local, age))
		if age > 28 && g.chance(0.15) {
			p.marital = "离婚"
		}
		p.relation = data.RelationHead
		ms = append(ms, p)

	case tSingleOld:
		age := g.oldAge(60)
		p := g.person(nm, g.sex(0.35), age, g.surname(nm), "", g.bornHere(origin, local, age))
		switch x := g.r.IntN(100); {
		case x < 75:
			p.marital = "丧偶"
		case x < 90:
			p.marital = "离婚"
		default:
			p.marital = "未婚"
		}
		p.relation = data.RelationHead
		ms = append(ms, p)

	case tCoupleYoung, tCoupleMiddle, tCoupleOld:
		var age int
		switch t {
		case tCoupleYoung:
			age = g.between(23, 40)
		case tCoupleMiddle:
			age = g.between(45, 62)
		default:
			age = g.oldAge(62)
		}
		h, w := g.couple(nm, age, origin, local)
		addCouple(h, w)

	case tNuclear1, tNuclear2, tNuclear3, tThreeGen:
		n, age := 1, g.between(26, 55)
		switch t {
		case tNuclear2:
			n = 2
		case tNuclear3:
			n = 3
		case tThreeGen:
			n, age = g.between(1, 2), g.between(28, 50)
		}
		h, w := g.couple(nm, age, origin, local)
		addCouple(h, w)
		surname := h.surname
		if g.chance(0.08) {
			surname = w.surname
		}
		addKids(g.children(nm, n, w.age, surname, h.given, origin, local), childRelation)
		if t == tThreeGen {
			// A parent or both parents of the head.
			head := ms[0]
			fAge := min(100, head.age+g.between(24, 34))
			fSurname := head.surname
			fFather := ""
			if eth == ethUyghur {
				fSurname, fFather = "", head.second
			}
			father := g.person(nm, data.SexMale, fAge, fSurname, "", g.bornHere(origin, local, fAge))
			if eth == ethUyghur {
				father.given, father.second = fFather, one(g.r, uyghurMale)
			}
			if eth == ethForeign {
				father.second = head.second
			}
			mAge := max(head.age+20, fAge-g.between(-2, 5))
			mother := g.person(nm, data.SexFemale, mAge, g.surname(nm), "", g.bornHere(origin, local, mAge))
			father.relation, mother.relation = "父母", "父母"
			father.marital, mother.marital = "已婚", "已婚"
			switch x := g.r.IntN(100); {
			case x < 55:
				ms = append(ms, father, mother)
			case x < 75:
				father.marital = "丧偶"
				ms = append(ms, father)
			default:
				mother.marital = "丧偶"
				ms = append(ms, mother)
			}
		}

	case tOldWithFamily:
		h, w := g.couple(nm, g.between(60, 85), origin, local)
		if g.chance(0.25) {
			// Widowed: one of them is the household.
			if headHusband {
				h.marital, h.relation = "丧偶", data.RelationHead
				ms = append(ms, h)
			} else {
				w.marital, w.relation = "丧偶", data.RelationHead
				ms = append(ms, w)
			}
		} else {
			addCouple(h, w)
		}
		mother := w
		childAge := max(22, mother.age-g.between(24, 34))
		son := g.chance(0.7)
		var kid, inLaw member
		if son {
			kid = g.person(nm, data.SexMale, childAge, h.surname, h.given, g.bornHere(origin, local, childAge))
			inLaw = g.person(nm, data.SexFemale, max(20, childAge-g.between(-2, 4)), g.surname(nm), "", g.bornHere(origin, local, childAge))
			kid.relation, inLaw.relation = "子", "儿媳"
		} else {
			kid = g.person(nm, data.SexFemale, childAge, h.surname, h.given, g.bornHere(origin, local, childAge))
			inLaw = g.person(nm, data.SexMale, childAge+g.between(-1, 4), g.surname(nm), "", g.bornHere(origin, local, childAge))
			kid.relation, inLaw.relation = "女", "女婿"
		}
		kid.marital, inLaw.marital = "已婚", "已婚"
		ms = append(ms, kid)
		if g.chance(0.85) {
			ms = append(ms, inLaw)
		} else {
			kid.marital = "离婚"
			ms[len(ms)-1] = kid
		}
		motherAge, surname, father := kid.age, kid.surname, kid.given
		if son {
			motherAge = inLaw.age
		} else {
			surname, father = inLaw.surname, inLaw.given
		}
		room := 6 - len(ms)
		grand := g.children(nm, min(room, g.between(1, 2)), motherAge, surname, father, origin, local)
		addKids(grand, func(sex string) string {
			switch {
			case son && sex == data.SexMale:
				return "孙子"
			case son:
				return "孙女"
			case sex == data.SexMale:
				return "外孙子"
			}
			return "外孙女"
		})

	case tSkipGeneration:
		h, w := g.couple(nm, g.between(55, 78), origin, local)
		addCouple(h, w)
		childAge := max(24, w.age-g.between(24, 32))
		parent := g.person(nm, data.SexMale, childAge, h.surname, h.given, g.bornHere(origin, local, childAge))
		parent.relation, parent.marital = "子", "已婚"
		var kids []member
		for i := g.between(1, 2); i > 0; i-- {
			age := g.between(2, 15)
			k := g.person(nm, g.sex(0.52), age, parent.surname, parent.given, g.bornHere(origin, local, age))
			k.leftChild = true
			kids = append(kids, k)
		}
		addKids(kids, func(sex string) string {
			if sex == data.SexMale {
				return "孙子"
			}
			return "孙女"
		})
		if g.chance(0.5) {
			// The parent keeps the registration here and works away.
			parent.status = data.StatusAway
			ms = append(ms, parent)
		}

	case tSingleParent:
		pMale := 0.25
		age := g.between(28, 55)
		p := g.person(nm, g.sex(pMale), age, g.surname(nm), "", g.bornHere(origin, local, age))
		p.relation = data.RelationHead
		if g.chance(0.8) {
			p.marital = "离婚"
		} else {
			p.marital = "丧偶"
		}
		ms = append(ms, p)
		motherAge := age
		if p.sex == data.SexMale {
			motherAge = age - g.between(0, 4)
		}
		father := ""
		if p.sex == data.SexMale {
			father = p.given
		}
		kids := g.children(nm, g.between(1, 2), motherAge, p.surname, father, origin, local)
		if len(kids) == 0 {
			kids = g.children(nm, 1, 40, p.surname, father, origin, local)
		}
		addKids(kids, childRelation)

	case tCollective:
		// A dormitory: unrelated adults from anywhere.
		n := g.between(2, 6)
		for i := 0; i < n; i++ {
			age := g.between(18, 45)
			o := pick(g.r, g.migrant)
			p := g.person(naming{eth: ethHan}, g.sex(0.7), age, pick(g.r, g.surnames), "", o)
			p.relation = data.RelationOther
			if i == 0 {
				p.relation = data.RelationHead
			}
			if age > 26 && g.chance(0.5) {
				p.marital = "已婚"
			}
			ms = append(ms, p)
		}
	}
	if len(ms) > 6 {
		ms = ms[:6]
	}
	return ms
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
