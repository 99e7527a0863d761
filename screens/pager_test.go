package screens

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// numbers is a register of n rows 1…n, read as the store's lists are: a
// page after a keyset position. Each call is recorded.
type numbers struct {
	n     int
	err   error
	calls []string
}

func (r *numbers) fetch(_ context.Context, after string, limit int) ([]int, string, error) {
	r.calls = append(r.calls, fmt.Sprintf("%s/%d", after, limit))
	if r.err != nil {
		return nil, "", r.err
	}
	from := 0
	if after != "" {
		from, _ = strconv.Atoi(after)
	}
	var rows []int
	for i := from + 1; i <= r.n && len(rows) < limit; i++ {
		rows = append(rows, i)
	}
	next := ""
	if len(rows) > 0 && rows[len(rows)-1] < r.n {
		next = strconv.Itoa(rows[len(rows)-1])
	}
	return rows, next, nil
}

// countLog records what a pager told of its count.
type countLog []string

func (c *countLog) counted(n int, more, counting bool) {
	*c = append(*c, fmt.Sprintf("%d more=%v counting=%v", n, more, counting))
}

func TestPager(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T)
	}{
		{"first page, counted by paging, then the rest page by page", testPagerPages},
		{"counting stops at the limit", testPagerCountLimit},
		{"a count in SQL is used when given", testPagerSQLCount},
		{"one page needs no count", testPagerOnePage},
		{"a newer search drops what the older found", testPagerNewerSearch},
		{"shown in a list screen's widgets", testPagerShownIn},
		{"a failure is shown and the rows are kept", testPagerFailure},
		{"a failure goes to failed when it is set", testPagerFailedHook},
	} {
		t.Run(tc.name, tc.run)
	}
}

// newTestPager is a pager on a test window whose count and pages shown
// are recorded.
func newTestPager(t *testing.T) (*pager[int], *countLog, *[]bool) {
	e, _ := newTestEnv(t)
	var c countLog
	var shown []bool
	p := &pager[int]{env: e, counted: c.counted, shown: func(first bool) { shown = append(shown, first) }}
	return p, &c, &shown
}

// testPagerPages: first page, counted by paging, then the rest page by page.
func testPagerPages(t *testing.T) {
	p, c, shown := newTestPager(t)
	r := &numbers{n: 2*listPage + 50}
	p.search(0, r.fetch, nil)
	p.env.Wait()
	if len(p.rows) != listPage || p.next == "" {
		t.Fatalf("first page: %d rows, next %q", len(p.rows), p.next)
	}
	want := countLog{fmt.Sprintf("%d more=false counting=true", listPage), fmt.Sprintf("%d more=false counting=false", r.n)}
	if fmt.Sprint(*c) != fmt.Sprint(want) {
		t.Errorf("counted %q, want %q", *c, want)
	}
	for range 5 {
		p.more()
		p.env.Wait()
	}
	if len(p.rows) != r.n || p.rows[r.n-1] != r.n || p.next != "" {
		t.Fatalf("after paging: %d rows, next %q", len(p.rows), p.next)
	}
	if fmt.Sprint(*shown) != "[true false false]" {
		t.Errorf("shown %v, want the first page then two more", *shown)
	}
}

// testPagerCountLimit: counting stops at the limit.
func testPagerCountLimit(t *testing.T) {
	p, c, _ := newTestPager(t)
	p.search(0, (&numbers{n: countLimit + 1500}).fetch, nil)
	p.env.Wait()
	if last := (*c)[len(*c)-1]; last != fmt.Sprintf("%d more=true counting=false", countLimit) {
		t.Errorf("count %q", last)
	}
}

// testPagerSQLCount: a count in SQL is used when given.
func testPagerSQLCount(t *testing.T) {
	p, c, _ := newTestPager(t)
	r := &numbers{n: 3 * listPage}
	p.search(0, r.fetch, func(context.Context) (int, bool, error) { return 12345, false, nil })
	p.env.Wait()
	if last := (*c)[len(*c)-1]; last != "12345 more=false counting=false" || len(r.calls) != 1 {
		t.Errorf("count %q after %d fetches", last, len(r.calls))
	}
}

// testPagerOnePage: one page needs no count.
func testPagerOnePage(t *testing.T) {
	p, c, _ := newTestPager(t)
	r := &numbers{n: 7}
	p.search(0, r.fetch, nil)
	p.env.Wait()
	if fmt.Sprint(*c) != "[7 more=false counting=false]" || len(r.calls) != 1 {
		t.Errorf("counted %q after %d fetches", *c, len(r.calls))
	}
	p.more() // nothing after the last page
	p.env.Wait()
	if len(r.calls) != 1 {
		t.Errorf("more() at the end fetched again: %v", r.calls)
	}
}

// testPagerNewerSearch: a newer search drops what the older found.
func testPagerNewerSearch(t *testing.T) {
	p, _, _ := newTestPager(t)
	newer := &numbers{n: 3}
	older := func(ctx context.Context, after string, limit int) ([]int, string, error) {
		// The user types again while the first search runs.
		p.search(0, newer.fetch, nil)
		return []int{100, 200}, "", nil
	}
	p.search(0, older, nil)
	p.env.Wait()
	if fmt.Sprint(p.rows) != "[1 2 3]" {
		t.Errorf("rows %v, want the newer search's [1 2 3]", p.rows)
	}
	p.more()
	p.env.Wait()
	if len(newer.calls) != 1 {
		t.Errorf("the newer search's pages were fetched %v", newer.calls)
	}
}

// testPagerShownIn: shown in a list screen's widgets.
func testPagerShownIn(t *testing.T) {
	e, _ := newTestEnv(t)
	p := &pager[int]{env: e}
	list := &widget.List{
		Length:     func() int { return len(p.rows) },
		CreateItem: func() fyne.CanvasObject { return widget.NewLabel("") },
		UpdateItem: func(int, fyne.CanvasObject) {},
	}
	list.MinSize() // make the scroller, as the screens do: ScrollToTop needs it
	empty, count := widget.NewLabel("Nothing found."), widget.NewLabel("")
	p.showIn(list, empty, count, func(n int) (string, string) { return fmt.Sprintf("%d false", n), fmt.Sprintf("%d true", n) })
	r := &numbers{n: listPage + 1}
	p.search(0, r.fetch, func(context.Context) (int, bool, error) {
		if count.Text != lang.L("Counting…") {
			t.Errorf("while counting the count says %q", count.Text)
		}
		return r.n, false, nil
	})
	e.Wait()
	if count.Text != fmt.Sprint(r.n, " false") || empty.Visible() || list.Length() != listPage {
		t.Errorf("count %q, empty shown %v, %d rows listed", count.Text, empty.Visible(), list.Length())
	}
	p.search(0, (&numbers{n: countLimit + 1}).fetch, nil)
	e.Wait()
	if want := fmt.Sprint(countLimit, " true"); count.Text != want {
		t.Errorf("counting stopped at the limit: count %q, want %q", count.Text, want)
	}
	p.search(0, (&numbers{}).fetch, nil)
	e.Wait()
	if count.Text != "0 false" || !empty.Visible() {
		t.Errorf("nothing found: count %q, empty shown %v", count.Text, empty.Visible())
	}
	p.clear()
	if list.Length() != 0 {
		t.Errorf("clear left %d rows", list.Length())
	}
}

// testPagerFailure: a failure is shown and the rows are kept.
func testPagerFailure(t *testing.T) {
	p, _, _ := newTestPager(t)
	r := &numbers{n: 2 * listPage}
	p.search(0, r.fetch, nil)
	p.env.Wait()
	r.err = errors.New("disk I/O error")
	p.more()
	p.env.Wait()
	if len(p.rows) != listPage || p.next != "" || p.loading {
		t.Errorf("after a failed page: %d rows, next %q, loading %v", len(p.rows), p.next, p.loading)
	}
	top := p.env.Window.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.ToLower(strings.Join(texts(top), " ")), "disk i/o error") {
		t.Errorf("no error dialog: %q", texts(top))
	}
}

// testPagerFailedHook: a failure goes to failed when it is set, and no
// dialog opens.
func testPagerFailedHook(t *testing.T) {
	p, _, _ := newTestPager(t)
	var told []string
	p.failed = func(err error) { told = append(told, err.Error()) }
	r := &numbers{n: 2 * listPage, err: errors.New("disk I/O error")}
	p.search(0, r.fetch, nil)
	p.env.Wait()
	r.err = nil
	p.search(0, r.fetch, nil)
	p.env.Wait()
	r.err = errors.New("database is locked")
	p.more()
	p.env.Wait()
	if fmt.Sprint(told) != "[disk I/O error database is locked]" || len(p.rows) != listPage {
		t.Errorf("told %q, %d rows kept", told, len(p.rows))
	}
	if top := p.env.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog opened: %q", texts(top))
	}
}
