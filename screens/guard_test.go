package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
)

// guardAnswer taps answer (保存, 不保存 or 取消) in the unsaved-changes
// dialog on top, failing when there is none.
func guardAnswer(t *testing.T, e *Env, answer string) {
	t.Helper()
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("nothing asked about the unsaved changes")
	}
	if !strings.Contains(strings.Join(texts(top), " "), lang.L("guard.The changes are not saved yet. Save them?")) {
		t.Fatalf("the dialog on top is not the guard: %q", texts(top))
	}
	test.Tap(findButton(t, "guard", top, answer))
	e.Wait()
}

// editedMeeting opens a stored meeting and types a new place, as the
// issue's clerk did.
func editedMeeting(t *testing.T) (*Env, *meetings, *meetingEditor, int64) {
	t.Helper()
	e, s := newTestEnv(t)
	m := newMeeting(t, s, "加装电梯协商会", "2026-06-20", 5)
	l, d := openEditor(t, e, m.ID)
	if d.mark().Visible() {
		t.Fatal("a form just opened says it is unsaved")
	}
	d.place.SetText("党群服务中心二楼")
	if !d.Unsaved() || !l.Unsaved() {
		t.Fatal("an edited form does not count as unsaved")
	}
	if !d.mark().Visible() {
		t.Error("an edited form does not show 未保存 beside its title")
	}
	return e, l, d, m.ID
}

func storedPlace(t *testing.T, e *Env, id int64) string {
	t.Helper()
	m, err := e.Store().Meeting(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m.Place
}

// TestGuardBackToList: 返回列表 on a changed form asks; 取消 stays with the
// edit, 不保存 leaves without saving, 保存 saves and leaves.
func TestGuardBackToList(t *testing.T) {
	back := func(t *testing.T, l *meetings) {
		test.Tap(findButton(t, "meeting", l.stack, lang.L("Back to the list")))
	}
	t.Run("cancel stays", func(t *testing.T) {
		e, l, d, _ := editedMeeting(t)
		back(t, l)
		guardAnswer(t, e, lang.L("Cancel"))
		if l.detail != d || d.place.Text != "党群服务中心二楼" {
			t.Fatal("取消 left the form or lost the edit")
		}
	})
	t.Run("don't save leaves", func(t *testing.T) {
		e, l, _, id := editedMeeting(t)
		back(t, l)
		guardAnswer(t, e, lang.L("guard.Don't save"))
		if l.showing() {
			t.Fatal("不保存 stayed on the form")
		}
		if got := storedPlace(t, e, id); got != "社区议事厅" {
			t.Errorf("不保存 saved the place: %q", got)
		}
	})
	t.Run("save saves and leaves", func(t *testing.T) {
		e, l, _, id := editedMeeting(t)
		back(t, l)
		guardAnswer(t, e, lang.L("Save"))
		if l.showing() {
			t.Fatal("保存 stayed on the form")
		}
		if got := storedPlace(t, e, id); got != "党群服务中心二楼" {
			t.Errorf("保存 stored place %q", got)
		}
	})
	t.Run("refused save stays and says why", func(t *testing.T) {
		e, l, d, id := editedMeeting(t)
		var status string
		e.Status = func(msg string) { status = msg }
		d.fTitle.SetText("")
		back(t, l)
		guardAnswer(t, e, lang.L("Save"))
		if l.detail != d {
			t.Fatal("a refused save left the form")
		}
		if fieldErr(t, d.fields, "title") == "" {
			t.Error("the refusal shows nothing beside the title")
		}
		if !strings.Contains(status, lang.L("guard.Not saved: {{.Reason}}", map[string]any{"Reason": ""})) {
			t.Errorf("the status bar says %q, not why the save was refused", status)
		}
		if got := storedPlace(t, e, id); got != "社区议事厅" {
			t.Errorf("a refused save stored %q", got)
		}
		// Saving once it is right no longer leaves: the leave was given up.
		d.fTitle.SetText("加装电梯协商会")
		d.Save()
		e.Wait()
		if l.detail != d {
			t.Error("a later save left the form")
		}
	})
}

// TestGuardFindGoesBack: Ctrl+F, which goes back to the list, asks too.
func TestGuardFindGoesBack(t *testing.T) {
	e, l, d, _ := editedMeeting(t)
	l.FocusSearch()
	guardAnswer(t, e, lang.L("Cancel"))
	if l.detail != d {
		t.Fatal("Ctrl+F left the changed form after 取消")
	}
	l.FocusSearch()
	guardAnswer(t, e, lang.L("guard.Don't save"))
	if l.showing() {
		t.Fatal("Ctrl+F did not go back after 不保存")
	}
}

// TestGuardSavedFormLeaves: a saved form leaves without a question and
// loses its 未保存.
func TestGuardSavedFormLeaves(t *testing.T) {
	e, l, d, _ := editedMeeting(t)
	d.Save()
	e.Wait()
	if d.Unsaved() || d.mark().Visible() {
		t.Fatal("a saved form still counts as unsaved")
	}
	left := false
	l.Leave(func() { left = true })
	if !left || e.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("a saved form asked before leaving")
	}
}

// TestGuardDialogCancel: 取消 in a form dialog with something typed asks;
// untouched, it just closes.
func TestGuardDialogCancel(t *testing.T) {
	e, _ := newTestEnv(t)
	name := newDateField("", "")
	f := &dialogForm{fields: []*formField{newFormField("date", "date", name)}}
	confirmed := 0
	f.show(e, "test", "OK", fyne.NewSize(400, 0), func() { confirmed++; f.dialog.Hide() })
	test.Tap(findButton(t, "dialog", e.Window.Canvas().Overlays().Top(), lang.L("Cancel")))
	if e.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("取消 of an untouched form did not close it")
	}

	f.show(e, "test", "OK", fyne.NewSize(400, 0), func() { confirmed++; f.dialog.Hide() })
	name.SetText("2026-12-07")
	e.Escape()
	guardAnswer(t, e, lang.L("Cancel"))
	if e.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("取消 in the guard closed the form")
	}
	test.Tap(findButton(t, "dialog", e.Window.Canvas().Overlays().Top(), lang.L("Cancel")))
	guardAnswer(t, e, lang.L("Save"))
	if confirmed != 1 {
		t.Errorf("保存 confirmed the form %d times, want 1", confirmed)
	}
	if e.Window.Canvas().Overlays().Top() != nil {
		t.Error("the form stayed open after 保存")
	}
}
