package demo

// Organizations and agreements of the demonstration (`jiedao demo`): after
// the households, a register of a dozen social organizations of every type
// and ten agreements of both kinds in every status, so that each screen,
// reminder and printout has something to show.
//
// They go through the store's API (CreateOrganization, CreateAgreement,
// TransitionAgreement, RecordPayment, AddEvaluation, CreateSupplement), as a
// clerk's would, so they satisfy every rule of the workflow — dates not in
// the future, the signed scan before signing, a passed 终期验收 before
// acceptance — and each write has its own audit entry. The counts are
// small: a few dozen transactions.
//
// Everything is planned up front from a PCG generator of its own seeded by
// Options.Seed (so the household generator's draws do not change it) and
// dated relative to the store's clock: the same seed and day give the same
// organizations, numbers and amounts.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"jiedao/data"
)

// MinHouseholdsForAgreements is the smallest register that gets
// organizations and agreements. A register of a handful of households is a
// test fixture (the command-line tests make 3 to 5), not a demonstration,
// and the agreements' few dozen audited transactions would make up most of
// its time; from 20 households on it is a demonstration and gets them.
const MinHouseholdsForAgreements = 20

// The office named as party A when the settings name none: agreements
// cannot be signed without one. The communities of the demonstration are
// in this street (tables.go).
const (
	demoOfficeName    = "北京市东城区新华街道办事处"
	demoOfficeAddress = "北京市东城区新华路18号"
)

// orgSpec is one organization of the register as planned.
type orgSpec struct {
	typ     string
	pattern string   // the name, with %s for one of words
	words   []string // nil when pattern is the whole name
	areas   []string
	status  string // "" is 正常
	region  string // of the registering office: 110101 东城区, 110000 北京市
}

var orgSpecs = []orgSpec{
	{typ: data.OrgTypeService, pattern: "东城区%s社会工作服务中心", words: []string{"阳光", "晨曦", "同心", "向日葵"}, areas: []string{"社区治理", "妇女家庭服务", "社会救助"}},
	{typ: data.OrgTypeService, pattern: "东城区%s居家养老服务中心", words: []string{"夕阳红", "康乐", "福寿", "颐年"}, areas: []string{"养老服务", "卫生健康"}},
	{typ: data.OrgTypeService, pattern: "东城区%s残疾人康复服务中心", words: []string{"启明", "助跑", "彩虹", "康馨"}, areas: []string{"助残服务", "卫生健康"}},
	{typ: data.OrgTypeService, pattern: "东城区%s青少年发展服务中心", words: []string{"青苗", "起航", "晨光", "小树苗"}, areas: []string{"儿童与青少年服务", "志愿服务"}},
	{typ: data.OrgTypeService, pattern: "东城区%s人民调解服务中心", words: []string{"和合", "和顺", "睦邻", "安和"}, areas: []string{"矛盾调解", "社区治理"}},
	{typ: data.OrgTypeService, pattern: "东城区%s环保公益服务中心", words: []string{"绿色家园", "绿馨", "清源", "蓝天"}, areas: []string{"环境保护", "志愿服务"}},
	{typ: data.OrgTypeService, pattern: "东城区%s心理咨询服务中心", words: []string{"心语", "心桥", "暖心", "知心"}, areas: []string{"心理健康", "妇女家庭服务"}},
	{typ: data.OrgTypeAssociation, pattern: "东城区社会工作者协会", areas: []string{"社区治理", "志愿服务"}},
	{typ: data.OrgTypeAssociation, pattern: "东城区%s老年人体育协会", words: []string{"银龄", "长青", "松鹤"}, areas: []string{"文化体育", "养老服务"}},
	{typ: data.OrgTypeFoundation, pattern: "北京%s公益基金会", words: []string{"同心", "善行", "春晖", "新华"}, areas: []string{"社会救助", "儿童与青少年服务"}, region: "110000"},
	{typ: data.OrgTypeCommunity, pattern: "%s邻里互助队", areas: []string{"志愿服务", "养老服务"}}, // words: the communities
	{typ: data.OrgTypeCommunity, pattern: "和平社区𠮷祥手工艺志愿服务队", areas: []string{"文化体育", "环境保护"}},
	{typ: data.OrgTypeService, pattern: "东城区%s家政服务培训中心", words: []string{"安心", "巧手", "好帮手"}, areas: []string{"就业创业"}, status: data.OrgDeregistered},
}

// Indexes into orgSpecs of the parties B below.
const (
	orgSocialWork = iota
	orgEldercare
	orgDisability
	orgYouth
	orgMediation
	orgEnvironment
	orgPsychology
	orgSocialWorkers
	orgSeniorSports
	orgFoundation
	orgNeighbours
	orgHandicraft // the name outside the BMP
)

var banks = []struct{ name, prefix string }{
	{"中国工商银行北京东四支行", "0200"},
	{"中国建设银行北京东直门支行", "1105"},
	{"中国农业银行北京和平里支行", "1120"},
	{"北京银行东城支行", "2000"},
	{"中国银行北京东单支行", "3410"},
}

// indicator sets, by service; each set's weights add up to 100.
var indicatorSets = map[string][]data.Indicator{
	"elder": {
		{Name: "服务老年人数", Target: "建档服务辖区老年人不少于150人", Weight: 25},
		{Name: "上门服务人次", Target: "助餐、助洁、助医等上门服务不少于2400人次", Weight: 25},
		{Name: "服务对象满意度", Target: "满意度不低于90%", Weight: 20},
		{Name: "服务档案完整率", Target: "一人一档，完整率100%", Weight: 15},
		{Name: "安全责任事故", Target: "零发生", Weight: 15},
	},
	"disability": {
		{Name: "康复训练人数", Target: "持证残疾人康复训练不少于60人", Weight: 30},
		{Name: "康复训练课时", Target: "每人每月不少于8课时", Weight: 25},
		{Name: "家属照护培训", Target: "开展照护培训不少于6场", Weight: 15},
		{Name: "服务对象满意度", Target: "满意度不低于90%", Weight: 20},
		{Name: "过程资料", Target: "评估表、训练记录齐全", Weight: 10},
	},
	"youth": {
		{Name: "服务学生人数", Target: "每学期服务小学生不少于60人", Weight: 30},
		{Name: "课堂开展天数", Target: "上学日每日开课，全年不少于160天", Weight: 25},
		{Name: "安全管理", Target: "接送、签到制度落实，零安全事故", Weight: 20},
		{Name: "家长满意度", Target: "满意度不低于90%", Weight: 25},
	},
	"mediation": {
		{Name: "排查化解纠纷", Target: "受理调解邻里、家庭纠纷不少于80件", Weight: 35},
		{Name: "调解成功率", Target: "不低于90%", Weight: 25},
		{Name: "法治宣传活动", Target: "开展普法宣传不少于10场", Weight: 20},
		{Name: "台账规范", Target: "一案一档，卷宗规范完整", Weight: 20},
	},
	"campaign": {
		{Name: "宣传活动场次", Target: "入户及集中宣传不少于24场", Weight: 30},
		{Name: "覆盖居民户数", Target: "覆盖辖区居民不少于1500户", Weight: 30},
		{Name: "居民知晓率", Target: "抽样知晓率不低于85%", Weight: 25},
		{Name: "宣传报道", Target: "社区公众号等报道不少于6篇", Weight: 15},
	},
	"general": {
		{Name: "服务人次", Target: "全年服务不少于1200人次", Weight: 30},
		{Name: "活动场次", Target: "开展小组及社区活动不少于20场", Weight: 25},
		{Name: "服务对象满意度", Target: "满意度不低于90%", Weight: 25},
		{Name: "财务管理", Target: "专款专用，票据合规", Weight: 20},
	},
}

// agreementSpec is one agreement of the demonstration as written: what it
// is about and how far it has come. Offsets are days from today.
type agreementSpec struct {
	kind, status, project    string
	purpose, content, target string
	org                      int   // index into orgSpecs
	yuan                     int64 // amount before a ±10% draw
	signed, length           int   // signing offset (drafts: the start is signed+5 all the same) and term in days
	indicators               string
	twoPayments              bool // 50% on signing, 50% after acceptance; else 30/40/30 with the 中期评估
	midterm, final           bool // evaluations recorded
	midtermFails             bool
	closed                   int    // offset of acceptance or termination
	reason                   string // of termination
	supplement               bool   // a signed supplementary agreement
	funding                  string
}

// The agreements, in the order they were drafted (so numbers follow the
// signing dates, as in a real register).
var agreementSpecs = []agreementSpec{
	{kind: data.AgreementCommission, status: data.AgreementAccepted, project: "矛盾纠纷调解", org: orgMediation, yuan: 120_000,
		purpose: "发挥专业调解力量作用，就地化解邻里、家庭、物业矛盾纠纷，维护社区和谐稳定。",
		content: "一、在各社区设立调解工作室，每周固定接待不少于2个半天；二、开展矛盾纠纷排查，建立台账；三、组织专业调解员调处邻里、家庭、物业纠纷；四、开展普法宣传活动。",
		target:  "新华街道辖区居民", signed: -320, length: 270, indicators: "mediation", midterm: true, final: true, closed: -25, funding: "区级政府购买服务资金"},
	{kind: data.AgreementCommission, status: data.AgreementInProgress, project: "社区居家养老服务", org: orgEldercare, yuan: 380_000,
		purpose: "为辖区高龄、独居、失能老年人提供居家养老上门服务，提升老年人生活质量。",
		content: "一、为服务对象建立健康及需求档案；二、提供助餐、助洁、助浴、助医等上门服务；三、每周电话关爱独居老人不少于1次；四、组织社区为老志愿服务及健康讲座。",
		target:  "辖区80周岁以上高龄、独居及失能老年人", signed: -200, length: 365, indicators: "elder", midterm: true, supplement: true, funding: "区级政府购买服务资金"},
	{kind: data.AgreementProject, status: data.AgreementTerminated, project: "社区文体活动", org: orgSeniorSports, yuan: 60_000,
		purpose: "丰富社区居民精神文化生活，培育社区文体队伍。",
		content: "一、组建并指导社区文体队伍不少于4支；二、每月组织社区文体活动不少于2场；三、举办街道社区文化节展演1次。",
		target:  "新华街道辖区居民", signed: -250, length: 365, indicators: "general", midterm: true, midtermFails: true, closed: -40,
		reason: "中期评估不合格，经限期整改后仍未达到协议约定的服务标准，双方协商一致解除协议，已付款项据实结算。", funding: "街道社区公益金"},
	{kind: data.AgreementProject, status: data.AgreementAccepted, project: "老年人防范电信诈骗宣传", org: orgSocialWork, yuan: 40_000,
		purpose: "提高老年人识骗防骗能力，减少电信网络诈骗案件发生。",
		content: "一、入户及在社区集中开展防诈骗宣传；二、举办防诈骗情景剧展演2场；三、编印发放防诈骗宣传手册。",
		target:  "辖区60周岁以上老年人", signed: -160, length: 120, indicators: "campaign", twoPayments: true, final: true, closed: -28, funding: "街道社区公益金"},
	{kind: data.AgreementProject, status: data.AgreementInProgress, project: "残疾人康复服务", org: orgDisability, yuan: 150_000,
		purpose: "为辖区持证残疾人提供社区康复训练，提升其生活自理和社会参与能力。",
		content: "一、开展残疾人康复需求评估；二、在社区康复站提供肢体、认知康复训练；三、对残疾人家属开展照护技能培训；四、组织残疾人社区融合活动。",
		target:  "辖区持证残疾人及其家庭", signed: -120, length: 365, indicators: "disability", funding: "区残联专项资金"},
	{kind: data.AgreementCommission, status: data.AgreementTerminated, project: "社区公共空间环境提升", org: orgEnvironment, yuan: 80_000,
		purpose: "动员居民参与社区公共空间微更新，改善社区环境。",
		content: "一、组织居民议事会确定微更新点位；二、带领居民志愿者开展绿化美化；三、建立居民自管机制。",
		target:  "春晖社区居民", signed: -60, length: 240, indicators: "general", closed: -45,
		reason: "协议约定的服务场地列入老旧小区综合整治范围，施工期间无法开展服务，经双方协商一致终止协议，未付款项不再支付。", funding: "街道社区公益金"},
	{kind: data.AgreementProject, status: data.AgreementSigned, project: "青少年四点半课堂", org: orgYouth, yuan: 86_000,
		purpose: "解决双职工家庭放学后看护难题，为小学生提供课后托管与素质拓展服务。",
		content: "一、上学日15:30至18:00在社区活动室提供课后看护与作业辅导；二、每周开展阅读、手工、科普等兴趣课程；三、建立学生签到及家长接送制度。",
		target:  "辖区小学一至六年级学生", signed: -6, length: 300, indicators: "youth", funding: "区级政府购买服务资金"},
	{kind: data.AgreementCommission, status: data.AgreementPending, project: "社区矛盾纠纷多元化解", org: orgSocialWorkers, yuan: 98_000,
		purpose: "培育社区调解志愿者队伍，推动矛盾纠纷化解在基层。",
		content: "一、培训社区调解志愿者不少于40人；二、在各社区开展矛盾纠纷排查化解；三、建立重点纠纷跟踪回访机制。",
		target:  "新华街道各社区", signed: 10, length: 365, indicators: "mediation", funding: "区级政府购买服务资金"},
	{kind: data.AgreementProject, status: data.AgreementDraft, project: "垃圾分类宣传", org: orgHandicraft, yuan: 30_000,
		purpose: "提高居民垃圾分类知晓率和参与率，养成分类投放习惯。",
		content: "一、利用旧物改造开展垃圾分类主题手工活动；二、在垃圾分类驿站开展桶前值守宣传；三、评选垃圾分类示范家庭。",
		target:  "和平社区居民", signed: 20, length: 180, indicators: "campaign", twoPayments: true, funding: "街道社区公益金"},
	{kind: data.AgreementCommission, status: data.AgreementDraft, project: "社区心理健康服务", org: orgPsychology, yuan: 110_000,
		purpose: "为社区居民提供心理健康教育和心理疏导，预防和化解心理危机。",
		content: "一、在社区开设心理咨询室，每周接待不少于1天；二、开展心理健康讲座及团体辅导；三、对重点人群开展心理危机排查与转介。",
		target:  "新华街道辖区居民，重点为困境家庭及青少年", signed: 30, length: 365, indicators: "general", funding: "区级政府购买服务资金"},
}

// agreementPlan is one agreement as written, fully drawn.
type agreementPlan struct {
	spec       agreementSpec
	a          data.Agreement
	signed     string
	scan       []byte
	scores     [2][]float64 // fractions of each indicator's weight: 中期, 终期
	evaluators [2]string
	supplement *data.Agreement
	supScan    []byte
}

// orgsPlan is the whole plan.
type orgsPlan struct {
	office    data.Settings // used when the settings name no office
	orgs      []data.Organization
	agreement []agreementPlan
}

func planOrgs(seed int64, today time.Time) *orgsPlan {
	// A generator of its own: the register of people does not depend on
	// whether organizations are made, and these do not depend on how many
	// households there are.
	g := newGenerator(seed^0x4A4445414F, 1, today)
	r := g.r
	person := func() string {
		male := g.chance(0.45)
		return pick(r, g.surnames) + g.givenName(male, today.Year()-g.between(28, 58))
	}
	p := &orgsPlan{office: data.Settings{
		OfficeName: demoOfficeName, Address: demoOfficeAddress,
		LegalRep: person(), Contact: person(), Phone: g.landline(),
	}}
	codes := map[string]bool{}
	for i, sp := range orgSpecs {
		name := sp.pattern
		switch {
		case sp.words != nil:
			name = fmt.Sprintf(sp.pattern, one(r, sp.words))
		case strings.Contains(sp.pattern, "%s"):
			name = fmt.Sprintf(sp.pattern, communityNames[r.IntN(4)].name)
		}
		o := data.Organization{
			Name: name, Type: sp.typ, LegalRep: person(), Contact: person(), Phone: g.landline(),
			Address:      fmt.Sprintf("%s%s%d号%d层", homeRegion.name, one(r, addressStreets), g.between(1, 120), g.between(1, 6)),
			ServiceAreas: sp.areas, Status: sp.status,
		}
		if g.chance(0.5) {
			o.Phone = g.mobile()
		}
		if sp.typ == data.OrgTypeCommunity {
			// Filed with the street office: no code, the community's
			// address, and (the neighbours' team) no account of its own.
			o.Authority = demoOfficeName
			o.Address = homeRegion.name + name[:strings.Index(name, "社区")+len("社区")] + "居委会"
			if i == orgHandicraft {
				b := one(r, banks)
				o.Bank, o.Account = b.name, b.prefix+digits(r, 15)
			}
		} else {
			region := sp.region
			if region == "" {
				region = homeRegion.code
			}
			o.Authority = map[string]string{"110000": "北京市民政局", homeRegion.code: "北京市东城区民政局"}[region]
			for o.USCC == "" || codes[o.USCC] {
				o.USCC = newUSCC(r, sp.typ, region)
			}
			codes[o.USCC] = true
			b := one(r, banks)
			o.Bank, o.Account = b.name, b.prefix+digits(r, 15)
		}
		p.orgs = append(p.orgs, o)
	}

	day := func(offset int) string { return today.AddDate(0, 0, offset).Format(time.DateOnly) }
	for _, sp := range agreementSpecs {
		// ±10%, to the hundred yuan.
		yuan := sp.yuan * int64(90+r.IntN(21)) / 100 / 100 * 100
		start := sp.signed + 5
		end := start + sp.length - 1
		mid := start + sp.length/2
		a := data.Agreement{
			Kind: sp.kind, Title: sp.project + "服务" + sp.kind, ProjectName: sp.project,
			Purpose: sp.purpose, ServiceContent: sp.content, TargetGroup: sp.target,
			Place:     "新华街道各社区党群服务中心及服务对象家中",
			TermStart: day(start), TermEnd: day(end), Amount: yuan * 100, FundingSource: sp.funding,
		}
		if strings.HasSuffix(sp.project, "服务") {
			a.Title = sp.project + sp.kind
		}
		if sp.twoPayments {
			a.Milestones = []data.Milestone{
				{Share: 50, Condition: data.ConditionSigned, PlannedDate: day(sp.signed + 15)},
				{Share: 50, Condition: data.ConditionFinal, PlannedDate: day(end + 30)},
			}
		} else {
			a.Milestones = []data.Milestone{
				{Share: 30, Condition: data.ConditionSigned, PlannedDate: day(sp.signed + 15)},
				{Share: 40, Condition: data.ConditionMidterm, PlannedDate: day(mid + 20)},
				{Share: 30, Condition: data.ConditionFinal, PlannedDate: day(end + 30)},
			}
		}
		a.Indicators = append([]data.Indicator(nil), indicatorSets[sp.indicators]...)
		ap := agreementPlan{spec: sp, a: a, signed: day(sp.signed)}
		ap.scan = scanPDF(fmt.Sprintf("%s - signed copy (demo)", sp.kind), r.Uint64())
		for k := range ap.scores {
			lo, hi := 80, 98
			if k == 0 && sp.midtermFails {
				lo, hi = 45, 62
			}
			for range a.Indicators {
				ap.scores[k] = append(ap.scores[k], float64(g.between(lo, hi))/100)
			}
			ap.evaluators[k] = one(r, []string{"东城区社会组织评估中心", "新华街道项目评审小组", "北京同行社会服务评估事务所（第三方）"})
		}
		if sp.supplement {
			// 10 to 15% more, for more people served, and a month more.
			change := yuan * int64(10+r.IntN(6)) / 100 / 100 * 100 * 100
			newEnd := day(end + 31)
			ap.supplement = &data.Agreement{
				Changes: fmt.Sprintf("一、服务对象增加辖区新认定的独居及失能老年人30人，服务内容同原协议。\n二、协议金额增加%s元。\n三、服务期限延长至%s。\n四、原协议其他条款不变。",
					data.Yuan(change), data.DateCN(newEnd)),
				AmountChange: change, NewTermEnd: newEnd,
				Milestones: []data.Milestone{{Amount: change, Condition: data.ConditionFinal, PlannedDate: day(end + 61)}},
			}
			ap.supScan = scanPDF("Supplementary agreement - signed copy (demo)", r.Uint64())
		}
		p.agreement = append(p.agreement, ap)
	}
	return p
}

// newUSCC makes a valid code of an organization registered with civil
// affairs (authority 5, category by type) in region.
func newUSCC(r *rand.Rand, typ, region string) string {
	cat := map[string]string{data.OrgTypeAssociation: "1", data.OrgTypeService: "2", data.OrgTypeFoundation: "3"}[typ]
	// The organization code (GB 11714) of codes given out by civil
	// affairs since 2015: "MJ" and six digits, with its own check
	// character (MOD 11, weights 3 7 9 10 5 8 4 2; 10 is X, 11 is 0).
	body := "MJ" + fmt.Sprintf("%06d", r.IntN(1_000_000))
	weights := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		v := int(body[i] - '0')
		if body[i] >= 'A' {
			v = int(body[i]-'A') + 10
		}
		sum += v * weights[i]
	}
	check := byte('0' + (11-sum%11)%11)
	if c := 11 - sum%11; c == 10 {
		check = 'X'
	}
	first17 := "5" + cat + region + body + string(check)
	return first17 + string(data.USCCCheckChar(first17))
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// scanPDF is a one-page PDF saying what it stands for: the signed scan of
// a demonstration agreement. It is a complete file (cross-reference table
// with correct offsets), so viewers open it. id makes each file's bytes,
// and so its SHA-256, its own.
func scanPDF(text string, id uint64) []byte {
	stream := fmt.Sprintf("BT /F1 18 Tf 72 760 Td (%s) Tj 0 -28 Td /F1 10 Tf (Jiedao demo %016x) Tj ET", text, id)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// generateOrgs writes the organizations and agreements after the
// households, when the register is large enough to be a demonstration and
// holds no organization or agreement yet (also none in the recycle bin): a
// demonstration is never mixed into a real register, and its codes could
// collide with real ones. It saves a demonstration office as party A when
// the settings name none (signing needs one), keeping the operator and
// language.
//
// ctx is looked at between organizations and between agreements; each
// agreement, once begun, is taken through all its steps (a few short
// transactions), so a cancelled run keeps whole agreements in the status
// they were meant to have. It returns how many organizations and
// agreements (supplementary ones included) were written.
func generateOrgs(ctx context.Context, s *data.Store, seed int64) (orgs, agreements int, err error) {
	wctx := context.WithoutCancel(ctx)
	if empty, err := s.OrganizationRegisterIsEmpty(wctx); err != nil || !empty {
		return 0, 0, err
	}
	p := planOrgs(seed, day(s.Now()))
	set, err := s.Settings(wctx)
	if err != nil {
		return 0, 0, err
	}
	if set.OfficeName == "" {
		p.office.Operator, p.office.Language = set.Operator, set.Language
		if err := s.SaveSettings(wctx, p.office); err != nil {
			return 0, 0, fmt.Errorf("demo: office: %w", err)
		}
	} else if set.LegalRep != "" {
		p.office.LegalRep = set.LegalRep // signs for party A
	}
	ids := make([]int64, len(p.orgs))
	for i := range p.orgs {
		if err := ctx.Err(); err != nil {
			return orgs, 0, context.Cause(ctx)
		}
		o := p.orgs[i]
		if _, err := s.CreateOrganization(wctx, &o); err != nil {
			return orgs, 0, fmt.Errorf("demo: organization %s: %w", o.Name, err)
		}
		ids[i] = o.ID
		orgs++
	}
	for i := range p.agreement {
		if err := ctx.Err(); err != nil {
			return orgs, agreements, context.Cause(ctx)
		}
		ap := &p.agreement[i]
		n, err := writeAgreement(wctx, s, ap, ids[ap.spec.org], p.office.LegalRep, p.orgs[ap.spec.org].LegalRep)
		agreements += n
		if err != nil {
			return orgs, agreements, fmt.Errorf("demo: agreement %s: %w", ap.a.Title, err)
		}
	}
	return orgs, agreements, nil
}

// day is the calendar day of t as midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// writeAgreement creates one agreement and takes it to its status. It
// returns the agreements written (2 with a supplementary one).
func writeAgreement(ctx context.Context, s *data.Store, ap *agreementPlan, orgID int64, signatoryA, signatoryB string) (int, error) {
	a := ap.a
	a.OrganizationID = orgID
	a.Milestones = append([]data.Milestone(nil), a.Milestones...)
	a.Indicators = append([]data.Indicator(nil), a.Indicators...)
	if err := s.CreateAgreement(ctx, &a); err != nil {
		return 0, err
	}
	w := &agreementWriter{ctx: ctx, s: s, ap: ap, id: a.ID, signatoryA: signatoryA, signatoryB: signatoryB}
	steps := agreementSteps(ap.spec)
	if err := w.sign(steps, a.Number); err != nil || steps < 2 {
		return 1, err
	}
	if err := w.perform(steps); err != nil {
		return 1, err
	}
	n := 1
	if ap.supplement != nil {
		k, err := w.supplement()
		if n += k; err != nil {
			return n, err
		}
	}
	return n, w.close()
}

// agreementSteps is how far an agreement goes before it is closed:
// 0 a draft, 1 待签署, 2 已签订, 3 履行中.
func agreementSteps(sp agreementSpec) int {
	steps := map[string]int{data.AgreementDraft: 0, data.AgreementPending: 1, data.AgreementSigned: 2,
		data.AgreementInProgress: 3, data.AgreementAccepted: 3, data.AgreementTerminated: 2}[sp.status]
	if sp.status == data.AgreementTerminated && sp.midterm {
		steps = 3 // terminated while in progress; else soon after signing
	}
	return steps
}

// agreementWriter takes one created agreement through its workflow.
type agreementWriter struct {
	ctx                    context.Context
	s                      *data.Store
	ap                     *agreementPlan
	id                     int64
	signatoryA, signatoryB string

	stored data.Agreement // as signed, with the IDs of its milestones and indicators
	today  time.Time
}

// sign submits the agreement (steps 1 on) and signs it with its scan
// (steps 2 on).
func (w *agreementWriter) sign(steps int, number string) error {
	if steps >= 1 {
		if err := w.s.TransitionAgreement(w.ctx, w.id, data.AgreementPending, data.TransitionInput{}); err != nil {
			return err
		}
	}
	if steps >= 2 {
		return w.s.TransitionAgreement(w.ctx, w.id, data.AgreementSigned, data.TransitionInput{
			Date: w.ap.signed, SignatoryA: w.signatoryA, SignatoryB: w.signatoryB,
			Scan: &data.AgreementAttachment{FileName: number + "签署扫描件.pdf", Data: w.ap.scan},
		})
	}
	return nil
}

// perform records what a signed agreement has seen by today: the first
// payment, two weeks after signing; the start of the service (steps 3);
// the 中期评估 when it is due, and the payment that follows a pass.
func (w *agreementWriter) perform(steps int) error {
	stored, err := w.s.Agreement(w.ctx, w.id)
	if err != nil {
		return err
	}
	w.stored, w.today = stored, day(w.s.Now())
	ms := stored.Milestones
	if err := w.pay(ms[0], addDays(w.ap.signed, 14)); err != nil {
		return err
	}
	if steps >= 3 {
		if err := w.s.TransitionAgreement(w.ctx, w.id, data.AgreementInProgress, data.TransitionInput{}); err != nil {
			return err
		}
	}
	start, _ := time.Parse(time.DateOnly, stored.TermStart)
	mid := start.AddDate(0, 0, w.ap.spec.length/2).Format(time.DateOnly)
	if !w.ap.spec.midterm || mid > w.today.Format(time.DateOnly) {
		return nil
	}
	e, err := w.evaluate(0, data.StageMidterm, mid)
	if err != nil {
		return err
	}
	if e.Conclusion != data.ConclusionFail && len(ms) > 2 {
		return w.pay(ms[1], addDays(mid, 12))
	}
	return nil
}

// supplement writes the signed supplementary agreement; it returns 1 once
// it is created.
func (w *agreementWriter) supplement() (int, error) {
	sup := *w.ap.supplement
	sup.Milestones = append([]data.Milestone(nil), sup.Milestones...)
	if err := w.s.CreateSupplement(w.ctx, w.id, &sup); err != nil {
		return 0, err
	}
	if err := w.s.TransitionAgreement(w.ctx, sup.ID, data.AgreementPending, data.TransitionInput{}); err != nil {
		return 1, err
	}
	return 1, w.s.TransitionAgreement(w.ctx, sup.ID, data.AgreementSigned, data.TransitionInput{
		Date: addDays(w.today.Format(time.DateOnly), -8), SignatoryA: w.signatoryA, SignatoryB: w.signatoryB,
		Scan: &data.AgreementAttachment{FileName: sup.Number + "签署扫描件.pdf", Data: w.ap.supScan},
	})
}

// close ends an accepted agreement (终期验收 passed, the last payment) or
// a terminated one; others stay as they are.
func (w *agreementWriter) close() error {
	sp := w.ap.spec
	closed := w.today.AddDate(0, 0, sp.closed).Format(time.DateOnly)
	switch sp.status {
	case data.AgreementAccepted:
		end, _ := time.Parse(time.DateOnly, w.stored.TermEnd)
		if _, err := w.evaluate(1, data.StageFinal, end.AddDate(0, 0, 5).Format(time.DateOnly)); err != nil {
			return err
		}
		if err := w.s.TransitionAgreement(w.ctx, w.id, data.AgreementAccepted, data.TransitionInput{Date: closed}); err != nil {
			return err
		}
		ms := w.stored.Milestones
		return w.pay(ms[len(ms)-1], addDays(closed, 10))
	case data.AgreementTerminated:
		return w.s.TransitionAgreement(w.ctx, w.id, data.AgreementTerminated, data.TransitionInput{Date: closed, Reason: sp.reason})
	}
	return nil
}

// pay records milestone m paid in full on date, unless that is after
// today (not yet due).
func (w *agreementWriter) pay(m data.Milestone, date string) error {
	if date > w.today.Format(time.DateOnly) {
		return nil
	}
	return w.s.RecordPayment(w.ctx, m.ID, date, m.Amount, "银行转账，凭证号"+strings.ReplaceAll(date, "-", "")+fmt.Sprintf("%02d", m.Seq))
}

// evaluate records evaluation k (0 中期, 1 终期) with the planned scores.
func (w *agreementWriter) evaluate(k int, stage, date string) (data.Evaluation, error) {
	e := data.Evaluation{AgreementID: w.id, Stage: stage, Date: date, Evaluator: w.ap.evaluators[k]}
	for j, in := range w.stored.Indicators {
		e.Scores = append(e.Scores, data.IndicatorScore{IndicatorID: in.ID, Score: math.Round(float64(in.Weight)*w.ap.scores[k][j]*2) / 2})
	}
	switch {
	case stage == data.StageMidterm && w.ap.spec.midtermFails:
		e.Notes = "服务场次及服务人次未达进度要求，过程资料缺失较多，责令限期整改。"
	case stage == data.StageMidterm:
		e.Notes = "项目按计划推进，服务对象反映良好；建议加强过程资料整理。"
	default:
		e.Notes = "各项指标均已完成，同意通过验收。"
	}
	err := w.s.AddEvaluation(w.ctx, &e)
	return e, err
}

// addDays is the ISO date days after date.
func addDays(date string, days int) string {
	t, _ := time.Parse(time.DateOnly, date)
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}
