package cli

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestHelp: `jiedao help` and -h print every command's usage on stdout and
// exit 0; `jiedao help COMMAND` prints that one with what it does; an
// unknown command, there as anywhere, is bad usage (exit 2). In Chinese
// the placeholders are Chinese; in English they stay as written.
func TestHelp(t *testing.T) {
	englishWord := regexp.MustCompile(`\b[A-Z][A-Z-]+\b|\b[NS]\b`)
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		code, stdout, stderr := jiedao(t, append([]string{"--lang", "zh"}, args...)...)
		if code != exitOK || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		for _, cmd := range commands() {
			if !strings.Contains(stdout, "jiedao "+cmd.name) {
				t.Errorf("%v: %s missing:\n%s", args, cmd.name, stdout)
			}
		}
		for _, want := range []string{"用法：", "minutes 会议编号", "household 户编号", "agreement 协议编号", "-o 文件.pdf", "[--db 路径]", "--households 户数", "help [命令]"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: %q missing:\n%s", args, want, stdout)
			}
		}
		if w := englishWord.FindAllString(stdout, -1); len(w) > 0 {
			t.Errorf("%v: English placeholders %q in the Chinese usage:\n%s", args, w, stdout)
		}
	}

	code, stdout, _ := jiedao(t, "--lang", "zh", "help", "print")
	if code != exitOK || !strings.Contains(stdout, "jiedao print household 户编号") || !strings.Contains(stdout, "PDF") ||
		strings.Contains(stdout, "jiedao import") {
		t.Errorf("help print: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = jiedao(t, "--lang", "en", "help", "export")
	if code != exitOK || !strings.Contains(stdout, "jiedao export minutes MEETING-ID -o FILE.docx") ||
		strings.Count(stdout, "jiedao export") != 3 || !strings.Contains(stdout, "Word") {
		t.Errorf("help export in English: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = jiedao(t, "--lang", "zh", "help", "user")
	for _, w := range []string{"jiedao user add 用户名 --name 姓名 --role 角色[,角色…] [--community 社区[,社区…]] [--grid 社区/网格[,…]]",
		"jiedao user recover 用户名 --code 恢复码", "“社区/网格”", "JIEDAO_PASSWORD", "JIEDAO_NEW_PASSWORD", "--user 用户名（或环境变量 JIEDAO_USER）"} {
		if code != exitOK || !strings.Contains(stdout, w) {
			t.Errorf("help user: exit %d, %q missing:\n%s", code, w, stdout)
		}
	}
	code, stdout, _ = jiedao(t, "--lang", "en", "help", "user")
	if code != exitOK || !strings.Contains(stdout, "jiedao user add LOGIN --name NAME --role ROLE[,ROLE…]") || !strings.Contains(stdout, "JIEDAO_NEW_PASSWORD") {
		t.Errorf("help user in English: exit %d\n%s", code, stdout)
	}
	for _, args := range [][]string{{"help", "frobnicate"}, {"help", "print", "minutes"}} {
		code, stdout, stderr := jiedao(t, append([]string{"--lang", "zh"}, args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "用法：") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if _, _, stderr := jiedao(t, "--lang", "zh", "help", "frobnicate"); !strings.Contains(stderr, "未知的命令: frobnicate") {
		t.Errorf("help of an unknown command: %q", stderr)
	}
	// Every command has a line saying what it does, in both languages.
	for _, lang := range []string{"zh", "en"} {
		for _, cmd := range commands() {
			_, stdout, _ := jiedao(t, "--lang", lang, "help", cmd.name)
			if strings.Contains(stdout, "usage.about") {
				t.Errorf("%s help %s: %q", lang, cmd.name, stdout)
			}
		}
	}
}

// TestPrintMissingOrDeleted: a record that never existed is "找不到…", one
// in the recycle bin says so, for each kind print names.
func TestPrintMissingOrDeleted(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	if code, _, stderr := runDemo(t, "--db", db, "demo", "--households", "40", "--seed", "3"); code != exitOK {
		t.Fatalf("demo: %d\n%s", code, stderr)
	}
	var household, agreement, meeting string
	withTestDB(t, db, func(tb testing.TB, s *data.Store) {
		var h data.Household
		var a data.Agreement
		var m data.Meeting
		q := datatest.DB(tb, s)
		// Drafts: what is signed or finalized cannot be deleted.
		if q.Order("id").First(&h).Error != nil || q.Where("status = ?", data.AgreementDraft).Order("id").First(&a).Error != nil ||
			q.Where("status = ?", data.MeetingDraft).Order("id").First(&m).Error != nil {
			tb.Fatal("the demo register has no household, draft agreement or draft meeting")
		}
		household, agreement, meeting = h.Number, a.Number, fmt.Sprint(m.ID)
		for _, v := range []any{&h, &a, &m} {
			if err := s.Delete(t.Context(), v); err != nil {
				tb.Fatal(err)
			}
		}
	})
	out := filepath.Join(dir, "a.pdf")
	for _, tc := range []struct {
		kind, deleted, never, inBin, notFound string
	}{
		{"household", household, "2099000001", "住户 " + household + " 在回收站中", "找不到住户 2099000001。"},
		{"agreement", agreement, "XF-2099-001", "协议 " + agreement + " 在回收站中", "找不到协议 XF-2099-001。"},
		{"minutes", meeting, "99999", "编号为 " + meeting + " 的议事会议在回收站中", "找不到编号为 99999 的议事会议。"},
	} {
		code, _, stderr := jiedao(t, "--db", db, "--lang", "zh", "print", tc.kind, tc.deleted, "-o", out)
		if code != exitFail || !strings.Contains(stderr, tc.inBin) {
			t.Errorf("print %s %s (deleted): exit %d, %q; want %q", tc.kind, tc.deleted, code, stderr, tc.inBin)
		}
		code, _, stderr = jiedao(t, "--db", db, "--lang", "zh", "print", tc.kind, tc.never, "-o", out)
		if code != exitFail || !strings.Contains(stderr, tc.notFound) || strings.Contains(stderr, "删除") {
			t.Errorf("print %s %s (never): exit %d, %q; want %q", tc.kind, tc.never, code, stderr, tc.notFound)
		}
	}
	if code, _, stderr := jiedao(t, "--db", db, "--lang", "en", "print", "agreement", agreement, "-o", out); code != exitFail || !strings.Contains(stderr, "is in the recycle bin") {
		t.Errorf("in English: exit %d, %q", code, stderr)
	}
}
