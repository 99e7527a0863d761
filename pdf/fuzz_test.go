package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLayout feeds arbitrary text (controls, combining marks, invalid
// UTF-8 and surrogate encodings, characters outside the BMP, unassigned
// and private-use code points, endless words) through every kind of block
// and the PDF writer: no panic, no error, nothing outside the text area,
// and no printable character lost by the layout.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{
		"",
		"甲方（委托方）：北京市朝阳区某某街道办事处。",
		"𠮷野家𪚥\U0002A6D6\U000323AF\U00031350",
		"😀👨‍👩‍👧\U0001F1E8\U0001F1F3",
		"a\u0301e\u0308\u0301\u20dd\u0489",
		"\x00\x01\x1b[31m\x7f\u0085\u200b\u200d\u2028\u2029\ufeff\ufe0f\U000E0100",
		"\xed\xa0\x80\xed\xbf\xbf\xff\xfe\xc0\xaf",
		"\uFFFD\uFFFE\uFFFF\U0010FFFF\uE000\U000F0000",
		strings.Repeat("。", 200),
		strings.Repeat("（", 200),
		strings.Repeat("8", 500),
		strings.Repeat("W", 300) + "中" + strings.Repeat("—", 100) + strings.Repeat("…", 80),
		"\t\t制表\r\n换行\r回车\n\n\n",
		"出席：" + strings.Repeat("张三、", 60),
		"עברית العربية ไทย 한국어 ελληνικά Русский",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 600 { // long enough for every path; keeps executions fast
			s = s[:600]
		}
		short := s
		if len(short) > 60 {
			short = short[:60]
		}
		// Every kind of block, laid out…
		d := New(Options{Footer: FooterPageOfTotal, Header: short, Watermark: short})
		d.Title(s)
		d.Heading(1, s)
		d.Paragraph(s)
		d.Text(s, Style{Face: SansBold, Size: 30, Align: Right, HangAfter: "：", Indent: 20, FirstIndent: 3})
		d.Text(s, Style{Align: Center, RightIndent: 150, Size: 5})
		d.Table(Table{Columns: []Column{{Header: s, Width: 4}, {Header: "列", Align: Right}}, Rows: [][]string{{s, s}, {s}}})
		d.KeepWithPrevious(2, func(b *Doc) { b.Columns(func(b *Doc) { b.Paragraph(s) }, func(b *Doc) { b.Text(s, Style{}) }) })
		d.frames()
		checkInsideFuzz(t, d)
		// … and the text through gofpdf, kept small: writing is the slow
		// part, and its paths (text runs, outlines, /ActualText, □) are
		// the same for one block as for many.
		w := New(Options{Footer: FooterDash, Header: short, Watermark: short})
		w.Text(s, Style{Face: Sans})
		w.Table(Table{Columns: []Column{{Header: short}}, Rows: [][]string{{s}}})
		if _, err := w.Bytes(); err != nil {
			t.Fatal(err)
		}

		// Every printable character of a line ends up in a cell.
		var sh shaper
		for _, para := range splitParagraphs(s) {
			cells := sh.shape(para, fSerif, 12)
			us := units(cells, 40)
			var n int
			for _, l := range breakLines(us, func(int) float64 { return 40 }) {
				for _, u := range us[l[0]:l[1]] {
					if !u.space {
						n += u.b - u.a
					}
				}
			}
			want := 0
			for _, c := range cells {
				if c.class != clSpace {
					want++
				}
			}
			if n != want {
				t.Fatalf("%q: %d cells in lines, want %d", para, n, want)
			}
			if utf8.ValidString(para) && want > utf8.RuneCountInString(para) {
				t.Fatalf("%q: more cells than characters", para)
			}
		}
	})
}

// checkInsideFuzz is checkInside without the right-edge check for glyphs
// wider than the column (a 30 pt glyph in a 4 mm table column overflows:
// it cannot be made narrower).
func checkInsideFuzz(t *testing.T, d *Doc) {
	t.Helper()
	for pi, p := range d.pages {
		for _, o := range p.ops {
			if o.kind == opLine {
				continue
			}
			if o.x < d.x0-0.05 || o.y < d.top || o.y > d.bot+0.05 {
				t.Fatalf("page %d: %q at (%.2f, %.2f) outside the text area", pi+1, o.text, o.x, o.y)
			}
		}
	}
}
