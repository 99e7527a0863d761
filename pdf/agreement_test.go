package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// agrOrgName is party B of the test agreements: a character outside the
// BMP (𠮷, CJK Extension B) in the name.
const agrOrgName = "北京市朝阳区𠮷祥社会工作服务中心"

// agrFixture is a store with the office set up in full and one
// organization.
type agrFixture struct {
	s   *data.Store
	ctx context.Context
	org *data.Organization
}

func newAgrFixture(t testing.TB) *agrFixture {
	t.Helper()
	f := &agrFixture{s: datatest.MustOpen(t), ctx: context.Background()}
	err := f.s.SaveSettings(f.ctx, data.Settings{OfficeName: testOffice, Address: "北京市朝阳区幸福路1号",
		LegalRep: "王主任", Contact: "李科长", Phone: "010-65123456", Operator: "张科员"})
	if err != nil {
		t.Fatal(err)
	}
	first17 := "52110105MJ0000101"
	f.org = &data.Organization{Name: agrOrgName, USCC: first17 + string(data.USCCCheckChar(first17)),
		Type: data.OrgTypeService, LegalRep: "𠮷大山", Contact: "赵社工", Phone: "13912345678",
		Address: "北京市朝阳区幸福路8号", Bank: "中国建设银行北京幸福支行", Account: "11001234567890123"}
	if _, err := f.s.CreateOrganization(f.ctx, f.org); err != nil {
		t.Fatal(err)
	}
	return f
}

// create adds a complete commissioning agreement of ¥360,000.00 in three
// payments, with three indicators, through the store.
func (f *agrFixture) create(t testing.TB) data.Agreement {
	t.Helper()
	a := &data.Agreement{
		Kind: data.AgreementCommission, Title: "幸福社区居家养老服务项目委托协议", OrganizationID: f.org.ID,
		ProjectName: "幸福社区居家养老服务", Purpose: "为辖区独居、高龄老人提供居家养老服务，提升老年人生活质量。",
		ServiceContent: "上门探访、助餐助浴、健康咨询、精神慰藉，每月上门探访不少于两次，每次不少于30分钟。",
		TargetGroup:    "辖区60周岁以上独居老人及高龄老人共126户、158人", Place: "幸福社区、和平社区",
		TermStart: "2027-01-01", TermEnd: "2027-12-31", Amount: 36_012_345, FundingSource: "街道财政资金",
		Milestones: []data.Milestone{
			{Share: 40, Condition: data.ConditionSigned, PlannedDate: "2027-01-15"},
			{Share: 30, Condition: data.ConditionMidterm, PlannedDate: "2027-07-15"},
			{Share: 30, Condition: data.ConditionFinal, PlannedDate: "2028-01-15"},
		},
		Indicators: []data.Indicator{
			{Name: "服务人次", Target: "不少于1200人次", Weight: 40},
			{Name: "服务对象满意度", Target: "不低于90%", Weight: 30},
			{Name: "服务档案完整率", Target: "100%", Weight: 30},
		},
	}
	if err := f.s.CreateAgreement(f.ctx, a); err != nil {
		t.Fatalf("CreateAgreement: %v", err)
	}
	got, err := f.s.Agreement(f.ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sign takes agreement id through 待签署 to 已签订, with a signed scan.
func (f *agrFixture) sign(t testing.TB, id int64) {
	t.Helper()
	if err := f.s.TransitionAgreement(f.ctx, id, data.AgreementPending, data.TransitionInput{}); err != nil {
		t.Fatalf("→ 待签署: %v", err)
	}
	scan := &data.AgreementAttachment{FileName: "协议扫描件.pdf", Data: []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")}
	if err := f.s.TransitionAgreement(f.ctx, id, data.AgreementSigned,
		data.TransitionInput{SignatoryA: "王主任", SignatoryB: "𠮷大山", Scan: scan}); err != nil {
		t.Fatalf("→ 已签订: %v", err)
	}
}

// printAgreement prints the agreement numbered number with PrintAgreement
// and returns the file and its number of pages.
func (f *agrFixture) print(t *testing.T, number string) (string, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "协议.pdf")
	if err := PrintAgreement(f.ctx, f.s, number, path); err != nil {
		t.Fatalf("PrintAgreement: %v", err)
	}
	keepSample(t, path)
	a, err := f.s.AgreementByNumber(f.ctx, number)
	if err != nil {
		t.Fatal(err)
	}
	d, err := AgreementDoc(f.ctx, f.s, &a)
	if err != nil {
		t.Fatal(err)
	}
	if m := d.Missing(); len(m) > 0 {
		t.Errorf("characters printed as □: %q", string(m))
	}
	checkInside(t, d)
	return path, d.Pages()
}

var pageFoot = regexp.MustCompile(`第\d+页共\d+页`)

// bodyText is the text of the whole PDF without blanks, page header and
// footer, watermark: what the articles read as one stream.
func bodyText(t *testing.T, path, number string) string {
	s := noSpace(pageText(t, path, 0))
	s = pageFoot.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "协议编号："+number, "")
	return strings.ReplaceAll(s, agreementWatermark, "")
}

func TestAgreementPDFDraft(t *testing.T) {
	needPoppler(t)
	f := newAgrFixture(t)
	a := f.create(t)
	path, pages := f.print(t, a.Number)
	if pages < 2 || pages > 4 {
		t.Errorf("%d pages", pages)
	}
	clauses, err := f.s.AgreementClauses(f.ctx, &a)
	if err != nil {
		t.Fatal(err)
	}
	if len(clauses) != 10 {
		t.Fatalf("%d clauses", len(clauses))
	}
	all := noSpace(pageText(t, path, 0))
	body := bodyText(t, path, a.Number)
	// Every article, numbered, and every character of its body. (Headings
	// are read line by line: in reading order pdftotext may take the gap
	// after 第N条 for a column break.)
	layout := noSpace(physicalText(t, path, 0))
	// The payment and indicator lines of 第三条 and 第七条 give way to the
	// tables.
	tabled := map[string]bool{}
	for _, l := range strings.Split(data.MilestoneLines(a.Milestones)+"\n"+data.IndicatorLines(a.Indicators), "\n") {
		tabled[l] = true
	}
	if len(tabled) < len(a.Milestones)+len(a.Indicators) {
		t.Fatalf("fixture: %d milestones, %d indicators, %d lines", len(a.Milestones), len(a.Indicators), len(tabled))
	}
	for i, c := range clauses {
		head := "第" + data.NumberCN(i+1) + "条" + noSpace(c.Heading)
		if !strings.Contains(layout, head) {
			t.Errorf("article heading %q missing", head)
		}
		for _, para := range strings.Split(c.Body, "\n") {
			p := noSpace(para)
			if tabled[para] {
				// Printed once, as a table row, not twice.
				if strings.Contains(body, p) {
					t.Errorf("article %d: %q printed as text besides its table", i+1, p)
				}
				continue
			}
			if !strings.Contains(body, p) {
				t.Errorf("article %d: paragraph lost or altered:\n%s", i+1, p)
			}
		}
	}
	// Both parties, with every detail; the amount in digits and capitals;
	// the tables.
	want := []string{
		"甲方（委托方）：" + testOffice, "北京市朝阳区幸福路1号", "法定代表人：王主任", "联系人：李科长", "联系电话：010-65123456",
		"乙方（受托方）：" + agrOrgName, "统一社会信用代码：" + f.org.USCC, "法定代表人：𠮷大山", "联系人：赵社工",
		"联系电话：13912345678", "开户行：中国建设银行北京幸福支行", "账号：11001234567890123",
		"协议金额：人民币叁拾陆万零壹佰贰拾叁元肆角伍分（¥360,123.45）",
		"服务期限：自2027年1月1日起至2027年12月31日止",
		"付款计划表", "第一期", "签订后", "40%", "¥144,049.38", "2027年1月15日", "第三期", "终期验收合格后", "合计",
		"绩效指标表", "服务对象满意度", "不低于90%", "权重（%）",
		"（以下无正文）",
	}
	for _, w := range want {
		if !strings.Contains(all, noSpace(w)) {
			t.Errorf("PDF lacks %q", w)
		}
	}
	// Every page: the number in the header, its page of the total and the
	// watermark; the number also at the top right of page 1.
	for n := 1; n <= pages; n++ {
		p := noSpace(pageText(t, path, n))
		if !strings.Contains(p, "协议编号："+a.Number) {
			t.Errorf("page %d lacks the agreement number", n)
		}
		if foot := fmt.Sprintf("第%d页共%d页", n, pages); !strings.Contains(p, foot) {
			t.Errorf("page %d lacks %q", n, foot)
		}
		if !strings.Contains(p, agreementWatermark) {
			t.Errorf("draft: page %d lacks the watermark", n)
		}
		if n == 1 && strings.Count(p, "协议编号："+a.Number) != 2 {
			t.Errorf("page 1: number not both in the header and at the top right")
		}
	}
	checkSignaturePage(t, path, pages)
}

// physicalText is pdftotext -layout of one page (0: all): the physical
// lines, columns side by side.
func physicalText(t *testing.T, path string, page int) string {
	t.Helper()
	args := []string{"-enc", "UTF-8", "-layout"}
	if page > 0 {
		args = append(args, "-f", fmt.Sprint(page), "-l", fmt.Sprint(page))
	}
	out, err := exec.Command("pdftotext", append(args, path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// checkSignaturePage checks that the signature blocks of both parties are
// whole on one page, side by side (each line of A beside that of B), with
// text of the agreement above them.
func checkSignaturePage(t *testing.T, path string, pages int) {
	t.Helper()
	found := 0
	for n := 1; n <= pages; n++ {
		lay := physicalText(t, path, n)
		p := noSpace(lay)
		if !strings.Contains(p, "盖章") {
			continue
		}
		found++
		side := map[string]bool{}
		for _, l := range strings.Split(lay, "\n") {
			l = noSpace(l)
			for _, w := range []string{"（盖章）：", "法定代表人或授权代表（签字）：", "日期：年月日"} {
				if strings.Count(l, w) == 2 {
					side[w] = true
				}
			}
		}
		if len(side) != 3 {
			t.Errorf("signature page %d: the blocks are not side by side and whole: %v\n%s", n, side, lay)
		}
		for _, w := range []string{"甲方（盖章）：", "乙方（盖章）："} {
			if !strings.Contains(p, w) {
				t.Errorf("signature page %d lacks %q", n, w)
			}
		}
		if !strings.Contains(p, "以下无正文") || !strings.Contains(p, "具有同等法律效力") {
			t.Errorf("signature page %d: the blocks stand without the end of the articles", n)
		}
	}
	if found != 1 {
		t.Errorf("signature blocks on %d pages", found)
	}
}

func TestAgreementPDFSigned(t *testing.T) {
	needPoppler(t)
	f := newAgrFixture(t)
	a := f.create(t)
	f.sign(t, a.ID)
	// Changing the office and the organization after signing changes
	// nothing printed: the snapshot prints.
	if err := f.s.SaveSettings(f.ctx, data.Settings{OfficeName: "改名后的街道办事处", Operator: "张科员"}); err != nil {
		t.Fatal(err)
	}
	path, pages := f.print(t, a.Number)
	all := noSpace(pageText(t, path, 0))
	if strings.Contains(all, agreementWatermark) {
		t.Error("signed agreement printed with the 草稿 watermark")
	}
	if strings.Contains(all, "改名后") || !strings.Contains(all, "甲方（委托方）："+testOffice) {
		t.Error("signed agreement does not print the snapshot of party A")
	}
	for n := 1; n <= pages; n++ {
		p := noSpace(pageText(t, path, n))
		if !strings.Contains(p, "协议编号："+a.Number) || !strings.Contains(p, fmt.Sprintf("第%d页共%d页", n, pages)) {
			t.Errorf("page %d lacks its number or page of total", n)
		}
	}
	checkSignaturePage(t, path, pages)
}

func TestAgreementPDFSupplement(t *testing.T) {
	needPoppler(t)
	f := newAgrFixture(t)
	a := f.create(t)
	f.sign(t, a.ID)
	sup := &data.Agreement{Changes: "服务期限延长至2028年3月31日，服务费用增加人民币伍万元整，用于春节期间增加的助餐服务。",
		AmountChange: 5_000_000, NewTermEnd: "2028-03-31",
		Milestones: []data.Milestone{{Share: 100, Condition: data.ConditionSigned, PlannedDate: "2027-02-01"}}}
	if err := f.s.CreateSupplement(f.ctx, a.ID, sup); err != nil {
		t.Fatalf("CreateSupplement: %v", err)
	}
	path, pages := f.print(t, sup.Number)
	all := noSpace(pageText(t, path, 0))
	for _, w := range []string{"原协议编号：" + a.Number, "协议编号：" + sup.Number, "补充协议", noSpace(sup.Changes),
		"金额变更：增加人民币伍万元整（¥50,000.00）", "结束日期变更为2028年3月31日", agreementWatermark} {
		if !strings.Contains(all, w) {
			t.Errorf("supplementary agreement lacks %q", w)
		}
	}
	for n := 1; n <= pages; n++ {
		p := noSpace(pageText(t, path, n))
		if !strings.Contains(p, "协议编号："+sup.Number) {
			t.Errorf("page %d lacks the number", n)
		}
		if strings.Contains(p, "付款计划表") && !strings.Contains(p, "¥50,000.00") {
			t.Errorf("page %d: the payment table's caption and header without its rows", n)
		}
	}
	checkSignaturePage(t, path, pages)
}

func TestAgreementPDFUnknownNumber(t *testing.T) {
	f := newAgrFixture(t)
	a := f.create(t)
	path := filepath.Join(t.TempDir(), "x.pdf")
	err := PrintAgreement(f.ctx, f.s, "〔2026〕委字第999号", path)
	if !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("err = %v, want not found", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a file was written for an unknown number")
	}
	// ASCII brackets for 〔〕 find the agreement.
	ascii := strings.NewReplacer("〔", "[", "〕", "]").Replace(a.Number)
	if err := PrintAgreement(f.ctx, f.s, ascii, path); err != nil {
		t.Errorf("%s: %v", ascii, err)
	}
}

// Wherever the articles end on a page, the signature blocks stand side by
// side, whole, on one page and with the last lines of the articles.
func TestAgreementSignatureNeverAlone(t *testing.T) {
	a := &data.Agreement{Kind: data.AgreementCommission, Number: "〔2026〕委字第001号", Title: "测试协议", Amount: 100}
	carried := 0
	for n := 0; n <= 60; n++ {
		last := strings.Repeat("本条款用于测试签署栏的位置。", n) + "末句。"
		p := &agreementPrint{a: a,
			partyA:  data.AgreementParty{Name: testOffice},
			partyB:  data.AgreementParty{Name: agrOrgName},
			clauses: []data.Clause{{Heading: "服务内容", Body: strings.Repeat("甲方委托乙方提供服务。", 30)}, {Heading: "其他", Body: last}},
		}
		d := layoutAgreement(p)
		sigPage := -1
		for i, pg := range d.pages {
			txt := opsText(pg)
			if strings.Contains(txt, "盖章") {
				if sigPage >= 0 {
					t.Fatalf("n=%d: signature on pages %d and %d", n, sigPage+1, i+1)
				}
				sigPage = i
				for _, w := range []string{"甲方（盖章）", "乙方（盖章）", "日期：年月日"} {
					if strings.Count(txt, "（盖章）") != 2 || !strings.Contains(txt, w) {
						t.Errorf("n=%d: page %d lacks %q", n, i+1, w)
					}
				}
				if strings.Count(txt, "法定代表人或授权代表（签字）") != 2 {
					t.Errorf("n=%d: signature lines split", n)
				}
				if !strings.Contains(txt, "以下无正文") || !strings.Contains(txt, "末句。") {
					t.Errorf("n=%d: signature blocks without the end of the articles", n)
				}
			}
		}
		if sigPage != len(d.pages)-1 {
			t.Fatalf("n=%d: signature on page %d of %d", n, sigPage+1, len(d.pages))
		}
		// Side by side: both seal lines on one baseline, B right of A.
		var ya, yb, xa, xb float64
		for _, o := range d.pages[sigPage].ops {
			if o.kind == opText && strings.HasPrefix(o.text, "甲方（盖章）") {
				ya, xa = o.y, o.x
			}
			if o.kind == opText && strings.HasPrefix(o.text, "乙方（盖章）") {
				yb, xb = o.y, o.x
			}
		}
		if ya == 0 || math.Abs(ya-yb) > 0.05 || xb <= xa+d.w/3 {
			t.Errorf("n=%d: blocks not side by side: A at %.1f,%.1f B at %.1f,%.1f", n, xa, ya, xb, yb)
		}
		// Was the carry used: did the block need the lines taken along?
		prev := d.pages[max(sigPage-1, 0)]
		if sigPage > 0 && !strings.Contains(opsText(prev), "末句") && len(strings.TrimSpace(last)) > 0 {
			carried++
		}
		checkInside(t, d)
	}
	if carried == 0 {
		t.Error("no length moved the end of the articles with the blocks: the carry path is untested")
	}
}

func TestAgreementCNNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 12: "十二", 20: "二十", 21: "二十一", 99: "九十九",
		100: "一百", 105: "一百零五", 112: "一百一十二", 250: "二百五十", 0: "0"} {
		if got := data.NumberCN(n); got != want {
			t.Errorf("data.NumberCN(%d) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkAgreementPDF prints one agreement from the store (the default
// 委托协议 template, ten articles, both tables, 𠮷 in party B): loading
// its parties and articles, layout and writing the PDF, as `jiedao print
// agreement` and the detail screen's print button do. Fonts are parsed
// before the timer starts.
func BenchmarkAgreementPDF(b *testing.B) {
	f := newAgrFixture(b)
	a := f.create(b)
	d, err := AgreementDoc(f.ctx, f.s, &a)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Bytes(); err != nil {
		b.Fatal(err)
	}
	pages := d.Pages()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d, err := AgreementDoc(f.ctx, f.s, &a)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages), "pages")
}

// BenchmarkAgreementPDFBatch100 prints 100 agreements, each read from the
// store by number, one PDF each: the cost of a batch print of 100.
func BenchmarkAgreementPDFBatch100(b *testing.B) {
	f := newAgrFixture(b)
	var numbers []string
	for range 100 {
		numbers = append(numbers, f.create(b).Number)
	}
	dir := b.TempDir()
	if err := PrintAgreement(f.ctx, f.s, numbers[0], filepath.Join(dir, "warm.pdf")); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for i, n := range numbers {
			if err := PrintAgreement(f.ctx, f.s, n, filepath.Join(dir, fmt.Sprintf("%03d.pdf", i))); err != nil {
				b.Fatal(err)
			}
		}
	}
}
