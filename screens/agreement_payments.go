package screens

// The agreement's payments tab: each milestone with what was paid and
// when, recorded (or corrected) once the agreement is signed.

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// The table tabs of an agreement are short (a few payments, evaluations,
// files), so they are boxes rebuilt at each reload rather than virtual
// lists.

type paymentsTab struct {
	d     *agreementDetail
	total *widget.Label
	box   *fyne.Container
}

// Payment columns: seq, condition, planned date, amount, paid date, paid
// amount, note (the rest), button.
var paymentColumns = flexAt(6, 60, 130, 100, 120, 100, 120, 80, 130)

func (t *paymentsTab) build() fyne.CanvasObject {
	t.total = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	t.box = container.NewVBox()
	return container.NewBorder(t.total, nil, nil, nil, container.NewVScroll(t.box))
}

func (t *paymentsTab) refresh() {
	a := &t.d.a
	header, cols := headerRow(paymentColumns, lang.L("agr.No."), lang.L("agr.Condition"), lang.L("agr.Planned date"),
		lang.L("agr.Amount"), lang.L("agr.Paid on"), lang.L("agr.Paid"), lang.L("agr.Note"), "")
	rows := []fyne.CanvasObject{header}
	var planned, paid int64
	for _, m := range a.Milestones {
		planned += m.Amount
		paid += m.PaidAmount
		rows = append(rows, t.row(cols, m))
	}
	if len(a.Milestones) == 0 {
		rows = append(rows, noneYet(lang.L("agr.No payments yet.")))
	} else if !a.Frozen() {
		rows = append(rows, noneYet(lang.L("agr.Payments are recorded once the agreement is signed.")))
	}
	t.total.SetText(lang.L("agr.Paid {{.Paid}} of {{.Planned}}", map[string]any{"Paid": data.Yuan(paid), "Planned": data.Yuan(planned)}))
	t.d.showTab(t.box, rows, t.d.paymentsItem, lang.L("agr.Payments ({{.N}})", map[string]any{"N": len(a.Milestones)}))
}

// row is milestone m's row, with its button to record the payment.
func (t *paymentsTab) row(cols *columns, m data.Milestone) fyne.CanvasObject {
	cond := m.Condition
	if m.ConditionNote != "" {
		cond += "（" + m.ConditionNote + "）"
	}
	paidAmount := ""
	if m.PaidDate != "" {
		paidAmount = data.Yuan(m.PaidAmount)
	}
	row := newRow(cols)
	setCells(row, lang.L("agr.Payment {{.N}}", map[string]any{"N": m.Seq}), cond, orDash(m.PlannedDate),
		data.Yuan(m.Amount), orDash(m.PaidDate), paidAmount, m.PaymentNote)
	row.Objects[3].(*widget.Label).Alignment = fyne.TextAlignTrailing
	row.Objects[5].(*widget.Label).Alignment = fyne.TextAlignTrailing
	btn := &widget.Button{Text: lang.L("agr.Record payment…"), Icon: theme.DocumentCreateIcon(), OnTapped: func() { t.onPayment(m) }}
	enableWhen(btn, t.d.a.Frozen())
	row.Objects[len(row.Objects)-1] = btn
	return row
}

// onPayment records (or corrects) the payment of milestone m; emptying
// both date and amount clears a payment recorded by mistake.
func (t *paymentsTab) onPayment(m data.Milestone) {
	d := t.d
	date := newDateField(m.PaidDate, "")
	amount := &widget.Entry{Text: yuanInput(m.Amount)}
	if m.PaidDate == "" {
		date.SetText(d.today())
	} else {
		amount.SetText(yuanInput(m.PaidAmount))
	}
	note := &widget.Entry{Text: m.PaymentNote, PlaceHolder: lang.L("agr.e.g. voucher number, deduction after the evaluation")}
	f := &dialogForm{fields: []*formField{
		newFormField("paidDate", lang.L("agr.Paid on"), date),
		newFormField("paidAmount", lang.L("agr.Amount paid (yuan)"), amount),
		newFormField("paymentNote", lang.L("agr.Note"), note),
	}}
	f.fields[1].hint = &widget.Label{Text: lang.L("agr.At most {{.Max}}. Empty date and amount clear the payment.", map[string]any{"Max": data.Yuan(m.Amount)}),
		Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	s := d.env.Store()
	title := lang.L("agr.Payment {{.N}}", map[string]any{"N": m.Seq}) + " · " + data.Yuan(m.Amount)
	f.show(d.env, title, lang.L("agr.Record payment"), fyne.NewSize(520, 360), func() {
		var r formReader
		fen := r.money("paidAmount", amount.Text)
		if len(r.bad) > 0 {
			f.refuse(r.bad[0])
			return
		}
		dt, nt := date.Text, note.Text
		f.run(d.env, func(ctx context.Context) error {
			return s.RecordPayment(ctx, m.ID, dt, fen, nt)
		}, func() {
			d.env.status(lang.L("agr.Payment {{.N}} of {{.Number}} recorded.", map[string]any{"N": m.Seq, "Number": d.a.Number}))
			d.reload()
		})
	})
}
