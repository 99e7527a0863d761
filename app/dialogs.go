package app

import (
	"context"
	"path/filepath"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// showOpenError opens a window saying why the database could not be
// opened; retry is called (after this window closes) to try again.
func showOpenError(a fyne.App, opts Options, err error, retry func()) {
	w := a.NewWindow(lang.L("Jiedao"))
	w.SetContent(openErrorContent(a, w, opts, err, func() {
		w.Hide()
		retry()
		w.Close()
	}))
	w.Resize(fyne.NewSize(640, 320))
	w.CenterOnScreen()
	w.Show()
}

// openErrorContent says why the database at opts.DBPath cannot be used and
// offers to try again (after closing another program that holds it), to
// restore a backup over it (a damaged file), or to quit. The file itself is
// never touched except by that restore, which first saves it.
func openErrorContent(a fyne.App, w fyne.Window, opts Options, err error, retry func()) fyne.CanvasObject {
	title := &widget.Label{Text: lang.L("The database cannot be opened"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	msg := &widget.Label{Text: Message(err), Wrapping: fyne.TextWrapWord, Selectable: true}
	path := &widget.Label{Text: lang.L("Database: {{.Path}}", map[string]any{"Path": data.RedactLocation(opts.DBPath)}), Wrapping: fyne.TextWrapBreak, Importance: widget.LowImportance, Selectable: true}
	retryBtn := &widget.Button{Text: lang.L("Try again"), Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: retry}
	restoreBtn := &widget.Button{Text: lang.L("Restore from backup…"), Icon: theme.HistoryIcon()}
	restoreBtn.OnTapped = func() {
		fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			backup := r.URI().Path()
			_ = r.Close()
			now := time.Now
			if opts.Now != nil {
				now = opts.Now
			}
			// The store is not open, so the restore can run at once;
			// RestoreFile saves the current file first.
			if _, err := data.RestoreFile(context.Background(), opts.DBPath, backup, now()); err != nil {
				dialog.ShowError(errorText(err), w)
				return
			}
			retry()
		}, w)
		fd.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
		if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Join(filepath.Dir(opts.DBPath), "backups"))); err == nil {
			fd.SetLocation(dir)
		}
		fd.Resize(fyne.NewSize(800, 560))
		fd.Show()
	}
	quit := &widget.Button{Text: lang.L("Quit"), OnTapped: a.Quit}
	return container.NewPadded(container.NewBorder(
		container.NewVBox(title, msg, path), container.NewHBox(layout.NewSpacer(), quit, restoreBtn, retryBtn),
		nil, nil))
}

// errorText is err as an error whose text is the user's message.
func errorText(err error) error { return messageError{err} }

type messageError struct{ err error }

func (m messageError) Error() string { return Message(m.err) }

// showShortcuts lists the keyboard shortcuts (Help → Keyboard shortcuts).
func (u *ui) showShortcuts() {
	mod := "Ctrl+"
	if runtime.GOOS == "darwin" {
		mod = "⌘"
	}
	rows := [][2]string{
		{mod + "F", lang.L("Find: put the cursor in the list's search box")},
		{mod + "N", lang.L("New record")},
		{mod + "S", lang.L("Save the form (Enter in its last field does too)")},
		{mod + "P", lang.L("Print the current record")},
		{"Esc", lang.L("Close the dialog or cancel the running job")},
	}
	grid := container.New(layout.NewFormLayout())
	for _, r := range rows {
		grid.Add(&widget.Label{Text: r[0], TextStyle: fyne.TextStyle{Bold: true}})
		grid.Add(&widget.Label{Text: r[1]})
	}
	u.env.ShowDialog(dialog.NewCustom(lang.L("Keyboard shortcuts"), lang.L("Close"), grid, u.win))
}

// showAbout names the program, its version and the database in use.
func (u *ui) showAbout() {
	name := &widget.Label{Text: lang.L("Jiedao"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText}
	text := &widget.Label{Text: lang.L("The street office's registers: households, social organizations and agreements, consultation meetings."), Wrapping: fyne.TextWrapWord}
	version := &widget.Label{Text: lang.L("Version {{.Version}}", map[string]any{"Version": u.opts.Version})}
	db := &widget.Label{Text: lang.L("Database: {{.Path}}", map[string]any{"Path": u.env.Store().Path()}), Wrapping: fyne.TextWrapBreak}
	d := dialog.NewCustom(lang.L("About Jiedao"), lang.L("Close"),
		container.NewVBox(container.NewHBox(widget.NewIcon(u.app.Icon()), name), text, version, db), u.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	u.env.ShowDialog(d)
}
