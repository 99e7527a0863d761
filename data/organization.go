package data

// The register of social organizations (社会组织) the office commissions
// services from. An organization is party B of agreements (agreement.go).
//
// Unified Social Credit Codes are unique: a second organization with a code
// already registered — also one in the recycle bin, which restoring would
// bring back — is refused naming the first. The code may be empty only for a
// 社区社会组织（备案）: community organizations are filed with the street
// office, not registered with civil affairs, and so have no code.
//
// An organization that has agreements cannot be deleted (the agreements
// name it as party B); one that stops working is set to 注销 instead.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// Organization types, as registered (社会组织登记管理条例) or filed.
const (
	OrgTypeAssociation = "社会团体"
	OrgTypeService     = "社会服务机构（民办非企业单位）"
	OrgTypeFoundation  = "基金会"
	OrgTypeCommunity   = "社区社会组织（备案）"
)

// Organization statuses. 异常名录 is the civil-affairs list of organizations
// with irregularities (活动异常名录); such an organization, like a
// deregistered one, gets no new agreement.
const (
	OrgActive       = "正常"
	OrgDeregistered = "注销"
	OrgAbnormal     = "异常名录"
)

var (
	// OrgTypes are the accepted types, in the order forms offer them.
	OrgTypes = []string{OrgTypeAssociation, OrgTypeService, OrgTypeFoundation, OrgTypeCommunity}

	// OrgStatuses are the accepted statuses.
	OrgStatuses = []string{OrgActive, OrgDeregistered, OrgAbnormal}

	// ServiceAreaChoices are the service areas forms offer. An
	// organization's ServiceAreas may hold others (imports bring their own
	// wording); each is free text of at most 32 characters.
	ServiceAreaChoices = []string{
		"养老服务", "助残服务", "儿童与青少年服务", "妇女家庭服务", "社会救助", "矛盾调解",
		"社区治理", "社区矫正与安置帮教", "心理健康", "卫生健康", "文化体育", "环境保护",
		"就业创业", "志愿服务", "其他",
	}
)

// orgTypeAliases maps other spellings of a type, as found in imports and
// older registers, to the accepted one.
var orgTypeAliases = map[string]string{
	"社团":       OrgTypeAssociation,
	"社会服务机构":   OrgTypeService,
	"民办非企业单位":  OrgTypeService,
	"民办非企业":    OrgTypeService,
	"民非":       OrgTypeService,
	"社区社会组织":   OrgTypeCommunity,
	"备案社区社会组织": OrgTypeCommunity,
}

// NormalizeOrgType returns the accepted spelling of an organization type:
// ASCII parentheses and blanks are forgiven and the short or older names
// (民办非企业单位, 民非, 社区社会组织…) map to the full ones. Anything else is
// returned trimmed, for Validate to refuse.
func NormalizeOrgType(s string) string {
	t := strings.NewReplacer("(", "（", ")", "）", " ", "", "\u3000", "").Replace(cleanText(s))
	if slices.Contains(OrgTypes, t) {
		return t
	}
	if v, ok := orgTypeAliases[t]; ok {
		return v
	}
	return t
}

// usccTypePrefix is the start of the code of an organization registered
// with civil affairs (authority 5) as each type.
var usccTypePrefix = map[string]string{OrgTypeAssociation: "51", OrgTypeService: "52", OrgTypeFoundation: "53"}

// Organization is one social organization.
type Organization struct {
	Model
	Name         string   `gorm:"size:128;not null;index" json:"name"`
	USCC         string   `gorm:"column:uscc;size:18;index" json:"uscc"` // 统一社会信用代码; unique when not empty
	Type         string   `gorm:"size:32" json:"type"`
	Authority    string   `gorm:"size:64" json:"authority"` // 登记管理机关 (or the office it is filed with)
	LegalRep     string   `gorm:"size:64" json:"legalRep"`  // 法定代表人
	Contact      string   `gorm:"size:64" json:"contact"`   // 联系人
	Phone        string   `gorm:"size:32" json:"phone"`
	Address      string   `gorm:"size:256" json:"address"`
	Bank         string   `gorm:"size:128" json:"bank"`                         // 开户行
	Account      string   `gorm:"size:40" json:"account"`                       // 账号, digits (and hyphens as printed by some banks)
	ServiceAreas []string `gorm:"serializer:json;size:512" json:"serviceAreas"` // 服务领域
	Status       string   `gorm:"size:8;not null" json:"status"`
	Notes        string   `json:"notes"`

	// Derived search columns, maintained by BeforeSave; never set by hand.
	NamePinyin   string `gorm:"size:512;index" json:"-"`
	NameInitials string `gorm:"size:128;index" json:"-"`
}

// BeforeSave recomputes the derived search columns, on every path that
// writes an organization through GORM (store methods, importer, demo).
func (o *Organization) BeforeSave(*gorm.DB) error {
	o.NamePinyin, o.NameInitials = NamePinyin(o.Name)
	return nil
}

// BeforeDelete refuses to delete an organization that is party B of an
// agreement (not deleted; for a purge, any): the agreements would lose
// their party. Deregister it (status 注销) instead.
func (o *Organization) BeforeDelete(tx *gorm.DB) error {
	if o.ID == 0 {
		return nil
	}
	// Purging counts the agreements in the recycle bin too: restoring one
	// must find its party B.
	q := tx.Session(&gorm.Session{NewDB: true}).Model(&Agreement{})
	if tx.Statement.Unscoped {
		q = q.Unscoped()
	}
	var n int64
	err := q.Where("organization_id = ?", o.ID).Count(&n).Error
	if err != nil {
		return fmt.Errorf("data: delete organization %d: %w", o.ID, err)
	}
	if n > 0 {
		return &Error{Key: KeyOrgHasAgreements, Args: map[string]any{"Name": o.Name, "Count": n}}
	}
	return nil
}

// Validate normalizes the organization in place and checks it. Normalizing:
// texts trimmed, the type through NormalizeOrgType, the code through
// NormalizeUSCC, the phone number to its canonical form, blanks dropped
// from the account number, service areas trimmed and de-duplicated, the
// status 正常 when empty. It returns the code's warnings and FieldErrors (or
// nil). Whether the code is taken is checked by the store, not here.
func (o *Organization) Validate() ([]Warning, error) {
	o.Name = collapseBlanks(cleanText(o.Name))
	for _, f := range []*string{&o.Authority, &o.LegalRep, &o.Contact, &o.Phone, &o.Address, &o.Bank, &o.Status} {
		*f = cleanText(*f)
	}
	o.Notes = strings.TrimSpace(o.Notes)
	o.Type = NormalizeOrgType(o.Type)
	o.Account = strings.ReplaceAll(NormalizeIDNumber(o.Account), "－", "-")
	if o.Status == "" {
		o.Status = OrgActive
	}
	p := problems{record: RecordOrganization}
	var warnings []Warning

	p.required("name", o.Name)
	p.maxLen("name", o.Name, 128)
	p.required("type", o.Type)
	p.oneOf("type", o.Type, OrgTypes)
	p.oneOf("status", o.Status, OrgStatuses)

	o.USCC = NormalizeUSCC(o.USCC)
	if o.USCC == "" {
		if o.Type != OrgTypeCommunity && o.Type != "" {
			p.add("uscc", KeyInvalidRequired, nil)
		}
	} else {
		code, w, err := ParseUSCC(o.USCC)
		var e *Error
		switch {
		case errors.As(err, &e):
			p.add("uscc", e.Key, e.Args)
		case err != nil:
			return nil, err
		default:
			o.USCC = code
			warnings = append(warnings, w...)
			if want, ok := usccTypePrefix[o.Type]; ok && code[:2] != want {
				warnings = append(warnings, Warning{Key: KeyUSCCTypeWarning, Args: map[string]any{"Prefix": code[:2], "Type": o.Type, "Expected": want}})
			}
		}
	}

	p.maxLen("authority", o.Authority, 64)
	p.maxLen("legalRep", o.LegalRep, 64)
	p.maxLen("contact", o.Contact, 64)
	p.maxLen("address", o.Address, 256)
	p.maxLen("bank", o.Bank, 128)
	if o.Phone != "" {
		if n, err := NormalizePhone(o.Phone); err != nil {
			p.add("phone", KeyInvalidPhone, nil)
		} else {
			o.Phone = n
		}
	}
	if o.Account != "" {
		// Chinese bank account numbers are 8 to 30-odd digits; a letter
		// or stray mark is a typo that would send a payment back.
		digits := strings.ReplaceAll(o.Account, "-", "")
		if len(digits) < 6 || len(o.Account) > 40 || strings.Trim(digits, "0123456789") != "" {
			p.add("account", KeyInvalidBankAccount, nil)
		}
		// A payment needs the bank as well as the account.
		p.required("bank", o.Bank)
	}
	areas := make([]string, 0, len(o.ServiceAreas))
	for _, a := range o.ServiceAreas {
		a = cleanText(a)
		if a == "" || slices.Contains(areas, a) {
			continue
		}
		p.maxLen("serviceAreas", a, 32)
		areas = append(areas, a)
	}
	o.ServiceAreas = areas
	return warnings, p.err()
}

// collapseBlanks turns each run of blanks inside s into one ASCII space.
func collapseBlanks(s string) string {
	if !strings.ContainsFunc(s, isBlank) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, isBlank), " ")
}

// CreateOrganization validates o and adds it. A code another organization
// has is refused with KeyOrgDuplicateUSCC naming it. It returns the code's
// warnings.
func (s *Store) CreateOrganization(ctx context.Context, o *Organization) ([]Warning, error) {
	if err := s.can("CreateOrganization"); err != nil {
		return nil, err
	}
	warnings, err := o.Validate()
	if err != nil {
		return warnings, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := usccFree(tx.db, o.USCC, 0); err != nil {
			return err
		}
		o.ID = 0
		return tx.Create(o)
	})
	return warnings, err
}

// UpdateOrganization validates o and saves it. Agreements already signed
// keep the details they were signed with (their snapshot); drafts print
// the new ones.
func (s *Store) UpdateOrganization(ctx context.Context, o *Organization) ([]Warning, error) {
	if err := s.can("UpdateOrganization"); err != nil {
		return nil, err
	}
	warnings, err := o.Validate()
	if err != nil {
		return warnings, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := usccFree(tx.db, o.USCC, o.ID); err != nil {
			return err
		}
		return tx.Update(o)
	})
	return warnings, err
}

// usccFree refuses a code another organization (live or in the recycle
// bin) has.
func usccFree(db *gorm.DB, code string, self int64) error {
	if code == "" {
		return nil
	}
	var other Organization
	err := db.Unscoped().Where("uscc = ? AND id <> ?", code, self).Limit(1).Find(&other).Error
	if err != nil {
		return fmt.Errorf("data: check credit code: %w", err)
	}
	if other.ID == 0 {
		return nil
	}
	return &Error{Key: KeyOrgDuplicateUSCC, Args: map[string]any{
		"Field": "uscc", "USCC": code, "Name": other.Name, "OrganizationID": other.ID,
		"Deleted": other.DeletedAt.Valid,
	}}
}

// Organization returns the organization with id.
func (s *Store) Organization(ctx context.Context, id int64) (Organization, error) {
	if err := s.can("Organization"); err != nil {
		return Organization{}, err
	}
	var o Organization
	err := first(s.db.WithContext(ctx), &o, "organizations", id)
	return o, err
}

// OrganizationByUSCC returns the live organization with the code (in any
// spelling NormalizeUSCC accepts), for importers matching rows to records.
func (s *Store) OrganizationByUSCC(ctx context.Context, code string) (Organization, error) {
	if err := s.can("OrganizationByUSCC"); err != nil {
		return Organization{}, err
	}
	code = NormalizeUSCC(code)
	var o Organization
	err := s.db.WithContext(ctx).Where("uscc = ?", code).Limit(1).Find(&o).Error
	if err != nil {
		return o, fmt.Errorf("data: organization %s: %w", code, err)
	}
	if code == "" {
		return Organization{}, NotFound("organizations", code)
	}
	if o.ID == 0 {
		return Organization{}, missing(s.db.WithContext(ctx), &o, "organizations", "uscc", code)
	}
	return o, nil
}

// OrganizationFilter selects organizations for the list and the export.
// Zero fields do not filter.
type OrganizationFilter struct {
	// Query matches the name anywhere in it, the full pinyin or the
	// initials from the start ("yg", "yangguang" for 阳光…), or the credit
	// code anywhere in it (any spelling NormalizeUSCC accepts).
	Query       string
	Type        string
	Status      string
	ServiceArea string

	After string // the Next of the previous page; "" for the first page
	Limit int    // rows per page; 0 means DefaultPageSize
}

// OrganizationPage is one page of organizations, by pinyin of the name.
// Next is "" after the last page.
type OrganizationPage struct {
	Rows []Organization
	Next string
}

// ListOrganizations returns one page of the organizations f selects, in
// the order of their names' pinyin (the order a Chinese reader expects of
// a list of names), with keyset paging. A register has hundreds of
// organizations, not hundreds of thousands, so the query box's substring
// matches are plain LIKE conditions.
func (s *Store) ListOrganizations(ctx context.Context, f OrganizationFilter) (OrganizationPage, error) {
	if err := s.can("ListOrganizations"); err != nil {
		return OrganizationPage{}, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	q := s.db.WithContext(ctx).Model(&Organization{})
	if t := NormalizeOrgType(f.Type); t != "" {
		q = q.Where("type = ?", t)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.ServiceArea != "" {
		// The areas are a JSON array of strings; the quoted area matches
		// one element exactly on SQLite and PostgreSQL alike.
		area, _ := jsonString(f.ServiceArea)
		q = q.Where(likeSQL(q, "service_areas"), "%"+likeEscape(area)+"%")
	}
	if text := cleanText(f.Query); text != "" {
		conds := []string{likeSQL(q, "name")}
		args := []any{"%" + likeEscape(text) + "%"}
		if key := latinKey(text); key != "" {
			conds = append(conds, "(name_pinyin >= ? AND name_pinyin < ?)", "(name_initials >= ? AND name_initials < ?)")
			args = append(args, key, key+maxKey, key, key+maxKey)
		}
		if code := NormalizeUSCC(text); code != "" && strings.Trim(code, usccChars) == "" {
			conds = append(conds, likeSQL(q, "uscc"))
			args = append(args, "%"+likeEscape(code)+"%")
		}
		q = q.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	if c, ok := decodeCursor(f.After); ok {
		q = q.Where("(name_pinyin > ? OR (name_pinyin = ? AND id > ?))", c.key, c.key, c.id)
	}
	var rows []Organization
	if err := q.Order("name_pinyin, id").Limit(limit).Find(&rows).Error; err != nil {
		return OrganizationPage{}, fmt.Errorf("data: list organizations: %w", err)
	}
	page := OrganizationPage{Rows: rows}
	if len(rows) == limit {
		last := rows[len(rows)-1]
		page.Next = cursor{key: last.NamePinyin, id: last.ID}.encode()
	}
	return page, nil
}

// likeEscape escapes the LIKE wildcards in s for ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// OrganizationYear is what an organization was contracted and paid in one
// year.
type OrganizationYear struct {
	Year       int   `json:"year"`
	Agreements int   `json:"agreements"` // agreements (not supplementary ones) signed that year
	Contracted int64 `json:"contracted"` // fen: amounts signed that year, supplementary changes included
	Paid       int64 `json:"paid"`       // fen: payments made that year
}

// OrganizationTotals returns, newest year first, the totals of the
// organization's agreements: contracted by the year of signing (an
// agreement's amount in the year it was signed, a supplementary agreement's
// change in the year that was signed, so a later increase counts when it was
// agreed), and paid by the year of each payment. Drafts and agreements
// awaiting signature count for nothing: they bind no one yet.
func (s *Store) OrganizationTotals(ctx context.Context, id int64) ([]OrganizationYear, error) {
	if err := s.can("OrganizationTotals"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	if err := first(db, &Organization{}, "organizations", id); err != nil {
		return nil, err
	}
	var as []Agreement
	err := db.Preload("Milestones").Where("organization_id = ? AND status IN ?", id, frozenStatuses).Find(&as).Error
	if err != nil {
		return nil, fmt.Errorf("data: totals of organization %d: %w", id, err)
	}
	years := map[int]*OrganizationYear{}
	year := func(date string) *OrganizationYear {
		y := atoi(date[:4])
		if years[y] == nil {
			years[y] = &OrganizationYear{Year: y}
		}
		return years[y]
	}
	for _, a := range as {
		if len(a.SignedDate) == 10 {
			y := year(a.SignedDate)
			if a.ParentID == nil {
				y.Agreements++
				y.Contracted += a.Amount
			} else {
				y.Contracted += a.AmountChange
			}
		}
		for _, m := range a.Milestones {
			if len(m.PaidDate) == 10 {
				year(m.PaidDate).Paid += m.PaidAmount
			}
		}
	}
	out := make([]OrganizationYear, 0, len(years))
	for _, y := range years {
		out = append(out, *y)
	}
	slices.SortFunc(out, func(a, b OrganizationYear) int { return b.Year - a.Year })
	return out, nil
}

// jsonString is s as a JSON string literal, as the json serializer writes
// it inside an array.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}
