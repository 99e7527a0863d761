package screens

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// fetchFunc reads the page of at most limit rows that starts after the
// keyset position after ("" for the first page) and returns where the page
// after it starts ("" when there is none).
type fetchFunc[R any] func(ctx context.Context, after string, limit int) (rows []R, next string, err error)

// pager holds the rows of a list screen and brings them in a page at a
// time, off the UI goroutine: a register is never loaded whole, a newer
// search cancels the one before it and what that one found is dropped,
// and the total is counted after the first page is on screen. Its fields
// are only touched on the UI goroutine.
type pager[R any] struct {
	env *Env
	// shown runs after the rows changed; first says a new search's first
	// page arrived (the list goes back to its top).
	shown func(first bool)
	// counted tells the count: n rows, more when counting stopped at
	// countLimit with rows left, counting while the count is still being
	// made (n is then the rows held).
	counted func(n int, more, counting bool)
	// failed, when set, is told a failure in place of the error dialog (a
	// picker says it in its note).
	failed func(error)

	list    *widget.List // set by showIn; refreshed by clear
	rows    []R
	next    string // where the page after rows starts; "" at the end
	loading bool
	gen     int // bumped by each search; older results are dropped
	cancel  context.CancelFunc
	fetch   fetchFunc[R] // the newest search's
}

// search lists again with fetch after delay (the typing pause). The total
// is counted with count when it is given (a COUNT in SQL), else by paging
// through the rows with fetch, up to countLimit.
func (p *pager[R]) search(delay time.Duration, fetch fetchFunc[R], count func(ctx context.Context) (int, bool, error)) {
	p.gen++
	gen := p.gen
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(p.env.ctx)
	p.cancel, p.fetch = cancel, fetch
	p.loading, p.next = true, ""
	p.env.Go(func() {
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return
			}
		}
		rows, next, err := fetch(ctx, "", listPage)
		if ctx.Err() != nil {
			return
		}
		fyne.DoAndWait(func() {
			if gen != p.gen {
				return
			}
			p.loading = false
			if err != nil {
				p.fail(err)
				return
			}
			p.rows, p.next = rows, next
			p.shown(true)
			p.counted(len(rows), false, next != "")
		})
		if err != nil || next == "" {
			return
		}
		if count == nil {
			count = func(ctx context.Context) (int, bool, error) {
				return countByPaging(func(after string) (int, string, error) {
					rows, next, err := fetch(ctx, after, countPage)
					return len(rows), next, err
				})
			}
		}
		n, more, err := count(ctx)
		if ctx.Err() != nil || err != nil {
			return
		}
		fyne.Do(func() {
			if gen == p.gen {
				p.counted(n, more, false)
			}
		})
	})
}

// fail tells err: to failed when set, else in a dialog.
func (p *pager[R]) fail(err error) {
	if p.failed != nil {
		p.failed(err)
		return
	}
	p.env.ShowError(err)
}

// more fetches the page after the rows held, once (the list calls it as
// its end comes into view).
func (p *pager[R]) more() {
	if p.loading || p.next == "" || p.fetch == nil {
		return
	}
	p.loading = true
	gen, after, fetch := p.gen, p.next, p.fetch
	p.env.Go(func() {
		rows, next, err := fetch(p.env.ctx, after, listPage)
		fyne.Do(func() {
			if gen != p.gen {
				return
			}
			p.loading = false
			if err != nil {
				p.next = ""
				p.fail(err)
				return
			}
			p.rows = append(p.rows, rows...)
			p.next = next
			p.shown(false)
		})
	})
}

// clear drops the rows and stops the search under way, for a list that is
// not shown (the household list keeps residents and households apart).
func (p *pager[R]) clear() {
	p.gen++
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.rows, p.next, p.loading, p.fetch = nil, "", false, nil
	if p.list != nil {
		p.list.Refresh()
	}
}

// showIn shows the rows as a list screen does: list is refreshed as rows
// arrive and goes back to its top for a new search, empty ("Nothing
// found.") shows while a search found none, and count says "Counting…"
// until the total is known, then what text says of n rows: exact, or
// moreThan when counting stopped at countLimit.
func (p *pager[R]) showIn(list *widget.List, empty fyne.CanvasObject, count *widget.Label, text func(n int) (exact, moreThan string)) {
	p.list = list
	p.shown = func(first bool) {
		showWhen(empty, len(p.rows) == 0)
		list.Refresh()
		if first {
			list.ScrollToTop()
		}
	}
	p.counted = func(n int, more, counting bool) {
		if counting {
			count.SetText(lang.L("Counting…"))
			return
		}
		exact, moreThan := text(n)
		if more {
			exact = moreThan
		}
		count.SetText(exact)
	}
}
