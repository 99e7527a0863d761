//go:build !windows

package screens

import "testing"

func TestParseLpstatDefault(t *testing.T) {
	for _, tc := range []struct {
		name, out, want string
		ok              bool
	}{
		{"english", "system default destination: Office_HP\n", "Office_HP", true},
		{"chinese", "系统默认目标：办公室打印机\n", "办公室打印机", true},
		{"none", "no system default destination\n", "", false},
		{"empty", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseLpstatDefault(tc.out)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseLpstatDefault(%q) = %q, %v; want %q, %v", tc.out, got, ok, tc.want, tc.ok)
			}
		})
	}
}
