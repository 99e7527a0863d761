package demo

// The lists the generator draws from. Frequencies are rounded from published
// surname rankings and census age shares; they only need to look right in a
// demonstration, not to be statistics.

// weighted is a list of values drawn with probability weight/total.
type weighted[T any] struct {
	values []T
	cum    []int // cumulative weights
}

func newWeighted[T any](values []T, weight func(T) int) weighted[T] {
	w := weighted[T]{values: values, cum: make([]int, len(values))}
	total := 0
	for i, v := range values {
		total += weight(v)
		w.cum[i] = total
	}
	return w
}

// surnameWeights are per 100,000 people, roughly, for the 100 commonest
// surnames and a tail of others.
var surnameWeights = []struct {
	s string
	w int
}{
	{"王", 7100}, {"李", 7000}, {"张", 6700}, {"刘", 5400}, {"陈", 4600}, {"杨", 3100}, {"黄", 2200},
	{"赵", 2000}, {"吴", 1800}, {"周", 1700}, {"徐", 1300}, {"孙", 1200}, {"马", 1200}, {"朱", 1100},
	{"胡", 1000}, {"郭", 1000}, {"何", 900}, {"林", 900}, {"罗", 900}, {"高", 900}, {"郑", 800},
	{"梁", 700}, {"谢", 600}, {"宋", 600}, {"唐", 550}, {"许", 500}, {"韩", 500}, {"冯", 500},
	{"邓", 500}, {"曹", 450}, {"彭", 450}, {"曾", 450}, {"肖", 400}, {"田", 400}, {"董", 400},
	{"袁", 360}, {"潘", 350}, {"于", 350}, {"蒋", 340}, {"蔡", 330}, {"余", 330}, {"杜", 310},
	{"叶", 300}, {"程", 300}, {"苏", 280}, {"魏", 280}, {"吕", 270}, {"丁", 270}, {"任", 260},
	{"沈", 250}, {"姚", 240}, {"卢", 240}, {"姜", 230}, {"崔", 230}, {"钟", 220}, {"谭", 220},
	{"陆", 210}, {"汪", 210}, {"范", 200}, {"金", 200}, {"石", 200}, {"廖", 190}, {"贾", 190},
	{"夏", 180}, {"韦", 180}, {"付", 180}, {"方", 170}, {"白", 170}, {"邹", 170}, {"孟", 170},
	{"熊", 160}, {"秦", 160}, {"邱", 160}, {"江", 160}, {"尹", 150}, {"薛", 150}, {"闫", 150},
	{"段", 140}, {"雷", 140}, {"侯", 140}, {"龙", 130}, {"史", 130}, {"陶", 130}, {"黎", 120},
	{"贺", 120}, {"顾", 120}, {"毛", 120}, {"郝", 110}, {"龚", 110}, {"邵", 110}, {"万", 110},
	{"钱", 110}, {"严", 100}, {"武", 100}, {"戴", 100}, {"莫", 100}, {"孔", 100}, {"向", 100},
	{"汤", 100}, {"常", 100}, {"温", 90}, {"康", 90}, {"施", 90}, {"文", 90}, {"牛", 90},
	{"樊", 90}, {"葛", 80}, {"邢", 80}, {"安", 80}, {"齐", 80}, {"易", 80}, {"乔", 80}, {"伍", 80},
	{"庞", 70}, {"颜", 70}, {"倪", 70}, {"庄", 70}, {"聂", 70}, {"章", 70}, {"鲁", 70}, {"岳", 70},
	{"殷", 60}, {"詹", 60}, {"申", 60}, {"欧", 60}, {"耿", 60}, {"关", 60}, {"兰", 60}, {"焦", 60},
	{"俞", 60}, {"左", 60}, {"柳", 60}, {"甘", 50}, {"祝", 50}, {"包", 50}, {"宁", 50}, {"尚", 50},
	{"符", 50}, {"舒", 50}, {"阮", 50}, {"柯", 50}, {"纪", 50}, {"梅", 50}, {"童", 50}, {"凌", 50},
	{"毕", 50}, {"季", 40}, {"裴", 40}, {"霍", 40}, {"涂", 40}, {"成", 40}, {"苗", 40}, {"谷", 40},
	{"盛", 40}, {"曲", 40}, {"翁", 40}, {"冉", 40}, {"骆", 40}, {"蓝", 40}, {"路", 40}, {"游", 40},
	{"辛", 40}, {"靳", 40}, {"管", 30}, {"柴", 30}, {"鲍", 30}, {"华", 30}, {"喻", 30}, {"祁", 30},
	{"房", 30}, {"滕", 30}, {"屈", 30}, {"饶", 30}, {"牟", 30}, {"艾", 30}, {"尤", 30}, {"时", 30},
	{"穆", 30}, {"司", 30}, {"卓", 30}, {"古", 30}, {"吉", 30}, {"缪", 30}, {"简", 30}, {"车", 30},
	{"项", 30}, {"连", 30}, {"窦", 30}, {"戚", 30}, {"岑", 30}, {"景", 30}, {"党", 30}, {"宫", 30},
	{"费", 30}, {"卜", 30}, {"冷", 30}, {"晏", 30}, {"席", 30}, {"卫", 30}, {"米", 30}, {"柏", 30},
	{"宗", 30}, {"瞿", 30}, {"桂", 30}, {"全", 30}, {"佟", 30}, {"应", 30}, {"臧", 30}, {"闵", 30},
	{"边", 30}, {"卞", 30}, {"姬", 30}, {"师", 30}, {"栾", 30}, {"隋", 30}, {"商", 30}, {"沙", 30},
	{"荣", 30}, {"巫", 30}, {"寇", 30}, {"桑", 30}, {"郎", 30}, {"甄", 30}, {"丛", 30}, {"仲", 30},
	{"虞", 30}, {"敖", 30}, {"巩", 30}, {"池", 30}, {"苑", 30}, {"迟", 30}, {"邝", 30},
	// Surnames read differently from the character's usual reading (单
	// Shàn, 解 Xiè, 仇 Qiú, 区 Ōu, 查 Zhā, 朴 Piáo, 覃 Qín, 翟 Zhái; 曾 Zēng
	// is above). Search by pinyin must find them.
	{"单", 60}, {"解", 40}, {"仇", 30}, {"区", 20}, {"查", 30}, {"朴", 30}, {"覃", 60}, {"翟", 50},
	// Compound surnames.
	{"欧阳", 40}, {"司马", 15}, {"诸葛", 10}, {"上官", 10}, {"皇甫", 5}, {"令狐", 5},
	// Outside the Basic Multilingual Plane (U+20BB7), a variant of 吉:
	// four bytes in UTF-8, a surrogate pair in UTF-16. Names like this
	// break software that assumes one character is at most three bytes.
	{"𠮷", 5},
}

// heteronymSurnames are surnames whose reading differs from the character's
// common reading.
var heteronymSurnames = []string{"单", "曾", "解", "仇", "区", "查", "朴", "覃", "翟"}

// showcase lists names every demo register of 50 households or more
// contains, early, so that search, sorting, printing and export meet them
// whatever the seed: the non-BMP surname first, then the heteronyms and the
// compound surnames.
var showcase = []string{"𠮷", "单", "曾", "解", "仇", "区", "查", "朴", "覃", "翟", "欧阳", "司马", "诸葛"}

// Given names by the decade people were born in: names follow fashions,
// and a register where a 90-year-old is called 梓轩 looks wrong.
var (
	givenMaleOld = []string{
		"建国", "国强", "建华", "志强", "国华", "德明", "文华", "振华", "玉林", "长春", "宝山", "福来",
		"永生", "世杰", "树林", "金山", "德胜", "海涛", "庆华", "学文", "文", "明", "德", "福", "顺",
	}
	givenFemaleOld = []string{
		"秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "玉梅", "淑英", "秀珍", "桂珍",
		"素珍", "桂芳", "凤兰", "淑兰", "玉英", "秀云", "秀芳", "兰英", "英", "兰", "珍", "华",
	}
	givenMaleMid = []string{
		"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
		"建军", "海波", "志刚", "晓东", "立新", "永刚", "红军", "卫东", "建平", "东升", "晓光", "志勇",
	}
	givenFemaleMid = []string{
		"丽", "静", "敏", "燕", "艳", "娟", "霞", "芳", "红", "玲", "丽娟", "海燕", "晓燕", "丽华",
		"红梅", "秀梅", "春梅", "雪梅", "晓红", "丽萍", "慧", "莉", "晓丽", "丽丽", "红霞",
	}
	givenMaleNew = []string{
		"浩", "宇", "鑫", "帅", "博", "晨", "俊杰", "子豪", "浩然", "宇航", "家豪", "明轩", "思远",
		"天宇", "博文", "志豪", "皓轩", "一鸣", "子轩", "浩宇", "梓轩", "宇轩", "沐宸", "奕辰", "宇泽",
		"子墨", "睿", "铭", "俊熙", "皓宇", "承泽", "梓睿", "思源", "锦程",
	}
	givenFemaleNew = []string{
		"婷婷", "雪", "倩", "欣怡", "佳怡", "梦瑶", "雨欣", "思琪", "晓雯", "诗涵", "佳琪", "雅婷",
		"慧敏", "梦琪", "静怡", "悦", "瑶", "琳", "颖", "一诺", "梓涵", "若汐", "语桐", "雨桐", "子涵",
		"可欣", "梓萱", "思涵", "芷若", "依诺", "沐瑶", "欣妍", "语汐", "雨萱", "安琪",
	}
	// Characters for two-character given names of people born after 1970.
	maleFirst   = []rune("子浩宇俊泽文博志明嘉天思家建国伟晓海永立振鹏晨一睿逸梓皓承彦")
	maleSecond  = []rune("轩宇涛杰然豪辰航铭阳宁远峰鑫磊斌刚平华军强东林森霖哲凯彬瑞恒")
	femaleFirst = []rune("雨欣思梓诗佳婉雅可梦晓静丽春秀美玉淑慧艺语若子一依紫海雪心安")
	femaleSec   = []rune("涵怡萱琪琳婷彤妍瑶雯娜蕾洁颖馨悦晴岚菲霞芳丹宁桐然汐薇茜莉月")
)

// Uyghur names are a given name, a middle dot and the father's given name
// (阿依古丽·买买提); a child's second part is the father's first.
var (
	uyghurMale   = []string{"买买提", "艾力", "阿不都", "吐尔逊", "依明", "艾买提", "努尔", "亚森", "热合曼", "帕尔哈提", "艾尔肯", "迪力夏提", "麦麦提", "伊力哈木", "阿卜杜拉"}
	uyghurFemale = []string{"阿依古丽", "古丽娜尔", "热依拉", "帕提古丽", "迪丽热巴", "古丽米拉", "阿依努尔", "热娜", "祖丽胡玛尔", "米热古丽", "努尔古丽", "阿米娜"}

	// Mongolian personal names, used without a surname.
	mongolMale   = []string{"巴特尔", "苏和", "额尔敦", "朝鲁", "宝音", "那顺", "哈斯", "毕力格", "阿拉坦仓", "巴图"}
	mongolFemale = []string{"其其格", "乌云", "萨仁", "斯琴高娃", "娜仁", "托娅", "图雅", "乌云其木格", "高娃", "塔娜"}

	// Foreigners with a permanent residence ID: transliterated given and
	// family names joined by a middle dot.
	foreignMale   = []string{"约翰", "詹姆斯", "迈克尔", "大卫", "罗伯特", "托马斯", "彼得", "亚历山大"}
	foreignFemale = []string{"玛丽亚", "安娜", "伊丽莎白", "索菲亚", "艾米丽", "劳拉", "凯瑟琳", "海伦"}
	foreignFamily = []string{"史密斯", "约翰逊", "布朗", "威尔逊", "米勒", "加西亚", "穆勒", "马丁", "泰勒", "戴维斯"}
	// Numeric country codes (GB/T 2659, ISO 3166-1) used in digits 4-6 of
	// the 2023 permanent residence ID.
	foreignCountries = []string{"840", "826", "276", "250", "124", "036"}
)

// region is a county-level division, for ID numbers and registered
// addresses. Only well-known, current codes are listed.
type region struct {
	code string // six digits of GB/T 2260
	name string // 省 市 区, as written in an address
	w    int    // weight among the regions of its list
}

// The street office of the demonstration is in Beijing's Dongcheng
// district; most locals were born in Beijing.
var (
	homeRegion = region{code: "110101", name: "北京市东城区"}

	beijingRegions = []region{
		{"110101", "北京市东城区", 60},
		{"110102", "北京市西城区", 12},
		{"110105", "北京市朝阳区", 10},
		{"110106", "北京市丰台区", 5},
		{"110108", "北京市海淀区", 8},
		{"110112", "北京市通州区", 3},
		{"110114", "北京市昌平区", 2},
	}

	// Where migrants come from, weighted roughly like Beijing's migrant
	// population (Hebei, Henan, Shandong first).
	migrantRegions = []region{
		{"130102", "河北省石家庄市长安区", 10},
		{"130104", "河北省石家庄市桥西区", 6},
		{"130203", "河北省唐山市路北区", 5},
		{"131002", "河北省廊坊市安次区", 6},
		{"410102", "河南省郑州市中原区", 7},
		{"410105", "河南省郑州市金水区", 6},
		{"410302", "河南省洛阳市老城区", 3},
		{"370102", "山东省济南市历下区", 5},
		{"370202", "山东省青岛市市南区", 4},
		{"140105", "山西省太原市小店区", 4},
		{"340102", "安徽省合肥市瑶海区", 4},
		{"230102", "黑龙江省哈尔滨市道里区", 4},
		{"220102", "吉林省长春市南关区", 3},
		{"210102", "辽宁省沈阳市和平区", 3},
		{"150102", "内蒙古自治区呼和浩特市新城区", 3},
		{"120101", "天津市和平区", 3},
		{"420102", "湖北省武汉市江岸区", 3},
		{"430102", "湖南省长沙市芙蓉区", 2},
		{"510104", "四川省成都市锦江区", 3},
		{"320102", "江苏省南京市玄武区", 2},
		{"330106", "浙江省杭州市西湖区", 2},
		{"610113", "陕西省西安市雁塔区", 2},
		{"360102", "江西省南昌市东湖区", 2},
		{"350102", "福建省福州市鼓楼区", 1},
		{"440304", "广东省深圳市福田区", 1},
		{"500103", "重庆市渝中区", 2},
		{"620102", "甘肃省兰州市城关区", 1},
		{"310104", "上海市徐汇区", 1},
	}

	// Regions of ethnic groups with their own naming customs.
	uyghurRegions  = []region{{"650102", "新疆维吾尔自治区乌鲁木齐市天山区", 1}, {"650103", "新疆维吾尔自治区乌鲁木齐市沙依巴克区", 1}, {"653101", "新疆维吾尔自治区喀什地区喀什市", 1}}
	mongolRegions  = []region{{"150102", "内蒙古自治区呼和浩特市新城区", 1}, {"150105", "内蒙古自治区呼和浩特市赛罕区", 1}}
	koreanRegions  = []region{{"222401", "吉林省延边朝鲜族自治州延吉市", 1}}
	zhuangRegions  = []region{{"450102", "广西壮族自治区南宁市兴宁区", 1}}
	huiRegions     = []region{{"640104", "宁夏回族自治区银川市兴庆区", 1}}
	addressStreets = []string{"人民路", "解放路", "建设路", "中山路", "胜利街", "新华路", "和平路", "光明路", "文化路", "朝阳路", "团结路", "幸福街"}
)

// The communities of the demonstration street office (新华街道), with the
// names their estates are built from.
var communityNames = []struct{ name, estatePrefix string }{
	{"春晖社区", "春晖"}, {"和平社区", "和平"}, {"青年路社区", "青年路"},
	{"银杏社区", "银杏"}, {"东湖社区", "东湖"}, {"光明社区", "光明"},
}

var (
	estateSuffixes = []string{"小区", "北里", "南里", "家园", "花园", "东院", "西院", "新村"}
	estatePhases   = []string{"", "二期", "三期", "四期", "五期", "六期", "七期", "八期", "九期", "十期"}
)

// Employers and occupations (工作单位/职业).
var (
	employerWords      = []string{"恒通", "华信", "天成", "博远", "瑞丰", "京华", "鼎新", "安泰", "宏达", "嘉禾", "中联", "金桥"}
	employerIndustries = []string{"科技有限公司", "贸易有限公司", "物业管理有限公司", "建筑工程有限公司", "餐饮管理有限公司", "文化传媒有限公司", "医药有限公司", "物流有限公司", "商贸有限公司", "会计师事务所"}
	publicEmployers    = []string{"东城区社区卫生服务中心", "东城区第一人民医院", "新华街道办事处", "东城区第二中学", "新华街道第一小学", "东城区税务局", "东城区图书馆", "北京市公交集团"}
	migrantJobs        = []string{"个体经营", "快递员", "外卖骑手", "家政服务", "建筑工人", "餐饮服务", "保安", "网约车司机", "物业保洁", "超市营业员"}
)

// Mobile number prefixes in use (三大运营商 and virtual operators).
var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"166", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
	"191", "195", "198", "199",
}
