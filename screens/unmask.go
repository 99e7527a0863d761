package screens

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// UnmaskFor is how long a whole number stays on show after the eye
// button: then it is masked again (issue 14).
const UnmaskFor = 60 * time.Second

// after runs f on the UI goroutine after d, unless stop is called first:
// Env.After where a test set it (no real timer may touch widgets in a
// test), else a real timer.
func (e *Env) after(d time.Duration, f func()) (stop func()) {
	if e.After != nil {
		return e.After(d, f)
	}
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

// numberField is an ID or phone number in a detail form: masked
// (110101********123X, read only) until the eye button beside it is used,
// which asks for the reason, records the look (Store.Unmask: a "viewed"
// audit entry with the account, the record, the field and the reason)
// and shows the whole number, editable, for UnmaskFor. Then it is masked
// again, unless it was edited: what the user typed is theirs and stays.
// A new record's number, or an empty one, is a plain field.
type numberField struct {
	widget.BaseWidget
	env    *Env
	entity string // "residents" or "households"
	field  string // data.FieldIDNumber or data.FieldPhone
	id     int64
	mask   func(string) string

	entry  *widget.Entry
	eye    *tipButton
	whole  string // as loaded: what a masked field saves
	shown  string // the whole number as Unmask returned it
	masked bool
	stop   func()
	ask    *reasonDialog // the reason dialog on show (tests)
}

func newNumberField(env *Env, entity, field string, entry *widget.Entry) *numberField {
	n := &numberField{env: env, entity: entity, field: field, entry: entry, mask: data.MaskPhone}
	if field == data.FieldIDNumber {
		n.mask = data.MaskID
	}
	n.eye = newTipButton(theme.VisibilityIcon(), "unmask.Show the whole number", n.askReason)
	n.eye.Hide()
	n.ExtendBaseWidget(n)
	return n
}

func (n *numberField) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, n.eye, n.entry))
}

// set loads the record id's number: masked when the record exists and
// the number is not empty.
func (n *numberField) set(id int64, whole string) {
	n.cancelTimer()
	n.id, n.whole, n.shown = id, whole, ""
	n.masked = id != 0 && whole != ""
	if !n.masked {
		n.entry.SetText(whole)
		n.entry.Enable()
		n.eye.Hide()
		return
	}
	n.entry.SetText(n.mask(whole))
	n.entry.Disable()
	if n.env.Can(CapUnmask) {
		n.eye.Show()
	} else {
		n.eye.Hide()
	}
}

// value is what the form saves: the number as loaded while it is masked,
// else what the field holds.
func (n *numberField) value() string {
	if n.masked {
		return n.whole
	}
	return n.entry.Text
}

func (n *numberField) cancelTimer() {
	if n.stop != nil {
		n.stop()
		n.stop = nil
	}
}

// reveal shows whole for UnmaskFor.
func (n *numberField) reveal(whole string) {
	n.masked, n.shown = false, whole
	n.entry.SetText(whole)
	n.entry.Enable()
	n.eye.Hide()
	n.cancelTimer()
	n.stop = n.env.after(UnmaskFor, n.remask)
}

// remask masks the number again when it was not edited meanwhile.
func (n *numberField) remask() {
	n.stop = nil
	if n.masked || n.entry.Text != n.shown {
		return
	}
	n.whole = n.shown
	n.set(n.id, n.whole)
}

// reasonDialog asks why the whole number is needed.
type reasonDialog struct {
	dialog  *dialog.CustomDialog
	choice  *widget.RadioGroup
	other   *widget.Entry
	problem *widget.Label
	ok      *widget.Button
}

func (n *numberField) askReason() {
	reasons := data.UnmaskReasons
	otherLabel := reasons[len(reasons)-1]
	r := &reasonDialog{
		choice:  widget.NewRadioGroup(reasons, nil),
		other:   &widget.Entry{PlaceHolder: lang.L("unmask.What for?")},
		problem: errorLabel(),
	}
	r.other.Disable()
	r.choice.OnChanged = func(s string) {
		if s == otherLabel {
			r.other.Enable()
			n.env.Window.Canvas().Focus(r.other)
		} else {
			r.other.Disable()
		}
	}
	confirm := func() {
		reason := r.choice.Selected
		if reason == otherLabel {
			reason += r.other.Text
		}
		whole, err := n.env.Store().Unmask(context.Background(), n.entity, n.id, n.field, reason)
		if err != nil {
			setError(r.problem, Message(err))
			return
		}
		r.dialog.Hide()
		n.ask = nil
		n.reveal(whole)
	}
	r.other.OnSubmitted = func(string) { confirm() }
	intro := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: lang.L("unmask.The whole number is shown for one minute, and the look is recorded in the audit log with your name and the reason.")}
	body := container.NewVBox(intro, r.choice, r.other, r.problem)
	r.dialog, r.ok = n.env.showFormDialog(lang.L("unmask.Show the whole number"), lang.L("unmask.Show"), body, fyne.NewSize(440, 0), confirm, nil)
	n.ask = r
}
