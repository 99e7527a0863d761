package docx

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// The Word file is checked the way an office opens it: LibreOffice
// converts it to PDF and pdftotext reads that back.

func meeting(speech string) *data.Meeting {
	return &data.Meeting{
		Title: "幸福社区加装电梯协商议事会", Kind: data.MeetingConsult, Date: "2026-03-05", StartTime: "14:30", EndTime: "16:30",
		Place: "幸福社区党群服务中心", Convener: "幸福社区党委", Host: "王主任", Recorder: "李记录",
		Summary: "会议认为加装电梯是民生实事。",
		Participants: []data.Participant{
			{Name: "𠮷星辰", Category: data.CategoryResidentRep, Unit: "幸福小区3号楼", Attendance: data.AttendPresent},
			{Name: "张建国", Category: data.CategoryResidentRep, Unit: "幸福小区3号楼", Attendance: data.AttendPresent},
			{Name: "周休假", Category: data.CategoryResidentRep, Attendance: data.AttendLeave},
			{Name: "郑列席", Category: data.CategoryObserver, Unit: "街道城管办", Attendance: data.AttendObserver},
		},
		Agenda: []data.AgendaItem{{Topic: "3号楼加装电梯方案", Background: "3号楼共6层36户。", Proposals: "由物业公司牵头。",
			Speeches: []data.Speech{{Speaker: "𠮷星辰", Summary: speech}}}},
		Resolutions: []data.Resolution{{Text: "同意3号楼加装电梯方案。", For: 2}},
		Actions:     []data.Action{{Task: "编制施工方案", Owner: "安居物业", Deadline: "2026-04-30"}},
	}
}

func TestExportMinutes(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	speech := strings.Repeat("低层住户担心采光和噪声，高层住户希望尽快开工。", 40) + "发言结束。"
	m := meeting(speech)
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "minutes.docx")
	if err := ExportMinutes(ctx, s, strconv.FormatInt(m.ID, 10), path); err != nil {
		t.Fatal(err)
	}

	// The document names its East Asian fonts, the page is the 公文 page.
	doc := readPart(t, path, "word/document.xml")
	for _, w := range []string{`w:eastAsia="仿宋"`, `w:eastAsia="黑体"`, `w:w="11906"`, `w:top="2098"`, `w:left="1587"`, `w:lineRule="exact"`, "𠮷星辰", "（草稿）", "footerReference"} {
		if !strings.Contains(doc, w) {
			t.Errorf("document.xml lacks %s", w)
		}
	}
	// Odd pages number on the right, even pages on the left (GB/T 9704).
	if f := readPart(t, path, "word/footer1.xml"); !strings.Contains(f, "PAGE") || !strings.Contains(f, `<w:jc w:val="right"/>`) {
		t.Errorf("odd pages' footer: %s", f)
	}
	if f := readPart(t, path, "word/footer2.xml"); !strings.Contains(f, "PAGE") || !strings.Contains(f, `<w:jc w:val="left"/>`) {
		t.Errorf("even pages' footer: %s", f)
	}
	if !regexp.MustCompile(`<w:footerReference w:type="default" r:id="[^"]+"[^>]*>(</w:footerReference>)?<w:footerReference w:type="even" r:id="[^"]+"/>`).MatchString(doc) {
		t.Error("the section does not name an even pages' footer")
	}
	if !regexp.MustCompile(`<w:defaultTabStop [^>]*/><w:evenAndOddHeaders/>`).MatchString(readPart(t, path, "word/settings.xml")) {
		t.Error("settings.xml does not switch on odd and even footers after w:defaultTabStop")
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed: the LibreOffice round trip is not checked")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	// A profile of its own, so parallel runs do not share one.
	profile := filepath.Join(dir, "profile")
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+profile,
		"--convert-to", "pdf", "--outdir", dir, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(dir, "minutes.pdf"), "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`—\s*1\s*—`).Match(out) {
		t.Error("no page number — 1 —")
	}
	checkPageNumberSides(t, filepath.Join(dir, "minutes.pdf"))
	if dir := os.Getenv("JIEDAO_PDF_SAMPLE_DIR"); dir != "" {
		b, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "minutes.pdf"))
		os.WriteFile(filepath.Join(dir, "docx-minutes.pdf"), b, 0o644)
	}
	// The text without page numbers (a paragraph runs over pages).
	body := regexp.MustCompile(`—\s*\d+\s*—`).ReplaceAll(out, nil)
	text := strings.Join(strings.Fields(string(body)), "")
	// 𠮷 (U+20BB7, Extension B) is in the document (checked above); the
	// PDF has it only where the machine has a font for it, which Debian's
	// do not (LibreOffice drops a character no font covers, and does not
	// take the fonts fontconfig finds in a HOME of its own). Without one,
	// the lines are checked without it.
	noExtB := !strings.Contains(text, "𠮷")
	if noExtB {
		t.Log("no font for 𠮷 on this machine: LibreOffice's PDF is checked without it")
	}
	for _, w := range []string{
		"幸福社区加装电梯协商议事会纪要", "（草稿）",
		"一、会议基本情况", "时间：2026年3月5日（星期四）14:30—16:30", "地点：幸福社区党群服务中心",
		"出席：𠮷星辰（幸福小区3号楼）、张建国（幸福小区3号楼）", "请假：周休假", "列席：郑列席（街道城管办）",
		"二、会议议题及讨论情况", "（一）3号楼加装电梯方案", "1.情况说明", "3号楼共6层36户。", "（1）𠮷星辰：" + speech,
		"三、会议决议", "（一）同意3号楼加装电梯方案。", "表决结果：同意2票、反对0票、弃权0票",
		"四、督办事项", "责任人：安居物业；完成时限：2026年4月30日。",
		"五、会议小结", "会议认为加装电梯是民生实事。", "记录人：李记录", "主持人：王主任",
	} {
		want := strings.Join(strings.Fields(w), "")
		if noExtB {
			want = strings.ReplaceAll(want, "𠮷", "")
		}
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's PDF lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", out)
	}
}

func TestExportMinutesUnknown(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	path := filepath.Join(t.TempDir(), "x.docx")
	for _, key := range []string{"", "x", "42"} {
		if err := ExportMinutes(ctx, s, key, path); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("%q: got %v, want not found", key, err)
		}
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a file was written")
	}
}

func readPart(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}

// checkPageNumberSides reads where LibreOffice put the page numbers: in
// the bottom tenth of each page, right of the middle on odd pages and left
// of it on even ones.
func checkPageNumberSides(t *testing.T, pdfPath string) {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdfPath, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	pages := regexp.MustCompile(`(?s)<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>`).FindAllSubmatch(out, -1)
	if len(pages) < 2 {
		t.Fatalf("%d pages; the test needs odd and even ones", len(pages))
	}
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	for i, p := range pages {
		w, _ := strconv.ParseFloat(string(p[1]), 64)
		h, _ := strconv.ParseFloat(string(p[2]), 64)
		n := strconv.Itoa(i + 1)
		found := false
		for _, m := range word.FindAllSubmatch(p[3], -1) {
			y, _ := strconv.ParseFloat(string(m[2]), 64)
			if string(m[4]) != n || y < 0.9*h {
				continue
			}
			found = true
			x0, _ := strconv.ParseFloat(string(m[1]), 64)
			x1, _ := strconv.ParseFloat(string(m[3]), 64)
			if odd := (i+1)%2 == 1; odd && x0 < w/2 || !odd && x1 > w/2 {
				t.Errorf("page %d: its number stands at x %.0f–%.0f of %.0f", i+1, x0, x1, w)
			}
		}
		if !found {
			t.Errorf("page %d: no page number at its foot", i+1)
		}
	}
}
