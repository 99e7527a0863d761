package pdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// This file is the text-layout layer: it turns a string into measured
// cells, groups them into units that must not be split, breaks lines by
// the Chinese rules and positions every glyph. gofpdf only ever receives
// finished lines; its own MultiCell/SplitText lose characters at line
// breaks and know no Chinese line-breaking rules.

const ptMM = 25.4 / 72 // one point in millimetres

// cell is one printable character, already resolved to a font.
type cell struct {
	r       rune    // the character as given (for an outline: the original, for a replacement: '□')
	font    fontID  // font whose glyph is drawn
	gid     int     // glyph in that font
	w       float64 // advance, mm
	outline bool    // drawn as a path from font (a character the text font lacks)
	class   charClass
}

type charClass uint8

const (
	clWord  charClass = iota // Latin letters, digits, ASCII punctuation: stay together
	clCJK                    // ideographs, kana, CJK punctuation, symbols: a break may come on either side
	clSpace                  // a breakable space
	clMark                   // combining mark: belongs to the character before it
	clDash                   // —— and ……: a run stays together
)

// Kinsoku (禁则) sets: characters that must not begin a line, and those that
// must not end one. From GB/T 15834 practice and CLREQ.
const (
	noStartChars = "!%),.:;?]}¢°·’”‰′″℃∶、。〃〆〉》」』】〕〗〙〛〞〟﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞！＂％＇），．：；？］｝～｜｠｡｣､･々〻ー゛゜ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
	noEndChars   = "([{£¥‘“〈《「『【〔〖〘〚〝﹙﹛﹝（［｛｟｢＄￡￥"
)

var noStart, noEnd = runeSet(noStartChars), runeSet(noEndChars)

func runeSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}

// ignorable reports characters that print nothing and are dropped: control
// characters, format characters (zero-width spaces and joiners, bidi
// controls, BOM, soft hyphen), variation selectors and noncharacters.
func ignorable(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r < 0xA0:
		return true
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true
	case r >= 0xD800 && r <= 0xDFFF, r > unicodeMax:
		return true
	}
	return false
}

func classOf(r rune) charClass {
	switch {
	case r == ' ':
		return clSpace
	case r == '—' || r == '―' || r == '…' || r == '⋯':
		return clDash
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc):
		return clMark
	case r >= 0x2E80 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE10 && r <= 0xFE1F,
		r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFFEF, r >= 0x20000,
		unicode.In(r, unicode.Han, unicode.Hangul, unicode.So),
		r == '‘' || r == '’' || r == '“' || r == '”', r == '□':
		return clCJK
	}
	return clWord
}

// splitParagraphs normalises line ends and splits text into hard lines.
func splitParagraphs(text string) []string {
	if strings.ContainsAny(text, "\r\u2028\u2029") {
		text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n").Replace(text)
	}
	return strings.Split(text, "\n")
}

// shaper resolves characters to fonts and widths for one document.
type shaper struct {
	missing map[rune]bool // characters no font has, printed as □
	err     error         // first font that failed to load
}

func (s *shaper) font(id fontID) *font {
	f, err := loadFont(id)
	if err != nil && s.err == nil {
		s.err = err
	}
	return f
}

// shape measures one hard line. Characters the face lacks are drawn as
// outlines from the fallback font (planes 2 and 3: HanaMinB); a character
// no font has becomes '□' and is recorded in s.missing. Never panics, never
// drops a printable character.
func (s *shaper) shape(text string, face fontID, size float64) []cell {
	f := s.font(face)
	if f == nil {
		return nil
	}
	scale := size * ptMM / 1000
	rs := []rune(text)
	cells := make([]cell, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '\t' {
			r = ' '
		}
		if ignorable(r) {
			continue
		}
		if j := i + 1; j < len(rs) && isMark(rs[j]) {
			r, i = f.precomposed(rs, i, r)
		}
		if r < 0x10000 {
			if g := int(f.bmp[r]); g != 0 {
				cells = append(cells, cell{r: r, font: face, gid: g, w: float64(f.w1000(g)) * scale, class: classOf(r)})
				continue
			}
		}
		cells = s.fallback(cells, r, f, face, scale)
	}
	return cells
}

// isMark reports whether r is a combining mark.
func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) }

// precomposed returns the character rs[i] (as r) and the combining marks
// after it make when f holds it precomposed (e + U+0301 → é), and the
// index of its last mark; else r and i. Composed only here, so that no
// other character of the text is altered (NFC would rewrite CJK
// compatibility ideographs used in names).
func (f *font) precomposed(rs []rune, i int, r rune) (rune, int) {
	j := i + 1
	for j < len(rs) && isMark(rs[j]) {
		j++
	}
	if c := []rune(norm.NFC.String(string(rs[i:j]))); len(c) == 1 && c[0] < 0x10000 && f.bmp[c[0]] != 0 {
		return c[0], j - 1
	}
	return r, i
}

// fallback appends the cell of r, which face (f) lacks: drawn as an
// outline from the fallback font (planes 2 and 3: HanaMinB), or when no
// font has it '□' (or '?'), recorded in s.missing.
func (s *shaper) fallback(cells []cell, r rune, f *font, face fontID, scale float64) []cell {
	if r >= 0x20000 && r <= 0x3FFFF {
		if ext := s.font(fExt); ext != nil {
			if g := ext.glyph(r); g != 0 {
				return append(cells, cell{r: r, font: fExt, gid: g, w: float64(ext.w1000(g)) * scale, outline: true, class: clCJK})
			}
		}
	}
	if s.missing == nil {
		s.missing = map[rune]bool{}
	}
	s.missing[r] = true
	for _, rep := range []rune{'□', '?'} {
		if g := int(f.bmp[rep]); g != 0 {
			return append(cells, cell{r: rep, font: face, gid: g, w: float64(f.w1000(g)) * scale, class: clCJK})
		}
	}
	return cells
}

// unit is a run of cells that a line break never separates.
type unit struct {
	a, b    int // cells[a:b]
	w       float64
	space   bool
	noStart bool // may not begin a line
	noEnd   bool // may not end a line
	blank   bool // an ideographic space: a character that prints nothing
}

// units groups cells: each CJK character alone, a Latin word or digit run
// (ID numbers, amounts, dates like 2026-11-25) whole, a run of spaces, a
// run of ——/……; combining marks stay with their base. A unit wider than
// maxW is cut into single characters, the only case a word is broken.
func units(cells []cell, maxW float64) []unit {
	var us []unit
	for i := 0; i < len(cells); {
		c := cells[i]
		j := i + 1
		switch c.class {
		case clWord, clSpace, clDash:
			for j < len(cells) && (cells[j].class == c.class && (c.class != clDash || cells[j].r == c.r) || cells[j].class == clMark) {
				j++
			}
		default:
			for j < len(cells) && cells[j].class == clMark {
				j++
			}
		}
		u := unit{a: i, b: j, space: c.class == clSpace}
		for k := i; k < j; k++ {
			u.w += cells[k].w
		}
		if u.w > maxW && j-i > 1 && !u.space {
			for k := i; k < j; k++ {
				us = append(us, unit{a: k, b: k + 1, w: cells[k].w})
			}
		} else {
			us = append(us, u)
		}
		i = j
	}
	for k := range us {
		us[k].noStart = noStart[cells[us[k].a].r]
		us[k].noEnd = noEnd[cells[us[k].b-1].r]
		us[k].blank = cells[us[k].a].r == '\u3000'
	}
	return us
}

// canBreak reports whether a line may end before us[j].
func canBreak(us []unit, j int) bool {
	if us[j].space || us[j-1].space {
		return true
	}
	return !us[j].noStart && !us[j-1].noEnd
}

const eps = 1e-6

// breakLines returns the unit ranges of each line; width(n) is the room on
// line n. Greedy: fill a line, and when the next unit overflows, end the
// line at the last allowed break; a character that may not begin a line
// pulls the one before it down with it. A line holds at least one unit, so
// the loop always advances. Spaces at an automatic break are dropped.
func breakLines(us []unit, width func(line int) float64) [][2]int {
	var lines [][2]int
	for i := 0; i < len(us); {
		if len(lines) > 0 {
			for i < len(us) && us[i].space {
				i++
			}
			if i == len(us) {
				break
			}
		}
		avail := width(len(lines))
		x, j, last := 0.0, i, -1
		for ; j < len(us); j++ {
			if j > i && canBreak(us, j) {
				last = j
			}
			if j > i && !us[j].space && x+us[j].w > avail+eps {
				break
			}
			x += us[j].w
		}
		end := j
		if j < len(us) && last > i {
			end = last
		}
		lines = append(lines, [2]int{i, end})
		i = end
	}
	return noLoneLast(us, lines, width)
}

// noLoneLast keeps a paragraph from ending with a line of one character
// (“遵/守。”: punctuation that may not start a line does not count, nor
// blanks): as Chinese typesetting does, it pulls the last character or two
// of the line before down (with the blanks between), where a break is
// allowed there and the last line still fits. The line before is then
// justified a little looser.
func noLoneLast(us []unit, lines [][2]int, width func(line int) float64) [][2]int {
	n := len(lines)
	if n < 2 || lineChars(us, lines[n-1]) != 1 {
		return lines
	}
	prev, last := lines[n-2], lines[n-1]
	w := 0.0
	for _, u := range us[last[0]:last[1]] {
		w += u.w
	}
	pulled := 0 // characters pulled down, blanks not counted
	for k := prev[1] - 1; k > prev[0] && pulled < 2; k-- {
		w += us[k].w
		if !us[k].space && !us[k].blank {
			pulled++
		}
		if pulled == 0 || us[k].space || !canBreak(us, k) || w > width(n-1)+eps {
			continue
		}
		if lineChars(us, [2]int{prev[0], k}) < 2 {
			break
		}
		lines[n-2][1], lines[n-1][0] = k, k
		break
	}
	return lines
}

// lineChars counts the characters of the units l that are not spaces
// (ideographic ones included: the blanks of a date to fill in) nor
// punctuation that may not start a line.
func lineChars(us []unit, l [2]int) int {
	n := 0
	for _, u := range us[l[0]:l[1]] {
		if !u.space && !u.noStart && !u.blank {
			n += u.b - u.a
		}
	}
	return n
}

// positioned is a cell with its x offset from the left of the text column.
type positioned struct {
	cell
	x float64
}

// placeLine positions the cells of one line. Justified lines (all but the
// last of a paragraph) share the slack equally between their units, so CJK
// text fills the measure exactly and Latin words keep their letters tight.
func placeLine(cells []cell, us []unit, x0, avail float64, align Align, last bool) []positioned {
	for len(us) > 0 && us[len(us)-1].space {
		us = us[:len(us)-1]
	}
	var natural float64
	for _, u := range us {
		natural += u.w
	}
	slack := avail - natural
	gap, off := 0.0, 0.0
	switch {
	case align == Justify && !last && len(us) > 1 && slack > 0:
		gap = slack / float64(len(us)-1)
	case align == Center && slack > 0:
		off = slack / 2
	case align == Right && slack > 0:
		off = slack
	}
	out := make([]positioned, 0, len(cells))
	x := x0 + off
	for k, u := range us {
		if k > 0 {
			x += gap
		}
		for c := u.a; c < u.b; c++ {
			out = append(out, positioned{cells[c], x})
			x += cells[c].w
		}
	}
	return out
}
