package data

// Money is an int64 number of fen (分, 0.01 yuan), never a float: amounts
// are added, split into payment milestones and compared exactly. This file
// prints them ("¥12,345.67" and the capitals of contracts and receipts) and
// reads them from form input.

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of ParseYuan, for errors.Is; forms map them to their messages.
var (
	ErrAmountEmpty     = errors.New("no amount")
	ErrAmountSyntax    = errors.New("not an amount of money")
	ErrAmountPrecision = errors.New("more than two decimal places (the smallest unit is the fen)")
	ErrAmountRange     = errors.New("amount too large")
)

// magnitude returns |fen| without overflow for math.MinInt64.
func magnitude(fen int64) uint64 {
	if fen < 0 {
		return uint64(-(fen + 1)) + 1
	}
	return uint64(fen)
}

// Yuan formats fen as yuan with thousands separators and two decimals:
// 1234567 → "¥12,345.67", -5 → "-¥0.05".
func Yuan(fen int64) string {
	m := magnitude(fen)
	digits := fmt.Sprint(m / 100)
	var b strings.Builder
	if fen < 0 {
		b.WriteByte('-')
	}
	b.WriteString("¥")
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	fmt.Fprintf(&b, ".%02d", m%100)
	return b.String()
}

var (
	capDigits = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	capPlaces = [4]string{"", "拾", "佰", "仟"}
)

// Capitals writes fen in Chinese financial capitals (大写金额), without
// the "人民币" prefix (see YuanCapitals), following the rules for filling
// in bills and vouchers of the People's Bank of China (《支付结算办法》附件
// 《正确填写票据和结算凭证的基本规定》):
//
//   - whole yuan end in "整": 100010 元 → "壹拾万零壹拾元整", 0 → "零元整";
//   - an amount ending in 角 takes no "整" ("壹仟肆佰零玖元伍角"), one
//     with 分 never does;
//   - a zero between digits is written "零", once for a run of zeros, also
//     across 万 and 亿 ("壹亿零壹元整", "壹佰零伍万元整"); a zero 万 digit
//     followed by a non-zero 仟 digit is not ("壹拾万柒仟元");
//   - when the 元 digit or the 角 digit is zero and a smaller unit follows,
//     "零" is written after 元: ¥1,680.32 → "壹仟陆佰捌拾元零叁角贰分",
//     ¥325.04 → "叁佰贰拾伍元零肆分" (the rules allow leaving out the
//     first of these; writing it leaves no room to add a digit);
//   - under one yuan there is no "元": 0.50 → "伍角", 0.05 → "伍分";
//   - tens are written "壹拾", never a bare "拾".
//
// A negative amount is prefixed with "负".
func Capitals(fen int64) string {
	m := magnitude(fen)
	yuan, jiao, f := m/100, m/10%10, m%10
	var b strings.Builder
	if fen < 0 {
		b.WriteString("负")
	}
	if yuan > 0 {
		b.WriteString(capInt(yuan))
		b.WriteString("元")
	}
	if jiao == 0 && f == 0 {
		if yuan == 0 {
			b.WriteString("零元")
		}
		b.WriteString("整")
		return b.String()
	}
	if yuan > 0 && (yuan%10 == 0 || jiao == 0) {
		b.WriteString("零")
	}
	if jiao > 0 {
		b.WriteString(capDigits[jiao] + "角")
	}
	if f > 0 {
		b.WriteString(capDigits[f] + "分")
	}
	return b.String()
}

// YuanCapitals is Capitals with the "人民币" prefix that contracts print:
// 1234567 → "人民币壹万贰仟叁佰肆拾伍元陆角柒分".
func YuanCapitals(fen int64) string { return "人民币" + Capitals(fen) }

// capInt writes n > 0 in capitals: groups of four digits under 万 and 亿,
// recursively, so 10^16 reads "壹亿亿" and 5×10^12+3×10^8 "伍万零叁亿".
func capInt(n uint64) string {
	const wan, yi = 10000, 100000000
	switch {
	case n >= yi:
		return capSplit(capInt(n/yi), "亿", n%yi, yi/10)
	case n >= wan:
		return capSplit(cap4(n/wan), "万", n%wan, wan/10)
	}
	return cap4(n)
}

// capSplit joins the part above a unit with the rest below it; a rest
// whose first digit (of top) is zero is introduced by "零".
func capSplit(high, unit string, rest, top uint64) string {
	if rest == 0 {
		return high + unit
	}
	if rest < top {
		return high + unit + "零" + capInt(rest)
	}
	return high + unit + capInt(rest)
}

// cap4 writes 0 < n < 10000: "零" once for zeros between digits, nothing
// for trailing zeros.
func cap4(n uint64) string {
	var b strings.Builder
	zero := false
	for p, div := 3, uint64(1000); p >= 0; p, div = p-1, div/10 {
		d := n / div % 10
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		b.WriteString(capDigits[d] + capPlaces[p])
	}
	return b.String()
}

// ParseYuan reads an amount typed into a form and returns it in fen.
// Accepted: an optional sign, an optional ¥ or ￥ (before or after the
// sign), digits with or without thousands separators (which must then
// group by three), an optional decimal point with one or two digits, an
// optional trailing 元; full-width digits and punctuation (１２３，．) and
// surrounding blanks are fine. "12,345.67", "¥12345.6", "１２３", "-¥5",
// "100元" parse; "1.234", "1,23", ".5", "5.", "12a" do not.
func ParseYuan(s string) (int64, error) {
	t := strings.TrimSuffix(strings.TrimSpace(strings.Map(yuanRune, s)), "元")
	if t == "" {
		return 0, ErrAmountEmpty
	}
	t, neg := cutYuanSign(t)
	digits, err := yuanDigits(t)
	if err == nil {
		var fen int64
		if fen, err = fenOf(digits, neg); err == nil {
			return fen, nil
		}
	}
	return 0, fmt.Errorf("%w: %q", err, s)
}

// yuanRune maps the full-width digits and punctuation of an amount to
// ASCII, and ￥ to ¥.
func yuanRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return '0' + r - '０'
	case r == '，':
		return ','
	case r == '．':
		return '.'
	case r == '－' || r == '−':
		return '-'
	case r == '＋':
		return '+'
	case r == '￥':
		return '¥'
	}
	return r
}

// cutYuanSign drops the currency sign and the sign of the amount, in
// either order, and reports a minus.
func cutYuanSign(t string) (rest string, neg bool) {
	cur := false
	if strings.HasPrefix(t, "¥") {
		t, cur = strings.TrimSpace(strings.TrimPrefix(t, "¥")), true
	}
	if t != "" && (t[0] == '-' || t[0] == '+') {
		t, neg = t[1:], t[0] == '-'
	}
	if !cur && strings.HasPrefix(t, "¥") {
		t = strings.TrimSpace(strings.TrimPrefix(t, "¥"))
	}
	return t, neg
}

// yuanDigits returns the digits of an unsigned amount in fen: the yuan
// without their thousands separators, then two digits of fen.
func yuanDigits(t string) (string, error) {
	intPart, frac, hasDot := strings.Cut(t, ".")
	if hasDot && (frac == "" || strings.Trim(frac, "0123456789") != "") {
		return "", ErrAmountSyntax
	}
	if hasDot && len(frac) > 2 {
		return "", ErrAmountPrecision
	}
	intPart, ok := ungroupThousands(intPart)
	if !ok || intPart == "" || strings.Trim(intPart, "0123456789") != "" {
		return "", ErrAmountSyntax
	}
	for len(frac) < 2 {
		frac += "0"
	}
	return intPart + frac, nil
}

// ungroupThousands drops the thousands separators of the yuan, which
// must group them by three; false when they do not.
func ungroupThousands(intPart string) (string, bool) {
	if !strings.Contains(intPart, ",") {
		return intPart, true
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// fenOf is the amount of ASCII digits in fen, negated when neg;
// ErrAmountRange when it does not fit an int64.
func fenOf(digits string, neg bool) (int64, error) {
	const limit = uint64(1) << 63 // |MinInt64|; MaxInt64 is one less
	var m uint64
	for _, c := range digits {
		d := uint64(c - '0')
		if m > (limit-d)/10 {
			return 0, ErrAmountRange
		}
		m = m*10 + d
	}
	if neg {
		return -int64(m-1) - 1, nil
	}
	if m >= limit {
		return 0, ErrAmountRange
	}
	return int64(m), nil
}
