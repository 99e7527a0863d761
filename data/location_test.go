package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocationRefusesOtherURLs: something that looks like a URL and is not
// a server's is refused with KeyDBScheme, and nothing is made where the
// test runs (a "postgres:" folder used to be made for a URL).
func TestLocationRefusesOtherURLs(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, loc := range []string{
		"mysql://u@h:3306/x", "https://server/jiedao.db", "file:jiedao.db",
		"sqlite:///tmp/x.db", "ftp://h/x.db", "PG://u@h/x", "jdbc:postgresql://h/x",
	} {
		_, err := open(loc, options{})
		var de *Error
		if !errors.As(err, &de) || de.Key != KeyDBScheme {
			t.Errorf("open %q: %v, want %s", loc, err, KeyDBScheme)
			continue
		}
		if de.Args["Location"] == "" || de.Args["Scheme"] == "" {
			t.Errorf("open %q: args %v", loc, de.Args)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("refused locations left %v in the working folder", entries)
	}
}

// TestLocationKinds: which strings are servers, which are paths (a
// Windows drive is one letter and a colon, never a scheme).
func TestLocationKinds(t *testing.T) {
	for loc, server := range map[string]bool{
		"postgres://u@h:5432/x":              true,
		"postgresql://u@h/x?sslmode=require": true,
		"POSTGRES://u@h/x":                   true,
		"C:jiedao.db":                        false,
		`D:\街道通\jiedao.db`:                   false,
		"jiedao.db":                          false,
		"./postgres/x.db":                    false,
		"mysql://u@h/x":                      false,
	} {
		if got := IsServerURL(loc); got != server {
			t.Errorf("IsServerURL(%q) = %v", loc, got)
		}
	}
	local := func(string) (string, error) { return "", nil }
	t.Chdir(t.TempDir())
	for _, p := range []string{"C:jiedao.db", `D:\街道通\jiedao.db`, "a:b/x.db", "jiedao.db"} {
		if err := checkLocation(p, local); err != nil {
			t.Errorf("checkLocation(%q): %v", p, err)
		}
	}
}

// TestServerURLChecked: a server URL must name a host and a database; its
// password is never in a message.
func TestServerURLChecked(t *testing.T) {
	for _, loc := range []string{
		"postgres:///jiedao", "postgres://u:secret@h", "postgres://u:secret@h/", "postgres://u@h/a/b",
		"postgres://u@h/x?sslmode=sometimes",
	} {
		err := CheckLocation(loc)
		var de *Error
		if !errors.As(err, &de) || de.Key != KeyServerURL {
			t.Errorf("CheckLocation(%q): %v, want %s", loc, err, KeyServerURL)
			continue
		}
		if s := de.Error(); contains(s, "secret") {
			t.Errorf("CheckLocation(%q) shows the password: %s", loc, s)
		}
	}
	info, err := parseServerURL("postgres://zhang:p%40ss@db.jiedao.local/jiedao?sslmode=verify-full")
	if err != nil {
		t.Fatal(err)
	}
	if info.server != "db.jiedao.local:5432" || info.database != "jiedao" || info.user != "zhang" || contains(info.loc, "p@ss") || contains(info.loc, "p%40ss") {
		t.Errorf("parsed %+v", info)
	}
	if got := RedactLocation("postgres://u@h/x?password=secret"); contains(got, "secret") {
		t.Errorf("redactLocation kept the password: %s", got)
	}
}

// TestLocationRefusesUNC: a Windows share, in either form, is refused on
// every system (backslashes are no separators outside Windows, so such a
// string can only mean the share); \\?\C:\ is a local path.
func TestLocationRefusesUNC(t *testing.T) {
	local := func(string) (string, error) { return "", nil }
	t.Chdir(t.TempDir())
	for _, p := range []string{`\\server\share\jiedao.db`, `\\?\UNC\server\share\jiedao.db`, `//server/share/jiedao.db`, `\\服务器\共享\街道通.db`} {
		err := checkLocation(p, local)
		var de *Error
		if !errors.As(err, &de) || de.Key != KeyDBNetworkPath {
			t.Errorf("checkLocation(%q): %v, want %s", p, err, KeyDBNetworkPath)
		}
		if _, err := open(p, options{fsType: local}); !errors.As(err, &de) || de.Key != KeyDBNetworkPath {
			t.Errorf("open(%q): %v", p, err)
		}
	}
	for _, p := range []string{`\\?\C:\jiedao.db`, `\\.\C:\jiedao.db`} {
		if isUNC(p) {
			t.Errorf("isUNC(%q)", p)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("refused paths left %v in the working folder", entries)
	}
}

// TestLocationRefusesNetworkMount: a file on a network file system (here a
// faked NFS mount: no test machine has one) is refused before anything is
// made, with the path and the kind of share; the file system asked about
// is that of the nearest folder that exists.
func TestLocationRefusesNetworkMount(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "new", "jiedao.db")
	var asked string
	nfs := func(p string) (string, error) { asked = p; return "nfs", nil }
	_, err := open(db, options{fsType: nfs})
	var de *Error
	if !errors.As(err, &de) || de.Key != KeyDBNetworkPath || de.Args["FS"] != "nfs" || de.Args["Path"] != db {
		t.Fatalf("open on NFS: %v (%+v)", err, de)
	}
	if asked != dir {
		t.Errorf("asked about %q, want the existing folder %q", asked, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a folder was made on the share: %v", err)
	}
	// Not being able to tell is no reason to refuse.
	broken := func(string) (string, error) { return "", errors.New("statfs: no") }
	if err := checkLocation(db, broken); err != nil {
		t.Errorf("checkLocation with statfs failing: %v", err)
	}
}

// TestLocalFSIsLocal: the real statfs says a test's temporary folder is
// local, so opening there works as before.
func TestLocalFSIsLocal(t *testing.T) {
	kind, err := localFSType(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if kind != "" {
		t.Skipf("the temporary folder is on %s; nothing to test here", kind)
	}
	if err := CheckLocation(filepath.Join(t.TempDir(), "x", "jiedao.db")); err != nil {
		t.Error(err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestCrashLogArgsRedacted: a server URL's password given on the command
// line does not reach the crash log.
func TestCrashLogArgsRedacted(t *testing.T) {
	got := redactArgs([]string{"jiedao", "print", "--db", "postgres://zhang:pa55word@h/x", "--db=postgresql://zhang:pa55word@h/x?sslmode=require", "-o", "a.pdf"})
	for _, a := range got {
		if strings.Contains(a, "pa55word") {
			t.Errorf("the password stays in %q", a)
		}
	}
	if got[3] != "postgres://zhang:***@h/x" || got[4] != "--db=postgresql://zhang:***@h/x?sslmode=require" || got[6] != "a.pdf" {
		t.Errorf("redacted %q", got)
	}
}
