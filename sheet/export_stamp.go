package sheet

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// An export that writes ID and phone numbers whole says so inside the
// file, where a copy passed on still carries it: its first row and the
// printed page's footer name who exported it, when and for what, and warn
// that it holds personal information (个人信息保护法: the copy stays
// accountable). The words are Chinese, as the columns' are: they belong
// to the office's document, not to the language of the desk that wrote
// it. The importer finds the header below the stamp (findHeader searches
// the first rows), so an unmasked export can be imported again.

// StampWarning ends every stamp.
const StampWarning = "内含个人信息，请妥善保管"

// exportStamp is an unmasked export's stamp.
type exportStamp struct {
	By     string // the account's audit name, 张三（zhangsan）
	At     string // 2026年12月7日 09:52, the desk's time
	Reason string
}

// newExportStamp is the stamp of an export by s's account now, for reason.
func newExportStamp(s *data.Store, reason string) *exportStamp {
	by := s.Operator()
	if a, ok := s.Who(); ok {
		by = a.AuditName()
	}
	return &exportStamp{By: by, At: s.Now().Format("2006年1月2日 15:04"), Reason: strings.TrimSpace(reason)}
}

// Line is the stamp as the file's first row says it.
func (st *exportStamp) Line() string {
	return "导出人：" + st.By + "　导出时间：" + st.At + "　用途：" + st.Reason + "　" + StampWarning
}

// footer is the stamp as the printed page's footer: who and when on the
// left, the reason in the middle, the warning and the page on the right.
// "&" starts a footer code, so the texts' own are doubled.
func (st *exportStamp) footer() string {
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	return "&L导出人：" + esc(st.By) + " " + esc(st.At) + "&C用途：" + esc(st.Reason) +
		"&R" + StampWarning + " 第&P页/共&N页"
}

// write writes the stamp into the roster sheet's first row, merged
// across the columns, and its footer.
func (st *exportStamp) write(x *excelize.File, sw *excelize.StreamWriter) error {
	style, err := x.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "C00000"},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return err
	}
	last := colName(nFields - 1)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: style, Value: st.Line()}}, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", last+"1"); err != nil {
		return err
	}
	return x.SetHeaderFooter(rosterSheet, &excelize.HeaderFooterOptions{OddFooter: st.footer()})
}
