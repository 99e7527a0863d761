package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"golang.org/x/image/font/sfnt"

	"jiedao/assets"
)

// Face chooses the typeface of a piece of text.
type Face int

// The faces a document can use. All four cover the same characters.
const (
	Serif     Face = iota // Noto Serif SC, Song style: body text
	Sans                  // Noto Sans SC, Hei style
	SansBold              // Noto Sans SC Bold: headings
	SerifBold             // Noto Serif SC Bold, a heavy Song as 小标宋 is: document titles
)

// fontID indexes the embedded fonts; the four public faces come first, so a
// Face converts to its fontID directly.
type fontID int

const (
	fSerif fontID = iota
	fSans
	fSansBold
	fSerifBold
	fExt // HanaMinB, Extension B and beyond; only ever drawn as outlines
	numFonts
)

var fontFiles = [numFonts]string{assets.SerifRegular, assets.SansRegular, assets.SansBold, assets.SerifBold, assets.ExtB}

// gofpdf family names of the faces that are embedded as fonts.
var fontFamilies = [numFonts]string{"serif", "sans", "sansbold", "serifbold", "ext"}

// faceFont is the font of face; an unknown face is the body's.
func faceFont(face Face) fontID {
	if face < Serif || face > SerifBold {
		return fSerif
	}
	return fontID(face)
}

// font is one parsed TrueType font. It is built once per process and never
// changed afterwards, so every Doc, on any goroutine, shares it: parsing a
// CJK font costs milliseconds, a document must not pay that each time.
type font struct {
	name      string
	data      []byte
	sf        *sfnt.Font // outlines; its methods are safe for concurrent use with separate Buffers
	upem      int
	ascent    float64 // typographic ascender and descender, in em
	descent   float64
	numGlyphs int
	nHMetrics int
	locaLong  bool
	tables    map[string][]byte
	bmp       []uint16 // glyph index of each BMP code point, 0 when missing
	adv       []uint16 // advance of each glyph, in font units
}

var fontCache [numFonts]struct {
	once sync.Once
	f    *font
	err  error
}

// loadFont returns the parsed font, parsing it on first use.
func loadFont(id fontID) (*font, error) {
	c := &fontCache[id]
	c.once.Do(func() {
		name := fontFiles[id]
		var data []byte
		func() {
			// assets.Font panics on a missing file (a build defect); a
			// document reports it as an error instead.
			defer func() {
				if r := recover(); r != nil {
					c.err = fmt.Errorf("pdf: font %s: %v", name, r)
				}
			}()
			data = assets.Font(name)
		}()
		if c.err != nil {
			return
		}
		c.f, c.err = parseFont(name, data)
	})
	return c.f, c.err
}

var errFont = errors.New("not a usable TrueType font")

// parseFont reads the tables the layout and the subsetter need. Only
// single-face TrueType (glyf) fonts are accepted, which is what gofpdf can
// embed.
func parseFont(name string, data []byte) (*font, error) {
	bad := func(why string) error { return fmt.Errorf("pdf: font %s: %w: %s", name, errFont, why) }
	if len(data) < 12 {
		return nil, bad("too short")
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 {
		return nil, bad("not TrueType outlines")
	}
	f := &font{name: name, data: data, tables: map[string][]byte{}}
	if why := f.readTables(); why != "" {
		return nil, bad(why)
	}
	if why := f.readMetrics(); why != "" {
		return nil, bad(why)
	}
	f.adv = make([]uint16, f.numGlyphs)
	hmtx := f.tables["hmtx"]
	for g := range f.adv {
		if g < f.nHMetrics {
			f.adv[g] = binary.BigEndian.Uint16(hmtx[4*g:])
		} else {
			f.adv[g] = f.adv[f.nHMetrics-1]
		}
	}
	f.bmp = make([]uint16, 0x10000)
	if err := f.readCmap4(); err != nil {
		return nil, bad(err.Error())
	}
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", name, err)
	}
	f.sf = sf
	return f, nil
}

// readTables reads the table directory and checks that the tables the
// layout and the subsetter need are there; it returns what is wrong, or
// "".
func (f *font) readTables() string {
	data := f.data
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		if len(rec) < 16 {
			return "table directory"
		}
		off, ln := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || ln < 0 || off+ln > len(data) {
			return "table out of range"
		}
		f.tables[string(rec[:4])] = data[off : off+ln]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "post"} {
		if f.tables[t] == nil {
			return "missing " + t
		}
	}
	return ""
}

// readMetrics reads the units per em, the glyph count, the loca format,
// the ascent and descent, and checks that hmtx and loca hold every glyph;
// it returns what is wrong, or "".
func (f *font) readMetrics() string {
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return "short head/hhea/maxp"
	}
	f.upem = int(binary.BigEndian.Uint16(head[18:]))
	if f.upem < 16 {
		return "units per em"
	}
	f.locaLong = binary.BigEndian.Uint16(head[50:]) == 1
	f.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	f.nHMetrics = int(binary.BigEndian.Uint16(hhea[34:]))
	if f.nHMetrics < 1 || f.nHMetrics > f.numGlyphs || len(f.tables["hmtx"]) < 4*f.nHMetrics+2*(f.numGlyphs-f.nHMetrics) {
		return "hmtx"
	}
	if len(f.tables["loca"]) < (f.numGlyphs+1)*f.locaEntry() {
		return "loca"
	}
	asc, desc := int16(binary.BigEndian.Uint16(hhea[4:])), int16(binary.BigEndian.Uint16(hhea[6:]))
	if os2 := f.tables["OS/2"]; len(os2) >= 72 {
		asc, desc = int16(binary.BigEndian.Uint16(os2[68:])), int16(binary.BigEndian.Uint16(os2[70:]))
	}
	f.ascent, f.descent = float64(asc)/float64(f.upem), float64(desc)/float64(f.upem)
	return ""
}

func (f *font) locaEntry() int {
	if f.locaLong {
		return 4
	}
	return 2
}

// glyphRange returns where glyph g's outline lies in the glyf table.
func (f *font) glyphRange(g int) (start, end int) {
	loca := f.tables["loca"]
	if f.locaLong {
		start, end = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
	} else {
		start, end = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
	}
	if end < start || end > len(f.tables["glyf"]) {
		return 0, 0
	}
	return start, end
}

// readCmap4 fills f.bmp from the Unicode BMP subtable (format 4). A font
// without one (HanaMinB-Ext has only supplementary characters) keeps an
// empty table; its characters are found through sfnt.
func (f *font) readCmap4() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return errors.New("cmap")
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	for i := 0; i < n; i++ {
		if 4+8*i+8 > len(cmap) {
			return errors.New("cmap directory")
		}
		rec := cmap[4+8*i:]
		pid, eid, off := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:]), int(binary.BigEndian.Uint32(rec[4:]))
		if !(pid == 3 && eid == 1) && pid != 0 {
			continue
		}
		if off+14 > len(cmap) || binary.BigEndian.Uint16(cmap[off:]) != 4 {
			continue
		}
		sub := cmap[off:]
		if ln := int(binary.BigEndian.Uint16(sub[2:])); ln <= len(sub) {
			sub = sub[:ln]
		}
		segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
		if 16+8*segs > len(sub) {
			return errors.New("cmap format 4")
		}
		ends, starts := sub[14:], sub[16+2*segs:]
		deltas, ros := sub[16+4*segs:], sub[16+6*segs:]
		for s := 0; s < segs; s++ {
			end, start := int(binary.BigEndian.Uint16(ends[2*s:])), int(binary.BigEndian.Uint16(starts[2*s:]))
			delta, ro := int(binary.BigEndian.Uint16(deltas[2*s:])), int(binary.BigEndian.Uint16(ros[2*s:]))
			for c := start; c <= end && c < 0xFFFF; c++ {
				var g int
				if ro == 0 {
					g = (c + delta) & 0xFFFF
				} else {
					p := 16 + 6*segs + 2*s + ro + 2*(c-start)
					if p+2 > len(sub) {
						continue
					}
					g = int(binary.BigEndian.Uint16(sub[p:]))
					if g != 0 {
						g = (g + delta) & 0xFFFF
					}
				}
				if g < f.numGlyphs {
					f.bmp[c] = uint16(g)
				}
			}
		}
		return nil
	}
	return nil
}

// glyph returns the glyph index of r, 0 when the font lacks it.
func (f *font) glyph(r rune) int {
	if r >= 0 && r < 0x10000 {
		return int(f.bmp[r])
	}
	if r > unicodeMax {
		return 0
	}
	var b sfnt.Buffer
	g, err := f.sf.GlyphIndex(&b, r)
	if err != nil {
		return 0
	}
	return int(g)
}

const unicodeMax = 0x10FFFF

// w1000 is glyph g's advance in thousandths of an em, rounded exactly as
// gofpdf rounds the widths it writes into the PDF, so that positions
// computed here agree with where a viewer puts the glyphs.
func (f *font) w1000(g int) int {
	if g < 0 || g >= len(f.adv) {
		return 0
	}
	return int(math.Round(1000.0 / float64(f.upem) * float64(f.adv[g])))
}
