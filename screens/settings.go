package screens

import (
	"context"
	"errors"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// settings is the office's details, the operator, the language and the
// data folder with backup and restore.
type settings struct {
	env *Env

	fields   []*settingsField // in form order; Enter moves down them
	language *widget.Select
	theme    *widget.Select // 浅色 / 深色 / 跟随系统 (themeCodes)
	textSize *widget.Select // 标准 / 大 / 特大 (textSizeCodes)
	general  *widget.Label  // errors that belong to no field
	mark     *widget.Label  // 未保存 beside the title
	filling  bool           // fill is setting the form: not an edit
	dirty    bool
	leaving  func() // a leave waiting for the save to succeed
	saved    *widget.Label
	saveBtn  *widget.Button
	folder   *widget.Label
	loaded   data.Settings // as last read

	stack *fyne.Container   // the settings page, or a page it opened
	main  fyne.CanvasObject // the settings page itself
}

// settingsField is one text field of the form with its message line.
type settingsField struct {
	name  string // the JSON name data's errors use in Args["Field"]
	label string
	entry *widget.Entry
	err   *widget.Label
	get   func(*data.Settings) *string
}

// Language choices, in the order of the select.
var languageCodes = []string{"", "zh", "en"}

// Theme and text size choices, in the order of their selects.
var (
	themeCodes    = []string{"", data.ThemeDark, data.ThemeSystem}
	textSizeCodes = []string{"", data.TextLarge, data.TextXLarge}
)

// NewSettings returns the settings page.
func NewSettings(env *Env) Screen {
	return &settings{env: env}
}

func (s *settings) BuildUI() fyne.CanvasObject {
	s.filling = true // setting up the selects is no edit
	s.fields = []*settingsField{
		{name: "officeName", label: lang.L("field.officeName"), get: func(v *data.Settings) *string { return &v.OfficeName }},
		{name: "address", label: lang.L("field.address"), get: func(v *data.Settings) *string { return &v.Address }},
		{name: "legalRep", label: lang.L("field.legalRep"), get: func(v *data.Settings) *string { return &v.LegalRep }},
		{name: "contact", label: lang.L("field.contact"), get: func(v *data.Settings) *string { return &v.Contact }},
		{name: "phone", label: lang.L("field.phone"), get: func(v *data.Settings) *string { return &v.Phone }},
		// The audit names the logged-in account now; the operator of
		// earlier releases stays stored (the first administrator's name).
		{name: "idleLock", label: lang.L("set.Idle lock (minutes)"), get: func(v *data.Settings) *string { return &v.IdleLock }},
	}
	placeholders := map[string]string{
		"officeName": lang.L("placeholder.officeName"),
		"phone":      lang.L("placeholder.phone"),
		"idleLock":   lang.L("set.10 when empty; 1–240"),
	}
	form := container.New(layout.NewFormLayout())
	for i, f := range s.fields {
		f.entry = &widget.Entry{PlaceHolder: placeholders[f.name], OnChanged: s.edited}
		f.err = errorLabel()
		if i < len(s.fields)-1 {
			next := s.fields[i+1]
			f.entry.OnSubmitted = func(string) { s.env.Window.Canvas().Focus(next.entry) }
		} else {
			f.entry.OnSubmitted = func(string) { s.Save() }
		}
		form.Add(&widget.Label{Text: f.label, Alignment: fyne.TextAlignTrailing})
		form.Add(container.NewVBox(f.entry, f.err))
	}
	s.language = &widget.Select{Options: []string{lang.L("Follow the system"), "中文", "English"}}
	s.language.SetSelectedIndex(0)
	s.language.OnChanged = s.edited
	form.Add(&widget.Label{Text: lang.L("field.language"), Alignment: fyne.TextAlignTrailing})
	form.Add(s.language)
	s.theme = &widget.Select{Options: []string{lang.L("set.Light"), lang.L("set.Dark"), lang.L("set.Follow the system")}, OnChanged: s.edited}
	s.theme.SetSelectedIndex(0)
	form.Add(&widget.Label{Text: lang.L("field.theme"), Alignment: fyne.TextAlignTrailing})
	form.Add(s.theme)
	s.textSize = &widget.Select{Options: []string{lang.L("set.Standard"), lang.L("set.Large"), lang.L("set.Extra large")}, OnChanged: s.edited}
	s.textSize.SetSelectedIndex(0)
	form.Add(&widget.Label{Text: lang.L("field.textSize"), Alignment: fyne.TextAlignTrailing})
	form.Add(s.textSize)
	s.keepToOffice()

	s.general = errorLabel()
	s.saved = &widget.Label{Importance: widget.SuccessImportance}
	s.saveBtn = &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.Save}

	s.folder = &widget.Label{Wrapping: fyne.TextWrapBreak, Selectable: true}
	openFolder := &widget.Button{Text: lang.L("Open folder"), Icon: theme.FolderOpenIcon(), OnTapped: s.onOpenFolder}
	backup := &widget.Button{Text: lang.L("Back up now"), Icon: theme.DocumentSaveIcon(), OnTapped: s.onBackup}
	restore := &widget.Button{Text: lang.L("Restore from backup…"), Icon: theme.HistoryIcon(), OnTapped: s.onRestore}
	s.env.offer(CapBackup, backup, restore) // the administrator's

	body := container.NewVBox(
		subheading(lang.L("Office")),
		form,
		s.general,
		container.NewHBox(s.saveBtn, s.saved),
		widget.NewSeparator(),
		subheading(lang.L("Data")),
		container.NewBorder(nil, nil, &widget.Label{Text: lang.L("Data folder")}, openFolder, s.folder),
		container.NewHBox(backup, restore),
		widget.NewSeparator(),
		subheading(lang.L("org.Agreements")),
		container.NewHBox(&widget.Button{Text: lang.L("org.Agreement numbers and clause templates…"),
			Icon: theme.DocumentCreateIcon(), OnTapped: s.onAgreementSettings}),
	)
	s.mark = unsavedMark()
	s.filling = false
	s.load()
	s.main = page(lang.L("Settings"), container.NewCenter(s.mark), container.NewVScroll(container.NewPadded(body)))
	s.stack = container.NewStack(s.main)
	return s.stack
}

// onAgreementSettings opens the agreement settings in place of the page.
func (s *settings) onAgreementSettings() {
	a := newAgreementSettings(s.env, func() {
		s.stack.Objects = []fyne.CanvasObject{s.main}
		s.stack.Refresh()
	})
	s.stack.Objects = []fyne.CanvasObject{a.buildUI()}
	s.stack.Refresh()
}

// load fills the form from the store. Reading a handful of settings rows is
// quick enough for the UI goroutine, and the form must not show stale
// values even for a moment.
func (s *settings) load() {
	st := s.env.Store()
	s.folder.SetText(filepath.Dir(st.Path()))
	v, err := st.Settings(context.Background())
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.fill(v)
}

func (s *settings) fill(v data.Settings) {
	s.filling = true
	defer func() { s.filling = false }()
	s.setDirty(false)
	s.loaded = v
	for _, f := range s.fields {
		f.entry.SetText(*f.get(&v))
		setError(f.err, "")
	}
	setError(s.general, "")
	selectCode(s.language, languageCodes, v.Language)
	selectCode(s.theme, themeCodes, v.Theme)
	selectCode(s.textSize, textSizeCodes, v.TextSize)
}

// selectCode selects in sel the option of code among codes (the options'
// order).
func selectCode(sel *widget.Select, codes []string, code string) {
	for i, c := range codes {
		if c == code {
			sel.SetSelectedIndex(i)
		}
	}
}

// codeOf is the code of what sel selects ("" when nothing).
func codeOf(sel *widget.Select, codes []string) string {
	if i := sel.SelectedIndex(); i >= 0 && i < len(codes) {
		return codes[i]
	}
	return ""
}

// edited follows a change of the form's inputs by the user.
func (s *settings) edited(string) {
	if !s.filling {
		s.setDirty(true)
		s.saved.SetText("")
	}
}

func (s *settings) setDirty(dirty bool) {
	s.dirty = dirty
	if s.mark == nil {
		return
	}
	if dirty {
		s.mark.Show()
	} else {
		s.mark.Hide()
	}
}

// Unsaved reports whether the settings form holds edits not saved yet.
func (s *settings) Unsaved() bool { return s.dirty }

// Leave asks about unsaved settings before the page goes (Leaver).
func (s *settings) Leave(proceed func()) {
	if !s.dirty {
		proceed()
		return
	}
	askLeave(s.env, func() {
		s.leaving = proceed
		s.Save()
	}, func() { s.load() }, proceed)
}

// values returns what the form holds.
func (s *settings) values() data.Settings {
	v := s.loaded // what the form has no field for is kept
	for _, f := range s.fields {
		*f.get(&v) = f.entry.Text
	}
	v.Language = codeOf(s.language, languageCodes)
	v.Theme = codeOf(s.theme, themeCodes)
	v.TextSize = codeOf(s.textSize, textSizeCodes)
	return v
}

// Save validates the form, showing each problem under its field, and saves
// it when it is all right (Ctrl+S, the Save button, Enter in the last
// field).
func (s *settings) Save() {
	v := s.values()
	s.saved.SetText("")
	if err := v.Validate(); !s.showErrors(err) {
		s.leaving = nil
		tellRefusal(s.env, err)
		return
	}
	st := s.env.Store()
	var old, now data.Settings
	s.saveBtn.Disable()
	s.env.Background(func(ctx context.Context) error {
		var err error
		if old, err = st.Settings(ctx); err != nil {
			return err
		}
		if err = st.SaveSettings(ctx, v); err != nil {
			return err
		}
		now, err = st.Settings(ctx)
		return err
	}, func(err error) {
		s.saveBtn.Enable()
		if err != nil {
			s.leaving = nil
			if s.showErrors(err) { // not about the input: tell in a dialog
				s.env.ShowError(err)
			} else {
				tellRefusal(s.env, err)
			}
			return
		}
		s.fill(now)
		s.saved.SetText(lang.L("Saved."))
		s.env.status(lang.L("Settings saved."))
		if s.env.SettingsSaved != nil {
			s.env.SettingsSaved(old, now)
		}
		if next := s.leaving; next != nil {
			s.leaving = nil
			next()
		}
	})
}

// showErrors puts the validation errors in err under their fields and
// reports whether there were none. Errors that are not validation errors
// are left to the caller.
func (s *settings) showErrors(err error) bool {
	for _, f := range s.fields {
		setError(f.err, "")
	}
	setError(s.general, "")
	var general []string
	var first *settingsField
	invalid := false
	for _, e := range flatten(err) {
		var de *data.Error
		if !errors.As(e, &de) || !errors.Is(de, data.ErrInvalid) {
			continue
		}
		invalid = true
		field, _ := de.Args["Field"].(string)
		f := s.field(field)
		if f == nil {
			general = append(general, Message(de))
			continue
		}
		setError(f.err, lang.L(de.Key, de.Args))
		if first == nil {
			first = f
		}
	}
	if len(general) > 0 {
		msg := general[0]
		for _, g := range general[1:] {
			msg += "\n" + g
		}
		setError(s.general, msg)
	}
	if first != nil {
		s.env.Window.Canvas().Focus(first.entry)
	}
	return !invalid
}

func (s *settings) field(name string) *settingsField {
	for _, f := range s.fields {
		if f.name == name {
			return f
		}
	}
	return nil
}

// flatten lists the errors joined in err (errors.Join), itself when it
// joins none.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func (s *settings) onOpenFolder() {
	if err := OpenFile(s.env.App, filepath.Dir(s.env.Store().Path())); err != nil {
		s.env.ShowError(err)
	}
}

func (s *settings) onBackup() {
	if s.env.Backup != nil {
		s.env.Backup()
	}
}

func (s *settings) onRestore() {
	if s.env.Restore != nil {
		s.env.Restore()
	}
}

// officeFields are the settings a street manager may change (data's
// officeSettings); the rest — language, looks, the idle lock — are the
// administrator's, shown but not editable to others.
var officeFields = []string{"officeName", "address", "legalRep", "contact", "phone"}

func (s *settings) keepToOffice() {
	if s.env.Can(CapSettings) {
		return
	}
	for _, f := range s.fields {
		if !slices.Contains(officeFields, f.name) {
			f.entry.Disable()
		}
	}
	s.language.Disable()
	s.theme.Disable()
	s.textSize.Disable()
}
