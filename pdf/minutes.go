package pdf

// 会议纪要: the minutes of a deliberation meeting in the 公文 layout of
// GB/T 9704-2012, so that a community office can file them with its
// official documents: A4, top margin 37 mm, left 28 mm, a text block of
// 156 × 225 mm holding 22 lines of 28 characters of 3号 (16 pt) Song;
// the title centred in 2号 in the heading face; headings numbered 一、
// （一） 1. （1）; the 出席 / 请假 / 列席 lines with their label in the
// heading face two characters in and the names hanging after the colon;
// page numbers "— N —" in 4号, odd pages right, even pages left, one
// character in. A draft carries a diagonal 草稿.
//
// What the minutes say is decided once, in data.MinutesOutline, and
// rendered here and by package docx: the PDF and the Word file never
// disagree.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"jiedao/data"
)

// minutesWatermark marks minutes not yet finalized.
const minutesWatermark = "草稿"

// The 公文 frame (GB/T 9704-2012 §5.2): A4, text block 156 × 225 mm from
// 37 mm at the top and 28 mm at the left; 22 lines of 28 characters of 3号.
const (
	gwTop, gwLeft, gwWidth, gwHeight = 37.0, 28.0, 156.0, 225.0
	gwBodySize                       = 16.0 // 3号
	gwTitleSize                      = 22.0 // 2号
	gwLines, gwChars                 = 22, 28
)

// gwLineHeight is the height of one line of the 22-line grid, a hair less
// than 225/22 mm so that 22 lines fit the block whatever the rounding.
const gwLineHeight = gwHeight/gwLines - 1e-6

// gwOptions is the 公文 page with page numbers "— N —" and, when
// watermark is not empty, that watermark.
func gwOptions(title, watermark string) Options {
	return Options{
		Margins:      Margins{Top: gwTop, Left: gwLeft, Right: 210 - gwLeft - gwWidth, Bottom: 297 - gwTop - gwHeight},
		BodySize:     gwBodySize,
		LineSpacing:  gwLineHeight / (gwBodySize * ptMM),
		CharsPerLine: gwChars,
		Footer:       FooterDash,
		Watermark:    watermark,
		Title:        title,
	}
}

// MinutesDoc lays out the minutes of m (as Store.Meeting returns it, with
// its participants, agenda, resolutions and actions). Write the result
// with WriteFile, which records the print in s's audit trail; s may be nil
// (not recorded).
func MinutesDoc(ctx context.Context, s *data.Store, m *data.Meeting) (*Doc, error) {
	if m == nil {
		return nil, errors.New("pdf: minutes: nil meeting")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdf: minutes: %w", err)
	}
	wm := ""
	if !m.Frozen() {
		wm = minutesWatermark
	}
	d := New(gwOptions(data.MinutesTitle(m), wm))
	d.gwBlocks(data.MinutesOutline(m))
	if d.sh.err != nil {
		return nil, d.sh.err
	}
	return d.audited(s, "minutes", "meetings", []int64{m.ID}, map[string]any{"title": m.Title, "version": m.Version}), nil
}

// PrintMinutes writes the minutes of the meeting whose ID is key to path,
// for `jiedao print minutes ID -o FILE.pdf`. A key that is not a number
// or no meeting gives the store's not-found *data.Error
// (errors.Is(err, data.ErrNotFound)).
func PrintMinutes(ctx context.Context, s *data.Store, key, path string) error {
	m, err := s.MeetingByKey(ctx, key)
	if err != nil {
		return err
	}
	d, err := MinutesDoc(ctx, s, m)
	if err != nil {
		return err
	}
	return d.WriteFile(path)
}

// gwBlocks lays an outline out in the 公文 style.
func (d *Doc) gwBlocks(bs []data.OutlineBlock) {
	lh := d.lineHeight(Style{})
	for i, b := range bs {
		switch b.Kind {
		case data.OutlineTitle:
			st := Style{Face: SerifBold, Size: gwTitleSize, Align: Center, LineSpacing: lh / (gwTitleSize * ptMM)}
			rows := d.lines(b.Text, st, d.w)
			// A title that needs two lines breaks between words (GB/T
			// 9704: 回行时词意完整) where a known word ends; failing
			// that it is balanced (lines of like length, no word alone on
			// the last), narrowing the measure as long as it takes no
			// more lines.
			balance := len(rows) > 1
			if len(rows) == 2 {
				fits := func(line string) bool { return len(d.lines(line, st, d.w)) == 1 }
				if a, b, ok := titleBreak(b.Text, fits); ok {
					rows, balance = d.lines(a+"\n"+b, st, d.w), false
				}
			}
			for k := 1; balance && len(rows) > 1; k++ {
				in := float64(k) * gwTitleSize * ptMM / 2
				if 2*in > d.w/2 {
					break
				}
				nst := st
				nst.Indent, nst.RightIndent = in, in
				nr := d.lines(b.Text, nst, d.w)
				if len(nr) > len(rows) {
					break
				}
				rows = nr
			}
			d.need(rowsHeight(rows) + 3*lh)
			d.place(rows, never)
			if i+1 < len(bs) && bs[i+1].Kind == data.OutlineNote {
				continue
			}
			d.Space(lh) // 空一行
		case data.OutlineNote:
			d.Text(b.Text, Style{Align: Center})
			if i+1 < len(bs) && bs[i+1].Kind == data.OutlineNote {
				continue
			}
			d.Space(lh)
		case data.OutlineHeading:
			st := Style{Face: Serif, FirstIndent: 2}
			switch b.Level {
			case 1:
				st.Face = SansBold
			case 2:
				st.Face = Sans
			}
			d.placeHeading(d.lines(b.Text, st, d.w), 0) // never the last line of a page
		case data.OutlineParagraph:
			d.Text(b.Text, Style{FirstIndent: 2})
		case data.OutlineLabelled:
			d.labelled(b.Label, b.Text, Style{FirstIndent: 2})
		case data.OutlineClosing:
			// The closing lines stand right of the middle, their colons
			// aligned, after a blank line; when they would start a page
			// they take the last two lines before them along.
			d.KeepWithPrevious(2, func(c *Doc) {
				c.Space(lh)
				c.Text(b.Text, Style{Align: Left, Indent: c.w * 0.55})
			})
		}
	}
}

func rowsHeight(rows []row) float64 {
	var h float64
	for _, r := range rows {
		h += r.h
	}
	return h
}

// labelled adds "label：text" with the label and its colon in the heading
// face (Sans Bold), st.FirstIndent characters in, and text in the body
// face hanging after the colon: every line of the names starts under the
// first name (GB/T 9704 §10.3). A label too wide for that falls back to
// one face with the lines hanging after the colon.
func (d *Doc) labelled(label, text string, st Style) {
	size := d.size(st)
	em := size * ptMM
	trk := d.track * em
	lab := label + "："
	var labW float64
	for _, c := range d.sh.shape(lab, fSansBold, size) {
		labW += c.w + trk
	}
	indent := st.FirstIndent * (em + trk)
	hang := indent + labW
	if hang > d.w/2 || strings.Contains(text, "\n") {
		st.HangAfter = "："
		d.Text(lab+text, st)
		return
	}
	body := st
	body.FirstIndent, body.Indent = 0, hang
	rows := d.lines(text, body, d.w)
	head := st
	head.Face, head.Align = SansBold, Left
	labRows := d.lines(lab, head, d.w)
	if len(labRows) == 0 {
		return
	}
	if len(rows) == 0 {
		rows = labRows[:1]
	} else {
		// The label sits on the baseline of the names.
		base := labRows[0].ops[0].y
		for _, o := range rows[0].ops {
			if o.kind == opText || o.kind == opGlyph {
				base = o.y
				break
			}
		}
		ops := make([]op, 0, len(labRows[0].ops)+len(rows[0].ops))
		for _, o := range labRows[0].ops {
			o.y = base
			ops = append(ops, o)
		}
		rows[0].ops = append(ops, rows[0].ops...)
	}
	d.Space(st.SpaceBefore)
	n := len(rows)
	d.place(rows, func(i int) bool { return i >= 2 && n-i >= 2 })
	d.Space(st.SpaceAfter)
}

// titleWordEnds are words after which a 公文 title may break: places,
// meetings and matters, the parts its titles are made of.
var titleWordEnds = []string{"街道", "社区", "小区", "议事会", "协商会", "听证会", "联席会议", "会议", "事项", "方案", "工作"}

// titleBreak splits a title into two lines after one of titleWordEnds,
// both lines fitting and neither shorter than four characters, choosing
// the most even split. ok is false when no such break exists.
func titleBreak(title string, fits func(string) bool) (first, second string, ok bool) {
	best := -1
	runes := []rune(title)
	for i := 4; i <= len(runes)-4; i++ {
		head := string(runes[:i])
		ends := false
		for _, w := range titleWordEnds {
			if strings.HasSuffix(head, w) {
				ends = true
				break
			}
		}
		if !ends || !fits(head) || !fits(string(runes[i:])) {
			continue
		}
		if best < 0 || abs(len(runes)-2*i) < abs(len(runes)-2*best) {
			best = i
		}
	}
	if best < 0 {
		return "", "", false
	}
	return string(runes[:best]), string(runes[best:]), true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
