package data

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Resident ID numbers (公民身份号码, GB 11643-1999).
//
// An 18-character number is six digits of administrative division (省 市 县),
// eight digits of birth date, three digits of sequence (the last one odd for
// men, even for women) and an ISO 7064 MOD 11-2 check character, 0-9 or X.
// The first-generation cards (before 1999) carry 15 digits: no century and
// no check character; they are still found in old paper files, so we accept
// them and upgrade them the way the police did ("19" before the year, a
// computed check character).
//
// The same layout is used by the residence permits for people from Hong Kong,
// Macao and Taiwan (810000, 820000, 830000) and, since December 2023, by the
// foreigner's permanent residence ID (永居证), whose first digit is 9 and whose
// next two digits name the issuing province.

// IDNumber is a parsed, valid resident ID number.
type IDNumber struct {
	Number    string    // normalized, always 18 characters
	BirthDate time.Time // midnight UTC
	Sex       string    // 男 or 女
	Province  string    // 北京, 广东, 香港…; for a foreigner the issuing province
	Foreigner bool      // a foreigner's permanent residence ID (first digit 9)
}

// Warning is something a clerk should look at twice that may still be right
// (an unusual region code, an old number converted). Key is a message key;
// the UI renders it with Args, as for Error.
type Warning struct {
	Key  string
	Args map[string]any
}

// Message keys of ID number validation. Error keys make ParseIDNumber fail;
// warning keys only ask the clerk to look twice.
const (
	KeyIDEmpty    = "error.id.empty"
	KeyIDLength   = "error.id.length"
	KeyIDChars    = "error.id.chars"
	KeyIDChecksum = "error.id.checksum"
	KeyIDDate     = "error.id.date"
	KeyIDFuture   = "error.id.future"
	KeyIDTooOld   = "error.id.tooold"
	KeyIDProvince = "error.id.province"
	// KeyIDForeignerProvince: a foreigner's number (first digit 9) whose
	// digits 2-3 are not a province code. Args: Code (digits 2-3).
	KeyIDForeignerProvince = "error.id.province.foreigner"

	KeyIDRegionWarning = "warning.id.region"
	KeyIDUpgradedNote  = "warning.id.upgraded"
)

// idMessages holds what a clerk reads when an ID number is refused or
// questioned. Args are filled in by name ({{.Expected}} and so on).
var idMessages = []Message{
	{Key: KeyIDEmpty, ZH: "请填写身份证号码", EN: "Please enter the ID number"},
	{Key: KeyIDLength, ZH: "身份证号码应为18位（旧证15位），现为{{.Length}}位", EN: "An ID number has 18 characters (15 on old cards); this one has {{.Length}}"},
	{Key: KeyIDChars, ZH: "身份证号码第{{.Position}}位“{{.Char}}”无效：只能是数字，最后一位可以是X", EN: "Character {{.Position}} of the ID number (“{{.Char}}”) is not allowed: only digits, and X as the last character"},
	{Key: KeyIDChecksum, ZH: "身份证号码校验位错误，应为 {{.Expected}}，请核对号码是否抄错", EN: "The ID number's check character is wrong: it should be {{.Expected}}; please check the number for a typo"},
	{Key: KeyIDDate, ZH: "身份证号码中的出生日期 {{.Date}} 不是有效日期", EN: "The birth date in the ID number, {{.Date}}, is not a real date"},
	{Key: KeyIDFuture, ZH: "身份证号码中的出生日期 {{.Date}} 晚于今天", EN: "The birth date in the ID number, {{.Date}}, is after today"},
	{Key: KeyIDTooOld, ZH: "身份证号码中的出生日期 {{.Date}} 过早，请核对", EN: "The birth date in the ID number, {{.Date}}, is too early; please check it"},
	{Key: KeyIDProvince, ZH: "身份证号码前两位 {{.Code}} 不是有效的省级行政区划代码", EN: "The first two digits of the ID number, {{.Code}}, are not a valid province code"},
	{Key: KeyIDForeignerProvince, ZH: "外国人永久居留身份证号码（以9开头）第2—3位 {{.Code}} 应为发证省份的行政区划代码，但它不是有效的省级代码", EN: "In a foreigner's permanent residence ID number (starting with 9), digits 2–3 name the issuing province; {{.Code}} is not a valid province code"},
	{Key: KeyIDRegionWarning, ZH: "身份证号码的地区代码 {{.Code}} 不常见，请核对", EN: "The region code in the ID number, {{.Code}}, is unusual; please check it"},
	{Key: KeyIDUpgradedNote, ZH: "15位旧身份证号码已转换为18位：{{.Number}}", EN: "The old 15-digit ID number was converted to 18 digits: {{.Number}}"},
}

// provinces maps the first two digits of an ID number to the province-level
// division (GB/T 2260). 71 is Taiwan; 81, 82 and 83 are also the prefixes of
// the residence permits for people from Hong Kong, Macao and Taiwan.
var provinces = map[string]string{
	"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
	"21": "辽宁", "22": "吉林", "23": "黑龙江",
	"31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
	"41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
	"50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
	"61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
	"71": "台湾", "81": "香港", "82": "澳门", "83": "台湾",
}

// ProvinceName returns the province named by a two-digit code, or "".
func ProvinceName(code string) string { return provinces[code] }

// earliestBirth is the earliest birth date accepted. Nobody alive was born
// before it; an earlier date in a number is a typo.
var earliestBirth = time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC)

// idWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 of the first
// 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheckChar returns the check character ('0'-'9' or 'X') of the first 17
// digits of an ID number. It returns 0 when first17 is not 17 ASCII digits.
func IDCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// NormalizeIDNumber cleans up an ID number as typed, pasted from a web page or
// exported by a spreadsheet: it drops surrounding blanks (including the
// non-breaking, ideographic and zero-width ones and a byte order mark), the
// apostrophe Excel puts in front of long numbers, and any blanks inside;
// it turns full-width digits and Ｘ into ASCII and a lowercase x into X.
// It does not validate; see ParseIDNumber.
func NormalizeIDNumber(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	seen := false
	for _, r := range s {
		switch {
		case isBlank(r):
			// Blanks inside are separators people type for legibility
			// ("110101 19900307 1234"); they are never part of a number.
			continue
		case r == '\'' || r == '‘' || r == '’' || r == '`':
			if !seen {
				continue // Excel's text marker
			}
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == 'x' || r == 'Ｘ' || r == 'ｘ':
			r = 'X'
		}
		seen = true
		b.WriteRune(r)
	}
	return b.String()
}

// isBlank reports whether r is white space or an invisible character that
// comes with pasted text: zero-width space, joiners, word joiner, BOM.
func isBlank(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x1680, 0x3000,
		0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x202F, 0x205F:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// ParseIDNumber normalizes and validates an ID number. today is the date the
// birth date must not be after (the store's clock, so tests can fix it).
//
// It returns a *Error with one of the error.id.* keys when the number cannot
// be right, and warnings for things a clerk should check but which may be
// correct (an unusual region code, an upgraded 15-digit number).
func ParseIDNumber(s string, today time.Time) (IDNumber, []Warning, error) {
	n, upgraded, err := idCharacters(NormalizeIDNumber(s))
	if err != nil {
		return IDNumber{}, nil, err
	}
	var warnings []Warning
	if upgraded {
		warnings = append(warnings, Warning{Key: KeyIDUpgradedNote, Args: map[string]any{"Number": n}})
	}
	id := IDNumber{Number: n}
	w, err := id.region(upgraded)
	if err != nil {
		return IDNumber{}, nil, err
	}
	if w != nil {
		warnings = append(warnings, w...)
	}
	if id.BirthDate, err = idBirthDate(n, today); err != nil {
		return IDNumber{}, nil, err
	}
	// Check character last: a wrong date or province says more about the
	// typo than "check character should be 7" does.
	if want := IDCheckChar(n[:17]); n[17] != want {
		return IDNumber{}, nil, &Error{Key: KeyIDChecksum, Args: map[string]any{"Expected": string(want)}}
	}
	if (n[16]-'0')%2 == 1 {
		id.Sex = "男"
	} else {
		id.Sex = "女"
	}
	return id, warnings, nil
}

// idCharacters checks the length and characters of a normalized number and
// upgrades a 15-digit one to 18.
func idCharacters(n string) (number string, upgraded bool, err error) {
	switch length := utf8.RuneCountInString(n); {
	case length == 0:
		return "", false, &Error{Key: KeyIDEmpty}
	case length == 15:
		if err := checkDigits(n, 15); err != nil {
			return "", false, err
		}
		// The 15-digit cards were issued to people born in the 20th century.
		first17 := n[:6] + "19" + n[6:]
		return first17 + string(IDCheckChar(first17)), true, nil
	case length == 18:
		if err := checkDigits(n, 17); err != nil {
			return "", false, err
		}
		if c := n[17]; (c < '0' || c > '9') && c != 'X' {
			return "", false, charError(n, 17)
		}
		return n, false, nil
	default:
		return "", false, &Error{Key: KeyIDLength, Args: map[string]any{"Length": length}}
	}
}

// region sets the province of id.Number. A foreigner's number (not an
// upgraded one) puts the issuing province in digits 2-3, checked as the
// first two digits of other numbers are; Hong Kong, Macao and Taiwan (7x,
// 8x) issue no such cards, so those prefixes only warn.
func (id *IDNumber) region(upgraded bool) ([]Warning, error) {
	n := id.Number
	unusual := false
	if n[0] == '9' && !upgraded {
		id.Foreigner = true
		id.Province = provinces[n[1:3]]
		if id.Province == "" {
			return nil, &Error{Key: KeyIDForeignerProvince, Args: map[string]any{"Code": n[1:3]}}
		}
		unusual = n[1] >= '7'
	} else {
		id.Province = provinces[n[:2]]
		if id.Province == "" {
			return nil, &Error{Key: KeyIDProvince, Args: map[string]any{"Code": n[:2]}}
		}
		unusual = !plausibleRegion(n[:6])
	}
	if unusual {
		return []Warning{{Key: KeyIDRegionWarning, Args: map[string]any{"Code": n[:6]}}}, nil
	}
	return nil, nil
}

// idBirthDate reads the birth date of number n: a real day, not after
// today and not before earliestBirth.
func idBirthDate(n string, today time.Time) (time.Time, error) {
	y, m, d := atoi(n[6:10]), atoi(n[10:12]), atoi(n[12:14])
	dateText := n[6:10] + "-" + n[10:12] + "-" + n[12:14]
	birth := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || birth.Day() != d {
		return time.Time{}, &Error{Key: KeyIDDate, Args: map[string]any{"Date": dateText}}
	}
	ty, tm, td := today.Date()
	if birth.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, &Error{Key: KeyIDFuture, Args: map[string]any{"Date": dateText}}
	}
	if birth.Before(earliestBirth) {
		return time.Time{}, &Error{Key: KeyIDTooOld, Args: map[string]any{"Date": dateText}}
	}
	return birth, nil
}

// checkDigits returns a KeyIDChars error for the first of n's first k
// characters that is not an ASCII digit.
func checkDigits(n string, k int) error {
	i := 0
	for _, r := range n {
		if i == k {
			break
		}
		if r < '0' || r > '9' {
			return charError(n, i)
		}
		i++
	}
	return nil
}

// charError reports the rune at rune index i of n as not allowed.
func charError(n string, i int) error {
	j := 0
	for _, r := range n {
		if j == i {
			return &Error{Key: KeyIDChars, Args: map[string]any{"Position": i + 1, "Char": string(r)}}
		}
		j++
	}
	return &Error{Key: KeyIDChars, Args: map[string]any{"Position": i + 1, "Char": ""}}
}

// plausibleRegion checks the shape of a six-digit region code without a
// county table (the table changes every year and a stale one would reject
// real people): a city code of 00 is valid only for the residence permits
// (810000, 820000, 830000) and Taiwan; 01-70 are prefecture-level cities and
// 90 is "county-level divisions directly under the province"; 71-89 and
// 91-99 are not used.
func plausibleRegion(code string) bool {
	p, c := code[:2], atoi(code[2:4])
	switch p {
	case "71", "81", "82", "83":
		return true
	}
	switch {
	case c == 0:
		return false
	case c <= 70, c == 90:
		return true
	}
	return false
}

// atoi parses a string of ASCII digits already checked by the caller.
func atoi(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}
