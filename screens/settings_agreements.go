package screens

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// agreementSettings is where the office sets how agreements are numbered
// and what articles they print: the number pattern of each kind, with the
// next number previewed as it is typed, and the clause template of each
// kind (and of supplementary agreements), with the placeholders a
// template may use and a way back to the text shipped with Jiedao. It is
// reached from the settings page, which it replaces until "back".
type agreementSettings struct {
	env    *Env
	onBack func()

	patterns []*patternField

	kind      *widget.RadioGroup
	shown     string            // the kind whose template is in the editor
	drafts    map[string]string // edits of the other kinds, kept while switching
	text      *widget.Entry
	textErr   *widget.Label
	textSaved *widget.Label
	saveText  *widget.Button
	resetText *widget.Button
	filling   bool
}

// patternField is one kind's number pattern with its preview.
type patternField struct {
	kind    string
	entry   *widget.Entry
	preview *widget.Label
	err     *widget.Label
	saved   *widget.Label
	save    *widget.Button
	year    int
	next    int64 // the sequence number the next agreement of the year gets
}

// templateKinds are the kinds with a clause template, in the selector's
// order.
var templateKinds = []string{data.AgreementCommission, data.AgreementProject, data.ClauseSupplement}

func newAgreementSettings(env *Env, onBack func()) *agreementSettings {
	return &agreementSettings{env: env, onBack: onBack, drafts: map[string]string{}}
}

func (a *agreementSettings) buildUI() fyne.CanvasObject {
	back := &widget.Button{Text: lang.L("org.Back to the settings"), Icon: theme.NavigateBackIcon(), OnTapped: a.onBack}

	// Number patterns.
	label := func(text string) *widget.Label { return &widget.Label{Text: text, Alignment: fyne.TextAlignTrailing} }
	var rows []fyne.CanvasObject
	for _, kind := range data.AgreementKinds {
		p := &patternField{kind: kind}
		p.entry = &widget.Entry{PlaceHolder: data.DefaultNumberPattern(kind)}
		p.entry.OnChanged = func(string) {
			p.saved.SetText("")
			a.showPreview(p)
		}
		p.entry.OnSubmitted = func(string) { a.savePattern(p) }
		p.preview = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
		p.err = errorLabel()
		p.saved = &widget.Label{Importance: widget.SuccessImportance}
		p.save = &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), OnTapped: func() { a.savePattern(p) }}
		a.patterns = append(a.patterns, p)
		line := container.NewBorder(nil, nil,
			container.New(&fixedWidth{w: 96}, label(kind)),
			container.NewHBox(p.save, p.saved),
			container.NewGridWithColumns(2, p.entry, p.preview))
		rows = append(rows, container.NewVBox(line, p.err))
	}
	help := &widget.Label{Text: lang.L("org.Pattern help"), Wrapping: fyne.TextWrapWord}
	numbers := container.NewVBox(append([]fyne.CanvasObject{subheading(lang.L("org.Agreement numbers")), help}, rows...)...)

	// Clause templates.
	a.kind = &widget.RadioGroup{Options: templateKinds, Horizontal: true, Required: true, Selected: templateKinds[0]}
	a.kind.OnChanged = func(k string) { a.switchKind(k) }
	a.text = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{}}
	a.text.SetMinRowsVisible(12)
	a.text.OnChanged = func(string) {
		if !a.filling {
			a.textSaved.SetText("")
			setError(a.textErr, "")
		}
	}
	a.textErr = errorLabel()
	a.textSaved = &widget.Label{Importance: widget.SuccessImportance}
	a.saveText = &widget.Button{Text: lang.L("org.Save the template"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: a.saveTemplate}
	a.resetText = &widget.Button{Text: lang.L("org.Reset to the default"), Icon: theme.ViewRefreshIcon(), OnTapped: a.onReset}
	tplHelp := &widget.Label{Text: lang.L("org.Template help"), Wrapping: fyne.TextWrapWord}

	places := &widget.List{
		Length: func() int { return len(data.ClausePlaceholders) },
		CreateItem: func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}, nil,
				&widget.Label{Truncation: fyne.TextTruncateEllipsis})
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			p := data.ClausePlaceholders[id]
			c := o.(*fyne.Container)
			c.Objects[1].(*widget.Label).SetText("{{." + p.Name + "}}")
			c.Objects[0].(*widget.Label).SetText(p.Description)
		},
	}
	places.OnSelected = func(id widget.ListItemID) {
		places.UnselectAll()
		a.insertPlaceholder(data.ClausePlaceholders[id].Name)
	}
	placesBox := container.NewBorder(container.NewVBox(
		&widget.Label{Text: lang.L("org.Placeholders"), TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: lang.L("org.Click one to insert it at the cursor."), Wrapping: fyne.TextWrapWord},
	), nil, nil, nil, places)
	editor := container.NewBorder(nil, container.NewVBox(a.textErr, container.NewHBox(a.saveText, a.resetText, a.textSaved)), nil, nil, a.text)
	split := container.NewHSplit(editor, placesBox)
	split.SetOffset(0.62)
	templates := container.NewBorder(
		container.NewVBox(widget.NewSeparator(), subheading(lang.L("org.Clause templates")), tplHelp, a.kind),
		nil, nil, nil, split)

	a.load()
	// The page scrolls rather than forcing the window taller: the number
	// patterns, the help and a 12-row editor asked for 719 px, more than
	// a 768 px screen leaves under the taskbar. In a taller window the
	// editor takes the room (a Scroll stretches its content to fill).
	a.text.SetMinRowsVisible(8)
	body := container.NewBorder(numbers, nil, nil, nil, templates)
	return page(lang.L("org.Agreement settings"), back, container.NewVScroll(container.NewPadded(body)))
}

// load reads the patterns, the counters and the shown template. A few
// settings rows: quick enough for the UI goroutine, and the form must not
// show stale values even for a moment.
func (a *agreementSettings) load() {
	s := a.env.Store()
	ctx := context.Background()
	year := storeToday(s).Year()
	for _, p := range a.patterns {
		pattern, err := s.AgreementNumberPattern(ctx, p.kind)
		if err != nil {
			a.env.ShowError(err)
			return
		}
		p.year = year
		if p.next, err = s.NextAgreementSeq(ctx, p.kind, year); err != nil {
			a.env.ShowError(err)
			return
		}
		p.entry.SetText(pattern)
		a.showPreview(p)
	}
	a.switchKind(a.kind.Selected)
}

// showPreview shows the next number p's pattern gives, or why it cannot.
func (a *agreementSettings) showPreview(p *patternField) {
	pattern := p.entry.Text
	if pattern == "" {
		pattern = data.DefaultNumberPattern(p.kind)
	}
	n, err := data.FormatAgreementNumber(pattern, p.year, p.next)
	if err != nil {
		p.preview.SetText("")
		setError(p.err, patternMessage(err))
		p.save.Disable()
		return
	}
	setError(p.err, "")
	p.save.Enable()
	p.preview.SetText(lang.L("org.Next number: {{.Number}}", map[string]any{"Number": n}))
}

// patternMessage is what the user is told about a refused pattern.
func patternMessage(err error) string {
	var de *data.Error
	if errors.As(err, &de) {
		return lang.L(de.Key, de.Args)
	}
	return Message(err)
}

// savePattern saves p's pattern; a refused one stays in the field with
// its message.
func (a *agreementSettings) savePattern(p *patternField) {
	pattern := p.entry.Text
	p.saved.SetText("")
	s := a.env.Store()
	a.env.Background(func(ctx context.Context) error {
		return s.SaveAgreementNumberPattern(ctx, p.kind, pattern)
	}, func(err error) {
		if err != nil {
			var de *data.Error
			if errors.As(err, &de) {
				setError(p.err, lang.L(de.Key, de.Args))
				p.preview.SetText("")
				return
			}
			a.env.ShowError(err)
			return
		}
		setError(p.err, "")
		p.saved.SetText(lang.L("Saved."))
		a.env.status(lang.L("org.Number pattern of {{.Kind}} saved.", map[string]any{"Kind": p.kind}))
	})
}

// switchKind shows kind's template, keeping the edits of the one shown.
func (a *agreementSettings) switchKind(kind string) {
	if a.shown != "" && a.shown != kind {
		a.drafts[a.shown] = a.text.Text
	}
	a.shown = kind
	text, ok := a.drafts[kind]
	if !ok {
		var err error
		if text, err = a.env.Store().ClauseTemplate(context.Background(), kind); err != nil {
			a.env.ShowError(err)
			return
		}
	}
	a.fillText(text)
}

func (a *agreementSettings) fillText(text string) {
	a.filling = true
	a.text.SetText(text)
	a.filling = false
	setError(a.textErr, "")
	a.textSaved.SetText("")
}

// insertPlaceholder types {{.name}} at the cursor.
func (a *agreementSettings) insertPlaceholder(name string) {
	a.env.Window.Canvas().Focus(a.text)
	a.text.TypedShortcut(&fyne.ShortcutPaste{Clipboard: pasteOnce("{{." + name + "}}")})
}

// pasteOnce is a clipboard holding one text, for inserting through
// Entry's paste (which puts it at the cursor and keeps undo working)
// without touching the system clipboard.
type pasteOnce string

func (p pasteOnce) Content() string   { return string(p) }
func (p pasteOnce) SetContent(string) {}

// saveTemplate checks and saves the shown template; a refused one stays
// in the editor with the message (the article and placeholder it names).
func (a *agreementSettings) saveTemplate() {
	kind, text := a.shown, a.text.Text
	s := a.env.Store()
	a.saveText.Disable()
	a.env.Background(func(ctx context.Context) error {
		return s.SaveClauseTemplate(ctx, kind, text)
	}, func(err error) {
		a.saveText.Enable()
		if err != nil {
			var de *data.Error
			if errors.As(err, &de) {
				setError(a.textErr, lang.L(de.Key, de.Args)) // names the line or article
				return
			}
			a.env.ShowError(err)
			return
		}
		delete(a.drafts, kind)
		setError(a.textErr, "")
		a.textSaved.SetText(lang.L("Saved."))
		a.env.status(lang.L("org.Clause template of {{.Kind}} saved.", map[string]any{"Kind": kind}))
	})
}

// onReset puts back the template shipped with Jiedao after asking.
func (a *agreementSettings) onReset() {
	kind := a.shown
	a.env.Confirm(lang.L("org.Reset to the default"),
		lang.L("org.Replace the clause template of {{.Kind}} with the one shipped with Jiedao? Agreements already created keep their articles.", map[string]any{"Kind": kind}),
		lang.L("org.Reset to the default"), true, func() { a.reset(kind) })
}

func (a *agreementSettings) reset(kind string) {
	s := a.env.Store()
	a.env.Background(func(ctx context.Context) error {
		return s.SaveClauseTemplate(ctx, kind, "")
	}, func(err error) {
		if err != nil {
			a.env.ShowError(err)
			return
		}
		delete(a.drafts, kind)
		if a.shown == kind {
			a.fillText(data.DefaultClauseTemplate(kind))
			a.textSaved.SetText(lang.L("org.The default is back."))
		}
	})
}
