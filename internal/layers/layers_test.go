package layers_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiedao/internal/layers"
)

// root is the module root, two folders up from this package.
const root = "../.."

func TestTheProjectKeepsItsLayers(t *testing.T) {
	vs, err := layers.Check(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Error(v)
	}
}

func TestNoSourceFileIsTooLong(t *testing.T) {
	long, err := layers.LongFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range long {
		t.Errorf("%s (at most %d): split it along what it holds", f, layers.MaxLines)
	}
}

// plant writes a small module with files (path → content) and returns
// its folder.
func plant(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module jiedao\n\ngo 1.26\n"
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTheCheckerCatchesPlantedViolations(t *testing.T) {
	dir := plant(t, map[string]string{
		"main.go":                  "package main\n\nimport (\n\t_ \"jiedao/cli\"\n\t_ \"jiedao/data\"\n)\n",
		"cli/cli.go":               "package cli\n\nimport _ \"jiedao/pdf\"\n",
		"pdf/pdf.go":               "package pdf\n\nimport (\n\t\"fyne.io/fyne/v2\"\n\t_ \"jiedao/data\"\n)\n\nvar _ fyne.Size\n",
		"docx/docx.go":             "package docx\n\nimport _ \"jiedao/pdf\"\n",
		"data/store.go":            "package data\n\nimport _ \"gorm.io/gorm\"\n\nconst q = \"SELECT id FROM households WHERE number = ?\"\n",
		"sheet/bulk.go":            "package sheet\n\nimport \"gorm.io/gorm\"\n\nvar _ *gorm.DB\n",
		"sheet/bulk_test.go":       "package sheet\n\nimport _ \"github.com/glebarez/sqlite\"\n",
		"screens/list.go":          "package screens\n\nimport _ \"fyne.io/fyne/v2/widget\"\n\nvar hint = \"请选择文件\"\n",
		"screens/dash.go":          "package screens\n\nfunc q() string { return `SELECT COUNT(*) FROM residents WHERE status = ?` }\n",
		"screens/files_windows.go": "//go:build windows\n\npackage screens\n\nimport _ \"database/sql\"\n",
		"reports/reports.go":       "package reports\n",
		"third_party/x/x.go":       "package x\n\nimport _ \"gorm.io/gorm\"\n",
	})
	vs, err := layers.Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.String())
	}
	want := []string{
		"main.go:5: jiedao/data: main may import only cli, app",
		"docx/docx.go:3: jiedao/pdf: docx may import only data, assets",
		"pdf/pdf.go:4: fyne.io/fyne/v2: Fyne only in app, screens, i18n",
		"reports/reports.go:1: package reports: a package without a place",
		"screens/dash.go:3: SELECT COUNT(*) FROM residents WHERE status = ?: SQL text only in data",
		"screens/files_windows.go:5: database/sql: the database",
		"sheet/bulk.go:3: gorm.io/gorm: the database",
		"sheet/bulk_test.go:3: github.com/glebarez/sqlite: the database",
	}
	for _, w := range want {
		if !containsPrefix(got, w) {
			t.Errorf("missing %q", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d violations, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
}

func TestTheCheckerPassesAProperTree(t *testing.T) {
	dir := plant(t, map[string]string{
		"main.go":         "package main\n\nimport (\n\t_ \"jiedao/app\"\n\t_ \"jiedao/cli\"\n)\n",
		"app/app.go":      "package app\n\nimport (\n\t_ \"fyne.io/fyne/v2/app\"\n\t_ \"jiedao/screens\"\n)\n",
		"screens/s.go":    "package screens\n\nimport (\n\t_ \"jiedao/pdf\"\n\t_ \"jiedao/sheet\"\n)\n\nvar label = \"选择 WHERE 的地址\"\nvar prose = \"Select a file from the list\"\nvar msg = \"insert into %s: %w\"\n",
		"data/store.go":   "package data\n\nimport _ \"gorm.io/gorm\"\n\nconst q = \"DELETE FROM households WHERE id = ?\"\n",
		"data/x_test.go":  "package data\n\nimport _ \"github.com/glebarez/sqlite\"\n",
		"sheet/s_test.go": "package sheet\n\nimport _ \"jiedao/data/datatest\"\n",
		"pdf/font.go":     "package pdf\n\nimport _ \"jiedao/assets\"\n",
	})
	vs, err := layers.Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Error(v)
	}
}

func TestLongFilesCountsLines(t *testing.T) {
	dir := plant(t, map[string]string{
		"data/long.go":          "package data\n" + strings.Repeat("\n", layers.MaxLines),
		"data/ok.go":            "package data\n" + strings.Repeat("\n", layers.MaxLines-1),
		"third_party/x/long.go": "package x\n" + strings.Repeat("\n", 2*layers.MaxLines),
	})
	long, err := layers.LongFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(long) != 1 || !strings.HasPrefix(long[0], "data/long.go: 801 lines") {
		t.Errorf("long files %v, want only data/long.go with 801 lines", long)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
