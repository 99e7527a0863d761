package screens

// The dialogs of an agreement's detail: each workflow step with what it
// records (signing: date, signatories and the signed scan; acceptance: a
// date; termination: date and reason), a payment, an evaluation, a file.
// Each dialog stays open when data refuses its input, with data's message
// beside the field it is about.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/pdf"
)

// agrMessages is every message in err, one a line, in the user's
// language.
func agrMessages(err error) string {
	var out []string
	for _, e := range flatten(err) {
		out = append(out, Message(e))
	}
	return strings.Join(out, "\n")
}

// agrForm is the fields of a dialog, laid out as a form, with a line for
// the messages no field takes.
type agrForm struct {
	fields  []*formField
	general *widget.Label
	dialog  *dialog.CustomDialog
	ok      *widget.Button
}

func (f *agrForm) content() fyne.CanvasObject {
	f.general = errorLabel()
	return container.NewVBox(fieldGrid(1, labelsWidth(90, f.fields...), f.fields...), f.general)
}

// show opens the form in a dialog whose confirm button runs onConfirm.
func (f *agrForm) show(env *Env, title, confirm string, size fyne.Size, onConfirm func()) {
	f.dialog, f.ok = env.showFormDialog(title, confirm, container.NewVScroll(f.content()), size, onConfirm, nil)
}

// run does work off the UI goroutine; when data refuses the input, its
// messages go beside the fields and the dialog stays open, else the
// dialog closes and done runs.
func (f *agrForm) run(env *Env, work func(ctx context.Context) error, done func()) {
	f.ok.Disable()
	env.Background(work, func(err error) {
		f.ok.Enable()
		if err != nil {
			if input, _ := showFieldErrors(f.fields, f.general, err); !input {
				env.ShowError(err)
			}
			return
		}
		f.dialog.Hide()
		done()
	})
}

// today is the store's today as a form shows a date.
func (d *agreementDetail) today() string {
	return storeToday(d.env.Store()).Format("2006-01-02")
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
			d.refused(err)
			return
		}
		d.transitioned(to)
	})
}

// refused shows why data refused a step.
func (d *agreementDetail) refused(err error) {
	if input, first := showFieldErrors(d.fields, d.general, err); input && first != nil {
		d.tabs.Select(d.contentTab)
	}
	if Cancelled(err) {
		return
	}
	d.env.ShowDialog(dialog.NewError(errors.New(agrMessages(err)), d.env.Window))
}

func (d *agreementDetail) transitioned(to string) {
	d.env.status(lang.L("agr.Agreement {{.Number}} is now {{.Status}}.", map[string]any{"Number": d.a.Number, "Status": to}))
	d.loaded = false
	d.reload()
}

// signDialog records the signing: date, both signatories and the signed
// scan (unless one is attached already).
func (d *agreementDetail) signDialog() {
	date := &widget.Entry{Text: d.today()}
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
		d.chooseFile(func(name string, b []byte) {
			scan = &data.AgreementAttachment{FileName: name, Data: b}
			chosen.SetText(fmt.Sprintf("%s (%s)", name, agrHumanSize(int64(len(b)))))
		})
	}}
	f := &agrForm{fields: []*formField{
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
	date := &widget.Entry{Text: d.today()}
	fields := []*formField{newFormField("date", lang.L("agr.Date"), date)}
	reason := &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord}
	reason.SetMinRowsVisible(4)
	if terminate {
		fields = append(fields, newFormField("reason", lang.L("agr.Reason"), reason))
	}
	f := &agrForm{fields: fields}
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

// onPayment records (or corrects) the payment of milestone m; emptying
// both date and amount clears a payment recorded by mistake.
func (d *agreementDetail) onPayment(m data.Milestone) {
	date := &widget.Entry{Text: m.PaidDate}
	amount := &widget.Entry{Text: agrYuanInput(m.Amount)}
	if m.PaidDate == "" {
		date.SetText(d.today())
	} else {
		amount.SetText(agrYuanInput(m.PaidAmount))
	}
	note := &widget.Entry{Text: m.PaymentNote, PlaceHolder: lang.L("agr.e.g. voucher number, deduction after the evaluation")}
	f := &agrForm{fields: []*formField{
		newFormField("paidDate", lang.L("agr.Paid on"), date),
		newFormField("paidAmount", lang.L("agr.Amount paid (yuan)"), amount),
		newFormField("paymentNote", lang.L("agr.Note"), note),
	}}
	f.fields[1].hint = &widget.Label{Text: lang.L("agr.At most {{.Max}}. Empty date and amount clear the payment.", map[string]any{"Max": data.Yuan(m.Amount)}),
		Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	s := d.env.Store()
	title := lang.L("agr.Payment {{.N}}", map[string]any{"N": m.Seq}) + " · " + data.Yuan(m.Amount)
	f.show(d.env, title, lang.L("agr.Record payment"), fyne.NewSize(520, 360), func() {
		var fen int64
		if t := strings.TrimSpace(amount.Text); t != "" {
			v, err := data.ParseYuan(t)
			if err != nil {
				showFieldErrors(f.fields, f.general, agrInputError("paidAmount", "agr.“{{.Value}}” is not an amount of money.", map[string]any{"Value": t}))
				return
			}
			fen = v
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

// fromScore is the conclusion choice that leaves it to the total score.
func fromScore() string { return lang.L("agr.(from the score)") }

// onEvaluation records an evaluation: a score per indicator (0 to its
// weight) and the conclusion, which data derives from the total when left
// to it.
func (d *agreementDetail) onEvaluation() {
	stage := &widget.Select{Options: data.EvaluationStages, Selected: data.StageMidterm}
	for _, e := range d.a.Evaluations {
		if e.Stage == data.StageMidterm {
			stage.Selected = data.StageFinal
		}
	}
	date := &widget.Entry{Text: d.today()}
	evaluator := &widget.Entry{PlaceHolder: lang.L("agr.Person, panel or third-party body")}
	conclusion := &widget.Select{Options: append([]string{fromScore()}, data.Conclusions...), Selected: fromScore()}
	notes := &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord}
	notes.SetMinRowsVisible(3)
	total := &widget.Label{Importance: widget.LowImportance}
	scores := make([]*widget.Entry, len(d.a.Indicators))
	var scoreRows []fyne.CanvasObject
	sum := func(string) {
		var t float64
		for _, e := range scores {
			if v, err := strconv.ParseFloat(strings.TrimSpace(e.Text), 64); err == nil {
				t += v
			}
		}
		total.SetText(lang.L("agr.Total {{.Total}} of 100", map[string]any{"Total": strconv.FormatFloat(t, 'f', -1, 64)}))
	}
	for i, in := range d.a.Indicators {
		scores[i] = &widget.Entry{PlaceHolder: fmt.Sprintf("0–%d", in.Weight), OnChanged: sum}
		name := &widget.Label{Text: fmt.Sprintf("%d. %s（%s）", in.Seq, in.Name, in.Target), Truncation: fyne.TextTruncateEllipsis}
		scoreRows = append(scoreRows, container.NewBorder(nil, nil, nil, container.New(&fixedWidth{w: 90}, scores[i]), name))
	}
	scoreRows = append(scoreRows, total)
	sum("")
	f := &agrForm{fields: []*formField{
		newFormField("stage", lang.L("agr.Stage"), stage),
		newFormField("date", lang.L("agr.Date"), date),
		newFormField("evaluator", lang.L("agr.Evaluator"), evaluator),
		newFormField("scores", lang.L("agr.Scores"), container.NewVBox(scoreRows...)),
		newFormField("conclusion", lang.L("agr.Conclusion"), conclusion),
		newFormField("notes", lang.L("agr.Note"), notes),
	}}
	s, id := d.env.Store(), d.id
	f.show(d.env, lang.L("agr.Add an evaluation"), lang.L("agr.Record the evaluation"), fyne.NewSize(640, 560), func() {
		e := data.Evaluation{AgreementID: id, Stage: stage.Selected, Date: date.Text, Evaluator: evaluator.Text, Notes: notes.Text}
		if conclusion.Selected != fromScore() {
			e.Conclusion = conclusion.Selected
		}
		for i, in := range d.a.Indicators {
			t := strings.TrimSpace(scores[i].Text)
			if t == "" {
				continue
			}
			v, err := strconv.ParseFloat(t, 64)
			if err != nil {
				showFieldErrors(f.fields, f.general, agrInputError("scores", "agr.Indicator {{.N}}: “{{.Value}}” is not a number.", map[string]any{"N": in.Seq, "Value": t}))
				return
			}
			e.Scores = append(e.Scores, data.IndicatorScore{IndicatorID: in.ID, Score: v})
		}
		f.run(d.env, func(ctx context.Context) error {
			return s.AddEvaluation(ctx, &e)
		}, func() {
			d.env.status(lang.L("agr.Evaluation of {{.Number}} recorded: {{.Conclusion}}.", map[string]any{"Number": d.a.Number, "Conclusion": e.Conclusion}))
			d.reload()
		})
	})
}

// chooseFile asks for a file (the signed scan: PDF, JPG or PNG) and hands
// its name and bytes to got. Files larger than data allows are read only
// as far as needed to be refused.
func (d *agreementDetail) chooseFile(got func(name string, b []byte)) {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			d.env.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, data.MaxAttachmentSize+1))
		if err != nil {
			d.env.ShowError(err)
			return
		}
		got(r.URI().Name(), b)
	}, d.env.Window)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".jpg", ".jpeg", ".png", ".PDF", ".JPG", ".JPEG", ".PNG"}))
	startInDocuments(fd)
	fd.Resize(dialogSize)
	d.env.ShowDialog(fd)
}

// onAddFile keeps a file with the agreement: its kind and the file.
func (d *agreementDetail) onAddFile() {
	kind := &widget.Select{Options: data.AttachmentKinds, Selected: data.AttachmentSignedScan}
	for _, f := range d.a.Attachments {
		if f.Kind == data.AttachmentSignedScan {
			kind.Selected = data.AttachmentOther
		}
	}
	var name string
	var b []byte
	chosen := &widget.Label{Text: lang.L("agr.No file chosen."), Truncation: fyne.TextTruncateEllipsis}
	pick := &widget.Button{Text: lang.L("agr.Choose a file…"), Icon: theme.FolderOpenIcon(), OnTapped: func() {
		d.chooseFile(func(n string, data []byte) {
			name, b = n, data
			chosen.SetText(fmt.Sprintf("%s (%s)", n, agrHumanSize(int64(len(data)))))
		})
	}}
	f := &agrForm{fields: []*formField{
		newFormField("kind", lang.L("agr.File kind"), kind),
		newFormField("fileName", lang.L("agr.File"), container.NewBorder(nil, nil, pick, nil, chosen)),
	}}
	f.fields = append(f.fields, newFormField("data", "", &widget.Label{}))
	f.show(d.env, lang.L("agr.Add a file"), lang.L("agr.Add"), fyne.NewSize(560, 300), func() {
		f.run(d.env, func(ctx context.Context) error {
			return d.addFile(ctx, kind.Selected, name, b)
		}, func() {
			d.env.status(lang.L("agr.{{.File}} added to {{.Number}}.", map[string]any{"File": name, "Number": d.a.Number}))
			d.reload()
		})
	})
}

// addFile stores a file with the agreement (data computes its size and
// SHA-256 and checks its type).
func (d *agreementDetail) addFile(ctx context.Context, kind, name string, b []byte) error {
	return d.env.Store().AddAttachment(ctx, &data.AgreementAttachment{AgreementID: d.id, Kind: kind, FileName: name, Data: b})
}

// onOpenFile writes the attachment, checked against its SHA-256, to a
// temporary folder and opens it.
func (d *agreementDetail) onOpenFile(f data.AgreementAttachment) {
	s := d.env.Store()
	path := filepath.Join(os.TempDir(), "jiedao-attachments", fmt.Sprintf("%d-%s", f.ID, pdf.SafeFileName(f.FileName)))
	d.env.Background(func(ctx context.Context) error {
		b, err := s.AttachmentData(ctx, f.ID)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o644)
	}, func(err error) {
		if err == nil {
			err = OpenFile(d.env.App, path)
		}
		d.env.ShowError(err)
	})
}

// onDeleteFile moves an attachment to the recycle bin, after asking.
func (d *agreementDetail) onDeleteFile(f data.AgreementAttachment) {
	msg := lang.L("agr.Move “{{.File}}” to the recycle bin?", map[string]any{"File": f.FileName})
	d.env.Confirm(lang.L("agr.Delete"), msg, lang.L("agr.Delete"), true, func() {
		s := d.env.Store()
		d.env.Background(func(ctx context.Context) error {
			return s.DeleteAttachment(ctx, f.ID)
		}, func(err error) {
			if err != nil {
				d.refused(err)
				return
			}
			d.reload()
		})
	})
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
				d.refused(err)
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
				d.refused(err)
				return
			}
			d.env.status(lang.L("agr.Agreement {{.Number}} moved to the recycle bin.", map[string]any{"Number": d.a.Number}))
			d.list.closeDetail(true)
		})
	})
}
