package data

// Pinyin keys of names, for the search box: clerks type 张三 as "zs" or
// "zhangsan" (or any prefix of either) with the input method switched off.
//
// Readings come from github.com/mozillazg/go-pinyin's dictionary, first
// (most common) reading, tones dropped, ü written v as input methods do.
// That reading is wrong for a few surnames that read differently as
// surnames (单 is shàn, not dān; 曾 is zēng, not céng…), so the surname —
// the first one or two characters — goes through an override table first.
// Given names keep the dictionary's first reading: a second reading there
// would need a key per reading and is rarely what the clerk types.
//
// Characters without a reading (most of CJK extension B, e.g. 𠮷, unless the
// table below knows them; letters of other scripts) are kept as they are,
// so the key never pretends a reading; Latin letters are lowercased; the
// middle dot and blanks are left out. The name itself stays untouched in
// its own column and is searched by prefix there, so 𠮷 is always found by
// typing 𠮷.

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// compoundSurnames are two-character surnames: full reading and initials.
var compoundSurnames = map[string][2]string{
	"尉迟": {"yuchi", "yc"}, "万俟": {"moqi", "mq"}, "长孙": {"zhangsun", "zs"}, "澹台": {"tantai", "tt"},
	"单于": {"chanyu", "cy"}, "令狐": {"linghu", "lh"}, "皇甫": {"huangfu", "hf"}, "宇文": {"yuwen", "yw"},
	"欧阳": {"ouyang", "oy"}, "司马": {"sima", "sm"}, "上官": {"shangguan", "sg"}, "诸葛": {"zhuge", "zg"},
}

// surnameReadings are single-character surnames whose surname reading is
// not the dictionary's first reading.
var surnameReadings = map[rune]string{
	'单': "shan", '曾': "zeng", '解': "xie", '仇': "qiu", '区': "ou",
	'查': "zha", '朴': "piao", '覃': "qin", '翟': "zhai", '缪': "miao",
	'盖': "ge", '乐': "yue", '员': "yun", '召': "shao", '繁': "po",
	'种': "chong", '秘': "bi", '折': "she", '尉': "wei", '长': "chang",
	'柏': "bai", '薄': "bo", '车': "che", '华': "hua", '任': "ren",
	'沈': "shen", '石': "shi", '宿': "su", '洗': "xian", '冼': "xian",
	'过': "guo", '句': "gou", '阚': "kan", '隗': "wei", '么': "yao",
}

// rareReadings are characters found in names that the dictionary lacks.
var rareReadings = map[rune]string{
	'𠮷': "ji", // 𠮷 (U+20BB7), the "tsuchi-yoshi" form of 吉
	'㛃': "jie",
	'䶮': "yan",
	'堃': "kun",
	'喆': "zhe",
	'犇': "ben",
	'淼': "miao",
}

// NamePinyin returns the full pinyin ("zhangsan") and the initials ("zs")
// of a name, as stored in the search columns.
func NamePinyin(name string) (full, initials string) {
	var f, in strings.Builder
	rs := []rune(name)
	i := 0
	if len(rs) >= 2 {
		if py, ok := compoundSurnames[string(rs[:2])]; ok && len(rs) > 2 {
			f.WriteString(py[0])
			in.WriteString(py[1])
			i = 2
		}
	}
	if i == 0 && len(rs) > 0 {
		if py, ok := surnameReadings[rs[0]]; ok && len(rs) > 1 {
			f.WriteString(py)
			in.WriteByte(py[0])
			i = 1
		}
	}
	word := false // inside a run of Latin letters or digits
	for ; i < len(rs); i++ {
		r := rs[i]
		if py := reading(r); py != "" {
			f.WriteString(py)
			in.WriteByte(py[0])
			word = false
			continue
		}
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
			f.WriteRune(r)
			if !word {
				in.WriteRune(r)
			}
			word = true
		case r == '·' || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.Is(unicode.Mn, r):
			word = false
		default:
			f.WriteRune(r)
			in.WriteRune(r)
			word = false
		}
	}
	return f.String(), in.String()
}

// reading returns the toneless first reading of a Han character, or "".
func reading(r rune) string {
	if py, ok := rareReadings[r]; ok {
		return py
	}
	v, ok := pinyin.PinyinDict[int(r)]
	if !ok {
		return ""
	}
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i]
	}
	return stripTones(v)
}

var toneless = map[rune]string{
	'ā': "a", 'á': "a", 'ǎ': "a", 'à': "a",
	'ē': "e", 'é': "e", 'ě': "e", 'è': "e", 'ê': "e", 'ế': "e", 'ề': "e",
	'ī': "i", 'í': "i", 'ǐ': "i", 'ì': "i",
	'ō': "o", 'ó': "o", 'ǒ': "o", 'ò': "o",
	'ū': "u", 'ú': "u", 'ǔ': "u", 'ù': "u",
	'ü': "v", 'ǖ': "v", 'ǘ': "v", 'ǚ': "v", 'ǜ': "v",
	'ń': "n", 'ň': "n", 'ǹ': "n", 'ḿ': "m",
}

// stripTones turns a dictionary reading (zhāng, lǜ) into what is typed
// (zhang, lv).
func stripTones(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			if r != 0x304 && r != 0x30C {
				b.WriteRune(r)
			}
			continue
		}
		if t, ok := toneless[r]; ok {
			b.WriteString(t)
		}
		// Combining marks (ê̄ is ê + U+0304) are dropped.
	}
	return b.String()
}
