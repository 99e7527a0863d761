package i18n

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"

	"jiedao/assets"
	"jiedao/data"
)

var update = flag.Bool("update", false, "copy data.Messages into assets/translations/{zh,en}.json")

// readTranslationFile reads one file of assets/translations.
func readTranslationFile(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := assets.Translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// readTranslations merges each language's files (zh.json, zh.*.json…) as
// Fyne does, and fails on a key defined in two files of one language: which
// text wins would depend on the order Fyne read them in.
func readTranslations(t *testing.T) (zh, en map[string]string) {
	t.Helper()
	read := func(prefix string) map[string]string {
		names, err := fs.Glob(assets.Translations, "translations/"+prefix+".*json")
		if err != nil {
			t.Fatal(err)
		}
		all, from := map[string]string{}, map[string]string{}
		for _, n := range names {
			n = path.Base(n)
			if n != prefix+".json" && !strings.HasPrefix(n, prefix+".") {
				continue
			}
			for k, v := range readTranslationFile(t, n) {
				if f, dup := from[k]; dup {
					t.Errorf("%q is in both %s and %s", k, f, n)
				}
				all[k], from[k] = v, n
			}
		}
		return all
	}
	return read("zh"), read("en")
}

// TestTranslationsMatch fails when a key is in one language's file and not
// the other's, or has no text.
func TestTranslationsMatch(t *testing.T) {
	zh, en := readTranslations(t)
	for k, v := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is in zh.json but not in en.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("zh.json: %q has no text", k)
		}
	}
	for k, v := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q is in en.json but not in zh.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("en.json: %q has no text", k)
		}
	}
}

// TestTranslationTemplates checks every text parses as a template and
// both languages use the same fields, so no {{.Path}} goes missing in one.
func TestTranslationTemplates(t *testing.T) {
	zh, en := readTranslations(t)
	for k := range zh {
		fz, ez := templateFields(t, "zh "+k, zh[k]), templateFields(t, "en "+k, en[k])
		if en[k] != "" && strings.Join(fz, ",") != strings.Join(ez, ",") {
			t.Errorf("%q: zh uses %v, en uses %v", k, fz, ez)
		}
	}
}

func templateFields(t *testing.T, name, text string) []string {
	tp, err := template.New(name).Parse(text)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	seen := map[string]bool{}
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			for _, f := range regexp.MustCompile(`\.\w+`).FindAllString(n.String(), -1) {
				seen[f] = true
			}
		}
	}
	walk(tp.Tree.Root)
	var out []string
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// TestDataMessagesTranslated checks that every message package data hands
// to the UI is in both files with data's text. go test ./i18n -update
// copies them in.
func TestDataMessagesTranslated(t *testing.T) {
	if *update {
		// Only the main files: data's messages live there, each
		// register's screen texts in files of their own.
		zh, en := readTranslationFile(t, "zh.json"), readTranslationFile(t, "en.json")
		for _, m := range data.Messages {
			zh[m.Key], en[m.Key] = m.ZH, m.EN
		}
		writeTranslations(t, "zh.json", zh)
		writeTranslations(t, "en.json", en)
		t.Skip("translations updated; run again without -update to check them")
	}
	zh, en := readTranslations(t)
	for _, m := range data.Messages {
		if got, ok := zh[m.Key]; !ok {
			t.Errorf("data message %q is missing from zh.json (go test ./i18n -update)", m.Key)
		} else if got != m.ZH {
			t.Errorf("zh.json %q = %q, data says %q", m.Key, got, m.ZH)
		}
		if got, ok := en[m.Key]; !ok {
			t.Errorf("data message %q is missing from en.json", m.Key)
		} else if got != m.EN {
			t.Errorf("en.json %q = %q, data says %q", m.Key, got, m.EN)
		}
	}
}

func writeTranslations(t *testing.T, name string, m map[string]string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil { // map keys come out sorted
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "assets", "translations", name), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// literalKey finds lang.L("…"), lang.X("…", …), lang.N and lang.XN calls
// (and i18n.L, the command line's lang.L) with a literal key; a key built at run time ("audit.action."+a) is not
// matched, as the closing quote is followed by neither ',' nor ')'.
var literalKey = regexp.MustCompile(`(?:lang|i18n)\.(?:L|X|N|XN)\(\s*("(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `)\s*[,)]`)

// TestSourceKeysTranslated scans the Go sources of the shell, the screens,
// the command line, main and this package for literal keys and checks each
// is translated in both languages.
func TestSourceKeysTranslated(t *testing.T) {
	zh, en := readTranslations(t)
	var files []string
	for _, pattern := range []string{"*.go", "../app/*.go", "../screens/*.go", "../cli/*.go", "../*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literalKey.FindAllSubmatch(src, -1) {
			key := string(m[1])
			if key[0] == '"' {
				if err := json.Unmarshal([]byte(key), &key); err != nil {
					t.Errorf("%s: cannot read key %s: %v", f, m[1], err)
					continue
				}
			} else {
				key = strings.Trim(key, "`")
			}
			found++
			if _, ok := zh[key]; !ok {
				t.Errorf("%s: %q is not in zh.json", f, key)
			}
			if _, ok := en[key]; !ok {
				t.Errorf("%s: %q is not in en.json", f, key)
			}
		}
	}
	if found < 50 { // the scan itself must not silently break
		t.Fatalf("found only %d keys in %d files; is the pattern broken?", found, len(files))
	}
}

// TestRecordFieldLabels: every record-specific field label Message looks
// up is translated, and every one translated is looked up.
func TestRecordFieldLabels(t *testing.T) {
	zh, en := readTranslations(t)
	for k := range RecordFieldLabels {
		for lang, m := range map[string]map[string]string{"zh": zh, "en": en} {
			if _, ok := m["field."+k]; !ok {
				t.Errorf("field.%s is not in %s", k, lang)
			}
		}
	}
	for k := range zh {
		if rest, ok := strings.CutPrefix(k, "field."); ok && strings.Contains(rest, ".") && !RecordFieldLabels[rest] {
			t.Errorf("%s is translated but not in RecordFieldLabels", k)
		}
	}
}
