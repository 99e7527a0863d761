//go:build !windows

package app

import "fyne.io/fyne/v2"

// newIMEBackend: only Windows needs the input method placed by Jiedao, so
// elsewhere there is none and startIME starts nothing.
func newIMEBackend(fyne.Window) imeBackend { return nil }
