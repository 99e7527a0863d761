// Package assets holds everything Jiedao needs at run time, embedded so that
// the program looks and prints the same on every machine: the CJK fonts for
// the window and for PDFs, the icon and the translations.
package assets

import "embed"

// The fonts are embedded as byte slices, not an embed.FS, because
// FS.ReadFile copies: 60 MB per read that nobody needs.
var (
	//go:embed fonts/NotoSansSC-Regular.ttf
	sansRegular []byte
	//go:embed fonts/NotoSansSC-Bold.ttf
	sansBold []byte
	//go:embed fonts/NotoSerifSC-Regular.ttf
	serifRegular []byte
	//go:embed fonts/NotoSerifSC-Bold.ttf
	serifBold []byte
	//go:embed fonts/HanaMinB-Ext.ttf
	extB []byte
)

// Translations holds the zh and en translation files for fyne's lang package.
//
//go:embed translations/*.json
var Translations embed.FS

//go:embed icon.png
var iconPNG []byte

// IconPNG returns the application icon, a PNG. The window makes its Fyne
// resource of it (package app): assets imports no Fyne, so that pdf,
// docx, sheet and data, which read fonts and translations here, link no
// GUI. The slice is shared: callers must not modify it.
func IconPNG() []byte { return iconPNG }

// Font names, as files under fonts/.
const (
	SansRegular  = "NotoSansSC-Regular.ttf"  // window text
	SansBold     = "NotoSansSC-Bold.ttf"     // bold window text, PDF headings
	SerifRegular = "NotoSerifSC-Regular.ttf" // PDF body (Song style)
	SerifBold    = "NotoSerifSC-Bold.ttf"    // PDF titles (a heavy Song, as 小标宋)
	ExtB         = "HanaMinB-Ext.ttf"        // outlines of characters outside the BMP
)

// Font returns the bytes of one embedded font; name is one of the constants
// above. The slice is shared: callers must not modify it (copy first if a
// library writes into its input).
func Font(name string) []byte {
	switch name {
	case SansRegular:
		return sansRegular
	case SansBold:
		return sansBold
	case SerifRegular:
		return serifRegular
	case SerifBold:
		return serifBold
	case ExtB:
		return extB
	}
	panic("assets: no embedded font " + name) // a programming error, caught by tests
}
