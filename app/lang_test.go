package app

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
	"time"

	"fyne.io/fyne/v2/lang"

	"jiedao/assets"
	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/screens"
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
// to the UI is in both files with data's text. go test ./app -update
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
			t.Errorf("data message %q is missing from zh.json (go test ./app -update)", m.Key)
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
// with a literal key; a key built at run time ("audit.action."+a) is not
// matched, as the closing quote is followed by neither ',' nor ')'.
var literalKey = regexp.MustCompile(`lang\.(?:L|X|N|XN)\(\s*("(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `)\s*[,)]`)

// TestSourceKeysTranslated scans the Go sources of the shell, the screens
// and main for literal keys and checks each is translated in both
// languages.
func TestSourceKeysTranslated(t *testing.T) {
	zh, en := readTranslations(t)
	var files []string
	for _, pattern := range []string{"*.go", "../screens/*.go", "../*.go"} {
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
	for k := range screens.RecordFieldLabels {
		for lang, m := range map[string]map[string]string{"zh": zh, "en": en} {
			if _, ok := m["field."+k]; !ok {
				t.Errorf("field.%s is not in %s", k, lang)
			}
		}
	}
	for k := range zh {
		if rest, ok := strings.CutPrefix(k, "field."); ok && strings.Contains(rest, ".") && !screens.RecordFieldLabels[rest] {
			t.Errorf("%s is translated but not in screens.RecordFieldLabels", k)
		}
	}
}

func TestSetupLanguage(t *testing.T) {
	for _, tc := range []struct {
		pref, settings, cancel string
	}{
		{"zh", "设置", "取消"},
		{"en", "Settings", "Cancel"},
	} {
		if err := SetupLanguage(tc.pref); err != nil {
			t.Fatal(err)
		}
		if got := lang.L("Settings"); got != tc.settings {
			t.Errorf("%s: Settings = %q, want %q", tc.pref, got, tc.settings)
		}
		// Fyne's own strings (dialog buttons) follow too.
		if got := lang.L("Cancel"); got != tc.cancel {
			t.Errorf("%s: Cancel = %q, want %q", tc.pref, got, tc.cancel)
		}
	}
	if err := SetupLanguage("fr"); err == nil {
		t.Error(`SetupLanguage("fr") gave no error`)
	}
}

func TestSystemLanguage(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{map[string]string{"LANG": "C.UTF-8"}, "zh"},
		{map[string]string{"LANG": ""}, "zh"},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "en_GB"}, "en"},
	} {
		for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
			t.Setenv(k, tc.env[k])
		}
		if got := systemLanguage(); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.env, got, tc.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	now := datatest.Epoch // the injected clock: 2026-11-25 10:15 CST
	for _, tc := range []struct{ lang, want, wantTime string }{
		{"zh", "2026年11月25日", "2026年11月25日 10:15"},
		{"en", "2026-11-25", "2026-11-25 10:15"},
	} {
		if err := SetupLanguage(tc.lang); err != nil {
			t.Fatal(err)
		}
		if got := FormatDate(now()); got != tc.want {
			t.Errorf("%s: FormatDate = %q, want %q", tc.lang, got, tc.want)
		}
		if got := FormatDate(now().AddDate(0, -10, -20)); tc.lang == "zh" && got != "2026年1月5日" {
			t.Errorf("zh: FormatDate(5 Jan) = %q, want 2026年1月5日", got)
		}
	}
}

func TestMessage(t *testing.T) {
	phone := &data.Error{Key: data.KeyInvalidPhone, Args: map[string]any{"Field": "phone"}}
	inUse := &data.Error{Key: data.KeyDBInUse, Args: map[string]any{"Path": "/x/jiedao.db"}}
	corrupt := &data.Error{Key: data.KeyBackupFailed, Args: map[string]any{"Path": "/x/backups"}, Err: os.ErrPermission}
	for _, tc := range []struct {
		lang string
		err  error
		want string
	}{
		// A field's error names the field as the form labels it.
		{"zh", phone, "联系电话：" + data.Render(data.KeyInvalidPhone, "zh", nil)},
		{"en", phone, "Phone: " + data.Render(data.KeyInvalidPhone, "en", nil)},
		{"zh", inUse, "数据库文件 /x/jiedao.db 正被另一个程序占用。请关闭其他街道通窗口后重试。"},
		{"en", inUse, data.Render(data.KeyDBInUse, "en", inUse.Args)},
		// A failure that is not the user's input tells its cause too.
		{"en", corrupt, data.Render(data.KeyBackupFailed, "en", corrupt.Args) + "\npermission denied"},
		{"en", os.ErrNotExist, "file does not exist"},
		// A record that is gone is named, without the database's words.
		{"zh", data.NotFound("households", "2026000123"), "找不到住户 2026000123，它可能已被删除。"},
		{"en", data.NotFound("meetings", int64(12)), "Meeting 12 was not found; it may have been deleted."},
		// The same field name in different records: each as its own
		// form labels it.
		{"zh", firstError(&data.Household{Number: "H1", Community: "幸福社区", Address: "幸福小区1号", Kind: "大户"}), "户别：" + choice("zh", "大户")},
		{"zh", firstError(&data.Agreement{Kind: "租赁协议", OrganizationID: 1, Title: "x"}), "协议类型：" + choice("zh", "租赁协议")},
		{"en", firstError(&data.Agreement{Kind: "租赁协议", OrganizationID: 1, Title: "x"}), "Agreement type: " + choice("en", "租赁协议")},
		{"zh", firstError(&data.Meeting{Title: "x", Kind: "茶话会", Date: "2026-11-25"}), "会议类型：" + choice("zh", "茶话会")},
		{"zh", firstError(&data.Organization{Type: data.OrgTypeCommunity}), "名称：" + data.Render(data.KeyInvalidRequired, "zh", nil)},
		{"zh", firstError(&data.Resident{IDNumber: "110101198003071234"}), "姓名：" + data.Render(data.KeyInvalidRequired, "zh", nil)},
	} {
		if err := SetupLanguage(tc.lang); err != nil {
			t.Fatal(err)
		}
		if got := Message(tc.err); got != tc.want {
			t.Errorf("%s: Message(%v) = %q, want %q", tc.lang, tc.err, got, tc.want)
		}
	}
}

// firstError is the first problem Validate finds in v.
func firstError(v any) error {
	var err error
	switch v := v.(type) {
	case *data.Household:
		err = v.Validate()
	case *data.Agreement:
		err = v.Validate()
	case *data.Meeting:
		err = v.Validate()
	case *data.Organization:
		_, err = v.Validate()
	case *data.Resident:
		_, err = v.Validate(time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local))
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()[0]
	}
	return err
}

func choice(lang, value string) string {
	return data.Render(data.KeyInvalidChoice, lang, map[string]any{"Value": value})
}
