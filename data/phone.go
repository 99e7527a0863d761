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
	t, ok := phoneText(s)
	if !ok {
		return "", errPhone
	}
	t, ext, ok := cutExtension(t)
	if !ok {
		return "", errPhone
	}
	// Groups as typed: "(010) 1234 5678", "010-12345678-123".
	groups := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '-' })
	digits := withoutCountryCode(strings.Join(groups, ""))
	if strings.Contains(digits, "+") {
		return "", errPhone
	}
	if isMobile(digits) {
		if ext != "" {
			return "", errPhone
		}
		return digits, nil
	}
	return landline(digits, groups, ext)
}

// phoneMarks are the characters other than digits and blanks that phone
// numbers are typed with, and what each stands for: a hyphen between
// groups, a blank (brackets around an area code, an apostrophe of a
// spreadsheet's text marker), the extension marker, the plus of a country
// code.
var phoneMarks = map[rune]byte{
	'-': '-', '－': '-', '—': '-', '–': '-', '‐': '-',
	'(': ' ', ')': ' ', '（': ' ', '）': ' ', '\'': ' ',
	'转': '#', '#': '#', 'x': '#', 'X': '#', '＃': '#',
	'+': '+',
}

// phoneText writes s with ASCII digits, blanks, '-', '#' (before an
// extension) and '+', trimmed; false when s has any other character.
func phoneText(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= '０' && r <= '９':
			b = append(b, byte('0'+r-'０'))
		case isBlank(r):
			b = append(b, ' ')
		default:
			c, ok := phoneMarks[r]
			if !ok {
				return "", false
			}
			b = append(b, c)
		}
	}
	return strings.TrimSpace(string(b)), true
}

// cutExtension splits off an extension marked with '#': digits only, not
// empty.
func cutExtension(t string) (number, ext string, ok bool) {
	i := strings.IndexByte(t, '#')
	if i < 0 {
		return t, "", true
	}
	ext = strings.Trim(t[i+1:], " -")
	if ext == "" || strings.Trim(ext, "0123456789") != "" {
		return "", "", false
	}
	return t[:i], ext, true
}

// withoutCountryCode drops China's +86, 0086, or the 86 before a mobile
// number.
func withoutCountryCode(digits string) string {
	switch {
	case strings.HasPrefix(digits, "+86"):
		return digits[3:]
	case strings.HasPrefix(digits, "0086"):
		return digits[4:]
	case len(digits) == 13 && strings.HasPrefix(digits, "86") && digits[2] == '1':
		return digits[2:]
	}
	return digits
}

// landline writes a landline's digits (area code first) as 010-12345678
// or 0571-8765432-123; groups are the number's groups as typed.
func landline(digits string, groups []string, ext string) (string, error) {
	if digits == "" || digits[0] != '0' {
		return "", errPhone
	}
	area := 4
	if len(digits) > 1 && (digits[1] == '1' || digits[1] == '2') {
		area = 3
	}
	if ext == "" {
		digits, ext = trailingExtension(digits, groups, area)
	}
	local := digits[min(area, len(digits)):]
	if len(local) < 7 || len(local) > 8 || local[0] == '0' || local[0] == '1' || len(ext) > 6 {
		return "", errPhone
	}
	n := digits[:area] + "-" + local
	if ext != "" {
		n += "-" + ext
	}
	return n, nil
}

// trailingExtension reads a landline typed with a trailing group and no
// extension marker: 010-12345678-123 is number 12345678, extension 123.
func trailingExtension(digits string, groups []string, area int) (number, ext string) {
	if l := len(digits) - area; l >= 7 && l <= 8 || len(groups) < 3 || groups[0] != digits[:min(area, len(digits))] {
		return digits, ""
	}
	return groups[0] + groups[1], strings.Join(groups[2:], "")
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
