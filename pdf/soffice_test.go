package pdf

import (
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jiedao/data"
)

// BenchmarkAgreementVsLibreOffice prints the agreement of
// BenchmarkAgreementPDF twice in each round: with Jiedao's layout, and as
// the same content in HTML (title, parties, summary, every article, both
// tables, the signature blocks) converted by LibreOffice
// (soffice --headless --convert-to pdf), the way an office without Jiedao
// would produce it. It reports both times per document and their ratio.
// LibreOffice is started once per document, as a script converting files
// would; its first start (profile creation) is excluded.
func BenchmarkAgreementVsLibreOffice(b *testing.B) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		b.Skip("soffice not installed (Debian: libreoffice-writer-nogui)")
	}
	f := newAgrFixture(b)
	a := f.create(b)
	p, err := loadAgreementPrint(f.ctx, f.s, &a)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	src := filepath.Join(dir, "agreement.html")
	if err := os.WriteFile(src, []byte(agreementHTML(p)), 0o644); err != nil {
		b.Fatal(err)
	}
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	convert := func() {
		out, err := exec.Command(soffice, profile, "--headless", "--convert-to", "pdf:writer_pdf_Export", "--outdir", dir, src).CombinedOutput()
		if err != nil {
			b.Fatalf("soffice: %v\n%s", err, out)
		}
	}
	convert() // creates the profile
	if text := pdfText(b, filepath.Join(dir, "agreement.pdf")); !strings.Contains(noSpace(text), "第十条") {
		b.Fatalf("LibreOffice's PDF lacks the articles:\n%s", text)
	}
	if _, err := AgreementDoc(f.ctx, f.s, &a); err != nil { // parse the fonts
		b.Fatal(err)
	}
	var ours, theirs time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		d, err := AgreementDoc(f.ctx, f.s, &a)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Bytes(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		convert()
		ours, theirs = ours+t1.Sub(t0), theirs+time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(ours.Microseconds())/n/1000, "jiedao-ms/doc")
	b.ReportMetric(float64(theirs.Microseconds())/n/1000, "soffice-ms/doc")
	b.ReportMetric(float64(theirs)/float64(ours), "ratio")
}

// pdfText is pdftotext's text of a whole file.
func pdfText(tb testing.TB, path string) string {
	tb.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// agreementHTML is the content AgreementDoc prints, as an HTML page for
// LibreOffice.
func agreementHTML(p *agreementPrint) string {
	a := p.a
	var b strings.Builder
	e := html.EscapeString
	para := func(format string, args ...any) { fmt.Fprintf(&b, "<p>"+format+"</p>\n", args...) }
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { font-family: "Noto Serif CJK SC"; font-size: 12pt; line-height: 1.35 }
h1 { text-align: center; font-family: "Noto Sans CJK SC"; font-size: 18pt }
h2 { font-family: "Noto Sans CJK SC"; font-size: 12pt }
table { border-collapse: collapse; width: 100% } td, th { border: 1px solid black; padding: 2pt }
@page { size: A4; margin: 22mm 24mm 22mm 27mm }
</style></head><body>`)
	fmt.Fprintf(&b, "<p align=right>协议编号：%s</p><h1>%s</h1>\n", e(a.Number), e(a.Title))
	for _, party := range []struct {
		label string
		d     data.AgreementParty
	}{{"甲方（委托方）", p.partyA}, {"乙方（受托方）", p.partyB}} {
		para("<b>%s：%s</b>", party.label, e(party.d.Name))
		para("统一社会信用代码：%s<br>地址：%s<br>法定代表人：%s<br>联系人：%s　联系电话：%s<br>开户行：%s<br>账号：%s",
			e(party.d.USCC), e(party.d.Address), e(party.d.LegalRep), e(party.d.Contact), e(party.d.Phone), e(party.d.Bank), e(party.d.Account))
	}
	para("项目名称：%s<br>服务期限：自%s起至%s止<br>协议金额：%s（%s）", e(a.ProjectName), data.DateCN(a.TermStart), data.DateCN(a.TermEnd), data.YuanCapitals(a.Amount), data.Yuan(a.Amount))
	for i, c := range p.clauses {
		fmt.Fprintf(&b, "<h2>第%s条　%s</h2>\n", data.NumberCN(i+1), e(c.Heading))
		for _, l := range strings.Split(data.Paragraphs(c.Body), "\n") {
			para("　　%s", e(l))
		}
		if strings.Contains(c.Heading, "费用") {
			b.WriteString("<table><tr><th>期次</th><th>支付条件</th><th>比例</th><th>金额（元）</th><th>计划支付日期</th></tr>")
			for _, m := range a.Milestones {
				fmt.Fprintf(&b, "<tr><td>第%s期</td><td>%s</td><td>%d%%</td><td align=right>%s</td><td>%s</td></tr>", data.NumberCN(m.Seq), e(m.Condition), m.Share, data.Yuan(m.Amount), data.DateCN(m.PlannedDate))
			}
			b.WriteString("</table>\n")
		}
		if strings.Contains(c.Heading, "绩效") {
			b.WriteString("<table><tr><th>序号</th><th>绩效指标</th><th>目标值</th><th>权重（%）</th></tr>")
			for _, in := range a.Indicators {
				fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%d</td></tr>", in.Seq, e(in.Name), e(in.Target), in.Weight)
			}
			b.WriteString("</table>\n")
		}
	}
	para("（以下无正文）")
	fmt.Fprintf(&b, "<table style='border:none'><tr><td style='border:none'>甲方（盖章）：%s<br><br><br>法定代表人或授权代表（签字）：<br>日期：　　年　　月　　日</td><td style='border:none'>乙方（盖章）：%s<br><br><br>法定代表人或授权代表（签字）：<br>日期：　　年　　月　　日</td></tr></table>", e(p.partyA.Name), e(p.partyB.Name))
	b.WriteString("</body></html>\n")
	return b.String()
}
