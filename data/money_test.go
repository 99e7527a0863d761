package data

import (
	"errors"
	"math"
	"testing"
)

func TestMoneyYuan(t *testing.T) {
	for _, c := range []struct {
		fen  int64
		want string
	}{
		{0, "¥0.00"},
		{5, "¥0.05"},
		{50, "¥0.50"},
		{100, "¥1.00"},
		{99999, "¥999.99"},
		{100000, "¥1,000.00"},
		{1234567, "¥12,345.67"},
		{-1234567, "-¥12,345.67"},
		{-5, "-¥0.05"},
		{10000000000, "¥100,000,000.00"},
		{math.MaxInt64, "¥92,233,720,368,547,758.07"},
		{math.MinInt64, "-¥92,233,720,368,547,758.08"},
	} {
		if got := Yuan(c.fen); got != c.want {
			t.Errorf("Yuan(%d) = %q, want %q", c.fen, got, c.want)
		}
	}
}

func TestMoneyCapitals(t *testing.T) {
	const yuan = 100
	for _, c := range []struct {
		fen  int64
		want string
	}{
		{0, "零元整"},
		{1, "壹分"},
		{10, "壹角"},
		{50, "伍角"},
		{55, "伍角伍分"},
		{1 * yuan, "壹元整"},
		{105, "壹元零伍分"},
		{110, "壹元壹角"},
		{10 * yuan, "壹拾元整"},
		{1050, "壹拾元零伍角"},
		{1001, "壹拾元零壹分"},
		{15 * yuan, "壹拾伍元整"},
		{101 * yuan, "壹佰零壹元整"},
		{110 * yuan, "壹佰壹拾元整"},
		{1001 * yuan, "壹仟零壹元整"},
		{1010 * yuan, "壹仟零壹拾元整"},
		{1100 * yuan, "壹仟壹佰元整"},
		{140950, "壹仟肆佰零玖元伍角"},       // 《支付结算办法》 examples
		{600714, "陆仟零柒元壹角肆分"},       //
		{168032, "壹仟陆佰捌拾元零叁角贰分"},    //
		{10700053, "壹拾万柒仟元零伍角叁分"},   //
		{1640902, "壹万陆仟肆佰零玖元零贰分"},   //
		{32504, "叁佰贰拾伍元零肆分"},        //
		{1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"}, // the design doc's example
		{10000 * yuan, "壹万元整"},
		{10001 * yuan, "壹万零壹元整"},
		{10010 * yuan, "壹万零壹拾元整"},
		{100010 * yuan, "壹拾万零壹拾元整"},
		{101000 * yuan, "壹拾万壹仟元整"},
		{1050000 * yuan, "壹佰零伍万元整"},
		{10000000 * yuan, "壹仟万元整"},
		{10000001 * yuan, "壹仟万零壹元整"},
		{100000000 * yuan, "壹亿元整"},
		{100000001 * yuan, "壹亿零壹元整"},
		{100010000 * yuan, "壹亿零壹万元整"},
		{110000000 * yuan, "壹亿壹仟万元整"},
		{100100000 * yuan, "壹亿零壹拾万元整"},
		{1000000000 * yuan, "壹拾亿元整"},
		{1002003004 * yuan, "壹拾亿零贰佰万叁仟零肆元整"},
		{500030000000 * yuan, "伍仟亿叁仟万元整"},
		{500003000000 * yuan, "伍仟亿零叁佰万元整"},
		{5000300000000 * yuan, "伍万零叁亿元整"},
		{1000000000000 * yuan, "壹万亿元整"},
		{10000000000000000 * yuan / 100, "壹佰万亿元整"},
		{-150, "负壹元伍角"},
		{math.MaxInt64, "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"},
		{math.MinInt64, "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"},
	} {
		if got := Capitals(c.fen); got != c.want {
			t.Errorf("Capitals(%d) = %q, want %q", c.fen, got, c.want)
		}
	}
	if got, want := YuanCapitals(1234567), "人民币壹万贰仟叁佰肆拾伍元陆角柒分"; got != want {
		t.Errorf("YuanCapitals = %q, want %q", got, want)
	}
}

func TestMoneyParseYuan(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"12,345.67", 1234567},
		{"¥12345.6", 1234560},
		{"￥12,345.60", 1234560},
		{"１２３", 12300},
		{"１２，３４５．６７", 1234567},
		{" 100元 ", 10000},
		{"\u3000１００\u3000", 10000},
		{"-¥5", -500},
		{"¥-5.05", -505},
		{"+3", 300},
		{"¥ 1,000", 100000},
		{"0.01", 1},
		{"007", 700},
		{"92233720368547758.07", math.MaxInt64},
		{"-92233720368547758.08", math.MinInt64},
	} {
		got, err := ParseYuan(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want error
	}{
		{"", ErrAmountEmpty},
		{"  ", ErrAmountEmpty},
		{"1.234", ErrAmountPrecision},
		{"0.001", ErrAmountPrecision},
		{"1,23", ErrAmountSyntax},
		{"1234,567", ErrAmountSyntax},
		{",123", ErrAmountSyntax},
		{".5", ErrAmountSyntax},
		{"5.", ErrAmountSyntax},
		{"12a", ErrAmountSyntax},
		{"1 000", ErrAmountSyntax},
		{"1.2.3", ErrAmountSyntax},
		{"--5", ErrAmountSyntax},
		{"¥¥5", ErrAmountSyntax},
		{"5-", ErrAmountSyntax},
		{"1e3", ErrAmountSyntax},
		{"壹佰元", ErrAmountSyntax},
		{"92233720368547758.08", ErrAmountRange},
		{"99999999999999999999", ErrAmountRange},
	} {
		got, err := ParseYuan(c.in)
		if !errors.Is(err, c.want) {
			t.Errorf("ParseYuan(%q) = %d, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// Every amount printed parses back to itself.
func TestMoneyRoundTrip(t *testing.T) {
	for _, fen := range []int64{0, 1, 99, 100, 123456789, -42, math.MaxInt64, math.MinInt64} {
		if got, err := ParseYuan(Yuan(fen)); err != nil || got != fen {
			t.Errorf("ParseYuan(Yuan(%d)) = %d, %v", fen, got, err)
		}
	}
}
