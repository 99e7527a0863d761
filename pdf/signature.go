package pdf

import (
	"strings"
)

// The signature and seal blocks of an agreement: one per party, side by
// side, each a 盖章 line with the party's name, free room under it for the
// party's round seal, the signature line and the date.

// sealMM is the room left under each party's 盖章 line: the round seal of
// an organization is 42 mm across (the largest the public-security rules
// give a unit's official seal), plus 2 mm so it clears the text.
const sealMM = 44

// minNameSize is the smallest size a party's name is set in to keep it on
// one line before it is broken at a natural boundary instead: 五号 (10.5
// pt), the smallest size of the agreement's own text.
const minNameSize = 10.5

// nameBoundaries end the natural parts of an organization's name: a name
// breaks only after one of them (or at a space or before a bracket), so
// that "养老服务中心" never prints as "养老服/务中心". Longest first.
var nameBoundaries = []string{
	"街道办事处", "居民委员会", "村民委员会", "办事处", "委员会", "联合会", "促进会", "基金会",
	"服务中心", "服务社", "服务站", "工作站", "研究院", "研究所", "有限公司", "人民政府", "政府",
	"中心", "协会", "学会", "商会", "公司", "社区", "街道", "学校", "医院",
	"省", "市", "区", "县", "镇", "乡",
}

// nameParts splits a name after each natural boundary, at spaces and
// before an opening bracket; the parts joined are the name.
func nameParts(name string) []string {
	var parts []string
	rs := []rune(name)
	start := 0
	cut := func(i int) {
		if i > start {
			parts = append(parts, string(rs[start:i]))
			start = i
		}
	}
	for i := 0; i < len(rs); {
		switch rs[i] {
		case ' ', '\u3000':
			cut(i + 1)
			i++
			continue
		case '（', '(':
			cut(i)
			i++
			continue
		}
		n := 1
		for _, b := range nameBoundaries {
			if strings.HasPrefix(string(rs[i:]), b) {
				n = len([]rune(b))
				cut(i + n)
				break
			}
		}
		if n == 1 && i+1 < len(rs) && (rs[i] == '）' || rs[i] == ')') {
			cut(i + 1)
		}
		i += n
	}
	cut(len(rs))
	return parts
}

// sealLabel is how a party's 盖章 line prints: its lines (the first with
// the label, the rest under the name) and the size they are set in.
type sealLabel struct {
	lines  []string
	size   float64
	indent float64 // of the lines after the first, mm
}

// partySeal lays out label+name in width w in style st: on one line at
// the body size if it fits, else on one line a little smaller (down to
// minNameSize), else broken only at the name's natural boundaries (a part
// too long for a line alone is the one thing broken inside).
func (d *Doc) partySeal(label, name string, st Style, w float64) sealLabel {
	fits := func(text string, size, indent float64) bool {
		s := st
		s.Size, s.Indent, s.HangAfter = size, indent, "" // size 0: the body's
		return len(d.lines(text, s, w)) == 1
	}
	body := d.size(st)
	for size := body; size >= minNameSize-eps; size -= 0.5 {
		if fits(label+name, size, 0) {
			return sealLabel{lines: []string{label + name}, size: size}
		}
	}
	// The name's lines hang under its start; when a part of it does not
	// fit there, the label stands alone and the name takes the width.
	indent := d.textWidth(label, st, body)
	if lines, ok := breakName(label, name, indent, fits); ok && indent <= w/2 {
		return sealLabel{lines: lines, size: body, indent: indent}
	}
	lines, _ := breakName("", name, 0, fits)
	return sealLabel{lines: append([]string{label}, lines...), size: body}
}

// breakName puts the parts of name on lines after first (which may be
// ""), each line indented by indent but the first; ok is false when a part
// alone is too long for its line (it then breaks inside).
func breakName(first, name string, indent float64, fits func(text string, size, indent float64) bool) (lines []string, ok bool) {
	lines, ok = []string{first}, true
	for _, part := range nameParts(name) {
		last := len(lines) - 1
		in := indent
		if last == 0 {
			in = 0
		}
		switch {
		case fits(lines[last]+part, 0, in):
			lines[last] += part
		default:
			lines = append(lines, part)
			ok = ok && fits(part, 0, indent)
		}
	}
	if lines[0] == "" {
		lines = lines[1:]
	}
	return lines, ok
}

// sealHeight is how tall the 盖章 line prints in style st.
func (d *Doc) sealHeight(l sealLabel, st Style) float64 {
	st.Size = l.size
	return float64(len(l.lines)) * d.lineHeight(st)
}

// textWidth is the natural width of text in style st at size.
func (d *Doc) textWidth(text string, st Style, size float64) float64 {
	face := faceFont(st.Face)
	w := 0.0
	for _, c := range d.sh.shape(text, face, size) {
		w += c.w + d.track*size*ptMM
	}
	return w
}

// drawSeal draws a party's 盖章 line as partySeal laid it out. A line set
// smaller keeps the height of a line of st and its baseline, so the two
// parties' blocks stay level.
func (b *Doc) drawSeal(l sealLabel, st Style) {
	s := st
	s.Size, s.HangAfter = l.size, ""
	if body := b.size(st); l.size < body {
		if f := b.sh.font(fSerif); f != nil {
			lh := b.lineHeight(st)
			// The baseline sits (lh + em·(ascent+descent))/2 below the top.
			shift := (body - l.size) * ptMM * (f.ascent + f.descent)
			b.Space(shift)
			s.LineSpacing = (lh - shift) / (l.size * ptMM)
		}
	}
	for i, line := range l.lines {
		if i > 0 {
			s.Indent = l.indent
		}
		b.Text(line, s)
	}
}
