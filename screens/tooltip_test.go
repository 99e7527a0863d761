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
	old := tooltipDelay
	tooltipDelay = 20 * time.Millisecond
	t.Cleanup(func() { tooltipDelay = old })
	tapped := 0
	b := newTipButton(theme.DeleteIcon(), "tip.Delete", func() { tapped++ })
	e.Window.SetContent(b)

	at := fyne.NewPos(10, 10)
	b.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}})
	if e.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("the tip shows at once")
	}
	deadline := time.Now().Add(2 * time.Second)
	for e.Window.Canvas().Overlays().Top() == nil && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
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
