package screens

// Tooltips for icon-only buttons (edit, delete, move…). Fyne 2.7 has no
// tooltip widget, and a hoverable wrapper around a button never hears the
// pointer — Fyne sends hover events to the innermost hoverable object,
// the button itself — so tipButton is a Button that also shows its tip:
// a small label in a pop-up beside the pointer once it has rested there
// for tooltipDelay, gone when the pointer leaves or the button is tapped.

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// tooltipDelay is how long the pointer rests on a button before its tip
// shows: about what Windows waits (SPI_GETMOUSEHOVERTIME is 400 ms).
var tooltipDelay = 500 * time.Millisecond

// afterFunc starts the rest timer. Tests replace it: Fyne's test driver
// runs fyne.Do on the calling goroutine, so a real timer would draw the
// pop-up on the timer's goroutine while the test reads the canvas.
var afterFunc = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }

// stopper is what rest keeps of its timer.
type stopper interface{ Stop() bool }

// tipButton is an icon-only button with a tooltip.
type tipButton struct {
	widget.Button
	tip string

	mu    sync.Mutex
	timer stopper
	at    fyne.Position // the pointer, in the canvas
	popUp *widget.PopUp
}

// newTipButton is an icon button saying tip (a translation key) on hover.
func newTipButton(icon fyne.Resource, tip string, tapped func()) *tipButton {
	b := &tipButton{tip: lang.L(tip)}
	b.Icon, b.Importance, b.OnTapped = icon, widget.LowImportance, tapped
	b.ExtendBaseWidget(b)
	return b
}

// toolButton is the button o is, a plain one or one with a tooltip: table
// rows set their buttons' actions through it.
func toolButton(o fyne.CanvasObject) *widget.Button {
	if t, ok := o.(*tipButton); ok {
		return &t.Button
	}
	return o.(*widget.Button)
}

// MouseIn starts waiting to show the tip.
func (b *tipButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	b.rest(ev.AbsolutePosition)
}

// MouseMoved waits again from where the pointer is now.
func (b *tipButton) MouseMoved(ev *desktop.MouseEvent) {
	b.Button.MouseMoved(ev)
	if b.shown() {
		return
	}
	b.rest(ev.AbsolutePosition)
}

// MouseOut hides the tip.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.hideTip()
}

// Tapped hides the tip and does what the button does.
func (b *tipButton) Tapped(ev *fyne.PointEvent) {
	b.hideTip()
	b.Button.Tapped(ev)
}

func (b *tipButton) rest(at fyne.Position) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.at = at
	if b.timer != nil {
		b.timer.Stop()
	}
	b.timer = afterFunc(tooltipDelay, func() { fyne.Do(b.showTip) })
}

func (b *tipButton) shown() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.popUp != nil && b.popUp.Visible()
}

// showTip shows the tip under and right of the pointer.
func (b *tipButton) showTip() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil || b.tip == "" {
		return
	}
	b.mu.Lock()
	at := b.at
	b.mu.Unlock()
	p := widget.NewPopUp(&widget.Label{Text: b.tip}, c)
	pos := at.Add(fyne.NewPos(12, 16))
	// Keep it inside the window: at the right edge it goes left.
	if w := p.MinSize().Width; pos.X+w > c.Size().Width {
		pos.X = max(0, c.Size().Width-w)
	}
	p.ShowAtPosition(pos)
	b.mu.Lock()
	b.popUp = p
	b.mu.Unlock()
}

func (b *tipButton) hideTip() {
	b.mu.Lock()
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	p := b.popUp
	b.popUp = nil
	b.mu.Unlock()
	if p != nil {
		p.Hide()
	}
}
