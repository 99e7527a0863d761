package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings describe the office using Jiedao: what letterheads and
// agreements print as the commissioning party, and who sits at the desk.
type Settings struct {
	OfficeName string `json:"officeName"` // 街道办事处名称, required
	Address    string `json:"address"`
	LegalRep   string `json:"legalRep"` // 法定代表人
	Contact    string `json:"contact"`  // 联系人
	Phone      string `json:"phone"`
	Operator   string `json:"operator"` // 操作员, recorded in the audit trail
	Language   string `json:"language"` // "" follows the system, "zh" or "en"
	Theme      string `json:"theme"`    // "" light (offices print and read on white), ThemeDark or ThemeSystem
	TextSize   string `json:"textSize"` // "" standard, TextLarge or TextXLarge
	// IdleLock is after how many idle minutes the window locks: "" is
	// DefaultIdleLock, else 1–240 (IdleLockMinutes).
	IdleLock string `json:"idleLock"`
}

// DefaultIdleLock is the window's idle lock, in minutes, when the
// settings name none (issue 14: ten minutes).
const DefaultIdleLock = 10

// IdleLockMinutes is IdleLock as a number, DefaultIdleLock when unset or
// unreadable.
func (s Settings) IdleLockMinutes() int {
	n, err := strconv.Atoi(strings.TrimSpace(s.IdleLock))
	if err != nil || n < 1 || n > 240 {
		return DefaultIdleLock
	}
	return n
}

// The window's looks a user may choose (Settings.Theme, Settings.TextSize).
const (
	ThemeDark   = "dark"
	ThemeSystem = "system"
	TextLarge   = "large"
	TextXLarge  = "xlarge"
)

// setting is one row of the settings table: a key/value table, so a new
// setting needs no migration.
type setting struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string `gorm:"not null"`
}

func (setting) TableName() string { return "settings" }

// fields pairs each setting's key in the table with its field.
func (s *Settings) fields() []struct {
	key string
	val *string
} {
	return []struct {
		key string
		val *string
	}{
		{"office_name", &s.OfficeName},
		{"address", &s.Address},
		{"legal_rep", &s.LegalRep},
		{"contact", &s.Contact},
		{"phone", &s.Phone},
		{"operator", &s.Operator},
		{"language", &s.Language},
		{"theme", &s.Theme},
		{"text_size", &s.TextSize},
		{"idle_lock", &s.IdleLock},
	}
}

// Validate checks the settings as the settings form would: the office name
// is required, texts have limits, the phone if given must be a mobile number
// or a landline with area code (NormalizePhone's rules).
// All problems are returned, joined; each is an *Error with a Key under
// "error.invalid" and Args["Field"] naming the field (its JSON name).
func (s Settings) Validate() error {
	var errs []error
	invalid := func(key, field string, args ...any) {
		a := map[string]any{"Field": field}
		for i := 0; i+1 < len(args); i += 2 {
			a[fmt.Sprint(args[i])] = args[i+1]
		}
		errs = append(errs, &Error{Key: key, Args: a})
	}
	maxLen := func(field, v string, n int) {
		if utf8.RuneCountInString(v) > n {
			invalid(KeyInvalidTooLong, field, "Max", n)
		}
	}
	if strings.TrimSpace(s.OfficeName) == "" {
		invalid(KeyInvalidRequired, "officeName")
	}
	maxLen("officeName", s.OfficeName, 64)
	maxLen("address", s.Address, 256)
	maxLen("legalRep", s.LegalRep, 64)
	maxLen("contact", s.Contact, 64)
	maxLen("operator", s.Operator, 64)
	if p := strings.TrimSpace(s.Phone); p != "" {
		if _, err := NormalizePhone(p); err != nil {
			invalid(KeyInvalidPhone, "phone")
		}
	}
	switch s.Language {
	case "", "zh", "en":
	default:
		invalid(KeyInvalidLanguage, "language")
	}
	switch s.Theme {
	case "", ThemeDark, ThemeSystem:
	default:
		invalid(KeyInvalidTheme, "theme")
	}
	switch s.TextSize {
	case "", TextLarge, TextXLarge:
	default:
		invalid(KeyInvalidTextSize, "textSize")
	}
	if v := strings.TrimSpace(s.IdleLock); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 240 {
			invalid(KeyInvalidIdleLock, "idleLock")
		}
	}
	return errors.Join(errs...)
}

// Settings returns the saved settings; never-saved ones are "".
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	if err := s.can("Settings"); err != nil {
		return Settings{}, err
	}
	return loadSettings(s.db.WithContext(ctx))
}

func loadSettings(db *gorm.DB) (Settings, error) {
	var rows []setting
	if err := db.Find(&rows).Error; err != nil {
		return Settings{}, fmt.Errorf("data: load settings: %w", err)
	}
	values := make(map[string]string, len(rows))
	for _, r := range rows {
		values[r.Key] = r.Value
	}
	var v Settings
	for _, f := range v.fields() {
		*f.val = values[f.key]
	}
	return v, nil
}

// SaveSettings trims, validates and saves v, audited with the settings
// before and after (under v's operator when it names one). The phone
// number is saved in its canonical form (see NormalizePhone). Once the
// store requires an operator (RequireOperator), v must name one.
func (s *Store) SaveSettings(ctx context.Context, v Settings) error {
	if err := s.can("SaveSettings"); err != nil {
		return err
	}
	for _, f := range v.fields() {
		*f.val = strings.TrimSpace(*f.val)
	}
	if err := s.mayChangeSettings(ctx, v); err != nil {
		return err
	}
	err := v.Validate()
	if v.Operator == "" && s.requiresOperator() {
		err = errors.Join(err, &Error{Key: KeyInvalidRequired, Args: map[string]any{"Field": "operator"}})
	}
	if err != nil {
		return err
	}
	if v.Phone != "" {
		v.Phone, _ = NormalizePhone(v.Phone) // Validate checked it
	}
	return s.txAs(ctx, v.Operator, func(tx *Tx) error {
		before, err := loadSettings(tx.db)
		if err != nil {
			return err
		}
		if err := saveSettingRows(tx, v); err != nil {
			return err
		}
		return tx.Audit(ActionUpdate, EntitySettings, 0, before, v)
	})
}

// officeSettings are the settings a street manager may change: what the
// office prints as itself (letterheads, the commissioning party). The
// others — the operator of the desk before accounts, the language, the
// looks — are the system's, the administrator's (issue 14: "office
// settings only").
var officeSettings = []string{"office_name", "address", "legal_rep", "contact", "phone"}

// mayChangeSettings checks that the account may save v: an account that
// may change only the office's settings must leave the others as stored
// (ErrPermission naming the system's settings otherwise).
func (s *Store) mayChangeSettings(ctx context.Context, v Settings) error {
	if s.who == nil || s.who.may(permSettings) {
		return nil
	}
	stored, err := loadSettings(s.db.WithContext(ctx))
	if err != nil {
		return err
	}
	want, have := v.fields(), stored.fields()
	for i, f := range want {
		if !slices.Contains(officeSettings, f.key) && *f.val != *have[i].val {
			return s.refusal(permSettings)
		}
	}
	return nil
}

// saveSettingRows writes every setting of v.
func saveSettingRows(tx *Tx, v Settings) error {
	rows := make([]setting, 0, 8)
	for _, f := range v.fields() {
		rows = append(rows, setting{Key: f.key, Value: *f.val})
	}
	err := tx.db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value"}),
	}).Create(&rows).Error
	if err != nil {
		return fmt.Errorf("data: save settings: %w", err)
	}
	return nil
}

// FirstRun reports whether the office has yet to be set up: no office name
// saved and no household ever registered (deleted ones count).
func (s *Store) FirstRun(ctx context.Context) (bool, error) {
	if err := s.can("FirstRun"); err != nil {
		return false, err
	}
	v, err := s.Settings(ctx)
	if err != nil {
		return false, err
	}
	if v.OfficeName != "" {
		return false, nil
	}
	var n int64
	if err := s.db.WithContext(ctx).Unscoped().Model(&Household{}).Count(&n).Error; err != nil {
		return false, fmt.Errorf("data: first run: %w", err)
	}
	return n == 0, nil
}

func (s *Store) loadOperator(ctx context.Context) error {
	v, err := loadSettings(s.db.WithContext(ctx))
	if err != nil {
		return err
	}
	s.setOperator(v.Operator)
	return nil
}
