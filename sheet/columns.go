package sheet

import (
	"strings"
	"unicode"
)

// field is one column of the household roster, whatever the file calls it.
type field int

// The roster's columns: household columns first, then the resident's. The
// order is the template's and the export's column order.
const (
	fNumber          field = iota // 户编号
	fCommunity                    // 社区
	fGrid                         // 网格
	fEstate                       // 小区/路
	fBuilding                     // 楼栋
	fUnit                         // 单元
	fRoom                         // 房号
	fAddress                      // full address
	fKind                         // 户类型
	fResidenceType                // 居住类型
	fHousing                      // 住房性质
	fName                         // 姓名
	fID                           // 身份证号
	fSex                          // 性别
	fBirth                        // 出生日期
	fEthnicity                    // 民族
	fRelation                     // 与户主关系
	fEducation                    // 文化程度
	fPolitical                    // 政治面貌
	fMarital                      // 婚姻状况
	fEmployer                     // 工作单位/职业
	fPhone                        // 联系电话
	fRegistered                   // 户籍地址
	fStatus                       // 居住状态
	fTags                         // 人员类别 (care tags, separated)
	fDisability                   // 残疾类别
	fDisabilityGrade              // 残疾等级
	fNotes                        // 备注
	nFields
)

// column describes a field: the header the template writes and every other
// header clerks use for it. Names are compared after normalizeHeader.
type column struct {
	header   string   // the template's header
	synonyms []string // other headers found in real rosters
	width    float64  // template and export column width
	text     bool     // a code-like column: stored and written as text ("@")
}

var columns = [nFields]column{
	fNumber:          {"户编号", []string{"户号", "户编码", "家庭编号", "户主编号"}, 14, true},
	fCommunity:       {"社区", []string{"所属社区", "社区名称", "社区(村)", "居委会"}, 12, false},
	fGrid:            {"网格", []string{"所属网格", "网格名称", "网格号"}, 10, false},
	fEstate:          {"小区", []string{"小区/路", "小区名称", "街路巷", "小区(路)"}, 14, false},
	fBuilding:        {"楼栋", []string{"楼号", "栋", "栋号", "幢", "楼栋号"}, 8, true},
	fUnit:            {"单元", []string{"单元号"}, 6, true},
	fRoom:            {"房号", []string{"门牌号", "房间号", "室", "户室号"}, 8, true},
	fAddress:         {"地址", []string{"现住址", "居住地址", "家庭住址", "现居住地址", "住址", "详细地址", "现住地址"}, 30, false},
	fKind:            {"户类型", []string{"户别", "户口类型", "户口性质"}, 10, false},
	fResidenceType:   {"居住类型", []string{"人户状态", "人户情况", "居住情况", "人户关系"}, 14, false},
	fHousing:         {"住房性质", []string{"住房", "房屋性质", "住房类型", "房屋类型"}, 10, false},
	fName:            {"姓名", []string{"名字", "居民姓名", "人员姓名"}, 10, false},
	fID:              {"身份证号", []string{"身份证号码", "公民身份号码", "证件号码", "身份证", "证件号", "公民身份证号码", "身份证件号码"}, 22, true},
	fSex:             {"性别", nil, 6, false},
	fBirth:           {"出生日期", []string{"出生年月", "出生年月日", "生日"}, 12, true},
	fEthnicity:       {"民族", nil, 8, false},
	fRelation:        {"与户主关系", []string{"关系", "与户主的关系", "家庭关系", "户主关系"}, 10, false},
	fEducation:       {"文化程度", []string{"学历"}, 10, false},
	fPolitical:       {"政治面貌", nil, 10, false},
	fMarital:         {"婚姻状况", []string{"婚姻状态", "婚姻"}, 10, false},
	fEmployer:        {"工作单位", []string{"职业", "工作单位/职业", "工作单位及职业", "服务处所", "单位"}, 20, false},
	fPhone:           {"联系电话", []string{"手机", "电话", "手机号码", "手机号", "联系方式", "电话号码"}, 14, true},
	fRegistered:      {"户籍地址", []string{"户籍地", "户籍所在地", "户口所在地", "户籍地详址"}, 30, false},
	fStatus:          {"居住状态", []string{"状态", "人员状态", "在住状态"}, 8, false},
	fTags:            {"人员类别", []string{"标签", "关怀标签", "特殊人群", "重点人群", "人员类型"}, 20, false},
	fDisability:      {"残疾类别", []string{"残疾类型", "残疾种类"}, 10, false},
	fDisabilityGrade: {"残疾等级", []string{"残疾级别"}, 8, false},
	fNotes:           {"备注", []string{"说明"}, 20, false},
}

// headerIndex maps every normalized header name to its field.
var headerIndex = func() map[string]field {
	m := make(map[string]field)
	for f := field(0); f < nFields; f++ {
		m[normalizeHeader(columns[f].header)] = f
		for _, s := range columns[f].synonyms {
			m[normalizeHeader(s)] = f
		}
	}
	return m
}()

// normalizeHeader reduces a header cell to the form the index is keyed by.
// Clerks pad headers to line columns up ("姓　　名"), mark required columns
// ("*姓名", "姓名※"), add a hint ("出生日期（格式：1990-01-02）") and type
// in full-width, so all of that goes.
func normalizeHeader(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		r = toHalfWidth(r)
		switch {
		case r == '(' || r == '[' || r == '【':
			depth++
		case r == ')' || r == ']' || r == '】':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case isBlank(r), r == '*', r == '※', r == '★', r == ':', r == '：':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// lookupHeader returns the field a header cell names.
func lookupHeader(s string) (field, bool) {
	f, ok := headerIndex[normalizeHeader(s)]
	return f, ok
}

// toHalfWidth maps the full-width forms of ASCII (U+FF01–U+FF5E, what a
// Chinese input method types in full-width mode) and the ideographic space
// to ASCII.
func toHalfWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000:
		return ' '
	}
	return r
}
