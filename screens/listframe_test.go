package screens

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fakeRecord is a record's page that counts what the frame asks of it.
type fakeRecord struct {
	ui             fyne.CanvasObject
	reloads, saves int
}

func (r *fakeRecord) buildUI() fyne.CanvasObject { return r.ui }
func (r *fakeRecord) reload()                    { r.reloads++ }
func (r *fakeRecord) Save()                      { r.saves++ }
func (r *fakeRecord) Leave(proceed func())       { proceed() }

// fakeList is a list page on the frame whose search records the typing
// pause it was asked to wait.
type fakeList struct {
	listFrame[*fakeRecord]
	list  fyne.CanvasObject
	finds []time.Duration
}

// newFakeList shows a fakeList in e's window; build false leaves it
// unbuilt, as a page is before the shell shows it.
func newFakeList(t *testing.T, e *Env, build bool) *fakeList {
	t.Helper()
	l := &fakeList{listFrame: newListFrame[*fakeRecord](e), list: widget.NewLabel("the list")}
	l.initSearch(e, "search", func(d time.Duration) { l.finds = append(l.finds, d) })
	if build {
		e.Window.SetContent(container.NewBorder(l.search, nil, nil, nil, l.setList(l.list)))
	}
	return l
}

func TestListSearchSchedules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		built bool
		act   func(l *fakeList)
		want  []time.Duration
	}{
		{"a keystroke waits for the typing pause", true, func(l *fakeList) { test.Type(l.search, "z") }, []time.Duration{searchDelay}},
		{"each keystroke asks again: the pager drops the older", true, func(l *fakeList) { test.Type(l.search, "zh") }, []time.Duration{searchDelay, searchDelay}},
		{"Enter lists at once", true, func(l *fakeList) { l.search.OnSubmitted(l.search.Text) }, []time.Duration{0}},
		{"a filter chosen lists at once", true, func(l *fakeList) { l.changed("社区") }, []time.Duration{0}},
		{"filters set by code list once", true, func(l *fakeList) {
			l.setFilters(func() {
				l.changed("社区")
				l.typed("60")
				l.search.SetText("王")
			})
		}, []time.Duration{0}},
		{"the shell's reload lists again", true, func(l *fakeList) { l.Reload() }, []time.Duration{0}},
		{"nothing is listed before the page is built", false, func(l *fakeList) {
			l.typed("z")
			l.changed("z")
			l.Reload()
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := newTestEnv(t)
			l := newFakeList(t, e, tc.built)
			tc.act(l)
			if fmt.Sprint(l.finds) != fmt.Sprint(tc.want) {
				t.Errorf("searches after %v, want %v", l.finds, tc.want)
			}
		})
	}
}

func TestListFrameRecordInPlace(t *testing.T) {
	e, _ := newTestEnv(t)
	l := newFakeList(t, e, true)
	var closed []*fakeRecord
	l.closing = func(r *fakeRecord) { closed = append(closed, r) }
	shows := func(o fyne.CanvasObject) bool { return len(l.stack.Objects) == 1 && l.stack.Objects[0] == o }

	l.Save() // no record on show: nothing to save
	r := &fakeRecord{ui: widget.NewLabel("the record")}
	l.showDetail(r)
	if !shows(r.ui) || l.detail != r || r.reloads != 1 {
		t.Fatalf("a record opened: shown %v, read %d times", shows(r.ui), r.reloads)
	}
	l.Reload()
	l.Save()
	if r.reloads != 2 || r.saves != 1 || len(l.finds) != 0 {
		t.Errorf("reload and Ctrl+S with a record on show: %d reads, %d saves, %v searches", r.reloads, r.saves, l.finds)
	}

	l.closeDetail(false)
	if !shows(l.list) || l.showing() || len(closed) != 1 || closed[0] != r || len(l.finds) != 0 {
		t.Errorf("back without a change: list shown %v, closing ran %v, searches %v", shows(l.list), closed, l.finds)
	}
	l.closeDetail(true) // nothing on show: nothing to close
	if len(closed) != 1 || len(l.finds) != 0 {
		t.Errorf("closing with no record: closing ran %d times, searches %v", len(closed), l.finds)
	}

	l.showDetail(r)
	l.closeDetail(true)
	if !shows(l.list) || fmt.Sprint(l.finds) != "[0s]" {
		t.Errorf("back after a change: list shown %v, searches %v", shows(l.list), l.finds)
	}

	l.finds = nil
	l.showDetail(r)
	l.FocusSearch()
	if !shows(l.list) || e.Window.Canvas().Focused() != l.search || fmt.Sprint(l.finds) != "[0s]" {
		t.Errorf("Ctrl+F on a record: list shown %v, focus on %T, searches %v", shows(l.list), e.Window.Canvas().Focused(), l.finds)
	}
	l.finds = nil
	e.Window.Canvas().Unfocus()
	l.FocusSearch()
	if e.Window.Canvas().Focused() != l.search || len(l.finds) != 0 {
		t.Errorf("Ctrl+F on the list: focus on %T, searches %v", e.Window.Canvas().Focused(), l.finds)
	}
}

// TestListSearchDebounce types into a list page whose pager runs off the
// UI goroutine, as in the window: the keystrokes within the typing pause
// make one search, for the whole text.
func TestListSearchDebounce(t *testing.T) {
	e, _ := newTestEnv(t)
	e.inline = false
	p := &pager[int]{env: e, shown: func(bool) {}, counted: func(int, bool, bool) {}}
	var searched []string // read only after e.Wait
	l := &fakeList{listFrame: newListFrame[*fakeRecord](e)}
	l.initSearch(e, "search", func(d time.Duration) {
		q := l.search.Text
		p.search(d, func(ctx context.Context, after string, limit int) ([]int, string, error) {
			searched = append(searched, q)
			return []int{len(q)}, "", nil
		}, nil)
	})
	e.Window.SetContent(container.NewBorder(l.search, nil, nil, nil, l.setList(widget.NewLabel("the list"))))

	test.Type(l.search, "zhangsan")
	e.Wait()
	if fmt.Sprint(searched) != "[zhangsan]" || fmt.Sprint(p.rows) != "[8]" {
		t.Fatalf("typing zhangsan searched %q and listed %v, want one search for the whole name", searched, p.rows)
	}
	l.search.OnSubmitted(l.search.Text)
	e.Wait()
	if fmt.Sprint(searched) != "[zhangsan zhangsan]" {
		t.Errorf("Enter searched %q", searched)
	}
}
