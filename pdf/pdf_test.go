package pdf

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The PDFs are checked the way a reader sees them: poppler's pdftotext
// and pdffonts (Debian package poppler-utils) read the files back.

func needPoppler(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdffonts", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (apt-get install poppler-utils)", tool)
		}
	}
}

// write saves d into a temporary directory and returns the path.
func write(t *testing.T, d *Doc) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	checkInside(t, d)
	return path
}

// pageText returns the text of one page (0: all pages), as pdftotext reads it.
func pageText(t *testing.T, path string, page int) string {
	t.Helper()
	args := []string{"-enc", "UTF-8"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	out, err := exec.Command("pdftotext", append(args, path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// checkInside asserts that every glyph and rule of the body lies inside
// the text column and band of its page: nothing overflows the margins.
func checkInside(t testing.TB, d *Doc) {
	t.Helper()
	for pi, p := range d.pages {
		for _, o := range p.ops {
			var x1, x2, y1, y2 float64
			switch o.kind {
			case opText:
				f, _ := loadFont(o.font)
				n := 0
				for _, r := range o.text {
					x2 += float64(f.w1000(int(f.bmp[r]))) * o.size * ptMM / 1000
					n++
				}
				x1, x2 = o.x, o.x+x2+o.tc*float64(n-1)
				y1, y2 = o.y-o.size*ptMM*0.88, o.y+o.size*ptMM*0.12
			case opGlyph:
				x1, x2, y1, y2 = o.x, o.x+o.w, o.y-o.size*ptMM*0.88, o.y+o.size*ptMM*0.12
			case opLine:
				x1, x2, y1, y2 = math.Min(o.x, o.x2), math.Max(o.x, o.x2), math.Min(o.y, o.y2), math.Max(o.y, o.y2)
			}
			const tol = 0.05
			if x1 < d.x0-tol || x2 > d.x0+d.w+tol || y1 < d.top-tol || y2 > d.bot+tol {
				t.Errorf("page %d: %q at x %.2f–%.2f y %.2f–%.2f outside the text area x %.2f–%.2f y %.2f–%.2f",
					pi+1, o.text, x1, x2, y1, y2, d.x0, d.x0+d.w, d.top, d.bot)
			}
		}
	}
}

// longText is about 3000 characters of mixed Chinese: common characters,
// punctuation, Latin words, ID numbers, amounts, dates and characters
// outside the BMP.
func longText() []string {
	const (
		han   = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
		punct = "，。、；：？！"
		ext   = "𠮷𪚥𠀀𡈽𤭢𧺆𩸽𫝆𬺰𠂉"
	)
	hanR, punctR, extR := []rune(han), []rune(punct), []rune(ext)
	latin := []string{"Jiedao", "GB/T 9704-2012", "PDF", "internationalization", "Word", "ID"}
	rng := rand.New(rand.NewPCG(1, 2))
	var paras []string
	total := 0
	for total < 3000 {
		var b strings.Builder
		n := 80 + rng.IntN(250)
		for i := 0; i < n; i++ {
			switch k := rng.IntN(100); {
			case k < 80:
				b.WriteRune(hanR[rng.IntN(len(hanR))])
			case k < 90:
				b.WriteRune(punctR[rng.IntN(len(punctR))])
			case k < 93:
				b.WriteRune(extR[rng.IntN(len(extR))])
			case k < 95:
				b.WriteString("（" + string(hanR[rng.IntN(len(hanR))]) + string(hanR[rng.IntN(len(hanR))]) + "）")
			case k < 97:
				b.WriteString(" " + latin[rng.IntN(len(latin))] + " ")
			case k < 98:
				b.WriteString("11010519" + strconv.Itoa(10000000+rng.IntN(89999999)) + "X")
			case k < 99:
				b.WriteString("¥" + strconv.Itoa(rng.IntN(999)) + "," + strconv.Itoa(100+rng.IntN(899)) + ".67")
			default:
				b.WriteString("《" + string(hanR[rng.IntN(len(hanR))]) + string(hanR[rng.IntN(len(hanR))]) + "法》")
			}
		}
		b.WriteString("。")
		paras = append(paras, b.String())
		total += len([]rune(b.String()))
	}
	return paras
}

// Every character of the input comes back out of the PDF, in order.
func TestPDFAllTextExtracted(t *testing.T) {
	needPoppler(t)
	paras := longText()
	d := New(Options{})
	for _, p := range paras {
		d.Paragraph(p)
	}
	path := write(t, d)
	if d.Pages() < 3 {
		t.Fatalf("%d pages for ~3000 characters", d.Pages())
	}
	if m := d.Missing(); len(m) > 0 {
		t.Errorf("missing %q", string(m))
	}
	got, want := noSpace(pageText(t, path, 0)), noSpace(strings.Join(paras, ""))
	if got != want {
		g, w := []rune(got), []rune(want)
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Fatalf("text differs at character %d of %d:\n got …%q…\nwant …%q…", i, len(w),
			string(g[max(0, i-10):min(len(g), i+20)]), string(w[max(0, i-10):min(len(w), i+20)]))
	}
}

// pdffonts lists every font as embedded.
func TestPDFFontsEmbedded(t *testing.T) {
	needPoppler(t)
	path := write(t, agreement(Options{Header: "页眉", Footer: FooterPageOfTotal, Watermark: "草稿"}))
	out, err := exec.Command("pdffonts", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 4 { // header, rule, serif, sansbold
		t.Fatalf("pdffonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %q", l)
		}
	}
}

func TestPDFFooterWatermarkHeader(t *testing.T) {
	needPoppler(t)
	d := New(Options{Footer: FooterPageOfTotal, Watermark: "草稿", Header: "某某街道办事处"})
	d.Paragraph(strings.Repeat("协商议事会议纪要正文。", 200))
	path := write(t, d)
	if d.Pages() != 2 {
		t.Fatalf("%d pages, want 2", d.Pages())
	}
	for p := 1; p <= 2; p++ {
		s := noSpace(pageText(t, path, p))
		for _, want := range []string{"第" + strconv.Itoa(p) + "页共2页", "草稿", "某某街道办事处"} {
			if !strings.Contains(s, want) {
				t.Errorf("page %d lacks %q", p, want)
			}
		}
	}

	d = New(Options{Footer: FooterDash})
	d.Paragraph("一")
	d.NewPage()
	d.Paragraph("二")
	path = write(t, d)
	for p := 1; p <= 2; p++ {
		if s := noSpace(pageText(t, path, p)); !strings.Contains(s, "—"+strconv.Itoa(p)+"—") {
			t.Errorf("page %d: %q lacks — %d —", p, s, p)
		}
	}
	// Odd page numbers on the right, even on the left.
	for i, want := range []bool{true, false} {
		var x float64
		for _, o := range d.frames()[i].over {
			x = o.x
		}
		if right := x > d.x0+d.w/2; right != want {
			t.Errorf("page %d number at x %.1f", i+1, x)
		}
	}
}

// A long table runs over pages with its header on each, rows in order and
// none lost; a row taller than a page is split between its lines.
func TestPDFTableAcrossPages(t *testing.T) {
	needPoppler(t)
	d := New(Options{})
	d.Paragraph("住户花名册如下。")
	var rows [][]string
	for i := 1; i <= 90; i++ {
		rows = append(rows, []string{strconv.Itoa(i), "居民" + strconv.Itoa(i) + "号", "朝阳路" + strconv.Itoa(i) + "号院", "行" + strconv.Itoa(i) + "末"})
	}
	d.Table(Table{Columns: []Column{
		{Header: "序号", Width: 15, Align: Center},
		{Header: "姓名"},
		{Header: "住址", Weight: 2},
		{Header: "备注", Align: Right},
	}, Rows: rows})
	path := write(t, d)
	if d.Pages() < 3 {
		t.Fatalf("%d pages", d.Pages())
	}
	next := 1
	for p := 1; p <= d.Pages(); p++ {
		s := noSpace(pageText(t, path, p))
		if !strings.Contains(s, "序号姓名住址备注") {
			t.Errorf("page %d: no header row", p)
		}
		for next <= 90 && strings.Contains(s, "行"+strconv.Itoa(next)+"末") {
			next++
		}
	}
	if next != 91 {
		t.Errorf("rows in order up to %d only", next-1)
	}

	long := strings.Repeat("一行很长的备注文字，", 260)
	d = New(Options{})
	d.Table(Table{Columns: []Column{{Header: "说明"}}, Rows: [][]string{{"开头"}, {long}, {"结尾"}}})
	path = write(t, d)
	if d.Pages() < 2 {
		t.Fatalf("%d pages", d.Pages())
	}
	var all strings.Builder
	for p := 1; p <= d.Pages(); p++ {
		s := noSpace(pageText(t, path, p))
		if !strings.HasPrefix(s, "说明") {
			t.Errorf("page %d does not start with the header: %.20q", p, s)
		}
		all.WriteString(strings.TrimPrefix(s, "说明"))
	}
	if got, want := all.String(), "开头"+long+"结尾"; got != want {
		t.Errorf("split row text differs: %d vs %d characters", len([]rune(got)), len([]rune(want)))
	}
}

// fillTo adds lines until less than room mm are left on the page.
func fillTo(d *Doc, room float64) {
	for d.bot-d.y >= room {
		d.Text("填充行", Style{Align: Left})
	}
}

func TestPDFKeepTogether(t *testing.T) {
	needPoppler(t)
	block := func(b *Doc) {
		for _, s := range []string{"保持甲", "保持乙", "保持丙", "保持丁"} {
			b.Text(s, Style{Align: Left})
		}
	}
	// Without keeping, the four lines break 2 + 2 at the page end…
	d := New(Options{})
	fillTo(d, 15)
	block(d)
	path := write(t, d)
	if s := pageText(t, path, 1); !strings.Contains(s, "保持甲") || strings.Contains(s, "保持丁") {
		t.Fatalf("setup: expected a split block, page 1 = …%q", s[max(0, len(s)-60):])
	}
	// … kept together they all move to page 2.
	d = New(Options{})
	fillTo(d, 15)
	d.KeepTogether(block)
	path = write(t, d)
	p1, p2 := pageText(t, path, 1), pageText(t, path, 2)
	for _, s := range []string{"保持甲", "保持乙", "保持丙", "保持丁"} {
		if strings.Contains(p1, s) || !strings.Contains(p2, s) {
			t.Errorf("%s not kept together on page 2", s)
		}
	}

	// KeepWithPrevious takes the last line before the block along.
	d = New(Options{})
	fillTo(d, 15)
	d.Text("最后一行", Style{Align: Left})
	d.KeepWithPrevious(1, func(b *Doc) {
		b.Columns(block, block)
	})
	path = write(t, d)
	p1, p2 = pageText(t, path, 1), pageText(t, path, 2)
	if strings.Contains(p1, "最后一行") || !strings.Contains(p2, "最后一行") || strings.Count(p2, "保持丁") != 2 {
		t.Errorf("the line before the block did not move with it:\npage 2: %q", p2)
	}
	if len(d.pages[0].rows) == 0 || math.Abs(d.pages[1].rows[0].top-d.top) > eps {
		t.Errorf("moved rows misplaced")
	}
}

// The outline of 𠮷 (from HanaMinB, drawn as a path) has about as much ink
// as 吉 (text in Noto Serif): not a box, not a blob, not hollow, and
// facing the right way (it lands inside the text area).
func TestPDFExtBGlyphInk(t *testing.T) {
	needPoppler(t)
	ink := func(s string) int {
		d := New(Options{})
		d.Text(s, Style{Size: 96, Align: Left})
		path := write(t, d)
		out := filepath.Join(filepath.Dir(path), "p")
		if b, err := exec.Command("pdftoppm", "-png", "-r", "50", "-gray", "-singlefile", path, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
		b, err := os.ReadFile(out + ".png")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		bd := img.Bounds()
		for y := bd.Min.Y; y < bd.Max.Y; y++ {
			for x := bd.Min.X; x < bd.Max.X; x++ {
				if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
					n++
				}
			}
		}
		return n
	}
	ext, han := ink("𠮷"), ink("吉")
	if r := float64(ext) / float64(han); r < 0.6 || r > 1.6 {
		t.Errorf("ink of 𠮷 %d px vs 吉 %d px", ext, han)
	}
}

func TestPDFWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "协议.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := New(Options{})
	d.Paragraph("内容")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("not a PDF: %.10q", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("left behind: %v", es)
	}
	if err := d.WriteFile(filepath.Join(dir, "no", "such", "dir.pdf")); err == nil {
		t.Error("no error for a missing directory")
	}
}

func TestPDFNoBlankPages(t *testing.T) {
	d := New(Options{})
	d.NewPage()
	d.NewPage()
	if d.Pages() != 1 {
		t.Errorf("NewPage on an empty page made %d pages", d.Pages())
	}
	if _, err := d.Bytes(); err != nil {
		t.Fatal(err)
	}
	d.Paragraph("甲")
	d.NewPage()
	d.Space(500)
	d.Paragraph("乙")
	if d.Pages() != 2 {
		t.Errorf("%d pages, want 2", d.Pages())
	}
}

func TestPDFAgreementSample(t *testing.T) {
	needPoppler(t)
	d := agreement(Options{Footer: FooterPageOfTotal, Header: "北京市朝阳区某某街道办事处"})
	path := write(t, d)
	if d.Pages() != 2 {
		t.Errorf("%d pages, want 2", d.Pages())
	}
	if os.Getenv("JIEDAO_PDF_SAMPLE") != "" { // keep a copy to look at
		b, _ := os.ReadFile(path)
		os.WriteFile(os.Getenv("JIEDAO_PDF_SAMPLE"), b, 0o644)
	}
	s := noSpace(pageText(t, path, 0))
	for _, want := range []string{"社区居家养老服务项目委托协议", "人民币叁拾陆万元整", "𠮷祥社会工作服务中心", "王𪚥", "第2页共2页", "（以下无正文）"} {
		if !strings.Contains(s, want) {
			t.Errorf("sample lacks %q", want)
		}
	}
	// The signature block (both columns) is on the last page with the
	// line before it.
	last := noSpace(pageText(t, path, 2))
	if strings.Count(last, "法定代表人或授权代表（签字）") != 2 {
		t.Errorf("signature block split")
	}
}

// Where a viewer puts the glyphs (pdftotext -bbox) agrees with the
// layout: every justified line ends at the right margin, to 0.5 pt.
func TestPDFJustifiedInViewer(t *testing.T) {
	needPoppler(t)
	d := New(Options{})
	d.Paragraph(strings.Repeat("根据《中华人民共和国民法典》及有关规定，甲乙双方经协商一致，订立本协议。Version 2.0 共计36,000.00元，𠮷祥。", 5))
	path := write(t, d)
	out, err := exec.Command("pdftotext", "-bbox", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	right := map[float64]float64{} // line (yMin) → largest xMax
	for _, l := range strings.Split(string(out), "\n") {
		var x1, y1, x2, y2 float64
		if i := strings.Index(l, "<word "); i >= 0 {
			if _, err := fmt.Sscanf(l[i:], `<word xMin="%g" yMin="%g" xMax="%g" yMax="%g">`, &x1, &y1, &x2, &y2); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			y := math.Round(y1)
			right[y] = math.Max(right[y], x2)
		}
	}
	if len(right) < 5 {
		t.Fatalf("%d lines", len(right))
	}
	lastY := 0.0
	for y := range right {
		lastY = math.Max(lastY, y)
	}
	edge := (d.x0 + d.w) * 72 / 25.4
	for y, x := range right {
		if y != lastY && math.Abs(x-edge) > 0.5 {
			t.Errorf("line at y %.0f pt ends at x %.2f pt, want %.2f", y, x, edge)
		}
	}
}

// Documents are built on several goroutines at once (printing runs off
// the UI goroutine); they share only the read-only parsed fonts.
func TestPDFConcurrentDocs(t *testing.T) {
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			d := agreement(Options{Watermark: "草稿"})
			d.Paragraph("𠮷" + strconv.Itoa(i))
			_, err := d.Bytes()
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A table that starts near the foot of a page moves its first row to the
// next page whole rather than splitting it between its lines (a date cell
// left with "日" alone on the next page), in Doc.Table and in the roster's
// streaming writer alike. The room left on page 1 steps through every
// height around the header and the first row.
func TestTableFirstRowNotSplit(t *testing.T) {
	needPoppler(t)
	rows := [][]string{{"第一期", "签订后", "2026年12月\n20日"}, {"第二期", "中期", "2027年6月30日"}}
	cols := []Column{{Header: "期次", Width: 20}, {Header: "条件"}, {Header: "日期", Width: 30}}
	for _, streaming := range []bool{false, true} {
		t.Run(fmt.Sprintf("streaming=%v", streaming), func(t *testing.T) {
			placed, moved := 0, 0
			for room := 6.0; room <= 30; room++ {
				d := New(Options{})
				d.Paragraph("前言。")
				d.Space(d.bot - d.y - room)
				if streaming {
					w := d.newTableWriter(Table{Columns: cols})
					for _, r := range rows {
						w.Row(r...)
					}
				} else {
					d.Table(Table{Columns: cols, Rows: rows})
				}
				path := write(t, d)
				p1 := noSpace(pageText(t, path, 1))
				switch {
				case !strings.Contains(p1, "第一期"):
					moved++
				case strings.Contains(p1, "2026年12月20日"):
					placed++
				default:
					t.Errorf("room %.0f mm: first row split between pages", room)
				}
			}
			if placed == 0 || moved == 0 {
				t.Errorf("placed %d, moved %d: the heights tried miss the case", placed, moved)
			}
		})
	}
}
