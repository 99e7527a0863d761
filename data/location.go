package data

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Where a register lives is named by one string wherever Jiedao takes it
// (Open, --db, JIEDAO_DB, the window's settings): a path to a SQLite file
// on this computer, or the URL of the office's PostgreSQL server,
// postgres://user@host:5432/jiedao?sslmode=verify-full (postgresql://
// too). Anything else that looks like a URL is refused rather than taken
// for a relative path: "postgres://u@h/x" used to become a folder named
// "postgres:" with a new, empty SQLite file in it.

// urlScheme matches the start of something meant as a URL: a scheme of
// two or more characters and a colon ("https:", "postgres://", "file:").
// One letter and a colon is a Windows drive (C:), never a scheme.
var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.\-]+):`)

// serverSchemes are the URL schemes Jiedao connects to a server with.
var serverSchemes = []string{"postgres", "postgresql"}

// IsServerURL reports whether loc names a PostgreSQL server rather than a
// database file.
func IsServerURL(loc string) bool {
	m := urlScheme.FindStringSubmatch(strings.TrimSpace(loc))
	if m == nil {
		return false
	}
	for _, s := range serverSchemes {
		if strings.EqualFold(m[1], s) {
			return true
		}
	}
	return false
}

// CheckLocation says whether Jiedao can use loc as a register, without
// opening it: a server URL must parse and name a host and a database; a
// string that looks like another kind of URL is refused (KeyDBScheme); a
// file on a network share (a UNC path, a mapped network drive, an NFS or
// SMB/CIFS mount) is refused (KeyDBNetworkPath), because SQLite's locking
// does not hold over network file systems and a register shared that way
// gets damaged — the office server is the way to share one. The window's
// settings check what is typed with it; Open checks again.
func CheckLocation(loc string) error {
	return checkLocation(loc, localFSType)
}

// fsTypeFunc names the kind of file system path is on when it is a
// network one ("nfs", "cifs", "remote" …), or "" when it is local. Tests
// pass their own, since no test machine has a network share.
type fsTypeFunc func(path string) (string, error)

func checkLocation(loc string, fsType fsTypeFunc) error {
	if strings.TrimSpace(loc) == "" {
		return errors.New("data: open: empty database path")
	}
	if IsServerURL(loc) {
		_, err := parseServerURL(loc)
		return err
	}
	if m := urlScheme.FindStringSubmatch(loc); m != nil {
		return &Error{Key: KeyDBScheme, Args: map[string]any{"Location": RedactLocation(loc), "Scheme": m[1]}}
	}
	if isUNC(loc) {
		return &Error{Key: KeyDBNetworkPath, Args: map[string]any{"Path": loc, "FS": "UNC"}}
	}
	abs, err := filepath.Abs(loc)
	if err != nil {
		return fmt.Errorf("data: open %s: %w", loc, err)
	}
	if isUNC(abs) {
		return &Error{Key: KeyDBNetworkPath, Args: map[string]any{"Path": abs, "FS": "UNC"}}
	}
	kind, err := fsType(existingAncestor(abs))
	if err != nil {
		// Not being able to tell is no reason to refuse a file: Open
		// says what is wrong with the path if anything is.
		return nil
	}
	if kind != "" {
		return &Error{Key: KeyDBNetworkPath, Args: map[string]any{"Path": abs, "FS": kind}}
	}
	return nil
}

// isUNC reports whether p is a Windows network path: \\server\share\…,
// or its long form \\?\UNC\server\share\…. (\\?\C:\… and \\.\ device
// paths are local.) Backslashes are never separators outside Windows, so
// such a string is refused everywhere: it can only be meant as a share.
// On Windows forward slashes are separators too, so //server/share is one.
func isUNC(p string) bool {
	p = strings.ReplaceAll(p, "/", `\`)
	if !strings.HasPrefix(p, `\\`) {
		return false
	}
	rest := p[2:]
	switch {
	case strings.HasPrefix(rest, `?\`), strings.HasPrefix(rest, `.\`):
		return strings.HasPrefix(strings.ToUpper(rest[2:]), `UNC\`)
	case rest == "" || rest[0] == '\\':
		return false
	}
	return true
}

// existingAncestor is p or its nearest folder that exists, which is what
// the file system of a database still to be made is asked about.
func existingAncestor(p string) string {
	for {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(p)
		if parent == p {
			return p
		}
		p = parent
	}
}

// RedactLocation is loc fit to be shown, logged or audited: a URL's
// password is replaced by "***" (a location that does not parse as a URL
// is cut at its last '@', which is where a password would end).
func RedactLocation(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		if i := strings.LastIndex(loc, "@"); i >= 0 {
			if j := strings.Index(loc, "://"); j >= 0 && j < i {
				return loc[:j+3] + "***" + loc[i:]
			}
		}
		return loc
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "***")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "***")
		u.RawQuery = q.Encode()
	}
	return strings.ReplaceAll(u.String(), "%2A%2A%2A", "***")
}
