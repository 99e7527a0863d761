package data_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"jiedao/data"
)

func TestWriteCrashLog(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	at := time.Date(2026, 12, 7, 6, 13, 28, 0, time.Local)
	c := data.Crash{Time: at, Version: "1.2.3", Args: []string{"print", "agreement", "X"}, Value: "boom", Stack: []byte("goroutine 1 [running]:\nmain.main()")}
	first, err := data.WriteCrashLog(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "crash-20261207-061328.log"); first != want {
		t.Errorf("log %s, want %s", first, want)
	}
	second, err := data.WriteCrashLog(dir, c)
	if err != nil || second == first {
		t.Fatalf("second crash in the same second: %s, %v", second, err)
	}
	b, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Jiedao 1.2.3", `["print" "agreement" "X"]`, "panic: boom", "main.main()"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("log lacks %q:\n%s", want, b)
		}
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{dir: os.ModeDir | 0o700, first: 0o600} {
			if st, err := os.Stat(p); err != nil || st.Mode() != want {
				t.Errorf("%s: %v, %v; want mode %v", p, st.Mode(), err, want)
			}
		}
	}
}

func TestLogDir(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("XDG")
	}
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	t.Setenv("JIEDAO_DB", filepath.Join(t.TempDir(), "elsewhere.db")) // not where logs go
	dir, err := data.LogDir()
	if err != nil || dir != filepath.Join(home, "jiedao", "logs") {
		t.Errorf("LogDir = %s, %v", dir, err)
	}
}
