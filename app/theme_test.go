package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"jiedao/assets"
)

func TestThemeFonts(t *testing.T) {
	th := newTheme()
	for _, tc := range []struct {
		style fyne.TextStyle
		want  string
	}{
		{fyne.TextStyle{}, assets.SansRegular},
		{fyne.TextStyle{Bold: true}, assets.SansBold},
		{fyne.TextStyle{Bold: true, Italic: true}, assets.SansBold},
		{fyne.TextStyle{Italic: true}, assets.SansRegular},
		{fyne.TextStyle{Monospace: true}, assets.SansRegular},
	} {
		if got := th.Font(tc.style).Name(); got != tc.want {
			t.Errorf("%+v: font %s, want %s", tc.style, got, tc.want)
		}
	}
	if got := th.Font(fyne.TextStyle{Symbol: true}); got != theme.DefaultSymbolFont() {
		t.Errorf("symbols use %s, want Fyne's symbol font", got.Name())
	}
	if len(th.Font(fyne.TextStyle{Bold: true}).Content()) == len(th.Font(fyne.TextStyle{}).Content()) {
		t.Error("bold and regular are the same font file")
	}
}
