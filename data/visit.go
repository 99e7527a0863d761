package data

// 关爱走访: the visits the office's workers make to the elderly and the
// vulnerable people of the register. A visit is personal data: it is read
// and written within the account's scope (the visited resident's
// household), like the resident, and every write is audited.
//
// A visit's date and time are two ISO texts (2006-01-02, 15:04) like every
// other date of the register: "the last visit" is then a MAX over a text
// column on every engine, and nothing depends on a time zone.

import (
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// Visit methods (走访方式).
const (
	VisitInPerson  = "上门"
	VisitPhone     = "电话"
	VisitVideo     = "视频"
	VisitProxy     = "第三方代访"
	VisitSmartCall = "智能设备提醒"
)

// VisitMethods are the accepted methods, in the form's order.
var VisitMethods = []string{VisitInPerson, VisitPhone, VisitVideo, VisitProxy, VisitSmartCall}

// Checklist results (each item of a visit's checklist).
const (
	CheckNormal  = "正常"
	CheckWatch   = "需关注"
	CheckProblem = "有问题"
)

// CheckResults are the accepted results of a checklist item.
var CheckResults = []string{CheckNormal, CheckWatch, CheckProblem}

// The checklist's items, in the form's (and the printed form's) order.
const (
	CheckHealth  = "身体状况"
	CheckEconomy = "经济状况"
	CheckCare    = "赡养照料"
	CheckSafety  = "居家安全（水、电、燃气、取暖）"
	CheckNeeds   = "服务需求"
)

// CheckItems are the checklist's items.
var CheckItems = []string{CheckHealth, CheckEconomy, CheckCare, CheckSafety, CheckNeeds}

// Visit is one 走访记录. Visitor is the account that recorded it (its
// audit name, 张三（zhangsan）) and VisitorLogin its login, which the board
// filters by. A referral (转办) becomes a follow-up action on the actions
// board: ActionID links there, and the action's VisitID back.
type Visit struct {
	Model
	ResidentID   int64  `gorm:"not null;index:idx_visits_resident_date,priority:1" json:"residentId"`
	Date         string `gorm:"size:10;not null;index:idx_visits_resident_date,priority:2;index" json:"date"` // 2006-01-02
	Time         string `gorm:"size:5" json:"time"`                                                           // 15:04
	Method       string `gorm:"size:16;not null" json:"method"`
	Visitor      string `gorm:"size:128;not null" json:"visitor"`
	VisitorLogin string `gorm:"size:64;index" json:"visitorLogin"`
	Met          bool   `gorm:"not null" json:"met"` // 是否见到本人

	Health      string `gorm:"size:8" json:"health"`
	HealthNote  string `gorm:"size:256" json:"healthNote"`
	Economy     string `gorm:"size:8" json:"economy"`
	EconomyNote string `gorm:"size:256" json:"economyNote"`
	Care        string `gorm:"size:8" json:"care"`
	CareNote    string `gorm:"size:256" json:"careNote"`
	Safety      string `gorm:"size:8" json:"safety"`
	SafetyNote  string `gorm:"size:256" json:"safetyNote"`
	Needs       string `gorm:"size:8" json:"needs"`
	NeedsNote   string `gorm:"size:256" json:"needsNote"`
	Notes       string `json:"notes"`

	// Referral is what the visit hands on (转办事项); with it,
	// ReferralOwner (who follows it up) is required and ReferralDeadline
	// optional. RecordVisit creates the action.
	Referral         string `json:"referral"`
	ReferralOwner    string `gorm:"size:128" json:"referralOwner"`
	ReferralDeadline string `gorm:"size:10" json:"referralDeadline"`
	ActionID         *int64 `gorm:"index" json:"actionId,omitempty"`
}

// Check is one line of a visit's checklist, for forms and documents.
type Check struct {
	Item, Result, Note string
}

// Checks returns the checklist in CheckItems' order.
func (v *Visit) Checks() []Check {
	return []Check{
		{CheckHealth, v.Health, v.HealthNote},
		{CheckEconomy, v.Economy, v.EconomyNote},
		{CheckCare, v.Care, v.CareNote},
		{CheckSafety, v.Safety, v.SafetyNote},
		{CheckNeeds, v.Needs, v.NeedsNote},
	}
}

// SetCheck sets the result and note of checklist item (one of CheckItems).
func (v *Visit) SetCheck(item, result, note string) {
	switch item {
	case CheckHealth:
		v.Health, v.HealthNote = result, note
	case CheckEconomy:
		v.Economy, v.EconomyNote = result, note
	case CheckCare:
		v.Care, v.CareNote = result, note
	case CheckSafety:
		v.Safety, v.SafetyNote = result, note
	case CheckNeeds:
		v.Needs, v.NeedsNote = result, note
	}
}

// checkFields are the JSON names of the checklist's results, in
// CheckItems' order (Args["Field"] of their errors).
var checkFields = []string{"health", "economy", "care", "safety", "needs"}

// Validate checks a visit as the form would, against now (a visit is not
// in the future). It trims the texts and writes the date in ISO form. All
// problems are returned, joined; each is an *Error under "error.invalid"
// with Args["Field"]. A visit in person that met the person has every
// checklist item answered; by phone or unmet, the items seen are.
func (v *Visit) Validate(now time.Time) error {
	var errs []error
	bad := func(key, field string, args ...any) {
		a := map[string]any{"Field": field}
		for i := 0; i+1 < len(args); i += 2 {
			a[fmt.Sprint(args[i])] = args[i+1]
		}
		errs = append(errs, &Error{Key: key, Args: a})
	}
	v.Date, v.Time, v.Method = cleanText(v.Date), cleanText(v.Time), cleanText(v.Method)
	v.Referral, v.ReferralOwner, v.Notes = cleanText(v.Referral), cleanText(v.ReferralOwner), cleanText(v.Notes)
	v.ReferralDeadline = cleanText(v.ReferralDeadline)
	if v.ResidentID == 0 {
		bad(KeyInvalidRequired, "residentId")
	}
	errs = append(errs, v.validateWhen(now)...)
	switch {
	case v.Method == "":
		bad(KeyInvalidRequired, "method")
	case !slices.Contains(VisitMethods, v.Method):
		bad(KeyVisitMethod, "method", "Value", v.Method)
	}
	checks := v.Checks()
	for i, c := range checks {
		v.SetCheck(c.Item, cleanText(c.Result), cleanText(c.Note))
		c.Result = cleanText(c.Result)
		switch {
		case c.Result == "" && v.Met && v.Method == VisitInPerson:
			bad(KeyVisitCheckMissing, checkFields[i], "Item", c.Item)
		case c.Result != "" && !slices.Contains(CheckResults, c.Result):
			bad(KeyVisitCheckResult, checkFields[i], "Item", c.Item, "Value", c.Result)
		}
		if utf8.RuneCountInString(cleanText(c.Note)) > 256 {
			bad(KeyInvalidTooLong, checkFields[i]+"Note", "Max", 256)
		}
	}
	errs = append(errs, v.validateReferral()...)
	return errors.Join(errs...)
}

// validateWhen checks the date and the time: given, valid, not after now.
func (v *Visit) validateWhen(now time.Time) []error {
	var errs []error
	if v.Date == "" {
		return []error{&Error{Key: KeyInvalidRequired, Args: map[string]any{"Field": "date"}}}
	}
	iso, ok := parseDate(v.Date)
	if !ok {
		return []error{&Error{Key: KeyInvalidDate, Args: map[string]any{"Field": "date", "Value": v.Date}}}
	}
	v.Date = iso
	if v.Time != "" {
		t, err := time.Parse("15:04", v.Time)
		if err != nil {
			errs = append(errs, &Error{Key: KeyInvalidTime, Args: map[string]any{"Field": "time", "Value": v.Time}})
		} else {
			v.Time = t.Format("15:04")
		}
	}
	when := v.Date + " " + v.Time
	if v.Time == "" {
		when = v.Date
	}
	limit := now.Format("2006-01-02 15:04")
	if v.Time == "" {
		limit = isoDay(now)
	}
	if when > limit {
		errs = append(errs, &Error{Key: KeyVisitFuture, Args: map[string]any{"Field": "date", "Date": when}})
	}
	return errs
}

// validateReferral checks the referral's owner and deadline.
func (v *Visit) validateReferral() []error {
	var errs []error
	if utf8.RuneCountInString(v.ReferralOwner) > 128 {
		errs = append(errs, &Error{Key: KeyInvalidTooLong, Args: map[string]any{"Field": "referralOwner", "Max": 128}})
	}
	if v.Referral == "" {
		if v.ReferralOwner != "" || v.ReferralDeadline != "" {
			errs = append(errs, &Error{Key: KeyInvalidRequired, Args: map[string]any{"Field": "referral"}})
		}
		return errs
	}
	if v.ReferralOwner == "" {
		errs = append(errs, &Error{Key: KeyVisitReferralOwner, Args: map[string]any{"Field": "referralOwner"}})
	}
	if v.ReferralDeadline != "" {
		iso, ok := parseDate(v.ReferralDeadline)
		if !ok {
			errs = append(errs, &Error{Key: KeyInvalidDate, Args: map[string]any{"Field": "referralDeadline", "Value": v.ReferralDeadline}})
		} else if v.ReferralDeadline = iso; iso < v.Date {
			errs = append(errs, &Error{Key: KeyVisitDeadlineBefore, Args: map[string]any{"Field": "referralDeadline", "Date": iso, "Visit": v.Date}})
		}
	}
	return errs
}

// ProblemCount is the number of checklist items found 有问题, and watch
// those 需关注: what a board and a printed plan summarise a visit by.
func (v *Visit) ProblemCount() (problems, watch int) {
	for _, c := range v.Checks() {
		switch c.Result {
		case CheckProblem:
			problems++
		case CheckWatch:
			watch++
		}
	}
	return problems, watch
}
