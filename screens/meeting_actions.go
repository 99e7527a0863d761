package screens

// The actions tab (督办事项): what the meeting agreed to do, by whom, by
// when. The task, owner and deadline are part of the minutes and change
// only in a draft; the follow-up — progress notes, the status, the
// completion date, carrying an action into a later meeting — goes on
// after the minutes are finalized, here and on the actions board.

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

type actionsTab struct {
	d *meetingEditor
	childTable
}

// Action columns: seq, task (the rest, at least 220), owner, deadline,
// state, completed.
var actionColumns = flexAt(1, 36, 220, 120, 96, 72, 96)

func (t *actionsTab) build() fyne.CanvasObject {
	header, cols := headerRow(actionColumns, "#", lang.L("mtg.Task"), lang.L("mtg.Owner"),
		lang.L("mtg.Deadline"), lang.L("Status"), lang.L("mtg.Completed"))
	t.initTable(lang.L("mtg.Add action"), lang.L("mtg.No actions yet."), func() { t.edit(-1) },
		func() int { return len(t.d.m.Actions) }, cols, t.rowButtons, t.updateRow)
	board := &widget.Button{Text: lang.L("mtg.Actions board"), Icon: theme.ListIcon(), OnTapped: func() { t.d.env.navigate(PageActions) }}
	return t.tableBody(container.NewBorder(nil, nil, container.NewHBox(t.addBtn), container.NewHBox(board)),
		toolHeader(header, t.rowButtons()))
}

func (t *actionsTab) rowButtons() *fyne.Container {
	progress := &widget.Button{Text: lang.L("mtg.Progress…"), Icon: theme.HistoryIcon(), Importance: widget.LowImportance}
	carry := &widget.Button{Text: lang.L("mtg.Carry…"), Icon: theme.MailForwardIcon(), Importance: widget.LowImportance}
	edit := newTipButton(theme.DocumentCreateIcon(), "tip.Edit", nil)
	remove := newTipButton(theme.DeleteIcon(), "tip.Delete", nil)
	return fixedTools(progress, carry, edit, remove)
}

// actionState is an action's state today, with "carried" for one
// followed up in a later meeting.
func actionState(a data.Action, today string) string {
	if a.Carried() {
		return lang.L("mtg.Carried")
	}
	return a.State(today)
}

func stateImportance(state string) widget.Importance {
	switch state {
	case data.ActionOverdue:
		return widget.DangerImportance
	case data.ActionDone:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

func (t *actionsTab) updateRow(id int, row, buttons *fyne.Container) {
	as := t.d.m.Actions
	if id >= len(as) {
		return
	}
	a := as[id]
	today := storeToday(t.d.env.Store()).Format("2006-01-02")
	state := actionState(a, today)
	task := firstLineOf(a.Task)
	if a.CarriedFromID != nil {
		task = lang.L("mtg.(continued)") + " " + task
	}
	setCells(row, strconv.Itoa(id+1), task, a.Owner, orDash(a.Deadline), state, a.CompletedDate)
	l := row.Objects[4].(*widget.Label)
	l.Importance = stateImportance(state)
	l.Refresh()
	progress, carry := buttons.Objects[0].(*widget.Button), buttons.Objects[1].(*widget.Button)
	edit, remove := toolButton(buttons.Objects[2]), toolButton(buttons.Objects[3])
	newest := !t.d.m.Superseded() && t.d.id != 0
	followed := newest && !a.Carried()
	progress.OnTapped = func() { showProgress(t.d.env, a, t.d.m.Date, t.d.reload) }
	carry.OnTapped = func() { t.onCarry(a) }
	edit.OnTapped = func() { t.edit(id) }
	remove.OnTapped = func() { t.remove(id, a) }
	enableWhen(progress, followed)
	enableWhen(carry, followed && a.Status != data.ActionDone)
	showWhen(edit, !t.d.readOnly)
	showWhen(remove, !t.d.readOnly)
}

func (t *actionsTab) refresh() {
	t.refreshTable(len(t.d.m.Actions), !t.d.readOnly)
}

func (t *actionsTab) remove(i int, a data.Action) {
	msg := lang.L("mtg.Remove the action “{{.Task}}” with its progress notes?", map[string]any{"Task": firstLineOf(a.Task)})
	t.d.confirmRemove(lang.L("mtg.Remove action"), msg, func(m *data.Meeting) {
		m.Actions = dropAt(m.Actions, i, func(x data.Action) bool { return x.ID == a.ID })
	})
}

// edit opens the form of action i (-1: a new one) of a draft.
func (t *actionsTab) edit(i int) {
	m := &t.d.m
	var a data.Action
	if i >= 0 && i < len(m.Actions) {
		a = m.Actions[i]
	} else {
		a = data.Action{Status: data.ActionNotStarted}
	}
	task := &widget.Entry{Text: a.Task, MultiLine: true, Wrapping: fyne.TextWrapWord}
	task.SetMinRowsVisible(3)
	owner := &widget.Entry{Text: a.Owner, PlaceHolder: lang.L("mtg.Person or unit responsible")}
	deadline := newDateField(a.Deadline, lang.L("mtg.YYYY-MM-DD"))
	status := &widget.Select{Options: data.ActionStatuses}
	selectValue(status, a.Status)
	completed := newDateField(a.CompletedDate, lang.L("mtg.YYYY-MM-DD"))
	none := lang.L("(none)")
	resOpts := []string{none}
	resIndex := map[string]int{}
	for k, r := range m.Resolutions {
		o := lang.L("mtg.Resolution {{.N}}: {{.Text}}", map[string]any{"N": k + 1, "Text": truncRunes(firstLineOf(r.Text), 31)})
		resOpts = append(resOpts, o)
		resIndex[o] = k + 1
	}
	resolution := &widget.Select{Options: resOpts}
	resolution.SetSelected(none)
	if a.ResolutionID != nil {
		for k, r := range m.Resolutions {
			if r.ID == *a.ResolutionID {
				resolution.SetSelected(resOpts[k+1])
			}
		}
	}
	msg := errorLabel()
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: lang.L("mtg.Task"), Widget: task},
		{Text: lang.L("mtg.Owner"), Widget: owner},
		{Text: lang.L("mtg.Deadline"), Widget: deadline},
		{Text: lang.L("Status"), Widget: status, HintText: lang.L("mtg.Overdue follows from the deadline")},
		{Text: lang.L("mtg.Completed"), Widget: completed},
		{Text: lang.L("mtg.Resolution"), Widget: resolution},
	}}
	content := container.NewVBox(form, msg)
	t.d.editChild(i, lang.L("mtg.Add action"), lang.L("mtg.Edit action"), content, fyne.NewSize(620, 0), msg, func(c *childDialog) {
		v := a
		v.Task, v.Owner, v.Deadline, v.Status, v.CompletedDate = task.Text, owner.Text, deadline.Text, status.Selected, completed.Text
		v.ResolutionSeq, v.ResolutionID = resIndex[resolution.Selected], nil
		v.Seq = seqOf(i, len(m.Actions))
		check := v
		c.save(check.Validate(), func(mm *data.Meeting) { mm.Actions = putAt(mm.Actions, i, v) }, lang.L("mtg.Action saved."))
	}, nil)
	t.d.env.Window.Canvas().Focus(task)
}

// onCarry puts action a on the agenda of a later draft meeting, chosen
// from the drafts dated after this meeting, and offers to open it.
func (t *actionsTab) onCarry(a data.Action) {
	env, s, from := t.d.env, t.d.env.Store(), t.d.m
	var p *regPicker
	p = showRegPicker(env, lang.L("mtg.Carry the action into a later meeting"), lang.L("mtg.Search the draft meetings"),
		func(ctx context.Context, q string) ([]regPickItem, error) {
			page, err := s.ListMeetings(ctx, data.MeetingFilter{Query: q, Status: data.MeetingDraft, Limit: 100})
			var items []regPickItem
			for _, m := range page.Rows {
				if m.Date <= from.Date || m.ID == from.ID {
					continue
				}
				items = append(items, regPickItem{label: m.Title, note: strings.Join(nonEmptyParts(m.Date, m.Kind, m.Community), " · "), value: m.Meeting})
			}
			return items, err
		},
		func(it regPickItem, done func(string)) {
			to := it.value.(data.Meeting)
			t.d.runPicked(func() *regPicker { return p }, done, func(ctx context.Context) error {
				_, err := s.CarryAction(ctx, a.ID, to.ID)
				return err
			}, func() {
				msg := lang.L("mtg.The action is on the agenda of “{{.Title}}” ({{.Date}}) and is followed up there. Open that meeting?",
					map[string]any{"Title": to.Title, "Date": to.Date})
				env.Confirm(lang.L("mtg.Action carried"), msg, lang.L("mtg.Open"), false, func() { t.d.openVersion(to.ID) })
			})
		})
	p.note.SetText(lang.L("mtg.Only draft meetings held after {{.Date}} can take the action.", map[string]any{"Date": from.Date}))
}

// showProgress is an action's follow-up: its notes so far, a new note,
// and its status with the completion date. changed runs after each save.
func showProgress(env *Env, a data.Action, meetingDate string, changed func()) {
	s := env.Store()
	today := storeToday(s).Format("2006-01-02")
	history := container.NewVBox()
	showNotes := func(notes []data.ActionNote) {
		history.Objects = nil
		if len(notes) == 0 {
			history.Add(&widget.Label{Text: lang.L("mtg.No progress notes yet."), Importance: widget.LowImportance})
		}
		for _, n := range notes {
			history.Add(&widget.Label{Text: n.Date + "　" + n.Text + "　（" + orDash(n.Operator) + "）", Wrapping: fyne.TextWrapWord})
		}
		history.Refresh()
	}
	notes := a.Progress
	showNotes(notes)
	noteText := &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, PlaceHolder: lang.L("mtg.What was done")}
	noteText.SetMinRowsVisible(2)
	noteDate := newDateField(today, lang.L("mtg.YYYY-MM-DD"))
	status := &widget.Select{Options: data.ActionStatuses}
	selectValue(status, a.Status)
	completed := newDateField(a.CompletedDate, lang.L("mtg.Empty: today"))
	msg := errorLabel()
	done := &widget.Label{Importance: widget.SuccessImportance}
	state := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	showState := func() {
		st := a.State(today)
		state.SetText(lang.L("mtg.State today: {{.State}}", map[string]any{"State": st}))
		state.Importance = stateImportance(st)
		state.Refresh()
	}
	showState()
	addNote := &widget.Button{Text: lang.L("mtg.Add note"), Icon: theme.ContentAddIcon()}
	setStatus := &widget.Button{Text: lang.L("mtg.Set status"), Icon: theme.ConfirmIcon()}
	// save runs work off the UI goroutine with both buttons disabled; once
	// it is done, saved shows what changed and says what to tell the clerk.
	save := func(work func(ctx context.Context) error, saved func() string) {
		enableWhen(addNote, false)
		enableWhen(setStatus, false)
		env.Background(work, func(err error) {
			enableWhen(addNote, true)
			enableWhen(setStatus, true)
			if err != nil {
				setError(msg, Message(err))
				return
			}
			setError(msg, "")
			done.SetText(saved())
			if changed != nil {
				changed()
			}
		})
	}
	addNote.OnTapped = func() {
		n := data.ActionNote{Text: noteText.Text, Date: noteDate.Text}
		if err := n.Validate(today); err != nil {
			text, _ := inputMessages(err)
			setError(msg, text)
			return
		}
		var fresh data.Action
		save(func(ctx context.Context) error {
			if err := s.AddActionNote(ctx, a.ID, &n); err != nil {
				return err
			}
			chain, err := s.ActionChain(ctx, a.ID)
			for _, c := range chain {
				if c.ID == a.ID {
					fresh = c
				}
			}
			return err
		}, func() string {
			a = fresh
			noteText.SetText("")
			showNotes(a.Progress)
			selectValue(status, a.Status)
			showState()
			return lang.L("mtg.Note added.")
		})
	}
	setStatus.OnTapped = func() {
		st, day := status.Selected, completed.Text
		save(func(ctx context.Context) error {
			return s.UpdateActionStatus(ctx, a.ID, st, day)
		}, func() string {
			a.Status = st
			if st == data.ActionDone && day == "" {
				day = today
			}
			if st != data.ActionDone {
				day = ""
			}
			a.CompletedDate = day
			completed.SetText(day)
			showState()
			return lang.L("mtg.Status saved.")
		})
	}
	head := container.NewVBox(
		&widget.Label{Text: a.Task, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: lang.L("mtg.Owner {{.Owner}} · deadline {{.Deadline}} · meeting of {{.Date}}",
			map[string]any{"Owner": a.Owner, "Deadline": orDash(a.Deadline), "Date": meetingDate}), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord},
		state,
	)
	newNote := container.NewBorder(nil, nil, container.NewVBox(container.New(&fixedWidth{w: 120}, noteDate)), container.NewVBox(addNote), noteText)
	statusRow := container.NewHBox(&widget.Label{Text: lang.L("Status")}, container.New(&fixedWidth{w: 110}, status),
		&widget.Label{Text: lang.L("mtg.Completed")}, container.New(&fixedWidth{w: 130}, completed), setStatus)
	content := container.NewBorder(head,
		container.NewVBox(widget.NewSeparator(), subheading(lang.L("mtg.New progress note")), newNote, statusRow, msg, done),
		nil, nil, container.NewVScroll(history))
	showClosable(env, lang.L("mtg.Progress of the action"), content, fyne.NewSize(760, 560))
	env.Window.Canvas().Focus(noteText)
}
