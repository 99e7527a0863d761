package screens

// The workflow of an agreement's detail: each step with what it records
// (signing: date, signatories and the signed scan; acceptance: a date;
// termination: date and reason), a supplementary agreement, deletion.
// Each dialog stays open when data refuses its input, with data's message
// beside the field it is about. (A payment, an evaluation and a file are
// recorded in their tabs.)

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// errorMessages is every message in err, one a line, in the user's
// language.
func errorMessages(err error) string {
	var out []string
	for _, e := range flatten(err) {
		out = append(out, Message(e))
	}
	return strings.Join(out, "\n")
}

// onTransition takes the agreement to status to, asking first for what
// the step records.
func (d *agreementDetail) onTransition(to string) {
	if d.dirty && d.editable {
		d.env.ShowInfo(transitionName(to), lang.L("agr.Save your changes first."))
		return
	}
	switch to {
	case data.AgreementSigned:
		d.signDialog()
	case data.AgreementAccepted:
		d.closeDialog(to, false)
	case data.AgreementTerminated:
		d.closeDialog(to, true)
	case data.AgreementInProgress:
		d.env.Confirm(transitionName(to), lang.L("agr.Record that agreement {{.Number}} is being performed?", map[string]any{"Number": d.a.Number}),
			transitionName(to), false, func() { d.transition(to, data.TransitionInput{}) })
	default:
		d.transition(to, data.TransitionInput{})
	}
}

// transition asks data to move the agreement to status to. A refusal is
// shown as data words it: beside the form's fields it is about (the
// content needed before printing for signature) and in a dialog.
func (d *agreementDetail) transition(to string, in data.TransitionInput) {
	s, id := d.env.Store(), d.id
	d.env.Background(func(ctx context.Context) error {
		return s.TransitionAgreement(ctx, id, to, in)
	}, func(err error) {
		if err != nil {
			d.showRefusal(err)
			return
		}
		d.transitioned(to)
	})
}

// showRefusal shows why data refused a step.
func (d *agreementDetail) showRefusal(err error) {
	if input, first := showFieldErrors(d.fields, d.general, err); input && first != nil {
		d.tabs.Select(d.contentItem)
	}
	if Cancelled(err) {
		return
	}
	d.env.ShowDialog(dialog.NewError(errors.New(errorMessages(err)), d.env.Window))
}

func (d *agreementDetail) transitioned(to string) {
	d.env.status(lang.L("agr.Agreement {{.Number}} is now {{.Status}}.", map[string]any{"Number": d.a.Number, "Status": to}))
	d.loaded = false
	d.reload()
}

// signDialog records the signing: date, both signatories and the signed
// scan (unless one is attached already).
func (d *agreementDetail) signDialog() {
	date := newDateField(d.today(), "")
	sigA := &widget.Entry{PlaceHolder: lang.L("agr.Who signed for the office")}
	sigB := &widget.Entry{PlaceHolder: lang.L("agr.Who signed for party B")}
	var scan *data.AgreementAttachment
	hasScan := false
	for _, f := range d.a.Attachments {
		if f.Kind == data.AttachmentSignedScan {
			hasScan = true
		}
	}
	chosen := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	if hasScan {
		chosen.SetText(lang.L("agr.A signed scan is attached; choose another to add it."))
	}
	pick := &widget.Button{Text: lang.L("agr.Choose the signed scan…"), Icon: theme.FolderOpenIcon(), OnTapped: func() {
		chooseFile(d.env, func(name string, b []byte) {
			scan = &data.AgreementAttachment{FileName: name, Data: b}
			chosen.SetText(fmt.Sprintf("%s (%s)", name, fileSize(int64(len(b)))))
		})
	}}
	f := &dialogForm{fields: []*formField{
		newFormField("signedDate", lang.L("agr.Signed on"), date),
		newFormField("signatoryA", lang.L("agr.Signatory of party A"), sigA),
		newFormField("signatoryB", lang.L("agr.Signatory of party B"), sigB),
		newFormField("attachments", lang.L("agr.Signed scan"), container.NewBorder(nil, nil, pick, nil, chosen)),
	}}
	// The scan's own problems (type, size) come back on "data".
	f.fields = append(f.fields, newFormField("data", "", &widget.Label{}))
	s, id := d.env.Store(), d.id
	f.show(d.env, strings.TrimSuffix(transitionName(data.AgreementSigned), "…"), lang.L("agr.Record the signing"), fyne.NewSize(560, 420), func() {
		in := data.TransitionInput{Date: date.Text, SignatoryA: sigA.Text, SignatoryB: sigB.Text, Scan: scan}
		f.run(d.env, func(ctx context.Context) error {
			return s.TransitionAgreement(ctx, id, data.AgreementSigned, in)
		}, func() { d.transitioned(data.AgreementSigned) })
	})
}

// closeDialog records acceptance (a date) or termination (a date and a
// reason).
func (d *agreementDetail) closeDialog(to string, terminate bool) {
	date := newDateField(d.today(), "")
	fields := []*formField{newFormField("date", lang.L("agr.Date"), date)}
	reason := &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord}
	reason.SetMinRowsVisible(4)
	if terminate {
		fields = append(fields, newFormField("reason", lang.L("agr.Reason"), reason))
	}
	f := &dialogForm{fields: fields}
	s, id := d.env.Store(), d.id
	name := strings.TrimSuffix(transitionName(to), "…")
	f.show(d.env, name, name, fyne.NewSize(520, 360), func() {
		in := data.TransitionInput{Date: date.Text, Reason: reason.Text}
		f.run(d.env, func(ctx context.Context) error {
			return s.TransitionAgreement(ctx, id, to, in)
		}, func() { d.transitioned(to) })
	})
	if terminate {
		f.ok.Importance = widget.DangerImportance
		f.ok.Refresh()
	}
}

// onSupplement drafts a supplementary agreement to this one and opens it.
func (d *agreementDetail) onSupplement() {
	msg := lang.L("agr.Draft a supplementary agreement to {{.Number}}? It is numbered after it; write what changes and print it for signature like an agreement.", map[string]any{"Number": d.a.Number})
	d.env.Confirm(strings.TrimSuffix(lang.L("agr.Supplementary agreement…"), "…"), msg, lang.L("agr.Draft it"), false, func() {
		s, id := d.env.Store(), d.id
		var sup data.Agreement
		d.env.Background(func(ctx context.Context) error {
			return s.CreateSupplement(ctx, id, &sup)
		}, func(err error) {
			if err != nil {
				d.showRefusal(err)
				return
			}
			d.env.status(lang.L("agr.Supplementary agreement {{.Number}} drafted.", map[string]any{"Number": sup.Number}))
			d.list.openAgreement(sup.ID)
		})
	})
}

// onDelete moves a draft (or one awaiting signature) to the recycle bin;
// data refuses a signed one.
func (d *agreementDetail) onDelete() {
	msg := lang.L("agr.Move agreement {{.Number}} to the recycle bin? Its number is not given out again.", map[string]any{"Number": d.a.Number})
	d.env.Confirm(lang.L("agr.Delete"), msg, lang.L("agr.Delete"), true, func() {
		s, id := d.env.Store(), d.id
		d.env.Background(func(ctx context.Context) error {
			return s.DeleteAgreement(ctx, id)
		}, func(err error) {
			if err != nil {
				d.showRefusal(err)
				return
			}
			d.env.status(lang.L("agr.Agreement {{.Number}} moved to the recycle bin.", map[string]any{"Number": d.a.Number}))
			d.list.closeDetail(true)
		})
	})
}
