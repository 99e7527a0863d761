package screens

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

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

// Where documents go. Officials look for what they printed or exported in
// their Documents folder (文档), so every save dialog starts there, and the
// files Jiedao names itself (rosters, exports, registration forms) go into
// a folder of its own inside it.

// outputFolder is the folder of the files Jiedao names itself: 街道通 in the
// user's Documents folder.
const outputFolder = "街道通"

// outputPath is a new file in the output folder, named prefix and the
// time, so that a file still open in a viewer (locked on Windows) does not
// block the next one. The folder is made by the writer (makeFolderFor).
func outputPath(s *data.Store, prefix, ext string) string {
	name := fmt.Sprintf("%s-%s.%s", prefix, storeToday(s).Format("20060102-150405"), ext)
	return filepath.Join(DocumentsDir(), outputFolder, name)
}

// makeFolderFor makes the folder path is to be written in.
func makeFolderFor(path string) error {
	return os.MkdirAll(filepath.Dir(path), 0o755)
}

// saveAs asks where to save a file suggested as name, starting in the
// user's Documents folder, and calls save with the path chosen. With ext
// (".pdf") the dialog lists only such files, and a name typed without it
// gets it.
func saveAs(env *Env, name, ext string, save func(path string)) {
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		_ = w.Close()
		if ext != "" && !strings.EqualFold(filepath.Ext(path), ext) {
			_ = os.Remove(path) // the empty file the dialog made
			path += ext
		}
		save(path)
	}, env.Window)
	fd.SetFileName(name)
	if ext != "" {
		fd.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	}
	startInDocuments(fd)
	fd.Resize(dialogSize)
	env.ShowDialog(fd)
}

// chooseFolder asks for a folder, starting in the user's Documents folder,
// and calls got with its path.
func chooseFolder(env *Env, got func(dir string)) {
	fd := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if l == nil {
			return
		}
		got(l.Path())
	}, env.Window)
	startInDocuments(fd)
	fd.Resize(dialogSize)
	env.ShowDialog(fd)
}

// startInDocuments opens a file dialog in the user's Documents folder.
func startInDocuments(fd *dialog.FileDialog) {
	if l, err := storage.ListerForURI(storage.NewFileURI(DocumentsDir())); err == nil {
		fd.SetLocation(l)
	}
}

// canPrintDirectly is CanPrintDirectly; tests replace it.
var canPrintDirectly = CanPrintDirectly

// isPDF reports whether path names a PDF.
func isPDF(path string) bool { return strings.EqualFold(filepath.Ext(path), ".pdf") }

// showWritten tells the user a file was written (msg names it: "已保存
// PDF：…", never "printed", for nothing is printed yet) and offers what
// comes next: 打开, and for a PDF 打印 — straight to the default printer
// when the system has one, else the PDF opens in its viewer, whose print
// dialog is one click away. The printer lookup runs off the UI goroutine.
func showWritten(env *Env, path, msg string) {
	env.status(msg)
	open := &widget.Button{Text: lang.L("Open"), Icon: theme.FileIcon()}
	printBtn := &widget.Button{Text: lang.L("Print"), Icon: theme.DocumentPrintIcon(), Importance: widget.HighImportance}
	printBtn.Hide()
	closeBtn := &widget.Button{Text: lang.L("Close")}
	body := container.NewVBox(&widget.Label{Text: msg, Wrapping: fyne.TextWrapWord})
	buttons := container.NewHBox(layout.NewSpacer(), closeBtn, open, printBtn)
	title := lang.L("File saved")
	if isPDF(path) {
		title = lang.L("win.PDF saved")
		printBtn.Show()
	}
	d := dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, buttons, nil, nil, body), env.Window)
	direct := false // a default printer was found
	open.OnTapped = func() {
		d.Hide()
		if err := OpenFile(env.App, path); err != nil {
			env.ShowError(err)
		}
	}
	printBtn.OnTapped = func() {
		d.Hide()
		if !direct {
			env.status(lang.L("win.Print it from the viewer that opened: {{.Path}}", map[string]any{"Path": path}))
			if err := OpenFile(env.App, path); err != nil {
				env.ShowError(err)
			}
			return
		}
		env.Go(func() {
			printed, err := PrintFile(env.App, path)
			fyne.Do(func() {
				if err != nil {
					env.ShowError(err)
				} else if printed {
					env.status(lang.L("Sent to the printer: {{.Path}}", map[string]any{"Path": path}))
				}
			})
		})
	}
	closeBtn.OnTapped = d.Hide
	d.Resize(fyne.NewSize(520, 0))
	env.ShowDialog(d)
	if isPDF(path) {
		env.Go(func() {
			if canPrintDirectly() {
				fyne.Do(func() { direct = true; printBtn.SetText(lang.L("Print directly")) })
			}
		})
	}
}
