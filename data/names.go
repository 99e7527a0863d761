package data

import (
	"strings"
	"unicode"
)

// NormalizeName cleans up a person's name as typed or pasted, so that the
// same person is stored, searched and de-duplicated under one spelling:
//
//   - Invisible characters are removed everywhere: zero-width spaces and
//     joiners, byte order marks, direction marks, soft hyphens (Unicode
//     format characters) and control characters. Variation selectors are
//     kept: they choose the glyph of a rare Han character.
//   - Blanks (ordinary, non-breaking, ideographic…) are trimmed at both ends.
//     Inside, a run of blanks between two Han characters of a name of at most
//     four Han characters is removed ("王 小明" → "王小明"): such names never
//     contain a space, and clerks type one to align columns. In longer names
//     (transliterated minority or foreign names) and next to Latin letters a
//     run of blanks becomes one ASCII space ("John  Smith" → "John Smith").
//   - The separator of minority and foreign names is unified to the middle
//     dot U+00B7 when it stands between two name parts: •, ‧, ．, ・, ･, ⋅, ∙
//     and friends, with any blanks around them ("阿依古丽 • 买买提" →
//     "阿依古丽·买买提"). An ASCII full stop becomes a middle dot only between
//     two Han characters ("阿依古丽.买买提"); in Latin names it is an
//     abbreviation ("J. Smith") and is kept.
//   - Full-width Latin letters and digits become ASCII.
//   - Everything else, including characters outside the Basic Multilingual
//     Plane (𠮷) and private-use characters some police systems use for rare
//     characters, is kept as it is. Invalid UTF-8 becomes U+FFFD.
//
// NormalizeName is idempotent.
func NormalizeName(s string) string {
	if isPlainName(s) {
		return s
	}
	items, han := nameItems(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(items); {
		if items[i].kind == nameWord {
			b.WriteRune(items[i].r)
			i++
			continue
		}
		j := i
		for j < len(items) && items[j].kind != nameWord {
			j++
		}
		writeNameSeparators(&b, items, i, j, han)
		i = j
	}
	return b.String()
}

// nameItem is one rune of a name as NormalizeName sees it.
type nameItem struct {
	r    rune
	kind uint8
}

// Kinds of nameItem.
const (
	nameWord  = iota
	nameBlank // any blank, as ' '
	nameDot   // a middle-dot look-alike
	nameStop  // ASCII '.', a dot only between Han characters
)

// nameItems classifies the runes of s, drops the invisible ones, turns
// full-width letters and digits into ASCII and trims blanks at both ends;
// han counts the Han characters.
func nameItems(s string) (items []nameItem, han int) {
	items = make([]nameItem, 0, len(s))
	for _, r := range s {
		switch {
		case isNameSpace(r):
			items = append(items, nameItem{' ', nameBlank})
		case isInvisible(r):
			continue
		case isMiddleDot(r):
			items = append(items, nameItem{r, nameDot})
		case r == '.':
			items = append(items, nameItem{r, nameStop})
		default:
			r = fullWidthASCII(r)
			if unicode.Is(unicode.Han, r) {
				han++
			}
			items = append(items, nameItem{r, nameWord})
		}
	}
	for len(items) > 0 && items[0].kind == nameBlank {
		items = items[1:]
	}
	for len(items) > 0 && items[len(items)-1].kind == nameBlank {
		items = items[:len(items)-1]
	}
	return items, han
}

// fullWidthASCII turns a full-width digit or Latin letter into ASCII.
func fullWidthASCII(r rune) rune {
	if r >= 0xFF10 && r <= 0xFF5A && (r <= 0xFF19 || r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41) {
		return r - (0xFF10 - '0')
	}
	return r
}

// writeNameSeparators writes the run of separators items[i:j] (blanks,
// dots, full stops) of a name with han Han characters.
func writeNameSeparators(b *strings.Builder, items []nameItem, i, j, han int) {
	run := items[i:j]
	if i == 0 || j == len(items) {
		// At an end there are no two parts to separate: keep the dots
		// as they are (they are content, if odd) and drop the blanks.
		for _, it := range run {
			if it.kind != nameBlank {
				b.WriteRune(it.r)
			}
		}
		return
	}
	hasDot, hasStop := false, false
	for _, it := range run {
		hasDot = hasDot || it.kind == nameDot
		hasStop = hasStop || it.kind == nameStop
	}
	hanBoth := hanAround(items, i, j)
	switch {
	case hasDot, hasStop && hanBoth:
		b.WriteRune('·')
	case hasStop:
		writeStops(b, run)
	case hanBoth && han <= 4:
		// "王 小明": a Han name has no spaces.
	default:
		b.WriteByte(' ')
	}
}

// hanAround reports whether the runs items[i:j] stands between are Han
// characters. The rune before the run is found skipping combining marks: a
// variation selector belongs to the Han character before it.
func hanAround(items []nameItem, i, j int) bool {
	k := i - 1
	for k > 0 && unicode.Is(unicode.Mn, items[k].r) {
		k--
	}
	return unicode.Is(unicode.Han, items[k].r) && unicode.Is(unicode.Han, items[j].r)
}

// writeStops writes the abbreviations' full stops of a Latin name as they
// are, each run of blanks as one space.
func writeStops(b *strings.Builder, run []nameItem) {
	prevBlank := false
	for _, it := range run {
		if it.kind == nameBlank {
			if !prevBlank {
				b.WriteByte(' ')
			}
			prevBlank = true
			continue
		}
		prevBlank = false
		b.WriteRune(it.r)
	}
}

// isPlainName reports whether s needs no change: valid, all Han or ASCII
// letters, no separators. Most names are like this, and a search over a
// whole register normalizes each query and import row.
func isPlainName(s string) bool {
	for _, r := range s {
		if r == 0xFFFD || !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || unicode.Is(unicode.Han, r)) {
			return false
		}
	}
	return true
}

// isNameSpace reports whether r is a blank in a name.
func isNameSpace(r rune) bool {
	return unicode.IsSpace(r) || r == 0x3000
}

// isInvisible reports whether r carries nothing visible in a name: format
// characters (zero-width space U+200B, joiners, word joiner U+2060, BOM
// U+FEFF, direction marks, soft hyphen) and control characters.
func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r)
}

// isMiddleDot reports whether r is one of the characters used for the
// separator of transliterated names.
func isMiddleDot(r rune) bool {
	switch r {
	case 0x00B7, // · middle dot (the standard one)
		0x0387, // · Greek ano teleia
		0x2022, // • bullet
		0x2027, // ‧ hyphenation point
		0x2219, // ∙ bullet operator
		0x22C5, // ⋅ dot operator
		0x2E31, // ⸱ word separator middle dot
		0x30FB, // ・ katakana middle dot
		0xFF0E, // ． full-width full stop
		0xFF65: // ･ half-width katakana middle dot
		return true
	}
	return false
}
