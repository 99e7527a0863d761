package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// heading is a screen's title: bold and large.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText}
}

// subheading titles a part of a screen.
func subheading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
}

// errorLabel shows a validation message under a field; hidden while empty.
func errorLabel() *widget.Label {
	l := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	l.Hide()
	return l
}

// setError shows msg in l, or hides l when msg is "".
func setError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// page lays out a screen: its title with the screen's tools on the right,
// a rule, and the body filling the rest.
func page(title string, tools fyne.CanvasObject, body fyne.CanvasObject) fyne.CanvasObject {
	var right fyne.CanvasObject
	if tools != nil {
		right = container.NewCenter(tools)
	}
	top := container.NewBorder(nil, nil, nil, right, heading(title))
	return container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, body)
}

// Background runs work off the UI goroutine (a write may wait behind an
// import holding the database) and then done, if not nil, on the UI
// goroutine with work's error. For work short enough to need no progress
// dialog; longer work uses RunJob.
func (e *Env) Background(work func(ctx context.Context) error, done func(error)) {
	e.Go(func() {
		err := work(e.ctx)
		if done != nil {
			fyne.DoAndWait(func() { done(err) })
		}
	})
}

// columns lays a row out in columns of fixed widths; the last column takes
// what is left. A list's rows and its header share one, so they line up.
type columns struct{ widths []float32 }

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	x := float32(0)
	for i, o := range objs {
		w := size.Width - x
		if i < len(c.widths) && i < len(objs)-1 {
			w = c.widths[i]
		}
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(max(w, 0), h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += w + pad
	}
}

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w, h float32
	for i, o := range objs {
		m := o.MinSize()
		if i < len(c.widths) && i < len(objs)-1 {
			w += c.widths[i] + pad
		} else {
			w += m.Width
		}
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

// cell is a one-line label for a column: too long a text ends in "…".
func cell(text string) *widget.Label {
	return &widget.Label{Text: text, Truncation: fyne.TextTruncateEllipsis}
}

// headerCell is a bold column title.
func headerCell(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
}
