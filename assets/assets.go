// Package assets holds everything Jiedao needs at run time, embedded so that
// the program looks and prints the same on every machine: the CJK fonts for
// the window and for PDFs, the icon and the translations.
package assets

import "embed"

// The fonts are embedded gzip-compressed (fonts/*.ttf.gz, 37.0 MB for
// 62.2 MB of TrueType: Jiedao.exe stays under 80 MB) and inflated once
// into the user's cache folder (fontcache.go). They are byte slices, not
// an embed.FS, because FS.ReadFile copies.
var (
	//go:embed fonts/NotoSansSC-Regular.ttf.gz
	sansRegularGz []byte
	//go:embed fonts/NotoSansSC-Bold.ttf.gz
	sansBoldGz []byte
	//go:embed fonts/NotoSerifSC-Regular.ttf.gz
	serifRegularGz []byte
	//go:embed fonts/NotoSerifSC-Bold.ttf.gz
	serifBoldGz []byte
	//go:embed fonts/HanaMinB-Ext.ttf.gz
	extBGz []byte
	// SHA256SUMS holds the SHA-256 of each inflated font (sha256sum's
	// output), by which a cached copy is known to be the right one.
	//go:embed fonts/SHA256SUMS
	fontSums string
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

// Font names, as files under fonts/ (each embedded as NAME.gz).
const (
	SansRegular  = "NotoSansSC-Regular.ttf"  // window text
	SansBold     = "NotoSansSC-Bold.ttf"     // bold window text, PDF headings
	SerifRegular = "NotoSerifSC-Regular.ttf" // PDF body (Song style)
	SerifBold    = "NotoSerifSC-Bold.ttf"    // PDF titles (a heavy Song, as 小标宋)
	ExtB         = "HanaMinB-Ext.ttf"        // outlines of characters outside the BMP
)

// compressedFont returns the embedded gzip of one font, nil for an
// unknown name.
func compressedFont(name string) []byte {
	switch name {
	case SansRegular:
		return sansRegularGz
	case SansBold:
		return sansBoldGz
	case SerifRegular:
		return serifRegularGz
	case SerifBold:
		return serifBoldGz
	case ExtB:
		return extBGz
	}
	return nil
}
