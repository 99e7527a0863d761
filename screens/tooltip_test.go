package screens

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestTooltip: resting on an icon button shows its tip beside the
// pointer after the delay, not before; leaving hides it; the button
// still does its job.
func TestTooltip(t *testing.T) {
	e, _ := newTestEnv(t)
	// The timer is caught and fired here, on the test's goroutine, as the
	// real one fires through fyne.Do on the UI goroutine.
	var waited []time.Duration
	var fire func()
	old := afterFunc
	afterFunc = func(d time.Duration, f func()) stopper {
		waited, fire = append(waited, d), f
		return fakeTimer{}
	}
	t.Cleanup(func() { afterFunc = old })
	tapped := 0
	b := newTipButton(theme.DeleteIcon(), "tip.Delete", func() { tapped++ })
	e.Window.SetContent(b)

	at := fyne.NewPos(10, 10)
	b.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}})
	if e.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("the tip shows at once")
	}
	if len(waited) != 1 || waited[0] != tooltipDelay || fire == nil {
		t.Fatalf("resting waits %v, want once %v", waited, tooltipDelay)
	}
	fire()
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the tip never showed")
	}
	if !slices.Contains(texts(top), lang.L("tip.Delete")) {
		t.Errorf("the tip says %q", texts(top))
	}
	b.MouseOut()
	if top.Visible() {
		t.Error("the tip stays after the pointer left")
	}
	test.Tap(b)
	if tapped != 1 {
		t.Errorf("tapped %d times, want 1", tapped)
	}
}

type fakeTimer struct{}

func (fakeTimer) Stop() bool { return true }
