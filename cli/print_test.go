package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestPrintHousehold(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "demo", "--households", "5", "--seed", "3", "--db", db); code != exitOK {
		t.Fatalf("demo: %s", stderr)
	}
	var h data.Household
	var head data.Resident
	withTestDB(t, db, func(tb testing.TB, s *data.Store) {
		if err := datatest.DB(tb, s).Order("id").First(&h).Error; err != nil {
			tb.Fatal(err)
		}
		if err := datatest.DB(tb, s).First(&head, *h.HeadID).Error; err != nil {
			tb.Fatal(err)
		}
	})

	out := filepath.Join(dir, "住户登记表 "+h.Number+".pdf")
	code, stdout, stderr := jiedao(t, "print", "household", h.Number, "-o", out, "--db", db)
	if code != exitOK {
		t.Fatalf("print: exit %d: %s", code, stderr)
	}
	if strings.TrimSpace(stdout) != out {
		t.Errorf("print output %q, want the file name", stdout)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Skipf("pdftotext: %v", err) // poppler-utils missing; make test installs it
	}
	plain := strings.Join(strings.Fields(string(text)), "")
	for _, want := range []string{"住户登记表", h.Number, head.Name, head.IDNumber} {
		if !strings.Contains(plain, want) {
			t.Errorf("the form lacks %q", want)
		}
	}

	code, _, stderr = jiedao(t, "print", "household", "9999999999", "-o", filepath.Join(dir, "x.pdf"), "--db", db)
	if code != exitFail || stderr == "" {
		t.Errorf("unknown household: exit %d, message %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a PDF was written for an unknown household")
	}
	if code, _, _ := jiedao(t, "print", "household", h.Number); code != exitUsage {
		t.Errorf("print without -o: exit %d, want %d", code, exitUsage)
	}
}

// TestMeetingDocuments prints a demo meeting's minutes, sign-in sheet and
// notice and exports its minutes to Word; an unknown meeting fails with
// exit 1 and writes nothing.
func TestMeetingDocuments(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "demo", "--households", "30", "--seed", "2", "--db", db); code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		want string // in the document's text
	}{
		{[]string{"print", "minutes", "1"}, "一、会议基本情况"},
		{[]string{"print", "signin", "1"}, "签到表"},
		{[]string{"print", "notice", "1"}, "公示"},
	} {
		t.Run(tc.args[1], func(t *testing.T) {
			out := filepath.Join(dir, "2026年第1次协商议事会议 "+tc.args[1]+".pdf")
			code, stdout, stderr := jiedao(t, append(tc.args, "-o", out, "--db", db)...)
			if code != exitOK || !strings.Contains(stdout, out) {
				t.Fatalf("exit %d, stdout %q: %s", code, stdout, stderr)
			}
			text, err := exec.Command("pdftotext", out, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(strings.Fields(string(text)), ""); !strings.Contains(s, tc.want) {
				t.Errorf("%s lacks %q:\n%s", out, tc.want, text)
			}
		})
	}
	docx := filepath.Join(dir, "纪要.docx")
	if code, _, stderr := jiedao(t, "export", "minutes", "1", "-o", docx, "--db", db); code != exitOK {
		t.Fatalf("export minutes: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(docx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("export minutes wrote no .docx (%v)", err)
	}
	missing := filepath.Join(dir, "missing.pdf")
	if code, _, _ := jiedao(t, "print", "minutes", "9999", "-o", missing, "--db", db); code != exitFail {
		t.Errorf("unknown meeting: exit %d, want %d", code, exitFail)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("unknown meeting left a file: %v", err)
	}
}
