package pdf

import (
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The subset handed to gofpdf is a valid TrueType font whose characters
// have the original glyphs and advances.
func TestSubsetMatchesFont(t *testing.T) {
	for _, id := range []fontID{fSerif, fSansBold} {
		f, err := loadFont(id)
		if err != nil {
			t.Fatal(err)
		}
		runes := []rune("甲乙双方，。《》（）ABCxyz 0123¥□\u3000龘一二三")
		sub := f.subset(runes)
		sf, err := sfnt.Parse(sub)
		if err != nil {
			t.Fatalf("%s: subset does not parse: %v", f.name, err)
		}
		if n := sf.NumGlyphs(); n > len(runes)+1 {
			t.Errorf("%s: %d glyphs for %d characters", f.name, n, len(runes))
		}
		sp, err := parseFont("subset", sub)
		if err != nil {
			t.Fatal(err)
		}
		var b1, b2 sfnt.Buffer
		for _, r := range runes {
			g1, g2 := f.glyph(r), sp.glyph(r)
			if g2 == 0 || f.w1000(g1) != sp.w1000(g2) {
				t.Errorf("%s %q: glyph %d width %d, subset glyph %d width %d", f.name, r, g1, f.w1000(g1), g2, sp.w1000(g2))
				continue
			}
			s1, _ := f.sf.LoadGlyph(&b1, sfnt.GlyphIndex(g1), fixed.I(f.upem), nil)
			s2, _ := sf.LoadGlyph(&b2, sfnt.GlyphIndex(g2), fixed.I(f.upem), nil)
			if len(s1) != len(s2) || len(s1) > 0 && s1[len(s1)-1] != s2[len(s2)-1] {
				t.Errorf("%s %q: outline differs (%d vs %d segments)", f.name, r, len(s1), len(s2))
			}
		}
		if sp.glyph('丁') != 0 {
			t.Errorf("subset holds a character it was not asked for")
		}
	}
}

// forComponents finds every component index of a composite glyph (the
// shipped Noto faces have none, their outlines came from CFF) and never
// reads past malformed data.
func TestSubsetComposite(t *testing.T) {
	g := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, // -1 contours: composite; bounding box
		0x00, 0x21, 0x00, 0x07, 0, 0, 0, 0, // MORE_COMPONENTS|ARG_1_AND_2_ARE_WORDS, glyph 7, two word args
		0x00, 0x08, 0x00, 0x09, 1, 2, 0x40, 0x00} // WE_HAVE_A_SCALE, glyph 9, two byte args, scale
	var got []int
	forComponents(g, func(p int) { got = append(got, int(g[p])<<8|int(g[p+1])) })
	if len(got) != 2 || got[0] != 7 || got[1] != 9 {
		t.Errorf("components %v, want [7 9]", got)
	}
	for n := range g {
		forComponents(g[:n], func(p int) { _ = g[:n][p+1] })
	}
}
