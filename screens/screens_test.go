package screens

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
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

// newTestEnv returns an Env on a test window and a new store. The
// screens' tests run in whatever language lang falls back to; they check
// behaviour, and the app package checks the words.
func newTestEnv(t *testing.T) (*Env, *data.Store) {
	t.Helper()
	// What the screens save lands in the test's own Documents folder.
	t.Setenv("XDG_DOCUMENTS_DIR", t.TempDir())
	a := test.NewTempApp(t)
	w := a.NewWindow("test")
	w.Resize(fyne.NewSize(1200, 720))
	s := datatest.MustOpen(t)
	e := NewEnv(a, w, s)
	e.RunInline()
	t.Cleanup(func() {
		e.Close()
		e.Wait()
	})
	return e, s
}

// showScreen shows sc in the test window and lets it list what it lists.
func showScreen[T interface {
	Screen
	Reloader
}](t *testing.T, e *Env, sc T) T {
	t.Helper()
	e.Window.SetContent(sc.BuildUI())
	sc.Reload()
	e.Wait()
	return sc
}

// countStored is how many records of model's kind are stored, those in
// the recycle bin left out, read through the test's own connection.
func countStored(t *testing.T, s *data.Store, model any) int64 {
	t.Helper()
	var n int64
	if err := datatest.DB(t, s).Model(model).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// fieldErr is the message shown under the field of fields called name,
// "" if none.
func fieldErr(t *testing.T, fields []*formField, name string) string {
	t.Helper()
	f := fieldNamed(fields, name)
	if f == nil {
		t.Fatalf("no field %s", name)
	}
	if !f.err.Visible() {
		return ""
	}
	return f.err.Text
}

func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestFileURL(t *testing.T) {
	for _, tc := range []struct {
		path    string
		windows bool
		want    string
	}{
		{"/home/王芳/协议 2026#1.pdf", false, "file:///home/%E7%8E%8B%E8%8A%B3/%E5%8D%8F%E8%AE%AE%202026%231.pdf"},
		{`C:\Users\王芳\Documents\协议 2026.pdf`, true, "file:///C:/Users/王芳/Documents/协议 2026.pdf"},
		{`C:\数据\100%#1.pdf`, true, "file:///C:/数据/100%25%231.pdf"},
		{`\\server\共享\会议纪要.pdf`, true, "file://server/共享/会议纪要.pdf"},
	} {
		u := fileURL(tc.path, tc.windows)
		if got := u.String(); got != tc.want {
			t.Errorf("fileURL(%q) = %s, want %s", tc.path, got, tc.want)
		}
		if !tc.windows {
			back, err := url.Parse(u.String())
			if err != nil || back.Path != tc.path {
				t.Errorf("%s parses back to %q (%v)", u, back.Path, err)
			}
		}
	}
}

func TestRunJobProgressAndDone(t *testing.T) {
	e, _ := newTestEnv(t)
	var got error
	called := 0
	j := e.RunJob("job", func(ctx context.Context, progress func(done, total int)) error {
		for i := 1; i <= 5; i++ {
			progress(i, 5)
			time.Sleep(30 * time.Millisecond) // let the bar follow
		}
		return errors.New("boom")
	}, func(err error) {
		called++
		got = err
	})
	if err := j.Wait(); err == nil || err.Error() != "boom" {
		t.Fatalf("Wait = %v", err)
	}
	e.Wait()
	if called != 1 || got == nil || got.Error() != "boom" {
		t.Fatalf("onDone called %d times with %v", called, got)
	}
	if top := e.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("progress dialog still open: %T", top)
	}
}

func TestRunJobCancel(t *testing.T) {
	e, _ := newTestEnv(t)
	started := make(chan struct{})
	var got error
	j := e.RunJob("job", func(ctx context.Context, progress func(done, total int)) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}, func(err error) { got = err })
	<-started
	if e.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("no progress dialog while the job runs")
	}
	if !e.Escape() { // Esc works like the Cancel button
		t.Fatal("Esc found nothing to cancel")
	}
	j.Wait()
	e.Wait()
	if !Cancelled(got) {
		t.Fatalf("onDone got %v, want a cancellation", got)
	}
	if e.Escape() {
		t.Error("the finished job is still on the Esc stack")
	}
}

func TestRunJobPanic(t *testing.T) {
	e, _ := newTestEnv(t)
	var got error
	e.RunJob("job", func(context.Context, func(int, int)) error { panic("bug") }, func(err error) { got = err })
	e.Wait()
	if got == nil || !strings.Contains(got.Error(), "bug") {
		t.Fatalf("a panicking job gave %v", got)
	}
}

func TestDashboardCounts(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	if err := s.SaveSettings(ctx, data.Settings{OfficeName: "东华门街道办事处", Address: "东华门大街 1 号"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		h := &data.Household{Number: fmt.Sprintf("H%03d", i)}
		if err := s.Create(ctx, h); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, &data.Resident{HouseholdID: h.ID, Name: "张三"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Backup(ctx, ""); err != nil {
		t.Fatal(err)
	}
	d := NewDashboard(e).(*dashboard)
	view := d.BuildUI()
	d.Reload()
	e.Wait()
	shown := strings.Join(texts(view), "|")
	for _, want := range []string{"东华门街道办事处", "东华门大街 1 号", "|3|", FormatDateTime(datatest.Epoch().Local())} {
		if !strings.Contains("|"+shown+"|", want) {
			t.Errorf("dashboard does not show %q: %s", want, shown)
		}
	}
}

func TestWelcomeOnFirstRun(t *testing.T) {
	e, _ := newTestEnv(t)
	d := NewDashboard(e).(*dashboard)
	d.BuildUI()
	d.Reload()
	e.Wait()
	if d.stack.Objects[0] != d.welcome {
		t.Fatal("an empty database does not get the welcome page")
	}
	went := ""
	e.Navigate = func(p string) { went = p }
	var setUp *widget.Button
	for _, o := range test.LaidOutObjects(d.welcome) {
		if b, ok := o.(*widget.Button); ok && b.Text == lang.L("Enter the office's details") {
			setUp = b
		}
	}
	if setUp == nil {
		t.Fatal("no button to set the office up")
	}
	test.Tap(setUp)
	if went != PageSettings {
		t.Errorf("the set-up button went to %q", went)
	}

	// 导入已有花名册 opens the household list and its import.
	h := d.reg.Households(e).(*households)
	e.Navigate = func(p string) {
		went = p
		e.Window.SetContent(h.BuildUI())
	}
	var importBtn *widget.Button
	for _, o := range test.LaidOutObjects(d.welcome) {
		if b, ok := o.(*widget.Button); ok && b.Text == lang.L("win.Import an existing roster…") {
			importBtn = b
		}
	}
	if importBtn == nil {
		t.Fatal("the welcome page offers no roster import")
	}
	test.Tap(importBtn)
	if went != PageHouseholds {
		t.Errorf("the import button went to %q", went)
	}
	top := e.Window.Canvas().Overlays().Top()
	if top == nil || !slices.Contains(texts(top), lang.L("hh.Choose file…")) {
		t.Errorf("the roster import did not open: %q", texts(top))
	}
}

func TestRecycleBin(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	var hs []*data.Household
	for i := 0; i < 2; i++ {
		h := &data.Household{Number: fmt.Sprintf("H%03d", i), Address: fmt.Sprintf("东华门大街 %d 号", i+1)}
		if err := s.Create(ctx, h); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, h); err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	r := NewRecycleBin(e).(*recycleBin)
	e.Window.SetContent(r.BuildUI())
	r.Reload()
	e.Wait()
	if len(r.shown) != 2 {
		t.Fatalf("bin shows %d items, want 2", len(r.shown))
	}
	// Search narrows the list.
	test.Type(r.search, "2 号")
	if len(r.shown) != 1 || r.shown[0].ID != hs[1].ID {
		t.Fatalf("search shows %+v", r.shown)
	}
	r.search.SetText("")

	r.onRestore(r.shown[0])
	e.Wait()
	if len(r.all) != 1 {
		t.Fatalf("after restore the bin has %d items", len(r.all))
	}
	if live := countStored(t, s, &data.Household{}); live != 1 {
		t.Fatalf("%d live households after restore, want 1", live)
	}

	// Purging asks first; the dialog's confirm button does it.
	r.onPurge(r.all[0])
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("purge did not ask")
	}
	var confirm *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Importance == widget.DangerImportance {
			confirm = b
		}
	}
	if confirm == nil {
		t.Fatal("no confirm button")
	}
	test.Tap(confirm)
	e.Wait()
	if len(r.all) != 0 || r.empty.Hidden {
		t.Fatalf("after purge: %d items, empty label hidden %v", len(r.all), r.empty.Hidden)
	}
	var all int64
	datatest.DB(t, s).Unscoped().Model(&data.Household{}).Count(&all)
	if all != 1 {
		t.Fatalf("%d households in the table after purge, want 1", all)
	}
}

func TestAuditLogPages(t *testing.T) {
	e, s := newTestEnv(t)
	const n = 450
	err := s.Tx(context.Background(), func(tx *data.Tx) error {
		for i := 0; i < n; i++ {
			if err := tx.Audit(data.ActionUpdate, data.EntitySettings, 0, nil, map[string]int{"i": i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a := NewAuditLog(e).(*auditLog)
	e.Window.SetContent(a.BuildUI())
	a.Reload()
	e.Wait()
	// Whole pages only, and not all of them: the rest load as the list
	// scrolls. (The test driver runs UI updates on the fetching goroutine,
	// so the prefetch may already have asked for the second page.)
	if len(a.lines)%auditPage != 0 || len(a.lines) == 0 || len(a.lines) >= n || !a.more {
		t.Fatalf("first load: %d entries, more %v", len(a.lines), a.more)
	}
	for i := 0; i < 5 && a.more; i++ {
		a.loadMore()
		e.Wait()
	}
	if len(a.lines) != n || a.more {
		t.Fatalf("all pages: %d entries (want %d), more %v", len(a.lines), n, a.more)
	}
	for i := 1; i < len(a.lines); i++ {
		if a.lines[i].Entry.ID >= a.lines[i-1].Entry.ID {
			t.Fatalf("entries not newest first at %d", i)
		}
	}
	// Selecting one shows what changed.
	a.list.Select(0)
	top := e.Window.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), "449") {
		t.Fatalf("entry dialog does not show the record: %q", texts(top))
	}
}

func TestFlatten(t *testing.T) {
	a, b, c := errors.New("a"), errors.New("b"), errors.New("c")
	got := flatten(errors.Join(a, errors.Join(b, c)))
	if len(got) != 3 || got[0] != a || got[2] != c {
		t.Fatalf("flatten = %v", got)
	}
	if flatten(nil) != nil {
		t.Fatal("flatten(nil) not empty")
	}
}
