package demo

import (
	"fmt"
	"time"

	"jiedao/data"
)

// finish turns planned members into residents: ID numbers, statuses, the
// details a register holds, care tags; and completes the household.
func (g *generator) finish(h data.Household, ms []member, eth int, origin region, local bool) family {
	away := h.ResidenceType == data.ResidenceAway
	g.statuses(ms, away)
	widow(ms)
	p := householdFacts{
		eth: eth, local: local, away: away, collective: h.Kind == data.HouseholdCollective,
		address: g.familyAddress(h, eth, origin, local),
	}
	f := family{h: h, members: make([]data.Resident, len(ms))}
	var present []int
	for i := range ms {
		m := &ms[i]
		birth := g.resident(&f.members[i], m, p)
		if m.status == data.StatusPresent {
			present = append(present, i)
		}
		if e, ok := g.leaving(i, m, birth); ok {
			f.events = append(f.events, e)
		}
	}
	g.tags(&f, ms, present, away, local)
	g.housing(&f.h, p.collective, local)
	g.householdPhone(&f, ms[0].age)
	if away {
		f.h.Notes = "人户分离：全户现居" + pick(g.r, g.beijing).name
	}
	return f
}

// statuses draws who is still here. The head stays: a household's head is
// someone who belongs to it. In a 户在人不在 household nobody lives at the
// address.
func (g *generator) statuses(ms []member, away bool) {
	for i := range ms {
		m := &ms[i]
		switch {
		case away:
			m.status = data.StatusAway
		case i == 0 || m.status != data.StatusPresent:
		case m.age >= 75 && g.chance(0.1), m.age >= 60 && g.chance(0.02):
			// Records of the dead stay in the register, as history.
			m.status = data.StatusDeceased
		case (m.relation == "子" || m.relation == "女") && m.age >= 18 && m.age <= 40 && g.chance(0.05):
			m.status = data.StatusMovedOut
		case m.age >= 18 && m.age < 60 && g.chance(0.03):
			m.status = data.StatusAway
		case m.age >= 18 && m.age < 60 && g.chance(0.02):
			m.status = data.StatusMovedOut
		}
	}
}

// widow makes whoever's spouse died widowed.
func widow(ms []member) {
	for i := range ms {
		if ms[i].status != data.StatusDeceased {
			continue
		}
		for j := range ms {
			if i != j && ms[j].status != data.StatusDeceased && spouses(ms[i], ms[j]) {
				ms[j].marital = "丧偶"
			}
		}
	}
}

// familyAddress is the registered address of a family's members: the
// household's own for locals, the hometown's for migrants, none for
// foreigners.
func (g *generator) familyAddress(h data.Household, eth int, origin region, local bool) string {
	switch {
	case eth == ethForeign:
		return ""
	case local:
		return homeRegion.name + h.Address
	}
	return g.hometownAddress(origin)
}

// householdFacts is what a household says about the residents made from its
// members.
type householdFacts struct {
	eth                     int
	local, away, collective bool
	address                 string // the family's registered address
}

// resident fills r from the planned member m and returns the birth date.
func (g *generator) resident(r *data.Resident, m *member, p householdFacts) time.Time {
	birth := g.birthDate(m.age)
	r.Name = m.name()
	r.IDNumber = g.idNumber(m.origin, birth, m.sex, p.eth == ethForeign)
	r.Sex = m.sex
	r.BirthDate = birth.Format(time.DateOnly)
	r.Ethnicity = ethnicNames[p.eth]
	r.Relation = m.relation
	r.Marital = m.marital
	r.Status = m.status
	r.Education = g.education(m.age, birth.Year(), p.local)
	r.Political = g.political(m.age, r.Education)
	r.Employer = g.employer(m.sex, m.age, r.Education, p.local)
	r.RegisteredAddress = p.address
	if p.collective {
		r.RegisteredAddress = g.hometownAddress(m.origin)
	}
	if ph := g.phoneChance(m.age); ph > 0 && m.status != data.StatusDeceased && g.chance(ph) {
		r.Phone = g.mobile()
	}
	if m.status == data.StatusAway && !p.away {
		if m.age <= 24 {
			r.Notes = "外地上学"
		} else {
			r.Notes = "外出务工"
		}
	}
	return birth
}

// leaving is the event of members[i] who moved out or died: within the
// last five years, and not before the birth.
func (g *generator) leaving(i int, m *member, birth time.Time) (event, bool) {
	if m.status != data.StatusMovedOut && m.status != data.StatusDeceased {
		return event{}, false
	}
	date := g.today.AddDate(0, 0, -g.between(20, 1800))
	if !date.After(birth) {
		date = birth.AddDate(0, 0, 1)
	}
	e := event{member: i, kind: data.EventDeath, date: date.Format(time.DateOnly)}
	if m.status == data.StatusMovedOut {
		e.kind, e.note = data.EventMoveOut, "迁往"+pick(g.r, g.migrant).name
	}
	return e, true
}

// housing draws how the household lives.
func (g *generator) housing(h *data.Household, collective, local bool) {
	switch {
	case collective:
		h.Housing = "单位宿舍"
	case local:
		h.Housing = g.choose([]string{"自有", "公租房", "租赁", "其他"}, []int{75, 8, 15, 2})
	default:
		h.Housing = g.choose([]string{"租赁", "自有", "其他"}, []int{85, 10, 5})
	}
}

// householdPhone is the number to call: an elderly head's landline, the
// head's mobile, another living member's, or a landline.
func (g *generator) householdPhone(f *family, headAge int) {
	switch {
	case headAge >= 65 && g.chance(0.3):
		f.h.Phone = g.landline()
	case f.members[0].Phone != "":
		f.h.Phone = f.members[0].Phone
	default:
		for _, r := range f.members {
			if r.Phone != "" && r.Status != data.StatusDeceased {
				f.h.Phone = r.Phone
				break
			}
		}
		if f.h.Phone == "" && g.chance(0.5) {
			f.h.Phone = g.landline()
		}
	}
}

// spouses reports whether a and b are husband and wife in the household.
func spouses(a, b member) bool {
	pair := func(x, y string) bool {
		return a.relation == x && b.relation == y || a.relation == y && b.relation == x
	}
	return pair(data.RelationHead, "配偶") || pair("子", "儿媳") || pair("女", "女婿") ||
		(a.relation == "父母" && b.relation == "父母")
}

// tags sets the care tags: the household's (elderly living alone or
// without their children, 低保) and each active member's own.
func (g *generator) tags(f *family, ms []member, present []int, away, local bool) {
	add := func(i int, t data.ResidentTag) { f.members[i].Tags = append(f.members[i].Tags, t) }
	active := func(i int) bool {
		return ms[i].status == data.StatusPresent || ms[i].status == data.StatusAway
	}
	if !away {
		g.elderlyTags(ms, present, add)
	}
	if local && g.chance(0.025) {
		for i := range ms {
			if active(i) {
				add(i, data.ResidentTag{Tag: data.TagSubsistence})
			}
		}
	}
	for i, m := range ms {
		if active(i) {
			g.personalTags(m, f.members[i].IDNumber, func(t data.ResidentTag) { add(i, t) })
		}
	}
}

// elderlyTags marks the elderly who live alone (独居, some 特困) and
// households of the elderly only (空巢).
func (g *generator) elderlyTags(ms []member, present []int, add func(int, data.ResidentTag)) {
	if len(present) == 1 && ms[present[0]].age >= 60 {
		i := present[0]
		add(i, data.ResidentTag{Tag: data.TagAloneElderly})
		if ms[i].age >= 70 && g.chance(0.05) {
			add(i, data.ResidentTag{Tag: data.TagDestitute})
		}
	}
	if len(present) >= 2 {
		allOld := true
		for _, i := range present {
			allOld = allOld && ms[i].age >= 60
		}
		if allOld {
			for _, i := range present {
				add(i, data.ResidentTag{Tag: data.TagEmptyNest})
			}
		}
	}
}

// personalTags draws the tags of an active member m with the ID number
// idNumber: disability, veteran, left-behind child, special notice.
func (g *generator) personalTags(m member, idNumber string, add func(data.ResidentTag)) {
	if g.chance(disabilityChance(m.age)) {
		add(g.disability(idNumber))
	}
	veteran := m.sex == data.SexMale && m.age >= 25 && m.age <= 90 && g.chance(0.03) ||
		m.sex == data.SexFemale && m.age >= 25 && m.age <= 70 && g.chance(0.003)
	if veteran && idNumber[0] != '9' { // not foreigners
		add(data.ResidentTag{Tag: data.TagVeteran})
	}
	if m.leftChild && m.age < 16 && m.status == data.StatusPresent {
		add(data.ResidentTag{Tag: data.TagLeftBehind})
	}
	if m.age >= 18 && g.chance(0.002) {
		add(data.ResidentTag{Tag: data.TagSpecialNotice, Detail: "需定期走访"})
	}
}

// disability draws the category and grade of a disability of the person
// with the ID number idNumber.
func (g *generator) disability(idNumber string) data.ResidentTag {
	cat := g.r.IntN(7)
	switch x := g.r.IntN(100); { // 肢体 is by far the commonest
	case x < 45:
		cat = 3
	case x < 57:
		cat = 0
	case x < 69:
		cat = 1
	}
	grade := g.choose([]string{"1", "2", "3", "4"}, []int{12, 18, 30, 40})
	gi := int(grade[0] - '1')
	// The disability certificate number (残疾人证号) is the ID number,
	// the category (1-7) and the grade (1-4).
	return data.ResidentTag{
		Tag:      data.TagDisabled,
		Category: data.DisabilityCategories[cat],
		Grade:    data.DisabilityGrades[gi],
		Detail:   fmt.Sprintf("残疾人证号 %s%d%s", idNumber, cat+1, grade),
	}
}

// disabilityChance is the share of registered disabled people by age.
func disabilityChance(age int) float64 {
	switch {
	case age < 18:
		return 0.005
	case age < 60:
		return 0.015
	case age < 80:
		return 0.04
	}
	return 0.08
}

// choose draws one of values with the given weights.
func (g *generator) choose(values []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := g.r.IntN(total)
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

// hometownAddress is a plausible registered address in region r.
func (g *generator) hometownAddress(r region) string {
	return fmt.Sprintf("%s%s%d号", r.name, one(g.r, addressStreets), g.between(1, 300))
}

// phoneChance is the share of people of an age with a mobile phone of
// their own on the register.
func (g *generator) phoneChance(age int) float64 {
	switch {
	case age < 16:
		return 0
	case age < 70:
		return 0.95
	case age < 80:
		return 0.7
	}
	return 0.35
}

// education draws the highest education of someone, by age (children are
// at the level they attend) and, for adults, by the years they grew up in.
func (g *generator) education(age, year int, local bool) string {
	switch {
	case age < 3:
		return ""
	case age <= 6:
		return "学龄前"
	case age <= 12:
		return "小学"
	case age <= 15:
		return "初中"
	case age <= 18:
		return g.choose([]string{"普通高中", "中等职业教育"}, []int{75, 25})
	}
	levels := []string{"未上过学", "小学", "初中", "普通高中", "中等职业教育", "大学专科", "大学本科", "研究生"}
	var w []int
	switch {
	case year < 1950:
		w = []int{15, 30, 30, 15, 5, 3, 2, 0}
	case year < 1970:
		w = []int{2, 10, 35, 25, 12, 9, 6, 1}
	case year < 1990 && local:
		w = []int{0, 3, 18, 20, 10, 20, 24, 5}
	case year < 1990:
		w = []int{1, 8, 40, 20, 12, 10, 8, 1}
	case local:
		w = []int{0, 0, 6, 10, 10, 24, 38, 12}
	default:
		w = []int{0, 2, 25, 20, 18, 18, 15, 2}
	}
	return g.choose(levels, w)
}

// political draws 政治面貌.
func (g *generator) political(age int, education string) string {
	switch {
	case age < 14:
		return "群众"
	case age <= 28 && g.chance(0.45):
		return "共青团员"
	}
	p := 0.08
	if education == "大学本科" || education == "研究生" {
		p = 0.2
	}
	switch x := g.r.Float64(); {
	case x < p:
		return "中共党员"
	case x < p+0.005:
		return one(g.r, []string{"民盟盟员", "民进会员", "九三学社社员", "民建会员", "农工党党员"})
	}
	return "群众"
}

// employer draws 工作单位/职业.
func (g *generator) employer(sex string, age int, education string, local bool) string {
	retire := 60
	if sex == data.SexFemale {
		retire = 55
	}
	switch {
	case age < 6:
		return ""
	case age <= 18, age <= 24 && (education == "大学本科" || education == "大学专科" || education == "研究生") && g.chance(0.6):
		return "在校学生"
	case age >= retire && local:
		return "退休"
	case age >= retire:
		return "无业"
	}
	x := g.r.IntN(100)
	if !local {
		if x < 70 {
			return one(g.r, migrantJobs)
		}
		x = 0
	}
	switch {
	case x < 60:
		return "北京" + one(g.r, employerWords) + one(g.r, employerIndustries)
	case x < 78:
		return one(g.r, publicEmployers)
	case x < 86:
		return "个体经营"
	case x < 93:
		return "自由职业"
	}
	return "无业"
}
