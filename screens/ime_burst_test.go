package screens

// A phrase the input method commits at once — 张三丰 as one commit, or
// several characters in one burst — reaches Jiedao as one character
// event per character, back to back, with no frame in between: Windows
// turns the commit into a WM_CHAR per character and Fyne's GLFW driver
// hands each to the focused widget's TypedRune (window.processCharInput).
// commit does exactly that here. Each kind of field must end with the
// whole phrase, in order, and act on the whole of it.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// commit sends phrase to the focused widget of c as a committed burst,
// one TypedRune per character, as the desktop driver does.
func commit(t *testing.T, c fyne.Canvas, phrase string) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		t.Fatalf("committing %q with nothing focused", phrase)
	}
	for _, r := range phrase {
		f.TypedRune(r)
	}
}

func TestBurstIntoEntries(t *testing.T) {
	e, s := newTestEnv(t)
	h := newHousehold(t, s, "301")
	_, d := openDetail(t, e, h.ID)
	d.onAddMember(data.EventMoveIn)
	f := d.form
	if f == nil {
		t.Fatal("the member form did not open")
	}
	c := e.Window.Canvas()

	// A one-line entry: a commit, a second burst, then a burst into the
	// middle, at the caret.
	c.Focus(f.name)
	commit(t, c, "张三丰")
	if f.name.Text != "张三丰" || f.name.CursorColumn != 3 {
		t.Fatalf("after committing 张三丰: %q, caret at %d", f.name.Text, f.name.CursorColumn)
	}
	commit(t, c, "先生")
	f.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	f.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	commit(t, c, "小明")
	if want := "张小明三丰先生"; f.name.Text != want || f.name.CursorColumn != 3 {
		t.Errorf("bursts into a one-line entry: %q (caret at %d), want %q (caret at 3)", f.name.Text, f.name.CursorColumn, want)
	}

	// A multi-line, word-wrapped entry: bursts across a new line and a
	// long run that wraps.
	c.Focus(f.notes)
	commit(t, c, "独居老人")
	f.notes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	long := strings.Repeat("每周三社区医生上门随访，", 6)
	commit(t, c, long)
	if want := "独居老人\n" + long; f.notes.Text != want {
		t.Errorf("bursts into the notes: %q, want %q", f.notes.Text, want)
	}

	// What arrived is what is stored.
	f.name.SetText("张三丰")
	commitInto(t, c, f.idNumber, validID("11010119850615201"))
	d.Save()
	e.Wait()
	var got data.Resident
	if err := storedResident(t, s, h.ID, &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "张三丰" || got.Notes != "独居老人\n"+long {
		t.Errorf("stored name %q, notes %q", got.Name, got.Notes)
	}
}

// commitInto focuses entry and commits phrase into it.
func commitInto(t *testing.T, c fyne.Canvas, entry *widget.Entry, phrase string) {
	t.Helper()
	c.Focus(entry)
	commit(t, c, phrase)
}

// storedResident reads the one member of household id back from the store.
func storedResident(t *testing.T, s *data.Store, id int64, r *data.Resident) error {
	t.Helper()
	rs, err := s.Members(context.Background(), id, false)
	if err != nil {
		return err
	}
	if len(rs) != 1 {
		return fmt.Errorf("household %d has %d residents, want 1", id, len(rs))
	}
	*r = rs[0]
	return nil
}

// TestBurstIntoValidatingField commits an ID number in bursts into the
// member form's ID field, which checks the number as it is typed: the
// check sees the number whole, and says the birth date and sex it gives.
func TestBurstIntoValidatingField(t *testing.T) {
	e, s := newTestEnv(t)
	h := newHousehold(t, s, "302")
	_, d := openDetail(t, e, h.ID)
	d.onAddMember(data.EventMoveIn)
	f := d.form
	c := e.Window.Canvas()
	id := validID("11010119850615201")

	commitInto(t, c, f.idNumber, id[:6])
	if f.idHint.Visible() {
		t.Errorf("six digits: the ID hint shows %q already", f.idHint.Text)
	}
	commit(t, c, id[6:])
	if f.idNumber.Text != id {
		t.Fatalf("ID field %q after two bursts, want %q", f.idNumber.Text, id)
	}
	if !f.idHint.Visible() || !strings.Contains(f.idHint.Text, FormatDate(time.Date(1985, 6, 15, 0, 0, 0, 0, time.UTC))) {
		t.Errorf("the ID hint after the whole number: %q (shown %v), want the birth date 1985-06-15", f.idHint.Text, f.idHint.Visible())
	}

	// A wrong check character committed in the same burst is caught.
	wrong := "0"
	if id[17] == '0' {
		wrong = "1"
	}
	f.idNumber.SetText("")
	commit(t, c, id[:17]+wrong)
	if !f.idHint.Visible() || f.idHint.Importance != widget.DangerImportance {
		t.Errorf("a burst with a wrong check character: hint %q, importance %v", f.idHint.Text, f.idHint.Importance)
	}
}

// TestBurstIntoDebouncedSearch commits 张三丰 into a search box that
// waits for the typing pause: one search, for the whole phrase.
func TestBurstIntoDebouncedSearch(t *testing.T) {
	e, _ := newTestEnv(t)
	e.inline = false // the pause runs on its own goroutine, as in the window
	p := &pager[int]{env: e, shown: func(bool) {}, counted: func(int, bool, bool) {}}
	var searched []string // read only after e.Wait
	l := &fakeList{listFrame: newListFrame[*fakeRecord](e)}
	l.initSearch(e, "search", func(d time.Duration) {
		q := l.search.Text
		p.search(d, func(ctx context.Context, after string, limit int) ([]int, string, error) {
			searched = append(searched, q)
			return []int{len([]rune(q))}, "", nil
		}, nil)
	})
	l.built = true
	e.Window.SetContent(container.NewBorder(l.search, nil, nil, nil, l.setList(widget.NewLabel("the list"))))
	c := e.Window.Canvas()

	commitInto(t, c, l.search, "张三丰")
	e.Wait()
	if fmt.Sprint(searched) != "[张三丰]" || fmt.Sprint(p.rows) != "[3]" {
		t.Fatalf("committing 张三丰 searched %q and listed %v, want one search for the whole name", searched, p.rows)
	}
	// Two bursts within the pause still make one search.
	commit(t, c, "住")
	commit(t, c, "春晖小区")
	e.Wait()
	if fmt.Sprint(searched) != "[张三丰 张三丰住春晖小区]" {
		t.Errorf("two bursts within the pause searched %q", searched)
	}
}

// TestBurstIntoHouseholdSearch commits names into the household list's
// real search box: the list shows the resident the whole name finds.
func TestBurstIntoHouseholdSearch(t *testing.T) {
	e, s := newTestEnv(t)
	h1 := newHousehold(t, s, "303")
	h2 := newHousehold(t, s, "304")
	addResident(t, s, h1, "张三丰", validID("11010119800101511"), data.RelationHead)
	addResident(t, s, h2, "张三", validID("11010119820202522"), data.RelationHead)
	addResident(t, s, h2, "李四", validID("11010119900303533"), "配偶")
	l := openList(t, e)
	c := e.Window.Canvas()

	for _, tc := range []struct {
		bursts []string
		want   string
	}{
		{[]string{"张三丰"}, "张三丰"},
		{[]string{"张", "三丰"}, "张三丰"},
		{[]string{"李四"}, "李四"},
	} {
		l.search.SetText("")
		e.Wait()
		c.Focus(l.search)
		for _, b := range tc.bursts {
			commit(t, c, b)
		}
		e.Wait()
		var got []string
		for _, r := range l.peoplePg.rows {
			got = append(got, r.Name)
		}
		if l.search.Text != strings.Join(tc.bursts, "") || fmt.Sprint(got) != "["+tc.want+"]" {
			t.Errorf("bursts %q: search box %q lists %v, want [%s]", tc.bursts, l.search.Text, got, tc.want)
		}
	}
}
