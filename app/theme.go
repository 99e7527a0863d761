package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"jiedao/assets"
	"jiedao/data"
)

// jiedaoTheme is Fyne's default theme with the embedded Noto Sans SC faces,
// so Chinese, Latin and digits render from one font on every machine
// (Fyne's own font has no Chinese, and system fallback fonts differ from PC
// to PC).
//
// It embeds Fyne's default theme and overrides only what Jiedao changes:
// the fonts, the variant the user chose (light unless the settings say
// otherwise: offices print and read on white), the text size, and the
// colour of read-only text.
type jiedaoTheme struct {
	fyne.Theme
	regular, bold fyne.Resource
	look          look
}

// look is what the settings choose of the window's appearance.
type look struct {
	theme    string // data.Settings.Theme: "" light, dark, system
	textSize string // data.Settings.TextSize: "" standard, large, xlarge
}

func lookOf(st data.Settings) look { return look{theme: st.Theme, textSize: st.TextSize} }

func newTheme() fyne.Theme { return newThemeFor(look{}) }

func newThemeFor(l look) fyne.Theme {
	return &jiedaoTheme{
		Theme:   theme.DefaultTheme(),
		regular: fyne.NewStaticResource(assets.SansRegular, assets.Font(assets.SansRegular)),
		bold:    fyne.NewStaticResource(assets.SansBold, assets.Font(assets.SansBold)),
		look:    l,
	}
}

// variant is the variant to draw in: the user's choice, or the system's
// (v, what Fyne asks with) when they chose to follow it.
func (t *jiedaoTheme) variant(v fyne.ThemeVariant) fyne.ThemeVariant {
	switch t.look.theme {
	case data.ThemeSystem:
		return v
	case data.ThemeDark:
		return theme.VariantDark
	}
	return theme.VariantLight
}

// textScale is how much larger than Fyne's the text is: 大 and 特大 are
// for officials who read small print with difficulty. 特大 at 1.3 keeps
// the forms within a 1366×768 screen (the list pages scroll).
func (t *jiedaoTheme) textScale() float32 {
	switch t.look.textSize {
	case data.TextLarge:
		return 1.15
	case data.TextXLarge:
		return 1.3
	}
	return 1
}

// Size scales the text sizes (and the icons set in text) by textScale.
func (t *jiedaoTheme) Size(name fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(name)
	switch name {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText,
		theme.SizeNameSubHeadingText, theme.SizeNameInlineIcon:
		return s * t.textScale()
	}
	return s
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
//
// On white, 0x5c grey is 6.9:1 against the background (WCAG AA asks 4.5:1
// of body text; Fyne's own is 1.3:1) and still lighter than the text.
func (t *jiedaoTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	v = t.variant(v)
	if name == theme.ColorNameDisabled {
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x9c, G: 0x9c, B: 0x9e, A: 0xff}
		}
		return color.NRGBA{R: 0x5c, G: 0x5c, B: 0x5c, A: 0xff}
	}
	return t.Theme.Color(name, v)
}
