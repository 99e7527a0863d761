package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestTypedDate(t *testing.T) {
	tests := []struct {
		in, want string // want "" for no date
	}{
		{"2026-12-07", "2026-12-07"},
		{"2026年12月7日", "2026-12-07"},
		{"2026年12月07日", "2026-12-07"},
		{" 2026/12/7 ", "2026-12-07"},
		{"2026.1.2", "2026-01-02"},
		{"20261207", "2026-12-07"},
		{"２０２６年１２月７日", "2026-12-07"},
		{"２０２６－１２－０７", "2026-12-07"},
		{"2026年12月7", "2026-12-07"},
		{"2024-02-29", "2024-02-29"},
		{"2026-02-29", ""},
		{"2026-13-01", ""},
		{"2026-12", ""},
		{"26-12-07", ""},
		{"07/12/2026", ""},
		{"明天", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := typedDate(tt.in)
		if tt.want == "" {
			if ok {
				t.Errorf("typedDate(%q) = %s, want no date", tt.in, got.Format(time.DateOnly))
			}
			continue
		}
		if !ok || got.Format(time.DateOnly) != tt.want {
			t.Errorf("typedDate(%q) = %s %v, want %s", tt.in, got.Format(time.DateOnly), ok, tt.want)
		}
	}
}

// TestDateFieldTypedAndPicked: a date typed in Chinese is written
// 2026-12-07 as the cursor leaves; text that is no date stays for the
// form's message; the calendar puts the day picked in the field.
func TestDateFieldTypedAndPicked(t *testing.T) {
	e, _ := newTestEnv(t)
	f := newDateField("", "2006-01-02")
	changes := 0
	f.OnChanged = func(string) { changes++ }
	other := widget.NewEntry()
	e.Window.SetContent(widgetColumn(f, other))

	e.Window.Canvas().Focus(f)
	test.Type(f, "2026年12月7日")
	e.Window.Canvas().Focus(other)
	if f.Text != "2026-12-07" {
		t.Errorf("typed 2026年12月7日 reads %q once left, want 2026-12-07", f.Text)
	}
	if changes == 0 {
		t.Error("typing did not reach OnChanged (the form would not see the edit)")
	}

	f.SetText("下周一")
	e.Window.Canvas().Focus(f)
	e.Window.Canvas().Focus(other)
	if f.Text != "下周一" {
		t.Errorf("text that is no date became %q", f.Text)
	}

	f.SetText("2026-12-07")
	test.Tap(f.pick)
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the calendar button opened nothing")
	}
	var day *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == "24" {
			day = b
		}
	}
	if day == nil {
		t.Fatal("the calendar does not show the 24th of the field's month")
	}
	test.Tap(day)
	if f.Text != "2026-12-24" {
		t.Errorf("picking the 24th gave %q, want 2026-12-24", f.Text)
	}
	if top.Visible() {
		t.Error("the calendar stays open after a day was picked")
	}

	f.Disable()
	if !f.pick.Disabled() {
		t.Error("a disabled date field keeps its calendar button")
	}
}

func widgetColumn(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(objs...)
}
