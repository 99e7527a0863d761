// Package assets holds everything Jiedao needs at run time, embedded so that
// the program looks and prints the same on every machine: the CJK fonts for
// the window and for PDFs, the icon and the translations.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed fonts/*.ttf
var fonts embed.FS

// Translations holds the zh and en translation files for fyne's lang package.
//
//go:embed translations/*.json
var Translations embed.FS

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// Font names, as files under fonts/.
const (
	SansRegular  = "NotoSansSC-Regular.ttf"  // window text
	SansBold     = "NotoSansSC-Bold.ttf"     // bold window text, PDF headings
	SerifRegular = "NotoSerifSC-Regular.ttf" // PDF body (Song style)
	ExtB         = "HanaMinB-Ext.ttf"        // outlines of characters outside the BMP
)

// Font returns the bytes of one embedded font; name is one of the constants
// above.
func Font(name string) []byte {
	b, err := fonts.ReadFile("fonts/" + name)
	if err != nil {
		panic("assets: missing embedded font " + name) // a build defect, caught by tests
	}
	return b
}
