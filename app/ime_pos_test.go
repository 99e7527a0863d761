package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
)

func TestPlaceIME(t *testing.T) {
	// A field at (200, 100) with its text area 1 unit down (the input
	// border), 300×36 visible, rows 22 high, text size 14, the caret 7
	// down (the inner padding less the border), as in a one-line entry.
	base := caretGeometry{
		Field:      fyne.NewPos(200, 100),
		Content:    fyne.NewPos(0, 1),
		Viewport:   fyne.NewSize(300, 36),
		Caret:      fyne.NewPos(40, 7),
		LineHeight: 22,
		TextSize:   14,
		PixelScale: 1,
	}
	with := func(f func(g *caretGeometry)) caretGeometry {
		g := base
		f(&g)
		return g
	}
	tests := []struct {
		name string
		g    caretGeometry
		want imePlacement
	}{
		{"single line at 100 %", base,
			imePlacement{image.Pt(240, 108), image.Rect(200, 108, 500, 130), 14}},
		{"canvas scale 1.25 (Windows at 125 %)", with(func(g *caretGeometry) { g.PixelScale = 1.25 }),
			// (240, 108)×1.25; the line ends at 130×1.25 = 162.5, rounded away from zero
			imePlacement{image.Pt(300, 135), image.Rect(250, 135, 625, 163), 18}},
		{"canvas scale 1.5 (Windows at 150 %)", with(func(g *caretGeometry) { g.PixelScale = 1.5 }),
			imePlacement{image.Pt(360, 162), image.Rect(300, 162, 750, 195), 21}},
		{"scale 0 counts as 1", with(func(g *caretGeometry) { g.PixelScale = 0 }),
			imePlacement{image.Pt(240, 108), image.Rect(200, 108, 500, 130), 14}},
		{"long line scrolled across", with(func(g *caretGeometry) {
			g.Caret = fyne.NewPos(420, 7)
			g.Scroll = fyne.NewPos(150, 0)
		}), imePlacement{image.Pt(470, 108), image.Rect(200, 108, 500, 130), 14}},
		{"caret scrolled out of sight to the left stays at the edge", with(func(g *caretGeometry) {
			g.Caret = fyne.NewPos(10, 7)
			g.Scroll = fyne.NewPos(150, 0)
		}), imePlacement{image.Pt(200, 108), image.Rect(200, 108, 500, 130), 14}},
		{"multi-line, third row", with(func(g *caretGeometry) {
			g.Viewport = fyne.NewSize(300, 100)
			g.Caret = fyne.NewPos(56, 2*22+7)
		}), imePlacement{image.Pt(256, 152), image.Rect(200, 152, 500, 174), 14}},
		{"multi-line scrolled down: row 10 of a text scrolled by 8 rows", with(func(g *caretGeometry) {
			g.Viewport = fyne.NewSize(300, 100)
			g.Caret = fyne.NewPos(28, 10*22+7)
			g.Scroll = fyne.NewPos(0, 8*22)
		}), imePlacement{image.Pt(228, 152), image.Rect(200, 152, 500, 174), 14}},
		{"multi-line scrolled past the caret stays in the last visible row", with(func(g *caretGeometry) {
			g.Viewport = fyne.NewSize(300, 100)
			g.Caret = fyne.NewPos(28, 10*22+7)
		}), imePlacement{image.Pt(228, 179), image.Rect(200, 179, 500, 201), 14}},
		{"multi-line scrolled at 150 %", with(func(g *caretGeometry) {
			g.Viewport = fyne.NewSize(300, 100)
			g.Caret = fyne.NewPos(28, 10*22+7)
			g.Scroll = fyne.NewPos(0, 8*22)
			g.PixelScale = 1.5
		}), imePlacement{image.Pt(342, 228), image.Rect(300, 228, 750, 261), 21}},
		{"field with an icon in a dialog", with(func(g *caretGeometry) {
			g.Field = fyne.NewPos(453.5, 312.25)
			g.Content = fyne.NewPos(24, 1)
		}), imePlacement{image.Pt(518, 320), image.Rect(478, 320, 778, 342), 14}},
		{"no viewport: nothing clipped", with(func(g *caretGeometry) {
			g.Viewport = fyne.Size{}
			g.Caret = fyne.NewPos(40, 300)
		}), imePlacement{image.Pt(240, 401), image.Rect(200, 401, 240, 423), 14}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := placeIME(tt.g); got != tt.want {
				t.Errorf("placeIME = %+v, want %+v", got, tt.want)
			}
		})
	}
}
