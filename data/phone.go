package data

// Phone numbers of residents and households. Two shapes are accepted, the
// ones a street office's rosters actually hold:
//
//   - a mobile number: 11 digits, 1[3-9]xxxxxxxxx (a +86/0086 prefix and
//     blanks or hyphens between groups are dropped), stored as 13812345678;
//   - a landline with its area code: 0 + 2 or 3 digits, then 7 or 8 digits,
//     optionally an extension, stored as 010-12345678 or 0571-8765432-123.
//     Without a hyphen the area code is told by its second digit: 010 and
//     02x are the only three-digit codes.
//
// A local number starts with 2–9 (0 and 1 open trunk and service codes), so
// 010-12345678 is refused as a typo. A landline without area code is
// refused: a roster is read far from where it was written.

import (
	"errors"
	"strings"
)

var errPhone = errors.New("not a mobile number or a landline with area code")

// NormalizePhone returns the canonical form of a phone number, or an error
// when it is neither a mobile number nor a landline with area code.
func NormalizePhone(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + r - '０')
		case r >= '0' && r <= '9', r == '+':
			b.WriteRune(r)
		case r == '-' || r == '－' || r == '—' || r == '–' || r == '‐':
			b.WriteByte('-')
		case r == '(' || r == ')' || r == '（' || r == '）' || isBlank(r) || r == '\'':
			b.WriteByte(' ')
		case r == '转' || r == '#' || r == 'x' || r == 'X' || r == '＃':
			b.WriteByte('#') // extension
		default:
			return "", errPhone
		}
	}
	t := strings.TrimSpace(b.String())
	ext := ""
	if i := strings.IndexByte(t, '#'); i >= 0 {
		ext = strings.Trim(t[i+1:], " -")
		t = t[:i]
		if ext == "" || strings.Trim(ext, "0123456789") != "" {
			return "", errPhone
		}
	}
	// Groups as typed: "(010) 1234 5678", "010-12345678-123".
	groups := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '-' })
	digits := strings.Join(groups, "")
	switch {
	case strings.HasPrefix(digits, "+86"):
		digits = digits[3:]
	case strings.HasPrefix(digits, "0086"):
		digits = digits[4:]
	case len(digits) == 13 && strings.HasPrefix(digits, "86") && digits[2] == '1':
		digits = digits[2:]
	}
	if strings.Contains(digits, "+") {
		return "", errPhone
	}
	if isMobile(digits) {
		if ext != "" {
			return "", errPhone
		}
		return digits, nil
	}
	if digits == "" || digits[0] != '0' {
		return "", errPhone
	}
	area := 4
	if len(digits) > 1 && (digits[1] == '1' || digits[1] == '2') {
		area = 3
	}
	// A landline typed with a trailing group and no extension marker:
	// 010-12345678-123 is number 12345678, extension 123.
	if l := len(digits) - area; ext == "" && (l < 7 || l > 8) && len(groups) >= 3 && groups[0] == digits[:min(area, len(digits))] {
		ext = strings.Join(groups[2:], "")
		digits = groups[0] + groups[1]
	}
	local := digits[min(area, len(digits)):]
	if len(local) < 7 || len(local) > 8 || local[0] == '0' || local[0] == '1' {
		return "", errPhone
	}
	n := digits[:area] + "-" + local
	if ext != "" {
		if len(ext) > 6 {
			return "", errPhone
		}
		n += "-" + ext
	}
	return n, nil
}

// isMobile reports whether s is 1[3-9] and nine more digits.
func isMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	for i := 2; i < 11; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// phoneMain returns the number without its extension.
func phoneMain(p string) string {
	if strings.Count(p, "-") == 2 {
		return p[:strings.LastIndexByte(p, '-')]
	}
	return p
}

// phoneTail is the last four digits of a (normalized) phone number without
// its extension: the part people remember and search by.
func phoneTail(p string) string {
	p = phoneMain(p)
	if len(p) < 4 {
		return ""
	}
	return p[len(p)-4:]
}
