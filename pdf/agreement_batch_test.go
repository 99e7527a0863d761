package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"jiedao/data"
)

// batchFixture is the agreement fixture with n agreements, the first
// signed; it returns their numbers, newest first (the list's order).
func batchFixture(t testing.TB, n int) (*agrFixture, []string) {
	t.Helper()
	f := newAgrFixture(t)
	var numbers []string
	for i := range n {
		a := f.create(t)
		if i == 0 {
			f.sign(t, a.ID)
		}
		numbers = append([]string{a.Number}, numbers...)
	}
	return f, numbers
}

func TestAgreementBatchOneFilePerAgreement(t *testing.T) {
	needPoppler(t)
	f, numbers := batchFixture(t, 3)
	dir := t.TempDir()
	var calls [][2]int
	res, err := PrintAgreementBatch(f.ctx, f.s, data.AgreementFilter{}, AgreementBatchOptions{Dir: dir,
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Agreements != 3 || len(res.Files) != 3 {
		t.Fatalf("result %+v", res)
	}
	if want := [][2]int{{0, 3}, {1, 3}, {2, 3}, {3, 3}}; !slices.Equal(calls, want) {
		t.Errorf("progress %v, want %v", calls, want)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for i, n := range numbers {
		want := n + " " + agrOrgName + ".pdf"
		if filepath.Base(res.Files[i]) != want || !slices.Contains(names, want) {
			t.Errorf("file %d: %q, want %q (folder has %q)", i, res.Files[i], want, names)
			continue
		}
		txt := noSpace(pageText(t, res.Files[i], 1))
		if !strings.Contains(txt, "协议编号："+n) || !strings.Contains(txt, noSpace(agrOrgName)) {
			t.Errorf("%s does not read back its number and party B", want)
		}
	}
	if len(names) != 3 {
		t.Errorf("folder holds %q, want the 3 agreements only", names)
	}
}

func TestAgreementBatchOneFile(t *testing.T) {
	needPoppler(t)
	f, numbers := batchFixture(t, 3)
	path := filepath.Join(t.TempDir(), "协议汇总.pdf")
	res, err := PrintAgreementBatch(f.ctx, f.s, data.AgreementFilter{}, AgreementBatchOptions{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	keepSample(t, path)
	all := noSpace(pageText(t, path, 0))
	if got := strings.Count(all, "（以下无正文）"); got != 3 {
		t.Errorf("%d agreements in the combined PDF, want 3", got)
	}
	// Every page names its own agreement, and counts that agreement's
	// pages, in the list's order.
	page := 1
	for _, n := range numbers {
		a, err := f.s.AgreementByNumber(f.ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		d, err := AgreementDoc(f.ctx, f.s, &a)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= d.Pages(); i++ {
			p := noSpace(pageText(t, path, page))
			if !strings.Contains(p, "协议编号："+n) || !strings.Contains(p, fmt.Sprintf("第%d页共%d页", i, d.Pages())) {
				t.Errorf("page %d: not page %d of %d of %s:\n%.200s", page, i, d.Pages(), n, p)
			}
			page++
		}
	}
	if res.Pages != page-1 {
		t.Errorf("result says %d pages, the agreements have %d", res.Pages, page-1)
	}
	// The signed agreement (the oldest, last) has no watermark; drafts do.
	last := noSpace(pageText(t, path, page-1))
	first := noSpace(pageText(t, path, 1))
	if strings.Contains(last, agreementWatermark) || !strings.Contains(first, agreementWatermark) {
		t.Errorf("watermarks: first page has %v, last page has %v", strings.Contains(first, agreementWatermark), strings.Contains(last, agreementWatermark))
	}
}

func TestAgreementBatchCancel(t *testing.T) {
	f, _ := batchFixture(t, 6)
	for _, tc := range []struct {
		name     string
		oneFile  bool
		min, max int // whole files left: those done, and those a worker was finishing
	}{
		{"one file", true, 0, 0},
		{"file per agreement", false, 2, 2 + runtime.GOMAXPROCS(0) - 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ctx, cancel := context.WithCancel(f.ctx)
			defer cancel()
			opt := AgreementBatchOptions{Progress: func(done, total int) {
				if done == 2 {
					cancel()
				}
			}}
			if tc.oneFile {
				opt.Path = filepath.Join(dir, "全部.pdf")
			} else {
				opt.Dir = dir
			}
			_, err := PrintAgreementBatch(ctx, f.s, data.AgreementFilter{}, opt)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
				b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				if strings.HasSuffix(e.Name(), ".tmp") || e.Name() == "全部.pdf" || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
					t.Errorf("cancelled batch left %s (%d bytes)", e.Name(), len(b))
				}
			}
			if len(names) < tc.min || len(names) > tc.max {
				t.Errorf("folder holds %q, want %d to %d whole files", names, tc.min, tc.max)
			}
		})
	}
}

func TestSafeFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"〔2026〕委字第001号 阳光社工", "〔2026〕委字第001号 阳光社工"},
		{`a\b/c:d*e?f"g<h>i|j`, "a_b_c_d_e_f_g_h_i_j"},
		{"  多个   空格\t和\n换行  ", "多个 空格 和 换行"},
		{"结尾的点...", "结尾的点"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"", "_"},
		{"控制\x01字符", "控制_字符"},
		{"𠮷祥社会工作服务中心", "𠮷祥社会工作服务中心"},
		{strings.Repeat("长", 150), strings.Repeat("长", maxNameRunes)},
	} {
		if got := SafeFileName(tc.in); got != tc.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := AgreementFileName("〔2026〕委字第001号", "阳光/社工"); got != "〔2026〕委字第001号 阳光_社工.pdf" {
		t.Errorf("AgreementFileName = %q", got)
	}
	used := map[string]bool{}
	if a, b := uniqueName("x.pdf", used), uniqueName("X.pdf", used); a != "x.pdf" || b != "X (2).pdf" {
		t.Errorf("uniqueName gave %q, %q", a, b)
	}
}

// BenchmarkAgreementBatch100 is a batch print of 100 agreements of the
// default template (three pages each, 𠮷 in party B) from the store:
// into one PDF, and one file each. Target: ≤ 3 s for 100.
func BenchmarkAgreementBatch100(b *testing.B) {
	f := newAgrFixture(b)
	for range 100 {
		f.create(b)
	}
	dir := b.TempDir()
	// Parse the fonts once, as a running program has.
	ids, err := AgreementBatchIDs(f.ctx, f.s, data.AgreementFilter{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := PrintAgreements(f.ctx, f.s, ids[:1], AgreementBatchOptions{Path: filepath.Join(dir, "warm.pdf")}); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opt  AgreementBatchOptions
	}{
		{"one-file", AgreementBatchOptions{Path: filepath.Join(dir, "all.pdf")}},
		{"file-each", AgreementBatchOptions{Dir: dir}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var pages int
			for b.Loop() {
				res, err := PrintAgreementBatch(f.ctx, f.s, data.AgreementFilter{}, tc.opt)
				if err != nil {
					b.Fatal(err)
				}
				if res.Agreements != 100 {
					b.Fatalf("%d agreements", res.Agreements)
				}
				pages = res.Pages
			}
			b.ReportMetric(float64(pages), "pages")
		})
	}
}
