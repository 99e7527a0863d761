package data

// Accounts: who may open the register, in which roles, over which part of
// the street. They live in the database, so that with an office server a
// login works from every desk.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Roles an account may hold (several: a small office gives one person
// more than one). Their Chinese names are the messages "role.<role>".
const (
	RoleAdmin     = "admin"     // 系统管理员: accounts, settings, backup and restore
	RoleStreet    = "street"    // 街道管理员: the whole street, read and write
	RoleCommunity = "community" // 社区工作者: own communities
	RoleGrid      = "grid"      // 网格员: own grids
	RoleViewer    = "viewer"    // 领导: everything, read only, masked
	RoleAuditor   = "auditor"   // 审计员: the audit log only
)

// Roles lists every role, in the order of the table.
func Roles() []string {
	return []string{RoleAdmin, RoleStreet, RoleCommunity, RoleGrid, RoleViewer, RoleAuditor}
}

// EntityAccounts is the entity of the accounts' audit entries.
const EntityAccounts = "accounts"

// Account is one person who may log in. Roles, Communities and Grids are
// comma lists as stored; use RoleList, CommunityList and GridList. A grid
// is named "社区/网格" (GridRef), since grid names such as 第一网格 repeat
// from one community to the next (Household.Grid is the name within its
// community).
type Account struct {
	ID          int64  `gorm:"primaryKey" json:"id"`
	Login       string `gorm:"size:32;not null;uniqueIndex" json:"login"` // lower case
	Name        string `gorm:"size:32;not null" json:"name"`              // 张三
	Roles       string `gorm:"size:128;not null" json:"roles"`
	Communities string `json:"communities"`
	Grids       string `json:"grids"`
	Disabled    bool   `gorm:"not null;default:false" json:"disabled"`
	// MustChange: the password was set by someone else (a reset, the
	// account's creation by an admin); the next login must change it.
	MustChange bool `gorm:"not null;default:false" json:"mustChange"`

	// PasswordHash is argon2id in PHC form with its parameters (see
	// HashPassword); never in an audit entry, a log or an error.
	PasswordHash string `gorm:"size:160;not null" json:"-"`
	// RecoveryHash is the argon2id hash of the one-time recovery code
	// (the first admin's), "" when there is none.
	RecoveryHash string `gorm:"size:160;not null;default:''" json:"-"`

	// Wrong passwords: how many since FailedSince, and until when the
	// account is locked (see Login).
	FailedCount int        `gorm:"not null;default:0" json:"failedCount"`
	FailedSince *time.Time `json:"failedSince,omitempty"`
	LockedUntil *time.Time `json:"lockedUntil,omitempty"`

	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// GridRef names one grid of one community.
type GridRef struct {
	Community, Grid string
}

// String is "社区/网格", as Account.Grids keeps it.
func (g GridRef) String() string { return g.Community + "/" + g.Grid }

// ParseGridRef reads "社区/网格".
func ParseGridRef(s string) (GridRef, bool) {
	c, g, ok := strings.Cut(strings.TrimSpace(s), "/")
	c, g = strings.TrimSpace(c), strings.TrimSpace(g)
	if !ok || c == "" || g == "" {
		return GridRef{}, false
	}
	return GridRef{Community: c, Grid: g}, true
}

// RoleList is Roles as a list.
func (a Account) RoleList() []string { return splitList(a.Roles) }

// CommunityList is Communities as a list.
func (a Account) CommunityList() []string { return splitList(a.Communities) }

// GridList is Grids as a list; malformed entries are left out (Validate
// refuses them).
func (a Account) GridList() []GridRef {
	var out []GridRef
	for _, s := range splitList(a.Grids) {
		if g, ok := ParseGridRef(s); ok {
			out = append(out, g)
		}
	}
	return out
}

// HasRole reports whether the account holds role.
func (a Account) HasRole(role string) bool { return slices.Contains(a.RoleList(), role) }

// AuditName is how the account's audit entries name their operator:
// "张三（zhangsan）". The login makes the name unambiguous; both are in
// the entry's hash.
func (a Account) AuditName() string { return auditName(a.Name, a.Login) }

func auditName(name, login string) string { return name + "（" + login + "）" }

// ParseOperator splits an audit entry's operator into the account's name
// and login; login is "" for entries written before accounts (the
// settings' operator or the system's user).
func ParseOperator(op string) (name, login string) {
	if strings.HasSuffix(op, "）") {
		if i := strings.LastIndex(op, "（"); i > 0 {
			return op[:i], op[i+len("（") : len(op)-len("）")]
		}
	}
	return op, ""
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func joinList(xs []string) string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return strings.Join(out, ",")
}

// NormalizeLogin is the login as stored: trimmed, lower case.
func NormalizeLogin(login string) string { return strings.ToLower(strings.TrimSpace(login)) }

// Validate checks the account as the account form would: a login of 2–32
// letters, digits, ".", "_" or "-" starting with a letter; a name of at
// most 32 characters; at least one known role; community and grid names
// without commas, grids as "社区/网格"; a community worker needs a
// community and a grid worker a grid. Errors are *Error under
// "error.invalid" with Args["Field"].
func (a Account) Validate() error {
	var errs []error
	bad := func(key, field string, args ...any) {
		m := map[string]any{"Field": field, "Record": RecordAccount}
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
		errs = append(errs, &Error{Key: key, Args: m})
	}
	if !validLogin(a.Login) {
		bad(KeyInvalidLogin, "login", "Value", a.Login)
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(a.Name)); {
	case n == 0:
		bad(KeyInvalidRequired, "name")
	case n > 32:
		bad(KeyInvalidTooLong, "name", "Max", 32)
	}
	roles := a.RoleList()
	if len(roles) == 0 {
		bad(KeyInvalidRequired, "roles")
	}
	for _, r := range roles {
		if !slices.Contains(Roles(), r) {
			bad(KeyInvalidRole, "roles", "Value", r)
		}
	}
	for _, s := range splitList(a.Grids) {
		if _, ok := ParseGridRef(s); !ok {
			bad(KeyInvalidGridRef, "grids", "Value", s)
		}
	}
	if a.HasRole(RoleCommunity) && len(a.CommunityList()) == 0 {
		bad(KeyInvalidRequired, "communities")
	}
	if a.HasRole(RoleGrid) && len(a.GridList()) == 0 {
		bad(KeyInvalidRequired, "grids")
	}
	return errors.Join(errs...)
}

func validLogin(s string) bool {
	if len(s) < 2 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// migrateAccounts creates the accounts table. A register from an earlier
// release has none: HasAccounts is false until CreateFirstAdmin.
func migrateAccounts(tx *gorm.DB) error {
	return tx.AutoMigrate(&Account{})
}
