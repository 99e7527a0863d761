package pdf

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// The rules a 公文 reader checks, read back from the PDFs with pdftotext
// -bbox: a heading never ends a page, no paragraph ends with a line of one
// character, a party's name is never broken inside a word and its 盖章
// line has a free square for a 42 mm seal, colons in Chinese are full
// width, the household form keeps a 28 mm binding margin and the sign-in
// sheet's names sit in the middle of their cells.

// textLines groups a page's words into lines (by their top), top to
// bottom, each line's words left to right.
func textLines(ws []word) [][]word {
	sort.Slice(ws, func(i, j int) bool {
		if math.Abs(ws[i].y1-ws[j].y1) > 1 {
			return ws[i].y1 < ws[j].y1
		}
		return ws[i].x1 < ws[j].x1
	})
	var lines [][]word
	for _, w := range ws {
		if n := len(lines); n > 0 && math.Abs(lines[n-1][0].y1-w.y1) <= 1 {
			lines[n-1] = append(lines[n-1], w)
			continue
		}
		lines = append(lines, []word{w})
	}
	return lines
}

func lineText(l []word) string {
	var b strings.Builder
	for _, w := range l {
		b.WriteString(w.text)
	}
	return b.String()
}

// pageNumber matches the footers: 第1页共2页, — 1 —.
var pageNumber = regexp.MustCompile(`^(第\d+页共\d+页|[—–-]\d+[—–-])$`)

// bodyLines is textLines without the page number.
func bodyLines(ws []word) [][]word {
	var out [][]word
	for _, l := range textLines(ws) {
		if !pageNumber.MatchString(strings.ReplaceAll(lineText(l), " ", "")) {
			out = append(out, l)
		}
	}
	return out
}

// TestHeadingsKeptWithText: wherever the text before it ends, a heading is
// followed on its page by at least two lines — also when a subheading, a
// table or a kept block follows — in the body's Heading and the minutes'
// 公文 layout alike.
func TestHeadingsKeptWithText(t *testing.T) {
	needPoppler(t)
	dir := t.TempDir()
	const heading = "二、会议议题及讨论情况"
	followers := map[string]func(d *Doc){
		"subheading": func(d *Doc) {
			d.Heading(2, "（一）加装电梯方案")
			d.Paragraph(strings.Repeat("居民代表就加装电梯方案充分发表意见。", 6))
		},
		"table": func(d *Doc) {
			d.Table(Table{Columns: []Column{{Header: "序号", Width: 20}, {Header: "事项"}}, Rows: [][]string{{"1", "方案"}, {"2", "费用"}, {"3", "施工"}}})
		},
		"block": func(d *Doc) {
			d.KeepTogether(func(b *Doc) {
				for i := 0; i < 6; i++ {
					b.Text(fmt.Sprintf("第%d项：居民代表发言。", i+1), Style{Align: Left})
				}
			})
		},
		"minutes": func(d *Doc) {
			d.gwBlocks([]data.OutlineBlock{
				{Kind: data.OutlineHeading, Level: 2, Text: "（一）加装电梯方案"},
				{Kind: data.OutlineParagraph, Text: strings.Repeat("居民代表就加装电梯方案充分发表意见。", 6)},
			})
		},
	}
	checked := 0
	for name, follow := range followers {
		for n := 24; n <= 44; n++ {
			var d *Doc
			if name == "minutes" {
				d = New(gwOptions("测试纪要", ""))
				for i := 0; i < n; i++ {
					d.gwBlocks([]data.OutlineBlock{{Kind: data.OutlineParagraph, Text: fmt.Sprintf("第%d行。", i+1)}})
				}
				d.gwBlocks([]data.OutlineBlock{{Kind: data.OutlineHeading, Level: 1, Text: heading}})
			} else {
				d = New(Options{Footer: FooterPageOfTotal})
				for i := 0; i < n; i++ {
					d.Paragraph(fmt.Sprintf("第%d行。", i+1))
				}
				d.Heading(1, heading)
			}
			follow(d)
			path := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", name, n))
			if err := d.WriteFile(path); err != nil {
				t.Fatal(err)
			}
			for p, ws := range bboxWords(t, path) {
				lines := bodyLines(ws)
				for i, l := range lines {
					if lineText(l) != heading {
						continue
					}
					checked++
					if after := len(lines) - i - 1; after < 2 {
						t.Errorf("%s, %d lines before: the heading is followed by %d lines on page %d", name, n, after, p+1)
					}
				}
			}
		}
	}
	if checked != 4*21 {
		t.Errorf("heading found %d times, want %d", checked, 4*21)
	}
}

// TestNoLoneLastCharacter: paragraphs of every length (so every way a last
// line can fall) end with at least two characters on their last line,
// punctuation not counted.
func TestNoLoneLastCharacter(t *testing.T) {
	needPoppler(t)
	const text = "本协议未尽事宜由双方协商一致后签订补充协议全体居民应当共同遵守"
	d := New(Options{})
	rs := []rune(strings.Repeat(text, 8))
	for k := 30; k <= 140; k++ {
		d.Paragraph(string(rs[:k]) + "。")
		d.Space(8) // paragraphs apart, so the lines group by the gaps
	}
	path := filepath.Join(t.TempDir(), "paragraphs.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	paras, multi := 0, 0
	for _, ws := range bboxWords(t, path) {
		lines := bodyLines(ws)
		start := 0
		for i := range lines {
			if i+1 < len(lines) && lines[i+1][0].y1-lines[i][0].y2 < 8 {
				continue // the next line is of the same paragraph
			}
			paras++
			if i > start {
				multi++
				last := strings.TrimRight(lineText(lines[i]), "。，、；：！？")
				if n := len([]rune(last)); n < 2 {
					t.Errorf("paragraph ending %q…%q: last line of %d character", lineText(lines[i-1]), lineText(lines[i]), n)
				}
			}
			start = i + 1
		}
	}
	if paras < 100 || multi < 100 {
		t.Errorf("%d paragraphs read back (%d of several lines)", paras, multi)
	}
}

// TestSignatureBlocks: each party's name prints whole words on its lines
// (养老服务中心 never as 养老服/务中心), its 盖章 line has a free 42 mm square
// under it within the party's half of the page, and the colons are full
// width, for short, long and very long names.
func TestSignatureBlocks(t *testing.T) {
	needPoppler(t)
	dir := t.TempDir()
	for i, names := range [][2]string{
		{"幸福街道办事处", "阳光社会工作服务中心"},
		{testOffice, "北京市东城区幸福社区居家养老服务中心"},
		{"北京市东城区人民政府幸福街道办事处", "北京市东城区幸福街道幸福社区居民委员会居家养老服务中心"},
	} {
		// Signed: no 草稿 watermark across the page.
		a := &data.Agreement{Kind: data.AgreementCommission, Number: "〔2026〕委字第001号", Title: "测试协议", Amount: 100, Status: data.AgreementSigned}
		p := &agreementPrint{a: a, partyA: data.AgreementParty{Name: names[0]}, partyB: data.AgreementParty{Name: names[1]},
			clauses: []data.Clause{{Heading: "其他", Body: "本协议一式四份。"}}}
		d := layoutAgreement(p)
		path := filepath.Join(dir, fmt.Sprintf("agreement-%d.pdf", i))
		if err := d.WriteFile(path); err != nil {
			t.Fatal(err)
		}
		pages := bboxWords(t, path)
		ws := pages[len(pages)-1]
		seals := 0
		for _, w := range ws {
			if !strings.Contains(w.text, "（盖章）") {
				continue
			}
			seals++
			// The party's lines: this one and those under it in its half
			// until the seal's room.
			half := 297.64 // the middle of the page, pt
			var name strings.Builder
			name.WriteString(strings.SplitN(w.text, "：", 2)[1])
			bottom := w.y2
			for _, l := range textLines(ws) {
				if l[0].y1 > bottom-0.5 && l[0].y1 < bottom+12 {
					for _, o := range l {
						if (o.x1 < half) == (w.x1 < half) {
							name.WriteString(o.text)
							bottom = math.Max(bottom, o.y2)
						}
					}
				}
			}
			whole := names[0]
			if w.x1 >= half {
				whole = names[1]
			}
			if name.String() != whole {
				t.Errorf("%s: the 盖章 line reads %q", whole, name.String())
			}
			for _, part := range []string{"养老服务中心", "街道办事处", "居民委员会"} {
				if strings.Contains(whole, part) && !strings.Contains(lineTexts(ws, w.x1 < half, w.y1, bottom), part) {
					t.Errorf("%s: %s broken across lines", whole, part)
				}
			}
			// The free square: 42 mm from under the name, at the left of
			// the party's column.
			sq := word{x1: w.x1, y1: bottom + 0.5, x2: w.x1 + 42*mmPt, y2: bottom + 0.5 + 42*mmPt}
			for _, o := range ws {
				if o.x1 < sq.x2 && o.x2 > sq.x1 && o.y1 < sq.y2 && o.y2 > sq.y1 {
					t.Errorf("%s: %q inside the seal's square", whole, o.text)
				}
			}
		}
		if seals != 2 {
			t.Errorf("%v: %d 盖章 lines", names, seals)
		}
		checkColons(t, path)
	}
}

// lineTexts is the text of each line of one half of the page between y1
// and y2, one line a row.
func lineTexts(ws []word, left bool, y1, y2 float64) string {
	var rows []string
	for _, l := range textLines(ws) {
		var b strings.Builder
		for _, o := range l {
			if (o.x1 < 297.64) == left && o.y1 >= y1-0.5 && o.y1 <= y2 {
				b.WriteString(o.text)
			}
		}
		if b.Len() > 0 {
			rows = append(rows, b.String())
		}
	}
	return strings.Join(rows, "\n")
}

// asciiColon is a colon after a Chinese character or bracket.
var asciiColon = regexp.MustCompile(`[\p{Han}）]:`)

// checkColons fails when the PDF's text has an ASCII colon in Chinese.
func checkColons(t *testing.T, path string) {
	t.Helper()
	for p, ws := range bboxWords(t, path) {
		for _, w := range ws {
			if asciiColon.MatchString(w.text) {
				t.Errorf("%s page %d: %q has an ASCII colon", filepath.Base(path), p+1, w.text)
			}
		}
	}
}

// TestHouseholdFormMargins: no text of the form comes within 28 mm of the
// left edge, the binding margin of GB/T 9704, and its date line is whole.
func TestHouseholdFormMargins(t *testing.T) {
	needPoppler(t)
	f := &householdForm{office: testOffice, printed: datatest.Epoch(),
		h: data.Household{Number: "2026000001", Community: "幸福社区", Address: "幸福小区1栋1单元101室", Kind: data.HouseholdFamily, ResidenceType: data.ResidenceLocal}}
	for i := 0; i < 6; i++ {
		f.members = append(f.members, data.Resident{Name: fmt.Sprintf("成员%d", i), Relation: "子", IDNumber: testID("110105", "19900101", 10+2*i, false),
			Sex: "男", BirthDate: "1990-01-01", Ethnicity: "汉族", Status: data.StatusPresent, Phone: "13800138000"})
	}
	d := New(formOptions())
	d.formFooters([]formSpan{d.addHouseholdForm(f)})
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	left := math.Inf(1)
	date := false
	for _, ws := range bboxWords(t, path) {
		for _, l := range textLines(ws) {
			left = math.Min(left, l[0].x1)
			for _, w := range l {
				if strings.HasPrefix(w.text, "日期：") && strings.HasSuffix(lineText(l), "日") {
					date = true
				}
			}
		}
	}
	if left < 28*mmPt-0.1 {
		t.Errorf("text %.1f mm from the left edge, want at least 28", left/mmPt)
	}
	if left > 32*mmPt {
		t.Errorf("text starts %.1f mm from the left edge: the margin is wider than asked", left/mmPt)
	}
	if !date {
		t.Error("the date line 日期：…年…月…日 is not on one line")
	}
	checkColons(t, path)
}

// TestSignInNamesCentred: a name sits in the middle of its row, which is
// tall enough for a signature.
func TestSignInNamesCentred(t *testing.T) {
	needPoppler(t)
	m := &data.Meeting{Title: "幸福小区加装电梯协商议事会", Date: "2026-06-25", StartTime: "14:30", Place: "幸福社区居委会",
		Participants: []data.Participant{{Name: "王小明", Category: data.CategoryResidentRep}, {Name: "孙丽", Category: data.CategoryResidentRep, Unit: "3号楼2单元"}}}
	d, err := SignInDoc(t.Context(), m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "signin.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	ws := bboxWords(t, path)[0]
	var names []word
	for _, w := range ws {
		if w.text == "王小明" || w.text == "孙丽" {
			names = append(names, w)
		}
	}
	if len(names) != 2 {
		t.Fatalf("names read back: %+v", names)
	}
	// The rows are as tall as the distance between the names; the rules
	// are in the ops: find the row around each name.
	for _, w := range names {
		mid := (w.y1 + w.y2) / 2 / mmPt
		found := false
		for _, r := range d.pages[0].rows {
			if mid > r.top && mid < r.top+r.h {
				found = true
				if r.h < 10 {
					t.Errorf("%s: row %.1f mm tall, no room to sign", w.text, r.h)
				}
				if c := r.top + r.h/2; math.Abs(mid-c) > 1 {
					t.Errorf("%s: centre at %.1f mm, the row's at %.1f mm", w.text, mid, c)
				}
			}
		}
		if !found {
			t.Errorf("%s: no row around it", w.text)
		}
	}
	checkColons(t, path)
}
