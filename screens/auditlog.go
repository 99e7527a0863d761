package screens

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// auditPage is how many entries one query fetches. The list asks for the
// next page when the user scrolls near the end of what it has (keyset
// paging), so a trail of a million entries opens as fast as one of ten.
const auditPage = 200

// auditLog lists the audit trail, newest first, as an auditor reads it
// (data.DescribeAudit): local time, the account's name, the action in
// words, the record by its name, the changed fields with their labels.
// The filters (auditlog_filter.go) select by account, action, record
// kind, dates and record; looks at whole personal numbers are marked.
// Selecting an entry shows all of it.
type auditLog struct {
	env *Env

	filter  data.AuditFilter // what the list shows (auditlog_filter.go sets it)
	lines   []data.AuditLine
	more    bool // the store may have older entries
	loading bool
	gen     int // bumped by Reload so a page for an old list is dropped
	list    *widget.List

	bar    *auditFilterBar
	verify *widget.Label // the last check of the chain
}

// NewAuditLog returns the audit log page.
func NewAuditLog(env *Env) Screen {
	return &auditLog{env: env}
}

// auditColumns: time, account, action, kind, record; the content takes
// the rest.
var auditColumns = flexLast(172, 80, 100, 80, 210)

func (a *auditLog) BuildUI() fyne.CanvasObject {
	a.list = &widget.List{
		Length: func() int {
			if a.more {
				return len(a.lines) + 1 // the "loading…" row
			}
			return len(a.lines)
		},
		CreateItem: func() fyne.CanvasObject {
			return container.New(auditColumns, cell(""), cell(""), cell(""), cell(""), cell(""), cell(""))
		},
		UpdateItem: a.updateRow,
		OnSelected: a.onSelected,
	}
	header := container.New(auditColumns,
		headerCell(lang.L("Time")), headerCell(lang.L("audit.Account")), headerCell(lang.L("Action")),
		headerCell(lang.L("audit.Kind")), headerCell(lang.L("Record")), headerCell(lang.L("audit.What changed")))
	a.verify = &widget.Label{Wrapping: fyne.TextWrapWord}
	a.verify.Hide()
	a.bar = newAuditFilterBar(a)
	top := container.NewVBox(a.bar.buildUI(), a.verify, header)
	return page(lang.L("Audit log"), a.bar.tools(), container.NewBorder(top, nil, nil, nil, a.list))
}

func (a *auditLog) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	if id >= len(a.lines) {
		for _, c := range cells {
			c.(*widget.Label).SetText("")
		}
		cells[0].(*widget.Label).SetText(lang.L("Loading…"))
		a.loadMore()
		return
	}
	l := a.lines[id]
	if id >= len(a.lines)-auditPage/4 {
		a.loadMore() // prefetch before the user reaches the end
	}
	op := l.Operator
	if op == "" {
		op = lang.L("audit.operator.unset")
	}
	texts := []string{l.At, op, l.Action, l.Kind, l.Record, auditContent(l, "; ")}
	for i, t := range texts {
		lb := cells[i].(*widget.Label)
		// A look at whole personal numbers stands out: it is what an
		// auditor of personal data looks for first.
		lb.Importance = widget.MediumImportance
		if l.Entry.Action == data.ActionView {
			lb.Importance = widget.WarningImportance
		}
		lb.SetText(strings.ReplaceAll(t, "\n", " "))
	}
}

// auditContent is what the entry did: a look's detail, or the changed
// fields as "标签：之前 → 之后" joined by sep.
func auditContent(l data.AuditLine, sep string) string {
	if l.Detail != "" {
		return l.Detail
	}
	var out []string
	for _, c := range l.Changes {
		switch {
		case c.Before == "":
			out = append(out, c.Label+"："+c.After)
		case c.After == "":
			out = append(out, c.Label+"："+c.Before+" → "+lang.L("(none)"))
		default:
			out = append(out, c.Label+"："+c.Before+" → "+c.After)
		}
	}
	return strings.Join(out, sep)
}

// language is the window's language as data.DescribeAudit takes it.
func language() string { return lang.X("lang.code", "zh") }

// Reload starts the list again from the newest entry; the shell calls it
// each time the page is shown.
func (a *auditLog) Reload() {
	a.gen++
	a.lines = nil
	a.more = true
	a.loading = false
	a.list.UnselectAll()
	a.list.Refresh() // with no entries, which also scrolls it back to the top
	// Last: the fetch's UI update may run at once on its own goroutine
	// (Fyne's test driver does that), and must not meet the Refresh above.
	a.loadMore()
}

// loadMore fetches and describes the page after the last entry held,
// unless a fetch is under way or the end was reached.
func (a *auditLog) loadMore() {
	if a.loading || !a.more {
		return
	}
	a.loading = true
	f := a.filter
	f.Limit = auditPage
	if n := len(a.lines); n > 0 {
		f.BeforeID = a.lines[n-1].Entry.ID
	}
	gen := a.gen
	s := a.env.Store()
	lng := language()
	a.env.Background(func(ctx context.Context) error {
		page, err := s.AuditLog(ctx, f)
		if err != nil {
			return err
		}
		lines, err := s.DescribeAudit(ctx, page, lng)
		if err != nil {
			return err
		}
		fyne.Do(func() {
			if gen != a.gen {
				return
			}
			a.lines = append(a.lines, lines...)
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

// onSelected shows the whole entry: who, when, what, every changed field,
// and the record before and after as stored (for the auditor who checks
// the words against the record).
func (a *auditLog) onSelected(id widget.ListItemID) {
	if id >= len(a.lines) {
		return
	}
	l := a.lines[id]
	op := l.Operator
	if l.Login != "" {
		op += "（" + l.Login + "）"
	}
	head := container.New(layout.NewFormLayout(),
		&widget.Label{Text: lang.L("Time"), TextStyle: fyne.TextStyle{Bold: true}}, &widget.Label{Text: l.At},
		&widget.Label{Text: lang.L("audit.Account"), TextStyle: fyne.TextStyle{Bold: true}}, &widget.Label{Text: op},
		&widget.Label{Text: lang.L("Action"), TextStyle: fyne.TextStyle{Bold: true}}, &widget.Label{Text: l.Action},
		&widget.Label{Text: lang.L("Record"), TextStyle: fyne.TextStyle{Bold: true}}, &widget.Label{Text: l.Kind + " " + l.Record, Wrapping: fyne.TextWrapWord},
	)
	what := &widget.Label{Text: auditContent(l, "\n"), Wrapping: fyne.TextWrapWord, Selectable: true}
	raw := func(s string) fyne.CanvasObject {
		if s == "" {
			s = lang.L("(none)")
		} else {
			var buf bytes.Buffer
			if json.Indent(&buf, []byte(s), "", "  ") == nil {
				s = buf.String()
			}
		}
		return &widget.Label{Text: s, Wrapping: fyne.TextWrapBreak, Selectable: true}
	}
	stored := widget.NewAccordion(widget.NewAccordionItem(lang.L("audit.The record as stored"),
		container.NewGridWithColumns(2,
			container.NewVBox(subheading(lang.L("Before")), raw(l.Entry.Before)),
			container.NewVBox(subheading(lang.L("After")), raw(l.Entry.After)))))
	body := container.NewVScroll(container.NewVBox(head, widget.NewSeparator(), subheading(lang.L("audit.What changed")), what, stored))
	d := dialog.NewCustom(l.Action+" · "+l.Kind, lang.L("Close"), body, a.env.Window)
	d.Resize(dialogSize)
	d.SetOnClosed(a.list.UnselectAll)
	a.env.ShowDialog(d)
}

// actionName is an audit action in words.
func actionName(action string) string {
	return lang.X("audit.action."+action, action)
}
