// Package docx writes Jiedao's meeting minutes as a Word file (.docx) for
// offices that edit them further, in Word, WPS or LibreOffice.
//
// The minutes say here exactly what the printed minutes say: both render
// data.MinutesOutline, so the two documents never disagree. The page is
// the 公文 page of the PDF (GB/T 9704-2012: A4, top margin 37 mm, left
// 28 mm, a 156 × 225 mm text block, exact line pitch for 22 lines; 3号
// 仿宋 body, the title in 2号 小标宋, headings 黑体 / 楷体 / 仿宋), so an
// office that edits it keeps its house style; the page number "— N —"
// stands on the right of odd pages and the left of even ones.
//
// The file is written with github.com/gomutex/godocx (MIT). Its Run.Font
// sets only the Latin font, which leaves Chinese in whatever the reader's
// default East Asian font is; every run here therefore names its East
// Asian font in its run properties (w:rFonts w:eastAsia), and the
// document defaults do too. A draft says 草稿 under the title (a Word
// watermark is a header shape the writer cannot make).
package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/gomutex/godocx"
	wml "github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"jiedao/data"
)

// Fonts of the 公文 house style, as Word and WPS name them on Chinese
// Windows; a reader without one substitutes its own.
const (
	fontBody    = "仿宋"
	fontTitle   = "方正小标宋简体"
	fontHei     = "黑体"
	fontKai     = "楷体"
	fontLatin   = "Times New Roman"
	sizeBody    = 16 // 3号, points
	sizeTitle   = 22 // 2号
	sizeFooter  = 14 // 4号
	twipsPerMM  = 1440 / 25.4
	linePitch   = 580 // twips: 225 mm / 22 lines
	charTwips   = sizeBody * 20
	draftMarker = "（草稿）"
)

// closingIndent puts the recorder and host lines right of the middle of
// the text block, as the PDF does.
const closingIndent = 4865 // 0.55 × 156 mm in twips

// ExportMinutes writes the minutes of the meeting whose ID is key to path
// as a .docx, for `jiedao export minutes ID -o FILE.docx`. An unknown key
// gives the store's not-found *data.Error (errors.Is(err,
// data.ErrNotFound)). The file is written atomically and the export
// recorded in the audit trail as it takes its name (both or neither).
func ExportMinutes(ctx context.Context, s *data.Store, key, path string) error {
	m, err := s.MeetingByKey(ctx, key)
	if err != nil {
		return err
	}
	b, err := MinutesBytes(ctx, m)
	if err != nil {
		return err
	}
	err = s.WriteAudited(ctx, path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, data.ActionExport, "meetings", m.ID, func() any {
		return map[string]any{"document": "minutes.docx", "file": filepath.Base(path), "records": 1,
			"ids": []int64{m.ID}, "title": m.Title, "version": m.Version}
	})
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// MinutesBytes returns the minutes of m (as Store.Meeting returns it) as
// a .docx file.
func MinutesBytes(ctx context.Context, m *data.Meeting) ([]byte, error) {
	if m == nil {
		return nil, fmt.Errorf("docx: minutes: nil meeting")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("docx: minutes: %w", err)
	}
	rd, err := godocx.NewDocument()
	if err != nil {
		return nil, fmt.Errorf("docx: minutes: %w", err)
	}
	setPage(rd)
	setDefaults(rd)
	evenID, err := addFooters(rd)
	if err != nil {
		return nil, err
	}
	blocks := data.MinutesOutline(m)
	for i, b := range blocks {
		noteNext := i+1 < len(blocks) && blocks[i+1].Kind == data.OutlineNote
		writeBlock(rd, b, noteNext, m.Frozen())
	}
	var buf bytes.Buffer
	if err := rd.Write(&buf); err != nil {
		return nil, fmt.Errorf("docx: minutes: %w", err)
	}
	return evenFooter(buf.Bytes(), evenID)
}

// writeBlock writes one block of the outline; noteNext says a note
// follows it (the blank line after the title comes after the notes), and
// frozen minutes carry no draft marker.
func writeBlock(rd *wml.RootDoc, b data.OutlineBlock, noteNext, frozen bool) {
	switch b.Kind {
	case data.OutlineTitle:
		p := para(rd, stypes.JustificationCenter, 0)
		addRun(p, b.Text, fontTitle, sizeTitle, false)
		if !frozen {
			addRun(para(rd, stypes.JustificationCenter, 0), draftMarker, fontKai, sizeBody, false)
		}
		if !noteNext {
			para(rd, stypes.JustificationCenter, 0) // 空一行
		}
	case data.OutlineNote:
		addRun(para(rd, stypes.JustificationCenter, 0), b.Text, fontKai, sizeBody, false)
		if !noteNext {
			para(rd, stypes.JustificationCenter, 0)
		}
	case data.OutlineHeading:
		writeHeading(rd, b)
	case data.OutlineParagraph:
		for _, t := range strings.Split(b.Text, "\n") {
			addRun(para(rd, stypes.JustificationBoth, 2), t, fontBody, sizeBody, false)
		}
	case data.OutlineLabelled:
		writeLabelled(rd, b)
	case data.OutlineClosing:
		writeClosing(rd, b)
	}
}

// writeHeading writes a heading in the face of its level (黑体, 楷体,
// then 仿宋), kept with what follows.
func writeHeading(rd *wml.RootDoc, b data.OutlineBlock) {
	p := para(rd, stypes.JustificationBoth, 2)
	p.Property.KeepNext = ctypes.OnOffFromBool(true)
	face := fontBody
	switch b.Level {
	case 1:
		face = fontHei
	case 2:
		face = fontKai
	}
	addRun(p, b.Text, face, sizeBody, false)
}

// writeLabelled writes 出席： in 黑体 two characters in and the names in
// 仿宋, every wrapped line under the first name (a hanging indent the
// width of the label).
func writeLabelled(rd *wml.RootDoc, b data.OutlineBlock) {
	label := b.Label + "："
	n := len([]rune(label))
	p := para(rd, stypes.JustificationBoth, 0)
	left, hang := (2+n)*charTwips, uint64(n*charTwips)
	p.Property.Indent = &ctypes.Indent{Left: &left, Hanging: &hang}
	addRun(p, label, fontHei, sizeBody, false)
	addRun(p, b.Text, fontBody, sizeBody, false)
}

// writeClosing writes a blank line and the closing lines right of the
// middle, all kept together.
func writeClosing(rd *wml.RootDoc, b data.OutlineBlock) {
	para(rd, stypes.JustificationLeft, 0).Property.KeepNext = ctypes.OnOffFromBool(true)
	lines := strings.Split(b.Text, "\n")
	for k, t := range lines {
		p := para(rd, stypes.JustificationLeft, 0)
		left := closingIndent
		p.Property.Indent = &ctypes.Indent{Left: &left}
		if k+1 < len(lines) {
			p.Property.KeepNext = ctypes.OnOffFromBool(true)
		}
		addRun(p, t, fontBody, sizeBody, false)
	}
}

// para adds an empty paragraph with the exact 22-line pitch, the given
// alignment and first-line indent in characters.
func para(rd *wml.RootDoc, jc stypes.Justification, indentChars int) *ctypes.Paragraph {
	ct := rd.AddEmptyParagraph().GetCT()
	line, rule, zero := linePitch, stypes.LineSpacingRuleExact, uint64(0)
	ct.Property = &ctypes.ParagraphProp{
		Justification: ctypes.NewGenSingleStrVal(jc),
		Spacing:       &ctypes.Spacing{Before: &zero, After: &zero, Line: &line, LineRule: &rule},
	}
	if indentChars > 0 {
		first := uint64(indentChars * charTwips)
		ct.Property.Indent = &ctypes.Indent{FirstLine: &first}
	}
	return ct
}

// addRun appends text in the East Asian font face at size points.
func addRun(p *ctypes.Paragraph, text, face string, size uint64, bold bool) {
	rp := &ctypes.RunProperty{
		Fonts:  &ctypes.RunFonts{Ascii: fontLatin, HAnsi: fontLatin, EastAsia: face, CS: fontLatin, Hint: stypes.FontTypeHintEastAsia},
		Size:   ctypes.NewFontSize(size * 2),
		SizeCs: ctypes.NewFontSizeCS(size * 2),
	}
	if bold {
		rp.Bold = ctypes.OnOffFromBool(true)
	}
	p.Children = append(p.Children, ctypes.ParagraphChild{Run: &ctypes.Run{
		Property: rp,
		Children: []ctypes.RunChild{{Text: ctypes.TextFromString(text)}},
	}})
}

// setPage sets the 公文 page: A4, margins 37/26/35/28 mm, 22 lines.
func setPage(rd *wml.RootDoc) {
	mm := func(v float64) int { return int(v*twipsPerMM + 0.5) }
	w, h := uint64(mm(210)), uint64(mm(297))
	top, right, bottom, left := mm(37), mm(210-28-156), mm(297-37-225), mm(28)
	header, footer, gutter := mm(15), mm(18), 0
	sp := rd.Document.Body.SectPr
	if sp == nil {
		sp = ctypes.NewSectionProper()
		rd.Document.Body.SectPr = sp
	}
	sp.PageSize = &ctypes.PageSize{Width: &w, Height: &h}
	sp.PageMargin = &ctypes.PageMargin{Top: &top, Right: &right, Bottom: &bottom, Left: &left, Header: &header, Footer: &footer, Gutter: &gutter}
	pitch := linePitch
	sp.DocGrid = &ctypes.DocGrid{Type: stypes.DocGridLines, LinePitch: &pitch}
}

// setDefaults makes 仿宋 3号 the document's default font, East Asian
// included, so that text typed in Word continues in the house style.
func setDefaults(rd *wml.RootDoc) {
	if rd.DocStyles == nil {
		return
	}
	if rd.DocStyles.DocDefaults == nil {
		rd.DocStyles.DocDefaults = &ctypes.DocDefault{}
	}
	dd := rd.DocStyles.DocDefaults
	if dd.RunProp == nil {
		dd.RunProp = &ctypes.RunPropDefault{}
	}
	if dd.RunProp.RunProp == nil {
		dd.RunProp.RunProp = &ctypes.RunProperty{}
	}
	rp := dd.RunProp.RunProp
	rp.Fonts = &ctypes.RunFonts{Ascii: fontLatin, HAnsi: fontLatin, EastAsia: fontBody, CS: fontLatin}
	rp.Size, rp.SizeCs = ctypes.NewFontSize(sizeBody*2), ctypes.NewFontSizeCS(sizeBody*2)
}

// footerXML is a footer holding "— PAGE —" in 4号 宋体, aligned to side
// ("right" or "left") one character (14 pt) in from the margin: GB/T 9704
// puts odd page numbers on the right and even ones on the left.
func footerXML(side string) string {
	run := func(text string) string {
		return `<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<w:p><w:pPr><w:jc w:val="` + side + `"/><w:ind w:` + side + `="280"/></w:pPr>` +
		run("— ") + `<w:fldSimple w:instr=" PAGE ">` + run("1") + `</w:fldSimple>` + run(" —") +
		`</w:p></w:ftr>`
}

// addFooters adds the two page-number footers: footer1.xml for odd pages
// (the section's default footer) and footer2.xml for even ones, whose
// relationship ID it returns. godocx can give a section one footer
// reference only; evenFooter adds the second after the file is written.
func addFooters(rd *wml.RootDoc) (evenID string, err error) {
	doc := rd.Document
	ids := make([]string, 2)
	for k, side := range []string{"right", "left"} {
		part := fmt.Sprintf("footer%d.xml", k+1)
		rd.FileMap.Store("word/"+part, []byte(footerXML(side)))
		if err := rd.ContentType.AddOverride("/word/"+part, "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"); err != nil {
			return "", fmt.Errorf("docx: footer: %w", err)
		}
		id := fmt.Sprintf("rId%d", doc.IncRelationID())
		for _, r := range doc.DocRels.Relationships {
			if r.ID == id { // the template numbered its relations past RID
				id = fmt.Sprintf("rId%d", 1000+len(doc.DocRels.Relationships))
			}
		}
		doc.DocRels.Relationships = append(doc.DocRels.Relationships, &wml.Relationship{
			ID: id, Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer", Target: part,
		})
		ids[k] = id
	}
	doc.Body.SectPr.FooterReference = &ctypes.FooterReference{Type: stypes.HdrFtrDefault, ID: ids[0]}
	return ids[1], nil
}

var (
	defaultFooterRef = regexp.MustCompile(`<w:footerReference\b[^>]*w:type="default"[^>]*?(/>|>\s*</w:footerReference>)`)
	defaultTabStop   = regexp.MustCompile(`<w:defaultTabStop\b[^>]*/>`)
)

// evenFooter rewrites the written file b so that even pages use the
// footer with relationship evenID: the section gets a second footer
// reference (type "even") after its default one, and the settings switch
// on different odd and even footers (w:evenAndOddHeaders, which the
// settings schema places right after w:defaultTabStop when, as here,
// nothing between them is set).
func evenFooter(b []byte, evenID string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("docx: even footer: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	done := 0
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("docx: even footer: %w", err)
		}
		part, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("docx: even footer: %w", err)
		}
		var edit *regexp.Regexp
		var add string
		switch f.Name {
		case "word/document.xml":
			edit, add = defaultFooterRef, `<w:footerReference w:type="even" r:id="`+evenID+`"/>`
		case "word/settings.xml":
			edit, add = defaultTabStop, `<w:evenAndOddHeaders/>`
		}
		if edit != nil {
			loc := edit.FindIndex(part)
			if loc == nil {
				return nil, fmt.Errorf("docx: even footer: %s has no %s", f.Name, edit)
			}
			part = slices.Concat(part[:loc[1]], []byte(add), part[loc[1]:])
			done++
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, fmt.Errorf("docx: even footer: %w", err)
		}
		if _, err := w.Write(part); err != nil {
			return nil, fmt.Errorf("docx: even footer: %w", err)
		}
	}
	if done != 2 {
		return nil, fmt.Errorf("docx: even footer: the file lacks its document or settings part")
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docx: even footer: %w", err)
	}
	return out.Bytes(), nil
}
