package screens

// The resolutions tab: each decision with its rule and votes, and the
// outcome computed from them (never stored: data's Resolution.Outcome).
// The vote form shows the outcome and any problem as the clerk types; a
// count that does not add up (同意+反对+弃权+未表决 more than those entitled
// to vote) is refused with data's message and nothing is saved. A passed
// resolution of finalized minutes can start a project agreement.

import (
	"context"
	"errors"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

type resolutionsTab struct {
	d *meetingEditor

	quorum *widget.Label
	childTable

	form *voteForm // the form on show (tests)
}

// Resolution columns: seq, text (the rest, at least 220), rule, votes,
// outcome.
var resolutionColumns = flexAt(1, 36, 220, 80, 250, 110)

func (t *resolutionsTab) build() fyne.CanvasObject {
	t.quorum = &widget.Label{Wrapping: fyne.TextWrapWord}
	header, cols := headerRow(resolutionColumns, "#", lang.L("mtg.Resolution"), lang.L("mtg.Rule"),
		lang.L("mtg.Votes"), lang.L("mtg.Outcome"))
	t.initTable(lang.L("mtg.Add resolution"), lang.L("mtg.No resolutions yet."), func() { t.edit(-1) },
		func() int { return len(t.d.m.Resolutions) }, cols, t.rowButtons, t.updateRow)
	return t.tableBody(container.NewBorder(nil, nil, container.NewHBox(t.addBtn), nil, t.quorum),
		toolHeader(header, t.rowButtons()))
}

func (t *resolutionsTab) rowButtons() *fyne.Container {
	edit := newTipButton(theme.DocumentCreateIcon(), "tip.Edit", nil)
	remove := newTipButton(theme.DeleteIcon(), "tip.Delete", nil)
	agreement := &widget.Button{Text: lang.L("mtg.Start an agreement"), Icon: theme.DocumentIcon(), Importance: widget.LowImportance}
	return fixedTools(agreement, edit, remove)
}

// outcomeText is what the outcome of r says in the table and the form.
func outcomeText(m *data.Meeting, r data.Resolution) (string, widget.Importance) {
	o := r.Outcome(m)
	switch {
	case o.NoQuorum && o.Passed:
		return lang.L("mtg.Passed"), widget.SuccessImportance // cannot happen: no quorum never passes
	case o.NoQuorum:
		return lang.L("mtg.No quorum"), widget.WarningImportance
	case o.Passed:
		return lang.L("mtg.Passed"), widget.SuccessImportance
	}
	return lang.L("mtg.Not passed"), widget.DangerImportance
}

func voteText(r data.Resolution) string {
	return lang.L("mtg.For {{.For}} · against {{.Against}} · abstain {{.Abstain}} · not voting {{.NotVoting}}",
		map[string]any{"For": r.For, "Against": r.Against, "Abstain": r.Abstain, "NotVoting": r.NotVoting})
}

func (t *resolutionsTab) updateRow(id int, row, buttons *fyne.Container) {
	rs := t.d.m.Resolutions
	if id >= len(rs) {
		return
	}
	r := rs[id]
	outcome, imp := outcomeText(&t.d.m, r)
	setCells(row, strconv.Itoa(id+1), firstLineOf(r.Text), r.RuleOrDefault(), voteText(r), outcome)
	l := row.Objects[4].(*widget.Label)
	l.Importance = imp
	l.Refresh()
	agreement, edit, remove := buttons.Objects[0].(*widget.Button), toolButton(buttons.Objects[1]), toolButton(buttons.Objects[2])
	edit.OnTapped = func() { t.edit(id) }
	remove.OnTapped = func() { t.remove(id, r) }
	edit.SetIcon(theme.DocumentCreateIcon())
	if t.d.readOnly {
		edit.SetIcon(theme.VisibilityIcon())
	}
	showWhen(remove, !t.d.readOnly)
	switch {
	case r.AgreementID != nil:
		agreement.SetText(lang.L("mtg.Open the agreement"))
		agreement.OnTapped = func() { OpenAgreement(t.d.env, *r.AgreementID) }
		agreement.Show()
	case t.d.m.Frozen() && !t.d.m.Superseded() && r.Outcome(&t.d.m).Passed:
		agreement.SetText(lang.L("mtg.Start an agreement"))
		agreement.OnTapped = func() { t.onStartAgreement(r) }
		agreement.Show()
	default:
		agreement.Hide()
	}
}

func (t *resolutionsTab) refresh() {
	m := &t.d.m
	args := map[string]any{"Present": m.Present(), "Base": m.QuorumBase(), "Needed": m.QuorumNeeded()}
	if m.HasQuorum() {
		t.quorum.SetText(lang.L("mtg.Quorum reached: {{.Present}} of {{.Base}} present (needed {{.Needed}}).", args))
		t.quorum.Importance = widget.SuccessImportance
	} else {
		t.quorum.SetText(lang.L("mtg.No quorum: {{.Present}} of {{.Base}} present (needed {{.Needed}}); resolutions are marked and do not pass.", args))
		t.quorum.Importance = widget.WarningImportance
	}
	t.quorum.Refresh()
	t.refreshTable(len(m.Resolutions), !t.d.readOnly)
}

func (t *resolutionsTab) remove(i int, r data.Resolution) {
	msg := lang.L("mtg.Remove resolution {{.N}}? Actions linked to it stay, unlinked.", map[string]any{"N": i + 1})
	t.d.confirmRemove(lang.L("mtg.Remove resolution"), msg, func(m *data.Meeting) {
		m.Resolutions = dropAt(m.Resolutions, i, func(x data.Resolution) bool { return x.ID == r.ID })
	})
}

// voteForm is the form of one resolution.
type voteForm struct {
	text     *widget.Entry
	rule     *widget.Select
	votes    [4]*widget.Entry // for, against, abstain, not voting
	eligible *widget.Entry
	outcome  *widget.Label
	msg      *widget.Label
	ok       *widget.Button
	dlg      dialog.Dialog
}

// values is the resolution as the form has it, or the message of a count
// that is not a whole number.
func (f *voteForm) values(r data.Resolution) (data.Resolution, error) {
	r.Text, r.Rule = f.text.Text, f.rule.Selected
	fields := []*int{&r.For, &r.Against, &r.Abstain, &r.NotVoting, &r.Eligible}
	entries := []*widget.Entry{f.votes[0], f.votes[1], f.votes[2], f.votes[3], f.eligible}
	var errs []error
	for k, e := range entries {
		n, ok := wholeNumber(e.Text)
		if !ok {
			errs = append(errs, numberError("votes", e.Text))
		}
		*fields[k] = n
	}
	return r, errors.Join(errs...)
}

// edit opens the form of resolution i (-1: a new one).
func (t *resolutionsTab) edit(i int) {
	m := &t.d.m
	var r data.Resolution
	if i >= 0 && i < len(m.Resolutions) {
		r = m.Resolutions[i]
	} else {
		r = data.Resolution{Rule: data.RuleMajority}
	}
	seq := seqOf(i, len(m.Resolutions))
	r.Seq = seq
	f := &voteForm{}
	f.text = &widget.Entry{Text: r.Text, MultiLine: true, Wrapping: fyne.TextWrapWord, PlaceHolder: lang.L("mtg.What was decided")}
	f.text.SetMinRowsVisible(4)
	f.rule = &widget.Select{Options: data.VoteRules}
	selectValue(f.rule, r.RuleOrDefault())
	count := func(n int) *widget.Entry {
		e := &widget.Entry{Text: strconv.Itoa(n)}
		return e
	}
	f.votes = [4]*widget.Entry{count(r.For), count(r.Against), count(r.Abstain), count(r.NotVoting)}
	f.eligible = &widget.Entry{PlaceHolder: lang.L("mtg.Empty: all present ({{.N}})", map[string]any{"N": m.Present()})}
	if r.Eligible > 0 {
		f.eligible.SetText(strconv.Itoa(r.Eligible))
	}
	f.outcome = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	f.msg = errorLabel()
	live := func() {
		v, err := f.values(r)
		if err == nil {
			err = v.CheckVotes(m)
		}
		if err != nil {
			text, _ := inputMessages(err)
			setError(f.msg, text)
			f.outcome.SetText("")
			return
		}
		setError(f.msg, "")
		o := v.Outcome(m)
		word, imp := outcomeText(m, v)
		f.outcome.Importance = imp
		f.outcome.SetText(lang.L("mtg.{{.Outcome}}: {{.Rule}} of {{.Eligible}} entitled to vote needs {{.Needed}} for; present {{.Present}} of {{.Invited}}.",
			map[string]any{"Outcome": word, "Rule": o.Rule, "Eligible": o.Eligible, "Needed": o.Needed, "Present": o.Present, "Invited": o.Invited}))
	}
	for _, e := range append(f.votes[:], f.eligible) {
		e.OnChanged = func(string) { live() }
	}
	f.rule.OnChanged = func(string) { live() }
	small := func(e *widget.Entry) fyne.CanvasObject { return container.New(&fixedWidth{w: 80}, e) }
	votes := container.NewGridWithColumns(5,
		labelled(lang.L("mtg.For"), small(f.votes[0])), labelled(lang.L("mtg.Against"), small(f.votes[1])),
		labelled(lang.L("mtg.Abstain"), small(f.votes[2])), labelled(lang.L("mtg.Not voting"), small(f.votes[3])),
		labelled(lang.L("mtg.Entitled to vote"), small(f.eligible)))
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: lang.L("mtg.Resolution"), Widget: f.text},
		{Text: lang.L("mtg.Rule"), Widget: f.rule, HintText: lang.L("mtg.Of those entitled to vote: more than half, or at least two thirds")},
	}}
	content := container.NewVBox(form, votes, f.outcome, f.msg)
	live()
	t.form = f
	closed := func() {
		if t.form == f {
			t.form = nil
		}
	}
	if t.d.readOnly {
		f.text.Disable()
		f.rule.Disable()
		for _, e := range append(f.votes[:], f.eligible) {
			e.Disable()
		}
		// (ShowDialog sets the dialog's OnClosed: closed does not run.)
		f.dlg = showClosable(t.d.env, lang.L("mtg.Resolution"), content, fyne.NewSize(720, 0))
		return
	}
	c := t.d.editChild(i, lang.L("mtg.Add resolution"), lang.L("mtg.Edit resolution"), content, fyne.NewSize(720, 0), f.msg, func(c *childDialog) {
		v, err := f.values(r)
		if err == nil {
			check := v
			err = check.Validate(m)
		}
		c.save(err, func(mm *data.Meeting) { mm.Resolutions = putAt(mm.Resolutions, i, v) },
			lang.L("mtg.Resolution {{.N}} saved.", map[string]any{"N": seq}))
	}, closed)
	f.dlg, f.ok = c.dlg, c.ok
	t.d.env.Window.Canvas().Focus(f.text)
}

// onStartAgreement asks for the organization that carries the resolution
// out, makes the draft project agreement (data's ResolutionToAgreement)
// and offers to open it.
func (t *resolutionsTab) onStartAgreement(r data.Resolution) {
	env, s := t.d.env, t.d.env.Store()
	var p *regPicker
	p = showRegPicker(env, lang.L("mtg.Start an agreement: choose the organization"), lang.L("mtg.Name, pinyin initials or credit code"),
		findActiveOrganizations(s),
		func(it regPickItem, done func(string)) {
			o := it.value.(data.Organization)
			var a data.Agreement
			t.d.runPicked(func() *regPicker { return p }, done, func(ctx context.Context) error {
				var err error
				a, err = s.ResolutionToAgreement(ctx, r.ID, o.ID)
				return err
			}, func() {
				msg := lang.L("mtg.Draft agreement {{.Number}} with {{.Org}} made from resolution {{.N}}. Open it now?",
					map[string]any{"Number": a.Number, "Org": o.Name, "N": r.Seq})
				env.Confirm(lang.L("mtg.Agreement made"), msg, lang.L("mtg.Open the agreement"), false, func() {
					OpenAgreement(env, a.ID)
				})
			})
		})
	p.note.SetText(lang.L("mtg.The organization carries the resolution out; the agreement is a draft to complete on the agreements page."))
}
