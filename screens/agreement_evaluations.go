package screens

// The agreement's indicators and evaluations tab: the performance
// indicators agreed, and each evaluation with a score per indicator and
// its conclusion, recorded while the agreement is performed.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

type evaluationsTab struct {
	d   *agreementDetail
	box *fyne.Container
}

// Columns of the indicators (seq, name, target: the rest, weight) and of
// the evaluations (date, stage, evaluator, total, conclusion; the notes
// take the rest).
var (
	agreedIndicatorColumns = flexAt(2, 48, 260, 80, 64)
	evaluationColumns      = flexAt(5, 100, 90, 180, 70, 70, 80)
)

func (t *evaluationsTab) build() fyne.CanvasObject {
	t.box = container.NewVBox()
	return container.NewVScroll(t.box)
}

func (t *evaluationsTab) refresh() {
	a := &t.d.a
	objs := []fyne.CanvasObject{subheading(lang.L("agr.Performance indicators"))}
	inHeader, inCols := headerRow(agreedIndicatorColumns, lang.L("agr.No."), lang.L("agr.Indicator"), lang.L("agr.Target"), lang.L("agr.Weight"))
	objs = append(objs, inHeader)
	for _, in := range a.Indicators {
		row := newRow(inCols)
		setCells(row, strconv.Itoa(in.Seq), in.Name, in.Target, strconv.Itoa(in.Weight))
		objs = append(objs, row)
	}
	if len(a.Indicators) == 0 {
		objs = append(objs, noneYet(lang.L("agr.No indicators yet.")))
	}
	add := &widget.Button{Text: lang.L("agr.Add an evaluation…"), Icon: theme.ContentAddIcon(), OnTapped: t.onEvaluation}
	enableWhen(add, !a.IsSupplement() && (a.Status == data.AgreementSigned || a.Status == data.AgreementInProgress))
	objs = append(objs, widget.NewSeparator(),
		container.NewBorder(nil, nil, subheading(lang.L("agr.Evaluations")), container.NewCenter(add)))
	evHeader, evCols := headerRow(evaluationColumns, lang.L("agr.Date"), lang.L("agr.Stage"), lang.L("agr.Evaluator"),
		lang.L("agr.Score"), lang.L("agr.Conclusion"), lang.L("agr.Note"))
	objs = append(objs, evHeader)
	for _, e := range a.Evaluations {
		row := newRow(evCols)
		setCells(row, e.Date, e.Stage, e.Evaluator, strconv.FormatFloat(e.Total, 'f', -1, 64), e.Conclusion, e.Notes)
		objs = append(objs, row)
	}
	if len(a.Evaluations) == 0 {
		objs = append(objs, noneYet(lang.L("agr.No evaluations yet.")))
	}
	t.d.showTab(t.box, objs, t.d.evalItem, lang.L("agr.Indicators and evaluations ({{.N}})", map[string]any{"N": len(a.Evaluations)}))
}

// fromScore is the conclusion choice that leaves it to the total score.
func fromScore() string { return lang.L("agr.(from the score)") }

// onEvaluation records an evaluation: a score per indicator (0 to its
// weight) and the conclusion, which data derives from the total when left
// to it.
func (t *evaluationsTab) onEvaluation() {
	d := t.d
	stage := &widget.Select{Options: data.EvaluationStages, Selected: data.StageMidterm}
	for _, e := range d.a.Evaluations {
		if e.Stage == data.StageMidterm {
			stage.Selected = data.StageFinal
		}
	}
	date := newDateField(d.today(), "")
	evaluator := &widget.Entry{PlaceHolder: lang.L("agr.Person, panel or third-party body")}
	conclusion := &widget.Select{Options: append([]string{fromScore()}, data.Conclusions...), Selected: fromScore()}
	notes := &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord}
	notes.SetMinRowsVisible(3)
	scores, scoreRows := t.scoreInputs()
	f := &dialogForm{fields: []*formField{
		newFormField("stage", lang.L("agr.Stage"), stage),
		newFormField("date", lang.L("agr.Date"), date),
		newFormField("evaluator", lang.L("agr.Evaluator"), evaluator),
		newFormField("scores", lang.L("agr.Scores"), scoreRows),
		newFormField("conclusion", lang.L("agr.Conclusion"), conclusion),
		newFormField("notes", lang.L("agr.Note"), notes),
	}}
	s, id := d.env.Store(), d.id
	f.show(d.env, lang.L("agr.Add an evaluation"), lang.L("agr.Record the evaluation"), fyne.NewSize(640, 560), func() {
		e := data.Evaluation{AgreementID: id, Stage: stage.Selected, Date: date.Text, Evaluator: evaluator.Text, Notes: notes.Text}
		if conclusion.Selected != fromScore() {
			e.Conclusion = conclusion.Selected
		}
		var err error
		if e.Scores, err = t.readScores(scores); err != nil {
			f.refuse(err)
			return
		}
		f.run(d.env, func(ctx context.Context) error {
			return s.AddEvaluation(ctx, &e)
		}, func() {
			d.env.status(lang.L("agr.Evaluation of {{.Number}} recorded: {{.Conclusion}}.", map[string]any{"Number": d.a.Number, "Conclusion": e.Conclusion}))
			d.reload()
		})
	})
}

// scoreInputs are an entry per indicator for its score, laid out with
// the indicators' names and the total under them.
func (t *evaluationsTab) scoreInputs() ([]*widget.Entry, fyne.CanvasObject) {
	indicators := t.d.a.Indicators
	total := &widget.Label{Importance: widget.LowImportance}
	scores := make([]*widget.Entry, len(indicators))
	var rows []fyne.CanvasObject
	sum := func(string) {
		var t float64
		for _, e := range scores {
			if v, err := strconv.ParseFloat(strings.TrimSpace(e.Text), 64); err == nil {
				t += v
			}
		}
		total.SetText(lang.L("agr.Total {{.Total}} of 100", map[string]any{"Total": strconv.FormatFloat(t, 'f', -1, 64)}))
	}
	for i, in := range indicators {
		scores[i] = &widget.Entry{PlaceHolder: fmt.Sprintf("0–%d", in.Weight), OnChanged: sum}
		name := &widget.Label{Text: fmt.Sprintf("%d. %s（%s）", in.Seq, in.Name, in.Target), Truncation: fyne.TextTruncateEllipsis}
		rows = append(rows, container.NewBorder(nil, nil, nil, container.New(&fixedWidth{w: 90}, scores[i]), name))
	}
	rows = append(rows, total)
	sum("")
	return scores, container.NewVBox(rows...)
}

// readScores reads the scores typed, one per indicator (an empty one is
// left out), or the message of the first that is not a number.
func (t *evaluationsTab) readScores(scores []*widget.Entry) ([]data.IndicatorScore, error) {
	var out []data.IndicatorScore
	for i, in := range t.d.a.Indicators {
		text := strings.TrimSpace(scores[i].Text)
		if text == "" {
			continue
		}
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, inputError("scores", "agr.Indicator {{.N}}: “{{.Value}}” is not a number.", map[string]any{"N": in.Seq, "Value": text})
		}
		out = append(out, data.IndicatorScore{IndicatorID: in.ID, Score: v})
	}
	return out, nil
}
