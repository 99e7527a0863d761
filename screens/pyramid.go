package screens

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"jiedao/data"
)

// The population pyramid: one row per five-year band, the oldest at the
// top, men's bars to the left of the ages and women's to the right, each
// as long as its share of the largest band. A bar (its whole half-row, so
// a short one is easy to hit) opens the list of the people it counts.

// pyramidRowHeight is the height of one band: 21 bands fit the dashboard's
// column on a 1366×768 screen.
const pyramidRowHeight = 17

// pyramidLabelWidth is the width of the middle column with the ages.
const pyramidLabelWidth = 56

// newPyramid draws bands (youngest first, as data.Stats has them); onTap
// gets the figure of the bar tapped.
func newPyramid(bands []data.PyramidBand, onTap func(data.Figure)) fyne.CanvasObject {
	most, men, women := 1, 0, 0
	for _, b := range bands {
		most = max(most, b.Male.Count, b.Female.Count)
		men += b.Male.Count
		women += b.Female.Count
	}
	small := theme.CaptionTextSize()
	text := func(s string, align fyne.TextAlign, bold bool) *canvas.Text {
		return &canvas.Text{Text: s, Alignment: align, TextSize: small, TextStyle: fyne.TextStyle{Bold: bold},
			Color: theme.Color(theme.ColorNameForeground)}
	}
	legend := func(c color.Color, label string) fyne.CanvasObject {
		swatch := &canvas.Rectangle{FillColor: c}
		swatch.SetMinSize(fyne.NewSize(10, 10))
		return container.NewHBox(container.NewCenter(swatch), text(label, fyne.TextAlignLeading, true))
	}
	header := container.New(&pyramidLayout{},
		container.NewHBox(legend(colorMale, lang.L("Men {{.N}}", map[string]any{"N": men}))),
		text(lang.L("Age"), fyne.TextAlignCenter, true),
		container.NewHBox(legend(colorFemale, lang.L("Women {{.N}}", map[string]any{"N": women}))),
	)
	rows := []fyne.CanvasObject{header}
	for i := len(bands) - 1; i >= 0; i-- {
		b := bands[i]
		male := newBar(float32(b.Male.Count)/float32(most), colorMale, fmt.Sprint(b.Male.Count), true)
		female := newBar(float32(b.Female.Count)/float32(most), colorFemale, fmt.Sprint(b.Female.Count), false)
		for _, bar := range []*fyne.Container{male, female} {
			bar.Objects[1].(*canvas.Text).TextSize = small
		}
		mt := newTapArea(male, func() { onTap(b.Male) })
		ft := newTapArea(female, func() { onTap(b.Female) })
		mt.tight, ft.tight = true, true
		rows = append(rows, container.New(&pyramidLayout{}, mt, text(b.Label, fyne.TextAlignCenter, false), ft))
	}
	return container.New(&pyramidRows{}, rows...)
}

// pyramidLayout lays out one row: the men's half, the ages, the women's
// half.
type pyramidLayout struct{}

func (pyramidLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	half := max((size.Width-pyramidLabelWidth)/2, 0)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(half, size.Height))
	objs[1].Move(fyne.NewPos(half, 0))
	objs[1].Resize(fyne.NewSize(pyramidLabelWidth, size.Height))
	objs[2].Move(fyne.NewPos(half+pyramidLabelWidth, 0))
	objs[2].Resize(fyne.NewSize(half, size.Height))
}

func (pyramidLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := max(objs[0].MinSize().Width, objs[2].MinSize().Width)
	return fyne.NewSize(2*w+pyramidLabelWidth, pyramidRowHeight)
}

// pyramidRows stacks the rows at a fixed height, closer than a VBox would.
type pyramidRows struct{}

func (pyramidRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for i, o := range objs {
		h := float32(pyramidRowHeight)
		if i == 0 {
			h = max(h, o.MinSize().Height) // the legend
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + 1
	}
}

func (pyramidRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		if i == 0 {
			h += max(m.Height, pyramidRowHeight) + 1
		} else {
			h += pyramidRowHeight + 1
		}
	}
	return fyne.NewSize(w, h)
}
