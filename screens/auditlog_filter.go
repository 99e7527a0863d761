package screens

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/sheet"
)

// auditFilterBar is the audit log's filters, its export and its check of
// the chain.
type auditFilterBar struct {
	a *auditLog

	login    *widget.Entry
	action   *widget.Select
	kind     *widget.Select
	from, to *dateField
	record   *widget.Entry
	views    *widget.Check
	problem  *widget.Label
	apply    *widget.Button
	export   *widget.Button
	check    *widget.Button
}

// auditActions are the actions the filter offers, in the order an
// auditor thinks of them.
var auditActions = []string{
	data.ActionView, data.ActionCreate, data.ActionUpdate, data.ActionDelete, data.ActionRestore, data.ActionPurge,
	data.ActionPrint, data.ActionExport, data.ActionLoginFailed, data.ActionLocked, data.ActionPasswordSet,
	data.ActionPasswordReset, data.ActionRecover, data.ActionDisable, data.ActionBackup, data.ActionRestoreFile,
}

// auditKinds are the record kinds the filter offers.
var auditKinds = []string{
	"households", "residents", "organizations", "agreements", "meetings", "meeting_actions",
	data.EntityAccounts, data.EntitySettings, data.EntityDatabase, data.EntityAuditTrail,
}

func newAuditFilterBar(a *auditLog) *auditFilterBar {
	return &auditFilterBar{a: a}
}

// choices are the words of keys (under prefix), with "(all)" first, and
// back from the words to the keys.
func choices(prefix string, keys []string) ([]string, map[string]string) {
	opts := []string{lang.L("(all)")}
	back := map[string]string{}
	for _, k := range keys {
		w := lang.X(prefix+k, k)
		opts = append(opts, w)
		back[w] = k
	}
	return opts, back
}

func (b *auditFilterBar) buildUI() fyne.CanvasObject {
	actions, actionKeys := choices("audit.action.", auditActions)
	kinds, kindKeys := choices("audit.entity.", auditKinds)
	b.login = &widget.Entry{PlaceHolder: lang.L("login.Login name")}
	b.action = &widget.Select{Options: actions, PlaceHolder: lang.L("(all)")}
	b.kind = &widget.Select{Options: kinds, PlaceHolder: lang.L("(all)")}
	b.from = newDateField("", lang.L("audit.From"))
	b.to = newDateField("", lang.L("audit.To"))
	b.record = &widget.Entry{PlaceHolder: lang.L("audit.Record no.")}
	b.views = &widget.Check{Text: lang.L("audit.Only looks at personal data")}
	b.problem = errorLabel()
	b.apply = &widget.Button{Text: lang.L("audit.Apply"), Icon: theme.SearchIcon(), OnTapped: func() {
		if f, ok := b.read(actionKeys, kindKeys); ok {
			b.a.filter = f
			b.a.Reload()
		}
	}}
	b.login.OnSubmitted = func(string) { b.apply.OnTapped() }
	b.record.OnSubmitted = b.login.OnSubmitted
	clearBtn := &widget.Button{Text: lang.L("audit.Clear"), OnTapped: func() {
		b.login.SetText("")
		b.action.ClearSelected()
		b.kind.ClearSelected()
		b.from.SetText("")
		b.to.SetText("")
		b.record.SetText("")
		b.views.SetChecked(false)
		b.a.filter = data.AuditFilter{}
		b.a.Reload()
	}}
	w := func(width float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(width, o.MinSize().Height), o)
	}
	// Two rows: one would be wider than a 1366×768 laptop's window.
	what := container.NewHBox(w(130, b.login), w(150, b.action), w(150, b.kind), w(110, b.record), b.views)
	when := container.NewHBox(w(150, b.from), widget.NewLabel("—"), w(150, b.to), b.apply, clearBtn)
	return container.NewVBox(what, when, b.problem)
}

// tools are the page's buttons: export and the chain's check.
func (b *auditFilterBar) tools() fyne.CanvasObject {
	b.export = &widget.Button{Text: lang.L("audit.Export XLSX…"), Icon: theme.DocumentSaveIcon(), OnTapped: b.exportLog}
	b.check = &widget.Button{Text: lang.L("audit.Verify the chain"), Icon: theme.ConfirmIcon(), OnTapped: b.verify}
	return container.NewHBox(b.check, b.export, newTipButton(theme.ViewRefreshIcon(), "tip.Refresh", b.a.Reload))
}

// read turns the fields into a filter, or says what is wrong.
func (b *auditFilterBar) read(actionKeys, kindKeys map[string]string) (data.AuditFilter, bool) {
	setError(b.problem, "")
	f := data.AuditFilter{
		Login: data.NormalizeLogin(b.login.Text), Action: actionKeys[b.action.Selected],
		Entity: kindKeys[b.kind.Selected], ViewsOnly: b.views.Checked,
	}
	var bad []string
	day := func(d *dateField, next bool) time.Time {
		text := strings.TrimSpace(d.Text)
		if text == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(time.DateOnly, text, time.Local)
		if err != nil {
			bad = append(bad, lang.L("audit.Write a date as 2026-12-07."))
			return time.Time{}
		}
		if next {
			t = t.AddDate(0, 0, 1) // the whole of the last day
		}
		return t
	}
	f.From, f.To = day(b.from, false), day(b.to, true)
	if r := strings.TrimSpace(b.record.Text); r != "" {
		n, err := strconv.ParseInt(r, 10, 64)
		if err != nil || n <= 0 {
			bad = append(bad, lang.L("audit.The record no. is a number."))
		}
		f.EntityID = n
	}
	if len(bad) > 0 {
		setError(b.problem, strings.Join(bad, " "))
		return f, false
	}
	return f, true
}

// exportLog writes what the filter selects to an XLSX file.
func (b *auditFilterBar) exportLog() {
	f := b.a.filter
	s := b.a.env.Store()
	name := lang.L("Audit log") + "-" + storeToday(s).Format("20060102") + ".xlsx"
	saveAs(b.a.env, name, ".xlsx", func(path string) { b.exportTo(s, f, path) })
}

// exportTo writes the entries f selects to path, with progress.
func (b *auditFilterBar) exportTo(s *data.Store, f data.AuditFilter, path string) {
	var n int
	b.a.env.RunJob(lang.L("audit.Exporting"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		n, err = sheet.WriteAuditLog(ctx, s, f, language(), path)
		return err
	}, func(err error) {
		if err != nil {
			b.a.env.ShowError(err)
			return
		}
		showWritten(b.a.env, path, lang.L("audit.{{.N}} entries exported to {{.Path}}.", map[string]any{"N": n, "Path": path}))
	})
}

// verify runs the check of the hash chain (jiedao audit verify) and shows
// its result above the list.
func (b *auditFilterBar) verify() {
	s := b.a.env.Store()
	var chain data.AuditChain
	b.check.Disable()
	b.a.env.Background(func(ctx context.Context) error {
		var err error
		chain, err = s.VerifyAudit(ctx)
		return err
	}, func(err error) {
		b.check.Enable()
		l := b.a.verify
		if err != nil {
			l.Importance = widget.DangerImportance
			l.SetText(lang.L("audit.The audit trail is NOT intact: {{.Problem}}", map[string]any{"Problem": Message(err)}))
		} else {
			head := chain.Head
			if len(head) > 16 {
				head = head[:16]
			}
			l.Importance = widget.SuccessImportance
			l.SetText(lang.L("audit.The audit trail is intact: {{.N}} entries, none changed, removed or added. Last hash {{.Head}}…",
				map[string]any{"N": chain.Entries, "Head": head}))
		}
		l.Show()
	})
}
