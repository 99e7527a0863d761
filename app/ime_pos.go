package app

// Where the input method's windows go: the conversion from a text field's
// caret, in Fyne's coordinates, to the window's client pixels that IMM32
// takes. It is a pure function so that it is tested on every system; the
// tracker (ime.go) reads its inputs from the focused field and the window,
// and the Windows code (ime_windows.go) hands the result to IMM32.

import (
	"image"
	"math"

	"fyne.io/fyne/v2"
)

// caretGeometry is what the placement is computed from. All of it is in
// Fyne's coordinates except PixelScale.
type caretGeometry struct {
	// Field is the field's top-left on the canvas
	// (Driver.AbsolutePositionForObject).
	Field fyne.Position
	// Content is where the field's text area sits inside the field: for
	// a widget.Entry the leading inset (its icon) across and the input
	// border down.
	Content fyne.Position
	// Viewport is the size of the visible text area; zero means "do not
	// clip".
	Viewport fyne.Size
	// Caret is the caret's top-left in the text's own coordinates, as
	// the field's text metrics place its row and column: for a
	// widget.Entry, Entry.CursorPosition, which measures the caret row's
	// text before the caret in the field's font (wrapped rows and
	// password dots included) and adds a row height per row above.
	Caret fyne.Position
	// Scroll is how far the text is scrolled inside the field (a long
	// line across, a tall multi-line text down).
	Scroll fyne.Position
	// LineHeight is the height of one row of text, TextSize the font's
	// size: both in Fyne units.
	LineHeight, TextSize float32
	// PixelScale is how many window pixels one Fyne unit is: the
	// canvas's scale (Fyne's own scale setting times the monitor's,
	// which follows Windows' display scale of 100/125/150 % and changes
	// when the window moves to another monitor) times the framebuffer's
	// pixels per window pixel (1 on Windows). Jiedao's process is
	// per-monitor DPI aware (GLFW makes it so), and IMM32 takes client
	// coordinates in the window's own pixels, so there is no second
	// display-scale factor.
	PixelScale float32
}

// imePlacement is where the input method's windows go, in client pixels
// of the window.
type imePlacement struct {
	// Caret is the caret's top-left: the composition window's point and
	// the system caret's position.
	Caret image.Point
	// Line is the caret's row across the visible text area: the
	// candidate window is kept off it (CFS_EXCLUDE), so it opens below
	// (or, at the screen's bottom, above) the text being typed.
	Line image.Rectangle
	// FontHeight is the field's font size in pixels, for the
	// composition window's font.
	FontHeight int32
}

// placeIME converts the caret of a text field to window pixels. A caret
// scrolled out of sight (the clerk scrolled the field with the wheel) is
// kept at the visible edge, so the windows stay over the field.
func placeIME(g caretGeometry) imePlacement {
	scale := g.PixelScale
	if scale <= 0 {
		scale = 1
	}
	x := g.Caret.X - g.Scroll.X
	y := g.Caret.Y - g.Scroll.Y
	if g.Viewport.Width > 0 {
		x = clamp(x, 0, g.Viewport.Width)
	}
	if g.Viewport.Height > 0 {
		y = clamp(y, 0, max(0, g.Viewport.Height-g.LineHeight))
	}
	left := g.Field.X + g.Content.X
	top := g.Field.Y + g.Content.Y
	width := g.Viewport.Width
	if width <= 0 {
		width = x
	}
	px := func(v float32) int { return int(math.Round(float64(v * scale))) }
	caret := image.Pt(px(left+x), px(top+y))
	return imePlacement{
		Caret:      caret,
		Line:       image.Rect(px(left), caret.Y, px(left+width), px(top+y+g.LineHeight)),
		FontHeight: int32(px(g.TextSize)),
	}
}

func clamp(v, lo, hi float32) float32 {
	return min(max(v, lo), hi)
}
