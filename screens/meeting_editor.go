package screens

// The meeting editor: one meeting's minutes in tabs — the basics with the
// workflow (草稿 → 已定稿 → 已公示, amended versions), the participants,
// the agenda with the speeches, the resolutions with their votes, and the
// actions. The basics are a form saved with Save; an edit in the other
// tabs (a dialog's confirm) saves the meeting at once, so what the table
// shows is what is stored. Every rule (what adds up, what may change
// once finalized) is package data's: the editor asks first, to show the
// message beside the input, and the store decides.

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// meetingEditor shows meeting id (0: a new one, whose other tabs open once
// it is saved).
type meetingEditor struct {
	env     *Env
	id      int64
	onBack  func()
	replace func(id int64) // open another version in place of this one

	m        data.Meeting // as stored, or the new one
	versions []data.Meeting
	readOnly bool // finalized or superseded: the minutes cannot change

	title   *widget.Label
	summary *widget.Label

	// Basics.
	recordForm
	fTitle     *widget.Entry
	kind       *widget.Select
	community  *widget.Entry
	date       *dateField
	start      *widget.Entry
	end        *widget.Entry
	place      *widget.Entry
	convener   *widget.Entry
	host       *widget.Entry
	recorder   *widget.Entry
	invited    *widget.Entry
	quorum     *widget.Entry
	mSummary   *widget.Entry
	notes      *widget.Entry
	statusLine *widget.Label
	amendLine  *widget.Label
	finalize   *widget.Button
	publish    *widget.Button
	amend      *widget.Button
	deleteBtn  *widget.Button
	versionSel *widget.Select
	versionBox *fyne.Container

	tabs       *container.AppTabs
	basicsTab  *container.TabItem
	partTab    *container.TabItem
	agendaTab  *container.TabItem
	resTab     *container.TabItem
	actTab     *container.TabItem
	people     *participantsTab
	agenda     *agendaTab
	votes      *resolutionsTab
	followUp   *actionsTab
	docsButton *widget.Button
}

func newMeetingEditor(env *Env, id int64, onBack func()) *meetingEditor {
	d := &meetingEditor{env: env, id: id, onBack: onBack}
	d.people, d.agenda, d.votes, d.followUp = &participantsTab{d: d}, &agendaTab{d: d}, &resolutionsTab{d: d}, &actionsTab{d: d}
	return d
}

func (d *meetingEditor) buildUI() fyne.CanvasObject {
	printBtn := &widget.Button{Text: lang.L("mtg.Print minutes"), Icon: theme.DocumentPrintIcon(), OnTapped: d.Print}
	d.docsButton = &widget.Button{Text: lang.L("mtg.Other documents"), Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText}
	d.docsButton.OnTapped = func() { d.showDocsMenu(d.docsButton) }
	var header fyne.CanvasObject
	d.title, d.summary, header = detailHeader(d.leaveThen(d.onBack), container.NewHBox(printBtn, d.docsButton), d.mark())
	d.basicsTab = container.NewTabItemWithIcon(lang.L("mtg.Basics"), theme.DocumentIcon(), d.buildBasics())
	d.partTab = container.NewTabItemWithIcon(lang.L("mtg.Participants"), theme.AccountIcon(), d.people.build())
	d.agendaTab = container.NewTabItemWithIcon(lang.L("mtg.Agenda and speeches"), theme.ListIcon(), d.agenda.build())
	d.resTab = container.NewTabItemWithIcon(lang.L("mtg.Resolutions and votes"), theme.ConfirmIcon(), d.votes.build())
	d.actTab = container.NewTabItemWithIcon(lang.L("mtg.Actions"), theme.HistoryIcon(), d.followUp.build())
	d.tabs = recordTabs(&d.recordForm, d.id == 0, d.basicsTab, d.basicsTab, d.partTab, d.agendaTab, d.resTab, d.actTab)
	return detailLayout(d.tabs, header)
}

func (d *meetingEditor) buildBasics() fyne.CanvasObject {
	d.fTitle = d.entry(lang.L("mtg.E.g. Consultation on installing lifts in Chunhui Estate"))
	d.kind = d.choice(data.MeetingKinds)
	d.community = d.entry("")
	d.date = d.dateEntry(lang.L("mtg.YYYY-MM-DD"))
	d.start = d.entry(lang.L("mtg.HH:MM"))
	d.end = d.entry(lang.L("mtg.HH:MM"))
	d.place = d.entry("")
	d.convener = d.entry(lang.L("mtg.Person or body that called the meeting"))
	d.host = d.entry("")
	d.recorder = d.entry("")
	d.invited = d.entry(lang.L("mtg.Empty: the participants listed"))
	d.quorum = d.entry("50")
	d.mSummary = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, OnChanged: d.onInput,
		PlaceHolder: lang.L("mtg.Closing summary, printed at the end of the minutes")}
	d.mSummary.SetMinRowsVisible(3)
	d.notes = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, OnChanged: d.onInput,
		PlaceHolder: lang.L("mtg.Internal notes, not printed")}
	d.notes.SetMinRowsVisible(2)

	f := func(name, label string, input fyne.CanvasObject) *formField { return newFormField(name, label, input) }
	title := f("title", lang.L("mtg.Title"), d.fTitle)
	kind, community := f("kind", lang.L("mtg.Kind"), d.kind), f("community", lang.L("Community"), d.community)
	date := f("date", lang.L("Date"), d.date)
	start, end := f("startTime", lang.L("mtg.Start time"), d.start), f("endTime", lang.L("mtg.End time"), d.end)
	place, convener := f("place", lang.L("mtg.Place"), d.place), f("convener", lang.L("mtg.Convener"), d.convener)
	host, recorder := f("host", lang.L("mtg.Host"), d.host), f("recorder", lang.L("mtg.Recorder"), d.recorder)
	invited, quorum := f("invited", lang.L("mtg.Invited"), d.invited), f("quorumPercent", lang.L("mtg.Quorum (%)"), d.quorum)
	quorum.hint = &widget.Label{Text: lang.L("mtg.More than this share of the invited must be present"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	sum, notes := f("summary", lang.L("mtg.Summary"), d.mSummary), f("notes", lang.L("Note"), d.notes)
	d.fields = []*formField{title, kind, community, date, start, end, place, convener, host, recorder, invited, quorum, sum, notes}

	d.initForm(d.env, d.Save)
	d.env.offer(CapMeetingWrite, d.saveBtn) // a reader (领导, 网格员) reads and prints

	d.statusLine = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	d.amendLine = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	d.amendLine.Hide()
	d.finalize = &widget.Button{Text: lang.L("mtg.Finalize"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: d.onFinalize}
	d.publish = &widget.Button{Text: lang.L("mtg.Publish"), Icon: theme.MailSendIcon(), OnTapped: d.onPublish}
	d.amend = &widget.Button{Text: lang.L("mtg.Amend…"), Icon: theme.DocumentCreateIcon(), OnTapped: d.onAmend}
	d.deleteBtn = &widget.Button{Text: lang.L("mtg.Delete draft"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: d.onDelete}
	d.versionSel = &widget.Select{PlaceHolder: lang.L("mtg.Versions")}
	d.versionBox = container.New(&fixedWidth{w: 220}, d.versionSel)
	// Save sits with the workflow at the top, where it shows without
	// scrolling on a laptop screen.
	workflow := container.NewHBox(d.saveBtn, d.finalize, d.publish, d.amend, d.deleteBtn, d.versionBox, d.savedNote)
	status := container.NewVBox(d.statusLine, d.amendLine, workflow, d.general)

	labelW := labelsWidth(80, d.fields...)
	body := container.NewVBox(
		status,
		widget.NewSeparator(),
		fieldGrid(1, labelW, title),
		fieldGrid(2, labelW, kind, community, date, place, start, end, convener, host, recorder, invited, quorum),
		fieldGrid(1, labelW, sum, notes),
	)
	return container.NewVScroll(container.NewPadded(body))
}

// meetingData is what reload reads off the UI goroutine.
type meetingData struct {
	m        data.Meeting
	versions []data.Meeting
}

// reload reads the meeting and its versions again; the basics keep
// unsaved edits.
func (d *meetingEditor) reload() {
	reloadDetail(d.env, &d.id, func(ctx context.Context, s *data.Store, id int64) (v meetingData, err error) {
		if id == 0 {
			v.m = data.Meeting{Kind: data.MeetingConsult, Date: storeToday(s).Format("2006-01-02"),
				QuorumPercent: data.DefaultQuorumPercent, Status: data.MeetingDraft, Version: 1}
			return v, nil
		}
		if v.m, err = s.Meeting(ctx, id); err != nil {
			return v, err
		}
		v.versions, err = s.MeetingVersions(ctx, id)
		return v, err
	}, d.show)
}

func (d *meetingEditor) show(v meetingData) {
	d.m, d.versions = v.m, v.versions
	d.readOnly = d.m.Frozen() || d.m.Superseded()
	if !d.dirty || !d.loaded || d.readOnly {
		d.fill(d.m)
	}
	d.showHeader()
	d.showStatus()
	d.showChildren()
}

// showHeader writes the title and the summary line.
func (d *meetingEditor) showHeader() {
	if d.id == 0 {
		d.title.SetText(lang.L("mtg.New meeting"))
		d.summary.SetText(lang.L("mtg.Fill in the basics and save; then add the participants, agenda, resolutions and actions."))
		return
	}
	d.title.SetText(d.m.Title)
	parts := []string{d.m.Date, d.m.Kind}
	if d.m.Community != "" {
		parts = append(parts, d.m.Community)
	}
	// The ID is what `jiedao print minutes ID` and the IT staff's scripts take.
	parts = append(parts, d.m.Status, lang.L("mtg.Version {{.N}}", map[string]any{"N": d.m.Version}),
		lang.L("mtg.ID {{.ID}}", map[string]any{"ID": d.m.ID}))
	d.summary.SetText(strings.Join(parts, " · "))
}

// showStatus writes the status line and offers the workflow's next steps.
func (d *meetingEditor) showStatus() {
	m := &d.m
	var line string
	switch {
	case d.id == 0:
		line = lang.L("mtg.New meeting, not saved yet")
	case m.Status == data.MeetingDraft:
		line = lang.L("mtg.Draft: the minutes can be edited")
	case m.Status == data.MeetingFinal:
		line = lang.L("mtg.Finalized by {{.By}} on {{.At}}: the minutes are frozen", map[string]any{"By": orDash(m.FinalizedBy), "At": workflowTime(m.FinalizedAt)})
	case m.Status == data.MeetingPublished:
		line = lang.L("mtg.Published by {{.By}} on {{.At}} (finalized by {{.FBy}} on {{.FAt}})", map[string]any{
			"By": orDash(m.PublishedBy), "At": workflowTime(m.PublishedAt), "FBy": orDash(m.FinalizedBy), "FAt": workflowTime(m.FinalizedAt)})
	}
	if m.Superseded() {
		line += "\n" + lang.L("mtg.A newer version replaces this one; it is shown read-only.")
	}
	d.statusLine.SetText(line)
	if m.PreviousID != nil {
		d.amendLine.SetText(lang.L("mtg.Amended version {{.N}}; reason: {{.Reason}}", map[string]any{"N": m.Version, "Reason": m.AmendReason}))
	}
	showWhen(d.amendLine, m.PreviousID != nil)
	newest := !m.Superseded()
	showWhen(d.finalize, d.id != 0 && newest && m.Status == data.MeetingDraft)
	showWhen(d.deleteBtn, d.id != 0 && newest && m.Status == data.MeetingDraft)
	showWhen(d.publish, newest && m.Status == data.MeetingFinal)
	showWhen(d.amend, newest && m.Frozen())

	var opts []string
	byOpt := map[string]int64{}
	for _, v := range d.versions {
		o := lang.L("mtg.Version {{.N}} · {{.Status}}", map[string]any{"N": v.Version, "Status": v.Status})
		opts = append(opts, o)
		byOpt[o] = v.ID
	}
	d.versionSel.OnChanged = nil
	d.versionSel.Options = opts
	d.versionSel.ClearSelected()
	for o, id := range byOpt {
		if id == d.id {
			d.versionSel.SetSelected(o)
		}
	}
	d.versionSel.OnChanged = func(o string) {
		if id := byOpt[o]; id != 0 && id != d.id {
			d.openVersion(id)
		}
	}
	showWhen(d.versionBox, len(d.versions) > 1)

	for _, f := range d.fields {
		enableWhen(f.input, !d.readOnly)
	}
	showWhen(d.saveBtn, !d.readOnly)
}

// workflowTime writes a workflow time in the user's format.
func workflowTime(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return FormatDateTime(t.Local())
}

// showChildren refreshes the tabs after the meeting changed.
func (d *meetingEditor) showChildren() {
	if d.id != 0 {
		for _, t := range []*container.TabItem{d.partTab, d.agendaTab, d.resTab, d.actTab} {
			d.tabs.EnableItem(t)
		}
	}
	d.partTab.Text = lang.L("mtg.Participants ({{.N}})", map[string]any{"N": len(d.m.Participants)})
	d.agendaTab.Text = lang.L("mtg.Agenda ({{.N}})", map[string]any{"N": len(d.m.Agenda)})
	d.resTab.Text = lang.L("mtg.Resolutions ({{.N}})", map[string]any{"N": len(d.m.Resolutions)})
	d.actTab.Text = lang.L("mtg.Actions ({{.N}})", map[string]any{"N": len(d.m.Actions)})
	d.tabs.Refresh()
	d.people.refresh()
	d.agenda.refresh()
	d.votes.refresh()
	d.followUp.refresh()
}

// fill puts m's basics in the form.
func (d *meetingEditor) fill(m data.Meeting) {
	d.load(func() {
		d.fTitle.SetText(m.Title)
		selectValue(d.kind, m.Kind)
		d.community.SetText(m.Community)
		d.date.SetText(m.Date)
		d.start.SetText(m.StartTime)
		d.end.SetText(m.EndTime)
		d.place.SetText(m.Place)
		d.convener.SetText(m.Convener)
		d.host.SetText(m.Host)
		d.recorder.SetText(m.Recorder)
		d.invited.SetText("")
		if m.Invited > 0 {
			d.invited.SetText(strconv.Itoa(m.Invited))
		}
		d.quorum.SetText(strconv.Itoa(m.Quorum()))
		d.mSummary.SetText(m.Summary)
		d.notes.SetText(m.Notes)
	})
}

// values is the meeting with the basics as the form has them, and the
// messages of numbers that are not numbers.
func (d *meetingEditor) values() (data.Meeting, error) {
	m := d.m.Clone()
	m.Title = d.fTitle.Text
	m.Kind = d.kind.Selected
	m.Community = d.community.Text
	m.Date = d.date.Text
	m.StartTime = d.start.Text
	m.EndTime = d.end.Text
	m.Place = d.place.Text
	m.Convener = d.convener.Text
	m.Host = d.host.Text
	m.Recorder = d.recorder.Text
	m.Summary = d.mSummary.Text
	m.Notes = d.notes.Text
	var errs []error
	var ok bool
	if m.Invited, ok = wholeNumber(d.invited.Text); !ok {
		errs = append(errs, numberError("invited", d.invited.Text))
	}
	if m.QuorumPercent, ok = wholeNumber(d.quorum.Text); !ok {
		errs = append(errs, numberError("quorumPercent", d.quorum.Text))
	}
	return m, errors.Join(errs...)
}

// Save saves the basics (Ctrl+S). A refused form saves nothing and shows
// each message under its field.
func (d *meetingEditor) Save() {
	if d.readOnly {
		return
	}
	v, err := d.values()
	if err == nil {
		check := v.Clone()
		err = check.Validate()
	}
	s, isNew := d.env.Store(), d.id == 0
	d.saveForm(d.env, err, func(ctx context.Context) error {
		if isNew {
			return s.CreateMeeting(ctx, &v)
		}
		return s.UpdateMeeting(ctx, &v)
	}, func() {
		d.env.status(lang.L("mtg.Meeting “{{.Title}}” saved.", map[string]any{"Title": v.Title}))
		if isNew {
			d.id = v.ID
		}
		d.reload()
	})
}

// saveChildren saves the meeting with change applied to a copy of what is
// stored: the other tabs' edits. A change the rules refuse saves nothing;
// done gets the error (nil once saved and shown).
func (d *meetingEditor) saveChildren(change func(m *data.Meeting), done func(error)) {
	if d.readOnly || d.id == 0 {
		done(&data.Error{Key: data.KeyMeetingFrozen, Args: map[string]any{"Title": d.m.Title, "Status": d.m.Status}})
		return
	}
	m := d.m.Clone()
	change(&m)
	check := m.Clone()
	if err := check.Validate(); err != nil {
		done(err)
		return
	}
	s, id := d.env.Store(), d.id
	d.env.Background(func(ctx context.Context) error {
		return s.UpdateMeeting(ctx, &m)
	}, func(err error) {
		if err == nil && d.id == id {
			d.m = m
			d.showHeader()
			d.showChildren()
		}
		done(err)
	})
}

// childDialog is a tab's form in a dialog (a participant, an agenda item,
// a resolution, an action): it stays open with the rules' message when a
// row is refused, and closes once the meeting is saved with the row.
type childDialog struct {
	d   *meetingEditor
	msg *widget.Label
	dlg *dialog.CustomDialog
	ok  *widget.Button
}

// editChild shows content in a form dialog for row i of a tab (-1: a new
// one): titled add or edit, its confirm button saying "Add" or "Save" and
// running confirm. msg is the form's message line.
func (d *meetingEditor) editChild(i int, add, edit string, content fyne.CanvasObject, size fyne.Size, msg *widget.Label,
	confirm func(c *childDialog), onClosed func()) *childDialog {
	c := &childDialog{d: d, msg: msg}
	title, button := edit, lang.L("Save")
	if i < 0 {
		title, button = add, lang.L("mtg.Add")
	}
	c.dlg, c.ok = d.env.showFormDialog(title, button, content, size, func() { confirm(c) }, onClosed)
	return c
}

// save saves the meeting with change (saveChildren) unless checked, the
// row's Validate, refuses it; once saved the dialog closes and done is
// said in the status bar.
func (c *childDialog) save(checked error, change func(m *data.Meeting), done string) {
	if checked != nil {
		c.refuse(checked)
		return
	}
	c.ok.Disable()
	c.d.saveChildren(change, func(err error) {
		c.ok.Enable()
		if err != nil {
			c.refuse(err)
			return
		}
		c.dlg.Hide()
		c.d.env.status(done)
	})
}

// refuse shows why the row was refused.
func (c *childDialog) refuse(err error) {
	text, _ := inputMessages(err)
	setError(c.msg, text)
}

// runPicked does work off the UI goroutine for a row picked in the
// register picker: a failure is said in the picker (done), else the picker
// closes, the meeting is read again and then runs.
func (d *meetingEditor) runPicked(picker func() *regPicker, done func(string), work func(ctx context.Context) error, then func()) {
	d.env.Background(work, func(err error) {
		if err != nil {
			done(Message(err))
			return
		}
		picker().dlg.Hide()
		d.reload()
		then()
	})
}

// confirmRemove asks (title, msg) before saving the meeting with remove,
// which takes a row out.
func (d *meetingEditor) confirmRemove(title, msg string, remove func(m *data.Meeting)) {
	d.env.Confirm(title, msg, lang.L("mtg.Remove"), true, func() {
		d.saveChildren(remove, func(err error) { d.env.ShowError(err) })
	})
}

// seqOf is the number of row i of n rows (-1: a new one, after them).
func seqOf(i, n int) int {
	if i < 0 {
		return n + 1
	}
	return i + 1
}

// putAt puts v as row i of rows (-1: a new one, at the end); a row gone
// meanwhile is not put back.
func putAt[T any](rows []T, i int, v T) []T {
	switch {
	case i < 0:
		return append(rows, v)
	case i < len(rows):
		rows[i] = v
	}
	return rows
}

// dropAt takes row i out of rows if it is still the one the clerk chose
// (same), the tab having been redrawn since.
func dropAt[T any](rows []T, i int, same func(T) bool) []T {
	if i < len(rows) && same(rows[i]) {
		return append(rows[:i], rows[i+1:]...)
	}
	return rows
}

// Print writes the minutes (Ctrl+P).
func (d *meetingEditor) Print() {
	if d.dirty {
		d.env.ShowInfo(lang.L("Print"), lang.L("mtg.Save the changes before printing."))
		return
	}
	saveMeetingDoc(d.env, d.m, minutesDoc())
}

func (d *meetingEditor) showDocsMenu(at fyne.CanvasObject) {
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(lang.L("mtg.Print the sign-in sheet…"), func() { saveMeetingDoc(d.env, d.m, signInDoc()) }),
		fyne.NewMenuItem(lang.L("mtg.Print the public notice…"), func() { saveMeetingDoc(d.env, d.m, noticeDoc()) }),
		fyne.NewMenuItem(lang.L("mtg.Export the minutes to Word…"), func() { saveMeetingDoc(d.env, d.m, wordDoc()) }),
	}
	showMenu(d.env, at, items)
}

// openVersion shows another version of the meeting.
func (d *meetingEditor) openVersion(id int64) {
	if d.replace != nil {
		d.replace(id)
		return
	}
	d.id, d.dirty, d.loaded = id, false, false
	d.reload()
}

func (d *meetingEditor) onFinalize() {
	if d.dirty {
		d.env.ShowInfo(lang.L("mtg.Finalize"), lang.L("mtg.Save the changes before finalizing."))
		return
	}
	msg := lang.L("mtg.Finalize the minutes of “{{.Title}}”? They are then frozen: a correction needs an amended version with a reason.", map[string]any{"Title": d.m.Title})
	d.env.Confirm(lang.L("mtg.Finalize"), msg, lang.L("mtg.Finalize"), false, func() {
		d.transition(func(ctx context.Context, s *data.Store, id int64) error { return s.FinalizeMeeting(ctx, id) },
			lang.L("mtg.The minutes are finalized."))
	})
}

func (d *meetingEditor) onPublish() {
	msg := lang.L("mtg.Record that the outcome of “{{.Title}}” was posted for the public?", map[string]any{"Title": d.m.Title})
	d.env.Confirm(lang.L("mtg.Publish"), msg, lang.L("mtg.Publish"), false, func() {
		d.transition(func(ctx context.Context, s *data.Store, id int64) error { return s.PublishMeeting(ctx, id) },
			lang.L("mtg.The outcome is recorded as published."))
	})
}

func (d *meetingEditor) transition(step func(ctx context.Context, s *data.Store, id int64) error, msg string) {
	s, id := d.env.Store(), d.id
	d.env.Background(func(ctx context.Context) error { return step(ctx, s, id) }, func(err error) {
		if err != nil {
			d.env.ShowError(err)
			return
		}
		d.env.status(msg)
		d.reload()
	})
}

// onAmend asks for the reason and makes an amended version, which then
// opens.
func (d *meetingEditor) onAmend() {
	reason := &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, PlaceHolder: lang.L("mtg.What is corrected, and why")}
	reason.SetMinRowsVisible(3)
	msg := errorLabel()
	note := &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("mtg.The finalized version stays as it is and can still be read; the new version is a draft with everything copied.")}
	content := container.NewVBox(note, reason, msg)
	var dlg *dialog.CustomDialog
	var ok *widget.Button
	dlg, ok = d.env.showFormDialog(lang.L("mtg.Amend the minutes"), lang.L("mtg.Make the amended version"), content, fyne.NewSize(560, 0), func() {
		if strings.TrimSpace(reason.Text) == "" {
			setError(msg, lang.L(data.KeyMeetingAmendReason))
			return
		}
		s, id, why := d.env.Store(), d.id, reason.Text
		ok.Disable()
		var amended data.Meeting
		d.env.Background(func(ctx context.Context) error {
			var err error
			amended, err = s.AmendMeeting(ctx, id, why)
			return err
		}, func(err error) {
			ok.Enable()
			if err != nil {
				setError(msg, Message(err))
				return
			}
			dlg.Hide()
			d.env.status(lang.L("mtg.Amended version {{.N}} made.", map[string]any{"N": amended.Version}))
			d.openVersion(amended.ID)
		})
	}, nil)
	d.env.Window.Canvas().Focus(reason)
}

func (d *meetingEditor) onDelete() {
	msg := lang.L("mtg.Move the draft “{{.Title}}” to the recycle bin?", map[string]any{"Title": d.m.Title})
	d.env.Confirm(lang.L("mtg.Delete draft"), msg, lang.L("mtg.Delete draft"), true, func() {
		s, id := d.env.Store(), d.id
		d.env.Background(func(ctx context.Context) error { return s.DeleteMeeting(ctx, id) }, func(err error) {
			if err != nil {
				d.env.ShowError(err)
				return
			}
			d.env.status(lang.L("mtg.The draft was moved to the recycle bin."))
			d.onBack()
		})
	})
}

// wholeNumber reads a count typed in a field: "" is 0, full-width digits
// are fine, anything else is refused.
func wholeNumber(s string) (int, bool) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s))
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// numberError is the message of a count that is not a whole number.
func numberError(field, value string) error {
	return &data.Error{Key: "mtg.error.number", Args: map[string]any{"Field": field, "Value": value}}
}

// inputMessages renders err's messages, one a line, and reports whether
// they are all about the input (a *data.Error each).
func inputMessages(err error) (string, bool) {
	var msgs []string
	input := true
	for _, e := range flatten(err) {
		var de *data.Error
		if !errors.As(e, &de) {
			input = false
			msgs = append(msgs, e.Error())
			continue
		}
		msgs = append(msgs, lang.L(de.Key, de.Args))
	}
	return strings.Join(msgs, "\n"), input
}
