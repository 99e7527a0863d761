package data

// Clause templates: the articles (条款) an agreement prints, one template
// per kind plus one for supplementary agreements, shipped in Chinese below
// and editable in the settings (saved under a settings key; the default
// applies while none is saved).
//
// A template is plain text, so the settings screen needs only a text box:
// each article starts with its heading alone on a line in 【】, followed by
// its body; the PDF numbers them 第一条, 第二条…
//
//	【服务期限】
//	服务期限自{{.开始日期}}起至{{.结束日期}}止。
//
// Placeholders are Go text/template fields named in Chinese, {{.甲方}},
// {{.金额大写}}…; ClausePlaceholders lists them all. An unknown placeholder
// is refused when a template is saved, so a typo never reaches paper.
//
// An agreement copies its kind's template into Articles when created and
// may edit it while a draft. It is rendered with the agreement's values
// whenever it is printed, and at signing the rendered articles are frozen
// into SignedClauses, next to the snapshot of both parties.

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// ClauseSupplement is the template "kind" of supplementary agreements.
const ClauseSupplement = "补充协议"

// Clause is one article: its heading and its body (paragraphs separated
// by newlines).
type Clause struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

// ClausePlaceholder describes one placeholder, for the template editor's
// help.
type ClausePlaceholder struct {
	Name        string // as written: {{.Name}}
	Description string
}

// ClausePlaceholders lists every placeholder a template may use.
var ClausePlaceholders = []ClausePlaceholder{
	{"协议编号", "协议编号，如〔2026〕委字第001号"},
	{"协议名称", "协议标题"},
	{"协议类型", "委托协议或项目协议"},
	{"甲方", "甲方名称（设置中的街道办事处名称）"},
	{"甲方地址", "甲方地址"},
	{"甲方法定代表人", "甲方法定代表人"},
	{"甲方联系人", "甲方联系人"},
	{"甲方电话", "甲方联系电话"},
	{"乙方", "乙方名称"},
	{"乙方统一社会信用代码", "乙方统一社会信用代码"},
	{"乙方地址", "乙方地址"},
	{"乙方法定代表人", "乙方法定代表人"},
	{"乙方联系人", "乙方联系人"},
	{"乙方电话", "乙方联系电话"},
	{"乙方开户行", "乙方开户银行"},
	{"乙方账号", "乙方银行账号"},
	{"项目名称", "项目名称"},
	{"项目目的", "项目目的"},
	{"服务内容", "服务内容及范围"},
	{"服务对象", "服务对象"},
	{"服务地点", "服务地点"},
	{"开始日期", "服务期限开始日期，如2027年1月1日"},
	{"结束日期", "服务期限结束日期（补充协议为变更后的结束日期）"},
	{"金额", "协议金额，如¥300,000.00（补充协议为变更后的协议总金额）"},
	{"金额大写", "协议金额大写，如人民币叁拾万元整（补充协议为变更后的协议总金额）"},
	{"资金来源", "资金来源"},
	{"付款安排", "各期付款：条件、比例或金额、计划日期，每期一行"},
	{"绩效指标", "绩效指标：指标、目标值、权重，每项一行"},
	{"份数", "协议份数（中文数字），如四"},
	{"甲方份数", "甲方执有份数（中文数字）"},
	{"乙方份数", "乙方执有份数（中文数字）"},
	{"原协议编号", "补充协议：原协议编号"},
	{"原协议名称", "补充协议：原协议标题"},
	{"原协议签订日期", "补充协议：原协议签订日期"},
	{"变更内容", "补充协议：变更内容"},
	{"变更金额", "补充协议：本次增加（或减少）的金额，如增加¥50,000.00"},
}

// clauseTemplateKeys are the settings keys of the templates.
var clauseTemplateKeys = map[string]string{
	AgreementCommission: "agreement_clauses_commission",
	AgreementProject:    "agreement_clauses_project",
	ClauseSupplement:    "agreement_clauses_supplement",
}

// The articles shared by both kinds: personal information, disputes.
const (
	clausePrivacy = `【个人信息保护】
（一）乙方在履行本协议过程中处理服务对象及其他居民个人信息的，应当遵守《中华人民共和国个人信息保护法》等法律法规，仅为实现本协议约定的服务目的、在最小必要范围内处理个人信息，不得超出本协议约定的目的、方式和种类处理个人信息。
（二）乙方应当采取必要的管理和技术措施保障个人信息安全，对履行本协议中知悉的个人信息严格保密，限定可接触个人信息的工作人员范围，并督促其履行保密义务。保密义务不因本协议终止而免除。
（三）未经甲方书面同意，乙方不得向任何第三方提供、公开个人信息，不得委托他人处理个人信息，不得将个人信息用于本协议约定以外的用途。
（四）本协议履行完毕、终止或者解除后，乙方应当将处理的个人信息及其载体返还甲方或者予以删除，并向甲方书面确认；法律、行政法规规定的保存期限未届满的，乙方应当停止除存储和采取必要安全保护措施之外的处理。
（五）发生或者可能发生个人信息泄露、篡改、丢失的，乙方应当立即采取补救措施，并及时告知甲方。`

	clauseDisputes = `【争议解决】
本协议属于行政协议。双方在履行本协议过程中发生争议的，应当协商解决；协商不成的，乙方可以依法申请行政复议或者提起行政诉讼。`

	clauseOther = `【其他】
本协议未尽事宜，由双方协商一致后签订补充协议。补充协议是本协议的组成部分，与本协议具有同等法律效力。
本协议自双方法定代表人或者授权代表签字并加盖公章之日起生效。本协议一式{{.份数}}份，甲方执{{.甲方份数}}份，乙方执{{.乙方份数}}份，具有同等法律效力。`
)

// defaultClauseTemplates are the templates shipped with Jiedao.
var defaultClauseTemplates = map[string]string{
	AgreementCommission: `【服务内容】
甲方委托乙方实施“{{.项目名称}}”项目。项目目的：{{.项目目的}}
服务内容及范围：{{.服务内容}}
服务对象：{{.服务对象}}。服务地点：{{.服务地点}}。
乙方应当按照本协议约定的内容、标准和期限提供服务。未经甲方书面同意，乙方不得将本协议项下的服务转包或者分包给第三方。

【服务期限】
服务期限自{{.开始日期}}起至{{.结束日期}}止。需要延长服务期限的，双方应当在期限届满前签订补充协议。

【服务费用及支付方式】
本协议服务费用总额为{{.金额大写}}（{{.金额}}），资金来源为{{.资金来源}}。服务费用包括乙方为完成本协议约定服务所发生的人员、物资、场地、交通、税费等全部费用，甲方不再另行支付其他费用。
甲方按照以下安排支付服务费用：
{{.付款安排}}
甲方将款项支付至乙方下列账户：开户行{{.乙方开户行}}，账号{{.乙方账号}}。乙方收款前应当向甲方开具合法有效的票据。

【甲方权利义务】
（一）甲方有权对乙方的服务过程和服务质量进行指导、监督和检查，有权要求乙方报告服务进展情况并提供相关资料。
（二）甲方应当为乙方开展服务提供必要的协调和便利，及时提供与服务相关的政策文件和信息。
（三）甲方应当按照本协议约定及时足额支付服务费用。
（四）甲方负责组织或者委托第三方对项目进行绩效评估。

【乙方权利义务】
（一）乙方有权按照本协议约定收取服务费用，有权在约定的服务范围内自主开展专业服务。
（二）乙方应当配备与服务要求相适应的服务团队，按照约定的内容和标准提供服务，接受甲方及有关部门的监督检查和绩效评估。
（三）乙方应当建立服务档案，如实记录服务情况，按时报送工作计划、进展报告和总结报告。
（四）乙方应当对服务费用单独核算、专款专用，不得挪作他用。
（五）乙方在服务过程中应当遵守法律法规，保障服务对象的人身和财产安全；因乙方原因造成服务对象或者第三方损害的，由乙方依法承担责任。

` + clausePrivacy + `

【绩效评估】
甲方依据下列绩效指标对项目进行中期评估和终期验收：
{{.绩效指标}}
评估结论分为优秀、良好、合格、不合格四个等次。评估结论为不合格的，甲方有权暂停支付相应款项，并要求乙方限期整改。

【违约责任】
（一）乙方未按照约定提供服务，或者服务质量达不到约定标准的，应当在甲方规定的期限内整改；逾期未整改或者整改后仍不合格的，甲方有权解除本协议，并要求乙方退还相应服务费用。
（二）乙方违反本协议个人信息保护约定的，应当依法承担责任，并赔偿由此给甲方或者服务对象造成的损失。
（三）甲方未按照约定支付服务费用的，乙方有权催告甲方履行。
（四）因不可抗力致使本协议不能履行的，双方互不承担违约责任，但应当及时通知对方并协商处理。

` + clauseDisputes + `

` + clauseOther,

	AgreementProject: `【服务内容】
乙方申报的“{{.项目名称}}”项目经甲方审核同意立项，由乙方按照本协议和经甲方确认的项目实施方案组织实施。项目目的：{{.项目目的}}
项目内容及范围：{{.服务内容}}
服务对象：{{.服务对象}}。实施地点：{{.服务地点}}。
项目实施方案是本协议的组成部分。乙方不得擅自变更项目内容、实施地点和服务对象；确需变更的，应当事先书面报甲方同意，并签订补充协议。

【服务期限】
项目实施期限自{{.开始日期}}起至{{.结束日期}}止。

【服务费用及支付方式】
甲方为本项目提供项目资金{{.金额大写}}（{{.金额}}），资金来源为{{.资金来源}}。项目资金应当用于项目实施方案所列支出。
甲方按照以下安排拨付项目资金：
{{.付款安排}}
甲方将款项支付至乙方下列账户：开户行{{.乙方开户行}}，账号{{.乙方账号}}。乙方收款前应当向甲方开具合法有效的票据。项目结束后结余资金应当退还甲方。

【甲方权利义务】
（一）甲方有权对项目实施情况和资金使用情况进行监督检查，有权要求乙方报告项目进展并提供相关资料。
（二）甲方应当为项目实施提供必要的协调和支持。
（三）甲方应当按照本协议约定及时拨付项目资金。
（四）甲方负责组织或者委托第三方对项目进行中期评估和终期验收。

【乙方权利义务】
（一）乙方有权按照本协议约定获得项目资金，有权依照项目实施方案自主组织实施项目。
（二）乙方应当按照项目实施方案组织实施，确保项目质量和进度，接受甲方及有关部门的监督检查和绩效评估。
（三）乙方应当建立项目档案，如实记录项目实施情况，按时报送进展报告、总结报告和资金使用情况。
（四）乙方应当对项目资金单独核算、专款专用，不得截留、挪用，不得用于与项目无关的支出。
（五）乙方在项目实施过程中应当遵守法律法规，保障服务对象的人身和财产安全；因乙方原因造成服务对象或者第三方损害的，由乙方依法承担责任。

` + clausePrivacy + `

【绩效评估】
甲方依据下列绩效指标对项目进行中期评估和终期验收：
{{.绩效指标}}
评估结论分为优秀、良好、合格、不合格四个等次。评估结论为不合格的，甲方有权暂停拨付后续资金，并要求乙方限期整改。

【违约责任】
（一）乙方未按照项目实施方案实施项目，或者项目质量达不到约定标准的，应当在甲方规定的期限内整改；逾期未整改或者整改后仍不合格的，甲方有权解除本协议，停止拨付资金，并要求乙方退还已拨付资金中未按约定使用的部分。
（二）乙方截留、挪用项目资金的，甲方有权解除本协议并追回相应资金。
（三）乙方违反本协议个人信息保护约定的，应当依法承担责任，并赔偿由此给甲方或者服务对象造成的损失。
（四）因不可抗力致使本协议不能履行的，双方互不承担违约责任，但应当及时通知对方并协商处理。

` + clauseDisputes + `

` + clauseOther,

	ClauseSupplement: `【变更内容】
甲乙双方于{{.原协议签订日期}}签订了《{{.原协议名称}}》（编号：{{.原协议编号}}，以下简称“原协议”）。经双方协商一致，对原协议作如下变更：
{{.变更内容}}

【其他】
本补充协议是原协议的组成部分，与原协议具有同等法律效力。本补充协议未变更的事项，仍按原协议执行；本补充协议与原协议约定不一致的，以本补充协议为准。
本补充协议自双方法定代表人或者授权代表签字并加盖公章之日起生效。本补充协议一式{{.份数}}份，甲方执{{.甲方份数}}份，乙方执{{.乙方份数}}份，具有同等法律效力。`,
}

// DefaultClauseTemplate returns the template shipped for kind (委托协议,
// 项目协议 or ClauseSupplement), or "".
func DefaultClauseTemplate(kind string) string { return defaultClauseTemplates[kind] }

// ParseClauses splits a template into articles. Text before the first
// heading, an empty heading or no article at all is a *Error (keys
// KeyClauseBeforeHeading, KeyClauseEmptyHeading, KeyClauseNone, with the
// line number as Args["Line"]).
func ParseClauses(text string) ([]Clause, error) {
	var out []Clause
	var body []string
	flush := func() {
		if len(out) > 0 {
			out[len(out)-1].Body = strings.Trim(strings.Join(body, "\n"), "\n")
		}
		body = body[:0]
	}
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimRightFunc(line, isBlank)
		if h := strings.TrimFunc(t, isBlank); strings.HasPrefix(h, "【") && strings.HasSuffix(h, "】") && strings.Count(h, "【") == 1 {
			flush()
			heading := strings.TrimFunc(strings.TrimSuffix(strings.TrimPrefix(h, "【"), "】"), isBlank)
			if heading == "" {
				return nil, clauseError(KeyClauseEmptyHeading, n+1, nil)
			}
			out = append(out, Clause{Heading: heading})
			continue
		}
		if len(out) == 0 {
			if strings.TrimFunc(t, isBlank) != "" {
				return nil, clauseError(KeyClauseBeforeHeading, n+1, nil)
			}
			continue
		}
		body = append(body, t)
	}
	flush()
	if len(out) == 0 {
		return nil, clauseError(KeyClauseNone, 0, nil)
	}
	return out, nil
}

// FormatClauses is the inverse of ParseClauses.
func FormatClauses(cs []Clause) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("【" + c.Heading + "】\n" + c.Body)
	}
	return b.String()
}

func clauseError(key string, line int, args map[string]any) error {
	a := map[string]any{"Field": "articles", "Line": line}
	for k, v := range args {
		a[k] = v
	}
	return &Error{Key: key, Args: a}
}

// sampleClauseData has every placeholder, for checking templates.
func sampleClauseData() map[string]string {
	m := make(map[string]string, len(ClausePlaceholders))
	for _, p := range ClausePlaceholders {
		m[p.Name] = p.Name
	}
	return m
}

// CheckClauseTemplate checks that text parses into articles and uses only
// known placeholders, by rendering it with sample values.
func CheckClauseTemplate(text string) error {
	if utf8.RuneCountInString(text) > 50000 {
		return &Error{Key: KeyInvalidTooLong, Args: map[string]any{"Field": "articles", "Max": 50000}}
	}
	_, err := RenderClauses(text, sampleClauseData())
	return err
}

// missingKey finds the placeholder text/template could not find.
var missingKey = regexp.MustCompile(`map has no entry for key "([^"]*)"`)

// RenderClauses fills in a template's placeholders with data. Each
// article is rendered on its own, so the articles are the template's
// whatever the values hold (a service content with a line in 【】 stays
// inside its article, multi-line values stay multi-line). An unknown
// placeholder is a *Error with KeyClausePlaceholder naming it, any other
// template mistake one with KeyClauseTemplate.
func RenderClauses(text string, data map[string]string) ([]Clause, error) {
	cs, err := ParseClauses(text)
	if err != nil {
		return nil, err
	}
	out := make([]Clause, len(cs))
	for i, c := range cs {
		var parts [2]string
		for j, src := range []string{c.Heading, c.Body} {
			t, err := template.New(c.Heading).Option("missingkey=error").Parse(src)
			var buf bytes.Buffer
			if err == nil {
				err = t.Execute(&buf, data)
			}
			if err != nil {
				if m := missingKey.FindStringSubmatch(err.Error()); m != nil {
					return nil, clauseError(KeyClausePlaceholder, 0, map[string]any{"Heading": c.Heading, "Name": m[1]})
				}
				detail := err.Error()
				if k := strings.LastIndex(detail, ": "); k >= 0 {
					detail = detail[k+2:]
				}
				return nil, clauseError(KeyClauseTemplate, 0, map[string]any{"Heading": c.Heading, "Detail": detail})
			}
			parts[j] = DatesCN(buf.String()) // what the user typed as 2027-06-25 too
		}
		out[i] = Clause{Heading: parts[0], Body: parts[1]}
	}
	return out, nil
}

// ClauseTemplate returns kind's template: the saved one or the default.
func (s *Store) ClauseTemplate(ctx context.Context, kind string) (string, error) {
	if err := s.can("ClauseTemplate"); err != nil {
		return "", err
	}
	return clauseTemplate(s.db.WithContext(ctx), kind)
}

func clauseTemplate(db *gorm.DB, kind string) (string, error) {
	key, ok := clauseTemplateKeys[kind]
	if !ok {
		return "", &Error{Key: KeyInvalidChoice, Args: map[string]any{"Field": "kind", "Record": RecordAgreement, "Value": kind}}
	}
	v, found, err := getSetting(db, key)
	if err != nil || !found || strings.TrimSpace(v) == "" {
		return defaultClauseTemplates[kind], err
	}
	return v, nil
}

// SaveClauseTemplate checks and saves kind's template, audited; "" (or the
// default text) restores the default. Agreements already created keep the
// articles they copied.
func (s *Store) SaveClauseTemplate(ctx context.Context, kind, text string) error {
	if err := s.can("SaveClauseTemplate"); err != nil {
		return err
	}
	key, ok := clauseTemplateKeys[kind]
	if !ok {
		return &Error{Key: KeyInvalidChoice, Args: map[string]any{"Field": "kind", "Record": RecordAgreement, "Value": kind}}
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text != "" {
		if err := CheckClauseTemplate(text); err != nil {
			return err
		}
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if text == "" || text == defaultClauseTemplates[kind] {
			return tx.deleteSetting(key)
		}
		return tx.putSetting(key, text)
	})
}

// officeParty is party A as the settings describe it now.
func officeParty(db *gorm.DB) (AgreementParty, error) {
	v, err := loadSettings(db)
	if err != nil {
		return AgreementParty{}, err
	}
	return AgreementParty{Name: v.OfficeName, LegalRep: v.LegalRep, Contact: v.Contact, Phone: v.Phone, Address: v.Address}, nil
}

// orgParty is party B as the register describes it now.
func orgParty(o Organization) AgreementParty {
	return AgreementParty{Name: o.Name, USCC: o.USCC, LegalRep: o.LegalRep, Contact: o.Contact, Phone: o.Phone,
		Address: o.Address, Bank: o.Bank, Account: o.Account}
}

// parties returns both parties of a: the snapshot taken at signing, or
// for an agreement not yet signed the current details (party B even when
// it has since gone to the recycle bin).
func parties(db *gorm.DB, a *Agreement) (AgreementParty, AgreementParty, error) {
	if a.PartyA != nil && a.PartyB != nil {
		return *a.PartyA, *a.PartyB, nil
	}
	pa, err := officeParty(db)
	if err != nil {
		return pa, AgreementParty{}, err
	}
	var o Organization
	if err := db.Unscoped().Where("id = ?", a.OrganizationID).Limit(1).Find(&o).Error; err != nil {
		return pa, AgreementParty{}, fmt.Errorf("data: party B of agreement %d: %w", a.ID, err)
	}
	return pa, orgParty(o), nil
}

// AgreementParties returns both parties as a prints them: the snapshot
// from signing, or the current details before it.
func (s *Store) AgreementParties(ctx context.Context, a *Agreement) (partyA, partyB AgreementParty, err error) {
	if err := s.can("AgreementParties"); err != nil {
		return AgreementParty{}, AgreementParty{}, err
	}
	return parties(s.db.WithContext(ctx), a)
}

// AgreementClauses returns a's articles as printed: frozen at signing, or
// rendered now from its Articles with the current values. a must come from
// Store.Agreement (its milestones and indicators are used).
func (s *Store) AgreementClauses(ctx context.Context, a *Agreement) ([]Clause, error) {
	if err := s.can("AgreementClauses"); err != nil {
		return nil, err
	}
	if a.Frozen() && len(a.SignedClauses) > 0 {
		return a.SignedClauses, nil
	}
	return renderAgreement(s.db.WithContext(ctx), a)
}

// renderAgreement renders a's Articles with its current values.
func renderAgreement(db *gorm.DB, a *Agreement) ([]Clause, error) {
	pa, pb, err := parties(db, a)
	if err != nil {
		return nil, err
	}
	var parent *Agreement
	var earlier []Agreement
	if a.ParentID != nil {
		var p Agreement
		if err := db.Unscoped().Where("id = ?", *a.ParentID).Limit(1).Find(&p).Error; err != nil {
			return nil, fmt.Errorf("data: parent of agreement %d: %w", a.ID, err)
		}
		parent = &p
		if err := db.Where("parent_id = ? AND supplement < ?", p.ID, a.Supplement).Find(&earlier).Error; err != nil {
			return nil, fmt.Errorf("data: supplements of agreement %d: %w", p.ID, err)
		}
	}
	text := a.Articles
	if strings.TrimSpace(text) == "" {
		kind := a.Kind
		if a.IsSupplement() {
			kind = ClauseSupplement
		}
		if text, err = clauseTemplate(db, kind); err != nil {
			return nil, err
		}
	}
	return RenderClauses(text, clauseData(a, parent, earlier, pa, pb))
}

// clauseData is the value of every placeholder for a. For a supplementary
// agreement parent is its parent and earlier its parent's other
// supplementary agreements numbered before it.
func clauseData(a, parent *Agreement, earlier []Agreement, pa, pb AgreementParty) map[string]string {
	amount, end := a.Amount, a.TermEnd
	m := map[string]string{
		"协议编号": a.Number, "协议名称": a.Title, "协议类型": a.Kind,
		"甲方": pa.Name, "甲方地址": pa.Address, "甲方法定代表人": pa.LegalRep, "甲方联系人": pa.Contact, "甲方电话": pa.Phone,
		"乙方": pb.Name, "乙方统一社会信用代码": pb.USCC, "乙方地址": pb.Address, "乙方法定代表人": pb.LegalRep,
		"乙方联系人": pb.Contact, "乙方电话": pb.Phone, "乙方开户行": pb.Bank, "乙方账号": pb.Account,
		"项目名称": a.ProjectName, "项目目的": a.Purpose, "服务内容": a.ServiceContent, "服务对象": a.TargetGroup,
		"服务地点": a.Place, "资金来源": a.FundingSource, "变更内容": a.Changes,
		"原协议编号": "", "原协议名称": "", "原协议签订日期": "", "变更金额": "",
		"付款安排": MilestoneLines(a.Milestones), "绩效指标": IndicatorLines(a.Indicators),
		"份数": agrCountCN(a.Copies), "甲方份数": agrCountCN((a.Copies + 1) / 2), "乙方份数": agrCountCN(a.Copies / 2),
	}
	if parent != nil {
		m["原协议编号"], m["原协议名称"], m["原协议签订日期"] = parent.Number, parent.Title, agrDateCN(parent.SignedDate)
		m["项目名称"], m["项目目的"], m["服务内容"] = parent.ProjectName, parent.Purpose, parent.ServiceContent
		m["服务对象"], m["服务地点"], m["资金来源"] = parent.TargetGroup, parent.Place, parent.FundingSource
		all := append(slices.Clone(earlier), *a)
		all[len(all)-1].Status = AgreementSigned // as it will be in force once signed
		amount, end = Effective(*parent, all)
		switch {
		case a.AmountChange > 0:
			m["变更金额"] = "增加" + Yuan(a.AmountChange)
		case a.AmountChange < 0:
			m["变更金额"] = "减少" + Yuan(-a.AmountChange)
		default:
			m["变更金额"] = "不变"
		}
	}
	m["开始日期"], m["结束日期"] = agrDateCN(a.TermStart), agrDateCN(end)
	m["金额"], m["金额大写"] = Yuan(amount), YuanCapitals(amount)
	return m
}

// milestoneLines writes the payment plan, one milestone a line.
// MilestoneLines writes the payments as the {{.付款安排}} placeholder
// prints them, one a line; the PDF finds them by this text to put the
// payment table in their place.
func MilestoneLines(ms []Milestone) string {
	lines := make([]string, 0, len(ms))
	for _, m := range ms {
		cond := m.Condition
		if m.Condition == ConditionOther {
			cond = m.ConditionNote
		} else if m.ConditionNote != "" {
			cond += "（" + m.ConditionNote + "）"
		}
		line := fmt.Sprintf("第%s期：%s，", agrCountCN(m.Seq), cond)
		if m.Share > 0 {
			line += fmt.Sprintf("支付总额的%d%%，", m.Share)
		}
		line += fmt.Sprintf("计%s（%s）", YuanCapitals(m.Amount), Yuan(m.Amount))
		if m.PlannedDate != "" {
			line += "，计划于" + agrDateCN(m.PlannedDate) + "前支付"
		}
		lines = append(lines, line+"。")
	}
	return strings.Join(lines, "\n")
}

// IndicatorLines writes the indicators as {{.绩效指标}} prints them, one a
// line; the PDF puts the indicator table in their place.
func IndicatorLines(is []Indicator) string {
	lines := make([]string, 0, len(is))
	for _, in := range is {
		line := fmt.Sprintf("%d. %s", in.Seq, in.Name)
		if in.Target != "" {
			line += "：" + in.Target
		}
		lines = append(lines, line+fmt.Sprintf("（权重%d%%）", in.Weight))
	}
	return strings.Join(lines, "\n")
}

// agrDateCN writes an ISO date as documents print it, 2027年1月1日; other
// text is returned as it is.
func agrDateCN(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// agrCountCN writes 0 < n < 100 in Chinese numerals (一, 十二, 二十);
// other numbers in digits.
func agrCountCN(n int) string {
	const digits = "零一二三四五六七八九"
	d := []rune(digits)
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n%10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	}
	return string(d[n/10]) + "十" + string(d[n%10])
}
