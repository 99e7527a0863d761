package data

// Agreement numbers (协议编号). Each kind has its own sequence per year,
// formatted by a pattern kept in the settings table:
//
//	〔{年}〕委字第{序号:3}号   →  〔2026〕委字第001号   (委托协议, the default)
//	〔{年}〕项字第{序号:3}号   →  〔2026〕项字第001号   (项目协议, the default)
//
// {年} (or {year}) is the four-digit year, {序号} (or {seq}) the sequence
// padded with zeros to three digits, {序号:N} to N digits. Both must appear,
// once each: without the year, January's numbers would repeat last year's.
//
// Numbers are taken from a counter table, one row per kind and year, that
// only ever goes up: a number is given out when the draft is created, and
// deleting or purging the agreement does not give it back, so a number
// once seen on paper always means one agreement. A changed pattern can
// make a number come out that is already taken; the counter then moves on
// until one is free.
//
// A supplementary agreement is numbered after its parent: the parent's
// number, "-补" and N, N counting the parent's supplementary agreements
// from 1 with its own counter (〔2026〕委字第001号-补1). The suffix is fixed,
// so the parent's number can be read back from it.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// agreementCounter is the last sequence number given out in a scope.
type agreementCounter struct {
	Scope string `gorm:"primaryKey;size:64"`
	Last  int64  `gorm:"not null"`
}

func (agreementCounter) TableName() string { return "agreement_counters" }

func numberScope(kind string, year int) string { return fmt.Sprintf("%s/%d", kind, year) }
func supplementScope(parentID int64) string    { return fmt.Sprintf("补/%d", parentID) }

// nextCounter returns one more than the last number given out in scope and
// records it. It runs inside the store's write transaction, which admits one
// writer at a time, so two clerks never get the same number.
//
// One statement reads and advances the counter, so two desks creating
// agreements at the same moment on the office server never get the same
// number: the second waits for the first's row lock and then advances the
// value the first committed (a read followed by a write would let both
// read the same last number). The same SQL (upsert with RETURNING) runs
// on SQLite 3.35 and later and on PostgreSQL.
func nextCounter(db *gorm.DB, scope string) (int64, error) {
	var last []int64
	err := db.Raw(`INSERT INTO agreement_counters (scope, last) VALUES (?, 1)
		ON CONFLICT (scope) DO UPDATE SET last = agreement_counters.last + 1 RETURNING last`, scope).Scan(&last).Error
	if err != nil || len(last) != 1 {
		return 0, fmt.Errorf("data: counter %s: %d rows: %v", scope, len(last), err)
	}
	return last[0], nil
}

// NextAgreementSeq is the sequence number the next agreement of kind
// created in year would get: one more than the last given out. It is for
// previews (the numbering settings show the next number a pattern makes);
// the number itself is taken when the draft is created, inside its write
// transaction, and may be higher if another desk created one meanwhile.
func (s *Store) NextAgreementSeq(ctx context.Context, kind string, year int) (int64, error) {
	if err := s.can("NextAgreementSeq"); err != nil {
		return 0, err
	}
	var c agreementCounter
	err := s.db.WithContext(ctx).Where("scope = ?", numberScope(kind, year)).Limit(1).Find(&c).Error
	if err != nil {
		return 0, fmt.Errorf("data: agreement counter %s: %w", numberScope(kind, year), err)
	}
	return c.Last + 1, nil
}

// Settings keys of the number patterns and defaults.
var (
	numberPatternKeys = map[string]string{
		AgreementCommission: "agreement_number_commission",
		AgreementProject:    "agreement_number_project",
	}
	defaultNumberPatterns = map[string]string{
		AgreementCommission: "〔{年}〕委字第{序号:3}号",
		AgreementProject:    "〔{年}〕项字第{序号:3}号",
	}
)

// DefaultNumberPattern returns the pattern kind's numbers have when none is
// saved.
func DefaultNumberPattern(kind string) string { return defaultNumberPatterns[kind] }

// FormatAgreementNumber fills in pattern (see the file comment) with year
// and seq, e.g. for a preview beside the settings field. A bad pattern
// gives a *Error with KeyNumberPattern.
func FormatAgreementNumber(pattern string, year int, seq int64) (string, error) {
	var b strings.Builder
	years, seqs := 0, 0
	rest := pattern
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			if strings.Contains(rest, "}") {
				return "", patternError(pattern, "}")
			}
			b.WriteString(rest)
			break
		}
		if strings.Contains(rest[:i], "}") {
			return "", patternError(pattern, "}")
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", patternError(pattern, rest[i:])
		}
		token := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		name, width, hasWidth := strings.Cut(token, ":")
		switch name {
		case "年", "year":
			if hasWidth {
				return "", patternError(pattern, "{"+token+"}")
			}
			years++
			fmt.Fprintf(&b, "%04d", year)
		case "序号", "seq":
			w := 3
			if hasWidth {
				n, err := strconv.Atoi(width)
				if err != nil || n < 1 || n > 9 {
					return "", patternError(pattern, "{"+token+"}")
				}
				w = n
			}
			seqs++
			fmt.Fprintf(&b, "%0*d", w, seq)
		default:
			return "", patternError(pattern, "{"+token+"}")
		}
	}
	if years != 1 || seqs != 1 {
		return "", &Error{Key: KeyNumberPatternTokens, Args: map[string]any{"Field": "numberPattern", "Pattern": pattern}}
	}
	return b.String(), nil
}

func patternError(pattern, token string) error {
	return &Error{Key: KeyNumberPattern, Args: map[string]any{"Field": "numberPattern", "Pattern": pattern, "Token": token}}
}

// AgreementNumberPattern returns kind's number pattern: the saved one or
// the default.
func (s *Store) AgreementNumberPattern(ctx context.Context, kind string) (string, error) {
	if err := s.can("AgreementNumberPattern"); err != nil {
		return "", err
	}
	return numberPattern(s.db.WithContext(ctx), kind)
}

func numberPattern(db *gorm.DB, kind string) (string, error) {
	key, ok := numberPatternKeys[kind]
	if !ok {
		return "", &Error{Key: KeyInvalidChoice, Args: map[string]any{"Field": "kind", "Record": RecordAgreement, "Value": kind}}
	}
	v, found, err := getSetting(db, key)
	if err != nil || !found || v == "" {
		return defaultNumberPatterns[kind], err
	}
	return v, nil
}

// SaveAgreementNumberPattern checks and saves kind's number pattern,
// audited; "" restores the default. Numbers already given out keep their
// form. A pattern the other kind uses is refused: the two sequences would
// give out the same numbers.
func (s *Store) SaveAgreementNumberPattern(ctx context.Context, kind, pattern string) error {
	if err := s.can("SaveAgreementNumberPattern"); err != nil {
		return err
	}
	key, ok := numberPatternKeys[kind]
	if !ok {
		return &Error{Key: KeyInvalidChoice, Args: map[string]any{"Field": "kind", "Record": RecordAgreement, "Value": kind}}
	}
	pattern = strings.TrimSpace(pattern)
	if pattern == "" {
		pattern = defaultNumberPatterns[kind]
	}
	if _, err := FormatAgreementNumber(pattern, 2026, 1); err != nil {
		return err
	}
	if len([]rune(pattern)) > 64 {
		return &Error{Key: KeyInvalidTooLong, Args: map[string]any{"Field": "numberPattern", "Max": 64}}
	}
	return s.Tx(ctx, func(tx *Tx) error {
		for other := range numberPatternKeys {
			if other == kind {
				continue
			}
			p, err := numberPattern(tx.db, other)
			if err != nil {
				return err
			}
			a, _ := FormatAgreementNumber(pattern, 2026, 1)
			b, _ := FormatAgreementNumber(p, 2026, 1)
			if a == b {
				return &Error{Key: KeyNumberPatternShared, Args: map[string]any{"Field": "numberPattern", "Pattern": pattern, "Kind": other}}
			}
		}
		if pattern == defaultNumberPatterns[kind] {
			return tx.deleteSetting(key)
		}
		return tx.putSetting(key, pattern)
	})
}

// nextAgreementNumber gives out the next number of kind in year.
func nextAgreementNumber(db *gorm.DB, kind string, year int) (string, int64, error) {
	pattern, err := numberPattern(db, kind)
	if err != nil {
		return "", 0, err
	}
	scope := numberScope(kind, year)
	// A pattern changed mid-year can produce numbers given out before;
	// skip those. The bound only guards against a loop on a broken table.
	for range 10000 {
		seq, err := nextCounter(db, scope)
		if err != nil {
			return "", 0, err
		}
		number, err := FormatAgreementNumber(pattern, year, seq)
		if err != nil {
			return "", 0, err
		}
		var n int64
		if err := db.Unscoped().Model(&Agreement{}).Where("number = ?", number).Count(&n).Error; err != nil {
			return "", 0, fmt.Errorf("data: agreement number: %w", err)
		}
		if n == 0 {
			return number, seq, nil
		}
	}
	return "", 0, errors.New("data: agreement number: no free number")
}

// getSetting reads one key of the settings table.
func getSetting(db *gorm.DB, key string) (string, bool, error) {
	var rows []setting
	if err := db.Where("key = ?", key).Limit(1).Find(&rows).Error; err != nil {
		return "", false, fmt.Errorf("data: setting %s: %w", key, err)
	}
	if len(rows) == 0 {
		return "", false, nil
	}
	return rows[0].Value, true, nil
}

// putSetting saves one key of the settings table, audited with its value
// before and after.
func (tx *Tx) putSetting(key, value string) error {
	before, found, err := getSetting(tx.db, key)
	if err != nil {
		return err
	}
	if found && before == value {
		return nil
	}
	err = tx.db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value"}),
	}).Create(&setting{Key: key, Value: value}).Error
	if err != nil {
		return fmt.Errorf("data: save setting %s: %w", key, err)
	}
	var b any
	if found {
		b = map[string]string{key: before}
	}
	return tx.Audit(ActionUpdate, EntitySettings, 0, b, map[string]string{key: value})
}

// deleteSetting removes one key (its default applies again), audited.
func (tx *Tx) deleteSetting(key string) error {
	before, found, err := getSetting(tx.db, key)
	if err != nil || !found {
		return err
	}
	if err := tx.db.Where("key = ?", key).Delete(&setting{}).Error; err != nil {
		return fmt.Errorf("data: delete setting %s: %w", key, err)
	}
	return tx.Audit(ActionUpdate, EntitySettings, 0, map[string]string{key: before}, nil)
}
