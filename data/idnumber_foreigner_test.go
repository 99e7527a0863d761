package data

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// refIDCheck is the MOD 11-2 check character of GB 11643 computed as a
// public validator writes it: weights 2^(17-i) mod 11, table "10X98765432".
// It is independent of IDCheckChar, so a vector it makes tests that too.
func refIDCheck(first17 string) string {
	sum := 0
	for i := 0; i < 17; i++ {
		w := 1
		for k := 0; k < 17-i; k++ {
			w = w * 2 % 11
		}
		sum += int(first17[i]-'0') * w
	}
	return string("10X98765432"[sum%11])
}

// gbProvinces are the province-level codes of GB/T 2260 (with 71 Taiwan and
// the 81, 82, 83 of the residence permits), as validators list them.
var gbProvinces = map[int]bool{
	11: true, 12: true, 13: true, 14: true, 15: true, 21: true, 22: true, 23: true,
	31: true, 32: true, 33: true, 34: true, 35: true, 36: true, 37: true,
	41: true, 42: true, 43: true, 44: true, 45: true, 46: true,
	50: true, 51: true, 52: true, 53: true, 54: true,
	61: true, 62: true, 63: true, 64: true, 65: true, 71: true, 81: true, 82: true, 83: true,
}

// TestForeignerProvince walks every two digits after a foreigner's leading
// 9: a number is accepted exactly when they are a province code (issued by
// Hong Kong, Macao or Taiwan codes only with a warning), and refused with
// KeyIDForeignerProvince naming them otherwise, as the first two digits of
// other numbers are checked.
func TestForeignerProvince(t *testing.T) {
	accepted := 0
	for p := 0; p < 100; p++ {
		// 840 is the country code of the United States in digits 4-6.
		number := fmt.Sprintf("9%02d84019900307123", p)
		number += refIDCheck(number)
		id, warns, err := ParseIDNumber(number, idToday)
		if !gbProvinces[p] {
			var e *Error
			if !errors.As(err, &e) || e.Key != KeyIDForeignerProvince || e.Args["Code"] != fmt.Sprintf("%02d", p) {
				t.Errorf("%s: err %v, want %s with Code %02d", number, err, KeyIDForeignerProvince, p)
			} else if e.Error() == "" {
				t.Errorf("%s: empty message", number)
			}
			continue
		}
		accepted++
		if err != nil || !id.Foreigner || id.Province != ProvinceName(fmt.Sprintf("%02d", p)) {
			t.Errorf("%s: %+v, %v", number, id, err)
			continue
		}
		if wantWarn := p >= 70; wantWarn != (len(warns) == 1 && warns[0].Key == KeyIDRegionWarning) {
			t.Errorf("%s: warnings %+v", number, warns)
		}
	}
	if accepted != len(gbProvinces) {
		t.Errorf("%d prefixes accepted, want %d", accepted, len(gbProvinces))
	}
	// The example of the issue: 990… is no province.
	if _, _, err := ParseIDNumber("99084019900307123"+refIDCheck("99084019900307123"), idToday); err == nil {
		t.Error("990… accepted")
	}
	if got := Render(KeyIDForeignerProvince, "zh", map[string]any{"Code": "90"}); got == KeyIDForeignerProvince || !containsAll(got, "90", "省") {
		t.Errorf("zh message %q", got)
	}
}

// TestIDCheckCharMatchesReference: IDCheckChar agrees with the validator's
// formula over numbers that walk every remainder.
func TestIDCheckCharMatchesReference(t *testing.T) {
	seen := map[byte]bool{}
	for i := 0; i < 200; i++ {
		first17 := fmt.Sprintf("1101011990030%04d", i)
		if got, want := string(IDCheckChar(first17)), refIDCheck(first17); got != want {
			t.Fatalf("IDCheckChar(%s) = %s, reference %s", first17, got, want)
		}
		seen[IDCheckChar(first17)] = true
	}
	if len(seen) != 11 {
		t.Errorf("%d distinct check characters, want 11", len(seen))
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
