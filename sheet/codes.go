package sheet

import (
	"slices"
	"strings"

	"jiedao/data"
)

// Coded fields hold the standard's term (data.Relations and friends).
// Rosters say the same thing many ways — 妻子 for 配偶, 本科 for 大学本科,
// 党员 for 中共党员 — and a clerk should not have to retype 300,000 cells,
// so the importer maps the common variants onto the terms. A value that is
// neither a term nor a known variant is left as it is, and validation
// reports it with the list of choices.

var (
	sexSynonyms = map[string]string{
		"男性": data.SexMale, "女性": data.SexFemale, "M": data.SexMale, "F": data.SexFemale,
	}
	relationSynonyms = map[string]string{
		"本人": data.RelationHead, "户主本人": data.RelationHead,
		"妻": "配偶", "妻子": "配偶", "夫": "配偶", "丈夫": "配偶", "爱人": "配偶", "老伴": "配偶",
		"儿子": "子", "长子": "子", "次子": "子", "三子": "子", "独子": "子", "养子": "子", "继子": "子",
		"女儿": "女", "长女": "女", "次女": "女", "三女": "女", "独女": "女", "养女": "女", "继女": "女",
		"儿媳妇": "儿媳", "媳妇": "儿媳",
		"孙": "孙子", "外孙": "外孙子",
		"父亲": "父母", "母亲": "父母", "父": "父母", "母": "父母", "继父": "父母", "继母": "父母",
		"公公": "公婆", "婆婆": "公婆", "岳父": "岳父母", "岳母": "岳父母",
		"祖父": "祖父母", "祖母": "祖父母", "爷爷": "祖父母", "奶奶": "祖父母",
		"外祖父": "外祖父母", "外祖母": "外祖父母", "外公": "外祖父母", "外婆": "外祖父母",
		"兄": "兄弟姐妹", "弟": "兄弟姐妹", "姐": "兄弟姐妹", "妹": "兄弟姐妹",
		"哥哥": "兄弟姐妹", "弟弟": "兄弟姐妹", "姐姐": "兄弟姐妹", "妹妹": "兄弟姐妹", "兄弟": "兄弟姐妹", "姐妹": "兄弟姐妹",
		"其它": data.RelationOther, "亲属": data.RelationOther, "其他亲属": data.RelationOther, "非亲属": data.RelationOther,
	}
	educationSynonyms = map[string]string{
		"博士": "研究生", "硕士": "研究生", "博士研究生": "研究生", "硕士研究生": "研究生", "研究生及以上": "研究生",
		"本科": "大学本科", "大学": "大学本科", "大本": "大学本科",
		"大专": "大学专科", "专科": "大学专科", "高职": "大学专科",
		"中专": "中等职业教育", "职高": "中等职业教育", "技校": "中等职业教育", "中技": "中等职业教育", "中职": "中等职业教育",
		"高中":    "普通高中",
		"初中及以下": "初中",
		"学前":    "学龄前", "幼儿园": "学龄前", "学龄前儿童": "学龄前",
		"文盲": "未上过学", "文盲或半文盲": "未上过学", "无": "未上过学", "不识字": "未上过学",
	}
	politicalSynonyms = map[string]string{
		"党员": "中共党员", "共产党员": "中共党员", "中国共产党党员": "中共党员",
		"预备党员": "中共预备党员",
		"团员":   "共青团员", "共青团": "共青团员",
		"无党派": "无党派人士", "民主党派": "群众",
	}
	maritalSynonyms = map[string]string{
		"初婚": "已婚", "再婚": "已婚", "复婚": "已婚", "有配偶": "已婚",
		"离异": "离婚",
	}
	statusSynonyms = map[string]string{
		"在册": data.StatusPresent, "常住": data.StatusPresent, "正常": data.StatusPresent, "居住": data.StatusPresent,
		"外出务工": data.StatusAway, "离开": data.StatusAway,
		"已迁出": data.StatusMovedOut, "迁走": data.StatusMovedOut, "注销": data.StatusMovedOut,
		"已故": data.StatusDeceased, "去世": data.StatusDeceased, "已死亡": data.StatusDeceased, "死亡注销": data.StatusDeceased,
	}
	kindSynonyms = map[string]string{
		"家庭": data.HouseholdFamily, "家庭户口": data.HouseholdFamily,
		"集体": data.HouseholdCollective, "集体户口": data.HouseholdCollective,
	}
	residenceSynonyms = map[string]string{
		"人户一致": data.ResidenceLocal, "户籍人口": data.ResidenceLocal, "户籍": data.ResidenceLocal, "本地户籍": data.ResidenceLocal,
		"人户分离": data.ResidenceAway, "户在人不在(人户分离)": data.ResidenceAway,
		"外来人口": data.ResidenceSettled, "常住人口": data.ResidenceSettled,
		"流动": data.ResidenceFloating,
	}
	housingSynonyms = map[string]string{
		"自有住房": "自有", "自购": "自有", "自购房": "自有", "商品房": "自有", "自建房": "自有", "产权房": "自有",
		"租房": "租赁", "出租": "租赁", "租住": "租赁", "租赁房": "租赁", "承租": "租赁",
		"廉租房": "公租房", "公房": "公租房",
		"宿舍": "单位宿舍", "集体宿舍": "单位宿舍",
		"其它": "其他",
	}
	tagSynonyms = map[string]string{
		"独居": data.TagAloneElderly, "空巢": data.TagEmptyNest, "高龄": data.TagVeryOld,
		"低保户": data.TagSubsistence, "城市低保": data.TagSubsistence, "低保对象": data.TagSubsistence,
		"特困人员": data.TagDestitute, "五保": data.TagDestitute, "五保户": data.TagDestitute, "特困供养": data.TagDestitute,
		"残疾": data.TagDisabled, "残疾人员": data.TagDisabled, "残障": data.TagDisabled,
		"退伍军人": data.TagVeteran, "复员军人": data.TagVeteran, "转业军人": data.TagVeteran, "军人": data.TagVeteran,
		"留守":   data.TagLeftBehind,
		"重点人员": data.TagSpecialNotice, "重点": data.TagSpecialNotice,
	}
	gradeSynonyms = map[string]string{
		"1": "一级", "2": "二级", "3": "三级", "4": "四级",
		"1级": "一级", "2级": "二级", "3级": "三级", "4级": "四级",
		"I级": "一级", "II级": "二级", "III级": "三级", "IV级": "四级",
		"一": "一级", "二": "二级", "三": "三级", "四": "四级",
	}
)

// canon maps a cell of a coded field onto its term: the term itself, a
// known variant, or — for lists whose terms share a suffix the clerk left
// off (汉 → 汉族, 肢体 → 肢体残疾) — the term with that suffix.
func canon(v string, terms []string, synonyms map[string]string, suffix string) string {
	if v == "" || slices.Contains(terms, v) {
		return v
	}
	if t, ok := synonyms[v]; ok {
		return t
	}
	if t, ok := synonyms[strings.ToUpper(v)]; ok {
		return t
	}
	if suffix != "" && slices.Contains(terms, v+suffix) {
		return v + suffix
	}
	return v
}

// tagSeparators split a cell listing several care tags.
func isTagSeparator(r rune) bool {
	switch r {
	case '、', ',', '，', ';', '；', '/', '|', ' ':
		return true
	}
	return false
}

// parseTags reads a 人员类别 cell ("低保、残疾人（肢体二级）、独居老人") and the
// disability columns into tags. A disability's category and grade may be
// in parentheses after the tag or in their own columns. 高龄老人 is dropped
// (it is computed from the birth date).
func parseTags(cellText, category, grade string) []data.ResidentTag {
	if cellText == "" {
		if category == "" && grade == "" {
			return nil
		}
		cellText = data.TagDisabled // disability columns filled in alone
	}
	// Split outside parentheses.
	var parts []string
	depth, start := 0, 0
	rs := []rune(cellText)
	for i, r := range rs {
		switch {
		case r == '(' || r == '（':
			depth++
		case r == ')' || r == '）':
			if depth > 0 {
				depth--
			}
		case depth == 0 && isTagSeparator(r):
			parts = append(parts, string(rs[start:i]))
			start = i + 1
		}
	}
	parts = append(parts, string(rs[start:]))

	var tags []data.ResidentTag
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		detail := ""
		if i := strings.IndexAny(p, "(（"); i > 0 {
			detail = strings.TrimRight(p[i:], ")）")
			detail = strings.TrimLeft(detail, "(（")
			p = strings.TrimSpace(p[:i])
		}
		tag := canon(p, data.CareTags, tagSynonyms, "")
		if tag == data.TagVeryOld {
			continue
		}
		t := data.ResidentTag{Tag: tag}
		if tag == data.TagDisabled {
			t.Category, t.Grade = splitDisability(detail)
			if category != "" {
				t.Category = canon(category, data.DisabilityCategories, nil, "残疾")
			}
			if grade != "" {
				t.Grade = canon(grade, data.DisabilityGrades, gradeSynonyms, "")
			}
		} else if detail != "" {
			t.Detail = detail
		}
		tags = append(tags, t)
	}
	return tags
}

// splitDisability reads "肢体残疾二级", "肢体 二级", "肢体2级".
func splitDisability(s string) (category, grade string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	for _, c := range data.DisabilityCategories {
		short := strings.TrimSuffix(c, "残疾")
		for _, prefix := range []string{c, short} {
			if strings.HasPrefix(s, prefix) {
				category = c
				s = strings.TrimSpace(s[len(prefix):])
				break
			}
		}
		if category != "" {
			break
		}
	}
	s = strings.Trim(s, " ,，、")
	if s != "" {
		grade = canon(s, data.DisabilityGrades, gradeSynonyms, "")
	}
	return category, grade
}
