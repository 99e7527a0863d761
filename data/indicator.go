package data

// Indicators (统计指标) are the named counts a superior's report form asks
// for — 户数, 人口数, 60岁以上人口, 低保对象 … — each a filter over the
// register, counted on an as-of date (截止日期). The catalogue is the
// built-in indicators below, the office's own (saved in report_indicators,
// indicator_store.go), and the computed ones other parts of Jiedao
// register (registerIndicator: the visits' 本月走访人次 and the like, which
// are not filter counts).
//
// What is counted. The population on a day D is the residents who belong
// to a household of the register on D — 在住 or 外出, as the dashboard
// counts them: a worker away (外出) is still the household's member, and
// the superiors' 户籍人口 includes them. Who belongs on D follows the
// residence events when the register has them (indicator_count.go): a
// resident moved out or deceased on or before D does not count, one moved
// in or born after D does not, one moved between households counts in the
// household of D. A resident with no event counts by the status they have
// now (an imported register has no arrival dates; the date a record was
// typed in is not when the person came). Ages are whole years on D from
// the birth date: 6岁 until the day before the 7th birthday. Care tags and
// the household's residence type are as stored now (the register keeps no
// history of them). The recycle bin's records never count.

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Indicator units: a count of residents or of households.
const (
	UnitResidents  = "人"
	UnitHouseholds = "户"
)

// IndicatorFilter selects the residents an indicator counts (and, for a
// household indicator, the households they belong to). Zero fields do not
// filter. It has the household list's and resident list's fields, as the
// window's filter controls are the lists'.
type IndicatorFilter struct {
	Community      string   `json:"community,omitempty"`      // one community; a form's cell may name another
	Grid           string   `json:"grid,omitempty"`           // with or without Community
	ResidenceTypes []string `json:"residenceTypes,omitempty"` // of the household, any of
	Tag            string   `json:"tag,omitempty"`            // a care tag; 高龄老人 is 80 or older on the day
	Sex            string   `json:"sex,omitempty"`
	AgeMin         int      `json:"ageMin,omitempty"`    // at least this old on the day
	AgeMax         int      `json:"ageMax,omitempty"`    // at most this old, with HasAgeMax
	HasAgeMax      bool     `json:"hasAgeMax,omitempty"` // AgeMax applies
	Status         string   `json:"status,omitempty"`    // 在住 or 外出; "" both
}

// hasAge reports whether the filter bounds the age (and so needs a birth
// date: a resident without one is not counted in an age group).
func (f IndicatorFilter) hasAge() bool {
	return f.AgeMin > 0 || f.HasAgeMax || f.Tag == TagVeryOld
}

// ReportIndicator is one named count of the catalogue.
type ReportIndicator struct {
	ID      int64           `json:"id,omitempty"` // the office's own; 0 for built-in and computed ones
	Name    string          `json:"name"`
	Unit    string          `json:"unit"` // UnitResidents or UnitHouseholds
	Filter  IndicatorFilter `json:"filter"`
	Note    string          `json:"note,omitempty"` // what the filter does not say (the office's own)
	BuiltIn bool            `json:"builtIn"`

	// computed is set for a registered computed indicator; Filter and
	// Unit are then unused.
	computed *computedIndicator
}

// Computed reports whether the indicator is computed by other means than a
// filter (registerIndicator).
func (ind ReportIndicator) Computed() bool { return ind.computed != nil }

// Definition says in Chinese what the indicator counts, for
// `jiedao report indicators`, the window and a form's 明细 sheet.
func (ind ReportIndicator) Definition() string {
	if ind.computed != nil {
		return ind.computed.definition
	}
	var parts []string
	f := ind.Filter
	if f.Community != "" {
		parts = append(parts, "社区为"+f.Community)
	}
	if f.Grid != "" {
		parts = append(parts, "网格为"+f.Grid)
	}
	if len(f.ResidenceTypes) > 0 {
		parts = append(parts, "户的居住类型为"+strings.Join(f.ResidenceTypes, "或"))
	}
	if f.Sex != "" {
		parts = append(parts, "性别为"+f.Sex)
	}
	if age := f.ageText(); age != "" {
		parts = append(parts, age)
	}
	if f.Tag == TagVeryOld {
		parts = append(parts, "年满80周岁（高龄老人）")
	} else if f.Tag != "" {
		parts = append(parts, "带有“"+f.Tag+"”标记")
	}
	if f.Status != "" {
		parts = append(parts, "状态为"+f.Status)
	}
	what := "截止日期在册（在住或外出）的居民"
	if ind.Unit == UnitHouseholds {
		what = "截止日期有在册居民的户"
		if len(parts) > 0 {
			what = "有符合条件居民的户（截止日期在册）"
		}
	}
	text := what + "数"
	if len(parts) > 0 {
		text += "；条件：" + strings.Join(parts, "，")
	}
	text += "。"
	if ind.Note != "" {
		text += ind.Note
	}
	return text
}

// ageText is the age condition in Chinese, "" for none.
func (f IndicatorFilter) ageText() string {
	switch {
	case f.HasAgeMax && f.AgeMin > 0:
		return fmt.Sprintf("截止日期年龄%d至%d周岁（满%d周岁、未满%d周岁）", f.AgeMin, f.AgeMax, f.AgeMin, f.AgeMax+1)
	case f.HasAgeMax:
		return fmt.Sprintf("截止日期年龄0至%d周岁（未满%d周岁）", f.AgeMax, f.AgeMax+1)
	case f.AgeMin > 0:
		return fmt.Sprintf("截止日期年满%d周岁", f.AgeMin)
	}
	return ""
}

// Validate checks an indicator of the office's own: a name (not a
// built-in's), a unit, the filter's values from their lists and a sensible
// age range.
func (ind *ReportIndicator) Validate() error {
	var p problems
	ind.Name = cleanText(ind.Name)
	ind.Note = cleanText(ind.Note)
	p.required("name", ind.Name)
	p.maxLen("name", ind.Name, 64)
	if ind.Name != "" && builtInIndicator(ind.Name) != nil {
		p.add("name", KeyIndicatorNameTaken, map[string]any{"Name": ind.Name})
	}
	p.oneOf("unit", ind.Unit, []string{UnitResidents, UnitHouseholds})
	f := &ind.Filter
	f.Community, f.Grid = cleanText(f.Community), cleanText(f.Grid)
	for _, t := range f.ResidenceTypes {
		p.oneOf("residenceTypes", t, ResidenceTypes)
	}
	if f.Tag != "" {
		p.oneOf("tag", f.Tag, CareTags)
	}
	if f.Sex != "" {
		p.oneOf("sex", f.Sex, Sexes)
	}
	if f.Status != "" {
		p.oneOf("status", f.Status, ActiveStatuses)
	}
	if f.AgeMin < 0 || f.AgeMax < 0 || f.AgeMin > 150 || f.AgeMax > 150 || f.HasAgeMax && f.AgeMax < f.AgeMin {
		p.add("ageMin", KeyIndicatorAgeRange, map[string]any{"Min": f.AgeMin, "Max": f.AgeMax})
	}
	return p.err()
}

// builtInIndicators is the built-in catalogue, in the order forms usually
// ask for the figures. The residence types follow the register's terms:
// 户籍人口 is the residents of households registered here (户籍在此居住 and
// 户在人不在), 人户分离人口 those of 户在人不在 households, 流动人口 those
// of 流动人口 households.
var builtInIndicators = func() []ReportIndicator {
	r := func(name string, f IndicatorFilter) ReportIndicator {
		return ReportIndicator{Name: name, Unit: UnitResidents, Filter: f, BuiltIn: true}
	}
	return []ReportIndicator{
		{Name: "户数", Unit: UnitHouseholds, BuiltIn: true},
		r("人口数", IndicatorFilter{}),
		r("男性人口", IndicatorFilter{Sex: SexMale}),
		r("女性人口", IndicatorFilter{Sex: SexFemale}),
		r("0-6岁人口", IndicatorFilter{AgeMax: 6, HasAgeMax: true}),
		r("7-17岁人口", IndicatorFilter{AgeMin: 7, AgeMax: 17, HasAgeMax: true}),
		r("18-59岁人口", IndicatorFilter{AgeMin: 18, AgeMax: 59, HasAgeMax: true}),
		r("60岁以上人口", IndicatorFilter{AgeMin: 60}),
		r("65岁以上人口", IndicatorFilter{AgeMin: 65}),
		r("80岁以上人口", IndicatorFilter{AgeMin: 80}),
		r("户籍人口", IndicatorFilter{ResidenceTypes: []string{ResidenceLocal, ResidenceAway}}),
		r("流动人口", IndicatorFilter{ResidenceTypes: []string{ResidenceFloating}}),
		r("人户分离人口", IndicatorFilter{ResidenceTypes: []string{ResidenceAway}}),
		r("独居老人", IndicatorFilter{Tag: TagAloneElderly}),
		r("空巢老人", IndicatorFilter{Tag: TagEmptyNest}),
		r("低保对象", IndicatorFilter{Tag: TagSubsistence}),
		r("特困人员", IndicatorFilter{Tag: TagDestitute}),
		r("残疾人", IndicatorFilter{Tag: TagDisabled}),
		r("退役军人", IndicatorFilter{Tag: TagVeteran}),
		r("留守儿童", IndicatorFilter{Tag: TagLeftBehind}),
	}
}()

// BuiltInIndicators returns the built-in catalogue.
func BuiltInIndicators() []ReportIndicator { return slices.Clone(builtInIndicators) }

// builtInIndicator returns the built-in (or registered computed) indicator
// named name, or nil.
func builtInIndicator(name string) *ReportIndicator {
	for i := range builtInIndicators {
		if builtInIndicators[i].Name == name {
			return &builtInIndicators[i]
		}
	}
	for i := range computedIndicators {
		if computedIndicators[i].name == name {
			ind := ReportIndicator{Name: name, BuiltIn: true, computed: &computedIndicators[i]}
			return &ind
		}
	}
	return nil
}

// computedIndicator is an indicator that is not a filter count: visits
// made this month, a visit rate. count returns its value on the as-of date
// for each community of the account's scope (key the community) and for
// the whole scope (key ""), counted inside data with the scope applied.
type computedIndicator struct {
	name, definition string
	count            func(q indicatorQuery) (map[string]float64, error)
}

// indicatorQuery is what a computed indicator is counted with.
type indicatorQuery struct {
	store *Store
	asOf  time.Time
}

// computedIndicators are the registered computed indicators, listed after
// the built-in ones.
var computedIndicators []computedIndicator

// registerIndicator adds a computed indicator to the catalogue; call it
// from an init function of the file that defines it (e.g. the visits'
// 本月走访人次, 本月走访率, 逾期未走访人数). Its name must be new.
func registerIndicator(name, definition string, count func(q indicatorQuery) (map[string]float64, error)) {
	if builtInIndicator(name) != nil {
		panic("data: indicator " + name + " registered twice")
	}
	computedIndicators = append(computedIndicators, computedIndicator{name: name, definition: definition, count: count})
}
