package data

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Unmask fields: which whole number a detail form's eye button shows.
const (
	FieldIDNumber = "idNumber" // a resident's 身份证号
	FieldPhone    = "phone"    // a resident's or a household's phone
)

// unmaskView is the audit entry of Unmask.
type unmaskView struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// ValidateReason checks the reason of a look at whole numbers: required,
// at most 64 characters, and "其他：" only with what the other reason is.
func ValidateReason(reason string) error {
	reason = strings.TrimSpace(reason)
	other := UnmaskReasons[len(UnmaskReasons)-1]
	if reason == "" || reason == other || reason == strings.TrimSuffix(other, "：") {
		return &Error{Key: KeyReasonRequired, Args: map[string]any{"Field": "reason"}}
	}
	if utf8.RuneCountInString(reason) > 64 {
		return &Error{Key: KeyInvalidTooLong, Args: map[string]any{"Field": "reason", "Max": 64}}
	}
	return nil
}

// Unmask returns the whole number field (FieldIDNumber or FieldPhone) of
// the record id of entity ("residents" or "households"), for a detail
// form's eye button, and records the look in the same transaction: an
// audit entry ActionView with the account, the record, the field and the
// reason (one of UnmaskReasons, or 其他：… with the text). It needs the
// unmask permission (street, community and grid workers) and the record
// within the account's scope; a record outside it is ErrNotFound.
func (s *Store) Unmask(ctx context.Context, entity string, id int64, field, reason string) (string, error) {
	if err := s.can("Unmask"); err != nil {
		return "", err
	}
	if err := ValidateReason(reason); err != nil {
		return "", err
	}
	col := ""
	switch {
	case entity == "residents" && field == FieldIDNumber:
		col = "id_number"
	case (entity == "residents" || entity == "households") && field == FieldPhone:
		col = "phone"
	default:
		return "", &Error{Key: KeyInvalidChoice, Args: map[string]any{"Field": "field", "Value": entity + "." + field}}
	}
	var whole string
	err := s.Tx(ctx, func(tx *Tx) error {
		if err := tx.inScope(entity, id); err != nil {
			return err
		}
		var vals []string
		if err := tx.db.Table(entity).Where("id = ? AND deleted_at IS NULL", id).Pluck(col, &vals).Error; err != nil {
			return err
		}
		if len(vals) == 0 {
			return NotFound(entity, id)
		}
		whole = vals[0]
		return tx.Audit(ActionView, entity, id, nil, unmaskView{Field: field, Reason: strings.TrimSpace(reason)})
	})
	if err != nil {
		return "", err
	}
	return whole, nil
}

// Whole numbers in records. An account that may not see whole numbers (a
// leader, 领导: permUnmask is not theirs) reads every record with its ID
// and phone numbers masked, detail forms and printouts included; the
// others read them whole (they edit them), and the screens mask them
// until the eye button (Unmask) — printing them whole goes through
// WholeNumbers, which records the look.
func (p *principal) seesWhole() bool { return p == nil || p.may(permUnmask) }

// maskResident masks r's numbers for an account that may not see them.
func (p *principal) maskResident(r *Resident) {
	if !p.seesWhole() {
		r.IDNumber, r.Phone = MaskID(r.IDNumber), MaskPhone(r.Phone)
	}
}

// maskHousehold masks h's phone for an account that may not see it.
func (p *principal) maskHousehold(h *Household) {
	if !p.seesWhole() {
		h.Phone = MaskPhone(h.Phone)
	}
}
