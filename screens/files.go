package screens

// Handing written files to the desktop: opening a PDF or a spreadsheet in
// the program the system uses for it, printing a PDF, and the folder save
// dialogs start in. What differs between Windows and the rest lives in
// files_windows.go and files_other.go.

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
)

// OpenFile opens a file (a printed PDF, a spreadsheet) or a folder in the
// program the system uses for it.
func OpenFile(a fyne.App, path string) error {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return a.OpenURL(fileURL(path, runtime.GOOS == "windows"))
}

// fileURL turns an absolute path into the file URL the system opener
// understands.
//
// Elsewhere than Windows the path is percent-encoded as UTF-8, which
// xdg-open and macOS's open decode. Windows hands the URL to
// url.dll's FileProtocolHandler, which decodes %XX escapes in the ANSI code
// page rather than as UTF-8, so there Chinese letters and spaces are left
// as they are (the argument is quoted) and only '%' and '#', which would
// change the URL's meaning, are escaped.
func fileURL(path string, windows bool) *url.URL {
	if !windows {
		return &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	}
	p := strings.ReplaceAll(path, `\`, "/")
	p = strings.NewReplacer("%", "%25", "#", "%23").Replace(p)
	switch {
	case strings.HasPrefix(p, "//"): // UNC: \\server\share\file → file://server/share/file
	case len(p) >= 2 && p[1] == ':': // C:/… → file:///C:/…
		p = "///" + p
	default:
		p = "//" + p
	}
	return &url.URL{Scheme: "file", Opaque: p}
}

// PrintFile prints a written PDF. Where the system has a default printer
// it prints directly ("print directly": Windows' shell print verb, lp
// elsewhere) and reports direct; otherwise, or when the file's program
// cannot print without a window (a PDF viewer without a print verb), it
// opens the file in its viewer, whose print dialog the clerk uses ("open to
// print").
func PrintFile(a fyne.App, path string) (direct bool, err error) {
	return printFile(path, DefaultPrinter, printDirect, func(p string) error { return OpenFile(a, p) })
}

// printFile is PrintFile with the system's parts passed in, so that every
// path through it can be tested on any machine.
func printFile(path string, printer func() (string, bool), direct, open func(string) error) (bool, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if _, err := os.Stat(path); err != nil {
		return false, fmt.Errorf("print %s: %w", path, err)
	}
	if _, ok := printer(); ok {
		if err := direct(path); err == nil {
			return true, nil
		}
	}
	return false, open(path)
}

// CanPrintDirectly reports whether the system has a default printer, so
// that a "print directly" button is worth showing next to "open to print".
func CanPrintDirectly() bool {
	_, ok := DefaultPrinter()
	return ok
}

// DocumentsDir returns the user's Documents folder (文档), where save
// dialogs for PDFs and spreadsheets start: on Windows the known folder
// FOLDERID_Documents (wherever the user or a domain policy moved it),
// elsewhere $XDG_DOCUMENTS_DIR or ~/Documents; the home folder when there
// is none, and "" when not even that is known.
func DocumentsDir() string {
	return documentsDir()
}

// xdgDocumentsDir finds the Documents folder as the XDG user-dirs spec
// says: $XDG_DOCUMENTS_DIR, else the XDG_DOCUMENTS_DIR line of
// $XDG_CONFIG_HOME/user-dirs.dirs (~/.config/user-dirs.dirs), whose value
// may start with $HOME; else ~/Documents. It returns only folders that
// exist, else home.
func xdgDocumentsDir(getenv func(string) string, home string, readFile func(string) ([]byte, error)) string {
	expand := func(v string) string {
		v = strings.Trim(strings.TrimSpace(v), `"`)
		if rest, ok := strings.CutPrefix(v, "$HOME"); ok && home != "" {
			v = home + rest
		}
		if v == "" {
			return ""
		}
		return filepath.Clean(filepath.FromSlash(v))
	}
	if v := expand(getenv("XDG_DOCUMENTS_DIR")); filepath.IsAbs(v) && folderExists(v) {
		return v
	}
	config := getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(config) && home != "" {
		config = filepath.Join(home, ".config")
	}
	if b, err := readFile(filepath.Join(config, "user-dirs.dirs")); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "XDG_DOCUMENTS_DIR="); ok {
				// A Documents folder set to the home folder itself means
				// "none" in the spec; home is the answer then anyway.
				if v = expand(v); filepath.IsAbs(v) && folderExists(v) {
					return v
				}
			}
		}
	}
	if home == "" {
		return ""
	}
	if d := filepath.Join(home, "Documents"); folderExists(d) {
		return d
	}
	return home
}

// folderExists reports whether p is an existing folder.
func folderExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
