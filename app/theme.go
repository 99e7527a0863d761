package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"jiedao/assets"
)

// jiedaoTheme is Fyne's default theme with the embedded Noto Sans SC faces,
// so Chinese, Latin and digits render from one font on every machine
// (Fyne's own font has no Chinese, and system fallback fonts differ from PC
// to PC).
type jiedaoTheme struct {
	fyne.Theme
	regular, bold fyne.Resource
}

func newTheme() fyne.Theme {
	return &jiedaoTheme{
		Theme:   theme.DefaultTheme(),
		regular: fyne.NewStaticResource(assets.SansRegular, assets.Font(assets.SansRegular)),
		bold:    fyne.NewStaticResource(assets.SansBold, assets.Font(assets.SansBold)),
	}
}

// Font returns the Noto face for style. There is no italic Noto Sans SC
// (Chinese is not set in italics), so italic uses the upright faces, and
// monospace uses the regular face too: a Latin-only monospace font would
// show Chinese in a monospaced field as boxes wherever the system has no
// fallback font. Symbols keep Fyne's symbol font, which has the glyphs
// for shortcut keys.
func (t *jiedaoTheme) Font(style fyne.TextStyle) fyne.Resource {
	switch {
	case style.Symbol:
		return t.Theme.Font(style)
	case style.Bold:
		return t.bold
	default:
		return t.regular
	}
}

// Color makes disabled text readable. Jiedao shows a signed agreement and
// finalized minutes in disabled fields, and officials read them there;
// Fyne's disabled grey is barely apart from the background (227 on white,
// 57 on near-black). Halfway between background and text it reads, and
// still shows as not editable.
func (t *jiedaoTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if name == theme.ColorNameDisabled {
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x8c, G: 0x8c, B: 0x8e, A: 0xff}
		}
		return color.NRGBA{R: 0x96, G: 0x96, B: 0x96, A: 0xff}
	}
	return t.Theme.Color(name, v)
}
