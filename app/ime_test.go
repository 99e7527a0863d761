package app

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fakeIME records what the tracker asks of a backend.
type fakeIME struct {
	places []imePlacement
	clears int
	origin image.Point
}

func (f *fakeIME) Place(p imePlacement) error { f.places = append(f.places, p); return nil }
func (f *fakeIME) Origin() image.Point        { return f.origin }
func (f *fakeIME) Clear()                     { f.clears++ }

func (f *fakeIME) lastPlace(t *testing.T) imePlacement {
	t.Helper()
	if len(f.places) == 0 {
		t.Fatal("the input method was never placed")
	}
	return f.places[len(f.places)-1]
}

// imeWindow shows a label, a one-line entry and a four-row multi-line
// entry in a test window, with a tracker on a fake backend.
func imeWindow(t testing.TB) (fyne.Window, *widget.Entry, *widget.Entry, *imeTracker, *fakeIME) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	one := widget.NewEntry()
	multi := widget.NewMultiLineEntry()
	multi.SetMinRowsVisible(4)
	w.SetContent(container.NewVBox(widget.NewLabel("姓名"), one, multi))
	w.Resize(fyne.NewSize(400, 300))
	f := &fakeIME{}
	return w, one, multi, newIMETracker(w, f), f
}

func TestIMEFollowsTheCaret(t *testing.T) {
	w, one, _, tr, f := imeWindow(t)
	tr.poll()
	if len(f.places) != 0 || f.clears != 0 {
		t.Fatalf("nothing focused, yet the backend was called: %+v, %d clears", f.places, f.clears)
	}

	w.Canvas().Focus(one)
	tr.poll()
	start := f.lastPlace(t)
	field := fyne.CurrentApp().Driver().AbsolutePositionForObject(one)
	if start.Caret.X < int(field.X) || start.Caret.Y < int(field.Y) || start.Caret.Y > int(field.Y+one.Size().Height) {
		t.Fatalf("caret at %v, outside the field at %v size %v", start.Caret, field, one.Size())
	}

	test.Type(one, "张三丰")
	tr.poll()
	typed := f.lastPlace(t)
	// The caret moved by the width of 张三丰 in the entry's font.
	width := fyne.MeasureText("张三丰", theme.TextSize(), fyne.TextStyle{}).Width
	if d := float32(typed.Caret.X - start.Caret.X); d < width-1 || d > width+1 {
		t.Errorf("after 张三丰 the caret moved %v px across, want %v", d, width)
	}
	if typed.Caret.Y != start.Caret.Y {
		t.Errorf("a one-line field's caret moved down: %v to %v", start.Caret, typed.Caret)
	}
	if typed.FontHeight != int32(theme.TextSize()) {
		t.Errorf("font height %d, want the field's %v", typed.FontHeight, theme.TextSize())
	}
	if !typed.Line.Overlaps(image.Rect(typed.Caret.X, typed.Caret.Y, typed.Caret.X+1, typed.Caret.Y+1)) {
		t.Errorf("the excluded line %v does not hold the caret %v", typed.Line, typed.Caret)
	}

	n := len(f.places)
	tr.poll()
	if len(f.places) != n {
		t.Errorf("nothing changed, yet the backend was called again")
	}
	f.origin = image.Pt(30, 40) // the window moved
	tr.poll()
	if len(f.places) != n+1 {
		t.Errorf("the window moved, yet the input method was not placed again")
	}

	one.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	tr.poll()
	if got := f.lastPlace(t); got.Caret != start.Caret {
		t.Errorf("Home: caret at %v, want back at %v", got.Caret, start.Caret)
	}

	w.Canvas().Unfocus()
	tr.poll()
	tr.poll()
	if f.clears != 1 {
		t.Errorf("focus left the field: %d clears, want 1", f.clears)
	}
}

func TestIMEFollowsMultiLineAndScroll(t *testing.T) {
	w, _, multi, tr, f := imeWindow(t)
	w.Canvas().Focus(multi)
	tr.poll()
	first := f.lastPlace(t)

	test.Type(multi, "第一行\n第二行")
	tr.poll()
	second := f.lastPlace(t)
	row := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height
	if d := float32(second.Caret.Y - first.Caret.Y); d < row-1 || d > row+1 {
		t.Errorf("second row: the caret moved %v px down, want a row (%v)", d, row)
	}

	// Twenty rows in a four-row field: the text scrolls, the caret
	// stays inside the field.
	test.Type(multi, strings.Repeat("\n张三丰", 20))
	tr.poll()
	last := f.lastPlace(t)
	field := fyne.CurrentApp().Driver().AbsolutePositionForObject(multi)
	bottom := int(field.Y + multi.Size().Height)
	if last.Caret.Y < int(field.Y) || last.Line.Max.Y > bottom+1 {
		t.Errorf("caret line %v outside the field %v–%v after scrolling", last.Line, field.Y, bottom)
	}
	if s := entryScroll(multi); s.Y <= 0 {
		t.Errorf("twenty rows in four: scroll offset %v, want down", s)
	}
	// One row up stays in view without scrolling: the caret is a row
	// higher. (Were the scroll offset ignored, both carets would be far
	// below the field and kept at its last row.)
	multi.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	tr.poll()
	up := f.lastPlace(t)
	if d := float32(last.Caret.Y - up.Caret.Y); d < row-1 || d > row+1 {
		t.Errorf("Up in a scrolled field: the caret moved %v px up, want a row (%v)", d, row)
	}
}

// TestEntryScrollIsRead pins the read of Fyne's unexported scroll offset
// to what the entry's scroll container really shows: its content is moved
// up by the offset.
func TestEntryScrollIsRead(t *testing.T) {
	w, _, multi, _, _ := imeWindow(t)
	w.Canvas().Focus(multi)
	test.Type(multi, strings.Repeat("张三丰\n", 30))
	var scroll fyne.Widget
	for _, o := range test.WidgetRenderer(multi).Objects() {
		if s, ok := o.(fyne.Widget); ok && o.Visible() && o.Size().Height > 0 {
			scroll = s // the box and border are rectangles, the icon an image
		}
	}
	if scroll == nil {
		t.Fatal("no scroll container in the entry")
	}
	content := test.WidgetRenderer(scroll).Objects()[0]
	got, want := entryScroll(multi), fyne.NewPos(-content.Position().X, -content.Position().Y)
	if got != want || got.Y <= 0 {
		t.Errorf("entryScroll = %v, the content is shown at %v", got, content.Position())
	}
}

// searchField is a widget that embeds an Entry, as Jiedao's own fields do.
type searchField struct{ widget.Entry }

func TestIMEFindsEmbeddedEntry(t *testing.T) {
	s := &searchField{}
	s.ExtendBaseWidget(s)
	if entryOf(s) != &s.Entry {
		t.Error("the Entry embedded in a widget is not found")
	}
	sel := widget.NewSelectEntry([]string{"春晖社区"})
	if entryOf(sel) != &sel.Entry {
		t.Error("a SelectEntry's Entry is not found")
	}
	if entryOf(widget.NewButton("x", nil)) != nil || entryOf(widget.NewCheck("x", nil)) != nil {
		t.Error("a button or check counted as a text field")
	}
}

func TestIMESkipsDisabledField(t *testing.T) {
	w, one, _, tr, f := imeWindow(t)
	w.Canvas().Focus(one)
	tr.poll()
	one.Disable()
	tr.poll()
	if f.clears != 1 {
		t.Errorf("a disabled field keeps the input method: %d clears", f.clears)
	}
}

func TestIMEStopEndsPolling(t *testing.T) {
	w, one, _, tr, f := imeWindow(t)
	w.Canvas().Focus(one)
	tr.stop()
	tr.stop() // twice is fine
	tr.poll()
	if len(f.places) != 0 {
		t.Error("a stopped tracker placed the input method")
	}
	var none *imeTracker
	none.stop()
}

// BenchmarkIMEPoll is the cost of one poll that finds nothing changed
// (the usual case, 20 times a second while a field has focus).
func BenchmarkIMEPoll(b *testing.B) {
	w, one, _, tr, _ := imeWindow(b)
	w.Canvas().Focus(one)
	test.Type(one, "张三丰")
	tr.poll()
	for b.Loop() {
		tr.poll()
	}
}
