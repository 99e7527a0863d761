package data

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalizeName(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "王小明", "王小明"},
		{"trim blanks", " \t王小明\u00a0\u3000", "王小明"},
		{"trim zero-width and BOM", "\ufeff\u200b王小明\u200d\u2060", "王小明"},
		{"zero-width inside", "王\u200b小\u200c明", "王小明"},
		{"space inside Han name", "王 小明", "王小明"},
		{"ideographic space inside", "王\u3000\u3000小明", "王小明"},
		{"compound surname spaced", "欧阳 娜娜", "欧阳娜娜"},
		{"non-BMP kept", " 𠮷 祥 ", "𠮷祥"},
		{"non-BMP alone", "𠮷", "𠮷"},
		{"variation selector kept", "葛\U000E0100 优", "葛\U000E0100优"},
		{"private use kept", "王\ue000明", "王\ue000明"},
		{"middle dot", "阿依古丽·买买提", "阿依古丽·买买提"},
		{"bullet", "阿依古丽•买买提", "阿依古丽·买买提"},
		{"hyphenation point", "阿依古丽‧买买提", "阿依古丽·买买提"},
		{"full-width stop", "阿依古丽．买买提", "阿依古丽·买买提"},
		{"katakana dot", "阿依古丽・买买提", "阿依古丽·买买提"},
		{"half-width katakana dot", "阿依古丽･买买提", "阿依古丽·买买提"},
		{"dot operator", "阿依古丽⋅买买提", "阿依古丽·买买提"},
		{"U+2027", "阿依古丽\u2027买买提", "阿依古丽·买买提"},
		{"spaced dot", "阿依古丽 • 买买提", "阿依古丽·买买提"},
		{"doubled dot", "阿依古丽··买买提", "阿依古丽·买买提"},
		{"ASCII stop between Han", "阿依古丽.买买提", "阿依古丽·买买提"},
		{"three parts", "爱新觉罗•溥 · 仪", "爱新觉罗·溥·仪"},
		{"long name with space", "阿依古丽 买买提", "阿依古丽 买买提"},
		{"Latin collapse", "  John   Smith ", "John Smith"},
		{"Latin tab", "John\tSmith", "John Smith"},
		{"Latin abbreviation", "J. Smith", "J. Smith"},
		{"Latin abbreviation spaces", "J.  R.  Smith", "J. R. Smith"},
		{"Latin with middle dot", "Maria•Garcia", "Maria·Garcia"},
		{"mixed Han Latin", "王 John", "王 John"},
		{"full-width Latin", "ＪＯＨＮ　ｓｍｉｔｈ", "JOHN smith"},
		{"leading dot kept", "·王", "·王"},
		{"trailing dot kept", "王 •", "王•"},
		{"only blanks", " \u3000\u200b ", ""},
		{"empty", "", ""},
		{"control chars", "王\x00小\x07明", "王小明"},
		{"newline inside", "王\n小明", "王小明"},
		{"invalid UTF-8", "王\xff明", "王\ufffd明"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := NormalizeName(tc.in)
			if got != tc.want {
				t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := NormalizeName(got); again != got {
				t.Errorf("not idempotent: %q → %q → %q", tc.in, got, again)
			}
		})
	}
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{
		"王小明", " 王 小明 ", "阿依古丽 • 买买提", "𠮷祥", "John  Smith", "J. R. Smith", "\ufeff欧阳\u200b娜娜",
		"王\xff明", "·王·", "葛\U000E0100 优", "ＪＯＨＮ", "王 \u0301 李", "a . . b", "王.John",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeName(s)
		if !utf8.ValidString(got) {
			t.Fatalf("NormalizeName(%q) = %q is not valid UTF-8", s, got)
		}
		if again := NormalizeName(got); again != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
		}
		// Letters outside the BMP (rare Han characters) are never dropped.
		count := func(s string) map[rune]int {
			m := map[rune]int{}
			for _, r := range s {
				if r > 0xFFFF && unicode.IsLetter(r) {
					m[r]++
				}
			}
			return m
		}
		out := count(got)
		for r, n := range count(s) {
			if out[r] != n {
				t.Fatalf("NormalizeName(%q) = %q: %U appears %d times, want %d", s, got, r, out[r], n)
			}
		}
	})
}
