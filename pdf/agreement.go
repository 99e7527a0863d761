package pdf

// 协议书: the commissioning or project agreement (or a supplementary
// agreement) as both parties sign and seal it. A4 portrait, Song body, the
// title and article headings in the heading face; the agreement number at
// the top right of the first page and in the header of every page (pages
// cannot be swapped between agreements unnoticed); both parties; a summary
// with the amount in digits and capitals; the articles numbered 第一条,
// 第二条…; the payment and indicator tables; the two signature-and-seal
// blocks side by side, kept whole and never alone on their page;
// "第 N 页 共 M 页" at the foot; and a diagonal 草稿 watermark while the
// agreement is not signed.
//
// What prints comes from the store as the agreement prints it: once signed,
// the parties and articles are the snapshot taken at signing
// (Store.AgreementParties, Store.AgreementClauses), and the milestones and
// indicators are frozen content. Payments, evaluations and attachments are
// records of performance and never print here, so reprinting a signed
// agreement gives the same document.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"jiedao/data"
)

// agreementWatermark is the watermark of an agreement not yet signed.
const agreementWatermark = "草稿"

// agreementCarry is how many lines of the last article (or rows of a
// table ending the articles) go with the signature blocks to a new page.
const agreementCarry = 2

// agreementPrint is what one agreement prints, loaded from the store.
type agreementPrint struct {
	a              *data.Agreement
	parent         *data.Agreement // the original agreement of a supplementary one
	partyA, partyB data.AgreementParty
	clauses        []data.Clause
}

// agreementOptions is the page: A4 portrait, 小四 body at 1.35 lines, a
// wider left margin for binding. The default 委托协议 template with both
// tables takes three pages.
func agreementOptions(p *agreementPrint) Options {
	opt := Options{
		Margins:     Margins{Top: 22, Right: 24, Bottom: 22, Left: 27},
		LineSpacing: 1.35,
		Header:      "协议编号：" + p.a.Number,
		Footer:      FooterPageOfTotal,
		Title:       strings.TrimSpace(p.a.Title + " " + p.a.Number),
	}
	if !p.a.Frozen() {
		opt.Watermark = agreementWatermark
	}
	return opt
}

// AgreementDoc lays out agreement a (as Store.Agreement or
// Store.AgreementByNumber return it: with its milestones and indicators).
// Write the result with WriteFile, which records the print in the audit
// trail.
func AgreementDoc(ctx context.Context, s *data.Store, a *data.Agreement) (*Doc, error) {
	p, err := loadAgreementPrint(ctx, s, a)
	if err != nil {
		return nil, err
	}
	d := layoutAgreement(p)
	if d.sh.err != nil {
		return nil, d.sh.err
	}
	return d.audited(s, "agreement", "agreements", []int64{a.ID}, map[string]any{"number": a.Number}), nil
}

// loadAgreementPrint reads what agreement a prints besides itself: the
// parties (as snapshotted at signing), the articles and the parent.
func loadAgreementPrint(ctx context.Context, s *data.Store, a *data.Agreement) (*agreementPrint, error) {
	if a == nil {
		return nil, errors.New("pdf: agreement: nil agreement")
	}
	p := &agreementPrint{a: a}
	var err error
	if p.partyA, p.partyB, err = s.AgreementParties(ctx, a); err != nil {
		return nil, fmt.Errorf("pdf: agreement %s: %w", a.Number, err)
	}
	if p.clauses, err = s.AgreementClauses(ctx, a); err != nil {
		return nil, fmt.Errorf("pdf: agreement %s: %w", a.Number, err)
	}
	if a.ParentID != nil {
		parent, err := s.Agreement(ctx, *a.ParentID)
		if err != nil {
			return nil, fmt.Errorf("pdf: agreement %s: parent: %w", a.Number, err)
		}
		p.parent = &parent
	}
	return p, nil
}

// PrintAgreement writes the agreement numbered number to path, for
// `jiedao print agreement NUMBER -o FILE.pdf`. ASCII brackets typed for
// the 〔〕 of a number ("[2026]委字第001号") are tolerated. An unknown
// number gives the store's not-found *data.Error (errors.Is(err,
// data.ErrNotFound)).
func PrintAgreement(ctx context.Context, s *data.Store, number, path string) error {
	a, err := s.AgreementByNumber(ctx, number)
	if errors.Is(err, data.ErrNotFound) {
		if alt := agreementNumberBrackets.Replace(strings.TrimSpace(number)); alt != strings.TrimSpace(number) {
			if b, err2 := s.AgreementByNumber(ctx, alt); err2 == nil {
				a, err = b, nil
			}
		}
	}
	if err != nil {
		return err
	}
	d, err := AgreementDoc(ctx, s, &a)
	if err != nil {
		return err
	}
	return d.WriteFile(path)
}

var agreementNumberBrackets = strings.NewReplacer("[", "〔", "]", "〕", "(", "〔", ")", "〕", "（", "〔", "）", "〕", "【", "〔", "】", "〕")

// partyLabels are how the kinds name the parties in the parties block.
func partyLabels(a *data.Agreement) (string, string) {
	if a.Kind == data.AgreementCommission {
		return "甲方（委托方）", "乙方（受托方）"
	}
	return "甲方", "乙方"
}

// layoutAgreement lays the agreement out: the number and title, the
// parties, the summary, the articles with their tables, the signature
// blocks.
func layoutAgreement(p *agreementPrint) *Doc {
	a := p.a
	d := New(agreementOptions(p))
	small := Style{Size: 10.5, Align: Right, LineSpacing: 1.4}
	d.Text("协议编号："+a.Number, small)
	if p.parent != nil {
		d.Text("原协议编号："+p.parent.Number, small)
	}
	title := strings.TrimSpace(a.Title)
	if title == "" {
		title = strings.TrimSpace(a.ProjectName + a.Kind)
	}
	d.Title(title)
	d.parties(p)
	field := Style{Align: Left, HangAfter: "：", LineSpacing: 1.4}
	for _, l := range agreementSummary(p) {
		d.Text(l[0]+"："+l[1], field)
	}
	d.Space(2)
	if p.parent == nil {
		intro := "根据国家有关法律法规和政府购买服务有关规定，甲乙双方本着平等自愿、诚实信用的原则，经协商一致，"
		if a.ProjectName != "" {
			intro += "就“" + a.ProjectName + "”有关事宜"
		}
		d.Paragraph(intro + "订立本协议，共同遵守。")
	}
	d.articles(p)
	d.signatures(p)
	return d
}

// parties adds both parties' blocks, each kept together.
func (d *Doc) parties(p *agreementPrint) {
	la, lb := partyLabels(p.a)
	pa, pb := p.partyA, p.partyB
	d.partyBlock(la, pa.Name, [][2]string{
		{"地址", pa.Address}, {"法定代表人", pa.LegalRep}, {"联系人", pa.Contact + "\u3000\u3000联系电话：" + pa.Phone},
	})
	d.Space(2)
	d.partyBlock(lb, pb.Name, [][2]string{
		{"统一社会信用代码", pb.USCC}, {"地址", pb.Address}, {"法定代表人", pb.LegalRep},
		{"联系人", pb.Contact + "\u3000\u3000联系电话：" + pb.Phone}, {"开户行", pb.Bank}, {"账号", pb.Account},
	})
	d.Space(3)
}

// agreementSummary is the summary under the parties, label and text: the
// project, term and amount (digits and capitals), or for a supplementary
// agreement the agreement it changes and what changes in its amount and
// term.
func agreementSummary(p *agreementPrint) [][2]string {
	a := p.a
	var sum [][2]string
	if p.parent != nil {
		sum = append(sum, [2]string{"原协议名称", p.parent.Title}, [2]string{"原协议编号", p.parent.Number})
		switch {
		case a.AmountChange > 0:
			sum = append(sum, [2]string{"金额变更", "增加" + data.YuanCapitals(a.AmountChange) + "（" + data.Yuan(a.AmountChange) + "）"})
		case a.AmountChange < 0:
			sum = append(sum, [2]string{"金额变更", "减少" + data.YuanCapitals(-a.AmountChange) + "（" + data.Yuan(-a.AmountChange) + "）"})
		}
		if a.NewTermEnd != "" {
			sum = append(sum, [2]string{"服务期限变更", "结束日期变更为" + data.DateCN(a.NewTermEnd)})
		}
		return sum
	}
	if a.ProjectName != "" {
		sum = append(sum, [2]string{"项目名称", a.ProjectName})
	}
	if a.TermStart != "" || a.TermEnd != "" {
		sum = append(sum, [2]string{"服务期限", "自" + data.DateCN(a.TermStart) + "起至" + data.DateCN(a.TermEnd) + "止"})
	}
	return append(sum, [2]string{"协议金额", data.YuanCapitals(a.Amount) + "（" + data.Yuan(a.Amount) + "）"})
}

// tableArticles returns the articles after which the payment and the
// indicator tables go: the first whose heading names them, or when none
// does the last article but one — the articles end in text, whose last
// lines go with the signature blocks (table rows taken along would leave
// their header behind).
func tableArticles(clauses []data.Clause) (payAt, indAt int) {
	payAt, indAt = -1, -1
	for i, c := range clauses {
		if payAt < 0 && (strings.Contains(c.Heading, "支付") || strings.Contains(c.Heading, "费用") || strings.Contains(c.Heading, "资金")) {
			payAt = i
		}
		if indAt < 0 && (strings.Contains(c.Heading, "绩效") || strings.Contains(c.Heading, "评估")) {
			indAt = i
		}
	}
	last := max(len(clauses)-2, 0)
	if payAt < 0 {
		payAt = last
	}
	if indAt < 0 {
		indAt = last
	}
	return payAt, indAt
}

// inset is a table set into an article: it takes the place of the lines
// its placeholder ({{.付款安排}}, {{.绩效指标}}) wrote into the article, so
// each payment and indicator is printed once; an article without them
// gets the table after it.
type inset struct {
	lines string // what the placeholder wrote
	draw  func()
}

// articles adds the articles, numbered, with the tables in them.
func (d *Doc) articles(p *agreementPrint) {
	a := p.a
	payAt, indAt := tableArticles(p.clauses)
	insets := map[int][]inset{}
	if len(a.Milestones) > 0 {
		insets[payAt] = append(insets[payAt], inset{data.MilestoneLines(a.Milestones), func() { d.milestoneTable(a) }})
	}
	if len(a.Indicators) > 0 {
		insets[indAt] = append(insets[indAt], inset{data.IndicatorLines(a.Indicators), func() { d.indicatorTable(a) }})
	}
	for i, c := range p.clauses {
		d.Heading(2, "第"+data.NumberCN(i+1)+"条　"+strings.TrimSpace(c.Heading))
		d.article(data.Paragraphs(c.Body), insets[i])
	}
	if len(p.clauses) == 0 {
		d.milestoneTable(a)
		d.indicatorTable(a)
	}
}

// article adds an article's body with its insets.
func (d *Doc) article(body string, insets []inset) {
	var after []func()
	for _, in := range insets {
		pre, post, ok := strings.Cut(body, in.lines)
		if !ok {
			after = append(after, in.draw)
			continue
		}
		d.articleText(pre)
		in.draw()
		body = post
	}
	d.articleText(body)
	for _, table := range after {
		table()
	}
}

// signatures adds （以下无正文） and the signature and seal blocks side by
// side, kept whole and taking the last lines of the articles along when
// they move to a new page. Each party's 盖章 line keeps its name whole
// (partySeal) and has sealMM free under it for the round seal; the two
// blocks' lines stay level: a name on more lines pushes the other block's
// signature line down with it.
func (d *Doc) signatures(p *agreementPrint) {
	seal := Style{Align: Left, LineSpacing: 1.6}
	st := Style{Align: Left, LineSpacing: 1.6}
	colW := (d.w - 10) / 2 // Columns' width for two blocks
	const labelA, labelB = "甲方（盖章）：", "乙方（盖章）："
	sa, sb := d.partySeal(labelA, p.partyA.Name, seal, colW), d.partySeal(labelB, p.partyB.Name, seal, colW)
	ha, hb := d.sealHeight(sa, seal), d.sealHeight(sb, seal)
	party := func(l sealLabel, short float64) func(b *Doc) {
		return func(b *Doc) {
			b.drawSeal(l, seal)
			b.Space(sealMM + short) // room for the seal, and to stay level
			b.Text("法定代表人或授权代表（签字）：", st)
			b.Space(4)
			b.Text("日期："+DateBlank, st)
		}
	}
	d.KeepWithPrevious(agreementCarry, func(b *Doc) {
		b.Text("（以下无正文）", Style{Align: Center})
		b.Space(6)
		b.Columns(party(sa, max(hb-ha, 0)), party(sb, max(ha-hb, 0)))
	})
}

// articleText adds an article's text (or the part of it around a table),
// its paragraphs indented two characters.
func (d *Doc) articleText(body string) {
	if body = strings.Trim(body, "\n"); body != "" {
		d.Text(body, Style{FirstIndent: 2})
	}
}

// partyBlock adds one party: its name in the heading face, then its
// details indented, one a line (an empty one left blank to fill in).
func (d *Doc) partyBlock(label, name string, lines [][2]string) {
	d.KeepTogether(func(b *Doc) {
		b.Text(label+"："+name, Style{Face: SansBold, Align: Left, HangAfter: "：", LineSpacing: 1.4})
		st := Style{Align: Left, HangAfter: "：", LineSpacing: 1.4, Indent: 2 * b.opt.BodySize * ptMM}
		for _, l := range lines {
			b.Text(l[0]+"："+l[1], st)
		}
	})
}

// milestoneTable adds the payment plan, with a total row.
func (d *Doc) milestoneTable(a *data.Agreement) {
	if len(a.Milestones) == 0 {
		return
	}
	rows := make([][]string, 0, len(a.Milestones)+1)
	var total int64
	shares := 0
	for i, m := range a.Milestones {
		cond := m.Condition
		if m.Condition == data.ConditionOther {
			cond = m.ConditionNote
		} else if m.ConditionNote != "" {
			cond += "（" + m.ConditionNote + "）"
		}
		share := "—"
		if m.Share > 0 {
			share = fmt.Sprintf("%d%%", m.Share)
			shares += m.Share
		}
		seq := m.Seq
		if seq <= 0 {
			seq = i + 1
		}
		rows = append(rows, []string{"第" + data.NumberCN(seq) + "期", cond, share, data.Yuan(m.Amount), data.DateCN(m.PlannedDate)})
		total += m.Amount
	}
	totalShare := ""
	if shares == 100 {
		totalShare = "100%"
	}
	rows = append(rows, []string{"合计", "", totalShare, data.Yuan(total), ""})
	d.caption("付款计划表")
	d.Table(Table{
		Columns: []Column{
			{Header: "期次", Width: 16, Align: Center},
			{Header: "支付条件", Weight: 1, Align: Left},
			{Header: "比例", Width: 14, Align: Center},
			{Header: "金额（元）", Width: 32, Align: Right},
			{Header: "计划支付日期", Width: 36, Align: Center},
		},
		Rows: rows,
		Size: 10.5,
	})
	d.Space(2)
}

// indicatorTable adds the performance indicators, with a total row.
func (d *Doc) indicatorTable(a *data.Agreement) {
	if len(a.Indicators) == 0 {
		return
	}
	rows := make([][]string, 0, len(a.Indicators)+1)
	total := 0
	for i, in := range a.Indicators {
		seq := in.Seq
		if seq <= 0 {
			seq = i + 1
		}
		rows = append(rows, []string{fmt.Sprint(seq), in.Name, in.Target, fmt.Sprint(in.Weight)})
		total += in.Weight
	}
	rows = append(rows, []string{"合计", "", "", fmt.Sprint(total)})
	d.caption("绩效指标表")
	d.Table(Table{
		Columns: []Column{
			{Header: "序号", Width: 12, Align: Center},
			{Header: "绩效指标", Weight: 1, Align: Left},
			{Header: "目标值", Weight: 1.2, Align: Left},
			{Header: "权重（%）", Width: 24, Align: Center},
		},
		Rows: rows,
		Size: 10.5,
	})
	d.Space(2)
}

// caption adds a table's caption: small, in the heading face used for
// the articles (a third face would cost its embedding), kept with the
// start of the table.
func (d *Doc) caption(text string) {
	st := Style{Face: SansBold, Size: 10.5, Align: Left, LineSpacing: 1.3}
	// The caption, the header and the first row start a page together,
	// taking along the line that announces the table (“…如下：”).
	h := 1 + 4*d.lineHeight(st)
	for _, r := range d.lines(text, st, d.w) {
		h += r.h
	}
	if d.y+h > d.bot+eps && !d.empty() && !d.measuring {
		d.newPageWith(1, h)
	}
	d.heading(text, st, 1)
}
