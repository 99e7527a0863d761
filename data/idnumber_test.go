package data

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// withCheck appends the check character to 17 digits.
func withCheck(first17 string) string { return first17 + string(IDCheckChar(first17)) }

var idToday = time.Date(2025, 6, 15, 10, 0, 0, 0, time.Local)

func TestIDCheckChar(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want byte
	}{
		{"11010519491231002", 'X'}, // the example of GB 11643-1999
		{"11010119900307123", '3'},
		{"44030420000229002", '2'},
		{"1101011990030712", 0},   // too short
		{"1101011990030712A", 0},  // not a digit
		{"110101199003071234", 0}, // too long
	} {
		if got := IDCheckChar(tc.in); got != tc.want {
			t.Errorf("IDCheckChar(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeIDNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"11010519491231002X", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{"  11010519491231002X\t\n", "11010519491231002X"},
		{"\u00a011010519491231002X\u3000", "11010519491231002X"},
		{"\ufeff\u200b11010519491231002X\u200b", "11010519491231002X"},
		{"'11010519491231002X", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"110105 19491231 002X", "11010519491231002X"},
		{"", ""},
		{"1101'05", "1101'05"}, // only a leading apostrophe is Excel's
	} {
		if got := NormalizeIDNumber(tc.in); got != tc.want {
			t.Errorf("NormalizeIDNumber(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseIDNumberValid(t *testing.T) {
	for _, tc := range []struct {
		name, in, number, birth, sex, province string
		foreigner                              bool
		warnings                               []string
	}{
		{"X check char", "11010519491231002X", "11010519491231002X", "1949-12-31", "女", "北京", false, nil},
		{"lowercase x", "11010519491231002x", "11010519491231002X", "1949-12-31", "女", "北京", false, nil},
		{"full-width", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", "1949-12-31", "女", "北京", false, nil},
		{"pasted with blanks", "\ufeff 11010519491231002X\u00a0", "11010519491231002X", "1949-12-31", "女", "北京", false, nil},
		{"man", "110101199003071233", "110101199003071233", "1990-03-07", "男", "北京", false, nil},
		{"leap day 2000", "440304200002290022", "440304200002290022", "2000-02-29", "女", "广东", false, nil},
		{"leap day 2024", withCheck("33010220240229005"), withCheck("33010220240229005"), "2024-02-29", "男", "浙江", false, nil},
		{"born today", withCheck("31011520250615001"), withCheck("31011520250615001"), "2025-06-15", "男", "上海", false, nil},
		{"15-digit upgrade", "110105491231002", "11010519491231002X", "1949-12-31", "女", "北京", false, []string{KeyIDUpgradedNote}},
		{"15-digit man", "310115880808001", withCheck("31011519880808001"), "1988-08-08", "男", "上海", false, []string{KeyIDUpgradedNote}},
		{"Hong Kong permit", withCheck("81000019900307123"), withCheck("81000019900307123"), "1990-03-07", "男", "香港", false, nil},
		{"Taiwan permit", withCheck("83000019900307124"), withCheck("83000019900307124"), "1990-03-07", "女", "台湾", false, nil},
		{"foreigner", withCheck("91184019900307123"), withCheck("91184019900307123"), "1990-03-07", "男", "北京", true, nil},
		{"provincial county", withCheck("46900519900307123"), withCheck("46900519900307123"), "1990-03-07", "男", "海南", false, nil},
		{"odd region", withCheck("11000019900307123"), withCheck("11000019900307123"), "1990-03-07", "男", "北京", false, []string{KeyIDRegionWarning}},
		{"1850", withCheck("11010118500101001"), withCheck("11010118500101001"), "1850-01-01", "男", "北京", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, warns, err := ParseIDNumber(tc.in, idToday)
			if err != nil {
				t.Fatalf("ParseIDNumber(%q): %v", tc.in, err)
			}
			if id.Number != tc.number || id.BirthDate.Format("2006-01-02") != tc.birth || id.Sex != tc.sex ||
				id.Province != tc.province || id.Foreigner != tc.foreigner {
				t.Errorf("ParseIDNumber(%q) = %+v, want %s %s %s %s foreigner=%v", tc.in, id, tc.number, tc.birth, tc.sex, tc.province, tc.foreigner)
			}
			var keys []string
			for _, w := range warns {
				keys = append(keys, w.Key)
			}
			if strings.Join(keys, ",") != strings.Join(tc.warnings, ",") {
				t.Errorf("warnings %v, want %v", keys, tc.warnings)
			}
		})
	}
}

func TestParseIDNumberInvalid(t *testing.T) {
	good := "110101199003071233"
	for _, tc := range []struct {
		name, in, key string
		args          map[string]any
	}{
		{"empty", "", KeyIDEmpty, nil},
		{"blanks only", " \u3000 ", KeyIDEmpty, nil},
		{"17 chars", good[:17], KeyIDLength, map[string]any{"Length": 17}},
		{"19 chars", good + "1", KeyIDLength, map[string]any{"Length": 19}},
		{"16 chars", good[:16], KeyIDLength, map[string]any{"Length": 16}},
		{"letter inside", "1101011990O3071233", KeyIDChars, map[string]any{"Position": 11, "Char": "O"}},
		{"X inside", "11010119900307X233", KeyIDChars, map[string]any{"Position": 15, "Char": "X"}},
		{"bad last char", "11010119900307123Y", KeyIDChars, map[string]any{"Position": 18, "Char": "Y"}},
		{"Han last char", "11010119900307123号", KeyIDChars, map[string]any{"Position": 18, "Char": "号"}},
		{"15 with X", "11010549123100X", KeyIDChars, map[string]any{"Position": 15, "Char": "X"}},
		{"checksum", "110101199003071234", KeyIDChecksum, map[string]any{"Expected": "3"}},
		{"checksum X", "110105194912310021", KeyIDChecksum, map[string]any{"Expected": "X"}},
		{"Feb 29 non-leap", withCheck("11010119900229123"), KeyIDDate, map[string]any{"Date": "1990-02-29"}},
		{"Feb 29 1900", withCheck("11010119000229123"), KeyIDDate, map[string]any{"Date": "1900-02-29"}},
		{"month 13", withCheck("11010119901301123"), KeyIDDate, map[string]any{"Date": "1990-13-01"}},
		{"month 0", withCheck("11010119900001123"), KeyIDDate, map[string]any{"Date": "1990-00-01"}},
		{"day 0", withCheck("11010119900100123"), KeyIDDate, map[string]any{"Date": "1990-01-00"}},
		{"April 31", withCheck("11010119900431123"), KeyIDDate, map[string]any{"Date": "1990-04-31"}},
		{"15-digit bad date", "110105490230002", KeyIDDate, map[string]any{"Date": "1949-02-30"}},
		{"tomorrow", withCheck("11010120250616123"), KeyIDFuture, map[string]any{"Date": "2025-06-16"}},
		{"next century", withCheck("11010121250101123"), KeyIDFuture, map[string]any{"Date": "2125-01-01"}},
		{"too old", withCheck("11010118491231123"), KeyIDTooOld, map[string]any{"Date": "1849-12-31"}},
		{"province 00", withCheck("00010119900307123"), KeyIDProvince, map[string]any{"Code": "00"}},
		{"province 10", withCheck("10010119900307123"), KeyIDProvince, map[string]any{"Code": "10"}},
		{"province 66", withCheck("66010119900307123"), KeyIDProvince, map[string]any{"Code": "66"}},
		{"province 84", withCheck("84000019900307123"), KeyIDProvince, map[string]any{"Code": "84"}},
		{"15-digit 9", "911840900307123", KeyIDProvince, map[string]any{"Code": "91"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseIDNumber(tc.in, idToday)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseIDNumber(%q) error = %v, want *Error %s", tc.in, err, tc.key)
			}
			if e.Key != tc.key {
				t.Fatalf("ParseIDNumber(%q) key = %s, want %s", tc.in, e.Key, tc.key)
			}
			for k, v := range tc.args {
				if e.Args[k] != v {
					t.Errorf("arg %s = %v, want %v", k, e.Args[k], v)
				}
			}
		})
	}
}

func TestIDMessagesComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, m := range idMessages {
		if m.ZH == "" || m.EN == "" {
			t.Errorf("%s: missing text", m.Key)
		}
		keys[m.Key] = true
	}
	// Registered where data.Error renders from, Args filled in.
	_, _, err := ParseIDNumber("110105194912310021", idToday)
	if got := err.Error(); got != "身份证号码校验位错误，应为 X，请核对号码是否抄错" {
		t.Errorf("rendered %q", got)
	}
	if got := Render(KeyIDLength, "en", map[string]any{"Length": 17}); !strings.Contains(got, "this one has 17") {
		t.Errorf("rendered %q", got)
	}
	for _, k := range []string{KeyIDEmpty, KeyIDLength, KeyIDChars, KeyIDChecksum, KeyIDDate, KeyIDFuture,
		KeyIDTooOld, KeyIDProvince, KeyIDForeignerProvince, KeyIDRegionWarning, KeyIDUpgradedNote} {
		if !keys[k] {
			t.Errorf("no message for %s", k)
		}
	}
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", "110105491231002", "１１０１０５１９４９１２３１００２Ｘ",
		"440304200002290022", "91184019900307123X", "", "'110101199003071233", "11010119900229123\u200b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, _, err := ParseIDNumber(s, idToday)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Key == "" {
				t.Fatalf("ParseIDNumber(%q): error %v is not a keyed *Error", s, err)
			}
			return
		}
		n := id.Number
		if len(n) != 18 || !utf8.ValidString(n) {
			t.Fatalf("ParseIDNumber(%q).Number = %q", s, n)
		}
		if IDCheckChar(n[:17]) != n[17] {
			t.Fatalf("ParseIDNumber(%q).Number = %q has a wrong check character", s, n)
		}
		again, _, err := ParseIDNumber(n, idToday)
		if err != nil || again != id {
			t.Fatalf("re-parsing %q: %+v, %v; first %+v", n, again, err, id)
		}
		if id.Sex != "男" && id.Sex != "女" {
			t.Fatalf("sex %q", id.Sex)
		}
		if id.BirthDate.After(idToday) || id.BirthDate.Before(earliestBirth) {
			t.Fatalf("birth date %v out of range", id.BirthDate)
		}
	})
}
