package data_test

import (
	"errors"
	"strings"
	"testing"

	"jiedao/data"
)

func TestParseUSCC(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    string // normalized code when accepted
		key     string // error key; "" means accepted
		warning string // warning key expected
		args    map[string]any
	}{
		{name: "valid, letters in the organization code", in: "91350100M000100Y43", want: "91350100M000100Y43"},
		{name: "valid, letter check character", in: "91440300708461136T", want: "91440300708461136T"},
		{name: "valid foundation code", in: "53100000500021676K", want: "53100000500021676K"},
		{name: "check value 0 is the character 0", in: "511101055000000120", want: "511101055000000120"},
		{name: "lowercase and blanks normalized", in: " 9135 0100 m000 100y43\u3000", want: "91350100M000100Y43"},
		{name: "full-width and Excel apostrophe", in: "'９１３５０１００Ｍ０００１００ｙ４３", want: "91350100M000100Y43"},
		{name: "pilot code: wrong check character only warns", in: "91350100M000100Y44", want: "91350100M000100Y44",
			warning: data.KeyUSCCCheckWarning, args: map[string]any{"Expected": "3"}},
		{name: "empty", in: " ", key: data.KeyInvalidRequired},
		{name: "too short", in: "91350100M000100Y4", key: data.KeyUSCCLength, args: map[string]any{"Length": 17}},
		{name: "too long", in: "91350100M000100Y433", key: data.KeyUSCCLength, args: map[string]any{"Length": 19}},
		{name: "letter O is not used", in: "91350100MO00100Y43", key: data.KeyUSCCChars, args: map[string]any{"Position": 10, "Char": "O", "Suggest": "0"}},
		{name: "lowercase s is an S, not used", in: "91350100M000100s43", key: data.KeyUSCCChars, args: map[string]any{"Position": 16, "Char": "S", "Suggest": "5"}},
		{name: "Han character", in: "91350100M000100中43", key: data.KeyUSCCChars, args: map[string]any{"Position": 16, "Char": "中", "Suggest": ""}},
		{name: "punctuation", in: "91350100-000100Y43", key: data.KeyUSCCChars, args: map[string]any{"Position": 9, "Char": "-"}},
		{name: "registration authority B", in: "B1350100M000100Y43", key: data.KeyUSCCAuthority, args: map[string]any{"Char": "B"}},
		{name: "registration authority 0", in: "01350100M000100Y43", key: data.KeyUSCCAuthority, args: map[string]any{"Char": "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, warnings, err := data.ParseUSCC(tc.in)
			if tc.key != "" {
				var e *data.Error
				if !errors.As(err, &e) || e.Key != tc.key {
					t.Fatalf("err = %v, want key %s", err, tc.key)
				}
				if !errors.Is(err, data.ErrInvalid) {
					t.Errorf("errors.Is(err, ErrInvalid) = false")
				}
				for k, v := range tc.args {
					if e.Args[k] != v {
						t.Errorf("Args[%s] = %v, want %v", k, e.Args[k], v)
					}
				}
				if msg := e.Error(); strings.Contains(msg, "<no value>") || strings.Contains(msg, "error.") {
					t.Errorf("message %q", msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseUSCC(%q): %v", tc.in, err)
			}
			if code != tc.want {
				t.Errorf("code = %q, want %q", code, tc.want)
			}
			switch {
			case tc.warning == "" && len(warnings) > 0:
				t.Errorf("warnings = %+v", warnings)
			case tc.warning != "":
				if len(warnings) != 1 || warnings[0].Key != tc.warning {
					t.Fatalf("warnings = %+v, want %s", warnings, tc.warning)
				}
				for k, v := range tc.args {
					if warnings[0].Args[k] != v {
						t.Errorf("warning Args[%s] = %v, want %v", k, warnings[0].Args[k], v)
					}
				}
			}
		})
	}
}

// TestUSCCCheckChar checks every remainder: each of the 31 check values
// (0 included, where a naive table lookup overflows) gives a character of
// the alphabet that ParseUSCC then accepts without warning.
func TestUSCCCheckChar(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	seen := map[byte]bool{}
	// Varying the 17th character (weight 28, invertible mod 31) walks the
	// sum through every remainder.
	for _, c := range alphabet {
		first17 := "5211010550000001" + string(c)
		check := data.USCCCheckChar(first17)
		if check == 0 || !strings.ContainsRune(alphabet, rune(check)) {
			t.Fatalf("USCCCheckChar(%s) = %q", first17, check)
		}
		seen[check] = true
		if _, w, err := data.ParseUSCC(first17 + string(check)); err != nil || len(w) > 0 {
			t.Errorf("ParseUSCC(%s%c) = %v, %v", first17, check, w, err)
		}
	}
	if len(seen) != 31 {
		t.Errorf("%d distinct check characters, want 31", len(seen))
	}
	if got := data.USCCCheckChar("51110105500000012"); got != '0' {
		t.Errorf("check value 0: got %q, want '0'", got)
	}
	if got := data.USCCCheckChar("5111010550000001I"); got != 0 {
		t.Errorf("excluded letter: got %q, want 0", got)
	}
}
