package screens

// Dates in forms: an entry that takes a date typed as clerks write it and
// offers Fyne's calendar from a button inside it.
//
// Fyne 2.7's widget.DateEntry is the model, but it cannot be used as it
// is: it writes and validates the date in the system locale's format,
// which Fyne 2.7 has as 02/01/2006 for zh_CN (widget/locale.go has no CN
// entry), marks 2026年12月7日 as invalid, and replaces Entry.OnChanged,
// which the forms use to notice edits. dateField is DateEntry's own parts
// — an Entry, widget.Calendar in a pop-up under it — writing 2026-12-07,
// the form data reads.

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dateField is a date input: typed (2026-12-07, 2026年12月7日, 2026/12/7,
// 20261207; written as 2026-12-07 once the cursor leaves it) or picked
// from the calendar.
type dateField struct {
	widget.Entry
	pick  *tipButton
	popUp *widget.PopUp
}

// newDateField is a date input holding text, saying placeholder while
// empty.
func newDateField(text, placeholder string) *dateField {
	e := &dateField{}
	e.ExtendBaseWidget(e)
	e.Text, e.PlaceHolder = text, placeholder
	e.pick = newTipButton(theme.CalendarIcon(), "tip.Pick a date", e.showCalendar)
	e.ActionItem = e.pick
	return e
}

// dateEntry is a date input of the form (see recordForm.entry).
func (f *recordForm) dateEntry(placeholder string) *dateField {
	e := newDateField("", placeholder)
	e.OnChanged = f.onInput
	return e
}

// showCalendar opens the calendar under the field, on the month of the
// date in it (else this month).
func (e *dateField) showCalendar() {
	start := time.Now()
	if t, ok := typedDate(e.Text); ok {
		start = t
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	cal := widget.NewCalendar(start, e.picked)
	e.popUp = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height))
	e.popUp.ShowAtPosition(pos)
}

// picked puts the day chosen in the calendar in the field.
func (e *dateField) picked(t time.Time) {
	if e.popUp != nil {
		e.popUp.Hide()
	}
	e.SetText(t.Format(time.DateOnly))
}

// FocusLost writes a date typed another way as 2026-12-07; text that is
// no date stays as typed, for the form's message to name.
func (e *dateField) FocusLost() {
	e.Entry.FocusLost()
	if t, ok := typedDate(e.Text); ok && t.Format(time.DateOnly) != e.Text {
		e.SetText(t.Format(time.DateOnly))
	}
}

// Disable greys the calendar button with the field.
func (e *dateField) Disable() {
	e.pick.Disable()
	e.Entry.Disable()
}

// Enable makes the field and its calendar button usable again.
func (e *dateField) Enable() {
	e.pick.Enable()
	e.Entry.Enable()
}

// typedDate reads a date as clerks type it: 2026-12-07, 2026/12/7,
// 2026.12.7, 2026年12月7日, 20261207, in half- or full-width digits, with
// spaces around. A day that does not exist (2026-02-30) is no date.
func typedDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '－' || r == '／' || r == '．':
			return r - 0xFEE0
		}
		return r
	}, s))
	s = strings.TrimSuffix(s, "日")
	s = strings.NewReplacer("年", "-", "月", "-", "/", "-", ".", "-", " ", "").Replace(s)
	if len(s) == 8 && !strings.Contains(s, "-") {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return time.Time{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || len(p) > 4 {
			return time.Time{}, false
		}
		n[i] = v
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] {
		return time.Time{}, false
	}
	return t, true
}
