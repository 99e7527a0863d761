package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf16"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

type opKind uint8

const (
	opText  opKind = iota // a run of glyphs of one font
	opGlyph               // one character drawn as an outline, with its text as /ActualText
	opLine                // a stroked line (table rules, signature lines)
)

// op is one drawing operation. Positions are mm from the top-left of the
// page once placed (relative to a row while being laid out).
type op struct {
	kind   opKind
	font   fontID  // opText: the font; opGlyph: the font of the outline
	base   fontID  // opGlyph: the text font, for the invisible placeholder
	size   float64 // pt
	x, y   float64 // text: start of the baseline; line: first end
	x2, y2 float64 // line: second end
	w      float64 // glyph: advance; line: stroke width
	tc     float64 // text: extra space after each glyph, mm (PDF Tc)
	text   string  // text: the glyphs; glyph: the invisible placeholder
	gid    int     // glyph: glyph index in font
	r      rune    // glyph: the character, for /ActualText
	gray   uint8   // 0 black … 255 white
}

// frame is the page furniture of one page, laid out at render time, when
// the number of pages is known.
type frame struct {
	under []op // watermark, drawn rotated before the text
	over  []op // header and footer
}

const watermarkGray = 0xD8

func (d *Doc) frames() []frame {
	n := len(d.pages)
	fr := make([]frame, n)
	// Serif like the body: a document that uses no other face then embeds
	// one font less (each embedded font costs gofpdf about 3 ms).
	small := Style{Size: 9, Align: Center, LineSpacing: 1.2}
	var head []row
	if d.opt.Header != "" {
		head = d.lines(d.opt.Header, small, d.w)
	}
	var mark []row
	wmW := 400.0 // wide enough for one line of large text; centred on the page
	if d.opt.Watermark != "" {
		mark = d.lines(d.opt.Watermark, Style{Face: SansBold, Size: 80, Align: Center, LineSpacing: 1.1}, wmW)
	}
	for i := range fr {
		f := &fr[i]
		if len(head) > 0 {
			var h float64
			for _, r := range head {
				h += r.h
			}
			y := d.top - 3 - h
			for _, r := range head {
				f.over = appendRow(f.over, r, d.x0, y, 0)
				y += r.h
			}
			f.over = append(f.over, op{kind: opLine, x: d.x0, y: d.top - 2.5, x2: d.x0 + d.w, y2: d.top - 2.5, w: 0.15})
		}
		var foot string
		st := Style{Size: 10.5, Align: Center, LineSpacing: 1.2}
		switch d.opt.Footer {
		case FooterPageOfTotal:
			foot = fmt.Sprintf("第 %d 页 共 %d 页", i+1, n)
		case FooterDash:
			// 公文 (GB/T 9704): odd page numbers right, even left, one
			// character in from the edge of the text.
			foot = fmt.Sprintf("— %d —", i+1)
			st.Size = 14
			if i%2 == 0 {
				st.Align, st.RightIndent = Right, 14*ptMM
			} else {
				st.Align, st.Indent = Left, 14*ptMM
			}
		}
		if foot != "" {
			rows := d.lines(foot, st, d.w)
			y := math.Min(d.bot+5, d.ph-d.lineHeight(st)-3)
			for _, r := range rows {
				f.over = appendRow(f.over, r, d.x0, y, 0)
				y += r.h
			}
		}
		if len(mark) > 0 {
			var h float64
			for _, r := range mark {
				h += r.h
			}
			y := (d.ph - h) / 2
			for _, r := range mark {
				f.under = appendRow(f.under, r, (d.pw-wmW)/2, y, watermarkGray)
				y += r.h
			}
		}
	}
	return fr
}

func appendRow(ops []op, r row, x, y float64, gray uint8) []op {
	for _, o := range r.ops {
		o.x += x
		o.y += y
		o.y2 += y
		o.x2 += x
		o.gray = gray
		ops = append(ops, o)
	}
	return ops
}

// render writes the laid-out pages with gofpdf.
func (d *Doc) render() ([]byte, error) { return renderDocs([]*Doc{d}, "") }

// renderDocs writes several laid-out documents into one PDF, one after the
// other, each page with its own document's furniture (header, footer
// counting that document's pages, watermark). Fonts are embedded once,
// subset to what all of them use.
func renderDocs(docs []*Doc, title string) ([]byte, error) {
	if len(docs) == 0 {
		return nil, errors.New("pdf: nothing to print")
	}
	frames, used, err := frameDocs(docs)
	if err != nil {
		return nil, err
	}
	// The first document's orientation is the file's default: a single
	// landscape roster gets no per-page format.
	pdf := gofpdf.New(orientation(docs[0]), "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true) // deterministic object order
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCreator("Jiedao", true)
	if title == "" {
		title = docs[0].opt.Title
	}
	if title != "" {
		pdf.SetTitle(title, true)
	}
	for id := fontID(0); id < numFonts; id++ {
		if len(used[id]) == 0 {
			continue
		}
		f := docs[0].sh.font(id)
		if f == nil {
			return nil, docs[0].sh.err
		}
		rs := make([]rune, 0, len(used[id]))
		for r := range used[id] {
			rs = append(rs, r)
		}
		pdf.AddUTF8FontFromBytes(fontFamilies[id], "", f.subset(rs))
	}
	r := renderer{pdf: pdf, k: 72 / 25.4, gray: -1}
	for k, d := range docs {
		r.pages(d, frames[k])
	}
	if r.err != nil {
		return nil, r.err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// frameDocs lays out each document's page furniture and collects the
// characters each font is used for, which the embedded subsets must hold.
func frameDocs(docs []*Doc) ([][]frame, [numFonts]map[rune]bool, error) {
	frames := make([][]frame, len(docs))
	var used [numFonts]map[rune]bool
	add := func(id fontID, s string) {
		if used[id] == nil {
			used[id] = map[rune]bool{}
		}
		for _, r := range s {
			used[id][r] = true
		}
	}
	scan := func(ops []op) {
		for _, o := range ops {
			switch o.kind {
			case opText:
				add(o.font, o.text)
			case opGlyph:
				add(o.base, o.text)
			}
		}
	}
	for k, d := range docs {
		if d.measuring {
			return nil, used, errors.New("pdf: render of a scratch Doc")
		}
		frames[k] = d.frames()
		if d.sh.err != nil {
			return nil, used, d.sh.err
		}
		for i, p := range d.pages {
			scan(p.ops)
			scan(frames[k][i].under)
			scan(frames[k][i].over)
		}
	}
	return frames, used, nil
}

// pages draws d's pages with their furniture: the watermark under, rotated,
// then the header and footer and the page's own content.
func (r *renderer) pages(d *Doc, frames []frame) {
	pdf := r.pdf
	orient := orientation(d)
	for i, p := range d.pages {
		pdf.AddPageFormat(orient, gofpdf.SizeType{Wd: 210, Ht: 297})
		// A page starts with Tc 0; gofpdf re-emits its own colour state.
		r.tc, r.gray = 0, -1
		if len(frames[i].under) > 0 {
			pdf.TransformBegin()
			pdf.TransformRotate(45, d.pw/2, d.ph/2)
			r.draw(frames[i].under)
			pdf.TransformEnd()
			r.tc, r.gray = math.NaN(), -1 // Q restored an older state: set again
		}
		r.draw(frames[i].over)
		r.draw(p.ops)
	}
}

// orientation is gofpdf's name for d's page orientation.
func orientation(d *Doc) string {
	if d.opt.Landscape {
		return "L"
	}
	return "P"
}

type renderer struct {
	pdf  *gofpdf.Fpdf
	k    float64 // points per mm
	tc   float64 // current character spacing, NaN when unknown
	gray int     // current colour, -1 when unknown
	buf  sfnt.Buffer
	err  error
}

// setGray sets text, fill and stroke colour together (outlines are filled
// in the text colour; equal text and fill colours also keep gofpdf from
// wrapping every Text in q/Q).
func (r *renderer) setGray(g uint8) {
	if int(g) != r.gray {
		r.gray = int(g)
		r.pdf.SetTextColor(int(g), int(g), int(g))
		r.pdf.SetFillColor(int(g), int(g), int(g))
		r.pdf.SetDrawColor(int(g), int(g), int(g))
	}
}

func (r *renderer) setTc(tc float64) {
	if tc != r.tc {
		r.tc = tc
		r.pdf.RawWriteStr(fmt.Sprintf("%.4f Tc", tc*r.k))
	}
}

func (r *renderer) draw(ops []op) {
	pdf := r.pdf
	for _, o := range ops {
		r.setGray(o.gray)
		switch o.kind {
		case opText:
			pdf.SetFont(fontFamilies[o.font], "", o.size)
			r.setTc(o.tc)
			pdf.Text(o.x, o.y, o.text)
		case opLine:
			pdf.SetLineWidth(o.w)
			pdf.Line(o.x, o.y, o.x2, o.y2)
		case opGlyph:
			r.glyph(o)
		}
	}
}

// glyph draws a character the text font lacks: invisible placeholder text
// inside a /Span carrying the character as /ActualText (so pdftotext and
// copy-paste see it; gofpdf cannot encode characters outside the BMP), then
// the outline from the fallback font, filled with the nonzero rule (even-
// odd would punch holes where strokes of an ideograph overlap).
func (r *renderer) glyph(o op) {
	pdf := r.pdf
	f, err := loadFont(o.font)
	if err != nil {
		r.err = err
		return
	}
	var hex strings.Builder
	for _, u := range utf16.Encode([]rune{o.r}) {
		fmt.Fprintf(&hex, "%04X", u)
	}
	pdf.RawWriteStr("/Span <</ActualText <FEFF" + hex.String() + ">>> BDC")
	pdf.SetFont(fontFamilies[o.base], "", o.size)
	r.setTc(0)
	pdf.SetTextRenderingMode(3)
	pdf.Text(o.x, o.y, o.text)
	pdf.SetTextRenderingMode(0)
	pdf.RawWriteStr("EMC")

	segs, err := f.sf.LoadGlyph(&r.buf, sfnt.GlyphIndex(o.gid), fixed.I(f.upem), nil)
	if err != nil || len(segs) == 0 {
		return
	}
	// Font units to mm; sfnt's y axis already points down, like gofpdf's.
	s := o.size * ptMM / float64(f.upem)
	pt := func(p fixed.Point26_6) (float64, float64) {
		return o.x + float64(p.X)/64*s, o.y + float64(p.Y)/64*s
	}
	var cx, cy float64 // current point, for turning quadratics into cubics
	open := false
	for _, sg := range segs {
		switch sg.Op {
		case sfnt.SegmentOpMoveTo:
			if open {
				pdf.ClosePath()
			}
			cx, cy = pt(sg.Args[0])
			pdf.MoveTo(cx, cy)
			open = true
		case sfnt.SegmentOpLineTo:
			cx, cy = pt(sg.Args[0])
			pdf.LineTo(cx, cy)
		case sfnt.SegmentOpQuadTo:
			qx, qy := pt(sg.Args[0])
			x, y := pt(sg.Args[1])
			pdf.CurveBezierCubicTo(cx+2.0/3*(qx-cx), cy+2.0/3*(qy-cy), x+2.0/3*(qx-x), y+2.0/3*(qy-y), x, y)
			cx, cy = x, y
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(sg.Args[0])
			x2, y2 := pt(sg.Args[1])
			cx, cy = pt(sg.Args[2])
			pdf.CurveBezierCubicTo(x1, y1, x2, y2, cx, cy)
		}
	}
	if open {
		pdf.ClosePath()
	}
	pdf.DrawPath("F")
}
