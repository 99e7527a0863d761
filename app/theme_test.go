package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"jiedao/assets"
	"jiedao/data"
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

// TestThemeDisabledReadable: disabled text (read-only records) stands
// further from the background than Fyne's default grey, and nearer than
// enabled text, in both variants.
func TestThemeDisabledReadable(t *testing.T) {
	th := newThemeFor(look{theme: data.ThemeSystem}) // both variants
	grey := func(c color.Color) int { r, _, _, _ := c.RGBA(); return int(r >> 8) }
	dist := func(a, b color.Color) int { return max(grey(a)-grey(b), grey(b)-grey(a)) }
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		ours := dist(th.Color(theme.ColorNameDisabled, v), bg)
		def := dist(theme.DefaultTheme().Color(theme.ColorNameDisabled, v), bg)
		fg := dist(th.Color(theme.ColorNameForeground, v), bg)
		if ours < 2*def || ours >= fg {
			t.Errorf("variant %v: disabled %d from the background, Fyne's %d, text %d", v, ours, def, fg)
		}
	}
}
