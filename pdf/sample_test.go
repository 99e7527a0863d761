package pdf

import (
	"time"

	"jiedao/data"
)

// agreement builds a two-page commissioning agreement like the one the
// agreements screen prints: title, number, parties, ten articles, a
// payment table and the signature block. Shared by tests and the benchmark.
func agreement(opt Options) *Doc {
	d := New(opt)
	d.Title("社区居家养老服务项目委托协议")
	d.Text("协议编号：JD-2026-WT-0187", Style{Align: Right, Size: 10.5})
	d.Space(2)
	parties := Style{HangAfter: "：", Align: Left}
	d.Text("甲方（委托方）：北京市朝阳区某某街道办事处", parties)
	d.Text("地址：北京市朝阳区某某路18号　联系电话：010-65001234", parties)
	d.Text("乙方（受托方）：北京市朝阳区𠮷祥社会工作服务中心", parties)
	d.Text("统一社会信用代码：52110105MJ0123456X　法定代表人：王𪚥　身份证号：110105198805061234", parties)
	d.Space(2)
	d.Paragraph("根据《中华人民共和国民法典》《北京市养老服务条例》及政府购买服务有关规定，甲乙双方本着平等自愿、诚实信用的原则，经协商一致，就甲方委托乙方在辖区内提供社区居家养老服务事宜，订立本协议。")
	articles := []struct{ head, body string }{
		{"第一条　服务内容", "乙方为辖区内登记在册的独居老人、高龄老人、低保及低收入家庭老人提供上门探访、助餐助浴、健康咨询、精神慰藉等服务，每月上门探访不少于两次，每次不少于30分钟，并如实填写服务记录。"},
		{"第二条　服务期限", "服务期限自" + DateCN(time.Date(2026, 1, 1, 0, 0, 0, 0, time.Local)) + "起至" + DateCN(time.Date(2026, 12, 31, 0, 0, 0, 0, time.Local)) + "止。期满后经甲方考核合格的，双方可另行签订协议。"},
		{"第三条　服务对象", "服务对象共计126户、158人，名单由甲方提供，详见附件一。服务对象发生变动的，甲方应在5个工作日内书面通知乙方。"},
		{"第四条　协议金额", "本协议总金额为" + data.Yuan(36000000) + "（" + data.YuanCapitals(36000000) + "），包括人员费用、交通费用、耗材费用及管理费用，乙方不得另行向服务对象收取任何费用。"},
		{"第五条　支付方式", "甲方按下表分三期向乙方支付服务费用，乙方应在每期付款前开具合法有效的发票。"},
		{"第六条　绩效指标", "服务对象满意度不低于90%；服务记录完整率100%；紧急情况响应时间不超过30分钟；每季度至少组织一次集体活动（如健康讲座、生日会等）。"},
		{"第七条　甲方权利义务", "甲方有权对乙方的服务进行监督检查和绩效考核，有权要求乙方整改；甲方应按时支付服务费用，为乙方开展服务提供必要的场地和信息支持。"},
		{"第八条　乙方权利义务", "乙方应当配备不少于6名专职社会工作者，保守服务对象的个人信息和隐私，不得用于本协议以外的任何用途；发生安全事故的，乙方应立即报告甲方并妥善处置。"},
		{"第九条　违约责任", "乙方未按约定提供服务的，甲方有权按未完成服务比例扣减服务费用；情节严重的，甲方有权解除本协议，并要求乙方退还已支付但未提供服务部分的费用。"},
		{"第十条　争议解决", "因本协议发生争议的，双方应协商解决；协商不成的，任何一方可向甲方所在地人民法院提起诉讼。本协议一式四份，甲乙双方各执两份，自双方签字盖章之日起生效。"},
	}
	for i, a := range articles {
		d.Heading(2, a.head)
		d.Paragraph(a.body)
		if i == 4 {
			d.Table(Table{
				Columns: []Column{
					{Header: "期次", Width: 16, Align: Center},
					{Header: "支付条件", Weight: 3},
					{Header: "支付比例", Width: 22, Align: Center},
					{Header: "金额（元）", Width: 34, Align: Right},
				},
				Rows: [][]string{
					{"第一期", "协议签订后15个工作日内", "40%", data.Yuan(14400000)},
					{"第二期", "中期评估合格后15个工作日内", "30%", data.Yuan(10800000)},
					{"第三期", "终期评估合格并提交服务报告、财务报告后15个工作日内", "30%", data.Yuan(10800000)},
				},
			})
			d.Space(2)
		}
	}
	d.Text("（以下无正文）", Style{Align: Center})
	d.Space(6)
	party := func(name, org string) func(b *Doc) {
		return func(b *Doc) {
			st := Style{Align: Left, LineSpacing: 2}
			b.Text(name+"（盖章）："+org, Style{Align: Left, LineSpacing: 2, HangAfter: "："})
			b.Text("法定代表人或授权代表（签字）：", st)
			b.Text("日期："+DateBlank, st)
		}
	}
	d.KeepWithPrevious(1, func(b *Doc) {
		b.Columns(party("甲方", "北京市朝阳区某某街道办事处"), party("乙方", "北京市朝阳区𠮷祥社会工作服务中心"))
	})
	return d
}
