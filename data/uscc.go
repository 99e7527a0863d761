package data

// Unified Social Credit Codes (统一社会信用代码, GB 32100-2015).
//
// A code is 18 characters over the 31 characters 0-9 and A-Z without I, O,
// S, V and Z (they look like 1, 0, 5, U and 2):
//
//	1      registration authority (登记管理部门): 1-9, A, N or Y
//	2      organization category within that authority (5 = civil affairs:
//	       1 社会团体, 2 民办非企业单位/社会服务机构, 3 基金会)
//	3-8    administrative division of the registering office
//	9-17   organization code (GB 11714)
//	18     check character: ISO 7064 MOD 31-3 over the first 17
//
// The check value is 31 − (Σ value×weight mod 31); when that is 31 the check
// character is "0". Validators that compute 31 − (sum mod 31) and index the
// character table with it fail on exactly those codes (index 31 is out of
// range), so they reject valid codes or crash: the case is tested.
//
// Some codes issued during the 2015 pilots carry a check character that does
// not follow the rule; they are real and still in use. In those codes the
// embedded organization code (characters 9-17, GB 11714: eight characters
// and its own MOD 11 check character) is sound. So a code that fails only
// its own check character is accepted with a warning when its organization
// code checks out, and refused as probably mistyped when that fails too: a
// single wrong character among 9-17 breaks both checks 10 times in 11.
// (A wrong character among 1-8 or at 18 leaves the organization code
// sound, and so passes with the warning: no check can tell it from a pilot
// code.)

import (
	"strings"
	"unicode/utf8"
)

// usccChars are the characters of a code, in the order of their values.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^i mod 31 for the first 17 positions.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccAuthorities are the registration-authority characters GB 32100 assigns.
const usccAuthorities = "123456789ANY"

// Message keys of USCC validation. Errors are under "error.invalid" (so
// errors.Is(err, ErrInvalid) holds); the check-character one is a warning.
const (
	KeyUSCCLength    = "error.invalid.uscc.length"    // Args: Length
	KeyUSCCChars     = "error.invalid.uscc.chars"     // Args: Position, Char, Suggest ("" or the look-alike digit/letter)
	KeyUSCCAuthority = "error.invalid.uscc.authority" // Args: Char
	KeyUSCCMistyped  = "error.invalid.uscc.mistyped"  // Args: Expected (the check character the first 17 give)

	KeyUSCCCheckWarning = "warning.uscc.check" // Args: Expected
	KeyUSCCTypeWarning  = "warning.uscc.type"  // Args: Prefix, Type, Expected
)

// usccLookAlikes are the letters the code leaves out, with the character a
// clerk most likely meant.
var usccLookAlikes = map[rune]string{'I': "1", 'O': "0", 'S': "5", 'V': "U", 'Z': "2"}

// NormalizeUSCC cleans up a code as typed or pasted: blanks anywhere
// (including non-breaking, ideographic and zero-width ones) and Excel's
// leading apostrophe are dropped, full-width letters and digits become
// ASCII, and letters are uppercased. It does not validate; see ParseUSCC.
func NormalizeUSCC(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	seen := false
	for _, r := range s {
		switch {
		case isBlank(r):
			continue
		case !seen && (r == '\'' || r == '‘' || r == '’' || r == '`'):
			continue
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r >= 'Ａ' && r <= 'Ｚ':
			r = 'A' + (r - 'Ａ')
		case r >= 'ａ' && r <= 'ｚ':
			r = 'A' + (r - 'ａ')
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		seen = true
		b.WriteRune(r)
	}
	return b.String()
}

// USCCCheckChar returns the check character of the first 17 characters of
// a code, or 0 when first17 is not 17 characters of the code's alphabet.
func USCCCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccChars, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * usccWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0 // not usccChars[31], which does not exist
	}
	return usccChars[c]
}

// orgCodeWeights are the GB 11714 weights of the eight characters of an
// organization code.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// OrgCodeCheckChar returns the GB 11714 check character of the first eight
// characters of an organization code (characters 9-16 of a USCC): 11 − (Σ
// value×weight mod 11), where a digit is worth itself and a letter A-Z
// 10-35, written "X" for 10 and "0" for 11. It returns 0 when first8 is not
// eight digits or capital letters.
func OrgCodeCheckChar(first8 string) byte {
	if len(first8) != 8 {
		return 0
	}
	sum := 0
	for i := 0; i < 8; i++ {
		var v int
		switch c := first8[i]; {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0
		}
		sum += v * orgCodeWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// ParseUSCC normalizes and checks a code. It returns the normalized code,
// warnings (the pilot-code check character) and a *Error with a KeyUSCC*
// key (or KeyInvalidRequired for an empty code) when the code cannot be
// right. The length is checked first, then each character, then the
// registration authority, so the message names the first real problem;
// last the check characters: the code's own, and when that fails the
// organization code's (KeyUSCCMistyped when both fail).
func ParseUSCC(s string) (string, []Warning, error) {
	code := NormalizeUSCC(s)
	n := utf8.RuneCountInString(code)
	switch {
	case n == 0:
		return "", nil, &Error{Key: KeyInvalidRequired}
	case n != 18:
		return code, nil, &Error{Key: KeyUSCCLength, Args: map[string]any{"Length": n}}
	}
	pos := 0
	for _, r := range code {
		pos++
		if r < 0x80 && strings.IndexByte(usccChars, byte(r)) >= 0 {
			continue
		}
		return code, nil, &Error{Key: KeyUSCCChars, Args: map[string]any{"Position": pos, "Char": string(r), "Suggest": usccLookAlikes[r]}}
	}
	if strings.IndexByte(usccAuthorities, code[0]) < 0 {
		return code, nil, &Error{Key: KeyUSCCAuthority, Args: map[string]any{"Char": code[:1]}}
	}
	want := USCCCheckChar(code[:17])
	if code[17] == want {
		return code, nil, nil
	}
	args := map[string]any{"Expected": string(want)}
	if code[16] != OrgCodeCheckChar(code[8:16]) {
		return code, nil, &Error{Key: KeyUSCCMistyped, Args: args}
	}
	return code, []Warning{{Key: KeyUSCCCheckWarning, Args: args}}, nil
}
