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
	dirty    bool // the basics form has unsaved edits: a reload keeps them
	loaded   bool
	filling  bool
	readOnly bool // finalized or superseded: the minutes cannot change

	title   *widget.Label
	summary *widget.Label

	// Basics.
	fields     []*formField
	fTitle     *widget.Entry
	kind       *widget.Select
	community  *widget.Entry
	date       *widget.Entry
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
	general    *widget.Label
	saved      *widget.Label
	saveBtn    *widget.Button
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
	d.people = &participantsTab{d: d}
	d.agenda = &agendaTab{d: d}
	d.votes = &resolutionsTab{d: d}
	d.followUp = &actionsTab{d: d}
	return d
}

func (d *meetingEditor) buildUI() fyne.CanvasObject {
	d.title = heading("")
	d.summary = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	back := &widget.Button{Text: lang.L("Back to the list"), Icon: theme.NavigateBackIcon(), OnTapped: d.onBack}
	printBtn := &widget.Button{Text: lang.L("mtg.Print minutes"), Icon: theme.DocumentPrintIcon(), OnTapped: d.Print}
	d.docsButton = &widget.Button{Text: lang.L("mtg.Other documents"), Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText}
	d.docsButton.OnTapped = func() { d.showDocsMenu(d.docsButton) }
	header := container.NewBorder(nil, nil, container.NewCenter(back), container.NewCenter(container.NewHBox(printBtn, d.docsButton)),
		container.NewVBox(d.title, d.summary))

	d.tabs = container.NewAppTabs()
	d.basicsTab = container.NewTabItemWithIcon(lang.L("mtg.Basics"), theme.DocumentIcon(), d.buildBasics())
	d.partTab = container.NewTabItemWithIcon(lang.L("mtg.Participants"), theme.AccountIcon(), d.people.build())
	d.agendaTab = container.NewTabItemWithIcon(lang.L("mtg.Agenda and speeches"), theme.ListIcon(), d.agenda.build())
	d.resTab = container.NewTabItemWithIcon(lang.L("mtg.Resolutions and votes"), theme.ConfirmIcon(), d.votes.build())
	d.actTab = container.NewTabItemWithIcon(lang.L("mtg.Actions"), theme.HistoryIcon(), d.followUp.build())
	for _, t := range []*container.TabItem{d.basicsTab, d.partTab, d.agendaTab, d.resTab, d.actTab} {
		d.tabs.Append(t)
	}
	if d.id == 0 {
		for _, t := range []*container.TabItem{d.partTab, d.agendaTab, d.resTab, d.actTab} {
			d.tabs.DisableItem(t)
		}
	}
	return container.NewBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, d.tabs)
}

func (d *meetingEditor) buildBasics() fyne.CanvasObject {
	edited := func(string) {
		if !d.filling {
			d.dirty = true
			d.saved.SetText("")
		}
	}
	entry := func(placeholder string) *widget.Entry {
		return &widget.Entry{PlaceHolder: placeholder, OnChanged: edited}
	}
	d.fTitle = entry(lang.L("mtg.E.g. Consultation on installing lifts in Chunhui Estate"))
	d.kind = &widget.Select{Options: data.MeetingKinds, PlaceHolder: choose(), OnChanged: edited}
	d.community = entry("")
	d.date = entry(lang.L("mtg.YYYY-MM-DD"))
	d.start = entry(lang.L("mtg.HH:MM"))
	d.end = entry(lang.L("mtg.HH:MM"))
	d.place = entry("")
	d.convener = entry(lang.L("mtg.Person or body that called the meeting"))
	d.host = entry("")
	d.recorder = entry("")
	d.invited = entry(lang.L("mtg.Empty: the participants listed"))
	d.quorum = entry("50")
	d.mSummary = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, OnChanged: edited,
		PlaceHolder: lang.L("mtg.Closing summary, printed at the end of the minutes")}
	d.mSummary.SetMinRowsVisible(3)
	d.notes = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, OnChanged: edited,
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

	d.general = errorLabel()
	d.saved = &widget.Label{Importance: widget.SuccessImportance}
	d.saveBtn = &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: d.Save}

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
	workflow := container.NewHBox(d.saveBtn, d.finalize, d.publish, d.amend, d.deleteBtn, d.versionBox, d.saved)
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
	s, id := d.env.Store(), d.id
	d.env.Background(func(ctx context.Context) error {
		var v meetingData
		if id != 0 {
			var err error
			if v.m, err = s.Meeting(ctx, id); err != nil {
				return err
			}
			if v.versions, err = s.MeetingVersions(ctx, id); err != nil {
				return err
			}
		} else {
			v.m = data.Meeting{Kind: data.MeetingConsult, Date: storeToday(s).Format("2006-01-02"),
				QuorumPercent: data.DefaultQuorumPercent, Status: data.MeetingDraft, Version: 1}
		}
		fyne.Do(func() {
			if d.id == id {
				d.show(v)
			}
		})
		return nil
	}, d.env.ShowError)
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
		d.amendLine.Show()
	} else {
		d.amendLine.Hide()
	}
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
	d.filling = true
	defer func() { d.filling = false }()
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
	showFieldErrors(d.fields, d.general, nil)
	d.dirty = false
	d.loaded = true
}

// values is the meeting with the basics as the form has them, and the
// messages of numbers that are not numbers.
func (d *meetingEditor) values() (data.Meeting, error) {
	m := cloneMeeting(d.m)
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
	v, numErr := d.values()
	check := cloneMeeting(v)
	err := numErr
	if err == nil {
		err = check.Validate()
	}
	if input, first := showFieldErrors(d.fields, d.general, err); input {
		d.tabs.Select(d.basicsTab)
		d.focus(first)
		return
	}
	s, isNew := d.env.Store(), d.id == 0
	d.saveBtn.Disable()
	d.env.Background(func(ctx context.Context) error {
		if isNew {
			return s.CreateMeeting(ctx, &v)
		}
		return s.UpdateMeeting(ctx, &v)
	}, func(err error) {
		d.saveBtn.Enable()
		if err != nil {
			if input, first := showFieldErrors(d.fields, d.general, err); input {
				d.tabs.Select(d.basicsTab)
				d.focus(first)
			} else {
				d.env.ShowError(err)
			}
			return
		}
		d.dirty = false
		d.saved.SetText(lang.L("Saved."))
		d.env.status(lang.L("mtg.Meeting “{{.Title}}” saved.", map[string]any{"Title": v.Title}))
		if isNew {
			d.id = v.ID
		}
		d.reload()
	})
}

func (d *meetingEditor) focus(f *formField) {
	if f == nil {
		return
	}
	if fo, ok := f.input.(fyne.Focusable); ok {
		d.env.Window.Canvas().Focus(fo)
	}
}

// saveChildren saves the meeting with change applied to a copy of what is
// stored: the other tabs' edits. A change the rules refuse saves nothing;
// done gets the error (nil once saved and shown).
func (d *meetingEditor) saveChildren(change func(m *data.Meeting), done func(error)) {
	if d.readOnly || d.id == 0 {
		done(&data.Error{Key: data.KeyMeetingFrozen, Args: map[string]any{"Title": d.m.Title, "Status": d.m.Status}})
		return
	}
	m := cloneMeeting(d.m)
	change(&m)
	check := cloneMeeting(m)
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
	c := fyne.CurrentApp().Driver().CanvasForObject(at)
	if c == nil {
		c = d.env.Window.Canvas()
	}
	widget.ShowPopUpMenuAtRelativePosition(fyne.NewMenu("", items...), c, fyne.NewPos(0, at.Size().Height), at)
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

// cloneMeeting copies m deeply enough that Validate and the store may
// change the copy's lists without touching m's.
func cloneMeeting(m data.Meeting) data.Meeting { return m.Clone() }

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

// showWhen shows o workflowTime on, else hides it.
func showWhen(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// enableWhen enables or disables an input.
func enableWhen(o fyne.CanvasObject, on bool) {
	if d, ok := o.(fyne.Disableable); ok {
		if on {
			d.Enable()
		} else {
			d.Disable()
		}
	}
}

// fixedTools is a row's buttons in a box as wide as all of them, so that
// rows line up with their header whichever buttons a row hides.
func fixedTools(buttons ...fyne.CanvasObject) *fyne.Container {
	box := container.NewHBox(buttons...)
	return container.New(&fixedWidth{w: box.MinSize().Width}, box)
}

// toolsIn is the box of buttons of a row made as Border(row, fixedTools).
func toolsIn(row *fyne.Container) *fyne.Container {
	return row.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
}
