package i18n

import (
	"testing"

	"fyne.io/fyne/v2/lang"
)

func TestSetupLanguage(t *testing.T) {
	for _, tc := range []struct {
		pref, settings, cancel string
	}{
		{"zh", "设置", "取消"},
		{"en", "Settings", "Cancel"},
	} {
		if err := SetupLanguage(tc.pref); err != nil {
			t.Fatal(err)
		}
		if got := lang.L("Settings"); got != tc.settings {
			t.Errorf("%s: Settings = %q, want %q", tc.pref, got, tc.settings)
		}
		// Fyne's own strings (dialog buttons) follow too.
		if got := lang.L("Cancel"); got != tc.cancel {
			t.Errorf("%s: Cancel = %q, want %q", tc.pref, got, tc.cancel)
		}
	}
	if err := SetupLanguage("fr"); err == nil {
		t.Error(`SetupLanguage("fr") gave no error`)
	}
}

func TestSystemLanguage(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{map[string]string{"LANG": "C.UTF-8"}, "zh"},
		{map[string]string{"LANG": ""}, "zh"},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "en_GB"}, "en"},
	} {
		for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
			t.Setenv(k, tc.env[k])
		}
		if got := systemLanguage(); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.env, got, tc.want)
		}
	}
}
