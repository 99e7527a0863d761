// Package pdf prints Jiedao's documents (agreements, minutes, registry
// forms, sign-in sheets) as PDF with the embedded Chinese fonts.
//
// It is a small layout layer over gofpdf. gofpdf writes the file; this
// package measures every character itself, breaks lines by the Chinese
// rules (no 。，、：）」 at a line start, no （「《 at a line end, Latin words
// and digit runs such as ID numbers and amounts kept whole), justifies CJK
// lines to the measure and pages the result: tables with a repeated header,
// blocks kept together, headers, footers and a watermark.
//
// Every character prints. One the body font lacks but HanaMinB has (CJK
// Extension B and beyond, e.g. 𠮷) is drawn as a vector outline with its
// text attached as /ActualText, so it can be searched and copied; one that
// no embedded font has prints as □ and is listed by Doc.Missing.
//
// A document is built top to bottom:
//
//	d := pdf.New(pdf.Options{Footer: pdf.FooterPageOfTotal})
//	d.Title("社会组织服务委托协议")
//	d.Heading(1, "一、服务内容")
//	d.Paragraph("甲方委托乙方……")
//	d.KeepWithPrevious(2, func(b *pdf.Doc) { b.Columns(partyA, partyB) })
//	err := d.WriteFile(path)
//
// Units: lengths in millimetres, font sizes in points. A Doc is not safe for
// concurrent use; separate Docs are (the parsed fonts they share are
// read-only).
package pdf

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"

	"jiedao/data"
)

// Align is the horizontal alignment of text. The zero value justifies: all
// lines but the last of a paragraph fill the measure.
type Align int

// Alignments.
const (
	Justify Align = iota
	Left
	Center
	Right
)

// Footer chooses the page number printed at the foot of every page.
type Footer int

// Footer styles.
const (
	FooterNone        Footer = iota
	FooterPageOfTotal        // "第 N 页 共 M 页", centred
	FooterDash               // "— N —", odd pages right, even pages left (公文 style)
)

// Margins are page margins in millimetres.
type Margins struct{ Top, Right, Bottom, Left float64 }

// Options describe the page; zero fields take the defaults noted.
type Options struct {
	Landscape   bool    // A4 is the only paper; this turns it
	Margins     Margins // zero: Word's A4 defaults, 25.4 top/bottom, 31.8 left/right
	Header      string  // printed small above the text on every page, with a rule under it
	Footer      Footer  // page numbers; zero: none
	Watermark   string  // e.g. "草稿": large, light grey, diagonal, under the text of every page
	BodySize    float64 // body text size in points; zero: 12 (小四)
	LineSpacing float64 // line height as a multiple of the font size; zero: 1.5
	Title       string  // document title in the PDF metadata
	// CharsPerLine, when set and more characters of the body size than
	// fit the text width, tightens every character's advance in
	// proportion to its size so that this many fill a line: a 公文
	// (GB/T 9704) sets 28 characters of 3号 in 156 mm, which is 2 mm too
	// narrow for 16 pt at its natural width. Zero: natural width.
	CharsPerLine int
}

// Style is the look of a piece of text for Doc.Text. The zero value is body
// text: Serif at the body size, justified, no indent.
type Style struct {
	Face        Face
	Size        float64 // points; zero: Options.BodySize
	Align       Align
	FirstIndent float64 // extra indent of the first line, in characters (em): 2 for a body paragraph
	Indent      float64 // left indent of every line, mm
	RightIndent float64 // mm
	// HangAfter, when found in the text, makes the lines after the first
	// start where the text after it starts: "出席：张三、李四……" with
	// HangAfter "：" lines the names up under each other. Ignored when
	// that would leave less than half the measure.
	HangAfter   string
	LineSpacing float64 // multiple of Size; zero: Options.LineSpacing
	SpaceBefore float64 // mm
	SpaceAfter  float64 // mm
}

// Doc is a document being laid out. Build it with New, add content top to
// bottom, then call Bytes or WriteFile.
type Doc struct {
	opt       Options
	pw, ph    float64 // page size, mm
	x0, w     float64 // text column: left edge and width
	top, bot  float64 // text band on a page; bot is +Inf while measuring
	measuring bool    // a scratch Doc of KeepTogether or Columns: one endless page
	pages     []*page
	y         float64  // next free position on the last page
	sh        *shaper  // shared with scratch Docs, so missing characters and errors add up
	track     float64  // extra advance of every character, in em (≤ 0); see Options.CharsPerLine
	print     *printed // recorded in the audit trail by WriteFile; nil: not audited
	// keep is the index in the current page's rows of the last heading
	// placed on it, or -1: a page break that leaves it with fewer than
	// keepLines rows under it takes it (and them) to the next page.
	keep, keepRows int
}

// keepLines is how many rows of what follows a heading stays with it: a
// heading never ends a page, and never stands above one line alone.
const keepLines = 2

// page holds what is drawn on one page, in drawing order, and the rows
// (lines, table rows, blocks) it was placed as.
type page struct {
	ops  []op
	rows []placed
}

type placed struct {
	start, end int // ops[start:end]
	top, h     float64
}

// row is a unit of vertical placement: a line of text, a table row, a
// part of a block. Its ops are relative to its top.
type row struct {
	h   float64
	ops []op
}

// New starts a document with one empty page.
func New(opt Options) *Doc {
	if opt.BodySize <= 0 {
		opt.BodySize = 12
	}
	if opt.LineSpacing <= 0 {
		opt.LineSpacing = 1.5
	}
	if opt.Margins == (Margins{}) {
		opt.Margins = Margins{Top: 25.4, Right: 31.8, Bottom: 25.4, Left: 31.8}
	}
	d := &Doc{opt: opt, pw: 210, ph: 297, sh: &shaper{}, keep: -1}
	if opt.Landscape {
		d.pw, d.ph = d.ph, d.pw
	}
	m := opt.Margins
	d.x0, d.w = m.Left, math.Max(d.pw-m.Left-m.Right, 10)
	d.top, d.bot = m.Top, math.Max(d.ph-m.Bottom, m.Top+10)
	d.pages = []*page{{}}
	d.y = d.top
	if n := float64(opt.CharsPerLine); n > 1 {
		// n characters and n-1 tracked gaps exactly fill the width (the
		// last character keeps its natural advance); a hair less, so
		// rounding never pushes the last one to the next line.
		em := opt.BodySize * ptMM
		if t := (d.w - n*em) / (n - 1); t < 0 {
			d.track = (t - 1e-4) / em
		}
	}
	return d
}

// scratch returns an endless one-page Doc of width w for measuring a block.
func (d *Doc) scratch(w float64) *Doc {
	return &Doc{opt: d.opt, pw: d.pw, ph: d.ph, w: w, bot: math.Inf(1), measuring: true,
		pages: []*page{{}}, sh: d.sh, track: d.track, keep: -1}
}

// Pages returns the number of pages laid out so far (at least 1).
func (d *Doc) Pages() int { return len(d.pages) }

// Width returns the width of the text column in mm.
func (d *Doc) Width() float64 { return d.w }

// Missing returns, sorted, the characters that no embedded font has and
// that were printed as □ (those of the header, footer and watermark once
// Bytes has run). Callers may warn the user.
func (d *Doc) Missing() []rune {
	rs := make([]rune, 0, len(d.sh.missing))
	for r := range d.sh.missing {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	return rs
}

func (d *Doc) cur() *page { return d.pages[len(d.pages)-1] }

func (d *Doc) empty() bool { return len(d.cur().rows) == 0 }

// NewPage starts a new page, unless the current one is still empty (so
// that a page break never leaves a blank page).
func (d *Doc) NewPage() {
	if d.measuring || d.empty() {
		return
	}
	d.newPage()
}

func (d *Doc) newPage() { d.newPageWith(0, 0) }

// addPage starts the next page.
func (d *Doc) addPage() {
	d.pages = append(d.pages, &page{})
	d.y = d.top
}

// Space adds vertical space in mm. Space that does not fit ends the page
// instead of carrying over to the top of the next; on a page with nothing
// on it yet, it is dropped.
func (d *Doc) Space(mm float64) {
	if mm <= 0 || math.IsNaN(mm) {
		return
	}
	if d.y+mm > d.bot {
		if d.empty() {
			return
		}
		mm = d.bot - d.y
	}
	d.y += mm
}

// put places one row at the cursor on the current page.
func (d *Doc) put(r row) {
	p := d.cur()
	start := len(p.ops)
	for _, o := range r.ops {
		o.x += d.x0
		o.y += d.y
		o.y2 += d.y
		if o.kind == opLine {
			o.x2 += d.x0
		}
		p.ops = append(p.ops, o)
	}
	p.rows = append(p.rows, placed{start, len(p.ops), d.y, r.h})
	d.y += r.h
}

// place puts rows on pages. A page break may come before rows[i] only
// where cut(i) allows; when no allowed break fits, the rows move to a new
// page, and only on an empty page is a break forced (as late as fits).
func (d *Doc) place(rows []row, cut func(i int) bool) {
	for i := 0; i < len(rows); {
		avail := d.bot - d.y
		k, h := i, 0.0
		for k < len(rows) && h+rows[k].h <= avail+eps {
			h += rows[k].h
			k++
		}
		if k == len(rows) {
			for ; i < k; i++ {
				d.put(rows[i])
			}
			return
		}
		c := -1
		for j := k; j > i; j-- {
			if cut(j) {
				c = j
				break
			}
		}
		if c < 0 {
			if !d.empty() || d.y > d.top+eps {
				d.newPage()
				continue
			}
			c = max(k, i+1) // a fresh page and still no allowed break: force one
		}
		for ; i < c; i++ {
			d.put(rows[i])
		}
		d.newPage()
	}
}

func never(int) bool { return false }

// need starts a new page unless h mm fit on the current one.
func (d *Doc) need(h float64) {
	if d.y+h > d.bot+eps && !d.empty() {
		d.newPage()
	}
}

// lineHeight is the height of a line of text in style st.
func (d *Doc) lineHeight(st Style) float64 {
	ls := st.LineSpacing
	if ls <= 0 {
		ls = d.opt.LineSpacing
	}
	return d.size(st) * ptMM * ls
}

func (d *Doc) size(st Style) float64 {
	if st.Size > 0 {
		return st.Size
	}
	return d.opt.BodySize
}

// lines lays text out in the column (width w) and returns one row per
// line. Each "\n" ends a paragraph: its last line is not justified.
func (d *Doc) lines(text string, st Style, w float64) []row {
	size := d.size(st)
	face := faceFont(st.Face)
	lh := d.lineHeight(st)
	em := size * ptMM
	f := d.sh.font(face)
	if f == nil {
		return nil
	}
	trk := d.track * em // ≤ 0
	// Centre the em box of the ideographs in the line; the typographic
	// ascender and descender of the Noto CJK faces span exactly one em.
	base := (lh-(f.ascent-f.descent)*em)/2 + f.ascent*em
	// Indents never push text out of the column: at least one em stays.
	left := math.Min(math.Max(st.Indent, 0), math.Max(w-em, 0))
	measure := math.Max(w-left-math.Max(st.RightIndent, 0), math.Min(em, w-left))
	first := math.Max(math.Min(st.FirstIndent*(em+trk), measure-em), 0)
	var rows []row
	for _, para := range splitParagraphs(text) {
		cells := d.sh.shape(para, face, size)
		if trk != 0 {
			for i := range cells {
				if cells[i].class != clMark && cells[i].w > 0 {
					cells[i].w += trk
				}
			}
		}
		hang := 0.0
		if st.HangAfter != "" {
			if i := hangIndex(cells, []rune(st.HangAfter)); i > 0 {
				hang = first
				for _, c := range cells[:i] {
					hang += c.w
				}
				if hang > measure/2 {
					hang = 0
				}
			}
		}
		// With tracking, a line's last character keeps its natural
		// advance: the room for the tracked advances is less by -trk.
		width := func(n int) float64 {
			if n == 0 {
				return measure - first + trk
			}
			return measure - hang + trk
		}
		us := units(cells, math.Min(width(0), width(1)))
		br := breakLines(us, width)
		if len(br) == 0 {
			rows = append(rows, row{h: lh})
			continue
		}
		for n, l := range br {
			x := left + first
			if n > 0 {
				x = left + hang
			}
			lu := us[l[0]:l[1]]
			pos := placeLine(cells, lu, x, width(n), st.Align, n == len(br)-1)
			rows = append(rows, row{h: lh, ops: textOps(pos, face, size, base, trk, placeholder(f))})
		}
	}
	return rows
}

// hangIndex returns the index of the first cell after the first
// occurrence of sep in cells, or -1.
func hangIndex(cells []cell, sep []rune) int {
	for i := 0; i+len(sep) <= len(cells); i++ {
		ok := true
		for k, r := range sep {
			if cells[i+k].r != r {
				ok = false
				break
			}
		}
		if ok {
			return i + len(sep)
		}
	}
	return -1
}

// textOps turns a positioned line into drawing operations: one text run per
// stretch of glyphs of one font with even spacing (PDF character spacing
// does the justification and the tracking trk, mm), and one outline op
// per fallback glyph.
func textOps(pos []positioned, face fontID, size, base, trk float64, ph string) []op {
	var ops []op
	var run []rune
	var cur *op
	flush := func() {
		if cur != nil {
			cur.tc += trk
			cur.text = string(run)
			ops = append(ops, *cur)
			cur, run = nil, run[:0]
		}
	}
	for i, p := range pos {
		if p.outline {
			flush()
			ops = append(ops, op{kind: opGlyph, font: p.font, base: face, text: ph, gid: p.gid, r: p.r, size: size, x: p.x, y: base, w: p.w})
			continue
		}
		if cur != nil && cur.font == p.font {
			prev := pos[i-1]
			extra := p.x - (prev.x + prev.w)
			if len(run) == 1 {
				cur.tc = extra
			}
			if math.Abs(extra-cur.tc) < 1e-4 {
				run = append(run, p.r)
				continue
			}
		}
		flush()
		cur = &op{kind: opText, font: p.font, size: size, x: p.x, y: base}
		run = append(run, p.r)
	}
	flush()
	return ops
}

// placeholder is the invisible character that carries an outline glyph's
// /ActualText: an ideographic space, one em wide like the glyph.
func placeholder(f *font) string {
	if f.bmp['\u3000'] != 0 {
		return "\u3000"
	}
	return " "
}

// Text adds text in the given style. "\n" starts a new paragraph.
func (d *Doc) Text(text string, st Style) {
	d.Space(st.SpaceBefore)
	rows := d.lines(text, st, d.w)
	// Widows and orphans: a paragraph breaks across pages only with at
	// least two of its lines on each side.
	n := len(rows)
	d.place(rows, func(i int) bool { return i >= 2 && n-i >= 2 })
	d.Space(st.SpaceAfter)
}

// Paragraph adds body text: first line indented two characters, justified.
func (d *Doc) Paragraph(text string) {
	d.Text(text, Style{FirstIndent: 2})
}

// Title adds the document title: centred, Serif Bold (the heavy Song of a
// 公文's 小标宋), 18 pt (小二), with space after it. It stays on a page with
// at least two following lines.
func (d *Doc) Title(text string) {
	st := Style{Face: SerifBold, Size: 18, Align: Center, LineSpacing: 1.4}
	d.heading(text, st, d.lineHeight(Style{}))
}

// Heading adds a heading; numbering (一、 （一） 1.) is part of text. Level
// 1 is Sans Bold a point larger than the body, level 2 Sans Bold, level 3
// and deeper Sans. A heading is never the last thing on a page: it stays
// with at least two rows (lines, table rows) of what follows, whatever
// follows — a paragraph, a table, a block kept together — and a page
// break that would leave it with fewer takes it along.
func (d *Doc) Heading(level int, text string) {
	st := Style{Face: SansBold, Size: d.opt.BodySize + 1, Align: Left}
	switch {
	case level == 2:
		st.Size = d.opt.BodySize
	case level >= 3:
		st.Face, st.Size = Sans, d.opt.BodySize
	}
	d.heading(text, st, d.lineHeight(Style{})*0.2)
}

// heading places a title or heading with after mm below it, and a little
// space above it unless it starts a page.
func (d *Doc) heading(text string, st Style, after float64) {
	if !d.empty() {
		d.Space(d.lineHeight(Style{}) * 0.2)
	}
	d.placeHeading(d.lines(text, st, d.w), after)
	d.Space(after)
}

// placeHeading places the rows of a heading (or a title) that must not end
// a page: they start a new page unless they, after mm and keepLines lines
// of body text fit below; and a later page break that would leave them
// with fewer than keepLines rows under them takes them along (see
// newPageWith).
func (d *Doc) placeHeading(rows []row, after float64) {
	var h float64
	for _, r := range rows {
		h += r.h
	}
	d.need(h + after + keepLines*d.lineHeight(Style{}))
	d.place(rows, never)
	if !d.measuring && len(rows) > 0 {
		d.keep, d.keepRows = len(d.cur().rows)-len(rows), len(rows)
	}
}

// KeepTogether adds the block fn draws on b and keeps it on one page: if
// it does not fit below, it starts a new page. fn draws on a scratch Doc
// and must not touch d. A block taller than a page breaks where it must.
func (d *Doc) KeepTogether(fn func(b *Doc)) { d.KeepWithPrevious(0, fn) }

// KeepWithPrevious is KeepTogether that, when the block moves to a new
// page, takes the last n lines (or table rows) before it along, so a
// signature block never stands alone at the top of a page.
func (d *Doc) KeepWithPrevious(n int, fn func(b *Doc)) {
	s := d.scratch(d.w)
	if fn != nil {
		fn(s)
	}
	rows := s.rows()
	var h float64
	for _, r := range rows {
		h += r.h
	}
	if d.y+h > d.bot+eps && !d.empty() && !d.measuring {
		d.newPageWith(n, h)
	}
	d.place(rows, never)
}

// newPageWith starts a new page, moving the last n rows of the current
// page to it when they and h more mm fit there and something stays behind.
// A heading with fewer than keepLines rows under it goes too (with them):
// it is not at the top of this page, so something stays behind, and on
// the next it is at the top, so it moves once.
func (d *Doc) newPageWith(n int, h float64) {
	p := d.cur()
	if d.keep > 0 && len(p.rows)-d.keep-d.keepRows < keepLines {
		n = max(n, len(p.rows)-d.keep)
	}
	d.keep = -1
	m := len(p.rows) - n
	if n <= 0 || m < 1 || d.y-p.rows[m].top+h > d.bot-d.top+eps {
		d.addPage()
		return
	}
	first := p.rows[m]
	moved := p.rows[m:]
	ops := append([]op(nil), p.ops[first.start:]...)
	p.ops, p.rows = p.ops[:first.start], p.rows[:m]
	oldY := d.y
	d.addPage()
	q := d.cur()
	dy := d.top - first.top
	for i := range ops {
		ops[i].y += dy
		ops[i].y2 += dy
	}
	q.ops = ops
	for _, r := range moved {
		q.rows = append(q.rows, placed{r.start - first.start, r.end - first.start, r.top + dy, r.h})
	}
	d.y = oldY + dy
}

// rows returns what a scratch Doc drew as rows relative to their tops;
// the space between rows goes into the row above it.
func (d *Doc) rows() []row {
	p := d.pages[0]
	var out []row
	if len(p.rows) > 0 && p.rows[0].top > eps {
		out = append(out, row{h: p.rows[0].top})
	}
	for i, r := range p.rows {
		next := d.y
		if i+1 < len(p.rows) {
			next = p.rows[i+1].top
		}
		ops := append([]op(nil), p.ops[r.start:r.end]...)
		for k := range ops {
			ops[k].y -= r.top
			ops[k].y2 -= r.top
		}
		out = append(out, row{h: next - r.top, ops: ops})
	}
	if len(p.rows) == 0 && d.y > eps {
		out = append(out, row{h: d.y})
	}
	return out
}

// Bytes lays out the page furniture (header, footer, watermark) and
// returns the PDF.
func (d *Doc) Bytes() ([]byte, error) {
	if d.measuring {
		return nil, fmt.Errorf("pdf: Bytes on a scratch Doc")
	}
	return d.render()
}

// WriteFile writes the PDF to path atomically: into a temporary file in
// the same directory, then renamed over path, so a reader never sees half
// a file and a failure leaves the old file intact. A document of the
// store's records (HouseholdForms, AgreementDoc, MinutesDoc with a store,
// the Print functions) is recorded in its audit trail as it takes its
// name: both happen or neither.
func (d *Doc) WriteFile(path string) error {
	b, err := d.Bytes()
	if err != nil {
		return err
	}
	if d.print != nil {
		return d.print.write(context.Background(), path, b, d.Pages())
	}
	return writeAtomic(path, b)
}

// writeAtomic writes b to path through data.WriteFileAtomic.
func writeAtomic(path string, b []byte) error {
	err := data.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, nil)
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}
