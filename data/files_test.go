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

// TestWriteFileAtomicErrors: why a file could not be saved is said in the
// user's terms.
func TestWriteFileAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }

	t.Run("the folder does not exist", func(t *testing.T) {
		path := filepath.Join(dir, "没有这个文件夹", "纪要.pdf")
		err := data.WriteFileAtomic(path, write, nil)
		var de *data.Error
		if !errors.As(err, &de) || de.Key != data.KeyFileNoFolder || de.Args["Folder"] != filepath.Dir(path) {
			t.Fatalf("err = %#v", err)
		}
		if msg := data.Render(de.Key, "zh", de.Args); msg != "无法保存 "+path+"：文件夹 "+filepath.Dir(path)+" 不存在。" {
			t.Errorf("zh: %q", msg)
		}
	})

	t.Run("the name is taken by a folder", func(t *testing.T) {
		path := filepath.Join(dir, "占用")
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		err := data.WriteFileAtomic(path, write, nil)
		var de *data.Error
		if !errors.As(err, &de) || de.Key != data.KeyFileWrite || de.Err == nil {
			t.Fatalf("err = %#v, want KeyFileWrite with its cause", err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 { // the folder in the way
			t.Errorf("%d entries: the temporary file was left behind", len(entries))
		}
	})

	t.Run("not allowed to write", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root may write to a read-only folder")
		}
		ro := filepath.Join(dir, "只读")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		err := data.WriteFileAtomic(filepath.Join(ro, "a.pdf"), write, nil)
		var de *data.Error
		if !errors.As(err, &de) || de.Key != data.KeyFileWriteDenied {
			t.Fatalf("err = %#v", err)
		}
	})
}
