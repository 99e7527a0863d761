package screens

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/data/datatest"
)

// newMeeting stores a draft meeting of date with present participants
// (all 出席) and the agenda given.
func newMeeting(t *testing.T, s *data.Store, title, date string, present int, agenda ...data.AgendaItem) data.Meeting {
	t.Helper()
	m := data.Meeting{Title: title, Kind: data.MeetingConsult, Community: "春晖社区", Date: date, StartTime: "14:30",
		Place: "社区议事厅", Host: "李明", Recorder: "赵丽", Agenda: agenda}
	for i := 0; i < present; i++ {
		m.Participants = append(m.Participants, data.Participant{Name: "代表" + strconv.Itoa(i+1),
			Category: data.CategoryResidentRep, Attendance: data.AttendPresent})
	}
	if err := s.CreateMeeting(context.Background(), &m); err != nil {
		t.Fatalf("create meeting: %v", err)
	}
	return m
}

// openEditor shows the meeting list in the test window with meeting id
// open.
func openEditor(t *testing.T, e *Env, id int64) (*meetings, *meetingEditor) {
	t.Helper()
	l := NewMeetings(e).(*meetings)
	e.Window.SetContent(l.BuildUI())
	l.openMeeting(id)
	e.Wait()
	if l.detail == nil || l.detail.m.ID != id {
		t.Fatalf("meeting %d did not open", id)
	}
	return l, l.detail
}

// shownTexts are the texts of the labels and canvas texts laid out under
// o (a list's rows included).
func shownTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if !x.Visible() {
			continue
		}
		switch v := x.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *canvas.Text:
			out = append(out, v.Text)
		}
	}
	return out
}

func hasText(o fyne.CanvasObject, want string) bool {
	return slices.Contains(shownTexts(o), want)
}

func TestMeetingAddParticipant(t *testing.T) {
	e, s := newTestEnv(t)
	m := newMeeting(t, s, "老旧小区改造协商会", "2026-11-20", 0)
	_, d := openEditor(t, e, m.ID)
	d.tabs.Select(d.partTab)

	t.Run("refused without a name", func(t *testing.T) {
		d.people.edit(-1)
		if d.people.dlgOK == nil {
			t.Fatal("the participant form did not open")
		}
		test.Tap(d.people.dlgOK)
		e.Wait()
		if !d.people.dlgMsg.Visible() || d.people.dlgMsg.Text == "" {
			t.Error("an empty name gave no message")
		}
		got, err := s.Meeting(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Participants) != 0 {
			t.Fatalf("%d participants saved from a refused form", len(got.Participants))
		}
		d.people.dlgOK = nil
		e.Escape()
	})

	t.Run("added", func(t *testing.T) {
		d.people.edit(-1)
		test.Type(d.people.dlgName, "王芳")
		test.Tap(d.people.dlgOK)
		e.Wait()
		if top := e.Window.Canvas().Overlays().Top(); top != nil {
			t.Errorf("the form stayed open: %s", d.people.dlgMsg.Text)
		}
		got, err := s.Meeting(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Participants) != 1 || got.Participants[0].Name != "王芳" || got.Participants[0].Attendance != data.AttendPresent {
			t.Fatalf("stored participants %+v", got.Participants)
		}
		if !hasText(d.people.list, "王芳") {
			t.Errorf("王芳 is not in the table: %v", shownTexts(d.people.list))
		}
		if d.partTab.Text != lang.L("mtg.Participants ({{.N}})", map[string]any{"N": 1}) {
			t.Errorf("tab title %q", d.partTab.Text)
		}
	})
}

func TestMeetingVoteMustAddUp(t *testing.T) {
	e, s := newTestEnv(t)
	m := newMeeting(t, s, "加装电梯议事会", "2026-11-20", 5)
	_, d := openEditor(t, e, m.ID)
	d.tabs.Select(d.resTab)

	d.votes.edit(-1)
	f := d.votes.form
	if f == nil {
		t.Fatal("the resolution form did not open")
	}
	f.text.SetText("同意在3号楼加装电梯")
	f.votes[0].SetText("4") // for
	f.votes[1].SetText("2") // against: 6 votes of 5 present
	test.Tap(f.ok)
	e.Wait()

	want := lang.L(data.KeyResolutionVotes, map[string]any{"Seq": 1, "Votes": 6, "Eligible": 5,
		"For": 4, "Against": 2, "Abstain": 0, "NotVoting": 0})
	if !f.msg.Visible() || f.msg.Text != want {
		t.Errorf("message %q, want %q", f.msg.Text, want)
	}
	got, err := s.Meeting(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Resolutions) != 0 {
		t.Fatalf("votes that do not add up were saved: %+v", got.Resolutions)
	}
	if e.Window.Canvas().Overlays().Top() == nil || d.votes.form != f {
		t.Fatal("the refused form was closed")
	}

	f.votes[1].SetText("1")
	if f.msg.Visible() {
		t.Errorf("the message stays after the count was corrected: %q", f.msg.Text)
	}
	test.Tap(f.ok)
	e.Wait()
	got, err = s.Meeting(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Resolutions) != 1 || got.Resolutions[0].For != 4 || got.Resolutions[0].Against != 1 {
		t.Fatalf("stored resolutions %+v", got.Resolutions)
	}
	if !hasText(d.votes.list, lang.L("mtg.Passed")) {
		t.Errorf("the table does not say passed: %v", shownTexts(d.votes.list))
	}
}

func TestFinalizedMeetingReadOnly(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	m := newMeeting(t, s, "停车管理协商会", "2026-11-20", 3, data.AgendaItem{Topic: "停车位分配"})
	if err := s.FinalizeMeeting(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	_, d := openEditor(t, e, m.ID)

	for _, f := range d.fields {
		if dis, ok := f.input.(fyne.Disableable); ok && !dis.Disabled() {
			t.Errorf("field %s can be edited", f.name)
		}
	}
	for name, b := range map[string]*widget.Button{"add participant": d.people.addBtn, "add agenda item": d.agenda.addBtn,
		"add resolution": d.votes.addBtn, "add action": d.followUp.addBtn} {
		if !b.Disabled() {
			t.Errorf("%s is enabled", name)
		}
	}
	if d.saveBtn.Visible() || d.finalize.Visible() || d.deleteBtn.Visible() {
		t.Error("save, finalize or delete is offered on finalized minutes")
	}
	if !d.amend.Visible() || !d.publish.Visible() {
		t.Error("amend and publish are not offered")
	}
	// Ctrl+S does nothing, and a change that slipped through is refused.
	d.fTitle.SetText("改过的标题")
	d.Save()
	e.Wait()
	var refused error
	d.saveChildren(func(m *data.Meeting) { m.Title = "改过的标题" }, func(err error) { refused = err })
	e.Wait()
	if refused == nil {
		t.Error("a change to finalized minutes was not refused")
	}
	got, err := s.Meeting(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "停车管理协商会" {
		t.Errorf("finalized title changed to %q", got.Title)
	}
}

func TestActionsBoardOverdue(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	m := newMeeting(t, s, "社区食堂议事会", "2026-10-10", 3)
	m.Actions = []data.Action{
		{Task: "联系餐饮企业报价", Owner: "居委会", Deadline: "2026-11-01"}, // before the clock's day: overdue
		{Task: "征求老年人意见", Owner: "张伟", Deadline: "2026-12-31"},
	}
	if err := s.UpdateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	board := NewActionsBoard(e).(*actionsBoard)
	e.Navigate = func(page string) {
		if page == PageActions {
			e.Window.SetContent(board.BuildUI())
		}
	}
	// The dashboard's figure counts the overdue action and opens the
	// board filtered to it.
	figures := MeetingFigures(e)
	e.Wait()
	e.Window.SetContent(figures)
	if !hasText(figures, "1") {
		t.Errorf("the figures do not show one overdue action: %v", shownTexts(figures))
	}
	OpenActionsBoard(e, true)
	e.Wait()
	if !board.overdue.Checked {
		t.Error("the board is not filtered to overdue actions")
	}
	if len(board.pg.rows) != 1 || board.pg.rows[0].Task != "联系餐饮企业报价" || board.pg.rows[0].State != data.ActionOverdue {
		t.Fatalf("overdue rows %+v", board.pg.rows)
	}
	if !hasText(board.list, data.ActionOverdue) || board.pg.rows[0].MeetingTitle != "社区食堂议事会" || board.pg.rows[0].MeetingDate != "2026-10-10" {
		t.Errorf("the row does not show its state and meeting: %v", shownTexts(board.list))
	}

	t.Run("earlier clock", func(t *testing.T) {
		s.Now = func() time.Time { return datatest.Epoch().AddDate(0, -1, -1) } // 2026-10-24
		defer func() { s.Now = datatest.Epoch }()
		board.Reload()
		e.Wait()
		if len(board.pg.rows) != 0 {
			t.Errorf("overdue before the deadline: %+v", board.pg.rows)
		}
	})

	t.Run("all", func(t *testing.T) {
		board.showOverdue(false)
		e.Wait()
		if len(board.pg.rows) != 2 {
			t.Fatalf("%d rows, want 2", len(board.pg.rows))
		}
		if board.pg.rows[1].State != data.ActionNotStarted {
			t.Errorf("the later action is %s", board.pg.rows[1].State)
		}
	})
}

func TestMeetingListSearchAgenda(t *testing.T) {
	e, s := newTestEnv(t)
	newMeeting(t, s, "第三季度居民议事会", "2026-09-15", 2,
		data.AgendaItem{Topic: "楼道整治", Background: "3号楼单元门前堆放杂物，影响消防通道。"})
	want := newMeeting(t, s, "春晖小区协商会", "2026-10-20", 2,
		data.AgendaItem{Topic: "增设设施", Background: "居民提出在5号楼加装电梯，需征求低层住户意见。"})
	l := NewMeetings(e).(*meetings)
	e.Window.SetContent(l.BuildUI())
	l.Reload()
	e.Wait()
	if len(l.pg.rows) != 2 {
		t.Fatalf("%d meetings listed, want 2", len(l.pg.rows))
	}
	l.search.SetText("电梯")
	e.Wait()
	if len(l.pg.rows) != 1 || l.pg.rows[0].ID != want.ID {
		t.Fatalf("search 电梯 found %+v", l.pg.rows)
	}
	if !hasText(l.list, "春晖小区协商会") {
		t.Errorf("the list does not show the meeting found: %v", shownTexts(l.list))
	}
	l.search.SetText("没有这个词")
	e.Wait()
	if len(l.pg.rows) != 0 || !l.empty.Visible() {
		t.Errorf("nonsense found %d rows", len(l.pg.rows))
	}
}

func TestMeetingFileName(t *testing.T) {
	for _, tc := range []struct {
		kind string
		nth  int
		doc  meetingDoc
		want string
	}{
		{data.MeetingConsult, 3, minutesDoc(), "2026年第3次协商议事会议纪要.pdf"},
		{data.MeetingJoint, 1, signInDoc(), "2026年第1次联席会议签到表.pdf"},
		{data.MeetingHearing, 2, noticeDoc(), "2026年第2次听证会议决议公示.pdf"},
		{data.MeetingOther, 0, wordDoc(), "2026年会议纪要.docx"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			m := data.Meeting{Kind: tc.kind, Date: "2026-05-06", Version: 1}
			if got := meetingFileName(&m, tc.nth, tc.doc); got != tc.want {
				t.Errorf("got %q", got)
			}
		})
	}
}

func TestMeetingParticipantFromResidents(t *testing.T) {
	e, s := newTestEnv(t)
	h := newHousehold(t, s, "301")
	r := addResident(t, s, h, "欧阳娜", validID("11010119800101234"), data.RelationHead)
	m := newMeeting(t, s, "楼道整治议事会", "2026-11-20", 0)
	_, d := openEditor(t, e, m.ID)
	d.tabs.Select(d.partTab)

	d.people.onPickResidents()
	p := d.people.picker
	p.search.SetText("欧阳")
	e.Wait()
	if len(p.found.rows) != 1 {
		t.Fatalf("the search found %d residents", len(p.found.rows))
	}
	p.list.Select(0)
	e.Wait()
	p.list.Select(0) // twice: the second is refused as a duplicate
	e.Wait()
	got, err := s.Meeting(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Participants) != 1 || got.Participants[0].ResidentID == nil || *got.Participants[0].ResidentID != r.ID ||
		got.Participants[0].Category != data.CategoryResidentRep || got.Participants[0].Unit != "春晖社区" {
		t.Fatalf("stored participants %+v", got.Participants)
	}
	if want := lang.L("mtg.{{.Name}} is already a participant.", map[string]any{"Name": "欧阳娜"}); p.note.Text != want {
		t.Errorf("note %q, want %q", p.note.Text, want)
	}
	if !hasText(d.people.list, "欧阳娜 *") {
		t.Errorf("the linked participant is not in the table: %v", shownTexts(d.people.list))
	}
}

func TestMeetingAmendOpensNewVersion(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	m := newMeeting(t, s, "停车收费议事会", "2026-11-20", 3)
	if err := s.FinalizeMeeting(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	l, d := openEditor(t, e, m.ID)
	d.onAmend()
	dlg := e.Window.Canvas().Overlays().Top()
	if dlg == nil {
		t.Fatal("no reason dialog")
	}
	// Without a reason nothing is made.
	var ok *widget.Button
	for _, o := range test.LaidOutObjects(dlg) {
		if b, isB := o.(*widget.Button); isB && b.Text == lang.L("mtg.Make the amended version") {
			ok = b
		}
	}
	if ok == nil {
		t.Fatal("no confirm button")
	}
	test.Tap(ok)
	e.Wait()
	if vs, _ := s.MeetingVersions(ctx, m.ID); len(vs) != 1 {
		t.Fatalf("%d versions after an empty reason", len(vs))
	}
	for _, o := range test.LaidOutObjects(dlg) {
		if en, isE := o.(*widget.Entry); isE {
			en.SetText("更正出席人数")
		}
	}
	test.Tap(ok)
	e.Wait()
	if l.detail == nil || l.detail.m.Version != 2 || l.detail.m.Status != data.MeetingDraft || l.detail.readOnly {
		t.Fatalf("the amended version did not open: %+v", l.detail.m.Model)
	}
	if l.detail.fTitle.Disabled() {
		t.Error("the amended draft is read-only")
	}
	if !l.detail.versionSel.Visible() || len(l.detail.versionSel.Options) != 2 {
		t.Errorf("versions offered: %v", l.detail.versionSel.Options)
	}
	// The older version opens read-only.
	l.detail.versionSel.SetSelected(l.detail.versionSel.Options[0])
	e.Wait()
	if l.detail.m.ID != m.ID || !l.detail.readOnly || l.detail.amend.Visible() {
		t.Errorf("version 1: id %d, read-only %v", l.detail.m.ID, l.detail.readOnly)
	}
}

func TestMeetingPrintMinutes(t *testing.T) {
	e, s := newTestEnv(t)
	m := newMeeting(t, s, "加装电梯协商议事会", "2026-11-20", 3, data.AgendaItem{Topic: "加装电梯方案"})
	_, d := openEditor(t, e, m.ID)
	path := filepath.Join(t.TempDir(), "2026年第1次协商议事会议纪要.pdf")
	var got error
	writeMeetingDoc(e, &d.m, minutesDoc(), path, func(err error) { got = err })
	e.Wait()
	if got != nil {
		t.Fatal(got)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if text := strings.ReplaceAll(string(out), "\n", ""); !strings.Contains(text, "加装电梯方案") {
		t.Errorf("the minutes do not name the agenda item:\n%s", out)
	}
	if e.Window.Canvas().Overlays().Top() == nil {
		t.Error("no offer to open the file")
	}
}

// TestActionProgress follows an action up in its progress dialog: a
// refused note or status is said there and saves nothing; a note and a
// status saved say so, show what was stored and tell the page.
func TestActionProgress(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	m := newMeeting(t, s, "社区食堂议事会", "2026-10-10", 3)
	m.Actions = []data.Action{{Task: "联系餐饮企业报价", Owner: "居委会", Deadline: "2026-12-01"}}
	if err := s.UpdateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	stored := func() data.Action {
		t.Helper()
		chain, err := s.ActionChain(ctx, m.Actions[0].ID)
		if err != nil || len(chain) != 1 {
			t.Fatalf("the action's chain: %v, %v", chain, err)
		}
		return chain[0]
	}
	changed := 0
	showProgress(e, stored(), m.Date, func() { changed++ })
	top := e.Window.Canvas().Overlays().Top()
	var note, completed *widget.Entry
	var status *widget.Select
	for _, x := range test.LaidOutObjects(top) {
		switch w := x.(type) {
		case *widget.Entry:
			switch w.PlaceHolder {
			case lang.L("mtg.What was done"):
				note = w
			case lang.L("mtg.Empty: today"):
				completed = w
			}
		case *dateField:
			if w.PlaceHolder == lang.L("mtg.Empty: today") {
				completed = &w.Entry
			}
		case *widget.Select:
			status = w
		}
	}
	if note == nil || completed == nil || status == nil {
		t.Fatal("the progress dialog lacks its note, status or completion date")
	}
	addNote := findButton(t, "progress", top, lang.L("mtg.Add note"))
	setStatus := findButton(t, "progress", top, lang.L("mtg.Set status"))

	test.Tap(addNote) // no text
	e.Wait()
	if a := stored(); len(a.Progress) != 0 || changed != 0 || !hasText(top, lang.L(data.KeyActionNoteEmpty)) {
		t.Errorf("an empty note: %d notes stored, page told %d times, dialog %q", len(a.Progress), changed, shownTexts(top))
	}
	test.Type(note, "已联系三家企业")
	test.Tap(addNote)
	e.Wait()
	if a := stored(); len(a.Progress) != 1 || changed != 1 || note.Text != "" ||
		!hasText(top, lang.L("mtg.Note added.")) || hasText(top, lang.L(data.KeyActionNoteEmpty)) {
		t.Errorf("a note: %d notes stored, page told %d times, note box %q, dialog %q", len(a.Progress), changed, note.Text, shownTexts(top))
	}

	status.SetSelected(data.ActionDone)
	completed.SetText("2027-01-01") // after the clock's day
	test.Tap(setStatus)
	e.Wait()
	refusal := Message(&data.Error{Key: data.KeyActionCompletedFuture, Args: map[string]any{"Field": "completedDate", "Date": "2027-01-01"}})
	if a := stored(); a.Status == data.ActionDone || changed != 1 || addNote.Disabled() || setStatus.Disabled() || !hasText(top, refusal) {
		t.Errorf("a completion in the future: status %s, page told %d times, buttons disabled %v %v, dialog %q", a.Status, changed, addNote.Disabled(), setStatus.Disabled(), shownTexts(top))
	}
	completed.SetText("")
	test.Tap(setStatus)
	e.Wait()
	today := datatest.Epoch().Format("2006-01-02")
	if a := stored(); a.Status != data.ActionDone || a.CompletedDate != today || changed != 2 || completed.Text != today ||
		!hasText(top, lang.L("mtg.Status saved.")) {
		t.Errorf("done today: status %s on %q, page told %d times, date box %q, dialog %q", a.Status, a.CompletedDate, changed, completed.Text, shownTexts(top))
	}
}
