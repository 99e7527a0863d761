package app

import (
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
