package pdf

import (
	"encoding/binary"
	"sort"
)

// subset builds a small TrueType font holding only the glyphs of runes (all
// in the BMP and present in f), for gofpdf to embed.
//
// Why: gofpdf parses the whole font it is given when the font is added and
// again when the document is written; for a 10–30 MB CJK font that costs
// 10–30 ms per document, and gofpdf offers no way to share a parsed font
// between documents (its font state is unexported and mutated while
// writing). Handing it a font of a few hundred glyphs instead makes both of
// its passes cheap, while our own parse of the full font (font.go) happens
// once per process.
//
// The result keeps glyph 0 (.notdef), then one glyph per rune in rune order,
// then the components of composite glyphs. Hinting tables are left out:
// the fonts are built without hints and a PDF viewer does not need them.
func (f *font) subset(runes []rune) []byte {
	rs := append([]rune(nil), runes...)
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })

	// Old glyph index for each new one, and the new index of each old one.
	olds := []int{0}
	newOf := map[int]int{0: 0}
	var cmapRunes []rune
	var cmapGlyphs []int
	for i, r := range rs {
		if i > 0 && r == rs[i-1] || r < 0 || r >= 0x10000 || r == 0xFFFF {
			continue
		}
		g := int(f.bmp[r])
		if g == 0 {
			continue
		}
		ng, ok := newOf[g]
		if !ok {
			ng = len(olds)
			newOf[g] = ng
			olds = append(olds, g)
		}
		cmapRunes = append(cmapRunes, r)
		cmapGlyphs = append(cmapGlyphs, ng)
	}
	glyf := f.tables["glyf"]
	// Composite glyphs refer to other glyphs: pull those in too. olds grows
	// while we walk it, so components of components are found as well.
	for i := 0; i < len(olds); i++ {
		s, e := f.glyphRange(olds[i])
		forComponents(glyf[s:e], func(pos int) {
			c := int(binary.BigEndian.Uint16(glyf[s+pos:]))
			if _, ok := newOf[c]; !ok && c < f.numGlyphs {
				newOf[c] = len(olds)
				olds = append(olds, c)
			}
		})
	}

	var glyfOut, locaOut, hmtxOut []byte
	hmtx := f.tables["hmtx"]
	for _, g := range olds {
		locaOut = binary.BigEndian.AppendUint32(locaOut, uint32(len(glyfOut)))
		s, e := f.glyphRange(g)
		start := len(glyfOut)
		glyfOut = append(glyfOut, glyf[s:e]...)
		forComponents(glyfOut[start:], func(pos int) {
			p := glyfOut[start+pos:]
			c := int(binary.BigEndian.Uint16(p))
			binary.BigEndian.PutUint16(p, uint16(newOf[c]))
		})
		for len(glyfOut)%4 != 0 {
			glyfOut = append(glyfOut, 0)
		}
		var lsb uint16
		if g < f.nHMetrics {
			lsb = binary.BigEndian.Uint16(hmtx[4*g+2:])
		} else {
			lsb = binary.BigEndian.Uint16(hmtx[4*f.nHMetrics+2*(g-f.nHMetrics):])
		}
		hmtxOut = binary.BigEndian.AppendUint16(hmtxOut, f.adv[g])
		hmtxOut = binary.BigEndian.AppendUint16(hmtxOut, lsb)
	}
	locaOut = binary.BigEndian.AppendUint32(locaOut, uint32(len(glyfOut)))

	head := append([]byte(nil), f.tables["head"]...)
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, see assembleSFNT
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	hhea := append([]byte(nil), f.tables["hhea"]...)
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(olds)))
	maxp := append([]byte(nil), f.tables["maxp"]...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(olds)))
	post := make([]byte, 32)
	copy(post, f.tables["post"])
	binary.BigEndian.PutUint32(post, 0x00030000) // no glyph names

	tables := map[string][]byte{
		"cmap": cmap4(cmapRunes, cmapGlyphs),
		"glyf": glyfOut,
		"head": head,
		"hhea": hhea,
		"hmtx": hmtxOut,
		"loca": locaOut,
		"maxp": maxp,
		"post": post,
	}
	for _, t := range []string{"OS/2", "name"} {
		if b := f.tables[t]; b != nil {
			tables[t] = b
		}
	}
	return assembleSFNT(tables)
}

// forComponents calls fn with the offset, inside the glyph's data, of each
// component glyph index of a composite glyph; it does nothing for a simple
// glyph. Malformed data ends the walk instead of reading out of range.
func forComponents(g []byte, fn func(pos int)) {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return
	}
	const (
		argWords = 0x0001
		hasScale = 0x0008
		more     = 0x0020
		hasXY    = 0x0040
		has2x2   = 0x0080
	)
	p := 10
	for {
		if p+4 > len(g) {
			return
		}
		flags := binary.BigEndian.Uint16(g[p:])
		fn(p + 2)
		p += 4
		if flags&argWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&hasScale != 0:
			p += 2
		case flags&hasXY != 0:
			p += 4
		case flags&has2x2 != 0:
			p += 8
		}
		if flags&more == 0 {
			return
		}
	}
}

// cmap4 builds a cmap table with one Windows Unicode BMP subtable (format
// 4), the only kind gofpdf reads. runes are sorted; runs of consecutive
// runes with consecutive glyphs share a segment.
func cmap4(runes []rune, glyphs []int) []byte {
	type seg struct{ start, end, delta int }
	var segs []seg
	for i, r := range runes {
		n := len(segs)
		if n > 0 && int(r) == segs[n-1].end+1 && glyphs[i]-int(r) == segs[n-1].delta {
			segs[n-1].end++
			continue
		}
		segs = append(segs, seg{int(r), int(r), glyphs[i] - int(r)})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	sub := make([]byte, 16+8*n)
	be := binary.BigEndian
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*n))
	be.PutUint16(sub[8:], uint16(2*sr))
	be.PutUint16(sub[10:], uint16(es))
	be.PutUint16(sub[12:], uint16(2*n-2*sr))
	for i, s := range segs {
		be.PutUint16(sub[14+2*i:], uint16(s.end))
		be.PutUint16(sub[16+2*n+2*i:], uint16(s.start))
		be.PutUint16(sub[16+4*n+2*i:], uint16(s.delta)) // modulo 65536, as the format wants
		// idRangeOffset stays 0: every segment maps by delta.
	}
	out := make([]byte, 12, 12+len(sub))
	be.PutUint16(out[2:], 1) // one subtable
	be.PutUint16(out[4:], 3) // Windows
	be.PutUint16(out[6:], 1) // Unicode BMP
	be.PutUint32(out[8:], 12)
	return append(out, sub...)
}

// assembleSFNT writes a TrueType file: directory, then the tables in tag
// order, each 4-byte aligned. Checksums are left zero: gofpdf rebuilds the
// font it embeds, computing them itself, and nothing else reads this one.
func assembleSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	be := binary.BigEndian
	be.PutUint32(out[0:], 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*sr))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(16*n-16*sr))
	for i, t := range tags {
		b := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(b)))
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}
