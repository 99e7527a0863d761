package data

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestDefaultPathPerPlatform(t *testing.T) {
	home := func() (string, error) { return "/home/zhang", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	tests := []struct {
		name string
		goos string
		env  map[string]string
		home func() (string, error)
		want string // "" wants an error
	}{
		{"windows", "windows", map[string]string{"APPDATA": `C:\Users\zhang\AppData\Roaming`}, home,
			filepath.Join(`C:\Users\zhang\AppData\Roaming`, "Jiedao", "jiedao.db")},
		{"windows without APPDATA", "windows", nil, home, ""},
		{"macOS", "darwin", nil, home, "/home/zhang/Library/Application Support/Jiedao/jiedao.db"},
		{"linux XDG", "linux", map[string]string{"XDG_DATA_HOME": "/data"}, home, "/data/jiedao/jiedao.db"},
		{"linux relative XDG ignored", "linux", map[string]string{"XDG_DATA_HOME": "data"}, home, "/home/zhang/.local/share/jiedao/jiedao.db"},
		{"linux default", "linux", nil, home, "/home/zhang/.local/share/jiedao/jiedao.db"},
		{"linux without home", "linux", nil, noHome, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := defaultPath(tt.goos, func(k string) string { return tt.env[k] }, tt.home)
			if tt.want == "" {
				if err == nil {
					t.Errorf("got %q, want an error", got)
				}
				return
			}
			if err != nil || got != filepath.FromSlash(tt.want) && got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDefaultPathFromEnv(t *testing.T) {
	t.Setenv("JIEDAO_DB", "/srv/jiedao/office.db")
	got, err := DefaultPath()
	if err != nil || got != filepath.FromSlash("/srv/jiedao/office.db") {
		t.Errorf("DefaultPath = %q, %v", got, err)
	}
}
