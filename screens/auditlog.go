package screens

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// auditPage is how many entries one query fetches. The list asks for the
// next page when the user scrolls near the end of what it has (keyset
// paging), so a trail of a million entries opens as fast as one of ten.
const auditPage = 200

// auditLog lists the audit trail, newest first; selecting an entry shows
// the record before and after.
type auditLog struct {
	env *Env

	entries []data.AuditEntry
	more    bool // the store may have older entries
	loading bool
	gen     int // bumped by Reload so a page for an old list is dropped
	list    *widget.List
}

// NewAuditLog returns the audit log page.
func NewAuditLog(env *Env) Screen {
	return &auditLog{env: env}
}

// auditColumns: time, operator, action, record; the summary takes the rest.
var auditColumns = []float32{160, 100, 150, 140}

func (a *auditLog) BuildUI() fyne.CanvasObject {
	a.list = &widget.List{
		Length: func() int {
			if a.more {
				return len(a.entries) + 1 // the "loading…" row
			}
			return len(a.entries)
		},
		CreateItem: func() fyne.CanvasObject {
			return container.New(&columns{widths: auditColumns}, cell(""), cell(""), cell(""), cell(""), cell(""))
		},
		UpdateItem: a.updateRow,
		OnSelected: a.onSelected,
	}
	header := container.New(&columns{widths: auditColumns},
		headerCell(lang.L("Time")), headerCell(lang.L("Operator")), headerCell(lang.L("Action")),
		headerCell(lang.L("Record")), headerCell(lang.L("Details")))
	refresh := newTipButton(theme.ViewRefreshIcon(), "tip.Refresh", a.Reload)
	return page(lang.L("Audit log"), refresh, container.NewBorder(header, nil, nil, nil, a.list))
}

func (a *auditLog) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	if id >= len(a.entries) {
		for _, c := range cells {
			c.(*widget.Label).SetText("")
		}
		cells[0].(*widget.Label).SetText(lang.L("Loading…"))
		a.loadMore()
		return
	}
	e := a.entries[id]
	if id >= len(a.entries)-auditPage/4 {
		a.loadMore() // prefetch before the user reaches the end
	}
	op := e.Operator
	if op == "" {
		op = lang.L("audit.operator.unset")
	}
	record := entityName(e.Entity)
	if e.EntityID != 0 {
		record += fmt.Sprintf(" #%d", e.EntityID)
	}
	cells[0].(*widget.Label).SetText(FormatDateTime(e.At.Local()))
	cells[1].(*widget.Label).SetText(op)
	cells[2].(*widget.Label).SetText(actionName(e.Action))
	cells[3].(*widget.Label).SetText(record)
	cells[4].(*widget.Label).SetText(summary(e))
}

func actionName(action string) string {
	return lang.X("audit.action."+action, action)
}

// summary is a one-line hint of what changed: the after (or before)
// record's JSON, cut by the label's truncation.
func summary(e data.AuditEntry) string {
	if e.After != "" {
		return e.After
	}
	return e.Before
}

// Reload starts the list again from the newest entry; the shell calls it
// each time the page is shown.
func (a *auditLog) Reload() {
	a.gen++
	a.entries = nil
	a.more = true
	a.loading = false
	a.list.UnselectAll()
	a.list.Refresh() // with no entries, which also scrolls it back to the top
	// Last: the fetch's UI update may run at once on its own goroutine
	// (Fyne's test driver does that), and must not meet the Refresh above.
	a.loadMore()
}

// loadMore fetches the page after the last entry held, unless a fetch is
// under way or the end was reached.
func (a *auditLog) loadMore() {
	if a.loading || !a.more {
		return
	}
	a.loading = true
	var before int64
	if n := len(a.entries); n > 0 {
		before = a.entries[n-1].ID
	}
	gen := a.gen
	s := a.env.Store()
	a.env.Background(func(ctx context.Context) error {
		page, err := s.AuditLog(ctx, data.AuditFilter{Limit: auditPage, BeforeID: before})
		if err != nil {
			return err
		}
		fyne.Do(func() {
			if gen != a.gen {
				return
			}
			a.entries = append(a.entries, page...)
			a.more = len(page) == auditPage
			a.loading = false
			a.list.Refresh()
		})
		return nil
	}, func(err error) {
		if err != nil && gen == a.gen {
			a.more = false
			a.loading = false
			a.list.Refresh()
			a.env.ShowError(err)
		}
	})
}

// onSelected shows the whole entry: the record before and after.
func (a *auditLog) onSelected(id widget.ListItemID) {
	if id >= len(a.entries) {
		return
	}
	e := a.entries[id]
	text := func(s string) fyne.CanvasObject {
		if s == "" {
			s = lang.L("(none)")
		} else {
			var buf bytes.Buffer
			if json.Indent(&buf, []byte(s), "", "  ") == nil {
				s = buf.String()
			}
		}
		return container.NewVScroll(&widget.Label{Text: s, Wrapping: fyne.TextWrapBreak, Selectable: true})
	}
	title := fmt.Sprintf("%s · %s · %s", FormatDateTime(e.At.Local()), actionName(e.Action), entityName(e.Entity))
	body := container.NewGridWithColumns(2,
		container.NewBorder(subheading(lang.L("Before")), nil, nil, nil, text(e.Before)),
		container.NewBorder(subheading(lang.L("After")), nil, nil, nil, text(e.After)),
	)
	d := dialog.NewCustom(title, lang.L("Close"), body, a.env.Window)
	d.Resize(dialogSize)
	d.SetOnClosed(a.list.UnselectAll)
	a.env.ShowDialog(d)
}
