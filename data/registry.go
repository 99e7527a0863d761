package data

// The household registry (住户登记): households (户), the residents in them
// (居民), the groups the office looks after (care tags) and the residence
// events that explain who lives where since when.
//
// Coded fields hold the Chinese term itself, not a numeric code: the terms
// are what clerks read, type and import, what the statistics group by, and
// they are stable (they follow the national standards named beside each
// list). The lists below are the only accepted values; the forms offer them
// as choices and the importer maps synonyms onto them.
//
// Each resident also carries derived search columns (pinyin, initials, the
// tail of the ID number and of the phone number) that are recomputed by a
// GORM hook on every save, so every path that writes a resident through GORM
// — the store's methods, the importer's batches, the demo generator — keeps
// search correct. See search.go.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Household kinds, residence types and housing, as the registry forms and
// the statistics name them.
const (
	HouseholdFamily     = "家庭户"
	HouseholdCollective = "集体户"

	ResidenceLocal    = "户籍在此居住"
	ResidenceAway     = "户在人不在" // 人户分离
	ResidenceSettled  = "外来常住"
	ResidenceFloating = "流动人口"
)

// Resident statuses. Present and away are active: the person belongs to the
// household. Moved out and deceased are history.
const (
	StatusPresent  = "在住"
	StatusAway     = "外出"
	StatusMovedOut = "迁出"
	StatusDeceased = "死亡"
)

// Care tags (关爱对象). TagVeryOld is never stored: it is computed from the
// birth date and today (see Resident.CareTags and AgeVeryOld).
const (
	TagAloneElderly  = "独居老人"
	TagEmptyNest     = "空巢老人"
	TagVeryOld       = "高龄老人"
	TagSubsistence   = "低保"
	TagDestitute     = "特困"
	TagDisabled      = "残疾人"
	TagVeteran       = "退役军人"
	TagLeftBehind    = "留守儿童"
	TagSpecialNotice = "重点关注"
)

// Fixed values used by the store.
const (
	SexMale   = "男"
	SexFemale = "女"

	RelationHead  = "户主"
	RelationOther = "其他"

	// AgeVeryOld is the age from which a resident is 高龄老人.
	AgeVeryOld = 80
)

// The accepted values of each coded field.
var (
	HouseholdKinds = []string{HouseholdFamily, HouseholdCollective}

	ResidenceTypes = []string{ResidenceLocal, ResidenceAway, ResidenceSettled, ResidenceFloating}

	Housings = []string{"自有", "租赁", "公租房", "单位宿舍", "其他"}

	Statuses = []string{StatusPresent, StatusAway, StatusMovedOut, StatusDeceased}

	// ActiveStatuses are the statuses of a person who belongs to a household.
	ActiveStatuses = []string{StatusPresent, StatusAway}

	Sexes = []string{SexMale, SexFemale}

	// EthnicGroups follows GB 3304-1991 in its code order (01 汉族 … 56
	// 基诺族), then 97 其他 (not yet identified) and 98 外国血统 (foreign
	// origin, Chinese nationality).
	EthnicGroups = []string{
		"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
		"满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
		"佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
		"达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
		"塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
		"独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
		"其他", "外国血统",
	}

	// Relations to the head of household, after the groups of GB/T 4761-2008
	// (家庭关系代码) at the level of detail a street office records.
	Relations = []string{
		RelationHead, "配偶", "子", "女", "儿媳", "女婿", "孙子", "孙女", "外孙子", "外孙女",
		"父母", "公婆", "岳父母", "祖父母", "外祖父母", "兄弟姐妹", RelationOther,
	}

	// Educations after GB/T 4658-2006 (学历代码), grouped.
	Educations = []string{"研究生", "大学本科", "大学专科", "中等职业教育", "普通高中", "初中", "小学", "学龄前", "未上过学"}

	// PoliticalStatuses after GB/T 4762-1984 (政治面貌代码).
	PoliticalStatuses = []string{
		"中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员",
		"农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众",
	}

	// MaritalStatuses after GB/T 2261.2-2003, grouped.
	MaritalStatuses = []string{"未婚", "已婚", "丧偶", "离婚"}

	// CareTags are the tags a clerk can set. TagVeryOld is listed so that it
	// can be offered as a filter; it is computed, and setting it is ignored.
	CareTags = []string{
		TagAloneElderly, TagEmptyNest, TagVeryOld, TagSubsistence, TagDestitute,
		TagDisabled, TagVeteran, TagLeftBehind, TagSpecialNotice,
	}

	// DisabilityCategories and DisabilityGrades after GB/T 26341-2010.
	DisabilityCategories = []string{"视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"}
	DisabilityGrades     = []string{"一级", "二级", "三级", "四级"}
)

// Household is one 户: an address in a community and grid, and the people
// registered there.
type Household struct {
	Model
	Number        string `gorm:"size:32;not null;uniqueIndex;index:idx_households_community_number,priority:2" json:"number"` // 户编号
	Community     string `gorm:"size:64;index:idx_households_community_number,priority:1" json:"community"`                   // 社区
	Grid          string `gorm:"size:64" json:"grid"`                                                                         // 网格
	Estate        string `gorm:"size:128" json:"estate"`                                                                      // 小区/路
	Building      string `gorm:"size:32" json:"building"`                                                                     // 楼栋
	Unit          string `gorm:"size:32" json:"unit"`                                                                         // 单元
	Room          string `gorm:"size:32" json:"room"`                                                                         // 房号
	Address       string `gorm:"size:256" json:"address"`                                                                     // full address
	Kind          string `gorm:"size:16" json:"kind"`                                                                         // 家庭户/集体户
	ResidenceType string `gorm:"size:16" json:"residenceType"`                                                                // 户籍在此居住/户在人不在/外来常住/流动人口
	Housing       string `gorm:"size:16" json:"housing"`                                                                      // 自有/租赁/公租房/单位宿舍/其他
	HeadID        *int64 `json:"headId,omitempty"`                                                                            // the member who is head of household
	Phone         string `gorm:"size:32" json:"phone"`
	Notes         string `json:"notes"`

	// indexedAddress is the address as the address index has it, read by
	// BeforeSave when the row exists (see indexAddress).
	indexedAddress *string
}

// Resident is one person in a household. BirthDate is ISO (2006-01-02) so
// that age ranges are plain string comparisons.
type Resident struct {
	Model
	HouseholdID       int64         `gorm:"index;not null" json:"householdId"`
	Name              string        `gorm:"size:64;not null;index" json:"name"`
	IDNumber          string        `gorm:"size:18;index" json:"idNumber"`
	Sex               string        `gorm:"size:4" json:"sex"`        // 男/女
	BirthDate         string        `gorm:"size:10" json:"birthDate"` // 2006-01-02
	Ethnicity         string        `gorm:"size:16" json:"ethnicity"` // 民族, GB 3304
	Relation          string        `gorm:"size:16" json:"relation"`  // 与户主关系, GB/T 4761
	Education         string        `gorm:"size:16" json:"education"`
	Political         string        `gorm:"size:16" json:"political"`
	Marital           string        `gorm:"size:16" json:"marital"`
	Employer          string        `gorm:"size:128" json:"employer"` // 工作单位/职业
	Phone             string        `gorm:"size:32" json:"phone"`
	RegisteredAddress string        `gorm:"size:256" json:"registeredAddress"` // 户籍地址
	Status            string        `gorm:"size:8" json:"status"`              // 在住/外出/迁出/死亡
	Notes             string        `json:"notes"`
	Tags              []ResidentTag `json:"tags,omitempty"`

	// Derived search columns, maintained by BeforeSave; never set by hand.
	NamePinyin   string `gorm:"size:128;index" json:"-"` // zhangsan
	NameInitials string `gorm:"size:32;index" json:"-"`  // zs
	IDTail       string `gorm:"size:6;index" json:"-"`   // last 6 characters of the ID number, reversed
	PhoneTail    string `gorm:"size:4;index" json:"-"`   // last 4 digits of the phone number
}

// ResidentTag marks a resident as one of the groups the office looks after
// (独居老人, 低保, 残疾人…). A disability has a category and a grade; Detail
// holds anything else (a certificate number, a note).
type ResidentTag struct {
	ID         int64  `gorm:"primaryKey" json:"id"`
	ResidentID int64  `gorm:"not null;uniqueIndex:idx_resident_tags_resident_tag,priority:1;index:idx_resident_tags_tag_resident,priority:2" json:"residentId"`
	Tag        string `gorm:"size:16;not null;uniqueIndex:idx_resident_tags_resident_tag,priority:2;index:idx_resident_tags_tag_resident,priority:1" json:"tag"`
	Category   string `gorm:"size:16" json:"category,omitempty"` // 残疾人: 视力残疾…
	Grade      string `gorm:"size:8" json:"grade,omitempty"`     // 残疾人: 一级…四级
	Detail     string `gorm:"size:64" json:"detail,omitempty"`
}

// BeforeSave remembers the stored address, which the address index must be
// told to forget (see indexAddress).
func (h *Household) BeforeSave(tx *gorm.DB) error {
	h.indexedAddress = nil
	if h.ID == 0 || !isSQLite(tx) {
		return nil
	}
	var old []string
	err := tx.Session(&gorm.Session{NewDB: true}).Raw("SELECT address FROM households WHERE id = ?", h.ID).Scan(&old).Error
	if err != nil {
		return fmt.Errorf("data: address index: %w", err)
	}
	if len(old) == 1 {
		h.indexedAddress = &old[0]
	}
	return nil
}

// AfterSave keeps the address search index in step (see search.go).
func (h *Household) AfterSave(tx *gorm.DB) error {
	err := indexAddress(tx, h.ID, h.indexedAddress, h.Address)
	h.indexedAddress = nil
	return err
}

// BeforeSave recomputes the derived search columns.
func (r *Resident) BeforeSave(*gorm.DB) error {
	r.NamePinyin, r.NameInitials = NamePinyin(r.Name)
	r.IDTail = idTail(r.IDNumber)
	r.PhoneTail = phoneTail(r.Phone)
	return nil
}

// Active reports whether the resident belongs to the household now.
func (r *Resident) Active() bool { return slices.Contains(ActiveStatuses, r.Status) }

// Age returns the resident's age in whole years on the day today, or -1
// when the birth date is unknown.
func (r *Resident) Age(today time.Time) int { return AgeOn(r.BirthDate, today) }

// CareTags returns the resident's tags as shown and counted: the stored ones
// plus 高龄老人 when the resident is 80 or older today. 高龄老人 is computed,
// not stored, so it is right on every day without a nightly job.
func (r *Resident) CareTags(today time.Time) []string {
	tags := make([]string, 0, len(r.Tags)+1)
	for _, t := range r.Tags {
		tags = append(tags, t.Tag)
	}
	if r.Age(today) >= AgeVeryOld {
		tags = append(tags, TagVeryOld)
	}
	return tags
}

// AgeOn returns the age in whole years on the day today of someone born on
// birth (2006-01-02), or -1 when birth is not such a date. Someone born on
// 29 February turns a year older on 1 March in common years.
func AgeOn(birth string, today time.Time) int {
	b, err := time.Parse(time.DateOnly, birth)
	if err != nil {
		return -1
	}
	y, m, d := today.Date()
	age := y - b.Year()
	if m < b.Month() || m == b.Month() && d < b.Day() {
		age--
	}
	return age
}

// BirthDateBound returns the birth date (2006-01-02) of someone who turns
// age on the day today: born on or before it means at least that old.
func BirthDateBound(age int, today time.Time) string {
	y, m, d := today.Date()
	return time.Date(y-age, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// problems collects what Validate finds, in the store's convention (see
// Settings.Validate): one *Error per problem, its Key under
// "error.invalid", Args["Field"] the JSON name of the field so that a form
// can show the message beside it; errors.Join of them all, or nil.
type problems struct {
	list   []error
	record string // Args["Record"] of each problem: whose field it is
}

func (p *problems) add(field, key string, args map[string]any) {
	a := map[string]any{"Field": field}
	if p.record != "" {
		a["Record"] = p.record
	}
	for k, v := range args {
		a[k] = v
	}
	p.list = append(p.list, &Error{Key: key, Args: a})
}

// oneOf checks an optional coded field.
func (p *problems) oneOf(field, value string, allowed []string) {
	if value != "" && !slices.Contains(allowed, value) {
		p.add(field, KeyInvalidChoice, map[string]any{"Value": value})
	}
}

func (p *problems) required(field, value string) {
	if value == "" {
		p.add(field, KeyInvalidRequired, nil)
	}
}

func (p *problems) maxLen(field, value string, n int) {
	if utf8.RuneCountInString(value) > n {
		p.add(field, KeyInvalidTooLong, map[string]any{"Max": n})
	}
}

func (p *problems) err() error { return errors.Join(p.list...) }

// FieldErrors splits an error returned by Validate (or by a store method
// that validates) into the *Error values it joins, by Args["Field"]. A
// form shows each beside its field; errors without a field are under "".
func FieldErrors(err error) map[string][]*Error {
	out := map[string][]*Error{}
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var e *Error
		if errors.As(err, &e) {
			f, _ := e.Args["Field"].(string)
			out[f] = append(out[f], e)
		}
	}
	walk(err)
	return out
}

// cleanText trims blanks (including non-breaking, ideographic and zero-width
// ones) at both ends of a free-text field.
func cleanText(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return isBlank(r) || unicode.IsSpace(r) })
}

// Validate normalizes the household in place (trims fields, composes the
// full address from its parts when it is empty, normalizes the phone
// number, fills the kind with 家庭户 when empty) and checks it. It returns
// FieldErrors, or nil. The household number may be empty: the store
// generates one.
func (h *Household) Validate() error {
	for _, f := range []*string{&h.Number, &h.Community, &h.Grid, &h.Estate, &h.Building, &h.Unit, &h.Room, &h.Address, &h.Kind, &h.ResidenceType, &h.Housing, &h.Phone} {
		*f = cleanText(*f)
	}
	h.Number = strings.ToUpper(NormalizeIDNumber(h.Number)) // full-width digits, blanks
	if h.Address == "" {
		h.Address = ComposeAddress(h.Estate, h.Building, h.Unit, h.Room)
	}
	if h.Kind == "" {
		h.Kind = HouseholdFamily
	}
	p := problems{record: RecordHousehold}
	p.maxLen("number", h.Number, 32)
	for _, r := range h.Number {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '-') {
			p.add("number", KeyInvalidHouseholdNumber, nil)
			break
		}
	}
	p.required("community", h.Community)
	p.maxLen("community", h.Community, 64)
	p.maxLen("grid", h.Grid, 64)
	p.maxLen("estate", h.Estate, 128)
	p.required("address", h.Address)
	p.maxLen("address", h.Address, 256)
	p.oneOf("kind", h.Kind, HouseholdKinds)
	p.required("residenceType", h.ResidenceType)
	p.oneOf("residenceType", h.ResidenceType, ResidenceTypes)
	p.oneOf("housing", h.Housing, Housings)
	if h.Phone != "" {
		n, err := NormalizePhone(h.Phone)
		if err != nil {
			p.add("phone", KeyInvalidPhone, nil)
		} else {
			h.Phone = n
		}
	}
	return p.err()
}

// ComposeAddress joins the address parts, adding 栋, 单元 and 室 after parts
// that are plain numbers ("幸福小区", "3", "2", "301" → 幸福小区3栋2单元301室).
func ComposeAddress(estate, building, unit, room string) string {
	suffix := func(s, unit string) string {
		if s == "" {
			return ""
		}
		if _, err := strconv.Atoi(s); err == nil {
			return s + unit
		}
		return s
	}
	return estate + suffix(building, "栋") + suffix(unit, "单元") + suffix(room, "室")
}

// Validate normalizes the resident in place and checks it against today
// (the store's clock). Normalizing: the name through NormalizeName, the ID
// number to its 18-character form (a 15-digit one is upgraded), sex and
// birth date filled from the ID number when empty, the phone number to its
// canonical form, tags deduplicated and 高龄老人 dropped (it is computed).
// An entered sex or birth date that contradicts the ID number is an error:
// one of them was typed wrong. It returns the ID number's warnings (e.g. an
// unusual region code) and FieldErrors, or nil.
func (r *Resident) Validate(today time.Time) ([]Warning, error) {
	r.Name = NormalizeName(r.Name)
	for _, f := range []*string{&r.Sex, &r.BirthDate, &r.Ethnicity, &r.Relation, &r.Education, &r.Political, &r.Marital, &r.Employer, &r.Phone, &r.RegisteredAddress, &r.Status} {
		*f = cleanText(*f)
	}
	if r.Status == "" {
		r.Status = StatusPresent
	}
	p := problems{record: RecordResident}
	var warnings []Warning

	p.required("name", r.Name)
	p.maxLen("name", r.Name, 64)

	id, w, err := ParseIDNumber(r.IDNumber, today)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return nil, err
		}
		p.add("idNumber", e.Key, e.Args)
	} else {
		warnings = w
		r.IDNumber = id.Number
		if r.Sex == "" {
			r.Sex = id.Sex
		} else if r.Sex != id.Sex {
			p.add("sex", KeyInvalidSexMismatch, map[string]any{"Entered": r.Sex, "FromID": id.Sex})
		}
		birth := id.BirthDate.Format(time.DateOnly)
		if r.BirthDate == "" {
			r.BirthDate = birth
		} else if b, ok := parseDate(r.BirthDate); !ok {
			p.add("birthDate", KeyInvalidDate, map[string]any{"Value": r.BirthDate})
		} else if r.BirthDate = b; b != birth {
			p.add("birthDate", KeyInvalidBirthMismatch, map[string]any{"Entered": b, "FromID": birth})
		}
	}
	p.oneOf("sex", r.Sex, Sexes)
	p.oneOf("ethnicity", r.Ethnicity, EthnicGroups)
	p.oneOf("relation", r.Relation, Relations)
	p.oneOf("education", r.Education, Educations)
	p.oneOf("political", r.Political, PoliticalStatuses)
	p.oneOf("marital", r.Marital, MaritalStatuses)
	p.oneOf("status", r.Status, Statuses)
	p.maxLen("employer", r.Employer, 128)
	p.maxLen("registeredAddress", r.RegisteredAddress, 256)
	if r.Phone != "" {
		n, err := NormalizePhone(r.Phone)
		if err != nil {
			p.add("phone", KeyInvalidPhone, nil)
		} else {
			r.Phone = n
		}
	}

	tags := r.Tags[:0]
	seen := map[string]bool{}
	for _, t := range r.Tags {
		t.Tag = cleanText(t.Tag)
		if t.Tag == TagVeryOld || seen[t.Tag] {
			continue
		}
		seen[t.Tag] = true
		if !slices.Contains(CareTags, t.Tag) {
			p.add("tags", KeyInvalidChoice, map[string]any{"Value": t.Tag})
		}
		if t.Tag == TagDisabled {
			if !slices.Contains(DisabilityCategories, t.Category) {
				p.add("tags", KeyInvalidDisability, map[string]any{"Value": t.Category})
			}
			if !slices.Contains(DisabilityGrades, t.Grade) {
				p.add("tags", KeyInvalidDisabilityGrade, map[string]any{"Value": t.Grade})
			}
		} else {
			t.Category, t.Grade = "", ""
		}
		tags = append(tags, t)
	}
	r.Tags = tags
	return warnings, p.err()
}

// parseDate accepts a date as clerks write it (2006-01-02, 2006/1/2,
// 2006.1.2, 2006年1月2日, 20060102) and returns it as 2006-01-02.
func parseDate(s string) (string, bool) {
	s = cleanText(NormalizeIDNumber(s))
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	if len(s) == 8 && !strings.Contains(s, "-") {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return "", false
	}
	y, e1 := strconv.Atoi(parts[0])
	m, e2 := strconv.Atoi(parts[1])
	d, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil || y < 1000 || y > 9999 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// migrateRegistryIndexes (0005_registry_indexes) drops the registry's
// indexes that no query reads, which cost 11 MB on a register of 300,000
// residents and time on every insert:
//
//   - idx_households_building (community, estate, building, unit, room):
//     lists and searches go by community through
//     idx_households_community_number and by address through the FTS5
//     index;
//   - the deleted_at indexes of households and residents, which GORM's
//     tag creates: the searches write "+deleted_at IS NULL" to keep SQLite
//     off them (it took them for a selective condition and read every
//     live row), and only the recycle bin asks for deleted rows. A partial
//     index of the deleted rows serves it and stays as small as the bin.
func migrateRegistryIndexes(tx *gorm.DB) error {
	for _, stmt := range []string{
		"DROP INDEX IF EXISTS idx_households_building",
		"DROP INDEX IF EXISTS idx_households_deleted_at",
		"DROP INDEX IF EXISTS idx_residents_deleted_at",
		"CREATE INDEX IF NOT EXISTS idx_households_deleted ON households (deleted_at) WHERE deleted_at IS NOT NULL",
		"CREATE INDEX IF NOT EXISTS idx_residents_deleted ON residents (deleted_at) WHERE deleted_at IS NOT NULL",
	} {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	return nil
}

// Compact rewrites the database file with its pages filled and without
// free ones (VACUUM). Generating demo data or deleting much leaves B-tree
// pages half full: the 300,000-resident demo register is 191 MB as
// generated and 171 MB compacted. It takes seconds on a large register
// and waits for (and holds off) this process's writes; call it after such
// bulk work, off the UI goroutine. On the office server it runs VACUUM
// (ANALYZE) instead: after a bulk write the planner needs the tables'
// statistics at once, not when autovacuum gets round to them (the
// search benchmark's first queries after demo.Generate ran seconds
// without them), and the visibility map lets index-only scans work.
func (s *Store) Compact(ctx context.Context) error {
	if err := s.can("Compact"); err != nil {
		return err
	}
	if !isSQLite(s.db) {
		// VACUUM cannot run inside a transaction; this is a statement
		// of its own on a pooled connection.
		if err := s.db.WithContext(ctx).Exec("VACUUM (ANALYZE)").Error; err != nil {
			return fmt.Errorf("data: compact: %w", err)
		}
		return nil
	}
	select {
	case s.writer <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("data: compact: %w", ctx.Err())
	}
	defer func() { <-s.writer }()
	if err := s.db.WithContext(ctx).Exec("VACUUM").Error; err != nil {
		return fmt.Errorf("data: compact: %w", err)
	}
	return nil
}
