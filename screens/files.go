package screens

import (
	"net/url"
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
