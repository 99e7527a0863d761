package data_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"jiedao/data"
)

func TestWriteFileAtomic(t *testing.T) {
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	boom := errors.New("boom")
	for _, tc := range []struct {
		name         string
		write        func(io.Writer) error
		beforeRename func() error
		want         string // the file's content afterwards
		wantErr      error
	}{
		{"written", write("new"), nil, "new", nil},
		{"hook runs first", write("new"), func() error { return nil }, "new", nil},
		{"write fails", func(w io.Writer) error { io.WriteString(w, "half"); return boom }, nil, "old", boom},
		{"hook fails", write("new"), func() error { return boom }, "old", boom},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "花名册 2026.xlsx")
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := data.WriteFileAtomic(path, tc.write, tc.beforeRename)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if b, _ := os.ReadFile(path); string(b) != tc.want {
				t.Errorf("file holds %q, want %q", b, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%d files in the folder, want 1 (no temporary file left)", len(entries))
			}
		})
	}
}
