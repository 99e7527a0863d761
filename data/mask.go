package data

// Masking of personal numbers in lists, exports and printed rosters. The
// detail form shows numbers whole; everything else shows them masked. It is
// in this one place so that a later rule (unmasking tied to a role) changes
// one function, not every screen.

import "strings"

// MaskID masks an ID number for lists: the six-digit region code and the
// last four characters stay, the birth date and the rest become asterisks
// (110101********123X). Anything shorter than 10 characters is masked whole.
func MaskID(id string) string {
	r := []rune(id)
	if len(r) < 10 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:6]) + strings.Repeat("*", len(r)-10) + string(r[len(r)-4:])
}

// MaskPhone masks a phone number for lists: a mobile number keeps its first
// three and last four digits (138****5678); a landline keeps its area code,
// the last four digits of the number and any extension (010-****5678,
// 0571-***4321-12). Anything else keeps only its last two characters.
func MaskPhone(p string) string {
	if p == "" {
		return ""
	}
	if isMobile(p) {
		return p[:3] + "****" + p[7:]
	}
	parts := strings.Split(p, "-")
	if len(parts) >= 2 && len(parts) <= 3 && strings.HasPrefix(parts[0], "0") && len(parts[1]) >= 7 {
		local := parts[1]
		parts[1] = strings.Repeat("*", len(local)-4) + local[len(local)-4:]
		return strings.Join(parts, "-")
	}
	r := []rune(p)
	if len(r) <= 2 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
}
