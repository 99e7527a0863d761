package data_test

import (
	"errors"
	"strings"
	"testing"

	"jiedao/data"
)

// refOrgCheck is the GB 11714 check character as public validators compute
// it: digits worth themselves, A-Z worth 10-35, weights 3 7 9 10 5 8 4 2,
// C = 11 − (Σ mod 11), written X for 10 and 0 for 11. refUSCCCheck is the
// GB 32100 one: values in the 31-character alphabet, weights 3^i mod 31.
// Both are written apart from the code they test.
func refOrgCheck(first8 string) byte {
	const values = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	weights := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 8 {
		sum += strings.IndexByte(values, first8[i]) * weights[i]
	}
	return "0123456789X0"[11-sum%11]
}

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func refUSCCCheck(first17 string) byte {
	sum, w := 0, 1
	for i := range 17 {
		sum += strings.IndexByte(usccAlphabet, first17[i]) * w
		w = w * 3 % 31
	}
	return usccAlphabet[(31-sum%31)%31]
}

// makeUSCC builds a sound code from a prefix (authority, category,
// division: 8 characters) and an organization code body (8 characters).
func makeUSCC(prefix, body string) string {
	first17 := prefix + body + string(refOrgCheck(body))
	return first17 + string(refUSCCCheck(first17))
}

// TestUSCCOrganizationCode checks the GB 11714 check character against the
// reference over bodies that walk every remainder, and that the codes of
// the table in TestParseUSCC (real organizations) carry a sound one.
func TestUSCCOrganizationCode(t *testing.T) {
	seen := map[byte]bool{}
	for _, c := range usccAlphabet {
		for _, d := range "0123456789" {
			body := "5000" + string(c) + "00" + string(d)
			got, want := data.OrgCodeCheckChar(body), refOrgCheck(body)
			if got != want {
				t.Fatalf("OrgCodeCheckChar(%s) = %q, reference %q", body, got, want)
			}
			seen[got] = true
		}
	}
	if len(seen) != 11 {
		t.Errorf("%d distinct check characters, want 11 (0-9 and X)", len(seen))
	}
	for _, code := range []string{"91350100M000100Y43", "91440300708461136T", "53100000500021676K"} {
		if data.OrgCodeCheckChar(code[8:16]) != code[16] {
			t.Errorf("%s: organization code %s not sound", code, code[8:17])
		}
	}
	if data.OrgCodeCheckChar("5000000") != 0 || data.OrgCodeCheckChar("5000000-") != 0 {
		t.Error("a short or punctuated body has a check character")
	}
}

// TestUSCCTypos mistypes every character of computed sound codes with
// every other character of the alphabet, as a clerk can. Each such code
// fails its own check (MOD 31-3 catches every single substitution). It is
// accepted with the pilot warning exactly when the organization code still
// checks out, and refused as probably mistyped otherwise; and a real pilot
// code — sound organization code, any other check character — always only
// warns.
func TestUSCCTypos(t *testing.T) {
	codes := []string{
		makeUSCC("52110105", "MJ000000"), // 社会服务机构, Beijing Dongcheng
		makeUSCC("51440300", "50012345"), // 社会团体, Shenzhen
		makeUSCC("53100000", "50002167"),
		makeUSCC("91350100", "M000100Y"),
	}
	for _, code := range codes {
		if _, w, err := data.ParseUSCC(code); err != nil || len(w) > 0 {
			t.Fatalf("sound code %s: %v %v", code, w, err)
		}
		var warned, refused int
		for pos := 1; pos < 18; pos++ { // the authority character has its own check
			for _, c := range usccAlphabet {
				if byte(c) == code[pos] {
					continue
				}
				typo := code[:pos] + string(c) + code[pos+1:]
				if strings.IndexByte("123456789ANY", typo[0]) < 0 {
					continue
				}
				_, w, err := data.ParseUSCC(typo)
				orgSound := refOrgCheck(typo[8:16]) == typo[16]
				want := string(refUSCCCheck(typo[:17]))
				var e *data.Error
				switch {
				case orgSound && (err != nil || len(w) != 1 || w[0].Key != data.KeyUSCCCheckWarning || w[0].Args["Expected"] != want):
					t.Errorf("%s (sound organization code): %v, %v; want the pilot warning", typo, w, err)
				case !orgSound && (!errors.As(err, &e) || e.Key != data.KeyUSCCMistyped || e.Args["Expected"] != want || !errors.Is(err, data.ErrInvalid)):
					t.Errorf("%s (organization code broken): %v, %v; want %s", typo, w, err, data.KeyUSCCMistyped)
				case orgSound:
					warned++
				default:
					refused++
				}
				if pos >= 8 && pos <= 15 && orgSound {
					// A substitution in the body keeps the organization
					// check only when the values differ by a multiple of 11.
					const values = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					a, b := strings.IndexByte(values, code[pos]), strings.IndexRune(values, c)
					if (a-b)%11 != 0 {
						t.Errorf("%s keeps the organization check with values %d, %d", typo, a, b)
					}
				}
			}
		}
		// Most typos among 9-17 are caught; those among 1-8 and 18 cannot be.
		if refused < 9*25 || warned == 0 {
			t.Errorf("%s: %d typos refused, %d warned", code, refused, warned)
		}
	}
	msg := data.Render(data.KeyUSCCMistyped, "zh", map[string]any{"Expected": "3"})
	if !strings.Contains(msg, "抄错") || !strings.Contains(msg, "3") {
		t.Errorf("zh message %q", msg)
	}
	if msg := data.Render(data.KeyUSCCMistyped, "en", map[string]any{"Expected": "3"}); !strings.Contains(msg, "mistyped") {
		t.Errorf("en message %q", msg)
	}
}
