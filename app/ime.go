package app

// The input method follows the caret (Windows): while a text field of
// Jiedao has focus, the input method's composition and candidate windows
// are put at its caret, and moved again whenever the caret moves, the
// field scrolls, the window moves or the scale changes. Fyne 2.7 leaves
// them at the screen's top-left corner (fyne-io/fyne#618).
//
// The tracker here decides where (with placeIME) and when; an imeBackend
// puts the windows there. Only Windows has a backend (ime_windows.go);
// elsewhere newIMEBackend returns nil and nothing runs.

import (
	"image"
	"reflect"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// imeBackend places the input method's windows of one native window.
// Its methods run on the UI goroutine, which is the thread that owns the
// window, as IMM32 requires (it refuses another thread's window).
type imeBackend interface {
	// Place puts the composition and candidate windows at p.
	Place(p imePlacement) error
	// Origin is the client area's top-left on the screen. The input
	// method turns client pixels into screen pixels when it is told
	// where to go, so a moved window must tell it again.
	Origin() image.Point
	// Clear says that no text field has focus any more.
	Clear()
}

// imePoll is how often the tracker looks at the focused field. Fyne 2.7
// has no event for a change of focus, a window move, a scale change or an
// entry's scroll, and an Entry's one OnCursorChanged slot belongs to the
// screens, so the tracker polls. 50 ms keeps the windows within a
// twentieth of a second of the caret, below what the eye notices as
// lagging; a poll that finds nothing changed costs 7 µs on the UI
// goroutine (BenchmarkIMEPoll, on the 2-core build machine; most of it is
// Fyne measuring the text before the caret), 0.014 % of one core at 20
// polls a second.
const imePoll = 50 * time.Millisecond

// imeTracker follows the focused text field of one window.
type imeTracker struct {
	win     fyne.Window
	backend imeBackend

	placed  bool // the backend was given a placement and not cleared since
	last    imePlacement
	origin  image.Point
	stopped bool // set on the UI goroutine by stop

	once sync.Once
	quit chan struct{}
}

// startIME makes the input method follow the caret in w, on systems that
// have a backend (Windows); it returns nil elsewhere. The window must be
// shown (it has no native window before).
func startIME(w fyne.Window) *imeTracker {
	b := newIMEBackend(w)
	if b == nil {
		return nil
	}
	t := newIMETracker(w, b)
	go t.run()
	return t
}

func newIMETracker(w fyne.Window, b imeBackend) *imeTracker {
	return &imeTracker{win: w, backend: b, quit: make(chan struct{})}
}

// run polls until stop, each poll on the UI goroutine.
func (t *imeTracker) run() {
	tick := time.NewTicker(imePoll)
	defer tick.Stop()
	for {
		select {
		case <-t.quit:
			return
		case <-tick.C:
			fyne.Do(t.poll)
		}
	}
}

// stop ends the polling; a nil tracker does nothing.
func (t *imeTracker) stop() {
	if t == nil {
		return
	}
	t.once.Do(func() { close(t.quit) })
}

// poll places the input method at the focused field's caret when that
// place, the window's position or the scale changed since the last
// poll, and clears it once when no text field has focus.
func (t *imeTracker) poll() {
	select {
	case <-t.quit:
		t.stopped = true
	default:
	}
	if t.stopped {
		return
	}
	g, ok := focusedCaret(t.win.Canvas())
	if !ok {
		if t.placed {
			t.backend.Clear()
			t.placed = false
		}
		return
	}
	p, origin := placeIME(g), t.backend.Origin()
	if t.placed && p == t.last && origin == t.origin {
		return
	}
	if err := t.backend.Place(p); err != nil {
		// Said in the backend's log (JIEDAO_IME_LOG); the clerk can
		// still type, the windows just stay where they were.
		fyne.LogError("placing the input method", err)
	}
	t.placed, t.last, t.origin = true, p, origin
}

// focusedCaret reads the geometry of the focused text field's caret on c;
// false when the focus is not in a text field.
func focusedCaret(c fyne.Canvas) (caretGeometry, bool) {
	f := c.Focused()
	if f == nil {
		return caretGeometry{}, false
	}
	obj, isObj := f.(fyne.CanvasObject)
	e := entryOf(f)
	if !isObj || e == nil || e.Disabled() || !e.Visible() {
		return caretGeometry{}, false
	}
	th := e.Theme()
	textSize := th.Size(theme.SizeNameText)
	border := th.Size(theme.SizeNameInputBorder)
	leading, trailing := entryInsets(e, th)
	size := e.Size()
	g := caretGeometry{
		// The focused object, not e: a widget that embeds an Entry is
		// what the canvas holds.
		Field:      fyne.CurrentApp().Driver().AbsolutePositionForObject(obj),
		Content:    fyne.NewPos(leading, border),
		Viewport:   fyne.NewSize(size.Width-leading-trailing, size.Height-2*border),
		Caret:      e.CursorPosition(),
		LineHeight: fyne.MeasureText("M", textSize, e.TextStyle).Height, // the entry's own row height
		TextSize:   textSize,
		PixelScale: pixelScale(c),
	}
	if e.Wrapping != fyne.TextWrapOff || e.Scroll != container.ScrollNone {
		g.Scroll = entryScroll(e)
	}
	return g, true
}

// entryOf is the widget.Entry of a focused object: the object itself, or
// an Entry it embeds (widget.SelectEntry, Jiedao's own fields); nil if it
// is not a text field.
func entryOf(f fyne.Focusable) *widget.Entry {
	if e, ok := f.(*widget.Entry); ok {
		return e
	}
	v := reflect.ValueOf(f)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
		if v.Kind() != reflect.Struct {
			return nil
		}
		fld := v.FieldByName("Entry")
		if !fld.IsValid() || !fld.CanAddr() || !fld.CanInterface() {
			return nil
		}
		switch x := fld.Addr().Interface().(type) {
		case *widget.Entry:
			return x
		case **widget.Entry:
			return *x
		}
		v = fld
	}
	return nil
}

// entryInsets are the room an Entry's text area leaves at its leading
// edge (its icon) and trailing edge (its action item, its validation
// mark), as widget.Entry's renderer lays them out in Fyne 2.7.
func entryInsets(e *widget.Entry, th fyne.Theme) (leading, trailing float32) {
	if e.Icon != nil {
		leading = th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNameLineSpacing)
	}
	if e.ActionItem != nil {
		trailing = e.ActionItem.MinSize().Width
	}
	if e.Validator != nil {
		mark := th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNameLineSpacing)
		if e.ActionItem == nil {
			trailing = mark + th.Size(theme.SizeNameInnerPadding)
		} else {
			trailing += mark
		}
	}
	return leading, trailing
}

// entryScroll is how far an Entry's text is scrolled. Fyne 2.7 keeps it
// in the entry's unexported scroll container and offers no getter, so it
// is read (never written) by reflection; a Fyne whose Entry has no such
// field gives zero, and TestEntryScrollIsRead fails on it.
func entryScroll(e *widget.Entry) fyne.Position {
	s := reflect.ValueOf(e).Elem().FieldByName("scroll")
	if !s.IsValid() || s.Kind() != reflect.Pointer || s.IsNil() {
		return fyne.Position{}
	}
	off := s.Elem().FieldByName("Offset")
	if !off.IsValid() || off.Type() != reflect.TypeOf(fyne.Position{}) {
		return fyne.Position{}
	}
	return fyne.NewPos(float32(off.Field(0).Float()), float32(off.Field(1).Float()))
}

// pixelScale is how many window pixels one Fyne unit is on c: its scale
// times the framebuffer's pixels per window pixel, which Fyne applies in
// PixelCoordinateForPosition and does not otherwise expose.
func pixelScale(c fyne.Canvas) float32 {
	const ref = 10000
	x, _ := c.PixelCoordinateForPosition(fyne.NewPos(ref, 0))
	if x <= 0 {
		return c.Scale()
	}
	return float32(x) / ref
}
