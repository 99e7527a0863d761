package pdf

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode"
)

// layoutText runs the layout pipeline on one paragraph and returns the
// positioned cells of each line.
func layoutText(t *testing.T, text string, width float64, align Align) [][]positioned {
	t.Helper()
	var sh shaper
	cells := sh.shape(text, fSerif, 12)
	if sh.err != nil {
		t.Fatal(sh.err)
	}
	us := units(cells, width)
	var out [][]positioned
	br := breakLines(us, func(int) float64 { return width })
	for n, l := range br {
		out = append(out, placeLine(cells, us[l[0]:l[1]], 0, width, align, n == len(br)-1))
	}
	return out
}

func lineString(l []positioned) string {
	var b strings.Builder
	for _, p := range l {
		b.WriteRune(p.r)
	}
	return b.String()
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

const kinsokuText = "甲方（委托方）：北京市朝阳区某某街道办事处。乙方应于每月5日前提交上月服务报告，报告须包括：服务人次、服务时长、满意度调查结果等；" +
	"如遇特殊情况（如疫情、自然灾害等），双方应及时协商！是否续约？由甲方根据“考核结果”决定。《中华人民共和国民法典》第四百六十五条规定……" +
	"身份证号110105198805061234的居民王某某，缴纳费用¥12,345.67元，English words such as internationalization stay whole——破折号不分开。"

// No forbidden punctuation at a line start or end, at many widths.
func TestLineBreakKinsoku(t *testing.T) {
	for w := 30.0; w <= 160; w += 3.7 {
		lines := layoutText(t, kinsokuText, w, Justify)
		var all strings.Builder
		for i, l := range lines {
			s := lineString(l)
			all.WriteString(s)
			if len(l) == 0 {
				t.Fatalf("width %.1f: empty line %d", w, i)
			}
			if i > 0 && noStart[l[0].r] {
				t.Errorf("width %.1f: line %d starts with %q: %q", w, i, l[0].r, s)
			}
			if i < len(lines)-1 && noEnd[l[len(l)-1].r] {
				t.Errorf("width %.1f: line %d ends with %q: %q", w, i, l[len(l)-1].r, s)
			}
		}
		joined := make([]string, len(lines))
		for i, l := range lines {
			joined[i] = noSpace(lineString(l))
		}
		// Runs that fit a line are never split between lines.
		for _, keep := range []string{"110105198805061234", "¥12,345.67", "internationalization", "——", "……"} {
			if w >= 60 && !strings.Contains(strings.Join(joined, "|"), keep) {
				t.Errorf("width %.1f: %q broken: %q", w, keep, joined)
			}
		}
		if got, want := noSpace(all.String()), noSpace(kinsokuText); got != want {
			t.Fatalf("width %.1f: text changed:\n got %q\nwant %q", w, got, want)
		}
	}
}

// Justified lines end exactly at the measure; the last line does not.
func TestLineBreakJustified(t *testing.T) {
	const w = 100.0
	text := strings.Repeat("根据《中华人民共和国民法典》及有关规定，甲乙双方经协商一致，订立本协议。Version 2.0 共计36,000.00元。", 5)
	lines := layoutText(t, text, w, Justify)
	if len(lines) < 5 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		last := l[len(l)-1]
		end := last.x + last.w
		if i < len(lines)-1 && math.Abs(end-w) > 0.01 {
			t.Errorf("line %d ends at %.3f mm, want %.1f: %q", i, end, w, lineString(l))
		}
		if i == len(lines)-1 && end > w-1 {
			t.Errorf("last line stretched to %.2f", end)
		}
		if end > w+0.01 {
			t.Errorf("line %d overflows: %.3f", i, end)
		}
		for k := 1; k < len(l); k++ {
			if l[k].x < l[k-1].x+l[k-1].w-1e-6 {
				t.Errorf("line %d: glyphs %d and %d overlap", i, k-1, k)
			}
		}
	}
}

func TestLineBreakAlign(t *testing.T) {
	for _, c := range []struct {
		align Align
		start float64
	}{{Left, 0}, {Center, 50 - 12*ptMM}, {Right, 100 - 24*ptMM}} {
		l := layoutText(t, "甲方", 100, c.align)
		if len(l) != 1 || math.Abs(l[0][0].x-c.start) > 0.01 {
			t.Errorf("align %d: starts at %.2f, want %.2f", c.align, l[0][0].x, c.start)
		}
	}
}

// A word longer than the line is the only thing ever broken.
func TestLineBreakLongWord(t *testing.T) {
	long := strings.Repeat("1234567890", 12)
	lines := layoutText(t, "编号："+long+"。", 60, Justify)
	var all strings.Builder
	for i, l := range lines {
		all.WriteString(lineString(l))
		last := l[len(l)-1]
		if last.x+last.w > 60.01 {
			t.Errorf("line %d overflows: %q", i, lineString(l))
		}
	}
	if all.String() != "编号："+long+"。" {
		t.Errorf("got %q", all.String())
	}
	// A digit run that fits a line moves down whole.
	id := "110105198805061234"
	for _, l := range layoutText(t, strings.Repeat("居", 30)+id, 60, Justify) {
		if s := lineString(l); strings.ContainsAny(s, "0123456789") && !strings.Contains(s, id) {
			t.Errorf("ID number broken: %q", s)
		}
	}
}

func TestShapeFallbackAndMissing(t *testing.T) {
	var sh shaper
	cells := sh.shape("吉𠮷\u200b\x07a\u0301😀", fSerif, 12)
	var got []rune
	for _, c := range cells {
		got = append(got, c.r)
	}
	if string(got) != "吉𠮷á□" {
		t.Fatalf("cells %q", string(got))
	}
	if !cells[1].outline || cells[1].font != fExt || cells[1].gid == 0 {
		t.Errorf("𠮷 not an outline from HanaMinB: %+v", cells[1])
	}
	if len(sh.missing) != 1 || !sh.missing['😀'] {
		t.Errorf("missing = %v", sh.missing)
	}
}

func TestDateCN(t *testing.T) {
	d := DateCN(mustDate(t, "2026-11-25"))
	if d != "2026年11月25日" {
		t.Errorf("DateCN = %q", d)
	}
	if d := DateCN(mustDate(t, "2027-01-05")); d != "2027年1月5日" {
		t.Errorf("DateCN = %q", d)
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
