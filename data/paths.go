package data

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// DefaultPath returns where the database lives unless the user said
// otherwise: $JIEDAO_DB if set (a path, or the office server's URL, which
// is returned as it is), else the platform's per-user data folder —
// %APPDATA%\Jiedao\jiedao.db on Windows,
// ~/Library/Application Support/Jiedao/jiedao.db on macOS and
// $XDG_DATA_HOME/jiedao/jiedao.db (default ~/.local/share/jiedao/jiedao.db)
// elsewhere. The folder is not created here; Open does that.
func DefaultPath() (string, error) {
	if p := os.Getenv("JIEDAO_DB"); p != "" {
		if urlScheme.MatchString(p) {
			// A server's URL, or something Open refuses as no kind of
			// location it knows; never a path relative to here.
			return p, nil
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("data: JIEDAO_DB=%q: %w", p, err)
		}
		return abs, nil
	}
	return defaultPath(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

// LogDir is where Jiedao writes its crash logs: the "logs" folder in the
// per-user data folder that holds the default database
// (%APPDATA%\Jiedao\logs, ~/Library/Application Support/Jiedao/logs,
// $XDG_DATA_HOME/jiedao/logs), whichever database is open: IT staff find
// them in one place. The folder is not created here.
func LogDir() (string, error) {
	p, err := defaultPath(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "logs"), nil
}

// defaultPath is DefaultPath without $JIEDAO_DB, with the platform and the
// environment passed in so every platform's rule can be tested anywhere.
func defaultPath(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		// %APPDATA% is what os.UserConfigDir uses on Windows: the roaming
		// profile, which survives a PC swap in a domain.
		dir := getenv("APPDATA")
		if dir == "" {
			return "", errors.New("data: %APPDATA% is not set; set JIEDAO_DB to the database path")
		}
		return filepath.Join(dir, "Jiedao", "jiedao.db"), nil
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("data: no home folder for the database: %w", err)
		}
		return filepath.Join(h, "Library", "Application Support", "Jiedao", "jiedao.db"), nil
	default:
		// The XDG spec says relative values are invalid and must be ignored.
		if dir := getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
			return filepath.Join(dir, "jiedao", "jiedao.db"), nil
		}
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("data: no home folder for the database: %w", err)
		}
		return filepath.Join(h, ".local", "share", "jiedao", "jiedao.db"), nil
	}
}

// fileURI turns a file path into an SQLite URI filename, so that query
// parameters (mode=ro, _pragma=…) can follow and characters such as '?',
// '#' or '%' in folder names cannot be mistaken for URI syntax.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x → /C:/x, as SQLite's URI rules want
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// exists reports whether path names an existing file.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
