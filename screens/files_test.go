package screens

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPrintFile(t *testing.T) {
	pdf := filepath.Join(t.TempDir(), "协议 打印", "委托协议 第1号.pdf")
	if err := os.MkdirAll(filepath.Dir(pdf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdf, []byte("%PDF-1.4"), 0o644); err != nil {
		t.Fatal(err)
	}
	noVerb := errors.New("SE_ERR_NOASSOC")
	for _, tc := range []struct {
		name       string
		path       string
		printer    bool
		directErr  error
		wantDirect bool
		wantOpened bool
		wantErr    bool
	}{
		{name: "default printer prints directly", path: pdf, printer: true, wantDirect: true},
		{name: "no default printer opens the viewer", path: pdf, wantOpened: true},
		{name: "no print verb opens the viewer", path: pdf, printer: true, directErr: noVerb, wantOpened: true},
		{name: "missing file is an error", path: pdf + ".missing", printer: true, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var printed, opened string
			direct, err := printFile(tc.path,
				func() (string, bool) { return "HP LaserJet 办公室", tc.printer },
				func(p string) error { printed = p; return tc.directErr },
				func(p string) error { opened = p; return nil })
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if direct != tc.wantDirect {
				t.Errorf("direct = %v, want %v", direct, tc.wantDirect)
			}
			if tc.wantDirect && printed != pdf {
				t.Errorf("printed %q, want %q", printed, pdf)
			}
			if (opened != "") != tc.wantOpened {
				t.Errorf("opened %q, want opened %v", opened, tc.wantOpened)
			}
			if tc.wantOpened && opened != pdf {
				t.Errorf("opened %q, want %q", opened, pdf)
			}
		})
	}
}

func TestXDGDocumentsDir(t *testing.T) {
	home := t.TempDir()
	docs := filepath.Join(home, "文档")
	english := filepath.Join(home, "Documents")
	for _, d := range []string{docs, english} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	noHome := t.TempDir() // no Documents inside
	userDirs := func(content string) func(string) ([]byte, error) {
		return func(p string) ([]byte, error) {
			if p != filepath.Join(home, ".config", "user-dirs.dirs") {
				return nil, os.ErrNotExist
			}
			return []byte(content), nil
		}
	}
	none := func(string) ([]byte, error) { return nil, os.ErrNotExist }
	for _, tc := range []struct {
		name string
		env  map[string]string
		home string
		read func(string) ([]byte, error)
		want string
	}{
		{"environment wins", map[string]string{"XDG_DOCUMENTS_DIR": docs}, home, userDirs(`XDG_DOCUMENTS_DIR="/nowhere"`), docs},
		{"user-dirs.dirs with $HOME", nil, home, userDirs("# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/桌面\"\nXDG_DOCUMENTS_DIR=\"$HOME/文档\"\n"), docs},
		{"user-dirs.dirs naming a missing folder", nil, home, userDirs(`XDG_DOCUMENTS_DIR="$HOME/gone"`), english},
		{"relative environment value ignored", map[string]string{"XDG_DOCUMENTS_DIR": "文档"}, home, none, english},
		{"no Documents: home", nil, noHome, none, noHome},
		{"no home", nil, "", none, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := xdgDocumentsDir(func(k string) string { return tc.env[k] }, tc.home, tc.read)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDocumentsDirExists(t *testing.T) {
	d := DocumentsDir()
	if d == "" {
		t.Skip("no home folder on this machine")
	}
	if !folderExists(d) {
		t.Errorf("DocumentsDir() = %q, which is not a folder", d)
	}
}
