package app

import (
	"testing"

	"jiedao/data/datatest"
)

func TestFormatDate(t *testing.T) {
	now := datatest.Epoch // the injected clock: 2026-11-25 10:15 CST
	for _, tc := range []struct{ lang, want, wantTime string }{
		{"zh", "2026年11月25日", "2026年11月25日 10:15"},
		{"en", "2026-11-25", "2026-11-25 10:15"},
	} {
		if err := SetupLanguage(tc.lang); err != nil {
			t.Fatal(err)
		}
		if got := FormatDate(now()); got != tc.want {
			t.Errorf("%s: FormatDate = %q, want %q", tc.lang, got, tc.want)
		}
		if got := FormatDate(now().AddDate(0, -10, -20)); tc.lang == "zh" && got != "2026年1月5日" {
			t.Errorf("zh: FormatDate(5 Jan) = %q, want 2026年1月5日", got)
		}
	}
}
