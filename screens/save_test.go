package screens

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestOutputPath: the files Jiedao names itself go to 街道通 in the user's
// Documents folder, named by what they are and when.
func TestOutputPath(t *testing.T) {
	_, s := newTestEnv(t)
	p := outputPath(s, "居民花名册", "pdf")
	if filepath.Dir(p) != filepath.Join(DocumentsDir(), outputFolder) {
		t.Errorf("outputPath = %s, want it in %s", p, filepath.Join(DocumentsDir(), outputFolder))
	}
	if base := filepath.Base(p); !strings.HasPrefix(base, "居民花名册-") || !strings.HasSuffix(base, ".pdf") {
		t.Errorf("file name %q", base)
	}
}

// TestShowWritten: after a PDF is written the dialog says 已保存 PDF and
// offers 打开 and 打印 — 直接打印 where there is a default printer; a
// spreadsheet is never offered to the printer.
func TestShowWritten(t *testing.T) {
	for _, tc := range []struct {
		name    string
		file    string
		printer bool
		direct  bool
		print   bool
	}{
		{"PDF with a default printer", "协议.pdf", true, true, false},
		{"PDF without a printer", "协议.pdf", false, false, true},
		{"spreadsheet", "花名册.xlsx", true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := newTestEnv(t)
			old := canPrintDirectly
			canPrintDirectly = func() bool { return tc.printer }
			t.Cleanup(func() { canPrintDirectly = old })
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, []byte("%PDF-1.4"), 0o644); err != nil {
				t.Fatal(err)
			}
			showWritten(e, path, "已保存到 "+path)
			e.Wait()
			buttons := map[string]*widget.Button{}
			for _, o := range test.LaidOutObjects(e.Window.Canvas().Overlays().Top()) {
				if b, ok := o.(*widget.Button); ok && b.Visible() {
					buttons[b.Text] = b
				}
			}
			if buttons[lang.L("Open")] == nil || buttons[lang.L("Close")] == nil {
				t.Fatalf("buttons %v: no Open or Close", keys(buttons))
			}
			if got := buttons[lang.L("Print directly")] != nil; got != tc.direct {
				t.Errorf("print directly offered: %v, want %v", got, tc.direct)
			}
			if got := buttons[lang.L("Print")] != nil; got != tc.print {
				t.Errorf("打印 (through the viewer) offered: %v, want %v", got, tc.print)
			}
			title := lang.L("File saved")
			if strings.HasSuffix(tc.file, ".pdf") {
				title = lang.L("win.PDF saved")
			}
			if !slices.Contains(texts(e.Window.Canvas().Overlays().Top()), title) {
				t.Errorf("the dialog is not titled %q: %q", title, texts(e.Window.Canvas().Overlays().Top()))
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
